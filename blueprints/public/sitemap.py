"""Sơ đồ cổng: the HTML site map of every section, page and feature."""
from __future__ import annotations

from flask import current_app, render_template

from blueprints import INTRO_FEATURES, PUBLIC_FEATURES, svc

from . import bp
from .routes import _count_hit


@bp.route("/so-do-cong")
def sitemap():
    """List every public section (with sub-sections), intro page and feature page."""
    content = svc().content
    views = current_app.view_functions
    extra_pages = [(ep, label) for ep, label in INTRO_FEATURES if ep in views]
    features = [(ep, label) for ep, label in PUBLIC_FEATURES if ep in views and ep != "public.sitemap"]
    _count_hit()
    return render_template("public/sitemap.html", sections=content.menu(), pages=content.pages(),
                           extra_pages=extra_pages, feature_links=features)

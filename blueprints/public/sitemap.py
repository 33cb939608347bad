"""Sơ đồ cổng: the HTML site map: the menu's groups with everything in them, the links block and the feeds."""
from __future__ import annotations

from flask import render_template

from blueprints import svc
from blueprints.menu import menu_groups

from . import bp
from .routes import _count_hit


@bp.route("/so-do-cong")
def sitemap():
    """List every group of the menu with its pages, then search, the other websites and the news feeds."""
    content = svc().content
    sections = content.menu()
    feeds = [s for top in sections if top["kind"] != "pages" for s in [top, *top.get("children", [])]]
    _count_hit()
    return render_template("public/sitemap.html", groups=menu_groups(sections, content.pages()),
                           links=content.links(), feed_sections=feeds)

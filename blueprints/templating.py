"""What every template can use: date and number filters, and the site's name, menu and intro pages."""
from __future__ import annotations

from flask import Flask

from core import timeutil

from . import EDITOR_FEATURES, INTRO_FEATURES, PUBLIC_FEATURES, svc


def register_template_helpers(app: Flask) -> None:
    """Install the template filters and the context every page gets."""
    app.jinja_env.filters["date"] = timeutil.fmt_date
    app.jinja_env.filters["datetime"] = timeutil.fmt_datetime
    app.jinja_env.filters["number"] = lambda n: f"{int(n or 0):,}".replace(",", ".")

    @app.context_processor
    def site_context():
        content = svc().content
        views = app.view_functions
        return {
            "features": [(ep, label) for ep, label in PUBLIC_FEATURES if ep in views],
            "intro_features": [(ep, label) for ep, label in INTRO_FEATURES if ep in views],
            "panel_features": [(ep, label) for ep, label in EDITOR_FEATURES if ep in views],
            "site": content.settings(),
            "menu": content.menu(),
            "intro_pages": content.pages(),
            "year": timeutil.now().year,
        }

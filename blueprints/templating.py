"""What every template can use: date and number filters, and the site's name, menu and intro pages."""
from __future__ import annotations

from flask import Flask

from core import timeutil
from core.demo import demo_remaining

from . import EDITOR_FEATURES, INTRO_FEATURES, PUBLIC_FEATURES, svc
from .menu import footer_links, menu_groups


def register_template_helpers(app: Flask) -> None:
    """Install the template filters and the context every page gets."""
    app.jinja_env.filters["date"] = timeutil.fmt_date
    app.jinja_env.filters["datetime"] = timeutil.fmt_datetime
    app.jinja_env.filters["number"] = lambda n: f"{int(n or 0):,}".replace(",", ".")

    @app.context_processor
    def site_context():
        content = svc().content
        return {
            # While any demo item is left, every public page says so (one cached look-up per page).
            "demo_shown": demo_remaining(content.store) > 0,
            "features": PUBLIC_FEATURES,
            "intro_features": INTRO_FEATURES,
            "panel_features": EDITOR_FEATURES,
            "site": content.settings(),
            "menu": content.menu(),
            # Built only by the public pages that show it (called from base.html).
            "main_menu": lambda current_section_id=None: menu_groups(content.menu(), content.pages(),
                                                                     current_section_id),
            "footer_links": footer_links,
            "intro_pages": content.pages(),
            "year": timeutil.now().year,
        }

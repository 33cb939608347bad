"""Intro pages built from the people register: organisation, spokesperson, editorial board.

Their paths are fixed (no converter), so they win over /gioi-thieu/<slug>.
"""
from __future__ import annotations

from flask import render_template

from blueprints import svc
from core.people import BOARD_ROLES, ORGANISATIONS, tel_href
from core.sections import KIND_PAGES

from . import bp
from .routes import _count_hit, _sidebar


def _render(template: str, **context):
    """Render an intro page with the breadcrumb's intro section, the sidebar, and count the view."""
    services = svc()
    intro = next((s for s in services.content.menu() if s["kind"] == KIND_PAGES), None)
    _count_hit()
    return render_template(template, intro=intro, current_section_id=intro["id"] if intro else None,
                           tel_href=tel_href, organisations=ORGANISATIONS, board_roles=BOARD_ROLES,
                           **context, **_sidebar())


@bp.route("/gioi-thieu/co-cau-to-chuc")
def organisation():
    """Show each organisation (Đảng ủy, HĐND, UBND …) with its people in order."""
    return _render("public/people/organisation.html",
                   groups=svc().people.by_organisation())


@bp.route("/gioi-thieu/nguoi-phat-ngon")
def spokesperson():
    """Show the spokesperson's name, title, phone and e-mail, and the latest press releases."""
    return _render("public/people/spokesperson.html",
                   person=svc().people.spokesperson(), press=svc().press.latest(5))


@bp.route("/gioi-thieu/ban-bien-tap")
def editorial_board():
    """Show the editorial board of the site, by role."""
    return _render("public/people/board.html", groups=svc().people.board())

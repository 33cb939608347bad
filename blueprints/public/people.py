"""Intro pages built from the people and bodies registers: organisation chart, a person, functions and duties,
spokesperson, editorial board.

Their paths are fixed (no converter), so they win over /gioi-thieu/<slug>.
"""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for

from blueprints import svc
from core.errors import NotFound
from core.people import BOARD_ROLES, ORG_BOARD, tel_href
from core.sections import KIND_PAGES

from . import bp
from .routes import _count_hit, _sidebar


def _render(template: str, **context):
    """Render an intro page with the breadcrumb's intro section, the sidebar, and count the view."""
    services = svc()
    intro = next((s for s in services.content.menu() if s["kind"] == KIND_PAGES), None)
    _count_hit()
    return render_template(template, intro=intro, current_section_id=intro["id"] if intro else None,
                           tel_href=tel_href, board_roles=BOARD_ROLES, org_board=ORG_BOARD, **context, **_sidebar())


@bp.route("/gioi-thieu/co-cau-to-chuc")
def organisation():
    """Show the organisation chart: each body (Đảng ủy, HĐND, UBND …) with its people, then the editorial board."""
    people = svc().people
    board = [p for group in people.board() for p in group["people"]]
    return _render("public/people/organisation.html", chart=people.chart(), board=board,
                   board_label=svc().bodies.label(ORG_BOARD) or "Ban Biên tập")


@bp.route("/gioi-thieu/co-cau-to-chuc/<int:id>-<slug>")
@bp.route("/gioi-thieu/co-cau-to-chuc/<int:id>", defaults={"slug": ""})
def person(id: int, slug: str):
    """Show one person: photo, position, body, biography, duties and contacts; a wrong slug answers 301."""
    people = svc().people
    try:
        found = people.get_live(id)
    except NotFound:
        abort(404)
    body = svc().bodies.by_key(found.get("organisation", ""))
    if body is None or body.get("trashed_at"):
        abort(404)  # a body in the trash hides its people
    if slug != found["slug"]:
        return redirect(url_for("public.person", id=id, slug=found["slug"]), 301)
    return _render("public/people/person.html", p=found, body=body,
                   role=BOARD_ROLES.get(found.get("board_role", "")))


@bp.route("/gioi-thieu/chuc-nang-nhiem-vu")
def functions():
    """Show the functions, duties and powers of each body, with its contacts."""
    return _render("public/people/functions.html", tree=svc().bodies.tree())


@bp.route("/gioi-thieu/nguoi-phat-ngon")
def spokesperson():
    """Show the spokesperson's name, title, phone and e-mail, and the latest press releases."""
    return _render("public/people/spokesperson.html",
                   person=svc().people.spokesperson(), press=svc().press.latest(5))


@bp.route("/gioi-thieu/ban-bien-tap")
def editorial_board():
    """Show the editorial board of the site, by role."""
    return _render("public/people/board.html", groups=svc().people.board())

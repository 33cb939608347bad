"""Tin ảnh: the photo albums, their list and one album with its pictures and captions."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for

from blueprints import svc
from blueprints.args import page_arg
from core.errors import NotFound

from . import bp
from .routes import _count_hit, _sidebar

PER_PAGE = 12


@bp.route("/tin-anh")
def albums():
    """List the photo albums, newest first, each with its cover."""
    page = page_arg()
    items, total = svc().albums.page(page, PER_PAGE)
    if page > 1 and not items:
        abort(404)
    _count_hit()
    return render_template("public/albums/list.html", items=items, total=total, page=page, per_page=PER_PAGE)


@bp.route("/tin-anh/<int:id>-<slug>")
@bp.route("/tin-anh/<int:id>", defaults={"slug": ""})
def album(id: int, slug: str):
    """Show one album: every picture with its caption; a wrong or missing slug answers 301 to the canonical URL."""
    try:
        item = svc().albums.get_live(id)
    except NotFound:
        abort(404)
    if slug != item["slug"]:
        return redirect(url_for("public.album", id=item["id"], slug=item["slug"]), 301)
    _count_hit()
    return render_template("public/albums/detail.html", item=item, **_sidebar())

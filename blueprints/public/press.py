"""Thông cáo báo chí: the spokesperson's press releases, their list by year, one release and its file."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for

from blueprints import svc
from blueprints.args import page_arg, send_download
from core.errors import NotFound

from . import bp
from .routes import _count_hit, _sidebar


@bp.route("/thong-cao-bao-chi")
def press():
    """List the press releases, newest first, filtered by year (?nam=)."""
    releases = svc().press
    page = page_arg()
    year = request.args.get("nam", "")
    year = year if len(year) == 4 and year.isascii() and year.isdigit() else ""
    per_page = current_app.config["PER_PAGE"]
    items, total = releases.search(year or None, page, per_page)
    if page > 1 and not items:
        abort(404)
    _count_hit()
    return render_template("public/press/list.html", items=items, total=total, page=page, per_page=per_page,
                           year=year, years=releases.years(), filters={"nam": year or None})


@bp.route("/thong-cao-bao-chi/<int:id>-<slug>")
@bp.route("/thong-cao-bao-chi/<int:id>", defaults={"slug": ""})
def press_item(id: int, slug: str):
    """Show one press release; a wrong or missing slug answers 301 to the canonical URL."""
    try:
        item = svc().press.get_live(id)
    except NotFound:
        abort(404)
    if slug != item["slug"]:
        return redirect(url_for("public.press_item", id=item["id"], slug=item["slug"]), 301)
    _count_hit()
    return render_template("public/press/detail.html", item=item, **_sidebar())


@bp.route("/thong-cao-bao-chi/<int:id>/tai-ve")
def press_download(id: int):
    """Send a press release's attached file as a download, with its real type and original name."""
    try:
        path, info = svc().press.attachment(id)
    except NotFound:
        abort(404)
    _count_hit()
    return send_download(path, info["mimetype"], info["original"], max_age=None)

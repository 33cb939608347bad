"""Văn bản (document register): the list with filters and search, one document, its download."""
from __future__ import annotations


from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from blueprints import svc
from blueprints.args import send_download
from core.errors import NotFound

from . import bp
from blueprints.args import page_arg
from .routes import _count_hit, _sidebar


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


@bp.route("/van-ban")
def documents():
    """List documents, newest issue date first, filtered by type, year and issuer, searchable by number or words."""
    docs = svc().documents
    page = page_arg()
    q = request.args.get("q", "").strip()[:200]
    type_id = _int_arg("loai")
    year = request.args.get("nam", "")
    year = year if len(year) == 4 and year.isascii() and year.isdigit() else ""
    issuer = request.args.get("co_quan", "").strip()[:200]
    per_page = current_app.config["PER_PAGE"]
    items, total = docs.search(q, type_id, year or None, issuer or None, page, per_page)
    if page > 1 and not items:
        abort(404)
    _count_hit()
    filters = {"q": q or None, "loai": type_id, "nam": year or None, "co_quan": issuer or None}
    return render_template("public/documents/list.html", items=items, total=total, page=page, per_page=per_page,
                           q=q, type_id=type_id, year=year, issuer=issuer, filters=filters,
                           filtered=any(v is not None for v in filters.values()),
                           options=docs.filter_options())


@bp.route("/van-ban/<int:id>-<slug>")
@bp.route("/van-ban/<int:id>", defaults={"slug": ""})
def document(id: int, slug: str):
    """Show one document with all its fields; a wrong or missing slug answers 301 to the canonical URL."""
    try:
        doc = svc().documents.get_live(id)
    except NotFound:
        abort(404)
    if slug != doc["slug"]:
        return redirect(url_for("public.document", id=doc["id"], slug=doc["slug"]), 301)
    _count_hit()
    return render_template("public/documents/detail.html", doc=doc, **_sidebar())



@bp.route("/van-ban/<int:id>/tai-ve")
def document_download(id: int):
    """Send a document's attached file as a download, with its real type and original name."""
    try:
        path, info = svc().documents.attachment(id)
    except NotFound:
        abort(404)
    _count_hit()
    return send_download(path, info["mimetype"], info["original"], max_age=None)

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
from core import documents as rules
from core.errors import NotFound

from . import bp
from blueprints.args import page_arg
from .routes import _count_hit, _sidebar


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


# Chuyên mục of the register with a list of their own at /van-ban/<key> (under the register, so no section
# slug is shadowed): (endpoint name, category key).
CATEGORY_VIEWS = (("planning", "quy-hoach-ke-hoach"), ("projects", "du-an-dau-thau"), ("rural", "nong-thon-moi"))


def _document_list(category: str | None, endpoint: str):
    """Render one page of the register (or of one chuyên mục) with its filters and search."""
    docs = svc().documents
    page = page_arg()
    q = request.args.get("q", "").strip()[:200]
    type_id = _int_arg("loai")
    year = request.args.get("nam", "")
    year = year if len(year) == 4 and year.isascii() and year.isdigit() else ""
    issuer = request.args.get("co_quan", "").strip()[:200]
    chosen = category
    if category is None:
        chosen = request.args.get("chuyen_muc", "")
        chosen = chosen if chosen in rules.CATEGORIES else None
    per_page = current_app.config["PER_PAGE"]
    items, total = docs.search(q, type_id, year or None, issuer or None, page, per_page, category=chosen)
    if page > 1 and not items:
        abort(404)
    _count_hit()
    filters = {"q": q or None, "loai": type_id, "nam": year or None, "co_quan": issuer or None}
    if category is None:
        filters["chuyen_muc"] = chosen
    return render_template("public/documents/list.html", items=items, total=total, page=page, per_page=per_page,
                           q=q, type_id=type_id, year=year, issuer=issuer, filters=filters,
                           filtered=any(v is not None for v in filters.values()),
                           options=docs.filter_options(category), endpoint=endpoint,
                           category=category, chosen_category=chosen, categories=rules.CATEGORIES,
                           category_name=rules.CATEGORIES.get(category or ""))


@bp.route("/van-ban")
def documents():
    """List documents, newest issue date first, filtered by chuyên mục, type, year and issuer, searchable."""
    return _document_list(None, "public.documents")


def _category_view(category: str, endpoint: str):
    def view():
        return _document_list(category, endpoint)
    view.__doc__ = f"List the documents of the chuyên mục {category!r}, with the register's filters."
    return view


for _name, _key in CATEGORY_VIEWS:
    bp.add_url_rule(f"/van-ban/{_key}", _name, _category_view(_key, f"public.{_name}"))


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
    endpoint = next((f"public.{name}" for name, key in CATEGORY_VIEWS if key == doc["category"]), None)
    return render_template("public/documents/detail.html", doc=doc, category_endpoint=endpoint, **_sidebar())



@bp.route("/van-ban/<int:id>/tai-ve")
def document_download(id: int):
    """Send a document's attached file as a download, with its real type and original name."""
    try:
        path, info = svc().documents.attachment(id)
    except NotFound:
        abort(404)
    _count_hit()
    return send_download(path, info["mimetype"], info["original"], max_age=None)

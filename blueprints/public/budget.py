"""Công khai ngân sách: the disclosures by year and kind, one disclosure, its file."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for

from blueprints import svc
from blueprints.args import page_arg, send_download
from core import budget as rules
from core.errors import NotFound

from . import bp
from .routes import _count_hit, _sidebar


@bp.route("/cong-khai-ngan-sach")
def budget():
    """List budget disclosures, newest year first, filtered by year and kind, searchable by words."""
    page = page_arg()
    q = request.args.get("q", "").strip()[:200]
    raw_year = request.args.get("nam", "")
    year = int(raw_year) if len(raw_year) == 4 and raw_year.isascii() and raw_year.isdigit() else None
    kind = request.args.get("loai", "")
    kind = kind if kind in rules.KINDS else ""
    per_page = current_app.config["PER_PAGE"]
    items, total = svc().budget.search(q, year, kind or None, page, per_page)
    if page > 1 and not items:
        abort(404)
    _count_hit()
    filters = {"q": q or None, "nam": year, "loai": kind or None}
    return render_template("public/budget/list.html", items=items, total=total, page=page, per_page=per_page,
                           q=q, year=year, kind=kind, filters=filters,
                           filtered=any(v is not None for v in filters.values()),
                           years=svc().budget.years(), kinds=rules.KINDS)


@bp.route("/cong-khai-ngan-sach/<int:id>-<slug>")
@bp.route("/cong-khai-ngan-sach/<int:id>", defaults={"slug": ""})
def budget_item(id: int, slug: str):
    """Show one budget disclosure with its document; a wrong or missing slug answers 301 to the canonical URL."""
    try:
        item = svc().budget.get_live(id)
    except NotFound:
        abort(404)
    if slug != item["slug"]:
        return redirect(url_for("public.budget_item", id=item["id"], slug=item["slug"]), 301)
    _count_hit()
    return render_template("public/budget/detail.html", item=item, **_sidebar())


@bp.route("/cong-khai-ngan-sach/<int:id>/tai-ve")
def budget_download(id: int):
    """Send a disclosure's attached file as a download, with its real type and original name."""
    try:
        path, info = svc().budget.attachment(id)
    except NotFound:
        abort(404)
    _count_hit()
    return send_download(path, info["mimetype"], info["original"], max_age=None)

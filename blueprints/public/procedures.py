"""Dịch vụ công and thủ tục hành chính: the entry to online services, the list of procedures, one procedure."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, redirect, render_template, request, url_for

from blueprints import svc
from blueprints.args import page_arg
from core.errors import NotFound
from core.text import search_text

from . import bp
from .routes import _count_hit, _sidebar

PER_PAGE = 20
NATIONAL_HOSTS = ("dichvucong.gov.vn", "www.dichvucong.gov.vn")


def portal_links() -> dict[str, str]:
    """Return the national (or provincial) portal's addresses the settings name."""
    config = current_app.config
    portal = config.get("DVC_PORTAL_URL") or ""
    host = urlsplit(portal).netloc.lower()
    return {"portal": portal, "submit": config.get("DVC_SUBMIT_URL") or "",
            "lookup": config.get("DVC_LOOKUP_URL") or "", "host": host,
            "portal_name": "Cổng Dịch vụ công quốc gia" if host in NATIONAL_HOSTS else "Cổng Dịch vụ công"}


def _choice(name: str, allowed: list[str]) -> str:
    """Return a filter's value when it is one of the choices in use (anything else is no filter)."""
    value = request.args.get(name, "").strip()
    return value if value in allowed else ""


@bp.route("/dich-vu-cong")
def public_services():
    """Show the entry to online public services: the portal, online submission, the look-up, the procedures."""
    procedures = svc().procedures
    fields: dict[str, int] = {}
    for item in procedures.all():
        fields[item["field"]] = fields.get(item["field"], 0) + 1
    _count_hit()
    return render_template("public/procedures/services.html", portal=portal_links(),
                           fields=sorted(fields.items(), key=lambda kv: search_text(kv[0])), total=sum(fields.values()),
                           **_sidebar())


@bp.route("/thu-tuc-hanh-chinh")
def procedures():
    """List procedures by field and name, filtered by field, level and service level, searchable without accents."""
    records = svc().procedures
    options = records.filter_options()
    page = page_arg()
    q = request.args.get("q", "").strip()[:200]
    field = _choice("linh_vuc", options["fields"])
    level = _choice("cap", options["levels"])
    service_level = _choice("muc_do", options["service_levels"])
    items, total = records.search(q, field or None, level or None, service_level or None, page, PER_PAGE)
    if page > 1 and not items:
        abort(404)
    _count_hit()
    filters = {"q": q or None, "linh_vuc": field or None, "cap": level or None, "muc_do": service_level or None}
    return render_template("public/procedures/list.html", items=items, total=total, page=page, per_page=PER_PAGE,
                           q=q, field=field, level=level, service_level=service_level, filters=filters,
                           filtered=any(v is not None for v in filters.values()), options=options,
                           portal=portal_links())


@bp.route("/thu-tuc-hanh-chinh/<int:id>-<slug>")
@bp.route("/thu-tuc-hanh-chinh/<int:id>", defaults={"slug": ""})
def procedure(id: int, slug: str):
    """Show one procedure, printable; a wrong or missing slug answers 301 to the canonical URL."""
    try:
        item = svc().procedures.get_live(id)
    except NotFound:
        abort(404)
    if slug != item["slug"]:
        return redirect(url_for("public.procedure", id=item["id"], slug=item["slug"]), 301)
    _count_hit()
    return render_template("public/procedures/detail.html", item=item, portal=portal_links(), **_sidebar())

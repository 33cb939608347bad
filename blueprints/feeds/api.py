"""Read-only JSON API for the province's portal: /api/v1/. Only published content; CORS open for GET."""
from __future__ import annotations

from datetime import date

from flask import jsonify, request, url_for

from blueprints import svc
from blueprints.args import page_or_none
from core import documents as document_rules
from core import budget as budget_rules
from core import schedule as schedule_rules
from core import timeutil
from core.errors import NotFound
from core.reception import receiver_of
from core.sections import KIND_ARTICLES
from core.uploads import image_info

from . import bp

PER_PAGE = 20




def _error(status: int, message: str):
    response = jsonify({"error": message})
    response.status_code = status
    return response



@bp.after_request
def _cors(response):
    """Let any site read the API from a browser (GET only: nothing here changes data)."""
    if request.path.startswith("/api/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET"
    return response


def _article_json(a: dict, sections: dict, body: str | None = None) -> dict:
    sec = sections[a["section_id"]]
    out = {
        "id": a["id"], "title": a["title"], "summary": a.get("summary", ""),
        "section": {"slug": sec["slug"], "name": sec["name"]},
        "url": url_for("public.article", section_slug=sec["slug"], slug=a["slug"], _external=True),
        "published_at": a["publish_at"], "updated_at": a.get("updated_at"), "author": a.get("author", ""),
        "cover": url_for("public.upload", name=a["cover"], _external=True) if a.get("cover") else None,
    }
    if body is not None:
        out["body_html"] = body  # cleaned on save by core.sanitize
    return out


@bp.route("/api/v1/")
def api_index():
    """List the API's resources."""
    return jsonify({"resources": {
        "site": url_for("feeds.api_site", _external=True),
        "sections": url_for("feeds.api_sections", _external=True),
        "articles": url_for("feeds.api_articles", _external=True),
        "documents": url_for("feeds.api_documents", _external=True),
        "schedule": url_for("feeds.api_schedule", _external=True),
        "organisation": url_for("feeds.api_organisation", _external=True),
        "reception": url_for("feeds.api_reception", _external=True),
        "press": url_for("feeds.api_press", _external=True),
        "budget": url_for("feeds.api_budget", _external=True),
        "procedures": url_for("feeds.api_procedures", _external=True),
        "videos": url_for("feeds.api_videos", _external=True),
        "radio": url_for("feeds.api_radio", _external=True),
        "albums": url_for("feeds.api_albums", _external=True),
    }})


@bp.route("/api/v1/site")
def api_site():
    """Return the site's public information (name, agency, contacts)."""
    s = svc().content.settings()
    keys = ("commune_name", "agency_name", "site_title", "province", "address", "phone", "email",
            "responsible_person", "responsible_title", "site_start")
    return jsonify({k: s.get(k, "") for k in keys} | {"url": url_for("public.home", _external=True)})


@bp.route("/api/v1/sections")
def api_sections():
    """Return the visible article sections, with their parent."""
    content = svc().content
    return jsonify({"items": [
        {"slug": s["slug"], "name": s["name"],
         "parent": content.section(s["parent_id"])["slug"] if s.get("parent_id") else None,
         "url": url_for("public.section", slug=s["slug"], _external=True),
         "rss": url_for("feeds.section_rss", slug=s["slug"], _external=True)}
        for s in content.sections() if s["kind"] == KIND_ARTICLES and content.section_visible(s)
    ]})


@bp.route("/api/v1/articles")
def api_articles():
    """Return published articles, newest first: ?chuyen_muc=<slug>, ?tu_ngay=YYYY-MM-DD, ?trang=N."""
    content = svc().content
    page = page_or_none()
    if page is None:
        return _error(400, "Tham số trang không hợp lệ.")
    since = request.args.get("tu_ngay", "")
    if since:
        try:
            since = date.fromisoformat(since).isoformat()
        except ValueError:
            return _error(400, "Tham số tu_ngay phải có dạng YYYY-MM-DD.")
    section_id = None
    if request.args.get("chuyen_muc"):
        try:
            sec = content.section_by_slug(request.args["chuyen_muc"])
        except NotFound:
            return _error(404, "Không có chuyên mục này.")
        if sec["kind"] != KIND_ARTICLES or not content.section_visible(sec):
            return _error(404, "Không có chuyên mục này.")
        section_id = sec["id"]
    if since:
        # Items published on or after the date: walk the newest-first list until older.
        everything = content.latest(section_id, 10 ** 9)
        items = [a for a in everything if a["publish_at"][:10] >= since]
        total = len(items)
        items = items[(page - 1) * PER_PAGE: page * PER_PAGE]
    elif section_id is not None:
        items, total = content.section_articles(section_id, page, PER_PAGE)
    else:
        all_items = content.latest(None, page * PER_PAGE)
        items, total = all_items[(page - 1) * PER_PAGE:], content.counts_by_section_total()
    sections = content.sections_by_id()
    return jsonify({"items": [_article_json(a, sections) for a in items], "total": total, "page": page,
                    "per_page": PER_PAGE})


@bp.route("/api/v1/articles/<int:article_id>")
def api_article(article_id: int):
    """Return one published article with its cleaned body."""
    content = svc().content
    try:
        meta = content.article_meta(article_id)
    except NotFound:
        return _error(404, "Không có tin bài này.")
    if not content.is_public(meta):
        return _error(404, "Không có tin bài này.")
    art = content.article(article_id)
    return jsonify(_article_json(meta, content.sections_by_id(), art.get("body", "")))


@bp.route("/api/v1/documents")
def api_documents():
    """Return the document register, newest issue date first: ?chuyen_muc=<key>, ?trang=N."""
    page = page_or_none()
    if page is None:
        return _error(400, "Tham số trang không hợp lệ.")
    category = request.args.get("chuyen_muc")
    if category is not None and category not in document_rules.CATEGORIES:
        return _error(404, "Không có chuyên mục văn bản này.")
    items, total = svc().documents.search(page=page, per_page=PER_PAGE, category=category)
    return jsonify({"items": [{
        "id": d["id"], "number": d.get("number"), "type": d.get("type_name"), "issued_on": d.get("issued_on"),
        "effective_on": d.get("effective_on") or None, "issuer": d.get("issuer"), "signer": d.get("signer"),
        "summary": d.get("summary"), "field": d.get("field"),
        "category": d["category"] or None, "category_name": d["category_name"],
        "url": url_for("public.document", id=d["id"], slug=d["slug"], _external=True),
        "file": url_for("public.document_download", id=d["id"], _external=True) if d.get("attachment") else None,
    } for d in items], "total": total, "page": page, "per_page": PER_PAGE})


@bp.route("/api/v1/schedule")
def api_schedule():
    """Return the leaders' schedule of a week: ?tuan=YYYY-Www (default: this week)."""
    raw = request.args.get("tuan")
    try:
        monday = schedule_rules.parse_week(raw) if raw else schedule_rules.current_monday()
    except ValueError:
        return _error(400, "Tham số tuan phải có dạng YYYY-Www, ví dụ 2026-W48.")
    days = svc().schedule.week(monday)
    return jsonify({"week": schedule_rules.week_key(monday), "days": [{
        "date": d["date"].isoformat(), "weekday": d["weekday"],
        "items": [{k: i.get(k) for k in ("session", "time", "content", "presiding", "attendees", "place", "preparing")}
                  for i in d["items"]],
    } for d in days], "time_zone": timeutil.TZ.key})


@bp.route("/api/v1/organisation")
def api_organisation():
    """Return the organisation chart: each live body (sub-bodies nested) with its people's public details."""
    people = svc().people

    def person(p: dict) -> dict:
        return {"name": p["name"], "title": p.get("title", ""), "phone": p.get("phone") or None,
                "email": p.get("email") or None,
                "photo": url_for("public.upload", name=p["photo"], _external=True) if p.get("photo") else None,
                "url": url_for("public.person", id=p["id"], slug=p["slug"], _external=True)}

    def body(b: dict) -> dict:
        return {"key": b["key"], "name": b["name"],
                "functions_url": url_for("public.functions", _anchor=b["key"].replace("_", "-"), _external=True),
                "people": [person(p) for p in people.all() if p.get("organisation") == b["key"]]}

    return jsonify({"items": [dict(body(b), children=[body(c) for c in b["children"]])
                              for b in svc().bodies.tree()]})


@bp.route("/api/v1/reception")
def api_reception():
    """Return the reception sessions, latest day first: ?trang=N; the rules' address is the page's."""
    page = page_or_none()
    if page is None:
        return _error(400, "Tham số trang không hợp lệ.")
    services = svc()
    sessions = services.reception.all()
    items = sessions[(page - 1) * PER_PAGE: page * PER_PAGE]
    out = []
    for s in items:
        name, title = receiver_of(s, services.people)
        out.append({"id": s["id"], "day": s["day"], "time": s["time"], "end_time": s.get("end_time") or None,
                    "receiver": name, "receiver_title": title, "place": s["place"], "content": s.get("content", ""),
                    "note": s.get("note", ""), "url": url_for("public.reception", _external=True)})
    return jsonify({"items": out, "total": len(sessions), "page": page, "per_page": PER_PAGE})


@bp.route("/api/v1/press")
def api_press():
    """Return the press releases, newest first, with their cleaned body: ?trang=N."""
    page = page_or_none()
    if page is None:
        return _error(400, "Tham số trang không hợp lệ.")
    items, total = svc().press.search(page=page, per_page=PER_PAGE)
    return jsonify({"items": [{
        "id": r["id"], "title": r["title"], "number": r.get("number") or None, "issued_on": r["issued_on"],
        "summary": r.get("summary", ""), "body_html": r["body"],  # cleaned on save by core.sanitize
        "url": url_for("public.press_item", id=r["id"], slug=r["slug"], _external=True),
        "file": url_for("public.press_download", id=r["id"], _external=True) if r.get("attachment") else None,
    } for r in items], "total": total, "page": page, "per_page": PER_PAGE})


@bp.route("/api/v1/budget")
def api_budget():
    """Return the budget disclosures, newest budget year first: ?nam=YYYY, ?loai=<kind>, ?trang=N."""
    page = page_or_none()
    if page is None:
        return _error(400, "Tham số trang không hợp lệ.")
    raw_year = request.args.get("nam", "")
    if raw_year and not (len(raw_year) == 4 and raw_year.isascii() and raw_year.isdigit()):
        return _error(400, "Tham số nam phải là năm có 4 chữ số, ví dụ 2025.")
    kind = request.args.get("loai", "")
    if kind and kind not in budget_rules.KINDS:
        return _error(400, "Tham số loai phải là một trong: " + ", ".join(budget_rules.KINDS) + ".")
    items, total = svc().budget.search(year=int(raw_year) if raw_year else None, kind=kind or None, page=page,
                                       per_page=PER_PAGE)
    return jsonify({"items": [{
        "id": b["id"], "year": b["year"], "kind": b["kind"], "kind_name": b["kind_name"], "title": b["title"],
        "number": b.get("number"), "issued_on": b.get("issued_on"), "disclosed_on": b.get("disclosed_on"),
        "note": b.get("note") or None,
        "url": url_for("public.budget_item", id=b["id"], slug=b["slug"], _external=True),
        "file": url_for("public.budget_download", id=b["id"], _external=True) if b.get("attachment") else None,
    } for b in items], "total": total, "page": page, "per_page": PER_PAGE})


@bp.route("/api/v1/procedures")
def api_procedures():
    """Return the administrative procedures by field and name: ?linh_vuc=<lĩnh vực>, ?trang=N."""
    page = page_or_none()
    if page is None:
        return _error(400, "Tham số trang không hợp lệ.")
    field = request.args.get("linh_vuc", "").strip()[:200] or None
    items, total = svc().procedures.search(field=field, page=page, per_page=PER_PAGE)
    return jsonify({"items": [{
        "id": t["id"], "code": t.get("code") or None, "name": t["name"], "field": t.get("field"),
        "level": t.get("level"), "service_level": t.get("service_level") or None,
        "duration": t.get("duration") or None, "fees": t.get("fees") or None,
        "documents": t["document_lines"], "legal_basis": t["legal_lines"], "place": t.get("place") or None,
        "portal_url": t.get("portal_url") or None, "submit_url": t.get("submit_url") or None,
        "updated_at": t.get("updated_at"),
        "url": url_for("public.procedure", id=t["id"], slug=t["slug"], _external=True),
    } for t in items], "total": total, "page": page, "per_page": PER_PAGE})


@bp.route("/api/v1/videos")
def api_videos():
    """Return the videos, newest first: ?trang=N (a YouTube video gives its watch address, an upload its file)."""
    page = page_or_none()
    if page is None:
        return _error(400, "Tham số trang không hợp lệ.")
    items, total = svc().videos.page(page, PER_PAGE)
    return jsonify({"items": [{
        "id": v["id"], "title": v["title"], "date": v["shown_on"], "description": v.get("description") or None,
        "youtube": v.get("watch_url"),
        "file": url_for("public.video_file", id=v["id"], ext=v["file"]["type"], _external=True)
        if v.get("file") else None,
        "type": v.get("mimetype"), "size": v["file"]["size"] if v.get("file") else None,
        "poster": url_for("public.upload", name=v["poster"], _external=True) if v.get("poster") else None,
        "url": url_for("public.video_item", id=v["id"], slug=v["slug"], _external=True),
    } for v in items], "total": total, "page": page, "per_page": PER_PAGE})


@bp.route("/api/v1/radio")
def api_radio():
    """Return the radio bulletins, newest first, with their sound file and transcript: ?trang=N."""
    page = page_or_none()
    if page is None:
        return _error(400, "Tham số trang không hợp lệ.")
    items, total = svc().radio.page(page, PER_PAGE)
    return jsonify({"items": [{
        "id": b["id"], "title": b["title"], "date": b["aired_on"], "seconds": b.get("seconds"),
        "duration": b["duration_label"] or None, "transcript": b.get("transcript") or None,
        "file": url_for("public.radio_file", id=b["id"], ext=b["audio"]["type"], _external=True),
        "type": b["mimetype"], "size": b["audio"]["size"],
        "url": url_for("public.radio_item", id=b["id"], slug=b["slug"], _external=True),
    } for b in items], "total": total, "page": page, "per_page": PER_PAGE})


@bp.route("/api/v1/albums")
def api_albums():
    """Return the photo albums, newest first, each with its pictures (every web size) and captions: ?trang=N."""
    page = page_or_none()
    if page is None:
        return _error(400, "Tham số trang không hợp lệ.")
    items, total = svc().albums.page(page, PER_PAGE)
    store = svc().store

    def picture(p: dict) -> dict:
        info = image_info(store, p["name"])
        return {"url": url_for("public.upload", name=p["name"], _external=True), "caption": p["caption"],
                "width": info["width"] if info else None, "height": info["height"] if info else None,
                "sizes": [{"width": w, "url": url_for("public.upload", name=n, _external=True)}
                          for w, n in (info["sizes"] if info else [])]}

    return jsonify({"items": [{
        "id": a["id"], "title": a["title"], "date": a["taken_on"], "description": a.get("description", ""),
        "url": url_for("public.album", id=a["id"], slug=a["slug"], _external=True),
        "cover": url_for("public.upload", name=a["cover"], _external=True) if a.get("cover") else None,
        "pictures": [picture(p) for p in a["pictures"]], "updated_at": a.get("updated_at"),
    } for a in items], "total": total, "page": page, "per_page": PER_PAGE})

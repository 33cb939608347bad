"""RSS 2.0 (whole site and per section), the XML sitemap and robots.txt."""
from __future__ import annotations

import html
from email.utils import format_datetime

from flask import Response, abort, current_app, render_template, url_for

from blueprints import svc
from core import timeutil
from core.errors import NotFound
from core.sections import KIND_PAGES

from . import bp

FEED_ITEMS = 30




def _rfc822(iso: str) -> str:
    return format_datetime(timeutil.parse_iso(iso))


def _as_text(text: str) -> str:
    """Return plain text as the HTML that shows it: a reader renders <description> as HTML, never as text."""
    return html.escape(text or "", quote=False)


def _album_entries() -> list[dict]:
    """Return a feed entry per live album (dated when it was put online), newest first."""
    return [{"title": f"Tin ảnh: {a['title']}",
             "link": url_for("public.album", id=a["id"], slug=a["slug"], _external=True),
             "date": _rfc822(a["created_at"]), "sort": a["created_at"],
             "summary": _as_text(a.get("description") or f"{len(a['pictures'])} ảnh, ngày {a['taken_vn']}."),
             "category": "Tin ảnh"} for a in svc().albums.latest(FEED_ITEMS)]


def _feed(title: str, link: str, items: list[dict], extra: list[dict] | None = None) -> Response:
    content = svc().content
    sections = content.sections_by_id()
    entries = []
    for a in items:
        sec = sections[a["section_id"]]
        entries.append({
            "title": a["title"],
            "link": url_for("public.article", section_slug=sec["slug"], slug=a["slug"], _external=True),
            "date": _rfc822(a["publish_at"]),
            # The summary is plain text (typed, or taken from the cleaned body's text); escaped once here and
            # once more by the template, so "<b>" reaches the reader as the four characters, not as markup.
            "summary": _as_text(a.get("summary", "")),
            "category": sec["name"],
            "sort": a["publish_at"],
        })
    if extra:  # other kinds (albums) among the articles, by date, the feed's length kept
        entries = sorted(entries + extra, key=lambda e: e["sort"], reverse=True)[:FEED_ITEMS]
    xml = render_template("feeds/rss.xml", title=title, description=_as_text(title), link=link, items=entries,
                          built=_rfc822(entries[0]["sort"]) if entries else _rfc822(timeutil.now_iso()))
    return Response(xml, mimetype="application/rss+xml")


@bp.route("/rss.xml")
def rss():
    """Return the RSS 2.0 feed of the newest public articles of the whole site."""
    site = svc().content.settings()
    return _feed(site.get("site_title") or "Tin mới", url_for("public.home", _external=True),
                 svc().content.latest(None, FEED_ITEMS), _album_entries())


@bp.route("/rss/<slug>.xml")
def section_rss(slug: str):
    """Return the RSS 2.0 feed of one section (sub-sections rolled up)."""
    content = svc().content
    try:
        sec = content.section_by_slug(slug)
    except NotFound:
        abort(404)
    if sec["kind"] == KIND_PAGES or not content.section_visible(sec):
        abort(404)
    site = content.settings()
    return _feed(f"{sec['name']} – {site.get('site_title', '')}",
                 url_for("public.section", slug=sec["slug"], _external=True),
                 content.latest(sec["id"], FEED_ITEMS))


@bp.route("/sitemap.xml")
def sitemap_xml():
    """Return every public URL with its last modification date."""
    content = svc().content
    urls = [(url_for("public.home", _external=True), None)]
    sections = content.sections_by_id()
    for sec in content.sections():
        if content.section_visible(sec):
            urls.append((url_for("public.section", slug=sec["slug"], _external=True), None))
    for page in content.pages():
        urls.append((url_for("public.page", slug=page["slug"], _external=True), page.get("updated_at")))
    idx = content.index()
    now_iso = timeutil.now_iso()
    for a in idx.meta.values():
        if content.is_public(a, now_iso):
            urls.append((url_for("public.article", section_slug=sections[a["section_id"]]["slug"], slug=a["slug"],
                                  _external=True), a.get("updated_at")))
    for endpoint in ("public.documents", "public.schedule", "public.qa", "public.consultation", "public.sitemap",
                     "public.organisation", "public.spokesperson", "public.editorial_board",
                     "public.planning", "public.projects", "public.rural", "public.functions"):
        if endpoint in current_app.view_functions:
            urls.append((url_for(endpoint, _external=True), None))
    for doc in svc().documents.all():
        urls.append((url_for("public.document", id=doc["id"], slug=doc["slug"], _external=True), doc.get("updated_at")))
    for person in svc().people.chart_people():
        urls.append((url_for("public.person", id=person["id"], slug=person["slug"], _external=True),
                     person.get("updated_at")))
    for item in svc().questions.published():
        urls.append((url_for("public.qa_item", item_id=item["id"], _external=True), item.get("updated_at")))
    for endpoint in ("public.reception", "public.contacts", "public.press"):
        urls.append((url_for(endpoint, _external=True), None))
    for year in svc().reception.years():
        urls.append((url_for("public.reception_year", year=year, _external=True), None))
    for item in svc().press.all():
        urls.append((url_for("public.press_item", id=item["id"], slug=item["slug"], _external=True),
                     item.get("updated_at")))
    for drafts in svc().consultations.public_list():  # open for comment, then closed
        for draft in drafts:
            urls.append((url_for("public.consultation_detail", item_id=draft["id"], _external=True),
                         draft.get("updated_at")))
    if "public.budget" in current_app.view_functions:
        urls.append((url_for("public.budget", _external=True), None))
    for item in svc().budget.all():
        urls.append((url_for("public.budget_item", id=item["id"], slug=item["slug"], _external=True),
                     item.get("updated_at")))
    for endpoint in ("public.public_services", "public.procedures"):
        urls.append((url_for(endpoint, _external=True), None))
    for item in svc().procedures.all():
        urls.append((url_for("public.procedure", id=item["id"], slug=item["slug"], _external=True),
                     item.get("updated_at")))
    for endpoint, records, item_endpoint in (("public.videos", svc().videos, "public.video_item"),
                                             ("public.radio", svc().radio, "public.radio_item")):
        urls.append((url_for(endpoint, _external=True), None))
        urls.extend((url_for(item_endpoint, id=item["id"], slug=item["slug"], _external=True),
                     item.get("updated_at")) for item in records.all())
    if "public.albums" in current_app.view_functions:
        urls.append((url_for("public.albums", _external=True), None))
    for item in svc().albums.all():
        urls.append((url_for("public.album", id=item["id"], slug=item["slug"], _external=True),
                     item.get("updated_at")))
    xml = render_template("feeds/sitemap.xml", urls=[(u, m[:10] if m else None) for u, m in urls])
    return Response(xml, mimetype="application/xml")


@bp.route("/robots.txt")
def robots():
    """Return robots.txt: everything public may be indexed, the panel and forms may not."""
    lines = ["User-agent: *", "Disallow: /quan-tri/", "Disallow: /dang-nhap", "Disallow: /thiet-lap/",
             "Disallow: /hoi-dap/tra-cuu", "Disallow: /danh-gia/", "",
             f"Sitemap: {url_for('feeds.sitemap_xml', _external=True)}", ""]
    return Response("\n".join(lines), mimetype="text/plain")



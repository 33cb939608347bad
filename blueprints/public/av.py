"""Video and Phát thanh: the lists, one video or bulletin, their files with byte ranges, the podcast feed."""
from __future__ import annotations

import html
from datetime import date, datetime, time
from email.utils import format_datetime

from flask import Response, abort, current_app, redirect, render_template, send_file, url_for

from blueprints import svc
from blueprints.args import page_arg
from blueprints.http import CSP
from core import timeutil
from core.errors import NotFound

from . import bp
from .routes import _count_hit, _sidebar
from .share import share_picture

NOCOOKIE = "https://www.youtube-nocookie.com"
# The video pages may frame the privacy-enhanced YouTube player and nothing else.
VIDEO_CSP = "; ".join(f"frame-src {NOCOOKIE}" if d.startswith("frame-src ") else d for d in CSP.split("; "))
PODCAST_ITEMS = 100
PODCAST_CATEGORY = "Government"  # one of Apple's podcast categories


def _video_page(template: str, **context) -> Response:
    response = Response(render_template(template, **context))
    response.headers["Content-Security-Policy"] = VIDEO_CSP
    return response


def _send_media(path, mimetype: str):
    """Send a stored video or sound inline, answering byte ranges (206) so that players can seek."""
    response = send_file(path, mimetype=mimetype, conditional=True, etag=True, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/video")
def videos():
    """List the videos, newest first, each as a poster that loads its player only when asked."""
    page = page_arg()
    per_page = current_app.config["PER_PAGE"]
    items, total = svc().videos.page(page, per_page)
    if page > 1 and not items:
        abort(404)
    _count_hit()
    return _video_page("public/video/list.html", items=items, total=total, page=page, per_page=per_page)


@bp.route("/video/<int:id>-<slug>")
@bp.route("/video/<int:id>", defaults={"slug": ""})
def video_item(id: int, slug: str):
    """Show one video; a wrong or missing slug answers 301 to the canonical URL."""
    try:
        item = svc().videos.get_live(id)
    except NotFound:
        abort(404)
    if slug != item["slug"]:
        return redirect(url_for("public.video_item", id=item["id"], slug=item["slug"]), 301)
    _count_hit()
    return _video_page("public/video/detail.html", item=item, **_sidebar())


@bp.route("/video/<int:id>/video.<ext>")
def video_file(id: int, ext: str):
    """Send an uploaded video's file, with byte ranges."""
    try:
        path, info = svc().videos.media(id)
    except NotFound:
        abort(404)
    if ext != info["type"]:
        abort(404)
    return _send_media(path, info["mimetype"])


@bp.route("/phat-thanh")
def radio():
    """List the radio bulletins, newest first, each with a player and its transcript."""
    page = page_arg()
    per_page = current_app.config["PER_PAGE"]
    items, total = svc().radio.page(page, per_page)
    if page > 1 and not items:
        abort(404)
    _count_hit()
    return render_template("public/radio/list.html", items=items, total=total, page=page, per_page=per_page)


@bp.route("/phat-thanh/<int:id>-<slug>")
@bp.route("/phat-thanh/<int:id>", defaults={"slug": ""})
def radio_item(id: int, slug: str):
    """Show one bulletin; a wrong or missing slug answers 301 to the canonical URL."""
    try:
        item = svc().radio.get_live(id)
    except NotFound:
        abort(404)
    if slug != item["slug"]:
        return redirect(url_for("public.radio_item", id=item["id"], slug=item["slug"]), 301)
    _count_hit()
    return render_template("public/radio/detail.html", item=item, **_sidebar())


@bp.route("/phat-thanh/<int:id>/ban-tin.<ext>")
def radio_file(id: int, ext: str):
    """Send a bulletin's sound file, with byte ranges (players and podcast apps seek and resume)."""
    try:
        path, info = svc().radio.media(id)
    except NotFound:
        abort(404)
    if ext != info["type"]:
        abort(404)
    return _send_media(path, info["mimetype"])


def _aired(item: dict) -> str:
    """Return a bulletin's date as RFC 822 (at 06:00 in the commune's zone, when the radio usually airs)."""
    return format_datetime(datetime.combine(date.fromisoformat(item["aired_on"]), time(6, 0),
                                            tzinfo=timeutil.now().tzinfo))


@bp.route("/phat-thanh/podcast.xml")
def radio_podcast():
    """Return the bulletins as a podcast: RSS 2.0 with enclosures and the iTunes tags phone apps read."""
    site = svc().content.settings()
    title = f"Bản tin phát thanh – {site.get('site_title', '')}".strip(" –")
    author = site.get("agency_label") or site.get("site_title") or "Đài truyền thanh xã"
    card = share_picture()
    image = card["url"] if card else url_for("static", filename="img/emblem.svg", _external=True)
    items = []
    for b in svc().radio.latest(PODCAST_ITEMS):
        link = url_for("public.radio_item", id=b["id"], slug=b["slug"], _external=True)
        items.append({
            "title": b["title"], "link": link, "date": _aired(b),
            "description": html.escape((b.get("transcript") or b["title"])[:4000], quote=False),
            "url": url_for("public.radio_file", id=b["id"], ext=b["audio"]["type"], _external=True),
            "length": b["audio"]["size"], "type": b["mimetype"], "duration": b["duration_label"],
        })
    xml = render_template("public/radio/podcast.xml", title=title, author=author, image=image, items=items,
                          category=PODCAST_CATEGORY, link=url_for("public.radio", _external=True),
                          self_url=url_for("public.radio_podcast", _external=True),
                          built=items[0]["date"] if items else format_datetime(timeutil.now()))
    return Response(xml, mimetype="application/rss+xml")

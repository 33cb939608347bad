"""Public pages. Views only translate HTTP into calls on core.Content / core.Counters."""
from __future__ import annotations

from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from blueprints import svc
from blueprints.args import page_arg, send_download
from core.counters import is_bot
from core.errors import NotFound
from core.home import home_lists
from core.uploads import (
    upload_path,
    upload_mimetype,
)
from core.ratings import AlreadyRated, TooManyRatings
from core.sections import KIND_PAGES
from core.search import KINDS
from core.security import is_cross_site

from .. import csrf
from . import bp






def _count_hit(article_id: int | None = None) -> None:
    """Record a citizen's page view for the statistics (robots are ignored inside)."""
    svc().counters.record_hit(request.remote_addr or "", request.headers.get("User-Agent", ""), article_id)


def _sidebar() -> dict:
    services = svc()
    return {"links": services.content.links(), "stats": services.counters.summary()}


@bp.route("/")
def home():
    """Show the home page: the lead story, banners, pinned notices, latest news, section blocks, albums, the
    latest video and radio bulletins."""
    services = svc()
    content = services.content
    lists = home_lists(content)
    _count_hit()
    return render_template(
        "public/home.html",
        pinned=content.pinned(5),
        banners=services.banners.active(),
        lead=lists["lead"],
        latest=lists["latest"],
        blocks=lists["blocks"],
        albums=services.albums.latest(4),
        home_video=services.videos.latest(1),
        home_radio=services.radio.latest(2),
        sections=content.sections_by_id(),
        **_sidebar(),
    )


@bp.route("/<slug>")
def section(slug: str):
    """List a section's articles, newest first, ten per page (sub-sections rolled up)."""
    content = svc().content
    try:
        sec = content.section_by_slug(slug)
    except NotFound:
        abort(404)
    if not content.section_visible(sec):
        abort(404)
    if sec["slug"] != slug:
        query = request.query_string.decode("latin-1")
        return redirect(url_for("public.section", slug=sec["slug"]) + (f"?{query}" if query else ""), 301)
    page = page_arg()
    if sec["kind"] == KIND_PAGES:
        if page != 1:
            abort(404)
        _count_hit()
        return render_template("public/intro_index.html", section=sec, pages=content.pages(),
                               current_section_id=sec["id"], **_sidebar())
    per_page = current_app.config["PER_PAGE"]
    items, total = content.section_articles(sec["id"], page, per_page)
    if page > 1 and not items:
        abort(404)
    parent = content.section(sec["parent_id"]) if sec.get("parent_id") else None
    documents = svc().documents.latest(5) if sec.get("feature") == "documents" and page == 1 else []
    _count_hit()
    return render_template(
        "public/section.html", section=sec, parent=parent, items=items, total=total, page=page, documents=documents,
        per_page=per_page, sections=content.sections_by_id(),
        current_section_id=(parent or sec)["id"], **_sidebar(),
    )


@bp.route("/<section_slug>/<slug>")
def article(section_slug: str, slug: str):
    """Show one article; a former URL (old title or section) answers 301 to the current one."""
    services = svc()
    content = services.content
    try:
        art = content.public_article_by_slug(slug)
        sec = content.section(art["section_id"])
    except NotFound:
        abort(404)
    if art["slug"] != slug or sec["slug"] != section_slug:
        return redirect(url_for("public.article", section_slug=sec["slug"], slug=art["slug"]), 301)
    parent = content.section(sec["parent_id"]) if sec.get("parent_id") else None
    outcome = request.args.get("danh_gia", "")
    outcome = outcome if outcome in RATING_MESSAGES else None
    if outcome is None:
        _count_hit(art["id"])  # the page a rating sends back to is not a new view
    return render_template(
        "public/article.html", article=art, section=sec, parent=parent, rating_outcome=outcome,
        rating_message=RATING_MESSAGES.get(outcome, ""),
        views=services.counters.views(art["id"]), related=content.related(art), sections=content.sections_by_id(),
        current_section_id=(parent or sec)["id"], **_sidebar(),
    )


# Answers to the rating, by the ?danh_gia= value the article page is sent back with (no JavaScript).
RATING_MESSAGES = {
    "cam-on": "Cảm ơn ông/bà đã cho biết ý kiến.",
    "da-danh-gia": "Ông/bà đã đánh giá tin bài này hôm nay. Xin cảm ơn!",
    "nhieu": "Hôm nay ông/bà đã gửi nhiều đánh giá. Xin cảm ơn, mời ông/bà quay lại vào ngày mai.",
    "chon": "Vui lòng chọn Có hoặc Không.",
}


def _cross_site() -> bool:
    """Return whether a POST comes from a page of another site (browsers say so in these headers)."""
    return is_cross_site(request.headers.get("Sec-Fetch-Site"), request.headers.get("Origin"), request.host)


@bp.route("/danh-gia/<int:article_id>", methods=["POST"])
@csrf.exempt  # no session to hold a token: another site's form is refused by its Origin instead
def rate(article_id: int):
    """Count an answer to “Thông tin này có hữu ích không?” (JSON for the script, else back to the article)."""
    services = svc()
    content = services.content
    if content.settings().get("ratings") == "khong":
        abort(404)
    try:
        meta = content.article_meta(article_id)
        sec = content.section(meta["section_id"])
    except NotFound:
        abort(404)
    if not content.is_public(meta):
        abort(404)
    if _cross_site():
        abort(403)
    wants_json = request.accept_mimetypes.best == "application/json"
    value = request.form.get("huu_ich", "")
    outcome, status = "cam-on", 200
    if value not in ("co", "khong"):
        outcome, status = "chon", 400
    elif not is_bot(request.headers.get("User-Agent", "")):
        try:
            services.ratings.rate(article_id, value == "co", request.remote_addr or "")
        except AlreadyRated:
            outcome = "da-danh-gia"
        except TooManyRatings:
            outcome, status = "nhieu", 429
    if wants_json:
        return jsonify(ok=status == 200, message=RATING_MESSAGES[outcome]), status
    back = url_for("public.article", section_slug=sec["slug"], slug=meta["slug"])
    return redirect(f"{back}?danh_gia={outcome}#danh-gia", 303)


@bp.route("/gioi-thieu/<slug>")
def page(slug: str):
    """Show one intro page (Giới thiệu)."""
    content = svc().content
    try:
        pg = content.page_by_slug(slug)
    except NotFound:
        abort(404)
    if pg["slug"] != slug:
        return redirect(url_for("public.page", slug=pg["slug"]), 301)
    intro = next((s for s in content.menu() if s["kind"] == KIND_PAGES), None)
    _count_hit()
    return render_template("public/page.html", page=pg, intro=intro,
                           current_section_id=intro["id"] if intro else None, **_sidebar())


@bp.route("/tim-kiem")
def search():
    """Search articles, intro pages, documents and published Q&A, with or without diacritics.

    Filters: ?loai= (kind), ?chuyen_muc= (section slug: articles only), ?nam= (year);
    an unknown filter value is ignored rather than refused.
    """
    services = svc()
    q = request.args.get("q", "").strip()[:200]
    page = page_arg()
    per_page = current_app.config["PER_PAGE"]
    kind = request.args.get("loai", "")
    kind = kind if kind in KINDS else ""
    sections = services.search.sections()
    section_slug = request.args.get("chuyen_muc", "")
    sec = next((s for s in sections if s["slug"] == section_slug), None)
    years = services.search.years()
    year = request.args.get("nam", "")
    year = year if year in years else ""
    results = services.search.search(q, kind or None, sec["id"] if sec else None, year or None, page, per_page)
    if page > 1 and not results.hits:
        abort(404)
    filters = {k: v for k, v in (("loai", kind), ("chuyen_muc", sec["slug"] if sec else ""), ("nam", year)) if v}
    _count_hit()
    return render_template("public/search.html", q=q, results=results, page=page, per_page=per_page,
                           kinds=KINDS, kind=kind, sections=sections, section=sec, years=years, year=year,
                           filters=filters)


@bp.route("/tep/<name>")
def upload(name: str):
    """Serve a stored image (any of its web sizes) by its random name: nothing else can be reached."""
    path = upload_path(svc().store, name)
    if path is None:
        abort(404)
    # The type we encoded it in, never a guess; a stored file never changes, so it may be cached long.
    response = send_file(path, mimetype=upload_mimetype(path.name), conditional=True, etag=True,
                         max_age=30 * 24 * 3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/tep/tai-ve/<name>")
def media_download(name: str):
    """Download a document of the media library under its original name (always as an attachment)."""
    try:
        path, item = svc().library.document_file(name)
    except NotFound:
        abort(404)
    return send_download(path, item["type"], item["original"])

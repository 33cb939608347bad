"""Preview an article before publishing: the public template, the cleaned body, nothing stored."""
from __future__ import annotations

from flask import abort, make_response, render_template

from core import timeutil
from core.articles import STATUS_PUBLISHED
from core.errors import NotFound, ValidationError
from core.text import excerpt, html_to_text

from . import articles, bp
from .articles import _values
from blueprints import svc
from .common import attach_errors, section_choices
from .forms import ArticleForm, ConfirmForm


@bp.route("/tin-bai/xem-truoc", methods=["POST"])
@bp.route("/tin-bai/<int:article_id>/xem-truoc", methods=["POST"])
def article_preview(article_id: int | None = None):
    """Show the article being typed as citizens would see it; store nothing (not even a chosen cover)."""
    content = svc().content
    old = None
    if article_id is not None:
        try:
            old = content.article(article_id)
        except NotFound:
            abort(404)
    form = ArticleForm()
    form.section_id.choices = section_choices()
    form.cover_pick.choices = articles.cover_choices()
    articles._limit_statuses(form)  # a contributor is offered draft/pending only
    if form.validate_on_submit():
        values = _values(form)
        upload = form.cover.data
        new_cover = bool(upload and getattr(upload, "filename", ""))
        kept_cover = None if form.remove_cover.data else (old or {}).get("cover")
        # the same rules as saving: a cover needs its alt; a library picture chosen is the cover
        values["cover"] = "pending" if new_cover else (form.cover_pick.data or kept_cover)
        if not new_cover and form.cover_pick.data and not (values.get("cover_alt") or "").strip():
            values["cover_alt"] = articles._library_alt(form.cover_pick.data)
        try:
            clean = content.validate_article(values)  # cleans the body with core.sanitize.clean_html
        except ValidationError as exc:
            attach_errors(form, exc, "title")
        else:
            return _render_preview(clean, old, article_id, kept_cover, new_cover)
    section = content.sections_by_id().get(old["section_id"]) if old else None
    return render_template("editor/article_form.html", form=form, article=old, section=section,
                           now_iso=timeutil.now_iso(), confirm=ConfirmForm(), conflict=None, diffs=[])


def _render_preview(clean: dict, old: dict | None, article_id: int | None, cover: str | None, new_cover: bool):
    """Render the public article page for the cleaned values, with the preview banner and no caching."""
    content = svc().content
    now_iso = timeutil.now_iso()
    article = dict(old or {}, **clean)
    article.update(
        id=article_id,
        cover=cover,
        publish_at=clean["publish_at"] or (old or {}).get("publish_at") or now_iso,
        updated_at=None,  # the public page would say "Cập nhật lúc …" only after a real save
    )
    if not article["summary"]:
        article["summary"] = excerpt(html_to_text(article["body"]), 250)  # as saving would
    section = content.section(article["section_id"])
    parent = content.section(section["parent_id"]) if section.get("parent_id") else None
    svcs = svc()
    response = make_response(render_template(
        "editor/article_preview.html", article=article, section=section, parent=parent,
        views=svcs.counters.views(article_id) if article_id else 0, related=[],
        sections=content.sections_by_id(), current_section_id=(parent or section)["id"],
        links=content.links(), stats=svcs.counters.summary(),
        preview={
            "new_cover": new_cover,
            "scheduled": clean["status"] == STATUS_PUBLISHED and article["publish_at"] > now_iso,
            "published": clean["status"] == STATUS_PUBLISHED,
            "live": bool(old and old.get("status") == STATUS_PUBLISHED and not old.get("trashed_at")),
        },
    ))
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response

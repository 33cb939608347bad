"""Articles: list, create, edit, trash and restore."""
from __future__ import annotations

from datetime import date

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice

from core import timeutil
from core.articles import (
    STATUSES,
    WORKFLOW_STATUS,
    audit_action,
    check_workflow,
    may_publish,
    save_outcome,
    statuses_for,
    workflow_status,
)
from core.errors import Conflict, NotFound, ValidationError
from core.uploads import save_image
from core.store import StoreFull

from . import bp
from blueprints.args import page_arg
from blueprints import svc
from .common import attach_errors, section_choices
from .conflicts import ARTICLE_PARTS, conflict_versions
from .forms import ArticleForm, ConfirmForm

PER_PAGE = 20


@bp.route("/tin-bai")
def articles():
    """List articles with filters by section, status and trash."""
    content = svc().content
    section_id = request.args.get("chuyen_muc", "")
    status = request.args.get("trang_thai", "")
    trashed = request.args.get("thung_rac") == "1"
    sid = int(section_id) if section_id.isascii() and section_id.isdigit() else None
    if sid is not None:
        try:
            content.section(sid)
        except NotFound:
            sid = None
    if status not in STATUSES and status != "scheduled":
        status = ""
    page = page_arg()
    # Contributors see their own articles only.
    owner = None if may_publish(current_user.doc) else current_user.username
    items, total = content.editor_articles(sid, status or None, trashed, page, PER_PAGE, created_by=owner)
    return render_template(
        "editor/articles.html", items=items, total=total, page=page, per_page=PER_PAGE,
        section_choices=section_choices(blank="Tất cả chuyên mục"), sid=sid or 0, status=status,
        trashed=trashed, statuses=STATUSES, sections_by_id=content.sections_by_id(),
        now_iso=timeutil.now_iso(), confirm=ConfirmForm(),
    )


def _workflow() -> str:
    action = request.form.get("workflow", "")
    return action if action in WORKFLOW_STATUS else ""


def _limit_statuses(form: ArticleForm) -> None:
    """Offer only the statuses the account may choose; a forged other one gets core's message, not WTForms'."""
    allowed = statuses_for(current_user.doc)
    if len(allowed) < len(STATUSES):
        form.status.choices = list(allowed.items())
        form.status.validate_choice = False


def _values(form: ArticleForm) -> dict:
    action = _workflow()
    extra = {}
    if action == "return":
        extra["review_note"] = request.form.get("review_note", "")
    return {
        **extra,
        "title": form.title.data,
        "section_id": form.section_id.data,
        "summary": form.summary.data,
        "body": form.body.data,
        "cover_alt": form.cover_alt.data,
        "status": workflow_status(action, form.status.data),
        "publish_at": form.publish_at.data,
        "author": form.author.data,
        "pinned": form.pinned.data,
        "pin_until": form.pin_until.data.isoformat() if form.pin_until.data else None,
        "remove_cover": form.remove_cover.data,
    }


COVER_CHOICES = 60  # the newest pictures of the library offered as a cover


def cover_choices() -> list[SelectChoice]:
    """Return the library's newest pictures (stored name, description) for the cover choice."""
    images = [i for i in svc().library.all() if i.get("kind") == "image"][:COVER_CHOICES]
    return [SelectChoice("", "(không chọn)")] + [
        SelectChoice(i["name"], i.get("alt") or i.get("original") or i["name"]) for i in images]


def _library_alt(name: str) -> str:
    return next((i.get("alt", "") for i in svc().library.all() if i.get("name") == name), "")


def _base_version(form: ArticleForm) -> int | None:
    raw = (form.base_version.data or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _save(form: ArticleForm, article_id: int | None, old_cover: str | None, conflict: list | None = None,
          old_status: str | None = None):
    """Validate with the content rules, store an uploaded cover, then save; return the article or None.

    A save over a version newer than the one the form was opened on is refused:
    the stored version is appended to ``conflict`` and nothing is written. A
    contributor cannot publish (nor approve or return): refused by the status
    field, nothing saved.
    """
    content = svc().content
    values = _values(form)
    action = _workflow()
    try:
        check_workflow(current_user.doc, action, values["status"], old_status, values.get("review_note"))
    except ValidationError as exc:
        if "review_note" in exc.errors:
            g.review_note_error = exc.errors["review_note"]
        else:
            form.status.errors = [*form.status.errors, exc.errors["status"]]
        return None
    upload = form.cover.data
    has_upload = bool(upload and getattr(upload, "filename", ""))
    picked = form.cover_pick.data or ""  # one of the library's pictures (the choices are checked by the form)
    if has_upload:
        values["cover"] = "pending"
    elif picked:
        values["cover"] = picked
        if not (values.get("cover_alt") or "").strip():
            values["cover_alt"] = _library_alt(picked)
    elif not form.remove_cover.data:
        values["cover"] = old_cover
    try:
        content.validate_article(values)  # nothing is stored unless the whole form is valid
        if has_upload:
            values["cover"] = save_image(svc().store, upload.read(), "cover",
                                         current_app.config["MAX_IMAGE_BYTES"])
        saved = content.save_article(values, article_id, expected_version=_base_version(form),
                                     by=current_user.username)
    except Conflict as exc:
        if conflict is not None:
            conflict.append(exc.current)
        return None
    except (ValidationError, StoreFull) as exc:  # a broken rule or a full disk: the form comes back as typed
        attach_errors(form, exc, "title")
        if has_upload and not form.cover.errors:
            form.cover.errors.append("Ảnh chưa được lưu vì biểu mẫu còn lỗi: vui lòng chọn lại ảnh.")
        return None
    g.audit_item = saved["id"]
    step = audit_action(action, old_status, saved["status"])
    if step:
        g.audit_action = step
    return saved


def _saved_message(saved: dict, old_status: str | None) -> Markup:
    """Return the flash message for a save: what happened, in words, with the public page's link once it is up."""
    when = timeutil.parse_iso(saved["publish_at"])
    at = when.strftime("%H:%M") if timeutil.fmt_date(saved["publish_at"]) == timeutil.fmt_date(timeutil.now_iso()) \
        else when.strftime("%H:%M ngày %d/%m/%Y")
    now = timeutil.now().strftime("%H:%M")
    outcome = save_outcome(_workflow(), old_status, saved, timeutil.now_iso())
    text = {
        "published": f"Đã {'duyệt và ' if _workflow() == 'approve' else ''}đăng lúc {at}",
        "updated": f"Đã lưu thay đổi lúc {now}, tin bài đang đăng",
        "scheduled": f"Đã hẹn đăng lúc {at}.",
        "submitted": f"Đã gửi duyệt lúc {now}: tin bài chờ ban biên tập duyệt và đăng.",
        "draft": f"Đã lưu nháp lúc {now}. Tin bài chưa hiện trên trang.",
        "returned": "Đã trả lại tin bài cho tác giả kèm ghi chú.",
    }[outcome]
    if outcome not in ("published", "updated"):
        return escape(text)
    section = svc().content.sections_by_id().get(saved["section_id"])
    if not section:
        return escape(text + ".")
    url = url_for("public.article", section_slug=section["slug"], slug=saved["slug"])
    return Markup('{} – <a href="{}" target="_blank" rel="noopener">xem trên trang'
                  '<span class="visually-hidden"> (mở trang mới)</span></a>').format(text, url)


@bp.route("/tin-bai/moi", methods=["GET", "POST"])
def article_new():
    """Create an article."""
    form = ArticleForm()
    form.section_id.choices = section_choices()
    form.cover_pick.choices = cover_choices()
    _limit_statuses(form)
    if request.method == "GET":
        form.author.data = current_user.display_name
        form.publish_at.data = timeutil.now().replace(second=0, microsecond=0, tzinfo=None)
        if request.args.get("chuyen_muc", "").isascii() and request.args.get("chuyen_muc", "").isdigit():
            form.section_id.data = int(request.args["chuyen_muc"])
    if form.validate_on_submit():
        saved = _save(form, None, None)
        if saved:
            flash(_saved_message(saved, None), "success")
            return redirect(url_for("editor.article_edit", article_id=saved["id"]))
    return render_template("editor/article_form.html", form=form, article=None)


@bp.route("/tin-bai/<int:article_id>", methods=["GET", "POST"])
def article_edit(article_id: int):
    """Edit an article."""
    content = svc().content
    try:
        art = content.article(article_id)
    except NotFound:
        abort(404)
    form = ArticleForm()
    form.section_id.choices = section_choices()
    form.cover_pick.choices = cover_choices()
    _limit_statuses(form)
    if request.method == "GET":
        form.process(data={
            "title": art["title"], "section_id": art["section_id"], "summary": art["summary"],
            "body": art["body"], "cover_alt": art.get("cover_alt", ""), "status": art["status"],
            "publish_at": timeutil.parse_iso(art["publish_at"]).replace(tzinfo=None),
            "author": art.get("author", ""), "pinned": art.get("pinned", False),
            "pin_until": date.fromisoformat(art["pin_until"]) if art.get("pin_until") else None,
            "base_version": art.get("version", 1),
        })
    conflict: list = []
    if form.validate_on_submit():
        saved = _save(form, article_id, art.get("cover"), conflict, old_status=art["status"])
        if saved:
            flash(_saved_message(saved, art["status"]), "success")
            return redirect(url_for("editor.article_edit", article_id=article_id))
    current = conflict[0] if conflict else None
    diffs = []
    if current is not None:
        # Both texts stay on screen; saving again (knowingly) replaces the newer version.
        form.base_version.data = str(current.get("version", 1))
        diffs = conflict_versions(current, form, ARTICLE_PARTS)
    section = content.sections_by_id().get(art["section_id"])
    return render_template("editor/article_form.html", form=form, article=current or art, section=section,
                           now_iso=timeutil.now_iso(), confirm=ConfirmForm(), conflict=current, versions=diffs)


@bp.route("/tin-bai/<int:article_id>/xoa", methods=["POST"])
def article_trash(article_id: int):
    """Move an article to the trash."""
    try:
        svc().content.trash_article(article_id)
    except NotFound:
        abort(404)
    flash("Đã chuyển tin bài vào thùng rác. Có thể khôi phục trong mục Thùng rác.", "success")
    return redirect(url_for("editor.articles"))


@bp.route("/tin-bai/<int:article_id>/khoi-phuc", methods=["POST"])
def article_restore(article_id: int):
    """Restore an article from the trash."""
    try:
        svc().content.restore_article(article_id)
    except NotFound:
        abort(404)
    flash("Đã khôi phục tin bài.", "success")
    return redirect(url_for("editor.articles", thung_rac=1))

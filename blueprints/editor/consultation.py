"""Lấy ý kiến dự thảo in the panel: drafts (generic record screens) and the moderation of comments."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for

from core.consultation import (
    COMMENT_APPROVED,
    COMMENT_HIDDEN,
    COMMENT_PENDING,
    COMMENT_STATUSES,
    STATE_UPCOMING,
    STATES,
    NotFound,
    ValidationError,
    save_attachment,
)

from . import bp
from blueprints import svc
from .crud import register_crud
from .forms import DraftForm


def _to_form(item: dict) -> dict:
    return {
        "title": item.get("title", ""),
        "summary": item.get("summary", ""),
        "body": item.get("body", ""),
        "opens_on": date.fromisoformat(item["opens_on"]) if item.get("opens_on") else None,
        "closes_on": date.fromisoformat(item["closes_on"]) if item.get("closes_on") else None,
    }


def _from_form(form: DraftForm, old: dict | None) -> dict:
    values = {
        "title": form.title.data,
        "summary": form.summary.data,
        "body": form.body.data,
        "opens_on": form.opens_on.data,
        "closes_on": form.closes_on.data,
    }
    # Check the fields first: a refused form must not leave a stored file behind.
    svc().consultations.validate(values)
    upload = form.attachment.data
    if upload is not None and getattr(upload, "filename", ""):
        values["attachment"] = save_attachment(svc().store, upload.read(), upload.filename)
    elif form.remove_attachment.data:
        values["attachment"] = None
    return values


def _period(item: dict) -> str:
    def dmy(value: str) -> str:
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}" if value else ""

    return f"{dmy(item.get('opens_on', ''))} – {dmy(item.get('closes_on', ''))}"


def _public_url(item: dict) -> str | None:
    if svc().consultations.state(item) == STATE_UPCOMING:
        return None
    return url_for("public.consultation_detail", item_id=item["id"])


register_crud(
    bp,
    name="consultation",
    url="/lay-y-kien",
    title="Lấy ý kiến dự thảo",
    item_label="dự thảo",
    records=lambda: svc().consultations,
    form_class=DraftForm,
    columns=[
        ("Tiêu đề", lambda d: d["title"]),
        ("Thời gian lấy ý kiến", _period),
        ("Tình trạng", lambda d: STATES[svc().consultations.state(d)]),
        ("Ý kiến chờ duyệt", lambda d: svc().consultations.comments.pending_counts().get(d["id"], 0)),
    ],
    to_form=_to_form,
    from_form=_from_form,
    public_url=_public_url,
    hint="Dự thảo hiện trên trang từ ngày bắt đầu; góp ý chỉ hiện sau khi được duyệt (mở dự thảo → “Duyệt ý kiến”).",
    template_form="editor/consultation/form.html",
)


def _draft_or_404(item_id: int) -> dict:
    try:
        return svc().consultations.get(item_id)
    except NotFound:
        abort(404)


@bp.route("/lay-y-kien/<int:item_id>/y-kien")
def consultation_comments(item_id: int):
    """List a draft's comments for moderation, those waiting for approval first."""
    draft = _draft_or_404(item_id)
    status = request.args.get("trang_thai", "")
    if status not in COMMENT_STATUSES:
        status = ""
    comments = svc().consultations.comments.of_draft(item_id)
    counts = {k: sum(1 for c in comments if c.get("status") == k) for k in COMMENT_STATUSES}
    order = {COMMENT_PENDING: 0, COMMENT_APPROVED: 1, COMMENT_HIDDEN: 2}
    shown = sorted((c for c in comments if not status or c.get("status") == status),
                   key=lambda c: (order.get(c.get("status"), 3), c["created_at"], c["id"]))
    return render_template("editor/consultation/comments.html", draft=draft, comments=shown, counts=counts,
                           status=status, statuses=COMMENT_STATUSES, state=STATES[svc().consultations.state(draft)])


def _moderate(item_id: int, comment_id: int, status: str, message: str):
    _draft_or_404(item_id)
    comments = svc().consultations.comments
    try:
        comment = comments.get(comment_id)
    except NotFound:
        abort(404)
    if int(comment.get("draft_id", 0)) != item_id:
        abort(404)
    try:
        comments.set_status(comment_id, status)
    except ValidationError:
        abort(400)
    flash(message, "success")
    return redirect(url_for("editor.consultation_comments", item_id=item_id))


@bp.route("/lay-y-kien/<int:item_id>/y-kien/<int:comment_id>/duyet", methods=["POST"])
def consultation_comment_approve(item_id: int, comment_id: int):
    """Approve a comment: it appears under the draft on the public page."""
    return _moderate(item_id, comment_id, COMMENT_APPROVED, "Đã duyệt ý kiến: ý kiến hiện trên trang.")


@bp.route("/lay-y-kien/<int:item_id>/y-kien/<int:comment_id>/an", methods=["POST"])
def consultation_comment_hide(item_id: int, comment_id: int):
    """Hide a comment from the public page (kept, can be approved again)."""
    return _moderate(item_id, comment_id, COMMENT_HIDDEN, "Đã ẩn ý kiến khỏi trang.")

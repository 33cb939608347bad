"""The approval queue: editors publish contributors' articles or return them with a note."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from core.errors import NotFound, ValidationError

from . import bp
from blueprints import svc
from .forms import ConfirmForm, ReturnForm


def _queue(errors: dict | None = None, notes: dict | None = None, status: int = 200):
    content = svc().content
    return render_template("editor/approval_queue.html", items=content.pending_articles(),
                           sections_by_id=content.sections_by_id(), confirm=ConfirmForm(),
                           errors=errors or {}, notes=notes or {}), status


@bp.route("/duyet-bai")
def approval_queue():
    """List the articles waiting for approval, oldest submission first."""
    return _queue()


@bp.route("/duyet-bai/<int:article_id>/duyet", methods=["POST"])
def approval_approve(article_id: int):
    """Publish a pending article (records who approved it and when)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        art = svc().content.approve_article(article_id, by=current_user.username)
    except NotFound:
        abort(404)
    except ValidationError as exc:
        flash(" ".join(exc.errors.values()), "error")
        return redirect(url_for("editor.approval_queue"))
    g.audit_action, g.audit_item = "article_approve", article_id
    flash(f"Đã duyệt và đăng tin bài “{art['title']}”.", "success")
    return redirect(url_for("editor.approval_queue"))


@bp.route("/duyet-bai/<int:article_id>/tra-lai", methods=["POST"])
def approval_return(article_id: int):
    """Send a pending article back to its author as a draft, with a note shown on its form."""
    form = ReturnForm()
    if not form.validate_on_submit():
        return _queue(errors={article_id: form.review_note.errors[0]}, notes={article_id: form.review_note.data})
    try:
        art = svc().content.return_article(article_id, by=current_user.username, note=form.review_note.data)
    except NotFound:
        abort(404)
    except ValidationError as exc:
        if "review_note" in exc.errors:
            return _queue(errors={article_id: exc.errors["review_note"]}, notes={article_id: form.review_note.data})
        flash(" ".join(exc.errors.values()), "error")
        return redirect(url_for("editor.approval_queue"))
    g.audit_action, g.audit_item = "article_return", article_id
    flash(f"Đã trả lại tin bài “{art['title']}” cho tác giả kèm ghi chú.", "success")
    return redirect(url_for("editor.approval_queue"))

"""Hỏi đáp in the panel: the inbox with answer deadlines, the answer screen, publish, trash and restore."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from core.errors import NotFound, ValidationError
from core.qa import DEFAULT_WORKING_DAYS, STATUSES, public_question

from . import bp
from blueprints.args import page_arg
from blueprints import svc
from .common import saved
from .forms import AnswerForm, ConfirmForm

PER_PAGE = 30
FILTERS = dict(STATUSES, overdue="Quá hạn")


def _working_days() -> int:
    return int(current_app.config.get("QA_ANSWER_WORKING_DAYS") or DEFAULT_WORKING_DAYS)


def _get_or_404(item_id: int) -> dict:
    try:
        return svc().questions.get(item_id)
    except NotFound:
        abort(404)


@bp.route("/hoi-dap")
def qa_inbox():
    """List questions: overdue unanswered first, each with its answer deadline; filter by status or trash."""
    status = request.args.get("trang_thai", "")
    if status not in FILTERS:
        status = ""
    trashed = request.args.get("thung_rac") == "1"
    page = page_arg()
    questions = svc().questions
    items = questions.inbox(status or None, trashed=trashed, working_days=_working_days())
    total = len(items)
    items = items[(page - 1) * PER_PAGE: page * PER_PAGE]
    if page > 1 and not items:
        abort(404)
    overdue = sum(1 for i in questions.inbox("overdue", working_days=_working_days()))
    return render_template("editor/qa/inbox.html", items=items, total=total, page=page, per_page=PER_PAGE,
                           status=status, trashed=trashed, filters=FILTERS, statuses=STATUSES,
                           overdue_count=overdue, counts=questions.counts(), working_days=_working_days())


@bp.route("/hoi-dap/<int:item_id>", methods=["GET", "POST"])
def qa_answer(item_id: int):
    """Show a question with the asker's contact details and take the editor's answer."""
    questions = svc().questions
    item = _get_or_404(item_id)
    form = AnswerForm()
    if request.method == "GET":
        form.process(data={"answer": item.get("answer", ""), "status": item.get("status"),
                           "question_public": item.get("question_public", "")})
    values = {"answer": form.answer.data, "status": form.status.data, "question_public": form.question_public.data}
    if form.validate_on_submit() and saved(form, "answer", questions.answer, item_id, values):
        flash("Đã lưu câu trả lời.", "success")
        return redirect(url_for("editor.qa_answer", item_id=item_id))
    return render_template("editor/qa/answer.html", item=questions.with_deadline(item, _working_days()),
                           form=form, statuses=STATUSES, public_question=public_question,
                           working_days=_working_days(), confirm=ConfirmForm())


def _publish(item_id: int, published: bool):
    _get_or_404(item_id)
    try:
        svc().questions.set_published(item_id, published)
    except ValidationError as exc:
        flash(next(iter(exc.errors.values())), "error")
    else:
        flash("Đã đăng câu hỏi và câu trả lời lên trang Hỏi đáp." if published
              else "Đã ẩn câu hỏi khỏi trang Hỏi đáp.", "success")
    return redirect(url_for("editor.qa_answer", item_id=item_id))


@bp.route("/hoi-dap/<int:item_id>/dang", methods=["POST"])
def qa_publish(item_id: int):
    """Publish an answered question on the public Hỏi đáp page."""
    return _publish(item_id, True)


@bp.route("/hoi-dap/<int:item_id>/an", methods=["POST"])
def qa_hide(item_id: int):
    """Take a question off the public Hỏi đáp page (the asker can still look it up)."""
    return _publish(item_id, False)


@bp.route("/hoi-dap/<int:item_id>/xoa", methods=["POST"])
def qa_trash(item_id: int):
    """Move a question (spam, duplicate) to the trash; nothing is hard-deleted."""
    _get_or_404(item_id)
    svc().questions.trash(item_id)
    flash("Đã chuyển câu hỏi vào thùng rác.", "success")
    return redirect(url_for("editor.qa_inbox"))


@bp.route("/hoi-dap/<int:item_id>/khoi-phuc", methods=["POST"])
def qa_restore(item_id: int):
    """Bring a question back from the trash."""
    _get_or_404(item_id)
    svc().questions.restore(item_id)
    flash("Đã khôi phục câu hỏi.", "success")
    return redirect(url_for("editor.qa_answer", item_id=item_id))

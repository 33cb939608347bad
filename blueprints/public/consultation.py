"""Lấy ý kiến dự thảo: the drafts, their attachment, approved comments and the comment form."""
from __future__ import annotations

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from blueprints import svc
from blueprints.args import send_download
from core.consultation import COMMENT_APPROVED, MAX_COMMENT, MAX_NAME, STATES
from core.errors import NotFound, ValidationError
from core.qa import honeypot_filled
from core.security import RateLimited

from . import bp
from .forms import CommentForm
from .qa import attach, client_address, rate_limit
from .routes import _count_hit

THANKS = "Cảm ơn ông/bà đã góp ý. Ý kiến sẽ được hiển thị sau khi Ban Biên tập duyệt."




@bp.route("/lay-y-kien")
def consultation():
    """List the drafts: those open for comment first (with their deadline), then the closed ones."""
    open_, closed = svc().consultations.public_list()
    _count_hit()
    return render_template("public/consultation/index.html", open_drafts=open_, closed_drafts=closed,
                           comments=svc().consultations.comments, approved=COMMENT_APPROVED)


@bp.route("/lay-y-kien/<int:item_id>", methods=["GET", "POST"])
def consultation_detail(item_id: int):
    """Show a draft with its approved comments and, while it is open, take a comment."""
    drafts = svc().consultations
    try:
        draft = drafts.public_get(item_id)
    except NotFound:
        abort(404)
    is_open = drafts.is_open(draft)
    form = CommentForm()
    status = 200
    closed_message = limit_message = None
    if request.method == "POST":
        if not is_open:
            closed_message = "Dự thảo này đã hết hạn lấy ý kiến; không nhận thêm góp ý."
            status = 403
        elif honeypot_filled(request.form.get("website")):
            # A robot: the same answer as for a person, nothing stored.
            flash(THANKS, "success")
            return redirect(url_for("public.consultation_detail", item_id=item_id))
        elif form.validate_on_submit():
            values = {k: form[k].data for k in ("name", "email", "comment")}
            try:
                drafts.add_comment(item_id, values, client_address(), rate_limit("CONSULTATION_RATE_LIMIT"))
            except ValidationError as exc:
                if "closed" in exc.errors:
                    closed_message, status, is_open = exc.errors["closed"], 403, False
                else:
                    attach(form, exc, "comment")
            except RateLimited as exc:
                limit_message = exc.message("góp ý")
                status = 429
            else:
                flash(THANKS, "success")
                return redirect(url_for("public.consultation_detail", item_id=item_id))
    else:
        _count_hit()
    return render_template(
        "public/consultation/detail.html", draft=draft, is_open=is_open, state=STATES[drafts.state(draft)],
        attachment=drafts.attachment_info(draft),
        comments=drafts.comments.of_draft(draft["id"], COMMENT_APPROVED), form=form,
        closed_message=closed_message, limit_message=limit_message, max_comment=MAX_COMMENT, max_name=MAX_NAME,
    ), status


@bp.route("/lay-y-kien/<int:item_id>/tep-dinh-kem")
def consultation_file(item_id: int):
    """Send a draft's attached file as a download (never shown inline, never sniffed)."""
    drafts = svc().consultations
    try:
        draft = drafts.public_get(item_id)
        path = drafts.attachment_path(draft)
    except NotFound:
        abort(404)
    info = drafts.attachment_info(draft)
    if info is None:
        abort(404)
    return send_download(path, info["mimetype"], info["download_name"])

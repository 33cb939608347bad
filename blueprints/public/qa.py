"""Hỏi đáp: the published answers, the question form, its confirmation and the status lookup."""
from __future__ import annotations

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from blueprints import svc
from core.qa import (
    DEFAULT_RATE_LIMIT,
    DEFAULT_WORKING_DAYS,
    MAX_EMAIL,
    MAX_NAME,
    MAX_PHONE,
    MAX_QUESTION,
    STATUSES,
    TOPIC_SLUGS,
    NotFound,
    ValidationError,
    honeypot_filled,
    is_public,
    new_code,
    public_question,
    short_name,
)
from core.security import RateLimited

from . import bp
from .forms import QuestionForm
from blueprints.args import page_arg
from .routes import _count_hit

SESSION_CODE = "qa_code"


def attach(form, exc: ValidationError, fallback: str) -> None:
    """Put core validation messages next to their fields (unknown fields go to ``fallback``)."""
    for name, message in exc.errors.items():
        target = form[name] if name in form else form[fallback]
        target.errors = list(target.errors) + [message]


def client_address() -> str:
    """Return the address a submission is counted under (never stored raw)."""
    return request.remote_addr or "-"


def rate_limit(key: str = "QA_RATE_LIMIT") -> tuple[int, int]:
    """Return (submissions, seconds) allowed per address from the app config."""
    value = current_app.config.get(key) or current_app.config.get("QA_RATE_LIMIT") or DEFAULT_RATE_LIMIT
    return int(value[0]), int(value[1])


def working_days() -> int:
    """Return the number of working days the commune takes to answer (app config)."""
    return int(current_app.config.get("QA_ANSWER_WORKING_DAYS") or DEFAULT_WORKING_DAYS)




@bp.route("/hoi-dap")
def qa():
    """List the published questions and answers, newest answer first, searchable and by topic."""
    q = request.args.get("q", "").strip()[:200]
    topic_slug = request.args.get("linh_vuc", "")
    topic = TOPIC_SLUGS.get(topic_slug)
    if topic is None:
        topic_slug = ""
    page = page_arg()
    per_page = current_app.config["PER_PAGE"]
    items = svc().questions.published(q, topic)
    total = len(items)
    items = items[(page - 1) * per_page: page * per_page]
    if page > 1 and not items:
        abort(404)
    _count_hit()
    return render_template("public/qa/index.html", items=items, total=total, page=page, per_page=per_page,
                           q=q, topic=topic, topic_slug=topic_slug, topics=TOPIC_SLUGS,
                           short_name=short_name, public_question=public_question)


@bp.route("/hoi-dap/<int:item_id>")
def qa_item(item_id: int):
    """Show one published question and its answer on a page of its own (to link to and to share)."""
    try:
        item = svc().questions.get_live(item_id)
    except NotFound:
        abort(404)
    if not is_public(item):
        abort(404)
    _count_hit()
    return render_template("public/qa/item.html", item=item, short_name=short_name, public_question=public_question)


@bp.route("/hoi-dap/gui-cau-hoi", methods=["GET", "POST"])
def qa_ask():
    """Take a citizen's question (honeypot and per-address limit, no third-party service)."""
    form = QuestionForm()
    limit_message = None
    if request.method == "POST" and honeypot_filled(request.form.get("website")):
        # A robot: answer as if all went well, store nothing.
        session[SESSION_CODE] = new_code()
        return redirect(url_for("public.qa_sent"))
    if form.validate_on_submit():
        values = {k: form[k].data for k in ("name", "phone", "email", "topic", "question")}
        try:
            item = svc().questions.submit(values, client_address(), rate_limit())
        except ValidationError as exc:
            attach(form, exc, "question")
        except RateLimited as exc:
            limit_message = exc.message("câu hỏi")
        else:
            session[SESSION_CODE] = item["code"]
            return redirect(url_for("public.qa_sent"))
    if request.method == "GET":
        _count_hit()
    status = 429 if limit_message else 200
    return render_template("public/qa/ask.html", form=form, limit_message=limit_message,
                           limits={"name": MAX_NAME, "phone": MAX_PHONE, "email": MAX_EMAIL,
                                   "question": MAX_QUESTION}, working_days=working_days()), status


@bp.route("/hoi-dap/da-gui")
def qa_sent():
    """Confirm a question was received and show its lookup code."""
    code = session.get(SESSION_CODE)
    if not code:
        return redirect(url_for("public.qa_ask"))
    return render_template("public/qa/sent.html", code=code, working_days=working_days())


@bp.route("/hoi-dap/tra-cuu")
def qa_lookup():
    """Show the status (and the answer) of a question from its lookup code."""
    code = request.args.get("ma", "").strip()[:40]
    item = None
    not_found = False
    if code:
        try:
            item = svc().questions.by_code(code)
        except NotFound:
            not_found = True
    _count_hit()
    return render_template("public/qa/lookup.html", code=code, item=item, not_found=not_found,
                           statuses=STATUSES, public_question=public_question), (404 if not_found else 200)

"""Nhập dữ liệu: bring in the site a commune already has (RSS, Atom or a WordPress export), in steps."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from core.errors import NotFound, ValidationError
from core.feed_source import KIND_LABELS, MAX_SOURCE_BYTES, parse_source
from core.import_jobs import STATUS_DONE, STATUS_PLANNED
from core.importer import ImportSettings, fetch_source

from . import bp
from blueprints import svc
from blueprints.importing import import_runtime
from .common import attach_errors, section_choices
from .forms import ConfirmForm, ImportSourceForm, import_start_form

MAX_CATEGORIES = 60  # old categories offered for mapping; the rest go to the target section
RECENT_JOBS = 8
UPLOAD_LIMIT = 2 * MAX_SOURCE_BYTES  # a request up to this size reaches the form, which refuses what is over the limit
SAME_AS_TARGET = 0


def _runtime() -> dict:
    return import_runtime(current_app, lambda name: url_for("public.upload", name=name))


def _job_or_404(job_id: int) -> dict:
    try:
        return svc().import_jobs.get_live(job_id)
    except NotFound:
        abort(404)


def _read_source(form: ImportSourceForm, rules) -> tuple[bytes, str, str] | None:
    """Return the chosen source's bytes, its name and address, or None with the error next to its field."""
    upload = form.file.data
    has_file = bool(upload and getattr(upload, "filename", ""))
    address = (form.url.data or "").strip()
    if has_file and address:
        form.url.errors.append("Chỉ chọn một trong hai: tệp hoặc địa chỉ nguồn tin.")
        return None
    if not has_file and not address:
        form.file.errors.append("Vui lòng chọn tệp hoặc nhập địa chỉ nguồn tin.")
        return None
    field = "file" if has_file else "url"
    try:
        if has_file:
            return upload.stream.read(MAX_SOURCE_BYTES + 1), upload.filename[:300], ""
        return fetch_source(address, rules), address, address
    except ValidationError as exc:
        attach_errors(form, ValidationError({field: exc.errors["source"]}), field)
    return None


@bp.url_value_preprocessor
def _import_request_limit(endpoint: str | None, values: dict | None) -> None:
    """Let a logged-in editor's export larger than a form in (up to twice the source limit, so that the form
    can say it is too large).

    Set here because URL value preprocessors run before every before_request hook, and the CSRF check, one
    of those, reads the body; an anonymous request keeps the site's limit.
    """
    if endpoint == "editor.import_form" and current_user.is_authenticated:
        request.max_content_length = UPLOAD_LIMIT


@bp.route("/nhap-du-lieu", methods=["GET", "POST"])
def import_form():
    """Choose a feed, a WordPress export or a feed's address, and where it goes; POST shows the dry run."""
    form = ImportSourceForm()
    submitted = form.validate_on_submit()
    form.section_id.choices = section_choices()
    if submitted:
        runtime = _runtime()
        source = _read_source(form, runtime["rules"])
        if source is not None:
            data, name, address = source
            settings = ImportSettings(section_id=form.section_id.data, draft=bool(form.draft.data),
                                      by=current_user.username, **runtime)
            try:
                feed = parse_source(data, address)
                plan = svc().importer.plan(feed, settings)
            except ValidationError as exc:
                field = "file" if not address else "url"
                errors = {("section_id" if k == "section_id" else field): v for k, v in exc.errors.items()}
                attach_errors(form, ValidationError(errors), field)
            else:
                job = svc().import_jobs.create(data, name, address, feed, plan, settings)
                g.audit_item = f"nhập dữ liệu {job['id']}"
                return redirect(url_for("editor.import_job", job_id=job["id"]))
        if form.file.errors and form.file.data:
            form.file.errors.append("Vui lòng chọn lại tệp.")
    jobs = svc().import_jobs.all()[:RECENT_JOBS]
    return render_template("editor/import/form.html", form=form, jobs=jobs, kinds=KIND_LABELS,
                           sections=svc().content.sections_by_id())


def _start_form(job: dict):
    categories = list(job["plan"]["categories"])[:MAX_CATEGORIES]
    choices = section_choices()
    form = import_start_form(categories, [(SAME_AS_TARGET, "(như chuyên mục nhận tin bài)"), *choices])
    form.section_id.choices = choices
    if request.method == "GET":
        form.section_id.data = job["section_id"]
        form.draft.data = bool(job.get("draft"))
    return form, categories


@bp.route("/nhap-du-lieu/<int:job_id>")
def import_job(job_id: int):
    """Show an import: its dry run and where items go, how far it got, or what it did."""
    job = _job_or_404(job_id)
    form, categories = _start_form(job) if job["status"] == STATUS_PLANNED else (None, [])
    return render_template("editor/import/job.html", job=job, form=form, categories=categories, confirm=ConfirmForm(),
                           kinds=KIND_LABELS, sections=svc().content.sections_by_id())


@bp.route("/nhap-du-lieu/<int:job_id>/bat-dau", methods=["POST"])
def import_start(job_id: int):
    """Fix where a planned import's items go and start it (the steps then run from the job's page)."""
    job = _job_or_404(job_id)
    if job["status"] != STATUS_PLANNED:
        return redirect(url_for("editor.import_job", job_id=job_id))
    form, categories = _start_form(job)
    if form.validate_on_submit():
        mapping = {}
        for n, name in enumerate(categories):
            chosen = form[f"cat_{n}"].data
            if chosen and chosen != SAME_AS_TARGET:
                mapping[name] = chosen
        try:
            svc().import_jobs.start(job_id, form.section_id.data, mapping, bool(form.draft.data))
        except ValidationError as exc:
            attach_errors(form, exc, "section_id")
        else:
            g.audit_action, g.audit_item = "import", f"nhập dữ liệu {job_id}"
            return redirect(url_for("editor.import_job", job_id=job_id))
    return render_template("editor/import/job.html", job=job, form=form, categories=categories, confirm=ConfirmForm(),
                           kinds=KIND_LABELS, sections=svc().content.sections_by_id())


@bp.route("/nhap-du-lieu/<int:job_id>/tiep-tuc", methods=["POST"])
def import_step(job_id: int):
    """Import the next items of a running import (a few seconds' worth), then show how far it got."""
    _job_or_404(job_id)
    if ConfirmForm().validate_on_submit():
        try:
            job = svc().import_jobs.step(job_id, float(current_app.config["IMPORT_STEP_SECONDS"]),
                                           **_runtime())
        except ValidationError as exc:
            flash(" ".join(exc.errors.values()), "error")
        else:
            g.audit_action, g.audit_item = "import", f"nhập dữ liệu {job_id}"
            if job["status"] == STATUS_DONE:
                flash(f"Đã nhập xong: {job['imported']} tin bài, bỏ qua {job['skipped_count']} mục.", "success")
    else:
        flash("Yêu cầu không hợp lệ, vui lòng thử lại.", "error")
    return redirect(url_for("editor.import_job", job_id=job_id))

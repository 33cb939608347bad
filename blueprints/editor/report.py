"""The activity report (Báo cáo): figures for a period, report drafts, the .docx and the print view."""
from __future__ import annotations

import io
from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from core import pdf_render, report_export
from core.report_document import PLACEHOLDERS, blanks, build_document
from core.reports import DATE_FIELDS, LINE_FIELDS, SHORT_FIELDS, TEXT_FIELDS, Reports, draft_defaults, period_of
from core.report_figures import compute_stats, default_period, period_from_args
from core.qa import DEFAULT_WORKING_DAYS
from core.errors import NotFound, ValidationError

from . import bp
from blueprints import svc
from .common import saved
from .forms import ConfirmForm, ReportForm, ReportPeriodForm

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def reports() -> Reports:
    """Return the app's report drafts (one instance per app, so its read cache is shared)."""
    ext = current_app.extensions
    if "trangxa.reports" not in ext:
        ext["trangxa.reports"] = Reports(svc().store)
    return ext["trangxa.reports"]


def _working_days() -> int:
    return int(current_app.config.get("QA_ANSWER_WORKING_DAYS") or DEFAULT_WORKING_DAYS)


def compute(start: date, end: date, show_hidden: bool = False) -> dict:
    """Return the report's figures for a period (counters merged first, so they are current)."""
    s = svc()
    s.counters.merge()
    return compute_stats(s.content, s.counters, s.documents, s.questions, start, end,
                         working_days=_working_days(), people=s.people, show_hidden=show_hidden)


def _draft_or_404(report_id: int) -> dict:
    try:
        return reports().get(report_id)
    except NotFound:
        abort(404)


def _period_form() -> tuple[ReportPeriodForm, date, date]:
    """Return the GET period form and the period it asks for (the default one when blank or wrong)."""
    form = ReportPeriodForm(request.args)
    start, end = default_period(svc().content.settings())
    if form.validate():
        start = form.tu.data or start
        end = form.den.data or end
        if start > end:
            form.den.errors = ["Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."]
            start, end = default_period(svc().content.settings())
    form.tu.data, form.den.data = start, end
    return form, start, end


@bp.route("/bao-cao")
def report():
    """Show the figures of a period (default: since the site started) and the saved report drafts."""
    form, start, end = _period_form()
    trashed = request.args.get("thung_rac") == "1"
    return render_template("editor/report/index.html", form=form, stats=compute(start, end),
                           drafts=reports().all(trashed=trashed), trashed=trashed, confirm=ConfirmForm())


@bp.route("/bao-cao/moi", methods=["POST"])
def report_new():
    """Create a report draft for the period, prefilled from the settings, the board and the register."""
    s = svc()
    settings = s.content.settings()
    start, end, errors = period_from_args(request.form.get("tu"), request.form.get("den"), settings)
    if errors:
        flash(" ".join(errors.values()), "error")
        return redirect(url_for("editor.report"))
    values = draft_defaults(settings, s.people, s.documents, s.content.links(), start, end)
    values["created_by"] = current_user.username
    draft = reports().save(values)
    flash("Đã tạo bản nháp báo cáo từ số liệu của trang. Hãy đọc lại, sửa rồi bấm “Lưu bản nháp”.", "success")
    return redirect(url_for("editor.report_edit", report_id=draft["id"]))


def _to_form(draft: dict) -> dict:
    data = {k: draft.get(k, "") for k in (*SHORT_FIELDS, *LINE_FIELDS, *TEXT_FIELDS)}
    for name in DATE_FIELDS:
        data[name] = date.fromisoformat(draft[name]) if draft.get(name) else None
    data["include_appendix"] = bool(draft.get("include_appendix"))
    data["allow_blanks"] = bool(draft.get("allow_blanks"))
    data["show_hidden_sections"] = bool(draft.get("show_hidden_sections"))
    return data


def _from_form(form: ReportForm) -> dict:
    values = {name: form[name].data for name in (*SHORT_FIELDS, *LINE_FIELDS, *TEXT_FIELDS)}
    for name in DATE_FIELDS:
        # A date the browser could not parse is kept as typed, so the core rules say what is wrong with it.
        values[name] = form[name].data or (form[name].raw_data or [""])[0]
    values["include_appendix"] = form.include_appendix.data
    values["allow_blanks"] = form.allow_blanks.data
    values["show_hidden_sections"] = form.show_hidden_sections.data
    return values


@bp.route("/bao-cao/<int:report_id>", methods=["GET", "POST"])
def report_edit(report_id: int):
    """Edit a report draft; the figures of its period are shown below the form."""
    draft = _draft_or_404(report_id)
    form = ReportForm()
    if request.method == "GET":
        form.process(data=_to_form(draft))
    if form.validate_on_submit() and saved(form, "subject", reports().save, _from_form(form), report_id):
        flash("Đã lưu bản nháp báo cáo.", "success")
        return redirect(url_for("editor.report_edit", report_id=report_id))
    start, end = period_of(draft)
    stats = compute(start, end, bool(draft.get("show_hidden_sections")))
    placeholders = [(name, stats["figures"][key]) for name, key in PLACEHOLDERS.items()]
    return render_template("editor/report/edit.html", form=form, draft=draft, stats=stats,
                           placeholders=placeholders, confirm=ConfirmForm(), blanks=blanks(draft, stats),
                           pdf_available=pdf_render.soffice() is not None)


def _model(draft: dict) -> tuple[dict, dict]:
    start, end = period_of(draft)
    stats = compute(start, end, bool(draft.get("show_hidden_sections")))
    return build_document(draft, stats), stats


def _file_name(draft: dict, ext: str) -> str:
    return f"bao-cao-trang-thong-tin-{draft['period_start']}-den-{draft['period_end']}.{ext}"


def _docx_or_refusal(report_id: int) -> tuple[dict, bytes | None]:
    """Return the draft and its .docx, or no file (with a message) while blanks are left unmarked."""
    draft = _draft_or_404(report_id)
    model, stats = _model(draft)
    left = blanks(draft, stats)
    if left and not draft.get("allow_blanks"):
        flash("Báo cáo còn chỗ trống “…” ở: " + ", ".join(left) + ". Hãy điền vào, hoặc đánh dấu “Để trống có "
              "chủ đích” rồi lưu bản nháp, trước khi tải về.", "error")
        return draft, None
    return draft, report_export.report_docx(model)


@bp.route("/bao-cao/<int:report_id>/tai-ve.docx")
def report_docx(report_id: int):
    """Download the report as a Word file in the administrative format (Nghị định 30/2020)."""
    draft, payload = _docx_or_refusal(report_id)
    if payload is None:
        return redirect(url_for("editor.report_edit", report_id=report_id))
    return send_file(io.BytesIO(payload), mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=_file_name(draft, "docx"), max_age=0)


@bp.route("/bao-cao/<int:report_id>/tai-ve.pdf")
def report_pdf(report_id: int):
    """Download the same report as a PDF, made from the .docx by LibreOffice on the server."""
    if pdf_render.soffice() is None:
        abort(404)
    draft, payload = _docx_or_refusal(report_id)
    if payload is None:
        return redirect(url_for("editor.report_edit", report_id=report_id))
    try:
        pdf = pdf_render.docx_to_pdf(payload, "bao-cao")
    except ValidationError as exc:
        flash(" ".join(exc.errors.values()), "error")
        return redirect(url_for("editor.report_edit", report_id=report_id))
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=_file_name(draft, "pdf"), max_age=0)


@bp.route("/bao-cao/<int:report_id>/ban-in")
def report_print(report_id: int):
    """Show the report as a printable A4 page (the browser's Print command makes the paper copy)."""
    draft = _draft_or_404(report_id)
    model, stats = _model(draft)
    return render_template("editor/report/print.html", model=model, stats=stats, draft=draft)


@bp.route("/bao-cao/<int:report_id>/xoa", methods=["POST"])
def report_trash(report_id: int):
    """Move a report draft to the trash."""
    _draft_or_404(report_id)
    reports().trash(report_id)
    flash("Đã chuyển bản nháp báo cáo vào thùng rác.", "success")
    return redirect(url_for("editor.report"))


@bp.route("/bao-cao/<int:report_id>/khoi-phuc", methods=["POST"])
def report_restore(report_id: int):
    """Bring a report draft back from the trash."""
    _draft_or_404(report_id)
    reports().restore(report_id)
    flash("Đã khôi phục bản nháp báo cáo.", "success")
    return redirect(url_for("editor.report_edit", report_id=report_id))

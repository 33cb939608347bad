"""Công khai ngân sách: list, create, edit, trash and restore budget disclosures; the deadlines of the required ones."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from core import budget as rules
from core.errors import NotFound, ValidationError
from core.store import StoreFull
from core.uploads import save_document, size_label

from . import bp
from blueprints import svc
from .budget_forms import BudgetDeadlinesForm, BudgetForm, budget_values, deadline_field
from .common import attach_errors, max_document_bytes
from .crud import register_crud


def _prepare(form: BudgetForm) -> None:
    """Describe the current file (kept unless a new one is chosen) and the size limit."""
    item = None
    item_id = (request.view_args or {}).get("item_id")
    if item_id is not None:
        try:
            item = svc().budget.get(item_id)
        except NotFound:
            abort(404)
    limit = f"tối đa {size_label(max_document_bytes())}"
    att = item.get("attachment") if item else None
    if att:
        form.attachment.description = (
            f"Tệp hiện tại: {att['original']} ({item['attachment_label']}). Để trống để giữ tệp này; "
            f"chọn tệp mới (PDF, DOC, DOCX, XLS, XLSX, {limit}) để thay thế.")
    else:
        form.attachment.description = f"PDF, Word (DOC, DOCX) hoặc Excel (XLS, XLSX), {limit}."


def _to_form(item: dict) -> dict:
    return {"year": str(item.get("year", "")), "kind": item.get("kind", ""), "title": item.get("title", ""),
            "number": item.get("number", ""), "issued_on": item.get("issued_vn", ""),
            "disclosed_on": item.get("disclosed_vn", ""), "note": item.get("note", "")}


def _from_form(form: BudgetForm, old: dict | None) -> dict:
    """Return the values to save; store the new file only now that the whole form is valid."""
    values = budget_values(form)
    if form.upload is not None:
        values["attachment"] = save_document(svc().store, form.upload, form.attachment.data.filename,
                                             max_document_bytes())
    else:
        values["attachment"] = old.get("attachment") if old else None
    return values


class _DeadlinesHint:
    """The list's hint: a link to the deadlines screen, built at render time (url_for needs a request)."""

    def __bool__(self) -> bool:
        return True

    def __html__(self) -> str:
        return Markup("Thời hạn công khai của từng loại (bảng Tổng quan nhắc khi thiếu hoặc muộn) được sửa tại "
                      '<a href="{}">Thời hạn công khai</a>.').format(url_for("editor.budget_deadlines"))


register_crud(
    bp,
    name="budget",
    url="/ngan-sach",
    title="Công khai ngân sách",
    item_label="tài liệu công khai ngân sách",
    records=lambda: svc().budget,
    form_class=BudgetForm,
    columns=[
        ("Tiêu đề", lambda b: b["title"]),
        ("Năm", lambda b: b["year"]),
        ("Loại", lambda b: b["kind_name"]),
        ("Ngày công khai", lambda b: b["disclosed_vn"]),
        ("Tệp đính kèm", lambda b: b["attachment"]["original"] if b.get("attachment") else "—"),
    ],
    to_form=_to_form,
    from_form=_from_form,
    prepare=_prepare,
    public_url=lambda b: url_for("public.budget_item", id=b["id"], slug=b["slug"]),
    hint=_DeadlinesHint(),
)


@bp.route("/ngan-sach/thoi-han", methods=["GET", "POST"])
def budget_deadlines():
    """Show and change the deadline of each kind of required budget disclosure."""
    budget = svc().budget
    form = BudgetDeadlinesForm()
    if request.method == "GET":
        for kind, rule in budget.deadlines().items():
            form[deadline_field(kind)].data = f"{rule[0]:02d}/{rule[1]:02d}" if rule else ""
            form[deadline_field(kind) + "_nam"].data = rule[2] if rule else 0
    if form.validate_on_submit():
        values = {}
        for kind in rules.KINDS:
            values[kind] = form[deadline_field(kind)].data
            values[f"{kind}_offset"] = form[deadline_field(kind) + "_nam"].data
        try:
            budget.save_deadlines(values)
        except (ValidationError, StoreFull) as exc:
            if isinstance(exc, ValidationError):
                exc = ValidationError({deadline_field(k.removesuffix("_offset")) + ("_nam" if k.endswith("_offset")
                                                                                   else ""): v
                                       for k, v in exc.errors.items()})
            attach_errors(form, exc, deadline_field(next(iter(rules.KINDS))))
        else:
            flash("Đã lưu thời hạn công khai ngân sách.", "success")
            return redirect(url_for("editor.budget_deadlines"))
    rows = [(rules.KINDS[k][0], form[deadline_field(k)], form[deadline_field(k) + "_nam"]) for k in rules.KINDS]
    return render_template("editor/budget/deadlines.html", form=form, rows=rows,
                           defaults=rules.DEFAULT_DEADLINES, kinds=rules.KINDS)

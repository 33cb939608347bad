"""Thủ tục hành chính: list, create, edit, trash and restore procedures; update the list from the province's file."""
from __future__ import annotations

import json

from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from core import procedure_import as importing
from core.errors import ValidationError
from core.procedures import FIELDS
from core.store import StoreFull

from . import bp
from blueprints import svc
from .common import DISK_FULL, attach_errors
from .crud import register_crud
from .procedure_forms import ProcedureForm, ProcedureImportConfirmForm, ProcedureImportForm, procedure_values


def _to_form(item: dict) -> dict:
    return {name: item.get(name, "") for name in FIELDS}


class _ImportHint:
    """The list's hint: a link to the import screen, built at render time (url_for needs a request)."""

    def __bool__(self) -> bool:
        return True

    def __html__(self) -> str:
        return Markup("Cập nhật cả danh sách từ tệp CSV hoặc Excel của tỉnh tại "
                      '<a href="{}">Nhập từ tệp</a>.').format(url_for("editor.procedures_import"))


register_crud(
    bp,
    name="procedures",
    url="/thu-tuc-hanh-chinh",
    title="Thủ tục hành chính",
    item_label="thủ tục",
    records=lambda: svc().procedures,
    form_class=ProcedureForm,
    columns=[
        ("Mã", lambda t: t.get("code") or "—"),
        ("Tên thủ tục", lambda t: t["name"] if len(t["name"]) <= 120 else t["name"][:117] + "…"),
        ("Lĩnh vực", lambda t: t["field"]),
        ("Mức độ", lambda t: t.get("service_level") or "—"),
    ],
    to_form=_to_form,
    from_form=lambda form, old: procedure_values(form),
    public_url=lambda t: url_for("public.procedure", id=t["id"], slug=t["slug"]),
    hint=_ImportHint(),
)


def _payload(plan: importing.ImportPlan) -> str:
    return json.dumps({"columns": plan.columns, "ignored": plan.ignored, "rows": plan.rows}, ensure_ascii=False)


@bp.route("/thu-tuc-hanh-chinh/nhap", methods=["GET", "POST"])
def procedures_import():
    """Read the province's CSV or XLSX file and show what importing it would change (nothing is written yet)."""
    form = ProcedureImportForm()
    plan = None
    confirm = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.stream.read(importing.MAX_IMPORT_BYTES + 1)
        try:
            plan = importing.plan_file(svc().procedures, data, upload.filename or "")
        except ValidationError as exc:
            attach_errors(form, exc, "file")
        else:
            confirm = ProcedureImportConfirmForm(formdata=None)
            confirm.rows.data = _payload(plan)
            g.audit_detail = f"xem trước tệp {upload.filename}"
    return render_template("editor/procedures/import.html", form=form, plan=plan, confirm=confirm,
                           labels=importing.COLUMN_LABELS)


@bp.route("/thu-tuc-hanh-chinh/nhap/ap-dung", methods=["POST"])
def procedures_import_apply():
    """Apply the import the dry run showed: compare the rows again with today's data and write the differences."""
    form = ProcedureImportConfirmForm()
    if not form.validate_on_submit():
        flash(importing.BAD_ROWS_DATA, "error")
        return redirect(url_for("editor.procedures_import"))
    try:
        payload = json.loads(form.rows.data or "")
        if not isinstance(payload, dict):
            raise ValueError
        plan = importing.plan_rows(svc().procedures, payload.get("rows"), payload.get("columns"),
                                   payload.get("ignored") if isinstance(payload.get("ignored"), list) else [])
        written = importing.apply_plan(svc().procedures, plan, current_user.username)
    except (ValueError, ValidationError):
        flash(importing.BAD_ROWS_DATA, "error")
        return redirect(url_for("editor.procedures_import"))
    except StoreFull:
        flash(DISK_FULL, "error")
        return redirect(url_for("editor.procedures_import"))
    g.audit_detail = f"thêm {len(plan.added)}, cập nhật {len(plan.changed)}, giữ nguyên {len(plan.unchanged)}"
    message = (f"Đã nhập danh sách thủ tục: thêm {len(plan.added)}, cập nhật {len(plan.changed)}, "
               f"giữ nguyên {len(plan.unchanged)} thủ tục.")
    if plan.errors:
        message += f" Bỏ qua {len(plan.errors)} dòng có lỗi."
    flash(message, "success" if written or not plan.errors else "error")
    return redirect(url_for("editor.procedures_list"))

"""Forms of Công khai ngân sách: one disclosure, and the deadlines of the required ones."""
from __future__ import annotations

from flask import request
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from blueprints import svc
from blueprints.forms import ViForm
from core import budget as rules
from core.errors import ValidationError
from core.store import StoreFull
from core.uploads import detect_document

from .common import attach_errors, max_document_bytes

VALUE_FIELDS = ("year", "kind", "title", "number", "issued_on", "disclosed_on", "note")


class BudgetForm(ViForm):
    """One budget disclosure with its document and attached file."""

    year = StringField("Năm ngân sách", description="Năm của ngân sách được công khai, ví dụ 2025.",
                       validators=[DataRequired("Vui lòng nhập năm ngân sách."), Length(max=4)],
                       render_kw={"inputmode": "numeric", "autocomplete": "off"})
    kind = SelectField("Loại công khai", choices=[SelectChoice("", "— Chọn loại công khai —")] + [
        SelectChoice(k, v[0]) for k, v in rules.KINDS.items()])
    title = StringField("Tiêu đề", description="Ví dụ: Công khai dự toán ngân sách xã năm 2025.",
                        validators=[DataRequired("Vui lòng nhập tiêu đề."), Length(max=rules.MAX_TITLE)])
    number = StringField("Số ký hiệu văn bản", description="Quyết định công bố công khai, ví dụ 05/QĐ-UBND.",
                         validators=[DataRequired("Vui lòng nhập số ký hiệu văn bản."),
                                     Length(max=rules.MAX_NUMBER)])
    issued_on = StringField("Ngày ký văn bản", description="Ngày/tháng/năm, ví dụ 10/01/2025.",
                            validators=[DataRequired("Vui lòng nhập ngày ký văn bản."), Length(max=20)])
    disclosed_on = StringField("Ngày công khai", description="Ngày đăng công khai, ngày/tháng/năm.",
                               validators=[DataRequired("Vui lòng nhập ngày công khai."), Length(max=20)])
    note = TextAreaField("Ghi chú", description="Không bắt buộc: nội dung chính, nơi niêm yết …",
                         validators=[Optional(), Length(max=rules.MAX_NOTE)])
    attachment = FileField("Tệp đính kèm", description="PDF, Word (DOC, DOCX) hoặc Excel (XLS, XLSX).")

    upload: bytes | None = None

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, the rules of a disclosure and the uploaded file, so every mistake shows at once."""
        ok = super().validate(extra_validators)
        try:
            svc().budget.validate(budget_values(self), (request.view_args or {}).get("item_id"))
        except ValidationError as exc:
            fresh = {k: v for k, v in exc.errors.items() if k not in self or not self[k].errors}
            if fresh:
                attach_errors(self, ValidationError(fresh), "title")
            ok = False
        self.upload = None
        upload = self.attachment.data
        if upload is not None and getattr(upload, "filename", ""):
            data = upload.stream.read(max_document_bytes() + 1)
            try:
                detect_document(data, "attachment", max_document_bytes())
            except (ValidationError, StoreFull) as exc:
                attach_errors(self, exc, "attachment")
                ok = False
            else:
                self.upload = data
                if not ok:
                    attach_errors(self, ValidationError({"attachment": (
                        "Tệp hợp lệ nhưng chưa được lưu vì biểu mẫu còn lỗi: vui lòng chọn lại tệp.")}),
                        "attachment")
        return ok


def budget_values(form: BudgetForm) -> dict:
    """Return the fields of a disclosure form (the attachment apart)."""
    return {name: form[name].data for name in VALUE_FIELDS}


def deadline_field(kind: str) -> str:
    """Return the name of the day/month field of a kind (the offset field adds ``_nam``)."""
    return "han_" + kind.replace("-", "_")


class BudgetDeadlinesForm(ViForm):
    """The deadline (day/month and which year) of each kind of disclosure; fields added below, one pair per kind."""


for _kind, (_name, _words) in rules.KINDS.items():
    setattr(BudgetDeadlinesForm, deadline_field(_kind), StringField(
        f"{_name}: hạn (ngày/tháng)", validators=[Optional(), Length(max=5)],
        description="Ví dụ 15/04. Để trống nếu không theo dõi loại này."))
    setattr(BudgetDeadlinesForm, deadline_field(_kind) + "_nam", SelectField(
        f"{_name}: hạn thuộc", coerce=int, choices=[SelectChoice(k, v) for k, v in rules.YEAR_OFFSETS.items()]))

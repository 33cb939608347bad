"""Forms of the procedures area (thủ tục hành chính): one procedure, and the import file with its confirmation."""
from __future__ import annotations

from flask import request
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from blueprints import svc
from blueprints.forms import ViForm
from core.errors import ValidationError
from core.procedures import FIELDS

from .common import attach_errors


def _limit(name: str) -> Length:
    return Length(max=FIELDS[name][1])


class ProcedureForm(ViForm):
    """One administrative procedure."""

    code = StringField("Mã thủ tục", description="Mã trên Cổng Dịch vụ công quốc gia, ví dụ 1.001193. Dùng để "
                       "cập nhật từ tệp của tỉnh.", validators=[Optional(), _limit("code")])
    name = StringField("Tên thủ tục", validators=[DataRequired("Vui lòng nhập tên thủ tục."), _limit("name")])
    field = StringField("Lĩnh vực", description="Ví dụ: Hộ tịch, Chứng thực", validators=[
        DataRequired("Vui lòng nhập lĩnh vực."), _limit("field")])
    level = StringField("Cấp thực hiện", description="Để trống nghĩa là Cấp xã.",
                        validators=[Optional(), _limit("level")])
    service_level = StringField("Mức độ dịch vụ công", description="Ví dụ: Toàn trình, Một phần.",
                                validators=[Optional(), _limit("service_level")])
    duration = TextAreaField("Thời hạn giải quyết", validators=[Optional(), _limit("duration")])
    fees = TextAreaField("Phí, lệ phí", description="Để trống nếu không thu phí, lệ phí.",
                         validators=[Optional(), _limit("fees")])
    documents = TextAreaField("Thành phần hồ sơ", description="Mỗi giấy tờ một dòng.",
                              validators=[Optional(), _limit("documents")])
    legal_basis = TextAreaField("Căn cứ pháp lý", description="Mỗi văn bản một dòng.",
                                validators=[Optional(), _limit("legal_basis")])
    place = StringField("Nơi tiếp nhận", description="Để trống nghĩa là Bộ phận Một cửa của xã.",
                        validators=[Optional(), _limit("place")])
    portal_url = StringField("Liên kết thủ tục trên Cổng Dịch vụ công quốc gia",
                             description="Bắt đầu bằng https://, ví dụ https://dichvucong.gov.vn/…",
                             validators=[Optional(), _limit("portal_url")])
    submit_url = StringField("Liên kết nộp hồ sơ trực tuyến", description="Để trống để dùng liên kết chung.",
                             validators=[Optional(), _limit("submit_url")])

    def validate(self, extra_validators=None) -> bool:
        """Check the fields and the register's rules (links, unique code), so that every mistake shows at once."""
        ok = super().validate(extra_validators)
        try:
            svc().procedures.validate(procedure_values(self), (request.view_args or {}).get("item_id"))
        except ValidationError as exc:
            fresh = {k: v for k, v in exc.errors.items() if k not in self or not self[k].errors}
            if fresh:
                attach_errors(self, ValidationError(fresh), "name")
            ok = False
        return ok


def procedure_values(form: ProcedureForm) -> dict:
    """Return the fields of a procedure form."""
    return {name: form[name].data or "" for name in FIELDS}


class ProcedureImportForm(ViForm):
    """The province's list of procedures, as CSV or Excel (.xlsx)."""

    file = FileField("Tệp danh sách thủ tục (CSV hoặc Excel .xlsx)",
                     validators=[FileRequired("Vui lòng chọn tệp CSV hoặc Excel (.xlsx).")])


class ProcedureImportConfirmForm(ViForm):
    """Apply the import the dry run showed: the rows read from the file come back as JSON."""

    rows = HiddenField()

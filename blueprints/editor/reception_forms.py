"""Forms of the panel's Tiếp công dân, Liên hệ and Thông cáo báo chí (the core rules check the values)."""
from __future__ import annotations

from flask import request
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from blueprints import svc
from blueprints.forms import ViForm
from core import press as press_rules
from core import reception as reception_rules
from core.errors import ValidationError

from .common import attach_errors

_DATE = {"type": "date", "autocomplete": "off"}
_DATE_HINT = "Nếu máy không hiện lịch để chọn, nhập ngày/tháng/năm, ví dụ 05/03/2026."


class _CoreChecked(ViForm):
    """A form whose record rules (core) are checked with its own, so that every mistake shows at once."""

    SERVICE = ""  # the Site attribute holding the records

    def validate(self, extra_validators=None) -> bool:
        """Check the fields, then the core rules; add only what the fields' own checks could not know."""
        ok = super().validate(extra_validators)
        values = {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "attachment")}
        try:
            getattr(svc(), self.SERVICE).validate(values, (request.view_args or {}).get("item_id"))
        except ValidationError as exc:
            fresh = {k: v for k, v in exc.errors.items() if k not in self or not self[k].errors}
            if fresh:
                attach_errors(self, ValidationError(fresh), next(iter(self._fields)))
            ok = False
        return ok


class ReceptionForm(_CoreChecked):
    """One reception session: who receives, when, where, about what."""

    SERVICE = "reception"

    day = StringField("Ngày tiếp", validators=[DataRequired("Vui lòng nhập ngày tiếp.")], render_kw=_DATE,
                      description=_DATE_HINT)
    time = StringField("Giờ bắt đầu", validators=[DataRequired("Vui lòng nhập giờ bắt đầu."), Length(max=8)],
                       render_kw={"type": "time"}, description="Giờ:phút, ví dụ 07:30.")
    end_time = StringField("Giờ kết thúc", validators=[Optional(), Length(max=8)], render_kw={"type": "time"})
    person_id = SelectField("Cán bộ tiếp (trong danh sách cán bộ)", coerce=int, validate_choice=False,
                            description="Chọn người trong danh sách cán bộ; tên và chức vụ luôn theo danh sách.")
    receiver = StringField("Hoặc họ tên người tiếp", validators=[Optional(), Length(max=120)],
                           description="Chỉ cần khi người tiếp không có trong danh sách cán bộ.")
    receiver_title = StringField("Chức vụ người tiếp", validators=[Optional(), Length(max=200)],
                                 description="Để trống để dùng chức vụ trong danh sách cán bộ.")
    place = StringField("Địa điểm", validators=[DataRequired("Vui lòng nhập địa điểm."), Length(max=300)],
                        description="Ví dụ: Phòng tiếp công dân, trụ sở UBND xã.")
    content = TextAreaField("Nội dung tiếp", validators=[Optional(), Length(max=1000)],
                            description="Ví dụ: Tiếp công dân định kỳ; đất đai, chính sách xã hội.")
    note = StringField("Ghi chú", validators=[Optional(), Length(max=1000)])


class ReceptionResultForm(_CoreChecked):
    """The results of reception for one period."""

    SERVICE = "reception_results"

    name = StringField("Tên kỳ", validators=[DataRequired("Vui lòng nhập tên kỳ."), Length(max=120)],
                         description="Ví dụ: Quý III năm 2026; 6 tháng đầu năm 2026; Năm 2025.")
    start = StringField("Từ ngày", validators=[DataRequired("Vui lòng nhập ngày bắt đầu kỳ.")], render_kw=_DATE,
                        description=_DATE_HINT)
    end = StringField("Đến ngày", validators=[DataRequired("Vui lòng nhập ngày kết thúc kỳ.")], render_kw=_DATE)
    visits = IntegerField("Số lượt tiếp", validators=[Optional()])
    people = IntegerField("Số người được tiếp", validators=[Optional()])
    petitions = IntegerField("Số đơn nhận được", validators=[Optional()])
    cases = IntegerField("Số vụ việc", validators=[Optional()])
    resolved = IntegerField("Số vụ việc đã giải quyết", validators=[Optional()])
    pending = IntegerField("Số vụ việc đang giải quyết", validators=[Optional()])
    note = TextAreaField("Ghi chú", validators=[Optional(), Length(max=2000)])


class ReceptionRulesForm(ViForm):
    """The rules of reception (nội quy), rich text."""

    body = TextAreaField("Nội quy tiếp công dân", validators=[Length(max=reception_rules.MAX_RULES)])


class ContactForm(_CoreChecked):
    """One department's or hotline's contact."""

    SERVICE = "contacts"

    name = StringField("Tên bộ phận", validators=[DataRequired("Vui lòng nhập tên bộ phận."), Length(max=200)],
                       description="Ví dụ: Bộ phận Một cửa; Công an xã; Trực ban UBND xã.")
    person = StringField("Người phụ trách", validators=[Optional(), Length(max=200)])
    phone = StringField("Điện thoại", validators=[Optional(), Length(max=40)], render_kw={"type": "tel"})
    email = StringField("Thư điện tử", validators=[Optional(), Length(max=200)], render_kw={"type": "email"})
    hours = StringField("Thời gian tiếp nhận", validators=[Optional(), Length(max=200)],
                        description="Ví dụ: Giờ hành chính các ngày làm việc; 24/24 giờ.")
    hotline = BooleanField("Là đường dây nóng (hiện đầu trang Liên hệ)")
    order = IntegerField("Thứ tự", default=0, validators=[Optional()], description="Số nhỏ đứng trước.")


class PressForm(_CoreChecked):
    """A press release of the spokesperson."""

    SERVICE = "press"

    title = StringField("Tiêu đề", validators=[DataRequired("Vui lòng nhập tiêu đề."), Length(max=300)])
    number = StringField("Số thông cáo", validators=[Optional(), Length(max=60)],
                         description="Không bắt buộc, ví dụ 03/TCBC-UBND.")
    issued_on = StringField("Ngày phát hành", validators=[DataRequired("Vui lòng nhập ngày phát hành.")],
                            render_kw=_DATE, description=_DATE_HINT)
    summary = TextAreaField("Tóm tắt", validators=[Optional(), Length(max=1000)])
    body = TextAreaField("Nội dung", validators=[DataRequired("Vui lòng nhập nội dung thông cáo."),
                                                 Length(max=press_rules.MAX_BODY)])
    attachment = FileField("Tệp đính kèm (không bắt buộc)")

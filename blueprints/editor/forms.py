"""Forms of the editor panel. Labels and messages in Vietnamese."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, DateTimeLocalField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from blueprints import ViForm as FlaskForm
from core.content import MAX_AUTHOR, MAX_BODY, MAX_SUMMARY, MAX_TITLE, STATUSES


def _required(what: str) -> DataRequired:
    return DataRequired(f"Vui lòng nhập {what}.")


class ArticleForm(FlaskForm):
    """An article (tin bài)."""

    title = StringField("Tiêu đề", validators=[_required("tiêu đề"), Length(max=MAX_TITLE)])
    section_id = SelectField("Chuyên mục", coerce=int, validate_choice=True,
                             validators=[DataRequired("Vui lòng chọn chuyên mục.")])
    summary = TextAreaField("Tóm tắt", validators=[Optional(), Length(max=MAX_SUMMARY)])
    body = TextAreaField("Nội dung (HTML)", validators=[Length(max=MAX_BODY, message=f"Nội dung quá dài (tối đa {MAX_BODY:,} ký tự).".replace(",", "."))])
    cover = FileField("Ảnh đại diện")
    cover_alt = StringField("Mô tả ảnh (cho người khiếm thị)", validators=[Optional(), Length(max=300)])
    remove_cover = BooleanField("Bỏ ảnh đại diện hiện tại")
    status = SelectField("Trạng thái", choices=list(STATUSES.items()))
    publish_at = DateTimeLocalField("Thời gian đăng", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    author = StringField("Tác giả", validators=[Optional(), Length(max=MAX_AUTHOR)])
    pinned = BooleanField("Ghim lên trang chủ")
    pin_until = DateField("Ghim đến hết ngày (để trống: không hạn)", validators=[Optional()])


class SectionForm(FlaskForm):
    """A section (chuyên mục) of the menu."""

    name = StringField("Tên chuyên mục", validators=[_required("tên chuyên mục"), Length(max=120)])
    slug = StringField("Đường dẫn", validators=[Optional(), Length(max=60)])
    parent_id = SelectField("Thuộc chuyên mục", coerce=int)
    kind = SelectField("Loại", choices=[("articles", "Tin bài"), ("pages", "Trang giới thiệu")])


class PageForm(FlaskForm):
    """An intro page (Giới thiệu)."""

    title = StringField("Tiêu đề", validators=[_required("tiêu đề"), Length(max=MAX_TITLE)])
    slug = StringField("Đường dẫn", validators=[Optional(), Length(max=60)])
    body = TextAreaField("Nội dung (HTML)", validators=[Length(max=MAX_BODY)])
    hidden = BooleanField("Ẩn trang này")


class LinkForm(FlaskForm):
    """An entry of the "Liên kết website" block."""

    title = StringField("Tên website", validators=[_required("tên website"), Length(max=200)])
    url = StringField("Địa chỉ (https://…)", validators=[_required("địa chỉ"), Length(max=500)])


class SettingsForm(FlaskForm):
    """Site settings shown in the header and footer."""

    commune_name = StringField("Tên xã", validators=[_required("tên xã"), Length(max=120)])
    agency_name = StringField("Tên cơ quan chủ quản (in hoa)", validators=[_required("tên cơ quan"), Length(max=200)])
    site_title = StringField("Tên trang", validators=[_required("tên trang"), Length(max=200)])
    province = StringField("Tỉnh", validators=[Optional(), Length(max=120)])
    superior = StringField("Cơ quan cấp trên nhận báo cáo", validators=[Optional(), Length(max=200)])
    address = StringField("Địa chỉ", validators=[Optional(), Length(max=300)])
    phone = StringField("Điện thoại", validators=[Optional(), Length(max=60)])
    email = EmailField("Thư điện tử", validators=[Optional(), Email("Địa chỉ thư điện tử không hợp lệ."), Length(max=200)])
    responsible_person = StringField("Người chịu trách nhiệm", validators=[Optional(), Length(max=120)])
    responsible_title = StringField("Chức vụ người chịu trách nhiệm", validators=[Optional(), Length(max=200)])
    site_start = DateField("Ngày bắt đầu hoạt động của trang", validators=[Optional()])


class ConfirmForm(FlaskForm):
    """An empty form: only the CSRF token (trash, restore, move, delete buttons)."""

    next = HiddenField()

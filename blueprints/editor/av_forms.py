"""Forms of the panel's Video and Bản tin phát thanh (the core rules check the values)."""
from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from blueprints.forms import ViForm
from core.radio import MAX_TRANSCRIPT

_DATE = {"type": "date", "autocomplete": "off"}
_DATE_HINT = "Nếu máy không hiện lịch để chọn, nhập ngày/tháng/năm, ví dụ 05/03/2026."


class VideoForm(ViForm):
    """A video: an uploaded MP4/WebM with its poster, or a YouTube address."""

    title = StringField("Tiêu đề", validators=[DataRequired("Vui lòng nhập tiêu đề."), Length(max=300)])
    shown_on = StringField("Ngày đăng", validators=[DataRequired("Vui lòng nhập ngày đăng.")],
                           render_kw=_DATE, description=_DATE_HINT)
    description = TextAreaField("Mô tả", validators=[Optional(), Length(max=3000)])
    youtube = StringField("Địa chỉ YouTube", validators=[Optional(), Length(max=300)],
                          description=("Dán địa chỉ dạng https://www.youtube.com/watch?v=…, https://youtu.be/… hoặc "
                                       "https://www.youtube.com/embed/…; để trống nếu tải tệp video lên."))
    file = FileField("Tệp video (MP4 hoặc WebM)",
                     description="Để trống nếu dùng địa chỉ YouTube hoặc để giữ tệp hiện tại.")
    poster = FileField("Ảnh đại diện (JPEG, PNG)",
                       description=("Bắt buộc với video tải lên; với video YouTube, không chọn ảnh thì trang hiện "
                                    "ảnh nền chung (không tải ảnh từ YouTube)."))


class RadioForm(ViForm):
    """A bulletin of the commune radio."""

    title = StringField("Tiêu đề", validators=[DataRequired("Vui lòng nhập tiêu đề."), Length(max=300)])
    aired_on = StringField("Ngày phát", validators=[DataRequired("Vui lòng nhập ngày phát.")],
                           render_kw=_DATE, description=_DATE_HINT)
    audio = FileField("Tệp âm thanh (MP3 hoặc M4A)", description="Để trống để giữ tệp hiện tại.")
    seconds = StringField("Thời lượng (phút:giây)", validators=[Optional(), Length(max=10)],
                          description="Để trống để tính từ tệp âm thanh; nhập nếu không tính được, ví dụ 05:30.")
    transcript = TextAreaField("Nội dung bản tin (văn bản)", validators=[Optional(), Length(max=MAX_TRANSCRIPT)],
                               description="Lời của bản tin, cho người khiếm thính và để tìm kiếm.")

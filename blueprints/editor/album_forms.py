"""The panel's form of a photo album (Tin ảnh); its pictures are rows of the form read by editor/albums.py."""
from __future__ import annotations

from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from blueprints.forms import ViForm


class AlbumForm(ViForm):
    """An album's title, date and description; new pictures uploaded through the library at once."""

    title = StringField("Tên album", validators=[DataRequired("Vui lòng nhập tên album."), Length(max=300)])
    taken_on = StringField("Ngày", validators=[DataRequired("Vui lòng nhập ngày của album.")],
                           render_kw={"type": "date", "autocomplete": "off"},
                           description="Ngày diễn ra sự kiện trong ảnh. Nếu máy không hiện lịch, nhập "
                                       "ngày/tháng/năm, ví dụ 05/03/2026.")
    description = TextAreaField("Giới thiệu", validators=[Optional(), Length(max=2000)])
    uploads = MultipleFileField(
        "Tải ảnh mới lên (vào Thư viện)", description="Ảnh JPEG, PNG, GIF; chọn được nhiều ảnh cùng lúc. "
                                                       "Ảnh được lưu vào Thư viện rồi thêm vào cuối album.",
        render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif"})
    upload_caption = StringField(
        "Chú thích ảnh tải lên", validators=[Optional(), Length(max=300)],
        description="Bắt buộc khi tải ảnh lên: tả nội dung ảnh (cho người khiếm thị); dùng cho mọi ảnh vừa "
                    "chọn, sửa riêng từng ảnh sau khi lưu.")
    # Carries the messages about the pictures' rows; its label names them in the versions' comparison.
    pictures = HiddenField("Ảnh trong album")

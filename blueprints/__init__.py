"""HTTP blueprints: they translate requests into calls on core/.

The Flask extensions live here so blueprints can import them without
importing app.py (which may be running as ``__main__``).
"""
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()

from flask_wtf import FlaskForm  # noqa: E402

# WTForms ships no Vietnamese catalogue: its built-in messages, translated.
_VI = {
    "This field is required.": "Vui lòng nhập trường này.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Not a valid datetime value.": "Ngày giờ không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid integer value.": "Phải là một số nguyên.",
    "Not a valid decimal value.": "Phải là một số.",
    "Not a valid float value.": "Phải là một số.",
    "Invalid email address.": "Địa chỉ thư điện tử không hợp lệ.",
    "Invalid URL.": "Địa chỉ web không hợp lệ.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Field must be equal to %(other_name)s.": "Phải trùng với %(other_name)s.",
    "Field must be between %(min)d and %(max)d characters long.": "Phải có từ %(min)d đến %(max)d ký tự.",
    "Field must be at least %(min)d character long.": "Phải có ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Phải có ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Number must be between %(min)s and %(max)s.": "Số phải nằm trong khoảng %(min)s đến %(max)s.",
    "The CSRF token is missing.": "Thiếu mã bảo vệ biểu mẫu; vui lòng tải lại trang.",
    "The CSRF token is invalid.": "Mã bảo vệ biểu mẫu không hợp lệ; vui lòng tải lại trang.",
    "The CSRF token has expired.": "Mã bảo vệ biểu mẫu đã hết hạn; vui lòng tải lại trang.",
    "The CSRF tokens do not match.": "Mã bảo vệ biểu mẫu không khớp; vui lòng tải lại trang.",
}


class _ViTranslations:
    def gettext(self, string):
        return _VI.get(string, string)

    def ngettext(self, singular, plural, n):
        return _VI.get(singular if n == 1 else plural, singular if n == 1 else plural)


class ViForm(FlaskForm):
    """FlaskForm whose built-in validation messages are in Vietnamese."""

    class Meta:
        def get_translations(self, form):
            return _ViTranslations()


# Feature pages beyond the sections: (endpoint, menu label). A link is shown only
# once its endpoint exists, so a feature appears in the menus when its module lands.
PUBLIC_FEATURES = [
    ("public.documents", "Văn bản"),
    ("public.schedule", "Lịch công tác"),
    ("public.qa", "Hỏi đáp"),
    ("public.consultation", "Lấy ý kiến dự thảo"),
    ("public.sitemap", "Sơ đồ cổng"),
]
# Pages of the intro section built from data (people), listed with the intro pages.
INTRO_FEATURES = [
    ("public.organisation", "Cơ cấu tổ chức"),
    ("public.spokesperson", "Người phát ngôn"),
    ("public.editorial_board", "Ban Biên tập"),
]
EDITOR_FEATURES = [
    ("editor.documents_list", "Văn bản"),
    ("editor.media_list", "Thư viện"),
    ("editor.schedule_list", "Lịch công tác"),
    ("editor.people_list", "Cán bộ"),
    ("editor.banners_list", "Banner"),
    ("editor.qa_inbox", "Hỏi đáp"),
    ("editor.consultation_list", "Lấy ý kiến"),
    ("editor.stats", "Thống kê"),
    ("editor.report", "Báo cáo"),
    ("editor.royalties", "Nhuận bút"),
    ("editor.approval_queue", "Duyệt bài"),
    ("editor.accounts", "Tài khoản"),
    ("editor.audit_log", "Nhật ký"),
    ("editor.backup", "Sao lưu"),
]


def audit_event(action: str, user: str | None = None, **fields) -> None:
    """Write an audit entry for the current request: who (the logged-in account unless ``user``),
    from where (the client address as seen after ProxyFix) and through which endpoint."""
    from flask import current_app, request
    from flask_login import current_user

    if user is None:
        user = current_user.username if current_user.is_authenticated else ""
    current_app.extensions["trangxa"].audit.record(
        action, user=user, address=request.remote_addr or "", endpoint=request.endpoint or "", **fields)

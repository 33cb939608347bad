"""HTTP blueprints: they translate requests into calls on core/.

The Flask extensions and the one accessor of the site's services live here so
blueprints can import them without importing app.py (which may be running as
``__main__``).
"""
from __future__ import annotations

from flask import current_app, request
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from core.site import Site

csrf = CSRFProtect()
login_manager = LoginManager()
SERVICES_KEY = "trangxa"


def svc() -> Site:
    """Return the services of the site the current request (or command) is for."""
    return current_app.extensions[SERVICES_KEY]

# The menus' fixed entries beyond the sections: (endpoint, label).
PUBLIC_FEATURES = [
    ("public.documents", "Văn bản"),
    ("public.schedule", "Lịch công tác"),
    ("public.qa", "Hỏi đáp"),
    ("public.consultation", "Lấy ý kiến dự thảo"),
    ("public.budget", "Công khai ngân sách"),
    ("public.sitemap", "Sơ đồ cổng"),
    ("public.planning", "Quy hoạch – kế hoạch"),
    ("public.projects", "Dự án – đấu thầu – mua sắm công"),
    ("public.rural", "Chương trình nông thôn mới"),
    ("public.reception", "Tiếp công dân"),
    ("public.contacts", "Liên hệ"),
    ("public.public_services", "Dịch vụ công"),
    ("public.procedures", "Thủ tục hành chính"),
    ("public.videos", "Video"),
    ("public.radio", "Phát thanh"),
    ("public.albums", "Tin ảnh"),
]
# Pages of the intro section built from data (people), listed with the intro pages.
INTRO_FEATURES = [
    ("public.organisation", "Cơ cấu tổ chức"),
    ("public.spokesperson", "Người phát ngôn"),
    ("public.editorial_board", "Ban Biên tập"),
    ("public.functions", "Chức năng, nhiệm vụ"),
    ("public.press", "Thông cáo báo chí"),
]
EDITOR_FEATURES = [
    ("editor.documents_list", "Văn bản"),
    ("editor.media_list", "Thư viện"),
    ("editor.schedule_list", "Lịch công tác"),
    ("editor.people_list", "Cán bộ"),
    ("editor.banners_list", "Pa-nô tuyên truyền"),
    ("editor.qa_inbox", "Hỏi đáp"),
    ("editor.consultation_list", "Lấy ý kiến"),
    ("editor.stats", "Thống kê"),
    ("editor.report", "Báo cáo"),
    ("editor.royalties", "Nhuận bút"),
    ("editor.approval_queue", "Duyệt tin bài"),
    ("editor.accounts", "Tài khoản"),
    ("editor.audit_log", "Nhật ký"),
    ("editor.backup", "Sao lưu"),
    ("editor.import_form", "Nhập dữ liệu"),
    ("editor.bodies_list", "Tổ chức bộ máy"),
    ("editor.reception_list", "Tiếp công dân"),
    ("editor.contacts_list", "Liên hệ"),
    ("editor.press_list", "Thông cáo báo chí"),
    ("editor.budget_list", "Công khai ngân sách"),
    ("editor.procedures_list", "Thủ tục hành chính"),
    ("editor.videos_list", "Video"),
    ("editor.radio_list", "Bản tin phát thanh"),
    ("editor.albums_list", "Tin ảnh"),
]


def audit_event(action: str, user: str | None = None, **fields) -> None:
    """Write an audit entry for the current request: who (the logged-in account unless ``user``),
    from where (the client address as seen after ProxyFix) and through which endpoint."""
    if user is None:
        user = current_user.username if current_user.is_authenticated else ""
    svc().audit.record(
        action, user=user, address=request.remote_addr or "", endpoint=request.endpoint or "", **fields)

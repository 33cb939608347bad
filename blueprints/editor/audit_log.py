"""The audit log screen (admins only): who did what, when and from where, filtered and paginated."""
from __future__ import annotations

from flask import render_template, request

from core.audit import ACTIONS

from . import bp
from blueprints.args import page_arg
from blueprints import svc
from .forms import AuditFilterForm

PER_PAGE = 50

# Areas of the site named by the start of an endpoint, for people who do not read endpoint names.
AREAS = [
    ("editor.article", "Tin bài"), ("editor.revision", "Phiên bản"), ("editor.approval", "Duyệt bài"),
    ("editor.section", "Chuyên mục"), ("editor.page", "Trang giới thiệu"), ("editor.link", "Liên kết"),
    ("editor.document", "Văn bản"), ("editor.schedule", "Lịch công tác"), ("editor.people", "Cán bộ"),
    ("editor.banners", "Banner"), ("editor.qa", "Hỏi đáp"), ("editor.consultation", "Lấy ý kiến"),
    ("editor.settings", "Cài đặt"), ("editor.backup", "Sao lưu"), ("editor.account", "Tài khoản"),
    ("editor.media", "Thư viện"), ("editor.totp", "Xác thực hai bước"), ("editor.audit", "Nhật ký"),
    ("auth.", "Đăng nhập"), ("editor.", "Trang quản trị"),
]


def area_of(endpoint: str) -> str:
    """Return the Vietnamese name of the panel area an endpoint belongs to."""
    for prefix, label in AREAS:
        if (endpoint or "").startswith(prefix):
            return label
    return ""


@bp.route("/nhat-ky")
def audit_log():
    """Show the audit log, newest first, filtered by account, action and date range."""
    audit = svc().audit
    form = AuditFilterForm(request.args)
    form.nguoi.choices = [("", "Tất cả")] + [(u, u) for u in audit.users()]
    page = page_arg()
    filters = {}
    if form.validate():
        filters = {"user": form.nguoi.data or None, "action": form.hanh_dong.data or None,
                   "start": form.tu.data, "end": form.den.data}
        if filters["start"] and filters["end"] and filters["start"] > filters["end"]:
            form.den.errors = ["Ngày kết thúc phải sau ngày bắt đầu."]
            filters = {}
    items, total = audit.query(page=page, per_page=PER_PAGE, **filters)
    args = {k: request.args.get(k, "") for k in ("nguoi", "hanh_dong", "tu", "den") if request.args.get(k)}
    return render_template("editor/audit_log.html", form=form, items=items, total=total, page=page,
                           per_page=PER_PAGE, actions=ACTIONS, area_of=area_of, args=args)

"""The audit log screen (admins only): who did what, when and from where, filtered and paginated."""
from __future__ import annotations

from flask import render_template, request

from . import bp
from blueprints.args import page_arg
from blueprints import svc
from .audit_words import tell_all
from .forms import AuditFilterForm

PER_PAGE = 50


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
    return render_template("editor/audit_log.html", form=form, items=tell_all(items), total=total, page=page,
                           per_page=PER_PAGE, args=args)

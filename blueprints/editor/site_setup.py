"""The first-run setup (Thiết lập trang) and removing the demo (Xóa toàn bộ dữ liệu mẫu)."""
from flask import flash, g, redirect, render_template, request, url_for

from core.demo import demo_counts, demo_remaining, describe, plan_removal, remove_demo
from core.errors import ValidationError
from core.site_setup import SETUP_FIELDS, START_EMPTY, apply_setup, form_defaults, setup_values

from . import bp
from blueprints import svc
from .common import attach_errors
from .forms import ConfirmForm, SetupForm
from .settings import form_data, image_values, text_values


def _removed_text(removal) -> str:
    text = f"Đã xóa dữ liệu mẫu ({describe(removal.counts)})." if removal.counts else "Không còn dữ liệu mẫu."
    if removal.kept:
        text += f" Giữ lại {removal.kept} mục mẫu đã được sửa hoặc đang chứa nội dung của xã."
    if removal.backup:
        text += f" Bản sao lưu trước khi xóa: {removal.backup}."
    return text


@bp.route("/thiet-lap-trang", methods=["GET", "POST"])
def site_setup():
    """Ask for the commune's name, place and contacts, then start empty or keep the demo to explore."""
    s = svc()
    content = s.content
    # The choice is offered while the demo is there, or on a site without any section yet.
    offer_start = demo_remaining(s.store) > 0 or not content.sections(include_hidden=True)
    form = SetupForm()
    if request.method == "GET":
        form.process(data=form_data(form_defaults(content.settings())))
    if form.validate_on_submit():
        values = text_values(form, SETUP_FIELDS)
        start = form.start.data if offer_start else None
        try:
            content.check_settings(setup_values(values))  # every other field first: no orphan picture
            values.update(image_values(form, content.settings()))
            result = apply_setup(s, values, start=start)
        except ValidationError as exc:
            attach_errors(form, exc, "commune_name")
        else:
            g.audit_action = "site_setup"
            message = "Đã lưu thiết lập trang."
            if result.removal is not None:
                g.audit_action = "demo_remove"
                g.audit_detail = describe(result.removal.counts)
                message += " " + _removed_text(result.removal)
            if start == START_EMPTY:
                message += (" Đã tạo các chuyên mục chuẩn, khối liên kết và các trang giới thiệu có sẵn đề mục "
                            "(đang ẩn: điền nội dung rồi bỏ ẩn ở mục Trang giới thiệu).")
            flash(message, "success")
            return redirect(url_for("editor.dashboard"))
    return render_template("editor/site_setup.html", form=form, offer_start=offer_start,
                           demo=describe(demo_counts(s.store)))


@bp.route("/xoa-du-lieu-mau", methods=["GET", "POST"])
def demo_remove():
    """Show what removing the demo deletes and keeps; on confirmation back up, then remove it."""
    s = svc()
    form = ConfirmForm()
    if form.validate_on_submit():
        removal = remove_demo(s)
        g.audit_action = "demo_remove"
        g.audit_detail = describe(removal.counts)
        flash(_removed_text(removal), "success")
        return redirect(url_for("editor.dashboard"))
    plan = plan_removal(s.store) if demo_remaining(s.store) else None
    return render_template("editor/demo_remove.html", form=form, plan=plan,
                           removing=describe(plan.counts) if plan else "")

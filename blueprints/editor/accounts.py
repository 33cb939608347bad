"""Accounts of the editorial board (admins only): list, create, change role, disable/enable, reset password."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from core.accounts import ROLE_HELP, ROLES
from core.store import StoreFull
from core.errors import ValidationError

from . import bp
from blueprints import svc
from blueprints.auth.routes import renew_session
from .common import attach_errors
from .forms import AccountCreateForm, AccountPasswordForm, AccountRoleForm, ConfirmForm


def _account_or_404(user_id: int) -> dict:
    user = svc().accounts.get(user_id)
    if user is None:
        abort(404)
    return user


def _is_me(user: dict) -> bool:
    return int(current_user.doc["id"]) == int(user["id"])


@bp.route("/tai-khoan")
def accounts():
    """List every account with its role, two-step login and state."""
    return render_template("editor/accounts.html", users=svc().accounts.users(), roles=ROLES, role_help=ROLE_HELP)


@bp.route("/tai-khoan/moi", methods=["GET", "POST"])
def account_new():
    """Create an account with a role and an initial password."""
    form = AccountCreateForm()
    if form.validate_on_submit():
        try:
            user = svc().accounts.create_user(form.username.data, form.password.data, form.display_name.data,
                                              role=form.role.data)
        except (ValidationError, StoreFull) as exc:
            attach_errors(form, exc, "username")
        else:
            g.audit_action, g.audit_item = "account_create", user["username"]
            g.audit_detail = f"vai trò {ROLES[user['role']]}"
            flash(f"Đã tạo tài khoản “{user['username']}” ({ROLES[user['role']]}). "
                  "Hãy báo mật khẩu ban đầu cho người dùng và đề nghị họ đổi ngay.", "success")
            return redirect(url_for("editor.accounts"))
    return render_template("editor/account_new.html", form=form, role_help=ROLE_HELP)


def _edit_page(user: dict, role_form: AccountRoleForm | None = None,
               password_form: AccountPasswordForm | None = None, status: int = 200):
    if role_form is None:
        role_form = AccountRoleForm()
        role_form.role.data = user["role"]
    return render_template("editor/account_edit.html", user=user, roles=ROLES, role_help=ROLE_HELP,
                           role_form=role_form, password_form=password_form or AccountPasswordForm(),
                           confirm=ConfirmForm(), is_me=_is_me(user)), status


@bp.route("/tai-khoan/<int:user_id>")
def account_edit(user_id: int):
    """Show one account with its role, password, two-step and lock controls."""
    return _edit_page(_account_or_404(user_id))


@bp.route("/tai-khoan/<int:user_id>/vai-tro", methods=["POST"])
def account_role(user_id: int):
    """Give an account another role (the last active admin stays admin)."""
    user = _account_or_404(user_id)
    form = AccountRoleForm()
    if not form.validate_on_submit():
        return _edit_page(user, role_form=form)
    try:
        old = svc().accounts.set_role(user_id, form.role.data)
    except (ValidationError, StoreFull) as exc:
        attach_errors(form, exc, "role")
        return _edit_page(user, role_form=form)
    g.audit_item = user["username"]
    if old == form.role.data:
        flash("Vai trò không thay đổi.", "info")
    else:
        g.audit_action, g.audit_detail = "role_change", f"{ROLES[old]} → {ROLES[form.role.data]}"
        flash(f"Đã đổi vai trò của “{user['username']}” từ {ROLES[old]} thành {ROLES[form.role.data]}. "
              "Các phiên đăng nhập của tài khoản này đã kết thúc.", "success")
    if _is_me(user) and old != form.role.data:
        renew_session()
        return redirect(url_for("editor.dashboard"))
    return redirect(url_for("editor.account_edit", user_id=user_id))


@bp.route("/tai-khoan/<int:user_id>/khoa", methods=["POST"])
def account_toggle(user_id: int):
    """Disable an account (its sessions end at once) or enable it again."""
    user = _account_or_404(user_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    disable = not user.get("disabled")
    if disable and _is_me(user):
        flash("Không thể tự khóa tài khoản đang dùng.", "error")
        return redirect(url_for("editor.account_edit", user_id=user_id))
    try:
        svc().accounts.set_disabled(user_id, disable)
    except ValidationError as exc:
        flash(" ".join(exc.errors.values()), "error")
        return redirect(url_for("editor.account_edit", user_id=user_id))
    g.audit_action = "account_disable" if disable else "account_enable"
    g.audit_item = user["username"]
    flash(f"Đã khóa tài khoản “{user['username']}”; mọi phiên đăng nhập của tài khoản đã kết thúc." if disable
          else f"Đã mở khóa tài khoản “{user['username']}”.", "success")
    return redirect(url_for("editor.account_edit", user_id=user_id))


@bp.route("/tai-khoan/<int:user_id>/mat-khau", methods=["POST"])
def account_password(user_id: int):
    """Set a new password for an account (its other sessions end)."""
    user = _account_or_404(user_id)
    form = AccountPasswordForm()
    if not form.validate_on_submit():
        return _edit_page(user, password_form=form)
    try:
        svc().accounts.set_password(user_id, form.new_password.data)
    except (ValidationError, StoreFull) as exc:
        attach_errors(form, exc, "new_password")
        return _edit_page(user, password_form=form)
    if _is_me(user):
        renew_session()
    g.audit_action, g.audit_item = "password_reset", user["username"]
    flash(f"Đã đặt mật khẩu mới cho “{user['username']}”. Hãy báo riêng cho người dùng.", "success")
    return redirect(url_for("editor.account_edit", user_id=user_id))


@bp.route("/tai-khoan/<int:user_id>/tat-xac-thuc", methods=["POST"])
def account_totp_reset(user_id: int):
    """Turn off someone's two-step login (a lost phone); they can set it up again."""
    user = _account_or_404(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    svc().accounts.disable_totp(user_id)
    if _is_me(user):
        renew_session()
    g.audit_action, g.audit_item = "account_totp_reset", user["username"]
    flash(f"Đã tắt xác thực hai bước của “{user['username']}”.", "success")
    return redirect(url_for("editor.account_edit", user_id=user_id))

"""Login (with the optional second step), logout, password change and the one-time setup link."""
from __future__ import annotations

import time

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import UserMixin, current_user, login_required, login_user, logout_user

from blueprints import audit_event as audit
from blueprints import login_manager, svc
from core.accounts import AccountDisabled, Throttled, TotpUnreadable, role_of
from core.errors import ValidationError
from core.security import local_path

from . import bp
from .forms import ChangePasswordForm, LoginForm, SetupForm, TotpCodeForm

TOTP_PENDING = "totp_pending"
TOTP_PENDING_SECONDS = 300  # the code must follow the password within five minutes






class User(UserMixin):
    """A logged-in account; the id carries the session version so a password change logs others out."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.id = f"{doc['id']}:{doc.get('session_version', 1)}"
        self.username = doc["username"]
        self.display_name = doc.get("display_name") or doc["username"]
        self.role = role_of(doc)


@login_manager.user_loader
def load_user(user_id: str):
    """Return the User for a session id, or None when the account or its session version is gone."""
    uid, _, version = (user_id or "").partition(":")
    if not uid.isdigit():
        return None
    doc = svc().accounts.get(int(uid))
    if doc is None or str(doc.get("session_version", 1)) != version or doc.get("disabled"):
        return None
    return User(doc)


def renew_session() -> None:
    """Keep the current session after a change of its own that ended the account's sessions (the new version)."""
    login_user(User(svc().accounts.get(int(current_user.doc["id"]))))


@bp.route("/dang-nhap", methods=["GET", "POST"])
def login():
    """Log an editor in, with throttling after repeated failures."""
    if current_user.is_authenticated:
        return redirect(local_path(request.args.get("next")) or url_for("editor.dashboard"))
    form = LoginForm()
    throttle_message = None
    if form.validate_on_submit():
        typed = (form.username.data or "").strip().lower()
        try:
            doc = svc().accounts.authenticate(form.username.data, form.password.data, request.remote_addr or "")
        except Throttled as exc:
            throttle_message = exc.message()
        except AccountDisabled as exc:
            form.password.errors.append(exc.message)
            audit("login_disabled", user=typed, ok=False)
        else:
            if doc is None:
                form.password.errors.append("Tên đăng nhập hoặc mật khẩu không đúng.")
                audit("login_failed", user=typed, ok=False)
            elif doc.get("totp_secret"):
                # Right password, but not logged in yet: the code from the app comes next.
                session.clear()
                session[TOTP_PENDING] = {"uid": doc["id"], "sv": doc.get("session_version", 1),
                                         "next": local_path(request.args.get("next")), "at": time.time()}
                return redirect(url_for("auth.login_code"))
            else:
                return _finish_login(doc, local_path(request.args.get("next")))
    status = 429 if throttle_message else 200
    return render_template("auth/login.html", form=form, throttle_message=throttle_message,
                           needs_setup=not svc().accounts.has_users()), status


def _finish_login(doc: dict, next_url: str | None, detail: str = ""):
    """Start the session of ``doc`` and go on to ``next_url`` (or the dashboard)."""
    session.clear()
    login_user(User(doc))
    session.permanent = True
    audit("login", user=doc["username"], detail=detail)
    flash(f"Xin chào {doc.get('display_name') or doc['username']}.", "success")
    return redirect(next_url or url_for("editor.dashboard"))


@bp.route("/dang-nhap/ma-xac-thuc", methods=["GET", "POST"])
def login_code():
    """Ask for the authenticator app's code after a right password (two-step login)."""
    if current_user.is_authenticated:
        return redirect(url_for("editor.dashboard"))
    pending = session.get(TOTP_PENDING) or {}
    doc = svc().accounts.get(pending["uid"]) if str(pending.get("uid", "")).isdigit() else None
    if (doc is None or time.time() - float(pending.get("at", 0)) > TOTP_PENDING_SECONDS
            or str(doc.get("session_version", 1)) != str(pending.get("sv")) or doc.get("disabled")
            or not doc.get("totp_secret")):
        session.pop(TOTP_PENDING, None)
        flash("Phiên đăng nhập đã hết hạn. Vui lòng nhập lại tên đăng nhập và mật khẩu.", "warning")
        return redirect(url_for("auth.login"))
    form = TotpCodeForm()
    throttle_message = None
    if form.validate_on_submit():
        try:
            ok = svc().accounts.verify_totp(doc["id"], form.code.data, request.remote_addr or "")
        except Throttled as exc:
            throttle_message = exc.message()
        except TotpUnreadable as exc:
            form.code.errors.append(exc.message)
        else:
            if ok:
                return _finish_login(doc, local_path(pending.get("next")), detail="xác thực hai bước")
            form.code.errors.append("Mã xác thực không đúng hoặc đã hết hạn. "
                                    "Vui lòng nhập mã đang hiện trong ứng dụng xác thực.")
            audit("login_code_failed", user=doc["username"], ok=False)
    status = 429 if throttle_message else 200
    return render_template("auth/login_code.html", form=form, throttle_message=throttle_message), status


@bp.route("/dang-xuat", methods=["POST"])
def logout():
    """Log out (a POST with the CSRF token, never a link), ending every session of the account.

    The session cookie is signed, not stored: a copy of it stays valid until the account's
    session version changes, so logging out bumps it (every other browser is logged out too).
    """
    if current_user.is_authenticated:
        svc().accounts.end_sessions(int(current_user.doc["id"]))
        audit("logout")
    logout_user()
    session.clear()
    flash("Đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/doi-mat-khau", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the logged-in editor's password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        accounts = svc().accounts
        uid = int(current_user.doc["id"])
        try:
            ok = accounts.confirm_password(uid, form.current_password.data, request.remote_addr or "")
        except Throttled as exc:
            form.current_password.errors.append(exc.message())
        else:
            if not ok:
                form.current_password.errors.append("Mật khẩu hiện tại không đúng.")
            else:
                try:
                    accounts.set_password(uid, form.new_password.data)
                except ValidationError as exc:
                    form.new_password.errors.append(exc.errors.get("new_password", "Không đổi được mật khẩu."))
                else:
                    renew_session()
                    audit("password_change")
                    flash("Đã đổi mật khẩu.", "success")
                    return redirect(url_for("editor.dashboard"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/thiet-lap/<token>", methods=["GET", "POST"])
def setup(token: str):
    """Create the first administrator through the one-time link printed by ``python app.py``."""
    accounts = svc().accounts
    if not accounts.setup_token_valid(token):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        try:
            doc = accounts.use_setup_token(token, form.username.data, form.password.data, form.display_name.data)
        except ValidationError as exc:
            if "token" in exc.errors:  # someone else used the link meanwhile
                flash(exc.errors["token"], "warning")
                return redirect(url_for("auth.login"))
            for name, message in exc.errors.items():
                (form[name].errors if name in form else form.username.errors).append(message)
        else:
            login_user(User(doc))
            audit("account_create", user=doc["username"], item=doc["id"], detail="tài khoản quản trị đầu tiên")
            flash("Đã tạo tài khoản quản trị. Liên kết thiết lập không còn dùng được nữa.", "success")
            return redirect(url_for("editor.site_setup"))
    return render_template("auth/setup.html", form=form)

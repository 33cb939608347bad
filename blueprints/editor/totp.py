"""Two-step login (TOTP) of the logged-in account: set up with a QR code, turn off with the password."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup

from core.accounts import Throttled

from . import bp
from blueprints import svc
from blueprints.auth.routes import renew_session
from .forms import TotpDisableForm, TotpEnableForm

SETUP_SECRET = "totp_setup_secret"  # the secret being set up, until a right code proves the app has it


def _qr_svg(uri: str) -> Markup:
    """Return the QR code of ``uri`` as inline SVG (made here, no script, no outside request)."""
    import segno  # only here: the one page that draws a QR code

    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff",
                                                title="Mã QR để thêm tài khoản vào ứng dụng xác thực")
    return Markup(svg)  # noqa: S704 - segno's own output, built from our URI (XML-escaped by segno)


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@bp.route("/xac-thuc-hai-buoc", methods=["GET", "POST"])
def totp_setup():
    """Turn two-step login on (scan the QR, type a code) or off (type the password)."""
    accounts = svc().accounts
    uid = int(current_user.doc["id"])
    user = accounts.get(uid)
    if user.get("totp_secret"):
        form = TotpDisableForm()
        if form.validate_on_submit():
            try:
                ok = accounts.confirm_password(uid, form.password.data, request.remote_addr or "")
            except Throttled as exc:
                form.password.errors.append(exc.message())
            else:
                if not ok:
                    form.password.errors.append("Mật khẩu không đúng.")
                else:
                    accounts.disable_totp(uid)
                    renew_session()  # the account's other sessions end
                    g.audit_action = "totp_disable"
                    flash("Đã tắt xác thực hai bước. Từ nay chỉ cần mật khẩu để đăng nhập.", "success")
                    return redirect(url_for("editor.totp_setup"))
        return render_template("editor/totp_setup.html", enabled=True, user=user, disable_form=form)

    secret = session.get(SETUP_SECRET) or accounts.new_totp_secret()
    session[SETUP_SECRET] = secret
    form = TotpEnableForm()
    if form.validate_on_submit():
        if accounts.enable_totp(uid, secret, form.code.data):
            session.pop(SETUP_SECRET, None)
            renew_session()  # sessions opened with the password alone end; this one goes on
            g.audit_action = "totp_enable"
            flash("Đã bật xác thực hai bước. Lần đăng nhập sau, nhập mã trong ứng dụng sau mật khẩu.", "success")
            return redirect(url_for("editor.totp_setup"))
        form.code.errors.append("Mã không đúng. Kiểm tra giờ trên điện thoại rồi nhập mã đang hiện "
                                "(mã đổi sau 30 giây).")
    uri = accounts.totp_uri(secret, user["username"], svc().content.settings().get("site_title", ""))
    return render_template("editor/totp_setup.html", enabled=False, user=user, enable_form=form,
                           secret=_grouped(secret), qr=_qr_svg(uri))

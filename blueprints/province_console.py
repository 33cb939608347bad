"""The province console (/tinh/ on the province's own host, SITES_CONSOLE_HOST): every commune at a glance.

Its own accounts (SITES_DIR/.tinh, never a commune's), its own secret key and session. It shows each commune's
state, last update, articles this month, questions overdue, missing budget disclosures, storage and last
backup; creates a commune (printing its one-time setup link), disables or enables one, and opens its site.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from flask import Flask, abort, flash, redirect, render_template, request, session, url_for

from core import timeutil
from core.accounts import AccountDisabled, Accounts, Throttled
from core.budget import Budget
from core.content import Content
from core.errors import NotFound, ValidationError
from core.qa import Questions
from core.sites import Communes
from core.store import Store

from . import csrf

CONSOLE_FOLDER = ".tinh"  # under SITES_DIR; a dot first, so never taken for a commune


def console_store(communes: Communes) -> Store:
    """Return the store of the province's own data (its accounts)."""
    folder = communes.root / CONSOLE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return Store(folder)


def commune_summary(communes: Communes, name: str, today) -> dict:
    """Return what the console shows of one commune, read from its own files."""
    commune = communes.get(name)
    store = Store(commune.folder)
    content = Content(store)
    month = today.strftime("%Y-%m")
    metas = content.index().meta.values()
    articles = sum(1 for m in metas if m.get("status") == "published" and not m.get("trashed_at")
                   and str(m.get("publish_at", ""))[:7] == month)
    updated = max((str(m.get("updated_at") or "") for m in metas), default="")
    backups = sorted((p.stat().st_mtime for p in (commune.folder / "backups").glob("*.zip")), reverse=True) \
        if (commune.folder / "backups").is_dir() else []
    return {
        "name": commune.name, "disabled": commune.disabled,
        "title": content.settings().get("site_title") or commune.name,
        "updated": updated, "articles_month": articles,
        "overdue": len(Questions(store).inbox(status="overdue", today=today)),
        "budget_missing": len(Budget(store).overdue_this_year(today)),
        "size_mb": communes.size(name) / 1048576,
        "backup": datetime.fromtimestamp(backups[0], timeutil.TZ).strftime("%H:%M, %d/%m/%Y") if backups else "",
    }


def create_console(communes: Communes, create: Callable[[str, str, str, bool], tuple], base_url: Callable[[str], str],
                   toggle: Callable[[str, bool], None]) -> Flask:
    """Return the console's app (served by the dispatcher for SITES_CONSOLE_HOST)."""
    root = Path(__file__).resolve().parent.parent
    app = Flask("trangxa_console", template_folder=str(root / "templates"), static_folder=str(root / "static"))
    store = console_store(communes)
    accounts = Accounts(store)
    app.secret_key = store.secret()
    app.config.update(SESSION_COOKIE_NAME="trangxa_tinh", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", WTF_CSRF_TIME_LIMIT=None)
    app.extensions["trangxa.console_accounts"] = accounts
    csrf.init_app(app)

    def user() -> dict | None:
        uid = session.get("tinh_user")
        found = accounts.get(uid) if uid else None
        return found if found and not found.get("disabled") else None

    @app.before_request
    def _login_required():
        if request.endpoint not in ("login", "static") and user() is None:
            return redirect(url_for("login"))
        return None

    @app.route("/tinh/dang-nhap", methods=["GET", "POST"])
    def login():
        error = ""
        if request.method == "POST":
            try:
                found = accounts.authenticate(request.form.get("username", ""), request.form.get("password", ""),
                                              request.remote_addr or "")
            except Throttled:
                found, error = None, "Đăng nhập sai nhiều lần: vui lòng chờ vài phút rồi thử lại."
            except AccountDisabled:
                found, error = None, "Tài khoản này đã bị khóa."
            if found:
                session.clear()
                session["tinh_user"] = found["id"]
                return redirect(url_for("index"))
            error = error or "Tên đăng nhập hoặc mật khẩu không đúng."
        return render_template("province/login.html", error=error), (200 if not error else 401)

    @app.route("/tinh/dang-xuat", methods=["POST"])
    def logout():
        session.clear()
        return redirect(url_for("login"))

    @app.route("/tinh/")
    def index():
        today = timeutil.now().date()
        rows = [commune_summary(communes, c.name, today) for c in communes.all()]
        return render_template("province/index.html", rows=rows, user=user(), base_url=base_url,
                               link=session.pop("tinh_link", None))

    @app.route("/tinh/xa-moi", methods=["POST"])
    def create_commune():
        host, name = request.form.get("host", ""), request.form.get("name", "").strip()
        if not name:
            flash("Vui lòng nhập tên xã.", "error")
            return redirect(url_for("index"))
        try:
            commune, token = create(host, name, request.form.get("province", ""), bool(request.form.get("demo")))
        except ValidationError as exc:
            flash(" ".join(exc.errors.values()), "error")
            return redirect(url_for("index"))
        session["tinh_link"] = f"{base_url(commune.name)}/thiet-lap/{token}"
        flash(f"Đã tạo trang của {name}.", "success")
        return redirect(url_for("index"))

    @app.route("/tinh/xa/<name>/<any('tam-dung', 'mo-lai'):action>", methods=["POST"])
    def set_state(name: str, action: str):
        try:
            toggle(name, action == "tam-dung")
        except NotFound:
            abort(404)
        flash("Đã tạm dừng trang của xã." if action == "tam-dung" else "Đã mở lại trang của xã.", "success")
        return redirect(url_for("index"))

    return app

"""The province console (/tinh/ on the province's own host, SITES_CONSOLE_HOST): every commune at a glance.

Its own accounts (SITES_DIR/.tinh, never a commune's), its own secret key and session. It shows each commune's
state, last update, articles this month, questions overdue, missing budget disclosures, storage and last
backup; creates a commune (printing its one-time setup link), disables or enables one, and opens its site; it
downloads the province-wide report of a period (.xlsx, .docx). Two roles (core.accounts.CONSOLE_ROLES): the
province's administrator does everything, the department's staff (theo dõi) look and download only.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from flask import Flask, Response, abort, flash, redirect, render_template, request, session, url_for

from core import province_report, timeutil
from core.accounts import CONSOLE_ROLES, ROLE_ADMIN, AccountDisabled, Accounts, Throttled
from core.audit import Audit
from core.budget import Budget
from core.content import Content
from core.errors import NotFound, ValidationError
from core.qa import Questions
from core.sites import Communes
from core.store import Store

from . import csrf
from .args import content_disposition

CONSOLE_FOLDER = ".tinh"  # under SITES_DIR; a dot first, so never taken for a commune
ADMIN_ENDPOINTS = frozenset({"create_commune", "set_state", "accounts_page", "account_new", "account_state"})


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
    # The last backup: downloaded (panel, backup command, site export; in the commune's audit log) or written
    # into its backups/ folder (before removing the demo, before an upgrade).
    taken = [timeutil.parse_iso(entry["at"]).timestamp()] if (entry := Audit(store).last("backup_download")) else []
    if (commune.folder / "backups").is_dir():
        taken += [p.stat().st_mtime for p in (commune.folder / "backups").glob("*.zip")]
    return {
        "name": commune.name, "disabled": commune.disabled,
        "title": content.settings().get("site_title") or commune.name,
        "updated": updated, "articles_month": articles,
        "overdue": len(Questions(store).inbox(status="overdue", today=today)),
        "budget_missing": len(Budget(store).overdue_this_year(today)),
        "size_mb": communes.size(name) / 1048576,
        "backup": datetime.fromtimestamp(max(taken), timeutil.TZ).strftime("%H:%M, %d/%m/%Y") if taken else "",
    }


def remembered_heading(store: Store, communes: Communes) -> dict[str, str]:
    """Return the report's place, agency and office: as last used, else guessed from the communes' province."""
    return province_report.saved_heading(store) or province_report.heading_defaults(
        [Content(Store(c.folder)).settings().get("province", "") for c in communes.all() if not c.disabled])


def create_console(communes: Communes, create: Callable[[str, str, str, bool], tuple], base_url: Callable[[str], str],
                   toggle: Callable[[str, bool], None], report: Callable[[date, date], list]) -> Flask:
    """Return the console's app (served by the dispatcher for SITES_CONSOLE_HOST); ``report`` gives the lines of
    the province's report for a period."""
    root = Path(__file__).resolve().parent.parent
    app = Flask("trangxa_console", template_folder=str(root / "templates"), static_folder=str(root / "static"))
    store = console_store(communes)
    accounts = Accounts(store, CONSOLE_ROLES)
    app.secret_key = store.secret()
    app.config.update(SESSION_COOKIE_NAME="trangxa_tinh", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", WTF_CSRF_TIME_LIMIT=None)
    app.jinja_env.filters["datetime"] = timeutil.fmt_datetime
    app.extensions["trangxa.console_accounts"] = accounts
    csrf.init_app(app)

    def user() -> dict | None:
        uid = session.get("tinh_user")
        found = accounts.get(uid) if uid else None
        if not found or found.get("disabled") or session.get("tinh_version") != found.get("session_version", 1):
            return None  # disabled, logged out elsewhere, or given another role: log in again
        return found

    @app.context_processor
    def _who():
        me = user()
        return {"user": me, "is_admin": bool(me) and me["role"] == ROLE_ADMIN, "roles": CONSOLE_ROLES}

    @app.before_request
    def _login_required():
        if request.endpoint in ("login", "static"):
            return None
        me = user()
        if me is None:
            return redirect(url_for("login"))
        if request.endpoint in ADMIN_ENDPOINTS and me["role"] != ROLE_ADMIN:
            return render_template("province/forbidden.html", role_label=CONSOLE_ROLES[me["role"]]), 403
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
                session["tinh_user"], session["tinh_version"] = found["id"], found.get("session_version", 1)
                return redirect(url_for("index"))
            error = error or "Tên đăng nhập hoặc mật khẩu không đúng."
        return render_template("province/login.html", error=error), (200 if not error else 401)

    @app.route("/tinh/dang-xuat", methods=["POST"])
    def logout():
        accounts.end_sessions(session["tinh_user"])  # as in a commune: logged out everywhere
        session.clear()
        return redirect(url_for("login"))

    @app.route("/tinh/")
    def index():
        today = timeutil.now().date()
        rows = [commune_summary(communes, c.name, today) for c in communes.all()]
        return render_template("province/index.html", rows=rows, base_url=base_url,
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

    @app.route("/tinh/bao-cao", methods=["GET", "POST"])
    def report_page():
        """The province-wide report: a period and its heading, then the .xlsx or the .docx."""
        today = timeutil.now().date()
        if request.method == "GET":
            lo, hi = province_report.default_period(today)
            values = dict(remembered_heading(store, communes), tu=f"{lo:%d/%m/%Y}", den=f"{hi:%d/%m/%Y}")
            return render_template("province/report.html", values=values, errors={})
        values = {k: " ".join(request.form.get(k, "").split()) for k in ("tu", "den", *province_report.HEADING_FIELDS)}
        lo, hi, errors = province_report.parse_period(values["tu"], values["den"])
        if not values["place"]:
            errors["place"] = "Vui lòng nhập địa danh (ví dụ Hưng Yên)."
        if not values["agency"]:
            errors["agency"] = "Vui lòng nhập cơ quan chủ quản (ví dụ UBND TỈNH HƯNG YÊN)."
        if not values["office"]:
            errors["office"] = "Vui lòng nhập cơ quan lập báo cáo."
        kind = request.form.get("tai")
        if kind not in province_report.KINDS:
            errors.setdefault("tai", "Vui lòng chọn tải tệp Excel (.xlsx) hoặc Word (.docx).")
        if errors:
            return render_template("province/report.html", values=values, errors=errors), 400
        province_report.save_heading(store, values)
        payload = province_report.report_file(kind, report(lo, hi), lo, hi, values["agency"], values["office"],
                                              values["place"], today)
        response = Response(payload, mimetype=province_report.KINDS[kind])
        response.headers["Content-Disposition"] = content_disposition(province_report.file_name(kind, lo, hi))
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.route("/tinh/tai-khoan")
    def accounts_page():
        return render_template("province/accounts.html", users=accounts.users(), values={}, errors={})

    @app.route("/tinh/tai-khoan/moi", methods=["POST"])
    def account_new():
        values = {k: request.form.get(k, "").strip() for k in ("username", "display_name", "role")}
        try:
            made = accounts.create_user(values["username"], request.form.get("password", ""),
                                        values["display_name"], values["role"])
        except ValidationError as exc:
            return render_template("province/accounts.html", users=accounts.users(), values=values,
                                   errors=exc.errors), 400
        flash(f"Đã tạo tài khoản “{made['username']}” ({CONSOLE_ROLES[made['role']]}).", "success")
        return redirect(url_for("accounts_page"))

    @app.route("/tinh/tai-khoan/<int:user_id>/<any('khoa', 'mo-khoa'):action>", methods=["POST"])
    def account_state(user_id: int, action: str):
        if accounts.get(user_id) is None:
            abort(404)
        try:
            accounts.set_disabled(user_id, action == "khoa")
        except ValidationError as exc:
            flash(" ".join(exc.errors.values()), "error")
            return redirect(url_for("accounts_page"))
        flash("Đã khóa tài khoản." if action == "khoa" else "Đã mở khóa tài khoản.", "success")
        return redirect(url_for("accounts_page"))

    return app

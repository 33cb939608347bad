"""Province mode: one install serving every commune of SITES_DIR, each as its own complete app.

Each commune is a single-commune app (``create_app`` on its folder) with its own secret key, accounts,
sessions, uploads, counters and backups: nothing is shared but the code. A request is routed by its host name
(``xa-duongquang.example.gov.vn``) or, with SITES_BY_PATH, by its first path segment (``/xa-duong-quang/…``,
moved to SCRIPT_NAME so every link the commune's app builds carries it). An unknown or disabled commune gets a
plain 404, never some other commune's site. A worker keeps the apps of at most SITES_CACHE communes (least
recently used first out); an evicted commune is rebuilt on its next request, and every commune's app notices
other workers' writes through its store, as a single install does.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date

import click
from flask import Flask
from werkzeug.exceptions import NotFound as HTTPNotFound

from core import province_report, timeutil
from core.accounts import CONSOLE_ROLES, ROLE_ADMIN, ROLE_VIEWER, Accounts
from core.errors import NotFound, ValidationError
from core.qa import DEFAULT_WORKING_DAYS
from core.report_figures import compute_stats
from core.site_setup import START_EMPTY, apply_setup, form_defaults
from core.sites import Communes, clean_name
from core.store import BackupError, write_backup

from . import SERVICES_KEY
from .province_console import console_store, create_console

DEFAULTS = {"SITES_CACHE": 20, "SITES_BY_PATH": False, "SITES_SCHEME": "https", "SITES_BASE_URL": "",
            "SITES_CONSOLE_HOST": ""}
CONSOLE_SEGMENT = "tinh"  # /tinh/…: the province console (on its own host, or first on a shared domain)
CONSOLE_ROLE_NAMES = {"quan-tri": ROLE_ADMIN, "theo-doi": ROLE_VIEWER}  # --role of site console-user
NOT_FOUND = HTTPNotFound("Không có trang của xã nào ở địa chỉ này.")


class CommuneDispatcher:
    """The WSGI app of a province: route each request to its commune's app, keeping at most ``size`` built."""

    def __init__(self, communes: Communes, build: Callable[[str], Flask], size: int, by_path: bool,
                 console: Flask | None = None, console_host: str = ""):
        self.console = console
        self.console_host = console_host.lower()
        self.communes = communes
        self.build = build
        self.size = max(1, int(size))
        self.by_path = by_path
        self._apps: OrderedDict[str, Flask] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self.console is not None and self._for_console(environ):
            return self.console(environ, start_response)
        name, environ = self._route(environ)
        app = self.app_for(name) if name else None
        if app is None:
            return NOT_FOUND(environ, start_response)
        return app(environ, start_response)

    def _for_console(self, environ) -> bool:
        path = environ.get("PATH_INFO") or "/"
        console_path = path == f"/{CONSOLE_SEGMENT}" or path.startswith(f"/{CONSOLE_SEGMENT}/")
        if not (console_path or path.startswith("/static/")):
            return False
        if self.by_path:
            return True  # /tinh/… and the shared /static/ (each commune's static files carry its prefix)
        host = (environ.get("HTTP_HOST") or "").split(":", 1)[0].lower()
        return bool(self.console_host) and host == self.console_host

    def _route(self, environ) -> tuple[str | None, dict]:
        if not self.by_path:
            return (environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "").split(":", 1)[0], environ
        path = environ.get("PATH_INFO") or "/"
        segment, _, rest = path.lstrip("/").partition("/")
        environ = dict(environ, SCRIPT_NAME=environ.get("SCRIPT_NAME", "").rstrip("/") + "/" + segment,
                       PATH_INFO="/" + rest)
        return segment, environ

    def app_for(self, name: str) -> Flask | None:
        """Return the app of a live commune (built on first use, least recently used evicted), or None."""
        commune = self.communes.live(name)
        if commune is None:
            self.forget(name)
            return None
        with self._lock:
            app = self._apps.get(commune.name)
            if app is not None:
                self._apps.move_to_end(commune.name)
                return app
            app = self.build(commune.name)
            self._apps[commune.name] = app
            while len(self._apps) > self.size:
                self._apps.popitem(last=False)
            return app

    def forget(self, name: str) -> None:
        """Drop a commune's app from this worker (it is rebuilt on its next request)."""
        with self._lock:
            self._apps.pop(name, None)

    def cached(self) -> list[str]:
        """Return the communes whose apps this worker holds, least recently used first."""
        with self._lock:
            return list(self._apps)


def province_config(config: dict | None) -> dict:
    """Return the province settings: the defaults, TRANGXA_SITES_* variables and ``config``."""
    out = dict(DEFAULTS)
    for key in DEFAULTS:
        raw = os.environ.get(f"TRANGXA_{key}")
        if raw is not None:
            out[key] = int(raw) if key == "SITES_CACHE" else (raw.lower() in ("1", "true", "yes")
                                                               if key == "SITES_BY_PATH" else raw)
    out.update({k: v for k, v in (config or {}).items() if k.startswith("SITES_")})
    return out


def create_province(make_app: Callable[[dict], Flask], sites_dir: str, config: dict | None = None,
                    open_data: Callable[[dict], Flask] | None = None) -> Flask:
    """Return the province's app: its WSGI side dispatches to the communes; its command line manages them.
    ``open_data`` opens a commune's data without its pages (for the report; ``make_app`` when not given)."""
    settings = province_config(config)
    communes = Communes(sites_dir)
    passed = {k: v for k, v in (config or {}).items() if not k.startswith("SITES_") and k != "DATA_DIR"}

    def base_url(name: str) -> str:
        if settings["SITES_BY_PATH"]:
            return f"{str(settings['SITES_BASE_URL']).rstrip('/')}/{name}"
        return f"{settings['SITES_SCHEME']}://{name}"

    def own_config(name: str, seed_demo: bool = False) -> dict:
        own = {**passed, "SITES_DIR": None, "DATA_DIR": str(communes.folder(name)), "SEED_DEMO": seed_demo,
               "BASE_URL": passed.get("BASE_URL") or base_url(name)}
        if settings["SITES_BY_PATH"]:
            own["SESSION_COOKIE_PATH"] = f"/{name}"  # a commune's cookie is never sent to another one
        return own

    def build(name: str, seed_demo: bool = False) -> Flask:
        return make_app(own_config(name, seed_demo))

    def read(name: str) -> Flask:
        return (open_data or make_app)(own_config(name))

    app = Flask("trangxa_province")
    app.config.update(settings, SITES_DIR=str(communes.root))

    def toggle(name: str, disabled: bool) -> None:
        commune = communes.set_disabled(name, disabled)
        app.extensions["trangxa.province"].forget(commune.name)

    console = create_console(communes, lambda host, name, province, demo: create_commune(
        communes, build, host, name, province, demo), base_url, toggle,
        lambda start, end: report_lines(communes, read, start, end))
    dispatcher = CommuneDispatcher(communes, build, settings["SITES_CACHE"], bool(settings["SITES_BY_PATH"]),
                                   console, str(settings["SITES_CONSOLE_HOST"]))
    app.extensions["trangxa.console"] = console
    app.wsgi_app = dispatcher
    app.extensions["trangxa.province"] = dispatcher
    _register_cli(app, communes, build, read, base_url)
    return app


def _register_cli(app: Flask, communes: Communes, build: Callable[..., Flask], read: Callable[[str], Flask],
                  base_url) -> None:
    site = click.Group("site", help="Quản lý các xã của tỉnh (chế độ một cài đặt cho nhiều xã).")
    app.cli.add_command(site)
    _register_report(site, communes, read)

    def fail(message: str) -> None:
        click.echo(f"Lỗi: {message}", err=True)
        raise SystemExit(1)

    @site.command("create")
    @click.argument("host")
    @click.option("--name", "commune_name", required=True, help="Tên xã, ví dụ “Xã Dương Quang”.")
    @click.option("--province", default="", help="Tỉnh, thành phố.")
    @click.option("--demo", is_flag=True, help="Bắt đầu với dữ liệu mẫu (mặc định: trang trống, chuyên mục chuẩn).")
    def create(host: str, commune_name: str, province: str, demo: bool):
        """Create a commune's data folder and print its one-time setup link."""
        try:
            commune, token = create_commune(communes, build, host, commune_name, province, demo)
        except ValidationError as exc:
            fail(" ".join(exc.errors.values()))
        click.echo(f"Đã tạo trang của {commune_name} tại {commune.folder}.")
        click.echo("Liên kết tạo tài khoản quản trị (dùng được một lần):\n"
                   f"    {base_url(commune.name)}/thiet-lap/{token}")

    @site.command("console-user")
    @click.argument("username")
    @click.option("--display-name", default="", help="Họ và tên.")
    @click.option("--role", type=click.Choice(list(CONSOLE_ROLE_NAMES)), default=None,
                  help="quan-tri: tạo, tạm dừng, mở lại trang các xã và quản lý tài khoản; theo-doi: chỉ xem và "
                       "tải báo cáo. Mặc định: quan-tri cho tài khoản đầu tiên, theo-doi cho các tài khoản sau.")
    @click.password_option(help="Mật khẩu (ít nhất 8 ký tự).")
    def console_user(username: str, display_name: str, role: str | None, password: str):
        """Create an account of the province console (/tinh/), separate from every commune's accounts."""
        accounts = Accounts(console_store(communes), CONSOLE_ROLES)
        chosen = CONSOLE_ROLE_NAMES[role] if role else (ROLE_VIEWER if accounts.has_users() else ROLE_ADMIN)
        try:
            accounts.create_user(username, password, display_name or username, chosen)
        except ValidationError as exc:
            fail(" ".join(exc.errors.values()))
        click.echo(f"Đã tạo tài khoản “{username}” của cổng quản lý của tỉnh, vai trò {CONSOLE_ROLES[chosen]}.")

    @site.command("list")
    def list_():
        """List the communes: name, state, articles, size on disk."""
        for commune in communes.all():
            state = "tạm dừng" if commune.disabled else "đang chạy"
            size = communes.size(commune.name)
            click.echo(f"{commune.name}\t{state}\t{size / 1048576:.1f} MB")

    def _toggle(host: str, disabled: bool) -> None:
        try:
            commune = communes.set_disabled(host, disabled)
        except NotFound:
            fail(f"Không có xã “{host}”.")
        app.extensions["trangxa.province"].forget(commune.name)
        click.echo(f"Đã {'tạm dừng' if disabled else 'mở lại'} trang của {commune.name}.")

    @site.command("disable")
    @click.argument("host")
    def disable(host: str):
        """Stop serving a commune (its data stay; 404 until enabled)."""
        _toggle(host, True)

    @site.command("enable")
    @click.argument("host")
    def enable(host: str):
        """Serve a disabled commune again."""
        _toggle(host, False)

    @site.command("export")
    @click.argument("host")
    @click.argument("output", type=click.Path(dir_okay=False))
    def export(host: str, output: str):
        """Write a commune's backup zip (its whole data folder, as its own Sao lưu does)."""
        try:
            commune = communes.get(host)
        except NotFound:
            fail(f"Không có xã “{host}”.")
        with build(commune.name).app_context() as ctx, open(output, "wb") as fh:
            s = ctx.app.extensions[SERVICES_KEY]
            n = write_backup(s.store, fh)
            s.audit.record("backup_download", address="dòng lệnh của tỉnh", item=output)  # its last backup
        click.echo(f"Đã xuất {n} tệp của {commune.name} vào {output}.")

    @site.command("import")
    @click.argument("host")
    @click.argument("archive", type=click.Path(exists=True, dir_okay=False))
    def import_(host: str, archive: str):
        """Create a commune from a backup zip (a commune moving in from its own install)."""
        try:
            commune = communes.create(clean_name(host))
        except ValidationError as exc:
            fail(" ".join(exc.errors.values()))
        try:
            commune_app = build(commune.name)
            with commune_app.app_context(), open(archive, "rb") as fh:
                restored = commune_app.extensions[SERVICES_KEY].restore(fh)
        except BackupError as exc:
            communes.remove_new(commune.name)
            fail(f"{exc.message} Chưa tạo xã “{commune.name}”.")
        click.echo(f"Đã nhập {restored.files} tệp vào {commune.name}.")


def create_commune(communes: Communes, build: Callable[..., Flask], host: str, commune_name: str,
                   province: str = "", demo: bool = False):
    """Create a commune's folder and site (the demo, or an empty site with the standard sections); return the
    commune and its one-time setup token. Raise ValidationError (Vietnamese): then nothing is left behind."""
    commune = communes.create(host)
    try:
        commune_app = build(commune.name, seed_demo=True)
        with commune_app.app_context():
            s = commune_app.extensions[SERVICES_KEY]
            values = dict(form_defaults(s.content.settings()), commune_name=commune_name,
                          **({"province": province} if province else {}))
            apply_setup(s, values, start=None if demo else START_EMPTY, fresh=True)
            token = s.accounts.new_setup_token()
    except Exception:
        communes.remove_new(commune.name)
        raise
    return commune, token


def report_lines(communes: Communes, read: Callable[[str], Flask], start: date,
                 end: date) -> list[province_report.CommuneFigures]:
    """Return every running commune's line of the province's report for a period, counted by the rules of the
    commune's own report (its counters merged first, its own answer time for questions); ``read`` opens a
    commune's data."""
    lines = []
    for commune in communes.all():
        if commune.disabled:
            continue
        with read(commune.name).app_context() as ctx:
            s = ctx.app.extensions[SERVICES_KEY]
            s.counters.merge()
            days = int(ctx.app.config.get("QA_ANSWER_WORKING_DAYS") or DEFAULT_WORKING_DAYS)
            stats = compute_stats(s.content, s.counters, s.documents, s.questions, start, end, working_days=days,
                                  people=s.people)
            lines.append(province_report.commune_figures(commune.name, s.content.settings(), stats))
    return lines


def _register_report(site: click.Group, communes: Communes, read: Callable[[str], Flask]) -> None:
    @site.command("report")
    @click.option("--from", "start", required=True, help="Từ ngày (dd/mm/yyyy).")
    @click.option("--to", "end", required=True, help="Đến ngày (dd/mm/yyyy).")
    @click.option("--xlsx", "xlsx_out", default=None, help="Tệp .xlsx để ghi.")
    @click.option("--docx", "docx_out", default=None, help="Tệp .docx để ghi.")
    @click.option("--agency", default=province_report.DEFAULT_AGENCY,
                  help="Cơ quan chủ quản (dòng trên), ví dụ “UBND TỈNH HƯNG YÊN”.")
    @click.option("--office", default=province_report.DEFAULT_OFFICE, help="Cơ quan lập báo cáo (dòng dưới).")
    @click.option("--place", required=True, help="Địa danh ghi ở dòng ngày tháng, ví dụ “Hưng Yên”.")
    def report(start: str, end: str, xlsx_out: str | None, docx_out: str | None, agency: str, office: str,
               place: str):
        """Write the province-wide report of a period: every running commune's articles, visits, questions."""
        lo, hi, errors = province_report.parse_period(start, end)
        if errors:
            click.echo("Lỗi: " + " ".join(errors.values()), err=True)
            raise SystemExit(1)
        lines = report_lines(communes, read, lo, hi)
        for kind, out in (("xlsx", xlsx_out), ("docx", docx_out)):
            if out:
                with open(out, "wb") as fh:
                    fh.write(province_report.report_file(kind, lines, lo, hi, agency, office, place,
                                                         timeutil.now().date()))
        t = province_report.totals(lines)
        click.echo(f"{len(lines)} xã: {t['articles']} tin bài, {t['visits']} lượt truy cập, {t['received']} câu hỏi "
                   f"({t['answered']} đã trả lời, {t['late']} quá hạn).")


def sites_dir_of(config: dict | None) -> str | None:
    """Return SITES_DIR when the install serves a province (``config`` first, then TRANGXA_SITES_DIR)."""
    if config and "SITES_DIR" in config:
        return config["SITES_DIR"] or None
    return os.environ.get("TRANGXA_SITES_DIR") or None


__all__ = ["CommuneDispatcher", "create_province", "sites_dir_of"]

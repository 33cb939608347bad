"""TrangXã: the electronic information page of a commune People's Committee.

``create_app(config=None)`` builds the Flask application; ``python app.py``
runs it locally on http://127.0.0.1:5000 (seeding the demo commune on an
empty data folder and printing a one-time setup link while no account exists).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import click
from flask import Flask, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError

from blueprints import csrf, login_manager

from core import timeutil
from core.accounts import Accounts
from core.audit import Audit
from core.banners import Banners
from core.consultation import Drafts
from core.documents import Documents
from core.people import People
from core.qa import Questions
from core.sitesearch import SiteSearch
from core.ratings import Ratings
from core.schedule import Schedule
from core.content import Content
from core.counters import Counters
from core.schema import SchemaTooNew, check_zone, upgrade
from core.store import Store, StoreCorrupt, StoreError

ROOT = Path(__file__).resolve().parent

DEFAULTS = {
    "DATA_DIR": None,  # default ./data, or $TRANGXA_DATA_DIR
    "SEED_DEMO": True,  # fill an empty data folder with the demo commune
    "MAX_CONTENT_LENGTH": 24 * 1024 * 1024,  # bytes in one request (uploads included)
    "MAX_FORM_MEMORY_SIZE": 12 * 1024 * 1024,  # one text field: an over-long body gets our message, not a 413
    "MAX_IMAGE_BYTES": 8 * 1024 * 1024,
    "MAX_DOCUMENT_BYTES": 15 * 1024 * 1024,  # an attached document (PDF, DOC, DOCX, XLS, XLSX)
    "PER_PAGE": 10,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "trangxa_session",
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    "WTF_CSRF_TIME_LIMIT": None,  # a form left open all day must still save
    "COUNTER_MERGE_SECONDS": 2.0,
    "TIME_ZONE": "Asia/Ho_Chi_Minh",  # a zone without daylight saving; fixed once the site has data
    "BASE_URL": "",  # e.g. https://duongquang.example.gov.vn/xa : absolute links (feeds, sitemap, cards) use it
    "PROXY_COUNT": 0,  # proxies in front (Passenger, nginx): only then are X-Forwarded-* headers trusted
    "QA_RATE_LIMIT": (3, 3600),  # questions (and, separately, draft comments) per address per hour
    "QA_ANSWER_WORKING_DAYS": 15,  # the answer deadline shown in the Q&A inbox
}


class _BaseUrl:
    """Make every request look as if it came to BASE_URL (scheme, host, sub-path).

    For hosts whose proxy does not pass the public host name: absolute links in
    feeds, the sitemap and share cards then name the public address.
    """

    def __init__(self, wsgi_app, base_url: str):
        from urllib.parse import urlsplit

        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"BASE_URL phải có dạng https://ten-mien[/duong-dan], không phải {base_url!r}")
        self.wsgi_app, self.scheme, self.host, self.prefix = wsgi_app, parts.scheme, parts.netloc, parts.path

    def __call__(self, environ, start_response):
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.host
        if self.prefix and not environ.get("SCRIPT_NAME"):
            path = environ.get("PATH_INFO", "")
            if path.startswith(self.prefix):
                environ["PATH_INFO"] = path[len(self.prefix):] or "/"
            environ["SCRIPT_NAME"] = self.prefix
        return self.wsgi_app(environ, start_response)


class _SessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def _load_config(app: Flask, config: dict | None) -> Path:
    app.config.from_mapping(DEFAULTS)
    data_dir = (config or {}).get("DATA_DIR") or os.environ.get("TRANGXA_DATA_DIR") or str(ROOT / "data")
    data_dir = Path(data_dir).resolve()
    app.instance_path = str(data_dir)
    app.config.from_pyfile(str(data_dir / "config.py"), silent=True)
    app.config.from_prefixed_env("TRANGXA")
    if config:
        app.config.update(config)
    app.config["DATA_DIR"] = str(data_dir)
    return data_dir


def create_app(config: dict | None = None) -> Flask:
    """Build the application on a data folder (``config['DATA_DIR']`` in tests)."""
    app = Flask(__name__, instance_relative_config=True)
    data_dir = _load_config(app, config)
    timeutil.set_zone(app.config["TIME_ZONE"])
    store = Store(data_dir)
    app.secret_key = app.config.get("SECRET_KEY") or store.secret()
    if app.config.get("BASE_URL"):
        app.wsgi_app = _BaseUrl(app.wsgi_app, app.config["BASE_URL"])
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        # Client address, scheme, host and sub-path come from the proxy's headers, and only
        # because a setting says how many proxies there are: otherwise anyone could forge them.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)
    app.session_interface = _SessionInterface()

    content = Content(store)
    fresh = content.is_empty()
    services = SimpleNamespace(
        store=store,
        content=content,
        counters=Counters(store, merge_interval=float(app.config["COUNTER_MERGE_SECONDS"])),
        accounts=Accounts(store),
        audit=Audit(store),
        documents=Documents(store),
        schedule=Schedule(store),
        people=People(store),
        banners=Banners(store),
        questions=Questions(store),
        drafts=Drafts(store),
    )
    services.search = SiteSearch(content, services.documents, services.questions)
    services.ratings = Ratings(store)
    app.extensions["trangxa"] = services
    if fresh and app.config["SEED_DEMO"]:
        from core.seed import seed_demo

        seed_demo(content, services)
    # Older data are migrated (after a backup zip), newer data refused: see core/schema.py.
    for step in upgrade(store, fresh):
        app.logger.warning("data folder upgrade: %s", step)
    check_zone(store, app.config["TIME_ZONE"])
    # Parse every data file now: a corrupt one stops the app here, naming its backup.
    # (Article shards are parsed, and so checked, by building the index.)
    store.verify_all(skip=("articles",))
    content.index()

    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "warning"

    from blueprints.auth import bp as auth_bp
    from blueprints.editor import bp as editor_bp
    from blueprints.feeds import bp as feeds_bp
    from blueprints.public import bp as public_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(editor_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(public_bp)

    _register_template_helpers(app)
    _register_errors(app)
    _register_cli(app)

    from core.sanitize import IFRAME_HOSTS

    csp = "; ".join([
        "default-src 'self'",
        "script-src 'self'",  # no inline scripts anywhere
        "style-src 'self' 'unsafe-inline'",  # article bodies keep cleaned style attributes (text-align …)
        "img-src 'self' data: https: http:",
        "frame-src " + " ".join(f"https://{h}" for h in sorted(IFRAME_HOSTS)),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])

    static_versions: dict[str, str] = {}

    @app.url_defaults
    def static_version(endpoint, values):
        # /static/x.css?v=<mtime>: the file can be cached for a year, a new version gets a new URL.
        if endpoint == "static" and "filename" in values and "v" not in values:
            name = values["filename"]
            if name not in static_versions:
                try:
                    static_versions[name] = str(int(os.path.getmtime(os.path.join(app.static_folder, name))))
                except OSError:
                    static_versions[name] = "0"
            values["v"] = static_versions[name]

    @app.after_request
    def caching(response):
        if request.endpoint == "static" and request.args.get("v"):
            response.cache_control.public = True
            response.cache_control.max_age = 365 * 24 * 3600
            response.cache_control.immutable = True
        elif (request.blueprint in ("editor", "auth")) or response.status_code >= 400:
            response.cache_control.no_store = True  # the panel's pages are private
        elif request.method == "GET" and response.status_code == 200 and not response.direct_passthrough \
                and response.mimetype in ("text/html", "application/rss+xml", "application/xml", "text/plain"):
            # Public pages: an ETag lets a phone on a slow link get "304 Not Modified" instead of the page.
            response.add_etag()
            response.cache_control.no_cache = True  # revalidate each time: content may change any minute
            response.make_conditional(request)
        return response

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    return app


def services():
    """Return the app's core services (store, content, counters, accounts)."""
    from flask import current_app

    return current_app.extensions["trangxa"]


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["date"] = timeutil.fmt_date
    app.jinja_env.filters["datetime"] = timeutil.fmt_datetime
    app.jinja_env.filters["number"] = lambda n: f"{int(n or 0):,}".replace(",", ".")

    from blueprints import EDITOR_FEATURES, INTRO_FEATURES, PUBLIC_FEATURES

    @app.context_processor
    def site_context():
        content = app.extensions["trangxa"].content
        views = app.view_functions
        return {
            "features": [(ep, label) for ep, label in PUBLIC_FEATURES if ep in views],
            "intro_features": [(ep, label) for ep, label in INTRO_FEATURES if ep in views],
            "panel_features": [(ep, label) for ep, label in EDITOR_FEATURES if ep in views],
            "site": content.settings(),
            "menu": content.menu(),
            "intro_pages": content.pages(),
            "year": timeutil.now().year,
        }


def _register_errors(app: Flask) -> None:
    def page(code: int, title: str, message: str):
        try:
            return render_template("errors/error.html", code=code, title=title, message=message), code
        except Exception:  # the error page must never fail itself
            app.logger.exception("error page failed")
            return (f"<!doctype html><html lang=vi><meta charset=utf-8><title>{title}</title>"
                    f"<h1>{title}</h1><p>{message}</p>"), code

    @app.errorhandler(400)
    def bad_request(e):
        return page(400, "Yêu cầu không hợp lệ", "Yêu cầu gửi lên không hợp lệ. Vui lòng quay lại và thử lại.")

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return page(400, "Phiên làm việc đã hết hạn",
                    "Biểu mẫu đã hết hạn hoặc thiếu mã bảo vệ. Vui lòng quay lại, tải lại trang rồi gửi lại.")

    @app.errorhandler(404)
    def not_found(e):
        return page(404, "Không tìm thấy trang", "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.")

    @app.errorhandler(405)
    def not_allowed(e):
        return page(405, "Phương thức không được hỗ trợ", "Địa chỉ này không nhận loại yêu cầu vừa gửi.")

    @app.errorhandler(413)
    def too_large(e):
        limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return page(413, "Dữ liệu gửi lên quá lớn",
                    f"Tổng dung lượng gửi lên vượt quá {limit} MB. Vui lòng chọn tệp nhỏ hơn.")

    @app.errorhandler(416)
    def bad_range(e):
        return page(416, "Không tải được phần tệp yêu cầu",
                    "Phần tệp trình duyệt yêu cầu không tồn tại. Vui lòng tải lại toàn bộ tệp.")

    from werkzeug.exceptions import HTTPException

    @app.errorhandler(HTTPException)
    def other_http_error(e):
        # Any other HTTP error a browser or bot can provoke gets a Vietnamese page too.
        if e.code is None or e.code < 400:
            return e
        return page(e.code, "Không thực hiện được yêu cầu",
                    "Máy chủ không thể thực hiện yêu cầu này. Vui lòng quay lại trang trước và thử lại.")

    @app.errorhandler(StoreError)
    def store_error(e):
        app.logger.error("storage error: %s", e)
        return page(503, "Hệ thống tạm thời gián đoạn",
                    "Không đọc hoặc ghi được dữ liệu lúc này. Vui lòng thử lại sau ít phút.")

    @app.errorhandler(500)
    def server_error(e):
        return page(500, "Lỗi hệ thống", "Đã có lỗi xảy ra. Vui lòng thử lại sau hoặc liên hệ quản trị trang.")


def _register_cli(app: Flask) -> None:
    @app.cli.command("create-user")
    @click.argument("name")
    @click.option("--display-name", default="", help="Tên hiển thị (mặc định: tên đăng nhập).")
    @click.option("--role", type=click.Choice(["admin", "editor", "contributor"]), default="admin", show_default=True,
                  help="Vai trò: admin (quản trị), editor (biên tập), contributor (cộng tác viên).")
    def create_user(name: str, display_name: str, role: str):
        """Create an account (password prompted, or read from standard input)."""
        from core.accounts import ROLES
        from core.errors import ValidationError

        accounts = app.extensions["trangxa"].accounts
        if role != "admin" and not accounts.has_users():
            click.echo("Lỗi: tài khoản đầu tiên phải có vai trò quản trị (admin).", err=True)
            raise SystemExit(1)

        if sys.stdin.isatty():
            password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
        else:
            password = sys.stdin.readline().rstrip("\r\n")
        try:
            user = accounts.create_user(name, password, display_name, role=role)
        except ValidationError as exc:
            for message in exc.errors.values():
                click.echo(f"Lỗi: {message}", err=True)
            raise SystemExit(1)
        app.extensions["trangxa"].audit.record("account_create", address="dòng lệnh", item=user["username"],
                                               detail=f"vai trò {ROLES[user['role']]}")
        click.echo(f"Đã tạo tài khoản '{user['username']}' ({ROLES[user['role']].lower()}).")

    @app.cli.command("backup")
    @click.option("-o", "--output", default=None, help="Tệp .zip để ghi (mặc định: trangxa-sao-luu-<ngày>.zip).")
    @click.option("--with-secret", is_flag=True, help="Kèm khóa bí mật (secret_key).")
    def backup(output: str | None, with_secret: bool):
        """Write a zip of the whole data folder (not the secret key unless asked)."""
        from core.store import write_backup

        output = output or f"trangxa-sao-luu-{timeutil.now().strftime('%Y%m%d-%H%M')}.zip"
        with open(output, "wb") as fh:
            n = write_backup(app.extensions["trangxa"].store, fh, include_secret=with_secret)
        click.echo(f"Đã sao lưu {n} tệp vào {output}.")

    @app.cli.command("restore")
    @click.argument("archive", type=click.Path(exists=True, dir_okay=False))
    def restore(archive: str):
        """Check a backup zip, keep a safety copy of the current data, then restore it."""
        from core.store import BackupError, restore_backup

        try:
            with open(archive, "rb") as fh:
                safety = restore_backup(app.extensions["trangxa"].store, fh)
        except BackupError as exc:
            click.echo(f"Lỗi: {exc.message} Dữ liệu hiện tại không thay đổi.", err=True)
            raise SystemExit(1)
        app.extensions["trangxa"].audit.record("restore", address="dòng lệnh", item=Path(archive).name)
        click.echo(f"Đã khôi phục. Dữ liệu cũ được giữ tại {safety}.")

    @app.cli.command("export-static")
    @click.argument("out", type=click.Path(file_okay=False))
    @click.option("--live-url", default=None, help="Địa chỉ trang chính (cho tìm kiếm, hỏi đáp, góp ý).")
    def export_static_command(out: str, live_url: str | None):
        """Write the whole public site as static files with relative links (a mirror or an archive)."""
        from blueprints.export import export_static

        result = export_static(app, out, live_url)
        click.echo(f"Đã ghi {result['files']} tệp vào {out}.")
        for url, code in result["broken"]:
            click.echo(f"Không tải được {url} (mã {code})", err=True)
        if result["broken"]:
            raise SystemExit(1)

    @app.cli.command("merge-counters")
    def merge_counters():
        """Fold every worker's pending view counts into the counters file."""
        n = app.extensions["trangxa"].counters.merge()
        click.echo(f"Đã gộp {n} dòng đếm.")


def _setup_link_message(app: Flask, host: str, port: int) -> str | None:
    accounts = app.extensions["trangxa"].accounts
    if accounts.has_users():
        return None
    token = accounts.new_setup_token()
    return (
        "\nChưa có tài khoản quản trị. Mở liên kết sau (dùng được một lần) để tạo tài khoản:\n"
        f"    http://{host}:{port}/thiet-lap/{token}\n"
        "Hoặc tạo bằng lệnh: flask --app app create-user TEN_DANG_NHAP\n"
    )


def main(argv: list[str] | None = None) -> None:
    """Run the site locally on http://127.0.0.1:5000."""
    import argparse

    parser = argparse.ArgumentParser(description="Chạy Trang thông tin điện tử (máy chủ waitress).")
    parser.add_argument("--serve", action="store_true",
                        help="chạy như máy chủ thật (mặc định nghe ở 0.0.0.0:8080 thay vì 127.0.0.1:5000)")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    args.host = args.host or ("0.0.0.0" if args.serve else "127.0.0.1")
    args.port = args.port or (8080 if args.serve else 5000)
    try:
        app = create_app()
    except (StoreCorrupt, SchemaTooNew) as exc:
        print(f"LỖI DỮ LIỆU: {exc}", file=sys.stderr)
        raise SystemExit(2)
    except ValueError as exc:  # a setting that cannot work (TIME_ZONE, BASE_URL)
        print(f"LỖI CẤU HÌNH: {exc}", file=sys.stderr)
        raise SystemExit(2)
    if app.config.get("DEBUG") and args.host not in ("127.0.0.1", "localhost", "::1"):
        # The debugger runs code typed in the browser: never on an address others can reach.
        print("LỖI CẤU HÌNH: không chạy chế độ gỡ lỗi (DEBUG) trên địa chỉ công khai "
              f"{args.host}. Tắt DEBUG hoặc dùng --host 127.0.0.1.", file=sys.stderr)
        raise SystemExit(2)
    message = _setup_link_message(app, "127.0.0.1" if args.host == "0.0.0.0" else args.host, args.port)
    if message:
        print(message, flush=True)
    print(f"Trang đang chạy tại http://{args.host}:{args.port}/  (Ctrl+C để dừng)", flush=True)
    from waitress import serve  # a production server that also runs on Windows

    serve(app, host=args.host, port=args.port, threads=8, ident="TrangXa")


if __name__ == "__main__":
    main()

"""The `flask --app app …` commands: accounts, backup and restore, the static mirror, counters, going live, imports."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask

from core import timeutil
from core.accounts import ROLES
from core.demo import demo_remaining, describe, remove_demo
from core.errors import NotFound, ValidationError
from core.feed_source import MAX_SOURCE_BYTES, parse_source
from core.importer import ImportSettings, Outcome, Plan, fetch_source
from core.site_setup import START_EMPTY, apply_setup, form_defaults
from core.store import BackupError, write_backup

from . import svc
from .export import export_static
from .importing import import_runtime


def _section_id(slug: str, what: str) -> int:
    """Return the id of the section whose address is ``slug``; raise ValidationError naming ``what``."""
    try:
        return int(svc().content.section_by_slug(slug.strip())["id"])
    except NotFound:
        raise ValidationError({"section_id": f"Không có chuyên mục “{slug}” ({what})."}) from None


def _read_source(source: str, settings: ImportSettings) -> tuple[bytes, str]:
    """Return the bytes of a feed file or address (one byte past the limit, so "too large" is seen) and its address."""
    if source.startswith(("http://", "https://")):
        return fetch_source(source, settings.rules), source
    try:
        with open(source, "rb") as fh:
            return fh.read(MAX_SOURCE_BYTES + 1), ""
    except OSError as exc:
        raise ValidationError({"source": f"Không đọc được tệp {source}: {exc.strerror or exc}."}) from None


def _echo_plan(plan: Plan) -> None:
    click.echo(f"Nguồn: {plan.title or '(không tên)'} – {plan.total} mục; sẽ nhập {plan.new} tin bài, "
               f"tải {plan.pictures} ảnh; bỏ qua {len(plan.skipped)}.")
    for label, count in plan.ignored.items():
        click.echo(f"Không nhập {count} {label}.")
    for name, count in plan.categories.items():
        click.echo(f"Chuyên mục cũ “{name}”: {count} mục.")
    for skip in plan.skipped:
        click.echo(f"Bỏ qua “{skip['title']}”: {skip['reason']}")


def _echo_outcomes(outcomes: list[Outcome]) -> None:
    done = [o for o in outcomes if o.article_id is not None]
    click.echo(f"Đã nhập {len(done)} tin bài ({sum(o.pictures for o in done)} ảnh); "
               f"bỏ qua {len(outcomes) - len(done)} mục.")
    for o in outcomes:
        if o.article_id is None:
            click.echo(f"Bỏ qua “{o.title}”: {o.skipped}")
        for address, reason in o.failed:
            click.echo(f"Không tải được ảnh {address} (bài “{o.title}”): {reason}", err=True)


def register_cli(app: Flask) -> None:
    """Add the site's commands to the app's command line."""
    @app.cli.command("create-user")
    @click.argument("name")
    @click.option("--display-name", default="", help="Tên hiển thị (mặc định: tên đăng nhập).")
    @click.option("--role", type=click.Choice(["admin", "editor", "contributor"]), default="admin", show_default=True,
                  help="Vai trò: admin (quản trị), editor (biên tập), contributor (cộng tác viên).")
    def create_user(name: str, display_name: str, role: str):
        """Create an account (password prompted, or read from standard input)."""
        accounts = svc().accounts
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
            raise SystemExit(1) from None
        svc().audit.record("account_create", address="dòng lệnh", item=user["username"],
                           detail=f"vai trò {ROLES[user['role']]}")
        click.echo(f"Đã tạo tài khoản '{user['username']}' ({ROLES[user['role']].lower()}).")

    @app.cli.command("disable-totp")
    @click.argument("name")
    def disable_totp(name: str):
        """Turn off an account's two-step login (a lost phone, or data restored without the secret key)."""
        accounts = svc().accounts
        user = accounts.by_username(name)
        if user is None:
            click.echo(f"Lỗi: không có tài khoản '{name}'.", err=True)
            raise SystemExit(1)
        accounts.disable_totp(user["id"])
        svc().audit.record("account_totp_reset", address="dòng lệnh", item=user["username"])
        click.echo(f"Đã tắt xác thực hai bước của '{user['username']}'; lần đăng nhập sau chỉ cần mật khẩu.")

    @app.cli.command("backup")
    @click.option("-o", "--output", default=None, help="Tệp .zip để ghi (mặc định: trangxa-sao-luu-<ngày>.zip).")
    @click.option("--with-secret", is_flag=True, help="Kèm khóa bí mật (secret_key).")
    def backup(output: str | None, with_secret: bool):
        """Write a zip of the whole data folder (not the secret key unless asked)."""
        output = output or f"trangxa-sao-luu-{timeutil.now().strftime('%Y%m%d-%H%M')}.zip"
        with open(output, "wb") as fh:
            n = write_backup(svc().store, fh, include_secret=with_secret)
        svc().audit.record("backup_download", address="dòng lệnh", item=output)  # the dashboard's last backup
        click.echo(f"Đã sao lưu {n} tệp vào {output}.")

    @app.cli.command("restore")
    @click.argument("archive", type=click.Path(exists=True, dir_okay=False))
    def restore(archive: str):
        """Check a backup zip, keep a safety copy of the current data, then restore it (recorded in the audit log)."""
        name = Path(archive).name
        try:
            with open(archive, "rb") as fh:
                restored = svc().restore(fh)
        except BackupError as exc:
            svc().audit.record("restore", address="dòng lệnh", item=name, detail=f"SHA-256 {exc.sha256}; {exc.message}",
                               ok=False)
            click.echo(f"Lỗi: {exc.message} Dữ liệu hiện tại không thay đổi.", err=True)
            raise SystemExit(1) from None
        svc().audit.record("restore", address="dòng lệnh", item=name, detail=f"SHA-256 {restored.sha256}")
        click.echo(f"Đã khôi phục {restored.files} tệp (SHA-256 {restored.sha256}). Dữ liệu cũ được giữ tại "
                   f"{restored.safety}.")

    @app.cli.command("export-static")
    @click.argument("out", type=click.Path(file_okay=False))
    @click.option("--live-url", default=None,
                  help="Địa chỉ trang chính (mặc định BASE_URL): ghi vào sơ đồ trang, RSS, robots.txt; "
                       "tìm kiếm, hỏi đáp, góp ý trỏ về đó.")
    def export_static_command(out: str, live_url: str | None):
        """Write the whole public site as static files with relative links (a mirror or an archive)."""
        try:
            result = export_static(app, out, live_url)
        except ValueError as exc:
            click.echo(f"Lỗi: {exc}", err=True)
            raise SystemExit(2) from None
        click.echo(f"Đã ghi {result['files']} tệp vào {out}.")
        for url, code in result["broken"]:
            click.echo(f"Không tải được {url} (mã {code})", err=True)
        if result["broken"]:
            raise SystemExit(1)

    @app.cli.command("merge-counters")
    def merge_counters():
        """Fold every worker's pending view counts into the counters file."""
        n = svc().counters.merge()
        click.echo(f"Đã gộp {n} dòng đếm.")

    @app.cli.command("setup")
    @click.option("--name", "commune_name", required=True, help="Tên xã (có hoặc không có chữ “Xã”).")
    @click.option("--province", default="", help="Tỉnh, thành phố.")
    @click.option("--district", default="", help="Huyện, thị xã: chỉ khi xã vẫn báo cáo qua huyện.")
    @click.option("--empty", is_flag=True, help="Bắt đầu với trang trống: xóa dữ liệu mẫu, tạo các chuyên mục chuẩn.")
    @click.option("--agency", "agency_name", default="", help="Tên cơ quan chủ quản (mặc định: theo tên xã).")
    @click.option("--title", "site_title", default="", help="Tên trang (mặc định: theo tên xã).")
    @click.option("--address", default="", help="Địa chỉ.")
    @click.option("--phone", default="", help="Điện thoại.")
    @click.option("--fax", default="", help="Fax.")
    @click.option("--email", default="", help="Thư điện tử.")
    @click.option("--hotline", default="", help="Đường dây nóng.")
    @click.option("--responsible", "responsible_person", default="", help="Người chịu trách nhiệm.")
    @click.option("--responsible-title", "responsible_title", default="", help="Chức vụ người chịu trách nhiệm.")
    @click.option("--licence", default="", help="Dòng giấy phép hoặc quyết định thành lập ở chân trang.")
    @click.option("--start-date", "site_start", default="", help="Ngày bắt đầu hoạt động (YYYY-MM-DD).")
    def setup(empty: bool, **given: str):
        """Set the commune's name, place and contacts; with --empty start without the demo (for scripted installs).

        On an empty data folder, before the first start, the folder is left as if the demo had never been seeded.
        """
        s = svc()
        values = dict(form_defaults(s.content.settings()), **{k: v for k, v in given.items() if v})
        try:
            # s.seeded: building the app for this command filled the empty folder a moment ago.
            result = apply_setup(s, values, start=START_EMPTY if empty else None, fresh=s.seeded)
        except ValidationError as exc:
            for message in exc.errors.values():
                click.echo(f"Lỗi: {message}", err=True)
            raise SystemExit(1) from None
        s.audit.record("site_setup", address="dòng lệnh", item=result.settings["commune_name"])
        click.echo(f"Đã thiết lập trang: {result.settings['site_title']}.")
        if result.removal is not None and result.removal.counts:
            s.audit.record("demo_remove", address="dòng lệnh", detail=describe(result.removal.counts))
            click.echo(f"Đã xóa dữ liệu mẫu: {describe(result.removal.counts)}.")
            if result.removal.backup:
                click.echo(f"Bản sao lưu trước khi xóa: {s.store.path(result.removal.backup)}")
        if result.skeleton is not None:
            click.echo("Đã tạo các chuyên mục chuẩn, khối liên kết và các trang giới thiệu "
                       "(đang ẩn, cần điền nội dung).")

    @app.cli.command("remove-demo")
    def remove_demo_command():
        """Back up the data, then remove every demo item the commune has not edited (and the demo's files)."""
        s = svc()
        if not demo_remaining(s.store):
            click.echo("Trang không còn dữ liệu mẫu.")
            return
        removal = remove_demo(s)
        s.audit.record("demo_remove", address="dòng lệnh", detail=describe(removal.counts))
        click.echo(f"Đã xóa dữ liệu mẫu: {describe(removal.counts)}.")
        if removal.kept:
            click.echo(f"Giữ lại {removal.kept} mục mẫu đã được sửa hoặc đang chứa nội dung của xã.")
        click.echo(f"Bản sao lưu trước khi xóa: {s.store.path(removal.backup)}")

    @app.cli.command("import")
    @click.argument("source")
    @click.option("--section", "section_slug", required=True,
                  help="Chuyên mục nhận tin bài (địa chỉ, như tin-tuc-su-kien).")
    @click.option("--map", "mappings", multiple=True, metavar="TÊN=CHUYÊN-MỤC",
                  help="Đưa một chuyên mục của trang cũ vào một chuyên mục khác (lặp lại được).")
    @click.option("--dry-run", is_flag=True, help="Chạy thử: cho biết sẽ nhập gì, không lưu gì.")
    @click.option("--draft", is_flag=True, help="Nhập thành bản nháp thay vì đăng ngay.")
    def import_command(source: str, section_slug: str, mappings: tuple[str, ...], dry_run: bool, draft: bool):
        """Import an RSS 2.0 or Atom feed or a WordPress export (a file or an address) as articles."""
        s = svc()
        try:
            category_map = {}
            for mapping in mappings:
                name, sep, slug = mapping.rpartition("=")
                if not sep or not name.strip():
                    raise ValidationError({"map": f"“{mapping}” phải có dạng TÊN=CHUYÊN-MỤC."})
                category_map[name.strip()] = _section_id(slug, f"cho chuyên mục cũ “{name.strip()}”")
            settings = ImportSettings(section_id=_section_id(section_slug, "--section"), category_map=category_map,
                                      draft=draft, **import_runtime(app))
            data, address = _read_source(source, settings)
            feed = parse_source(data, address)
            plan = s.importer.plan(feed, settings)
        except ValidationError as exc:
            for message in exc.errors.values():
                click.echo(f"Lỗi: {message}", err=True)
            raise SystemExit(1) from None
        _echo_plan(plan)
        if dry_run:
            click.echo("Chạy thử: chưa lưu gì.")
            return
        outcomes: list[Outcome] = []
        stored: dict[str, str] = {}  # pictures several items share are fetched once
        with click.progressbar(feed.items, label="Đang nhập", show_pos=True) as bar:
            for item in bar:
                outcomes.append(s.importer.import_item(feed, item, settings, stored))
        _echo_outcomes(outcomes)
        imported = sum(o.article_id is not None for o in outcomes)
        s.audit.record("import", address="dòng lệnh", item=source[:300],
                       detail=f"{imported} tin bài, bỏ qua {len(outcomes) - imported}")

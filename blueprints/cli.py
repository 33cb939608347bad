"""The `flask --app app …` commands: accounts, backup and restore, the static mirror, counters."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask

from core import timeutil
from core.accounts import ROLES
from core.errors import ValidationError
from core.store import BackupError, write_backup

from . import svc
from .export import export_static


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

    @app.cli.command("backup")
    @click.option("-o", "--output", default=None, help="Tệp .zip để ghi (mặc định: trangxa-sao-luu-<ngày>.zip).")
    @click.option("--with-secret", is_flag=True, help="Kèm khóa bí mật (secret_key).")
    def backup(output: str | None, with_secret: bool):
        """Write a zip of the whole data folder (not the secret key unless asked)."""
        output = output or f"trangxa-sao-luu-{timeutil.now().strftime('%Y%m%d-%H%M')}.zip"
        with open(output, "wb") as fh:
            n = write_backup(svc().store, fh, include_secret=with_secret)
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
    @click.option("--live-url", default=None, help="Địa chỉ trang chính (cho tìm kiếm, hỏi đáp, góp ý).")
    def export_static_command(out: str, live_url: str | None):
        """Write the whole public site as static files with relative links (a mirror or an archive)."""
        result = export_static(app, out, live_url)
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

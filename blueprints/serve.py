"""`python app.py`: run the site with waitress, printing the one-time setup link while no account exists."""
from __future__ import annotations

import argparse
import sys

from flask import Flask
from waitress import serve  # a production server that also runs on Windows

from core.schema import SchemaTooNew
from core.store import StoreCorrupt, StoreFull, StoreUnreadable

from . import svc


def _setup_link_message(app: Flask, host: str, port: int) -> str | None:
    """Return the one-time link that creates the first admin, or None once an account exists."""
    with app.app_context():
        accounts = svc().accounts
        if accounts.has_users():
            return None
        token = accounts.new_setup_token()
    site = (app.config.get("BASE_URL") or f"http://{host}:{port}").rstrip("/")
    return (
        "\nChưa có tài khoản quản trị. Mở liên kết sau (dùng được một lần) để tạo tài khoản:\n"
        f"    {site}/thiet-lap/{token}\n"
        "Hoặc tạo bằng lệnh: flask --app app create-user TEN_DANG_NHAP\n"
    )


def main(create_app, argv: list[str] | None = None) -> None:
    """Run the site locally on http://127.0.0.1:5000."""
    parser = argparse.ArgumentParser(description="Chạy Trang thông tin điện tử (máy chủ waitress).")
    parser.add_argument("--serve", action="store_true",
                        help="chạy như máy chủ thật (mặc định nghe ở 0.0.0.0:8080 thay vì 127.0.0.1:5000)")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--base-url", default=None,
                        help="địa chỉ công khai của trang (BASE_URL), ví dụ https://xa.example.gov.vn; "
                             "bắt buộc với --serve nếu chưa đặt TRANGXA_BASE_URL")
    args = parser.parse_args(argv)
    args.host = args.host or ("0.0.0.0" if args.serve else "127.0.0.1")
    args.port = args.port or (8080 if args.serve else 5000)
    try:
        app = create_app({"BASE_URL": args.base_url} if args.base_url else None)
    except (StoreCorrupt, StoreUnreadable, StoreFull, SchemaTooNew) as exc:  # each says in Vietnamese what to do
        print(f"LỖI DỮ LIỆU: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except ValueError as exc:  # a setting that cannot work (TIME_ZONE, BASE_URL)
        print(f"LỖI CẤU HÌNH: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    if args.serve and not app.config.get("BASE_URL"):
        # Served to others, absolute links (feeds, sitemap, share cards) must not follow the Host a browser sends.
        print("LỖI CẤU HÌNH: chạy --serve cần địa chỉ công khai của trang. Thêm --base-url https://ten-mien "
              "hoặc đặt biến môi trường TRANGXA_BASE_URL.", file=sys.stderr)
        raise SystemExit(2)
    if app.config.get("DEBUG") and args.host not in ("127.0.0.1", "localhost", "::1"):
        # The debugger runs code typed in the browser: never on an address others can reach.
        print("LỖI CẤU HÌNH: không chạy chế độ gỡ lỗi (DEBUG) trên địa chỉ công khai "
              f"{args.host}. Tắt DEBUG hoặc dùng --host 127.0.0.1.", file=sys.stderr)
        raise SystemExit(2)
    message = _setup_link_message(app, "127.0.0.1" if args.host == "0.0.0.0" else args.host, args.port)
    if message:
        print(message, flush=True)
    public = f", địa chỉ công khai {app.config['BASE_URL']}" if app.config.get("BASE_URL") else ""
    print(f"Trang đang chạy tại http://{args.host}:{args.port}/{public}  (Ctrl+C để dừng)", flush=True)
    serve(app, host=args.host, port=args.port, threads=8, ident="TrangXa")

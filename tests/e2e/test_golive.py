"""Going live in real Chromium: the setup link, the first admin, the setup page starting empty, the public site
then the commune's own; and, on another demo site, removing the demo keeps the article the commune edited."""
from __future__ import annotations

import socket
import threading
from contextlib import contextmanager

import pytest

from core.seed.content import ARTICLES

pytestmark = pytest.mark.e2e

PASSWORD = "Quan-tri-Xuan-Duc-2025"


@contextmanager
def _serve(data_dir):
    """Serve a new demo site on ``data_dir`` with waitress on a free port; yield (base URL, app)."""
    from waitress.server import create_server

    from app import create_app

    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": True})
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.close()


def _page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    return context, page, problems


def test_setup_link_admin_setup_start_empty_then_the_communes_own_home(browser, tmp_path, artifacts):
    with _serve(tmp_path / "data") as (base, app):
        context, page, problems = _page(browser)
        page.goto(base + "/")
        band = page.locator(".demo-band[role=status]")
        assert band.is_visible() and "Trang đang hiển thị dữ liệu mẫu" in band.inner_text()
        assert page.get_by_text(ARTICLES[-1]["title"]).count() or page.get_by_text(ARTICLES[0]["title"]).count()

        # The one-time link printed on the first start creates the first administrator ...
        token = app.extensions["trangxa"].accounts.new_setup_token()
        page.goto(f"{base}/thiet-lap/{token}")
        page.get_by_label("Họ và tên").fill("Trần Văn Bình")
        page.get_by_label("Tên đăng nhập").fill("quantri")
        page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
        page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Tạo tài khoản").click()
        page.wait_for_load_state()
        # ... and leads on to the setup of the site.
        assert page.url.endswith("/quan-tri/thiet-lap-trang"), page.url
        page.get_by_role("heading", name="Thiết lập trang thông tin").wait_for()
        page.get_by_label("Tên xã").fill("Xuân Dục")
        page.get_by_label("Tỉnh, thành phố").fill("Hưng Yên")
        page.get_by_label("Điện thoại").fill("0221 3 111 222")
        page.get_by_label("Đường dây nóng").fill("0912 345 678")
        page.get_by_label("Bắt đầu với trang trống").check()
        page.screenshot(path=str(artifacts / "golive-01-setup.png"), full_page=True)
        page.get_by_role("button", name="Lưu thiết lập").click()
        page.wait_for_load_state()
        assert page.url.endswith("/quan-tri/"), page.url
        assert "Đã lưu thiết lập trang" in page.locator(".flashes").inner_text()

        page.goto(base + "/")
        assert page.locator(".demo-band").count() == 0
        brand = page.locator(".brand").inner_text()  # shown in capitals by the style sheet
        assert "TRANG THÔNG TIN ĐIỆN TỬ XÃ XUÂN DỤC" in brand and "ỦY BAN NHÂN DÂN XÃ XUÂN DỤC" in brand
        assert page.title().startswith("Trang thông tin điện tử xã Xuân Dục")
        body = page.locator("body").inner_text()
        assert "Dương Quang" not in body
        assert not [a["title"] for a in ARTICLES if a["title"] in body]
        footer = page.locator("footer").inner_text()
        assert "tỉnh Hưng Yên" in footer and "0912 345 678" in footer
        assert page.get_by_role("link", name="Cổng Dịch vụ công quốc gia").count() >= 1
        page.screenshot(path=str(artifacts / "golive-02-home-empty.png"), full_page=True)
        assert problems == []
        context.close()


def test_demo_then_remove_keeps_the_article_the_commune_edited(browser, tmp_path, artifacts):
    with _serve(tmp_path / "data") as (base, app):
        s = app.extensions["trangxa"]
        s.accounts.create_user("quantri", PASSWORD, "Quản Trị", role="admin")
        demo = next(a for a in s.content.index().meta.values() if a["title"] == ARTICLES[0]["title"])
        context, page, problems = _page(browser)
        page.goto(base + "/dang-nhap")
        page.fill("#username", "quantri")
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()

        # The commune rewrites one demo article: from then on it is theirs.
        own_title = "Xã Xuân Dục ra quân làm sạch đường làng"
        page.goto(f"{base}/quan-tri/tin-bai/{demo['id']}")
        page.fill("#title", own_title)
        page.get_by_role("button", name="Lưu", exact=True).first.click()
        page.wait_for_load_state()

        page.goto(base + "/quan-tri/")
        page.get_by_role("link", name="Xóa toàn bộ dữ liệu mẫu").click()
        page.wait_for_load_state()
        page.screenshot(path=str(artifacts / "golive-03-remove-confirm.png"), full_page=True)
        page.get_by_role("button", name="Xác nhận xóa dữ liệu mẫu").click()
        page.wait_for_load_state()
        assert "Đã xóa dữ liệu mẫu" in page.locator(".flashes").inner_text()

        page.goto(base + "/")
        assert page.locator(".demo-band").count() == 0
        body = page.locator("body").inner_text()
        assert own_title in body
        assert not [a["title"] for a in ARTICLES[1:] if a["title"] in body]
        page.get_by_role("link", name=own_title).first.click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name=own_title).is_visible()
        assert list((tmp_path / "data" / "backups").glob("truoc-xoa-du-lieu-mau-*.zip"))
        assert problems == []
        context.close()

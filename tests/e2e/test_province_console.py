"""The province console on a phone, in real Chromium: no sideways scroll, the report form by keyboard alone."""
from __future__ import annotations

import socket
import threading

import pytest

from conftest import PASSWORD

from .test_phone_layout import OVERFLOW

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def province_server(tmp_path_factory):
    """Serve a province of one commune, its console on 127.0.0.1, with waitress on a free port."""
    from waitress.server import create_server

    from app import create_app

    sites = tmp_path_factory.mktemp("e2e-tinh") / "cac-xa"
    app = create_app({"SITES_DIR": str(sites), "SITES_CONSOLE_HOST": "127.0.0.1"})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["site", "create", "xa-duongquang.hungyen.gov.vn", "--name", "Xã Dương Quang",
                               "--province", "Hưng Yên"]).exit_code == 0
    assert runner.invoke(args=["site", "console-user", "sotinh"], input=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 0
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = create_server(app, host="127.0.0.1", port=port, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    server.close()


def test_the_console_fits_a_phone_and_the_report_downloads_by_keyboard(province_server, browser, artifacts):
    context = browser.new_context(viewport={"width": 360, "height": 740}, accept_downloads=True)
    page = context.new_page()
    page.goto(province_server + "/tinh/dang-nhap")
    page.fill("#username", "sotinh")
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url("**/tinh/")
    for path in ("/tinh/", "/tinh/bao-cao", "/tinh/tai-khoan"):
        page.goto(province_server + path)
        overflow = page.evaluate(OVERFLOW)
        assert overflow["scroll"] <= overflow["width"], (path, overflow)
        page.screenshot(path=str(artifacts / f"tinh-{path.strip('/').replace('/', '-')}-360.png"), full_page=True)
    # From the top of the report page, Tab alone reaches every field and both buttons, in reading order.
    page.goto(province_server + "/tinh/bao-cao")
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.id || document.activeElement.value || ''"))
        if reached[-1] == "docx":
            break
    wanted = ["tu", "den", "agency", "office", "place", "xlsx", "docx"]
    assert [r for r in reached if r in wanted] == wanted, reached
    page.keyboard.press("Shift+Tab")  # back to the .xlsx button
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("Báo cáo tổng hợp trang các xã")
    assert download.value.suggested_filename.endswith(".xlsx")
    context.close()

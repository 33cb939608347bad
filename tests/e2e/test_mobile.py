"""A citizen's phone (360 px wide) in real Chromium: no horizontal scrolling, keyboard reachable."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

NO_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def _first_article_url(app) -> str:
    content = app.extensions["trangxa"].content
    art = content.latest(None, 1)[0]
    sec = content.section(art["section_id"])
    return f"/{sec['slug']}/{art['slug']}"


def test_pages_fit_a_360px_phone(live_server, browser, artifacts):
    base, app = live_server
    page = browser.new_page(viewport={"width": 360, "height": 740})
    paths = ["/", "/chuyen-doi-so", "/tin-tuc-su-kien?trang=2", _first_article_url(app),
             "/gioi-thieu/co-cau-to-chuc", "/tim-kiem?q=chuyen+doi+so", "/khong-co-trang-nay", "/dang-nhap"]
    for i, path in enumerate(paths):
        response = page.goto(base + path)
        assert response is not None
        assert response.status == (404 if path == "/khong-co-trang-nay" else 200), path
        page.screenshot(path=str(artifacts / f"mobile-{i:02d}.png"), full_page=True)
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert page.evaluate(NO_SCROLL), f"{path} scrolls sideways: {width}"
        assert page.locator("h1").count() == 1, f"{path} must have exactly one h1"


def test_keyboard_skip_link_and_search(live_server, browser):
    base, _ = live_server
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Bỏ qua đến nội dung chính"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#noi-dung"
    page.fill("#o-tim-kiem", "chuyen doi so")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tim-kiem?q=chuyen+doi+so")
    assert "kết quả" in page.inner_text("main")
    assert page.locator(".search-results li").count() >= 1


def test_menu_usable_on_phone(live_server, browser):
    base, _ = live_server
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base + "/")
    link = page.get_by_role("link", name="Chuyển đổi số").first
    link.click()
    page.wait_for_url("**/chuyen-doi-so")
    assert page.locator("h1").inner_text() == "Chuyển đổi số"

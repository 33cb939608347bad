"""A citizen on a cheap phone (360×740), in real Chromium, through the demo site, step by step.

home → section → article → larger text → search without diacritics → a document download →
a question sent with an error, fixed, and a lookup code. Each step leaves a screenshot in
test-artifacts/citizen/ (git-ignored) for a person to look at.
"""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
CITIZEN_UA = ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/120.0 Mobile Safari/537.36")
# A phone widens its layout to fit content that overflows, so compare with the 360 px screen itself.
NO_SCROLL = "document.scrollingElement.scrollWidth <= 360"


def test_citizen_journey_on_a_phone(live_server, browser, artifacts, tmp_path):
    base, app = live_server
    svc = app.extensions["trangxa"]
    shots = artifacts / "citizen"
    shots.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, user_agent=CITIZEN_UA, accept_downloads=True,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    step = 0

    def snap(name: str) -> None:
        nonlocal step
        step += 1
        assert page.evaluate(NO_SCROLL), f"{name}: the page scrolls sideways at 360 px"
        page.screenshot(path=str(shots / f"{step:02d}-{name}.png"), full_page=True)

    # 1. Home page.
    page.goto(base + "/")
    assert page.locator("h1, .brand__agency").first.is_visible()
    snap("trang-chu")

    # 2. A section, from the menu: the "Danh mục" button, then the news group.
    nav = page.get_by_role("navigation", name="Danh mục chính")
    nav.get_by_text("Danh mục", exact=True).click()
    nav.get_by_text("Tin tức", exact=True).click()
    nav.get_by_role("link", name="Chuyển đổi số").click()
    page.wait_for_url("**/chuyen-doi-so")
    assert page.locator("h1").inner_text() == "Chuyển đổi số"
    snap("chuyen-muc")

    # 3. The first article of the section.
    first = page.locator(".article-card__title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    snap("bai-viet")

    # 4. Larger text, twice.
    size = "parseFloat(getComputedStyle(document.querySelector('.prose')).fontSize)"
    before = page.evaluate(size)
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.evaluate(size) > before * 1.2
    snap("chu-to")

    # 5. Search without diacritics from the header box.
    page.get_by_role("searchbox", name="Tìm kiếm trên trang").fill("cai cach hanh chinh")
    page.get_by_role("searchbox", name="Tìm kiếm trên trang").press("Enter")
    page.wait_for_url(re.compile(r".*/tim-kiem\?q=cai\+cach\+hanh\+chinh"))
    results = page.locator(".search-results > li")
    assert results.count() >= 3
    marks = page.locator(".search-results mark").all_inner_texts()
    assert {"cải", "cách", "hành", "chính"} <= {m.lower() for m in marks}  # found with their diacritics
    assert "co-chu-3" in page.evaluate("document.documentElement.className")  # the size is remembered
    snap("tim-kiem")

    # 6. A document: from the results, its page, then the download.
    page.locator(".search-result--van-ban .search-result__title a").first.click()
    page.wait_for_url(re.compile(r".*/van-ban/\d+-.*"))
    snap("van-ban")
    with page.expect_download() as info:
        page.locator("a[href$='/tai-ve']").first.click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.suffix == ".pdf" and saved.read_bytes().startswith(b"%PDF")

    # 7. A question: sent with the question missing, the error is shown next to it, nothing typed is lost.
    page.goto(base + "/hoi-dap/gui-cau-hoi")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Lĩnh vực").select_option(index=1)
    page.get_by_role("button", name="Gửi câu hỏi").click()
    page.wait_for_load_state()
    question = page.get_by_label("Nội dung câu hỏi")
    assert question.get_attribute("aria-invalid") == "true"
    described = question.get_attribute("aria-describedby") or ""
    errors = " ".join(page.locator(f"#{i}").inner_text() for i in described.split() if i)
    assert "câu hỏi" in errors.lower()
    assert page.get_by_label("Họ và tên").input_value() == "Nguyễn Thị Lan"  # kept
    snap("hoi-dap-loi")
    question.fill("Xin hỏi thủ tục đăng ký khai sinh cho con cần những giấy tờ gì?")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    page.wait_for_url("**/hoi-dap/da-gui")
    code = page.locator("#ma-tra-cuu").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6,12}", code), code
    snap("hoi-dap-ma-tra-cuu")
    stored = svc.questions.by_code(code)
    assert stored["name"] == "Nguyễn Thị Lan" and "khai sinh" in stored["question"]

    # 8. The status, looked up with the code.
    page.get_by_role("link", name="Xem tình trạng câu hỏi").click()
    page.wait_for_load_state()
    assert code in page.locator("main").inner_text()
    snap("tra-cuu")
    context.close()

"""Reading aids in real Chromium: text size remembered, print view, reading aloud, the usefulness rating."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
# Headless Chromium says "HeadlessChrome", which the site rightly treats as a robot (not counted).
CITIZEN_UA = ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/120.0 Mobile Safari/537.36")

# A stand-in for the speech engine: headless Chromium has no voices, and a test must not make sound.
# It records what the page asks to be spoken. (This replaces the browser's API, not our code.)
FAKE_SPEECH = """
(() => {
  const spoken = [];
  window.__spoken = spoken;
  window.__cancelled = 0;
  const voices = VOICES;
  const synth = {
    speaking: false,
    getVoices: () => voices,
    speak: (u) => { spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}); },
    cancel: () => { window.__cancelled += 1; },
    addEventListener: () => {},
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


def _article(app):
    content = app.extensions["trangxa"].content
    art = content.latest(None, 1)[0]
    sec = content.section(art["section_id"])
    return f"/{sec['slug']}/{art['slug']}", art


def test_text_size_buttons_are_remembered_across_pages(live_server, browser, artifacts):
    base, app = live_server
    path, _ = _article(app)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + path)
    font = "parseFloat(getComputedStyle(document.querySelector('.prose')).fontSize)"
    normal = page.evaluate(font)
    group = page.get_by_role("group", name="Cỡ chữ")
    assert group.is_visible()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    larger = page.evaluate(font)
    assert larger == pytest.approx(normal * 1.25, rel=0.02)
    assert "125%" in page.locator("[data-size-status]").inner_text()
    page.screenshot(path=str(artifacts / "reading-larger-text.png"), full_page=False)
    # Another page: the choice is still applied (before any click).
    page.goto(base + "/")
    assert "co-chu-3" in page.evaluate("document.documentElement.className")
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")  # still no sideways scrolling
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    assert "co-chu" not in page.evaluate("document.documentElement.className")
    smaller = page.get_by_role("button", name="Giảm cỡ chữ")
    smaller.click()
    assert "co-chu-0" in page.evaluate("document.documentElement.className")
    assert smaller.get_attribute("aria-disabled") == "true"  # the smallest size reached
    smaller.focus()
    page.keyboard.press("Enter")  # refused, and the keyboard focus stays on the button
    assert "co-chu-0" in page.evaluate("document.documentElement.className")
    assert page.evaluate("document.activeElement.title") == "Giảm cỡ chữ"
    context.close()


def test_text_size_steps_even_where_the_browser_refuses_storage(live_server, browser):
    base, app = live_server
    page = browser.new_page(viewport=PHONE)
    page.add_init_script("""Object.defineProperty(window, 'localStorage', {get: function () {
        throw new Error('SecurityError: storage is disabled'); }});""")
    page.goto(base + "/")
    larger = page.get_by_role("button", name="Tăng cỡ chữ")
    for expected in ("co-chu-2", "co-chu-3", "co-chu-4"):
        larger.click()
        assert expected in page.evaluate("document.documentElement.className")


def test_print_view_has_no_menus_and_prints_the_address_and_date(live_server, browser, artifacts):
    base, app = live_server
    path, art = _article(app)
    page = browser.new_page(viewport={"width": 1024, "height": 900})
    page.goto(base + path)
    assert page.locator(".print-only").is_hidden()
    page.emulate_media(media="print")
    for selector in (".main-nav", ".search-box", ".text-size", ".reader-tools", ".sidebar", ".rating"):
        assert page.locator(selector).first.is_hidden(), selector
    info = page.locator(".print-only").inner_text()
    assert base + path in info
    day = art["publish_at"][:10]
    assert f"{day[8:10]}/{day[5:7]}/{day[:4]}" in info
    assert page.locator("h1").is_visible()
    page.pdf(path=str(artifacts / "reading-print.pdf"))


def test_print_button_opens_the_print_dialog(live_server, browser):
    base, app = live_server
    path, _ = _article(app)
    page = browser.new_page()
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    page.goto(base + path)
    page.get_by_role("button", name="In tin bài").click()
    assert page.evaluate("window.__printed") == 1


def test_read_aloud_is_hidden_without_a_vietnamese_voice(live_server, browser):
    base, app = live_server
    path, _ = _article(app)
    page = browser.new_page()
    page.add_init_script(FAKE_SPEECH.replace("VOICES", "[{name: 'English', lang: 'en-US'}]"))
    page.goto(base + path)
    assert page.get_by_role("button", name="In tin bài").is_visible()
    assert page.locator("[data-action=speak]").is_hidden()


def test_read_aloud_speaks_the_article_in_vietnamese(live_server, browser):
    base, app = live_server
    path, art = _article(app)
    page = browser.new_page()
    page.add_init_script(FAKE_SPEECH.replace(
        "VOICES", "[{name: 'English', lang: 'en-US'}, {name: 'Tiếng Việt', lang: 'vi-VN'}]"))
    page.goto(base + path)
    button = page.get_by_role("button", name="Đọc bài")
    assert button.is_visible()
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and all(s["lang"] == "vi-VN" and s["voice"] == "Tiếng Việt" for s in spoken)
    assert all(len(s["text"]) <= 220 for s in spoken)
    text = " ".join(s["text"] for s in spoken)
    assert art["title"] in text
    assert page.get_by_role("button", name="Dừng đọc").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="Dừng đọc").click()
    assert page.evaluate("window.__cancelled") >= 2  # once before speaking, once to stop
    assert page.get_by_role("button", name="Đọc bài").get_attribute("aria-pressed") == "false"


def test_rating_with_javascript_stays_on_the_page_and_is_remembered(live_server, browser):
    base, app = live_server
    path, art = _article(app)
    ratings = app.extensions["trangxa"].ratings
    before = ratings.counts(art["id"])
    context = browser.new_context(user_agent=CITIZEN_UA)
    page = context.new_page()
    page.goto(base + path)
    page.get_by_role("button", name="Có", exact=True).click()
    status = page.locator(".rating__status")
    status.wait_for(state="visible")
    assert "Cảm ơn" in status.inner_text()
    assert page.url == base + path  # no navigation
    assert page.evaluate("document.activeElement.className") == "rating__status"  # focus kept in place
    assert ratings.counts(art["id"])["yes"] == before["yes"] + 1
    page.reload()
    assert "đã đánh giá" in page.locator(".rating__status").inner_text()
    assert page.get_by_role("button", name="Có", exact=True).count() == 0
    context.close()


def test_without_javascript_the_page_still_works(live_server, browser):
    base, app = live_server
    content = app.extensions["trangxa"].content
    art = content.latest(None, 3)[2]
    sec = content.section(art["section_id"])
    path = f"/{sec['slug']}/{art['slug']}"
    context = browser.new_context(java_script_enabled=False, user_agent=CITIZEN_UA)
    page = context.new_page()
    page.goto(base + path)
    assert page.locator(".text-size").is_hidden() and page.locator(".reader-tools").is_hidden()
    page.get_by_role("button", name="Không", exact=True).click()
    page.wait_for_url(re.compile(r".*danh_gia=cam-on.*"))
    assert "Cảm ơn ông/bà đã cho biết ý kiến." in page.locator(".rating").inner_text()
    assert app.extensions["trangxa"].ratings.counts(art["id"])["no"] >= 1
    context.close()


def test_copy_link_puts_the_article_address_on_the_clipboard(live_server, browser):
    base, app = live_server
    path, _ = _article(app)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base + path)
    page.get_by_role("button", name="Sao chép liên kết").click()
    status = page.locator(".share__status")
    status.wait_for(state="visible")
    assert "Đã sao chép liên kết" in status.inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == base + path
    context.close()

"""Phones first in real Chromium: a compact header, the menu by keyboard and without scripts, reflow at every
text size, tables as labelled cards, no layout shift.

Every public page type (the accessibility test's list) at 320 and 360 px and each of the site's text sizes
(A− … A+: the classes co-chu-N of static/css/site.css, as static/js/site.js sets them).
"""
from __future__ import annotations

import re

import pytest

from .test_accessibility import PAGES, page_path

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
WIDTHS = (320, 360)
# The text sizes the A−/A/A+ bar steps through: index into site.js's SIZES (1 is the default, no class).
SIZES = range(6)
HEADER_MAX = 740 // 4  # a quarter of a 360×740 screen
CLS_MAX = 0.02
OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [];
  if (root.scrollWidth > innerWidth) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 1 && r.width > 0 && !el.closest('.visually-hidden, .skip-link')) {
        wide.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(r.right));
      }
    }
  }
  return {scroll: root.scrollWidth, width: innerWidth, wide: wide.slice(0, 5)};
}"""
SET_SIZE = """(n) => { const r = document.documentElement;
  r.className = r.className.replace(/(^|\\s)co-chu-\\d+/g, '') + (n === 1 ? '' : ' co-chu-' + n); }"""
CLS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { if (!e.hadRecentInput) { total += e.value; } }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 600);
})"""


def open_kind(page, base: str, app, kind: str):
    """Load one page of a kind as a citizen reaches it; return the response."""
    response = page.goto(base + page_path(app, kind))
    if kind == "qa-item":
        response = page.goto(base + page.locator(".qa-list h2 a").first.get_attribute("href"))
    return response


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_at_any_text_size(live_server, browser, width):
    base, app = live_server
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    failures = []
    for kind in PAGES:
        response = open_kind(page, base, app, kind)
        assert response is not None and response.status in (200, 404), kind
        for size in SIZES:
            page.evaluate(SET_SIZE, size)
            found = page.evaluate(OVERFLOW)
            if found["scroll"] > found["width"]:
                failures.append(f"{kind} at size {size}: {found}")
    context.close()
    assert not failures, "\n".join(failures)


def test_header_takes_at_most_a_quarter_of_a_phone_screen(live_server, browser, artifacts):
    base, app = live_server
    page = browser.new_page(viewport=PHONE)
    for kind in ("home", "article", "documents", "schedule", "search"):
        open_kind(page, base, app, kind)
        height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
        assert height <= HEADER_MAX, f"{kind}: header {height}px"
        assert page.locator(".menu").is_hidden()  # closed until asked for
    open_kind(page, base, app, "home")
    page.screenshot(path=str(artifacts / "phone-home-360.png"), full_page=False)
    open_kind(page, base, app, "article")
    page.screenshot(path=str(artifacts / "phone-article-360.png"), full_page=False)
    page.close()


def test_menu_opens_and_closes_with_the_keyboard(live_server, browser):
    base, _ = live_server
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "/")
    toggle = page.locator(".nav__toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.locator(".menu").is_visible()
    assert page.evaluate("document.querySelector('details.nav').open")
    # Into a group: Tab to it, open it with the space bar, Tab to its first link.
    group = page.locator(".menu__group > summary", has_text="Tin tức")
    group.focus()
    page.keyboard.press(" ")
    first = page.locator(".menu__group[open] .submenu a").first
    assert first.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == first.inner_text().strip()
    # Escape closes the group and gives the focus back to its button, then closes the menu.
    page.keyboard.press("Escape")
    assert page.locator(".menu__group[open]").count() == 0
    assert page.evaluate("document.activeElement.textContent.trim()") == "Tin tức"
    page.keyboard.press("Escape")
    assert page.locator(".menu").is_hidden()
    assert page.evaluate("document.activeElement.className") == "nav__toggle"
    # Opening another group closes the first one.
    page.keyboard.press("Enter")
    page.locator(".menu__group > summary", has_text="Tin tức").click()
    page.locator(".menu__group > summary", has_text="Giới thiệu").click()
    # site.js closes the other group on the "toggle" event, which the browser fires a moment later.
    page.wait_for_function("document.querySelectorAll('.menu__group[open]').length === 1", timeout=5000)
    assert page.locator(".menu__group[open]").count() == 1
    assert page.locator(".menu").get_by_role("link", name="Chuyển đổi số").is_hidden()
    page.close()


def test_menu_works_without_javascript(live_server, browser):
    base, _ = live_server
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        context = browser.new_context(java_script_enabled=False, viewport=viewport)
        page = context.new_page()
        page.goto(base + "/")
        if viewport is PHONE:
            assert page.locator(".menu").is_hidden()
            page.get_by_text("Danh mục").click()
        assert page.locator(".menu").is_visible()
        page.locator(".menu__group > summary", has_text="Tin tức").click()
        page.get_by_role("link", name="Chuyển đổi số").first.click()
        page.wait_for_url("**/chuyen-doi-so")
        assert page.locator("h1").inner_text() == "Chuyển đổi số"
        context.close()


def test_desktop_menu_is_a_bar_whose_groups_open_on_click(live_server, browser):
    base, _ = live_server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/")
    assert page.locator(".nav__toggle").is_hidden()
    tops = page.locator(".menu > li")
    assert 1 <= tops.count() <= 9
    ys = {round(tops.nth(i).bounding_box()["y"]) for i in range(tops.count())}
    assert len(ys) == 1, "one line"
    assert page.locator(".menu__group .submenu").first.is_hidden()
    page.locator(".menu__group > summary", has_text="Giới thiệu").click()
    assert page.get_by_role("link", name="Cơ cấu tổ chức").is_visible()
    page.mouse.click(640, 700)  # a click elsewhere closes it
    assert page.get_by_role("link", name="Cơ cấu tổ chức").is_hidden()
    page.close()


def test_skip_link_does_not_cover_the_header(live_server, browser):
    base, _ = live_server
    for width in (320, 1280):
        page = browser.new_page(viewport={"width": width, "height": 740})
        page.goto(base + "/")
        page.keyboard.press("Tab")
        skip = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
        header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().toJSON()")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert skip["bottom"] <= header["top"], (skip, header)
        page.close()


def test_footer_legal_text_wraps(live_server, browser):
    base, _ = live_server
    page = browser.new_page(viewport={"width": 320, "height": 740})
    page.goto(base + "/")
    page.evaluate("document.documentElement.classList.add('co-chu-5')")
    box = page.locator(".site-footer__legal").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert page.evaluate("(e => e.scrollWidth <= e.clientWidth)(document.querySelector('.site-footer__legal'))")
    page.close()


@pytest.mark.parametrize("kind", ["schedule", "documents"])
def test_tables_become_labelled_cards_and_stay_tables(live_server, browser, artifacts, kind):
    base, app = live_server
    page = browser.new_page(viewport=PHONE)
    open_kind(page, base, app, kind)
    table = page.locator("main table").first
    # Cards: each cell names its column, and no cell lies beside another.
    cells = page.locator("main table tbody td[data-label]")
    assert cells.count() > 0
    first = cells.first
    label = page.evaluate("(e) => getComputedStyle(e, '::before').content", first.element_handle())
    assert label.strip('"') == first.get_attribute("data-label")
    assert table.bounding_box()["width"] <= PHONE["width"]
    page.screenshot(path=str(artifacts / f"phone-{kind}-cards.png"), full_page=True)
    # Still a table to a screen reader: Chromium's own accessibility tree, not the DOM.
    cdp = page.context.new_cdp_session(page)
    roles = {n.get("role", {}).get("value") for n in cdp.send("Accessibility.getFullAXTree")["nodes"]}
    assert {"table", "row", "columnheader", "cell"} <= roles, roles
    # And a table on paper.
    page.emulate_media(media="print")
    assert page.evaluate("(e) => getComputedStyle(e).display", table.element_handle()) == "table"
    page.close()


@pytest.mark.parametrize("kind", PAGES)
def test_no_layout_shift(live_server, browser, kind):
    base, app = live_server
    worst = 0.0
    for size in ("1", "4"):  # the default text size, and A+ remembered from an earlier visit
        context = browser.new_context(viewport=PHONE)
        context.add_init_script(f"try {{ localStorage.setItem('trangxa-co-chu', '{size}'); }} catch (e) {{}}")
        page = context.new_page()
        open_kind(page, base, app, kind)
        page.wait_for_load_state("load")
        worst = max(worst, page.evaluate(CLS))
        context.close()
    assert worst <= CLS_MAX, f"{kind}: CLS {worst:.3f}"


def test_header_text_size_bar_has_its_room_before_scripts_finish(live_server, browser):
    base, app = live_server
    page = browser.new_page(viewport=PHONE)
    html = page.goto(base + page_path(app, "article")).text()
    assert not re.search(r'class="(text-size|reader-tools)"[^>]*hidden', html)  # shown by a class, not later
    assert "js" in page.evaluate("document.documentElement.className.split(' ')")
    page.close()

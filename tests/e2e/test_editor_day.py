"""Issue 18: a news item with a photo published in at most 8 actions from the dashboard, at 1366×768, counted.

An action is what a person does with the mouse or keyboard to get somewhere: a click, filling a field (typing
into it) or choosing a file (the click on the file button and the pick in the computer's file window are one
choice). Logging in is not counted: the count starts on the dashboard.
"""
from __future__ import annotations

import re

import pytest

from .test_editor_journey import PASSWORD, USERNAME, _article_by_title, _log_in, _new_page, _png

pytestmark = pytest.mark.e2e

MAX_ACTIONS = 8


class Actions:
    """Do and count what the person does."""

    def __init__(self) -> None:
        self.done: list[str] = []

    def __call__(self, label: str, step) -> None:
        step()
        self.done.append(label)


@pytest.fixture(scope="module")
def site(live_server):
    """Return (base URL, app) with the editor account of the journey test on the live server."""
    base, app = live_server
    accounts = app.extensions["trangxa"].accounts
    if not accounts.by_username(USERNAME):
        accounts.create_user(USERNAME, PASSWORD, "Biên tập viên E2E")
    return base, app


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def test_publish_a_news_item_with_a_photo_in_eight_actions(site, browser, artifacts):
    base, app = site
    content = app.extensions["trangxa"].content
    section = next(s for s in content.sections() if s.get("kind") == "articles" and not s.get("parent_id"))
    title = "Khánh thành nhà văn hóa thôn Đông"
    alt = "Lãnh đạo xã cắt băng khánh thành nhà văn hóa"
    context, page, problems = _new_page(browser)
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, base)
    page.goto(base + "/quan-tri/")
    act = Actions()

    act("bấm “Viết tin bài” ở trang Tổng quan", lambda: page.get_by_role("link", name="Viết tin bài").click())
    page.locator(".jodit-wysiwyg").wait_for()
    publish = page.get_by_role("button", name="Đăng bài", exact=True)
    assert _in_view(page, publish), "the action bar is in view without scrolling"
    act("gõ tiêu đề", lambda: page.fill("#title", title))
    act("chọn chuyên mục", lambda: page.select_option("#section_id", str(section["id"])))
    act("gõ nội dung", lambda: page.locator(".jodit-wysiwyg").fill(
        "Sáng nay, nhà văn hóa thôn Đông được khánh thành sau sáu tháng xây dựng bằng vốn nhân dân đóng góp."))
    act("chọn ảnh từ máy tính", lambda: page.get_by_label("Chèn ảnh từ máy tính").set_input_files(
        {"name": "khanh-thanh.png", "mimeType": "image/png", "buffer": _png()}))
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert page.evaluate("document.activeElement.name") == "alt", "the description is asked at once"
    act("gõ mô tả ảnh", lambda: dialog.get_by_label("Mô tả ảnh").last.fill(alt))
    act("bấm “Tải lên và chèn vào bài”",
        lambda: dialog.get_by_role("button", name="Tải lên và chèn vào bài").click())
    dialog.wait_for(state="hidden")
    page.locator(f'.jodit-wysiwyg img[alt="{alt}"]').wait_for()
    assert _in_view(page, publish), "the action bar is still in view after the photo"
    page.screenshot(path=str(artifacts / "editor-day-before-publish.png"))
    act("bấm “Đăng bài”", lambda: publish.click())
    page.wait_for_url(re.compile(r"/quan-tri/tin-bai/\d+$"))

    print("\n".join(f"{n}. {label}" for n, label in enumerate(act.done, 1)))
    assert len(act.done) <= MAX_ACTIONS, act.done
    flash = page.locator(".flashes")
    assert re.search(r"Đã đăng lúc \d\d:\d\d – xem trên trang", flash.inner_text())
    stored = _article_by_title(app, title)
    assert stored["status"] == "published" and not stored.get("cover")
    assert stored["summary"].startswith("Sáng nay, nhà văn hóa thôn Đông")

    # The public list shows it with the body's photo as its thumbnail.
    page.goto(base + "/" + section["slug"])
    card = page.locator(".article-card", has=page.get_by_role("link", name=title))
    thumb = card.locator("img.article-card__img")
    assert thumb.get_attribute("alt") == alt
    assert thumb.evaluate("i => i.complete && i.naturalWidth > 0"), "the thumbnail loads"
    page.screenshot(path=str(artifacts / "editor-day-public-list.png"))
    assert problems == [], problems
    context.close()


def test_action_bar_stays_in_view_at_1024x768(site, browser):
    base, _ = site
    context, page, problems = _new_page(browser)
    page.set_viewport_size({"width": 1024, "height": 768})
    _log_in(page, base)
    page.goto(base + "/quan-tri/tin-bai/moi")
    page.locator(".jodit-wysiwyg").wait_for()
    bar = page.locator(".action-bar")
    assert _in_view(page, bar)
    page.evaluate("window.scrollBy(0, 600)")
    assert page.evaluate("window.scrollY") > 0
    assert _in_view(page, bar)
    assert problems == [], problems
    context.close()

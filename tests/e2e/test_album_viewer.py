"""Tin ảnh in real Chromium: the album viewer shows one picture at a time and moves with its buttons and the
arrow keys; without JavaScript the page is the plain list whose links lead from picture to picture."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def _album_url(app) -> tuple[str, int]:
    album = app.extensions["trangxa"].albums.all()[-1]  # the demo's album with four pictures
    return f"/tin-anh/{album['id']}-{album['slug']}", len(album["pictures"])


def _visible(page) -> list[str]:
    return page.eval_on_selector_all(".album__item", "items => items.filter(i => !i.hidden).map(i => i.id)")


def test_the_viewer_moves_with_the_keyboard(live_server, browser):
    base, app = live_server
    url, count = _album_url(app)
    assert count >= 3
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.goto(base + url)
        assert _visible(page) == ["anh-1"]
        status = page.locator(".album__status")
        assert status.inner_text() == f"Ảnh 1/{count}"
        previous = page.get_by_role("button", name="« Ảnh trước")
        following = page.get_by_role("button", name="Ảnh sau »")
        assert previous.is_disabled()
        following.focus()
        page.keyboard.press("Enter")  # the button, from the keyboard
        assert _visible(page) == ["anh-2"] and status.inner_text() == f"Ảnh 2/{count}"
        page.keyboard.press("ArrowRight")  # the arrow keys, focus inside the viewer
        assert _visible(page) == ["anh-3"]
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        assert _visible(page) == ["anh-1"] and previous.is_disabled()
        page.keyboard.press("ArrowLeft")  # nothing before the first
        assert _visible(page) == ["anh-1"]
        for _ in range(count + 2):
            page.keyboard.press("ArrowRight")
        assert _visible(page) == [f"anh-{count}"] and following.is_disabled()
        # The focused button got disabled: the focus stays in the viewer, the arrows still work.
        assert page.evaluate("!!document.activeElement.closest('[data-album-viewer]')")
        page.keyboard.press("ArrowLeft")
        assert _visible(page) == [f"anh-{count - 1}"]
        page.keyboard.press("ArrowRight")
        assert page.evaluate("location.hash") == f"#anh-{count}"
        page.goto(base + url + "#anh-2")  # a link to one picture opens on it
        assert _visible(page) == ["anh-2"]
    finally:
        page.close()


def test_without_javascript_every_picture_is_shown_with_its_links(live_server, browser):
    base, app = live_server
    url, count = _album_url(app)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(base + url)
        assert len(_visible(page)) == count and page.locator(".album__bar").is_hidden()  # in the page, not shown
        page.get_by_role("link", name="Ảnh sau »").first.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#anh-2"
    finally:
        context.close()

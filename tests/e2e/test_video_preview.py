"""A YouTube video is a click-to-load preview in real Chromium: no frame and no third-party request before
the click; the click puts the youtube-nocookie.com player in its place (the network to it is cut here)."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .test_accessibility import demo_video

pytestmark = pytest.mark.e2e


def test_the_player_frame_appears_only_on_click(live_server, browser, artifacts):
    base, app = live_server
    video = demo_video(app)
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    elsewhere: list[str] = []

    def only_here(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_here)
    try:
        response = page.goto(f"{base}/video/{video['id']}-{video['slug']}")
        assert response is not None and response.status == 200
        page.wait_for_load_state("networkidle")
        assert page.locator("iframe").count() == 0
        assert elsewhere == [], "nothing may load from a third party before the click"
        button = page.get_by_role("link", name="Xem video trên YouTube")
        assert button.get_attribute("href") == f"https://www.youtube.com/watch?v={video['youtube']}"
        page.screenshot(path=str(artifacts / "video-preview-360.png"))
        button.click()
        frame = page.locator(".video-preview iframe")
        frame.wait_for(state="attached")
        assert frame.get_attribute("src").startswith(f"https://www.youtube-nocookie.com/embed/{video['youtube']}")
        assert frame.get_attribute("title") == video["title"]
        assert page.url.startswith(base), "the click stays on the page (the link is only for browsers without JS)"
        assert all(urlsplit(u).hostname == "www.youtube-nocookie.com" for u in elsewhere)
    finally:
        context.close()

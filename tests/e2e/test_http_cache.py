"""Chromium keeps the versioned static files: a second page fetches none of them again (no revalidation)."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_a_second_page_takes_css_js_and_emblem_from_the_cache(live_server, browser):
    base, _ = live_server
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sent: dict[str, str] = {}  # requestId -> URL of every request the page made
    from_cache: set[str] = set()
    network: list[tuple[str, str, int]] = []  # (requestId, URL, status) of answers that came over the network

    cdp.on("Network.requestWillBeSent", lambda e: sent.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.requestServedFromCache", lambda e: from_cache.add(e["requestId"]))
    cdp.on("Network.responseReceived", lambda e: None if e["response"].get("fromDiskCache") else network.append(
        (e["requestId"], e["response"]["url"], e["response"]["status"])))
    try:
        page.goto(base + "/", wait_until="load")
        page.wait_for_load_state("networkidle")
        first = [url for _, url, _ in network if "/static/" in url]
        assert sum("emblem" in url for url in first) == 1  # one URL for the emblem, fetched once
        assert any("site.css" in url for url in first) and any("site.js" in url for url in first)
        network.clear()
        page.goto(base + "/van-ban", wait_until="load")
        page.wait_for_load_state("networkidle")
        again = [(url, status) for rid, url, status in network if "/static/" in url and rid not in from_cache]
    finally:
        context.close()
    assert again == [], f"fetched again instead of taken from the cache: {again}"

"""What a citizen's phone downloads on a first visit to the home page, measured in real Chromium.

Budget: everything together at most 300 KB on the wire, JavaScript at most 50 KB. Run with ``pytest -s``
to see the figures.
"""
from __future__ import annotations

from collections import defaultdict

import pytest

pytestmark = pytest.mark.e2e

TOTAL_BUDGET = 300 * 1024
SCRIPT_BUDGET = 50 * 1024


def test_home_page_first_load_stays_within_budget(live_server, browser):
    base, _ = live_server
    context = browser.new_context(viewport={"width": 360, "height": 740})  # fresh: empty cache, no cookies
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        response = page.goto(base + "/", wait_until="load")
        assert response is not None and response.status == 200
        page.wait_for_load_state("networkidle")
        by_type: dict[str, int] = defaultdict(int)
        rows = []
        for request in finished:
            sizes = request.sizes()
            transferred = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            by_type[request.resource_type] += transferred
            rows.append((transferred, request.resource_type, request.url.removeprefix(base)))
    finally:
        context.close()
    total = sum(by_type.values())
    print(f"\nHome page, first load: {len(rows)} requests, {total / 1024:.1f} KB transferred")
    for kind, size in sorted(by_type.items(), key=lambda kv: -kv[1]):
        print(f"  {kind:<10} {size / 1024:7.1f} KB")
    for size, kind, url in sorted(rows, reverse=True):
        print(f"  {size / 1024:7.1f} KB  {kind:<10} {url}")
    assert by_type["document"] and by_type["stylesheet"], "the page and its style sheet were measured"
    assert total <= TOTAL_BUDGET, f"home page weighs {total / 1024:.1f} KB, budget {TOTAL_BUDGET // 1024} KB"
    scripts = by_type.get("script", 0)
    assert scripts <= SCRIPT_BUDGET, f"home page loads {scripts / 1024:.1f} KB of JavaScript, budget 50 KB"

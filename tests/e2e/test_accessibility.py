"""Every public page type checked by axe-core in real Chromium, at desktop and phone width.

axe (tests/e2e/vendor/axe-core, never served by the site) runs its default rule set: WCAG 2.0/2.1/2.2
A and AA and axe's best practices (heading order, unique landmarks …); a serious or critical violation
fails the test with the rule, its help text and the elements it names. Moderate and minor findings are
printed (``pytest -s``) but do not fail.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
FAILING = ("serious", "critical")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}

# One page of each kind a citizen can reach; ``ask-errors`` is the question form after an empty submit.
PAGES = ["home", "section", "article", "intro-index", "intro-page", "search", "documents", "document",
         "schedule", "organisation", "spokesperson", "editorial-board", "qa", "qa-item", "ask-errors", "qa-lookup",
         "consultation", "consultation-draft", "sitemap", "not-found", "document-category", "functions", "person",
         "budget",
         "budget-item"]
PAGES += ["reception", "contacts", "press", "press-item"]
PAGES += ["public-services", "procedures", "procedure"]
PAGES += ["videos", "video", "radio", "radio-item"]
PAGES += ["albums", "album"]


def page_path(app, kind: str) -> str:
    """Return a real URL of the demo site for a page kind, found through the app's services."""
    svc = app.extensions["trangxa"]
    content = svc.content
    if kind == "section":
        art = content.latest(None, 1)[0]
        return "/" + content.section(art["section_id"])["slug"]
    if kind == "article":
        art = content.latest(None, 1)[0]
        return f"/{content.section(art['section_id'])['slug']}/{art['slug']}"
    if kind == "intro-index":
        return "/" + next(s for s in content.menu() if s["kind"] == "pages")["slug"]
    if kind == "intro-page":
        return "/gioi-thieu/" + content.pages()[0]["slug"]
    if kind == "consultation-draft":
        open_drafts, closed = svc.consultations.public_list()
        return f"/lay-y-kien/{(open_drafts or closed)[0]['id']}"
    if kind == "person":
        person = svc.people.chart_people()[0]
        return f"/gioi-thieu/co-cau-to-chuc/{person['id']}-{person['slug']}"
    if kind == "press-item":
        item = svc.press.latest(1)[0]
        return f"/thong-cao-bao-chi/{item['id']}-{item['slug']}"
    if kind in ("reception", "contacts", "press"):
        return {"reception": "/tiep-cong-dan", "contacts": "/lien-he", "press": "/thong-cao-bao-chi"}[kind]
    if kind == "procedure":
        item = svc.procedures.all()[0]
        return f"/thu-tuc-hanh-chinh/{item['id']}-{item['slug']}"
    if kind == "album":
        item = svc.albums.latest(1)[0]
        return f"/tin-anh/{item['id']}-{item['slug']}"
    if kind == "document":
        doc = svc.documents.latest(1)[0]
        return f"/van-ban/{doc['id']}-{doc['slug']}"
    if kind in ("videos", "video"):
        video = demo_video(app)
        return "/video" if kind == "videos" else f"/video/{video['id']}-{video['slug']}"
    if kind == "radio-item":
        item = svc.radio.all()[0]
        return f"/phat-thanh/{item['id']}-{item['slug']}"
    if kind == "budget-item":
        item = svc.budget.all()[0]
        return f"/cong-khai-ngan-sach/{item['id']}-{item['slug']}"
    return {
        "home": "/", "search": "/tim-kiem?q=ubnd", "documents": "/van-ban", "schedule": "/lich-cong-tac",
        "organisation": "/gioi-thieu/co-cau-to-chuc", "spokesperson": "/gioi-thieu/nguoi-phat-ngon",
        "editorial-board": "/gioi-thieu/ban-bien-tap", "qa": "/hoi-dap", "qa-item": "/hoi-dap",
        "ask-errors": "/hoi-dap/gui-cau-hoi", "qa-lookup": "/hoi-dap/tra-cuu", "consultation": "/lay-y-kien",
        "sitemap": "/so-do-cong", "not-found": "/khong-co-trang-nay",
        "document-category": "/van-ban/nong-thon-moi", "functions": "/gioi-thieu/chuc-nang-nhiem-vu",
        "budget": "/cong-khai-ngan-sach",
        "public-services": "/dich-vu-cong", "procedures": "/thu-tuc-hanh-chinh",
        "radio": "/phat-thanh",
        "albums": "/tin-anh",
    }[kind]


def demo_video(app) -> dict:
    """Return a YouTube video of the demo site, adding one first (the demo ships none: no id is made up)."""
    videos = app.extensions["trangxa"].videos
    if not videos.all():
        saved = videos.save({"title": "Hội nghị triển khai chuyển đổi số", "shown_on": "2026-11-02",
                             "description": "Video thử của trang.", "youtube": "https://youtu.be/aaaaaaaaaaa"})
        return videos.get(saved["id"])
    return videos.all()[0]


def describe(violations: list[dict]) -> str:
    """Return axe's violations as readable lines: rule, impact, help, then each element's selector."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {target}  {summary[:300]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGES)
def test_page_has_no_serious_axe_violations(live_server, browser, artifacts, kind, viewport):
    base, app = live_server
    path = page_path(app, kind)
    # The site's CSP (script-src 'self') rightly refuses injected scripts: only this test context bypasses it.
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    try:
        response = page.goto(base + path)
        assert response is not None and response.status == (404 if kind == "not-found" else 200), path
        if kind == "qa-item":  # the first answered question, reached from the list
            response = page.goto(base + page.locator(".qa-list h2 a").first.get_attribute("href"))
            assert response is not None and response.status == 200, page.url
        if kind == "ask-errors":
            with page.expect_navigation():
                page.get_by_role("button", name="Gửi câu hỏi").click()
            assert page.locator(".field__error").count() >= 2, "the empty form should come back with errors"
        if kind == "search":
            assert "Tìm thấy" in page.inner_text("main"), "the search should find demo content"
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        found = results["violations"]
        serious = [v for v in found if v["impact"] in FAILING]
        others = [v for v in found if v["impact"] not in FAILING]
        if others:
            print(f"\n{path} ({viewport}), not failing:\n{describe(others)}")
        if serious:
            page.screenshot(path=str(artifacts / f"axe-{kind}-{viewport}.png"), full_page=True)
        assert not serious, f"axe on {path} ({viewport}):\n{describe(serious)}"
    finally:
        context.close()

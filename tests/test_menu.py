"""The public menu: at most 9 top-level entries, every feature reachable once, the site map lists everything."""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from flask import url_for

import blueprints
from blueprints.menu import FOOTER_ENDPOINTS, LEFTOVER_LABEL, MAX_TOP_LEVEL, MENU_GROUPS

# The modules other work adds (issue 16), as they will name their endpoints, and one nobody placed.
COMING = [
    ("public.procedures", "/thu-tuc-hanh-chinh", "Thủ tục hành chính", None),
    ("public.public_services", "/dich-vu-cong", "Dịch vụ công", None),
    ("public.budget", "/cong-khai-ngan-sach", "Công khai ngân sách", None),
    ("public.reception", "/tiep-cong-dan", "Tiếp công dân", None),
    ("public.contacts", "/lien-he", "Liên hệ", "intro"),
    ("public.press", "/gioi-thieu/thong-cao-bao-chi", "Thông cáo báo chí", "intro"),
    ("public.weather", "/thoi-tiet", "Thời tiết", None),
    ("public.markets", "/gia-ca-thi-truong", "Giá cả thị trường", None),
]
CATEGORIES = [("quy-hoach-ke-hoach", "Quy hoạch – kế hoạch"), ("du-an-dau-thau", "Dự án – đấu thầu – mua sắm công"),
              ("nong-thon-moi", "Nông thôn mới")]


class MenuParser(HTMLParser):
    """Collect the main menu's top-level entries and every link in it (href, label)."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # <ul> depth inside the menu, 0 outside
        self.in_nav = False
        self.top: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._href = None
        self._summary = False
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and a.get("class") == "main-nav":
            self.in_nav = True
        if not self.in_nav:
            return
        if tag == "ul":
            self.depth += 1
        elif tag == "a":
            self._href, self._text = a["href"], ""
        elif tag == "summary" and self.depth == 1:
            self._summary, self._text = True, ""

    def handle_endtag(self, tag):
        if not self.in_nav:
            return
        if tag == "nav":
            self.in_nav = False
        elif tag == "ul":
            self.depth -= 1
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, self._text.strip()))
            if self.depth == 1:
                self.top.append(self._text.strip())
            self._href = None
        elif tag == "summary" and self._summary:
            self.top.append(self._text.strip())
            self._summary = False

    def handle_data(self, data):
        self._text += data


def parse_menu(html: str) -> MenuParser:
    parser = MenuParser()
    parser.feed(html)
    return parser


@pytest.fixture
def all_modules(demo_app, monkeypatch):
    """Return the demo app with stand-in pages for every module still to come, listed as features."""
    public = list(blueprints.PUBLIC_FEATURES)
    intro = list(blueprints.INTRO_FEATURES)
    listed = {entry[0] for entry in (*public, *intro)}
    for endpoint, rule, label, where in COMING:
        if endpoint not in demo_app.view_functions:  # a module that has landed keeps its own page
            demo_app.add_url_rule(rule, endpoint, lambda label=label: f"<h1>{label}</h1>")
        if endpoint not in listed:
            (intro if where == "intro" else public).append((endpoint, label))
    demo_app.add_url_rule("/van-ban/loai/<slug>", "public.documents_category", lambda slug: slug)
    public += [("public.documents_category", label, {"slug": slug}) for slug, label in CATEGORIES]
    # The lists are read at request time, so patching them is what adding a line to them does.
    monkeypatch.setattr(blueprints, "PUBLIC_FEATURES", public)
    monkeypatch.setattr(blueprints, "INTRO_FEATURES", intro)
    monkeypatch.setattr("blueprints.menu.PUBLIC_FEATURES", public)
    monkeypatch.setattr("blueprints.menu.INTRO_FEATURES", intro)
    return demo_app, public, intro


def test_the_group_table_fits_nine_and_names_each_endpoint_once():
    assert len(MENU_GROUPS) + 1 <= MAX_TOP_LEVEL  # + the last group for what no group names
    named = [e for g in MENU_GROUPS for e in g.entries]
    assert len(named) == len(set(named))
    assert len({g.label for g in MENU_GROUPS}) == len(MENU_GROUPS)


def test_demo_menu_is_grouped_and_holds_every_feature_once(demo_app):
    html = demo_app.test_client().get("/").get_data(as_text=True)
    menu = parse_menu(html)
    assert menu.top == ["Trang chủ", "Giới thiệu", "Tin tức", "Văn bản", "Dịch vụ công", "Công khai ngân sách",
                        "Lịch công tác", "Hỏi đáp – Lấy ý kiến"]
    hrefs = [h for h, _ in menu.links]
    assert not [h for h, n in Counter(hrefs).items() if n > 1], "no two entries for the same page"
    with demo_app.test_request_context():
        from flask import url_for
        for endpoint, _label in blueprints.PUBLIC_FEATURES + blueprints.INTRO_FEATURES:
            if endpoint in FOOTER_ENDPOINTS and not any(endpoint in g.entries for g in MENU_GROUPS):
                continue  # the site map: in every page's footer
            assert url_for(endpoint) in hrefs, endpoint
    # The sections and sub-sections are in the news group; the intro pages in the intro group.
    content = demo_app.extensions["trangxa"].content
    for sec in content.menu():
        if sec["kind"] != "pages":
            assert f"/{sec['slug']}" in hrefs
            assert all(f"/{c['slug']}" in hrefs for c in sec["children"])
    assert all(f"/gioi-thieu/{p['slug']}" in hrefs for p in content.pages())


def test_every_module_to_come_lands_in_its_group_and_nine_entries_at_most(all_modules):
    app, public, intro = all_modules
    html = app.test_client().get("/").get_data(as_text=True)
    menu = parse_menu(html)
    assert len(menu.top) <= MAX_TOP_LEVEL, menu.top
    assert menu.top == ["Trang chủ", "Giới thiệu", "Tin tức", "Văn bản", "Dịch vụ công", "Công khai ngân sách",
                        "Lịch công tác", "Hỏi đáp – Lấy ý kiến", LEFTOVER_LABEL]
    hrefs = [h for h, _ in menu.links]
    assert len(hrefs) == len(set(hrefs))
    with app.test_request_context():
        url = {endpoint: url_for(endpoint) for endpoint, *_ in COMING}
    for endpoint, *_ in COMING:
        assert url[endpoint] in hrefs, endpoint
    for slug, _ in CATEGORIES:
        assert f"/van-ban/loai/{slug}" in hrefs

    def group_of(href: str) -> str:
        nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
        for block in re.findall(r"<summary[^>]*>.*?</details>", nav, re.S):
            if f'href="{href}"' in block:
                return re.search(r"<summary[^>]*>([^<]+)</summary>", block).group(1)
        return "(top level)"

    assert group_of("/lien-he") == group_of(url["public.press"]) == "Giới thiệu"
    assert group_of("/thu-tuc-hanh-chinh") == group_of("/tiep-cong-dan") == "Dịch vụ công"
    assert group_of("/van-ban") == group_of("/van-ban/loai/nong-thon-moi") == "Văn bản"
    assert group_of("/thoi-tiet") == LEFTOVER_LABEL  # registered, named by no group: still reachable
    assert group_of("/cong-khai-ngan-sach") == "(top level)"  # a group of one is that one link
    # The footer: contact and the site map, whatever the menu holds.
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert 'href="/lien-he"' in footer and 'href="/so-do-cong"' in footer and 'href="/rss.xml"' in footer


def test_a_feature_whose_module_is_absent_is_skipped(demo_app, monkeypatch):
    public = [*blueprints.PUBLIC_FEATURES, ("public.weather", "Thời tiết")]
    monkeypatch.setattr("blueprints.menu.PUBLIC_FEATURES", public)
    html = demo_app.test_client().get("/")
    assert html.status_code == 200
    assert "Thời tiết" not in html.get_data(as_text=True)


def test_current_page_is_marked_in_its_group(demo_app):
    html = demo_app.test_client().get("/gioi-thieu/co-cau-to-chuc").get_data(as_text=True)
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert '<summary class="menu__current">Giới thiệu</summary>' in nav
    assert '<a href="/gioi-thieu/co-cau-to-chuc" aria-current="page">' in nav


def test_site_map_lists_the_menu_the_links_block_and_the_feeds_once_each(all_modules):
    app, _, _ = all_modules
    client = app.test_client()
    menu = parse_menu(client.get("/").get_data(as_text=True))
    html = client.get("/so-do-cong").get_data(as_text=True)
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    hrefs = re.findall(r'<a href="([^"#]+)"', main.split("</nav>", 1)[1])  # after the breadcrumb
    assert not [h for h, n in Counter(hrefs).items() if n > 1], "no two entries for the same thing"
    for href, _label in menu.links:
        assert href in hrefs, href
    content = app.extensions["trangxa"].content
    assert all(link["url"] in hrefs for link in content.links())
    assert "/rss.xml" in hrefs and "/tim-kiem" in hrefs and "/gioi-thieu" in hrefs and "/lien-he" in hrefs
    for sec in content.menu():
        if sec["kind"] != "pages":
            assert f"/rss/{sec['slug']}.xml" in hrefs
    for href in hrefs:
        if href.startswith("/"):
            assert client.get(href).status_code == 200, href

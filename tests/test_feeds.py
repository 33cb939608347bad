"""RSS 2.0 feeds (parsed with feedparser), sitemap.xml and robots.txt."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import feedparser

from conftest import section_id


def test_site_feed_lists_published_articles_with_title_link_date_summary(client, content):
    sid = section_id(content, "Chuyển đổi số")
    content.save_article({"title": "Hội nghị chuyển đổi số & cải cách", "section_id": sid, "status": "published",
                          "summary": "Tóm tắt <b>hội nghị</b>", "publish_at": "2026-03-02T08:00:00+07:00"})
    content.save_article({"title": "Bản nháp bí mật", "section_id": sid, "status": "draft"})
    r = client.get("/rss.xml")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(r.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    titles = [e.title for e in feed.entries]
    assert titles == ["Hội nghị chuyển đổi số & cải cách"]
    entry = feed.entries[0]
    assert entry.link.endswith("/chuyen-doi-so/hoi-nghi-chuyen-doi-so-cai-cach")
    assert tuple(entry.published_parsed[:3]) == (2026, 3, 2)
    assert "Tóm tắt" in entry.summary


def test_description_reaches_a_reader_as_text_never_markup(client, content):
    sid = section_id(content, "Chuyển đổi số")
    typed = "Tóm tắt <b>đậm</b> & <script>alert(1)</script>"
    content.save_article({"title": "Tóm tắt có thẻ", "section_id": sid, "status": "published", "summary": typed,
                          "publish_at": "2026-03-02T08:00:00+07:00"})
    # No summary: it is taken from the body's text, where the editor typed tags as text.
    content.save_article({"title": "Thân bài có thẻ", "section_id": sid, "status": "published",
                          "body": "<p>Dùng thẻ &lt;b&gt; và &lt;script&gt;alert(2)&lt;/script&gt;</p>",
                          "publish_at": "2026-03-01T08:00:00+07:00"})
    raw = client.get("/rss.xml").get_data(as_text=True)
    root = ET.fromstring(raw)
    descriptions = [d.text or "" for d in root.iter("description")]
    # What a reader gets once the XML is parsed is HTML; it must hold no tag, only the text escaped.
    assert descriptions[1:] == [html.escape(typed, quote=False),
                                html.escape("Dùng thẻ <b> và <script>alert(2)</script>", quote=False)]
    assert not any("<" in d for d in descriptions)
    assert not any("<" in d for d in re.findall(r"<description>(.*?)</description>", raw, re.S))
    feed = feedparser.parse(raw.encode())
    assert not feed.bozo, feed.bozo_exception
    shown = {e.title: html.unescape(e.summary) for e in feed.entries}
    assert shown == {"Tóm tắt có thẻ": typed, "Thân bài có thẻ": "Dùng thẻ <b> và <script>alert(2)</script>"}
    assert not any("<b>" in e.summary or "<script" in e.summary for e in feed.entries)


def test_section_feed_rolls_up_sub_sections_and_unknown_is_404(client, content):
    local = section_id(content, "Hoạt động của xã")
    content.save_article({"title": "Tin hoạt động xã", "section_id": local, "status": "published"})
    feed = feedparser.parse(client.get("/rss/tin-tuc-su-kien.xml").data)
    assert not feed.bozo and [e.title for e in feed.entries] == ["Tin hoạt động xã"]
    assert client.get("/rss/khong-co.xml").status_code == 404
    assert client.get("/rss/gioi-thieu.xml").status_code == 404


def test_sitemap_lists_public_urls_with_lastmod(client, content):
    sid = section_id(content, "Chuyển đổi số")
    art = content.save_article({"title": "Bài trong sơ đồ", "section_id": sid, "status": "published"})
    content.save_article({"title": "Nháp không có", "section_id": sid, "status": "draft"})
    r = client.get("/sitemap.xml")
    root = ET.fromstring(r.data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {u.find("s:loc", ns).text: u.find("s:lastmod", ns) for u in root.findall("s:url", ns)}
    url = f"http://localhost/chuyen-doi-so/{art['slug']}"
    assert url in locs and locs[url].text == art["updated_at"][:10]
    assert "http://localhost/chuyen-doi-so" in locs
    assert not any("nhap-khong-co" in u for u in locs)
    for loc in locs:
        assert client.get(loc.replace("http://localhost", "")).status_code == 200, loc


def test_robots_points_to_the_sitemap_and_keeps_the_panel_out(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /quan-tri/" in text and "Sitemap: http://localhost/sitemap.xml" in text

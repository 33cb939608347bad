"""Pinned notices with an expiry, home-page banners, the statistics page and the HTML site map."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from conftest import csrf_from, foreign_scripts, section_id
from core import timeutil
from core.banners import Banners
from core.content import Content
from core.store import Store

NOTICES = "Chuyển đổi số"  # any article section will do


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 40), (20, 90, 160)).save(out, "PNG")
    return out.getvalue()


def home_notices(client) -> str:
    html = client.get("/").get_data(as_text=True)
    m = re.search(r'<section class="notices".*?</section>', html, re.S)
    return m.group(0) if m else ""


def test_pin_expires_from_home_but_stays_in_section(client, auth, content, data_dir, set_now):
    set_now(2026, 3, 1, 9, 0)
    sid = section_id(content, NOTICES)
    url = "/quan-tri/tin-bai/moi"
    token = csrf_from(client.get(url).get_data(as_text=True))
    r = client.post(url, data={"csrf_token": token, "title": "Thông báo lịch tiếp công dân tháng 3",
                               "section_id": str(sid), "body": "<p>Lịch tiếp công dân.</p>",
                               "status": "published", "publish_at": "2026-03-01T08:00", "pinned": "y",
                               "pin_until": "2026-03-10"}, content_type="multipart/form-data")
    assert r.status_code == 302
    stored = Content(Store(data_dir))
    art = next(iter(stored.index().meta.values()))
    assert art["pinned"] is True and art["pin_until"] == "2026-03-10"
    assert "Thông báo lịch tiếp công dân tháng 3" in home_notices(client)
    set_now(2026, 3, 10, 23, 0)
    assert "Thông báo lịch tiếp công dân tháng 3" in home_notices(client)
    set_now(2026, 3, 11, 0, 5)
    assert "Thông báo lịch tiếp công dân tháng 3" not in home_notices(client)
    assert "Thông báo lịch tiếp công dân tháng 3" in client.get("/chuyen-doi-so").get_data(as_text=True)


def test_pin_expiry_before_publish_date_is_refused(client, auth, content, data_dir):
    url = "/quan-tri/tin-bai/moi"
    token = csrf_from(client.get(url).get_data(as_text=True))
    r = client.post(url, data={"csrf_token": token, "title": "Thông báo thử",
                               "section_id": str(section_id(content, NOTICES)), "status": "published",
                               "publish_at": "2026-03-05T08:00", "pinned": "y", "pin_until": "2026-03-01"},
                    content_type="multipart/form-data")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Ngày hết hạn ghim phải sau ngày đăng." in html
    assert 'value="Thông báo thử"' in html
    assert Content(Store(data_dir)).index().meta == {}


def _post_banner(client, **fields):
    url = "/quan-tri/banner/moi"
    token = csrf_from(client.get(url).get_data(as_text=True))
    data = {"csrf_token": token, "title": "Chào mừng Quốc khánh", "alt": "Chào mừng 81 năm Quốc khánh 2/9",
            "link": "/chuyen-doi-so", "start": "2026-08-25", "end": "2026-09-05", "order": "1",
            "image": (io.BytesIO(png()), "banner.png")}
    data.update(fields)
    return client.post(url, data=data, content_type="multipart/form-data")


def test_banner_shows_between_its_dates_without_motion(client, auth, data_dir, set_now):
    set_now(2026, 8, 20, 9, 0)
    r = _post_banner(client)
    assert r.status_code == 302
    banners = Banners(Store(data_dir)).all()
    assert len(banners) == 1 and banners[0]["image"].endswith(".png")
    assert (data_dir / "uploads" / banners[0]["image"]).exists()
    assert "Chào mừng 81 năm Quốc khánh" not in client.get("/").get_data(as_text=True)  # not started
    set_now(2026, 9, 1, 9, 0)
    html = client.get("/").get_data(as_text=True)
    assert 'alt="Chào mừng 81 năm Quốc khánh 2/9"' in html
    assert "<marquee" not in html and foreign_scripts(html) == []  # nothing moves by itself
    set_now(2026, 9, 6, 0, 1)
    assert "Chào mừng 81 năm Quốc khánh" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("fields, field, message", [
    ({"end": "2026-08-01"}, "end", "Ngày kết thúc phải sau"),
    ({"alt": ""}, "alt", "Vui lòng nhập mô tả ảnh"),
    ({"image": (io.BytesIO(b"<?php echo 1; ?>"), "banner.png")}, "image", "không phải là ảnh"),
    ({"link": "javascript:alert(1)"}, "link", "Liên kết phải bắt đầu"),
])
def test_bad_banner_is_refused_and_nothing_saved(client, auth, data_dir, fields, field, message):
    r = _post_banner(client, **fields)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert message in html
    assert Banners(Store(data_dir)).all() == []
    uploads = data_dir / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_trashed_banner_leaves_home(client, auth, data_dir, set_now):
    set_now(2026, 9, 1, 9, 0)
    _post_banner(client)
    bid = Banners(Store(data_dir)).all()[0]["id"]
    token = csrf_from(client.get("/quan-tri/banner").get_data(as_text=True))
    assert client.post(f"/quan-tri/banner/{bid}/xoa", data={"csrf_token": token}).status_code == 302
    assert "Chào mừng 81 năm Quốc khánh" not in client.get("/").get_data(as_text=True)
    assert Banners(Store(data_dir)).all(trashed=True)[0]["id"] == bid


def test_statistics_page_counts_distinct_visitors_and_most_read(app, client, auth, content):
    sid = section_id(content, NOTICES)
    art = content.save_article({"title": "Bài được đọc nhiều", "section_id": sid, "status": "published"})
    url = f"/chuyen-doi-so/{art['slug']}"
    other = app.test_client()
    for _ in range(3):
        other.get(url, headers={"User-Agent": "Mozilla/5.0"}, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    other.get("/", headers={"User-Agent": "Mozilla/5.0"}, environ_base={"REMOTE_ADDR": "198.51.100.8"})
    other.get(url, headers={"User-Agent": "Googlebot/2.1"}, environ_base={"REMOTE_ADDR": "198.51.100.9"})
    html = client.get("/quan-tri/thong-ke").get_data(as_text=True)
    today = timeutil.now().strftime("%d/%m/%Y")
    row = re.search(rf"<th scope=\"row\">{today}</th><td class=\"num\">(\d+)</td><td class=\"num\">(\d+)</td>", html)
    assert row, html
    visits, hits = int(row.group(1)), int(row.group(2))
    assert visits == 2  # two people (the bot and the editor's panel pages are not counted)
    assert hits == 4
    top = re.search(r'id="doc-nhieu".*?</table>', html, re.S).group(0)
    assert "Bài được đọc nhiều" in top and '<td class="num">3</td>' in top


def test_site_map_lists_sections_subsections_and_pages(client, content):
    content.save_page({"title": "Thông tin chung", "body": "<p>Giới thiệu xã.</p>"})
    html = client.get("/so-do-cong").get_data(as_text=True)
    for text in ("Tin tức – Sự kiện", "Hoạt động của xã", "Chuyển đổi số", "Thông tin chung", "Tìm kiếm"):
        assert text in html
    links = re.findall(r'<a href="(/[^"]*)"', re.search(r'<ul class="sitemap">.*?</ul>\s*{?', html, re.S).group(0))
    for href in links:
        assert client.get(href).status_code == 200, href
    assert "Sơ đồ cổng" in html

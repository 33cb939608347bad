"""Bugs found in review, each reproduced here so it stays fixed."""
from __future__ import annotations

from datetime import datetime

import pytest

from conftest import csrf_from, section_id
from core import timeutil
from core.content import Content
from core.sanitize import clean_html
from core.store import Store


@pytest.mark.parametrize("typed", ["0024-05-01T08:00", "0202-05-01T08:00", "9999-12-31T23:59"])
def test_publish_year_out_of_range_is_refused_not_stored(client, auth, content, data_dir, typed):
    url = "/quan-tri/tin-bai/moi"
    token = csrf_from(client.get(url).get_data(as_text=True))
    r = client.post(url, data={"csrf_token": token, "title": "Năm lạ",
                               "section_id": str(section_id(content, "Chuyển đổi số")), "status": "published",
                               "publish_at": typed}, content_type="multipart/form-data")
    assert r.status_code == 200
    assert "Ngày giờ đăng không hợp lệ" in r.get_data(as_text=True)
    assert Content(Store(data_dir)).index().meta == {}
    assert client.get("/quan-tri/tin-bai").status_code == 200


def test_iso_strings_are_zero_padded():
    assert timeutil.to_iso(datetime(1945, 9, 2, 9, 5)) == "1945-09-02T09:05:00+07:00"


@pytest.mark.parametrize("query", ["slug=x", "_method=POST", "trang=2&slug=y", "a=%FF"])
def test_renamed_section_redirect_keeps_any_query_without_500(client, content, query):
    sid = section_id(content, "Chuyển đổi số")
    content.save_section({"name": "Chuyển đổi số quốc gia"}, sid)
    r = client.get(f"/chuyen-doi-so?{query}")
    assert r.status_code == 301
    assert r.headers["Location"].startswith("/chuyen-doi-so-quoc-gia?")


def test_settings_with_absurd_start_date_get_a_message(content):
    from core.errors import ValidationError

    with pytest.raises(ValidationError) as exc:
        content.save_settings({"site_start": "0001-01-01"})
    assert "site_start" in exc.value.errors


def test_unsatisfiable_range_gets_a_vietnamese_page(client):
    r = client.get("/static/css/site.css", headers={"Range": "bytes=99999999-"})
    assert r.status_code == 416
    html = r.get_data(as_text=True)
    assert "Không tải được phần tệp yêu cầu" in html and "Requested Range" not in html


def test_restoring_a_version_that_no_longer_fits_says_why(client, auth, content, data_dir):
    a = content.save_page({"title": "Trang A", "slug": "trang-x"})
    content.save_page({"title": "Trang A", "slug": "trang-y"}, a["id"])
    content.save_page({"title": "Trang B", "slug": "trang-x"})  # takes A's old address
    from core.revisions import Revisions

    rev = Revisions(Store(data_dir)).list("page", a["id"])[0]
    page = client.get(f"/quan-tri/trang-gioi-thieu/{a['id']}/phien-ban/{rev['id']}")
    r = client.post(f"/quan-tri/trang-gioi-thieu/{a['id']}/phien-ban/{rev['id']}/khoi-phuc",
                    data={"csrf_token": csrf_from(page.get_data(as_text=True))}, follow_redirects=True)
    assert r.status_code == 200
    assert "Không khôi phục được phiên bản này" in r.get_data(as_text=True)
    assert Content(Store(data_dir)).page(a["id"])["slug"] == "trang-y"


@pytest.mark.parametrize("dirty, bad", [
    ('<a href="/\\evil.example">x</a>', "evil.example"),
    ('<p style="color:transparent">ẩn</p>', "transparent"),
    ('<p style="color:#fff;background-color:#fff">ẩn</p>', "#fff"),
    ('<img src="/a.png" width="0" height="0">', 'width="0"'),
    ('<img src="/a.png" style="width:0;height:0">', "width:0"),
])
def test_cleaner_removes_hiding_and_offsite_tricks(dirty, bad):
    assert bad not in clean_html(dirty)


def test_new_intro_page_with_reserved_address_shows_the_message_by_the_field(client, auth, data_dir):
    url = "/quan-tri/trang-gioi-thieu/moi"
    token = csrf_from(client.get(url).get_data(as_text=True))
    r = client.post(url, data={"csrf_token": token, "title": "Người phát ngôn", "slug": "", "body": "<p>x</p>"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'id="slug-loi"' in html and "Đường dẫn này dành cho trang tạo tự động" in html
    assert Content(Store(data_dir)).pages(include_hidden=True) == []


def test_documents_show_under_the_directives_section(demo_app):
    client = demo_app.test_client()
    html = client.get("/van-ban-chi-dao-dieu-hanh").get_data(as_text=True)
    assert "Văn bản mới ban hành" in html and "19/QĐ-UBND" in html
    link = html.split("Văn bản mới ban hành", 1)[1].split('href="', 2)[1].split('"', 1)[0]
    assert link.startswith("/van-ban/")
    assert client.get(link).status_code == 200


def test_schedule_shows_today_even_when_today_is_free(app, client, set_now):
    set_now(2026, 11, 25, 9, 0)  # Wednesday
    app.extensions["trangxa"].schedule.save({"date": "2026-11-23", "session": "sang", "content": "Giao ban"})
    html = client.get("/lich-cong-tac").get_data(as_text=True)
    assert "schedule-day--today" in html and "25/11/2026" in html and "Không có lịch công tác." in html

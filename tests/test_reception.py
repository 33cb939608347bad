"""Tiếp công dân and Liên hệ: the public pages, the panel with its roles, the rules' cleaning, API, search, backup.

Records are created through the real panel forms (CSRF token from the page) and re-read from disk with
fresh services; the public pages, sitemaps and API are read through the app.
"""
from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest

from conftest import PASSWORD, csrf_from, field_error, fresh, post_button, text, unmarked
from core import timeutil
from core.contacts import Contacts
from core.demo import remove_demo
from core.errors import ValidationError
from core.reception import ReceptionResults, ReceptionSessions, parse_time

NEW = "/quan-tri/tiep-cong-dan/moi"


def _day(offset: int) -> str:
    return (date.fromisoformat(timeutil.today_str()) + timedelta(days=offset)).isoformat()


def _post(client, url: str, data: dict):
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, data=dict(data, csrf_token=token))


def _session(**changes) -> dict:
    return dict({"day": _day(3), "time": "7:30", "end_time": "11h00", "person_id": "0",
                 "receiver": "Nguyễn Văn An", "receiver_title": "Chủ tịch UBND xã",
                 "place": "Phòng tiếp công dân UBND xã", "content": "Tiếp công dân định kỳ", "note": ""}, **changes)


@pytest.fixture
def site(app):
    return app.extensions["trangxa"]


def _login_as(auth, role: str) -> None:
    auth.logout()
    auth.app.extensions["trangxa"].accounts.create_user(role, PASSWORD, "Người Thử", role=role)
    assert auth.login(role).status_code == 302


# ---------------------------------------------------------------- core rules
def test_times_are_read_as_typed_and_checked():
    assert parse_time("7:30") == "07:30" and parse_time("14h00") == "14:00" and parse_time("08.15") == "08:15"
    for bad in ("25:00", "7", "sáng", ""):
        with pytest.raises(ValueError):
            parse_time(bad)


def test_a_session_needs_a_receiver_a_day_a_time_and_a_place(site):
    with pytest.raises(ValidationError) as exc:
        site.reception.save({"time": "14:00", "end_time": "13:00"})
    assert set(exc.value.errors) == {"day", "end_time", "receiver", "place"}
    assert "sau giờ bắt đầu" in exc.value.errors["end_time"]


def test_results_cannot_resolve_more_cases_than_there_are(site):
    with pytest.raises(ValidationError) as exc:
        site.reception_results.save({"name": "Quý I năm 2026", "start": "2026-01-01", "end": "2025-12-31",
                                     "cases": 3, "resolved": 3, "pending": 1, "visits": -2})
    assert set(exc.value.errors) == {"end", "resolved", "visits"}


# ---------------------------------------------------------------- public page
def test_upcoming_sessions_come_first_and_past_ones_go_by_year(client, site):
    last_year = str(date.fromisoformat(timeutil.today_str()).year - 1)
    site.reception.save(_session(day=_day(14), content="Buổi thứ hai sắp tới"))
    site.reception.save(_session(day=_day(2), content="Buổi gần nhất sắp tới"))
    site.reception.save(_session(day=_day(-400), content="Buổi của năm trước"))
    old = site.reception.save(_session(day=f"{last_year}-06-04", content="Buổi tháng sáu năm trước"))
    gone = site.reception.save(_session(day=_day(5), content="Buổi đã bị xóa"))
    site.reception.trash(gone["id"])
    page = text(client.get("/tiep-cong-dan"))
    assert page.index("Buổi gần nhất sắp tới") < page.index("Buổi thứ hai sắp tới") < page.index('id="noi-quy"')
    assert "Buổi đã bị xóa" not in page
    year_page = client.get(f"/tiep-cong-dan/nam-{last_year}")
    assert year_page.status_code == 200
    assert "Buổi tháng sáu năm trước" in text(year_page) and old["day"] <= f"{last_year}-12-31"
    assert "Buổi gần nhất sắp tới" in text(year_page)  # upcoming ones are always shown first
    assert client.get("/tiep-cong-dan/nam-1999").status_code == 404
    assert 'data-action="print"' in client.get("/tiep-cong-dan").get_data(as_text=True)


def test_a_receiver_from_the_people_register_shows_with_their_current_name(client, site):
    person = site.people.save({"name": "Vũ Quang Sáng", "title": "Phó Chủ tịch UBND xã", "organisation": "ubnd"})
    site.reception.save(_session(person_id=person["id"], receiver="", receiver_title=""))
    site.people.save({"name": "Vũ Quang Sáng (đã đổi)", "title": "Chủ tịch UBND xã", "organisation": "ubnd"},
                     person["id"])
    page = text(client.get("/tiep-cong-dan"))
    assert "Vũ Quang Sáng (đã đổi)" in page and "Chủ tịch UBND xã" in page
    item = client.get("/api/v1/reception").get_json()["items"][0]
    assert item["receiver"] == "Vũ Quang Sáng (đã đổi)" and item["receiver_title"] == "Chủ tịch UBND xã"


def test_results_and_empty_states_show_on_the_page(client, site):
    page = text(client.get("/tiep-cong-dan"))
    assert "Chưa có lịch tiếp công dân sắp tới" in page and "Chưa có số liệu" in page
    site.reception_results.save({"name": "Quý III năm 2026", "start": "01/07/2026", "end": "30/09/2026",
                                 "visits": 1234, "people": 15, "cases": 7, "resolved": 6, "pending": 1})
    page = text(client.get("/tiep-cong-dan"))
    assert "Quý III năm 2026" in page and "01/07/2026 – 30/09/2026" in page and "1.234" in page


# ---------------------------------------------------------------- panel and roles
def test_an_editor_adds_edits_trashes_and_restores_a_session(client, auth, site, data_dir):
    _login_as(auth, "editor")
    r = _post(client, NEW, _session())
    assert r.status_code == 302
    stored = fresh(ReceptionSessions, data_dir).all()
    assert len(stored) == 1 and stored[0]["time"] == "07:30" and stored[0]["end_time"] == "11:00"
    item_id = stored[0]["id"]
    r = _post(client, f"/quan-tri/tiep-cong-dan/{item_id}", _session(place="Hội trường UBND xã"))
    assert r.status_code == 302
    assert fresh(ReceptionSessions, data_dir).get(item_id)["place"] == "Hội trường UBND xã"
    assert post_button(client, f"/quan-tri/tiep-cong-dan/{item_id}/xoa").status_code == 302
    assert fresh(ReceptionSessions, data_dir).all() == [] and "Hội trường" not in text(client.get("/tiep-cong-dan"))
    assert post_button(client, f"/quan-tri/tiep-cong-dan/{item_id}/khoi-phuc").status_code == 302
    assert "Hội trường UBND xã" in text(client.get("/tiep-cong-dan"))
    auth.logout()
    auth.login()  # the admin reads the audit log
    log = text(client.get("/quan-tri/nhat-ky"))
    assert "Thêm buổi tiếp công dân" in log and "Khôi phục buổi tiếp công dân" in log


def test_a_bad_session_form_comes_back_with_what_was_typed(client, auth):
    r = _post(client, NEW, _session(time="sáng", receiver="", place=""))
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert field_error(html, "time") and field_error(html, "receiver") and field_error(html, "place")
    assert "Tiếp công dân định kỳ" in html


@pytest.mark.parametrize("url", [
    "/quan-tri/tiep-cong-dan", NEW, "/quan-tri/tiep-cong-dan/noi-quy", "/quan-tri/tiep-cong-dan/ket-qua",
    "/quan-tri/tiep-cong-dan/ket-qua/moi", "/quan-tri/lien-he", "/quan-tri/lien-he/moi",
])
def test_a_contributor_is_refused(client, auth, site, url):
    _login_as(auth, "contributor")
    assert client.get(url).status_code == 403
    if url.endswith(("/moi", "/noi-quy")):
        token = auth.token()
        assert client.post(url, data={"csrf_token": token, "body": "<p>x</p>", **_session()}).status_code == 403
    assert not site.reception.all() and not site.contacts.all() and not site.reception.rules()["body"]


def test_rules_are_cleaned_on_save_shown_and_found_by_the_search(client, auth, site, data_dir):
    _login_as(auth, "editor")
    body = ('<h3>Điều 1. Thời gian tiếp</h3><p onclick="alert(1)">Sáng thứ Năm hằng tuần tại phòng tiếp '
            'công dân.</p><script>alert(2)</script><a href="javascript:alert(3)">xem</a>')
    r = _post(client, "/quan-tri/tiep-cong-dan/noi-quy", {"body": body})
    assert r.status_code == 302
    stored = fresh(ReceptionSessions, data_dir).rules()["body"]
    assert "Điều 1. Thời gian tiếp" in stored
    assert "onclick" not in stored and "<script" not in stored and "javascript:" not in stored
    html = client.get("/tiep-cong-dan").get_data(as_text=True)
    assert "<h3>Điều 1. Thời gian tiếp</h3>" in html and "alert(2)" not in html
    found = unmarked(text(client.get("/tim-kiem?q=phong tiep cong dan")))
    assert "Nội quy tiếp công dân" in found
    assert 'href="/tiep-cong-dan"' in client.get("/tim-kiem?q=thu nam hang tuan").get_data(as_text=True)


def test_results_are_managed_in_the_panel(client, auth, data_dir):
    url = "/quan-tri/tiep-cong-dan/ket-qua/moi"
    r = _post(client, url, {"name": "6 tháng đầu năm 2026", "start": "2026-01-01", "end": "2026-06-30",
                            "visits": "20", "cases": "4", "resolved": "5", "pending": "0"})
    assert r.status_code == 200 and "không được lớn hơn" in field_error(r.get_data(as_text=True), "resolved")
    r = _post(client, url, {"name": "6 tháng đầu năm 2026", "start": "2026-01-01", "end": "2026-06-30",
                            "visits": "20", "cases": "4", "resolved": "3", "pending": "1"})
    assert r.status_code == 302
    assert fresh(ReceptionResults, data_dir).all()[0]["visits"] == 20


# ---------------------------------------------------------------- Liên hệ
def test_contacts_page_lists_hotlines_first_and_is_linked_from_the_footer(client, auth, site, data_dir):
    r = _post(client, "/quan-tri/lien-he/moi", {"name": "Bộ phận Một cửa", "phone": "0221 3 000 001",
                                                 "email": "motcua@hungyen.gov.vn", "order": "2"})
    assert r.status_code == 302
    r = _post(client, "/quan-tri/lien-he/moi", {"name": "Công an", "phone": "113", "hotline": "y", "order": "9"})
    assert r.status_code == 302
    r = _post(client, "/quan-tri/lien-he/moi", {"name": "Không số", "phone": "", "email": ""})
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "phone")
    r = _post(client, "/quan-tri/lien-he/moi", {"name": "Sai số", "phone": "gọi 113"})
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "phone")
    assert [c["name"] for c in fresh(Contacts, data_dir).all()] == ["Bộ phận Một cửa", "Công an"]
    html = client.get("/lien-he").get_data(as_text=True)
    page = text(client.get("/lien-he"))
    assert page.index("Đường dây nóng") < page.index("Công an") < page.index("Các bộ phận") < page.index("Một cửa")
    assert 'href="tel:02213000001"' in html and 'href="mailto:motcua@hungyen.gov.vn"' in html
    home = client.get("/").get_data(as_text=True)
    footer = home[home.index('<footer class="site-footer">'):]
    assert 'href="/lien-he"' in footer


# ---------------------------------------------------------------- sitemaps, API, backup
def test_sitemaps_and_api_list_the_reception_pages(client, site):
    last_year = str(date.fromisoformat(timeutil.today_str()).year - 1)
    site.reception.save(_session(day=f"{last_year}-03-05"))
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    for path in ("/tiep-cong-dan<", f"/tiep-cong-dan/nam-{last_year}<", "/lien-he<"):
        assert path in xml
    html = client.get("/so-do-cong").get_data(as_text=True)
    assert 'href="/tiep-cong-dan"' in html and 'href="/lien-he"' in html
    data = client.get("/api/v1/reception").get_json()
    assert set(data) == {"items", "total", "page", "per_page"} and data["total"] == 1
    assert data["items"][0]["day"] == f"{last_year}-03-05" and data["items"][0]["time"] == "07:30"
    assert client.get("/api/v1/reception?trang=x").status_code == 400
    assert "reception" in client.get("/api/v1/").get_json()["resources"]


def test_backup_round_trip_keeps_reception_and_contacts(client, auth, site, data_dir):
    site.reception.save(_session(content="Có trong bản sao lưu"))
    site.reception.save_rules("<p>Nội quy trong bản sao lưu</p>")
    site.reception_results.save({"name": "Năm 2025", "start": "2025-01-01", "end": "2025-12-31", "visits": 9})
    site.contacts.save({"name": "Trực ban", "phone": "0221 3 000 003"})
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    backup = client.post("/quan-tri/sao-luu/tai-ve", data={"csrf_token": token}).data
    names = set(zipfile.ZipFile(io.BytesIO(backup)).namelist())
    assert {"reception.json", "reception_results.json", "contacts.json"} <= names
    site.reception.save(_session(content="Viết sau khi sao lưu"))
    site.reception.save_rules("<p>Nội quy mới</p>")
    site.contacts.trash(site.contacts.all()[0]["id"])
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    r = client.post("/quan-tri/sao-luu/khoi-phuc", data={"csrf_token": token,
                                                          "archive": (io.BytesIO(backup), "sao-luu.zip")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    assert [s["content"] for s in fresh(ReceptionSessions, data_dir).all()] == ["Có trong bản sao lưu"]
    assert "Nội quy trong bản sao lưu" in fresh(ReceptionSessions, data_dir).rules()["body"]
    assert [c["name"] for c in fresh(Contacts, data_dir).all()] == ["Trực ban"]
    assert fresh(ReceptionResults, data_dir).all()[0]["visits"] == 9
    assert "Nội quy trong bản sao lưu" in text(client.get("/tiep-cong-dan"))


def test_the_demo_has_reception_contacts_and_removing_it_takes_them(demo_app):
    site = demo_app.extensions["trangxa"]
    assert site.reception.upcoming() and site.reception.past() and site.reception_results.all()
    assert site.reception.rules()["body"] and site.contacts.hotlines() and site.contacts.departments()
    assert site.press.all()
    client = demo_app.test_client()
    page = text(client.get("/tiep-cong-dan"))
    assert "Phòng tiếp công dân" in page and "Quý" in page
    assert "Bộ phận Một cửa" in text(client.get("/lien-he"))
    remove_demo(site, backup=False)
    assert not site.reception.all() and not site.reception_results.all() and not site.contacts.all()
    assert not site.press.all() and not site.reception.rules()["body"]

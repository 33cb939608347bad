"""Lịch công tác tuần: the editor's forms, the public week page, its print page and copying recurring items."""
from __future__ import annotations

import html as htmllib
import re
from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import csrf_from, field_error, field_errors_of, fresh, post_button, text
from core import timeutil
from core.schedule import Schedule, weekday_name
from core.seed.schedule import seed_schedule
from core.store import Store

# "Now" in these tests: Wednesday 07/02/2024, 09:00 in Hà Nội. ISO week 2024-W06 runs 05/02 – 11/02.
NOW = datetime(2024, 2, 7, 9, 0, tzinfo=timeutil.TZ)
MONDAY = date(2024, 2, 5)
HEADERS = ["Thứ/Ngày", "Buổi", "Giờ", "Nội dung", "Chủ trì", "Thành phần", "Địa điểm", "Chuẩn bị"]
NEW = "/quan-tri/lich-cong-tac/moi"
COPY = "/quan-tri/lich-cong-tac/sao-chep"


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    """Fix the clock on Wednesday 07/02/2024 09:00 (Asia/Ho_Chi_Minh)."""
    set_now(NOW)


# ---------------------------------------------------------------- helpers


def item_values(**overrides) -> dict:
    values = {
        "date": "2024-02-07", "session": "chieu", "time": "14:00",
        "content": "Họp Ban Chỉ đạo chuyển đổi số xã", "presiding": "Ông Vũ Quang Sáng, Phó Chủ tịch UBND xã",
        "attendees": "Thành viên Ban Chỉ đạo", "place": "Phòng họp UBND xã", "preparing": "Văn phòng - Thống kê",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def post_form(client, url: str, values: dict):
    """Submit the schedule form at ``url`` with the token from that page."""
    token = csrf_from(text(client.get(url)))
    return client.post(url, data=dict(values, csrf_token=token))


def create_item(client, **overrides) -> int:
    r = post_form(client, NEW, item_values(**overrides))
    assert r.status_code == 302, field_errors_of(r)
    match = re.fullmatch(r"/quan-tri/lich-cong-tac/(\d+)", urlsplit(r.headers["Location"]).path)
    assert match
    return int(match.group(1))


def day_block(html: str, iso_day: str) -> tuple[str, str] | None:
    """Return (classes, inner HTML) of the table body of one day, or None when the day is not shown."""
    m = re.search(rf'<tbody class="([^"]*)" id="ngay-{iso_day}">(.*?)</tbody>', html, re.S)
    return (m.group(1), m.group(2)) if m else None


def flashes(html: str) -> str:
    m = re.search(r'<div class="flashes" role="status">(.*?)</div>', html, re.S)
    return htmllib.unescape(m.group(1)) if m else ""


# ---------------------------------------------------------------- the week page
def test_item_from_the_editor_shows_on_its_day_and_today_is_highlighted(client, auth, data_dir):
    wednesday = create_item(client)
    monday = create_item(client, date="2024-02-05", session="sang", time="07:30", content="Giao ban UBND xã",
                         recurring="y")
    stored = fresh(Schedule, data_dir).get(wednesday)
    assert {k: stored[k] for k in item_values()} == item_values()
    assert stored["recurring"] is False and fresh(Schedule, data_dir).get(monday)["recurring"] is True

    r = client.get("/lich-cong-tac")
    assert r.status_code == 200
    html = text(r)
    assert html.count("<h1") == 1 and "Lịch công tác tuần" in html
    assert "05/02/2024" in html and "11/02/2024" in html
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert re.findall(r'<th scope="col">(.*?)</th>', head) == HEADERS

    classes, today = day_block(html, "2024-02-07")
    assert "schedule-day--today" in classes
    assert '<th scope="rowgroup"' in today and "Thứ Tư" in today and "07/02/2024" in today
    assert '<span class="visually-hidden"> (Hôm nay)</span>' in today
    cells = [htmllib.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", today, re.S)]
    assert cells[0] == "Chiều" and "14:00" in cells[1]
    assert cells[2:] == ["Họp Ban Chỉ đạo chuyển đổi số xã", "Ông Vũ Quang Sáng, Phó Chủ tịch UBND xã",
                         "Thành viên Ban Chỉ đạo", "Phòng họp UBND xã", "Văn phòng - Thống kê"]

    classes, other = day_block(html, "2024-02-05")
    assert "schedule-day--today" not in classes and "Hôm nay" not in other
    assert "Thứ Hai" in other and "Giao ban UBND xã" in other and "Sáng" in other
    assert html.index('id="ngay-2024-02-05"') < html.index('id="ngay-2024-02-07"')
    assert day_block(html, "2024-02-06") is None  # days without items are not listed


def test_items_of_a_day_are_ordered_by_session_then_time(client, auth):
    create_item(client, date="2024-02-08", session="toi", time="19:30", content="Dự sinh hoạt chi bộ thôn")
    create_item(client, date="2024-02-08", session="sang", time="09:00", content="Làm việc với Hội Nông dân")
    create_item(client, date="2024-02-08", session="sang", time="07:30", content="Tiếp công dân định kỳ")
    create_item(client, date="2024-02-08", session="chieu", time="", content="Kiểm tra đường giao thông")
    _, block = day_block(text(client.get("/lich-cong-tac")), "2024-02-08")
    order = ["Tiếp công dân định kỳ", "Làm việc với Hội Nông dân", "Kiểm tra đường giao thông",
             "Dự sinh hoạt chi bộ thôn"]
    assert [block.index(c) for c in order] == sorted(block.index(c) for c in order)
    assert 'rowspan="4"' in block and block.count("Thứ Năm") == 1


def test_weekdays_are_named_in_vietnamese():
    names = [weekday_name(date(2024, 2, day)) for day in range(5, 12)]
    assert names == ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


@pytest.mark.parametrize("typed_date, typed_time, stored_date, stored_time", [
    ("2024-02-09", "7:30", "2024-02-09", "07:30"),
    ("09/02/2024", "7h30", "2024-02-09", "07:30"),  # an old browser without date and time pickers
    ("9/2/2024", "14h", "2024-02-09", "14:00"),
    ("2024-02-09", "", "2024-02-09", ""),
])
def test_dates_and_times_typed_by_hand_are_understood(client, auth, data_dir, typed_date, typed_time,
                                                      stored_date, stored_time):
    item_id = create_item(client, date=typed_date, time=typed_time)
    stored = fresh(Schedule, data_dir).get(item_id)
    assert (stored["date"], stored["time"]) == (stored_date, stored_time)


def test_previous_and_next_week_navigation(client, auth):
    create_item(client, date="2024-01-31", content="Tổng kết công tác tháng Một")
    create_item(client, date="2024-02-07", content="Họp giao ban tuần này")
    create_item(client, date="2024-02-14", content="Gặp mặt đầu xuân")

    html = text(client.get("/lich-cong-tac"))
    assert "Họp giao ban tuần này" in html
    assert "Tổng kết công tác tháng Một" not in html and "Gặp mặt đầu xuân" not in html
    prev_url = htmllib.unescape(re.search(r'<a href="([^"]+)" rel="prev">« Tuần trước</a>', html).group(1))
    next_url = htmllib.unescape(re.search(r'<a href="([^"]+)" rel="next">Tuần sau »</a>', html).group(1))
    assert parse_qs(urlsplit(prev_url).query) == {"tuan": ["2024-W05"]}
    assert parse_qs(urlsplit(next_url).query) == {"tuan": ["2024-W07"]}
    assert ">Tuần này</a>" not in html  # already on this week

    previous = text(client.get(prev_url))
    assert "Tổng kết công tác tháng Một" in previous and "Họp giao ban tuần này" not in previous
    assert "29/01/2024" in previous and "04/02/2024" in previous
    assert 'class="schedule-day schedule-day--today"' not in previous
    assert 'href="/lich-cong-tac">Tuần này</a>' in previous

    following = text(client.get(next_url))
    assert "Gặp mặt đầu xuân" in following and "Họp giao ban tuần này" not in following
    assert 'rel="prev"' in following and "tuan=2024-W06" in following


def test_week_links_cross_the_year_boundary(client):
    html = text(client.get("/lich-cong-tac?tuan=2025-W01"))  # 30/12/2024 – 05/01/2025
    assert "30/12/2024" in html and "05/01/2025" in html
    assert "tuan=2024-W52" in html and "tuan=2025-W02" in html
    assert client.get("/lich-cong-tac?tuan=2020-W53").status_code == 200  # 2020 had 53 ISO weeks


@pytest.mark.parametrize("value", ["garbage", "2024-W99", "2024-W00", "2021-W53", "2024-W6x", "2024W06",
                                   "2024-06", "0000-W01", "99999-W01", "9999-W52", "２０２４-W06", "2024-W06\n",
                                   "2024-W06' or 1=1"])
@pytest.mark.parametrize("path", ["/lich-cong-tac", "/lich-cong-tac/in"])
def test_a_bad_week_is_404_never_500(client, path, value):
    r = client.get(path, query_string={"tuan": value})
    assert r.status_code == 404
    assert "Không tìm thấy trang" in text(r)


def test_an_empty_week_says_so(client, auth):
    create_item(client)
    html = text(client.get("/lich-cong-tac?tuan=2030-W10"))
    assert "Chưa có lịch công tác trong tuần này." in html
    assert '<table class="schedule-table"' not in html


def test_print_page_has_the_week_and_no_menus(client, auth):
    create_item(client)
    week_page = text(client.get("/lich-cong-tac"))
    link = re.search(r'<a href="([^"]+)">In lịch', week_page)
    assert link and htmllib.unescape(link.group(1)) == "/lich-cong-tac/in?tuan=2024-W06"

    r = client.get("/lich-cong-tac/in?tuan=2024-W06")
    assert r.status_code == 200
    html = text(r)
    assert "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG" in html
    assert "05/02/2024" in html and "11/02/2024" in html
    assert "Họp Ban Chỉ đạo chuyển đổi số xã" in html
    assert re.findall(r'<th scope="col">(.*?)</th>', html) == HEADERS
    assert html.count("<h1") == 1
    for menu in ('class="main-nav"', 'class="site-footer"', 'role="search"', 'class="sidebar"', "Trang chủ"):
        assert menu not in html
    assert 'href="/static/css/print.css?v=' in html
    assert client.get("/static/css/print.css").status_code == 200
    # The current week is printed without ?tuan= too.
    assert "Họp Ban Chỉ đạo chuyển đổi số xã" in text(client.get("/lich-cong-tac/in"))


def test_week_pages_count_a_visit(client, data_dir):
    from core.counters import Counters

    browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36"}
    client.get("/lich-cong-tac", headers=browser)
    client.get("/lich-cong-tac/in", headers=browser)
    assert Counters(Store(data_dir)).summary()["hits_today"] == 2


# ---------------------------------------------------------------- editor
@pytest.mark.parametrize("overrides, field, message", [
    pytest.param({"content": ""}, "content", "Vui lòng nhập nội dung.", id="empty-content"),
    pytest.param({"content": "   "}, "content", "Vui lòng nhập nội dung.", id="blank-content"),
    pytest.param({"date": "2024-02-30"}, "date", "Ngày không hợp lệ", id="30-february"),
    pytest.param({"date": "31/04/2024"}, "date", "Ngày không hợp lệ", id="31-april"),
    pytest.param({"date": "hôm nay"}, "date", "Ngày không hợp lệ", id="words"),
    pytest.param({"date": ""}, "date", "Vui lòng nhập ngày.", id="empty-date"),
    pytest.param({"time": "25:99"}, "time", "Giờ không hợp lệ", id="25:99"),
    pytest.param({"time": "sáng sớm"}, "time", "Giờ không hợp lệ", id="words-time"),
    pytest.param({"session": "dem"}, "session", "Lựa chọn không hợp lệ.", id="unknown-session"),
    pytest.param({"content": "x" * 1001}, "content", "Không được dài quá 1000 ký tự.", id="content-too-long"),
])
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(client, auth, data_dir, overrides, field,
                                                                  message):
    values = item_values(presiding="Chủ tịch UBND xã đang gõ dở", **overrides)
    r = post_form(client, NEW, values)
    assert r.status_code == 200
    html = text(r)
    error = field_error(html, field)
    assert error is not None and message in error, field_errors_of(r)
    assert "Chưa lưu được" in html
    assert 'value="Chủ tịch UBND xã đang gõ dở"' in html  # what the editor typed is kept
    assert fresh(Schedule, data_dir).all() == [] and fresh(Schedule, data_dir).all(trashed=True) == []


def test_edit_trash_and_restore_an_item(client, auth, data_dir):
    item_id = create_item(client)
    url = f"/quan-tri/lich-cong-tac/{item_id}"
    form = text(client.get(url))
    assert 'value="2024-02-07"' in form and "Họp Ban Chỉ đạo chuyển đổi số xã</textarea>" in form
    assert 'href="/lich-cong-tac?tuan=2024-W06"' in form  # "Xem trên trang"
    r = post_form(client, url, item_values(content="Họp Ban Chỉ đạo (đã dời giờ)", time="15:30"))
    assert r.status_code == 302
    stored = fresh(Schedule, data_dir).get(item_id)
    assert stored["content"] == "Họp Ban Chỉ đạo (đã dời giờ)" and stored["time"] == "15:30"

    assert post_button(client, f"{url}/xoa").status_code == 302
    assert fresh(Schedule, data_dir).get(item_id)["trashed_at"]
    assert "Họp Ban Chỉ đạo" not in text(client.get("/lich-cong-tac"))
    assert "Họp Ban Chỉ đạo" in text(client.get("/quan-tri/lich-cong-tac?thung_rac=1"))
    assert post_button(client, f"{url}/khoi-phuc").status_code == 302
    assert not fresh(Schedule, data_dir).get(item_id)["trashed_at"]
    assert "Họp Ban Chỉ đạo (đã dời giờ)" in text(client.get("/lich-cong-tac"))


def test_editor_list_is_ordered_by_date_newest_first(client, auth):
    create_item(client, date="2024-02-05", content="Mục ngày năm")
    create_item(client, date="2024-02-09", content="Mục ngày chín")
    create_item(client, date="2024-01-29", content="Mục ngày hai mươi chín")
    html = text(client.get("/quan-tri/lich-cong-tac"))
    positions = [html.index(c) for c in ("Mục ngày chín", "Mục ngày năm", "Mục ngày hai mươi chín")]
    assert positions == sorted(positions)
    assert "Thứ Sáu, 09/02/2024" in html
    assert f'href="{COPY}"' in html  # the copy action is reachable from the list


def test_new_item_form_starts_on_today_or_the_given_day(client, auth):
    def date_input(html: str) -> str:
        return re.search(r'<input [^>]*name="date"[^>]*>', html).group(0)

    assert 'value="2024-02-07"' in date_input(text(client.get(NEW)))
    assert 'type="date"' in date_input(text(client.get(NEW)))
    assert 'value="2024-02-10"' in date_input(text(client.get(NEW + "?ngay=2024-02-10")))
    assert 'value="2024-02-07"' in date_input(text(client.get(NEW + "?ngay=khong-phai-ngay")))


# ---------------------------------------------------------------- copying recurring items
def test_copy_recurring_copies_exactly_the_recurring_items_once(client, auth, data_dir):
    create_item(client, date="2024-01-29", session="sang", time="07:30", content="Giao ban UBND xã", recurring="y")
    create_item(client, date="2024-02-01", session="sang", time="07:30", content="Tiếp công dân định kỳ",
                presiding="Chủ tịch UBND xã", recurring="y")
    create_item(client, date="2024-01-30", content="Hội nghị một lần")  # not recurring
    create_item(client, date="2024-01-22", content="Giao ban hai tuần trước", recurring="y")  # not last week
    trashed = create_item(client, date="2024-01-31", content="Định kỳ đã xóa", recurring="y")
    post_button(client, f"/quan-tri/lich-cong-tac/{trashed}/xoa")

    preview = text(client.get(COPY))
    assert "Giao ban UBND xã" in preview and "Tiếp công dân định kỳ" in preview
    assert "Hội nghị một lần" not in preview and "Định kỳ đã xóa" not in preview
    assert "Sao chép 2 mục sang tuần này" in preview

    r = post_button(client, COPY, COPY)
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/quan-tri/lich-cong-tac"
    assert "Đã sao chép 2 mục" in flashes(text(client.get("/quan-tri/lich-cong-tac")))
    week = fresh(Schedule, data_dir).week(MONDAY)
    copied = [(d["date"].isoformat(), i["session"], i["time"], i["content"], i["recurring"])
              for d in week for i in d["items"]]
    assert copied == [("2024-02-05", "sang", "07:30", "Giao ban UBND xã", True),
                      ("2024-02-08", "sang", "07:30", "Tiếp công dân định kỳ", True)]
    assert fresh(Schedule, data_dir).week(MONDAY)[1]["items"][0]["presiding"] == "Chủ tịch UBND xã"
    html = text(client.get("/lich-cong-tac"))
    assert "Giao ban UBND xã" in day_block(html, "2024-02-05")[1]
    assert "Tiếp công dân định kỳ" in day_block(html, "2024-02-08")[1]

    # Twice does not duplicate.
    total = len(fresh(Schedule, data_dir).all())
    r = post_button(client, COPY, "/quan-tri/lich-cong-tac")
    assert r.status_code == 302
    assert "Không có mục nào cần sao chép" in flashes(text(client.get("/quan-tri/lich-cong-tac")))
    assert len(fresh(Schedule, data_dir).all()) == total
    assert "Đã có trong tuần này" in text(client.get(COPY))


def test_copy_skips_an_item_already_entered_by_hand_and_a_trashed_copy(client, auth, data_dir):
    create_item(client, date="2024-01-29", session="sang", time="07:30", content="Giao ban UBND xã", recurring="y")
    create_item(client, date="2024-02-01", session="sang", time="07:30", content="Tiếp công dân định kỳ",
                recurring="y")
    create_item(client, date="2024-02-05", session="sang", time="07:30", content="Giao ban UBND xã")  # by hand
    post_button(client, COPY, COPY)
    assert len(fresh(Schedule, data_dir).week(MONDAY)) == 2  # Monday (by hand) and Thursday (copied)
    thursday_copy = next(i for i in fresh(Schedule, data_dir).all() if i["date"] == "2024-02-08")
    post_button(client, f"/quan-tri/lich-cong-tac/{thursday_copy['id']}/xoa")
    post_button(client, COPY, "/quan-tri/lich-cong-tac")
    assert [i["date"] for i in fresh(Schedule, data_dir).all()] == ["2024-02-05", "2024-02-01", "2024-01-29"]


def test_copy_with_nothing_to_copy_says_so(client, auth, data_dir):
    assert "Tuần trước không có mục lịch định kỳ nào." in text(client.get(COPY))
    post_button(client, COPY)
    assert "Không có mục nào cần sao chép" in flashes(text(client.get("/quan-tri/lich-cong-tac")))
    assert not (data_dir / "schedule.json").exists()


# ---------------------------------------------------------------- demo data and access
def test_seed_demo_fills_this_and_last_week_once(app, data_dir):
    services = app.extensions["trangxa"]
    assert seed_schedule(services.schedule) > 0
    schedule = fresh(Schedule, data_dir)
    this_week = {i["content"]: d["weekday"] for d in schedule.week(MONDAY) for i in d["items"]}
    last_week = {i["content"]: d["weekday"] for d in schedule.week(date(2024, 1, 29))
                 for i in d["items"]}
    assert this_week["Giao ban UBND xã"] == "Thứ Hai" and this_week["Tiếp công dân định kỳ"] == "Thứ Năm"
    assert last_week["Giao ban UBND xã"] == "Thứ Hai" and last_week["Tiếp công dân định kỳ"] == "Thứ Năm"
    assert schedule.copy_recurring() == 0  # the seeded copies count as copied
    count = len(schedule.all())
    assert seed_schedule(services.schedule) == 0 and len(fresh(Schedule, data_dir).all()) == count


@pytest.mark.parametrize("url", ["/quan-tri/lich-cong-tac", NEW, "/quan-tri/lich-cong-tac/1", COPY])
def test_editor_urls_redirect_to_login_when_logged_out(client, url):
    r = client.get(url)
    assert r.status_code == 302
    location = urlsplit(r.headers["Location"])
    assert location.path == "/dang-nhap" and parse_qs(location.query)["next"] == [url]


@pytest.mark.parametrize("url", [COPY, "/quan-tri/lich-cong-tac/1/xoa", "/quan-tri/lich-cong-tac/1/khoi-phuc"])
def test_editor_actions_redirect_to_login_when_logged_out(client, data_dir, url):
    Schedule(Store(data_dir)).save(item_values(recurring=True, date="2024-01-29"))
    token = csrf_from(text(client.get("/dang-nhap")))
    r = client.post(url, data={"csrf_token": token})
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dang-nhap"
    assert [i["date"] for i in fresh(Schedule, data_dir).all()] == ["2024-01-29"]
    assert not fresh(Schedule, data_dir).get(1)["trashed_at"]

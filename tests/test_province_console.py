"""The province console: its two roles, its accounts page, and the province-wide report downloaded from it."""
from __future__ import annotations

import io
import re

from conftest import PASSWORD, csrf_from
from core import timeutil
from core.qa import Questions
from core.store import Store
from test_province import A, B, get, make, province
from test_province_isolation import UA, UA_PHONE, publish
from test_words import BAD_DATETIME, BAD_WORDS, _visible

CONSOLE = "quantri.hungyen.gov.vn"
BASE = f"https://{CONSOLE}"


def console_user(app, username: str, *extra: str) -> str:
    r = app.test_cli_runner().invoke(args=["site", "console-user", username, *extra],
                                     input=f"{PASSWORD}\n{PASSWORD}\n")
    assert r.exit_code == 0, r.output
    return r.output


def post(client, path: str, data: dict, **kw):
    return client.post(path, base_url=BASE, headers={"Referer": BASE + "/"}, data=data, **kw)


def page(client, path: str = "/tinh/") -> str:
    return client.get(path, base_url=BASE).get_data(as_text=True)


def logged_in(app, username: str):
    client = app.test_client()
    r = post(client, "/tinh/dang-nhap", {"csrf_token": csrf_from(page(client, "/tinh/dang-nhap")),
                                         "username": username, "password": PASSWORD})
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    return client


def test_the_follower_role_sees_and_downloads_but_changes_nothing(sites):
    app = province(sites, SITES_CONSOLE_HOST=CONSOLE)
    make(app, A, "Xã Dương Quang")
    publish(sites, A, "Tin mới của xã")  # the table shows its time
    assert "vai trò Quản trị tỉnh" in console_user(app, "sotinh")  # the first account administers
    assert "vai trò Theo dõi" in console_user(app, "canbo")  # the next ones follow unless told
    assert "vai trò Quản trị tỉnh" in console_user(app, "phogiamdoc", "--role", "quan-tri")
    assert "vai trò Theo dõi" in console_user(app, "canbo2", "--role", "theo-doi")
    admin, viewer = logged_in(app, "sotinh"), logged_in(app, "canbo")
    html = page(admin)
    assert "Tạm dừng</button>" in html and "Tạo trang của xã" in html and 'href="/tinh/tai-khoan"' in html
    html = page(viewer)
    assert "(Theo dõi)" in html and "Trang thông tin điện tử xã Dương Quang" in html and f'href="https://{A}/"' in html
    row = html.split(f'<span class="meta">{A}</span>')[1].split("</tr>")[0]
    assert re.search(r"<td>\d\d:\d\d, \d\d/\d\d/\d{4}</td>", row) and "<td>Chưa có</td>" in row  # updated, no backup
    assert "Tạm dừng</button>" not in html and "Tạo trang của xã" not in html and "/tinh/tai-khoan" not in html
    token = csrf_from(html)
    # Forged posts get a Vietnamese 403 and change nothing.
    for path, data in ((f"/tinh/xa/{A}/tam-dung", {}), ("/tinh/xa-moi", {"host": "xa-moi.hungyen.gov.vn",
                                                                        "name": "Xã Mới"}),
                       ("/tinh/tai-khoan/moi", {"username": "ke-gian", "password": PASSWORD, "role": "admin"})):
        r = post(viewer, path, dict(data, csrf_token=token))
        assert r.status_code == 403 and "Không có quyền truy cập" in r.get_data(as_text=True), path
        assert "Theo dõi" in r.get_data(as_text=True)
    assert viewer.get("/tinh/tai-khoan", base_url=BASE).status_code == 403
    assert get(app.test_client(), A).status_code == 200
    assert not (sites / "xa-moi.hungyen.gov.vn").exists()
    assert "ke-gian" not in page(admin, "/tinh/tai-khoan")
    # The viewer may open the report's form and download it.
    assert viewer.get("/tinh/bao-cao", base_url=BASE).status_code == 200
    r = post(viewer, "/tinh/bao-cao", {"csrf_token": token, "tu": "01/11/2026", "den": "30/11/2026",
                                       "place": "Hưng Yên", "agency": "UBND TỈNH HƯNG YÊN",
                                       "office": "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "tai": "docx"})
    assert r.status_code == 200 and r.data[:2] == b"PK"


def test_the_province_administrator_adds_and_locks_console_accounts(sites):
    app = province(sites, SITES_CONSOLE_HOST=CONSOLE)
    console_user(app, "sotinh")
    admin = logged_in(app, "sotinh")
    html = page(admin, "/tinh/tai-khoan")
    token = csrf_from(html)
    # A bad name keeps what was typed (but not the password) and says why next to the field.
    r = post(admin, "/tinh/tai-khoan/moi", {"csrf_token": token, "username": "Cán Bộ", "display_name": "Lê Thị Theo",
                                           "password": PASSWORD, "role": "viewer"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and 'id="username-loi"' in html and 'value="Lê Thị Theo"' in html
    assert PASSWORD not in html
    r = post(admin, "/tinh/tai-khoan/moi", {"csrf_token": token, "username": "canbo", "display_name": "Lê Thị Theo",
                                           "password": PASSWORD, "role": "viewer"})
    assert r.status_code == 302
    assert "Lê Thị Theo" in page(admin, "/tinh/tai-khoan")
    viewer = logged_in(app, "canbo")
    assert "(Theo dõi)" in page(viewer)
    # Locking the account ends its session at once; the last administrator cannot lock itself.
    uid = int(re.search(r'/tinh/tai-khoan/(\d+)/khoa', page(admin, "/tinh/tai-khoan")).group(1))
    assert post(admin, f"/tinh/tai-khoan/{uid}/khoa", {"csrf_token": token}).status_code == 302
    assert viewer.get("/tinh/", base_url=BASE).status_code == 302
    r = post(admin, "/tinh/tai-khoan/1/khoa", {"csrf_token": token}, follow_redirects=True)
    assert "tài khoản quản trị cuối cùng" in r.get_data(as_text=True)
    assert admin.get("/tinh/", base_url=BASE).status_code == 200


def test_the_report_from_the_console_adds_up_every_commune_as_counted_by_hand(sites):
    import openpyxl

    app = province(sites, SITES_CONSOLE_HOST=CONSOLE)
    make(app, A, "Xã Dương Quang", "--province", "Hưng Yên")
    make(app, B, "Xã Tân Lập", "--province", "Hưng Yên")
    make(app, "xa-nghi.hungyen.gov.vn", "Xã Nghỉ", "--province", "Hưng Yên")
    app.test_cli_runner().invoke(args=["site", "disable", "xa-nghi.hungyen.gov.vn"])  # not in the report
    for when in ("2026-11-03T08:00:00+07:00", "2026-11-10T08:00:00+07:00", "2026-10-20T08:00:00+07:00"):
        _, url_a = publish(sites, A, f"Tin ngày {when[:10]}", publish_at=when)  # the October one is outside
    publish(sites, B, "Tin của Tân Lập", publish_at="2026-11-15T08:00:00+07:00")
    for n in range(2):
        Questions(Store(sites / A)).submit({"name": "Người dân", "topic": "Khác", "question": f"Xin hỏi số {n}?"},
                                           address=f"203.0.113.{n + 1}")
    visitor = app.test_client()
    for ua in (UA, UA_PHONE):  # two visitors of A today, none of B
        assert get(visitor, A, url_a, headers={"User-Agent": ua}).status_code == 200
    console_user(app, "sotinh")
    client = logged_in(app, "sotinh")
    # The form is filled with the quarter so far (or the last quarter) and the communes' province.
    html = page(client, "/tinh/bao-cao")
    assert 'value="Hưng Yên"' in html and 'value="UBND TỈNH HƯNG YÊN"' in html
    lo, hi = re.findall(r'name="(?:tu|den)" type="text" value="([^"]*)"', html)
    assert timeutil.parse_day(lo).day == 1 and timeutil.parse_day(lo) <= timeutil.parse_day(hi)
    token = csrf_from(html)
    # Errors are shown next to their field, and nothing typed is lost.
    r = post(client, "/tinh/bao-cao", {"csrf_token": token, "tu": "31/02/2026", "den": "01/01/2026",
                                       "place": "Phố Hiến", "agency": "UBND TỈNH X", "office": "SỞ Y", "tai": "xlsx"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and 'id="tu-loi"' in html and "không hợp lệ" in html
    assert all(f'value="{v}"' in html for v in ("31/02/2026", "01/01/2026", "Phố Hiến", "UBND TỈNH X", "SỞ Y"))
    r = post(client, "/tinh/bao-cao", {"csrf_token": token, "tu": "05/11/2026", "den": "01/11/2026",
                                       "place": "Hưng Yên", "agency": "UBND", "office": "SỞ", "tai": "xlsx"})
    assert r.status_code == 400 and 'id="den-loi"' in r.get_data(as_text=True)
    assert "Ngày kết thúc phải sau" in r.get_data(as_text=True)
    end = max(timeutil.now().date(), timeutil.parse_day("30/11/2026")).strftime("%d/%m/%Y")
    form = {"csrf_token": token, "tu": "01/11/2026", "den": end, "place": "Hưng Yên",
            "agency": "UBND TỈNH HƯNG YÊN", "office": "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"}
    r = post(client, "/tinh/bao-cao", dict(form, tai="xlsx"))
    assert r.status_code == 200 and r.mimetype.endswith("spreadsheetml.sheet")
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Bao cao tong hop trang cac xa 01-11-2026 den ')
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20h%E1%BB%A3p" in disposition
    sheet = openpyxl.load_workbook(io.BytesIO(r.data))["Tổng hợp"]
    assert sheet["A1"].value == "UBND TỈNH HƯNG YÊN – SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
    rows = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    # By hand: A published 2 in November (1 in October), B 1; A got 2 questions and 2 visitors, B none.
    assert rows["xã Dương Quang"][2:4] == (2, 2) and rows["xã Tân Lập"][2:4] == (1, 0)
    assert rows["xã Dương Quang"][5] == 2 and rows["xã Tân Lập"][5] == 0
    assert "xã Nghỉ" not in rows and rows["Tổng cộng"][2] == "=SUM(C5:C6)"
    r = post(client, "/tinh/bao-cao", dict(form, tai="docx"))
    assert r.status_code == 200 and r.headers["Content-Disposition"].endswith(".docx")
    # The heading is remembered for the next report.
    post(client, "/tinh/bao-cao", dict(form, place="Phố Hiến", tai="docx"))
    assert 'value="Phố Hiến"' in page(client, "/tinh/bao-cao")


def test_no_console_page_has_a_forbidden_word_or_an_old_datetime(sites):
    app = province(sites, SITES_CONSOLE_HOST=CONSOLE)
    make(app, A, "Xã Dương Quang", "--demo")
    console_user(app, "sotinh")
    console_user(app, "canbo")
    scanned = []
    for username in ("sotinh", "canbo"):
        client = logged_in(app, username)
        for rule in app.extensions["trangxa.console"].url_map.iter_rules():
            if "GET" in rule.methods and rule.endpoint != "static" and not rule.arguments:
                r = client.get(rule.rule, base_url=BASE)
                words = _visible(r)
                assert not BAD_WORDS.findall(words) and not BAD_DATETIME.findall(words), (rule.rule, words[:300])
                scanned.append((username, rule.rule, r.status_code))
    assert ("sotinh", "/tinh/tai-khoan", 200) in scanned and ("canbo", "/tinh/tai-khoan", 403) in scanned
    assert ("canbo", "/tinh/bao-cao", 200) in scanned

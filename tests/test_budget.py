"""Công khai ngân sách: the panel's forms with real files and roles, the public list, detail and download, the
missing/late rule on a frozen clock, the dashboard warning, the site map, the API, the search, backups, the demo.

Disclosures are created through the real editor form (multipart, CSRF token from the page); what was stored is
re-read from disk with a fresh Budget service.
"""
from __future__ import annotations

import html as htmllib
import io
import re
import zipfile
from datetime import date
from urllib.parse import urlsplit

import pytest

from conftest import PASSWORD, AuthActions, csrf_from, field_error, fresh, post_button, unescaped, uploads
from core.budget import DEFAULT_DEADLINES, KINDS, LATE, MISSING, Budget, deadline_of
from core.demo import remove_demo
from core.errors import ValidationError
from test_documents import docx_bytes, pdf_bytes

NEW = "/quan-tri/ngan-sach/moi"
DEADLINES = "/quan-tri/ngan-sach/thoi-han"
TITLE = "Công khai dự toán ngân sách xã Dương Quang năm 2025"


def form_data(**overrides) -> dict:
    data = {"year": "2025", "kind": "du-toan", "title": TITLE, "number": "05/QĐ-UBND", "issued_on": "06/01/2025",
            "disclosed_on": "08/01/2025", "note": "Tổng thu ngân sách xã 19.300 triệu đồng."}
    data.update(overrides)
    return data


def create(client, attachment: tuple[bytes, str] | None = None, **overrides):
    """Post the new-disclosure form; return the response."""
    data = form_data(**overrides)
    data["csrf_token"] = csrf_from(client.get(NEW).get_data(as_text=True))
    if attachment is not None:
        data["attachment"] = (io.BytesIO(attachment[0]), attachment[1])
    return client.post(NEW, data=data, content_type="multipart/form-data")


def create_id(client, attachment=None, **overrides) -> int:
    r = create(client, attachment, **overrides)
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    return int(re.search(r"/quan-tri/ngan-sach/(\d+)$", r.headers["Location"]).group(1))


def services(app):
    return app.extensions["trangxa"]


def add(app, **overrides) -> dict:
    """Store a disclosure straight through the core service (for tests about reading)."""
    budget = services(app).budget
    return budget.get(budget.save(form_data(**overrides))["id"])  # as read back: with its slug and names


def listed_titles(html: str) -> list[str]:
    return [htmllib.unescape(t) for t in
            re.findall(r'<th scope="row"><a href="/cong-khai-ngan-sach/[^"]+">([^<]+)</a>', html)]


def login_as(app, client, username: str, role: str) -> None:
    services(app).accounts.create_user(username, PASSWORD, "Người thử", role=role)
    assert AuthActions(app, client).login(username).status_code == 302


# ---------------------------------------------------------------- access and roles
@pytest.mark.parametrize("url", ["/quan-tri/ngan-sach", NEW, "/quan-tri/ngan-sach/1", DEADLINES])
def test_panel_urls_redirect_to_login_when_logged_out(client, url):
    r = client.get(url)
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dang-nhap"


def test_a_contributor_may_not_manage_budget_disclosures_an_editor_may(app, client):
    item = add(app)
    login_as(app, client, "ctv", "contributor")
    for url in ("/quan-tri/ngan-sach", NEW, f"/quan-tri/ngan-sach/{item['id']}", DEADLINES):
        assert client.get(url).status_code == 403, url
    token = csrf_from(client.get("/quan-tri/").get_data(as_text=True))
    assert client.post(f"/quan-tri/ngan-sach/{item['id']}/xoa", data={"csrf_token": token}).status_code == 403
    assert client.post(NEW, data=dict(form_data(), csrf_token=token)).status_code == 403
    assert len(fresh(Budget, app.config["DATA_DIR"]).all()) == 1

    other = app.test_client()
    login_as(app, other, "bientap2", "editor")
    assert other.get("/quan-tri/ngan-sach").status_code == 200
    new_id = create_id(other, title="Công khai quyết toán ngân sách xã năm 2024", kind="quyet-toan",
                       year="2024", issued_on="16/12/2025", disclosed_on="20/12/2025")
    assert fresh(Budget, app.config["DATA_DIR"]).get(new_id)["kind"] == "quyet-toan"
    assert post_button(other, f"/quan-tri/ngan-sach/{new_id}/xoa").status_code == 302


# ---------------------------------------------------------------- create, show, download
def test_create_with_a_pdf_then_public_list_detail_and_download(client, auth, data_dir):
    pdf = pdf_bytes("Cong khai du toan 2025")
    before = uploads(data_dir)
    item_id = create_id(client, (pdf, "Dự toán 2025.pdf"))

    stored = fresh(Budget, data_dir).get(item_id)
    assert (stored["year"], stored["kind"], stored["title"]) == (2025, "du-toan", TITLE)
    assert (stored["number"], stored["issued_on"], stored["disclosed_on"]) == ("05/QĐ-UBND", "2025-01-06",
                                                                                "2025-01-08")
    att = stored["attachment"]
    assert att["type"] == "pdf" and att["original"] == "Dự toán 2025.pdf" and att["size"] == len(pdf)
    assert sorted(set(uploads(data_dir)) - set(before)) == [att["name"]]

    page = client.get("/cong-khai-ngan-sach")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count("<h1") == 1
    assert listed_titles(html) == [TITLE]
    url = f"/cong-khai-ngan-sach/{item_id}-cong-khai-du-toan-ngan-sach-xa-duong-quang-nam-2025"
    assert f'href="{url}"' in html and f'href="/cong-khai-ngan-sach/{item_id}/tai-ve"' in html
    assert "08/01/2025" in html and "Dự toán được giao" in html

    detail = client.get(url)
    text = unescaped(detail)
    assert detail.status_code == 200 and f"<h1>{TITLE}</h1>" in text
    for label, value in [("Năm ngân sách", "2025"), ("Ngày công khai", "08/01/2025"),
                         ("Tệp đính kèm", "Dự toán 2025.pdf")]:
        assert re.search(rf'<th scope="row">{label}</th>\s*<td>(<time[^>]*>)?{re.escape(value)}', text) or \
            re.search(rf'<th scope="row">{label}</th><td>.*?{re.escape(value)}', text), label
    assert "Số 05/QĐ-UBND ngày" in text and "06/01/2025" in text
    assert "Dự toán ngân sách năm 2025 đã được Hội đồng nhân dân xã quyết định" in text
    assert 'data-action="print"' in text and 'class="print-only"' in text  # printable

    r = client.get(f"/cong-khai-ngan-sach/{item_id}/tai-ve")
    assert r.status_code == 200 and r.data == pdf
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["Content-Disposition"].startswith("attachment;")
    # A wrong slug 301s to the canonical address; an unknown id 404s.
    wrong = client.get(f"/cong-khai-ngan-sach/{item_id}-sai")
    assert wrong.status_code == 301 and wrong.headers["Location"].endswith(url)
    assert client.get("/cong-khai-ngan-sach/999").status_code == 404
    assert client.get("/cong-khai-ngan-sach/999/tai-ve").status_code == 404


def test_a_word_file_is_kept_and_typed_by_content_and_an_edit_keeps_the_file(client, auth, data_dir):
    item_id = create_id(client, (docx_bytes(), "Bao cao 6 thang.docx"), kind="6-thang",
                        title="Công khai tình hình thực hiện dự toán 6 tháng đầu năm 2025",
                        issued_on="09/07/2025", disclosed_on="12/07/2025")
    att = fresh(Budget, data_dir).get(item_id)["attachment"]
    assert att["type"] == "docx"
    data = form_data(kind="6-thang", title="Sửa tiêu đề 6 tháng", issued_on="09/07/2025", disclosed_on="12/07/2025")
    data["csrf_token"] = csrf_from(client.get(f"/quan-tri/ngan-sach/{item_id}").get_data(as_text=True))
    r = client.post(f"/quan-tri/ngan-sach/{item_id}", data=data, content_type="multipart/form-data")
    assert r.status_code == 302
    stored = fresh(Budget, data_dir).get(item_id)
    assert stored["title"] == "Sửa tiêu đề 6 tháng" and stored["attachment"] == att


@pytest.mark.parametrize("overrides, field, message", [
    ({"year": "1990"}, "year", "Năm ngân sách phải từ 2000 đến 2100."),
    ({"kind": ""}, "kind", "Vui lòng chọn loại công khai."),
    ({"title": ""}, "title", "Vui lòng nhập tiêu đề."),
    ({"disclosed_on": "31/02/2025"}, "disclosed_on", "Ngày công khai không hợp lệ"),
    ({"disclosed_on": "01/01/2025"}, "disclosed_on", "Ngày công khai không thể trước ngày ký văn bản."),
])
def test_bad_fields_are_refused_and_the_file_not_stored(client, auth, data_dir, overrides, field, message):
    before = uploads(data_dir)
    r = create(client, (pdf_bytes(), "x.pdf"), **overrides)
    assert r.status_code == 200
    assert message in (field_error(r.get_data(as_text=True), field) or "")
    assert fresh(Budget, data_dir).all() == [] and uploads(data_dir) == before


def test_a_file_that_is_not_a_document_is_refused(client, auth, data_dir):
    r = create(client, (b"<html>not a pdf</html>", "du-toan.pdf"))
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "attachment")
    assert fresh(Budget, data_dir).all() == []


# ---------------------------------------------------------------- filters, trash, audit
def test_public_filters_by_year_and_kind(app, client):
    add(app, title="Dự toán 2024", year="2024", issued_on="05/01/2024", disclosed_on="08/01/2024")
    add(app, title="Quý I 2024", year="2024", kind="quy-1", issued_on="08/04/2024", disclosed_on="10/04/2024")
    add(app, title="Dự toán 2025")
    assert listed_titles(client.get("/cong-khai-ngan-sach").get_data(as_text=True)) == [
        "Dự toán 2025", "Quý I 2024", "Dự toán 2024"]
    assert listed_titles(client.get("/cong-khai-ngan-sach?nam=2024").get_data(as_text=True)) == [
        "Quý I 2024", "Dự toán 2024"]
    assert listed_titles(client.get("/cong-khai-ngan-sach?loai=du-toan").get_data(as_text=True)) == [
        "Dự toán 2025", "Dự toán 2024"]
    page = client.get("/cong-khai-ngan-sach?nam=2024&loai=quy-1").get_data(as_text=True)
    assert listed_titles(page) == ["Quý I 2024"]
    assert '<option value="2024" selected>' in page and '<option value="quy-1" selected>' in page
    # Nonsense filters are ignored, an empty page beyond the last 404s.
    assert len(listed_titles(client.get("/cong-khai-ngan-sach?nam=abc&loai=x").get_data(as_text=True))) == 3
    assert "Không tìm thấy" in unescaped(client.get("/cong-khai-ngan-sach?nam=2020"))
    assert client.get("/cong-khai-ngan-sach?trang=5").status_code == 404


def test_trash_hides_everywhere_restore_brings_back_and_the_audit_tells_it(app, client, auth, data_dir):
    item_id = create_id(client, (pdf_bytes(), "dt.pdf"))
    url = f"/cong-khai-ngan-sach/{item_id}"
    assert post_button(client, f"/quan-tri/ngan-sach/{item_id}/xoa").status_code == 302
    assert fresh(Budget, data_dir).get(item_id)["trashed_at"]
    assert client.get(url).status_code == 404 and client.get(f"{url}/tai-ve").status_code == 404
    assert listed_titles(client.get("/cong-khai-ngan-sach").get_data(as_text=True)) == []
    assert client.get("/api/v1/budget").get_json()["total"] == 0
    assert "dự toán ngân sách" not in unescaped(client.get("/tim-kiem?q=du+toan+ngan+sach")).casefold()
    assert TITLE in unescaped(client.get("/quan-tri/ngan-sach?thung_rac=1"))
    assert post_button(client, f"/quan-tri/ngan-sach/{item_id}/khoi-phuc").status_code == 302
    assert client.get(url).status_code == 301
    log = unescaped(client.get("/quan-tri/nhat-ky"))
    assert "Thêm tài liệu công khai ngân sách mới" in log  # its id is not known before it is saved
    for verb in ("Chuyển vào thùng rác", "Khôi phục"):
        assert re.search(rf'{verb} tài liệu công khai ngân sách <a href="/quan-tri/ngan-sach/{item_id}">«{TITLE}»',
                         log), verb


# ---------------------------------------------------------------- the missing/late rule
def test_default_deadlines_follow_the_circular():
    assert deadline_of(DEFAULT_DEADLINES["du-toan"], 2025) == date(2025, 1, 31)
    assert deadline_of(DEFAULT_DEADLINES["quy-1"], 2025) == date(2025, 4, 15)
    assert deadline_of(DEFAULT_DEADLINES["6-thang"], 2025) == date(2025, 7, 15)
    assert deadline_of(DEFAULT_DEADLINES["9-thang"], 2025) == date(2025, 10, 15)
    assert deadline_of(DEFAULT_DEADLINES["ca-nam"], 2025) == date(2026, 1, 15)
    assert deadline_of(DEFAULT_DEADLINES["quyet-toan"], 2025) == date(2026, 12, 31)
    assert DEFAULT_DEADLINES["du-toan-trinh"] is None
    assert deadline_of((29, 2, 0), 2025) == date(2025, 2, 28)


def test_missing_and_late_disclosures_on_a_frozen_clock(app, set_now):
    budget = services(app).budget
    set_now(2025, 1, 31, 23, 0)  # the last day for the estimate: not missing yet
    assert budget.overdue(2025, date(2025, 1, 31)) == []
    set_now(2025, 4, 16, 8, 0)
    due = budget.overdue(2025, date(2025, 4, 16))
    assert [(d["kind"], d["status"], d["deadline"]) for d in due] == [
        ("du-toan", MISSING, date(2025, 1, 31)), ("quy-1", MISSING, date(2025, 4, 15))]
    assert due[0]["label"] == ("Công khai dự toán ngân sách năm 2025 đã được Hội đồng nhân dân xã quyết định")
    add(app, disclosed_on="08/01/2025")  # on time
    add(app, kind="quy-1", title="Quý I 2025", issued_on="16/04/2025", disclosed_on="16/04/2025")  # one day late
    due = budget.overdue(2025, date(2025, 4, 16))
    assert [(d["kind"], d["status"]) for d in due] == [("quy-1", LATE)]
    assert due[0]["item"]["title"] == "Quý I 2025"
    # A trashed disclosure does not count; the year's execution of 2025 falls due in 2026.
    budget.trash(due[0]["item"]["id"])
    assert [d["status"] for d in budget.overdue(2025, date(2025, 4, 16))] == [MISSING]
    kinds = [d["kind"] for d in budget.overdue(2025, date(2026, 1, 16))]
    assert kinds == ["quy-1", "6-thang", "9-thang", "ca-nam"]
    assert "quyet-toan" in [d["kind"] for d in budget.overdue(2025, date(2027, 1, 1))]


def test_deadlines_are_settings_editable_in_the_panel(app, client, auth, data_dir):
    page = unescaped(client.get(DEADLINES))
    assert 'value="31/01"' in page and 'value="15/04"' in page and "Thông tư 343/2016/TT-BTC" in page
    token = csrf_from(page)
    data = {"csrf_token": token}
    for kind, rule in DEFAULT_DEADLINES.items():
        field = "han_" + kind.replace("-", "_")
        data[field] = f"{rule[0]}/{rule[1]}" if rule else ""
        data[field + "_nam"] = str(rule[2]) if rule else "0"
    data.update({"han_du_toan": "15/02", "han_quy_1": "", "han_du_toan_trinh": "20/12", "han_du_toan_trinh_nam": "-1"})
    r = client.post(DEADLINES, data=data)
    assert r.status_code == 302
    rules = fresh(Budget, data_dir).deadlines()
    assert rules["du-toan"] == (15, 2, 0) and rules["quy-1"] is None and rules["du-toan-trinh"] == (20, 12, -1)
    assert rules["ca-nam"] == (15, 1, 1)
    assert "Sửa thời hạn công khai ngân sách" in unescaped(client.get("/quan-tri/nhat-ky"))
    due = services(app).budget.overdue(2025, date(2025, 5, 1))
    assert [d["kind"] for d in due] == ["du-toan-trinh", "du-toan"]
    assert due[0]["deadline"] == date(2024, 12, 20)
    r = client.post(DEADLINES, data=dict(data, csrf_token=token, han_du_toan="31/02"))
    assert r.status_code == 200
    assert "Thời hạn không hợp lệ" in (field_error(r.get_data(as_text=True), "han_du_toan") or "")
    assert fresh(Budget, data_dir).deadlines()["du-toan"] == (15, 2, 0)
    with pytest.raises(ValidationError):
        services(app).budget.save_deadlines({"du-toan": "1/13"})


def test_the_dashboard_warns_of_missing_and_late_disclosures(app, client, auth, set_now):
    set_now(2025, 1, 10, 9, 0)
    assert "budget-due" not in client.get("/quan-tri/").get_data(as_text=True)
    set_now(2025, 4, 20, 9, 0)
    add(app, year="2024", kind="ca-nam", title="Thực hiện năm 2024", issued_on="20/01/2025",
        disclosed_on="20/01/2025")
    page = unescaped(client.get("/quan-tri/"))
    assert "Công khai ngân sách còn thiếu hoặc chậm" in page
    assert ("Công khai dự toán ngân sách năm 2025 đã được Hội đồng nhân dân xã quyết định: chưa công khai, "
            "hạn 31/01/2025.") in page
    assert "Công khai tình hình thực hiện dự toán ngân sách quý I năm 2025: chưa công khai, hạn 15/04/2025." in page
    assert "Công khai tình hình thực hiện dự toán ngân sách năm 2024</a>: công khai muộn ngày 20/01/2025, " \
           "hạn 15/01/2025." in page
    # Only what falls due this calendar year: last year's quarters are not repeated forever.
    assert "quý I năm 2024" not in page
    set_now(2026, 1, 20, 9, 0)
    page = unescaped(client.get("/quan-tri/"))
    assert "Công khai tình hình thực hiện dự toán ngân sách năm 2025: chưa công khai, hạn 15/01/2026." in page
    assert "quý I năm 2025" not in page
    # A contributor's dashboard does not show it (the pages it links to are closed to them).
    other = app.test_client()
    login_as(app, other, "ctv", "contributor")
    assert "budget-due" not in other.get("/quan-tri/").get_data(as_text=True)


# ---------------------------------------------------------------- site map, API, search
def test_site_maps_list_the_budget_pages(app, client):
    item = add(app)
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert "http://localhost/cong-khai-ngan-sach</loc>" in xml
    assert f"http://localhost/cong-khai-ngan-sach/{item['id']}-{item['slug']}</loc>" in xml
    html = unescaped(client.get("/so-do-cong"))
    assert '<a href="/cong-khai-ngan-sach">Công khai ngân sách</a>' in html
    assert '<a href="/cong-khai-ngan-sach">Công khai ngân sách</a>' in unescaped(client.get("/"))  # the menu


def test_the_api_lists_disclosures_like_the_documents(app, client):
    add(app, year="2024", title="Dự toán 2024", issued_on="05/01/2024", disclosed_on="08/01/2024")
    item = add(app)
    body = client.get("/api/v1/budget").get_json()
    assert set(body) == {"items", "total", "page", "per_page"} and body["total"] == 2
    first = body["items"][0]
    assert first["id"] == item["id"] and first["year"] == 2025 and first["kind"] == "du-toan"
    assert first["kind_name"] == "Dự toán được giao" and first["number"] == "05/QĐ-UBND"
    assert first["disclosed_on"] == "2025-01-08" and first["file"] is None
    assert first["url"].endswith(f"/cong-khai-ngan-sach/{item['id']}-{item['slug']}")
    assert [i["title"] for i in client.get("/api/v1/budget?nam=2024").get_json()["items"]] == ["Dự toán 2024"]
    assert client.get("/api/v1/budget?loai=quy-1").get_json()["total"] == 0
    assert client.get("/api/v1/budget?nam=20x4").status_code == 400
    assert client.get("/api/v1/budget?loai=khac").status_code == 400
    assert client.get("/api/v1/budget?trang=0").status_code == 400
    assert client.get("/api/v1/").get_json()["resources"]["budget"].endswith("/api/v1/budget")
    assert client.get("/api/v1/budget").headers["Access-Control-Allow-Origin"] == "*"


def test_the_site_search_finds_disclosures(app, client):
    item = add(app, note="Tổng thu ngân sách xã 19.300 triệu đồng, niêm yết tại trụ sở UBND xã.")
    page = unescaped(client.get("/tim-kiem?q=du+toan+ngan+sach"))
    assert f'href="/cong-khai-ngan-sach/{item["id"]}-{item["slug"]}"' in page
    assert "Công khai ngân sách · Dự toán được giao" in page and "Ngày công khai" in page
    only = unescaped(client.get("/tim-kiem?q=niem+yet&loai=ngan-sach"))
    assert f'href="/cong-khai-ngan-sach/{item["id"]}-{item["slug"]}"' in only


# ---------------------------------------------------------------- backup, mirror, demo
def test_backup_round_trip_brings_back_disclosures_and_their_files(app, client, auth, data_dir):
    pdf = pdf_bytes("Cong khai")
    item_id = create_id(client, (pdf, "dt.pdf"))
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    backup = client.post("/quan-tri/sao-luu/tai-ve", data={"csrf_token": token}).data
    names = zipfile.ZipFile(io.BytesIO(backup)).namelist()
    att = fresh(Budget, data_dir).get(item_id)["attachment"]
    assert "budget.json" in names and f"uploads/{att['name']}" in names

    post_button(client, f"/quan-tri/ngan-sach/{item_id}/xoa")
    services(app).budget.save(form_data(title="Viết sau khi sao lưu"))
    (data_dir / "uploads" / att["name"]).unlink()
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    r = client.post("/quan-tri/sao-luu/khoi-phuc", data={"csrf_token": token,
                                                        "archive": (io.BytesIO(backup), "sao-luu.zip")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    assert [i["title"] for i in fresh(Budget, data_dir).all()] == [TITLE]
    assert client.get(f"/cong-khai-ngan-sach/{item_id}/tai-ve").data == pdf


def test_the_static_mirror_holds_the_budget_pages_and_files(app, tmp_path):
    pdf = pdf_bytes("Mirror")
    item = add(app)
    client = app.test_client()
    AuthActions(app, client).create()
    AuthActions(app, client).login()
    item_id = create_id(client, (pdf, "qt.pdf"), kind="quyet-toan", year="2024", title="Quyết toán 2024",
                        issued_on="16/12/2025", disclosed_on="20/12/2025")
    out = tmp_path / "mirror"
    result = app.test_cli_runner().invoke(args=["export-static", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "cong-khai-ngan-sach" / "index.html").is_file()
    assert (out / "cong-khai-ngan-sach" / f"{item['id']}-{item['slug']}" / "index.html").is_file()
    assert (out / "cong-khai-ngan-sach" / str(item_id) / "tai-ve").read_bytes() == pdf


def test_the_demo_has_three_years_of_disclosures_with_pdfs_and_removing_it_takes_them(demo_app, data_dir):
    budget = services(demo_app).budget
    items = budget.all()
    assert budget.years() == [2025, 2024, 2023]
    for year in (2023, 2024, 2025):
        kinds = {i["kind"] for i in items if i["year"] == year}
        assert kinds >= {"du-toan", "quy-1", "6-thang", "9-thang", "ca-nam"}, year
    assert {i["year"] for i in items if i["kind"] == "quyet-toan"} == {2023, 2024}
    # Every demo disclosure was made on time under the default deadlines.
    assert [d for y in (2023, 2024, 2025) for d in budget.overdue(y, date(2026, 6, 1))] == []
    client = demo_app.test_client()
    for item in items:
        assert item["attachment"] and item["number"].endswith("/QĐ-UBND")
        r = client.get(f"/cong-khai-ngan-sach/{item['id']}/tai-ve")
        assert r.status_code == 200 and r.data.startswith(b"%PDF-") and r.data.rstrip().endswith(b"%%EOF")
    assert all(k in KINDS for k in {i["kind"] for i in items})
    remove_demo(services(demo_app), backup=None)
    assert fresh(Budget, data_dir).all() == [] and fresh(Budget, data_dir).all(trashed=True) == []
    assert not any(i["attachment"]["name"] in uploads(data_dir) for i in items)

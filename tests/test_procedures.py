"""Thủ tục hành chính and Dịch vụ công: the public pages, the panel with its roles, the import from the province's file.

Procedures are created through the real editor form and the real import (multipart, CSRF token from the page);
what was stored is re-read from disk with a fresh Procedures service.
"""
from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from openpyxl import Workbook

from conftest import PASSWORD, csrf_from, field_error, fresh, unescaped
from core.demo import demo_counts, remove_demo
from core.errors import ValidationError
from core.procedure_import import header_field
from core.procedures import Procedures
from core.store import Store, restore_backup, write_backup

PANEL = "/quan-tri/thu-tuc-hanh-chinh"
IMPORT = f"{PANEL}/nhap"
APPLY = f"{IMPORT}/ap-dung"
KHAI_SINH = {"code": "1.001193", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "service_level": "Toàn trình",
             "duration": "Ngay trong ngày", "fees": "Miễn lệ phí",
             "documents": "Tờ khai đăng ký khai sinh\nGiấy chứng sinh",
             "legal_basis": "Luật Hộ tịch năm 2014\nNghị định số 123/2015/NĐ-CP",
             "portal_url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193"}
CHUNG_THUC = {"code": "2.000815", "name": "Chứng thực bản sao từ bản chính", "field": "Chứng thực",
              "service_level": "Một phần", "fees": "2.000 đồng/trang"}
HOA_GIAI = {"code": "1.003554", "name": "Hòa giải tranh chấp đất đai", "field": "Đất đai",
            "service_level": "Cung cấp thông tin"}


def _procedures(app) -> Procedures:
    return app.extensions["trangxa"].procedures


@pytest.fixture
def listed(app):
    """Return three procedures saved through the service (hộ tịch, chứng thực, đất đai)."""
    return [_procedures(app).save(dict(values)) for values in (KHAI_SINH, CHUNG_THUC, HOA_GIAI)]


def _form(client, url: str, **values):
    token = csrf_from(client.get(url).get_data(as_text=True))
    data = {"csrf_token": token, "level": "", "service_level": "", "duration": "", "fees": "", "documents": "",
            "legal_basis": "", "place": "", "portal_url": "", "submit_url": "", "code": ""}
    data.update(values)
    return client.post(url, data=data)


def _upload(client, data: bytes, name: str):
    token = csrf_from(client.get(IMPORT).get_data(as_text=True))
    return client.post(IMPORT, data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _confirm(client, preview) -> object:
    html = preview.get_data(as_text=True)
    rows = re.search(r'<input id="rows" name="rows" type="hidden" value="([^"]*)"', html)
    assert rows, "the preview should carry the rows to confirm"
    import html as htmllib
    return client.post(APPLY, data={"csrf_token": csrf_from(html), "rows": htmllib.unescape(rows.group(1))},
                       follow_redirects=True)


def _csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    import csv
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


# A province's export: a title line, a blank line, then headers written their own way.
PROVINCE_ROWS = [
    ["DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ", "", "", "", "", "", ""],
    ["", "", "", "", "", "", ""],
    ["STT", "MÃ THỦ TỤC", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện/Mức độ", "Phi/le phi", "Link DVC"],
    ["1", "1.001193", "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", "Miễn lệ phí", KHAI_SINH["portal_url"]],
    ["2", "2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", "Cấp xã",
     "2.000 đồng/trang; tối đa 200.000 đồng", ""],
    ["3", "1.000894", "Đăng ký kết hôn", "Hộ tịch", "Cấp xã", "Miễn lệ phí", ""],
]


# ---------------------------------------------------------------- public pages
def test_public_list_detail_and_services_page(client, listed):
    page = unescaped(client.get("/thu-tuc-hanh-chinh"))
    assert "Có 3 thủ tục" in page
    # Ordered by field then name, diacritics ignored: Chứng thực, Đất đai, Hộ tịch.
    assert page.index("Chứng thực bản sao") < page.index("Hòa giải tranh chấp") < page.index("Đăng ký khai sinh")
    assert 'href="https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html"' in page  # tra cứu hồ sơ
    item = listed[0]
    detail = client.get(f"/thu-tuc-hanh-chinh/{item['id']}-dang-ky-khai-sinh")
    html = unescaped(detail)
    assert detail.status_code == 200
    for text in ("<h1>Đăng ký khai sinh</h1>", "1.001193", "Toàn trình", "<li>Tờ khai đăng ký khai sinh</li>",
                 "<li>Giấy chứng sinh</li>", "<li>Nghị định số 123/2015/NĐ-CP</li>", KHAI_SINH["portal_url"],
                 "Nộp hồ sơ trực tuyến", "Tra cứu hồ sơ", "Cấp xã"):
        assert text in html, text
    # Printable: the print button (shown by site.js), the source line only on paper, the print rules.
    assert 'data-action="print">In thủ tục</button>' in html and 'class="print-only"' in html
    services = unescaped(client.get("/dich-vu-cong"))
    assert "Cổng Dịch vụ công quốc gia" in services and "Tra cứu hồ sơ" in services
    assert services.index(">Chứng thực<") < services.index(">Đất đai<") < services.index(">Hộ tịch<")
    assert 'href="/thu-tuc-hanh-chinh?linh_vuc=H%E1%BB%99+t%E1%BB%8Bch"' in services and "Tra cứu 3 thủ tục" in services


def test_the_portal_links_come_from_the_settings(data_dir):
    from app import create_app
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True,
                      "DVC_LOOKUP_URL": "https://dichvucong.hungyen.gov.vn/tra-cuu",
                      "DVC_PORTAL_URL": "https://dichvucong.hungyen.gov.vn/"})
    page = unescaped(app.test_client().get("/dich-vu-cong"))
    assert 'href="https://dichvucong.hungyen.gov.vn/tra-cuu"' in page
    assert "Cổng Dịch vụ công quốc gia" not in page and "dichvucong.hungyen.gov.vn" in page


@pytest.mark.parametrize("query, expected", [
    ("?q=khai sinh", ["Đăng ký khai sinh"]),
    ("?q=KHAI SINH", ["Đăng ký khai sinh"]),
    ("?q=chung thuc", ["Chứng thực bản sao"]),
    ("?q=1.003554", ["Hòa giải tranh chấp"]),
    ("?linh_vuc=Hộ tịch", ["Đăng ký khai sinh"]),
    ("?muc_do=Một phần", ["Chứng thực bản sao"]),
    ("?cap=Cấp xã&q=dat dai", ["Hòa giải tranh chấp"]),
    ("?linh_vuc=Không có", ["Đăng ký khai sinh", "Chứng thực bản sao", "Hòa giải tranh chấp"]),  # ignored
])
def test_public_filters_and_search_with_or_without_diacritics(client, listed, query, expected):
    page = unescaped(client.get("/thu-tuc-hanh-chinh" + query))
    names = ["Đăng ký khai sinh", "Chứng thực bản sao", "Hòa giải tranh chấp"]
    assert [n for n in names if f">{n}" in page] == sorted(expected, key=names.index)


def test_no_match_says_so_and_pages_past_the_end_404(client, listed):
    assert "Không tìm thấy thủ tục nào" in unescaped(client.get("/thu-tuc-hanh-chinh?q=khong+co+gi"))
    assert client.get("/thu-tuc-hanh-chinh?trang=2").status_code == 404


def test_wrong_slug_301s_unknown_and_trashed_404(app, client, listed):
    item = listed[0]
    r = client.get(f"/thu-tuc-hanh-chinh/{item['id']}")
    assert r.status_code == 301
    assert r.headers["Location"].endswith(f"/thu-tuc-hanh-chinh/{item['id']}-dang-ky-khai-sinh")
    assert client.get("/thu-tuc-hanh-chinh/999").status_code == 404
    _procedures(app).trash(item["id"])
    assert client.get(f"/thu-tuc-hanh-chinh/{item['id']}-dang-ky-khai-sinh").status_code == 404
    assert "Đăng ký khai sinh" not in unescaped(client.get("/thu-tuc-hanh-chinh"))


# ---------------------------------------------------------------- rules
@pytest.mark.parametrize("changes, field, message", [
    ({"name": ""}, "name", "Vui lòng nhập tên thủ tục."),
    ({"field": " "}, "field", "Vui lòng nhập lĩnh vực."),
    ({"portal_url": "javascript:alert(1)"}, "portal_url", "phải là một địa chỉ web bắt đầu bằng http:// hoặc https://"),
    ({"submit_url": "dichvucong.gov.vn"}, "submit_url", "phải là một địa chỉ web"),
    ({"code": "mã có dấu"}, "code", "Mã thủ tục chỉ gồm"),
    ({"name": "x" * 501}, "name", "tối đa 500 ký tự"),
])
def test_validation_messages_are_vietnamese(app, changes, field, message):
    with pytest.raises(ValidationError) as caught:
        _procedures(app).validate(dict(KHAI_SINH, **changes))
    assert message in caught.value.errors[field]


def test_a_code_is_unique_among_live_procedures(app, listed):
    procedures = _procedures(app)
    with pytest.raises(ValidationError) as caught:
        procedures.validate(dict(CHUNG_THUC, code="1.001193"))
    assert caught.value.errors["code"] == "Mã thủ tục 1.001193 đã có: «Đăng ký khai sinh»."
    procedures.validate(dict(KHAI_SINH), listed[0]["id"])  # its own code is fine
    procedures.trash(listed[0]["id"])
    procedures.validate(dict(CHUNG_THUC, code="1.001193"))  # a trashed one frees its code


# ---------------------------------------------------------------- panel
def test_editor_creates_edits_trashes_and_restores_with_audit(app, client, auth, data_dir):
    r = _form(client, f"{PANEL}/moi", name="Đăng ký khai tử", field="Hộ tịch", code="1.000656",
              documents="Tờ khai\r\n\r\nGiấy báo tử", portal_url="https://dichvucong.gov.vn/x?ma_thu_tuc=1.000656")
    assert r.status_code == 302
    stored = fresh(Procedures, data_dir).all()
    assert len(stored) == 1 and stored[0]["documents"] == "Tờ khai\nGiấy báo tử" and stored[0]["level"] == "Cấp xã"
    item_id = stored[0]["id"]
    r = _form(client, f"{PANEL}/{item_id}", name="Đăng ký khai tử", field="Hộ tịch", code="1.000656",
              fees="Miễn lệ phí")
    assert r.status_code == 302 and fresh(Procedures, data_dir).get(item_id)["fees"] == "Miễn lệ phí"
    listing = unescaped(client.get(PANEL))
    assert "Đăng ký khai tử" in listing and "Nhập từ tệp" in listing
    token = csrf_from(client.get(PANEL).get_data(as_text=True))
    assert client.post(f"{PANEL}/{item_id}/xoa", data={"csrf_token": token}).status_code == 302
    assert fresh(Procedures, data_dir).all() == []
    assert client.post(f"{PANEL}/{item_id}/khoi-phuc", data={"csrf_token": token}).status_code == 302
    assert len(fresh(Procedures, data_dir).all()) == 1
    log = unescaped(client.get("/quan-tri/nhat-ky"))
    for words in ("Thêm thủ tục hành chính mới", "Sửa thủ tục hành chính", "Chuyển vào thùng rác thủ tục hành chính",
                  "Khôi phục thủ tục hành chính"):
        assert words in log, words
    assert "«Đăng ký khai tử»" in log
    # Its versions, like every record type of the panel: the edit kept the first one.
    history = unescaped(client.get(f"{PANEL}/{item_id}/phien-ban"))
    assert history.count("/phien-ban/") >= 1
    assert [r["data"]["fees"] for r in fresh(Procedures, data_dir).revisions(item_id)] == [""]


def test_the_form_shows_every_mistake_and_keeps_what_was_typed(client, auth, listed, data_dir):
    r = _form(client, f"{PANEL}/moi", name="Chứng thực chữ ký", field="", code="1.001193",
              portal_url="ftp://x")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert field_error(html, "field") == "Vui lòng nhập lĩnh vực."
    assert "đã có" in field_error(html, "code")
    assert "http:// hoặc https://" in field_error(html, "portal_url")
    assert 'value="Chứng thực chữ ký"' in html
    assert len(fresh(Procedures, data_dir).all()) == 3


def test_a_contributor_is_refused_every_procedures_page(app, client, auth, listed, data_dir):
    app.extensions["trangxa"].accounts.create_user("ctv", PASSWORD, "Cộng Tác Viên", role="contributor")
    token = csrf_from(client.get("/quan-tri/").get_data(as_text=True))
    auth.logout()
    assert auth.login("ctv").status_code == 302
    for url in (PANEL, f"{PANEL}/moi", f"{PANEL}/{listed[0]['id']}", IMPORT):
        assert client.get(url).status_code == 403, url
    token = csrf_from(client.get("/quan-tri/").get_data(as_text=True))
    r = client.post(f"{PANEL}/{listed[0]['id']}/xoa", data={"csrf_token": token})
    assert r.status_code == 403
    r = client.post(IMPORT, data={"csrf_token": token, "file": (io.BytesIO(_csv(PROVINCE_ROWS)), "a.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 403
    assert len(fresh(Procedures, data_dir).all()) == 3
    assert "Thủ tục hành chính" not in unescaped(client.get("/quan-tri/")).split("<main")[0]


# ---------------------------------------------------------------- import
def test_headers_are_matched_without_case_diacritics_or_notes():
    assert header_field("MÃ THỦ TỤC") == header_field("ma thu tuc") == "code"
    assert header_field("Phí/lệ phí") == header_field("Phí, lệ phí") == "fees"
    assert header_field("Cấp thực hiện/Mức độ") == "level"
    assert header_field("Mức độ DVC") == "service_level"
    assert header_field("Thời hạn giải quyết\n(ngày làm việc)") == "duration"
    assert header_field("Link DVC") == "portal_url"
    assert header_field("STT") is None and header_field("Ghi chú") is None
    assert header_field("Cập nhật lần cuối") is None and header_field("Hồ sơ mẫu") is None
    assert header_field("Cấp") == "level" and header_field("Hồ sơ") == "documents"


def test_csv_import_dry_run_changes_nothing_then_applies_what_it_showed(app, client, auth, listed, data_dir):
    before = (data_dir / "procedures.json").read_bytes()
    # The first row is as stored, the second differs by its fees, the third is new.
    preview = _upload(client, _csv(PROVINCE_ROWS, delimiter=";"), "danh-muc.csv")
    html = unescaped(preview)
    assert preview.status_code == 200
    assert "Sẽ thêm 1 thủ tục, cập nhật 1, giữ nguyên 1" in re.sub(r"</?strong>", "", html)
    assert "Dòng 6: 1.000894 – Đăng ký kết hôn" in html
    assert "Phí/lệ phí: «2.000 đồng/trang» → «2.000 đồng/trang; tối đa 200.000 đồng»" in html
    assert "Các cột không dùng: STT." in html
    assert (data_dir / "procedures.json").read_bytes() == before  # a dry run writes nothing
    done = _confirm(client, preview)
    assert "Đã nhập danh sách thủ tục: thêm 1, cập nhật 1, giữ nguyên 1 thủ tục." in unescaped(done)
    stored = {p["code"]: p for p in fresh(Procedures, data_dir).all()}
    assert set(stored) == {"1.001193", "2.000815", "1.003554", "1.000894"}
    assert stored["2.000815"]["fees"] == "2.000 đồng/trang; tối đa 200.000 đồng"
    assert stored["2.000815"]["service_level"] == "Một phần"  # a column the file lacks is left alone
    assert stored["1.000894"]["level"] == "Cấp xã" and stored["1.000894"]["field"] == "Hộ tịch"
    assert stored["1.001193"]["documents"] == KHAI_SINH["documents"]
    # The changed procedure keeps its previous version, as an edit in the form does; who imported is recorded.
    chung_thuc = fresh(Procedures, data_dir)
    revs = chung_thuc.revisions(listed[1]["id"])
    assert [r["data"]["fees"] for r in revs] == ["2.000 đồng/trang"]
    assert stored["2.000815"]["updated_by"] == "bientap" and chung_thuc.revisions(listed[0]["id"]) == []
    # The same file again changes nothing.
    again = unescaped(_upload(client, _csv(PROVINCE_ROWS), "danh-muc.csv"))
    assert "giữ nguyên 3" in re.sub(r"</?strong>", "", again) and "Không có gì để lưu." in again
    log = unescaped(client.get("/quan-tri/nhat-ky"))
    assert "Nhập danh sách thủ tục hành chính từ tệp" in log


def _xlsx(rows: list[list], link_row: int | None = None) -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = "Bìa"
    cover["A1"] = "Quyết định công bố danh mục thủ tục hành chính"
    sheet = book.create_sheet("Danh mục")
    for row in rows:
        sheet.append(row)
    if link_row is not None:
        cell = sheet.cell(row=link_row, column=max(len(r) for r in rows))
        cell.value = "Xem"
        cell.hyperlink = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.000894"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_import_reads_the_sheet_with_the_header_and_linked_cells(client, auth, data_dir):
    rows = [["Danh mục thủ tục hành chính cấp xã"],
            ["Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Mức độ", "Thời hạn giải quyết",
             "Thành phần hồ sơ", "Căn cứ pháp lý", "Nơi tiếp nhận", "Link DVC"],
            ["1.000894", "Đăng ký kết hôn", "Hộ tịch", "Một phần", "Ngay trong ngày", "Tờ khai\nGiấy tờ tùy thân",
             "Luật Hộ tịch năm 2014", "Bộ phận Một cửa", ""],
            [None, None, None, None, None, None, None, None, None],
            ["1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", "Toàn trình", 3, "", "", "", ""]]
    preview = _upload(client, _xlsx(rows, link_row=3), "danh-muc.xlsx")
    html = re.sub(r"</?strong>", "", unescaped(preview))
    assert preview.status_code == 200 and "Sẽ thêm 2 thủ tục, cập nhật 0, giữ nguyên 0" in html
    assert fresh(Procedures, data_dir).all() == []
    _confirm(client, preview)
    stored = {p["code"]: p for p in fresh(Procedures, data_dir).all()}
    assert stored["1.000894"]["portal_url"].endswith("ma_thu_tuc=1.000894")  # "Xem" linked: the address is kept
    assert stored["1.000894"]["documents"] == "Tờ khai\nGiấy tờ tùy thân"
    assert stored["1.004873"]["duration"] == "3" and stored["1.004873"]["service_level"] == "Toàn trình"


def test_rows_in_error_are_listed_and_skipped_the_others_applied(client, auth, data_dir):
    rows = [["Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Link DVC"],
            ["", "Không có mã", "Hộ tịch", ""],
            ["1.000656", "Đăng ký khai tử", "Hộ tịch", "javascript:alert(1)"],
            ["1.000894", "Đăng ký kết hôn", "Hộ tịch", ""],
            ["1.000894", "Đăng ký kết hôn (lặp)", "Hộ tịch", ""],
            ["1.001022", "", "Hộ tịch", ""]]
    preview = _upload(client, _csv(rows), "loi.csv")
    html = unescaped(preview)
    assert "Dòng 2: thiếu mã thủ tục." in html
    assert "Dòng 3: Liên kết trên Cổng Dịch vụ công quốc gia phải là một địa chỉ web" in html
    assert "Dòng 5: mã thủ tục 1.000894 trùng với dòng 4." in html
    assert "Dòng 6: Vui lòng nhập tên thủ tục." in html
    done = unescaped(_confirm(client, preview))
    assert "thêm 1, cập nhật 0" in done and "Bỏ qua 4 dòng có lỗi." in done
    assert [p["code"] for p in fresh(Procedures, data_dir).all()] == ["1.000894"]


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (90 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize("data, name, message", [
    (b"%PDF-1.4\n1 0 obj\n", "danh-muc.pdf", "Chỉ nhận tệp CSV hoặc Excel (.xlsx)."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "danh-muc.xls", "Tệp Excel đời cũ (.xls) chưa đọc được"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "anh.csv", "Tệp này không phải CSV hay Excel (.xlsx)."),
    ("Họ tên,Địa chỉ\nNguyễn Văn A,Dương Quang\n".encode(), "nguoi.csv", "Không thấy dòng tiêu đề có cột «Mã thủ tục»"),
    ("Mã thủ tục,Tên thủ tục\n".encode(), "trong.csv", "không có thủ tục nào bên dưới"),
    (b"PK\x03\x04 not really a zip", "hong.xlsx", "Tệp Excel bị hỏng, không đọc được."),
    (b"", "rong.csv", "Tệp rỗng."),
    (b"Ma thu tuc,Ten thu tuc\n" + b"1,a\n" * (2 * 1024 * 1024), "lon.csv", "Tệp quá lớn (tối đa 5 MB)."),
    (None, "bom.xlsx", "Bảng tính quá lớn khi giải nén"),
    ("Mã thủ tục,Tên thủ tục\n\"1.001193,Khai sinh\n".encode(), "ngoac.csv", "Tệp CSV sai cấu trúc"),
])
def test_a_bad_file_gets_a_vietnamese_message_never_an_error_page(client, auth, data_dir, data, name, message):
    r = _upload(client, _zip_bomb() if data is None else data, name)
    assert r.status_code == 200
    assert message in (field_error(r.get_data(as_text=True), "file") or ""), unescaped(r)[:3000]
    assert not (data_dir / "procedures.json").exists() or fresh(Procedures, data_dir).all() == []


@pytest.mark.parametrize("rows", ["not json", json.dumps([1, 2]),
                                  json.dumps({"columns": ["code", "evil"], "rows": []}),
                                  json.dumps({"columns": ["code", "name"], "rows": [{"line": "x", "values": {}}]})])
def test_a_tampered_confirmation_changes_nothing(client, auth, data_dir, rows):
    token = csrf_from(client.get(IMPORT).get_data(as_text=True))
    r = client.post(APPLY, data={"csrf_token": token, "rows": rows}, follow_redirects=True)
    assert r.status_code == 200 and "Dữ liệu xác nhận không hợp lệ. Hãy tải tệp lên lại." in unescaped(r)
    assert not (data_dir / "procedures.json").exists()


# ---------------------------------------------------------------- everywhere else
def test_sitemaps_list_the_pages(client, listed):
    html = unescaped(client.get("/so-do-cong"))
    assert '<a href="/dich-vu-cong">Dịch vụ công</a>' in html
    assert '<a href="/thu-tuc-hanh-chinh">Thủ tục hành chính</a>' in html
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert "<loc>http://localhost/dich-vu-cong</loc>" in xml and "<loc>http://localhost/thu-tuc-hanh-chinh</loc>" in xml
    assert f"<loc>http://localhost/thu-tuc-hanh-chinh/{listed[0]['id']}-dang-ky-khai-sinh</loc>" in xml


def test_the_menu_has_the_dich_vu_cong_entry(client):
    assert '<a href="/dich-vu-cong"' in client.get("/").get_data(as_text=True)


def test_api_lists_procedures_like_documents(app, client, listed):
    index = client.get("/api/v1/").get_json()
    assert index["resources"]["procedures"] == "http://localhost/api/v1/procedures"
    data = client.get("/api/v1/procedures").get_json()
    assert data["total"] == 3 and data["page"] == 1 and data["per_page"] == 20
    item = next(i for i in data["items"] if i["code"] == "1.001193")
    assert item["documents"] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
    assert item["url"] == f"http://localhost/thu-tuc-hanh-chinh/{listed[0]['id']}-dang-ky-khai-sinh"
    assert item["portal_url"] == KHAI_SINH["portal_url"] and item["submit_url"] is None
    only = client.get("/api/v1/procedures?linh_vuc=Chứng thực").get_json()
    assert [i["code"] for i in only["items"]] == ["2.000815"]
    for n in range(25):
        _procedures(app).save({"name": f"Thủ tục thử {n:02d}", "field": "Khác", "code": f"9.{n:03d}"})
    assert len(client.get("/api/v1/procedures?trang=2").get_json()["items"]) == 8
    assert client.get("/api/v1/procedures?trang=x").status_code == 400
    assert client.get("/api/v1/procedures").headers["Access-Control-Allow-Origin"] == "*"


def test_site_search_finds_procedures_by_name_and_field(app, client, listed):
    page = unescaped(client.get("/tim-kiem?q=khai+sinh"))
    assert "Thủ tục hành chính · Hộ tịch" in page
    assert f'href="/thu-tuc-hanh-chinh/{listed[0]["id"]}-dang-ky-khai-sinh"' in page
    by_field = app.extensions["trangxa"].search.search("dat dai", kind="thu-tuc")
    assert [h.title for h in by_field.hits] == ["Hòa giải tranh chấp đất đai"]
    _procedures(app).trash(listed[2]["id"])
    assert app.extensions["trangxa"].search.search("dat dai", kind="thu-tuc").total == 0


def test_backup_round_trip_brings_procedures_back(app, listed, data_dir):
    store = Store(data_dir)
    archive = io.BytesIO()
    write_backup(store, archive)
    assert "procedures.json" in zipfile.ZipFile(archive).namelist()
    _procedures(app).trash(listed[0]["id"])
    _procedures(app).save(dict(CHUNG_THUC, name="Đã sửa sau sao lưu"), listed[1]["id"])
    restore_backup(store, archive)
    names = sorted(p["name"] for p in fresh(Procedures, data_dir).all())
    assert names == sorted(p["name"] for p in listed)
    assert sorted(p["name"] for p in _procedures(app).all()) == names  # the running app sees it too


def test_the_demo_has_twelve_commune_procedures_and_removing_it_takes_them(demo_app, data_dir):
    site = demo_app.extensions["trangxa"]
    items = site.procedures.all()
    assert len(items) == 12 and demo_counts(site.store)["procedure"] == 12
    assert {i["field"] for i in items} == {"Hộ tịch", "Chứng thực", "Bảo trợ xã hội", "Đất đai"}
    assert all(i["portal_url"].endswith(i["code"]) and i["level"] == "Cấp xã" for i in items)
    client = demo_app.test_client()
    assert "Có 12 thủ tục" in unescaped(client.get("/thu-tuc-hanh-chinh"))
    kept = site.procedures.save(dict(items[0], fees="Miễn lệ phí (đã sửa)"), items[0]["id"])
    remove_demo(site, backup=False)
    assert [i["id"] for i in fresh(Procedures, data_dir).all()] == [kept["id"]]


def test_the_static_mirror_has_the_procedure_pages(data_dir, tmp_path, demo_app):
    from blueprints.export import export_static
    result = export_static(demo_app, tmp_path / "ban-sao")
    assert result["broken"] == []
    item = demo_app.extensions["trangxa"].procedures.all()[0]
    for name in ("dich-vu-cong/index.html", "thu-tuc-hanh-chinh/index.html",
                 f"thu-tuc-hanh-chinh/{item['id']}-{item['slug']}/index.html"):
        assert (tmp_path / "ban-sao" / name).is_file(), name

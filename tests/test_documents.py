"""Văn bản (document register): the editor forms with real files, the public list, detail and download.

Documents are created through the real editor form (multipart, CSRF token from
the page); what was stored is re-read from disk with a fresh Documents service.
"""
from __future__ import annotations

import html as htmllib
import io
import re
import struct
import zipfile
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from conftest import csrf_from, field_error, fresh, post_button, uploads
from core import uploads as upload_rules
from core.errors import ValidationError
from core.documents import DEFAULT_TYPES, Documents, parse_day
from core.seed.documents import demo_pdf, seed_documents

NEW = "/quan-tri/van-ban/moi"
TYPES = "/quan-tri/van-ban/loai"
BROWSER = {"User-Agent": "Mozilla/5.0 (Windows NT 6.1) Firefox/52.0"}


# ---------------------------------------------------------------- files
def pdf_bytes(text: str = "Quyet dinh 19/QD-UBND", pad: int = 0) -> bytes:
    """Return a small valid one-page PDF (with a correct cross-reference table)."""
    content = b"BT /F1 14 Tf 72 770 Td (" + text.encode("ascii") + b") Tj ET" + b" " * pad
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, obj)
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>{}</Types>'
)


def docx_bytes(text: str = "Kế hoạch chuyển đổi số", extra: dict | None = None) -> bytes:
    """Return a minimal Word document (OOXML package)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'))
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://'
                   'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                   f'{text}</w:t></w:r></w:p></w:body></w:document>')
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    """Return a minimal Excel workbook (OOXML package)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'))
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
                   'openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1" '
                   'r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
                   '</sheets></workbook>')
        z.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main"><sheetData/></worksheet>')
    return out.getvalue()


def plain_zip(names: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in names:
            z.writestr(name, "x")
    return out.getvalue()


def ole2_bytes(stream: str) -> bytes:
    """Return a minimal OLE2 compound file (as DOC and XLS are) holding one stream named ``stream``."""
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)  # 1 FAT sector, dir at 1
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sect, end, *([free] * 126))

    def entry(name: str, kind: int, child: int = free) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        e = bytearray(128)
        e[:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, free, free, child)  # left and right siblings, child
        return bytes(e)

    # The root entry's child is the stream: readers walk the directory tree from the root.
    directory = entry("Root Entry", 5, child=1) + entry(stream, 2) + entry("", 0) + entry("", 0)
    return bytes(header) + fat + directory


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------- helpers


def count(data_dir: Path) -> int:
    d = fresh(Documents, data_dir)
    return len(d.all()) + len(d.all(trashed=True))


def type_id(name: str) -> int:
    return DEFAULT_TYPES.index(name) + 1


def values(**overrides) -> dict:
    v = {
        "type_id": str(type_id("Quyết định")),
        "number": "19/QĐ-UBND",
        "issued_on": "23/06/2023",
        "effective_on": "23/06/2023",
        "issuer": "UBND xã Dương Quang",
        "signer": "Vũ Quang Sáng",
        "summary": "Về việc thành lập Ban Biên tập Trang thông tin điện tử xã Dương Quang",
        "field": "Thông tin – Truyền thông",
    }
    v.update(overrides)
    return v


def post_document(client, url: str, data: dict, file: tuple[bytes, str] | None = None):
    """Submit the document form at ``url`` (multipart, with the token from that page)."""
    token = csrf_from(client.get(url).get_data(as_text=True))
    payload = dict(data, csrf_token=token)
    if file is not None:
        payload["attachment"] = (io.BytesIO(file[0]), file[1])
    return client.post(url, data=payload, content_type="multipart/form-data")


def create(client, file: tuple[bytes, str] | None = None, **overrides) -> int:
    r = post_document(client, NEW, values(**overrides), file)
    assert r.status_code == 302, re.findall(r'class="field__error"[^>]*>(.*?)</p>', r.get_data(as_text=True), re.S)
    m = re.fullmatch(r"/quan-tri/van-ban/(\d+)", urlsplit(r.headers["Location"]).path)
    assert m
    return int(m.group(1))


def detail_url(data_dir: Path, doc_id: int) -> str:
    return f"/van-ban/{doc_id}-{fresh(Documents, data_dir).get(doc_id)['slug']}"


def listed_numbers(html: str) -> list[str]:
    """Return the document numbers of a public list page, in order."""
    return [htmllib.unescape(n) for n in re.findall(r'<th scope="row"><a href="/van-ban/[^"]+">([^<]+)</a>', html)]


def text_of(html: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


# ---------------------------------------------------------------- access
@pytest.mark.parametrize("url", ["/quan-tri/van-ban", NEW, "/quan-tri/van-ban/1", TYPES,
                                 "/quan-tri/van-ban?thung_rac=1"])
def test_editor_urls_redirect_to_login_when_logged_out(client, url):
    r = client.get(url)
    assert r.status_code == 302
    loc = urlsplit(r.headers["Location"])
    assert loc.path == "/dang-nhap" and loc.netloc == ""


# ---------------------------------------------------------------- create, show, download
def test_create_pdf_document_then_public_list_detail_and_download(client, auth, data_dir):
    pdf = pdf_bytes()
    before = uploads(data_dir)
    doc_id = create(client, (pdf, "Quyết định 19.pdf"))

    stored = fresh(Documents, data_dir).get(doc_id)
    assert stored["type_id"] == type_id("Quyết định") and stored["type_name"] == "Quyết định"
    assert stored["number"] == "19/QĐ-UBND"
    assert stored["issued_on"] == "2023-06-23" and stored["effective_on"] == "2023-06-23"
    assert stored["issuer"] == "UBND xã Dương Quang" and stored["signer"] == "Vũ Quang Sáng"
    assert stored["field"] == "Thông tin – Truyền thông"
    att = stored["attachment"]
    assert att["type"] == "pdf" and att["size"] == len(pdf) and att["original"] == "Quyết định 19.pdf"
    new_files = sorted(set(uploads(data_dir)) - set(before))
    assert new_files == [att["name"]] and re.fullmatch(r"[0-9a-f]{32}\.pdf", att["name"])
    assert (data_dir / "uploads" / att["name"]).read_bytes() == pdf

    listing = client.get("/van-ban")
    assert listing.status_code == 200
    page = listing.get_data(as_text=True)
    assert page.count("<h1") == 1
    url = detail_url(data_dir, doc_id)
    assert url == f"/van-ban/{doc_id}-19-qd-ubnd-ve-viec-thanh-lap-ban-bien-tap-trang-thong-tin-dien-tu-xa-duong-quang"
    assert f'href="{url}"' in page
    assert listed_numbers(page) == ["19/QĐ-UBND"]
    assert "23/06/2023" in page and "Về việc thành lập Ban Biên tập" in page
    assert f'href="/van-ban/{doc_id}/tai-ve"' in page
    for label in ("Loại văn bản", "Năm ban hành", "Cơ quan ban hành"):
        assert re.search(rf'<label class="field__label" for="[^"]+">{label}</label>\s*<select', page)

    detail = client.get(url)
    assert detail.status_code == 200
    html = detail.get_data(as_text=True)
    assert html.count("<h1") == 1 and "<h1>Quyết định số 19/QĐ-UBND</h1>" in html
    text = text_of(html)
    for label, value in [("Số ký hiệu", "19/QĐ-UBND"), ("Loại văn bản", "Quyết định"),
                         ("Ngày ban hành", "23/06/2023"), ("Ngày có hiệu lực", "23/06/2023"),
                         ("Cơ quan ban hành", "UBND xã Dương Quang"), ("Người ký", "Vũ Quang Sáng"),
                         ("Lĩnh vực", "Thông tin – Truyền thông"), ("Tệp đính kèm", "Quyết định 19.pdf")]:
        assert re.search(rf'<th scope="row">{label}</th>', html), label
        assert f"{label} {value}" in text, label

    r = client.get(f"/van-ban/{doc_id}/tai-ve")
    assert r.status_code == 200
    assert r.data == pdf
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="Quyet dinh 19.pdf"' in disposition
    assert f"filename*=UTF-8''{quote('Quyết định 19.pdf', safe='')}" in disposition


@pytest.mark.parametrize("make, name, ext, mime", [
    (docx_bytes, "Kế hoạch chuyển đổi số.docx", "docx", DOCX_MIME),
    (xlsx_bytes, "Bảng tổng hợp.xlsx", "xlsx", XLSX_MIME),
    (docx_bytes, "bien-ban.pdf", "docx", DOCX_MIME),  # the content decides, not the name
    (lambda: ole2_bytes("WordDocument"), "cong-van.doc", "doc", "application/msword"),
    (lambda: ole2_bytes("Workbook"), "so-lieu.xls", "xls", "application/vnd.ms-excel"),
])
def test_office_files_are_typed_by_content(client, auth, data_dir, make, name, ext, mime):
    data = make()
    doc_id = create(client, (data, name), number="25/KH-UBND", type_id=str(type_id("Kế hoạch")))
    att = fresh(Documents, data_dir).get(doc_id)["attachment"]
    assert att["type"] == ext and att["name"].endswith(f".{ext}")
    assert att["original"] == name.rsplit(".", 1)[0] + f".{ext}"
    r = client.get(f"/van-ban/{doc_id}/tai-ve")
    assert r.status_code == 200 and r.data == data
    assert r.headers["Content-Type"] == mime
    assert r.headers["Content-Disposition"].startswith("attachment;")


def test_document_without_file_has_no_download(client, auth, data_dir):
    doc_id = create(client, None)
    assert fresh(Documents, data_dir).get(doc_id)["attachment"] is None
    assert "Chưa có tệp đính kèm." in client.get(detail_url(data_dir, doc_id)).get_data(as_text=True)
    assert client.get(f"/van-ban/{doc_id}/tai-ve").status_code == 404


def test_upload_name_is_sanitised_for_the_download(client, auth, data_dir):
    doc_id = create(client, (pdf_bytes(), "../../tmp/Quyết định <19>|?.PDF"))
    assert fresh(Documents, data_dir).get(doc_id)["attachment"]["original"] == "Quyết định 19.pdf"
    # Old browsers send the whole Windows path; a name with nothing left gets a default.
    assert upload_rules.clean_file_name("C:\\fakepath\\Báo cáo.pdf", "pdf") == "Báo cáo.pdf"
    assert upload_rules.clean_file_name("...", "docx") == "van-ban.docx"
    assert upload_rules.clean_file_name("Ke\x00hoach\u202e.xlsx", "xlsx") == "Ke hoach.xlsx"


# ---------------------------------------------------------------- refused input
@pytest.mark.parametrize("data, name", [
    pytest.param(b"<!doctype html><html><script>alert(1)</script></html>", "report.pdf", id="html-as-pdf"),
    pytest.param(b"<?php system($_GET['c']); ?>", "x.docx", id="php-as-docx"),
    pytest.param(plain_zip(["[Content_Types].xml", "readme.txt"]), "x.docx", id="zip-without-document-xml"),
    pytest.param(plain_zip(["word/document.xml"]), "x.docx", id="zip-without-content-types"),
    pytest.param(b"PK\x03\x04 broken", "x.xlsx", id="broken-zip"),
    pytest.param(ole2_bytes("PowerPoint Document"), "x.doc", id="ole2-not-word-or-excel"),
    pytest.param(b"MZ\x90\x00" + b"\0" * 100, "setup.pdf", id="exe-as-pdf"),
    pytest.param(docx_bytes(extra={"word/vbaProject.bin": "macro"}), "x.docx", id="macro"),
])
def test_wrong_file_types_are_refused_and_nothing_is_saved(client, auth, data_dir, data, name):
    before_files = uploads(data_dir)
    r = post_document(client, NEW, values(number="77/QĐ-UBND"), (data, name))
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    message = field_error(html, "attachment")
    assert message and ("Chỉ nhận tệp PDF" in message or "bị hỏng" in message or "macro" in message)
    assert count(data_dir) == 0
    assert uploads(data_dir) == before_files
    # Everything typed comes back.
    assert 'value="77/QĐ-UBND"' in html
    assert "Về việc thành lập Ban Biên tập Trang thông tin điện tử xã Dương Quang</textarea>" in html


def test_oversize_file_is_refused(app, client, auth, data_dir):
    app.config["MAX_DOCUMENT_BYTES"] = 2048
    r = post_document(client, NEW, values(), (pdf_bytes(pad=5000), "lon.pdf"))
    assert r.status_code == 200
    assert field_error(r.get_data(as_text=True), "attachment") == "Tệp quá lớn (tối đa 2 KB)."
    assert count(data_dir) == 0 and uploads(data_dir) == []
    # The limit is shown next to the field, and a small file still passes.
    assert "tối đa 2 KB" in client.get(NEW).get_data(as_text=True)
    create(client, (pdf_bytes(), "nho.pdf"))


def test_zip_bomb_is_refused(client, auth, data_dir, monkeypatch):
    monkeypatch.setattr(upload_rules, "MAX_UNZIPPED_BYTES", 100_000)
    bomb = docx_bytes(extra={"word/media/big.bin": b"\0" * 200_000})
    assert len(bomb) < 10_000  # tiny on the wire, large once unpacked
    r = post_document(client, NEW, values(), (bomb, "bom.docx"))
    assert "Tệp nén bất thường" in field_error(r.get_data(as_text=True), "attachment")
    monkeypatch.setattr(upload_rules, "MAX_ZIP_MEMBERS", 5)
    many = docx_bytes(extra={f"word/p{i}.xml": "x" for i in range(10)})
    r = post_document(client, NEW, values(), (many, "nhieu.docx"))
    assert "Tệp nén bất thường" in field_error(r.get_data(as_text=True), "attachment")
    assert count(data_dir) == 0 and uploads(data_dir) == []


def test_effective_date_before_issue_date_is_refused_and_the_file_not_stored(client, auth, data_dir):
    r = post_document(client, NEW, values(issued_on="23/06/2023", effective_on="22/06/2023"),
                      (pdf_bytes(), "qd.pdf"))
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert field_error(html, "effective_on") == "Ngày có hiệu lực không được trước ngày ban hành."
    assert "chọn lại tệp" in field_error(html, "attachment")
    assert 'value="22/06/2023"' in html and 'value="23/06/2023"' in html
    assert count(data_dir) == 0 and uploads(data_dir) == []


@pytest.mark.parametrize("overrides, field, message", [
    pytest.param({"number": ""}, "number", "Vui lòng nhập số ký hiệu.", id="no-number"),
    pytest.param({"number": "QĐ-UBND"}, "number", "Số ký hiệu phải có số văn bản, ví dụ 19/QĐ-UBND.", id="no-digit"),
    pytest.param({"number": "1" * 61}, "number", "Không được dài quá 60 ký tự.", id="number-too-long"),
    pytest.param({"issued_on": ""}, "issued_on", "Vui lòng nhập ngày ban hành.", id="no-issue-date"),
    pytest.param({"issued_on": "31/02/2023"}, "issued_on", "Ngày ban hành không hợp lệ", id="bad-issue-date"),
    pytest.param({"effective_on": "hôm qua"}, "effective_on", "Ngày có hiệu lực không hợp lệ", id="bad-effective"),
    pytest.param({"summary": "  "}, "summary", "Vui lòng nhập trích yếu.", id="no-summary"),
    pytest.param({"issuer": ""}, "issuer", "Vui lòng nhập cơ quan ban hành.", id="no-issuer"),
    pytest.param({"type_id": "0"}, "type_id", "Vui lòng chọn loại văn bản.", id="no-type"),
    pytest.param({"type_id": "999"}, "type_id", "Lựa chọn không hợp lệ.", id="unknown-type"),
])
def test_missing_or_bad_fields_are_refused(client, auth, data_dir, overrides, field, message):
    r = post_document(client, NEW, values(**overrides))
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    shown = field_error(html, field)
    assert shown and shown.startswith(message), shown
    assert "Chưa lưu được" in html
    assert count(data_dir) == 0


def test_every_mistake_is_shown_at_once(client, auth, data_dir):
    r = post_document(client, NEW, values(number="", summary="", issued_on="01/07/2023", effective_on="1/1/2023"),
                      (b"<html></html>", "a.pdf"))
    html = r.get_data(as_text=True)
    for field in ("number", "summary", "effective_on", "attachment"):
        assert field_error(html, field), field
    assert count(data_dir) == 0 and uploads(data_dir) == []


def test_new_form_defaults_the_issuer_to_the_commune(client, auth):
    html = client.get(NEW).get_data(as_text=True)
    assert 'value="UBND xã Dương Quang"' in html
    assert '<label class="field__label" for="attachment">Tệp đính kèm</label>' in html
    assert 'enctype="multipart/form-data"' in html


# ---------------------------------------------------------------- edit
def test_edit_keeps_the_file_when_none_is_chosen_and_replaces_it_with_a_new_one(client, auth, data_dir):
    pdf = pdf_bytes()
    doc_id = create(client, (pdf, "qd-19.pdf"))
    first = fresh(Documents, data_dir).get(doc_id)["attachment"]
    url = f"/quan-tri/van-ban/{doc_id}"

    form = client.get(url).get_data(as_text=True)
    assert "Tệp hiện tại: qd-19.pdf" in form
    assert 'value="23/06/2023"' in form and 'value="19/QĐ-UBND"' in form

    r = post_document(client, url, values(summary="Trích yếu đã sửa"))
    assert r.status_code == 302
    stored = fresh(Documents, data_dir).get(doc_id)
    assert stored["summary"] == "Trích yếu đã sửa" and stored["attachment"] == first
    assert client.get(f"/van-ban/{doc_id}/tai-ve").data == pdf

    new = docx_bytes()
    r = post_document(client, url, values(summary="Trích yếu đã sửa"), (new, "qd-19-ban-sua.docx"))
    assert r.status_code == 302
    second = fresh(Documents, data_dir).get(doc_id)["attachment"]
    assert second["type"] == "docx" and second["original"] == "qd-19-ban-sua.docx" and second != first
    r = client.get(f"/van-ban/{doc_id}/tai-ve")
    assert r.data == new and r.headers["Content-Type"] == DOCX_MIME
    assert "Tệp hiện tại: qd-19-ban-sua.docx" in client.get(url).get_data(as_text=True)
    assert count(data_dir) == 1


def test_edit_with_a_bad_file_keeps_the_old_one(client, auth, data_dir):
    doc_id = create(client, (pdf_bytes(), "qd.pdf"))
    first = fresh(Documents, data_dir).get(doc_id)["attachment"]
    files = uploads(data_dir)
    r = post_document(client, f"/quan-tri/van-ban/{doc_id}", values(summary="Sửa"), (b"<?php ?>", "qd.pdf"))
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "attachment")
    stored = fresh(Documents, data_dir).get(doc_id)
    assert stored["attachment"] == first and stored["summary"] != "Sửa"
    assert uploads(data_dir) == files


def test_editor_list_shows_documents_and_links_to_the_types_screen(client, auth, data_dir):
    create(client, (pdf_bytes(), "qd.pdf"))
    html = client.get("/quan-tri/van-ban").get_data(as_text=True)
    assert "19/QĐ-UBND" in html and "23/06/2023" in html and "qd.pdf" in html
    assert f'href="{TYPES}"' in html


# ---------------------------------------------------------------- public list
@pytest.fixture
def register(app, client, auth):
    """Fill the register with documents of several types, years and issuers (through the core service)."""
    docs = app.extensions["trangxa"].documents
    rows = [
        ("Quyết định", "19/QĐ-UBND", "2023-06-23", "UBND xã Dương Quang",
         "Về việc thành lập Ban Biên tập Trang thông tin điện tử xã"),
        ("Quyết định", "20/QĐ-UBND", "2023-06-23", "UBND xã Dương Quang",
         "Về việc ban hành Quy chế hoạt động của Ban Biên tập"),
        ("Thông báo", "88/TB-UBND", "2023-06-27", "UBND xã Dương Quang", "Về việc cung cấp tin bài"),
        ("Kế hoạch", "25/KH-UBND", "2024-03-05", "UBND xã Dương Quang",
         "Kế hoạch chuyển đổi số xã Dương Quang năm 2024"),
        ("Công văn", "1631/UBND-VHTT", "2023-11-08", "UBND thị xã Mỹ Hào",
         "Về việc báo cáo kết quả hoạt động Trang thông tin điện tử cấp xã"),
    ]
    ids = {}
    for kind, number, issued, issuer, summary in rows:
        ids[number] = docs.save({"type_id": type_id(kind), "number": number, "issued_on": issued,
                                 "issuer": issuer, "summary": summary})["id"]
    return ids


def test_public_list_is_newest_first(client, register):
    html = client.get("/van-ban").get_data(as_text=True)
    assert listed_numbers(html) == ["25/KH-UBND", "1631/UBND-VHTT", "88/TB-UBND", "20/QĐ-UBND", "19/QĐ-UBND"]
    assert "Có 5 văn bản." in html


@pytest.mark.parametrize("query, expected", [
    ({"loai": str(type_id("Quyết định"))}, ["20/QĐ-UBND", "19/QĐ-UBND"]),
    ({"loai": str(type_id("Thông báo"))}, ["88/TB-UBND"]),
    ({"nam": "2024"}, ["25/KH-UBND"]),
    ({"nam": "2023"}, ["1631/UBND-VHTT", "88/TB-UBND", "20/QĐ-UBND", "19/QĐ-UBND"]),
    ({"co_quan": "UBND thị xã Mỹ Hào"}, ["1631/UBND-VHTT"]),
    ({"nam": "2023", "co_quan": "UBND xã Dương Quang", "loai": str(type_id("Thông báo"))}, ["88/TB-UBND"]),
    ({"q": "19/QĐ"}, ["19/QĐ-UBND"]),
    ({"q": "19/qd-ubnd"}, ["19/QĐ-UBND"]),
    ({"q": "88/TB-UBND"}, ["88/TB-UBND"]),
    ({"q": "1631"}, ["1631/UBND-VHTT"]),
    ({"q": "1"}, []),
    ({"q": "ke hoach chuyen doi so"}, ["25/KH-UBND"]),
    ({"q": "Kế hoạch chuyển đổi số"}, ["25/KH-UBND"]),
    ({"q": "ban bien tap"}, ["20/QĐ-UBND", "19/QĐ-UBND"]),
    ({"q": "ban bien tap", "loai": str(type_id("Quyết định")), "nam": "2023"}, ["20/QĐ-UBND", "19/QĐ-UBND"]),
    ({"q": "quy che"}, ["20/QĐ-UBND"]),
    ({"q": "khong co van ban nay"}, []),
    ({"nam": "abc", "loai": "xyz"}, ["25/KH-UBND", "1631/UBND-VHTT", "88/TB-UBND", "20/QĐ-UBND", "19/QĐ-UBND"]),
])
def test_public_filters_and_search(client, register, query, expected):
    r = client.get("/van-ban", query_string=query)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert listed_numbers(html) == expected
    if not expected:
        assert "Không tìm thấy văn bản nào phù hợp." in html


def test_filters_keep_their_values(client, register):
    html = client.get("/van-ban", query_string={"nam": "2023", "q": "ban bien tap",
                                                "co_quan": "UBND xã Dương Quang"}).get_data(as_text=True)
    assert '<option value="2023" selected>2023</option>' in html
    assert '<option value="UBND xã Dương Quang" selected>UBND xã Dương Quang</option>' in html
    assert 'value="ban bien tap"' in html


def test_public_list_paginates_and_bad_pages_404(app, client, auth):
    docs = app.extensions["trangxa"].documents
    for n in range(1, 13):
        docs.save({"type_id": 2, "number": f"{n}/TB-UBND", "issued_on": f"2024-01-{n:02d}",
                   "issuer": "UBND xã Dương Quang", "summary": f"Thông báo số {n}"})
    first = listed_numbers(client.get("/van-ban").get_data(as_text=True))
    assert first == [f"{n}/TB-UBND" for n in range(12, 2, -1)]
    page2 = client.get("/van-ban?trang=2")
    assert page2.status_code == 200
    assert listed_numbers(page2.get_data(as_text=True)) == ["2/TB-UBND", "1/TB-UBND"]
    assert 'href="/van-ban?trang=2"' in client.get("/van-ban").get_data(as_text=True)
    filtered = client.get("/van-ban?nam=2024").get_data(as_text=True)
    assert re.search(r'href="/van-ban\?(nam=2024&amp;trang=2|trang=2&amp;nam=2024)"', filtered)
    for bad in ("0", "-1", "abc", "3", "%C2%B2", "100001"):
        assert client.get(f"/van-ban?trang={bad}").status_code == 404, bad


# ---------------------------------------------------------------- detail
def test_wrong_or_missing_slug_301s_and_unknown_id_404s(client, register, data_dir):
    doc_id = register["19/QĐ-UBND"]
    url = detail_url(data_dir, doc_id)
    for wrong in (f"/van-ban/{doc_id}-ten-cu", f"/van-ban/{doc_id}"):
        r = client.get(wrong)
        assert r.status_code == 301 and urlsplit(r.headers["Location"]).path == url
    assert client.get(url).status_code == 200
    assert client.get("/van-ban/999-khong-co").status_code == 404
    assert client.get("/van-ban/999/tai-ve").status_code == 404


# ---------------------------------------------------------------- trash
def test_trash_hides_everywhere_and_restore_brings_back(client, auth, data_dir):
    doc_id = create(client, (pdf_bytes(), "qd.pdf"))
    url = detail_url(data_dir, doc_id)
    r = post_button(client, f"/quan-tri/van-ban/{doc_id}/xoa", f"/quan-tri/van-ban/{doc_id}")
    assert r.status_code == 302
    assert fresh(Documents, data_dir).get(doc_id)["trashed_at"]
    assert count(data_dir) == 1  # never hard-deleted

    assert client.get(url).status_code == 404
    assert client.get(f"/van-ban/{doc_id}").status_code == 404
    assert client.get(f"/van-ban/{doc_id}/tai-ve").status_code == 404
    # Nor can the stored file be reached any other way.
    assert client.get(f"/tep/{fresh(Documents, data_dir).get(doc_id)['attachment']['name']}").status_code == 404
    assert listed_numbers(client.get("/van-ban").get_data(as_text=True)) == []
    assert listed_numbers(client.get("/van-ban?q=19/QĐ").get_data(as_text=True)) == []
    assert "19/QĐ-UBND" in client.get("/quan-tri/van-ban?thung_rac=1").get_data(as_text=True)

    r = post_button(client, f"/quan-tri/van-ban/{doc_id}/khoi-phuc", "/quan-tri/van-ban?thung_rac=1")
    assert r.status_code == 302
    assert not fresh(Documents, data_dir).get(doc_id)["trashed_at"]
    assert client.get(url).status_code == 200
    assert client.get(f"/van-ban/{doc_id}/tai-ve").status_code == 200
    assert listed_numbers(client.get("/van-ban").get_data(as_text=True)) == ["19/QĐ-UBND"]


def test_latest_returns_the_newest_live_documents(app, register, data_dir):
    docs = app.extensions["trangxa"].documents
    assert [d["number"] for d in docs.latest(2)] == ["25/KH-UBND", "1631/UBND-VHTT"]
    docs.trash(register["25/KH-UBND"])
    assert [d["number"] for d in fresh(Documents, data_dir).latest(2)] == ["1631/UBND-VHTT", "88/TB-UBND"]


# ---------------------------------------------------------------- types
def type_names(data_dir: Path) -> list[str]:
    return [t["name"] for t in fresh(Documents, data_dir).types()]


def test_types_screen_add_rename_and_remove(client, auth, data_dir):
    html = client.get(TYPES).get_data(as_text=True)
    assert html.count("<h1") == 1
    for name in DEFAULT_TYPES:
        assert f'<th scope="row">{name}</th>' in html

    token = csrf_from(html)
    r = client.post(TYPES, data={"name": "  Hướng   dẫn ", "csrf_token": token})
    assert r.status_code == 302
    assert type_names(data_dir) == list(DEFAULT_TYPES) + ["Hướng dẫn"]
    assert "Đã thêm loại văn bản “Hướng dẫn”." in client.get(TYPES).get_data(as_text=True)

    r = client.post(TYPES, data={"name": "hướng dẫn", "csrf_token": token})
    assert r.status_code == 200
    assert field_error(r.get_data(as_text=True), "name") == "Đã có loại văn bản “Hướng dẫn”."
    r = client.post(TYPES, data={"name": "", "csrf_token": token})
    assert field_error(r.get_data(as_text=True), "name") == "Vui lòng nhập tên loại văn bản."
    assert len(type_names(data_dir)) == len(DEFAULT_TYPES) + 1

    new_id = next(t["id"] for t in fresh(Documents, data_dir).types() if t["name"] == "Hướng dẫn")
    r = client.post(f"{TYPES}/{new_id}", data={f"loai{new_id}-name": "Hướng dẫn nghiệp vụ", "csrf_token": token})
    assert r.status_code == 302
    assert "Hướng dẫn nghiệp vụ" in type_names(data_dir)
    r = client.post(f"{TYPES}/{new_id}", data={f"loai{new_id}-name": "Quyết định", "csrf_token": token})
    assert r.status_code == 200
    assert field_error(r.get_data(as_text=True), f"loai{new_id}-name") == "Đã có loại văn bản “Quyết định”."

    r = client.post(f"{TYPES}/{new_id}/xoa", data={"csrf_token": token})
    assert r.status_code == 302
    assert "Hướng dẫn nghiệp vụ" not in type_names(data_dir)
    assert "Hướng dẫn nghiệp vụ" not in client.get(NEW).get_data(as_text=True)
    assert client.post(f"{TYPES}/{new_id}/xoa", data={"csrf_token": token}).status_code == 404
    # Adding it again brings the same type back.
    client.post(TYPES, data={"name": "Hướng dẫn nghiệp vụ", "csrf_token": token})
    assert next(t["id"] for t in fresh(Documents, data_dir).types() if t["name"] == "Hướng dẫn nghiệp vụ") == new_id


def test_a_type_in_use_cannot_be_removed(client, auth, data_dir):
    doc_id = create(client, None, type_id=str(type_id("Chỉ thị")), number="01/CT-UBND")
    tid = type_id("Chỉ thị")
    r = post_button(client, f"{TYPES}/{tid}/xoa", TYPES)
    assert r.status_code == 302
    page = client.get(TYPES).get_data(as_text=True)
    assert "Không thể xóa loại “Chỉ thị” vì đang có 1 văn bản thuộc loại này" in htmllib.unescape(page)
    assert "Chỉ thị" in type_names(data_dir)

    # A document in the trash still holds its type.
    post_button(client, f"/quan-tri/van-ban/{doc_id}/xoa", f"/quan-tri/van-ban/{doc_id}")
    post_button(client, f"{TYPES}/{tid}/xoa", TYPES)
    assert "Chỉ thị" in type_names(data_dir)


def test_renaming_a_type_renames_it_on_its_documents(client, auth, data_dir):
    doc_id = create(client, None, type_id=str(type_id("Tờ trình")), number="05/TTr-UBND")
    tid = type_id("Tờ trình")
    token = csrf_from(client.get(TYPES).get_data(as_text=True))
    client.post(f"{TYPES}/{tid}", data={f"loai{tid}-name": "Tờ trình UBND", "csrf_token": token})
    assert fresh(Documents, data_dir).get(doc_id)["type_name"] == "Tờ trình UBND"
    r = client.get(detail_url(data_dir, doc_id))
    assert "<h1>Tờ trình UBND số 05/TTr-UBND</h1>" in r.get_data(as_text=True)


# ---------------------------------------------------------------- core rules
def test_dates_accept_the_usual_ways_of_writing_them():
    assert parse_day("23/6/2023").isoformat() == "2023-06-23"
    assert parse_day("23-06-2023").isoformat() == "2023-06-23"
    assert parse_day("2023-06-23").isoformat() == "2023-06-23"
    for bad in ("31/02/2023", "2023", "23/06/23", "01/01/1800"):
        with pytest.raises(ValueError):
            parse_day(bad)


def test_detect_document_by_content():
    assert upload_rules.detect_document(pdf_bytes()) == "pdf"
    assert upload_rules.detect_document(docx_bytes()) == "docx"
    assert upload_rules.detect_document(xlsx_bytes()) == "xlsx"
    assert upload_rules.detect_document(ole2_bytes("WordDocument")) == "doc"
    assert upload_rules.detect_document(ole2_bytes("Workbook")) == "xls"
    for bad in (b"", b"%PD", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20, b"GIF89a"):
        with pytest.raises(ValidationError):
            upload_rules.detect_document(bad)


def test_a_broken_word_or_excel_file_is_called_broken():
    with pytest.raises(ValidationError) as caught:
        upload_rules.detect_document(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 2000)  # OLE2 header, nothing valid
    assert "bị hỏng" in caught.value.errors["attachment"]


# ---------------------------------------------------------------- hits and demo
def test_public_views_count_hits(app, client, register, data_dir):
    counters = app.extensions["trangxa"].counters
    counters.merge()
    before = counters.summary()["hits_today"]
    client.get("/van-ban", headers=BROWSER)
    client.get(detail_url(data_dir, register["19/QĐ-UBND"]), headers=BROWSER)
    counters.merge()
    assert counters.summary()["hits_today"] == before + 2


def test_seed_demo_adds_twelve_documents_with_real_pdfs(app, content, data_dir):
    docs = app.extensions["trangxa"].documents
    seed_documents(docs, content)
    stored = fresh(Documents, data_dir).all()
    assert len(stored) == 12
    numbers = {d["number"] for d in stored}
    assert {"19/QĐ-UBND", "20/QĐ-UBND", "88/TB-UBND"} <= numbers
    by_number = {d["number"]: d for d in stored}
    assert by_number["19/QĐ-UBND"]["issued_on"] == "2023-06-23"
    assert by_number["88/TB-UBND"]["issued_on"] == "2023-06-27"
    assert "Ban Biên tập" in by_number["19/QĐ-UBND"]["summary"]
    assert by_number["19/QĐ-UBND"]["issuer"] == "UBND xã Dương Quang"
    for d in stored:
        att = d["attachment"]
        data = (data_dir / "uploads" / att["name"]).read_bytes()
        assert att["type"] == "pdf" and data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        xref = int(re.search(rb"startxref\n(\d+)", data).group(1))
        assert data[xref:xref + 4] == b"xref"
        for n, off in enumerate(re.findall(rb"(\d{10}) 00000 n", data), 1):
            assert data[int(off):].startswith(b"%d 0 obj" % n)
    assert [d["number"] for d in docs.latest(1)] == [stored[0]["number"]]
    seed_documents(docs, content)  # never twice
    assert len(fresh(Documents, data_dir).all()) == 12
    assert demo_pdf("Thử", "Tóm tắt (có ngoặc)", "UBND").startswith(b"%PDF-1.4")

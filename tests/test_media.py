"""The media library driven through its real forms and JSON endpoints; files and media.json read back from disk."""
from __future__ import annotations

import html as htmllib
import io
import json
import re
import struct
import zipfile
import zlib
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from PIL import Image

from conftest import csrf_from, field_error, fresh, section_id, unescaped, uploads
from core.library import Library
from core.uploads import add_web_sizes, image_info, save_image
from core.store import Store

NEWS = "Tin tức – Sự kiện"
UPLOAD_URL = "/quan-tri/thu-vien/tai-len"
JSON_UPLOAD_URL = "/quan-tri/thu-vien/tai-len.json"
JSON_LIST_URL = "/quan-tri/thu-vien/anh.json"
ITEM_KEYS = {"id", "name", "url", "thumb", "alt", "width", "height"}


# ---------------------------------------------------------------- files
def png_bytes(width: int = 64, height: int = 48, color=(20, 120, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes(width: int = 2000, height: int = 1000) -> bytes:
    img = Image.new("RGB", (width, height), (200, 60, 30))
    for x in range(0, width, 50):  # some detail, so that the sizes differ
        img.paste((30, 90, 160), (x, 0, x + 10, height))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def jpeg_with_exif() -> bytes:
    """Return a 400 × 200 JPEG whose EXIF names the camera, a private note and "rotate 90°" (orientation 6)."""
    exif = Image.Exif()
    exif[0x010F] = "CanonSecretMake"
    exif[0x010E] = "Nha rieng cua ong Nguyen Van A"
    exif[0x0112] = 6
    buf = io.BytesIO()
    Image.new("RGB", (400, 200), (10, 200, 10)).save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


def gif_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("P", (40, 30), 3).save(buf, "GIF")
    return buf.getvalue()


def bmp_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buf, "BMP")
    return buf.getvalue()


def png_bomb(side: int = 20_000) -> bytes:
    """Return a valid 1-bit PNG of side × side pixels that compresses to a few dozen KB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" * (1 + (side + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def odt_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    return buf.getvalue()


# ---------------------------------------------------------------- helpers


def media_json(data_dir: Path) -> bytes | None:
    path = data_dir / "media.json"
    return path.read_bytes() if path.exists() else None


def upload(client, files: list[tuple[bytes, str]], alt: str = "", follow: bool = False):
    """Post the upload form (token from the page) with ``files`` [(bytes, filename)] and ``alt``."""
    token = csrf_from(client.get(UPLOAD_URL).get_data(as_text=True))
    data = {"csrf_token": token, "alt": alt, "files": [(io.BytesIO(b), name) for b, name in files]}
    return client.post(UPLOAD_URL, data=data, content_type="multipart/form-data", follow_redirects=follow)


def upload_one(client, data_dir: Path, payload: bytes, filename: str, alt: str = "") -> dict:
    """Upload one file that must be accepted; return its record read back from disk."""
    r = upload(client, [(payload, filename)], alt)
    assert r.status_code == 302, field_error(r.get_data(as_text=True), "files")
    item_id = int(urlsplit(r.headers["Location"]).path.rsplit("/", 1)[1])
    return fresh(Library, data_dir).get(item_id)


def json_upload(client, auth, payload: bytes, filename: str, alt: str = "Ảnh minh họa", header: bool = False):
    token = auth.token("/quan-tri/thu-vien")
    data = {"file": (io.BytesIO(payload), filename), "alt": alt}
    headers = {}
    if header:
        headers["X-CSRFToken"] = token
    else:
        data["csrf_token"] = token
    return client.post(JSON_UPLOAD_URL, data=data, headers=headers, content_type="multipart/form-data")


def publish(content, title: str, body: str = "<p>Nội dung.</p>", **extra) -> dict:
    return content.save_article(dict({"title": title, "section_id": section_id(content, NEWS),
                                      "status": "published", "body": body}, **extra))


def post_confirm(client, auth, url: str, follow: bool = False):
    return client.post(url, data={"csrf_token": auth.token("/quan-tri/thu-vien")}, follow_redirects=follow)


# ---------------------------------------------------------------- attacks: refused, nothing stored
ATTACKS = [
    pytest.param(b"<?php system($_GET['c']); ?>\n", "photo.jpg",
                 "Không nhận tệp trang web, tệp dữ liệu dạng mã hay mã chương trình",
                 id="php-named-jpg"),
    pytest.param(b"GIF89a<script>alert(document.cookie)</script>", "anh.gif", "không phải là ảnh hợp lệ",
                 id="gif-header-then-html"),
    pytest.param(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                 "logo.svg", "Không nhận ảnh vẽ dạng mã", id="svg-with-script"),
    pytest.param(b'  \n<svg onload="alert(1)" xmlns="http://www.w3.org/2000/svg"/>', "logo.png",
                 "Không nhận ảnh vẽ dạng mã",
                 id="svg-named-png"),
    pytest.param(b"<!doctype html><html><script>alert(1)</script></html>", "trang.pdf",
                 "Không nhận tệp trang web, tệp dữ liệu dạng mã hay mã chương trình", id="html-named-pdf"),
    pytest.param(b"import os\nos.system('rm -rf /')\n", "../../app.py", "Không nhận loại tệp này", id="dotdot-app-py"),
    pytest.param(png_bomb(), "bom.png", "kích thước điểm ảnh quá lớn", id="png-bomb-20000x20000"),
    pytest.param(b"", "rong.jpg", "Tệp rỗng (0 byte)", id="zero-bytes"),
    pytest.param(b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "chuong-trinh.docx", "Không nhận loại tệp này", id="elf"),
    pytest.param(bmp_bytes(), "anh.bmp", "Chỉ nhận ảnh JPEG, PNG hoặc GIF", id="bmp"),
    pytest.param(b"PK\x03\x04" + b"\x00" * 100, "bao-cao.docx", "bị hỏng", id="broken-zip"),
]


@pytest.mark.parametrize("payload, filename, message", ATTACKS)
def test_upload_attack_is_refused_with_a_message_and_nothing_is_saved(client, auth, data_dir, payload, filename,
                                                                      message):
    before_files, before_json = uploads(data_dir), media_json(data_dir)
    r = upload(client, [(payload, filename)], alt="Mô tả")
    assert r.status_code == 200
    error = field_error(r.get_data(as_text=True), "files")
    assert error and message in error, error
    assert uploads(data_dir) == before_files == []
    assert media_json(data_dir) == before_json
    assert not (data_dir.parent / "app.py").exists() and not (data_dir / "app.py").exists()


@pytest.mark.parametrize("payload, filename, message", ATTACKS)
def test_json_upload_attack_answers_400_json_and_nothing_is_saved(client, auth, data_dir, payload, filename, message):
    r = json_upload(client, auth, payload, filename)
    assert r.status_code == 400
    assert r.mimetype == "application/json"
    if payload.startswith(b"PK"):
        message = "chỉ chèn được ảnh"  # the editor's image picker takes no documents, broken or not
    assert message in r.get_json()["error"]
    assert uploads(data_dir) == []
    assert media_json(data_dir) is None


def test_valid_gif_with_html_appended_is_re_encoded_and_served_as_an_image(client, auth, data_dir):
    polyglot = gif_bytes() + b"<html><script>alert(document.cookie)</script></html>"
    with Image.open(io.BytesIO(polyglot)) as img:
        assert img.format == "GIF"  # a browser sniffing it could also take it for HTML
    item = upload_one(client, data_dir, polyglot, "anh-dong.gif", alt="Ảnh động")
    stored = (data_dir / "uploads" / item["name"]).read_bytes()
    assert b"<script" not in stored.lower() and b"<html" not in stored.lower()
    assert item["name"].endswith(".png") and item["type"] == "image/png"
    served = client.get(f"/tep/{item['name']}")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.data == stored


def test_dotdot_name_with_image_content_is_stored_under_a_random_name(client, auth, data_dir):
    item = upload_one(client, data_dir, png_bytes(), "../../app.py", alt="Ảnh có tên lạ")
    assert re.fullmatch(r"[a-f0-9]{32}\.png", item["name"])
    assert item["original"] == "app.png"
    assert uploads(data_dir) == [item["name"]]
    assert not (data_dir.parent / "app.py").exists()


def test_jpeg_exif_is_dropped_and_the_photo_turned_upright(client, auth, data_dir):
    original = jpeg_with_exif()
    assert b"CanonSecretMake" in original
    item = upload_one(client, data_dir, original, "IMG_0001.JPG", alt="Cánh đồng lúa")
    stored = (data_dir / "uploads" / item["name"]).read_bytes()
    assert b"CanonSecretMake" not in stored and b"Nguyen Van A" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.format == "JPEG"
        assert len(img.getexif()) == 0
        assert img.size == (200, 400)  # orientation 6 applied before the EXIF was dropped
    assert (item["width"], item["height"]) == (200, 400)


def test_size_limits_come_from_the_config(app, client, auth, data_dir):
    app.config["MAX_IMAGE_BYTES"] = 2048
    app.config["MAX_DOCUMENT_BYTES"] = 2048
    r = upload(client, [(jpeg_bytes(300, 300), "anh.jpg")], alt="Ảnh lớn")
    assert field_error(r.get_data(as_text=True), "files") == "Ảnh quá lớn (tối đa 2 KB)."
    r = upload(client, [(PDF + b"0" * 3000, "van-ban.pdf")])
    assert field_error(r.get_data(as_text=True), "files") == "Tệp quá lớn (tối đa 2 KB)."
    assert uploads(data_dir) == [] and media_json(data_dir) is None


def test_an_image_needs_alt_text_and_a_document_does_not(client, auth, data_dir):
    r = upload(client, [(png_bytes(), "anh.png")], alt="  ")
    assert r.status_code == 200
    assert "Vui lòng nhập mô tả ảnh" in (field_error(r.get_data(as_text=True), "alt") or "")
    assert uploads(data_dir) == [] and media_json(data_dir) is None
    doc = upload_one(client, data_dir, PDF, "Kế hoạch.pdf")
    assert doc["kind"] == "document" and doc["alt"] == ""


def test_several_files_are_stored_only_when_every_one_is_valid(client, auth, data_dir):
    r = upload(client, [(png_bytes(), "tot.png"), (b"<?php echo 1;", "xau.jpg")], alt="Ảnh hội nghị")
    assert r.status_code == 200
    error = field_error(r.get_data(as_text=True), "files")
    assert "xau.jpg" in error and "Chưa lưu tệp nào" in error
    assert uploads(data_dir) == [] and media_json(data_dir) is None

    r = upload(client, [(png_bytes(), "mot.png"), (PDF, "hai.pdf")], alt="Ảnh hội nghị")
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/quan-tri/thu-vien"
    items = fresh(Library, data_dir).all()
    assert sorted(i["original"] for i in items) == ["hai.pdf", "mot.png"]
    assert {i["kind"] for i in items} == {"image", "document"}


# ---------------------------------------------------------------- web sizes and srcset
def test_images_are_stored_in_web_sizes_never_upscaled(client, auth, data_dir):
    big = upload_one(client, data_dir, jpeg_bytes(2000, 1000), "toan-canh.jpg", alt="Toàn cảnh xã")
    stem = big["name"][:-4]
    assert (big["width"], big["height"], big["sizes"]) == (1600, 800, [320, 800])
    for name, size in ((big["name"], (1600, 800)), (f"{stem}-800.jpg", (800, 400)), (f"{stem}-320.jpg", (320, 160))):
        with Image.open(data_dir / "uploads" / name) as img:
            assert img.size == size
        r = client.get(f"/tep/{name}")
        assert r.status_code == 200 and r.headers["Content-Type"] == "image/jpeg"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    small = upload_one(client, data_dir, png_bytes(100, 80), "nho.png", alt="Biểu tượng")
    assert (small["width"], small["height"], small["sizes"]) == (100, 80, [])
    assert sorted(uploads(data_dir)) == sorted([big["name"], f"{stem}-800.jpg", f"{stem}-320.jpg", small["name"]])


def test_article_cover_gets_web_sizes_and_public_pages_use_srcset(app, client, auth, content, data_dir):
    cover = save_image(app.extensions["trangxa"].store, jpeg_bytes(1800, 1200), "cover")
    stem = cover[:-4]
    assert {f"{stem}-320.jpg", f"{stem}-800.jpg", cover} <= set(uploads(data_dir))
    art = publish(content, "Khánh thành cầu mới", cover=cover, cover_alt="Cầu mới bắc qua sông")
    page = client.get(f"/tin-tuc-su-kien/{art['slug']}").get_data(as_text=True)
    img = re.search(rf'<img src="/tep/{cover}"[^>]*>', page).group(0)
    assert f'srcset="/tep/{stem}-320.jpg 320w, /tep/{stem}-800.jpg 800w, /tep/{cover} 1600w"' in img
    assert 'sizes="' in img and 'width="1600" height="1067"' in img and 'alt="Cầu mới bắc qua sông"' in img

    listing = client.get("/tin-tuc-su-kien").get_data(as_text=True)
    # A list shows the 320 px copy (a phone loads about 15 KB, not the 1600 px picture).
    card = re.search(rf'<img class="article-card__img" src="/tep/{stem}-320.jpg"[^>]*>', listing).group(0)
    assert f"/tep/{stem}-320.jpg 320w" in card and 'sizes="120px"' in card and 'loading="lazy"' in card

    banner_image = save_image(app.extensions["trangxa"].store, jpeg_bytes(1600, 300), "image")
    app.extensions["trangxa"].banners.save({"title": "Chuyển đổi số", "alt": "Chung tay chuyển đổi số",
                                            "start": "2000-01-01", "image": banner_image})
    home = client.get("/").get_data(as_text=True)
    banner = re.search(rf'<img src="/tep/{banner_image}"[^>]*>', home).group(0)
    assert f"/tep/{banner_image[:-4]}-800.jpg 800w" in banner and 'width="1600" height="300"' in banner


def test_images_stored_before_web_sizes_get_them_when_brought_into_the_library(app, client, auth, content,
                                                                                data_dir):
    store = app.extensions["trangxa"].store
    old = save_image(store, jpeg_bytes(1000, 500), "cover")
    for width in (320, 800):  # as stored by the first version of the site
        (data_dir / "uploads" / f"{old[:-4]}-{width}.jpg").unlink()
    assert image_info(Store(data_dir), old)["sizes"] == [(1000, old)]
    art = publish(content, "Bài cũ có ảnh", cover=old, cover_alt="Ảnh bài cũ")
    listing = client.get("/quan-tri/thu-vien").get_data(as_text=True)
    assert "Có 1 ảnh đã tải lên qua biểu mẫu" in listing
    r = post_confirm(client, auth, "/quan-tri/thu-vien/nhap-anh-da-co", follow=True)
    assert "Đã đưa 1 ảnh vào thư viện." in unescaped(r)
    item = fresh(Library, data_dir).by_name(old)
    assert item["alt"] == "Ảnh bài cũ" and item["sizes"] == [320, 800]
    assert (item["width"], item["height"]) == (1000, 500)
    assert {f"{old[:-4]}-320.jpg", f"{old[:-4]}-800.jpg"} <= set(uploads(data_dir))
    assert add_web_sizes(store, old) == []  # nothing left to add
    # The cover now counts as a use: the library refuses to delete it.
    r = post_confirm(client, auth, f"/quan-tri/thu-vien/{item['id']}/xoa", follow=True)
    assert "Không xóa được “" + old + "”" in unescaped(r)  # imported images keep their stored name as file name
    assert fresh(Library, data_dir).get(item["id"])["trashed_at"] is None
    assert f'<a href="/quan-tri/tin-bai/{art["id"]}">Bài cũ có ảnh</a>' in r.get_data(as_text=True)


# ---------------------------------------------------------------- delete, trash, restore
def test_delete_is_refused_while_an_article_uses_the_file_then_allowed_and_restorable(client, auth, content,
                                                                                        data_dir):
    item = upload_one(client, data_dir, jpeg_bytes(1200, 800), "hoi-nghi.jpg", alt="Hội nghị")
    medium = f"{item['name'][:-4]}-800.jpg"
    art = publish(content, "Hội nghị <tổng kết> năm", body=f'<p><img src="/tep/{medium}" alt="Hội nghị"></p>')
    publish(content, "Bài không liên quan")
    files_before = uploads(data_dir)

    r = post_confirm(client, auth, f"/quan-tri/thu-vien/{item['id']}/xoa")
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == f"/quan-tri/thu-vien/{item['id']}"
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Không xóa được “hoi-nghi.jpg” vì tệp đang được dùng ở: Tin bài" in htmllib.unescape(page)
    assert f'<a href="/quan-tri/tin-bai/{art["id"]}">Hội nghị &lt;tổng kết&gt; năm</a>' in page  # title escaped
    assert "Bài không liên quan" not in page
    assert fresh(Library, data_dir).get(item["id"])["trashed_at"] is None

    content.save_article({"title": art["title"], "section_id": art["section_id"], "status": "published",
                          "body": "<p>Đã bỏ ảnh.</p>"}, art["id"])
    r = post_confirm(client, auth, f"/quan-tri/thu-vien/{item['id']}/xoa", follow=True)
    assert "Đã chuyển “hoi-nghi.jpg” vào thùng rác" in unescaped(r)
    assert fresh(Library, data_dir).get(item["id"])["trashed_at"]
    assert uploads(data_dir) == files_before  # the files stay on disk
    assert "hoi-nghi.jpg" not in unescaped(client.get("/quan-tri/thu-vien"))
    assert "hoi-nghi.jpg" in unescaped(client.get("/quan-tri/thu-vien?thung_rac=1"))
    assert client.get(JSON_LIST_URL).get_json()["total"] == 0

    r = post_confirm(client, auth, f"/quan-tri/thu-vien/{item['id']}/khoi-phuc", follow=True)
    assert "Đã khôi phục “hoi-nghi.jpg”." in unescaped(r)
    assert fresh(Library, data_dir).get(item["id"])["trashed_at"] is None
    assert client.get(JSON_LIST_URL).get_json()["total"] == 1


@pytest.mark.parametrize("where", ["cover", "page", "banner"])
def test_delete_is_refused_while_a_cover_an_intro_page_or_a_banner_uses_the_file(app, client, auth, content,
                                                                                  data_dir, where):
    item = upload_one(client, data_dir, png_bytes(), "anh.png", alt="Ảnh dùng chung")
    if where == "cover":
        publish(content, "Bài có ảnh đại diện", cover=item["name"], cover_alt="Ảnh")
        label = "Tin bài “Bài có ảnh đại diện”"
    elif where == "page":
        content.save_page({"title": "Lịch sử xã", "body": f'<p><img src="/tep/{item["name"]}" alt="x"></p>'})
        label = "Trang giới thiệu “Lịch sử xã”"
    else:
        app.extensions["trangxa"].banners.save({"title": "Panô", "alt": "Panô", "start": "2024-01-01",
                                                "image": item["name"]})
        label = "Pa-nô tuyên truyền “Panô”"
    r = post_confirm(client, auth, f"/quan-tri/thu-vien/{item['id']}/xoa", follow=True)
    page = re.sub(r"<[^>]+>", "", r.get_data(as_text=True))
    assert "Không xóa được" in page and htmllib.escape(label, quote=False) in page
    assert fresh(Library, data_dir).get(item["id"])["trashed_at"] is None


# ---------------------------------------------------------------- /tep/ path tricks
@pytest.mark.parametrize("url", [
    "/tep/..%2Fapp.py", "/tep/..%2F..%2Fapp.py", "/tep/.secret_key", "/tep/%00", "/tep/..%5Capp.py",
    "/tep/..\\app.py", "/tep/%2E%2E%2Fsite.json", "/tep/.htaccess", "/tep/media.json",
    "/tep/tai-ve/..%2F..%2Fapp.py", "/tep/tai-ve/.secret_key", "/tep/tai-ve/%00", "/tep/tai-ve/..%5Cmedia.json",
])
def test_path_tricks_on_tep_are_404(client, auth, data_dir, url):
    upload_one(client, data_dir, png_bytes(), "anh.png", alt="Ảnh")
    (data_dir / "uploads" / ".htaccess").write_text("AddType application/x-httpd-php .jpg")
    r = client.get(url)
    assert r.status_code == 404


def test_only_our_names_and_sizes_are_served(client, auth, data_dir):
    image = upload_one(client, data_dir, jpeg_bytes(900, 600), "anh.jpg", alt="Ảnh")
    doc = upload_one(client, data_dir, PDF, "ke-hoach.pdf")
    stem = image["name"][:-4]
    assert client.get(f"/tep/{stem}-320.jpg").status_code == 200
    for name in (f"{stem}-999.jpg", f"{stem}-320.png", f"{stem}.svg", f"{stem}.jpg.html", f"{stem}.JPG",
                 f"{stem}.jpg%00.html", doc["name"], f"tai-ve/{image['name']}"):
        assert client.get(f"/tep/{name}").status_code == 404, name


# ---------------------------------------------------------------- documents
def test_pdf_upload_and_download_as_an_attachment(client, auth, data_dir):
    doc = upload_one(client, data_dir, PDF, "Quyết định số 12.pdf", alt="Quyết định phê duyệt kế hoạch")
    assert doc["kind"] == "document" and doc["type"] == "application/pdf" and doc["size"] == len(PDF)
    assert re.fullmatch(r"[a-f0-9]{32}\.pdf", doc["name"])
    edit = client.get(f"/quan-tri/thu-vien/{doc['id']}").get_data(as_text=True)
    assert f'href="/tep/tai-ve/{doc["name"]}"' in edit
    r = client.get(f"/tep/tai-ve/{doc['name']}")
    assert r.status_code == 200 and r.data == PDF
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('Quyết định số 12.pdf', safe='')}" in disposition
    assert 'filename="Quyet dinh so 12.pdf"' in disposition
    # In the trash it can no longer be downloaded; restored, it can.
    post_confirm(client, auth, f"/quan-tri/thu-vien/{doc['id']}/xoa")
    assert client.get(f"/tep/tai-ve/{doc['name']}").status_code == 404
    post_confirm(client, auth, f"/quan-tri/thu-vien/{doc['id']}/khoi-phuc")
    assert client.get(f"/tep/tai-ve/{doc['name']}").status_code == 200


def test_odt_is_recognised_by_its_mimetype_member(client, auth, data_dir):
    doc = upload_one(client, data_dir, odt_bytes(), "bao-cao.docx")
    assert doc["ext"] == "odt" and doc["original"] == "bao-cao.odt"
    r = client.get(f"/tep/tai-ve/{doc['name']}")
    assert r.headers["Content-Type"] == "application/vnd.oasis.opendocument.text"


def test_a_document_uploaded_elsewhere_is_not_downloadable_from_the_library(app, client, auth, data_dir):
    from core.uploads import save_document

    saved = save_document(app.extensions["trangxa"].store, PDF, "x.pdf")
    assert client.get(f"/tep/tai-ve/{saved['name']}").status_code == 404


# ---------------------------------------------------------------- list, search, edit
def test_list_search_without_diacritics_filter_by_kind_and_edit_alt(client, auth, data_dir):
    first = upload_one(client, data_dir, png_bytes(), "hoi-truong.png", alt="Hội trường Ủy ban nhân dân xã")
    upload_one(client, data_dir, png_bytes(), "dong-lua.png", alt="Cánh đồng lúa chín")
    upload_one(client, data_dir, PDF, "Kế hoạch đường giao thông.pdf")
    page = client.get("/quan-tri/thu-vien").get_data(as_text=True)
    assert '<a href="/quan-tri/thu-vien" aria-current="page">Thư viện</a>' in page
    assert '<th scope="col">Xem trước</th>' in page and page.count('<th scope="row">') == 3
    assert f'src="/tep/{first["name"]}"' in page

    found = unescaped(client.get("/quan-tri/thu-vien?q=uy+ban+hoi"))
    assert "hoi-truong.png" in found and "dong-lua.png" not in found
    found = unescaped(client.get("/quan-tri/thu-vien?q=duong+giao"))
    assert "Kế hoạch đường giao thông.pdf" in found and "hoi-truong.png" not in found
    only_docs = unescaped(client.get("/quan-tri/thu-vien?loai=van-ban"))
    assert "Kế hoạch đường giao thông.pdf" in only_docs and "dong-lua.png" not in only_docs
    assert client.get("/quan-tri/thu-vien?trang=2").status_code == 404

    edit_url = f"/quan-tri/thu-vien/{first['id']}"
    token = csrf_from(client.get(edit_url).get_data(as_text=True))
    r = client.post(edit_url, data={"csrf_token": token, "alt": ""})
    assert "Vui lòng nhập mô tả ảnh" in (field_error(r.get_data(as_text=True), "alt") or "")
    r = client.post(edit_url, data={"csrf_token": token, "alt": "Hội trường mới sơn lại"})
    assert r.status_code == 302
    assert fresh(Library, data_dir).get(first["id"])["alt"] == "Hội trường mới sơn lại"
    assert "hoi-truong.png" in unescaped(client.get("/quan-tri/thu-vien?q=son+lai"))


# ---------------------------------------------------------------- JSON for the rich-text editor
def test_json_image_list_shape_search_and_pages(client, auth, data_dir):
    big = upload_one(client, data_dir, jpeg_bytes(1000, 500), "lon.jpg", alt="Đường bê tông liên thôn")
    small = upload_one(client, data_dir, png_bytes(120, 90), "nho.png", alt="Biểu trưng xã")
    upload_one(client, data_dir, PDF, "van-ban.pdf", alt="Đường liên thôn")
    r = client.get(JSON_LIST_URL)
    assert r.status_code == 200 and r.mimetype == "application/json"
    data = r.get_json()
    assert data["total"] == 2
    assert [i["id"] for i in data["items"]] == [small["id"], big["id"]]  # newest first, images only
    assert all(set(i) == ITEM_KEYS for i in data["items"])
    assert data["items"][1] == {"id": big["id"], "name": big["name"], "url": f"/tep/{big['name']}",
                                "thumb": f"/tep/{big['name'][:-4]}-320.jpg", "alt": "Đường bê tông liên thôn",
                                "width": 1000, "height": 500}
    assert data["items"][0]["thumb"] == f"/tep/{small['name']}"  # no smaller size of a small image
    assert client.get(JSON_LIST_URL + "?q=duong+be+tong").get_json()["total"] == 1
    assert client.get(JSON_LIST_URL + "?q=khong+co").get_json() == {"items": [], "total": 0}
    assert client.get(JSON_LIST_URL + "?trang=2").get_json() == {"items": [], "total": 2}
    bad = client.get(JSON_LIST_URL + "?trang=abc")
    assert bad.status_code == 400 and bad.get_json() == {"error": "Số trang không hợp lệ."}


def test_json_image_list_has_forty_per_page(app, client, auth, data_dir):
    library = app.extensions["trangxa"].library
    for n in range(41):
        library.add_upload(png_bytes(8, 8, (n, n, n)), f"anh-{n}.png", f"Ảnh số {n}", "bientap")
    first = client.get(JSON_LIST_URL).get_json()
    assert first["total"] == 41 and len(first["items"]) == 40
    second = client.get(JSON_LIST_URL + "?trang=2").get_json()
    assert [i["alt"] for i in second["items"]] == ["Ảnh số 0"]


@pytest.mark.parametrize("header", [False, True], ids=["form-token", "header-token"])
def test_json_upload_answers_201_with_the_item(client, auth, data_dir, header):
    r = json_upload(client, auth, jpeg_bytes(900, 600), "anh-chen.jpg", alt="Ảnh chèn vào bài", header=header)
    assert r.status_code == 201 and r.mimetype == "application/json"
    item = r.get_json()["item"]
    assert set(item) == ITEM_KEYS
    stored = fresh(Library, data_dir).by_name(item["name"])
    assert item == {"id": stored["id"], "name": stored["name"], "url": f"/tep/{stored['name']}",
                    "thumb": f"/tep/{stored['name'][:-4]}-320.jpg", "alt": "Ảnh chèn vào bài",
                    "width": 900, "height": 600}
    assert stored["uploaded_by"] == "bientap" and stored["original"] == "anh-chen.jpg"
    assert client.get(item["thumb"]).status_code == 200


@pytest.mark.parametrize("payload, filename, alt, message", [
    (png_bytes(), "anh.png", "", "Vui lòng nhập mô tả ảnh"),
    (PDF, "van-ban.pdf", "Văn bản", "chỉ chèn được ảnh"),
    (odt_bytes(), "van-ban.odt", "Văn bản", "chỉ chèn được ảnh"),
])
def test_json_upload_errors_are_json(client, auth, data_dir, payload, filename, alt, message):
    r = json_upload(client, auth, payload, filename, alt=alt)
    assert r.status_code == 400 and r.mimetype == "application/json"
    assert message in r.get_json()["error"]
    assert uploads(data_dir) == [] and media_json(data_dir) is None


def test_json_upload_without_file_or_token_is_a_json_400(client, auth, data_dir):
    token = auth.token("/quan-tri/thu-vien")
    r = client.post(JSON_UPLOAD_URL, data={"csrf_token": token, "alt": "Ảnh"})
    assert r.status_code == 400 and r.get_json() == {"error": "Vui lòng chọn ảnh."}
    r = client.post(JSON_UPLOAD_URL, data={"file": (io.BytesIO(png_bytes()), "a.png"), "alt": "Ảnh"},
                    content_type="multipart/form-data")
    assert r.status_code == 400 and "Phiên làm việc đã hết hạn" in r.get_json()["error"]
    r = client.post(JSON_UPLOAD_URL, data={"file": (io.BytesIO(png_bytes()), "a.png"), "alt": "Ảnh"},
                    headers={"X-CSRFToken": "sai"}, content_type="multipart/form-data")
    assert r.status_code == 400 and r.mimetype == "application/json"
    assert uploads(data_dir) == [] and media_json(data_dir) is None


def test_json_upload_too_large_for_the_request_is_a_json_400(app, client, auth, data_dir):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    r = json_upload(client, auth, jpeg_bytes(800, 800) + b"0" * 8192, "anh.jpg")
    assert r.status_code == 400 and r.mimetype == "application/json"
    assert "quá lớn" in r.get_json()["error"]
    assert uploads(data_dir) == []


def test_json_endpoints_send_a_logged_out_visitor_to_the_login_page(app, client, data_dir):
    for r in (client.get(JSON_LIST_URL),
              client.post(JSON_UPLOAD_URL, data={"file": (io.BytesIO(png_bytes()), "a.png"), "alt": "Ảnh"},
                          content_type="multipart/form-data")):
        assert r.status_code == 302
        assert urlsplit(r.headers["Location"]).path == "/dang-nhap"
    assert uploads(data_dir) == []


def test_library_screens_need_a_login(client):
    for url in ("/quan-tri/thu-vien", UPLOAD_URL, "/quan-tri/thu-vien/1"):
        r = client.get(url)
        assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dang-nhap"
    assert client.post("/quan-tri/thu-vien/1/xoa").status_code == 400  # no token: CSRF refuses first


def test_upload_form_is_accessible(client, auth):
    page = client.get(UPLOAD_URL).get_data(as_text=True)
    assert '<label class="field__label" for="files">Chọn tệp</label>' in page
    assert re.search(r'<input[^>]*id="files"[^>]*multiple', page)
    assert '<label class="field__label" for="alt">Mô tả ảnh (cho người khiếm thị)</label>' in page
    assert 'enctype="multipart/form-data"' in page


def test_media_json_is_a_proper_data_file(client, auth, data_dir):
    upload_one(client, data_dir, png_bytes(), "anh.png", alt="Ảnh")
    data = json.loads(media_json(data_dir))
    (record,) = data["items"].values()
    assert set(record) >= {"name", "kind", "original", "type", "size", "width", "height", "alt", "uploaded_at",
                           "uploaded_by", "trashed_at"}
    assert record["type"] == "image/png" and record["kind"] == "image"

"""Thông cáo báo chí: the panel (roles, cleaning, the file), the public list, detail and download, the
spokesperson page, sitemaps, API, search, backup and the static mirror."""
from __future__ import annotations

import io
import zipfile

import pytest

from conftest import PASSWORD, csrf_from, field_error, fresh, post_button, text, unmarked, uploads
from core.press import PressReleases
from test_documents import pdf_bytes

NEW = "/quan-tri/thong-cao-bao-chi/moi"


@pytest.fixture
def site(app):
    return app.extensions["trangxa"]


def _release(**changes) -> dict:
    return dict({"title": "Kết quả kỳ họp HĐND xã", "number": "03/TCBC-UBND", "issued_on": "2026-11-20",
                 "summary": "Các nghị quyết được thông qua.",
                 "body": "<p>Kỳ họp đã thông qua <strong>bốn nghị quyết</strong> về kinh tế – xã hội.</p>"}, **changes)


def _post(client, url: str, data: dict, file: tuple[bytes, str] | None = None):
    token = csrf_from(client.get(url).get_data(as_text=True))
    data = dict(data, csrf_token=token)
    if file:
        data["attachment"] = (io.BytesIO(file[0]), file[1])
    return client.post(url, data=data, content_type="multipart/form-data")


def _login_as(auth, role: str) -> None:
    auth.logout()
    auth.app.extensions["trangxa"].accounts.create_user(role, PASSWORD, "Người Thử", role=role)
    assert auth.login(role).status_code == 302


def test_an_editor_publishes_a_release_whose_body_is_cleaned(client, auth, data_dir):
    _login_as(auth, "editor")
    body = ('<p onclick="alert(1)">Nội dung <a href="javascript:alert(2)">thông cáo</a></p>'
            '<script>alert(3)</script><iframe src="https://evil.example/"></iframe><b onmouseover="alert(4)">x</b>')
    r = _post(client, NEW, _release(body=body), (pdf_bytes(), "Thông cáo 03.pdf"))
    assert r.status_code == 302, r.get_data(as_text=True)[:1500]
    item = fresh(PressReleases, data_dir).all()[0]
    for bad in ("onclick", "javascript:", "<script", "evil.example", "onmouseover"):
        assert bad not in item["body"]
    assert "Nội dung" in item["body"] and item["attachment"]["type"] == "pdf"
    assert item["attachment"]["name"] in uploads(data_dir)
    detail = client.get(f"/thong-cao-bao-chi/{item['id']}")
    assert detail.status_code == 301
    page = client.get(detail.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Kết quả kỳ họp HĐND xã" in html and "alert(" not in html
    assert 'data-action="print"' in html
    download = client.get(f"/thong-cao-bao-chi/{item['id']}/tai-ve")
    assert download.status_code == 200 and download.data == pdf_bytes()
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_a_bad_release_keeps_what_was_typed_and_stores_no_file(client, auth, data_dir):
    r = _post(client, NEW, _release(title="", issued_on="31/02/2026"), (pdf_bytes(), "tep.pdf"))
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert field_error(html, "title") and field_error(html, "issued_on")
    assert "bốn nghị quyết" in html and uploads(data_dir) == []
    r = _post(client, NEW, _release(), (b"MZ not a document", "virus.pdf"))
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "attachment")
    assert fresh(PressReleases, data_dir).all() == [] and uploads(data_dir) == []


@pytest.mark.parametrize("url", [NEW, "/quan-tri/thong-cao-bao-chi"])
def test_a_contributor_is_refused(client, auth, site, url):
    _login_as(auth, "contributor")
    assert client.get(url).status_code == 403
    if url == NEW:
        assert _post_raw(client, auth, url).status_code == 403
    assert site.press.all() == []


def _post_raw(client, auth, url):
    return client.post(url, data=dict(_release(), csrf_token=auth.token()), content_type="multipart/form-data")


def test_trash_and_restore_with_the_audit_words(client, auth, site):
    item = site.press.save(_release())
    assert post_button(client, f"/quan-tri/thong-cao-bao-chi/{item['id']}/xoa").status_code == 302
    assert client.get(f"/thong-cao-bao-chi/{item['id']}").status_code == 404
    assert "Kết quả kỳ họp" not in text(client.get("/thong-cao-bao-chi"))
    assert post_button(client, f"/quan-tri/thong-cao-bao-chi/{item['id']}/khoi-phuc").status_code == 302
    assert "Kết quả kỳ họp" in text(client.get("/thong-cao-bao-chi"))
    log = text(client.get("/quan-tri/nhat-ky"))
    assert "Chuyển vào thùng rác thông cáo báo chí" in log and "Khôi phục thông cáo báo chí" in log
    assert "«Kết quả kỳ họp HĐND xã»" in log


def test_list_filters_by_year_and_the_spokesperson_page_shows_the_latest(client, site):
    site.press.save(_release(title="Thông cáo năm trước", issued_on="2025-03-02"))
    for n in range(6):
        site.press.save(_release(title=f"Thông cáo số {n + 1} năm nay", issued_on=f"2026-0{n + 1}-10"))
    page = text(client.get("/thong-cao-bao-chi?nam=2025"))
    assert "Thông cáo năm trước" in page and "năm nay" not in page.split("<h1>", 1)[1]
    page = text(client.get("/thong-cao-bao-chi"))
    assert page.index("Thông cáo số 6 năm nay") < page.index("Thông cáo số 1 năm nay") < page.index("năm trước")
    spokesperson = text(client.get("/gioi-thieu/nguoi-phat-ngon"))
    assert "Thông cáo số 6 năm nay" in spokesperson and "Thông cáo số 2 năm nay" in spokesperson
    assert "Thông cáo số 1 năm nay" not in spokesperson  # the five latest only
    assert 'href="/thong-cao-bao-chi"' in spokesperson


def test_sitemaps_api_and_search_have_the_releases(client, site):
    item = site.press.save(_release(body="<p>Khắc phục hậu quả mưa lớn tại các thôn.</p>"))
    url = f"/thong-cao-bao-chi/{item['id']}-{site.press.get(item['id'])['slug']}"
    assert f"{url}<" in client.get("/sitemap.xml").get_data(as_text=True)
    assert "/thong-cao-bao-chi<" in client.get("/sitemap.xml").get_data(as_text=True)
    assert 'href="/thong-cao-bao-chi"' in text(client.get("/so-do-cong"))
    data = client.get("/api/v1/press").get_json()
    assert set(data) == {"items", "total", "page", "per_page"} and data["total"] == 1
    assert data["items"][0]["number"] == "03/TCBC-UBND" and data["items"][0]["url"].endswith(url)
    assert "<p>" in data["items"][0]["body_html"] and data["items"][0]["file"] is None
    found = client.get("/tim-kiem?q=mua lon")
    assert f'href="{url}"' in found.get_data(as_text=True) and "Thông cáo báo chí" in unmarked(text(found))
    assert "Thông cáo báo chí (1)" in unmarked(text(client.get("/tim-kiem?q=ky hop")))


def test_backup_round_trip_and_static_mirror(client, auth, app, site, data_dir, tmp_path):
    site.press.save(_release(title="Có trong bản sao lưu"))
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    backup = client.post("/quan-tri/sao-luu/tai-ve", data={"csrf_token": token}).data
    assert "press.json" in zipfile.ZipFile(io.BytesIO(backup)).namelist()
    site.press.save(_release(title="Viết sau khi sao lưu"))
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    r = client.post("/quan-tri/sao-luu/khoi-phuc", data={"csrf_token": token,
                                                          "archive": (io.BytesIO(backup), "sao-luu.zip")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    assert [i["title"] for i in fresh(PressReleases, data_dir).all()] == ["Có trong bản sao lưu"]

    from blueprints.export import export_static
    out = tmp_path / "mirror"
    result = export_static(app, out)
    item = site.press.all()[0]
    for name in ("tiep-cong-dan/index.html", "lien-he/index.html", "thong-cao-bao-chi/index.html",
                 f"thong-cao-bao-chi/{item['id']}-{item['slug']}/index.html"):
        assert (out / name).is_file(), name
    assert not [b for b in result["broken"] if "thong-cao" in b[0] or "tiep-cong-dan" in b[0] or "lien-he" in b[0]]

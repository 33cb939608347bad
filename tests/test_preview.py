"""Writing: the preview before publishing (nothing stored), and what the forms give the browser-side editor."""
from __future__ import annotations

import html as htmllib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import csrf_from, foreign_scripts, fresh, section_id
from core.content import Content

ROOT = Path(__file__).resolve().parent.parent
NEWS = "Tin tức – Sự kiện"
NEW_URL = "/quan-tri/tin-bai/moi"
PREVIEW_URL = "/quan-tri/tin-bai/xem-truoc"


def values(content, **overrides) -> dict:
    base = {
        "title": "Thông báo lịch tiếp công dân tháng 7",
        "section_id": str(section_id(content, NEWS)),
        "summary": "",
        "body": "<h2>Lịch tiếp</h2><p>Chủ tịch UBND xã <strong>tiếp công dân</strong> vào thứ Năm.</p>",
        "cover_alt": "",
        "status": "draft",
        "publish_at": "",
        "author": "Văn phòng UBND xã",
    }
    base.update(overrides)
    return base


def post(client, url: str, data: dict, form_url: str = NEW_URL):
    """POST ``data`` to ``url`` with the CSRF token of the form page ``form_url`` (multipart, like the form)."""
    token = csrf_from(client.get(form_url).get_data(as_text=True))
    return client.post(url, data=dict(data, csrf_token=token), content_type="multipart/form-data")


def create(client, content, **overrides) -> int:
    r = post(client, NEW_URL, values(content, **overrides))
    assert r.status_code == 302
    return int(urlsplit(r.headers["Location"]).path.rsplit("/", 1)[1])


def body_of(page: str) -> str:
    return re.search(r'<div class="article__body prose">(.*?)</div>', page, re.S).group(1)


def test_preview_shows_public_template_with_banner_and_stores_nothing(client, auth, content, data_dir):
    dirty = ('<h2>Lịch tiếp</h2><p style="color:white;text-align:center">Giữa <strong>đậm</strong></p>'
             '<script>alert(1)</script><img src="x.png" onerror="alert(2)" alt="ảnh">'
             '<ul><li>Mục một</li></ul><a href="javascript:alert(3)">xấu</a>')
    r = post(client, PREVIEW_URL, values(content, body=dirty))
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "Bản xem trước – chưa đăng" in page
    assert '<h1 class="article__title">Thông báo lịch tiếp công dân tháng 7</h1>' in page
    assert '<nav class="breadcrumb"' in page  # the public article template, not the panel
    body = body_of(page)
    assert "<h2>Lịch tiếp</h2>" in body and "<strong>đậm</strong>" in body and "<li>Mục một</li>" in body
    assert re.search(r'<p style="text-align: ?center;?">', body) and "color" not in body
    assert foreign_scripts(page) == [] and "onerror" not in body and "javascript:" not in body
    assert "jodit" not in page  # the editor's files never reach a public-looking page
    assert '<meta name="robots" content="noindex">' in page
    assert r.headers["Cache-Control"] == "no-store"
    assert fresh(Content, data_dir).index().meta == {}


def test_preview_of_a_saved_article_changes_nothing(client, auth, content, data_dir):
    aid = create(client, content, status="published")
    before = fresh(Content, data_dir).article(aid)
    edit_url = f"/quan-tri/tin-bai/{aid}"
    r = post(client, f"{edit_url}/xem-truoc", values(content, title="Tiêu đề mới chưa lưu",
                                                     base_version=str(before["version"])), form_url=edit_url)
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "Tiêu đề mới chưa lưu" in page
    assert "Người đọc vẫn đang thấy phiên bản đã lưu trước đó." in page
    after = fresh(Content, data_dir).article(aid)
    assert after == before
    public = client.get(f"/tin-tuc-su-kien/{before['slug']}").get_data(as_text=True)
    assert "Tiêu đề mới chưa lưu" not in public


def test_preview_with_errors_shows_the_form_again(client, auth, content, data_dir):
    r = post(client, PREVIEW_URL, values(content, title="  ", summary="Tóm tắt đang gõ dở"))
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "Vui lòng nhập tiêu đề" in page
    assert "Tóm tắt đang gõ dở</textarea>" in page
    # The form shown again still saves to the real address, not to the preview.
    assert re.search(r'<form method="post"[^>]*\saction="/quan-tri/tin-bai/moi"', page)
    assert fresh(Content, data_dir).index().meta == {}


@pytest.mark.parametrize("field, value, message", [
    ("section_id", "9999", "Lựa chọn không hợp lệ"),
    ("publish_at", "0001-01-01T00:00", "Ngày giờ đăng không hợp lệ"),
])
def test_preview_refuses_what_saving_refuses(client, auth, content, data_dir, field, value, message):
    r = post(client, PREVIEW_URL, values(content, **{field: value}))
    assert r.status_code == 200
    assert message in htmllib.unescape(r.get_data(as_text=True))
    assert "Bản xem trước – chưa đăng" not in r.get_data(as_text=True)
    assert fresh(Content, data_dir).index().meta == {}


def test_preview_needs_token_post_and_login(client, auth, content):
    assert client.post(PREVIEW_URL, data=values(content)).status_code == 400  # no CSRF token
    assert client.get(PREVIEW_URL).status_code == 405
    assert post(client, "/quan-tri/tin-bai/9999/xem-truoc", values(content)).status_code == 404
    auth.logout()
    r = client.post(PREVIEW_URL, data=values(content))
    assert r.status_code == 400  # no session, so no valid token: CSRF refuses before the login check
    r = client.get("/quan-tri/tin-bai/moi")
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dang-nhap"


def test_forms_load_the_rich_editor_and_public_pages_do_not(client, auth, content):
    page = client.get(NEW_URL).get_data(as_text=True)
    assert re.search(r'<textarea[^>]*data-rich-editor="1"[^>]*name="body"'
                     r'|<textarea[^>]*name="body"[^>]*data-rich-editor', page)
    assert 'data-rich-form data-autosave-key="/quan-tri/tin-bai/moi"' in page
    assert 'data-media-list="/quan-tri/thu-vien/anh.json"' in page
    assert 'formaction="/quan-tri/tin-bai/xem-truoc" formtarget="_blank"' in page
    for src in ("vendor/jodit-4.15.13/jodit.min.js", "js/jodit-vi.js", "js/editor.js"):
        assert re.search(rf'<script src="/static/{re.escape(src)}(\?v=\d+)?" defer></script>', page), src
    assert "<script>" not in page and " onclick=" not in page  # the CSP allows no inline script
    pages = client.get("/quan-tri/trang-gioi-thieu/moi").get_data(as_text=True)
    assert "data-rich-form" in pages and "js/editor.js" in pages
    for url in ("/", "/tin-tuc-su-kien", "/dang-nhap"):
        assert "jodit" not in client.get(url).get_data(as_text=True)


def test_page_after_a_save_tells_the_browser_to_forget_its_copy(client, auth, content):
    aid = create(client, content)  # the redirect's page carries the "Đã lưu" flash
    edit_url = f"/quan-tri/tin-bai/{aid}"
    first = client.get(edit_url).get_data(as_text=True)
    assert "Đã lưu nháp lúc" in first and 'data-autosave-saved="1"' in first
    assert f'data-autosave-key="{edit_url}" data-autosave-new-key="/quan-tri/tin-bai/moi"' in first
    again = client.get(edit_url).get_data(as_text=True)
    assert 'data-autosave-saved=""' in again


def test_vendored_editor_has_its_licence_and_refresh_notes():
    folder = ROOT / "static" / "vendor" / "jodit-4.15.13"
    assert {p.name for p in folder.iterdir()} == {"jodit.min.js", "jodit.min.css", "LICENSE.txt"}
    assert "Permission is hereby granted, free of charge" in (folder / "LICENSE.txt").read_text()
    assert "v4.15.13" in (folder / "jodit.min.js").read_text(encoding="utf-8")[:400]
    readme = (ROOT / "static" / "vendor" / "README.md").read_text()
    assert "jodit" in readme and "MIT" in readme and "npm install" in readme


def test_contributor_may_preview_and_is_told_to_submit(app, client, content, data_dir):
    from conftest import PASSWORD, AuthActions

    actions = AuthActions(app, client)
    actions.create()  # the first account (admin)
    app.extensions["trangxa"].accounts.create_user("ctv", PASSWORD, "Cộng Tác Viên", role="contributor")
    assert actions.login("ctv").status_code == 302
    r = post(client, PREVIEW_URL, values(content))
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert "Bản xem trước – chưa đăng" in page and "“Gửi duyệt”" in page
    assert fresh(Content, data_dir).index().meta == {}

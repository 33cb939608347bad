"""The editor panel driven through its real forms; outcomes read back from disk and from the public site."""
from __future__ import annotations

import html as htmllib
import io
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from blueprints import INTRO_FEATURES, PUBLIC_FEATURES
from blueprints.menu import MENU_GROUPS
from conftest import csrf_from, field_error, field_errors_of, fresh, post_button, section_id, unmarked, uploads
from core import timeutil
from core.content import Content

NEWS = "Tin tức – Sự kiện"
LOCAL = "Hoạt động của xã"
DIGITAL = "Chuyển đổi số"
INTRO = "Giới thiệu"


# ---------------------------------------------------------------- helpers


def article_count(data_dir: Path) -> int:
    return len(fresh(Content, data_dir).index().meta)


def location_path(response) -> str:
    return urlsplit(response.headers["Location"]).path


def menu_names(html: str) -> list[str]:
    """Return the menu's group labels and section links of a public page, in order (not sub-sections)."""
    menu = re.search(r'<nav class="main-nav"[^>]*>.*?<ul class="menu">(.*?)</nav>', html, re.S).group(1)
    menu = re.sub(r"<ul>.*?</ul>", "", menu, flags=re.S)  # the sub-sections' lists
    features = {label for _, label in PUBLIC_FEATURES + INTRO_FEATURES}  # fixed feature links
    labels = [htmllib.unescape(t) for t in re.findall(r"<(?:a [^>]*|summary[^>]*)>([^<]+)</(?:a|summary)>", menu)]
    groups = {g.label for g in MENU_GROUPS[3:]}  # the groups after the news: features only
    return [label for label in labels if label not in features | groups]


def footer(html: str) -> str:
    return htmllib.unescape(re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S).group(1))


def links_block(html: str) -> str | None:
    m = re.search(r'<h2 class="box__title">Liên kết website</h2>(.*?)</section>', html, re.S)
    return m.group(1) if m else None


def article_values(content, **overrides) -> dict:
    values = {
        "title": "Hội nghị triển khai nhiệm vụ năm 2024",
        "section_id": str(section_id(content, NEWS)),
        "summary": "Tóm tắt hội nghị.",
        "body": "<p>Sáng nay, UBND xã tổ chức hội nghị.</p>",
        "cover_alt": "",
        "status": "published",
        "publish_at": "",
        "author": "Ban Biên tập",
    }
    values.update(overrides)
    return values


def post_article(client, url: str, values: dict):
    """Submit the article form at ``url`` (multipart, with the token from that page)."""
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, data=dict(values, csrf_token=token), content_type="multipart/form-data")


def create_article(client, content, **overrides) -> int:
    r = post_article(client, "/quan-tri/tin-bai/moi", article_values(content, **overrides))
    assert r.status_code == 302, field_errors_of(r)
    m = re.fullmatch(r"/quan-tri/tin-bai/(\d+)", location_path(r))
    assert m
    return int(m.group(1))


def public_url(data_dir: Path, article_id: int) -> str:
    c = fresh(Content, data_dir)
    art = c.article(article_id)
    return f"/{c.section(art['section_id'])['slug']}/{art['slug']}"


def png_bytes(size=(64, 48), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


# ---------------------------------------------------------------- articles
def test_create_article_shows_on_public_page_and_section_page(client, auth, content, data_dir):
    assert article_count(data_dir) == 0
    aid = create_article(client, content)
    stored = fresh(Content, data_dir).article(aid)
    assert stored["title"] == "Hội nghị triển khai nhiệm vụ năm 2024"
    assert stored["status"] == "published" and stored["author"] == "Ban Biên tập"
    url = public_url(data_dir, aid)
    assert url == "/tin-tuc-su-kien/hoi-nghi-trien-khai-nhiem-vu-nam-2024"

    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<h1 class="article__title">Hội nghị triển khai nhiệm vụ năm 2024</h1>' in text
    assert "<p>Sáng nay, UBND xã tổ chức hội nghị.</p>" in text

    listing = client.get("/tin-tuc-su-kien").get_data(as_text=True)
    assert f'href="{url}"' in listing
    home = client.get("/").get_data(as_text=True)
    assert f'href="{url}"' in home


def test_editing_the_title_301s_the_old_url(client, auth, content, data_dir):
    aid = create_article(client, content, title="Tiêu đề ban đầu")
    old_url = public_url(data_dir, aid)
    r = post_article(client, f"/quan-tri/tin-bai/{aid}", article_values(content, title="Tiêu đề đã sửa"))
    assert r.status_code == 302 and location_path(r) == f"/quan-tri/tin-bai/{aid}"
    new_url = public_url(data_dir, aid)
    assert new_url == "/tin-tuc-su-kien/tieu-de-da-sua"
    assert fresh(Content, data_dir).article(aid)["old_slugs"] == ["tieu-de-ban-dau"]

    r = client.get(old_url)
    assert r.status_code == 301
    assert location_path(r) == new_url
    page = client.get(new_url).get_data(as_text=True)
    assert "Tiêu đề đã sửa" in page and "Tiêu đề ban đầu" not in page
    assert article_count(data_dir) == 1


def test_moving_to_another_section_301s_the_old_url(client, auth, content, data_dir):
    aid = create_article(client, content, title="Bài chuyển chuyên mục")
    old_url = public_url(data_dir, aid)
    moved = article_values(content, title="Bài chuyển chuyên mục", section_id=str(section_id(content, DIGITAL)))
    r = post_article(client, f"/quan-tri/tin-bai/{aid}", moved)
    assert r.status_code == 302
    new_url = public_url(data_dir, aid)
    assert new_url == "/chuyen-doi-so/bai-chuyen-chuyen-muc"
    r = client.get(old_url)
    assert r.status_code == 301 and location_path(r) == new_url
    assert client.get(new_url).status_code == 200
    assert f'href="{new_url}"' in client.get("/chuyen-doi-so").get_data(as_text=True)
    assert "Bài chuyển chuyên mục" not in client.get("/tin-tuc-su-kien").get_data(as_text=True)


def test_trash_and_restore(client, auth, content, data_dir):
    aid = create_article(client, content, title="Bài sẽ bị xóa")
    url = public_url(data_dir, aid)
    r = post_button(client, f"/quan-tri/tin-bai/{aid}/xoa", f"/quan-tri/tin-bai/{aid}")
    assert r.status_code == 302
    assert fresh(Content, data_dir).article(aid)["trashed_at"]
    assert article_count(data_dir) == 1  # never hard-deleted

    gone = client.get(url)
    assert gone.status_code == 404
    assert "Bài sẽ bị xóa" not in client.get("/tin-tuc-su-kien").get_data(as_text=True)
    assert "Bài sẽ bị xóa" not in client.get("/").get_data(as_text=True)
    trash = client.get("/quan-tri/tin-bai?thung_rac=1").get_data(as_text=True)
    assert f'href="/quan-tri/tin-bai/{aid}">Bài sẽ bị xóa</a>' in trash
    listing = client.get("/quan-tri/tin-bai").get_data(as_text=True)
    assert "Bài sẽ bị xóa" not in listing

    r = post_button(client, f"/quan-tri/tin-bai/{aid}/khoi-phuc", "/quan-tri/tin-bai?thung_rac=1")
    assert r.status_code == 302
    assert not fresh(Content, data_dir).article(aid)["trashed_at"]
    assert client.get(url).status_code == 200
    assert f'href="{url}"' in client.get("/tin-tuc-su-kien").get_data(as_text=True)
    assert "Bài sẽ bị xóa" not in client.get("/quan-tri/tin-bai?thung_rac=1").get_data(as_text=True)


@pytest.mark.parametrize("query", ["trang=0", "trang=-1", "trang=abc", "trang=%C2%B2", "trang=100001"])
def test_editor_list_bad_page_is_404(client, auth, query):
    assert client.get(f"/quan-tri/tin-bai?{query}").status_code == 404


def test_editor_list_ignores_a_bad_section_filter(client, auth, content):
    create_article(client, content, title="Bài lọc")
    for value in ("%C2%B2", "abc", "9999"):
        r = client.get(f"/quan-tri/tin-bai?chuyen_muc={value}")
        assert r.status_code == 200 and "Bài lọc" in r.get_data(as_text=True)


def test_trash_of_unknown_article_is_404(client, auth):
    assert post_button(client, "/quan-tri/tin-bai/999/xoa").status_code == 404
    assert post_button(client, "/quan-tri/tin-bai/999/khoi-phuc").status_code == 404
    assert client.get("/quan-tri/tin-bai/999").status_code == 404


def test_scheduled_article_appears_only_when_due(client, auth, content, data_dir, set_now):
    due = timeutil.now() + timedelta(days=2)
    aid = create_article(client, content, title="Thông báo hẹn giờ đăng",
                         publish_at=due.strftime("%Y-%m-%dT%H:%M"))
    stored = fresh(Content, data_dir).article(aid)
    assert stored["publish_at"] == timeutil.to_iso(due.replace(second=0, microsecond=0))
    url = public_url(data_dir, aid)

    assert client.get(url).status_code == 404
    for page in ("/", "/tin-tuc-su-kien"):
        assert "Thông báo hẹn giờ đăng" not in client.get(page).get_data(as_text=True)
    assert "Thông báo hẹn giờ đăng" not in unmarked(client.get("/tim-kiem?q=hen+gio+dang").get_data(as_text=True))
    editor_list = client.get("/quan-tri/tin-bai?trang_thai=scheduled").get_data(as_text=True)
    assert "Thông báo hẹn giờ đăng" in editor_list and "Hẹn giờ" in editor_list

    set_now(due + timedelta(hours=1))
    assert client.get(url).status_code == 200
    for page in ("/", "/tin-tuc-su-kien"):
        assert f'href="{url}"' in client.get(page).get_data(as_text=True)
    assert f'href="{url}"' in unmarked(client.get("/tim-kiem?q=hen+gio+dang").get_data(as_text=True))


def test_draft_is_not_public(client, auth, content, data_dir):
    aid = create_article(client, content, title="Bản nháp chưa duyệt", status="draft")
    assert fresh(Content, data_dir).article(aid)["status"] == "draft"
    url = public_url(data_dir, aid)
    assert client.get(url).status_code == 404
    for page in ("/", "/tin-tuc-su-kien", "/tim-kiem?q=ban+nhap+chua+duyet"):
        assert "Bản nháp chưa duyệt" not in unmarked(client.get(page).get_data(as_text=True))
    assert "Bản nháp chưa duyệt" in client.get("/quan-tri/tin-bai?trang_thai=draft").get_data(as_text=True)
    # Publishing the draft makes it visible.
    post_article(client, f"/quan-tri/tin-bai/{aid}", article_values(content, title="Bản nháp chưa duyệt"))
    assert client.get(url).status_code == 200


# Regression: Flask 3.1's default MAX_FORM_MEMORY_SIZE (500 kB) used to turn this into a bare 413 page.
FIVE_MB_BODY = pytest.param({"body": "a" * (5 * 1024 * 1024)}, "body", "Nội dung quá dài", id="5MB-body")


@pytest.mark.parametrize("overrides, field, message", [
    pytest.param({"title": ""}, "title", "Vui lòng nhập tiêu đề.", id="empty-title"),
    pytest.param({"title": "   "}, "title", "Vui lòng nhập tiêu đề.", id="blank-title"),
    pytest.param({"section_id": "9999"}, "section_id", "Lựa chọn không hợp lệ.", id="unknown-section"),
    pytest.param({"section_id": "abc"}, "section_id", "Vui lòng chọn chuyên mục.", id="non-numeric-section"),
    pytest.param({"publish_at": "2023-13-45T99:99"}, "publish_at", "Ngày giờ không hợp lệ.", id="invalid-date"),
    pytest.param({"title": "T" * 301}, "title", "Không được dài quá 300 ký tự.", id="title-too-long"),
    pytest.param({"status": "xuat-ban-ngay"}, "status", "Lựa chọn không hợp lệ.", id="unknown-status"),
    FIVE_MB_BODY,
])
def test_bad_article_input_is_refused_and_nothing_is_saved(app, client, auth, content, data_dir, overrides, field,
                                                           message):
    assert app.config["MAX_CONTENT_LENGTH"] >= 16 * 1024 * 1024
    values = article_values(content, title="Tiêu đề đang gõ dở", summary="Tóm tắt đang gõ dở")
    values.update(overrides)
    before = article_count(data_dir)
    r = post_article(client, "/quan-tri/tin-bai/moi", values)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    error = field_error(html, field)
    assert error is not None and message in error, field_errors_of(r)
    assert "Chưa lưu được" in html
    # What the editor typed is still in the form.
    if values["title"].strip():
        assert f'value="{values["title"]}"' in html
    assert "Tóm tắt đang gõ dở</textarea>" in html
    assert article_count(data_dir) == before
    assert fresh(Content, data_dir).index().meta == {}


def test_cover_upload_is_stored_and_shown_with_alt(client, auth, content, data_dir):
    r = post_article(client, "/quan-tri/tin-bai/moi", article_values(
        content, title="Bài có ảnh", cover_alt="Toàn cảnh hội nghị tại hội trường xã",
        cover=(io.BytesIO(png_bytes()), "anh-hoi-nghi.png")))
    assert r.status_code == 302, field_errors_of(r)
    aid = int(location_path(r).rsplit("/", 1)[1])
    stored = fresh(Content, data_dir).article(aid)
    name = stored["cover"]
    assert name and re.fullmatch(r"[a-f0-9]{32}\.(jpg|png)", name)
    assert uploads(data_dir) == [name]
    assert stored["cover_alt"] == "Toàn cảnh hội nghị tại hội trường xã"

    page = client.get(public_url(data_dir, aid)).get_data(as_text=True)
    # (The cover also carries width, height and srcset: see test_media.py.)
    assert re.search(rf'<img src="/tep/{name}" alt="Toàn cảnh hội nghị tại hội trường xã"[^>]*>', page)
    listing = client.get("/tin-tuc-su-kien").get_data(as_text=True)
    assert f'src="/tep/{name}" alt="Toàn cảnh hội nghị tại hội trường xã"' in listing

    served = client.get(f"/tep/{name}")
    assert served.status_code == 200
    assert served.mimetype.startswith("image/")
    with Image.open(io.BytesIO(served.data)) as img:
        assert img.size == (64, 48)

    # Saving the article again without a new file keeps the cover.
    post_article(client, f"/quan-tri/tin-bai/{aid}", article_values(
        content, title="Bài có ảnh", cover_alt="Toàn cảnh hội nghị tại hội trường xã"))
    assert fresh(Content, data_dir).article(aid)["cover"] == name


def test_cover_needs_alt_text(client, auth, content, data_dir):
    r = post_article(client, "/quan-tri/tin-bai/moi", article_values(
        content, title="Ảnh thiếu mô tả", cover=(io.BytesIO(png_bytes()), "anh.png")))
    assert r.status_code == 200
    assert "Vui lòng nhập mô tả ảnh" in (field_error(r.get_data(as_text=True), "cover_alt") or "")
    assert article_count(data_dir) == 0
    assert uploads(data_dir) == []


def test_text_file_named_jpg_is_refused(client, auth, content, data_dir):
    cover = (io.BytesIO(b"day khong phai la anh\n" * 20), "photo.jpg")
    r = post_article(client, "/quan-tri/tin-bai/moi",
                     article_values(content, title="Ảnh giả mạo", cover_alt="Ảnh", cover=cover))
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    error = field_error(html, "cover")
    assert error and "không phải là ảnh hợp lệ" in error
    assert 'value="Ảnh giả mạo"' in html
    assert article_count(data_dir) == 0
    assert uploads(data_dir) == []


def test_unknown_upload_names_are_404(client):
    for name in ("../site.json", "..%2Fsite.json", "secret_key", "x.jpg", "a" * 32 + ".svg"):
        assert client.get(f"/tep/{name}").status_code == 404


# ---------------------------------------------------------------- sections
def add_section(client, name: str, slug: str = "", parent_id: int = 0, kind: str = "articles"):
    token = csrf_from(client.get("/quan-tri/chuyen-muc").get_data(as_text=True))
    return client.post("/quan-tri/chuyen-muc", data={"csrf_token": token, "name": name, "slug": slug,
                                                     "parent_id": str(parent_id), "kind": kind})


def test_add_section_shows_in_menu(client, auth, data_dir):
    r = add_section(client, "Nông thôn mới")
    assert r.status_code == 302
    sec = fresh(Content, data_dir).section_by_slug("nong-thon-moi")
    assert sec["name"] == "Nông thôn mới" and not sec["hidden"]
    home = client.get("/").get_data(as_text=True)
    assert "Nông thôn mới" in menu_names(home)
    assert 'href="/nong-thon-moi"' in home
    page = client.get("/nong-thon-moi")
    assert page.status_code == 200
    assert "<h1>Nông thôn mới</h1>" in page.get_data(as_text=True)


def test_rename_section_301s_old_slug(client, auth, content, data_dir):
    add_section(client, "Nông thôn mới")
    sid = fresh(Content, data_dir).section_by_slug("nong-thon-moi")["id"]
    aid = create_article(client, content, title="Xã đạt chuẩn", section_id=str(sid))
    page = f"/quan-tri/chuyen-muc/{sid}"
    token = csrf_from(client.get(page).get_data(as_text=True))
    r = client.post(page, data={"csrf_token": token, "name": "Xây dựng nông thôn mới",
                                "slug": "xay-dung-nong-thon-moi", "parent_id": "0", "kind": "articles"})
    assert r.status_code == 302
    sec = fresh(Content, data_dir).section(sid)
    assert sec["name"] == "Xây dựng nông thôn mới" and sec["slug"] == "xay-dung-nong-thon-moi"

    r = client.get("/nong-thon-moi")
    assert r.status_code == 301 and location_path(r) == "/xay-dung-nong-thon-moi"
    r = client.get("/nong-thon-moi/xa-dat-chuan")
    assert r.status_code == 301 and location_path(r) == "/xay-dung-nong-thon-moi/xa-dat-chuan"
    assert public_url(data_dir, aid) == "/xay-dung-nong-thon-moi/xa-dat-chuan"
    assert "Xây dựng nông thôn mới" in menu_names(client.get("/").get_data(as_text=True))


def test_hide_and_show_section(client, auth, content, data_dir):
    sid = section_id(content, DIGITAL)
    r = post_button(client, f"/quan-tri/chuyen-muc/{sid}/an", "/quan-tri/chuyen-muc")
    assert r.status_code == 302
    assert fresh(Content, data_dir).section(sid)["hidden"] is True
    r = client.get("/chuyen-doi-so")
    assert r.status_code == 404
    assert "Không tìm thấy" in r.get_data(as_text=True)
    assert DIGITAL not in menu_names(client.get("/").get_data(as_text=True))
    # The editor still lists it, marked hidden.
    assert "Đang ẩn" in client.get("/quan-tri/chuyen-muc").get_data(as_text=True)

    post_button(client, f"/quan-tri/chuyen-muc/{sid}/hien", "/quan-tri/chuyen-muc")
    assert fresh(Content, data_dir).section(sid)["hidden"] is False
    assert client.get("/chuyen-doi-so").status_code == 200
    assert DIGITAL in menu_names(client.get("/").get_data(as_text=True))


def test_reorder_sections_changes_menu(client, auth, content, data_dir):
    # The sections' order is the order of the news group (the intro section names its own group).
    news = ["Trang chủ", INTRO, "Tin tức"]
    assert menu_names(client.get("/").get_data(as_text=True)) == news + [NEWS, DIGITAL]
    sid = section_id(content, DIGITAL)
    assert post_button(client, f"/quan-tri/chuyen-muc/{sid}/len", "/quan-tri/chuyen-muc").status_code == 302
    assert menu_names(client.get("/").get_data(as_text=True)) == news + [DIGITAL, NEWS]
    assert [s["name"] for s in fresh(Content, data_dir).menu()] == [DIGITAL, NEWS, INTRO]
    # Moving the first one further up changes nothing.
    post_button(client, f"/quan-tri/chuyen-muc/{sid}/len", "/quan-tri/chuyen-muc")
    assert menu_names(client.get("/").get_data(as_text=True)) == news + [DIGITAL, NEWS]
    post_button(client, f"/quan-tri/chuyen-muc/{sid}/xuong", "/quan-tri/chuyen-muc")
    post_button(client, f"/quan-tri/chuyen-muc/{sid}/xuong", "/quan-tri/chuyen-muc")
    assert [s["name"] for s in fresh(Content, data_dir).menu()] == [NEWS, INTRO, DIGITAL]
    assert menu_names(client.get("/").get_data(as_text=True)) == news + [NEWS, DIGITAL]
    # Sub-sections stay under their parent.
    assert LOCAL not in menu_names(client.get("/").get_data(as_text=True))


def test_unknown_section_action_is_404(client, auth, content):
    sid = section_id(content, DIGITAL)
    assert post_button(client, f"/quan-tri/chuyen-muc/{sid}/xoa-het").status_code == 404
    assert post_button(client, "/quan-tri/chuyen-muc/999/an").status_code == 404


@pytest.mark.parametrize("name, slug", [
    ("Quản trị", ""),
    ("Tìm kiếm thông tin", "tim-kiem"),
    ("Đăng nhập", ""),
    ("Tệp", "tep"),
    ("Static", ""),
])
def test_reserved_section_slugs_are_refused(client, auth, data_dir, name, slug):
    before = fresh(Content, data_dir).sections(include_hidden=True)
    r = add_section(client, name, slug)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Đường dẫn này dành cho chức năng khác" in (field_error(html, "slug") or "")
    assert f'value="{name}"' in html
    assert fresh(Content, data_dir).sections(include_hidden=True) == before


def test_renaming_a_section_to_a_reserved_slug_is_refused(client, auth, content, data_dir):
    sid = section_id(content, DIGITAL)
    page = f"/quan-tri/chuyen-muc/{sid}"
    token = csrf_from(client.get(page).get_data(as_text=True))
    r = client.post(page, data={"csrf_token": token, "name": "Quản trị", "slug": "quan-tri", "parent_id": "0",
                                "kind": "articles"})
    assert r.status_code == 200
    assert "Đường dẫn này dành cho chức năng khác" in (field_error(r.get_data(as_text=True), "slug") or "")
    assert fresh(Content, data_dir).section(sid)["slug"] == "chuyen-doi-so"


def test_duplicate_section_slug_is_refused(client, auth, data_dir):
    before = len(fresh(Content, data_dir).sections(include_hidden=True))
    r = add_section(client, "Chuyển đổi số")
    assert r.status_code == 200
    assert "Đã có chuyên mục dùng đường dẫn này." in (field_error(r.get_data(as_text=True), "slug") or "")
    assert len(fresh(Content, data_dir).sections(include_hidden=True)) == before


def test_empty_section_name_is_refused(client, auth, data_dir):
    before = len(fresh(Content, data_dir).sections(include_hidden=True))
    r = add_section(client, "")
    assert "Vui lòng nhập tên chuyên mục." in (field_error(r.get_data(as_text=True), "name") or "")
    assert len(fresh(Content, data_dir).sections(include_hidden=True)) == before


# ---------------------------------------------------------------- intro pages
def save_page(client, url: str, **values):
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, data=dict(values, csrf_token=token))


def test_intro_page_create_and_edit(client, auth, data_dir):
    r = save_page(client, "/quan-tri/trang-gioi-thieu/moi", title="Lịch sử hình thành",
                  body="<h2>Truyền thống</h2><p>Xã có truyền thống lâu đời.</p>")
    assert r.status_code == 302
    pid = int(location_path(r).rsplit("/", 1)[1])
    stored = fresh(Content, data_dir).page(pid)
    assert stored["slug"] == "lich-su-hinh-thanh"

    page = client.get("/gioi-thieu/lich-su-hinh-thanh")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<h1 class="article__title">Lịch sử hình thành</h1>' in html
    assert "<h2>Truyền thống</h2><p>Xã có truyền thống lâu đời.</p>" in html
    # Listed under the intro section and in its menu entry.
    assert 'href="/gioi-thieu/lich-su-hinh-thanh"' in client.get("/gioi-thieu").get_data(as_text=True)
    assert 'href="/gioi-thieu/lich-su-hinh-thanh"' in client.get("/").get_data(as_text=True)

    r = save_page(client, f"/quan-tri/trang-gioi-thieu/{pid}", title="Lịch sử và truyền thống",
                  slug="lich-su-va-truyen-thong", body="<p>Nội dung đã cập nhật.</p>")
    assert r.status_code == 302
    html = client.get("/gioi-thieu/lich-su-va-truyen-thong").get_data(as_text=True)
    assert "Lịch sử và truyền thống" in html and "<p>Nội dung đã cập nhật.</p>" in html
    assert "Xã có truyền thống lâu đời." not in html
    old = client.get("/gioi-thieu/lich-su-hinh-thanh")
    assert old.status_code == 301 and location_path(old) == "/gioi-thieu/lich-su-va-truyen-thong"
    assert fresh(Content, data_dir).page(pid)["body"] == "<p>Nội dung đã cập nhật.</p>"


def test_hidden_intro_page_is_404(client, auth, data_dir):
    r = save_page(client, "/quan-tri/trang-gioi-thieu/moi", title="Trang nội bộ", body="<p>x</p>", hidden="y")
    assert r.status_code == 302
    assert client.get("/gioi-thieu/trang-noi-bo").status_code == 404
    assert "Trang nội bộ" not in client.get("/gioi-thieu").get_data(as_text=True)


def test_intro_page_without_title_is_refused(client, auth, data_dir):
    r = save_page(client, "/quan-tri/trang-gioi-thieu/moi", title="", body="<p>Nội dung giữ lại</p>")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Vui lòng nhập tiêu đề." in (field_error(html, "title") or "")
    assert "Nội dung giữ lại" in html
    assert fresh(Content, data_dir).pages(include_hidden=True) == []


# ---------------------------------------------------------------- links
def save_link(client, url: str, title: str, address: str):
    token = csrf_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "title": title, "url": address})


def test_links_add_edit_delete(client, auth, data_dir):
    assert links_block(client.get("/").get_data(as_text=True)) is None
    r = save_link(client, "/quan-tri/lien-ket", "Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn")
    assert r.status_code == 302
    save_link(client, "/quan-tri/lien-ket", "Cổng thông tin tỉnh", "https://hungyen.gov.vn")
    links = fresh(Content, data_dir).links()
    assert [(link["title"], link["url"]) for link in links] == [
        ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn"), ("Cổng thông tin tỉnh", "https://hungyen.gov.vn")]
    block = links_block(client.get("/").get_data(as_text=True))
    assert block is not None
    assert '<a href="https://dichvucong.gov.vn" rel="noopener" target="_blank">Cổng Dịch vụ công quốc gia' in block
    assert block.index("dichvucong.gov.vn") < block.index("hungyen.gov.vn")

    lid = links[0]["id"]
    r = save_link(client, f"/quan-tri/lien-ket/{lid}", "Dịch vụ công", "https://dichvucong.gov.vn/p/home")
    assert r.status_code == 302
    block = links_block(client.get("/").get_data(as_text=True))
    assert '<a href="https://dichvucong.gov.vn/p/home" rel="noopener" target="_blank">Dịch vụ công<' in block
    assert "Cổng Dịch vụ công quốc gia" not in block

    r = post_button(client, f"/quan-tri/lien-ket/{lid}/xoa", "/quan-tri/lien-ket")
    assert r.status_code == 302
    assert [link["title"] for link in fresh(Content, data_dir).links()] == ["Cổng thông tin tỉnh"]
    block = links_block(client.get("/").get_data(as_text=True))
    assert "Dịch vụ công<" not in block and "Cổng thông tin tỉnh" in block
    post_button(client, f"/quan-tri/lien-ket/{links[1]['id']}/xoa", "/quan-tri/lien-ket")
    assert links_block(client.get("/").get_data(as_text=True)) is None
    assert post_button(client, f"/quan-tri/lien-ket/{lid}/xoa", "/quan-tri/lien-ket").status_code == 404


@pytest.mark.parametrize("address", ["javascript:alert(1)", "dichvucong.gov.vn", "https://a b.vn", "//evil.example"])
def test_bad_link_address_is_refused(client, auth, data_dir, address):
    r = save_link(client, "/quan-tri/lien-ket", "Liên kết lạ", address)
    assert r.status_code == 200
    assert "Địa chỉ phải bắt đầu bằng http:// hoặc https://." in (field_error(r.get_data(as_text=True), "url") or "")
    assert fresh(Content, data_dir).links() == []


# ---------------------------------------------------------------- settings
SETTINGS = {
    "commune_name": "Dương Quang",
    "agency_name": "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG",
    "site_title": "Trang thông tin điện tử xã Dương Quang",
    "province": "Hưng Yên",
    "district": "thị xã Mỹ Hào",
    "address": "Thôn Lại Ốc, xã Dương Quang, thị xã Mỹ Hào",
    "phone": "0221 3 946 123",
    "email": "ubnd.duongquang@hungyen.gov.vn",
    "responsible_person": "Nguyễn Văn An",
    "responsible_title": "Chủ tịch UBND xã",
    "site_start": "2023-06-22",
}


def save_settings(client, **overrides):
    token = csrf_from(client.get("/quan-tri/cai-dat").get_data(as_text=True))
    return client.post("/quan-tri/cai-dat", data=dict(SETTINGS, csrf_token=token, **overrides))


def test_settings_change_the_footer(client, auth, data_dir):
    r = save_settings(client)
    assert r.status_code == 302
    stored = fresh(Content, data_dir).settings()
    assert {k: stored[k] for k in SETTINGS} == SETTINGS
    foot = footer(client.get("/").get_data(as_text=True))
    assert "Địa chỉ: Thôn Lại Ốc, xã Dương Quang, thị xã Mỹ Hào" in foot
    assert "0221 3 946 123" in foot and 'href="tel:02213946123"' in foot
    assert 'href="mailto:ubnd.duongquang@hungyen.gov.vn"' in foot
    assert "Chịu trách nhiệm chính: Nguyễn Văn An – Chủ tịch UBND xã" in foot
    # The settings page shows what was saved.
    page = client.get("/quan-tri/cai-dat").get_data(as_text=True)
    assert 'value="Thôn Lại Ốc, xã Dương Quang, thị xã Mỹ Hào"' in page and 'value="2023-06-22"' in page


def test_settings_invalid_email_is_refused(client, auth, data_dir):
    save_settings(client)
    r = save_settings(client, email="khong-phai-email", address="Địa chỉ mới chưa lưu")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Địa chỉ thư điện tử không hợp lệ." in (field_error(html, "email") or "")
    assert 'value="Địa chỉ mới chưa lưu"' in html
    stored = fresh(Content, data_dir).settings()
    assert stored["email"] == SETTINGS["email"] and stored["address"] == SETTINGS["address"]
    assert "khong-phai-email" not in client.get("/").get_data(as_text=True)


def test_settings_require_commune_name(client, auth, data_dir):
    before = fresh(Content, data_dir).settings()
    r = save_settings(client, commune_name="", site_start="2023-02-30")
    html = r.get_data(as_text=True)
    assert "Vui lòng nhập tên xã." in (field_error(html, "commune_name") or "")
    assert "Ngày không hợp lệ." in (field_error(html, "site_start") or "")
    assert fresh(Content, data_dir).settings() == before


def test_hidden_section_hides_its_articles_everywhere(client, auth, content):
    """Hiding a section (or its parent) takes its articles off every public list, search and URL."""
    local = section_id(content, LOCAL)
    news = section_id(content, NEWS)
    art = content.save_article({"title": "Hội nghị tổng kết công tác dân vận", "section_id": local,
                                "status": "published", "body": "<p>Nội dung dân vận.</p>"})
    url = f"/hoat-dong-cua-xa/{art['slug']}"
    assert client.get(url).status_code == 200
    assert art["title"] in client.get("/").get_data(as_text=True)

    post_button(client, f"/quan-tri/chuyen-muc/{news}/an", "/quan-tri/chuyen-muc")  # hide the parent
    assert client.get("/tin-tuc-su-kien").status_code == 404
    assert client.get("/hoat-dong-cua-xa").status_code == 404
    assert client.get(url).status_code == 404
    assert art["title"] not in client.get("/").get_data(as_text=True)
    assert art["title"] not in unmarked(client.get("/tim-kiem?q=dan+van").get_data(as_text=True))

    post_button(client, f"/quan-tri/chuyen-muc/{news}/hien", "/quan-tri/chuyen-muc")
    assert client.get(url).status_code == 200
    assert art["title"] in unmarked(client.get("/tim-kiem?q=dan+van").get_data(as_text=True))

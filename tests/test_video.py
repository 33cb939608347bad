"""Video: the panel (roles, content checks of the file, the poster), YouTube addresses as a click-to-load
preview with the page's CSP, byte ranges of uploads, sitemaps, API, search, backup and the static mirror."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from conftest import PASSWORD, csrf_from, field_error, fresh, post_button, text, unmarked, uploads
from core.media_files import VIDEO_TYPES, detect_media
from core.errors import ValidationError
from core.videos import Videos, youtube_id
from test_documents import pdf_bytes
from test_media import png_bytes
from test_words import BAD_WORDS

NEW = "/quan-tri/video/moi"
YT = "dQw4w9WgXcQ"


def mp4_bytes(size: int = 5000) -> bytes:
    """Return an ISO base media file (ftyp isom) followed by ``size`` bytes that differ along the file."""
    head = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
    body = bytes(i % 251 for i in range(size))
    return head + len(body + b"\x00" * 8).to_bytes(4, "big") + b"mdat" + body + b"\x00" * 8


def webm_bytes() -> bytes:
    """Return the start of a WebM file: an EBML header whose DocType is webm."""
    return b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm" \
        + b"\x00" * 200


@pytest.fixture
def site(app):
    return app.extensions["trangxa"]


def _post(client, url: str, data: dict, files: dict | None = None):
    token = csrf_from(client.get(url).get_data(as_text=True))
    data = dict(data, csrf_token=token)
    for name, (payload, filename) in (files or {}).items():
        data[name] = (io.BytesIO(payload), filename)
    return client.post(url, data=data, content_type="multipart/form-data")


def _video(**changes) -> dict:
    return dict({"title": "Lễ ra quân làm đường giao thông nông thôn", "shown_on": "2026-11-02",
                 "description": "Bà con thôn Đông góp công làm đường bê tông.", "youtube": ""}, **changes)


def _login_as(auth, role: str) -> None:
    auth.logout()
    auth.app.extensions["trangxa"].accounts.create_user(role, PASSWORD, "Người Thử", role=role)
    assert auth.login(role).status_code == 302


@pytest.mark.parametrize("address", [
    f"https://www.youtube.com/watch?v={YT}", f"https://youtube.com/watch?v={YT}&t=42s", f"https://youtu.be/{YT}",
    f"https://www.youtube.com/embed/{YT}", f"youtu.be/{YT}?si=abc", f"https://m.youtube.com/watch?v={YT}"])
def test_youtube_addresses_keep_the_id(address):
    assert youtube_id(address) == YT


@pytest.mark.parametrize("address", [
    "https://vimeo.com/123", f"https://evil.example/watch?v={YT}", f"https://youtube.com.evil.example/watch?v={YT}",
    "https://www.youtube.com/watch?v=short", f"javascript:alert(1)//youtu.be/{YT}", "https://www.youtube.com/@vtv24",
    f"https://www.youtube.com/shorts/{YT}"])
def test_other_addresses_are_refused(address):
    assert youtube_id(address) is None


def test_content_decides_the_type_never_the_name():
    assert detect_media(mp4_bytes(), VIDEO_TYPES, "file", 10**6) == "mp4"
    assert detect_media(webm_bytes(), VIDEO_TYPES, "file", 10**6) == "webm"
    for bad in (pdf_bytes(), b"<!doctype html><script>alert(1)</script>", b"\x1a\x45\xdf\xa3 matroska", b""):
        with pytest.raises(ValidationError):
            detect_media(bad, VIDEO_TYPES, "file", 10**6)
    with pytest.raises(ValidationError) as exc:
        detect_media(mp4_bytes(2000), VIDEO_TYPES, "file", 1000)
    assert "quá lớn" in exc.value.errors["file"]


def test_an_editor_uploads_a_video_with_its_poster_and_it_is_served_in_ranges(client, auth, site, data_dir):
    _login_as(auth, "editor")
    data = mp4_bytes()
    r = _post(client, NEW, _video(), {"file": (data, "le-ra-quan.mp4"), "poster": (png_bytes(640, 360), "anh.png")})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    item = fresh(Videos, data_dir).all()[0]
    assert item["file"]["type"] == "mp4" and item["file"]["size"] == len(data) and item["poster"]
    assert item["file"]["name"] in uploads(data_dir) and item["poster"] in uploads(data_dir)
    page = client.get(f"/video/{item['id']}-{item['slug']}")
    html = page.get_data(as_text=True)
    src = f"/video/{item['id']}/video.mp4"
    assert re.search(r'<video class="video-player" controls preload="none" poster="/tep/[0-9a-f]{32}\.png">', html)
    assert f'<source src="{src}" type="video/mp4">' in html
    whole = client.get(src)
    assert whole.status_code == 200 and whole.data == data and whole.headers["Accept-Ranges"] == "bytes"
    assert whole.mimetype == "video/mp4" and whole.headers["X-Content-Type-Options"] == "nosniff"
    part = client.get(src, headers={"Range": "bytes=100-1099", "Accept-Encoding": "gzip, br"})
    assert part.status_code == 206 and part.data == data[100:1100]
    assert part.headers["Content-Range"] == f"bytes 100-1099/{len(data)}"
    assert "Content-Encoding" not in part.headers  # compression leaves byte ranges alone
    tail = client.get(src, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.data == data[-10:]
    assert client.get(f"/video/{item['id']}/video.webm").status_code == 404


@pytest.mark.parametrize("payload, name", [(pdf_bytes(), "bien-ban.mp4"),
                                           (b"<!doctype html><h1>x</h1><script>alert(1)</script>", "clip.webm")])
def test_a_renamed_pdf_or_page_is_refused_and_nothing_is_stored(client, auth, data_dir, payload, name):
    r = _post(client, NEW, _video(), {"file": (payload, name), "poster": (png_bytes(), "anh.png")})
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "file")
    assert "Lễ ra quân" in r.get_data(as_text=True)  # what was typed comes back
    assert fresh(Videos, data_dir).all() == [] and uploads(data_dir) == []


def test_an_upload_needs_a_poster_and_one_source_only(client, auth, data_dir):
    r = _post(client, NEW, _video(), {"file": (mp4_bytes(), "clip.mp4")})
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "poster")
    r = _post(client, NEW, _video(youtube=f"https://youtu.be/{YT}"),
              {"file": (mp4_bytes(), "clip.mp4"), "poster": (png_bytes(), "anh.png")})
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "youtube")
    r = _post(client, NEW, _video())
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "file")
    r = _post(client, NEW, _video(youtube="https://vimeo.com/1234"))
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "youtube")
    assert fresh(Videos, data_dir).all() == [] and uploads(data_dir) == []


def test_the_video_size_limit_is_a_setting(app, client, auth, data_dir):
    app.config["MAX_VIDEO_BYTES"] = 3000
    r = _post(client, NEW, _video(), {"file": (mp4_bytes(5000), "clip.mp4"), "poster": (png_bytes(), "anh.png")})
    assert r.status_code == 200 and "quá lớn" in field_error(r.get_data(as_text=True), "file")
    assert fresh(Videos, data_dir).all() == []


def test_a_youtube_video_is_a_preview_until_clicked_and_frames_only_the_nocookie_player(client, auth, site):
    r = _post(client, NEW, _video(youtube=f"https://www.youtube.com/watch?v={YT}&t=5"))
    assert r.status_code == 302
    item = site.videos.all()[0]
    assert item["youtube"] == YT and item["file"] is None
    for url in ("/video", f"/video/{item['id']}-{item['slug']}"):
        page = client.get(url)
        html = page.get_data(as_text=True)
        # Nothing on the page loads from a third party before the click: no iframe, no YouTube thumbnail.
        assert "<iframe" not in html and "ytimg" not in html
        assert not re.search(r'(src|poster|srcset)="https?://', html)
        assert f'data-embed="https://www.youtube-nocookie.com/embed/{YT}"' in html
        assert f'href="https://www.youtube.com/watch?v={YT}"' in html and "Xem video trên YouTube" in html
        assert not BAD_WORDS.findall(text(page)), url
        csp = dict(d.split(" ", 1) for d in page.headers["Content-Security-Policy"].split("; "))
        assert csp["frame-src"] == "https://www.youtube-nocookie.com"
        assert csp["script-src"] == "'self'" and csp["default-src"] == "'self'"
    js = client.get("/static/js/site.js").get_data(as_text=True)
    assert "https://www.youtube-nocookie.com/embed/" in js and "video-preview__button" in js


def test_a_contributor_is_refused(client, auth, site):
    _login_as(auth, "contributor")
    assert client.get(NEW).status_code == 403 and client.get("/quan-tri/video").status_code == 403
    r = client.post(NEW, data=dict(_video(youtube=YT), csrf_token=auth.token()), content_type="multipart/form-data")
    assert r.status_code == 403 and site.videos.all() == []


def test_trash_restore_and_the_audit_words(client, auth, site):
    item = site.videos.save(_video(youtube=YT))
    assert post_button(client, f"/quan-tri/video/{item['id']}/xoa").status_code == 302
    assert client.get(f"/video/{item['id']}").status_code == 404
    assert "Lễ ra quân" not in text(client.get("/video"))
    assert post_button(client, f"/quan-tri/video/{item['id']}/khoi-phuc").status_code == 302
    assert "Lễ ra quân" in text(client.get("/video"))
    log = text(client.get("/quan-tri/nhat-ky"))
    assert "Chuyển vào thùng rác video" in log and "Khôi phục video" in log


def test_sitemaps_api_search_and_menu(client, site):
    item = site.videos.save(_video(youtube=YT, description="Ngày hội đại đoàn kết toàn dân tộc ở thôn Đông."))
    url = f"/video/{item['id']}-{site.videos.get(item['id'])['slug']}"
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"{url}<" in xml and "/video<" in xml
    assert 'href="/video"' in text(client.get("/so-do-cong"))
    assert 'href="/video"' in text(client.get("/"))  # in the menu's Tin tức group
    data = client.get("/api/v1/videos").get_json()
    assert data["total"] == 1 and data["items"][0]["youtube"] == f"https://www.youtube.com/watch?v={YT}"
    assert data["items"][0]["url"].endswith(url) and data["items"][0]["file"] is None
    assert "videos" in client.get("/api/v1/").get_json()["resources"]
    found = client.get("/tim-kiem?q=dai doan ket")
    assert f'href="{url}"' in found.get_data(as_text=True) and "Video" in unmarked(text(found))


def test_backup_round_trip_with_a_video_file_and_the_static_mirror(client, auth, app, site, data_dir, tmp_path):
    data = mp4_bytes(20_000)
    r = _post(client, NEW, _video(title="Có trong bản sao lưu"),
              {"file": (data, "clip.mp4"), "poster": (png_bytes(), "anh.png")})
    assert r.status_code == 302
    item = site.videos.all()[0]
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    backup = client.post("/quan-tri/sao-luu/tai-ve", data={"csrf_token": token}).data
    names = zipfile.ZipFile(io.BytesIO(backup)).namelist()
    assert "videos.json" in names and f"uploads/{item['file']['name']}" in names
    (data_dir / "uploads" / item["file"]["name"]).unlink()
    site.videos.save(_video(title="Viết sau khi sao lưu", youtube=YT))
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    r = client.post("/quan-tri/sao-luu/khoi-phuc", data={"csrf_token": token,
                                                          "archive": (io.BytesIO(backup), "sao-luu.zip")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    assert [i["title"] for i in fresh(Videos, data_dir).all()] == ["Có trong bản sao lưu"]
    assert client.get(f"/video/{item['id']}/video.mp4").data == data

    from blueprints.export import export_static
    out = tmp_path / "mirror"
    result = export_static(app, out)
    for name in ("video/index.html", f"video/{item['id']}-{item['slug']}/index.html", f"video/{item['id']}/video.mp4"):
        assert (out / name).is_file(), name
    assert (out / f"video/{item['id']}/video.mp4").read_bytes() == data
    assert (out / "tep" / item["poster"]).is_file()
    assert not [b for b in result["broken"] if "video" in b[0]]


def test_a_backup_holding_a_page_named_mp4_is_refused(client, auth, site, data_dir):
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    backup = client.post("/quan-tri/sao-luu/tai-ve", data={"csrf_token": token}).data
    tampered = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(backup)) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("uploads/" + "a" * 32 + ".mp4", b"<!doctype html><script>alert(1)</script>")
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    r = client.post("/quan-tri/sao-luu/khoi-phuc", data={"csrf_token": token,
                                                          "archive": (io.BytesIO(tampered.getvalue()), "s.zip")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert "không đúng loại tệp" in text(r)
    assert not (data_dir / "uploads" / ("a" * 32 + ".mp4")).exists()

"""Tin ảnh: albums in the panel (roles, pictures from the library and uploaded at once, captions, cover,
order, trash), the public list and album page (srcset, captions, previous/next), the feed, search,
sitemaps, API, backup, the demo and the home page's block."""
from __future__ import annotations

import io
import re
import zipfile

import feedparser
import pytest
from PIL import Image

from conftest import PASSWORD, csrf_from, field_error, post_button, text, unescaped, unmarked
from core.albums import Albums
from core.library import Library
from core.store import Store

NEW = "/quan-tri/tin-anh/moi"


@pytest.fixture
def site(app):
    return app.extensions["trangxa"]


def jpeg(width: int = 1200, height: int = 800, color=(30, 120, 60)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "JPEG", quality=80)
    return buf.getvalue()


def _pictures(site, count: int = 3) -> list[str]:
    return [site.library.add_upload(jpeg(color=(40 * n, 90, 60)), f"anh-{n}.jpg", alt=f"Mô tả ảnh {n}")["name"]
            for n in range(1, count + 1)]


def _album(site, names: list[str], **changes) -> dict:
    values = {"title": "Lễ ra quân vệ sinh môi trường", "taken_on": "2026-11-15",
              "description": "Đoàn viên thanh niên dọn đường làng.",
              "pictures": [{"name": n, "caption": f"Chú thích ảnh {i + 1}"} for i, n in enumerate(names)]}
    return site.albums.save(dict(values, **changes))


def _login_as(auth, role: str) -> None:
    auth.logout()
    auth.app.extensions["trangxa"].accounts.create_user(role, PASSWORD, "Người Thử", role=role)
    assert auth.login(role).status_code == 302


def _form(client, url: str, data: dict, files: list[tuple[bytes, str]] | None = None):
    data = dict(data, csrf_token=csrf_from(client.get(url).get_data(as_text=True)))
    if files:
        data["uploads"] = [(io.BytesIO(b), name) for b, name in files]
    return client.post(url, data=data, content_type="multipart/form-data")


def test_an_editor_makes_an_album_from_the_library_and_new_uploads(client, auth, site, data_dir):
    _login_as(auth, "editor")
    first, second = _pictures(site, 2)
    page = text(client.get(NEW))
    assert f'value="{first}"' in page and "Thêm ảnh từ Thư viện" in page  # the library's pictures offered
    r = _form(client, NEW, {"title": "Ngày hội đại đoàn kết", "taken_on": "2026-11-18", "description": "",
                            "add": [second, first], "upload_caption": "Văn nghệ của thôn Đông"},
              [(jpeg(color=(200, 10, 10)), "van-nghe-1.jpg"), (jpeg(color=(10, 10, 200)), "van-nghe-2.jpg")])
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    album = Albums(Store(data_dir), Library(Store(data_dir))).all()[0]  # as stored
    assert album["title"] == "Ngày hội đại đoàn kết" and album["taken_on"] == "2026-11-18"
    assert [p["caption"] for p in album["pictures"]] == ["Mô tả ảnh 2", "Mô tả ảnh 1", "Văn nghệ của thôn Đông",
                                                         "Văn nghệ của thôn Đông"]
    assert album["cover"] == second  # the first picture unless another is chosen
    uploaded = [p["name"] for p in album["pictures"][2:]]
    assert all(Library(site.store).by_name(n)["alt"] == "Văn nghệ của thôn Đông" for n in uploaded)  # in the library
    # Edit: new captions, a new order, another cover, one picture removed.
    edit = f"/quan-tri/tin-anh/{album['id']}"
    names = [p["name"] for p in album["pictures"]]
    r = _form(client, edit, {"title": "Ngày hội đại đoàn kết", "taken_on": "2026-11-18", "description": "",
                             "pic_name": names, "pic_caption": ["Một", "Hai", "Ba", "Bốn"],
                             "pic_order": ["3", "1", "2", "4"], "pic_remove": [names[3]], "cover": names[2]})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    album = site.albums.get(album["id"])
    assert [p["caption"] for p in album["pictures"]] == ["Hai", "Ba", "Một"] and album["cover"] == names[2]
    assert "Lịch sử phiên bản" in text(client.get(edit))
    rev = site.albums.revisions(album["id"])[0]
    compared = unescaped(client.get(f"{edit}/phien-ban/{rev['id']}"))
    assert "Ảnh trong album" in compared and "Văn\xa0nghệ\xa0của\xa0thôn\xa0Đông" in compared


def test_a_caption_is_required_and_a_bad_form_keeps_what_was_typed(client, auth, site):
    first, = _pictures(site, 1)
    r = _form(client, NEW, {"title": "Album thử", "taken_on": "2026-11-18", "pic_name": [first],
                            "pic_caption": [""]})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Mỗi ảnh cần một chú thích" in unescaped(r)
    assert f'value="{first}"' in html and 'value="Album thử"' in html
    r = _form(client, NEW, {"title": "", "taken_on": "2026-11-18"}, [(jpeg(), "a.jpg")])
    assert field_error(r.get_data(as_text=True), "title")
    r = _form(client, NEW, {"title": "Ảnh không chú thích", "taken_on": "2026-11-18"}, [(jpeg(), "a.jpg")])
    assert field_error(r.get_data(as_text=True), "upload_caption")
    r = _form(client, NEW, {"title": "Không có ảnh", "taken_on": "2026-11-18"})
    assert "Vui lòng chọn ít nhất một ảnh" in unescaped(r)
    assert site.albums.all() == [] and len(site.library.all()) == 1  # nothing stored from the bad forms


@pytest.mark.parametrize("url", [NEW, "/quan-tri/tin-anh"])
def test_a_contributor_is_refused(client, auth, site, url):
    _login_as(auth, "contributor")
    assert client.get(url).status_code == 403
    if url == NEW:
        assert client.post(url, data={"title": "x", "csrf_token": auth.token()}).status_code == 403
    assert site.albums.all() == []


def test_trash_restore_audit_words_and_the_library_knows_the_pictures_are_used(client, auth, site):
    names = _pictures(site, 2)
    album = _album(site, names)
    item = site.library.by_name(names[0])
    assert post_button(client, f"/quan-tri/thu-vien/{item['id']}/xoa").status_code == 302
    assert "Tin ảnh" in unescaped(client.get(f"/quan-tri/thu-vien/{item['id']}"))
    assert not site.library.get(item["id"]).get("trashed_at")  # refused: the album uses it
    assert post_button(client, f"/quan-tri/tin-anh/{album['id']}/xoa").status_code == 302
    assert client.get(f"/tin-anh/{album['id']}").status_code == 404
    assert "Lễ ra quân" not in text(client.get("/tin-anh"))
    assert post_button(client, f"/quan-tri/tin-anh/{album['id']}/khoi-phuc").status_code == 302
    assert "Lễ ra quân" in unescaped(client.get("/tin-anh"))
    log = unescaped(client.get("/quan-tri/nhat-ky"))
    assert "Chuyển vào thùng rác album ảnh" in log and "Khôi phục album ảnh" in log


def test_the_album_page_has_responsive_pictures_captions_and_previous_next_links(client, site):
    names = _pictures(site, 3)
    album = _album(site, names, cover=names[1])
    assert client.get(f"/tin-anh/{album['id']}").status_code == 301
    listing = text(client.get("/tin-anh"))
    small = re.search(r'<img class="album-card__img" src="([^"]+)"[^>]*srcset="([^"]+)"', listing)
    assert small and small.group(1) == f"/tep/{names[1].replace('.jpg', '-320.jpg')}"  # the cover's 320 px copy
    assert "800w" in small.group(2) and "Chú thích ảnh 2" in unescaped(client.get("/tin-anh"))
    r = client.get(f"/tin-anh/{album['id']}-{site.albums.get(album['id'])['slug']}")
    html = unescaped(r)
    assert r.status_code == 200 and html.count('class="album__item"') == 3
    assert html.count("srcset=") >= 3 and 'sizes="' in html
    for n in (1, 2, 3):
        assert f'id="anh-{n}"' in html and f"<figcaption>Chú thích ảnh {n} " in html
        assert f'alt="Chú thích ảnh {n}"' in html
    assert '<a href="#anh-2" rel="next"' in html and '<a href="#anh-1" rel="prev"' in html
    assert '<a href="#anh-3" rel="next"' in html and 'href="#anh-4"' not in html and 'href="#anh-0"' not in html
    assert "/static/js/album.js" in html


def test_feed_search_sitemaps_and_api_have_the_albums(client, site):
    album = site.albums.get(_album(site, _pictures(site, 2))["id"])
    url = f"/tin-anh/{album['id']}-{album['slug']}"
    feed = feedparser.parse(client.get("/rss.xml").data)
    entry = next(e for e in feed.entries if e.link.endswith(url))
    assert entry.title == "Tin ảnh: Lễ ra quân vệ sinh môi trường"
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"{url}<" in xml and "/tin-anh<" in xml
    assert 'href="/tin-anh"' in text(client.get("/so-do-cong"))
    found = client.get("/tim-kiem?q=ve sinh moi truong")
    assert f'href="{url}"' in found.get_data(as_text=True) and "Tin ảnh" in unmarked(text(found))
    assert f'href="{url}"' in text(client.get("/tim-kiem?q=chu thich anh 2"))  # captions are searched
    data = client.get("/api/v1/albums").get_json()
    assert data["total"] == 1 and data["items"][0]["url"].endswith(url)
    pictures = data["items"][0]["pictures"]
    assert [p["caption"] for p in pictures] == ["Chú thích ảnh 1", "Chú thích ảnh 2"]
    assert [s["width"] for s in pictures[0]["sizes"]] == [320, 800, 1200]
    assert client.get("/api/v1/").get_json()["resources"]["albums"].endswith("/api/v1/albums")


def test_backup_round_trip_and_static_mirror(client, auth, app, site, data_dir, tmp_path):
    _album(site, _pictures(site, 1), title="Có trong bản sao lưu")
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    backup = client.post("/quan-tri/sao-luu/tai-ve", data={"csrf_token": token}).data
    assert "albums.json" in zipfile.ZipFile(io.BytesIO(backup)).namelist()
    _album(site, _pictures(site, 1), title="Viết sau khi sao lưu")
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    r = client.post("/quan-tri/sao-luu/khoi-phuc", data={"csrf_token": token,
                                                          "archive": (io.BytesIO(backup), "sao-luu.zip")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    assert [i["title"] for i in site.albums.all()] == ["Có trong bản sao lưu"]

    from blueprints.export import export_static
    out = tmp_path / "mirror"
    result = export_static(app, out)
    item = site.albums.all()[0]
    for name in ("tin-anh/index.html", f"tin-anh/{item['id']}-{item['slug']}/index.html"):
        assert (out / name).is_file(), name
    assert not [b for b in result["broken"] if "tin-anh" in b[0]]


def test_the_demo_has_two_albums_of_captioned_illustrations_removed_with_the_demo(demo_app):
    site = demo_app.extensions["trangxa"]
    albums = site.albums.all()
    assert len(albums) == 2
    for album in albums:
        assert len(album["pictures"]) >= 3 and album["cover"] == album["pictures"][0]["name"]
        assert all(p["caption"].startswith("Hình vẽ minh họa") for p in album["pictures"])
        assert "minh họa" in album["description"]
    names = {p["name"] for a in albums for p in a["pictures"]}
    assert all(site.library.by_name(n)["kind"] == "image" for n in names)
    client = demo_app.test_client()
    home = unescaped(client.get("/"))
    assert 'aria-labelledby="tin-anh"' in home and albums[0]["title"] in home
    menu = home[home.index("<nav"):home.index("</nav>", home.index('id="menu'))] if 'id="menu' in home else home
    assert 'href="/tin-anh"' in menu
    from core.demo import remove_demo
    remove_demo(site, backup=None)
    assert site.albums.all() == [] and site.albums.all(trashed=True) == []

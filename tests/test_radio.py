"""Bản tin phát thanh: the panel (roles, content checks, the duration read from the file), the public list with
its players and transcripts, byte ranges, the podcast feed as feedparser reads it, sitemaps, API, search, backup,
the static mirror and the demo."""
from __future__ import annotations

import io
import re
import zipfile

import feedparser
import pytest

from conftest import PASSWORD, csrf_from, field_error, fresh, post_button, text, unmarked, uploads
from core.errors import ValidationError
from core.media_files import AUDIO_TYPES, audio_seconds, detect_media, silent_mp3
from core.radio import RadioBulletins, parse_duration, show_duration
from test_documents import pdf_bytes
from test_video import mp4_bytes

NEW = "/quan-tri/phat-thanh/moi"
M4A = b"\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00M4A isom" + b"\x00\x00\x00\x08free" + b"\x00" * 100


@pytest.fixture
def site(app):
    return app.extensions["trangxa"]


def _bulletin(**changes) -> dict:
    return dict({"title": "Bản tin sáng thứ Hai", "aired_on": "2026-11-16", "seconds": "",
                 "transcript": "Kính thưa bà con. Trạm Y tế xã thông báo lịch tiêm chủng mở rộng cho trẻ em."},
                **changes)


def _post(client, url: str, data: dict, audio: tuple[bytes, str] | None = None):
    token = csrf_from(client.get(url).get_data(as_text=True))
    data = dict(data, csrf_token=token)
    if audio:
        data["audio"] = (io.BytesIO(audio[0]), audio[1])
    return client.post(url, data=data, content_type="multipart/form-data")


def _login_as(auth, role: str) -> None:
    auth.logout()
    auth.app.extensions["trangxa"].accounts.create_user(role, PASSWORD, "Người Thử", role=role)
    assert auth.login(role).status_code == 302


def _saved(site, seconds: float = 7, **changes) -> dict:
    from core.media_files import save_media
    sound = silent_mp3(seconds)
    audio = save_media(site.store, sound, AUDIO_TYPES, "audio", 10**7)
    return site.radio.save(dict(_bulletin(**changes), audio=audio, seconds=audio_seconds(sound)))


def test_content_decides_the_type_and_durations_read_and_show():
    assert detect_media(silent_mp3(2), AUDIO_TYPES, "audio", 10**6) == "mp3"
    assert detect_media(b"ID3\x03\x00\x00\x00\x00\x00\x00" + silent_mp3(1), AUDIO_TYPES, "audio", 10**6) == "mp3"
    assert detect_media(M4A, AUDIO_TYPES, "audio", 10**6) == "m4a"
    for bad in (pdf_bytes(), b"<html><body>x</body></html>", mp4_bytes(), b"\xff\xfe text in UTF-16", b"RIFF wav"):
        with pytest.raises(ValidationError):
            detect_media(bad, AUDIO_TYPES, "audio", 10**6)
    assert audio_seconds(silent_mp3(65)) == 65 and audio_seconds(b"not sound") is None
    assert parse_duration("05:30") == 330 and parse_duration("1:02:03") == 3723 and parse_duration("5:3") is None
    assert show_duration(330) == "05:30" and show_duration(3723) == "1:02:03" and show_duration(None) == ""


def test_an_editor_uploads_a_bulletin_whose_duration_is_read_from_the_file(client, auth, site, data_dir):
    _login_as(auth, "editor")
    sound = silent_mp3(75)
    r = _post(client, NEW, _bulletin(), (sound, "ban-tin.mp3"))
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    item = fresh(RadioBulletins, data_dir).all()[0]
    assert item["seconds"] == 75 and item["audio"]["type"] == "mp3" and item["audio"]["name"] in uploads(data_dir)
    page = client.get("/phat-thanh")
    html = page.get_data(as_text=True)
    src = f"/phat-thanh/{item['id']}/ban-tin.mp3"
    assert f'<audio class="radio-player" controls preload="none" src="{src}">' in html
    assert re.search(r"<details class=\"radio-transcript\">\s*<summary>Nội dung bản tin", html)
    assert "lịch tiêm chủng" in html and "thời lượng 01:15" in html
    detail = client.get(f"/phat-thanh/{item['id']}")
    assert detail.status_code == 301
    assert "Bản tin sáng thứ Hai" in text(client.get(detail.headers["Location"]))
    whole = client.get(src)
    assert whole.status_code == 200 and whole.data == sound and whole.mimetype == "audio/mpeg"
    part = client.get(src, headers={"Range": "bytes=96-191", "Accept-Encoding": "gzip"})
    assert part.status_code == 206 and part.data == sound[96:192]
    assert part.headers["Content-Range"] == f"bytes 96-191/{len(sound)}"
    # A typed duration wins; an edit without a new file keeps the sound.
    r = _post(client, f"/quan-tri/phat-thanh/{item['id']}", _bulletin(seconds="02:05"))
    assert r.status_code == 302
    again = fresh(RadioBulletins, data_dir).get(item["id"])
    assert again["seconds"] == 125 and again["audio"] == item["audio"]


@pytest.mark.parametrize("payload, name", [(pdf_bytes(), "ban-tin.mp3"),
                                           (b"<!doctype html><script>alert(1)</script>", "ban-tin.m4a"),
                                           (mp4_bytes(), "ban-tin.m4a")])
def test_a_renamed_file_is_refused_and_nothing_is_stored(client, auth, data_dir, payload, name):
    r = _post(client, NEW, _bulletin(), (payload, name))
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "audio")
    assert "lịch tiêm chủng" in r.get_data(as_text=True)
    assert fresh(RadioBulletins, data_dir).all() == [] and uploads(data_dir) == []


def test_a_bulletin_needs_its_file_and_a_readable_duration(client, auth, data_dir):
    r = _post(client, NEW, _bulletin())
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "audio")
    r = _post(client, NEW, _bulletin(seconds="năm phút"), (silent_mp3(1), "a.mp3"))
    assert r.status_code == 200 and field_error(r.get_data(as_text=True), "seconds")
    assert fresh(RadioBulletins, data_dir).all() == [] and uploads(data_dir) == []


def test_a_contributor_is_refused(client, auth, site):
    _login_as(auth, "contributor")
    assert client.get(NEW).status_code == 403 and client.get("/quan-tri/phat-thanh").status_code == 403
    r = client.post(NEW, data=dict(_bulletin(), csrf_token=auth.token(), audio=(io.BytesIO(silent_mp3(1)), "a.mp3")),
                    content_type="multipart/form-data")
    assert r.status_code == 403 and site.radio.all() == []


def test_trash_restore_and_the_audit_words(client, auth, site):
    item = _saved(site)
    assert post_button(client, f"/quan-tri/phat-thanh/{item['id']}/xoa").status_code == 302
    assert client.get(f"/phat-thanh/{item['id']}").status_code == 404
    assert client.get(f"/phat-thanh/{item['id']}/ban-tin.mp3").status_code == 404
    assert "Bản tin sáng thứ Hai" not in text(client.get("/phat-thanh"))
    assert post_button(client, f"/quan-tri/phat-thanh/{item['id']}/khoi-phuc").status_code == 302
    log = text(client.get("/quan-tri/nhat-ky"))
    assert "Chuyển vào thùng rác bản tin phát thanh" in log and "Khôi phục bản tin phát thanh" in log


def test_the_podcast_feed_is_read_by_feedparser_with_its_enclosures(client, site):
    first = _saved(site, 65, title="Bản tin thứ Hai", aired_on="2026-11-16")
    second = _saved(site, 8, title="Bản tin thứ Sáu & cuối tuần", aired_on="2026-11-20")
    r = client.get("/phat-thanh/podcast.xml")
    assert r.status_code == 200 and r.mimetype == "application/rss+xml"
    feed = feedparser.parse(r.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20" and feed.feed.title.startswith("Bản tin phát thanh")
    assert feed.feed.author == "Ủy ban nhân dân xã Dương Quang" and feed.feed.language == "vi"
    assert feed.feed.image.href.startswith("http://localhost/anh-chia-se/")
    assert "<itunes:explicit>false</itunes:explicit>" in r.get_data(as_text=True)
    assert not feed.feed.itunes_explicit  # feedparser reads "false" as not explicit (None)
    assert [t["term"] for t in feed.feed.tags] == ["Government"]
    assert [e.title for e in feed.entries] == ["Bản tin thứ Sáu & cuối tuần", "Bản tin thứ Hai"]
    for entry, item in zip(feed.entries, (second, first), strict=True):
        stored = site.radio.get(item["id"])
        enclosure = entry.enclosures[0]
        assert enclosure.type == "audio/mpeg" and int(enclosure.length) == stored["audio"]["size"]
        assert enclosure.href == f"http://localhost/phat-thanh/{item['id']}/ban-tin.mp3"
        assert entry.id == entry.link == f"http://localhost/phat-thanh/{item['id']}-{stored['slug']}"
        assert "lịch tiêm chủng" in entry.summary and entry.published_parsed
        # The enclosure answers with the bytes it announces.
        assert len(client.get(enclosure.href.removeprefix("http://localhost")).data) == int(enclosure.length)
    assert feed.entries[1].itunes_duration == "01:05" and feed.entries[0].itunes_duration == "00:08"
    assert 'href="/phat-thanh/podcast.xml"' in text(client.get("/phat-thanh"))


def test_sitemaps_api_search_by_transcript_and_menu(client, site):
    item = _saved(site, transcript="Đề nghị bà con khơi thông cống rãnh trước mùa mưa bão.")
    url = f"/phat-thanh/{item['id']}-{site.radio.get(item['id'])['slug']}"
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"{url}<" in xml and "/phat-thanh<" in xml
    assert 'href="/phat-thanh"' in text(client.get("/so-do-cong")) and 'href="/phat-thanh"' in text(client.get("/"))
    data = client.get("/api/v1/radio").get_json()
    assert data["total"] == 1 and data["items"][0]["seconds"] == 7 and data["items"][0]["type"] == "audio/mpeg"
    assert data["items"][0]["file"].endswith(f"/phat-thanh/{item['id']}/ban-tin.mp3")
    assert "cống rãnh" in data["items"][0]["transcript"] and "radio" in client.get("/api/v1/").get_json()["resources"]
    found = client.get("/tim-kiem?q=khoi thong cong ranh")
    assert f'href="{url}"' in found.get_data(as_text=True) and "Phát thanh" in unmarked(text(found))


def test_backup_round_trip_and_static_mirror(client, auth, app, site, data_dir, tmp_path):
    item = site.radio.get(_saved(site, title="Có trong bản sao lưu")["id"])
    sound = (data_dir / "uploads" / item["audio"]["name"]).read_bytes()
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    backup = client.post("/quan-tri/sao-luu/tai-ve", data={"csrf_token": token}).data
    names = zipfile.ZipFile(io.BytesIO(backup)).namelist()
    assert "radio.json" in names and f"uploads/{item['audio']['name']}" in names
    _saved(site, title="Viết sau khi sao lưu")
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    r = client.post("/quan-tri/sao-luu/khoi-phuc", data={"csrf_token": token,
                                                          "archive": (io.BytesIO(backup), "sao-luu.zip")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    assert [i["title"] for i in fresh(RadioBulletins, data_dir).all()] == ["Có trong bản sao lưu"]

    from blueprints.export import export_static
    out = tmp_path / "mirror"
    result = export_static(app, out)
    for name in ("phat-thanh/index.html", f"phat-thanh/{item['id']}-{item['slug']}/index.html",
                 "phat-thanh/podcast.xml"):
        assert (out / name).is_file(), name
    assert (out / f"phat-thanh/{item['id']}/ban-tin.mp3").read_bytes() == sound
    assert not [b for b in result["broken"] if "phat-thanh" in b[0]]


def test_the_demo_has_two_bulletins_with_sound_and_removing_the_demo_removes_them(demo_app):
    site = demo_app.extensions["trangxa"]
    items = site.radio.all()
    assert len(items) == 2 and all(i["seconds"] == 4 and i["transcript"] for i in items)
    client = demo_app.test_client()
    for i in items:
        data = client.get(f"/phat-thanh/{i['id']}/ban-tin.mp3").data
        assert detect_media(data, AUDIO_TYPES, "audio", 10**6) == "mp3" and audio_seconds(data) == 4
    from core.demo import remove_demo
    remove_demo(site)
    assert site.radio.all() == [] and site.radio.all(trashed=True) == []

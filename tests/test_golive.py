"""Going live: the first-run setup, the demo marked and removable, honest demo dates, the first start of several
workers; the report's "Kính gửi" and the footer following the province or the district."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from app import create_app
from conftest import PASSWORD, AuthActions, csrf_from, field_error, fresh, run_at_once, unescaped, uploads
from core.content import Content
from core.demo import DEMO_FILE, demo_counts, demo_remaining, plan_removal, remove_demo, unseed
from core.documents import Documents
from core.people import People
from core.qa import Questions
from core.reports import default_recipient, draft_defaults
from core.schedule import Schedule
from core.reception import ReceptionSessions
from core.seed import content as demo_content
from core.seed.documents import demo_documents
from core.seed.people import DEMO_BOARD, DEMO_PEOPLE_COUNT
from core.seed.qa import ANSWERED
from core.seed.skeleton import LINKS as SKELETON_LINKS, PAGES as SKELETON_PAGES, SECTIONS as SKELETON_SECTIONS
from core.store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
BAND = re.compile(r'<div class="demo-band" role="status">.*?Trang đang hiển thị dữ liệu mẫu', re.S)
DEMO_DOCUMENTS = len(demo_documents("Dương Quang"))  # each with its placeholder PDF
PUBLIC_PAGES = ("/", "/van-ban", "/hoi-dap", "/lich-cong-tac", "/lay-y-kien", "/gioi-thieu/ban-bien-tap",
                "/tim-kiem?q=xa")


def _services(app):
    return app.extensions["trangxa"]


def _admin(app, client) -> AuthActions:
    actions = AuthActions(app, client)
    _services(app).accounts.create_user("quantri", PASSWORD, "Quản Trị", role="admin")
    assert actions.login("quantri").status_code == 302
    return actions


def _png(width: int = 400, height: int = 400, color=(180, 20, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def _all_articles(store: Store) -> list[dict]:
    return [dict(doc, id=int(k)) for name in store.list_files("articles")
            for k, doc in store.read(name, cache=False).get("articles", {}).items()]


# The demo's files: the documents' and the 17 budget disclosures' placeholder PDFs, 6 drawn illustrations in
# 3 sizes each (3 in articles, 3 more drawn for the albums), the two radio bulletins' generated MP3s.
DEMO_UPLOADS = DEMO_DOCUMENTS + 17 + 6 * 3 + 2


def _demo_article(content: Content, title: str) -> dict:
    return content.article(next(a["id"] for a in content.index().meta.values() if a["title"] == title))


# ------------------------------------------------------------------ the marker
def test_every_record_the_demo_creates_is_marked(demo_app, data_dir):
    store = Store(data_dir)
    sections = sum(1 + len(children) for _, _, _, children in demo_content.SECTIONS)
    assert demo_counts(store) == {
        "article": len(demo_content.ARTICLES), "section": sections, "page": len(demo_content.PAGES),
        "link": len(demo_content.LINKS), "document": DEMO_DOCUMENTS, "person": DEMO_PEOPLE_COUNT,
        "question": len(ANSWERED) + 1, "schedule": len(Schedule(store).all()), "draft": 2, "comment": 2, "media": 6,
        "upload": len(uploads(data_dir)),
        "reception": len(ReceptionSessions(store).all()), "reception_rules": 1, "reception_result": 5,
        "contact": 9, "press": 3, "budget": 17, "procedure": 12, "radio": 2, "album": 2,
    }
    assert len(uploads(data_dir)) == DEMO_UPLOADS and len(Schedule(store).all()) > 0
    # Every content record on disk is in the marker, and nothing else is (settings, document types).
    marker = store.read(DEMO_FILE, cache=False)
    marked = {(r["file"], r["table"], r["id"]) for r in marker["records"].values()}
    on_disk = {(name, table, int(k)) for name in store.data_files(skip=("counters", "audit", "revisions"))
               for table, docs in store.read(name, cache=False).items() for k in docs
               if name not in (DEMO_FILE, "schema.json") and (name, table) not in (
                   ("site.json", "settings"), ("documents.json", "types"))}
    assert marked == on_disk
    assert demo_remaining(store) == len(marked) + DEMO_UPLOADS


def test_demo_articles_are_dated_when_published_not_when_installed(demo_app):
    content = _services(demo_app).content
    for meta in content.index().meta.values():
        assert meta["created_at"] == meta["updated_at"] == meta["publish_at"], meta["title"]
        assert meta["approved_at"] == meta["publish_at"]
    article = content.latest(limit=1)[0]
    section = content.section(article["section_id"])
    page = demo_app.test_client().get(f"/{section['slug']}/{article['slug']}")
    assert page.status_code == 200 and "Cập nhật lúc" not in unescaped(page)
    # An editor's save still stamps its own time.
    saved = content.save_article(dict(content.article(article["id"]), title="Sửa tiêu đề"), article["id"], by="x")
    assert saved["updated_at"] > saved["publish_at"]


# ------------------------------------------------------------------ the band
def test_the_band_is_on_every_public_page_while_the_demo_remains(demo_app):
    client = demo_app.test_client()
    content = _services(demo_app).content
    article = content.latest(limit=1)[0]
    urls = [*PUBLIC_PAGES, f"/{content.section(article['section_id'])['slug']}",
            f"/{content.section(article['section_id'])['slug']}/{article['slug']}"]
    for url in urls:
        page = client.get(url)
        assert page.status_code == 200, url
        html = unescaped(page)
        assert BAND.search(html), url
        band = re.search(r'<div class="demo-band".*?</div>', html, re.S).group(0)
        assert "<button" not in band and "<form" not in band  # not something a citizen can dismiss
    remove_demo(_services(demo_app))
    for url in PUBLIC_PAGES:
        page = client.get(url)
        assert page.status_code == 200 and not BAND.search(unescaped(page)), url
    assert "demo-band" not in unescaped(client.get("/"))


def test_a_site_never_seeded_shows_no_band_and_no_setup_prompt(app, client, auth):
    assert not BAND.search(unescaped(client.get("/")))
    dashboard = unescaped(client.get("/quan-tri/"))
    assert "Thiết lập trang" not in dashboard and "dữ liệu mẫu" not in dashboard


# ------------------------------------------------------------------ removal
def test_removing_the_demo_keeps_what_the_commune_made_or_edited(demo_app, data_dir):
    s = _services(demo_app)
    client = demo_app.test_client()
    _admin(demo_app, client)
    content = s.content
    edited = _demo_article(content, demo_content.ARTICLES[0]["title"])
    content.save_article(dict(edited, title="Tin của xã viết lại từ bài mẫu"), edited["id"], by="quantri")
    trashed = _demo_article(content, demo_content.ARTICLES[1]["title"])
    content.trash_article(trashed["id"])  # trashing is not editing: it goes with the demo
    news = content.section_by_slug("hoat-dong-cua-xa")
    content.save_article({"title": "Bài đầu tiên của xã", "body": "<p>Nội dung.</p>",
                          "section_id": news["id"], "status": "published"}, by="quantri")
    kept_doc = s.documents.all()[0]
    s.documents.save(dict(kept_doc, summary="Trích yếu xã đã sửa"), kept_doc["id"])
    asked = s.questions.submit({"name": "Người dân", "topic": "Khác", "question": "Xin hỏi giờ làm việc của xã?"},
                               address="203.0.113.7")
    s.counters.record_hit("203.0.113.8", "Mozilla/5.0", trashed["id"])
    before = set(uploads(data_dir))
    # Another worker, its caches warm: lists, the search index, the document register.
    other = create_app({"DATA_DIR": str(data_dir), "TESTING": True}).test_client()
    word = demo_content.ARTICLES[5]["title"].split()[0]
    for url in ("/", f"/tim-kiem?q={word}", "/van-ban", "/gioi-thieu/ban-bien-tap"):
        assert BAND.search(unescaped(other.get(url))), url

    dashboard = unescaped(client.get("/quan-tri/"))
    assert "Trang đang hiển thị dữ liệu mẫu" in dashboard and "Xóa toàn bộ dữ liệu mẫu" in dashboard
    confirm = client.get("/quan-tri/xoa-du-lieu-mau")
    assert confirm.status_code == 200 and "Xác nhận xóa dữ liệu mẫu" in unescaped(confirm)
    assert demo_remaining(Store(data_dir)) > 0  # showing the confirmation removes nothing
    r = client.post("/quan-tri/xoa-du-lieu-mau", data={"csrf_token": csrf_from(unescaped(confirm))})
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/quan-tri/"
    flashed = unescaped(client.get("/quan-tri/"))
    assert "Đã xóa dữ liệu mẫu" in flashed and "Trang đang hiển thị dữ liệu mẫu" not in flashed

    store = Store(data_dir)  # everything re-read from the files
    assert demo_remaining(store) == 0
    assert sorted(a["title"] for a in _all_articles(store)) == ["Bài đầu tiên của xã", "Tin của xã viết lại từ bài mẫu"]
    assert [d["summary"] for d in fresh(Documents, data_dir).all()] == ["Trích yếu xã đã sửa"]
    assert fresh(People, data_dir).all() == [] and fresh(Schedule, data_dir).all(trashed=False) == []
    assert [q["id"] for q in fresh(Questions, data_dir).all()] == [asked["id"]]
    for name in ("drafts.json", "draft_comments.json"):
        assert not any(store.read(name, cache=False).get("items", {}).values())
    site = fresh(Content, data_dir)
    assert site.pages(include_hidden=True) == [] and site.links() == []
    # Sections stay while they hold the commune's articles (with their parent); the others go.
    assert {sec["slug"] for sec in site.sections(include_hidden=True)} == {
        "tin-tuc-su-kien", "hoat-dong-cua-xa", content.section(edited["section_id"])["slug"]}
    # The edited document keeps its file, the article rewritten from a demo one keeps the illustration its body
    # shows (in every size); the other demo files are deleted.
    bodies = " ".join(a["body"] for a in _all_articles(store))
    pictured = {n for n in before if n.split(".")[0].split("-")[0] in bodies}
    assert set(uploads(data_dir)) == {kept_doc["attachment"]["name"]} | pictured
    assert len(before) == DEMO_UPLOADS
    # Nothing of a removed article follows a new one given its id.
    assert str(trashed["id"]) not in store.read("counters/counters.json", cache=False).get("views", {})
    # The backup zip was written first and holds the demo.
    backups = list((data_dir / "backups").glob("truoc-xoa-du-lieu-mau-*.zip"))
    assert len(backups) == 1
    with zipfile.ZipFile(backups[0]) as zf:
        assert demo_content.ARTICLES[5]["title"] in zf.read("articles/00000.json").decode("utf-8")
        assert len([n for n in zf.namelist() if n.startswith("uploads/")]) == DEMO_UPLOADS
    audit = json.dumps([store.read(n, cache=False) for n in store.list_files("audit")], ensure_ascii=False)
    assert '"demo_remove"' in audit
    # The other worker sees it at once: no band, no demo article, document, person or search hit.
    home = unescaped(other.get("/"))
    assert not BAND.search(home) and demo_content.ARTICLES[5]["title"] not in home
    found = unescaped(other.get(f"/tim-kiem?q={word}"))
    assert demo_content.ARTICLES[5]["title"] not in found and not BAND.search(found)
    assert kept_doc["number"] in unescaped(other.get("/van-ban"))
    assert len(re.findall(r"/van-ban/\d+", unescaped(other.get("/van-ban")))) >= 1
    board = re.search(r"<main.*?</main>", unescaped(other.get("/gioi-thieu/ban-bien-tap")), re.S).group(0)
    assert DEMO_BOARD[0][0] not in board  # (the footer still names him: the settings are the setup's to change)


def test_removing_the_demo_is_for_admins(demo_app, data_dir):
    client = demo_app.test_client()
    _services(demo_app).accounts.create_user("bientap", PASSWORD, "Biên Tập", role="editor")
    auth = AuthActions(demo_app, client)
    auth.login("bientap")
    assert "Trang đang hiển thị dữ liệu mẫu" in unescaped(client.get("/quan-tri/"))
    assert client.get("/quan-tri/xoa-du-lieu-mau").status_code == 403
    r = client.post("/quan-tri/xoa-du-lieu-mau", data={"csrf_token": auth.token()})
    assert r.status_code == 403
    assert client.get("/quan-tri/thiet-lap-trang").status_code == 403
    assert demo_remaining(Store(data_dir)) > 0


def test_a_demo_section_holding_intro_pages_of_the_commune_stays(demo_app, data_dir):
    s = _services(demo_app)
    s.content.save_page({"title": "Trang của xã", "body": "<p>Giới thiệu.</p>"})
    removal = remove_demo(s, backup=None)
    site = fresh(Content, data_dir)
    assert [p["title"] for p in site.pages(include_hidden=True)] == ["Trang của xã"]
    assert [sec["slug"] for sec in site.sections(include_hidden=True)] == ["gioi-thieu"]
    assert removal.backup is not None  # something of the commune's existed: backed up all the same


def test_a_demo_draft_citizens_commented_on_stays_with_their_comments(demo_app, data_dir):
    s = _services(demo_app)
    open_draft = next(d for d in s.consultations.all() if s.consultations.is_open(d))
    s.consultations.add_comment(open_draft["id"], {"name": "Người dân", "comment": "Tôi nhất trí với dự thảo."},
                                address="203.0.113.10")
    remove_demo(s)
    store = Store(data_dir)
    drafts = store.read("drafts.json", cache=False)["items"]
    comments = store.read("draft_comments.json", cache=False)["items"]
    assert list(drafts) == [str(open_draft["id"])]
    assert [c["comment"] for c in comments.values()] == ["Tôi nhất trí với dự thảo."]


def test_a_pure_demo_site_removed_from_the_setup_needs_no_backup(demo_app, data_dir):
    removal = remove_demo(_services(demo_app), backup=None)
    assert removal.backup is None and not (data_dir / "backups").exists()
    assert _all_articles(Store(data_dir)) == [] and uploads(data_dir) == []
    # Removing again finds nothing to do.
    assert remove_demo(_services(demo_app)).counts == {}


def test_unseed_is_refused_once_the_commune_has_added_something(demo_app, data_dir):
    s = _services(demo_app)
    s.questions.submit({"name": "Người dân", "topic": "Khác", "question": "Xin hỏi lịch tiếp công dân?"},
                       address="203.0.113.9")
    assert plan_removal(s.store).theirs
    assert unseed(s) is False
    assert demo_remaining(Store(data_dir)) > 0


# ------------------------------------------------------------------ the store's part
def test_the_store_deletes_only_when_asked(data_dir):
    store = Store(data_dir)
    with store.transaction("x.json") as db:
        db.table("items").insert({"a": 1})
    with pytest.raises(StoreError), store.transaction("x.json") as db:
        db.table("items").truncate()
    with store.transaction("x.json", allow_empty=True) as db:
        db.table("items").truncate()
    assert store.read("x.json") == {"items": {}}
    assert store.delete("x.json") and not store.exists("x.json") and store.read("x.json") == {}
    store.save_blob("uploads/" + "a" * 32 + ".pdf", b"%PDF-1.4")
    with pytest.raises(ValueError):
        store.delete_blob("site.json")
    assert store.delete_blob("uploads/" + "a" * 32 + ".pdf") and uploads(data_dir) == []


# ------------------------------------------------------------------ the setup page
SETUP = {
    "commune_name": "Xã Xuân Dục", "province": "Hưng Yên", "district": "", "agency_name": "", "site_title": "",
    "address": "Thôn Xuân Dục, xã Xuân Dục, tỉnh Hưng Yên", "phone": "0221 3 111 222", "fax": "0221 3 111 223",
    "email": "ubnd.xuanduc@hungyen.gov.vn", "hotline": "0912 345 678", "responsible_person": "Trần Văn Bình",
    "responsible_title": "Chủ tịch UBND xã", "licence": "Quyết định thành lập số 05/QĐ-UBND ngày 02/01/2024",
    "site_start": "2024-01-02",
}


def test_the_setup_link_leads_to_the_setup_page(demo_app):
    client = demo_app.test_client()
    token = _services(demo_app).accounts.new_setup_token()
    page = client.get(f"/thiet-lap/{token}").get_data(as_text=True)
    r = client.post(f"/thiet-lap/{token}", data={"csrf_token": csrf_from(page), "display_name": "Quản Trị",
                                                 "username": "quantri", "password": PASSWORD, "confirm": PASSWORD})
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/quan-tri/thiet-lap-trang"
    setup = unescaped(client.get("/quan-tri/thiet-lap-trang"))
    assert "Thiết lập trang thông tin" in setup and "Bắt đầu với trang trống" in setup
    # The demo's placeholders are not offered as the commune's own values.
    form = re.search(r'<form method="post" enctype.*?</form>', setup, re.S).group(0)
    values = re.findall(r'value="([^"]*)"', form)
    assert not [v for v in values if "Dương Quang" in v or v in demo_content.DEMO_SETTINGS.values()]
    assert "Thiết lập trang" in unescaped(client.get("/quan-tri/"))  # until it is done


def test_the_setup_saves_every_field_and_starts_empty(demo_app, data_dir):
    client = demo_app.test_client()
    _admin(demo_app, client)
    token = csrf_from(client.get("/quan-tri/thiet-lap-trang").get_data(as_text=True))
    data = dict(SETUP, csrf_token=token, start="empty",
                emblem=(io.BytesIO(_png(500, 500)), "logo.png"), banner=(io.BytesIO(_png(1400, 200)), "bang.png"))
    r = client.post("/quan-tri/thiet-lap-trang", data=data, content_type="multipart/form-data")
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/quan-tri/"
    settings = fresh(Content, data_dir).settings()
    expected = dict(SETUP, commune_name="Xuân Dục", agency_name="ỦY BAN NHÂN DÂN XÃ XUÂN DỤC",
                    site_title="Trang thông tin điện tử xã Xuân Dục")
    assert {k: settings[k] for k in SETUP} == expected
    assert settings["setup_done"] and re.fullmatch(r"[a-f0-9]{32}\.(png|jpg)", settings["emblem"])
    assert re.fullmatch(r"[a-f0-9]{32}\.(png|jpg)", settings["banner"])
    assert {f"{settings['banner'].split('.')[0]}-800.{settings['banner'].split('.')[1]}"} <= set(uploads(data_dir))
    # No demo left, no backup needed (nothing of the commune's existed), the skeleton in its place.
    store = Store(data_dir)
    assert demo_remaining(store) == 0 and _all_articles(store) == []
    assert not (data_dir / "backups").exists()
    assert fresh(Documents, data_dir).all() == [] and fresh(People, data_dir).all() == []
    site = fresh(Content, data_dir)
    names = [sec["name"] for sec in site.sections(include_hidden=True)]
    assert names == [n for name, _, _, children in SKELETON_SECTIONS for n in (name, *(c for c, _ in children))]
    assert [p["title"] for p in site.pages(include_hidden=True)] == [t for t, _ in SKELETON_PAGES]
    assert all(p["hidden"] and "<h2>" in p["body"] for p in site.pages(include_hidden=True))
    assert [(link["title"], link["url"]) for link in site.links()] == list(SKELETON_LINKS)
    # The public site is the commune's.
    home = unescaped(client.get("/"))
    assert "Trang thông tin điện tử xã Xuân Dục" in home and not BAND.search(home)
    assert "Dương Quang" not in home and demo_content.ARTICLES[0]["title"] not in home
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', home, re.S).group(1)
    for text in ("Cơ quan chủ quản: Ủy ban nhân dân xã Xuân Dục, tỉnh Hưng Yên", "Fax: 0221 3 111 223",
                 "Đường dây nóng", "0912 345 678", "Quyết định thành lập số 05/QĐ-UBND ngày 02/01/2024",
                 "Chịu trách nhiệm chính: Trần Văn Bình – Chủ tịch UBND xã"):
        assert text in footer, text
    assert f'src="/tep/{settings["banner"]}"' in home and 'class="site-banner"' in home
    dashboard = unescaped(client.get("/quan-tri/"))
    assert "Trang chưa được thiết lập" not in dashboard and "Trang đang hiển thị dữ liệu mẫu" not in dashboard
    # Editable later under Cài đặt: the settings page shows it all.
    page = unescaped(client.get("/quan-tri/cai-dat"))
    assert 'value="0912 345 678"' in page and 'value="Quyết định thành lập số 05/QĐ-UBND ngày 02/01/2024"' in page


def test_the_setup_can_keep_the_demo(demo_app, data_dir):
    client = demo_app.test_client()
    _admin(demo_app, client)
    token = csrf_from(client.get("/quan-tri/thiet-lap-trang").get_data(as_text=True))
    r = client.post("/quan-tri/thiet-lap-trang", data={"csrf_token": token, "commune_name": "Xuân Dục",
                                                       "start": "demo"})
    assert r.status_code == 302
    assert demo_remaining(Store(data_dir)) > 0 and len(_all_articles(Store(data_dir))) == len(demo_content.ARTICLES)
    settings = fresh(Content, data_dir).settings()
    assert settings["commune_name"] == "Xuân Dục" and settings["phone"] == "" and settings["setup_done"]
    dashboard = unescaped(client.get("/quan-tri/"))
    assert "Trang chưa được thiết lập" not in dashboard and "Xóa toàn bộ dữ liệu mẫu" in dashboard


def test_setup_errors_show_next_to_the_fields_and_keep_what_was_typed(demo_app, data_dir):
    client = demo_app.test_client()
    _admin(demo_app, client)
    token = csrf_from(client.get("/quan-tri/thiet-lap-trang").get_data(as_text=True))
    r = client.post("/quan-tri/thiet-lap-trang", data=dict(SETUP, csrf_token=token, commune_name="",
                                                           email="khong-phai-thu", start="empty"))
    assert r.status_code == 200
    html = unescaped(r)
    assert field_error(html, "commune_name") == "Vui lòng nhập tên xã."
    assert "không hợp lệ" in (field_error(html, "email") or "")
    for value in ("Thôn Xuân Dục, xã Xuân Dục, tỉnh Hưng Yên", "0912 345 678", "khong-phai-thu"):
        assert f'value="{value}"' in html
    assert re.search(r'<input[^>]*checked[^>]*value="empty"|<input[^>]*value="empty"[^>]*checked', html)
    assert demo_remaining(Store(data_dir)) > 0  # nothing was removed
    assert fresh(Content, data_dir).settings()["commune_name"] == "Dương Quang"


def test_a_bad_emblem_is_refused_next_to_its_field(demo_app, data_dir):
    client = demo_app.test_client()
    _admin(demo_app, client)
    token = csrf_from(client.get("/quan-tri/thiet-lap-trang").get_data(as_text=True))
    r = client.post("/quan-tri/thiet-lap-trang", content_type="multipart/form-data",
                    data=dict(SETUP, csrf_token=token, start="empty", emblem=(io.BytesIO(b"not a picture"), "x.png")))
    assert r.status_code == 200
    assert "không phải là ảnh" in (field_error(unescaped(r), "emblem") or "")
    assert demo_remaining(Store(data_dir)) > 0 and len(uploads(data_dir)) == DEMO_UPLOADS


def test_settings_take_an_emblem_and_drop_it_again(app, client, auth, data_dir):
    page = client.get("/quan-tri/cai-dat").get_data(as_text=True)
    data = {"csrf_token": csrf_from(page), "commune_name": "Dương Quang",
            "agency_name": "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG", "site_title": "Trang thông tin điện tử xã Dương Quang",
            "ratings": "co", "emblem": (io.BytesIO(_png(300, 300)), "logo.png")}
    assert client.post("/quan-tri/cai-dat", data=data, content_type="multipart/form-data").status_code == 302
    emblem = fresh(Content, data_dir).settings()["emblem"]
    assert emblem and f'src="/tep/{emblem}"' in unescaped(client.get("/"))
    data = dict(data, csrf_token=csrf_from(client.get("/quan-tri/cai-dat").get_data(as_text=True)),
                emblem=(io.BytesIO(b""), ""), remove_emblem="y")
    assert client.post("/quan-tri/cai-dat", data=data, content_type="multipart/form-data").status_code == 302
    assert fresh(Content, data_dir).settings()["emblem"] == ""
    assert "img/emblem.svg" in unescaped(client.get("/"))


# ------------------------------------------------------------------ the command line
def _flask(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, TRANGXA_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_cli_setup_empty_on_an_empty_folder_leaves_no_demo_at_all(tmp_path):
    data_dir = tmp_path / "data"
    done = _flask(data_dir, "setup", "--name", "Xã Xuân Dục", "--province", "Hưng Yên", "--district", "Văn Lâm",
                  "--phone", "0221 3 111 222", "--empty")
    assert done.returncode == 0, done.stderr
    assert "Đã thiết lập trang: Trang thông tin điện tử xã Xuân Dục." in done.stdout
    # Not one demo record anywhere, rotated copies included, and no demo file.
    assert uploads(data_dir) == [] and not (data_dir / DEMO_FILE).exists()
    for path in data_dir.rglob("*"):
        if path.is_file() and path.name != "secret_key":
            raw = path.read_bytes().decode("utf-8", "replace")
            assert "Dương Quang" not in raw and demo_content.ARTICLES[0]["title"] not in raw, path
    store = Store(data_dir)
    settings = fresh(Content, data_dir).settings()
    assert (settings["commune_name"], settings["province"], settings["district"], settings["phone"]) == (
        "Xuân Dục", "Hưng Yên", "Văn Lâm", "0221 3 111 222")
    assert settings["setup_done"] and len(fresh(Content, data_dir).links()) == len(SKELETON_LINKS)
    # The first start afterwards finds a site: it seeds nothing.
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True})
    assert not _services(app).seeded and _all_articles(store) == [] and demo_remaining(store) == 0
    assert not BAND.search(unescaped(app.test_client().get("/")))


def test_cli_setup_refuses_a_missing_name_and_changes_nothing(demo_app, data_dir):
    result = demo_app.test_cli_runner().invoke(args=["setup", "--name", " ", "--empty"])
    assert result.exit_code == 1 and "Vui lòng nhập tên xã." in result.output
    assert demo_remaining(Store(data_dir)) > 0


def test_cli_remove_demo(demo_app, data_dir):
    runner = demo_app.test_cli_runner()
    result = runner.invoke(args=["remove-demo"])
    assert result.exit_code == 0, result.output
    assert "Đã xóa dữ liệu mẫu: " in result.output and f" {len(demo_content.ARTICLES)} tin bài," in result.output
    assert "truoc-xoa-du-lieu-mau-" in result.output
    assert len(list((data_dir / "backups").glob("truoc-xoa-du-lieu-mau-*.zip"))) == 1
    assert demo_remaining(Store(data_dir)) == 0 and _all_articles(Store(data_dir)) == [] and uploads(data_dir) == []
    again = runner.invoke(args=["remove-demo"])
    assert again.exit_code == 0 and "Trang không còn dữ liệu mẫu." in again.output


def test_cli_setup_on_a_running_demo_site_backs_up_what_the_commune_made(demo_app, data_dir):
    s = _services(demo_app)
    own = s.content.save_article({"title": "Tin của xã", "body": "<p>x</p>", "status": "published",
                                  "section_id": s.content.section_by_slug("hoat-dong-cua-xa")["id"]})
    result = demo_app.test_cli_runner().invoke(args=["setup", "--name", "Xuân Dục", "--empty"])
    assert result.exit_code == 0, result.output
    assert "Bản sao lưu trước khi xóa" in result.output
    assert [a["title"] for a in _all_articles(Store(data_dir))] == [own["title"]]
    assert fresh(Content, data_dir).section_by_slug("hoat-dong-cua-xa")  # it holds the commune's article


# ------------------------------------------------------------------ Kính gửi and the footer
@pytest.mark.parametrize(("settings", "recipient"), [
    ({"province": "Hưng Yên"}, "Ủy ban nhân dân tỉnh Hưng Yên"),
    ({"province": "Hưng Yên", "district": "Văn Lâm"}, "Ủy ban nhân dân huyện Văn Lâm"),
    ({"province": "Hưng Yên", "district": "Thị xã Mỹ Hào"}, "Ủy ban nhân dân thị xã Mỹ Hào"),
    ({"province": "Hà Nội"}, "Ủy ban nhân dân thành phố Hà Nội"),
    ({"province": "Tỉnh Bắc Ninh"}, "Ủy ban nhân dân tỉnh Bắc Ninh"),
    ({"superior": "UBND thị xã Mỹ Hào", "province": "Hưng Yên"}, "Ủy ban nhân dân thị xã Mỹ Hào"),  # stored before
    ({}, ""),
])
def test_the_reports_kinh_gui_follows_the_district_or_the_province(app, settings, recipient):
    content = _services(app).content
    content.save_settings(settings)
    stored = content.settings()
    assert default_recipient(stored) == recipient
    draft = draft_defaults(stored)
    assert draft["recipient"] == recipient
    unit = recipient.removeprefix("Ủy ban nhân dân ")
    assert (f"của UBND {unit} về việc" if unit else "của … về việc") in draft["basis"]


def test_the_footer_names_the_district_only_when_there_is_one(app, client):
    content = _services(app).content
    content.save_settings({"province": "Hưng Yên", "district": "Văn Lâm"})
    assert "Ủy ban nhân dân xã Dương Quang, huyện Văn Lâm, tỉnh Hưng Yên" in unescaped(client.get("/"))
    content.save_settings({"district": ""})
    page = unescaped(client.get("/"))
    assert "Cơ quan chủ quản: Ủy ban nhân dân xã Dương Quang, tỉnh Hưng Yên" in page and "Văn Lâm" not in page


# ------------------------------------------------------------------ several workers at once
ROUNDS = 2
WORKERS = 4


def _start(data_dir: str, barrier, out: str) -> None:
    """Build the app on ``data_dir`` the moment every worker is ready and report what it found (spawned)."""
    from app import create_app
    from core.demo import demo_remaining

    barrier.wait(60)
    try:
        app = create_app({"DATA_DIR": data_dir, "TESTING": True})
        services = app.extensions["trangxa"]
        html = app.test_client().get("/").get_data(as_text=True)
        result = {"seeded": services.seeded, "remaining": demo_remaining(services.store), "band": "demo-band" in html}
    except Exception as exc:  # reported to the test, which names it
        result = {"error": f"{type(exc).__name__}: {exc}"}
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def test_four_workers_starting_at_once_mark_the_demo_once(tmp_path):
    for round_ in range(ROUNDS):
        data_dir = tmp_path / f"data-{round_}"
        outs = run_at_once(_start, [(str(data_dir),)] * WORKERS, tmp_path / f"round-{round_}")
        results = [json.loads(out) for out in outs]
        assert not any("error" in r for r in results), results
        assert sum(r["seeded"] for r in results) == 1, f"round {round_}: {results}"
        store = Store(data_dir)
        marker = store.read(DEMO_FILE, cache=False)
        assert len(marker["state"]) == 1
        records = [(r["file"], r["table"], r["id"]) for r in marker["records"].values()]
        assert len(records) == len(set(records))
        assert len([r for r in records if r[0].startswith("articles/")]) == len(demo_content.ARTICLES)
        assert all(r["remaining"] == demo_remaining(store) and r["band"] for r in results)

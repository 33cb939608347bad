"""Backup (panel and command line) and restore that checks the zip first and keeps a safety copy."""
from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import signal
import stat
import zipfile
from pathlib import Path

import pytest

import core.store.restore as restore_module
from app import create_app
from conftest import PASSWORD, AuthActions, csrf_from, section_id, unescaped
from core.audit import Audit
from core.content import Content
from core.qa import Questions
from core.schema import SCHEMA_VERSION
from core.store import (
    LOCK_NAMES, BackupError, Store, StoreError, StoreLockTimeout, member_kind, restore_backup, write_backup,
)
from core.store.backup import RESTORED_ROOTS, TOP_FILES


def snapshot(folder: Path) -> dict[str, str]:
    """Return relative path -> sha256 of every non-hidden data file."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts) and rel.parts[0] != "backups":
            out[rel.as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def download(client, include_secret: bool = False) -> zipfile.ZipFile:
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    data = {"csrf_token": token}
    if include_secret:
        data["include_secret"] = "y"
    r = client.post("/quan-tri/sao-luu/tai-ve", data=data)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/zip"
    assert "attachment" in r.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(r.data))


def upload(client, payload: bytes):
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    return client.post("/quan-tri/sao-luu/khoi-phuc",
                       data={"csrf_token": token, "archive": (io.BytesIO(payload), "sao-luu.zip")},
                       content_type="multipart/form-data")


def test_backup_holds_every_data_file_but_the_secret_unless_asked(client, auth, content, data_dir):
    content.save_article({"title": "Bài trong bản sao lưu", "section_id": section_id(content, "Chuyển đổi số")})
    zf = download(client)
    names = set(zf.namelist())
    assert {"site.json", "accounts.json", "articles/00000.json"} <= names
    assert "secret_key" not in names
    assert not any(n.startswith(".") or "/." in n for n in names)  # no locks, stamps or .bak files
    for name in names:
        if name.startswith("audit/"):
            continue  # the download itself is logged once the zip is written
        assert zf.read(name) == (data_dir / name).read_bytes()
    assert "secret_key" in download(client, include_secret=True).namelist()


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(client, auth, content, data_dir):
    sid = section_id(content, "Chuyển đổi số")
    content.save_article({"title": "Có trước khi sao lưu", "section_id": sid, "status": "published"})
    zf_bytes = io.BytesIO()
    backup = download(client)
    with zipfile.ZipFile(zf_bytes, "w") as out:
        for name in backup.namelist():
            out.writestr(name, backup.read(name))
    before_backup = snapshot(data_dir)
    content.save_article({"title": "Viết sau khi sao lưu", "section_id": sid, "status": "published"})
    r = upload(client, zf_bytes.getvalue())
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    titles = {a["title"] for a in Content(Store(data_dir)).index().meta.values()}
    assert titles == {"Có trước khi sao lưu"}
    # The app that served the request sees the restored data too (its caches were dropped).
    assert "Viết sau khi sao lưu" not in client.get("/chuyen-doi-so").get_data(as_text=True)
    safety = next((data_dir / "backups").iterdir())
    assert any("Viết sau khi sao lưu" in p.read_text(encoding="utf-8") for p in (safety / "articles").iterdir())
    restored = snapshot(data_dir)
    for name, digest in before_backup.items():
        if name.startswith(("counters/", "audit/")):
            continue  # page views of this test keep being counted; the audit log records the restore
        assert restored.get(name) == digest, name


def _zip(entries: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("payload, message", [
    (b"this is not a zip file", "không phải là tệp sao lưu"),
    (_zip({"site.json": "{broken", "accounts.json": "{}"}), "bị hỏng"),
    (_zip({"accounts.json": "{}"}), "thiếu site.json"),
    (_zip({"site.json": "{}", "../../app.py": "print('x')"}), "không an toàn"),
    (_zip({"site.json": "{}", "/etc/cron.d/x": "x"}), "không an toàn"),
    (_zip({"site.json": "[1, 2]"}), "không đúng định dạng"),
])
def test_a_bad_backup_changes_nothing(client, auth, content, data_dir, payload, message):
    content.save_article({"title": "Dữ liệu đang có", "section_id": section_id(content, "Chuyển đổi số")})
    before = {k: v for k, v in snapshot(data_dir).items() if not k.startswith(("counters/", "audit/"))}
    r = upload(client, payload)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert message in html and "Dữ liệu hiện tại không thay đổi." in html
    after = {k: v for k, v in snapshot(data_dir).items() if not k.startswith(("counters/", "audit/"))}
    assert after == before
    assert not (data_dir / "backups").exists()
    assert not (data_dir.parent / "app.py").exists()


def test_command_line_backup_and_restore(app, runner, content, data_dir, tmp_path):
    content.save_article({"title": "Bài dòng lệnh", "section_id": section_id(content, "Chuyển đổi số")})
    out = tmp_path / "sao-luu.zip"
    result = runner.invoke(args=["backup", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "secret_key" not in zipfile.ZipFile(out).namelist()
    content.save_article({"title": "Bài thêm sau", "section_id": section_id(content, "Chuyển đổi số")})
    result = runner.invoke(args=["restore", str(out)])
    assert result.exit_code == 0, result.output
    assert {a["title"] for a in Content(Store(data_dir)).index().meta.values()} == {"Bài dòng lệnh"}
    bad = tmp_path / "hong.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    result = runner.invoke(args=["restore", str(bad)])
    assert result.exit_code == 1 and "không thay đổi" in result.output


# ------------------------------------------------------------------ every lock, from real other processes
def _ask_in_child(root: str, started) -> None:
    store = Store(root)
    started.set()
    Questions(store).submit({"name": "Nguyễn Văn Hỏi", "topic": "Khác", "question": "Hỏi trong lúc khôi phục?"},
                            address="203.0.113.7")


def test_a_question_sent_during_a_restore_waits_for_it_and_is_kept(app, data_dir, monkeypatch):
    import core.store.restore

    store = app.extensions["trangxa"].store
    Questions(store).submit({"name": "Trần Thị Trước", "topic": "Khác", "question": "Câu hỏi có trong bản sao lưu"},
                            address="203.0.113.8")
    archive = io.BytesIO()
    write_backup(store, archive)
    ctx = multiprocessing.get_context("spawn")
    started, seen = ctx.Event(), {}
    swap = core.store.restore._swap

    def swap_while_a_citizen_asks(*args, **kwargs):
        # The backup is unpacked and checked; its swap is about to move the current data away: another worker
        # takes a question now.
        child = seen["child"] = ctx.Process(target=_ask_in_child, args=(str(data_dir), started))
        child.start()
        assert started.wait(60)
        child.join(2.0)  # plenty for one small write, were the question's locks free
        seen["waited"] = child.is_alive()
        return swap(*args, **kwargs)

    monkeypatch.setattr(core.store.restore, "_swap", swap_while_a_citizen_asks)
    restore_backup(store, archive)
    seen["child"].join(60)
    assert seen["child"].exitcode == 0
    assert seen["waited"], "the question was written while the restore was swapping the data"
    names = sorted(q["name"] for q in Questions(Store(data_dir)).all())
    assert names == ["Nguyễn Văn Hỏi", "Trần Thị Trước"]  # written after the restore, into the restored file


def _free_locks_in_child(root: str, names: tuple[str, ...], out) -> None:
    store = Store(root, lock_timeout=0)
    free = []
    for name in names:
        try:
            with store.locked(name):
                free.append(name)
        except StoreLockTimeout:
            pass
    out.put(free)


@pytest.mark.parametrize("operation", ["backup", "restore"])
def test_backup_and_restore_hold_every_lock(app, data_dir, monkeypatch, operation):
    store = app.extensions["trangxa"].store
    archive = io.BytesIO()
    write_backup(store, archive)
    ctx = multiprocessing.get_context("spawn")
    out, free = ctx.Queue(), []

    def check_locks(original):
        def inside(*args, **kwargs):
            child = ctx.Process(target=_free_locks_in_child, args=(str(data_dir), LOCK_NAMES, out))
            child.start()
            free.append(out.get(timeout=60))
            child.join(60)
            return original(*args, **kwargs)
        return inside

    if operation == "backup":
        import core.store.backup

        monkeypatch.setattr(core.store.backup, "_zip_members", check_locks(core.store.backup._zip_members))
        write_backup(store, io.BytesIO())
    else:
        import core.store.restore

        monkeypatch.setattr(core.store.restore, "_swap", check_locks(core.store.restore._swap))
        restore_backup(store, archive)
    assert free == [[]]


# ------------------------------------------------------------------ restore: no code, nothing it should not replace
HEX = "0123456789abcdef" * 2
KEEP_NOTICE = "Dữ liệu hiện tại không thay đổi."


def live_files(folder: Path) -> dict[str, str]:
    """Return relative path -> sha256 of every file of the data folder (hidden ones too, safety copies too), but
    the audit log (refusals are recorded), lock files and change stamps."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_file() and not rel.startswith("audit/") and not p.name.endswith((".lock", ".stamp")):
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def restored_files(folder: Path) -> dict[str, str]:
    """Return relative path -> sha256 of the data files a restore replaces (no hidden backups, no audit log)."""
    return {name: digest for name, digest in live_files(folder).items()
            if name.split("/", 1)[0] in RESTORED_ROOTS and "/." not in f"/{name}"}


def zip_files(payload: bytes) -> dict[str, str]:
    """Return name -> sha256 of the members of a backup zip a restore puts in place (all but the audit log)."""
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        return {n: hashlib.sha256(zf.read(n)).hexdigest() for n in zf.namelist() if not n.startswith("audit/")}


def backup_bytes(app) -> bytes:
    buf = io.BytesIO()
    write_backup(app.extensions["trangxa"].store, buf)
    return buf.getvalue()


def rezip(base: bytes, extra: dict[str, bytes | str] | None = None, special=(), folders=()) -> bytes:
    """Return a copy of backup ``base`` with members added or replaced (``extra``), ZipInfo members (``special``,
    pairs of info and data) and folder entries added."""
    extra = extra or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in src.namelist():
            if name not in extra:
                zf.writestr(name, src.read(name))
        for name in folders:
            zf.mkdir(name)
        for name, data in extra.items():
            zf.writestr(name, data)
        for info, data in special:
            zf.writestr(info, data)
    return out.getvalue()


def _symlink(base: bytes) -> bytes:
    info = zipfile.ZipInfo(f"uploads/{HEX}.jpg")
    info.create_system = 3  # Unix: the mode below is read
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return rezip(base, special=[(info, "/etc/passwd")])


def _newer_schema(base: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        schema = json.loads(zf.read("schema.json"))
    schema["schema"]["1"]["version"] = SCHEMA_VERSION + 1
    return rezip(base, {"schema.json": json.dumps(schema)})


def _oversize_member(base: bytes) -> bytes:
    # 201 MB of zeros, some 200 KB zipped: over the real limit of one file (200 MB).
    out = io.BytesIO(rezip(base))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf, zf.open(f"uploads/{HEX}.pdf", "w",
                                                                        force_zip64=True) as fh:
        for _ in range(201):
            fh.write(bytes(1024 ** 2))
    return out.getvalue()


def _zip_bomb(base: bytes) -> bytes:
    # Four files of 1 MB of zeros each, a few KB zipped, against a total limit set to 3 MB for the test.
    return rezip(base, {f"uploads/{n:032x}.pdf": bytes(1024 ** 2) for n in range(4)})


REFUSALS = {
    "config.py": (lambda b: rezip(b, {"config.py": "import os\nos.system('touch /tmp/trangxa-pwned')\n"}),
                  "config.py (tệp cấu hình, là mã chương trình", {}),
    "secret_key file": (lambda b: rezip(b, {"secret_key": "0" * 64}), "có kèm khóa bí mật (secret_key)", {}),
    "secret_key folder": (lambda b: rezip(b, {"secret_key/x": "0" * 64}, folders=["secret_key"]),
                          "có kèm khóa bí mật (secret_key)", {}),
    "backups/x.json": (lambda b: rezip(b, {"backups/x.json": "{}"}), "backups/x.json trong thư mục backups/", {}),
    "unknown name": (lambda b: rezip(b, {"ghi-chu.txt": "xin chào"}),
                     "ghi-chu.txt: đây không phải tệp dữ liệu mà bản sao lưu của phiên bản này ghi ra", {}),
    "a folder named like a file": (lambda b: rezip(b, folders=["people.json"]),
                                   "people.json/ trong tệp sao lưu là một thư mục", {}),
    "newer schema": (_newer_schema, f"thuộc phiên bản dữ liệu {SCHEMA_VERSION + 1}, mới hơn phiên bản", {}),
    "oversize member": (_oversize_member, f"Tệp uploads/{HEX}.pdf trong bản sao lưu quá lớn khi giải nén", {}),
    "zip bomb by total": (_zip_bomb, "quá lớn khi giải nén (hơn 3 MB): có thể là tệp nén bất thường",
                          {"BACKUP_MAX_BYTES": 3 * 1024 ** 2}),
    "symlink member": (_symlink, f"uploads/{HEX}.jpg trong tệp sao lưu không phải là một tệp thường", {}),
    "path traversal": (lambda b: rezip(b, {"articles/../../app.py": "print('x')"}),
                       "đường dẫn không an toàn: articles/../../app.py", {}),
    "an upload that is not what its name says": (lambda b: rezip(b, {f"uploads/{HEX}.jpg": "<script>x</script>"}),
                                                 "không đúng loại tệp mà tên của nó cho biết", {}),
    "a forged accounts.json": (lambda b: rezip(b, {"accounts.json": '{"users": {"1": "admin"}}'}),
                               "accounts.json trong bản sao lưu không đúng định dạng dữ liệu", {}),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_restore_changes_no_live_file(client, auth, content, data_dir, monkeypatch, case):
    build, message, limits = REFUSALS[case]
    content.save_article({"title": "Dữ liệu đang có", "section_id": section_id(content, "Chuyển đổi số"),
                          "status": "published"})
    (data_dir / "config.py").write_text("PER_PAGE = 10\n", encoding="utf-8")  # the operator's own settings
    payload = build(backup_bytes(client.application))
    for name, value in limits.items():
        monkeypatch.setattr(restore_module, name, value)
    before = live_files(data_dir)
    r = upload(client, payload)
    html = unescaped(r)
    assert r.status_code == 200
    assert message in html and KEEP_NOTICE in html, html[:3000]
    assert live_files(data_dir) == before
    assert not (data_dir / "backups").exists()
    assert not [p.name for p in data_dir.iterdir() if p.name.startswith(".restore")]
    assert client.get("/").status_code == 200
    assert "Dữ liệu đang có" in client.get("/chuyen-doi-so").get_data(as_text=True)
    entry = Audit(Store(data_dir)).query(action="restore")[0][0]
    assert entry["ok"] is False and entry["item"] == "sao-luu.zip"
    assert entry["detail"].startswith(f"SHA-256 {hashlib.sha256(payload).hexdigest()}; ")


def test_the_command_line_refuses_config_py_too(app, runner, content, data_dir, tmp_path):
    archive = tmp_path / "sao-luu.zip"
    archive.write_bytes(rezip(backup_bytes(app), {"config.py": "SECRET_KEY = 'biet-truoc'\n"}))
    before = live_files(data_dir)
    result = runner.invoke(args=["restore", str(archive)])
    assert result.exit_code == 1
    assert "config.py (tệp cấu hình" in result.output and KEEP_NOTICE in result.output
    assert live_files(data_dir) == before and not (data_dir / "config.py").exists()
    entry = Audit(Store(data_dir)).query(action="restore")[0][0]
    assert entry["ok"] is False and entry["item"] == "sao-luu.zip" and entry["address"] == "dòng lệnh"
    assert hashlib.sha256(archive.read_bytes()).hexdigest() in entry["detail"]


def test_a_good_restore_is_audited_with_its_hash_and_keeps_settings_secret_and_accounts(app, client, auth, content,
                                                                                         data_dir):
    sid = section_id(content, "Chuyển đổi số")
    content.save_article({"title": "Trong bản sao lưu", "section_id": sid, "status": "published"})
    accounts = app.extensions["trangxa"].accounts
    old = accounts.create_user("nguoicu", "mat-khau-cu-rat-dai", "Người Cũ", role="editor")
    payload = backup_bytes(app)
    content.save_article({"title": "Viết sau khi sao lưu", "section_id": sid, "status": "published"})
    accounts.set_password(old["id"], "mat-khau-moi-rat-dai")
    (data_dir / "config.py").write_text("PER_PAGE = 10\n", encoding="utf-8")
    kept = {name: (data_dir / name).read_bytes() for name in ("config.py", "secret_key")}
    r = upload(client, payload)
    assert r.status_code == 302
    assert {a["title"] for a in Content(Store(data_dir)).index().meta.values()} == {"Trong bản sao lưu"}
    assert restored_files(data_dir) == zip_files(payload)
    assert {name: (data_dir / name).read_bytes() for name in kept} == kept  # neither moved nor replaced
    entry = Audit(Store(data_dir)).query(action="restore")[0][0]
    assert entry["ok"] is True and entry["user"] == "bientap" and entry["item"] == "sao-luu.zip"
    assert entry["detail"] == f"SHA-256 {hashlib.sha256(payload).hexdigest()}"
    # The restored accounts work as they were in the backup (the old password), and the restorer stays logged in.
    other = AuthActions(app, app.test_client())
    assert other.login("nguoicu", "mat-khau-moi-rat-dai").status_code == 200
    assert other.login("nguoicu", "mat-khau-cu-rat-dai").status_code == 302
    assert client.get("/quan-tri/sao-luu").status_code == 200


def test_a_backup_of_a_full_site_holds_every_data_file_and_passes_every_restore_check(demo_app, data_dir):
    from PIL import Image

    from core.ratings import Ratings
    from core.reports import Reports
    from core.royalties import Royalties

    site = demo_app.extensions["trangxa"]
    store = site.store
    site.accounts.create_user("quantri", PASSWORD, "Quản Trị")
    site.accounts.authenticate("quantri", "sai-mat-khau", "203.0.113.9")
    buf = io.BytesIO()
    Image.new("RGB", (900, 600), (200, 30, 30)).save(buf, "PNG")
    image = site.library.add_upload(buf.getvalue(), "anh.png", alt="Ảnh thử")
    section = next(s["id"] for s in site.content.sections() if s.get("kind") != "pages")
    article = site.content.save_article({"title": "Bài có lịch sử", "section_id": section, "status": "published"})
    site.content.save_article({"title": "Bài có lịch sử (sửa)", "section_id": section, "status": "published"},
                              article["id"])
    site.questions.submit({"name": "Nguyễn Văn Hỏi", "topic": "Khác", "question": "Xin hỏi thủ tục khai sinh?"},
                          address="203.0.113.7")
    Ratings(store).rate(article["id"], True, "203.0.113.7")
    Reports(store).save({"subject": "Báo cáo thử", "report_date": "2026-01-05", "period_start": "2025-01-01",
                         "period_end": "2025-12-31"})
    Royalties(store).add_type("Loại thử nghiệm", "1.5")
    site.banners.save({"title": "Banner", "alt": "Banner thử", "start": "2026-01-01", "image": image["name"]})
    site.bodies.save({"name": "Hội Người cao tuổi xã", "parent": "mttq"})
    site.videos.save({"title": "Video thử", "shown_on": "2026-01-05", "youtube": "https://youtu.be/dQw4w9WgXcQ"})
    site.audit.record("login", user="quantri")
    assert demo_app.test_client().get("/").status_code == 200
    site.counters.merge()
    (data_dir / "config.py").write_text("PER_PAGE = 10\n", encoding="utf-8")
    archive = io.BytesIO()
    write_backup(store, archive)
    names = set(zipfile.ZipFile(archive).namelist())
    on_disk = {p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_file()}
    data = {n for n in on_disk if not any(part.startswith(".") for part in n.split("/"))} - {"config.py", "secret_key"}
    # A data file the allow-list does not know would be left out of every backup: the list must grow with the site.
    assert names == data
    assert set(TOP_FILES) <= names  # the site above writes every collection
    assert {n.split("/")[0] for n in names} >= {"articles", "revisions", "audit", "counters", "uploads"}
    assert any(n.startswith("counters/journal/") for n in names) and any(n.endswith("-320.png") for n in names)
    restored = restore_backup(store, archive)
    assert restored.files == len([n for n in names if not n.startswith("audit/")])
    assert restored_files(data_dir) == zip_files(archive.getvalue())


def test_the_allow_list_names_every_file_the_modules_write():
    from core import accounts, audit, consultation, counters, qa, ratings, reports, royalties, schema, security
    from core import sections, uploads
    from core.articles import shard_name
    from core.banners import Banners
    from core.budget import Budget
    from core.documents import Documents
    from core.library import Library
    from core.people import People
    from core.procedures import Procedures
    from core.revisions import FIELDS, _name
    from core.schedule import Schedule

    names = [accounts.ACCOUNTS_FILE, accounts.THROTTLE_FILE, consultation.DRAFTS_FILE, consultation.COMMENTS_FILE,
             counters.COUNTERS_FILE, counters.SALT_FILE, qa.QUESTIONS_FILE, ratings.FILE, reports.REPORTS_FILE,
             royalties.ROYALTIES_FILE, schema.SCHEMA_FILE, security.LIMITS_FILE, sections.SITE_FILE,
             Banners.FILE, Documents.FILE, Library.FILE, People.FILE, Schedule.FILE, Budget.FILE,
             Procedures.FILE,
             shard_name(0), shard_name(123_456), audit._file("2026-01", 1), audit._file("2026-01", 7),
             f"{counters.JOURNAL_DIR}/1796092257-24758-65ca2d25.log"]
    names += [_name(kind, 12) for kind in FIELDS]
    for ext in uploads.IMAGE_TYPES:
        names += [f"uploads/{HEX}.{ext}"] + [f"uploads/{uploads.variant_name(f'{HEX}.{ext}', w)}"
                                              for w in uploads.WEB_WIDTHS]
    names += [f"uploads/{HEX}.{ext}" for ext in uploads.DOCUMENT_TYPES]
    assert [n for n in names if member_kind(n) is None] == []
    assert [n for n in ("config.py", "secret_key", "backups/x.json", "uploads/x.html", "articles/1.json")
            if member_kind(n) is not None] == []


# ------------------------------------------------------------------ two restores at once, from two real processes
def _restore_through_the_panel(root: str, payload: bytes, ready, go, out) -> None:
    app = create_app({"DATA_DIR": root, "SEED_DEMO": False, "TESTING": True})
    client = app.test_client()
    assert AuthActions(app, client).login().status_code == 302
    token = csrf_from(client.get("/quan-tri/sao-luu").get_data(as_text=True))
    ready.put(os.getpid())
    go.wait(60)
    r = client.post("/quan-tri/sao-luu/khoi-phuc",
                    data={"csrf_token": token, "archive": (io.BytesIO(payload), "sao-luu.zip")},
                    content_type="multipart/form-data")
    out.put((r.status_code, unescaped(r)))


def test_two_restores_at_once_end_in_one_whole_backup_never_a_mix(app, auth, content, data_dir):
    sid = section_id(content, "Chuyển đổi số")
    content.save_article({"title": "Chung", "section_id": sid, "status": "published"})
    content.save_article({"title": "Chỉ trong bản A", "section_id": sid, "status": "published"})
    Questions(app.extensions["trangxa"].store).submit(
        {"name": "Người Hỏi A", "topic": "Khác", "question": "Câu hỏi chỉ có trong bản A?"}, address="203.0.113.5")
    first = backup_bytes(app)
    content.save_article({"title": "Chỉ trong bản B", "section_id": sid, "status": "published"})
    second = backup_bytes(app)
    content.save_article({"title": "Hiện tại", "section_id": sid, "status": "published"})
    ctx = multiprocessing.get_context("spawn")
    ready, go, out = ctx.Queue(), ctx.Event(), ctx.Queue()
    children = [ctx.Process(target=_restore_through_the_panel, args=(str(data_dir), payload, ready, go, out))
                for payload in (first, second)]
    for child in children:
        child.start()
    for _ in children:
        ready.get(timeout=120)
    go.set()
    results = [out.get(timeout=300) for _ in children]
    for child in children:
        child.join(60)
        assert child.exitcode == 0
    assert all(code in (200, 302) for code, _ in results), [code for code, _ in results]  # no 500
    for code, html in results:
        if code == 200:  # refused while the other held the locks, and said so
            assert "đang được sao lưu hoặc khôi phục ở nơi khác" in html and KEEP_NOTICE in html, html[:3000]
    assert any(code == 302 for code, _ in results)
    final = restored_files(data_dir)
    assert final in (zip_files(first), zip_files(second))
    safety = sorted((data_dir / "backups").iterdir())
    assert len(safety) == sum(code == 302 for code, _ in results)
    assert not [p.name for p in data_dir.iterdir() if p.name.startswith(".restore")]
    client = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True}).test_client()
    assert client.get("/").status_code == 200
    assert "Chỉ trong bản A" in client.get("/chuyen-doi-so").get_data(as_text=True)


# ------------------------------------------------------------------ a swap cut short
def _restore_killed_in_child(root: str, payload: bytes, kill_at: int) -> None:
    calls = 0
    move = restore_module._move

    def dying_move(src, dst):
        nonlocal calls
        calls += 1
        if calls == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        move(src, dst)

    restore_module._move = dying_move
    restore_backup(Store(root), io.BytesIO(payload))


def _swap_sizes(data_dir: Path, payload: bytes) -> tuple[int, int]:
    """Return how many entries a restore of ``payload`` moves out of the data folder and into it."""
    out = len([p for p in data_dir.iterdir() if p.name in RESTORED_ROOTS])
    into = len({n.split("/")[0] for n in zip_files(payload)})
    return out, into


@pytest.mark.parametrize("when", ["before the first move", "before the first move in", "before the last move in"])
def test_a_restore_killed_during_its_swap_is_completed_on_the_next_start(app, content, data_dir, when):
    sid = section_id(content, "Chuyển đổi số")
    content.save_article({"title": "Trong bản sao lưu", "section_id": sid, "status": "published"})
    payload = backup_bytes(app)
    content.save_article({"title": "Sau bản sao lưu", "section_id": sid, "status": "published"})
    out, into = _swap_sizes(data_dir, payload)
    kill_at = {"before the first move": 1, "before the first move in": out + 1,
               "before the last move in": out + into}[when]
    child = multiprocessing.get_context("spawn").Process(target=_restore_killed_in_child,
                                                         args=(str(data_dir), payload, kill_at))
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL
    assert (data_dir / restore_module.SWAP_MARKER).exists()
    client = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True}).test_client()
    assert not (data_dir / restore_module.SWAP_MARKER).exists()
    assert not [p.name for p in data_dir.iterdir() if p.name.startswith(".restore")]
    assert restored_files(data_dir) == zip_files(payload)
    [safety] = (data_dir / "backups").iterdir()
    assert any("Sau bản sao lưu" in p.read_text(encoding="utf-8") for p in (safety / "articles").iterdir())
    assert client.get("/").status_code == 200
    assert "Sau bản sao lưu" not in client.get("/chuyen-doi-so").get_data(as_text=True)


def test_a_swap_that_fails_half_way_puts_every_file_back(client, auth, content, data_dir, monkeypatch):
    content.save_article({"title": "Dữ liệu đang có", "section_id": section_id(content, "Chuyển đổi số"),
                          "status": "published"})
    payload = backup_bytes(client.application)
    content.save_article({"title": "Viết sau khi sao lưu", "section_id": section_id(content, "Chuyển đổi số"),
                          "status": "published"})
    out, _ = _swap_sizes(data_dir, payload)
    calls, move = [], restore_module._move

    def failing_move(src, dst):
        calls.append(src)
        if len(calls) == out + 2:  # the old data moved out, one backup entry moved in
            raise PermissionError(13, "Permission denied", str(src))
        move(src, dst)

    monkeypatch.setattr(restore_module, "_move", failing_move)
    before = live_files(data_dir)
    r = upload(client, payload)
    html = unescaped(r)
    assert r.status_code == 200 and "Không thay được dữ liệu" in html and KEEP_NOTICE in html
    assert live_files(data_dir) == before
    assert not (data_dir / "backups").exists()
    assert not [p.name for p in data_dir.iterdir() if p.name.startswith(".restore")]
    assert "Viết sau khi sao lưu" in client.get("/chuyen-doi-so").get_data(as_text=True)


def test_a_swap_that_cannot_be_completed_stops_the_start_with_a_message(app, data_dir):
    (data_dir / restore_module.SWAP_MARKER).write_text("{hỏng", encoding="utf-8")
    with pytest.raises(StoreError, match="bị ngắt giữa chừng và chưa hoàn tất được"):
        create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True})


def test_restore_backup_raises_backup_error_with_the_hash(app):
    payload = rezip(backup_bytes(app), {"config.py": "x = 1\n"})
    with pytest.raises(BackupError) as caught:
        restore_backup(app.extensions["trangxa"].store, io.BytesIO(payload))
    assert caught.value.sha256 == hashlib.sha256(payload).hexdigest()

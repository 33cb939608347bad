"""Backup (panel and command line) and restore that checks the zip first and keeps a safety copy."""
from __future__ import annotations

import hashlib
import io
import multiprocessing
import zipfile
from pathlib import Path

import pytest

from conftest import csrf_from, section_id
from core.content import Content
from core.qa import Questions
from core.store import LOCK_NAMES, Store, StoreLockTimeout, restore_backup, write_backup


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
    store = app.extensions["trangxa"].store
    Questions(store).submit({"name": "Trần Thị Trước", "topic": "Khác", "question": "Câu hỏi có trong bản sao lưu"},
                            address="203.0.113.8")
    archive = io.BytesIO()
    write_backup(store, archive)
    ctx = multiprocessing.get_context("spawn")
    started, seen = ctx.Event(), {}
    extract = zipfile.ZipFile.extractall

    def extract_while_a_citizen_asks(self, *args, **kwargs):
        # Half-way through the restore (the current data not yet moved away), another worker takes a question.
        child = seen["child"] = ctx.Process(target=_ask_in_child, args=(str(data_dir), started))
        child.start()
        assert started.wait(60)
        child.join(2.0)  # plenty for one small write, were the question's locks free
        seen["waited"] = child.is_alive()
        return extract(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "extractall", extract_while_a_citizen_asks)
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
        monkeypatch.setattr(zipfile.ZipFile, "extractall", check_locks(zipfile.ZipFile.extractall))
        restore_backup(store, archive)
    assert free == [[]]

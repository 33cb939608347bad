"""core.store: atomic transactions, refusal of bad writes, cross-instance caching, corruption, backups."""
from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from tinydb.table import Document

from app import create_app
from core.store import BACKUP_COUNT, LOCK_NAMES, Store, StoreCorrupt, StoreError, atomic_write_bytes, backup_paths


def _raw(path: Path) -> dict:
    return json.loads(path.read_bytes())


def _put(store: Store, name: str, value, doc_id: int = 1) -> None:
    with store.transaction(name) as db:
        db.table("t").upsert(Document({"v": value}, doc_id=doc_id))


def _leftover_temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


# ------------------------------------------------------------------ transactions
def test_transaction_commits_and_is_visible_to_read(tmp_path):
    store = Store(tmp_path)
    assert store.read("x.json") == {}  # a missing file reads as empty
    with store.transaction("x.json") as db:
        db.table("t").insert({"v": "một"})
        db.table("t").insert({"v": "hai"})
        # Nothing reaches the disk before the block ends.
        assert not (tmp_path / "x.json").exists()
    on_disk = _raw(tmp_path / "x.json")
    assert on_disk == {"t": {"1": {"v": "một"}, "2": {"v": "hai"}}}
    assert store.read("x.json") == on_disk
    # Another instance (another worker) sees the same committed data.
    assert Store(tmp_path).read("x.json") == on_disk
    assert _leftover_temp_files(tmp_path) == []


def test_transaction_in_subfolder_creates_it(tmp_path):
    store = Store(tmp_path)
    _put(store, "articles/00000.json", 1)
    assert _raw(tmp_path / "articles" / "00000.json") == {"t": {"1": {"v": 1}}}
    assert store.read("articles/00000.json", cache=False) == {"t": {"1": {"v": 1}}}


def test_block_that_raises_writes_nothing(tmp_path):
    store = Store(tmp_path)
    _put(store, "x.json", "cũ")
    before = (tmp_path / "x.json").read_bytes()
    before_files = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(RuntimeError, match="giữa chừng"):
        with store.transaction("x.json") as db:
            db.table("t").upsert(Document({"v": "mới"}, doc_id=1))
            db.table("t").insert({"v": "thêm"})
            raise RuntimeError("lỗi giữa chừng")

    assert (tmp_path / "x.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == before_files  # no new backup, no temp file
    assert store.read("x.json") == {"t": {"1": {"v": "cũ"}}}
    assert Store(tmp_path).read("x.json") == {"t": {"1": {"v": "cũ"}}}


def test_block_that_raises_on_new_file_creates_nothing(tmp_path):
    store = Store(tmp_path)
    with pytest.raises(KeyError):
        with store.transaction("new.json") as db:
            db.table("t").insert({"v": 1})
            raise KeyError("x")
    assert not (tmp_path / "new.json").exists()
    assert _leftover_temp_files(tmp_path) == []


def test_refuses_to_replace_non_empty_database_with_empty_one(tmp_path):
    store = Store(tmp_path)
    _put(store, "x.json", "giữ lại")
    before = (tmp_path / "x.json").read_bytes()

    with pytest.raises(StoreError, match="empty"):
        with store.transaction("x.json") as db:
            db.drop_tables()
    with pytest.raises(StoreError):
        with store.transaction("x.json") as db:
            db.table("t").remove(doc_ids=[1])  # the last document: an empty table

    assert (tmp_path / "x.json").read_bytes() == before
    assert Store(tmp_path).read("x.json") == {"t": {"1": {"v": "giữ lại"}}}


@pytest.mark.parametrize("bad", [["not", "tables"], {"t": ["a", "list"]}, {"t": "text"}, None])
def test_refuses_to_write_invalid_database(tmp_path, bad):
    store = Store(tmp_path)
    _put(store, "x.json", "giữ lại")
    before = (tmp_path / "x.json").read_bytes()
    with pytest.raises(StoreError, match="invalid"):
        with store.transaction("x.json") as db:
            db.storage.write(bad)
    assert (tmp_path / "x.json").read_bytes() == before
    assert not backup_paths(tmp_path / "x.json")[0].exists()  # nothing rotated either


def test_transaction_on_corrupt_file_raises_and_leaves_it_alone(tmp_path):
    store = Store(tmp_path)
    _put(store, "x.json", 1)
    _put(store, "x.json", 2)
    path = tmp_path / "x.json"
    path.write_bytes(b'{"t": {"1": {"v"')
    bak1 = backup_paths(path)[0].read_bytes()
    with pytest.raises(StoreCorrupt):
        with store.transaction("x.json") as db:
            db.table("t").insert({"v": 3})
    # The damaged file is kept for inspection and the good backup is not rotated away.
    assert path.read_bytes() == b'{"t": {"1": {"v"'
    assert backup_paths(path)[0].read_bytes() == bak1


# ------------------------------------------------------------------ read cache
def test_read_is_cached_until_another_instance_writes(tmp_path):
    a = Store(tmp_path)
    b = Store(tmp_path)  # another worker process on the same folder
    _put(a, "x.json", "v1")

    first = a.read("x.json")
    token = a.version("x")
    assert a.read("x.json") is first  # unchanged file: no re-parse, the same object
    assert a.version("x") == token

    _put(b, "x.json", "v2")
    assert a.version("x") != token
    second = a.read("x.json")
    assert second is not first
    assert second == {"t": {"1": {"v": "v2"}}}
    assert a.read("x.json") is second  # cached again

    # Back and forth many times in quick succession: never a stale answer.
    for i in range(200):
        writer = a if i % 2 else b
        _put(writer, "x.json", i)
        assert a.read("x.json")["t"]["1"]["v"] == i
        assert b.read("x.json")["t"]["1"]["v"] == i


def test_read_sees_a_write_made_in_the_same_mtime_tick(tmp_path):
    """On a file system with coarse timestamps (a jiffy, 1 s, 2 s) two stamps can share an mtime.

    The tick is emulated by giving the stamp back the mtime it had; size and inode
    stay the same by themselves (same-length content rewritten in place).
    """
    a = Store(tmp_path)
    b = Store(tmp_path)
    _put(a, "x.json", "của a")
    assert a.read("x.json")["t"]["1"]["v"] == "của a"
    stamp = tmp_path / ".x.stamp"
    before = os.stat(stamp)
    _put(b, "x.json", "của b")
    os.utime(stamp, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(stamp)
    assert (after.st_size, after.st_ino) == (before.st_size, before.st_ino)
    assert a.read("x.json")["t"]["1"]["v"] == "của b"


def test_read_cache_of_sharded_files_sees_other_instance(tmp_path):
    a = Store(tmp_path)
    b = Store(tmp_path)
    _put(a, "articles/00000.json", "a")
    first = a.read("articles/00000.json", cache=False)
    assert a.read("articles/00000.json", cache=False) is first
    token = a.version("articles")
    _put(b, "articles/00000.json", "b")
    assert a.version("articles") != token
    assert a.read("articles/00000.json", cache=False) == {"t": {"1": {"v": "b"}}}


def _write_in_child(root: str, value: str) -> None:
    _put(Store(root), "x.json", value)


def test_read_sees_write_of_a_real_other_process(tmp_path):
    a = Store(tmp_path)
    _put(a, "x.json", "trước")
    first = a.read("x.json")
    token = a.version("x")
    proc = multiprocessing.get_context("spawn").Process(target=_write_in_child, args=(str(tmp_path), "sau"))
    proc.start()
    proc.join(60)
    assert proc.exitcode == 0
    assert a.version("x") != token
    assert a.read("x.json") == {"t": {"1": {"v": "sau"}}}
    assert a.read("x.json") is not first


# ------------------------------------------------------------------ corruption
def test_truncated_file_raises_store_corrupt_naming_backup(tmp_path):
    store = Store(tmp_path)
    _put(store, "x.json", "v1")
    _put(store, "x.json", "v2")
    path = tmp_path / "x.json"
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])  # truncated JSON

    with pytest.raises(StoreCorrupt) as info:
        Store(tmp_path).read("x.json")
    bak1 = tmp_path / ".x.json.bak1"
    assert info.value.path == path
    assert info.value.backup == bak1
    assert str(bak1) in str(info.value)
    assert str(path) in str(info.value)
    # The named backup really is the good previous version.
    assert _raw(bak1) == {"t": {"1": {"v": "v1"}}}


def test_corrupt_file_names_newest_backup_that_parses(tmp_path):
    store = Store(tmp_path)
    for v in ("v1", "v2", "v3"):
        _put(store, "x.json", v)
    path = tmp_path / "x.json"
    path.write_bytes(b"")  # emptied by a crash or a full disk
    (tmp_path / ".x.json.bak1").write_bytes(b"{broken")
    with pytest.raises(StoreCorrupt) as info:
        Store(tmp_path).read("x.json")
    assert info.value.backup == tmp_path / ".x.json.bak2"
    assert ".x.json.bak2" in str(info.value)


def test_corrupt_file_without_any_backup_says_so(tmp_path):
    (tmp_path / "x.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(StoreCorrupt) as info:
        Store(tmp_path).read("x.json")
    assert info.value.backup is None
    assert "không tìm thấy bản sao lưu" in str(info.value)


def test_json_that_is_not_a_tinydb_document_is_corrupt(tmp_path):
    (tmp_path / "x.json").write_text('{"t": [1, 2]}', encoding="utf-8")
    with pytest.raises(StoreCorrupt):
        Store(tmp_path).read("x.json")


def test_app_refuses_to_start_on_corrupt_site_json(data_dir):
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False})
    content = app.extensions["trangxa"].content
    content.save_settings({"commune_name": "Dương Quang", "agency_name": "UBND xã Dương Quang"})
    content.save_section({"name": "Tin tức"})
    site = data_dir / "site.json"
    assert site.exists() and (data_dir / ".site.json.bak1").exists()
    # The folder is good: the app starts again on it.
    create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False})

    raw = site.read_bytes()
    site.write_bytes(raw[:-7])
    with pytest.raises(StoreCorrupt) as info:
        create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False})
    assert str(data_dir / ".site.json.bak1") in str(info.value)
    assert site.read_bytes() == raw[:-7]  # not "repaired" into an empty site


def test_app_refuses_to_start_on_corrupt_article_shard(data_dir):
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False})
    content = app.extensions["trangxa"].content
    content.save_settings({"commune_name": "Dương Quang", "agency_name": "UBND xã Dương Quang"})
    sid = content.save_section({"name": "Tin tức"})["id"]
    content.save_article({"title": "Bài một", "section_id": sid, "status": "published"})
    shard = data_dir / "articles" / "00000.json"
    shard.write_bytes(shard.read_bytes()[:10])
    with pytest.raises(StoreCorrupt):
        create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False})


# ------------------------------------------------------------------ backups
def test_backups_rotate_and_bak1_holds_previous_version(tmp_path):
    store = Store(tmp_path)
    path = tmp_path / "x.json"
    _put(store, "x.json", 0)
    assert not any(p.exists() for p in backup_paths(path))  # first write: nothing to keep

    for v in range(1, 7):
        _put(store, "x.json", v)
        assert _raw(path)["t"]["1"]["v"] == v
        assert _raw(tmp_path / ".x.json.bak1")["t"]["1"]["v"] == v - 1
        for i, bak in enumerate(backup_paths(path), start=1):
            if v - i >= 0:
                assert _raw(bak)["t"]["1"]["v"] == v - i, bak.name
            else:
                assert not bak.exists()

    assert BACKUP_COUNT == 3
    backups = sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name)
    assert backups == [".x.json.bak1", ".x.json.bak2", ".x.json.bak3"]
    assert _leftover_temp_files(tmp_path) == []


def test_backup_is_independent_of_the_new_file(tmp_path):
    """bak1 must keep the old bytes even though the current file is rewritten later."""
    path = tmp_path / "plain.json"
    atomic_write_bytes(path, b'{"t":{"1":{"v":"a"}}}')
    atomic_write_bytes(path, b'{"t":{"1":{"v":"b"}}}')
    bak1 = tmp_path / ".plain.json.bak1"
    assert bak1.read_bytes() == b'{"t":{"1":{"v":"a"}}}'
    assert path.read_bytes() == b'{"t":{"1":{"v":"b"}}}'
    atomic_write_bytes(path, b'{"t":{"1":{"v":"c"}}}', keep_backups=False)
    assert bak1.read_bytes() == b'{"t":{"1":{"v":"a"}}}'
    assert path.read_bytes() == b'{"t":{"1":{"v":"c"}}}'


# ------------------------------------------------------------------ paths
@pytest.mark.parametrize("name", [
    "../x.json", "a/../../x.json", "articles/../../etc/passwd", "..", "a/..",
    "/etc/passwd", "/x.json", "\\x.json", "", "x\x00.json",
])
def test_path_refuses_escaping_and_absolute_names(tmp_path, name):
    store = Store(tmp_path / "data")
    with pytest.raises(ValueError):
        store.path(name)
    with pytest.raises(ValueError):
        with store.transaction(name) as db:
            db.table("t").insert({"v": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.parametrize("name", ["x.json", "articles/00001.json", "counters/journal/1-2-ab.log"])
def test_path_accepts_relative_names_inside_root(tmp_path, name):
    store = Store(tmp_path)
    path = store.path(name)
    assert path == tmp_path / name
    assert path.resolve().is_relative_to(tmp_path.resolve())


# ------------------------------------------------------------------ locks
def test_every_lock_a_collection_takes_is_registered(tmp_path):
    import importlib
    import inspect
    import pkgutil

    import core

    used = set()
    for info in pkgutil.iter_modules(core.__path__):
        module = importlib.import_module(f"core.{info.name}")
        classes = [c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == module.__name__]
        for obj in (module, *classes):
            used |= {value for name, value in vars(obj).items()
                     if (name == "LOCK" or name.endswith("_LOCK")) and isinstance(value, str)}
    assert {"content", "accounts", "login_limits", "questions", "qa_limits", "audit"} <= used <= set(LOCK_NAMES)
    # A lock left out of the registry is refused outright, so backup and restore cannot miss it.
    with pytest.raises(ValueError), Store(tmp_path).locked("unregistered"):
        pass


# ------------------------------------------------------------------ plain files (uploads)
def test_files_are_written_read_listed_and_stated_through_the_store(tmp_path):
    store = Store(tmp_path)
    store.save_blob("uploads/a.jpg", b"abc")
    with store.open_file("uploads/a.jpg") as fh:
        assert fh.read() == b"abc"
    assert store.stat("uploads/a.jpg").st_size == 3
    assert store.file_path("uploads/a.jpg") == tmp_path / "uploads" / "a.jpg"
    assert store.stat("uploads/b.jpg") is None and store.file_path("uploads/b.jpg") is None
    assert store.stat("uploads") is None  # a folder is no file
    with pytest.raises(FileNotFoundError):
        store.open_file("uploads/b.jpg")
    with pytest.raises(StoreError):
        store.save_blob("uploads/a.jpg", b"other")  # an upload is never replaced
    (tmp_path / "uploads" / ".a.jpg.123.tmp").write_bytes(b"half")
    (tmp_path / "uploads" / "link.jpg").symlink_to(tmp_path / "uploads" / "a.jpg")
    (tmp_path / "uploads" / "folder").mkdir()
    assert store.list_dir("uploads") == ["a.jpg"]  # no hidden files, links or folders
    assert store.list_dir("missing") == []


@pytest.mark.parametrize("name", ["../x.jpg", "uploads/../../x.jpg", "/etc/passwd", "", "uploads/x\x00.jpg"])
def test_file_access_refuses_names_outside_the_data_folder(tmp_path, name):
    store = Store(tmp_path / "data")
    for call in (store.open_file, store.stat, store.file_path, store.list_dir):
        with pytest.raises(ValueError):
            call(name)
    with pytest.raises(ValueError):
        store.save_blob(name, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_file_access_refuses_a_symlink_leading_out_of_the_data_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"not yours")
    store = Store(tmp_path / "data")
    (store.root / "uploads").symlink_to(outside, target_is_directory=True)
    (store.root / "link.txt").symlink_to(outside / "secret.txt")
    for name in ("uploads/secret.txt", "link.txt"):
        for call in (store.open_file, store.stat, store.file_path):
            with pytest.raises(ValueError):
                call(name)
    with pytest.raises(ValueError):
        store.list_dir("uploads")
    with pytest.raises(ValueError):
        store.save_blob("uploads/new.jpg", b"x")
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]

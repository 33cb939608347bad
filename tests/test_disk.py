"""A full or unreadable data folder degrades with a Vietnamese message: on a real 5 MB filesystem, real permissions."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import create_app
from core.content import Content

from conftest import ROOT, AuthActions, csrf_from, field_errors_of, fresh, unescaped

DISK_FULL = "Ổ đĩa máy chủ đã đầy"


# ------------------------------------------------------------------ a real small filesystem
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """Return a folder on a freshly mounted 5 MB tmpfs (root only), unmounted afterwards."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a 5 MB tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=5m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        # Lazy: the app still holds its journal and change counters open; the memory goes when they close.
        subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(path: Path) -> None:
    """Write ``path`` until the filesystem refuses another byte."""
    chunk = b"\0" * 65536
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        while True:
            try:
                os.write(fd, chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
                if len(chunk) == 1:
                    return
                chunk = chunk[: len(chunk) // 2]
    finally:
        os.close(fd)


def temp_files(folder: Path) -> list[str]:
    """Return the temp files of atomic writes left anywhere in ``folder``."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.tmp"))


def test_a_full_disk_serves_every_page_and_keeps_what_was_typed(small_disk, caplog):
    data = small_disk / "data"
    app = create_app({"DATA_DIR": str(data), "SEED_DEMO": True, "TESTING": True, "COUNTER_MERGE_SECONDS": 0.0})
    client = app.test_client()
    auth = AuthActions(app, client)
    auth.create()
    assert auth.login().status_code == 302
    content = app.extensions["trangxa"].content
    art = content.latest(None, 1)[0]
    section = content.sections_by_id()[art["section_id"]]
    pages = ["/", f"/{section['slug']}", f"/{section['slug']}/{art['slug']}"]
    for url in pages:  # counted while there is room
        assert client.get(url, headers={"User-Agent": "Mozilla/5.0"}).status_code == 200
    token = csrf_from(client.get("/quan-tri/tin-bai/moi").get_data(as_text=True))
    new_section = {"name": "Chuyên mục mới đang gõ", "slug": "", "parent_id": "0", "kind": "articles",
                   "csrf_token": token}
    typed = {
        "title": "Thông báo lịch tiếp công dân tháng 12",
        "section_id": str(section["id"]),
        "summary": "Lịch tiếp công dân định kỳ.",
        "body": "<p>Chủ tịch UBND xã tiếp công dân vào thứ Năm hằng tuần.</p>",
        "cover_alt": "", "status": "published", "publish_at": "", "author": "Ban Biên tập",
        "csrf_token": token,
    }

    filler = small_disk / "filler"
    fill(filler)
    for url in pages * 2:  # a view that cannot be written is dropped or counted later: the page is served
        r = client.get(url, headers={"User-Agent": "Mozilla/5.0"})
        assert r.status_code == 200, url
    warnings = [r for r in caplog.records if r.name == "core.counters" and "disk full" in r.getMessage()]
    assert len(warnings) == 1  # said once, not once per view
    assert client.get("/quan-tri/").status_code == 200  # the panel's figures as last merged

    # A form through the shared helper (saved()) comes back as typed, with the message.
    r = client.post("/quan-tri/chuyen-muc", data=new_section)
    assert r.status_code == 200
    assert any(DISK_FULL in e for e in field_errors_of(r)), field_errors_of(r)
    assert new_section["name"] in unescaped(r)
    # So does a form with its own save code (the settings).
    settings_page = client.get("/quan-tri/cai-dat").get_data(as_text=True)
    r = client.post("/quan-tri/cai-dat", data={
        "csrf_token": csrf_from(settings_page), "commune_name": "Dương Quang", "agency_name": "UBND XÃ DƯƠNG QUANG",
        "site_title": "Trang xã", "address": "Địa chỉ mới đang gõ", "ratings": "co"},
        content_type="multipart/form-data")
    assert r.status_code == 200
    assert any(DISK_FULL in e for e in field_errors_of(r)), field_errors_of(r)
    assert "Địa chỉ mới đang gõ" in unescaped(r)
    # A button no form takes back says the disk is full (not a bare 500, not "try again in a few minutes").
    r = client.post(f"/quan-tri/tin-bai/{art['id']}/xoa", data={"csrf_token": token})
    assert r.status_code == 503 and DISK_FULL in unescaped(r)
    r = client.post("/quan-tri/tin-bai/moi", data=typed, content_type="multipart/form-data")
    assert r.status_code == 200
    page = unescaped(r)
    assert any(DISK_FULL in e for e in field_errors_of(r)), field_errors_of(r)
    assert typed["title"] in page and "Chủ tịch UBND xã tiếp công dân vào thứ Năm hằng tuần." in page
    assert temp_files(data) == []
    assert typed["title"] not in [a["title"] for a in fresh(Content, data).latest(None, 100)]

    filler.unlink()
    r = client.post("/quan-tri/tin-bai/moi", data=typed, content_type="multipart/form-data")
    assert r.status_code == 302, field_errors_of(r)
    assert typed["title"] in [a["title"] for a in fresh(Content, data).latest(None, 100)]
    for url in pages:
        assert client.get(url, headers={"User-Agent": "Mozilla/5.0"}).status_code == 200
    assert temp_files(data) == []


def test_left_over_temp_files_older_than_an_hour_are_swept_at_start(data_dir):
    create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True})
    (data_dir / "articles").mkdir(exist_ok=True)
    old = [data_dir / ".site.json.4242.1.tmp", data_dir / "articles" / ".00000.json.4242.1.tmp"]
    young = data_dir / ".accounts.json.4243.1.tmp"
    for p in [*old, young]:
        p.write_bytes(b"{" * 1000)
    hour_ago = time.time() - 3700
    for p in old:
        os.utime(p, (hour_ago, hour_ago))
    create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True})
    assert temp_files(data_dir) == [young.name]  # a fresh one may belong to a writer still at work


# ------------------------------------------------------------------ unreadable files
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _drop_file_mode_override() -> None:
    """In the child, before exec: drop the capabilities that let root read a file whatever its mode."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_subject_to_file_modes(args: list[str], data: Path) -> subprocess.CompletedProcess:
    """Run Python with ``args`` in the project on data folder ``data``, as a process that file modes apply to.

    Root reads any file whatever its mode. As root, the child keeps its account (it owns the data folder, and
    the interpreter under /root stays reachable) but starts without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH,
    so the kernel checks a file's mode for it as for anybody; another account is subject to modes as it is.
    """
    env = dict(os.environ, TRANGXA_DATA_DIR=str(data), PYTHONDONTWRITEBYTECODE="1")
    drop = _drop_file_mode_override if os.name == "posix" and os.geteuid() == 0 else None
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, preexec_fn=drop)


CREATE_APP = """
from app import create_app
from core.store import StoreError
try:
    create_app({"SEED_DEMO": False, "TESTING": True})
except StoreError as exc:
    print(type(exc).__name__)
    print(exc)
else:
    print("started")
"""


@pytest.mark.parametrize("name", ["site.json", "articles/00000.json", "accounts.json"])
def test_an_unreadable_data_file_is_reported_as_unreadable_not_damaged(data_dir, name):
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": True, "TESTING": True})
    app.extensions["trangxa"].accounts.create_user("bientap", "mat-khau-thu-nghiem", "Biên Tập Viên")
    path = data_dir / name
    path.chmod(0)
    done = run_subject_to_file_modes(["-c", CREATE_APP], data_dir)
    assert done.returncode == 0, done.stderr
    kind, message = done.stdout.split("\n", 1)
    assert kind == "StoreUnreadable", done.stdout
    assert str(path) in message
    assert "không có quyền đọc" in message and "chown" in message
    assert "hỏng" not in message and "damaged" not in message.lower()


def test_an_unreadable_secret_key_stops_the_start_with_a_vietnamese_message(data_dir):
    create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True})
    secret = data_dir / "secret_key"
    key = secret.read_bytes()
    secret.chmod(0)
    done = run_subject_to_file_modes(["app.py", "--port", "1"], data_dir)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"Không đọc được tệp dữ liệu {secret}" in done.stderr
    assert "không có quyền đọc" in done.stderr
    assert secret.read_bytes() == key  # never replaced by a new one (that would log everybody out)

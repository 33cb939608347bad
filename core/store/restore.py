"""Restoring a backup zip: checked, unpacked and verified in a staging folder, then swapped in by renames.

A restore runs no code and replaces nothing it should not: only the members
a backup of this version writes (backup.BACKUP_MEMBERS) are accepted, within
size limits; everything is unpacked into a hidden staging folder inside the
data folder (same file system, so the swap is renames) and verified there,
without any lock. Only then, with every lock held, the replaced data are
moved into backups/truoc-khoi-phuc-<time>/ and the staged data into place.
Any refusal or failure before the swap removes the staging folder and
leaves the live data exactly as they were.

The swap writes a marker (SWAP_MARKER) first and removes it last. A file
system error part-way moves everything back. A process killed in between
leaves the marker: finish_interrupted_restore(), run when the site starts (a
new worker too) and before any later restore, completes the same swap (every
step can be repeated); if it cannot, the site refuses to start and says where
the old and the new data are. Until then, pages may miss what was not yet
moved in.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import stat
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .backup import (
    BACKUP_FOLDERS, BACKUP_MAX_BYTES, BACKUP_MAX_MEMBERS, KEEP_ON_RESTORE, KIND_DOCUMENT, KIND_IMAGE, KIND_JOURNAL,
    KIND_MEDIA,
    KIND_JSON, MEMBER_MAX_BYTES, RESTORED_ROOTS, SAFETY_DIR, SECRET_NAME, BackupError, member_kind,
)
from .database import Store, collection_of
from .files import PRIVATE_NAMES, StoreError, StoreLockTimeout, _fsync_dir, atomic_write_bytes

SWAP_MARKER = ".restore-swap.json"
STAGING_PREFIX = ".restore-staging-"
STALE_STAGING_SECONDS = 24 * 3600  # a staging folder this old belongs to a restore that was killed
STRAYS_DIR = "ghi-sau-khi-ngat"  # files written by workers while a swap was cut short, kept in the safety copy
_CHUNK = 1024 * 1024
# The first bytes of each kind of upload, by extension (core/uploads.py checks uploads fully; this stops a
# restore from placing, say, an HTML page under an image's name).
_MAGIC: dict[str, tuple[tuple[int, bytes], ...]] = {
    "jpg": ((0, b"\xff\xd8\xff"),),
    "png": ((0, b"\x89PNG\r\n\x1a\n"),),
    "webp": ((0, b"RIFF"), (8, b"WEBP")),
    "pdf": ((0, b"%PDF-"),),
    "doc": ((0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),),
    "xls": ((0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),),
    "docx": ((0, b"PK\x03\x04"),),
    "xlsx": ((0, b"PK\x03\x04"),),
    "odt": ((0, b"PK\x03\x04"),),
}
_NOT_A_BACKUP = "Tệp không phải là tệp sao lưu (.zip) hợp lệ."
_BUSY = "Dữ liệu đang được sao lưu hoặc khôi phục ở nơi khác; vui lòng thử lại sau ít phút."


@dataclass(frozen=True)
class Restored:
    """What a restore did: where the replaced data are kept, the zip's SHA-256, how many files it restored."""

    safety: Path
    sha256: str
    files: int


def _size(n: int) -> str:
    return f"{max(1, round(n / 1024))} KB" if n < 1024 ** 2 else f"{round(n / 1024 ** 2):,} MB".replace(",", ".")


def file_sha256(stream: BinaryIO) -> str:
    """Return the SHA-256 (hex) of a seekable binary file, read from its start."""
    stream.seek(0)
    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _unsafe(name: str) -> bool:
    parts = name.split("/")
    return (name.startswith(("/", "\\")) or "\\" in name or "\x00" in name or ".." in parts
            or (parts[0].endswith(":")) or any(p.startswith(".") for p in parts if p))


def _refusal(name: str) -> str:
    """Return why member ``name`` (not in the allow-list) is refused."""
    top = name.split("/", 1)[0]
    if top == SECRET_NAME:
        return ("Tệp sao lưu có kèm khóa bí mật (secret_key): khôi phục không bao giờ thay khóa bí mật. Hãy dùng bản "
                "sao lưu tải về không kèm khóa bí mật (khi dựng lại trang trên máy khác, chép tay tệp secret_key).")
    if top == "config.py":
        return ("Tệp sao lưu chứa config.py (tệp cấu hình, là mã chương trình chạy khi khởi động): khôi phục không "
                "bao giờ nhận tệp này.")
    if top == SAFETY_DIR:
        return (f"Tệp sao lưu chứa {name} trong thư mục {SAFETY_DIR}/ (các bản sao lưu cũ của máy chủ): khôi phục "
                "không nhận thư mục này.")
    return f"Tệp sao lưu chứa {name}: đây không phải tệp dữ liệu mà bản sao lưu của phiên bản này ghi ra."


def check_backup(stream: BinaryIO) -> list[zipfile.ZipInfo]:
    """Check a backup zip's table of contents without unpacking: names, kinds and sizes; return its files.

    Raise BackupError with a Vietnamese message for anything a backup of this version does not write.
    """
    try:
        stream.seek(0)
        zf = zipfile.ZipFile(stream)
    except Exception:  # a damaged or forged archive raises several types (BadZipFile, struct.error, …)
        raise BackupError(_NOT_A_BACKUP) from None
    with zf:
        infos = zf.infolist()
    if len(infos) > BACKUP_MAX_MEMBERS:
        raise BackupError(f"Tệp sao lưu có quá nhiều tệp ({len(infos):,}; tối đa {BACKUP_MAX_MEMBERS:,})."
                          .replace(",", "."))
    files, seen, total = [], set(), 0
    for info in infos:
        name = info.filename
        if _unsafe(name):
            raise BackupError(f"Tệp sao lưu chứa đường dẫn không an toàn: {name}")
        if info.is_dir():
            if name.rstrip("/") in BACKUP_FOLDERS:
                continue  # a folder some zip tools list: harmless
            if member_kind(name.rstrip("/")) is not None:
                raise BackupError(f"{name} trong tệp sao lưu là một thư mục, nơi chỉ được là một tệp.")
            raise BackupError(_refusal(name.rstrip("/")))
        if member_kind(name) is None:
            raise BackupError(_refusal(name))
        file_type = stat.S_IFMT(info.external_attr >> 16)
        if file_type not in (0, stat.S_IFREG):
            raise BackupError(f"{name} trong tệp sao lưu không phải là một tệp thường (mà là liên kết hoặc tệp "
                              "đặc biệt).")
        if name in seen:
            raise BackupError(f"Tệp sao lưu chứa hai lần tệp {name}.")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise BackupError(f"Tệp {name} trong bản sao lưu được đặt mật khẩu: không khôi phục được.")
        if info.file_size > MEMBER_MAX_BYTES:
            raise BackupError(f"Tệp {name} trong bản sao lưu quá lớn khi giải nén ({_size(info.file_size)}; "
                              f"tối đa {_size(MEMBER_MAX_BYTES)} mỗi tệp).")
        total += info.file_size
        if total > BACKUP_MAX_BYTES:
            raise BackupError(f"Tệp sao lưu quá lớn khi giải nén (hơn {_size(BACKUP_MAX_BYTES)}): có thể là tệp nén "
                              "bất thường (zip bomb).")
        files.append(info)
    if "site.json" not in seen:
        raise BackupError("Tệp sao lưu thiếu site.json: không phải bản sao lưu của trang này.")
    return files


def _unpack(stream: BinaryIO, infos: list[zipfile.ZipInfo], staging: Path) -> list[str]:
    """Unpack the checked members (but the audit log, which a restore keeps) into ``staging``; return their names."""
    names = []
    stream.seek(0)
    with zipfile.ZipFile(stream) as zf:
        for info in infos:
            name = info.filename
            if name.startswith(f"{KEEP_ON_RESTORE}/"):
                continue
            target = staging / name  # an allow-listed name: fixed folders, no dots, nothing leaves staging
            target.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            try:
                with zf.open(info) as src, open(target, "xb") as out:
                    while chunk := src.read(_CHUNK):
                        written += len(chunk)
                        if written > min(info.file_size, MEMBER_MAX_BYTES):  # zipfile stops there too
                            raise BackupError(f"Tệp {name} trong bản sao lưu lớn hơn kích thước nó khai báo.")
                        out.write(chunk)
                    if not hasattr(os, "sync"):
                        out.flush()
                        os.fsync(out.fileno())
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError):
                raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng.") from None
            except OSError:
                raise BackupError(f"Không ghi được {name} khi giải nén bản sao lưu (đĩa đầy hoặc không có quyền "
                                  "ghi).") from None
            names.append(name)
    if hasattr(os, "sync"):
        os.sync()  # one flush for every unpacked file: they must be on disk before the swap names them live
    return names


def _read_json(path: Path, name: str) -> dict:
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, RecursionError):  # not JSON, or nested deeper than any data file
        raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng (không đọc được JSON).") from None
    if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(k.isascii() and k.isdigit() and isinstance(doc, dict)
                                            for k, doc in table.items())
            for table in data.values()):
        raise BackupError(f"Tệp {name} trong bản sao lưu không đúng định dạng dữ liệu.")
    return data


def _verify(staging: Path, names: list[str]) -> None:
    """Check every unpacked file by its kind: JSON parses as a TinyDB document, a journal is text, an upload's
    first bytes match its type."""
    for name in names:
        path, kind = staging / name, member_kind(name)
        if kind == KIND_JSON:
            _read_json(path, name)
        elif kind == KIND_JOURNAL:
            try:
                path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng (không phải văn bản).") from None
        elif kind in (KIND_IMAGE, KIND_DOCUMENT):
            with open(path, "rb") as fh:
                head = fh.read(16)
            if not all(head[at:at + len(magic)] == magic for at, magic in _MAGIC[name.rsplit(".", 1)[-1]]):
                raise BackupError(f"Tệp {name} trong bản sao lưu không đúng loại tệp mà tên của nó cho biết.")
        elif kind == KIND_MEDIA:
            with open(path, "rb") as fh:
                head = fh.read(16)
            if not _media_head_ok(name.rsplit(".", 1)[-1], head):
                raise BackupError(f"Tệp {name} trong bản sao lưu không đúng loại tệp mà tên của nó cho biết.")


def _media_head_ok(ext: str, head: bytes) -> bool:
    """Return whether a video or sound file starts as its type does (ftyp box, EBML header, ID3 or MPEG frame)."""
    if ext in ("mp4", "m4a"):
        return head[4:8] == b"ftyp"
    if ext == "webm":
        return head.startswith(b"\x1a\x45\xdf\xa3")
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _remove_stale_staging(root: Path) -> None:
    """Remove staging folders left by restores killed while unpacking (never one still in use)."""
    now = time.time()
    for p in root.iterdir():
        try:
            stale = p.name.startswith(STAGING_PREFIX) and p.is_dir() and now - p.stat().st_mtime > STALE_STAGING_SECONDS
        except OSError:  # removed meanwhile
            continue
        if stale:
            shutil.rmtree(p, ignore_errors=True)


def _check_room(root: Path, infos: list[zipfile.ZipInfo]) -> None:
    need = sum(i.file_size for i in infos if not i.filename.startswith(f"{KEEP_ON_RESTORE}/"))
    free = shutil.disk_usage(root).free
    if need + 64 * 1024 ** 2 > free:
        raise BackupError(f"Không đủ chỗ trống trên đĩa để giải nén bản sao lưu (cần khoảng {_size(need)}, còn "
                          f"{_size(free)}).")


def restore_backup(store: Store, stream: BinaryIO,
                   verify: Callable[[Callable[[str], dict]], None] | None = None) -> Restored:
    """Replace the data with a backup zip (a seekable binary file); return what was done.

    ``verify`` is called with a reader of the staged JSON files (name -> tables, {} when absent) and may raise
    BackupError (core/schema.py refuses newer data). Any BackupError leaves the live data untouched.
    """
    digest = file_sha256(stream)
    staging = store.root / f"{STAGING_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        infos = check_backup(stream)
        _check_room(store.root, infos)
        _remove_stale_staging(store.root)
        staging.mkdir()
        names = _unpack(stream, infos, staging)
        _verify(staging, names)
        if verify is not None:
            verify(lambda name: _read_json(staging / name, name) if (staging / name).is_file() else {})
        try:
            with store.locked_all():
                _finish_locked(store)  # a swap cut short by a kill is completed first
                safety = _new_safety_folder(store.root)
                _swap(store, staging, safety)
        except StoreLockTimeout:  # taking the locks, before anything moved
            raise BackupError(_BUSY) from None
    except BackupError as exc:
        exc.sha256 = digest
        raise
    finally:
        # Gone after a swap; kept only when a swap cut short names it, for finish_interrupted_restore().
        if staging.exists() and not _in_marker(store.root, staging):
            shutil.rmtree(staging, ignore_errors=True)
    return Restored(safety=safety, sha256=digest, files=len(names))


def _in_marker(root: Path, staging: Path) -> bool:
    """Return whether the marker of a swap cut short names ``staging``."""
    try:
        return json.loads((root / SWAP_MARKER).read_bytes()).get("staging") == staging.name
    except (OSError, ValueError, AttributeError):
        return False


def _new_safety_folder(root: Path) -> Path:
    """Return a new, unused safety folder name (the caller holds every lock, so two restores never share one)."""
    base = root / SAFETY_DIR / f"truoc-khoi-phuc-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = base, 1
    while os.path.lexists(path):
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


def _move(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst`` (one step of a swap; the same file system, so nothing is copied)."""
    os.replace(src, dst)


def _swap(store: Store, staging: Path, safety: Path) -> None:
    """Write the swap's marker, then move the replaced data into ``safety`` and the staged data into place.

    A file system error part-way moves everything back (BackupError: nothing changed); a kill leaves the
    marker, and finish_interrupted_restore() completes the swap.
    """
    root = store.root
    plan = {
        "staging": staging.name,
        "safety": safety.relative_to(root).as_posix(),
        "out": sorted(p.name for p in root.iterdir() if p.name in RESTORED_ROOTS),
        "in": sorted(p.name for p in staging.iterdir()),
    }
    try:
        atomic_write_bytes(root / SWAP_MARKER, json.dumps(plan).encode("utf-8"), keep_backups=False)
    except OSError as exc:
        raise BackupError(f"Không ghi được {SWAP_MARKER} vào thư mục dữ liệu ({exc}).") from None
    try:
        _moves(root, plan)
    except OSError as exc:
        try:
            _moves_undone(root, plan)
        except OSError:
            raise StoreError(_cut_short(root, exc)) from exc
        _done(store, plan)
        raise BackupError(f"Không thay được dữ liệu: lỗi khi đổi tên tệp ({exc}).") from None
    _done(store, plan)


def _moves(root: Path, plan: dict) -> None:
    """Move the replaced data out and the staged data in, from wherever a swap stopped (a done step is skipped)."""
    staging, safety = root / plan["staging"], root / plan["safety"]
    safety.mkdir(parents=True, exist_ok=True)
    for name in plan["out"]:
        if os.path.lexists(root / name) and not os.path.lexists(safety / name):
            _move(root / name, safety / name)
    for name in plan["in"]:
        if os.path.lexists(staging / name):
            if name in PRIVATE_NAMES:
                os.chmod(staging / name, 0o600)  # unpacked with the default mode
            if os.path.lexists(root / name):  # written by a worker after a swap was cut short: kept aside
                (safety / STRAYS_DIR).mkdir(exist_ok=True)
                _move(root / name, safety / STRAYS_DIR / name)
            _move(staging / name, root / name)
    _fsync_dir(safety)
    _fsync_dir(root)


def _moves_undone(root: Path, plan: dict) -> None:
    """Put back what a swap that failed in this process had moved: staged data to staging, old data in place."""
    staging, safety = root / plan["staging"], root / plan["safety"]
    for name in plan["in"]:
        if not os.path.lexists(staging / name) and os.path.lexists(root / name):
            _move(root / name, staging / name)
    for name in plan["out"]:
        if os.path.lexists(safety / name) and not os.path.lexists(root / name):
            _move(safety / name, root / name)
    _fsync_dir(root)
    shutil.rmtree(safety, ignore_errors=True)  # empty again
    try:
        safety.parent.rmdir()  # backups/, unless it holds older copies
    except OSError:
        pass
    plan["out"], plan["in"] = [], plan["out"] + plan["in"]  # _done: nothing to report, every collection to reload


def _done(store: Store, plan: dict) -> None:
    """Remove the staging folder and the marker, and make every worker reload what the swap touched."""
    root = store.root
    shutil.rmtree(root / plan["staging"], ignore_errors=True)
    os.unlink(root / SWAP_MARKER)
    _fsync_dir(root)
    # A collection the zip lacks was moved away all the same: its readers must reload too.
    for collection in {collection_of(n) for n in plan["out"] + plan["in"]}:
        store._bump_stamp(collection)
    with store._mutex:
        store._cache.clear()
        store._lru.clear()


def _cut_short(root: Path, exc: BaseException) -> str:
    return (f"Một lần khôi phục dữ liệu bị ngắt giữa chừng và chưa hoàn tất được ({exc}). Xem tệp {root / SWAP_MARKER}"
            ": dữ liệu cũ nằm trong thư mục ghi ở mục \"safety\", dữ liệu của bản sao lưu trong thư mục ghi ở mục "
            "\"staging\"; hãy chép tay chúng vào thư mục dữ liệu rồi xóa tệp đó.")


def _finish_locked(store: Store) -> Path | None:
    """Complete a swap cut short (every lock held); return its safety folder, or None when there was none."""
    marker = store.root / SWAP_MARKER
    if not marker.exists():
        return None
    try:
        plan = json.loads(marker.read_bytes())
        _moves(store.root, plan)
        _done(store, plan)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(_cut_short(store.root, exc)) from None
    return store.root / plan["safety"]


def finish_interrupted_restore(store: Store) -> Path | None:
    """Complete a restore whose swap was cut short (a killed process); return its safety folder, or None.

    Raise StoreError with a Vietnamese message when it cannot be completed.
    """
    if not (store.root / SWAP_MARKER).exists():
        return None
    with store.locked_all():
        return _finish_locked(store)

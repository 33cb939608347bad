"""Backups of the whole data folder as a zip, and restoring one with a safety copy of the data it replaces."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import BinaryIO


from .database import Store, collection_of
from .files import PRIVATE_NAMES, UPLOAD_DIR, StoreError, _fsync_dir

SECRET_NAME = "secret_key"
BACKUP_MAX_BYTES = 2 * 1024 ** 3  # refuse a zip that would unpack to more than this
SAFETY_DIR = "backups"
KEEP_ON_RESTORE = "audit"


def _zip_members(root: Path, include_secret: bool) -> list[Path]:
    """Return the files a backup holds: every data file but locks, stamps, temp files and old backups."""
    out = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if not p.is_file() or any(part.startswith(".") for part in rel.parts) or rel.parts[0] == SAFETY_DIR:
            continue
        if rel.as_posix() == SECRET_NAME and not include_secret:
            continue
        out.append(p)
    return out


class BackupError(StoreError):
    """A backup zip is refused; ``message`` is Vietnamese and says why."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def write_backup(store: Store, fileobj, include_secret: bool = False) -> int:
    """Write a zip of the whole data folder to ``fileobj``; return the number of files.

    Every lock is held while the data files are copied, so no write of any
    collection lands half-way through. Uploads are copied after the locks are
    released: they are written before the records naming them and never change;
    only a demo file that nothing names may go away, and is then left out.
    """
    import zipfile

    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        uploads = []
        with store.locked_all():
            members = _zip_members(store.root, include_secret)
            for p in members:
                name = p.relative_to(store.root).as_posix()
                if name.startswith(f"{UPLOAD_DIR}/"):
                    uploads.append((p, name))
                else:
                    zf.write(p, name)
        for p, name in uploads:
            try:
                zf.write(p, name)
            except FileNotFoundError:
                pass  # removed with the demo meanwhile: nothing names it any more
    return len(members)


def write_backup_file(store: Store, name: str, include_secret: bool = False) -> Path:
    """Write a backup zip to ``name`` inside the data folder (e.g. before an upgrade); return its path."""
    path = store.path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        write_backup(store, fh, include_secret)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def check_backup(stream: BinaryIO) -> list[str]:
    """Check a backup zip (a seekable binary file) without touching the data: safe names, sizes, every JSON parses.

    Return the member names or raise BackupError with a Vietnamese message.
    """
    import zipfile

    try:
        stream.seek(0)
        zf = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError):
        raise BackupError("Tệp không phải là tệp sao lưu (.zip) hợp lệ.") from None
    with zf:
        names, total = [], 0
        for info in zf.infolist():
            name = info.filename
            parts = Path(name).parts
            if (name.startswith(("/", "\\")) or ".." in parts or "\\" in name or "\x00" in name
                    or (parts and parts[0].endswith(":")) or any(p.startswith(".") for p in parts)):
                raise BackupError(f"Tệp sao lưu chứa đường dẫn không an toàn: {name}")
            if info.is_dir():
                continue
            total += info.file_size
            if total > BACKUP_MAX_BYTES:
                raise BackupError("Tệp sao lưu quá lớn khi giải nén.")
            names.append(name)
        if "site.json" not in names:
            raise BackupError("Tệp sao lưu thiếu site.json: không phải bản sao lưu của trang này.")
        for name in names:
            if name.endswith(".json"):
                try:
                    data = json.loads(zf.read(name))
                except ValueError:
                    raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng (không đọc được JSON).") from None
                if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
                    raise BackupError(f"Tệp {name} trong bản sao lưu không đúng định dạng dữ liệu.")
        try:
            bad = zf.testzip()
        except Exception:  # a damaged archive
            bad = "?"
        if bad:
            raise BackupError(f"Tệp {bad} trong bản sao lưu bị hỏng.")
    return names


def restore_backup(store: Store, stream: BinaryIO) -> Path:
    """Replace the data with a checked backup zip (a seekable binary file); return the folder of the safety copy.

    Every lock is held; the current data are moved into backups/truoc-khoi-phuc-<time>/
    first (the secret key stays unless the zip has one), then the zip is unpacked
    and every collection's change counter is bumped so all workers reload.
    """
    import shutil
    import zipfile

    names = check_backup(stream)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    safety = store.root / SAFETY_DIR / f"truoc-khoi-phuc-{stamp}"
    with store.locked_all():
        staging = store.root / f".restore-{stamp}"
        # The audit log is evidence: a restore never rolls it back (the current one stays in place).
        names = [n for n in names if not n.startswith(f"{KEEP_ON_RESTORE}/")]
        stream.seek(0)
        with zipfile.ZipFile(stream) as zf:
            zf.extractall(staging, members=names)  # names were checked: nothing escapes the folder
        safety.mkdir(parents=True, exist_ok=True)
        replaced = set()
        for p in list(store.root.iterdir()):
            if p.name.startswith(".") or p.name in (SAFETY_DIR, KEEP_ON_RESTORE):
                continue
            if p.name == SECRET_NAME and SECRET_NAME not in names:
                shutil.copy2(p, safety / p.name)
                continue
            os.replace(p, safety / p.name)
            replaced.add(collection_of(p.name))
        for p in staging.iterdir():
            if p.name in PRIVATE_NAMES:
                os.chmod(p, 0o600)  # unpacked with the default mode
            os.replace(p, store.root / p.name)
        staging.rmdir()
        _fsync_dir(store.root)
        # A collection the zip lacks was moved away all the same: its readers must reload too.
        collections = {collection_of(n) for n in names} | replaced | {"site", "articles", "accounts", "counters",
                                                                      "revisions", "audit"}
        for collection in collections:
            store._bump_stamp(collection)
        with store._mutex:
            store._cache.clear()
            store._lru.clear()
    return safety

"""The only code that opens data files.

Every data file is a TinyDB JSON document. Writes hold an exclusive
cross-process lock (``filelock``) for the whole read-modify-write, write to a
temporary file in the same folder, flush and fsync it, keep the previous
version as a rotating backup and ``os.replace`` the new file over the old one.
Reads are cached per process and reloaded only when the file's signature
(mtime, size, inode) changes, so a page view never re-parses an unchanged file.

A file that does not parse is never treated as empty: :class:`StoreCorrupt`
names the file and the newest backup that does parse; one this process may
not read is :class:`StoreUnreadable` (a matter of owner and mode, not of a
backup). A full disk is :class:`StoreFull`: nothing is written, no temp file
is left behind.

The package: ``files`` (names, errors, the atomic write), ``database`` (the
Store), ``backup`` (what a backup holds, writing one), ``restore`` (checking,
staging and swapping one in), ``journal`` (per-worker append-only journals).
"""
from __future__ import annotations

from .backup import BackupError, member_kind, write_backup, write_backup_file
from .database import Store, collection_of
from .files import (
    BACKUP_COUNT,
    LOCK_NAMES,
    UPLOAD_DIR,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreLockTimeout,
    StoreUnreadable,
    atomic_write_bytes,
    backup_paths,
    find_good_backup,
)
from .journal import Journal
from .restore import Restored, check_backup, finish_interrupted_restore, restore_backup

__all__ = [
    "BACKUP_COUNT", "LOCK_NAMES", "UPLOAD_DIR", "BackupError", "Journal", "Restored", "Store", "StoreCorrupt",
    "StoreError", "StoreFull", "StoreLockTimeout", "StoreUnreadable", "atomic_write_bytes", "backup_paths",
    "check_backup", "collection_of", "find_good_backup", "finish_interrupted_restore", "member_kind",
    "restore_backup", "write_backup", "write_backup_file",
]

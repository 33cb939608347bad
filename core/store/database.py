"""The Store: locked transactions on TinyDB files, per-process caches checked by change stamps, upload files."""
from __future__ import annotations

import json
import mmap
import os
import stat as stat_module
import threading
import time
from collections import OrderedDict
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO
from collections.abc import Iterator

from filelock import FileLock
from tinydb import TinyDB
from tinydb.storages import Storage

from .files import (
    FULL_RECHECK_SECONDS, LOCK_NAMES, UPLOAD_DIR, StoreError, StoreLockTimeout, StoreUnreadable,
    _fsync_dir, _parse, _sig, _stat_sig, atomic_write_bytes, backup_paths, table_spans,
)

# A write takes milliseconds: a temp file this old was left by a writer that was killed (or hit a full disk).
TEMP_MAX_AGE = 3600.0

# The parses of large files read with cache=False (article shards) are kept in one LRU per process, shared by
# every store under one budget of file bytes (their parse takes about four times as much memory): a worker of
# a province serving many communes holds the same at most as a worker of one commune.
LRU_FILE_BYTES = 4 * 1024 * 1024


class _SharedLRU:
    """The process's LRU of large parses, keyed by (store, file name), under ``LRU_FILE_BYTES``."""

    def __init__(self) -> None:
        self.entries: OrderedDict[tuple[int, str], _Cached] = OrderedDict()
        self.used = 0
        self.lock = threading.Lock()
        self.owners = 0

    @staticmethod
    def _size(entry: _Cached) -> int:
        return entry.sig[1] if entry.sig else 0

    def put(self, key: tuple[int, str], entry: _Cached) -> None:
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.used -= self._size(old)
            self.entries[key] = entry
            self.used += self._size(entry)
            while self.used > LRU_FILE_BYTES and len(self.entries) > 1:
                _, dropped = self.entries.popitem(last=False)
                self.used -= self._size(dropped)

    def get(self, key: tuple[int, str]) -> _Cached | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def pop(self, key: tuple[int, str]) -> None:
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.used -= self._size(old)


_LARGE = _SharedLRU()


class _LRUView:
    """One store's part of the shared LRU."""

    def __init__(self) -> None:
        with _LARGE.lock:
            _LARGE.owners += 1
            self.owner = _LARGE.owners  # a number, never reused (an id() may be, after a store is gone)

    def get(self, name: str) -> _Cached | None:
        return _LARGE.get((self.owner, name))

    def __contains__(self, name: str) -> bool:
        return (self.owner, name) in _LARGE.entries

    def put(self, name: str, entry: _Cached) -> None:
        _LARGE.put((self.owner, name), entry)

    def pop(self, name: str, default=None) -> None:
        _LARGE.pop((self.owner, name))

    def items(self) -> list[tuple[str, _Cached]]:
        with _LARGE.lock:
            return [(key[1], entry) for key, entry in _LARGE.entries.items() if key[0] == self.owner]

    def clear(self) -> None:
        for name, _ in self.items():
            _LARGE.pop((self.owner, name))


class _BufferedStorage(Storage):
    """TinyDB storage used inside a write transaction: reads a private copy, buffers writes."""

    def __init__(self, data: dict):
        self.data = data
        self.dirty = False

    def read(self):
        return self.data

    def write(self, data):
        self.data = data
        self.dirty = True


class _Cached:
    __slots__ = ("sig", "data", "token")

    def __init__(self, sig, data, token):
        self.sig = sig
        self.data = data
        self.token = token


class _Collection:
    __slots__ = ("stamp_sig", "token", "checked_at")

    def __init__(self, stamp_sig, token, checked_at):
        self.stamp_sig = stamp_sig
        self.token = token
        self.checked_at = checked_at


def collection_of(name: str) -> str:
    """Return the collection a data file belongs to: its top folder or its file stem."""
    return name.split("/", 1)[0].removesuffix(".json")


class Store:
    """Locked, atomic, per-process cached access to the TinyDB files of one data folder."""

    def __init__(self, root: str | os.PathLike, lock_timeout: float = 30.0):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.lock_timeout = lock_timeout
        self._cache: dict[str, _Cached] = {}
        self._lru = _LRUView()
        self._mutex = threading.RLock()
        self._locks: dict[str, FileLock] = {}
        self._thread_locks: dict[str, threading.RLock] = {}
        self._collections: dict[str, _Collection] = {}
        self._stamp_paths: dict[str, str] = {}
        self._maps: dict[str, mmap.mmap] = {}
        self._paths: dict[str, Path] = {}
        self._real_root = os.path.realpath(self.root)
        self._tokens = 0

    # -- paths and locks -------------------------------------------------
    def path(self, name: str) -> Path:
        """Return the absolute path of data file ``name`` (a relative, checked path)."""
        known = self._paths.get(name)
        if known is not None:
            return known
        parts = Path(name).parts
        if not name or name.startswith(("/", "\\")) or ".." in parts or "\x00" in name:
            raise ValueError(f"bad data file name: {name!r}")
        path = self.root / name
        if len(self._paths) < 10_000:
            self._paths[name] = path
        return path

    def _lock(self, lock_name: str) -> FileLock:
        lock = self._locks.get(lock_name)
        if lock is None:
            if lock_name not in LOCK_NAMES:
                raise ValueError(f"unknown lock {lock_name!r}: add it to store.LOCK_NAMES")
            lock = FileLock(
                str(self.root / f".{lock_name}.lock"),
                timeout=self.lock_timeout,
                poll_interval=0.002,
                fallback_to_soft=False,
            )
            self._locks[lock_name] = lock
        return lock

    @contextmanager
    def locked(self, lock_name: str = "content") -> Iterator[None]:
        """Hold the named exclusive cross-process lock (re-entrant within a thread).

        Threads of one process queue on a per-name lock first; the store's own
        short mutex (cache bookkeeping) is never held while waiting, so a page
        view that needs the cache never waits for a writer, and no lock order
        can be inverted.
        """
        with self._mutex:
            lock = self._lock(lock_name)
            thread_lock = self._thread_locks.setdefault(lock_name, threading.RLock())
        if not thread_lock.acquire(timeout=self.lock_timeout):
            raise StoreLockTimeout(f"could not lock {lock_name}: busy in this process")
        try:
            try:
                lock.acquire()
            except Exception as exc:  # filelock.Timeout
                raise StoreLockTimeout(f"could not lock {lock_name}: {exc}") from exc
            try:
                yield
            finally:
                lock.release()
        finally:
            thread_lock.release()

    @contextmanager
    def locked_all(self) -> Iterator[None]:
        """Hold every lock of LOCK_NAMES, taken in that fixed order, so no collection changes meanwhile."""
        with ExitStack() as stack:
            for lock_name in LOCK_NAMES:
                stack.enter_context(self.locked(lock_name))
            yield

    # -- change detection ------------------------------------------------
    def _stamp_path(self, collection: str) -> str:
        path = self._stamp_paths.get(collection)
        if path is None:
            path = self._stamp_paths[collection] = os.path.join(self.root, f".{collection}.stamp")
        return path

    def _stamp_map(self, collection: str) -> mmap.mmap | None:
        """Return the shared memory map of a collection's 8-byte change counter (None if absent)."""
        m = self._maps.get(collection)
        if m is None:
            try:
                fd = os.open(self._stamp_path(collection), os.O_RDWR | getattr(os, "O_BINARY", 0))
            except FileNotFoundError:
                return None
            try:
                if os.fstat(fd).st_size < 8:
                    return None
                m = self._maps[collection] = mmap.mmap(fd, 8)
            finally:
                os.close(fd)
        return m

    def _read_stamp(self, collection: str) -> int | None:
        # Every process maps the same small file: reading it is a memory read, no system call,
        # and unlike an mtime it changes on every write, however close together.
        m = self._stamp_map(collection)
        return None if m is None else int.from_bytes(m[:8], "little")

    def _bump_stamp(self, collection: str) -> None:
        """Increment a collection's change counter (the caller holds the collection's lock)."""
        m = self._stamp_map(collection)
        if m is None:
            with open(self._stamp_path(collection), "wb") as fh:
                fh.write(os.urandom(8))  # a random start: a restored folder never repeats a value
            m = self._stamp_map(collection)
        m[:8] = ((int.from_bytes(m[:8], "little") + 1) % 2**64).to_bytes(8, "little")

    def version(self, collection: str) -> int:
        """Return a token that changes whenever a file of ``collection`` may have changed.

        One read of the collection's shared change counter per call; every
        FULL_RECHECK_SECONDS the cached files themselves are re-checked too.
        """
        now = time.monotonic()
        sig = self._read_stamp(collection)
        col = self._collections.get(collection)
        if col is None or col.stamp_sig != sig:
            with self._mutex:
                self._tokens += 1
                self._collections[collection] = _Collection(sig, self._tokens, now)
            return self._tokens
        if now - col.checked_at > FULL_RECHECK_SECONDS:
            col.checked_at = now
            for name, entry in list(self._cache.items()) + self._lru.items():
                if collection_of(name) == collection and _sig(self.path(name)) != entry.sig:
                    with self._mutex:
                        self._tokens += 1
                        col.token = self._tokens
                    break
        return col.token

    # -- reads -----------------------------------------------------------
    def read(self, name: str, cache: bool = True) -> dict:
        """Return the parsed tables of data file ``name`` (shared: never mutate it).

        A missing file reads as ``{}``. With ``cache=False`` the parse is kept
        only in the process's LRU of large parses (article shards), under one budget for every store.
        """
        token = self.version(collection_of(name))
        entry = self._cache.get(name)
        if entry is None:
            entry = self._lru.get(name)
            if entry is not None and cache:  # written here first, now read as a file to keep
                self._remember(name, entry, cache)
        if entry is not None and entry.token == token:
            return entry.data
        path = self.path(name)
        sig = _sig(path)
        if entry is not None and entry.sig == sig:
            entry.token = token
            return entry.data
        data = _parse(path) if sig is not None else {}
        self._remember(name, _Cached(sig, data, token), cache)
        return data

    def read_once(self, name: str) -> dict:
        """Return the parsed tables of ``name`` for one pass, without keeping the parse (large article shards
        read to derive an index: the derived part is kept, not the file's whole text)."""
        entry = self._cache.get(name) or self._lru.get(name)
        if entry is not None and entry.token == self.version(collection_of(name)):
            return entry.data
        path = self.path(name)
        return _parse(path) if _sig(path) is not None else {}

    def scan(self, name: str, table: str) -> tuple[tuple | None, list[tuple[str, dict, int, int]]]:
        """Return the signature of data file ``name`` as read and each document of ``table`` with its byte span
        in that version (span 0, 0 when the file is not laid out plainly), read once and not kept: one
        document can then be read alone with ``read_span``. A damaged file raises StoreCorrupt as ``read``."""
        path = self.path(name)
        try:
            with open(path, "rb") as fh:
                sig, raw = _stat_sig(os.fstat(fh.fileno())), fh.read()
        except FileNotFoundError:
            return None, []
        except OSError:
            return _sig(path), [(k, d, 0, 0) for k, d in _parse(path).get(table, {}).items()]  # names the error
        spans = table_spans(raw, table)
        if spans is None:
            return sig, [(k, d, 0, 0) for k, d in _parse(path, raw).get(table, {}).items()]
        return sig, spans

    def read_span(self, name: str, sig: tuple, start: int, end: int) -> dict | None:
        """Return the one document at bytes [start, end) of data file ``name`` if the file is still the version
        ``sig`` (checked on the open file), else None: the caller reads the file whole."""
        try:
            with open(self.path(name), "rb") as fh:
                if _stat_sig(os.fstat(fh.fileno())) != sig:
                    return None
                fh.seek(start)
                doc = json.loads(fh.read(end - start))
        except (OSError, ValueError):
            return None
        return doc if isinstance(doc, dict) else None

    def _remember(self, name: str, entry: _Cached, cache: bool) -> None:
        with self._mutex:
            if cache:
                self._cache[name] = entry
                self._lru.pop(name)
            else:
                self._lru.put(name, entry)
                self._cache.pop(name, None)

    def signature(self, name: str):
        """Return the current signature of data file ``name`` without parsing it.

        When the cached copy is known current (no stamp change since it was
        checked) this costs no system call; otherwise one ``stat``.
        """
        token = self.version(collection_of(name))
        entry = self._cache.get(name) or self._lru.get(name)
        if entry is not None and entry.token == token:
            return entry.sig
        return _sig(self.path(name))

    def exists(self, name: str) -> bool:
        """Return whether data file ``name`` exists."""
        return self.path(name).exists()

    def list_files(self, folder: str, suffix: str = ".json") -> list[str]:
        """Return the data file names directly in ``folder`` (relative names, sorted)."""
        base = self.path(folder)
        if not base.is_dir():
            return []
        return sorted(
            f"{folder}/{p.name}" for p in base.iterdir() if p.name.endswith(suffix) and not p.name.startswith(".")
        )

    # -- plain files (uploads) -------------------------------------------
    def _inside(self, name: str) -> Path:
        """Return the path of ``name``, refused (ValueError) when it leaves the data folder, even by a symlink."""
        path = self.path(name)
        real = os.path.realpath(path)
        if real != self._real_root and not real.startswith(self._real_root + os.sep):
            raise ValueError(f"data file name leads out of the data folder: {name!r}")
        return path

    def open_file(self, name: str) -> BinaryIO:
        """Open file ``name`` of the data folder for reading, in binary; raise FileNotFoundError when missing."""
        return open(self._inside(name), "rb")

    def stat(self, name: str) -> os.stat_result | None:
        """Return the stat of regular file ``name``, or None when it is missing or no regular file."""
        try:
            st = os.stat(self._inside(name))
        except (FileNotFoundError, NotADirectoryError):
            return None
        return st if stat_module.S_ISREG(st.st_mode) else None

    def file_path(self, name: str) -> Path | None:
        """Return the checked path of regular file ``name`` for the web server to send, or None when missing."""
        return self._inside(name) if self.stat(name) is not None else None

    def list_dir(self, folder: str) -> list[str]:
        """Return the names of the regular, visible files directly in ``folder``, sorted ([] when it is missing)."""
        try:
            with os.scandir(self._inside(folder)) as entries:
                return sorted(e.name for e in entries
                              if not e.name.startswith(".") and e.is_file(follow_symlinks=False))
        except (FileNotFoundError, NotADirectoryError):
            return []

    # -- writes ----------------------------------------------------------
    def invalidate(self, collection: str) -> None:
        """Forget that cached files of ``collection`` are current: the next reads stat them.

        Writers call this once they hold the lock, so that even a change whose
        writer was killed before it bumped the stamp is seen before they write.
        """
        with self._mutex:
            self._tokens += 1
            col = self._collections.get(collection)
            if col is not None:
                col.token = self._tokens

    @contextmanager
    def transaction(self, name: str, lock_name: str = "content", keep_backups: bool = True,
                    allow_empty: bool = False) -> Iterator[TinyDB]:
        """Yield a TinyDB on a fresh private copy of ``name``; commit atomically on success.

        The lock is held for the whole read-modify-write. Nothing is written if
        the block raises, and an invalid database is never written; nor an empty
        one over a file with records, unless ``allow_empty`` says the caller
        removes the last records on purpose (the demo's, after a backup zip).
        """
        path = self.path(name)
        with self.locked(lock_name):
            current = _parse(path) if path.exists() else {}  # fresh, private parse
            had_content = any(current.values())
            storage = _BufferedStorage(current)
            db = TinyDB(storage=lambda: storage)
            yield db
            if storage.dirty:
                self._commit(path, name, storage.data, had_content and not allow_empty, keep_backups)

    def _commit(self, path: Path, name: str, data: dict, had_content: bool, keep_backups: bool = True) -> None:
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StoreError(f"refusing to write invalid data to {name}")
        if had_content and not any(data.values()):
            raise StoreError(f"refusing to replace {name} with an empty database")
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write_bytes(path, payload, keep_backups)
        collection = collection_of(name)
        self._bump_stamp(collection)
        token = self.version(collection)
        # kept for good only when read as such before; a file only written (an article shard, a revision, the
        # audit) goes to the bounded LRU, so a long-running worker does not keep every shard it ever saved
        self._remember(name, _Cached(_sig(path), data, token), name in self._cache)

    def drop_backups(self, name: str, lock_name: str) -> None:
        """Delete the rotating backups of data file ``name``: they hold what its last write removed on purpose."""
        with self.locked(lock_name):
            for bak in backup_paths(self.path(name)):
                bak.unlink(missing_ok=True)

    def save_blob(self, name: str, payload: bytes) -> None:
        """Write a binary file (an upload) atomically; it never replaces an existing one."""
        path = self._inside(name)
        with self.locked("uploads"):  # a restore swapping the uploads folder waits, and is waited for
            if path.exists():
                raise StoreError(f"refusing to overwrite {name}")
            atomic_write_bytes(path, payload, keep_backups=False)

    def delete_blob(self, name: str) -> bool:
        """Delete an upload file (the demo's, once nothing names it); return whether it was there.

        Uploads are otherwise write-once: this is for removing what the demo wrote.
        """
        path = self._inside(name)
        if not name.startswith(f"{UPLOAD_DIR}/"):
            raise ValueError(f"not an upload: {name!r}")
        with self.locked("uploads"):
            try:
                os.unlink(path)
            except FileNotFoundError:
                return False
            return True

    def delete(self, name: str, lock_name: str = "content", with_backups: bool = False) -> bool:
        """Delete data file ``name`` (and, when asked, its rotated copies); return whether it was there.

        Its collection's change counter is bumped, so every worker forgets its copy.
        """
        path = self.path(name)
        with self.locked(lock_name):
            existed = path.exists()
            for victim in [path, *(backup_paths(path) if with_backups else [])]:
                try:
                    os.unlink(victim)
                except FileNotFoundError:
                    pass
            if existed:
                _fsync_dir(path.parent)
                self._bump_stamp(collection_of(name))
            with self._mutex:
                self._cache.pop(name, None)
                self._lru.pop(name, None)
            return existed

    def secret(self, name: str = "secret_key", nbytes: int = 32) -> str:
        """Return the secret stored in ``name``, creating it (random, mode 600) on first use."""
        path = self.path(name)
        with self.locked("secret"):
            if path.exists():
                try:
                    value = path.read_text(encoding="ascii").strip()
                except PermissionError as exc:  # never replaced: a new key would log everybody out
                    raise StoreUnreadable(path, exc) from None
                if len(value) >= 32:
                    return value
            value = os.urandom(nbytes).hex()
            atomic_write_bytes(path, value.encode("ascii"), keep_backups=False)  # mode 600: PRIVATE_NAMES
            return value

    def sweep_temp(self, max_age: float = TEMP_MAX_AGE) -> list[str]:
        """Delete the temp files of atomic writes older than ``max_age`` seconds; return their names."""
        removed = []
        cutoff = time.time() - max_age
        for p in self.root.rglob(".*.tmp"):
            try:
                if p.is_file() and not p.is_symlink() and p.stat().st_mtime < cutoff:
                    p.unlink()
                    removed.append(p.relative_to(self.root).as_posix())
            except FileNotFoundError:  # another process swept it first
                continue
        return removed

    def data_files(self, skip: tuple[str, ...] = ()) -> list[str]:
        """Return the names of every data file (but those under ``skip`` folders), sorted."""
        names = []
        for p in sorted(self.root.rglob("*.json")):
            rel = p.relative_to(self.root)
            if any(part.startswith(".") for part in rel.parts) or rel.parts[0] in (UPLOAD_DIR, "backups", *skip):
                continue
            names.append(rel.as_posix())
        return names

    def verify_all(self, skip: tuple[str, ...] = ()) -> list[str]:
        """Parse every data file (but those under ``skip`` folders); raise StoreCorrupt for a bad one."""
        names = self.data_files(skip)
        for name in names:
            _parse(self.path(name))
        return names

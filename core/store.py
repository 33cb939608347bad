"""The only code that opens data files.

Every data file is a TinyDB JSON document. Writes hold an exclusive
cross-process lock (``filelock``) for the whole read-modify-write, write to a
temporary file in the same folder, flush and fsync it, keep the previous
version as a rotating backup and ``os.replace`` the new file over the old one.
Reads are cached per process and reloaded only when the file's signature
(mtime, size, inode) changes, so a page view never re-parses an unchanged file.

A file that does not parse is never treated as empty: :class:`StoreCorrupt`
names the file and the newest backup that does parse.
"""
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
from typing import BinaryIO, Iterator

from filelock import FileLock
from tinydb import TinyDB
from tinydb.storages import Storage

BACKUP_COUNT = 3
UPLOAD_DIR = "uploads"  # write-once files: never replaced, never deleted
# Re-check every cached file's signature at least this often even when no
# stamp changed (covers a writer killed between its replace and its stamp).
FULL_RECHECK_SECONDS = 5.0
# Every lock any collection takes, by name, in the order locked_all takes them. Code that holds two
# at once must take them in this order too (today only a content save, which takes revisions inside),
# so two processes never wait on each other. A name missing here is refused: backup and restore, which
# take them all, can never miss one.
LOCK_NAMES = (
    "content",  # site.json, articles/, schema.json and the record collections (documents, media.json, …)
    "accounts", "login_limits", "consultation", "questions", "qa_limits", "ratings", "reports", "royalties",
    "counters",
    "secret", "uploads", "revisions", "audit",
)


class StoreError(Exception):
    """Base class for storage errors."""


class StoreCorrupt(StoreError):
    """A data file does not parse; the message names the backup to restore."""

    def __init__(self, path: Path, backup: Path | None, detail: str):
        self.path = path
        self.backup = backup
        # Read by whoever starts the site: in Vietnamese, with the command that fixes it.
        if backup is not None:
            hint = f"khôi phục bản sao lưu gần nhất bằng lệnh: cp '{backup}' '{path}'"
        else:
            hint = "không tìm thấy bản sao lưu đọc được; hãy khôi phục thư mục dữ liệu từ bản sao lưu của bạn"
        super().__init__(f"Tệp dữ liệu {path} bị hỏng ({detail}); {hint}")


class StoreLockTimeout(StoreError):
    """The write lock could not be taken in time."""


def _sig(path: Path | str) -> tuple[int, int, int] | None:
    """Return the (mtime_ns, size, inode) signature of a file, or None if missing."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _parse(path: Path) -> dict:
    """Parse one TinyDB file; raise StoreCorrupt when it is not a JSON object of tables."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise StoreCorrupt(path, find_good_backup(path), str(exc)) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise StoreCorrupt(path, find_good_backup(path), "not a TinyDB document")
    return data


def backup_paths(path: Path) -> list[Path]:
    """Return the backup file names for ``path``, newest first."""
    return [path.with_name(f".{path.name}.bak{i}") for i in range(1, BACKUP_COUNT + 1)]


def find_good_backup(path: Path) -> Path | None:
    """Return the newest backup of ``path`` that parses, or None."""
    for bak in backup_paths(path):
        try:
            with open(bak, "rb") as fh:
                data = json.loads(fh.read())
            if isinstance(data, dict):
                return bak
        except (OSError, ValueError):
            continue
    return None


def _fsync_dir(folder: Path) -> None:
    """Flush a directory entry change to disk where the platform allows it."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes, keep_backups: bool = True) -> None:
    """Write ``payload`` to ``path`` atomically (temp file, fsync, rename), rotating backups.

    The caller must hold the lock that guards ``path``.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    if keep_backups and path.exists():
        baks = backup_paths(path)
        for older, newer in zip(reversed(baks[1:]), reversed(baks[:-1])):
            if newer.exists():
                os.replace(newer, older)
        try:
            if baks[0].exists():
                os.unlink(baks[0])
            os.link(path, baks[0])  # hard link: the old version, no copy needed
        except OSError:
            import shutil

            shutil.copy2(path, baks[0])
    os.replace(tmp, path)
    _fsync_dir(folder)


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

    def __init__(self, root: str | os.PathLike, lock_timeout: float = 30.0, lru_size: int = 24):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.lock_timeout = lock_timeout
        self._cache: dict[str, _Cached] = {}
        self._lru: OrderedDict[str, _Cached] = OrderedDict()
        self._lru_size = lru_size
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
            for name, entry in list(self._cache.items()) + list(self._lru.items()):
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
        only in a small LRU (used for large article shards).
        """
        token = self.version(collection_of(name))
        entry = self._cache.get(name)
        if entry is None:
            entry = self._lru.get(name)
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

    def _remember(self, name: str, entry: _Cached, cache: bool) -> None:
        with self._mutex:
            if cache:
                self._cache[name] = entry
            else:
                self._lru[name] = entry
                self._lru.move_to_end(name)
                while len(self._lru) > self._lru_size:
                    self._lru.popitem(last=False)

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
    def transaction(self, name: str, lock_name: str = "content", keep_backups: bool = True) -> Iterator[TinyDB]:
        """Yield a TinyDB on a fresh private copy of ``name``; commit atomically on success.

        The lock is held for the whole read-modify-write. Nothing is written if
        the block raises, and an empty or invalid database is never written.
        """
        path = self.path(name)
        with self.locked(lock_name):
            current = _parse(path) if path.exists() else {}  # fresh, private parse
            had_content = any(current.values())
            storage = _BufferedStorage(current)
            db = TinyDB(storage=lambda: storage)
            yield db
            if storage.dirty:
                self._commit(path, name, storage.data, had_content, keep_backups)

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
        self._remember(name, _Cached(_sig(path), data, token), name not in self._lru)

    def save_blob(self, name: str, payload: bytes) -> None:
        """Write a binary file (an upload) atomically; it never replaces an existing one."""
        path = self._inside(name)
        with self.locked("uploads"):  # a restore swapping the uploads folder waits, and is waited for
            if path.exists():
                raise StoreError(f"refusing to overwrite {name}")
            atomic_write_bytes(path, payload, keep_backups=False)

    def secret(self, name: str = "secret_key", nbytes: int = 32) -> str:
        """Return the secret stored in ``name``, creating it (random, mode 600) on first use."""
        path = self.path(name)
        with self.locked("secret"):
            if path.exists():
                value = path.read_text(encoding="ascii").strip()
                if len(value) >= 32:
                    return value
            value = os.urandom(nbytes).hex()
            atomic_write_bytes(path, value.encode("ascii"), keep_backups=False)
            try:
                os.chmod(path, 0o600)
            except OSError:
                pass
            return value

    def verify_all(self, skip: tuple[str, ...] = ()) -> list[str]:
        """Parse every data file (but those under ``skip`` folders); raise StoreCorrupt for a bad one."""
        names = []
        for p in sorted(self.root.rglob("*.json")):
            rel = p.relative_to(self.root)
            if any(part.startswith(".") for part in rel.parts) or rel.parts[0] in (UPLOAD_DIR, "backups", *skip):
                continue
            _parse(p)
            names.append(rel.as_posix())
        return names


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


def write_backup(store: "Store", fileobj, include_secret: bool = False) -> int:
    """Write a zip of the whole data folder to ``fileobj``; return the number of files.

    Every lock is held while the data files are copied, so no write of any
    collection lands half-way through. Uploads are copied after the locks are
    released: they are written before the records naming them and never change
    or go away, so the copy stays whole while the site keeps working.
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
            zf.write(p, name)
    return len(members)


def write_backup_file(store: "Store", name: str, include_secret: bool = False) -> Path:
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


def restore_backup(store: "Store", stream: BinaryIO) -> Path:
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


class Journal:
    """An append-only log owned by one process: one ``os.write`` per line (O_APPEND).

    Counters append here on every page view instead of rewriting a file; a
    merge (under the store's lock) folds complete lines into a TinyDB file and
    records how many bytes of each journal it has consumed, in the same atomic
    write, so no line is ever counted twice or lost.
    """

    ROTATE_SECONDS = 3600

    def __init__(self, store: Store, folder: str):
        self.store = store
        self.folder = folder
        self._fd: int | None = None
        self._pid: int | None = None
        self._opened_at = 0.0
        self._name: str | None = None
        self._mutex = threading.Lock()

    def _open(self) -> int:
        now = time.time()
        if self._fd is not None and self._pid == os.getpid() and now - self._opened_at < self.ROTATE_SECONDS:
            return self._fd
        if self._fd is not None and self._pid == os.getpid():
            os.close(self._fd)
        base = self.store.path(self.folder)
        base.mkdir(parents=True, exist_ok=True)
        rand = os.urandom(4).hex()
        self._name = f"{self.folder}/{int(now)}-{os.getpid()}-{rand}.log"
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        self._fd = os.open(self.store.path(self._name), flags, 0o644)
        self._pid = os.getpid()
        self._opened_at = now
        return self._fd

    def append(self, line: str) -> tuple[str, int]:
        """Append one line (no newline inside) with a single write; return (journal, end offset)."""
        data = (line + "\n").encode("utf-8")
        with self._mutex:
            fd = self._open()
            os.write(fd, data)
            return self._name, os.lseek(fd, 0, os.SEEK_CUR)

    def names(self) -> list[str]:
        """Return the journal files present (relative names)."""
        return self.store.list_files(self.folder, suffix=".log")

    def read_from(self, name: str, offset: int) -> tuple[list[str], int]:
        """Return the complete lines of journal ``name`` after ``offset`` and the new offset."""
        try:
            with open(self.store.path(name), "rb") as fh:
                fh.seek(offset)
                chunk = fh.read()
        except FileNotFoundError:
            return [], offset
        end = chunk.rfind(b"\n")
        if end < 0:
            return [], offset
        lines = chunk[: end + 1].decode("utf-8", "replace").splitlines()
        return lines, offset + end + 1

    def size(self, name: str) -> int:
        """Return the size of a journal file (0 if gone)."""
        sig = _sig(self.store.path(name))
        return sig[1] if sig else 0

    def exists(self, name: str) -> bool:
        """Return whether journal ``name`` is still on disk (a merged, stale one gets removed)."""
        return self.store.path(name).exists()

    def is_current(self, name: str) -> bool:
        """Return whether ``name`` is this process's open journal."""
        return name == self._name and self._pid == os.getpid()

    def remove(self, name: str) -> None:
        """Delete a consumed journal (caller holds the lock and checked it is stale)."""
        try:
            os.unlink(self.store.path(name))
        except FileNotFoundError:
            pass

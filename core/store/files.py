"""Data files on disk: names, errors, parsing, rotating backups and the atomic write every change goes through."""
from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path


BACKUP_COUNT = 3
# Files only the app's own user may read, mode 600 from the moment they exist (password hashes,
# sealed two-step secrets; the key that signs sessions and unseals those secrets).
PRIVATE_NAMES = frozenset({"accounts.json", "secret_key"})
UPLOAD_DIR = "uploads"  # write-once files: never replaced; deleted only with the demo, once nothing names them
# Re-check every cached file's signature at least this often even when no
# stamp changed (covers a writer killed between its replace and its stamp).
FULL_RECHECK_SECONDS = 5.0
# Every lock any collection takes, by name, in the order locked_all takes them. Code that holds two
# at once must take them in this order too (first start, which seeds under "startup"; a content save, which
# takes revisions inside),
# so two processes never wait on each other. A name missing here is refused: backup and restore, which
# take them all, can never miss one.
LOCK_NAMES = (
    "startup",  # first-start work (seed, schema stamp, migrations): held while it takes the others
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
            hint = "không tìm thấy bản sao lưu đọc được; hãy khôi phục thư mục dữ liệu từ bản sao lưu đã cất giữ"
        super().__init__(f"Tệp dữ liệu {path} bị hỏng ({detail}); {hint}")


class StoreUnreadable(StoreError):
    """A data file exists but this process may not read it (its owner or mode): the file itself is intact."""

    def __init__(self, path: Path, exc: OSError):
        self.path = path
        account = _account()
        # Read by whoever starts the site. Not "damaged": a backup copied over it would lose the newest data.
        super().__init__(
            f"Không đọc được tệp dữ liệu {path}: tài khoản chạy trang ({account}) không có quyền đọc tệp này "
            f"({exc.strerror or exc}). Không cần khôi phục từ bản sao lưu (chép đè sẽ mất dữ liệu mới nhất); "
            f"hãy trả quyền cho tài khoản chạy trang, ví dụ: chown {account} '{path}' && chmod u+rw '{path}' "
            f"(nhiều tệp như vậy: chown -R {account} <thư mục dữ liệu>)")


class StoreFull(StoreError):
    """The disk (or the account's quota) is full: nothing was written, the previous version stays."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(f"Ổ đĩa máy chủ đã đầy: không ghi được {path}. Dữ liệu đã lưu trước đó vẫn còn nguyên; "
                         "hãy giải phóng dung lượng (tệp thừa, bản sao lưu cũ) rồi thử lại.")


DISK_FULL_ERRNOS = frozenset(e for e in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if e is not None)


def _account() -> str:
    """Return the name of the account this process runs as (the one the advice of StoreUnreadable names)."""
    try:
        import pwd
    except ImportError:  # Windows
        import getpass

        return getpass.getuser()
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:  # a uid without a name (a container): chown takes the number too
        return str(os.geteuid())


class StoreLockTimeout(StoreError):
    """The write lock could not be taken in time."""


def _stat_sig(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _sig(path: Path | str) -> tuple[int, int, int] | None:
    """Return the (mtime_ns, size, inode) signature of a file, or None if missing."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return _stat_sig(st)


def _parse(path: Path, raw: bytes | None = None) -> dict:
    """Parse one TinyDB file (or its bytes, already read); raise StoreCorrupt when it is not a JSON object of
    tables."""
    try:
        if raw is None:
            with open(path, "rb") as fh:
                raw = fh.read()
        data = json.loads(raw)
    except PermissionError as exc:
        raise StoreUnreadable(path, exc) from None
    except (OSError, ValueError) as exc:
        raise StoreCorrupt(path, find_good_backup(path), str(exc)) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise StoreCorrupt(path, find_good_backup(path), "not a TinyDB document")
    return data


_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


def _skip(text: str, pos: int, then: str = "") -> int:
    """Return the position after the white space at ``pos`` (and after the character ``then``, which must follow)."""
    while text[pos] in _SPACE:
        pos += 1
    if then:
        if text[pos] != then:
            raise ValueError(f"{then!r} expected at {pos}")
        pos = _skip(text, pos + 1)
    return pos


def table_spans(raw: bytes, table: str) -> list[tuple[str, dict, int, int]] | None:
    """Return each document of ``table`` in the bytes of a TinyDB file, with its byte span (start, end), in file
    order; None when the bytes are not a plain JSON object of tables (the caller parses them whole)."""
    try:
        text = raw.decode("utf-8")
        spans: list[tuple[str, dict, int, int]] = []
        byte_at = char_at = 0  # byte offsets follow the characters (UTF-8: a letter may take several bytes)
        pos = _skip(text, 0, "{")
        while text[pos] != "}":
            key, pos = _DECODER.raw_decode(text, pos)
            pos = _skip(text, pos, ":")
            if key != table:
                _, pos = _DECODER.raw_decode(text, pos)
            else:
                pos = _skip(text, pos, "{")
                while text[pos] != "}":
                    doc_id, pos = _DECODER.raw_decode(text, pos)
                    start = _skip(text, pos, ":")
                    doc, pos = _DECODER.raw_decode(text, start)
                    if not isinstance(doc_id, str) or not isinstance(doc, dict):
                        return None
                    byte_start = byte_at + len(text[char_at:start].encode("utf-8"))
                    byte_at, char_at = byte_start + len(text[start:pos].encode("utf-8")), pos
                    spans.append((doc_id, doc, byte_start, byte_at))
                    pos = _skip(text, pos)
                    if text[pos] == ",":
                        pos = _skip(text, pos + 1)
                pos += 1
            pos = _skip(text, pos)
            if text[pos] == ",":
                pos = _skip(text, pos + 1)
    except (ValueError, IndexError):
        return None
    return spans


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

    The caller must hold the lock that guards ``path``. On any failure the temp
    file is removed (a half-written one would keep a full disk full) and
    ``path`` is untouched; a full disk raises StoreFull.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    private = path.name in PRIVATE_NAMES
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        with os.fdopen(os.open(tmp, flags, 0o600 if private else 0o666), "wb") as fh:
            if private and hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o600)  # a temp file left by a crash keeps its mode: set it anyway
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if keep_backups and path.exists():
            baks = backup_paths(path)
            for older, newer in zip(reversed(baks[1:]), reversed(baks[:-1]), strict=True):
                if newer.exists():
                    os.replace(newer, older)
            try:
                if baks[0].exists():
                    os.unlink(baks[0])
                os.link(path, baks[0])  # hard link: the old version, no copy needed
            except OSError:
                import shutil

                shutil.copy2(path, baks[0])
            if private:
                os.chmod(baks[0], 0o600)  # a file from before PRIVATE_NAMES may be readable by others
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
            raise StoreFull(path) from exc
        raise
    _fsync_dir(folder)

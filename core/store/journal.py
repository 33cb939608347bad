"""Append-only journals: each worker appends lines to its own file, merged later under the store's lock."""
from __future__ import annotations

import errno
import os
import threading
import time


from .database import Store
from .files import DISK_FULL_ERRNOS, StoreFull, _sig

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
        self._fd = None  # until the new one is open: a failed open must not leave a closed descriptor here
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
        """Append one line (no newline inside) with a single write; return (journal, end offset).

        On a full disk raise StoreFull with nothing of the line left in the journal.
        """
        data = (line + "\n").encode("utf-8")
        with self._mutex:
            try:
                fd = self._open()
            except OSError as exc:
                if exc.errno in DISK_FULL_ERRNOS:
                    raise StoreFull(self.store.path(self.folder)) from exc
                raise
            start = os.lseek(fd, 0, os.SEEK_END)
            try:
                written = os.write(fd, data)
                if written != len(data):  # the disk filled up midway: a short write, no error yet
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            except OSError as exc:
                # Only this process writes this journal: cut off the part of the line, or it would run into the next.
                os.ftruncate(fd, start)
                if exc.errno in DISK_FULL_ERRNOS:
                    raise StoreFull(self.store.path(self._name)) from exc
                raise
            return self._name, start + written

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

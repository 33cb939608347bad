"""Who is asking, counted without being kept: the one address key, the one limiter, the HTTP checks.

Every count the site keeps per reader (login failures, questions, comments on drafts, ratings,
visitors) keys an address with :func:`address_key`: an IPv4 address as it is, an IPv6 address by
its /64 network, since one household or phone is given a whole /64 and may change address inside
it at will. No address is stored: :class:`Limiter` keeps keyed hashes (:func:`digest`) under a
random salt replaced every day, in a file without backups.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import os
from collections.abc import Iterable, Mapping
from datetime import datetime
from urllib.parse import urlsplit

from tinydb.table import Document, Table

from . import timeutil
from .store import Store

__all__ = ["Limiter", "RateLimited", "address_key", "digest", "is_cross_site", "local_path"]

LIMITS_FILE = "qa_limits.json"  # questions and comments; named when only hỏi đáp was limited
LIMITS_LOCK = "qa_limits"


def address_key(address: str | None) -> str:
    """Return the unit an address is counted under: the IPv4 address, or the /64 network of an IPv6 one."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return address or "-"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def digest(key: str | bytes, *parts: object) -> str:
    """Return the HMAC-SHA256 (hex) of ``parts`` joined by "|", keyed with ``key``."""
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, "|".join(map(str, parts)).encode(), hashlib.sha256).hexdigest()


# ------------------------------------------------------------------ limits
class RateLimited(Exception):
    """Too many submissions from one address: ``until`` is the epoch second when one is allowed again."""

    def __init__(self, until: float, count: int, seconds: int):
        self.until = until
        self.count = count
        self.seconds = seconds
        super().__init__(until)

    def message(self, what: str = "lượt gửi") -> str:
        """Return the Vietnamese message saying when to try again."""
        wait = max(1, math.ceil((self.until - timeutil.now().timestamp()) / 60))
        at = datetime.fromtimestamp(self.until, timeutil.TZ)
        window = (f"{self.seconds // 3600} giờ" if self.seconds % 3600 == 0
                  else f"{max(1, self.seconds // 60)} phút")
        when = at.strftime("%H:%M") if at.date() == timeutil.now().date() else at.strftime("%H:%M, %d/%m/%Y")
        return (f"Đã có {self.count} {what} trong vòng {window}. Để tránh thư rác, vui lòng thử lại "
                f"sau {wait} phút (lúc {when}). Nội dung đã nhập vẫn được giữ nguyên bên dưới.")


class Limiter:
    """Counts what each key (an address_key, an account name) does in one scope, in a file of its own.

    Two rules share the file: :meth:`hit` allows ``count`` events per ``seconds`` (a sliding
    window); :meth:`fail` makes a key wait after repeated failures, twice as long at each further
    one, until :meth:`forget` (a success) or a day without failures.

    A key is stored only as a hash keyed with a random salt that is replaced at the first write
    of each day; the previous salt is kept until the next replacement, so an entry stays readable
    for at least a day, and is moved under the new salt when it is next written. The file keeps no
    backups and entries past their window are pruned on every write.
    """

    def __init__(self, store: Store, scope: str, file: str = LIMITS_FILE, lock: str = LIMITS_LOCK):
        self.store = store
        self.scope = scope
        self.file = file
        self.lock = lock

    def _ids(self, key: str, salt: dict) -> list[int]:
        # Doc ids are the first 48 bits of the hash: small, stable, and no key in the file.
        return [int(digest(s, self.scope, key)[:12], 16) for s in (salt.get("salt"), salt.get("previous")) if s]

    def _open(self, db, now: float) -> tuple[dict, Table]:
        """Return the salt (replaced when the day changed) and the entries, with stale entries pruned."""
        salt_table = db.table("salt")
        salt = salt_table.get(doc_id=1) or {}
        day = timeutil.today_str()
        if salt.get("day") != day:
            salt = {"day": day, "salt": os.urandom(16).hex(), "previous": salt.get("salt", "")}
            salt_table.upsert(Document(salt, doc_id=1))
        entries = db.table("hits")
        stale = [d.doc_id for d in entries.all()
                 if not any(now - t < d.get("w", 0) for t in d.get("t", [])) and d.get("u", 0) <= now]
        if stale:
            entries.remove(doc_ids=stale)
        return salt, entries

    @staticmethod
    def _take(entries: Table, ids: list[int]) -> list[dict]:
        """Return the entries of one key under every salt, removing those under the previous one."""
        found = [entries.get(doc_id=i) for i in ids]
        old = [i for i, doc in zip(ids[1:], found[1:], strict=True) if doc is not None]
        if old:
            entries.remove(doc_ids=old)
        return [dict(doc) for doc in found if doc is not None]

    def hit(self, key: str, limit: tuple[int, int]) -> None:
        """Record one event of ``key``, or raise RateLimited when its ``(count, seconds)`` are used up."""
        count, seconds = max(0, int(limit[0])), max(1, int(limit[1]))
        now = timeutil.now().timestamp()
        with self.store.transaction(self.file, lock_name=self.lock, keep_backups=False) as db:
            salt, entries = self._open(db, now)
            ids = self._ids(key or "-", salt)
            recent = sorted(t for doc in (entries.get(doc_id=i) for i in ids) if doc
                            for t in doc.get("t", []) if now - t < seconds)
            if len(recent) >= count:
                raise RateLimited((recent[-count] if count else now) + seconds, count, seconds)
            self._take(entries, ids)
            times = recent + [now]
            entries.upsert(Document({"s": self.scope, "w": seconds, "t": times[-max(count, 1):]}, doc_id=ids[0]))

    def wait_until(self, keys: Iterable[str]) -> float:
        """Return the epoch second until which any of ``keys`` must wait after failures (0 when none)."""
        data = self.store.read(self.file)
        salt, entries = data.get("salt", {}).get("1", {}), data.get("hits", {})
        return max((entries.get(str(i), {}).get("u", 0) for key in keys for i in self._ids(key, salt)), default=0)

    def fail(self, keys: Iterable[str], free: int, wait: int, longest: int, memory: int = 86400) -> None:
        """Count one failure of each key: from the ``free``-th on, it waits ``wait`` seconds, doubled each time.

        No wait is longer than ``longest``; failures are forgotten after ``memory`` seconds without one.
        """
        now = timeutil.now().timestamp()
        with self.store.transaction(self.file, lock_name=self.lock, keep_backups=False) as db:
            salt, entries = self._open(db, now)
            for key in keys:
                self._count(entries, self._ids(key, salt), free, wait, longest, memory, now)

    def attempt(self, free: Mapping[str, int], wait: int, longest: int, memory: int = 86400) -> float:
        """Count an attempt as one failure of each key (``free`` as in :meth:`fail`, per key), unless one must wait.

        Return the end of that wait, counting nothing, or 0 once counted. The count comes before
        the check it guards, in one locked write, so attempts made at once never pass the limit:
        each sees those before it. A success then calls :meth:`release`.
        """
        now = timeutil.now().timestamp()
        with self.store.transaction(self.file, lock_name=self.lock, keep_backups=False) as db:
            salt, entries = self._open(db, now)
            until = max((doc.get("u", 0) for key in free for i in self._ids(key, salt)
                         if (doc := entries.get(doc_id=i)) is not None), default=0)
            if until > now:
                return until
            for key, count in free.items():
                self._count(entries, self._ids(key, salt), count, wait, longest, memory, now)
        return 0

    def release(self, keys: Iterable[str], forget: Iterable[str] = ()) -> None:
        """After a success: take back the failure :meth:`attempt` counted for ``keys``, and clear ``forget``'s.

        A wait that attempt started ends with it: the attempt was let in, so no wait was running.
        """
        now = timeutil.now().timestamp()
        with self.store.transaction(self.file, lock_name=self.lock, keep_backups=False) as db:
            salt, entries = self._open(db, now)
            for key in forget:
                gone = [i for i in self._ids(key, salt) if entries.get(doc_id=i) is not None]
                if gone:
                    entries.remove(doc_ids=gone)
            for key in keys:
                ids = self._ids(key, salt)
                docs = self._take(entries, ids)
                failures = sum(int(d.get("n", 0)) for d in docs) - 1
                if failures > 0:
                    entries.upsert(Document({"s": self.scope, "w": max(d.get("w", 0) for d in docs),
                                             "t": [max((t for d in docs for t in d.get("t", [])), default=now)],
                                             "n": failures, "u": 0}, doc_id=ids[0]))
                elif entries.get(doc_id=ids[0]) is not None:
                    entries.remove(doc_ids=[ids[0]])

    def _count(self, entries: Table, ids: list[int], free: int, wait: int, longest: int, memory: int,
               now: float) -> None:
        """Add one failure to the entry of one key (``ids``: its doc ids under each salt)."""
        docs = self._take(entries, ids)
        failures = sum(int(d.get("n", 0)) for d in docs) + 1
        until = max((d.get("u", 0) for d in docs), default=0)
        if failures >= free:
            until = now + min(longest, wait * 2 ** (failures - free))
        entries.upsert(Document({"s": self.scope, "w": memory, "t": [now], "n": failures, "u": until},
                                doc_id=ids[0]))

    def forget(self, keys: Iterable[str]) -> None:
        """Clear the failures of ``keys`` (after a success); write nothing when there are none."""
        keys = list(keys)
        data = self.store.read(self.file)
        salt, entries = data.get("salt", {}).get("1", {}), data.get("hits", {})
        if not any(str(i) in entries for key in keys for i in self._ids(key, salt)):
            return
        with self.store.transaction(self.file, lock_name=self.lock, keep_backups=False) as db:
            table = db.table("hits")
            salt = db.table("salt").get(doc_id=1) or {}
            gone = [i for key in keys for i in self._ids(key, salt) if table.get(doc_id=i) is not None]
            if gone:
                table.remove(doc_ids=gone)


# ------------------------------------------------------------------ HTTP checks
def local_path(target: str | None) -> str | None:
    """Return ``target`` if it is a path on this site (no scheme, no host), else None: a safe ``next``."""
    if not target:
        return None
    target = target.strip()
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None  # browsers read "/\\host" as another site
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def is_cross_site(fetch_site: str | None, origin: str | None, host: str) -> bool:
    """Return whether a request was sent by a page of another site, by what browsers say in its headers."""
    if fetch_site == "cross-site":
        return True
    return bool(origin) and urlsplit(origin).netloc != host

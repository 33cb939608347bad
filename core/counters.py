"""View counts and visitor statistics, exact across worker processes.

A page view appends one line to this process's journal (no lock, no rewrite of
any content file). Every few seconds, and whenever fresh figures are asked
for, a merge takes the ``counters`` lock, folds every journal's new complete
lines into ``counters/counters.json`` and records the consumed offsets in the
same atomic write. On a full disk a view that cannot be appended is dropped
and lines that cannot be merged wait in their journals: the page is served.
No raw IP address is stored: visitors are a hash of
address and browser with a random salt that is replaced every day.

Page views and hits are counted exactly. Distinct visitors (a day's, and those
of the last minutes for "online now") are kept exactly up to a cap, then as a
fixed-size HyperLogLog sketch (core.hll), so the file and the merge keep the
same size whatever the traffic.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
from collections import deque
from datetime import date, timedelta
from typing import Any

from tinydb.operations import delete
from tinydb.table import Document

from . import timeutil
from .hll import DistinctSet
from .security import address_key
from .store import Journal, Store, StoreFull

COUNTERS_FILE = "counters/counters.json"
SALT_FILE = "counters/salt.json"
JOURNAL_DIR = "counters/journal"
LOCK = "counters"
MERGE_INTERVAL = 2.0
ONLINE_SECONDS = 300
# A day's visitors are counted exactly up to VISITORS_EXACT (8 bytes each in the file), then
# estimated by a sketch of 2^VISITORS_P registers (3 KB, standard error 1.6 %). "Online now" keeps
# one such set per minute, smaller: it is a rough figure and six of them are kept.
VISITORS_EXACT = 1000
VISITORS_P = 12
ONLINE_EXACT = 100
ONLINE_P = 10
STALE_JOURNAL_SECONDS = 2 * Journal.ROTATE_SECONDS

log = logging.getLogger(__name__)

BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|curl|wget|python-|httpclient|http-client|java/|go-http|libwww|"
    r"headless|phantom|scrapy|facebookexternalhit|zalo(?:bot|-crawler)|preview|monitor|uptime|feed",
    re.I,
)


def is_bot(user_agent: str | None) -> bool:
    """Return whether a User-Agent looks like a robot (robots are not counted)."""
    return not user_agent or bool(BOT_PATTERN.search(user_agent))


def visitor_id(visitor: str) -> int:
    """Return the 64-bit id of a visitor hash: its first 16 hex digits (already uniformly random)."""
    try:
        return int(visitor[:16], 16)
    except ValueError:  # not one of ours: hash it all the same
        return int.from_bytes(hashlib.blake2b(visitor.encode(), digest_size=8).digest(), "big")


def _day_sets(state: dict, first_day: str) -> dict[str, DistinctSet]:
    """Return the stored visitor sets of ``first_day`` and later (a list of hashes: the first format)."""
    sets = {}
    for day, value in (state.get("visitors") or {}).items():
        if day >= first_day:
            try:
                sets[day] = DistinctSet.from_json(value, VISITORS_EXACT, VISITORS_P)
            except ValueError:
                continue  # not ours to repair: the day's stored figure stays, its set starts anew
    return sets


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
ARTICLE_DAYS_KEPT = 400  # days of per-article views kept: the longest range of the statistics, and a margin


def _fold_article_days(table, article_days: dict[str, dict[str, int]], today: str) -> None:
    """Add the merged per-day article views to ``table`` and drop the days older than ARTICLE_DAYS_KEPT."""
    for day, counts in article_days.items():
        key = int(day.replace("-", ""))
        doc = table.get(doc_id=key) or {"day": day, "views": {}}
        merged = dict(doc["views"])
        for aid, n in counts.items():
            merged[aid] = merged.get(aid, 0) + n
        table.upsert(Document({"day": day, "views": merged}, doc_id=key))
    oldest = (date.fromisoformat(today) - timedelta(days=ARTICLE_DAYS_KEPT)).isoformat()
    old = [d.doc_id for d in table.all() if d.get("day", "") < oldest]
    if old:
        table.remove(doc_ids=old)


def _is_online_minute(minute: int, now_ts: int) -> bool:
    return minute * 60 + 60 > now_ts - ONLINE_SECONDS


def _online_sets(state: dict, now_ts: int) -> dict[int, DistinctSet]:
    """Return the visitors of the last minutes by minute (the first format kept visitor -> last hit)."""
    sets = {}
    for minute, value in (state.get("online") or {}).items():
        if minute.isdigit() and _is_online_minute(int(minute), now_ts):
            try:
                sets[int(minute)] = DistinctSet.from_json(value, ONLINE_EXACT, ONLINE_P)
            except ValueError:
                continue
    for visitor, ts in (state.get("recent") or {}).items():
        if isinstance(ts, int) and now_ts - ts < ONLINE_SECONDS:
            sets.setdefault(ts // 60, DistinctSet(ONLINE_EXACT, ONLINE_P)).add(visitor_id(visitor))
    return sets


class Counters:
    """Counts article views and site visits through per-process journals."""

    def __init__(self, store: Store, merge_interval: float = MERGE_INTERVAL):
        self.store = store
        self.journal = Journal(store, JOURNAL_DIR)
        self.merge_interval = merge_interval
        self._last_merge = float("-inf")  # a new worker merges on its first hit
        # Views this process appended, oldest first: (journal, end offset, article id).
        # A view is pending until a merge (by any process) has consumed past its offset.
        self._pending_views: deque[tuple[str, int, int]] = deque()
        self._pending_counts: dict[int, int] = {}
        self._summary_key: tuple | None = None
        self._summary: dict[str, Any] = {}
        self._salt: tuple[str, str] | None = None
        self._mutex = threading.Lock()
        self._disk_full_warned = False

    # ------------------------------------------------------------ writing
    def _daily_salt(self, day: str) -> str:
        if self._salt and self._salt[0] == day:
            return self._salt[1]
        data = self.store.read(SALT_FILE)
        doc = data.get("salt", {}).get("1")
        if not doc or doc.get("day") != day:
            # No backups of the salt: once replaced, yesterday's hashes cannot be linked to addresses.
            with self.store.transaction(SALT_FILE, lock_name=LOCK, keep_backups=False) as db:
                table = db.table("salt")
                current = table.get(doc_id=1)
                if not current or current.get("day") != day:
                    # Yesterday's salt is overwritten: hashes can no longer be linked to addresses.
                    current = {"day": day, "salt": os.urandom(16).hex()}
                    table.upsert(Document(current, doc_id=1))
            doc = current
        self._salt = (day, doc["salt"])
        return doc["salt"]

    def visitor_hash(self, address: str, user_agent: str, day: str | None = None) -> str:
        """Return today's anonymous visitor id for an address (grouped by core.security.address_key) and browser."""
        day = day or timeutil.today_str()
        salt = self._daily_salt(day)
        return hashlib.sha256(f"{salt}|{address_key(address)}|{user_agent}".encode()).hexdigest()[:20]

    def record_hit(self, address: str, user_agent: str, article_id: int | None = None) -> None:
        """Record one public page view (and an article view when ``article_id`` is given), if the disk allows."""
        if is_bot(user_agent):
            return
        now = timeutil.now()
        day = now.strftime("%Y-%m-%d")
        try:
            visitor = self.visitor_hash(address or "-", user_agent or "-", day)
            self.journal.append(f"h {day} {visitor} {int(now.timestamp())}")
            if article_id is not None:
                name, end = self.journal.append(f"v {int(article_id)} {day}")
                with self._mutex:
                    self._pending_views.append((name, end, int(article_id)))
                    self._pending_counts[int(article_id)] = self._pending_counts.get(int(article_id), 0) + 1
        except StoreFull as exc:
            self._warn_disk_full(exc)  # the view is dropped; the page is served all the same
            return
        if time.monotonic() - self._last_merge >= self.merge_interval:
            self.catch_up()

    def _warn_disk_full(self, exc: StoreFull) -> None:
        if not self._disk_full_warned:  # once per full disk, not once per page view
            self._disk_full_warned = True
            log.warning("disk full, page views are not counted until there is room: %s", exc)

    def catch_up(self) -> int:
        """Merge like ``merge``; on a full disk leave the lines in their journals for a later merge and return 0."""
        try:
            merged = self.merge()
        except StoreFull as exc:
            with self._mutex:
                self._last_merge = time.monotonic()  # tried again after merge_interval, not on every view
            self._warn_disk_full(exc)
            return 0
        self._disk_full_warned = False
        return merged

    # ------------------------------------------------------------ merging
    def merge(self) -> int:
        """Fold every journal's new lines into the counters file; return the lines merged."""
        merged = 0
        with self.store.transaction(COUNTERS_FILE, lock_name=LOCK) as db:
            state_table = db.table("state")
            state = state_table.get(doc_id=1) or {}
            offsets: dict[str, int] = dict(state.get("offsets", {}))
            today = timeutil.today_str()
            yesterday = (timeutil.now() - timeutil.ONE_DAY).strftime("%Y-%m-%d")
            now_ts = int(timeutil.now().timestamp())
            # Distinct visitors are remembered for today and yesterday (a line
            # written before midnight may be merged after it).
            seen = _day_sets(state, yesterday)
            online = _online_sets(state, now_ts)
            views: dict[int, int] = {}
            article_days: dict[str, dict[str, int]] = {}  # day -> {article id: views}, for "most read" of a range
            days: dict[str, list[int]] = {}  # day -> [visits, hits]
            total_visits = int(state.get("total_visits", 0))
            total_hits = int(state.get("total_hits", 0))
            removed = False
            for name in self.journal.names():
                start = offsets.get(name, 0)
                lines, new_offset = self.journal.read_from(name, start)

                for line in lines:
                    parts = line.split()
                    if parts[:1] == ["v"] and len(parts) in (2, 3) and parts[1].isdigit():
                        views[int(parts[1])] = views.get(int(parts[1]), 0) + 1
                        # The day of the view (a line of the first format: the day it is merged).
                        seen_on = parts[2] if len(parts) == 3 and _DAY.fullmatch(parts[2]) else today
                        per_day = article_days.setdefault(seen_on, {})
                        per_day[parts[1]] = per_day.get(parts[1], 0) + 1
                    elif parts[:1] == ["h"] and len(parts) == 4 and parts[3].isdigit():
                        day, vid, ts = parts[1], visitor_id(parts[2]), int(parts[3])
                        entry = days.setdefault(day, [0, 0])
                        entry[1] += 1
                        total_hits += 1
                        if day >= yesterday:
                            seen.setdefault(day, DistinctSet(VISITORS_EXACT, VISITORS_P)).add(vid)
                        else:  # a day gone by: its visitors are forgotten, each hit counts as a visit
                            entry[0] += 1
                            total_visits += 1
                        if now_ts - ts < ONLINE_SECONDS:
                            online.setdefault(ts // 60, DistinctSet(ONLINE_EXACT, ONLINE_P)).add(vid)
                    merged += 1
                offsets[name] = new_offset
                created = name.rsplit("/", 1)[-1].split("-", 1)[0]
                if (
                    not lines
                    and created.isdigit()
                    and time.time() - int(created) > STALE_JOURNAL_SECONDS
                    and start >= self.journal.size(name)
                    and not self.journal.is_current(name)
                ):
                    # Consumed by an earlier, committed merge and no longer written to.
                    self.journal.remove(name)
                    offsets.pop(name, None)
                    removed = True
            if merged == 0 and not removed and state.get("day") == today:
                return 0
            views_table = db.table("views")
            for aid, n in views.items():
                doc = views_table.get(doc_id=aid)
                views_table.upsert(Document({"n": (doc or {}).get("n", 0) + n}, doc_id=aid))
            _fold_article_days(db.table("article_days"), article_days, today)
            days_table = db.table("days")
            for day, (visits, hits) in days.items():
                key = int(day.replace("-", ""))
                doc = days_table.get(doc_id=key) or {"day": day, "visits": 0, "hits": 0}
                if day in seen:
                    # Exact under the cap; above it the sketch's estimate, never below a figure already shown.
                    visits = max(0, seen[day].count() - doc["visits"])
                    total_visits += visits
                days_table.upsert(Document(
                    {"day": day, "visits": doc["visits"] + visits, "hits": doc["hits"] + hits}, doc_id=key))
            state_table.upsert(Document({
                "offsets": offsets,
                "day": today,
                "visitors": {d: v.to_json() for d, v in seen.items()},
                "online": {str(m): v.to_json() for m, v in online.items() if _is_online_minute(m, now_ts)},
                "total_visits": total_visits,
                "total_hits": total_hits,
            }, doc_id=1))
            if "recent" in state:  # the first format of "online now": read above, kept as "online" from now on
                state_table.update(delete("recent"), doc_ids=[1])
        with self._mutex:
            self._last_merge = time.monotonic()
        return merged

    def forget_articles(self, article_ids: list[int]) -> None:
        """Drop the view counts of articles that are gone for good (removed demo articles), pending
        views first folded in, so that a later article given the same id starts at zero."""
        self.merge()
        with self.store.transaction(COUNTERS_FILE, lock_name=LOCK, allow_empty=True) as db:
            table = db.table("views")
            gone = [int(a) for a in article_ids if table.contains(doc_id=int(a))]
            if gone:
                table.remove(doc_ids=gone)
            dropped = {str(int(a)) for a in article_ids}
            for doc in db.table("article_days").all():
                if dropped & set(doc.get("views", {})):
                    kept = {k: v for k, v in doc["views"].items() if k not in dropped}
                    db.table("article_days").upsert(Document({"day": doc["day"], "views": kept}, doc_id=doc.doc_id))

    # ------------------------------------------------------------ reading
    def views(self, article_id: int) -> int:
        """Return an article's view count: the merged figure plus this process's views not merged yet."""
        data = self.store.read(COUNTERS_FILE)
        doc = data.get("views", {}).get(str(int(article_id)))
        offsets = data.get("state", {}).get("1", {}).get("offsets", {})
        with self._mutex:
            # Forget views that some merge has already folded in (it consumed past their offset).
            queue = self._pending_views
            while queue and (queue[0][1] <= offsets.get(queue[0][0], 0)
                             or (queue[0][0] not in offsets and not self.journal.exists(queue[0][0]))):
                _, _, aid = queue.popleft()
                self._pending_counts[aid] -= 1
            pending = self._pending_counts.get(int(article_id), 0)
        return (doc or {}).get("n", 0) + pending

    def all_views(self) -> dict[int, int]:
        """Return every article's merged view count."""
        data = self.store.read(COUNTERS_FILE)
        return {int(k): v.get("n", 0) for k, v in data.get("views", {}).items()}

    def views_between(self, first_day: str, last_day: str) -> dict[int, int]:
        """Return the merged article views of the days from ``first_day`` to ``last_day`` (YYYY-MM-DD), per article."""
        out: dict[int, int] = {}
        for doc in self.store.read(COUNTERS_FILE).get("article_days", {}).values():
            if first_day <= doc.get("day", "") <= last_day:
                for aid, n in doc.get("views", {}).items():
                    out[int(aid)] = out.get(int(aid), 0) + n
        return out

    def summary(self) -> dict[str, Any]:
        """Return the widget figures: online now, today, this month, total visits."""
        # Recomputed when the counters file changes, and at least every 10 seconds.
        key = (self.store.version("counters"), int(time.time() // 10))
        if key == self._summary_key:
            return self._summary
        self._summary = self._compute_summary()
        self._summary_key = key
        return self._summary

    def _compute_summary(self) -> dict[str, Any]:
        data = self.store.read(COUNTERS_FILE)
        state = data.get("state", {}).get("1", {})
        now = timeutil.now()
        today = now.strftime("%Y-%m-%d")
        month = now.strftime("%Y-%m")
        days = data.get("days", {})
        today_doc = days.get(today.replace("-", ""), {})
        month_total = sum(d.get("visits", 0) for d in days.values() if d.get("day", "").startswith(month))
        visitors = DistinctSet(ONLINE_EXACT * (ONLINE_SECONDS // 60 + 1), ONLINE_P)  # exact if every minute is
        for minute in _online_sets(state, int(now.timestamp())).values():
            visitors.update(minute)
        return {
            "online": max(visitors.count(), 1),
            "today": today_doc.get("visits", 0),
            "month": month_total,
            "total": state.get("total_visits", 0),
            "hits_today": today_doc.get("hits", 0),
        }

    def daily(self) -> list[dict]:
        """Return every day's visits and page views, oldest first."""
        data = self.store.read(COUNTERS_FILE)
        return sorted((dict(d) for d in data.get("days", {}).values()), key=lambda d: d["day"])

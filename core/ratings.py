"""“Thông tin này có hữu ích không?”: an anonymous yes/no per article, counted per article.

A vote is a deliberate POST (not a page view), so it is written at once: one
locked, atomic write of ``ratings.json`` per vote, under its own lock (a flood
of votes never queues the question form). Nobody is identified: the file keeps,
for the current day only, keyed hashes of (address, article) and of the
address alone, made with a key derived from the site's secret and the date.
The secret is not in backups, so the hashes cannot be turned back into
addresses from a backup, and yesterday's are dropped at the first vote of a day.

One vote per reader, article and calendar day; at most ``DAILY_CAP`` votes
per reader a day (a reader is core.security.address_key: IPv6 readers are
grouped by their /64 network).
"""
from __future__ import annotations

import threading
from typing import Any

from tinydb.table import Document

from . import timeutil
from .security import address_key, digest
from .store import Store, collection_of

FILE = "ratings.json"
LOCK = "ratings"
DAILY_CAP = 50


class AlreadyRated(Exception):
    """This reader already rated this article today (the first vote stands)."""


class TooManyRatings(Exception):
    """This reader sent DAILY_CAP votes today."""


class Ratings:
    """Yes/no counts per article id."""

    def __init__(self, store: Store):
        self.store = store
        self._version: Any = None
        self._counts: dict[int, dict[str, int]] = {}
        self._mutex = threading.Lock()

    def _key(self, day: str, *parts: Any) -> str:
        day_key = bytes.fromhex(digest(self.store.secret(), "ratings", day))
        return digest(day_key, *parts)[:20]

    def rate(self, article_id: int, useful: bool, address: str) -> dict[str, int]:
        """Count one vote; raise AlreadyRated or TooManyRatings (nothing counted) when not allowed."""
        article_id = int(article_id)
        day = timeutil.today_str()
        group = address_key(address)
        reader, vote = self._key(day, "reader", group), self._key(day, "vote", group, article_id)
        with self.store.transaction(FILE, lock_name=LOCK) as db:
            voters_table = db.table("voters")
            voters = voters_table.get(doc_id=1) or {}
            if voters.get("day") != day:
                voters = {"day": day, "votes": [], "readers": {}}
            if vote in voters["votes"]:
                raise AlreadyRated(article_id)
            if voters["readers"].get(reader, 0) >= DAILY_CAP:
                raise TooManyRatings(article_id)
            voters = {"day": day, "votes": voters["votes"] + [vote],
                      "readers": dict(voters["readers"], **{reader: voters["readers"].get(reader, 0) + 1})}
            voters_table.upsert(Document(voters, doc_id=1))
            table = db.table("articles")
            doc = dict(table.get(doc_id=article_id) or {"yes": 0, "no": 0})
            key = "yes" if useful else "no"
            doc[key] = int(doc.get(key, 0)) + 1
            table.upsert(Document(doc, doc_id=article_id))
        return {"yes": doc["yes"], "no": doc["no"]}

    def forget_articles(self, article_ids: list[int]) -> None:
        """Drop the counts of articles that are gone for good (removed demo articles)."""
        with self.store.transaction(FILE, lock_name=LOCK, allow_empty=True) as db:
            table = db.table("articles")
            gone = [int(a) for a in article_ids if table.contains(doc_id=int(a))]
            if gone:
                table.remove(doc_ids=gone)

    def _load(self) -> dict[int, dict[str, int]]:
        version = self.store.version(collection_of(FILE))
        if version != self._version:
            with self._mutex:
                data = self.store.read(FILE).get("articles", {})
                self._counts = {int(k): {"yes": int(v.get("yes", 0)), "no": int(v.get("no", 0))}
                                for k, v in data.items()}
                self._version = version
        return self._counts

    def counts(self, article_id: int) -> dict[str, int]:
        """Return {"yes": n, "no": m} for one article (zeros when never rated)."""
        return dict(self._load().get(int(article_id), {"yes": 0, "no": 0}))

    def all(self) -> dict[int, dict[str, int]]:
        """Return the counts of every rated article."""
        return {k: dict(v) for k, v in self._load().items()}

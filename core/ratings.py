"""“Thông tin này có hữu ích không?”: an anonymous yes/no per article, counted per article.

A vote is a deliberate POST (not a page view), so it is written at once, in
its own file under its own lock. Nobody is identified: one vote per address
and article per day is enforced through the salted, daily-renewed hashes of
the question form's rate limiter, and the address itself is never stored.
"""
from __future__ import annotations

import threading
from typing import Any

from tinydb.table import Document

from .qa import RateLimited, RateLimiter
from .store import Store, collection_of

FILE = "ratings.json"
LOCK = "ratings"
ONE_PER_DAY = (1, 24 * 3600)


class AlreadyRated(Exception):
    """This address already rated this article today (the first vote stands)."""


class Ratings:
    """Yes/no counts per article id."""

    def __init__(self, store: Store):
        self.store = store
        self.limiter = RateLimiter(store, scope="rating")
        self._version: Any = None
        self._counts: dict[int, dict[str, int]] = {}
        self._mutex = threading.Lock()

    def rate(self, article_id: int, useful: bool, address: str) -> dict[str, int]:
        """Count one vote; raise AlreadyRated for a second vote of the same address on the same day."""
        article_id = int(article_id)
        try:
            self.limiter.hit(f"{address or '-'}|{article_id}", ONE_PER_DAY)
        except RateLimited:
            raise AlreadyRated(article_id) from None
        key = "yes" if useful else "no"
        with self.store.transaction(FILE, lock_name=LOCK) as db:
            table = db.table("articles")
            doc = dict(table.get(doc_id=article_id) or {"yes": 0, "no": 0})
            doc[key] = int(doc.get(key, 0)) + 1
            table.upsert(Document(doc, doc_id=article_id))
        return {"yes": doc["yes"], "no": doc["no"]}

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

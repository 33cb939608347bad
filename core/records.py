"""Simple record collections (documents, schedule items, people, banners …) in one TinyDB file each.

A subclass names its file and implements ``validate``; it gets cached,
ordered reads (re-derived only when its file changes), locked atomic saves,
trash/restore (nothing published is ever hard-deleted) and, when it names a
``KIND``, the previous versions of every edited item, as articles have.
"""
from __future__ import annotations

import threading
from typing import Any

from tinydb.table import Document

from . import timeutil
from .errors import NotFound
from .revisions import Revisions
from .store import Store, collection_of

__all__ = ["REVISION_KINDS", "Records", "text_field"]

# File name -> the kind its versions are kept under, for every record type that keeps them.
REVISION_KINDS: dict[str, str] = {}


def text_field(values: dict, name: str, label: str, errors: dict, *, required: bool = False,
               max_length: int = 500) -> str:
    """Return a stripped text value, recording a Vietnamese error for a missing or too long one."""
    value = str(values.get(name, "") or "").strip()
    if required and not value:
        errors[name] = f"Vui lòng nhập {label}."
    elif len(value) > max_length:
        errors[name] = f"{label[:1].upper()}{label[1:]} tối đa {max_length:,} ký tự.".replace(",", ".")
    return value


class Records:
    """One TinyDB file of records with trash and restore; subclasses validate and order."""

    FILE = ""  # e.g. "documents.json"
    TABLE = "items"
    LOCK = "content"
    KIND = ""  # names the kept versions (revisions/document-12.json); empty: none are kept

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.KIND:
            REVISION_KINDS[cls.FILE] = cls.KIND

    def __init__(self, store: Store):
        self.store = store
        self._version: Any = None
        self._items: list[dict] = []
        self._by_id: dict[int, dict] = {}
        self._mutex = threading.Lock()

    # ---------------------------------------------------------------- reads
    def sort_key(self, item: dict) -> Any:
        """Return the key that orders items (newest first by default)."""
        return (item.get("created_at", ""), item["id"])

    sort_reverse = True

    def derive(self, items: list[dict]) -> None:
        """Build extra derived data after a reload (subclasses may override)."""

    def _load(self) -> None:
        version = self.store.version(collection_of(self.FILE))
        if version == self._version:
            return
        with self._mutex:
            if version == self._version:
                return
            data = self.store.read(self.FILE)
            items = [dict(doc, id=int(k)) for k, doc in data.get(self.TABLE, {}).items()]
            items.sort(key=self.sort_key, reverse=self.sort_reverse)
            self._by_id = {i["id"]: i for i in items}
            self._items = items
            self.derive(items)
            self._version = version

    def all(self, trashed: bool = False) -> list[dict]:
        """Return the items in order: live ones, or those in the trash."""
        self._load()
        return [i for i in self._items if bool(i.get("trashed_at")) == trashed]

    def latest(self, limit: int = 5) -> list[dict]:
        """Return the first ``limit`` live items in the collection's order (newest first by default)."""
        return self.all()[:max(0, int(limit))]

    def page(self, page: int = 1, per_page: int = 10) -> tuple[list[dict], int]:
        """Return one page of live items in the collection's order, and their total."""
        items = self.all()
        start = (max(1, int(page)) - 1) * per_page
        return items[start:start + per_page], len(items)

    def get(self, item_id: Any) -> dict:
        """Return one item (trashed or not) or raise NotFound."""
        self._load()
        try:
            return self._by_id[int(item_id)]
        except (KeyError, TypeError, ValueError):
            raise NotFound(item_id) from None

    def get_live(self, item_id: Any) -> dict:
        """Return one item that is not in the trash, or raise NotFound."""
        item = self.get(item_id)
        if item.get("trashed_at"):
            raise NotFound(item_id)
        return item

    # ---------------------------------------------------------------- writes
    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields or raise ValidationError (subclasses implement)."""
        raise NotImplementedError

    def save(self, values: dict, item_id: int | None = None, by: str = "") -> dict:
        """Validate and store an item (``by`` the account saving it); return it as stored."""
        if item_id is not None:
            self.get(item_id)
        clean = self.validate(values, item_id)
        if by:
            clean = dict(clean, updated_by=by)
        now = timeutil.now_iso()
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            if item_id is None:
                doc = dict(clean, created_at=now, updated_at=now, trashed_at=None)
                new_id = table.insert(doc)
                return dict(doc, id=new_id)
            old = table.get(doc_id=int(item_id))
            if old is None:
                raise NotFound(item_id)
            doc = dict(old, **clean, updated_at=now)
            if self.KIND and _differs(old, doc):
                # Kept before the item is replaced: a crash in between leaves one extra version, never a lost one.
                Revisions(self.store).record(self.KIND, int(item_id), dict(old), by)
            table.upsert(Document(doc, doc_id=int(item_id)))
            return dict(doc, id=int(item_id))

    def revisions(self, item_id: int) -> list[dict]:
        """Return the kept previous versions of an item, newest first (none when the type keeps none)."""
        self.get(item_id)
        return Revisions(self.store).list(self.KIND, int(item_id)) if self.KIND else []

    def restore_revision(self, item_id: int, revision_id: int, by: str = "") -> dict:
        """Make a kept version current again; the current one is kept as a version too."""
        if not self.KIND:
            raise NotFound(revision_id)
        rev = Revisions(self.store).get(self.KIND, int(item_id), revision_id)
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            old = table.get(doc_id=int(item_id))
            if old is None:
                raise NotFound(item_id)
            Revisions(self.store).record(self.KIND, int(item_id), dict(old), by)
            doc = dict(old, **rev["data"], updated_at=timeutil.now_iso(), updated_by=by)
            table.upsert(Document(doc, doc_id=int(item_id)))
            return dict(doc, id=int(item_id))

    def update_fields(self, item_id: int, changes: dict) -> dict:
        """Store a few already-checked fields of an item (status flags, answers …)."""
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            old = table.get(doc_id=int(item_id))
            if old is None:
                raise NotFound(item_id)
            doc = dict(old, **changes, updated_at=timeutil.now_iso())
            table.upsert(Document(doc, doc_id=int(item_id)))
            return dict(doc, id=int(item_id))

    def trash(self, item_id: int) -> None:
        """Move an item to the trash (hidden from citizens, restorable)."""
        self.update_fields(item_id, {"trashed_at": timeutil.now_iso()})

    def restore(self, item_id: int) -> None:
        """Bring an item back from the trash."""
        self.update_fields(item_id, {"trashed_at": None})

    def insert_as_is(self, docs: list[dict]) -> list[int]:
        """Store complete records exactly as given, in one write; return their ids.

        For records that come with their own past (the demo's questions and
        comments, dated weeks ago): nothing is validated or time-stamped here.
        """
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            return [table.insert(doc) for doc in docs]


def _differs(old: dict, new: dict) -> bool:
    """Return whether a save changes anything a person wrote (a save without changes keeps no version)."""
    skip = {"created_at", "updated_at", "updated_by", "trashed_at"}
    return any(old.get(k) != new.get(k) for k in set(old) | set(new) if k not in skip)

"""The article index: lists per section, slug look-ups and search data, derived from the shards.

Everything a page view needs is derived once per data version and kept in
memory; a save re-reads only the shard it changed and patches the lists.
Bodies are read from their shard on demand through the store's small LRU; the
search keeps each shard's word bitmaps and folded titles and summaries, never
the folded bodies (built from a fresh read of the shard on its first search).
"""
from __future__ import annotations

import bisect
import sys
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import timeutil, wordbits
from .articles import ARTICLE_DIR, SHARD_SIZE, STATUS_PENDING, STATUS_PUBLISHED, search_fields, shard_name
from .text import search_text
from .errors import NotFound
from .sanitize import pictures
from .uploads import site_picture_name

_LIGHT_FIELDS = (
    "id", "slug", "old_slugs", "title", "summary", "section_id", "status", "publish_at",
    "created_at", "updated_at", "author", "cover", "cover_alt", "trashed_at", "pinned", "pin_until", "version",
    "created_by", "updated_by", "submitted_by", "submitted_at", "approved_by", "approved_at", "source_key",
)


_META_FIELDS = (*_LIGHT_FIELDS, "picture", "picture_alt")
_META_SET = frozenset(_META_FIELDS)


class ArticleMeta(Mapping):
    """An article's index record (no body), read like a dict (``m["title"]``, ``m.get(…)``, ``dict(m)``) and
    by attribute in templates; slots, not a dict: the index holds one per article, at a third of the memory."""

    __slots__ = _META_FIELDS

    def __init__(self, values: dict) -> None:
        for key in _META_FIELDS:
            setattr(self, key, values.get(key))

    def __getitem__(self, key: str) -> Any:
        if key in _META_SET:
            return getattr(self, key)
        raise KeyError(key)

    def __iter__(self):
        return iter(_META_FIELDS)

    def __len__(self) -> int:
        return len(_META_FIELDS)

    def __repr__(self) -> str:
        return f"ArticleMeta({dict(self)!r})"


_DOCS_KEPT = 64  # the last articles read whole, per site (a few hundred KB)
_REPEATED = ("status", "author", "created_by", "updated_by", "submitted_by", "approved_by")


def _share_repeated(light: dict) -> None:
    """Let the index records share the strings that repeat from article to article (one copy of each name
    and status, not one per article; the dates equal to the publication time point to it)."""
    for key in _REPEATED:
        if isinstance(light[key], str):
            light[key] = sys.intern(light[key])
    if not light["old_slugs"]:
        light["old_slugs"] = ()
    for key in ("created_at", "updated_at"):
        if light[key] == light["publish_at"]:
            light[key] = light["publish_at"]


def list_picture(doc: dict) -> tuple[str | None, str]:
    """Return the picture that shows an article in lists, with its description: the cover, else the first
    picture of this site in its body (so a photo put in the text is not uploaded a second time as cover)."""
    if doc.get("cover"):
        return doc["cover"], doc.get("cover_alt") or ""
    for attrs in pictures(doc.get("body") or ""):
        name = site_picture_name(attrs.get("src", ""))
        if name:
            return name, attrs.get("alt", "")
    return None, ""


@dataclass
class _Index:
    """Everything derived from the article shards, kept current incrementally.

    ``lists`` maps a list name ("all", "pinned" or a section id) to sorted keys
    ``(reversed publish time, -id)``: newest first, and a bisect on the current
    time skips items scheduled for later.
    """

    version: Any = None
    meta: dict[int, dict] = field(default_factory=dict)
    slugs: dict[str, int] = field(default_factory=dict)
    lists: dict[Any, list[tuple[str, int]]] = field(default_factory=dict)
    max_id: int = 0
    shards: dict[str, _ShardDerived] = field(default_factory=dict)
    site_version: Any = None
    masks: dict[Any, int] = field(default_factory=dict)  # a list's ids as one bitmask, made on the first search


@dataclass
class _ShardDerived:
    sig: Any
    base: int
    meta: dict[int, dict]
    texts: dict[int, tuple[str, str]]  # folded title and summary (the rank's phrase check)
    spans: array  # per slot (id - base): start and end byte of the article in the file version ``sig``
    bits: dict[str, int] | None = None  # word -> packed bitmask (core.wordbits), built on the first search


def _search_fields(doc: dict) -> tuple[str, str, str]:
    stored = doc.get("search")
    return tuple(stored) if isinstance(stored, list) and len(stored) == 3 else search_fields(doc)


_REVERSE_DIGITS = str.maketrans("0123456789", "9876543210")


def _neg(key: str) -> str:
    # Map an ISO string to one that sorts in reverse order, for bisect on a newest-first list.
    return key.translate(_REVERSE_DIGITS)


class ArticleIndexPart:
    """Reading articles through the derived index: lists, look-ups, public visibility."""

    def _derive_shard(self, name: str) -> _ShardDerived:
        cached = self._shards.get(name)
        if cached is not None and cached.sig == self.store.signature(name):
            return cached
        base = int(name.rsplit("/", 1)[-1].split(".")[0]) * SHARD_SIZE
        sig, docs = self.store.scan(name, "articles")
        meta: dict[int, dict] = {}
        texts: dict[int, tuple[str, str]] = {}
        spans = array("Q", bytes(16 * SHARD_SIZE))
        for doc_id, doc, start, end in docs:
            aid = int(doc_id)
            if 0 <= aid - base < SHARD_SIZE:
                spans[2 * (aid - base)], spans[2 * (aid - base) + 1] = start, end
            light = {k: doc.get(k) for k in _LIGHT_FIELDS}
            light["id"] = aid
            _share_repeated(light)
            light["picture"], light["picture_alt"] = list_picture(doc)
            meta[aid] = ArticleMeta(light)
            stored = doc.get("search")
            texts[aid] = (tuple(stored[:2]) if isinstance(stored, list) and len(stored) == 3
                          else (search_text(doc.get("title", "")), search_text(doc.get("summary", ""))))
        derived = _ShardDerived(sig, base, meta, texts, spans)
        self._shards[name] = derived
        return derived

    def shard_bits(self, name: str, shard: _ShardDerived) -> dict[str, int]:
        """Return a shard's word bitmaps, built on its first search from a fresh read of its file (only the
        articles the index knows: a file changed since is derived again by the next ``index()``)."""
        if shard.bits is None:
            docs = self.store.read_once(name).get("articles", {})
            shard.bits = wordbits.word_bits(((int(k), _search_fields(d)) for k, d in docs.items()
                                             if int(k) in shard.meta), shard.base, SHARD_SIZE)
        return shard.bits

    def list_mask(self, idx: _Index, name: Any) -> int:
        """Return the ids of one of the index's lists ("all", a section) as a bitmask, kept with the index."""
        mask = idx.masks.get(name)
        if mask is None:
            mask = idx.masks[name] = wordbits.mask_of(-key[1] for key in idx.lists.get(name, ()))
        return mask

    def public_mask(self, idx: _Index, now_iso: str) -> tuple[int, int]:
        """Return the articles public at ``now_iso`` as a bitmask, and where they start in the newest-first
        list "all" (the scheduled ones come before)."""
        keys = idx.lists.get("all", [])
        first = bisect.bisect_left(keys, (_neg(now_iso),))
        mask = self.list_mask(idx, "all")
        if first:
            mask &= ~wordbits.mask_of(-key[1] for key in keys[:first])
        return mask, first

    def year_mask(self, idx: _Index, year: str) -> int:
        """Return the public (or scheduled) articles of ``year`` as a bitmask, kept with the index."""
        key = ("year", year)
        if key not in idx.masks:
            by_year: dict[str, list[int]] = {}
            for k in idx.lists.get("all", ()):
                by_year.setdefault(_neg(k[0][:4]), []).append(-k[1])
            for y, ids in by_year.items():
                idx.masks[("year", y)] = wordbits.mask_of(ids)
            idx.masks.setdefault(key, 0)
        return idx.masks[key]

    def index(self) -> _Index:
        """Return the derived article index for the current data version.

        Only shards whose file changed are re-read; when few changed the lists
        are patched in place of a copy (a save costs the same at 1,000 or
        20,000 articles); a change of sections rebuilds everything.
        """
        articles_version = self.store.version(ARTICLE_DIR)
        site_version = self.store.version("site")
        version = (articles_version, site_version)
        idx = self._index
        if idx.version == version:
            return idx
        with self._lock:
            idx = self._index
            if idx.version == version:
                return idx
            names = self.store.list_files(ARTICLE_DIR)
            shards = {name: self._derive_shard(name) for name in names}
            changed = [n for n in set(shards) | set(idx.shards) if shards.get(n) is not idx.shards.get(n)]
            if idx.version is not None and not changed and idx.site_version == site_version:
                idx.version = version  # nothing changed on disk: keep the index as it is
                return idx
            if idx.version is None or idx.site_version != site_version or len(changed) > 8:
                new = self._build_index(shards)
            else:
                new = self._patch_index(idx, shards, changed)
            new.version = version
            new.site_version = site_version
            new.shards = shards
            self._shards = dict(shards)
            self._index = new
            return new

    def _list_names(self, meta: dict, sections: dict[int, dict]) -> list:
        """Return the lists an article belongs to (none unless published and not trashed)."""
        if meta["status"] != STATUS_PUBLISHED or meta.get("trashed_at"):
            return []
        if meta["section_id"] in self._site()["hidden_ids"]:
            return []  # a hidden section hides its articles everywhere
        names: list = ["all", meta["section_id"]]
        parent = sections.get(meta["section_id"], {}).get("parent_id")
        if parent:
            names.append(parent)  # sub-sections roll up into their parent
        if meta.get("pinned"):
            names.append("pinned")
        return names

    @staticmethod
    def _key(meta: dict) -> tuple[str, int]:
        return (_neg(meta["publish_at"]), -meta["id"])

    def _build_index(self, shards: dict[str, _ShardDerived]) -> _Index:
        idx = _Index()
        sections = self.sections_by_id()
        for d in shards.values():
            idx.meta.update(d.meta)
        for a in idx.meta.values():
            for old in a.get("old_slugs") or ():
                idx.slugs.setdefault(old, a["id"])
        for a in idx.meta.values():
            idx.slugs[a["slug"]] = a["id"]
            key = self._key(a)
            for name in self._list_names(a, sections):
                idx.lists.setdefault(name, []).append(key)
        for keys in idx.lists.values():
            keys.sort()
        idx.max_id = max(idx.meta, default=0)
        return idx

    def _patch_index(self, old: _Index, shards: dict[str, _ShardDerived], changed: list[str]) -> _Index:
        # Copy the containers (cheap, in C) so readers of the old index never see a half-patched one.
        idx = _Index(meta=dict(old.meta), slugs=dict(old.slugs), lists=dict(old.lists), max_id=old.max_id)
        copied: set = set()
        sections = self.sections_by_id()

        def keys_of(name):
            if name not in copied:
                idx.lists[name] = list(idx.lists.get(name, ()))
                copied.add(name)
            return idx.lists[name]

        for shard_name_ in changed:
            before = old.shards.get(shard_name_)
            after = shards.get(shard_name_)
            old_meta = before.meta if before else {}
            new_meta = after.meta if after else {}
            for aid, a in old_meta.items():
                if new_meta.get(aid) == a:
                    continue  # unchanged article of a re-read shard
                key = self._key(a)
                for name in self._list_names(a, sections):
                    keys = keys_of(name)
                    i = bisect.bisect_left(keys, key)
                    if i < len(keys) and keys[i] == key:
                        del keys[i]
                for slug in [a["slug"], *(a.get("old_slugs") or ())]:
                    if idx.slugs.get(slug) == aid:
                        del idx.slugs[slug]
                idx.meta.pop(aid, None)
            for aid, a in new_meta.items():
                if old_meta.get(aid) == a:
                    idx.meta[aid] = a  # same content: keep the lists, refer to the new record
                    continue
                idx.meta[aid] = a
                for slug in a.get("old_slugs") or ():
                    idx.slugs.setdefault(slug, aid)
                idx.slugs[a["slug"]] = aid
                key = self._key(a)
                for name in self._list_names(a, sections):
                    bisect.insort(keys_of(name), key)
                idx.max_id = max(idx.max_id, aid)
        return idx

    @staticmethod
    def _visible_slice(keys: list[tuple[str, int]], start: int, stop: int, now_key: str) -> tuple[list[int], int]:
        """Return ids[start:stop] among those already published at ``now_key``, and their total."""
        first = bisect.bisect_left(keys, (_neg(now_key),))  # skip scheduled (future) items
        total = len(keys) - first
        return [-k[1] for k in keys[first + start:first + stop]], total

    # ------------------------------------------------------ article reads
    def article_meta(self, article_id: int) -> dict:
        """Return an article's index record (no body) or raise NotFound."""
        try:
            return self.index().meta[int(article_id)]
        except (KeyError, ValueError, TypeError):
            raise NotFound(article_id) from None

    def article(self, article_id: int) -> dict:
        """Return the full stored article (with body) or raise NotFound."""
        meta = self.article_meta(article_id)
        aid, name = meta["id"], shard_name(meta["id"])
        shard = self._index.shards.get(name)
        doc = None
        slot = 2 * (aid - shard.base) if shard is not None else 0
        if shard is not None and shard.spans[slot + 1]:
            key = (name, shard.sig, aid)
            doc = self._docs.get(key)
            if doc is None:
                # Only this article's bytes: a page never parses the whole shard.
                doc = self.store.read_span(name, shard.sig, shard.spans[slot], shard.spans[slot + 1])
                if doc is not None:
                    self._docs[key] = doc
                    while len(self._docs) > _DOCS_KEPT:
                        try:
                            self._docs.popitem(last=False)
                        except KeyError:  # another thread emptied it first
                            break
        if doc is None:  # the file changed since the index was derived
            doc = self.store.read(name, cache=False).get("articles", {}).get(str(aid))
        if doc is None:
            raise NotFound(article_id)
        return dict(doc, id=aid)

    def is_public(self, meta: dict, now_iso: str | None = None) -> bool:
        """Return whether an article is visible to citizens now (published, due, not trashed,
        in a section that is not hidden)."""
        return (
            meta["status"] == STATUS_PUBLISHED
            and not meta.get("trashed_at")
            and meta["publish_at"] <= (now_iso or timeutil.now_iso())
            and meta["section_id"] not in self._site()["hidden_ids"]
        )

    def public_article_by_slug(self, slug: str) -> dict:
        """Return the full public article with current or former ``slug``, or raise NotFound."""
        aid = self.index().slugs.get(slug)
        if aid is None:
            raise NotFound(slug)
        meta = self.article_meta(aid)
        if not self.is_public(meta):
            raise NotFound(slug)
        return self.article(aid)

    def section_articles(self, section_id: int, page: int = 1, per_page: int = 10) -> tuple[list[dict], int]:
        """Return one page of a section's public articles (sub-sections rolled up) and the total."""
        idx = self.index()
        keys = idx.lists.get(int(section_id), [])
        ids, total = self._visible_slice(keys, (page - 1) * per_page, page * per_page, timeutil.now_iso())
        return [idx.meta[i] for i in ids], total

    def latest(self, section_id: int | None = None, limit: int = 5) -> list[dict]:
        """Return the newest public articles of a section (or of the whole site)."""
        idx = self.index()
        keys = idx.lists.get("all" if section_id is None else int(section_id), [])
        ids, _ = self._visible_slice(keys, 0, limit, timeutil.now_iso())
        return [idx.meta[i] for i in ids]

    def pinned(self, limit: int = 5) -> list[dict]:
        """Return the newest public articles pinned to the home page whose pin has not expired.

        An expired pin only leaves the home page: the article stays in its section.
        """
        idx = self.index()
        today = timeutil.today_str()
        ids, _ = self._visible_slice(idx.lists.get("pinned", []), 0, len(idx.lists.get("pinned", [])),
                                     timeutil.now_iso())
        items = [idx.meta[i] for i in ids]
        return [a for a in items if not a.get("pin_until") or a["pin_until"] >= today][:limit]

    def related(self, meta: dict, limit: int = 5) -> list[dict]:
        """Return other public articles of the same section, newest first."""
        items = self.latest(meta["section_id"], limit + 1)
        return [a for a in items if a["id"] != meta["id"]][:limit]

    def editor_articles(self, section_id: int | None = None, status: str | None = None,
                        trashed: bool = False, page: int = 1, per_page: int = 20,
                        created_by: str | None = None) -> tuple[list[dict], int]:
        """Return one page of articles for the editor list (only ``created_by``'s when given), newest update first."""
        idx = self.index()
        family = set(self.section_family(section_id)) if section_id else None
        now_iso = timeutil.now_iso()

        def wanted(a: dict) -> bool:
            if bool(a.get("trashed_at")) != trashed:
                return False
            if created_by is not None and a.get("created_by") != created_by:
                return False
            if family is not None and a["section_id"] not in family:
                return False
            if status == "scheduled":
                return a["status"] == STATUS_PUBLISHED and a["publish_at"] > now_iso
            return status is None or a["status"] == status

        items = [a for a in idx.meta.values() if wanted(a)]
        items.sort(key=lambda a: (a["updated_at"], a["id"]), reverse=True)
        start = (page - 1) * per_page
        return items[start:start + per_page], len(items)

    def pending_articles(self) -> list[dict]:
        """Return the articles waiting for approval (not trashed), oldest submission first."""
        items = [a for a in self.index().meta.values()
                 if a["status"] == STATUS_PENDING and not a.get("trashed_at")]
        items.sort(key=lambda a: (a.get("submitted_at") or a["updated_at"], a["id"]))
        return items

    def counts_by_section_total(self) -> int:
        """Return the number of public articles on the whole site."""
        return self._visible_slice(self.index().lists.get("all", []), 0, 0, timeutil.now_iso())[1]

    def counts_by_section(self) -> dict[int, int]:
        """Return the number of public articles per section (sub-sections rolled up)."""
        idx = self.index()
        now_iso = timeutil.now_iso()
        return {sid: self._visible_slice(keys, 0, 0, now_iso)[1] for sid, keys in idx.lists.items()
                if isinstance(sid, int)}

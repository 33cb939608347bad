"""Content rules: settings, sections, intro pages, links and articles.

Articles live in shards (``articles/NNNN.json``, SHARD_SIZE articles each) so
that a save rewrites one small file whatever the size of the site. Everything
a page view needs (lists per section, slug lookups, search text) is derived
once per data version and kept in memory; bodies are read from their shard on
demand through the store's small LRU.
"""
from __future__ import annotations

import bisect
import threading
from datetime import date
from dataclasses import dataclass, field
from typing import Any

from tinydb.table import Document

from . import search, timeutil
from .sanitize import clean_html, picture_problem
from .errors import Conflict, NotFound, ValidationError
from .store import Store
from .text import excerpt, html_search_text, html_to_text, search_text, slugify

SHARD_SIZE = 100
SITE_FILE = "site.json"
ARTICLE_DIR = "articles"

MAX_TITLE = 300
MAX_SUMMARY = 2000
MAX_BODY = 500_000  # characters of HTML
MAX_AUTHOR = 120

STATUS_DRAFT = "draft"
STATUS_PENDING = "pending"  # submitted by a contributor, waiting for an editor: never public
STATUS_PUBLISHED = "published"
STATUSES = {STATUS_DRAFT: "Nháp", STATUS_PENDING: "Chờ duyệt", STATUS_PUBLISHED: "Đã đăng"}
MAX_REVIEW_NOTE = 2000

KIND_ARTICLES = "articles"
KIND_PAGES = "pages"

SECTION_FEATURES = ("documents",)

# /gioi-thieu/<slug> paths of pages built from the people records.
RESERVED_PAGE_SLUGS = frozenset({"co-cau-to-chuc", "nguoi-phat-ngon", "ban-bien-tap"})

# Intro pages live at /gioi-thieu/<slug>: only a section of intro pages may use it.
INTRO_SLUG = "gioi-thieu"

# First path segments owned by fixed routes: a section may not take them.
RESERVED_SLUGS = frozenset({
    "quan-tri", "dang-nhap", "dang-xuat", "doi-mat-khau", "thiet-lap", "tim-kiem",
    "static", "tep", "anh", "api", "rss", "rss.xml", "sitemap.xml", "robots.txt", "so-do-cong",
    "van-ban", "lich-cong-tac", "hoi-dap", "lay-y-kien", "favicon.ico", "lien-he",
})

DEFAULT_SETTINGS: dict[str, Any] = {
    "commune_name": "",
    "agency_name": "",
    "site_title": "",
    "province": "",
    "superior": "",
    "address": "",
    "phone": "",
    "email": "",
    "responsible_person": "",
    "responsible_title": "",
    "site_start": "",
    "ratings": "co",  # "co": ask “Thông tin này có hữu ích không?” under each article; "khong": do not
}
RATINGS_CHOICES = {"co": "Hiện dưới mỗi bài viết", "khong": "Không hiện"}


def _editorial(old: dict | None, status: str, by: str, now_iso: str, note: str | None,
               saving: bool = True) -> dict[str, Any]:
    """Return the board's record of an article after a change: its author accounts, submission,
    approval and the note of the last return.

    ``created_by`` is the account that created it, ``authors`` every account that
    saved it (in order); moving into "pending" records the submission, into
    "published" the approval; a return (``note``) is kept until the next submission.
    """
    old = old or {}
    authors = list(old.get("authors") or ([old["created_by"]] if old.get("created_by") else []))
    if saving and by and by not in authors:
        authors.append(by)
    out: dict[str, Any] = {
        "created_by": old.get("created_by") if old else by,
        "authors": authors,
        "submitted_by": old.get("submitted_by"),
        "submitted_at": old.get("submitted_at"),
        "approved_by": old.get("approved_by"),
        "approved_at": old.get("approved_at"),
        "review_note": old.get("review_note"),
        "reviewed_by": old.get("reviewed_by"),
        "reviewed_at": old.get("reviewed_at"),
    }
    old_status = old.get("status")
    if status == STATUS_PENDING and old_status != STATUS_PENDING:
        out.update(submitted_by=by, submitted_at=now_iso)
    if status == STATUS_PUBLISHED and old_status != STATUS_PUBLISHED:
        out.update(approved_by=by, approved_at=now_iso)
    if note is not None:
        out.update(review_note=str(note).strip()[:MAX_REVIEW_NOTE] or None, reviewed_by=by, reviewed_at=now_iso)
    elif status in (STATUS_PENDING, STATUS_PUBLISHED) and old_status != status:
        out.update(review_note=None)  # the note answered the previous version
    return out


def shard_name(article_id: int) -> str:
    """Return the data file that holds article ``article_id``."""
    return f"{ARTICLE_DIR}/{article_id // SHARD_SIZE:05d}.json"


_LIGHT_FIELDS = (
    "id", "slug", "old_slugs", "title", "summary", "section_id", "status", "publish_at",
    "created_at", "updated_at", "author", "cover", "cover_alt", "trashed_at", "pinned", "pin_until", "version",
    "created_by", "updated_by", "submitted_by", "submitted_at", "approved_by", "approved_at",
)


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
    texts: dict[int, tuple[str, str, str]] = field(default_factory=dict)
    lists: dict[Any, list[tuple[str, int]]] = field(default_factory=dict)
    max_id: int = 0
    shards: dict[str, "_ShardDerived"] = field(default_factory=dict)
    site_version: Any = None


@dataclass
class _ShardDerived:
    sig: Any
    base: int
    meta: dict[int, dict]
    texts: dict[int, tuple[str, str, str]]
    bits: dict[str, int] | None = None  # word -> bitmask, built on the first search

    def word_bits(self) -> dict[str, int]:
        if self.bits is None:
            self.bits = search.word_bits(self.texts, self.base)
        return self.bits


_REVERSE_DIGITS = str.maketrans("0123456789", "9876543210")


def _neg(key: str) -> str:
    # Map an ISO string to one that sorts in reverse order, for bisect on a newest-first list.
    return key.translate(_REVERSE_DIGITS)


def _search_fields(doc: dict) -> tuple[str, str, str]:
    """Return the folded search texts of an article: title, summary, body."""
    return (search_text(doc.get("title", "")), search_text(doc.get("summary", "")),
            html_search_text(doc.get("body", "")))


class Content:
    """The site's content, read through per-version caches and written through the store."""

    def __init__(self, store: Store):
        self.store = store
        self._index = _Index()
        self._shards: dict[str, _ShardDerived] = {}
        self._site_version: Any = None
        self._site_cache: dict[str, Any] = {}
        self._lock = threading.RLock()

    def clean_body(self, body: str) -> str:
        """Return an article or page body cleaned, its pictures from the library given their real size."""
        from .media import upload_size  # core.media imports this module

        return clean_html(body, image_size=lambda src: upload_size(self.store, src))

    # ------------------------------------------------------------------ site
    def _site(self) -> dict[str, Any]:
        version = self.store.version("site")
        if version != self._site_version:
            data = self.store.read(SITE_FILE)
            with self._lock:
                self._site_cache = self._derive_site(data)
                self._site_version = version
        return self._site_cache

    @staticmethod
    def _table(data: dict, name: str) -> list[dict]:
        return [dict(doc, id=int(doc_id)) for doc_id, doc in data.get(name, {}).items()]

    def _derive_site(self, data: dict) -> dict[str, Any]:
        settings_docs = self._table(data, "settings")
        settings = dict(DEFAULT_SETTINGS)
        if settings_docs:
            settings.update({k: v for k, v in settings_docs[0].items() if k != "id"})
        # The agency's name in running text ("Ủy ban nhân dân xã Dương Quang"); agency_name is in capitals.
        settings["agency_label"] = (f"Ủy ban nhân dân xã {settings['commune_name']}"
                                    if settings.get("commune_name") else settings.get("agency_name", ""))
        sections = sorted(self._table(data, "sections"), key=lambda s: (s.get("order", 0), s["id"]))
        by_id = {s["id"]: s for s in sections}
        for s in sections:
            s["children"] = [c for c in sections if c.get("parent_id") == s["id"]]
        slugs: dict[str, int] = {}
        for s in sections:
            for old in s.get("old_slugs", []):
                slugs.setdefault(old, s["id"])
        for s in sections:
            slugs[s["slug"]] = s["id"]
        hidden = {s["id"] for s in sections if s.get("hidden")}
        hidden |= {s["id"] for s in sections if s.get("parent_id") in hidden}
        pages = sorted(self._table(data, "pages"), key=lambda p: (p.get("order", 0), p["id"]))
        links = sorted(self._table(data, "links"), key=lambda p: (p.get("order", 0), p["id"]))
        return {
            "settings": settings,
            "sections": sections,
            "sections_by_id": by_id,
            "section_slugs": slugs,
            "hidden_ids": hidden,
            "menu": [
                dict(s, children=[c for c in s["children"] if not c.get("hidden")])
                for s in sections
                if not s.get("parent_id") and not s.get("hidden")
            ],
            "pages": pages,
            "links": links,
        }

    def settings(self) -> dict[str, Any]:
        """Return the site settings (with defaults for missing keys)."""
        return self._site()["settings"]

    def is_empty(self) -> bool:
        """Return whether the data folder has no site yet (first start)."""
        return not self.store.exists(SITE_FILE)

    def save_settings(self, values: dict[str, Any]) -> dict[str, Any]:
        """Validate and store the site settings."""
        errors = {}
        clean = {}
        current = self.settings() if self.store.exists(SITE_FILE) else DEFAULT_SETTINGS
        for key in DEFAULT_SETTINGS:
            # Keys not given keep their current value.
            value = str(values[key] if key in values else current.get(key, "") or "").strip()
            if len(value) > 500:
                errors[key] = "Tối đa 500 ký tự."
            clean[key] = value
        if not clean["commune_name"]:
            errors["commune_name"] = "Vui lòng nhập tên xã."
        if not clean["agency_name"]:
            errors["agency_name"] = "Vui lòng nhập tên cơ quan chủ quản."
        if clean["ratings"] not in RATINGS_CHOICES:
            errors["ratings"] = "Vui lòng chọn một trong các lựa chọn."
        if clean["site_start"]:
            try:
                if not timeutil.MIN_YEAR <= date.fromisoformat(clean["site_start"]).year <= timeutil.MAX_YEAR:
                    raise ValueError("year out of range")
            except ValueError:
                errors["site_start"] = "Ngày không hợp lệ."
        if errors:
            raise ValidationError(errors)
        with self.store.transaction(SITE_FILE) as db:
            table = db.table("settings")
            table.upsert(Document(clean, doc_id=1))
        return clean

    # ------------------------------------------------------------ sections
    def sections(self, include_hidden: bool = False) -> list[dict]:
        """Return all sections in menu order (each with its ``children``)."""
        items = self._site()["sections"]
        return [s for s in items if include_hidden or not s.get("hidden")]

    def menu(self) -> list[dict]:
        """Return the visible top-level sections, each with visible ``children``."""
        return self._site()["menu"]

    def section(self, section_id: int) -> dict:
        """Return one section or raise NotFound."""
        try:
            return self._site()["sections_by_id"][int(section_id)]
        except (KeyError, ValueError, TypeError):
            raise NotFound(section_id) from None

    def section_by_slug(self, slug: str) -> dict:
        """Return the section whose current or former slug is ``slug``, or raise NotFound."""
        site = self._site()
        sid = site["section_slugs"].get(slug)
        if sid is None:
            raise NotFound(slug)
        return site["sections_by_id"][sid]

    def section_family(self, section_id: int) -> list[int]:
        """Return the id of a section and of its sub-sections."""
        sec = self.section(section_id)
        return [sec["id"]] + [c["id"] for c in sec["children"]]

    def save_section(self, values: dict[str, Any], section_id: int | None = None) -> dict:
        """Create or rename a section; renaming keeps the old slug as a redirect."""
        name = str(values.get("name", "") or "").strip()
        section_id = int(section_id) if section_id is not None else None
        errors = {}
        if not name:
            errors["name"] = "Vui lòng nhập tên chuyên mục."
        elif len(name) > 120:
            errors["name"] = "Tên chuyên mục tối đa 120 ký tự."
        parent_id = values.get("parent_id") or None
        kind = values.get("kind") or KIND_ARTICLES
        if kind not in (KIND_ARTICLES, KIND_PAGES):
            errors["kind"] = "Loại chuyên mục không hợp lệ."
        if parent_id is not None:
            try:
                parent = self.section(int(parent_id))
                parent_id = parent["id"]
                if parent.get("parent_id"):
                    errors["parent_id"] = "Chỉ hỗ trợ một cấp chuyên mục con."
                if section_id is not None and parent_id == section_id:
                    errors["parent_id"] = "Chuyên mục không thể là con của chính nó."
                elif section_id is not None and self.section(section_id)["children"]:
                    errors["parent_id"] = "Chuyên mục này đang có chuyên mục con nên không thể đặt vào chuyên mục khác."
            except NotFound:
                errors["parent_id"] = "Chuyên mục cha không tồn tại."
        slug = slugify(str(values.get("slug") or name), max_length=60)
        if slug in RESERVED_SLUGS or (slug == INTRO_SLUG and kind != KIND_PAGES):
            errors["slug"] = "Đường dẫn này dành cho chức năng khác của trang; hãy chọn tên khác."
        owner = self._site()["section_slugs"].get(slug)
        if owner is not None and owner != section_id:
            errors["slug"] = "Đã có chuyên mục dùng đường dẫn này."
        if errors:
            raise ValidationError(errors)
        with self.store.transaction(SITE_FILE) as db:
            table = db.table("sections")
            if section_id is None:
                order = max((d.get("order", 0) for d in table.all()), default=0) + 1
                doc = {"name": name, "slug": slug, "parent_id": parent_id, "kind": kind,
                       "order": order, "hidden": False, "old_slugs": [],
                       # A section can also show a feature's latest items (the document register).
                       "feature": values.get("feature") if values.get("feature") in SECTION_FEATURES else None}
                new_id = table.insert(doc)
                return dict(doc, id=new_id)
            old = table.get(doc_id=int(section_id))
            if old is None:
                raise NotFound(section_id)
            old_slugs = list(old.get("old_slugs", []))
            if old["slug"] != slug and old["slug"] not in old_slugs:
                old_slugs.append(old["slug"])
            old_slugs = [s for s in old_slugs if s != slug]
            changes = {"name": name, "slug": slug, "parent_id": parent_id, "kind": kind, "old_slugs": old_slugs}
            table.update(changes, doc_ids=[int(section_id)])
            return dict(old, **changes, id=int(section_id))

    def set_section_hidden(self, section_id: int, hidden: bool) -> None:
        """Hide a section from the menu and lists, or show it again."""
        self.section(section_id)
        with self.store.transaction(SITE_FILE) as db:
            db.table("sections").update({"hidden": bool(hidden)}, doc_ids=[int(section_id)])

    def move_section(self, section_id: int, direction: int) -> None:
        """Swap a section with its previous (-1) or next (+1) sibling."""
        sec = self.section(section_id)
        siblings = [s for s in self.sections(include_hidden=True) if s.get("parent_id") == sec.get("parent_id")]
        pos = next(i for i, s in enumerate(siblings) if s["id"] == sec["id"])
        other = pos + (1 if direction > 0 else -1)
        if not 0 <= other < len(siblings):
            return
        ids = [s["id"] for s in siblings]
        ids[pos], ids[other] = ids[other], ids[pos]
        with self.store.transaction(SITE_FILE) as db:
            table = db.table("sections")
            base = min(s.get("order", 0) for s in siblings)
            for i, sid in enumerate(ids):
                table.update({"order": base + i}, doc_ids=[sid])

    # --------------------------------------------------------------- pages
    def pages(self, include_hidden: bool = False) -> list[dict]:
        """Return the intro pages in order."""
        return [p for p in self._site()["pages"] if include_hidden or not p.get("hidden")]

    def page(self, page_id: int) -> dict:
        """Return one intro page or raise NotFound."""
        for p in self._site()["pages"]:
            if p["id"] == page_id:
                return p
        raise NotFound(page_id)

    def page_by_slug(self, slug: str) -> dict:
        """Return the visible intro page with current or former ``slug``, or raise NotFound."""
        pages = self.pages()
        for p in pages:
            if p["slug"] == slug:
                return p
        for p in pages:
            if slug in p.get("old_slugs", []):
                return p
        raise NotFound(slug)

    def save_page(self, values: dict[str, Any], page_id: int | None = None,
                  expected_version: int | None = None, by: str = "") -> dict:
        """Create or update an intro page (body cleaned once, here); keep the previous version."""
        title = str(values.get("title", "") or "").strip()
        body = str(values.get("body", "") or "")
        errors = {}
        if not title:
            errors["title"] = "Vui lòng nhập tiêu đề."
        elif len(title) > MAX_TITLE:
            errors["title"] = f"Tiêu đề tối đa {MAX_TITLE} ký tự."
        if len(body) > MAX_BODY:
            errors["body"] = f"Nội dung quá dài (tối đa {MAX_BODY:,} ký tự).".replace(",", ".")
        cleaned = self.clean_body(body) if "body" not in errors else ""
        problem = picture_problem(body, cleaned) if "body" not in errors else None
        if problem:
            errors["body"] = problem
        slug = slugify(str(values.get("slug") or title), max_length=60)
        if slug in RESERVED_PAGE_SLUGS:
            errors["slug"] = "Đường dẫn này dành cho trang tạo tự động từ danh sách cán bộ; hãy chọn tên khác."
        for p in self.pages(include_hidden=True):
            if p["slug"] == slug and p["id"] != page_id:
                errors["slug"] = "Đã có trang dùng đường dẫn này."
        if errors:
            raise ValidationError(errors)
        doc = {"title": title, "slug": slug, "body": cleaned, "hidden": bool(values.get("hidden")),
               "updated_at": timeutil.now_iso()}
        with self.store.transaction(SITE_FILE) as db:
            table = db.table("pages")
            if page_id is None:
                doc["order"] = max((d.get("order", 0) for d in table.all()), default=0) + 1
                doc["old_slugs"] = []
                doc["version"] = 1
                doc["updated_by"] = by
                return dict(doc, id=table.insert(doc))
            old = table.get(doc_id=int(page_id))
            if old is None:
                raise NotFound(page_id)
            if expected_version is not None and int(old.get("version", 1)) != int(expected_version):
                raise Conflict(dict(old, id=int(page_id)))
            from .revisions import Revisions

            Revisions(self.store).record("page", int(page_id), old, by)
            doc["updated_by"] = by
            doc["version"] = int(old.get("version", 1)) + 1
            old_slugs = [s for s in old.get("old_slugs", []) if s != slug]
            if old["slug"] != slug:
                old_slugs.append(old["slug"])
            doc["old_slugs"] = old_slugs
            table.update(doc, doc_ids=[int(page_id)])
            return dict(old, **doc, id=int(page_id))

    # --------------------------------------------------------------- links
    def links(self) -> list[dict]:
        """Return the "Liên kết website" entries in order."""
        return self._site()["links"]

    def save_link(self, values: dict[str, Any], link_id: int | None = None) -> dict:
        """Create or update a link of the links block."""
        title = str(values.get("title", "") or "").strip()
        url = str(values.get("url", "") or "").strip()
        errors = {}
        if not title:
            errors["title"] = "Vui lòng nhập tên liên kết."
        elif len(title) > 200:
            errors["title"] = "Tên liên kết tối đa 200 ký tự."
        if not (url.startswith("https://") or url.startswith("http://")) or len(url) > 500 or " " in url:
            errors["url"] = "Địa chỉ phải bắt đầu bằng http:// hoặc https://."
        if errors:
            raise ValidationError(errors)
        with self.store.transaction(SITE_FILE) as db:
            table = db.table("links")
            if link_id is None:
                order = max((d.get("order", 0) for d in table.all()), default=0) + 1
                doc = {"title": title, "url": url, "order": order}
                return dict(doc, id=table.insert(doc))
            if table.get(doc_id=int(link_id)) is None:
                raise NotFound(link_id)
            table.update({"title": title, "url": url}, doc_ids=[int(link_id)])
            return dict(table.get(doc_id=int(link_id)), id=int(link_id))

    def delete_link(self, link_id: int) -> None:
        """Remove a link from the links block."""
        with self.store.transaction(SITE_FILE) as db:
            table = db.table("links")
            if table.get(doc_id=int(link_id)) is None:
                raise NotFound(link_id)
            table.remove(doc_ids=[int(link_id)])

    # ------------------------------------------------------- article index
    def _derive_shard(self, name: str) -> _ShardDerived:
        sig = self.store.signature(name)
        cached = self._shards.get(name)
        if cached is not None and cached.sig == sig:
            return cached
        data = self.store.read(name, cache=False)
        meta: dict[int, dict] = {}
        texts: dict[int, tuple[str, str, str]] = {}
        for doc_id, doc in data.get("articles", {}).items():
            aid = int(doc_id)
            light = {k: doc.get(k) for k in _LIGHT_FIELDS}
            light["id"] = aid
            meta[aid] = light
            stored = doc.get("search")
            texts[aid] = tuple(stored) if isinstance(stored, list) and len(stored) == 3 else _search_fields(doc)
        base = int(name.rsplit("/", 1)[-1].split(".")[0]) * SHARD_SIZE
        derived = _ShardDerived(sig, base, meta, texts)
        self._shards[name] = derived
        return derived

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
            idx.texts.update(d.texts)
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
        idx = _Index(meta=dict(old.meta), slugs=dict(old.slugs), texts=dict(old.texts),
                     lists=dict(old.lists), max_id=old.max_id)
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
                idx.texts.pop(aid, None)
            for aid, a in new_meta.items():
                if old_meta.get(aid) == a:
                    idx.meta[aid] = a  # same content: keep the lists, refer to the new record
                    idx.texts[aid] = after.texts[aid]
                    continue
                idx.meta[aid] = a
                idx.texts[aid] = after.texts[aid]
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
        data = self.store.read(shard_name(meta["id"]), cache=False)
        doc = data.get("articles", {}).get(str(meta["id"]))
        if doc is None:
            raise NotFound(article_id)
        return dict(doc, id=meta["id"])

    def is_public(self, meta: dict, now_iso: str | None = None) -> bool:
        """Return whether an article is visible to citizens now (published, due, not trashed,
        in a section that is not hidden)."""
        return (
            meta["status"] == STATUS_PUBLISHED
            and not meta.get("trashed_at")
            and meta["publish_at"] <= (now_iso or timeutil.now_iso())
            and meta["section_id"] not in self._site()["hidden_ids"]
        )

    def hidden_section_ids(self) -> set[int]:
        """Return the ids of the sections hidden from citizens (with the sub-sections of hidden ones)."""
        return self._site()["hidden_ids"]

    def section_visible(self, section: dict) -> bool:
        """Return whether a section (and its parent) is shown to citizens."""
        return section["id"] not in self._site()["hidden_ids"]

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

    def sections_by_id(self) -> dict[int, dict]:
        """Return every section keyed by id."""
        return self._site()["sections_by_id"]

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

    # ------------------------------------------------------ article writes
    def validate_article(self, values: dict[str, Any]) -> dict[str, Any]:
        """Return the cleaned article fields or raise ValidationError with per-field messages."""
        errors: dict[str, str] = {}
        title = str(values.get("title", "") or "").strip()
        summary = str(values.get("summary", "") or "").strip()
        body = str(values.get("body", "") or "")
        author = str(values.get("author", "") or "").strip()
        status = values.get("status") or STATUS_DRAFT
        if not title:
            errors["title"] = "Vui lòng nhập tiêu đề."
        elif len(title) > MAX_TITLE:
            errors["title"] = f"Tiêu đề tối đa {MAX_TITLE} ký tự."
        if len(summary) > MAX_SUMMARY:
            errors["summary"] = f"Tóm tắt tối đa {MAX_SUMMARY} ký tự."
        if len(body) > MAX_BODY:
            errors["body"] = f"Nội dung quá dài: {len(body):,} ký tự, tối đa {MAX_BODY:,}.".replace(",", ".")
        cleaned = self.clean_body(body) if "body" not in errors else ""
        problem = picture_problem(body, cleaned) if "body" not in errors else None
        if problem:
            errors["body"] = problem
        if values.get("cover") and not str(values.get("cover_alt", "") or "").strip():
            errors["cover_alt"] = "Vui lòng nhập mô tả ảnh (cho người khiếm thị)."
        if len(author) > MAX_AUTHOR:
            errors["author"] = f"Tên tác giả tối đa {MAX_AUTHOR} ký tự."
        if status not in STATUSES:
            errors["status"] = "Trạng thái không hợp lệ."
        section_id = values.get("section_id")
        try:
            section = self.section(int(section_id))
            if section.get("kind") != KIND_ARTICLES:
                errors["section_id"] = "Chuyên mục này chỉ chứa trang giới thiệu, không chứa tin bài."
        except (NotFound, TypeError, ValueError):
            errors["section_id"] = "Vui lòng chọn một chuyên mục có trong danh sách."
            section = None
        publish_at = values.get("publish_at")
        try:
            if isinstance(publish_at, str):
                publish_at = timeutil.parse_iso(publish_at) if publish_at.strip() else None
            if publish_at is not None:
                if not timeutil.MIN_YEAR <= publish_at.year <= timeutil.MAX_YEAR:
                    raise ValueError("year out of range")
                publish_at = timeutil.to_iso(publish_at)
        except (ValueError, OverflowError, TypeError):
            errors["publish_at"] = (f"Ngày giờ đăng không hợp lệ (năm từ {timeutil.MIN_YEAR} "
                                    f"đến {timeutil.MAX_YEAR}).")
            publish_at = None
        pin_until = values.get("pin_until") or None
        if pin_until is not None:
            try:
                pin_day = date.fromisoformat(str(pin_until))
                if not timeutil.MIN_YEAR <= pin_day.year <= timeutil.MAX_YEAR:
                    raise ValueError("year out of range")
                pin_until = pin_day.isoformat()
            except ValueError:
                errors["pin_until"] = "Ngày hết hạn ghim không hợp lệ."
                pin_until = None
            if pin_until and publish_at and pin_until < publish_at[:10]:
                errors["pin_until"] = "Ngày hết hạn ghim phải sau ngày đăng."
        if errors:
            raise ValidationError(errors)
        return {
            "title": title,
            "summary": summary,
            "body": cleaned,
            "author": author,
            "status": status,
            "section_id": section["id"] if section else None,
            "publish_at": publish_at,
            "cover": values.get("cover") or None,
            "cover_alt": str(values.get("cover_alt", "") or "").strip()[:300],
            "pinned": bool(values.get("pinned")),
            "pin_until": pin_until,
        }

    def _unique_slug(self, base: str, article_id: int | None) -> str:
        slugs = self.index().slugs
        slug, n = base, 2
        while slugs.get(slug) not in (None, article_id):
            slug = f"{base}-{n}"
            n += 1
        return slug

    def save_article(self, values: dict[str, Any], article_id: int | None = None,
                     expected_version: int | None = None, by: str = "") -> dict:
        """Validate, clean and store an article; return the stored record.

        A title change gives a new slug and keeps the old one for a 301. The
        previous version is kept as a revision. With ``expected_version``
        (the version number the form was opened on), a save over a newer
        version raises Conflict instead of overwriting it.
        """
        clean = self.validate_article(values)
        now_iso = timeutil.now_iso()
        with self.store.locked("content"):
            # Under the lock, re-check the files themselves: ids and slugs cannot collide.
            self.store.invalidate(ARTICLE_DIR)
            idx = self.index()
            if article_id is None:
                article_id = idx.max_id + 1
                old = None
            else:
                article_id = int(article_id)
                if article_id not in idx.meta:
                    raise NotFound(article_id)
                old = self.article(article_id)
                if expected_version is not None and int(old.get("version", 1)) != int(expected_version):
                    raise Conflict(old)
            if not clean["summary"]:
                clean["summary"] = excerpt(html_to_text(clean["body"]), 250)
            if clean["publish_at"] is None:
                clean["publish_at"] = (old or {}).get("publish_at") or now_iso
            if old is not None and clean["cover"] is None and not values.get("remove_cover"):
                clean["cover"] = old.get("cover")
            base = slugify(clean["title"])
            if old is not None and slugify(old["title"]) == base:
                slug = old["slug"]
            else:
                slug = self._unique_slug(base, article_id)
            old_slugs = list((old or {}).get("old_slugs", []))
            if old is not None and old["slug"] != slug and old["slug"] not in old_slugs:
                old_slugs.append(old["slug"])
            old_slugs = [s for s in old_slugs if s != slug]
            doc = dict(
                clean,
                slug=slug,
                old_slugs=old_slugs,
                created_at=(old or {}).get("created_at") or now_iso,
                updated_at=now_iso,
                trashed_at=(old or {}).get("trashed_at"),
            )
            # Folded once here so that no page view or cold start has to fold bodies.
            doc["search"] = list(_search_fields(doc))
            doc["updated_by"] = by
            doc["version"] = int((old or {}).get("version", 0)) + 1
            doc.update(_editorial(old, clean["status"], by, now_iso, values.get("review_note")))
            if old is not None:
                from .revisions import Revisions

                Revisions(self.store).record("article", article_id, old, by)
            with self.store.transaction(shard_name(article_id)) as db:
                db.table("articles").upsert(Document(doc, doc_id=article_id))
        return dict(doc, id=article_id)

    def _change_status(self, article_id: int, status: str, by: str, note: str | None = None) -> dict:
        """Move a pending article to ``status`` (keeping a revision); raise ValidationError if not pending."""
        now_iso = timeutil.now_iso()
        with self.store.locked("content"):
            self.store.invalidate(ARTICLE_DIR)
            old = self.article(int(article_id))
            if old["status"] != STATUS_PENDING or old.get("trashed_at"):
                raise ValidationError({"status": "Tin bài không còn ở trạng thái chờ duyệt."})
            changes: dict[str, Any] = {"status": status, "updated_at": now_iso, "updated_by": by,
                                       "version": int(old.get("version", 1)) + 1}
            if status == STATUS_PUBLISHED and old["publish_at"] < now_iso:
                # Approved today, dated today: not back-dated to when the contributor started writing.
                changes["publish_at"] = now_iso
            changes.update(_editorial(old, status, by, now_iso, note, saving=False))
            from .revisions import Revisions

            Revisions(self.store).record("article", int(article_id), old, by)
            with self.store.transaction(shard_name(int(article_id))) as db:
                db.table("articles").update(changes, doc_ids=[int(article_id)])
        return dict(old, **changes)

    def approve_article(self, article_id: int, by: str) -> dict:
        """Publish a pending article, recording who approved it and when."""
        return self._change_status(article_id, STATUS_PUBLISHED, by)

    def return_article(self, article_id: int, by: str, note: str) -> dict:
        """Send a pending article back to its author as a draft with a note saying what to change."""
        note = str(note or "").strip()
        if not note:
            raise ValidationError({"review_note": "Vui lòng ghi rõ cần sửa gì để tác giả biết."})
        if len(note) > MAX_REVIEW_NOTE:
            raise ValidationError({"review_note": f"Ghi chú tối đa {MAX_REVIEW_NOTE} ký tự."})
        return self._change_status(article_id, STATUS_DRAFT, by, note)

    def restore_revision(self, kind: str, item_id: int, revision_id: int, by: str = "") -> dict:
        """Make a kept revision the current version again (the current one becomes a revision)."""
        from .revisions import Revisions

        rev = Revisions(self.store).get(kind, item_id, revision_id)
        values = dict(rev["data"])
        values.pop("review_note", None)  # an old return note is history, not a new return
        if kind == "article":
            return self.save_article(values, item_id, by=by)
        return self.save_page(values, item_id, by=by)

    def _set_trashed(self, article_id: int, trashed: bool) -> None:
        with self.store.locked("content"):
            self.store.invalidate(ARTICLE_DIR)
            self.article_meta(article_id)
            with self.store.transaction(shard_name(int(article_id))) as db:
                table = db.table("articles")
                table.update({"trashed_at": timeutil.now_iso() if trashed else None}, doc_ids=[int(article_id)])

    def trash_article(self, article_id: int) -> None:
        """Move an article to the trash (hidden from citizens, never hard-deleted)."""
        self._set_trashed(article_id, True)

    def restore_article(self, article_id: int) -> None:
        """Bring an article back from the trash."""
        self._set_trashed(article_id, False)

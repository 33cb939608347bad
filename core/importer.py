"""Importing the site a commune already has: a plan (the dry run), then each item as an article.

Each item becomes an article with its title, date, author, summary, its body
cleaned by the one cleaner and its original address as the source. Its
pictures (in the body, and enclosures: the first one is the cover) are
fetched, checked and re-encoded like uploads, stored in the library and the
body points at the local copies; a picture that cannot be fetched is listed
and left out, the article keeps its text. A picture without a description
gets the article's title as its alt text (the save refuses pictures without
one, and the title is what the picture illustrates); editors may refine it in
the library.

An item is imported once: its key (guid, else link) is stored on the article
(``source_key``), and an item whose key is already there is skipped whatever
its content, so a re-run imports nothing and never overwrites an article
edited here. An item is checked in full before anything of it is stored.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlsplit

from .articles import ARTICLE_DIR, MAX_AUTHOR, MAX_SUMMARY, MAX_TITLE, STATUS_DRAFT, STATUS_PUBLISHED
from .errors import NotFound, ValidationError
from .feed_source import MAX_SOURCE_BYTES, Feed, FeedItem, refuse, web_address
from .fetch import FetchError, FetchRules, fetch
from .library import MAX_ALT, MAX_IMAGE_BYTES, PreparedUpload
from .sanitize import clean_html, image_sources, map_images
from .sections import KIND_ARTICLES
from .text import excerpt, html_to_text

MAX_PICTURES_PER_ITEM = 30
ALREADY_IMPORTED = "Đã nhập trước đây (không ghi đè bài đã có trên trang)."
DUPLICATE_IN_SOURCE = "Trùng với một mục khác trong cùng nguồn dữ liệu."
NO_TEXT = "Không có tiêu đề và nội dung."
BAD_PICTURE = "địa chỉ ảnh không hợp lệ (ảnh dán thẳng vào bài, hoặc không phải http/https)"
TOO_MANY_PICTURES = f"bài có hơn {MAX_PICTURES_PER_ITEM} ảnh: các ảnh sau không được tải"


def local_image_url(name: str) -> str:
    """Return the address of a stored image as bodies use it when no request says the site's prefix."""
    return f"/tep/{name}"


@dataclass
class ImportSettings:
    """Where items go and how: the target section, categories mapped to sections, draft or published."""

    section_id: int
    category_map: dict[str, int] = field(default_factory=dict)  # the old site's category -> section id
    draft: bool = False
    by: str = ""
    rules: FetchRules = field(default_factory=FetchRules)
    max_image_bytes: int = MAX_IMAGE_BYTES
    image_url: Callable[[str], str] = local_image_url


@dataclass
class Outcome:
    """What became of one item: the article made, or why it was skipped; the pictures that failed."""

    title: str
    link: str
    article_id: int | None = None
    skipped: str = ""
    pictures: int = 0  # pictures stored in the library
    failed: list[tuple[str, str]] = field(default_factory=list)  # (picture address, why)


@dataclass
class Plan:
    """The dry run: what an import would do, nothing stored."""

    kind: str
    title: str
    total: int
    new: int = 0
    pictures: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"title", "link", "reason"}
    categories: dict[str, int] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return the plan as stored in a job record."""
        return {"kind": self.kind, "title": self.title, "total": self.total, "new": self.new,
                "pictures": self.pictures, "skipped": self.skipped, "categories": self.categories,
                "ignored": self.ignored}


@dataclass
class _Draft:
    """An item made ready to save: its values, the pictures to fetch, the pictures already left out."""

    values: dict[str, Any]
    pictures: list[str]
    cover: str
    failed: list[tuple[str, str]]


def fetch_source(url: str, rules: FetchRules) -> bytes:
    """Return the bytes of a feed at ``url``; raise ValidationError (field "source") saying why not."""
    try:
        return fetch(url, MAX_SOURCE_BYTES, rules)
    except FetchError as exc:
        raise refuse(f"Không tải được nguồn dữ liệu: {exc.message}.") from None


class Importer:
    """Turn a parsed feed into articles: plan it, then import it item by item."""

    def __init__(self, content, library):
        self.content = content
        self.library = library
        self._keys_version: Any = None
        self._keys: dict[str, int] = {}

    # ---------------------------------------------------------------- reads
    def imported_keys(self) -> dict[str, int]:
        """Return the key of every imported item with its article's id (trashed articles too)."""
        idx = self.content.index()
        if idx.version != self._keys_version:
            self._keys = {m["source_key"]: aid for aid, m in idx.meta.items() if m.get("source_key")}
            self._keys_version = idx.version
        return self._keys

    def check_settings(self, settings: ImportSettings) -> None:
        """Raise ValidationError unless the target section and every mapped one hold articles."""
        for name, section_id in [("section_id", settings.section_id), *settings.category_map.items()]:
            try:
                section = self.content.section(int(section_id))
            except (NotFound, TypeError, ValueError):
                section = None
            if section is None or section.get("kind") != KIND_ARTICLES:
                where = "" if name == "section_id" else f" (cho chuyên mục cũ “{name}”)"
                raise ValidationError({"section_id": f"Vui lòng chọn một chuyên mục chứa tin bài{where}."})

    def section_for(self, item: FeedItem, settings: ImportSettings) -> int:
        """Return the section an item goes to: the first of its categories that is mapped, else the target."""
        for name in item.categories:
            if name in settings.category_map:
                return int(settings.category_map[name])
        return int(settings.section_id)

    # ---------------------------------------------------------------- one item, checked
    def _draft(self, feed: Feed, item: FeedItem, settings: ImportSettings) -> _Draft:
        """Return the article an item would become, its pictures still at the old site; raise ValidationError."""
        if item.skip:
            raise ValidationError({"source": item.skip})
        base = item.link or feed.base
        raw = item.body + "".join(f'<p><img src="{escape(p)}" alt=""></p>' for p in item.pictures[1:])
        cleaned = clean_html(raw)
        title = item.title or excerpt(html_to_text(cleaned), 100)
        if not title:
            raise ValidationError({"title": NO_TEXT})
        if len(title) > MAX_TITLE:
            title = excerpt(title, MAX_TITLE - 1)
        alt = title[:MAX_ALT]
        kept = set(image_sources(cleaned))
        failed = [(src[:300], BAD_PICTURE) for src in image_sources(raw) if src not in kept]
        pictures: list[str] = []

        def point_at_old_site(attrs: dict[str, str]) -> dict[str, str] | None:
            src = web_address(attrs.get("src", ""), base)
            if not src:
                failed.append((attrs.get("src", "")[:300], BAD_PICTURE))
                return None
            if src not in pictures:
                if len(pictures) >= MAX_PICTURES_PER_ITEM:
                    failed.append((src, TOO_MANY_PICTURES))
                    return None
                pictures.append(src)
            return dict(attrs, src=src, alt=(attrs.get("alt") or "").strip()[:MAX_ALT] or alt)

        body = map_images(cleaned, point_at_old_site)
        cover = item.pictures[0] if item.pictures else ""
        values = {
            "title": title, "summary": excerpt(item.summary, MAX_SUMMARY), "body": body,
            "author": item.author[:MAX_AUTHOR], "section_id": self.section_for(item, settings),
            "status": STATUS_DRAFT if settings.draft else STATUS_PUBLISHED, "publish_at": item.published,
            "source": item.link, "source_key": item.key, "cover": None,
        }
        self.content.validate_article(values)  # the whole article is checked before anything is fetched
        return _Draft(values, pictures, cover, failed)

    # ---------------------------------------------------------------- the dry run
    def plan(self, feed: Feed, settings: ImportSettings) -> Plan:
        """Return what importing ``feed`` would do: items new and skipped (with why), pictures to fetch."""
        self.check_settings(settings)
        plan = Plan(feed.kind, feed.title, len(feed.items), categories=feed.categories(), ignored=dict(feed.ignored))
        known = self.imported_keys()
        seen: set[str] = set()
        pictures: set[str] = set()
        for item in feed.items:
            reason = ALREADY_IMPORTED if item.key in known else DUPLICATE_IN_SOURCE if item.key in seen else ""
            seen.add(item.key)
            if not reason:
                try:
                    draft = self._draft(feed, item, settings)
                except ValidationError as exc:
                    reason = " ".join(exc.errors.values())
                else:
                    plan.new += 1
                    pictures.update(draft.pictures, [draft.cover] if draft.cover else [])
            if reason:
                plan.skipped.append({"title": item.title or "(không có tiêu đề)", "link": item.link,
                                     "reason": reason})
        plan.pictures = len(pictures)
        return plan

    # ---------------------------------------------------------------- importing
    def _fetch_picture(self, url: str, alt: str, settings: ImportSettings) -> PreparedUpload:
        """Return a fetched picture checked and re-encoded like an upload; raise FetchError saying why not."""
        data = fetch(url, settings.max_image_bytes, settings.rules)
        name = urlsplit(url).path.rsplit("/", 1)[-1] or "anh"
        try:
            return self.library.prepare(data, name, alt, images_only=True, max_image_bytes=settings.max_image_bytes,
                                        field="file")
        except ValidationError as exc:
            raise FetchError(" ".join(exc.errors.values())) from None

    def import_item(self, feed: Feed, item: FeedItem, settings: ImportSettings,
                    stored: dict[str, str] | None = None) -> Outcome:
        """Import one item as an article (with its pictures) unless it was imported before or is refused.

        ``stored`` maps picture addresses already stored during this run to their names (shared pictures
        are fetched once). Nothing of an item is stored unless its article is saved.
        """
        outcome = Outcome(item.title or "(không có tiêu đề)", item.link)
        stored = {} if stored is None else stored
        if item.key in self.imported_keys():
            outcome.skipped = ALREADY_IMPORTED
            return outcome
        try:
            draft = self._draft(feed, item, settings)
        except ValidationError as exc:
            outcome.skipped = " ".join(exc.errors.values())
            return outcome
        alt = draft.values["title"][:MAX_ALT]
        ready: dict[str, PreparedUpload] = {}
        for url in [*draft.pictures, *([draft.cover] if draft.cover else [])]:
            if url in stored or url in ready:
                continue
            try:
                ready[url] = self._fetch_picture(url, alt, settings)
            except FetchError as exc:
                draft.failed.append((url, exc.message))
        outcome.failed = draft.failed
        store = self.content.store
        with store.locked("content"):
            store.invalidate(ARTICLE_DIR)  # another process may have imported it meanwhile
            if item.key in self.imported_keys():
                outcome.skipped = ALREADY_IMPORTED
                return outcome
            for url, prepared in ready.items():
                stored[url] = self.library.add(prepared, settings.by)["name"]
                outcome.pictures += 1
            values = dict(draft.values)
            values["body"] = map_images(values["body"], lambda a: dict(a, src=settings.image_url(stored[a["src"]]))
                                        if a.get("src") in stored else None)
            if draft.cover in stored:
                values.update(cover=stored[draft.cover], cover_alt=alt)
            saved = self.content.save_article(values, by=settings.by)
        outcome.article_id = saved["id"]
        return outcome

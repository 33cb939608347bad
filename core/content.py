"""The site's content: one object composed of the settings, sections, intro pages, links and articles.

Each part lives in its own module (core.site_settings, core.sections,
core.pages, core.links, core.articles, core.article_index); this one holds what
they share: the store, the cleaner and the data derived from site.json.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from .article_index import ArticleIndexPart, _Index, _ShardDerived
from .articles import ArticlesPart
from .links import LinksPart
from .uploads import upload_size
from .pages import PagesPart
from .sanitize import clean_html
from .sections import SITE_FILE, SectionsPart
from .site_settings import SettingsPart, derived_settings
from .store import Store


class Content(SettingsPart, SectionsPart, PagesPart, LinksPart, ArticleIndexPart, ArticlesPart):
    """The site's content, read through per-version caches and written through the store."""

    def __init__(self, store: Store):
        self.store = store
        self._index = _Index()
        self._shards: dict[str, _ShardDerived] = {}
        self._docs: OrderedDict = OrderedDict()  # (shard, its signature, id) -> a stored article read alone
        self._site_version: Any = None
        self._site_cache: dict[str, Any] = {}
        self._lock = threading.RLock()

    def clean_body(self, body: str) -> str:
        """Return an article or page body cleaned, its pictures from the library given their real size."""
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
        settings = derived_settings({k: v for k, v in settings_docs[0].items() if k != "id"} if settings_docs else {})
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

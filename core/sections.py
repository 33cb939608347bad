"""Sections (chuyên mục): the menu tree, slugs with redirects, hiding and order."""
from __future__ import annotations

import re
from typing import Any

from .errors import NotFound, ValidationError
from .text import slugify

SITE_FILE = "site.json"

KIND_ARTICLES = "articles"
KIND_PAGES = "pages"

SECTION_FEATURES = ("documents",)

# /gioi-thieu/<slug> paths of pages built from the people records.
RESERVED_PAGE_SLUGS = frozenset({"co-cau-to-chuc", "nguoi-phat-ngon", "ban-bien-tap", "chuc-nang-nhiem-vu"})

# Intro pages live at /gioi-thieu/<slug>: only a section of intro pages may use it.
INTRO_SLUG = "gioi-thieu"

# First path segments owned by fixed routes: a section may not take them.
RESERVED_SLUGS = frozenset({
    "quan-tri", "dang-nhap", "dang-xuat", "doi-mat-khau", "thiet-lap", "tim-kiem",
    "static", "tep", "anh", "api", "rss", "rss.xml", "sitemap.xml", "robots.txt", "so-do-cong",
    "van-ban", "lich-cong-tac", "hoi-dap", "lay-y-kien", "favicon.ico", "lien-he",
})


class SectionsPart:
    """The sections of the site, read from the derived site data and written to site.json."""

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
        # "Tin tức - Sự kiện" typed with a hyphen is the same name as the en-dash form the site writes.
        name = re.sub(r"\s+-\s+", " – ", str(values.get("name", "") or "").strip())
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

    def sections_by_id(self) -> dict[int, dict]:
        """Return every section keyed by id."""
        return self._site()["sections_by_id"]

    def hidden_section_ids(self) -> set[int]:
        """Return the ids of the sections hidden from citizens (with the sub-sections of hidden ones)."""
        return self._site()["hidden_ids"]

    def section_visible(self, section: dict) -> bool:
        """Return whether a section (and its parent) is shown to citizens."""
        return section["id"] not in self._site()["hidden_ids"]

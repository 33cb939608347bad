"""Intro pages (trang giới thiệu): history, tourism and the like, with revisions and conflicts."""
from __future__ import annotations

from typing import Any

from . import timeutil
from .articles import check_title_and_body
from .errors import Conflict, NotFound, ValidationError
from .revisions import Revisions
from .sections import RESERVED_PAGE_SLUGS, SITE_FILE
from .text import slugify


class PagesPart:
    """The intro pages, read from the derived site data and written to site.json."""

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
        errors: dict[str, str] = {}
        cleaned = check_title_and_body(title, body, errors, self.clean_body)
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
            Revisions(self.store).record("page", int(page_id), old, by)
            doc["updated_by"] = by
            doc["version"] = int(old.get("version", 1)) + 1
            old_slugs = [s for s in old.get("old_slugs", []) if s != slug]
            if old["slug"] != slug:
                old_slugs.append(old["slug"])
            doc["old_slugs"] = old_slugs
            table.update(doc, doc_ids=[int(page_id)])
            return dict(old, **doc, id=int(page_id))

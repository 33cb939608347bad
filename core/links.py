"""The "Liên kết website" block: links to other state services."""
from __future__ import annotations

from typing import Any

from .errors import NotFound, ValidationError
from .sections import SITE_FILE


class LinksPart:
    """The links block, read from the derived site data and written to site.json."""

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

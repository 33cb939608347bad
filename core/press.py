"""Thông cáo báo chí: the spokesperson's press releases (title, number, date, cleaned body, optional file).

The body is cleaned once, on save, by core.sanitize; an attachment is stored
by ``core.uploads.save_document`` and kept as ``{"name", "original", "type", "size"}``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from . import timeutil
from .errors import NotFound, ValidationError
from .records import Records, text_field
from .reception import show_day
from .sanitize import clean_html, picture_problem
from .text import html_to_text, search_text, slugify
from .uploads import DOCUMENT_TYPES, UPLOAD_DIR, safe_document_name, size_label, upload_size

MAX_BODY = 200_000
MIN_YEAR, MAX_YEAR = 2000, 2100


class PressReleases(Records):
    """Press releases, newest date first."""

    FILE = "press.json"
    KIND = "press"  # names its kept versions (revisions/press-12.json)

    def sort_key(self, item: dict) -> Any:
        """Order by the release's date, then by the order of entry (newest first)."""
        return (item.get("issued_on", ""), item.get("created_at", ""), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Attach the slug, display date, year, plain text and attachment label."""
        for item in items:
            item["slug"] = slugify(item.get("title", "")) or "thong-cao"
            item["issued_vn"] = show_day(item.get("issued_on"))
            item["year"] = (item.get("issued_on") or "")[:4]
            item["body_text"] = html_to_text(item.get("body", ""))
            item["_text"] = search_text(item.get("title", ""), item.get("number", ""), item.get("summary", ""),
                                        item["body_text"])
            att = item.get("attachment")
            if att:
                item["attachment_label"] = f"{DOCUMENT_TYPES[att['type']][1]}, {size_label(att['size'])}"

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned press release or raise ValidationError with a Vietnamese message per field."""
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {
            "title": text_field(values, "title", "tiêu đề", errors, required=True, max_length=300),
            "number": text_field(values, "number", "số thông cáo", errors, max_length=60),
            "summary": text_field(values, "summary", "tóm tắt", errors, max_length=1000),
        }
        raw = values.get("issued_on")
        clean["issued_on"] = ""
        if raw in (None, "") or not str(raw).strip():
            errors["issued_on"] = "Vui lòng nhập ngày phát hành."
        else:
            try:
                clean["issued_on"] = timeutil.parse_day(raw, MIN_YEAR, MAX_YEAR).isoformat()
            except ValueError:
                errors["issued_on"] = "Ngày phát hành không hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026)."
        body = str(values.get("body") or "")
        if len(body) > MAX_BODY:
            errors["body"] = f"Nội dung quá dài: tối đa {MAX_BODY:,} ký tự.".replace(",", ".")
            body = ""
        cleaned = clean_html(body, image_size=lambda src: upload_size(self.store, src)) if body else ""
        problem = picture_problem(body, cleaned) if body else None
        if problem:
            errors["body"] = problem
        elif "body" not in errors and not html_to_text(cleaned).strip():
            errors["body"] = "Vui lòng nhập nội dung thông cáo."
        clean["body"] = cleaned
        att = values.get("attachment")
        if att is not None:
            if not (isinstance(att, dict) and att.get("type") in DOCUMENT_TYPES
                    and safe_document_name(att.get("name", "")) and isinstance(att.get("size"), int)):
                errors["attachment"] = "Tệp đính kèm không hợp lệ."
            else:
                att = {"name": att["name"], "original": str(att.get("original") or att["name"])[:200],
                       "type": att["type"], "size": att["size"]}
        clean["attachment"] = att
        if errors:
            raise ValidationError(errors)
        return clean

    def years(self) -> list[str]:
        """Return the years that have press releases, newest first."""
        return sorted({i["year"] for i in self.all() if i["year"]}, reverse=True)

    def search(self, year: str | None = None, page: int = 1, per_page: int = 10) -> tuple[list[dict], int]:
        """Return one page of live press releases (of ``year`` when given), newest first, and the total."""
        hits = [i for i in self.all() if not year or i["year"] == year]
        start = (page - 1) * per_page
        return hits[start:start + per_page], len(hits)

    def attachment(self, item_id: Any) -> tuple[Path, dict]:
        """Return the file path and attachment info of a live press release, or raise NotFound."""
        item = self.get_live(item_id)
        att = item.get("attachment")
        name = safe_document_name(att["name"]) if att else None
        path = self.store.file_path(f"{UPLOAD_DIR}/{name}") if name else None
        if path is None:
            raise NotFound(item_id)
        return path, dict(att, mimetype=DOCUMENT_TYPES[att["type"]][0])

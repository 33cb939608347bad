"""Tin ảnh: photo albums made of media-library pictures, each with its caption, one of them the cover.

An album keeps only the stored names of its pictures (the library holds the
files and their web sizes), in the order the editor chose, each with a
caption that is also its alt text. Trashing an album keeps it restorable.
"""
from __future__ import annotations

from typing import Any

from . import timeutil
from .errors import NotFound, ValidationError
from .library import KIND_IMAGE, Library
from .records import Records, text_field
from .reception import show_day
from .text import search_text, slugify

MAX_PICTURES = 200
MAX_CAPTION = 300
MIN_YEAR, MAX_YEAR = 2000, 2100


class Albums(Records):
    """Photo albums, newest date first."""

    FILE = "albums.json"
    KIND = "album"  # names its kept versions (revisions/album-12.json)

    def __init__(self, store, library: Library):
        super().__init__(store)
        self.library = library

    def sort_key(self, item: dict) -> Any:
        """Order by the album's date, then by the order of entry (newest first)."""
        return (item.get("taken_on", ""), item.get("created_at", ""), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Attach the slug, display date, cover caption and folded text for search."""
        for item in items:
            item["slug"] = slugify(item.get("title", "")) or "tin-anh"
            item["taken_vn"] = show_day(item.get("taken_on"))
            pictures = item.get("pictures") or []
            item["cover_caption"] = next((p["caption"] for p in pictures if p["name"] == item.get("cover")), "")
            item["_text"] = search_text(item.get("title", ""), item.get("description", ""),
                                        " ".join(p["caption"] for p in pictures))

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned album or raise ValidationError with a Vietnamese message per field.

        ``pictures`` is a list of ``{"name", "caption"}``: each a live library image, named once, captioned.
        """
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {
            "title": text_field(values, "title", "tên album", errors, required=True, max_length=300),
            "description": text_field(values, "description", "giới thiệu", errors, max_length=2000),
        }
        raw = values.get("taken_on")
        clean["taken_on"] = ""
        if raw in (None, "") or not str(raw).strip():
            errors["taken_on"] = "Vui lòng nhập ngày của album."
        else:
            try:
                clean["taken_on"] = timeutil.parse_day(raw, MIN_YEAR, MAX_YEAR).isoformat()
            except ValueError:
                errors["taken_on"] = "Ngày không hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026)."
        pictures: list[dict] = []
        seen: set[str] = set()
        for raw_pic in values.get("pictures") or []:
            name = str(raw_pic.get("name") or "")
            caption = " ".join(str(raw_pic.get("caption") or "").split())
            if name in seen:
                continue
            seen.add(name)
            try:
                record = self.library.by_name(name)
            except NotFound:
                record = None
            if record is None or record["kind"] != KIND_IMAGE or record.get("trashed_at"):
                errors["pictures"] = "Có ảnh không còn trong thư viện: vui lòng bỏ ảnh đó khỏi album."
                continue
            if not caption:
                errors["pictures"] = "Mỗi ảnh cần một chú thích (mô tả ảnh cho người khiếm thị)."
            elif len(caption) > MAX_CAPTION:
                errors["pictures"] = f"Chú thích ảnh tối đa {MAX_CAPTION} ký tự."
            pictures.append({"name": name, "caption": caption[:MAX_CAPTION]})
        if not pictures and "pictures" not in errors:
            errors["pictures"] = "Vui lòng chọn ít nhất một ảnh cho album."
        elif len(pictures) > MAX_PICTURES:
            errors["pictures"] = f"Một album có tối đa {MAX_PICTURES} ảnh."
        clean["pictures"] = pictures
        cover = str(values.get("cover") or "")
        clean["cover"] = cover if cover in seen and any(p["name"] == cover for p in pictures) else (
            pictures[0]["name"] if pictures else "")
        if errors:
            raise ValidationError(errors)
        return clean

    def uses(self, name: str) -> list[dict]:
        """Return the albums (trashed ones too) that show stored picture ``name``."""
        return [a for trashed in (False, True) for a in self.all(trashed=trashed)
                if any(p["name"] == name for p in a.get("pictures") or [])]


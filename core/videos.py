"""Video: a commune's clips, each either an uploaded MP4/WebM (with its poster picture) or a YouTube address.

A YouTube video keeps only its 11-character id: the page shows our own poster
and loads the player from youtube-nocookie.com only when the citizen asks for it.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import timeutil
from .errors import NotFound, ValidationError
from .media_files import MEDIA_TYPES, VIDEO_TYPES, media_label, safe_media_name, stored_media
from .records import Records, text_field
from .reception import show_day
from .text import search_text, slugify
from .uploads import safe_upload_name

MIN_YEAR, MAX_YEAR = 2000, 2100
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
EMBED_URL = "https://www.youtube-nocookie.com/embed/{id}"
WATCH_URL = "https://www.youtube.com/watch?v={id}"
_BAD_YOUTUBE = ("Địa chỉ YouTube không hợp lệ: dán địa chỉ dạng https://www.youtube.com/watch?v=…, "
                "https://youtu.be/… hoặc https://www.youtube.com/embed/…")


def youtube_id(address: str) -> str | None:
    """Return the video id of a youtube.com/watch?v=, youtu.be/ or youtube.com/embed/ address, else None."""
    text = (address or "").strip()
    if YOUTUBE_ID.match(text):
        return text
    parts = urlsplit(text if "//" in text else "https://" + text)
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    found = None
    if host == "youtu.be":
        found = parts.path.strip("/")
    elif host in YOUTUBE_HOSTS and parts.path == "/watch":
        found = (parse_qs(parts.query).get("v") or [""])[0]
    elif host in YOUTUBE_HOSTS | {"www.youtube-nocookie.com"} and parts.path.startswith("/embed/"):
        found = parts.path[len("/embed/"):].strip("/")
    return found if found and YOUTUBE_ID.match(found) else None


class Videos(Records):
    """Videos, newest date first."""

    FILE = "videos.json"
    KIND = "video"  # names its kept versions (revisions/video-12.json)

    def sort_key(self, item: dict) -> Any:
        """Order by the video's date, then by the order of entry (newest first)."""
        return (item.get("shown_on", ""), item.get("created_at", ""), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Attach the slug, display date, embed and watch addresses, file label and search text."""
        for item in items:
            item["slug"] = slugify(item.get("title", "")) or "video"
            item["shown_vn"] = show_day(item.get("shown_on"))
            item["year"] = (item.get("shown_on") or "")[:4]
            if item.get("youtube"):
                item["embed_url"] = EMBED_URL.format(id=item["youtube"])
                item["watch_url"] = WATCH_URL.format(id=item["youtube"])
            if item.get("file"):
                item["file_label"] = media_label(item["file"])
                item["mimetype"] = MEDIA_TYPES[item["file"]["type"]][0]
            item["_text"] = search_text(item.get("title", ""), item.get("description", ""))

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned video or raise ValidationError with a Vietnamese message per field."""
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {
            "title": text_field(values, "title", "tiêu đề", errors, required=True, max_length=300),
            "description": text_field(values, "description", "mô tả", errors, max_length=3000),
        }
        raw = values.get("shown_on")
        clean["shown_on"] = ""
        if raw in (None, "") or not str(raw).strip():
            errors["shown_on"] = "Vui lòng nhập ngày đăng."
        else:
            try:
                clean["shown_on"] = timeutil.parse_day(raw, MIN_YEAR, MAX_YEAR).isoformat()
            except ValueError:
                errors["shown_on"] = "Ngày đăng không hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026)."
        address = str(values.get("youtube") or "").strip()
        clean["youtube"] = None
        if address:
            clean["youtube"] = youtube_id(address)
            if clean["youtube"] is None:
                errors["youtube"] = _BAD_YOUTUBE
        media = values.get("file")
        if media is not None:
            if not (isinstance(media, dict) and media.get("type") in VIDEO_TYPES
                    and safe_media_name(media.get("name", "")) and isinstance(media.get("size"), int)):
                errors["file"] = "Tệp video không hợp lệ."
            else:
                media = {"name": media["name"], "type": media["type"], "size": media["size"]}
        clean["file"] = media
        poster = values.get("poster") or None
        if poster is not None and not safe_upload_name(str(poster)):
            errors["poster"] = "Ảnh đại diện không hợp lệ."
        clean["poster"] = poster
        if address and media:
            errors["youtube"] = "Chỉ chọn một nguồn: tải tệp video lên hoặc dán địa chỉ YouTube, không cả hai."
        elif not address and not media and "file" not in errors:
            errors["file"] = "Vui lòng tải lên tệp video (MP4, WebM) hoặc dán địa chỉ YouTube."
        elif media and not poster and "poster" not in errors:
            errors["poster"] = "Video tải lên cần một ảnh đại diện (hiện trước khi bấm xem)."
        if errors:
            raise ValidationError(errors)
        return clean

    def media(self, item_id: Any) -> tuple[Path, dict]:
        """Return the file path and file info of a live uploaded video, or raise NotFound."""
        found = stored_media(self.store, self.get_live(item_id).get("file"))
        if found is None:
            raise NotFound(item_id)
        return found


"""Bản tin phát thanh: the commune radio's bulletins (title, date, MP3/M4A, duration, transcript).

The transcript is plain text, for people who cannot hear the bulletin and for
the site search. The duration is read from the file when it can be, else typed.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import timeutil
from .errors import NotFound, ValidationError
from .media_files import AUDIO_TYPES, MEDIA_TYPES, media_label, safe_media_name, stored_media
from .records import Records, text_field
from .reception import show_day
from .text import search_text, slugify

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TRANSCRIPT = 50_000
MAX_SECONDS = 6 * 3600
_DURATION = re.compile(r"^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)$")


def parse_duration(text: str) -> int | None:
    """Return the seconds of a typed ``mm:ss`` or ``h:mm:ss``, or None when it is not one."""
    m = _DURATION.match((text or "").strip())
    if not m:
        return None
    hours, minutes, seconds = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
    if m.group(1) is not None and minutes > 59:
        return None
    return hours * 3600 + minutes * 60 + seconds


def show_duration(seconds: int | None) -> str:
    """Return seconds as ``mm:ss`` (``h:mm:ss`` from an hour), the form podcast apps read too."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def duration_words(seconds: int | None) -> str:
    """Return seconds in words (``4 phút 05 giây``): in a table next to a date, ``04:05`` would read as a time."""
    if not seconds:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes} phút {secs:02d} giây" if minutes else f"{secs} giây"


class RadioBulletins(Records):
    """Radio bulletins, newest date first."""

    FILE = "radio.json"
    KIND = "radio"  # names its kept versions (revisions/radio-12.json)

    def sort_key(self, item: dict) -> Any:
        """Order by the bulletin's date, then by the order of entry (newest first)."""
        return (item.get("aired_on", ""), item.get("created_at", ""), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Attach the slug, display date and duration, file label and search text."""
        for item in items:
            item["slug"] = slugify(item.get("title", "")) or "ban-tin"
            item["aired_vn"] = show_day(item.get("aired_on"))
            item["year"] = (item.get("aired_on") or "")[:4]
            item["duration_label"] = show_duration(item.get("seconds"))
            if item.get("audio"):
                item["audio_label"] = media_label(item["audio"])
                item["mimetype"] = MEDIA_TYPES[item["audio"]["type"]][0]
            item["_text"] = search_text(item.get("title", ""), item.get("transcript", ""))

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned bulletin or raise ValidationError with a Vietnamese message per field."""
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {
            "title": text_field(values, "title", "tiêu đề", errors, required=True, max_length=300),
            "transcript": text_field(values, "transcript", "nội dung bản tin", errors, max_length=MAX_TRANSCRIPT),
        }
        raw = values.get("aired_on")
        clean["aired_on"] = ""
        if raw in (None, "") or not str(raw).strip():
            errors["aired_on"] = "Vui lòng nhập ngày phát."
        else:
            try:
                clean["aired_on"] = timeutil.parse_day(raw, MIN_YEAR, MAX_YEAR).isoformat()
            except ValueError:
                errors["aired_on"] = "Ngày phát không hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026)."
        seconds = values.get("seconds")
        if isinstance(seconds, str):
            typed = seconds.strip()
            seconds = parse_duration(typed) if typed else None
            if typed and seconds is None:
                errors["seconds"] = "Thời lượng không hợp lệ (nhập phút:giây, ví dụ 05:30)."
        if seconds is not None and not (isinstance(seconds, int) and 0 < seconds <= MAX_SECONDS):
            errors.setdefault("seconds", "Thời lượng không hợp lệ (tối đa 6 giờ).")
            seconds = None
        clean["seconds"] = seconds
        audio = values.get("audio")
        if audio is None:
            errors["audio"] = "Vui lòng tải lên tệp âm thanh (MP3 hoặc M4A)."
        elif not (isinstance(audio, dict) and audio.get("type") in AUDIO_TYPES
                  and safe_media_name(audio.get("name", "")) and isinstance(audio.get("size"), int)):
            errors["audio"] = "Tệp âm thanh không hợp lệ."
        else:
            audio = {"name": audio["name"], "type": audio["type"], "size": audio["size"]}
        clean["audio"] = audio
        if errors:
            raise ValidationError(errors)
        return clean

    def media(self, item_id: Any) -> tuple[Path, dict]:
        """Return the file path and file info of a live bulletin's sound, or raise NotFound."""
        found = stored_media(self.store, self.get_live(item_id).get("audio"))
        if found is None:
            raise NotFound(item_id)
        return found

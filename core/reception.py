"""Tiếp công dân: the reception schedule, its rules (nội quy) and the periodic results.

``reception.json``: table ``items`` holds the sessions (who receives, when,
where, about what), table ``rules`` one document, the rules as cleaned HTML.
``reception_results.json`` holds the results of each period (quarter, half
year, year): how many visits and cases, how many resolved. A session names
its receiver either as a person of the people register (``person_id``, shown
with that person's current name and title) or as typed text.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from tinydb.table import Document

from . import timeutil
from .errors import NotFound, ValidationError
from .records import Records, text_field
from .sanitize import clean_html, picture_problem
from .text import search_text
from .uploads import upload_size

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
RULES_TABLE = "rules"
MAX_RULES = 100_000
MAX_COUNT = 1_000_000
MIN_YEAR, MAX_YEAR = 2000, 2100
DATE_HINT = "nhập theo dạng ngày/tháng/năm, ví dụ 05/03/2026"
_TIME = re.compile(r"([01]?\d|2[0-3])\s*[:hg.]\s*([0-5]\d)", re.ASCII | re.IGNORECASE)


def show_day(iso: str | None) -> str:
    """Return a stored ``YYYY-MM-DD`` date as dd/mm/yyyy ("" for none)."""
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def parse_time(value: Any) -> str:
    """Return a time typed as 7:30, 07h30 or 07.30 as ``HH:MM``; raise ValueError otherwise."""
    m = _TIME.fullmatch(str(value or "").strip())
    if not m:
        raise ValueError(f"not a time: {value!r}")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _day(values: dict, name: str, label: str, errors: dict, required: bool = True) -> str:
    raw = values.get(name)
    if raw in (None, "") or not str(raw).strip():
        if required:
            errors[name] = f"Vui lòng nhập {label}."
        return ""
    try:
        return timeutil.parse_day(raw, MIN_YEAR, MAX_YEAR).isoformat()
    except ValueError:
        errors[name] = f"{label[:1].upper()}{label[1:]} không hợp lệ ({DATE_HINT})."
        return ""


def _count(values: dict, name: str, label: str, errors: dict) -> int:
    raw = values.get(name)
    if raw in (None, ""):
        return 0
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= MAX_COUNT:
        errors[name] = f"{label[:1].upper()}{label[1:]} phải là số nguyên từ 0 trở lên."
        return 0
    return number


def receiver_of(item: dict, people: Records) -> tuple[str, str]:
    """Return the (name, title) of a session's receiver: the person's current ones, else the typed ones."""
    if item.get("person_id"):
        try:
            person = people.get_live(item["person_id"])
        except NotFound:  # removed from the register: the name typed stands
            person = None
        if person:
            return person.get("name", ""), item.get("receiver_title") or person.get("title", "")
    return item.get("receiver", ""), item.get("receiver_title", "")


class ReceptionSessions(Records):
    """The reception schedule: one record per session, ordered by day and time."""

    FILE = "reception.json"
    KIND = "reception"  # names its kept versions (revisions/reception-12.json)

    def sort_key(self, item: dict) -> Any:
        """Order by day, then start time (newest first)."""
        return (item.get("day", ""), item.get("time", ""), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Attach the display date, weekday, year and search text."""
        for item in items:
            day = item.get("day") or ""
            item["day_vn"] = show_day(day)
            item["weekday"] = WEEKDAYS[date.fromisoformat(day).weekday()] if day else ""
            item["year"] = day[:4]
            item["_text"] = search_text(item.get("receiver", ""), item.get("content", ""), item.get("place", ""))

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned session or raise ValidationError with a Vietnamese message per field."""
        errors: dict[str, str] = {}
        day = _day(values, "day", "ngày tiếp", errors)
        times = {}
        for name, label, required in (("time", "giờ bắt đầu", True), ("end_time", "giờ kết thúc", False)):
            raw = str(values.get(name) or "").strip()
            times[name] = ""
            if not raw:
                if required:
                    errors[name] = f"Vui lòng nhập {label}."
                continue
            try:
                times[name] = parse_time(raw)
            except ValueError:
                errors[name] = f"{label[:1].upper()}{label[1:]} không hợp lệ (ví dụ 7:30 hoặc 14h00)."
        if times["time"] and times["end_time"] and times["end_time"] <= times["time"]:
            errors["end_time"] = "Giờ kết thúc phải sau giờ bắt đầu."
        try:
            person_id = int(values.get("person_id") or 0)
        except (TypeError, ValueError):
            person_id = 0
        receiver = text_field(values, "receiver", "người tiếp", errors, max_length=120)
        if not person_id and not receiver and "receiver" not in errors:
            errors["receiver"] = "Vui lòng chọn cán bộ tiếp hoặc nhập họ tên người tiếp."
        clean = {
            "day": day, **times, "person_id": max(person_id, 0), "receiver": receiver,
            "receiver_title": text_field(values, "receiver_title", "chức vụ", errors, max_length=200),
            "place": text_field(values, "place", "địa điểm", errors, required=True, max_length=300),
            "content": text_field(values, "content", "nội dung tiếp", errors, max_length=1000),
            "note": text_field(values, "note", "ghi chú", errors, max_length=1000),
        }
        if errors:
            raise ValidationError(errors)
        return clean

    def upcoming(self, today: str | None = None) -> list[dict]:
        """Return the sessions from today on, soonest first."""
        today = today or timeutil.today_str()
        return [i for i in reversed(self.all()) if i["day"] >= today]

    def past(self, year: str | None = None, today: str | None = None) -> list[dict]:
        """Return the sessions before today (of ``year`` when given), latest first."""
        today = today or timeutil.today_str()
        return [i for i in self.all() if i["day"] < today and (not year or i["year"] == year)]

    def years(self, today: str | None = None) -> list[str]:
        """Return the years that have past sessions, newest first."""
        return sorted({i["year"] for i in self.past(today=today)}, reverse=True)

    # ---------------------------------------------------------------- rules
    def rules(self) -> dict:
        """Return the rules (nội quy) as ``{"body": cleaned HTML, "updated_at": …}`` (empty body if none)."""
        doc = self.store.read(self.FILE).get(RULES_TABLE, {}).get("1") or {}
        return {"body": doc.get("body", ""), "updated_at": doc.get("updated_at")}

    def save_rules(self, body: str) -> dict:
        """Clean and store the rules; raise ValidationError when too long or a picture cannot be kept."""
        body = str(body or "")
        if len(body) > MAX_RULES:
            raise ValidationError({"body": f"Nội quy quá dài: tối đa {MAX_RULES:,} ký tự.".replace(",", ".")})
        cleaned = clean_html(body, image_size=lambda src: upload_size(self.store, src))
        problem = picture_problem(body, cleaned)
        if problem:
            raise ValidationError({"body": problem})
        doc = {"body": cleaned, "updated_at": timeutil.now_iso()}
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            db.table(RULES_TABLE).upsert(Document(doc, doc_id=1))
        return doc


class ReceptionResults(Records):
    """The results of reception per period (quý, 6 tháng, năm), latest period first."""

    FILE = "reception_results.json"
    KIND = "reception_result"  # names its kept versions (revisions/reception_result-12.json)

    def sort_key(self, item: dict) -> Any:
        """Order by the period's end, then its start (latest first)."""
        return (item.get("end", ""), item.get("start", ""), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Attach display dates and the year the period ends in."""
        for item in items:
            item["start_vn"] = show_day(item.get("start"))
            item["end_vn"] = show_day(item.get("end"))
            item["year"] = (item.get("end") or "")[:4]

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned period results or raise ValidationError."""
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {
            "name": text_field(values, "name", "tên kỳ", errors, required=True, max_length=120),
            "start": _day(values, "start", "ngày bắt đầu kỳ", errors),
            "end": _day(values, "end", "ngày kết thúc kỳ", errors),
        }
        if clean["start"] and clean["end"] and clean["end"] < clean["start"]:
            errors["end"] = "Ngày kết thúc kỳ phải sau hoặc bằng ngày bắt đầu."
        for name, label in (("visits", "số lượt tiếp"), ("people", "số người được tiếp"),
                            ("cases", "số vụ việc"), ("resolved", "số vụ việc đã giải quyết"),
                            ("pending", "số vụ việc đang giải quyết"), ("petitions", "số đơn nhận được")):
            clean[name] = _count(values, name, label, errors)
        counted = not {"cases", "resolved", "pending"} & errors.keys()
        if counted and clean["resolved"] + clean["pending"] > clean["cases"]:
            errors["resolved"] = "Số vụ việc đã và đang giải quyết không được lớn hơn tổng số vụ việc."
        clean["note"] = text_field(values, "note", "ghi chú", errors, max_length=2000)
        if errors:
            raise ValidationError(errors)
        return clean

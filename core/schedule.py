"""Rules for lịch công tác tuần: the leaders' weekly work schedule.

An item is one engagement on one day: date, session (Sáng/Chiều/Tối),
optional time, content, who presides, who attends, place and the unit that
prepares it. Weeks run Monday–Sunday in Asia/Ho_Chi_Minh and are named by
their ISO week (``2024-W06``). Items marked recurring can be copied from last
week into this week; each copy remembers its source, so copying twice never
duplicates.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from . import timeutil
from .records import Records, text_field
from .errors import ValidationError

SESSIONS: dict[str, str] = {"sang": "Sáng", "chieu": "Chiều", "toi": "Tối"}
_SESSION_ORDER = {key: n for n, key in enumerate(SESSIONS)}
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

MAX_CONTENT = 1000
MAX_TEXT = 300
MAX_ATTENDEES = 1000

# Weeks outside these years are refused (404), so a link to the week before or after never overflows.
MIN_YEAR = 1970
MAX_YEAR = 2999

_WEEK = re.compile(r"^(\d{4})-[Ww](\d{1,2})\Z", re.ASCII)
_TIME = re.compile(r"^(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?)(?::\d{2})?\Z", re.ASCII)


# ------------------------------------------------------------------ weeks
def monday_of(day: date) -> date:
    """Return the Monday of the week that contains ``day``."""
    return day - timedelta(days=day.weekday())


def current_monday() -> date:
    """Return the Monday of the current week in Asia/Ho_Chi_Minh."""
    return monday_of(timeutil.now().date())


def week_key(monday: date) -> str:
    """Return the ISO week name of a Monday, e.g. ``2024-W06``."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(value: str) -> date:
    """Return the Monday of ISO week ``YYYY-Www``; raise ValueError for anything else."""
    match = _WEEK.match(value or "")
    if not match:
        raise ValueError(f"not an ISO week: {value!r}")
    year, week = int(match.group(1)), int(match.group(2))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year out of range: {value!r}")
    return date.fromisocalendar(year, week, 1)  # raises ValueError for week 0, 54, 99 …


def in_range(monday: date) -> bool:
    """Return whether the week of ``monday`` may be shown (see MIN_YEAR, MAX_YEAR)."""
    return MIN_YEAR <= monday.isocalendar()[0] <= MAX_YEAR


def weekday_name(day: date) -> str:
    """Return the Vietnamese name of a day of the week (Thứ Hai … Chủ nhật)."""
    return WEEKDAYS[day.weekday()]


def week_info(monday: date) -> dict[str, Any]:
    """Return what a page needs to name a week and link to its neighbours."""
    prev_monday, next_monday = monday - timedelta(days=7), monday + timedelta(days=7)
    return {
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "key": week_key(monday),
        "number": monday.isocalendar()[1],
        "is_current": monday == current_monday(),
        "prev_key": week_key(prev_monday) if in_range(prev_monday) else None,
        "next_key": week_key(next_monday) if in_range(next_monday) else None,
        "current_key": week_key(current_monday()),
    }


# ------------------------------------------------------------- field rules
def parse_time(raw: Any) -> str:
    """Return ``HH:MM`` for ``7:30``, ``07:30``, ``7h30`` or ``7h`` ("" stays ""); raise ValueError otherwise."""
    text = str(raw or "").strip()
    if not text:
        return ""
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"not a time: {text!r}")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"not a time: {text!r}")
    return f"{hour:02d}:{minute:02d}"


def _order_in_day(item: dict) -> tuple:
    """Return the key that orders items within a day: session, time, id."""
    return (_SESSION_ORDER.get(item.get("session"), 9), item.get("time") or "", item["id"])


def _same_slot(item: dict) -> tuple:
    """Return what makes two items the same engagement: day, session, time and content."""
    return (item["date"], item.get("session"), item.get("time") or "", item.get("content", "").strip())


class Schedule(Records):
    """Weekly work schedule items; the editor list shows the newest dates first."""

    FILE = "schedule.json"
    KIND = "schedule"
    sort_reverse = False

    def __init__(self, store):
        super().__init__(store)
        self._by_date: dict[str, list[dict]] = {}

    def sort_key(self, item: dict) -> Any:
        """Order by date, newest first; within a day by session, time and id."""
        try:
            ordinal = date.fromisoformat(item.get("date", "")).toordinal()
        except ValueError:
            ordinal = 0
        return (-ordinal, *_order_in_day(item))

    def derive(self, items: list[dict]) -> None:
        """Index the live items by date for week pages."""
        by_date: dict[str, list[dict]] = {}
        for item in items:
            if not item.get("trashed_at"):
                by_date.setdefault(item.get("date", ""), []).append(item)
        for day_items in by_date.values():
            day_items.sort(key=_order_in_day)
        self._by_date = by_date

    # ---------------------------------------------------------------- rules
    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned item or raise ValidationError with a Vietnamese message per field."""
        errors: dict[str, str] = {}
        day = ""
        raw_date = values.get("date")
        if not str(raw_date or "").strip():
            errors["date"] = "Vui lòng nhập ngày."
        else:
            try:
                parsed = timeutil.parse_day(raw_date)
                if not MIN_YEAR <= parsed.year <= MAX_YEAR:
                    raise ValueError(parsed)
                day = parsed.isoformat()
            except ValueError:
                errors["date"] = "Ngày không hợp lệ. Nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2024."
        session = str(values.get("session") or "").strip()
        if session not in SESSIONS:
            errors["session"] = "Vui lòng chọn buổi (Sáng, Chiều hoặc Tối)."
        try:
            time = parse_time(values.get("time"))
        except ValueError:
            errors["time"] = "Giờ không hợp lệ. Nhập theo dạng giờ:phút, ví dụ 07:30 hoặc 14:00."
            time = ""
        content = text_field(values, "content", "nội dung", errors, required=True, max_length=MAX_CONTENT)
        presiding = text_field(values, "presiding", "chủ trì", errors, max_length=MAX_TEXT)
        attendees = text_field(values, "attendees", "thành phần", errors, max_length=MAX_ATTENDEES)
        place = text_field(values, "place", "địa điểm", errors, max_length=MAX_TEXT)
        preparing = text_field(values, "preparing", "đơn vị chuẩn bị", errors, max_length=MAX_TEXT)
        if errors:
            raise ValidationError(errors)
        return {
            "date": day, "session": session, "time": time, "content": content, "presiding": presiding,
            "attendees": attendees, "place": place, "preparing": preparing,
            "recurring": bool(values.get("recurring")),
        }

    # ---------------------------------------------------------------- reads
    def week(self, monday: date, always: date | None = None) -> list[dict]:
        """Return the days of a week that have live items, in order: ``{date, weekday, items}``.

        ``always`` (today) is included even without items, so today's row is always shown.
        """
        self._load()
        days = []
        for n in range(7):
            day = monday + timedelta(days=n)
            items = self._by_date.get(day.isoformat())
            if items or day == always:
                days.append({"date": day, "weekday": WEEKDAYS[n], "items": list(items or ())})
        return days

    def copy_plan(self, target_monday: date | None = None) -> list[tuple[dict, bool]]:
        """Return last week's recurring items, each with whether it is already in the target week."""
        self._load()
        return self._plan(self._items, target_monday or current_monday())

    @staticmethod
    def _plan(items: list[dict], target: date) -> list[tuple[dict, bool]]:
        source_start, source_end = (target - timedelta(days=7)).isoformat(), target.isoformat()
        copied = {i.get("copied_from") for i in items if i.get("copied_from") is not None}
        present = {_same_slot(i) for i in items if not i.get("trashed_at")}
        plan = []
        sources = [i for i in items if not i.get("trashed_at") and i.get("recurring")
                   and source_start <= i.get("date", "") < source_end]
        for src in sorted(sources, key=lambda i: (i["date"], *_order_in_day(i))):
            new_date = (date.fromisoformat(src["date"]) + timedelta(days=7)).isoformat()
            # A copy that was trashed counts as done: the editor removed it on purpose.
            done = src["id"] in copied or _same_slot(dict(src, date=new_date)) in present
            plan.append((src, done))
        return plan

    # ---------------------------------------------------------------- writes
    def copy_recurring(self, target_monday: date | None = None) -> int:
        """Copy last week's recurring items into the target week (default: this week); return how many.

        Items already copied (or already present at the same day, session, time
        and content) are skipped, so running it twice copies nothing the second time.
        """
        target = target_monday or current_monday()
        now = timeutil.now_iso()
        copied = 0
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            items = [dict(doc, id=doc.doc_id) for doc in table.all()]  # fresh, under the lock
            for src, done in self._plan(items, target):
                if done:
                    continue
                fields = {k: v for k, v in src.items() if k not in ("id", "created_at", "updated_at", "trashed_at")}
                new_date = (date.fromisoformat(src["date"]) + timedelta(days=7)).isoformat()
                table.insert(dict(fields, date=new_date, recurring=True, copied_from=src["id"],
                                  created_at=now, updated_at=now, trashed_at=None))
                copied += 1
        return copied

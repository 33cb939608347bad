"""Time in the commune's time zone, stored as ISO strings with the zone's fixed offset (+07:00).

All stored times carry the same offset, so ISO strings compare in time order.
The zone is a setting (TIME_ZONE, default Asia/Ho_Chi_Minh) but only zones
without daylight saving are accepted, and a site keeps the zone it started
with (recorded in schema.json): see set_zone().
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, UTC
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
TZ = ZoneInfo(DEFAULT_ZONE)
OFFSET = "+07:00"
MIN_YEAR, MAX_YEAR = 1900, 2199  # dates a person may type; others are refused by the forms

_now_override: datetime | None = None


def zone_offset(name: str) -> str:
    """Return the fixed UTC offset ("+07:00") of a zone; raise ValueError for an unknown zone or one with DST."""
    from zoneinfo import ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"Múi giờ không tồn tại: {name!r}") from None
    year = datetime.now().year
    offsets = {datetime(year, month, 1, 12, tzinfo=zone).utcoffset() for month in (1, 4, 7, 10)}
    if len(offsets) != 1:
        raise ValueError(f"Múi giờ {name} có giờ mùa hè: chỉ hỗ trợ múi giờ cố định (như Asia/Ho_Chi_Minh).")
    minutes = int(offsets.pop().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def set_zone(name: str) -> None:
    """Use ``name`` as the site's time zone (process-wide; validated by zone_offset)."""
    global TZ, OFFSET
    OFFSET = zone_offset(name)
    TZ = ZoneInfo(name)


def now() -> datetime:
    """Return the current time in Asia/Ho_Chi_Minh."""
    if _now_override is not None:
        return _now_override
    return datetime.now(TZ)


def now_iso() -> str:
    """Return the current time as a stored ISO string."""
    return to_iso(now())


def to_iso(dt: datetime) -> str:
    """Return ``dt`` (naive means local) as a stored ISO string."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=TZ)
    dt = dt.astimezone(TZ)
    # Zero-padded by hand: strftime("%Y") does not pad years below 1000 on every platform.
    return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}{OFFSET}"


def parse_iso(value: str) -> datetime:
    """Return the aware datetime of a stored ISO string."""
    return datetime.fromisoformat(value).astimezone(TZ)


def today_str() -> str:
    """Return today's date as YYYY-MM-DD."""
    return now().strftime("%Y-%m-%d")


def fmt_date(value: str | None) -> str:
    """Return a stored ISO string as dd/mm/yyyy."""
    if not value:
        return ""
    return parse_iso(value).strftime("%d/%m/%Y")


def fmt_datetime(value: str | None) -> str:
    """Return a stored ISO string as "07:10, 01/12/2026" (time, comma, date: one form everywhere)."""
    if not value:
        return ""
    return parse_iso(value).strftime("%H:%M, %d/%m/%Y")



UTC = UTC
ONE_DAY = timedelta(days=1)


_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", re.ASCII)
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)


def parse_day(value: Any, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR) -> date:
    """Return the date typed as dd/mm/yyyy (old browsers have no date picker) or yyyy-mm-dd, or given as a
    date; raise ValueError for anything else, an impossible day (30/02) or a year outside the range."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    else:
        text = str(value or "").strip()
        m = _DMY.fullmatch(text)
        if m:
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        else:
            m = _YMD.fullmatch(text)
            if not m:
                raise ValueError(f"not a date: {text!r}")
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if not min_year <= day.year <= max_year:
        raise ValueError(f"year out of range: {day}")
    return day

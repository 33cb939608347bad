"""Write and read numbers and dates the Vietnamese way (1.234.567, dd/mm/yyyy, ngày 05 tháng 01 năm 2024)."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MIN_YEAR, MAX_YEAR = 1945, 2199


# ------------------------------------------------------------------ numbers
def fmt_int(n: int | float | Decimal) -> str:
    """Return an integer with Vietnamese thousands separators: 1234567 -> "1.234.567"."""
    return f"{int(n):,}".replace(",", ".")


def round_half_up(value: Decimal | float | int) -> int:
    """Return ``value`` rounded to the nearest integer, halves up (as people round)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ------------------------------------------------------------------ dates
def vn_day(day: date | None) -> str:
    """Return a date as dd/mm/yyyy ("" for none)."""
    return day.strftime("%d/%m/%Y") if day else ""


def place_date_line(place: str, day: date) -> str:
    """Return the place and date line of an administrative document.

    Days below 10 and the months 1 and 2 take a leading zero (Nghị định 30/2020):
    "Dương Quang, ngày 05 tháng 01 năm 2024", "…, ngày 10 tháng 11 năm 2023".
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    place = (place or "").strip()
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


def parse_day(value: Any) -> date:
    """Return a date typed as dd/mm/yyyy or yyyy-mm-dd (or a date); raise ValueError otherwise."""
    if isinstance(value, date):
        day = value
    else:
        text = str(value or "").strip()
        m = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", text)
        if m:
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        else:
            m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
            if not m:
                raise ValueError(text)
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(str(day))
    return day


# ------------------------------------------------------------------ names
def fold(text: str) -> str:
    """Return ``text`` lower-cased without diacritics and with single spaces (for matching names)."""
    text = unicodedata.normalize("NFD", str(text or "").lower().replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())

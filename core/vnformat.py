"""Write and read numbers, money and dates the Vietnamese way (1.234.567, 12,5, 1.234.000 đ, dd/mm/yyyy)."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

MIN_YEAR, MAX_YEAR = 1945, 2199


# ------------------------------------------------------------------ numbers
def fmt_int(n: int | float | Decimal) -> str:
    """Return an integer with Vietnamese thousands separators: 1234567 -> "1.234.567"."""
    return f"{int(n):,}".replace(",", ".")


def round_half_up(value: Decimal | float | int) -> int:
    """Return ``value`` rounded to the nearest integer, halves up (as people round)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def decimal_text(value: Decimal) -> str:
    """Return a decimal as Vietnamese people write it: 12.5 -> "12,5", 10.00 -> "10"."""
    text = f"{Decimal(value).normalize():f}"
    if "." in text:
        whole, frac = text.split(".")
        frac = frac.rstrip("0")
        return f"{fmt_int(int(whole))},{frac}" if frac else fmt_int(int(whole))
    return fmt_int(int(text))


def parse_decimal(value: Any, places: int = 2) -> Decimal:
    """Return a decimal typed as "12,5" or "12.5" (at most ``places`` decimals); raise ValueError otherwise."""
    text = str(value if value is not None else "").strip().replace(" ", "")
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    else:
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # "1.234" typed with thousands dots
            text = text.replace(".", "")
        text = text.replace(",", ".")
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            raise ValueError(value)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(value) from None
    if number.as_tuple().exponent < -places:
        raise ValueError(value)
    return number


# ------------------------------------------------------------------ money
def vnd(amount: int | Decimal) -> str:
    """Return an amount of money the Vietnamese way: 1234000 -> "1.234.000 đ"."""
    return f"{fmt_int(amount)} đ"


def parse_money(value: Any) -> int:
    """Return whole đồng typed as "2.340.000", "2340000" or "2 340 000"; raise ValueError otherwise."""
    text = re.sub(r"[\s.,]|đ$|đồng$", "", str(value or "").strip().lower())
    if not text.isdigit():
        raise ValueError(value)
    return int(text)


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _three(n: int, full: bool) -> list[str]:
    """Read a group of three digits; ``full`` reads "không trăm" and "linh" as inside a longer number."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(_DIGITS[units])
    return words


def _words(n: int, full: bool) -> list[str]:
    """Read ``n`` > 0; ``full`` when it follows a larger part ("một tỷ không trăm linh năm triệu")."""
    if n >= 10 ** 9:
        head, rest = divmod(n, 10 ** 9)
        out = _words(head, full) + ["tỷ"]
        return out + (_words(rest, True) if rest else [])
    out: list[str] = []
    for scale, size in (("triệu", 10 ** 6), ("nghìn", 10 ** 3), ("", 1)):
        group = n // size % 1000
        if group:
            out += _three(group, full or bool(out))
            if scale:
                out.append(scale)
    return out


def amount_in_words(amount: int) -> str:
    """Return an amount in Vietnamese words: 7590000 -> "Bảy triệu năm trăm chín mươi nghìn đồng"."""
    amount = int(amount)
    text = ("không" if amount == 0 else " ".join(_words(amount, False))) + " đồng"
    return text[:1].upper() + text[1:]


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




# ------------------------------------------------------------------ names
def fold(text: str) -> str:
    """Return ``text`` lower-cased without diacritics and with single spaces (for matching names)."""
    text = unicodedata.normalize("NFD", str(text or "").lower().replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def byline_names(text: str) -> list[str]:
    """Return the author names of a byline ("A, B; C" -> three names), as the report and the royalties count them."""
    return [" ".join(p.split()) for p in re.split(r"[,;]", str(text or "")) if p.strip()]

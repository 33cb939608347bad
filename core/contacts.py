"""Liên hệ: the hotlines and the phone and e-mail of each department (Một cửa, Công an xã, trực ban …)."""
from __future__ import annotations

import re
from typing import Any

from email_validator import EmailNotValidError, validate_email

from .errors import ValidationError
from .records import Records, text_field

_PHONE_CHARS = re.compile(r"^[0-9 .()+-]+\Z")


def _clean_phone(value: str, errors: dict) -> str:
    """Return a phone number as written; 3 digits are enough (113, 114, 115 are hotlines)."""
    if value and (not _PHONE_CHARS.match(value) or not 3 <= sum(c.isdigit() for c in value) <= 15):
        errors["phone"] = ("Số điện thoại không hợp lệ (chỉ gồm chữ số, dấu cách, dấu chấm; "
                           "ví dụ 0221 3 000 000 hoặc 113).")
    return value


def _clean_email(value: str, errors: dict) -> str:
    """Return an e-mail address normalised, recording an error for a bad one."""
    if not value:
        return ""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        errors["email"] = "Địa chỉ thư điện tử không hợp lệ (ví dụ: motcua@hungyen.gov.vn)."
        return value


class Contacts(Records):
    """One record per department or hotline, in the editor's order; hotlines are shown first."""

    FILE = "contacts.json"
    KIND = "contact"  # names its kept versions (revisions/contact-12.json)
    sort_reverse = False

    def sort_key(self, item: dict) -> Any:
        """Order by order number, then by id."""
        return (item.get("order", 0), item["id"])

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned contact or raise ValidationError with a Vietnamese message per field."""
        errors: dict[str, str] = {}
        phone = _clean_phone(text_field(values, "phone", "số điện thoại", errors, max_length=40), errors)
        email = _clean_email(text_field(values, "email", "thư điện tử", errors, max_length=200), errors)
        if not phone and not email and "phone" not in errors:
            errors["phone"] = "Vui lòng nhập số điện thoại hoặc thư điện tử."
        try:
            order = int(values.get("order") or 0)
        except (TypeError, ValueError):
            errors["order"] = "Thứ tự phải là một số nguyên."
            order = 0
        clean = {
            "name": text_field(values, "name", "tên bộ phận", errors, required=True, max_length=200),
            "person": text_field(values, "person", "người phụ trách", errors, max_length=200),
            "phone": phone, "email": email,
            "hours": text_field(values, "hours", "thời gian tiếp nhận", errors, max_length=200),
            "hotline": bool(values.get("hotline")), "order": order,
        }
        if errors:
            raise ValidationError(errors)
        return clean

    def hotlines(self) -> list[dict]:
        """Return the hotlines (đường dây nóng), in order."""
        return [c for c in self.all() if c.get("hotline")]

    def departments(self) -> list[dict]:
        """Return the other contacts, in order."""
        return [c for c in self.all() if not c.get("hotline")]

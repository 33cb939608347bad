"""Propaganda banners (panô tuyên truyền) shown on the home page between two dates."""
from __future__ import annotations

from datetime import date

from . import timeutil
from .records import Records, text_field
from .errors import ValidationError


def _date(values: dict, name: str, label: str, errors: dict, required: bool) -> str:
    raw = values.get(name)
    if isinstance(raw, date):
        return raw.isoformat()
    raw = str(raw or "").strip()
    if not raw:
        if required:
            errors[name] = f"Vui lòng nhập {label}."
        return ""
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        errors[name] = f"{label[:1].upper()}{label[1:]} không hợp lệ."
        return ""


class Banners(Records):
    """Banners: image with alt text, optional link, shown from start to end date, in order."""

    FILE = "banners.json"
    KIND = "banner"
    sort_reverse = False

    def sort_key(self, item: dict):
        """Order banners by their order number, then by id."""
        return (item.get("order", 0), item["id"])

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned banner or raise ValidationError with per-field messages."""
        errors: dict[str, str] = {}
        title = text_field(values, "title", "tên pa-nô", errors, required=True, max_length=200)
        alt = text_field(values, "alt", "mô tả ảnh", errors, required=True, max_length=300)
        link = text_field(values, "link", "liên kết", errors, max_length=500)
        if link and ("\\" in link or " " in link or not (
                link.startswith(("https://", "http://")) or (link.startswith("/") and not link.startswith("//")))):
            errors["link"] = "Liên kết phải bắt đầu bằng http://, https:// hoặc / (trang trong website)."
        start = _date(values, "start", "ngày bắt đầu", errors, required=True)
        end = _date(values, "end", "ngày kết thúc", errors, required=False)
        if start and end and end < start:
            errors["end"] = "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."
        image = values.get("image")
        if not image:
            errors["image"] = "Vui lòng chọn ảnh pa-nô."
        try:
            order = int(values.get("order") or 0)
        except (TypeError, ValueError):
            errors["order"] = "Thứ tự phải là một số nguyên."
            order = 0
        if errors:
            raise ValidationError(errors)
        return {"title": title, "alt": alt, "link": link, "start": start, "end": end, "image": image,
                "order": order}

    def active(self, today: str | None = None) -> list[dict]:
        """Return the banners to show today, in order (trashed ones never)."""
        today = today or timeutil.today_str()
        return [b for b in self.all() if b["start"] <= today and (not b.get("end") or today <= b["end"])]

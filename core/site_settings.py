"""The site's settings: the commune, its agency and contacts, shown in the header, footer and papers."""
from __future__ import annotations

from datetime import date
from typing import Any

from tinydb.table import Document

from . import timeutil
from .errors import ValidationError
from .sections import SITE_FILE

DEFAULT_SETTINGS: dict[str, Any] = {
    "commune_name": "",
    "agency_name": "",
    "site_title": "",
    "province": "",
    "superior": "",
    "address": "",
    "phone": "",
    "email": "",
    "responsible_person": "",
    "responsible_title": "",
    "site_start": "",
    "ratings": "co",  # "co": ask “Thông tin này có hữu ích không?” under each article; "khong": do not
}
RATINGS_CHOICES = {"co": "Hiện dưới mỗi bài viết", "khong": "Không hiện"}


class SettingsPart:
    """The settings, read from the derived site data and written to site.json."""

    def settings(self) -> dict[str, Any]:
        """Return the site settings (with defaults for missing keys)."""
        return self._site()["settings"]

    def is_empty(self) -> bool:
        """Return whether the data folder has no site yet (first start)."""
        return not self.store.exists(SITE_FILE)

    def save_settings(self, values: dict[str, Any]) -> dict[str, Any]:
        """Validate and store the site settings."""
        errors = {}
        clean = {}
        current = self.settings() if self.store.exists(SITE_FILE) else DEFAULT_SETTINGS
        for key in DEFAULT_SETTINGS:
            # Keys not given keep their current value.
            value = str(values[key] if key in values else current.get(key, "") or "").strip()
            if len(value) > 500:
                errors[key] = "Tối đa 500 ký tự."
            clean[key] = value
        if not clean["commune_name"]:
            errors["commune_name"] = "Vui lòng nhập tên xã."
        if not clean["agency_name"]:
            errors["agency_name"] = "Vui lòng nhập tên cơ quan chủ quản."
        if clean["ratings"] not in RATINGS_CHOICES:
            errors["ratings"] = "Vui lòng chọn một trong các lựa chọn."
        if clean["site_start"]:
            try:
                if not timeutil.MIN_YEAR <= date.fromisoformat(clean["site_start"]).year <= timeutil.MAX_YEAR:
                    raise ValueError("year out of range")
            except ValueError:
                errors["site_start"] = "Ngày không hợp lệ."
        if errors:
            raise ValidationError(errors)
        with self.store.transaction(SITE_FILE) as db:
            table = db.table("settings")
            table.upsert(Document(clean, doc_id=1))
        return clean

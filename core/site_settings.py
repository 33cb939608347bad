"""The site's settings: the commune, its agency and contacts, shown in the header, footer and papers.

Since 1 July 2025 a commune sits directly under its province; a commune still
reporting under the old three-level structure names its district too. The
report's "Kính gửi" and the footer follow whichever is set.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from tinydb.table import Document

from . import timeutil
from .errors import ValidationError
from .sections import SITE_FILE
from .share_card import ensure_card
from .uploads import is_main_image_name
from .vnformat import fold

DEFAULT_SETTINGS: dict[str, Any] = {
    "commune_name": "",  # the name alone, without "xã": "Dương Quang"
    "agency_name": "",
    "site_title": "",
    "province": "",
    "district": "",  # only for a commune still under a district (the old three-level structure)
    "address": "",
    "phone": "",
    "fax": "",
    "email": "",
    "hotline": "",
    "responsible_person": "",
    "responsible_title": "",
    # The signers of the royalty payment sheet (optional; the head falls back to the responsible person).
    "royalty_preparer": "",
    "royalty_accountant": "",
    "royalty_head": "",
    # The report's "Kinh phí hoạt động hằng năm …" line, as the commune writes it (e.g. "Chưa bố trí kinh phí riêng").
    "board_budget": "",
    "licence": "",  # the footer's "Giấy phép …" or "Quyết định thành lập …" line, as written
    "site_start": "",
    "emblem": "",  # an upload's name (core.uploads), shown in the header instead of the default emblem
    "banner": "",  # an upload's name: a picture across the header, in place of the written names
    "setup_done": "",  # when the first-run setup was saved (ISO time); empty until then
    "ratings": "co",  # "co": ask “Thông tin này có hữu ích không?” under each article; "khong": do not
}
RATINGS_CHOICES = {"co": "Hiện dưới mỗi tin bài", "khong": "Không hiện"}
IMAGE_SETTINGS = ("emblem", "banner")

# Centrally-run cities: "thành phố Huế", not "tỉnh Huế" (folded names, since the 2025 merger).
CENTRAL_CITIES = frozenset({"ha noi", "hue", "hai phong", "da nang", "ho chi minh", "can tho"})
# Unit words a name may already start with (folded) and how running text writes them.
_UNITS = (("thanh pho ", "thành phố"), ("tp. ", "thành phố"), ("tp ", "thành phố"), ("thi xa ", "thị xã"),
          ("huyen ", "huyện"), ("quan ", "quận"), ("tinh ", "tỉnh"))
_AGENCY_PREFIXES = ("uy ban nhan dan ", "ubnd ")


def _unit(name: str, default: str) -> str:
    """Return a locality with its unit word in lower case ("Thị xã Mỹ Hào" -> "thị xã Mỹ Hào"),
    ``default`` put in front of a bare name."""
    name = " ".join(str(name or "").split())
    folded = fold(name)
    for prefix in _AGENCY_PREFIXES:  # "UBND huyện X" typed where the locality was asked
        if folded.startswith(prefix):
            name = name.split(" ", len(prefix.split()))[-1]
            folded = fold(name)
    if not name:
        return ""
    for prefix, word in _UNITS:
        if folded.startswith(prefix):
            rest = name.split(" ", len(prefix.split()))[-1]
            return f"{word} {rest}"
    return f"{default} {name}"


def former_superior(superior: str) -> str:
    """Return the district that the former "superior" setting named ("UBND thị xã Mỹ Hào" -> "thị xã Mỹ Hào"),
    or "" when it named something else (an office, a province)."""
    unit = _unit(superior, "")
    return unit if fold(unit).startswith(("huyen ", "thi xa ", "thanh pho ", "quan ")) else ""


def district_label(name: str) -> str:
    """Return a district as running text writes it: "huyện Văn Lâm", "thị xã Mỹ Hào" ("" when unset)."""
    return _unit(name, "huyện")


def province_label(name: str) -> str:
    """Return a province as running text writes it: "tỉnh Hưng Yên", "thành phố Hà Nội" ("" when unset)."""
    name = " ".join(str(name or "").split())
    return _unit(name, "thành phố" if fold(name) in CENTRAL_CITIES else "tỉnh")


def superior_unit(settings: dict) -> str:
    """Return the unit the commune reports to: its district when it still has one, else its province."""
    return district_label(settings.get("district", "")) or province_label(settings.get("province", ""))


def bare_commune_name(name: str) -> str:
    """Return a commune's name without a leading "xã" ("Xã Dương Quang" -> "Dương Quang")."""
    name = " ".join(str(name or "").split())
    return name[3:].strip() if fold(name).startswith("xa ") else name


def derived_settings(stored: dict) -> dict[str, Any]:
    """Return the settings with defaults and the labels the templates use (agency, locality)."""
    settings = dict(DEFAULT_SETTINGS)
    settings.update(stored)
    if "district" not in stored and stored.get("superior"):
        # Before districts were asked for, the unit above was typed as "superior" (e.g. "thị xã Mỹ Hào").
        settings["district"] = former_superior(stored["superior"])
    # The agency's name in running text ("Ủy ban nhân dân xã Dương Quang"); agency_name is in capitals.
    settings["agency_label"] = (f"Ủy ban nhân dân xã {settings['commune_name']}"
                                if settings.get("commune_name") else settings.get("agency_name", ""))
    settings["locality"] = ", ".join(p for p in (district_label(settings.get("district", "")),
                                                 province_label(settings.get("province", ""))) if p)
    return settings


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
        clean = self.check_settings(values)
        with self.store.transaction(SITE_FILE) as db:
            table = db.table("settings")
            table.upsert(Document(clean, doc_id=1))
        ensure_card(self.store, self.settings())  # a new name or emblem: a new share card
        return clean

    def check_settings(self, values: dict[str, Any]) -> dict[str, Any]:
        """Return the complete settings that saving ``values`` would store, or raise ValidationError."""
        errors = {}
        clean = {}
        current = self.settings() if self.store.exists(SITE_FILE) else DEFAULT_SETTINGS
        if "district" not in values and values.get("superior"):
            values = dict(values, district=former_superior(values["superior"]))  # the former name of the field
        for key in DEFAULT_SETTINGS:
            # Keys not given keep their current value.
            value = str(values[key] if key in values else current.get(key, "") or "").strip()
            if len(value) > 500:
                errors[key] = "Tối đa 500 ký tự."
            clean[key] = value
        clean["commune_name"] = bare_commune_name(clean["commune_name"])
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
        for key in IMAGE_SETTINGS:
            if clean[key] and not is_main_image_name(clean[key]):
                errors[key] = "Ảnh không hợp lệ: vui lòng tải lên lại."
        if errors:
            raise ValidationError(errors)
        return clean

"""The first-run setup: the commune's name, place and contacts, then start empty or keep the demo to explore.

The panel's page (/quan-tri/thiet-lap-trang) and ``flask --app app setup`` both
call :func:`apply_setup`; everything it saves stays editable under Cài đặt.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from . import timeutil
from .content import Content
from .demo import DemoSite, Removal, remove_demo, unseed, was_seeded
from .site_settings import bare_commune_name

START_EMPTY = "empty"
KEEP_DEMO = "demo"
START_CHOICES = {
    START_EMPTY: "Bắt đầu với trang trống",
    KEEP_DEMO: "Giữ dữ liệu mẫu để xem thử",
}
# The settings the setup asks for, in its order.
SETUP_FIELDS = ("commune_name", "province", "district", "agency_name", "site_title", "address", "phone", "fax",
                "email", "hotline", "responsible_person", "responsible_title", "licence", "site_start")


class SetupSite(DemoSite, Protocol):
    """The services the setup uses (core.site.Site has them)."""

    content: Content


@dataclass
class SetupResult:
    """What the setup did: the settings saved, the demo removed (if asked), the skeleton added."""

    settings: dict[str, Any]
    removal: Removal | None = None
    skeleton: dict[str, int] | None = None


def default_names(commune: str) -> tuple[str, str]:
    """Return the agency's name (in capitals) and the site's title a commune's name gives."""
    commune = bare_commune_name(commune)
    return f"ỦY BAN NHÂN DÂN XÃ {commune.upper()}", f"Trang thông tin điện tử xã {commune}"


def setup_values(values: dict[str, Any]) -> dict[str, Any]:
    """Return the settings to save: the agency's name and the site's title follow the commune's name when
    left empty."""
    out = {k: " ".join(str(v or "").split()) if k != "site_start" else str(v or "").strip()
           for k, v in values.items()}
    agency, title = default_names(out.get("commune_name", ""))
    if out.get("commune_name"):
        out["agency_name"] = out.get("agency_name") or agency
        out["site_title"] = out.get("site_title") or title
    return out


def form_defaults(settings: dict[str, Any]) -> dict[str, Any]:
    """Return what the setup page shows first: the current settings, but blank where they still hold the
    demo's placeholders or what the commune's name gives anyway (so a new name is not left with old ones)."""
    from .seed.content import DEMO_SETTINGS  # loaded only while a commune sets its site up

    out = {}
    agency, title = default_names(settings.get("commune_name", ""))
    for key in SETUP_FIELDS:
        value = settings.get(key, "")
        if value and value == DEMO_SETTINGS.get(key) and not settings.get("setup_done"):
            value = ""
        if (key, value) in (("agency_name", agency), ("site_title", title)):
            value = ""
        out[key] = value
    return out


def needs_setup(content: Content) -> bool:
    """Return whether the panel should offer the setup: a site installed with the demo, not set up yet."""
    return not content.settings().get("setup_done") and was_seeded(content.store)


def apply_setup(site: SetupSite, values: dict[str, Any], *, start: str | None = None, backup: bool | None = None,
                fresh: bool = False) -> SetupResult:
    """Save the setup's settings; with ``start="empty"`` remove the demo and add the standard skeleton.

    Nothing changes when the settings are refused (ValidationError, per field). ``backup`` is as for
    core.demo.remove_demo (None: only when something of the commune's exists). ``fresh`` says this
    process seeded the demo a moment ago on an empty folder: then the demo's files are deleted outright
    and the folder is left as if never seeded. Every lock is held throughout, so a worker starting
    meanwhile finds either the demo or the finished setup, never an empty folder to seed.
    """
    content = site.content
    values = setup_values(values)
    content.check_settings(values)
    store = content.store
    with store.locked_all():
        result = SetupResult(settings={})
        if start == START_EMPTY:
            if not (fresh and unseed(site)):
                result.removal = remove_demo(site, backup=backup)
            from .seed.skeleton import create_skeleton

            result.skeleton = create_skeleton(content)
        result.settings = content.save_settings(dict(values, setup_done=timeutil.now_iso()))
    return result

"""The panel's menu, grouped by task: one ordered table of groups by endpoint, like the public menu's.

An endpoint the app does not register is skipped, and an entry the account's role may not use is left out
(``permissions.can``), so each role sees only its own groups. A feature of ``EDITOR_FEATURES`` that no group
names goes to a last group, so nothing disappears; tests/test_editor_day.py checks that none is left there.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for

from blueprints import EDITOR_FEATURES

from . import bp
from .permissions import can


@dataclass(frozen=True)
class PanelGroup:
    """One task group: its label and its entries' endpoints, in order."""

    label: str
    entries: tuple[str, ...]


PANEL_GROUPS: tuple[PanelGroup, ...] = (
    PanelGroup("Nội dung", (
        "editor.articles", "editor.article_new", "editor.approval_queue", "editor.sections", "editor.pages",
        "editor.documents_list", "editor.schedule_list", "editor.media_list", "editor.albums_list",
        "editor.videos_list", "editor.radio_list", "editor.procedures_list",
        "editor.bodies_list", "editor.people_list", "editor.banners_list", "editor.links")),
    PanelGroup("Công khai", ("editor.budget_list",)),
    PanelGroup("Tương tác", (
        "editor.qa_inbox", "editor.consultation_list", "editor.reception_list", "editor.contacts_list",
        "editor.press_list")),
    PanelGroup("Báo cáo", ("editor.report", "editor.royalties", "editor.stats")),
    PanelGroup("Hệ thống", (
        "editor.accounts", "editor.settings", "editor.backup", "editor.audit_log", "editor.import_form")),
)
LEFTOVER_LABEL = "Khác"
# The entries that are not features of a module, with the endpoints that count as "this page" for them.
FIXED_ENTRIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "editor.articles": ("Tin bài", ("editor.articles", "editor.article_edit", "editor.revisions")),
    "editor.article_new": ("Viết bài mới", ("editor.article_new",)),
    "editor.sections": ("Chuyên mục", ("editor.sections", "editor.section_new", "editor.section_edit")),
    "editor.pages": ("Trang giới thiệu", ("editor.pages", "editor.page_new", "editor.page_edit")),
    "editor.links": ("Liên kết", ("editor.links",)),
    "editor.settings": ("Cài đặt", ("editor.settings",)),
}


def placed_endpoints() -> set[str]:
    """Return the endpoints the group table places."""
    return {e for g in PANEL_GROUPS for e in g.entries}


def _labels() -> dict[str, str]:
    return {**{ep: label for ep, label in EDITOR_FEATURES}, **{ep: v[0] for ep, v in FIXED_ENTRIES.items()}}


def _current(ep: str, here: str) -> bool:
    if ep in FIXED_ENTRIES:
        return here in FIXED_ENTRIES[ep][1]
    return ep.rsplit("_", 1)[0] == here.rsplit("_", 1)[0]  # a module's list, new, edit … pages


def panel_groups(here: str | None = None, allowed=can) -> list[dict]:
    """Return the groups the logged-in account may use, each with its entries (label, url, current)."""
    here = here if here is not None else (request.endpoint or "")
    labels = _labels()
    known = current_app.view_functions
    placed = placed_endpoints()
    table = [*PANEL_GROUPS, PanelGroup(LEFTOVER_LABEL, tuple(ep for ep, _ in EDITOR_FEATURES if ep not in placed))]
    out = []
    for group in table:
        entries = [{"label": labels.get(ep, ep), "url": url_for(ep), "endpoint": ep, "current": _current(ep, here)}
                   for ep in group.entries if ep in known and ep in labels and allowed(ep)]
        if entries:
            out.append({"label": group.label, "entries": entries})
    return out


@bp.app_context_processor
def _panel_menu():
    return {"panel_groups": panel_groups}

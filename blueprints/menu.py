"""The public menu: a few groups a citizen scans in one look, built from one ordered table.

Each group names the endpoints it holds; an endpoint the app does not register is skipped, so a module
shows up in its group the day it lands. A feature registered in ``PUBLIC_FEATURES`` but named by no group
goes to a last group, so nothing disappears from the menu.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from werkzeug.routing import BuildError

from . import INTRO_FEATURES, PUBLIC_FEATURES

# Markers in a group's entries for what comes from the content rather than a fixed endpoint.
INTRO_PAGES = "@intro-pages"  # the intro pages, then the INTRO_FEATURES no group names
NEWS_SECTIONS = "@news-sections"  # every visible article section, with its sub-sections


@dataclass(frozen=True)
class MenuGroup:
    """One top-level entry: its label and what it holds, in order."""

    label: str
    entries: tuple[str, ...]


# At most 9 top-level entries with the last group; a group left with one link is shown as that link.
MENU_GROUPS: tuple[MenuGroup, ...] = (
    MenuGroup("Trang chủ", ("public.home",)),
    MenuGroup("Giới thiệu", (INTRO_PAGES, "public.organisation", "public.spokesperson", "public.editorial_board",
                             "public.press", "public.contacts")),
    MenuGroup("Tin tức", (NEWS_SECTIONS, "public.albums", "public.videos", "public.radio")),
    MenuGroup("Văn bản", ("public.documents", "public.documents_category", "public.planning", "public.projects",
                          "public.procurement", "public.new_rural", "public.rural")),
    MenuGroup("Dịch vụ công", ("public.procedures", "public.public_services", "public.reception")),
    MenuGroup("Công khai", ("public.budget",)),
    MenuGroup("Lịch công tác", ("public.schedule",)),
    MenuGroup("Hỏi đáp – Lấy ý kiến", ("public.qa", "public.consultation")),
)
LEFTOVER_LABEL = "Thông tin khác"
# Reached from every page's footer instead of the menu.
FOOTER_ENDPOINTS = ("public.contacts", "public.sitemap")
# Labels of endpoints that are in no feature list.
FIXED_LABELS = {"public.home": "Trang chủ"}
MAX_TOP_LEVEL = 9


def _features() -> list[tuple[str, str, dict]]:
    """Return every feature entry as (endpoint, label, url values); an entry may carry its values third."""
    out = []
    for entry in [*INTRO_FEATURES, *PUBLIC_FEATURES]:
        ep, label, *rest = entry
        out.append((ep, label, dict(rest[0]) if rest else {}))
    return out


def _link(ep: str, label: str, values: dict) -> dict | None:
    try:
        url = url_for(ep, **values)
    except BuildError:  # an endpoint that needs values it was not given: not a menu entry
        return None
    current = request.endpoint == ep and all(
        str((request.view_args or {}).get(k)) == str(v) for k, v in values.items())
    return {"label": label, "url": url, "endpoint": ep, "current": current, "children": []}


def _section_link(sec: dict, current_section_id: int | None) -> dict:
    return {"label": sec["name"], "url": url_for("public.section", slug=sec["slug"]), "endpoint": "public.section",
            "current": current_section_id == sec["id"], "section_id": sec["id"],
            "children": [_section_link(c, current_section_id) for c in sec.get("children", [])]}


def placed_endpoints() -> set[str]:
    """Return the endpoints the group table places (in a group or the footer)."""
    return {e for g in MENU_GROUPS for e in g.entries if not e.startswith("@")} | set(FOOTER_ENDPOINTS)


def menu_groups(sections: list[dict], pages: list[dict], current_section_id: int | None = None) -> list[dict]:
    """Return the top-level entries: each a link (``url``) or a group (``url`` None) with ``children``.

    ``sections`` is the visible top level with children (``Content.menu()``), ``pages`` the intro pages.
    A group may have a ``landing`` page of its own (the intro section's index), listed by the site map.
    """
    views = current_app.view_functions
    features = [f for f in _features() if f[0] in views]
    placed = placed_endpoints()
    intro_eps = {ep for ep, *_ in INTRO_FEATURES}
    intro = next((s for s in sections if s["kind"] == "pages"), None)
    out = []
    for group in MENU_GROUPS:
        children: list[dict] = []
        for entry in group.entries:
            if entry == NEWS_SECTIONS:
                children += [_section_link(s, current_section_id) for s in sections if s["kind"] != "pages"]
                continue
            if entry == INTRO_PAGES:
                if intro is not None:
                    children += [_link("public.page", p["title"], {"slug": p["slug"]}) for p in pages]
                children += [_link(ep, label, values) for ep, label, values in features
                             if ep in intro_eps and ep not in placed]
                continue
            if entry in views and entry in FIXED_LABELS:
                children.append(_link(entry, FIXED_LABELS[entry], {}))
            children += [_link(ep, label, values) for ep, label, values in features if ep == entry]
        children = [c for c in children if c]
        landing = None
        label = group.label
        if intro is not None and INTRO_PAGES in group.entries:
            label, landing = intro["name"], url_for("public.section", slug=intro["slug"])
        out.append({"label": label, "landing": landing, "children": children})
    leftover = [_link(ep, label, values) for ep, label, values in features
                if ep not in placed and ep not in intro_eps]
    out.append({"label": LEFTOVER_LABEL, "landing": None, "children": [c for c in leftover if c]})
    result = []
    for group in out:
        kids = group["children"]
        if len(kids) == 1 and not kids[0]["children"]:
            result.append(kids[0])
        elif kids:
            result.append({"label": group["label"], "url": None, "landing": group["landing"],
                           "current": any(_is_current(k) for k in kids), "children": kids})
    return result


def _is_current(item: dict) -> bool:
    return item["current"] or any(_is_current(c) for c in item["children"])


def walk(items: list[dict]):
    """Yield every link of a menu, depth first."""
    for item in items:
        if item.get("url"):
            yield item
        yield from walk(item["children"])


def footer_links() -> list[dict]:
    """Return the footer's links (contact, site map) that the app registers, then the news feed."""
    views = current_app.view_functions
    labels = {ep: label for ep, label, _ in _features()}
    links = [_link(ep, labels[ep], {}) for ep in FOOTER_ENDPOINTS if ep in views and ep in labels]
    links.append({"label": "Tin mới qua RSS", "url": url_for("feeds.rss"), "endpoint": "feeds.rss",
                  "current": False, "children": []})
    return [link for link in links if link]

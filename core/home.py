"""What the home page shows: the lead story, the latest news and each section's block, none repeating another."""
from __future__ import annotations

from .sections import KIND_PAGES

LATEST = 6  # "Tin mới nhất"
PER_SECTION = 5
LEAD_LOOKAHEAD = 20  # how far down the newest articles the lead story with a picture is looked for


def lead_story(content) -> dict | None:
    """Return the article to lead with: the newest pinned one with a picture, else the newest with a picture."""
    for a in content.pinned(5) + content.latest(None, LEAD_LOOKAHEAD):
        if a.get("picture"):
            return a
    return None


def home_lists(content) -> dict:
    """Return ``{"lead", "latest", "blocks"}``: an article shown in one of them is shown in no other.

    The lead story comes first, then the newest articles, then each visible section's newest
    articles not yet shown (a section whose articles are all above shows no block).
    """
    lead = lead_story(content)
    shown = {lead["id"]} if lead else set()
    latest = [a for a in content.latest(None, LATEST + 1) if a["id"] not in shown][:LATEST]
    shown.update(a["id"] for a in latest)
    blocks = []
    for sec in content.menu():
        if sec["kind"] == KIND_PAGES:
            continue
        items = [a for a in content.latest(sec["id"], PER_SECTION + len(shown)) if a["id"] not in shown]
        items = items[:PER_SECTION]
        if items:
            shown.update(a["id"] for a in items)
            blocks.append({"section": sec, "items": items})
    return {"lead": lead, "latest": latest, "blocks": blocks}

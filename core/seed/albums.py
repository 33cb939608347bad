"""The demo's photo albums (Tin ảnh): two albums of drawn illustrations, captioned as such."""
from __future__ import annotations

from datetime import date, timedelta

from .. import timeutil
from ..albums import Albums
from .pictures import draw_album_pictures


def seed_albums(albums: Albums) -> int:
    """Add the demo albums (skipped if any exist); return how many."""
    if albums.all() or albums.all(trashed=True):
        return 0
    today = date.fromisoformat(timeutil.today_str())
    made = 0
    for title, description, days_ago, pictures in reversed(draw_album_pictures(albums.library)):
        albums.save({"title": title, "description": description,
                     "taken_on": (today - timedelta(days=days_ago)).isoformat(), "pictures": pictures,
                     "cover": pictures[0]["name"]})
        made += 1
    return made

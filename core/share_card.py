"""The default share card: a 1200×630 PNG drawn from the commune's names and emblem, for Facebook and Zalo links.

The file is named by a digest of what it shows, so a new name or emblem gives a new file (and a new URL that
no social network has cached); it is drawn when the settings are saved and at start, never on a page view.
"""
from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .store import UPLOAD_DIR, Store, StoreError

CARD_DIR = "cards"
CARD_SIZE = (1200, 630)
_DRAWING = "1"  # bump when the drawing changes, so every site gets the new card
_RED, _GOLD, _STAR, _INK, _PAPER = (200, 16, 46), (242, 201, 76), (255, 222, 0), (40, 30, 30), (255, 251, 240)
# Fonts with Vietnamese letters, from Debian's fonts-dejavu / fonts-liberation; Pillow's own as a last resort.
_FONT_FILES = {
    True: ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
           "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
    False: ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
}


def _lines(settings: dict[str, Any]) -> tuple[str, str, str]:
    """Return the card's three texts: the agency, the site's title, the locality."""
    agency = (settings.get("agency_name") or settings.get("agency_label") or "").strip()
    title = (settings.get("site_title") or "").strip()
    if not title and settings.get("commune_name"):
        title = f"Trang thông tin điện tử xã {settings['commune_name']}"
    return agency.upper(), title, (settings.get("locality") or "").strip()


def card_name(settings: dict[str, Any]) -> str:
    """Return the stored name of the card for these settings (a digest of what it shows)."""
    key = "\n".join((_DRAWING, *_lines(settings), settings.get("emblem") or ""))
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.png"


def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONT_FILES[bold]:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    """Return ``text`` cut into lines at most ``width`` px wide (the last one ends with … when text is left)."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + "…"
    return lines


@lru_cache(maxsize=2)
def _default_emblem(side: int) -> Image.Image:
    """Draw static/img/emblem.svg's picture: a red disc with a gold rim and a yellow star."""
    scale = 4  # drawn large then reduced: smooth edges
    big = side * scale
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    rim = big * 3 // 64
    draw.ellipse((rim // 2, rim // 2, big - rim // 2, big - rim // 2), fill=_RED, outline=_GOLD, width=rim)
    star = [(32, 12), (37.3, 26.6), (52.8, 27.1), (40.6, 36.6), (44.9, 51.5), (32, 42.8), (19.1, 51.5),
            (23.4, 36.6), (11.2, 27.1), (26.7, 26.6)]
    draw.polygon([(x * big / 64, y * big / 64) for x, y in star], fill=_STAR)
    return img.resize((side, side), Image.Resampling.LANCZOS)


def _emblem(store: Store, settings: dict[str, Any], side: int) -> Image.Image:
    """Return the commune's uploaded emblem fitted in a ``side`` px square, or the default one."""
    name = settings.get("emblem") or ""
    if name:
        try:
            with store.open_file(f"{UPLOAD_DIR}/{name}") as fh, Image.open(fh) as picture:
                return ImageOps.contain(picture.convert("RGBA"), (side, side), Image.Resampling.LANCZOS)
        except (OSError, ValueError):
            pass  # a missing or unreadable upload: the card still gets an emblem
    return _default_emblem(side).copy()


def draw_card(store: Store, settings: dict[str, Any]) -> bytes:
    """Return the PNG of the share card: the emblem on the left, the agency, title and locality on the right."""
    width, height = CARD_SIZE
    card = Image.new("RGB", CARD_SIZE, _PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, width, 24), fill=_RED)
    draw.rectangle((0, height - 24, width, height), fill=_RED)
    draw.rectangle((0, height - 32, width, height - 24), fill=_GOLD)
    emblem = _emblem(store, settings, 300)
    card.paste(emblem, (70 + (300 - emblem.width) // 2, (height - emblem.height) // 2), emblem)
    agency, title, locality = _lines(settings)
    left, text_width = 430, width - 430 - 60
    blocks = [(_wrap(draw, agency, _font(34, True), text_width, 2), _font(34, True), _RED, 14),
              (_wrap(draw, title, _font(56, True), text_width, 3), _font(56, True), _INK, 14),
              (_wrap(draw, locality, _font(32, False), text_width, 2), _font(32, False), _INK, 0)]
    heights = [len(lines) * int(font.size * 1.25) + gap for lines, font, _, gap in blocks if lines]
    y = (height - sum(heights) - 16 * (len(heights) - 1)) // 2
    for lines, font, colour, gap in blocks:
        if not lines:
            continue
        for line in lines:
            draw.text((left, y), line, font=font, fill=colour)
            y += int(font.size * 1.25)
        y += gap + 16
    out = io.BytesIO()
    card.save(out, "PNG")
    return out.getvalue()


def ensure_card(store: Store, settings: dict[str, Any]) -> str:
    """Draw and store the card for these settings unless it is there; return its name (in CARD_DIR)."""
    name = card_name(settings)
    if store.stat(f"{CARD_DIR}/{name}") is None:
        payload = draw_card(store, settings)
        try:
            store.save_blob(f"{CARD_DIR}/{name}", payload)
        except StoreError:
            if store.stat(f"{CARD_DIR}/{name}") is None:  # not another worker drawing the same card
                raise
    return name


def card_path(store: Store, settings: dict[str, Any]):
    """Return the path of the stored card for these settings, or None while it is not drawn."""
    return store.file_path(f"{CARD_DIR}/{card_name(settings)}")

"""Vietnamese text helpers: diacritic folding, slugs, search tokens."""
from __future__ import annotations

import re
import unicodedata

from slugify import slugify as _slugify

_NON_WORD = re.compile(r"[^0-9a-z]+")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def _fold_table() -> dict[int, str | None]:
    # Precomposed Latin letters -> base letter; combining marks -> removed.
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in range(0x00C0, 0x2000):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii() and base:
            table[cp] = base
    for cp in range(0x0300, 0x0370):
        table[cp] = None
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Return ``text`` lower-cased without diacritics (``Chuyển đổi số`` -> ``chuyen doi so``)."""
    return text.translate(_FOLD).lower()


def search_text(*parts: str) -> str:
    """Return folded words separated by single spaces, padded with a space at each end."""
    words = _NON_WORD.sub(" ", fold(" ".join(parts))).split()
    return " " + " ".join(words) + " "


def query_words(query: str) -> list[str]:
    """Return the distinct folded words of a search query, in order."""
    seen: list[str] = []
    for w in _NON_WORD.sub(" ", fold(query)).split():
        if w not in seen:
            seen.append(w)
    return seen


def slugify(text: str, max_length: int = 80) -> str:
    """Return a URL slug without diacritics (``Hội nghị`` -> ``hoi-nghi``)."""
    return _slugify(fold(text), max_length=max_length, word_boundary=True) or "bai-viet"


def html_to_text(html: str) -> str:
    """Return the visible text of a cleaned HTML fragment, whitespace collapsed."""
    import html as _html

    return _SPACE.sub(" ", _html.unescape(_TAG.sub(" ", html or ""))).strip()


def excerpt(text: str, length: int = 200) -> str:
    """Return ``text`` cut at a word boundary to about ``length`` characters."""
    text = _SPACE.sub(" ", text or "").strip()
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut + "…"

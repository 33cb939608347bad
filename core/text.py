"""Vietnamese text helpers: diacritic folding, slugs, search tokens."""
from __future__ import annotations

import re
import unicodedata

from slugify import slugify as _slugify

_NON_WORD = re.compile(r"[^0-9a-z]+")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


# Bytes that survive in search text: digits and lower-case ASCII letters; the rest become spaces.
_WORD_BYTES = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))


def _ascii_fold(text: str) -> bytes:
    # NFD splits each Vietnamese letter into base + marks; encoding to ASCII drops the marks
    # (đ has no decomposition, so it is replaced first). Both steps run in C.
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").lower()


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics or other non-ASCII characters."""
    return _ascii_fold(text).decode("ascii")


def search_text(*parts: str) -> str:
    """Return folded words separated by single spaces, padded with a space at each end."""
    words = _ascii_fold(" ".join(parts)).translate(_WORD_BYTES).split()
    return " " + b" ".join(words).decode("ascii") + " "


def html_search_text(html: str) -> str:
    """Return the search text of a cleaned HTML fragment (tags removed, entities decoded)."""
    text = _TAG.sub(" ", html or "")
    if "&" in text:
        import html as _html

        text = _html.unescape(text)
    return search_text(text)


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

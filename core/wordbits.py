"""Word bitmaps for full-text search: whole folded words (ranking is in core/search.py).

Each article shard keeps, built lazily on the first search and again only
when that shard changes, a map from word to a bitmask of the shard's articles
that contain it. A query ANDs the masks of its words per shard, so a rare word
costs a few dictionary look-ups whatever the size of the site; only the
articles that contain every word are scored.
"""
from __future__ import annotations


def word_bits(texts: dict[int, tuple[str, str, str]], base: int) -> dict[str, int]:
    """Return word -> bitmask (bit = article id - base) over the texts of one shard."""
    bits: dict[str, int] = {}
    for aid, fields in texts.items():
        bit = 1 << (aid - base)
        for word in set(" ".join(fields).split()):
            bits[word] = bits.get(word, 0) | bit
    return bits


def candidates(bits: dict[str, int], words: list[str]) -> int:
    """Return the bitmask of a shard's articles containing every word."""
    mask = -1
    for w in words:
        m = bits.get(w, 0)
        mask &= m
        if not mask:
            return 0
    return mask


def iter_bits(mask: int, base: int):
    """Yield the article ids whose bits are set in ``mask``."""
    while mask:
        low = mask & -mask
        yield base + low.bit_length() - 1
        mask ^= low

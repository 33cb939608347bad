"""Word bitmaps for full-text search, and ranking with bit operations (the rank's rules are in core/search.py).

Each article shard keeps, built on the first search and again only when that
shard changes, a map from word to one packed bitmask over its ``span``
articles: the low ``span`` bits mark the articles containing the word, the
next ``span`` those with it in the title, the next those with it in the
summary. A query ANDs the masks of its words, so a rare word costs a few
dictionary look-ups whatever the size of the site, and the rank of every hit
is added up on whole bitmasks (bit planes), so a common word costs the same
few operations per shard: only the page shown is looked at article by article.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator


def word_bits(texts: Iterable[tuple[int, tuple[str, str, str]]], base: int, span: int) -> dict[str, int]:
    """Return word -> packed bitmask over (id, (title, summary, body)) folded texts; bit = id - base."""
    bits: dict[str, int] = {}
    get = bits.get
    for aid, (title, summary, body) in texts:
        bit = 1 << (aid - base)
        in_title, in_summary = set(title.split()), set(summary.split())
        for word in in_title:
            bits[word] = get(word, 0) | bit | bit << span
        for word in in_summary:
            bits[word] = get(word, 0) | bit | bit << 2 * span
        for word in set(body.split()) - in_title - in_summary:
            bits[word] = get(word, 0) | bit
    return bits


def candidates(bits: dict[str, int], words: list[str], span: int) -> int:
    """Return the mask (low ``span`` bits) of the articles containing every word."""
    mask = (1 << span) - 1
    for w in words:
        mask &= bits.get(w, 0)
        if not mask:
            return 0
    return mask


def iter_bits(mask: int, base: int) -> Iterator[int]:
    """Yield the ids whose bits are set in a small (one shard's) ``mask``."""
    while mask:
        low = mask & -mask
        yield base + low.bit_length() - 1
        mask ^= low


def mask_of(ids: Iterable[int]) -> int:
    """Return the bitmask with the bits of ``ids`` set (built in a byte buffer: linear, whatever the ids)."""
    ids = list(ids)
    if not ids:
        return 0
    buf = bytearray(max(ids) // 8 + 1)
    for i in ids:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def ids_of(mask: int) -> list[int]:
    """Return the ids whose bits are set in a large ``mask``, in increasing order."""
    out: list[int] = []
    for i, byte in enumerate(mask.to_bytes((mask.bit_length() + 7) // 8, "little")):
        while byte:
            low = byte & -byte
            out.append(i * 8 + low.bit_length() - 1)
            byte ^= low
    return out


def add(planes: list[int], mask: int, value: int) -> None:
    """Add ``value`` to the score of every id in ``mask``: scores are kept as binary digits, one bitmask
    (plane) per digit, and the addition ripples carries from plane to plane."""
    level = 0
    while value:
        if value & 1:
            carry, i = mask, level
            while carry:
                while i >= len(planes):
                    planes.append(0)
                plane = planes[i]
                planes[i] = plane ^ carry
                carry &= plane
                i += 1
        value >>= 1
        level += 1


def descending(planes: list[int], mask: int) -> Iterator[tuple[int, int]]:
    """Yield (score, mask of the ids in ``mask`` with that score), highest score first, empty groups left out."""
    def walk(level: int, group: int, score: int) -> Iterator[tuple[int, int]]:
        if level < 0:
            yield score, group
            return
        high = group & planes[level]
        if high:
            yield from walk(level - 1, high, score | 1 << level)
        low = group & ~planes[level]
        if low:
            yield from walk(level - 1, low, score)

    if mask:
        yield from walk(len(planes) - 1, mask, 0)

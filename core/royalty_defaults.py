"""The royalty defaults a commune can afford, with their sources, and the arithmetic of shares.

Coefficients: Nghị định 18/2014/NĐ-CP sets a range per kind of work; the
commune picks its own within it, so the shipped default is the low end.
Base salaries (lương cơ sở): every level since 2019, each with its decree.
Sections of administrative papers (documents, schedules, notices) are not
protected works (Luật Sở hữu trí tuệ, Art. 15): no royalty by default.
"""
from __future__ import annotations

from decimal import Decimal

from .vnformat import byline_names, fold, round_half_up

# Work types: (name, default coefficient, low end, high end of the decree's range).
DEFAULT_TYPES: tuple[tuple[str, str, str, str], ...] = (
    ("Tin", "1", "1", "10"),
    ("Ảnh", "1", "1", "10"),
    ("Tranh, hình vẽ", "1", "1", "10"),
    ("Bài (bình luận, phóng sự, phỏng vấn)", "10", "10", "30"),
    ("Bài nghiên cứu", "10", "10", "30"),
    ("Tác phẩm đa phương tiện", "10", "10", "50"),
)
# Base salaries (lương cơ sở): (effective from, đồng, source).
DEFAULT_SALARIES: tuple[tuple[str, int, str], ...] = (
    ("2019-07-01", 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    ("2023-07-01", 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    ("2024-07-01", 2_340_000, "Nghị định 73/2024/NĐ-CP"),
)
DEFAULT_UNIT_PERCENT = "10"
HUNDRED = Decimal(100)
MAX_AUTHORS = 8

# Folded words of a section name, or features, that mark administrative papers: no royalty unless the commune
# says otherwise.
UNPAID_SECTION_WORDS = ("van ban", "thong bao", "lich lam viec", "lich cong tac", "lich tiep", "thu tuc")
UNPAID_SECTION_FEATURES = ("documents",)


def section_paid_by_default(section: dict) -> bool:
    """Return False for a section of reposted documents, schedules or notices (no royalty by default)."""
    if any(f in (section.get("features") or ()) for f in UNPAID_SECTION_FEATURES):
        return False
    name = fold(section.get("name", ""))
    return not any(word in name for word in UNPAID_SECTION_WORDS)


def split_amount(total: int, shares: list[Decimal]) -> list[int]:
    """Split whole đồng by percentage shares (summing to 100) so that the parts add up to ``total`` exactly.

    Each part but the last is ``ROUND(total × share / 100)``, the last takes the rest: the very formulas the
    .xlsx writes, so the spreadsheet and the panel agree to the đồng.
    """
    if not shares:
        return []
    parts = [round_half_up(Decimal(total) * s / HUNDRED) for s in shares[:-1]]
    return parts + [total - sum(parts)]


def parse_authors(text: str) -> list[str]:
    """Return the author names of an article's byline ("A, B; C" -> three names), split exactly as the
    activity report splits them (at most MAX_AUTHORS share one article's royalty)."""
    return byline_names(text)[:MAX_AUTHORS]


def equal_shares(n: int) -> list[Decimal]:
    """Return ``n`` shares of 100 % with two decimals, the last one taking the rest (33,33 / 33,33 / 33,34)."""
    from decimal import ROUND_FLOOR

    if n <= 0:
        return []
    each = (HUNDRED / n).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    return [each] * (n - 1) + [HUNDRED - each * (n - 1)]

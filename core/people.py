"""Rules for cán bộ (people and organisation). (Stub: filled in by issue 4.)"""
from __future__ import annotations

from .records import Records


class People(Records):
    """Records of cán bộ (people and organisation)."""

    FILE = "people.json"

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields or raise ValidationError."""
        raise NotImplementedError

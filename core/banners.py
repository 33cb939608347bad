"""Rules for banner tuyên truyền. (Stub: filled in by issue 4.)"""
from __future__ import annotations

from .records import Records


class Banners(Records):
    """Records of banner tuyên truyền."""

    FILE = "banners.json"

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields or raise ValidationError."""
        raise NotImplementedError

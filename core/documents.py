"""Rules for văn bản (document register). (Stub: filled in by issue 4.)"""
from __future__ import annotations

from .records import Records


class Documents(Records):
    """Records of văn bản (document register)."""

    FILE = "documents.json"

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields or raise ValidationError."""
        raise NotImplementedError

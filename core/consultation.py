"""Rules for lấy ý kiến dự thảo (drafts open for comment). (Stub: filled in by issue 4.)"""
from __future__ import annotations

from .records import Records


class Drafts(Records):
    """Records of lấy ý kiến dự thảo (drafts open for comment)."""

    FILE = "drafts.json"

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields or raise ValidationError."""
        raise NotImplementedError

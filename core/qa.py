"""Rules for hỏi đáp (citizens' questions and answers). (Stub: filled in by issue 4.)"""
from __future__ import annotations

from .records import Records


class Questions(Records):
    """Records of hỏi đáp (citizens' questions and answers)."""

    FILE = "questions.json"

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields or raise ValidationError."""
        raise NotImplementedError

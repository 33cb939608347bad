"""Rules for lịch công tác tuần (weekly work schedule items). (Stub: filled in by issue 4.)"""
from __future__ import annotations

from .records import Records


class Schedule(Records):
    """Records of lịch công tác tuần (weekly work schedule items)."""

    FILE = "schedule.json"

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields or raise ValidationError."""
        raise NotImplementedError

"""The errors core raises and blueprints translate into pages: one module every other imports."""
from __future__ import annotations


class ValidationError(Exception):
    """Input that breaks a rule; ``errors`` maps field name to a Vietnamese message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class NotFound(Exception):
    """The requested item does not exist (or is not visible)."""


class Conflict(Exception):
    """The item changed since the form was opened; ``current`` is the stored version."""

    def __init__(self, current: dict):
        self.current = current
        super().__init__("changed since the form was opened")

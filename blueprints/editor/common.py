"""Helpers shared by the editor views."""
from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from wtforms import Form

from core.errors import ValidationError
from core.store import StoreFull
from core.uploads import MAX_DOCUMENT_BYTES
from blueprints import svc
from core.sections import KIND_ARTICLES



def max_document_bytes() -> int:
    """Return the largest document upload allowed (app config, else the core default)."""
    return int(current_app.config.get("MAX_DOCUMENT_BYTES") or MAX_DOCUMENT_BYTES)



# A full disk refuses a save the way a broken rule does: the form comes back with everything typed.
DISK_FULL = ("Ổ đĩa máy chủ đã đầy nên chưa lưu được. Những gì đã nhập vẫn còn trên biểu mẫu: hãy báo người "
             "quản trị máy chủ giải phóng dung lượng rồi bấm lưu lại.")


def attach_errors(form: Form, exc: ValidationError | StoreFull, fallback: str) -> None:
    """Put core validation messages next to their fields (unknown fields, and a full disk, go to ``fallback``)."""
    errors = exc.errors if isinstance(exc, ValidationError) else {fallback: DISK_FULL}
    for name, message in errors.items():
        target = form[name] if name in form else form[fallback]
        if isinstance(target.errors, tuple):
            target.errors = list(target.errors)
        target.errors.append(message)


def saved(form: Form, fallback: str, call: Callable, *args, **kwargs) -> bool:
    """Make a core call with what the form holds; on a ValidationError (or a full disk) put its messages next to
    the fields (unknown fields under ``fallback``) and return False, so the form comes back as typed."""
    try:
        call(*args, **kwargs)
    except (ValidationError, StoreFull) as exc:
        attach_errors(form, exc, fallback)
        return False
    return True


def section_choices(kind: str | None = KIND_ARTICLES, blank: str | None = None) -> list[tuple[int, str]]:
    """Return (id, label) pairs for a section select, sub-sections indented under parents."""
    content = svc().content
    choices: list[tuple[int, str]] = [(0, blank)] if blank else []
    for sec in content.sections(include_hidden=True):
        if sec.get("parent_id"):
            continue
        if kind is None or sec.get("kind") == kind:
            choices.append((sec["id"], sec["name"] + (" (đang ẩn)" if sec.get("hidden") else "")))
        for child in sec["children"]:
            if kind is None or child.get("kind") == kind:
                choices.append((child["id"], "— " + child["name"]))
    return choices

"""A province's communes: one complete data folder per commune under SITES_DIR, named by its host name.

A commune moves in or out by copying its folder; the folder's layout is exactly a single-commune install's.
A folder name is a host name (``xa-duongquang.example.gov.vn``) or, on one shared domain, a path segment
(``xa-duong-quang``): lower-case letters, digits, dots and hyphens only, so a Host header or a path can never
name anything outside SITES_DIR. A disabled commune keeps its data and answers 404 until enabled again.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import NotFound, ValidationError

# A DNS name: labels of letters, digits and inner hyphens, joined by dots; at most 253 characters.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
DISABLED = ".tam-dung"  # the marker file of a disabled commune (not part of its data: never backed up)


@dataclass(frozen=True)
class Commune:
    """One commune's folder as the province sees it."""

    name: str
    folder: Path
    disabled: bool


def clean_name(raw: str) -> str:
    """Return a host name or path segment as a folder name (lower case, no port, no trailing dot), or raise
    ValidationError (Vietnamese)."""
    name = str(raw or "").strip().lower().rstrip(".")
    if ":" in name:
        name = name.split(":", 1)[0]
    if not name or len(name) > 253 or not NAME.fullmatch(name):
        raise ValidationError({"host": f"Tên miền hoặc đường dẫn “{raw}” không hợp lệ: chỉ chữ thường không dấu, "
                                       "chữ số, dấu chấm và dấu gạch ngang."})
    return name


class Communes:
    """The communes of SITES_DIR: list, look up, create, disable."""

    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()

    def folder(self, name: str) -> Path:
        """Return the folder of a valid commune name (it may not exist yet); raise ValidationError otherwise."""
        return self.root / clean_name(name)

    def get(self, name: str) -> Commune:
        """Return an existing commune or raise NotFound (an invalid name is not found either)."""
        try:
            folder = self.folder(name)
        except ValidationError:
            raise NotFound(name) from None
        if not folder.is_dir():
            raise NotFound(name)
        return Commune(folder.name, folder, (folder / DISABLED).exists())

    def live(self, name: str) -> Commune | None:
        """Return the commune a request names when it exists and is not disabled, else None."""
        try:
            commune = self.get(name)
        except NotFound:
            return None
        return None if commune.disabled else commune

    def all(self) -> list[Commune]:
        """Return every commune, by name."""
        if not self.root.is_dir():
            return []
        return [Commune(p.name, p, (p / DISABLED).exists()) for p in sorted(self.root.iterdir())
                if p.is_dir() and NAME.fullmatch(p.name)]

    def create(self, name: str) -> Commune:
        """Make the empty folder of a new commune; raise ValidationError when the name is taken or invalid."""
        folder = self.folder(name)
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            folder.mkdir()
        except FileExistsError:
            raise ValidationError({"host": f"Đã có xã “{folder.name}” trong thư mục các xã."}) from None
        return Commune(folder.name, folder, False)

    def remove_new(self, name: str) -> None:
        """Delete the folder of a commune whose creation failed half-way (nothing of a live commune)."""
        shutil.rmtree(self.folder(name), ignore_errors=True)

    def set_disabled(self, name: str, disabled: bool) -> Commune:
        """Disable (404, data kept) or enable a commune."""
        commune = self.get(name)
        marker = commune.folder / DISABLED
        if disabled:
            marker.write_text("Xã này đang tạm dừng (flask --app app site enable để mở lại).\n", encoding="utf-8")
        else:
            marker.unlink(missing_ok=True)
        return Commune(commune.name, commune.folder, disabled)

    def size(self, name: str) -> int:
        """Return the bytes a commune's folder holds."""
        return sum(p.stat().st_size for p in self.get(name).folder.rglob("*") if p.is_file())

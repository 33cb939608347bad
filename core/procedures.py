"""Thủ tục hành chính: the commune's administrative procedures, their filters, search and bulk update.

One file, ``procedures.json``, table ``items``. A procedure has the code the
national database gives it (``Mã thủ tục``, e.g. ``1.001193``), which an
import uses as its key: unique among the live procedures when set. The long
texts (documents to bring, legal basis) keep their line breaks; the public
page shows each line as an item.
"""
from __future__ import annotations

import re
from typing import Any

from tinydb.table import Document

from . import timeutil
from .errors import ValidationError
from .records import Records, text_field
from .revisions import Revisions
from .text import fold, query_words, search_text, slugify

# field -> (label in messages, max length, required)
FIELDS: dict[str, tuple[str, int, bool]] = {
    "code": ("mã thủ tục", 40, False),
    "name": ("tên thủ tục", 500, True),
    "field": ("lĩnh vực", 200, True),
    "level": ("cấp thực hiện", 100, False),
    "service_level": ("mức độ dịch vụ công", 100, False),
    "duration": ("thời hạn giải quyết", 500, False),
    "fees": ("phí, lệ phí", 1000, False),
    "documents": ("thành phần hồ sơ", 8000, False),
    "legal_basis": ("căn cứ pháp lý", 8000, False),
    "place": ("nơi tiếp nhận", 500, False),
    "portal_url": ("liên kết trên Cổng Dịch vụ công quốc gia", 500, False),
    "submit_url": ("liên kết nộp hồ sơ trực tuyến", 500, False),
}
LINK_FIELDS = ("portal_url", "submit_url")
MULTILINE = ("documents", "legal_basis", "fees", "duration")
DEFAULT_LEVEL = "Cấp xã"

_SPACES = re.compile(r"[ \t\u00a0]+")
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_/]*$")


def is_web_link(value: str) -> bool:
    """Return whether ``value`` is an absolute http(s) address without spaces or backslashes."""
    low = value.lower()
    return (low.startswith(("https://", "http://")) and len(value) > len("https://") and " " not in value
            and "\\" not in value and "\n" not in value)


def clean_text(value: Any, multiline: bool) -> str:
    """Return a value as tidy text: runs of spaces collapsed, and (for long texts) empty lines dropped."""
    text = str(value if value is not None else "").replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        return _SPACES.sub(" ", text.replace("\n", " ")).strip()
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def lines_of(text: str) -> list[str]:
    """Return the non-empty lines of a long text (each shown as one item)."""
    return [line for line in (text or "").split("\n") if line.strip()]


def check_values(values: dict, errors: dict[str, str]) -> dict[str, str]:
    """Return the cleaned fields of a procedure, recording a Vietnamese message per wrong field in ``errors``."""
    tidy = {name: clean_text(values.get(name), name in MULTILINE) for name in FIELDS}
    clean: dict[str, str] = {}
    for name, (label, limit, required) in FIELDS.items():
        clean[name] = text_field(tidy, name, label, errors, required=required, max_length=limit)
    if clean["code"] and not _CODE.match(clean["code"]):
        errors["code"] = "Mã thủ tục chỉ gồm chữ số, chữ cái không dấu và các dấu . - _ /, ví dụ 1.001193."
    for name in LINK_FIELDS:
        if clean[name] and name not in errors and not is_web_link(clean[name]):
            errors[name] = (f"{FIELDS[name][0][:1].upper()}{FIELDS[name][0][1:]} phải là một địa chỉ web "
                            "bắt đầu bằng http:// hoặc https://.")
    return clean


class Procedures(Records):
    """The administrative procedures (thủ tục hành chính) a citizen can carry out at or through the commune."""

    FILE = "procedures.json"
    KIND = "procedure"
    sort_reverse = False

    def __init__(self, store):
        super().__init__(store)
        self._codes: dict[str, int] = {}

    def sort_key(self, item: dict) -> Any:
        """Order by field, then by name (as a citizen scans a printed list), ignoring diacritics."""
        return (fold(item.get("field", "")), fold(item.get("name", "")), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Attach slugs, the lines of the long texts and the folded texts that search reads."""
        codes: dict[str, int] = {}
        for item in items:
            item["slug"] = slugify(item.get("name", ""))
            item["document_lines"] = lines_of(item.get("documents", ""))
            item["legal_lines"] = lines_of(item.get("legal_basis", ""))
            item["_name_text"] = search_text(item.get("name", ""))
            item["_text"] = search_text(item.get("code", ""), item.get("name", ""), item.get("field", ""),
                                        item.get("level", ""), item.get("service_level", ""))
            if item.get("code") and not item.get("trashed_at"):
                codes[item["code"].casefold()] = item["id"]
        self._codes = codes

    def by_code(self, code: str) -> dict | None:
        """Return the live procedure with this code (case ignored), or None."""
        self._load()
        item_id = self._codes.get(str(code or "").strip().casefold())
        return self._by_id.get(item_id) if item_id is not None else None

    def filter_options(self) -> dict[str, list[str]]:
        """Return the choices of the public filters: the fields, levels and service levels in use."""
        items = self.all()

        def used(key: str) -> list[str]:
            return sorted({i.get(key, "") for i in items if i.get(key)}, key=search_text)
        return {"fields": used("field"), "levels": used("level"), "service_levels": used("service_level")}

    def search(self, query: str = "", field: str | None = None, level: str | None = None,
               service_level: str | None = None, page: int = 1, per_page: int = 20) -> tuple[list[dict], int]:
        """Return one page of live procedures matching the filters and every word of the query (diacritics ignored).

        A procedure whose name holds the words as typed comes first.
        """
        words = query_words(query or "")[:12]
        padded = [f" {w} " for w in words]
        phrase = " " + " ".join(words) + " "
        first, rest = [], []
        for item in self.all():
            if field and item.get("field") != field:
                continue
            if level and item.get("level") != level:
                continue
            if service_level and item.get("service_level") != service_level:
                continue
            if words and not all(w in item["_text"] for w in padded):
                continue
            (first if words and phrase in item["_name_text"] else rest).append(item)
        hits = first + rest
        start = (page - 1) * per_page
        return hits[start:start + per_page], len(hits)

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields of a procedure or raise ValidationError (messages in Vietnamese)."""
        errors: dict[str, str] = {}
        clean = check_values(values, errors)
        if not clean["level"]:
            clean["level"] = DEFAULT_LEVEL
        other = self.by_code(clean["code"]) if clean["code"] else None
        if other is not None and other["id"] != item_id and "code" not in errors:
            errors["code"] = f"Mã thủ tục {clean['code']} đã có: «{other['name']}»."
        if errors:
            raise ValidationError(errors)
        return clean

    def apply_import(self, added: list[dict], changed: list[tuple[int, dict]], by: str = "") -> int:
        """Store checked rows of an import in one write: new procedures, and changed fields of existing ones.

        Return how many procedures were written. ``changed`` holds (id, fields); an
        id that is gone or trashed since the dry run is skipped. A changed procedure's
        previous version is kept, as an edit in the form keeps it.
        """
        now = timeutil.now_iso()
        stamp = {"updated_by": by} if by else {}
        revisions = Revisions(self.store)
        written = 0
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            for values in added:
                doc = dict({k: "" for k in FIELDS}, level=DEFAULT_LEVEL)
                doc.update(values, **stamp, created_at=now, updated_at=now, trashed_at=None)
                table.insert(doc)
                written += 1
            for item_id, fields in changed:
                old = table.get(doc_id=int(item_id))
                if old is None or old.get("trashed_at"):
                    continue
                revisions.record(self.KIND, int(item_id), dict(old), by)
                table.upsert(Document(dict(old, **fields, **stamp, updated_at=now), doc_id=int(item_id)))
                written += 1
        return written

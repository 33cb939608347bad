"""Rules for văn bản (the document register): documents, their editable types, attachments, search.

One file, ``documents.json``: table ``items`` holds the documents, table
``types`` the list of document types (Quyết định, Thông báo …). Until the
editor changes that list, the default types are used with ids 1..N and are
written out, with the same ids, on the first save. A removed type is only
marked removed (documents keep pointing at valid ids), and a type that any
document uses, even one in the trash, cannot be removed.

Dates are stored as ``YYYY-MM-DD``; the editor types them as dd/mm/yyyy.
Attachments are stored by ``core.uploads.save_document``; a document keeps
``attachment = {"name", "original", "type", "size"}`` or None.

A document may also belong to one chuyên mục of the register (planning,
projects and procurement, the new-countryside programme): ``category`` holds
its key (its public list is /van-ban/<key>), or "" for the general
register (văn bản chỉ đạo điều hành).
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from tinydb.table import Document

from . import timeutil
from .uploads import DOCUMENT_TYPES, UPLOAD_DIR, safe_document_name, size_label
from .records import Records, text_field
from .errors import NotFound, ValidationError
from .text import query_words, search_text, slugify

TYPES_TABLE = "types"
DEFAULT_TYPES = ("Quyết định", "Thông báo", "Kế hoạch", "Công văn", "Báo cáo", "Chỉ thị", "Tờ trình",
                 "Nghị quyết")

# key (its public list is /van-ban/<key>) -> name, in menu order; "" is the general register.
CATEGORIES: dict[str, str] = {
    "quy-hoach-ke-hoach": "Quy hoạch – kế hoạch",
    "du-an-dau-thau": "Dự án – đấu thầu – mua sắm công",
    "nong-thon-moi": "Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
}
GENERAL_CATEGORY = "Văn bản chỉ đạo điều hành"

MAX_NUMBER = 60
MAX_TYPE_NAME = 60
MAX_ISSUER = 200
MAX_SIGNER = 120
MAX_SUMMARY = 2000
MAX_FIELD = 200
MIN_YEAR, MAX_YEAR = 1945, 2100

_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")

DATE_HINT = "nhập theo dạng ngày/tháng/năm, ví dụ 23/06/2023"


def parse_day(value: Any) -> date:
    """Return a document's date (dd/mm/yyyy, yyyy-mm-dd or a date, 1945 to 2100); raise ValueError otherwise."""
    return timeutil.parse_day(value, MIN_YEAR, MAX_YEAR)


def show_day(iso: str | None) -> str:
    """Return a stored ``YYYY-MM-DD`` date as dd/mm/yyyy ("" for none)."""
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def default_issuer(settings: dict) -> str:
    """Return the usual issuing body of the commune's documents (its People's Committee)."""
    commune = (settings.get("commune_name") or "").strip()
    return f"UBND xã {commune}" if commune else (settings.get("agency_name") or "").strip()


def _clean_name(value: Any) -> str:
    return _SPACES.sub(" ", str(value or "")).strip()


class Documents(Records):
    """The document register (văn bản) and its list of document types."""

    FILE = "documents.json"
    KIND = "document"

    def __init__(self, store):
        super().__init__(store)
        self._types: list[dict] = []
        self._types_by_id: dict[int, dict] = {}
        self._usage: dict[int, int] = {}

    # ---------------------------------------------------------------- reads
    def sort_key(self, item: dict) -> Any:
        """Order by issue date, newest first (then by the order of entry)."""
        return (item.get("issued_on", ""), item.get("created_at", ""), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Attach type names, display dates, slugs and search texts; index the types."""
        stored = self.store.read(self.FILE).get(TYPES_TABLE, {})
        if stored:
            types = [dict(doc, id=int(k)) for k, doc in stored.items()]
        else:
            types = [{"id": i, "name": n, "order": i, "removed_at": None} for i, n in enumerate(DEFAULT_TYPES, 1)]
        types.sort(key=lambda t: (t.get("order", 0), t["id"]))
        by_id = {t["id"]: t for t in types}
        usage: dict[int, int] = {}
        for item in items:
            usage[item.get("type_id")] = usage.get(item.get("type_id"), 0) + 1
            kind = by_id.get(item.get("type_id"))
            item["type_name"] = kind["name"] if kind else "Văn bản"
            item["issued_vn"] = show_day(item.get("issued_on"))
            item["effective_vn"] = show_day(item.get("effective_on"))
            item["year"] = (item.get("issued_on") or "")[:4]
            item["category"] = item.get("category") or ""
            item["category_name"] = CATEGORIES.get(item["category"], GENERAL_CATEGORY)
            item["slug"] = slugify(f"{item.get('number', '')} {item.get('summary', '')}")
            item["_number_text"] = search_text(item.get("number", ""))
            item["_text"] = search_text(item["type_name"], item.get("number", ""), item.get("summary", ""),
                                        item.get("field", ""), item.get("issuer", ""), item.get("signer", ""))
            att = item.get("attachment")
            if att:
                item["attachment_label"] = f"{DOCUMENT_TYPES[att['type']][1]}, {size_label(att['size'])}"
        self._types = types
        self._types_by_id = by_id
        self._usage = usage

    def types(self, include_removed: bool = False) -> list[dict]:
        """Return the document types in order (without removed ones unless asked)."""
        self._load()
        return [t for t in self._types if include_removed or not t.get("removed_at")]

    def type_usage(self) -> dict[int, int]:
        """Return type id -> number of documents of that type (trashed ones included)."""
        self._load()
        return dict(self._usage)

    def filter_options(self, category: str | None = None) -> dict[str, list]:
        """Return the choices of the public filters: types, years and issuing bodies in use (in one category)."""
        items = [i for i in self.all() if category is None or i["category"] == category]
        used = {i.get("type_id") for i in items}
        return {
            "types": [t for t in self.types(include_removed=True) if t["id"] in used],
            "years": sorted({i["year"] for i in items if i["year"]}, reverse=True),
            "issuers": sorted({i.get("issuer", "") for i in items if i.get("issuer")}, key=search_text),
        }

    def search(self, query: str = "", type_id: int | None = None, year: str | None = None,
               issuer: str | None = None, page: int = 1, per_page: int = 10,
               category: str | None = None) -> tuple[list[dict], int]:
        """Return one page of live documents matching the filters and query, newest issue date first.

        ``category`` keeps the documents of one chuyên mục ("" for the general register).

        A query matches a document whose number contains it as whole words
        (``19/QĐ`` finds ``19/QĐ-UBND``, ``1`` does not find ``19/QĐ-UBND``) or
        whose words include every word of it; diacritics and case are ignored.
        """
        words = query_words(query or "")[:12]
        phrase = " " + " ".join(words) + " "
        padded = [f" {w} " for w in words]
        hits = []
        for item in self.all():
            if type_id is not None and item.get("type_id") != type_id:
                continue
            if year and item["year"] != year:
                continue
            if issuer and item.get("issuer") != issuer:
                continue
            if category is not None and item["category"] != category:
                continue
            if words and phrase not in item["_number_text"] and not all(w in item["_text"] for w in padded):
                continue
            hits.append(item)
        start = (page - 1) * per_page
        return hits[start:start + per_page], len(hits)

    def attachment(self, item_id: Any) -> tuple[Path, dict]:
        """Return the file path and attachment info of a live document, or raise NotFound."""
        item = self.get_live(item_id)
        att = item.get("attachment")
        name = safe_document_name(att["name"]) if att else None
        if name is None:
            raise NotFound(item_id)
        path = self.store.file_path(f"{UPLOAD_DIR}/{name}")
        if path is None:
            raise NotFound(item_id)
        return path, dict(att, mimetype=DOCUMENT_TYPES[att["type"]][0])

    # ---------------------------------------------------------------- documents
    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields of a document or raise ValidationError (messages in Vietnamese)."""
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}

        raw_type = values.get("type_id")
        try:
            type_id = int(raw_type) if raw_type not in (None, "") else 0
        except (TypeError, ValueError):
            type_id = -1
        current = self.get(item_id).get("type_id") if item_id is not None else None
        live = {t["id"] for t in self.types()}
        if type_id == 0:
            errors["type_id"] = "Vui lòng chọn loại văn bản."
        elif type_id not in live and type_id != current:
            errors["type_id"] = "Loại văn bản không hợp lệ."
        clean["type_id"] = type_id

        number = _clean_name(values.get("number"))
        if not number:
            errors["number"] = "Vui lòng nhập số ký hiệu."
        elif len(number) > MAX_NUMBER:
            errors["number"] = f"Số ký hiệu tối đa {MAX_NUMBER} ký tự."
        elif not _DIGIT.search(number):
            errors["number"] = "Số ký hiệu phải có số văn bản, ví dụ 19/QĐ-UBND."
        clean["number"] = number

        issued = None
        if not str(values.get("issued_on") or "").strip():
            errors["issued_on"] = "Vui lòng nhập ngày ban hành."
        else:
            try:
                issued = parse_day(values["issued_on"])
            except ValueError:
                errors["issued_on"] = f"Ngày ban hành không hợp lệ ({DATE_HINT})."
        clean["issued_on"] = issued.isoformat() if issued else ""

        effective = None
        if str(values.get("effective_on") or "").strip():
            try:
                effective = parse_day(values["effective_on"])
            except ValueError:
                errors["effective_on"] = f"Ngày có hiệu lực không hợp lệ ({DATE_HINT})."
            else:
                if issued and effective < issued:
                    errors["effective_on"] = "Ngày có hiệu lực không được trước ngày ban hành."
        clean["effective_on"] = effective.isoformat() if effective else ""

        clean["issuer"] = text_field(values, "issuer", "cơ quan ban hành", errors, required=True,
                                     max_length=MAX_ISSUER)
        clean["signer"] = text_field(values, "signer", "người ký", errors, max_length=MAX_SIGNER)
        clean["summary"] = text_field(values, "summary", "trích yếu", errors, required=True,
                                      max_length=MAX_SUMMARY)
        clean["field"] = text_field(values, "field", "lĩnh vực", errors, max_length=MAX_FIELD)
        category = str(values.get("category") or "").strip()
        if category and category not in CATEGORIES:
            errors["category"] = "Chuyên mục không hợp lệ."
        clean["category"] = category

        att = values.get("attachment")
        if att is not None:
            ok = (isinstance(att, dict) and att.get("type") in DOCUMENT_TYPES
                  and safe_document_name(att.get("name", "")) and isinstance(att.get("size"), int))
            if not ok:
                errors["attachment"] = "Tệp đính kèm không hợp lệ."
            else:
                att = {"name": att["name"], "original": str(att.get("original") or att["name"])[:200],
                       "type": att["type"], "size": att["size"]}
        clean["attachment"] = att

        if errors:
            raise ValidationError(errors)
        return clean

    def save(self, values: dict, item_id: int | None = None, by: str = "") -> dict:
        """Validate and store a document; return it as stored."""
        self._store_default_types()
        return super().save(values, item_id, by)

    # ---------------------------------------------------------------- types
    def _store_default_types(self) -> None:
        """Write the default types out (ids 1..N) if the file has no types yet."""
        if self.store.read(self.FILE).get(TYPES_TABLE):
            return
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(TYPES_TABLE)
            if len(table):
                return
            for i, name in enumerate(DEFAULT_TYPES, 1):
                table.insert(Document({"name": name, "order": i, "removed_at": None}, doc_id=i))

    def _check_type_name(self, name: Any, type_id: int | None = None) -> str:
        name = _clean_name(name)
        if not name:
            raise ValidationError({"name": "Vui lòng nhập tên loại văn bản."})
        if len(name) > MAX_TYPE_NAME:
            raise ValidationError({"name": f"Tên loại văn bản tối đa {MAX_TYPE_NAME} ký tự."})
        for t in self.types():
            if t["id"] != type_id and t["name"].casefold() == name.casefold():
                raise ValidationError({"name": f"Đã có loại văn bản “{t['name']}”."})
        return name

    def add_type(self, name: Any) -> dict:
        """Add a document type (a removed type of the same name comes back); return it."""
        name = self._check_type_name(name)
        self._store_default_types()
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(TYPES_TABLE)
            for doc in table.all():
                if doc.get("removed_at") and doc["name"].casefold() == name.casefold():
                    table.update({"name": name, "removed_at": None}, doc_ids=[doc.doc_id])
                    return dict(doc, name=name, removed_at=None, id=doc.doc_id)
            order = max((d.get("order", 0) for d in table.all()), default=0) + 1
            doc = {"name": name, "order": order, "removed_at": None}
            new_id = table.insert(doc)
            return dict(doc, id=new_id)

    def rename_type(self, type_id: Any, name: Any) -> dict:
        """Rename a document type (its documents follow); return it."""
        kind = self._live_type(type_id)
        name = self._check_type_name(name, kind["id"])
        self._store_default_types()
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            db.table(TYPES_TABLE).update({"name": name}, doc_ids=[kind["id"]])
        return dict(kind, name=name)

    def remove_type(self, type_id: Any) -> None:
        """Remove a document type from the list; refuse while any document (even trashed) uses it."""
        kind = self._live_type(type_id)
        self._store_default_types()
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            # Count under the lock, from the file itself: a document saved a moment ago counts.
            in_use = sum(1 for d in db.table(self.TABLE).all() if d.get("type_id") == kind["id"])
            if in_use:
                raise ValidationError({"name": (
                    f"Không thể xóa loại “{kind['name']}” vì đang có {in_use} văn bản thuộc loại này "
                    "(kể cả văn bản trong thùng rác). Hãy chuyển các văn bản đó sang loại khác trước.")})
            db.table(TYPES_TABLE).update({"removed_at": timeutil.now_iso()}, doc_ids=[kind["id"]])

    def _live_type(self, type_id: Any) -> dict:
        self._load()
        try:
            kind = self._types_by_id[int(type_id)]
        except (KeyError, TypeError, ValueError):
            raise NotFound(type_id) from None
        if kind.get("removed_at"):
            raise NotFound(type_id)
        return kind

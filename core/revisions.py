"""Revisions: the previous versions of an article, a page or a record (a document …), the last KEEP of each.

Each item has its own small file (``revisions/article-12.json``), so keeping a
revision costs the same whatever the size of the site. The previous version
is written before the item itself: a crash in between leaves at most one
extra revision, never a lost one.
"""
from __future__ import annotations

import difflib
import re
from typing import Any

from . import timeutil
from .errors import NotFound
from .store import Store
from .text import html_to_text

KEEP = 20
FOLDER = "revisions"
FIELDS = {
    "article": ("title", "summary", "body", "section_id", "status", "publish_at", "author", "cover",
                "cover_alt", "pinned", "pin_until"),
    "page": ("title", "slug", "body", "hidden"),
}
LABELS = {"title": "Tiêu đề", "summary": "Tóm tắt", "body": "Nội dung", "slug": "Đường dẫn"}
# A record kind (core.records.Records.KIND) keeps every field but its bookkeeping.
RECORD_KIND = re.compile(r"[a-z][a-z_]{1,30}")
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "updated_by", "trashed_at"})


def _name(kind: str, item_id: int) -> str:
    if kind not in FIELDS and not RECORD_KIND.fullmatch(kind):
        raise ValueError(kind)
    return f"{FOLDER}/{kind}-{int(item_id)}.json"


def kept_fields(kind: str, item: dict) -> dict:
    """Return the fields of ``item`` a revision of ``kind`` keeps."""
    if kind in FIELDS:
        return {k: item.get(k) for k in FIELDS[kind]}
    return {k: v for k, v in item.items() if k not in BOOKKEEPING}


class Revisions:
    """Keeps and lists the previous versions of articles and pages."""

    def __init__(self, store: Store):
        self.store = store

    def record(self, kind: str, item_id: int, old: dict, by: str = "") -> None:
        """Keep ``old`` (the version about to be replaced) as a revision of the item."""
        data = kept_fields(kind, old)
        with self.store.transaction(_name(kind, item_id), lock_name="revisions") as db:
            table = db.table("revisions")
            table.insert({"saved_at": old.get("updated_at") or timeutil.now_iso(), "replaced_at": timeutil.now_iso(),
                          "by": old.get("updated_by") or by, "data": data})
            ids = sorted(doc.doc_id for doc in table.all())
            if len(ids) > KEEP:
                table.remove(doc_ids=ids[: len(ids) - KEEP])

    def list(self, kind: str, item_id: int) -> list[dict]:
        """Return the kept revisions of an item, newest first."""
        data = self.store.read(_name(kind, item_id), cache=False)
        items = [dict(doc, id=int(k)) for k, doc in data.get("revisions", {}).items()]
        return sorted(items, key=lambda r: r["id"], reverse=True)

    def forget(self, kind: str, item_id: int) -> bool:
        """Delete every kept revision of an item that is gone for good (a removed demo item); return
        whether it had any, so that a later item given the same id starts without history."""
        return self.store.delete(_name(kind, item_id), lock_name="revisions")

    def get(self, kind: str, item_id: int, revision_id: int) -> dict:
        """Return one revision or raise NotFound."""
        for rev in self.list(kind, item_id):
            if rev["id"] == int(revision_id):
                return rev
        raise NotFound(revision_id)


def compare(old: dict, new: dict, fields: tuple[str, ...] = ("title", "summary", "body"),
            labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Return, per changed field, an HTML table of line differences (text escaped)."""
    out = []
    differ = difflib.HtmlDiff(wrapcolumn=70)
    labels = {**LABELS, **(labels or {})}
    for field in fields:
        a, b = old.get(field) or "", new.get(field) or ""
        if a == b:
            continue
        if field == "body" or (isinstance(a, str) and isinstance(b, str) and ("</p>" in a or "</p>" in b)):
            a, b = _lines(a), _lines(b)
        else:
            a, b = [str(a)], [str(b)]
        # make_table escapes the text itself.
        table = differ.make_table(a, b, "Phiên bản cũ", "Phiên bản mới", context=True, numlines=2)
        table = table.replace("No Differences Found", "Không có khác biệt về chữ").replace("Empty File", "(trống)")
        out.append({"field": field, "label": labels.get(field, field), "table": table})
    return out


def _lines(body_html: str) -> list[str]:
    # One line per block element, so that a change shows where it is.
    marked = body_html.replace("</p>", "</p>\n").replace("<br>", "<br>\n").replace("</li>", "</li>\n")
    marked = marked.replace("</h2>", "</h2>\n").replace("</h3>", "</h3>\n").replace("</tr>", "</tr>\n")
    return [html_to_text(line) for line in marked.split("\n") if line.strip()]

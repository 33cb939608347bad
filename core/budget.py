"""Công khai ngân sách: the commune's budget disclosures by year and kind, and which required ones are missing or late.

One file, ``budget.json``: table ``items`` holds the disclosures (year, kind,
title, the document that discloses it — number, date, attached file — and the
date it was made public); table ``deadlines`` holds the deadlines the editor
changed (one row per kind), the others follow :data:`DEFAULT_DEADLINES`.
Dates are stored as ``YYYY-MM-DD``; attachments as the document register's
(``core.uploads.save_document``).
"""
from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path
from typing import Any

from tinydb.table import Document

from . import timeutil
from .errors import NotFound, ValidationError
from .records import Records, text_field
from .text import query_words, search_text, slugify
from .uploads import DOCUMENT_TYPES, UPLOAD_DIR, safe_document_name, size_label

DEADLINES_TABLE = "deadlines"
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TITLE = 300
MAX_NUMBER = 60
MAX_NOTE = 2000
DATE_HINT = "nhập theo dạng ngày/tháng/năm, ví dụ 15/01/2025"

# Kinds of disclosure, in the order of a budget year: key -> (name in a list, what it is for year {year}).
KINDS: dict[str, tuple[str, str]] = {
    "du-toan-trinh": ("Dự toán trình HĐND", "dự toán ngân sách năm {year} trình Hội đồng nhân dân xã"),
    "du-toan": ("Dự toán được giao", "dự toán ngân sách năm {year} đã được Hội đồng nhân dân xã quyết định"),
    "quy-1": ("Thực hiện quý I", "tình hình thực hiện dự toán ngân sách quý I năm {year}"),
    "6-thang": ("Thực hiện 6 tháng", "tình hình thực hiện dự toán ngân sách 6 tháng đầu năm {year}"),
    "9-thang": ("Thực hiện 9 tháng", "tình hình thực hiện dự toán ngân sách 9 tháng (quý III) năm {year}"),
    "ca-nam": ("Thực hiện cả năm", "tình hình thực hiện dự toán ngân sách năm {year}"),
    "quyet-toan": ("Quyết toán", "quyết toán ngân sách năm {year} đã được Hội đồng nhân dân xã phê chuẩn"),
}

# The deadline of each required disclosure of budget year Y: (day, month, years after Y), or None when the
# kind is not checked. Source: Luật Ngân sách nhà nước 2015, Điều 15, and Thông tư 343/2016/TT-BTC (công khai
# ngân sách xã): the estimate approved by the HĐND within 30 days of its resolution (the HĐND decides before
# 31/12 of Y-1, so 31/01 of Y); the execution of a quarter, 6 and 9 months and the year within 15 days after
# the period ends; the final accounts within 30 days of their approval (the HĐND approves them during Y+1, so
# 31/12 of Y+1). The estimate submitted to the HĐND is disclosed with the session's papers, whose date varies:
# not checked unless the commune sets a day. Each commune may change these in the panel.
DEFAULT_DEADLINES: dict[str, tuple[int, int, int] | None] = {
    "du-toan-trinh": None,
    "du-toan": (31, 1, 0),
    "quy-1": (15, 4, 0),
    "6-thang": (15, 7, 0),
    "9-thang": (15, 10, 0),
    "ca-nam": (15, 1, 1),
    "quyet-toan": (31, 12, 1),
}
YEAR_OFFSETS = {-1: "năm trước", 0: "năm ngân sách", 1: "năm sau"}

MISSING, LATE = "missing", "late"


def show_day(iso: str | None) -> str:
    """Return a stored ``YYYY-MM-DD`` date as dd/mm/yyyy ("" for none)."""
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def kind_label(kind: str) -> str:
    """Return the short Vietnamese name of a kind of disclosure."""
    return KINDS.get(kind, ("Công khai ngân sách", ""))[0]


def kind_words(kind: str, year: int) -> str:
    """Return what a disclosure of ``kind`` for budget ``year`` is, as words for a sentence."""
    return KINDS[kind][1].format(year=year) if kind in KINDS else f"ngân sách năm {year}"


def deadline_of(rule: tuple[int, int, int], year: int) -> date:
    """Return the deadline of budget year ``year`` for a rule (29/02 becomes 28/02 in a common year)."""
    day, month, offset = rule
    y = year + offset
    return date(y, month, min(day, calendar.monthrange(y, month)[1]))


def _parse_day(values: dict, name: str, label: str, errors: dict) -> date | None:
    raw = str(values.get(name) or "").strip()
    if not raw:
        errors[name] = f"Vui lòng nhập {label}."
        return None
    try:
        return timeutil.parse_day(raw, MIN_YEAR, MAX_YEAR)
    except ValueError:
        errors[name] = f"{label[:1].upper()}{label[1:]} không hợp lệ ({DATE_HINT})."
        return None


class Budget(Records):
    """The budget disclosures (công khai ngân sách) and their deadlines."""

    FILE = "budget.json"

    # ---------------------------------------------------------------- reads
    def sort_key(self, item: dict) -> Any:
        """Order by budget year, then by the kind's place in the year, newest first."""
        order = list(KINDS).index(item["kind"]) if item.get("kind") in KINDS else len(KINDS)
        return (item.get("year", 0), order, item.get("disclosed_on", ""), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Attach kind names, display dates, slugs, file labels and search texts."""
        for item in items:
            item["kind_name"] = kind_label(item.get("kind", ""))
            item["kind_words"] = kind_words(item.get("kind", ""), item.get("year", 0))
            item["issued_vn"] = show_day(item.get("issued_on"))
            item["disclosed_vn"] = show_day(item.get("disclosed_on"))
            item["slug"] = slugify(item.get("title", ""))
            item["_text"] = search_text(item.get("title", ""), item["kind_name"], str(item.get("year", "")),
                                        item.get("number", ""), item.get("note", ""))
            att = item.get("attachment")
            if att:
                item["attachment_label"] = f"{DOCUMENT_TYPES[att['type']][1]}, {size_label(att['size'])}"

    def years(self) -> list[int]:
        """Return the budget years that have a live disclosure, newest first."""
        return sorted({i["year"] for i in self.all()}, reverse=True)

    def search(self, query: str = "", year: int | None = None, kind: str | None = None, page: int = 1,
               per_page: int = 20) -> tuple[list[dict], int]:
        """Return one page of live disclosures of a year and kind whose words include every word of ``query``."""
        padded = [f" {w} " for w in query_words(query or "")[:12]]
        hits = [i for i in self.all()
                if (year is None or i["year"] == year) and (not kind or i["kind"] == kind)
                and all(w in i["_text"] for w in padded)]
        start = (page - 1) * per_page
        return hits[start:start + per_page], len(hits)

    def attachment(self, item_id: Any) -> tuple[Path, dict]:
        """Return the file path and attachment info of a live disclosure, or raise NotFound."""
        item = self.get_live(item_id)
        att = item.get("attachment")
        name = safe_document_name(att["name"]) if att else None
        path = self.store.file_path(f"{UPLOAD_DIR}/{name}") if name else None
        if path is None:
            raise NotFound(item_id)
        return path, dict(att, mimetype=DOCUMENT_TYPES[att["type"]][0])

    # ---------------------------------------------------------------- writes
    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields of a disclosure or raise ValidationError (messages in Vietnamese)."""
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        try:
            year = int(str(values.get("year") or "").strip())
        except ValueError:
            year = 0
        if not MIN_YEAR <= year <= MAX_YEAR:
            errors["year"] = f"Năm ngân sách phải từ {MIN_YEAR} đến {MAX_YEAR}."
        clean["year"] = year
        kind = str(values.get("kind") or "")
        if kind not in KINDS:
            errors["kind"] = "Vui lòng chọn loại công khai."
        clean["kind"] = kind
        clean["title"] = text_field(values, "title", "tiêu đề", errors, required=True, max_length=MAX_TITLE)
        clean["number"] = text_field(values, "number", "số ký hiệu văn bản", errors, required=True,
                                     max_length=MAX_NUMBER)
        issued = _parse_day(values, "issued_on", "ngày ký văn bản", errors)
        disclosed = _parse_day(values, "disclosed_on", "ngày công khai", errors)
        if issued and disclosed and disclosed < issued:
            errors["disclosed_on"] = "Ngày công khai không thể trước ngày ký văn bản."
        clean["issued_on"] = issued.isoformat() if issued else ""
        clean["disclosed_on"] = disclosed.isoformat() if disclosed else ""
        clean["note"] = text_field(values, "note", "ghi chú", errors, max_length=MAX_NOTE)
        att = values.get("attachment")
        if att is not None:
            ok = (isinstance(att, dict) and safe_document_name(str(att.get("name", ""))) is not None
                  and att.get("type") in DOCUMENT_TYPES and isinstance(att.get("size"), int))
            if not ok:
                errors["attachment"] = "Tệp đính kèm không hợp lệ."
            else:
                att = {"name": att["name"], "original": str(att.get("original") or att["name"])[:200],
                       "type": att["type"], "size": att["size"]}
        clean["attachment"] = att
        if errors:
            raise ValidationError(errors)
        return clean

    # ---------------------------------------------------------------- deadlines
    def deadlines(self) -> dict[str, tuple[int, int, int] | None]:
        """Return the deadline rule of every kind: the editor's where set, else the default."""
        rules = dict(DEFAULT_DEADLINES)
        for doc in self.store.read(self.FILE).get(DEADLINES_TABLE, {}).values():
            if doc.get("kind") in rules:
                rule = doc.get("rule")
                rules[doc["kind"]] = tuple(rule) if rule else None
        return rules

    def save_deadlines(self, values: dict[str, Any]) -> dict[str, tuple[int, int, int] | None]:
        """Store the deadline of each kind: ``{kind: "dd/mm" or "", kind + "_offset": -1|0|1}``; return them all.

        An empty day means the kind is not checked.
        """
        errors: dict[str, str] = {}
        rules: dict[str, tuple[int, int, int] | None] = {}
        for kind in KINDS:
            raw = str(values.get(kind) or "").strip()
            try:
                offset = int(values.get(f"{kind}_offset", 0))
            except (TypeError, ValueError):
                offset = 99
            if offset not in YEAR_OFFSETS:
                errors[f"{kind}_offset"] = "Năm của thời hạn không hợp lệ."
            if not raw:
                rules[kind] = None
                continue
            try:
                day_text, month_text = raw.replace(".", "/").replace("-", "/").split("/")
                day, month = int(day_text), int(month_text)
                date(2000, month, day)  # a leap year: 29/02 is allowed (28/02 in a common year)
            except ValueError:
                errors[kind] = "Thời hạn không hợp lệ (nhập ngày/tháng, ví dụ 15/04; để trống nếu không theo dõi)."
                continue
            rules[kind] = (day, month, offset)
        if errors:
            raise ValidationError(errors)
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(DEADLINES_TABLE)
            table.truncate()
            for n, kind in enumerate(KINDS, 1):
                rule = rules[kind]
                table.insert(Document({"kind": kind, "rule": list(rule) if rule else None}, doc_id=n))
        return rules

    def overdue(self, year: int, today: date) -> list[dict]:
        """Return the required disclosures of budget ``year`` that are missing past their deadline or were late.

        Each entry: ``kind``, ``label`` (Vietnamese, with the year), ``deadline`` (a date), ``status``
        (``missing``: none published and the deadline passed; ``late``: the first one was published after it)
        and ``item`` (the disclosure, for a late one).
        """
        out = []
        live = [i for i in self.all() if i["year"] == year]
        for kind, rule in self.deadlines().items():
            if rule is None:
                continue
            deadline = deadline_of(rule, year)
            mine = sorted((i for i in live if i["kind"] == kind), key=lambda i: i["disclosed_on"])
            label = f"Công khai {kind_words(kind, year)}"
            if not mine:
                if today > deadline:
                    out.append({"kind": kind, "label": label, "deadline": deadline, "status": MISSING,
                                "item": None})
            elif mine[0]["disclosed_on"] > deadline.isoformat():
                out.append({"kind": kind, "label": label, "deadline": deadline, "status": LATE, "item": mine[0]})
        return out

    def overdue_this_year(self, today: date) -> list[dict]:
        """Return what :meth:`overdue` finds, for any budget year, among the deadlines of today's calendar year.

        What the dashboard shows: last year's execution report and final accounts fall due this year; a gap
        of an earlier calendar year is not repeated forever (the public list still shows what is missing).
        """
        found = [d for year in (today.year - 1, today.year, today.year + 1) for d in self.overdue(year, today)]
        return sorted((d for d in found if d["deadline"].year == today.year), key=lambda d: d["deadline"])

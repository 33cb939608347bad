"""Nhuận bút: royalties for the articles of a period, per author, with a "paid" mark so nothing is paid twice.

The rule (Nghị định 18/2014, Art. 7, and the provinces' own tables) is
royalty = coefficient × one unit, one unit = a percentage (10 % by default) of
the base salary (lương cơ sở) in force on the day the article was published.
Nothing is hard-coded but the defaults: the work types with their default
coefficients, the base salaries with their effective dates and the unit's
percentage are data the editor changes, and so is each article's type,
coefficient and authors with their shares.

Everything lives in ``royalties.json`` (never in the article shards):
``meta`` (the unit's percentage), ``types``, ``salaries``, ``items`` (one per
article, keyed by the article id) and ``payments`` (the paid periods, with
the articles each one settled). Coefficients, percentages and shares are
stored as decimal strings, amounts as whole đồng.

A period report counts the articles published in the period (the rule of
``core.report_figures.published_in_period``); an article that a live payment
already settled is flagged and left out of the totals and of any new payment.
The .xlsx and .docx files are written by ``core.royalties_export``.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tinydb.table import Document

from . import timeutil
from .content import Content
from .errors import NotFound, ValidationError
from .report_figures import local_day, published_in_period
from .royalty_defaults import (  # noqa: F401  (parse_authors, equal_shares, split_amount: the views' API)
    DEFAULT_SALARIES, DEFAULT_TYPES, DEFAULT_UNIT_PERCENT, HUNDRED, MAX_AUTHORS, equal_shares, parse_authors,
    section_paid_by_default, split_amount,
)
from .store import Store
from .vnformat import (
    amount_in_words, decimal_text, fold, parse_decimal, parse_money, round_half_up, vn_day, vnd,
)

ROYALTIES_FILE = "royalties.json"
LOCK = "royalties"


MAX_COEFFICIENT = Decimal("1000")
MAX_SALARY = 1_000_000_000
MAX_NAME = 120
MAX_NOTE = 500

STATUS_PAYABLE = "payable"
STATUS_PAID = "paid"
STATUS_UNASSIGNED = "unassigned"
STATUS_NO_SALARY = "no_salary"
STATUS_UNPAID_SECTION = "unpaid_section"


def _name_key(name: str) -> str:
    return fold(name)


# ------------------------------------------------------------------ the data
class Royalties:
    """Royalty settings, each article's royalty and the paid periods, in one locked TinyDB file."""

    FILE = ROYALTIES_FILE
    LOCK = LOCK

    def __init__(self, store: Store):
        self.store = store

    # ---------------------------------------------------------------- reads
    def _data(self) -> dict:
        return self.store.read(self.FILE)

    def _initialized(self, data: dict) -> bool:
        return bool(data.get("meta", {}).get("1", {}).get("initialized"))

    def unit_percent(self) -> Decimal:
        """Return the percentage of the base salary that makes one unit (10 by default)."""
        meta = self._data().get("meta", {}).get("1", {})
        return Decimal(str(meta.get("unit_percent") or DEFAULT_UNIT_PERCENT))

    def types(self, include_removed: bool = False) -> list[dict]:
        """Return the work types in order: ``{id, name, coefficient (Decimal), removed_at}``."""
        data = self._data()
        if self._initialized(data):
            items = [dict(doc, id=int(k)) for k, doc in data.get("types", {}).items()]
        else:
            items = [{"id": n, "name": name, "coefficient": c, "low": low, "high": high, "order": n,
                      "removed_at": None} for n, (name, c, low, high) in enumerate(DEFAULT_TYPES, 1)]
        for t in items:
            t["coefficient"] = Decimal(str(t["coefficient"]))
            t["coefficient_text"] = decimal_text(t["coefficient"])
            # Types stored before ranges were kept, and types the commune adds, have no range.
            t["low"] = Decimal(str(t["low"])) if t.get("low") not in (None, "") else None
            t["high"] = Decimal(str(t["high"])) if t.get("high") not in (None, "") else None
            t["range_text"] = (f"{decimal_text(t['low'])}–{decimal_text(t['high'])}"
                               if t["low"] is not None and t["high"] is not None else "")
        items.sort(key=lambda t: (t.get("order", 0), t["id"]))
        return [t for t in items if include_removed or not t.get("removed_at")]

    def type_by_id(self) -> dict[int, dict]:
        """Return every work type (removed ones too) keyed by id."""
        return {t["id"]: t for t in self.types(include_removed=True)}

    def salaries(self) -> list[dict]:
        """Return the base salaries, oldest effective date first: ``{id, effective_from, amount}``."""
        data = self._data()
        if self._initialized(data):
            items = [dict(doc, id=int(k)) for k, doc in data.get("salaries", {}).items()]
        else:
            items = [{"id": n, "effective_from": day, "amount": amount, "source": source}
                     for n, (day, amount, source) in enumerate(DEFAULT_SALARIES, 1)]
        for s in items:
            s.setdefault("source", "")
        items.sort(key=lambda s: (s["effective_from"], s["id"]))
        return items

    def base_salary_on(self, day: date, salaries: list[dict] | None = None) -> int | None:
        """Return the base salary in force on ``day`` (None before the first effective date)."""
        found = None
        for s in salaries if salaries is not None else self.salaries():
            if s["effective_from"] <= day.isoformat():
                found = int(s["amount"])
        return found

    def item(self, article_id: int) -> dict | None:
        """Return an article's royalty record (type, coefficient, authors with shares) or None."""
        doc = self._data().get("items", {}).get(str(int(article_id)))
        if doc is None:
            return None
        return _item_view(dict(doc, id=int(article_id)))

    def items(self) -> dict[int, dict]:
        """Return every article's royalty record keyed by article id."""
        return {int(k): _item_view(dict(doc, id=int(k))) for k, doc in self._data().get("items", {}).items()}

    def payments(self, include_cancelled: bool = True) -> list[dict]:
        """Return the paid periods, newest first."""
        items = [dict(doc, id=int(k)) for k, doc in self._data().get("payments", {}).items()]
        items.sort(key=lambda p: (p.get("created_at", ""), p["id"]), reverse=True)
        return [p for p in items if include_cancelled or not p.get("cancelled_at")]

    def payment(self, payment_id: int) -> dict:
        """Return one payment or raise NotFound."""
        doc = self._data().get("payments", {}).get(str(int(payment_id)))
        if doc is None:
            raise NotFound(payment_id)
        return dict(doc, id=int(payment_id))

    def paid_index(self) -> dict[int, dict]:
        """Return article id -> the live payment that settled it."""
        out: dict[int, dict] = {}
        for p in self.payments(include_cancelled=False):
            for aid in p.get("article_ids", []):
                out.setdefault(int(aid), p)
        return out

    # ---------------------------------------------------------------- writes
    def _transaction(self):
        return self.store.transaction(self.FILE, lock_name=self.LOCK)

    def _materialize(self, db) -> None:
        """Write the default types, salaries and unit out (same ids) before the first change."""
        meta = db.table("meta")
        current = meta.get(doc_id=1) or {}
        if current.get("initialized"):
            return
        types = db.table("types")
        for n, (name, c, low, high) in enumerate(DEFAULT_TYPES, 1):
            types.upsert(Document({"name": name, "coefficient": c, "low": low, "high": high, "order": n,
                                   "removed_at": None}, doc_id=n))
        salaries = db.table("salaries")
        for n, (day, amount, source) in enumerate(DEFAULT_SALARIES, 1):
            salaries.upsert(Document({"effective_from": day, "amount": amount, "source": source}, doc_id=n))
        meta.upsert(Document({"initialized": True,
                              "unit_percent": current.get("unit_percent") or DEFAULT_UNIT_PERCENT}, doc_id=1))

    def set_unit_percent(self, value: Any) -> Decimal:
        """Store the percentage of the base salary that makes one unit."""
        try:
            percent = parse_decimal(value)
            if not Decimal(0) < percent <= HUNDRED:
                raise ValueError(value)
        except ValueError:
            raise ValidationError({"unit_percent": "Tỷ lệ phải là một số lớn hơn 0 và không quá 100 "
                                                   "(ví dụ 10 hoặc 12,5)."}) from None
        with self._transaction() as db:
            self._materialize(db)
            db.table("meta").update({"unit_percent": str(percent)}, doc_ids=[1])
        return percent

    @staticmethod
    def _check_type(name: Any, coefficient: Any) -> tuple[str, Decimal]:
        errors: dict[str, str] = {}
        name = " ".join(str(name or "").split())
        if not name:
            errors["name"] = "Vui lòng nhập tên thể loại."
        elif len(name) > MAX_NAME:
            errors["name"] = f"Tên thể loại tối đa {MAX_NAME} ký tự."
        try:
            coef = parse_decimal(coefficient)
            if coef > MAX_COEFFICIENT:
                raise ValueError(coefficient)
        except ValueError:
            errors["coefficient"] = ("Hệ số phải là một số từ 0 đến 1.000, tối đa hai chữ số thập phân "
                                     "(ví dụ 10 hoặc 7,5).")
            coef = Decimal(0)
        if errors:
            raise ValidationError(errors)
        return name, coef

    def add_type(self, name: Any, coefficient: Any) -> dict:
        """Add a work type with its default coefficient."""
        name, coef = self._check_type(name, coefficient)
        if any(fold(t["name"]) == fold(name) for t in self.types()):
            raise ValidationError({"name": "Đã có thể loại này."})
        with self._transaction() as db:
            self._materialize(db)
            table = db.table("types")
            order = max((d.get("order", 0) for d in table.all()), default=0) + 1
            doc = {"name": name, "coefficient": str(coef), "order": order, "removed_at": None}
            return dict(doc, id=table.insert(doc))

    def update_type(self, type_id: int, name: Any, coefficient: Any) -> dict:
        """Rename a work type or change its default coefficient (articles keep the coefficient they have)."""
        name, coef = self._check_type(name, coefficient)
        if int(type_id) not in self.type_by_id():
            raise NotFound(type_id)
        _check_range(self.type_by_id()[int(type_id)], coef, "coefficient")
        if any(fold(t["name"]) == fold(name) and t["id"] != int(type_id) for t in self.types()):
            raise ValidationError({"name": "Đã có thể loại này."})
        with self._transaction() as db:
            self._materialize(db)
            db.table("types").update({"name": name, "coefficient": str(coef)}, doc_ids=[int(type_id)])
        return self.type_by_id()[int(type_id)]

    def remove_type(self, type_id: int) -> None:
        """Take a work type off the list (articles that use it keep it; it can be added again)."""
        if int(type_id) not in self.type_by_id():
            raise NotFound(type_id)
        if len(self.types()) <= 1:
            raise ValidationError({"name": "Cần giữ lại ít nhất một thể loại."})
        with self._transaction() as db:
            self._materialize(db)
            db.table("types").update({"removed_at": timeutil.now_iso()}, doc_ids=[int(type_id)])

    def add_salary(self, amount: Any, effective_from: Any, source: Any = "") -> dict:
        """Add a base salary with the date it takes effect and the decree that sets it."""
        errors: dict[str, str] = {}
        try:
            value = parse_money(amount)
            if not 0 < value <= MAX_SALARY:
                raise ValueError(amount)
        except ValueError:
            errors["amount"] = "Mức lương cơ sở phải là số tiền lớn hơn 0, ví dụ 2.340.000."
            value = 0
        try:
            day = timeutil.parse_day(effective_from).isoformat()
        except ValueError:
            errors["effective_from"] = "Ngày áp dụng không hợp lệ (nhập ngày/tháng/năm, ví dụ 01/07/2024)."
            day = ""
        if day and any(s["effective_from"] == day for s in self.salaries()):
            errors["effective_from"] = "Đã có mức lương cơ sở áp dụng từ ngày này; hãy xóa mức cũ trước."
        if errors:
            raise ValidationError(errors)
        with self._transaction() as db:
            self._materialize(db)
            doc = {"effective_from": day, "amount": value, "source": " ".join(str(source or "").split())[:MAX_NAME]}
            return dict(doc, id=db.table("salaries").insert(doc))

    def remove_salary(self, salary_id: int) -> None:
        """Remove a base salary entry (payments already recorded keep their amounts)."""
        if int(salary_id) not in {s["id"] for s in self.salaries()}:
            raise NotFound(salary_id)
        with self._transaction() as db:
            self._materialize(db)
            db.table("salaries").remove(doc_ids=[int(salary_id)])

    def validate_item(self, values: dict) -> dict:
        """Return an article's cleaned royalty record or raise ValidationError (messages per field).

        ``values``: ``type_id``, ``coefficient`` (blank: the type's default),
        ``authors``: a list of ``{"name", "share"}`` (blank rows ignored; one
        author without a share gets 100), ``note``.
        """
        errors: dict[str, str] = {}
        types = self.type_by_id()
        try:
            type_id = int(values.get("type_id") or 0)
        except (TypeError, ValueError):
            type_id = 0
        kind = types.get(type_id)
        if kind is None or (kind.get("removed_at") and type_id != values.get("current_type_id")):
            errors["type_id"] = "Vui lòng chọn thể loại trong danh sách."
        raw_coef = values.get("coefficient")
        coefficient = kind["coefficient"] if kind else Decimal(0)
        if raw_coef not in (None, ""):
            try:
                coefficient = parse_decimal(raw_coef)
                if coefficient > MAX_COEFFICIENT:
                    raise ValueError(raw_coef)
            except ValueError:
                errors["coefficient"] = "Hệ số phải là một số từ 0 đến 1.000, tối đa hai chữ số thập phân."
        if kind is not None and "coefficient" not in errors:
            try:
                _check_range(kind, coefficient, "coefficient")
            except ValidationError as exc:
                errors.update(exc.errors)
        authors = []
        rows = [a for a in values.get("authors") or [] if str(a.get("name") or "").strip()
                or str(a.get("share") or "").strip()]
        for n, row in enumerate(rows, 1):
            name = " ".join(str(row.get("name") or "").split())
            raw = str(row.get("share") or "").strip()
            if not name:
                errors["authors"] = f"Dòng {n}: vui lòng nhập họ tên tác giả (hoặc xóa tỷ lệ)."
                continue
            if len(name) > MAX_NAME:
                errors["authors"] = f"Dòng {n}: họ tên tối đa {MAX_NAME} ký tự."
            if not raw and len(rows) == 1:
                share = HUNDRED
            else:
                try:
                    share = parse_decimal(raw)
                    if not Decimal(0) < share <= HUNDRED:
                        raise ValueError(raw)
                except ValueError:
                    errors["authors"] = (f"Dòng {n}: tỷ lệ của {name} phải là số phần trăm lớn hơn 0, "
                                         "ví dụ 60 hoặc 33,33.")
                    share = Decimal(0)
            authors.append({"name": name, "share": share})
        if not rows:
            errors["authors"] = "Vui lòng nhập ít nhất một tác giả."
        elif len(rows) > MAX_AUTHORS:
            errors["authors"] = f"Tối đa {MAX_AUTHORS} tác giả."
        elif "authors" not in errors:
            keys = [_name_key(a["name"]) for a in authors]
            total = sum(a["share"] for a in authors)
            if len(set(keys)) != len(keys):
                errors["authors"] = "Mỗi tác giả chỉ ghi một dòng."
            elif total != HUNDRED:
                errors["authors"] = (f"Tổng tỷ lệ của các tác giả phải bằng 100 % (hiện là "
                                     f"{decimal_text(total)} %).")
        note = " ".join(str(values.get("note") or "").split())
        if len(note) > MAX_NOTE:
            errors["note"] = f"Ghi chú tối đa {MAX_NOTE} ký tự."
        if errors:
            raise ValidationError(errors)
        return {"type_id": type_id, "coefficient": str(coefficient),
                "authors": [{"name": a["name"], "share": str(a["share"])} for a in authors], "note": note}

    def save_item(self, content: Content, article_id: int, values: dict, by: str = "") -> dict:
        """Store an article's type, coefficient and authors; refuse while a live payment holds it."""
        content.article_meta(article_id)  # NotFound for an unknown article
        current = self.item(article_id)
        clean = self.validate_item(dict(values, current_type_id=(current or {}).get("type_id")))
        with self._transaction() as db:
            paid = self._paid_in(db, int(article_id))
            if paid is not None:
                raise ValidationError({"type_id": (
                    f"Tin bài này đã được chi trả nhuận bút trong kỳ {period_text(paid)}; muốn sửa, hãy hủy "
                    "đánh dấu “đã chi trả” của kỳ đó trước.")})
            self._materialize(db)
            doc = dict(clean, updated_at=timeutil.now_iso(), updated_by=by)
            db.table("items").upsert(Document(doc, doc_id=int(article_id)))
        return _item_view(dict(doc, id=int(article_id)))

    def assign_defaults(self, content: Content, start: date, end: date, type_id: Any, by: str = "",
                        now: Any = None) -> int:
        """Give every article of the period that has no royalty yet the type ``type_id``, its default
        coefficient and the authors of its byline (equal shares); return how many were set."""
        types = {t["id"]: t for t in self.types()}
        try:
            kind = types[int(type_id)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError({"type_id": "Vui lòng chọn thể loại trong danh sách."}) from None
        now_iso = timeutil.to_iso(now or timeutil.now())
        articles = published_in_period(content, start, end, now_iso)
        rules = self.section_rules(content)
        count = 0
        with self._transaction() as db:
            self._materialize(db)
            table = db.table("items")
            for meta in articles:
                if table.get(doc_id=meta["id"]) is not None or not rules.get(meta["section_id"], True):
                    continue
                names = parse_authors(meta.get("author", ""))
                if not names:
                    continue  # nobody to pay: left for the editor
                authors = [{"name": n, "share": str(s)} for n, s in zip(names, equal_shares(len(names)), strict=True)]
                table.upsert(Document({"type_id": kind["id"], "coefficient": str(kind["coefficient"]),
                                       "authors": authors, "note": "", "updated_at": now_iso,
                                       "updated_by": by}, doc_id=meta["id"]))
                count += 1
        return count

    def section_rules(self, content: Content) -> dict[int, bool]:
        """Return section id -> whether its articles earn royalties (the commune's choice, else the default)."""
        stored = self._data().get("sections", {})
        rules: dict[int, bool] = {}
        for s in content.sections(include_hidden=True):
            doc = stored.get(str(s["id"]))
            rules[s["id"]] = bool(doc["paid"]) if doc is not None else section_paid_by_default(s)
        return rules

    def set_section_rule(self, content: Content, section_id: int, paid: bool) -> None:
        """Store whether a section's articles earn royalties."""
        content.section(section_id)  # NotFound for an unknown section
        with self._transaction() as db:
            self._materialize(db)
            db.table("sections").upsert(Document({"paid": bool(paid)}, doc_id=int(section_id)))

    @staticmethod
    def _paid_in(db, article_id: int) -> dict | None:
        for doc in db.table("payments").all():
            if not doc.get("cancelled_at") and article_id in doc.get("article_ids", []):
                return dict(doc, id=doc.doc_id)
        return None

    # ---------------------------------------------------------------- the period report
    def period_report(self, content: Content, start: date, end: date, now: Any = None,
                      paid: dict[int, dict] | None = None) -> dict[str, Any]:
        """Return the royalties of the articles published in the period, per article and per author.

        Articles settled by a live payment are listed as paid and left out of the
        totals; those without a royalty record, or published before the first
        base salary, are listed apart so the editor can complete them.
        """
        now_iso = timeutil.to_iso(now or timeutil.now())
        articles = published_in_period(content, start, end, now_iso)
        items = self.items()
        types = self.type_by_id()
        salaries = self.salaries()
        percent = self.unit_percent()
        paid = self.paid_index() if paid is None else paid
        sections = content.sections_by_id()
        rules = self.section_rules(content)
        rows: list[dict] = []
        authors: dict[str, dict] = {}
        for meta in articles:
            day = date.fromisoformat(local_day(meta["publish_at"]))
            row: dict[str, Any] = {"id": meta["id"], "title": meta["title"], "day": day, "day_vn": vn_day(day),
                                   "section": sections.get(meta["section_id"], {}).get("name", ""),
                                   "byline": meta.get("author") or ""}
            item = items.get(meta["id"])
            payment = paid.get(meta["id"])
            if payment is None and not rules.get(meta["section_id"], True):
                row["status"] = STATUS_UNPAID_SECTION
                rows.append(row)
                continue
            if item is None:
                row["status"] = STATUS_PAID if payment else STATUS_UNASSIGNED
                row["payment"] = payment
                rows.append(row)
                continue
            kind = types.get(item["type_id"])
            base = self.base_salary_on(day, salaries)
            row.update(type_name=kind["name"] if kind else "(Thể loại đã xóa)", coefficient=item["coefficient"],
                       coefficient_text=decimal_text(item["coefficient"]), base=base, payment=payment)
            if base is None:
                row["authors"] = [{"name": a["name"], "share": a["share"], "share_text": a["share_text"],
                                   "amount": 0, "amount_text": "chưa tính"} for a in item["authors"]]
                row["status"] = STATUS_PAID if payment else STATUS_NO_SALARY
                rows.append(row)
                continue
            unit = Decimal(base) * percent / HUNDRED
            amount = round_half_up(item["coefficient"] * unit)
            parts = split_amount(amount, [a["share"] for a in item["authors"]])
            row.update(unit=unit, unit_text=vnd(round_half_up(unit)), amount=amount, amount_text=vnd(amount),
                       base_text=vnd(base),
                       authors=[{"name": a["name"], "share": a["share"], "share_text": decimal_text(a["share"]),
                                 "amount": p, "amount_text": vnd(p)}
                                for a, p in zip(item["authors"], parts, strict=True)])
            row["status"] = STATUS_PAID if payment else STATUS_PAYABLE
            rows.append(row)
            if payment:
                continue
            for a in row["authors"]:
                entry = authors.setdefault(_name_key(a["name"]), {"name": a["name"], "lines": [], "amount": 0,
                                                                  "coefficient": Decimal(0)})
                entry["lines"].append({"article": row, "share": a["share"], "share_text": a["share_text"],
                                       "amount": a["amount"], "amount_text": a["amount_text"]})
                entry["amount"] += a["amount"]
                entry["coefficient"] += row["coefficient"] * a["share"] / HUNDRED
        by_author = sorted(authors.values(), key=lambda e: fold(e["name"]))
        for n, entry in enumerate(by_author, 1):
            entry["tt"] = n
            entry["count"] = len(entry["lines"])
            entry["amount_text"] = vnd(entry["amount"])
            entry["coefficient_text"] = decimal_text(entry["coefficient"].quantize(Decimal("0.01")))
        payable = [r for r in rows if r["status"] == STATUS_PAYABLE]
        total = sum(r["amount"] for r in payable)
        coefficient_total = sum((r["coefficient"] for r in payable), Decimal(0))
        return {
            "start": start, "end": end, "start_vn": vn_day(start), "end_vn": vn_day(end),
            "rows": rows, "authors": by_author, "payable": payable,
            "paid": [r for r in rows if r["status"] == STATUS_PAID],
            "unassigned": [r for r in rows if r["status"] == STATUS_UNASSIGNED],
            "no_salary": [r for r in rows if r["status"] == STATUS_NO_SALARY],
            "unpaid_section": [r for r in rows if r["status"] == STATUS_UNPAID_SECTION],
            "coefficient_total": coefficient_total, "coefficient_total_text": decimal_text(coefficient_total),
            "total": total, "total_text": vnd(total), "total_words": amount_in_words(total),
            "count": len(payable), "unit_percent": percent, "unit_percent_text": decimal_text(percent),
            "salaries": [dict(s, amount_text=vnd(s["amount"]), effective_vn=vn_day(
                date.fromisoformat(s["effective_from"]))) for s in salaries],
        }

    # ---------------------------------------------------------------- payments
    def mark_paid(self, content: Content, start: date, end: date, by: str = "", note: str = "",
                  paid_on: date | None = None, now: Any = None) -> dict:
        """Record the period's payable royalties as paid (those articles drop out of every later payment)."""
        note = " ".join(str(note or "").split())
        if len(note) > MAX_NOTE:
            raise ValidationError({"note": f"Ghi chú tối đa {MAX_NOTE} ký tự."})
        with self.store.locked(self.LOCK):
            # Computed under the lock: two clicks or two editors cannot pay the same article twice.
            self.store.invalidate("royalties")
            report = self.period_report(content, start, end, now=now)
            if report["no_salary"]:
                raise ValidationError({"period": no_salary_message(report)})
            if not report["payable"]:
                raise ValidationError({"period": "Không có tin bài nào cần chi trả trong kỳ này."})
            doc = {
                "start": start.isoformat(), "end": end.isoformat(),
                "paid_on": (paid_on or timeutil.now().date()).isoformat(), "note": note, "by": by,
                "article_ids": [r["id"] for r in report["payable"]], "total": report["total"],
                "authors": [{"name": a["name"], "amount": a["amount"], "count": a["count"]}
                            for a in report["authors"]],
                "created_at": timeutil.now_iso(), "cancelled_at": None, "cancelled_by": "",
            }
            with self._transaction() as db:
                self._materialize(db)
                new_id = db.table("payments").insert(doc)
        return dict(doc, id=new_id)

    def cancel_payment(self, payment_id: int, by: str = "") -> dict:
        """Take back a "paid" mark (a mistake): its articles become payable again. The record is kept."""
        with self._transaction() as db:
            table = db.table("payments")
            doc = table.get(doc_id=int(payment_id))
            if doc is None:
                raise NotFound(payment_id)
            if doc.get("cancelled_at"):
                raise ValidationError({"payment": "Kỳ chi trả này đã được hủy trước đó."})
            changes = {"cancelled_at": timeutil.now_iso(), "cancelled_by": by}
            table.update(changes, doc_ids=[int(payment_id)])
        return dict(doc, **changes, id=int(payment_id))


def _item_view(doc: dict) -> dict:
    """Return a stored royalty record with decimals parsed."""
    doc["coefficient"] = Decimal(str(doc.get("coefficient") or 0))
    doc["coefficient_text"] = decimal_text(doc["coefficient"])
    doc["authors"] = [{"name": a["name"], "share": Decimal(str(a["share"])),
                       "share_text": decimal_text(Decimal(str(a["share"])))} for a in doc.get("authors", [])]
    return doc


def period_text(payment: dict) -> str:
    """Return "từ dd/mm/yyyy đến dd/mm/yyyy" for a payment."""
    return (f"từ {vn_day(date.fromisoformat(payment['start']))} đến "
            f"{vn_day(date.fromisoformat(payment['end']))}")



def _check_range(kind: dict, coefficient: Decimal, field: str) -> None:
    """Refuse a coefficient outside the decree's range for its kind (kinds without a range take any)."""
    low, high = kind.get("low"), kind.get("high")
    if low is not None and high is not None and not low <= coefficient <= high:
        raise ValidationError({field: (f"Hệ số của thể loại “{kind['name']}” phải trong khung {decimal_text(low)}–"
                                       f"{decimal_text(high)} (Nghị định 18/2014/NĐ-CP).")})


def no_salary_message(report: dict) -> str:
    """Return the error shown while articles of the period have no base salary in force."""
    days = [r["day"] for r in report["no_salary"]]
    return (f"{len(days)} tin bài đăng từ {vn_day(min(days))} đến {vn_day(max(days))} chưa có mức lương cơ sở áp "
            "dụng; hãy thêm mức lương cơ sở (kèm văn bản quy định) trong Cài đặt nhuận bút trước khi chi trả "
            "hoặc xuất bảng.")

"""Rules for cán bộ: the people of the commune's organisations, the spokesperson and the editorial board.

Each person belongs to one body of core.bodies (``organisation`` holds its
key; the page shows its name) and is listed there in the order the editor
gives, with a position, a short biography, duties and contacts. At most one person
is the spokesperson (người phát ngôn): marking one unmarks the others. Anyone
may also hold a role in the Ban Biên tập of the site, whatever their
organisation (the board is made of officials of the UBND).
"""
from __future__ import annotations

import re
from typing import Any

from email_validator import EmailNotValidError, validate_email

from . import timeutil
from .bodies import ORG_BOARD, Bodies
from .uploads import safe_upload_name
from .records import Records, text_field
from .errors import ValidationError
from .store import Store
from .text import slugify

__all__ = ["ORG_BOARD", "BOARD_ROLES", "People", "tel_href"]

BOARD_ROLES: dict[str, str] = {
    "truong_ban": "Trưởng Ban",
    "pho_truong_ban": "Phó Trưởng Ban",
    "thanh_vien": "Thành viên",
}
_ROLE_ORDER = {key: n for n, key in enumerate(BOARD_ROLES)}

MAX_NAME = 120
MAX_TITLE = 200
MAX_DUTIES = 3000
MAX_BIOGRAPHY = 3000
MAX_ORDER = 100_000

_PHONE_CHARS = re.compile(r"^[0-9 .()+-]+\Z")

def _clean_phone(value: str, errors: dict) -> str:
    """Return a phone number as written, recording an error unless it has 8–15 digits and no letters."""
    if value and (not _PHONE_CHARS.match(value) or not 8 <= sum(c.isdigit() for c in value) <= 15):
        errors["phone"] = "Số điện thoại không hợp lệ (chỉ gồm chữ số, dấu cách, dấu chấm; ví dụ 0221 3 000 000)."
    return value


def _clean_email(value: str, errors: dict) -> str:
    """Return an e-mail address normalised (domain lower-cased), recording an error for a bad one."""
    if not value:
        return ""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        errors["email"] = "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@hungyen.gov.vn)."
        return value


def tel_href(phone: str) -> str:
    """Return the ``tel:`` link of a phone number as written (spaces, dots, brackets removed)."""
    return "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")


class People(Records):
    """People listed on the intro pages, ordered by organisation, then by the editor's order."""

    FILE = "people.json"
    KIND = "person"
    sort_reverse = False

    def __init__(self, store: Store, bodies: Bodies | None = None):
        super().__init__(store)
        self.bodies = bodies if bodies is not None else Bodies(store)

    def sort_key(self, item: dict) -> Any:
        """Order by body (in the chart's order), then by order number and id."""
        return (self.bodies.position(item.get("organisation", "")), item.get("order", 0), item["id"])

    def derive(self, items: list[dict]) -> None:
        """Attach each person's slug (for the address of their page)."""
        for item in items:
            item["slug"] = slugify(item.get("name", ""), max_length=60)
            item.setdefault("biography", "")

    def body_name(self, person: dict) -> str:
        """Return the name of the body a person belongs to."""
        return self.bodies.label(person.get("organisation", ""))

    # ---------------------------------------------------------------- rules
    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned person or raise ValidationError with a Vietnamese message per field."""
        errors: dict[str, str] = {}
        name = text_field(values, "name", "họ và tên", errors, required=True, max_length=MAX_NAME)
        title = text_field(values, "title", "chức vụ", errors, required=True, max_length=MAX_TITLE)
        organisation = str(values.get("organisation") or "").strip()
        body = self.bodies.by_key(organisation)
        current = self.get(item_id).get("organisation") if item_id is not None else None
        if body is None or (body.get("trashed_at") and organisation != current):
            errors["organisation"] = "Vui lòng chọn tổ chức."
        duties = text_field(values, "duties", "nhiệm vụ", errors, max_length=MAX_DUTIES)
        biography = text_field(values, "biography", "tiểu sử", errors, max_length=MAX_BIOGRAPHY)
        phone = _clean_phone(text_field(values, "phone", "số điện thoại", errors, max_length=40), errors)
        email = _clean_email(text_field(values, "email", "thư điện tử", errors, max_length=200), errors)
        photo = str(values.get("photo") or "")
        if photo and safe_upload_name(photo) is None:
            errors["photo"] = "Ảnh không hợp lệ: vui lòng chọn lại ảnh."
        raw_order = values.get("order")
        try:
            order = int(raw_order) if str(raw_order if raw_order is not None else "").strip() else 0
            if not -MAX_ORDER <= order <= MAX_ORDER:
                raise ValueError(order)
        except (TypeError, ValueError):
            errors["order"] = "Thứ tự phải là một số nguyên (1, 2, 3 …)."
            order = 0
        board_role = str(values.get("board_role") or "").strip()
        if board_role and board_role not in BOARD_ROLES:
            errors["board_role"] = "Vai trò trong Ban Biên tập không hợp lệ."
        if organisation == ORG_BOARD and not board_role:
            board_role = "thanh_vien"  # a member of the board's own list is at least a member
        if errors:
            raise ValidationError(errors)
        return {
            "name": name, "title": title, "organisation": organisation, "duties": duties, "biography": biography,
            "phone": phone,
            "email": email, "photo": photo, "order": order, "spokesperson": bool(values.get("spokesperson")),
            "board_role": board_role,
        }

    def save(self, values: dict, item_id: int | None = None, by: str = "") -> dict:
        """Validate and store a person; marking the spokesperson unmarks the previous one."""
        if not values.get("spokesperson"):
            return super().save(values, item_id, by)
        # One lock over both writes: no other process can mark someone in between.
        with self.store.locked(self.LOCK):
            saved = super().save(values, item_id, by)
            self._unmark_others(saved["id"])
        return saved

    def restore(self, item_id: int) -> None:
        """Bring a person back; they stop being spokesperson if someone else took over meanwhile."""
        with self.store.locked(self.LOCK):
            super().restore(item_id)
            person = self.get(item_id)
            if person.get("spokesperson") and any(
                p["id"] != person["id"] and p.get("spokesperson") for p in self.all()
            ):
                self.update_fields(item_id, {"spokesperson": False})

    def _unmark_others(self, keep_id: int) -> None:
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            now = timeutil.now_iso()
            for doc in table.all():
                if doc.doc_id != keep_id and doc.get("spokesperson"):
                    table.update({"spokesperson": False, "updated_at": now}, doc_ids=[doc.doc_id])

    # ---------------------------------------------------------------- reads
    def by_organisation(self) -> list[dict]:
        """Return the bodies that have people: ``{key, label, people}``, in the chart's order.

        The Ban Biên tập section lists every board member, whatever their body.
        """
        groups = []
        for top in self.chart():
            groups.append({"key": top["key"], "label": top["label"], "people": top["people"]})
            groups.extend({"key": c["key"], "label": c["label"], "people": c["people"]} for c in top["children"])
        board = [p for group in self.board() for p in group["people"]]
        if board:
            groups.append({"key": ORG_BOARD, "label": self.bodies.label(ORG_BOARD) or "Ban Biên tập",
                           "people": board})
        return [g for g in groups if g["people"]]

    def chart(self) -> list[dict]:
        """Return the organisation chart: the live bodies (the board apart) that have people, nested one level.

        Each is ``{key, label, body, people, children}``; a parent with no people of its own stays when a
        sub-body has some.
        """
        live = self.all()

        def node(body: dict) -> dict:
            people = [p for p in live if p.get("organisation") == body["key"]]
            return {"key": body["key"], "label": body["name"], "body": body, "people": people, "children": []}

        out = []
        for top in self.bodies.tree():
            if top["key"] == ORG_BOARD:
                continue
            item = node(top)
            item["children"] = [c for c in (node(child) for child in top["children"]) if c["people"]]
            if item["people"] or item["children"]:
                out.append(item)
        return out

    def chart_people(self) -> list[dict]:
        """Return the live people whose body is live (those with a public page)."""
        live = {b["key"] for b in self.bodies.all()}
        return [p for p in self.all() if p.get("organisation") in live]

    def board(self) -> list[dict]:
        """Return the Ban Biên tập by role: ``{key, label, people}`` for each role that has someone."""
        members = [p for p in self.all() if p.get("board_role") in BOARD_ROLES]
        groups = []
        for key, label in BOARD_ROLES.items():
            people = sorted((p for p in members if p["board_role"] == key),
                            key=lambda p: (p.get("order", 0), p["id"]))
            if people:
                groups.append({"key": key, "label": label, "people": people})
        return groups

    def spokesperson(self) -> dict | None:
        """Return the live spokesperson, or None (the latest marked wins should two ever be marked)."""
        marked = [p for p in self.all() if p.get("spokesperson")]
        return max(marked, key=lambda p: (p.get("updated_at", ""), p["id"])) if marked else None

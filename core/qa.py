"""Hỏi đáp: citizens' questions, the editor's answers, lookup codes and answer deadlines.

Also home of :func:`honeypot_filled` and the field checks shared by every public form that
writes (questions here, comments on drafts in core.consultation); both forms are limited per
address by core.security.Limiter, each in its own scope.
"""
from __future__ import annotations

import re
import secrets
from datetime import date, timedelta
from typing import Any

from . import timeutil
from .errors import NotFound, ValidationError
from .records import Records, text_field
from .security import Limiter, address_key
from .store import Store
from .text import query_words, search_text, slugify

__all__ = [
    "Questions", "honeypot_filled", "deadline", "short_name",
    "TOPICS", "STATUSES", "NotFound", "ValidationError",
]

QUESTIONS_FILE = "questions.json"
LOCK = "questions"

# The topics a citizen picks from; edit this list to change the choices (stored as the label).
TOPICS = (
    "Hành chính – tư pháp",
    "Đất đai – xây dựng",
    "Chính sách xã hội",
    "Y tế – giáo dục",
    "Khác",
)
TOPIC_SLUGS = {slugify(t): t for t in TOPICS}

STATUS_RECEIVED = "received"
STATUS_PROCESSING = "processing"
STATUS_ANSWERED = "answered"
STATUSES = {
    STATUS_RECEIVED: "Đã tiếp nhận",
    STATUS_PROCESSING: "Đang xử lý",
    STATUS_ANSWERED: "Đã trả lời",
}

MAX_NAME = 100
MAX_PHONE = 20
MAX_EMAIL = 200
MIN_QUESTION = 10
MAX_QUESTION = 3000
MAX_ANSWER = 20_000

DEFAULT_WORKING_DAYS = 15
DEFAULT_RATE_LIMIT = (3, 3600)  # submissions per address, per this many seconds

# No 0/O, 1/I/L: a code read over the phone or copied by hand stays unambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(r"^[^@\s<>\"']{1,64}@" + _LABEL + r"(?:\." + _LABEL + r")+$")
_PHONE = re.compile(r"^\+?[0-9 ]+$")


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# ------------------------------------------------------------------ shared checks
def check_email(value: str, errors: dict, name: str = "email") -> str:
    """Return a stripped, optional e-mail address, recording an error when it is malformed."""
    value = str(value or "").strip()
    if value and (len(value) > MAX_EMAIL or not _EMAIL.match(value)):
        errors[name] = "Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@gmail.com)."
    return value


def check_length(value: str, label: str, minimum: int, maximum: int, errors: dict, name: str) -> str:
    """Return a stripped required text, recording a Vietnamese error when too short or too long."""
    value = str(value or "").strip()
    if not value:
        errors[name] = f"Vui lòng nhập {label}."
    elif len(value) < minimum:
        errors[name] = f"{label[:1].upper()}{label[1:]} quá ngắn: cần ít nhất {minimum} ký tự."
    elif len(value) > maximum:
        errors[name] = (f"{label[:1].upper()}{label[1:]} quá dài: {_num(len(value))} ký tự, "
                        f"tối đa {_num(maximum)} ký tự. Vui lòng rút gọn.")
    return value


def honeypot_filled(value: Any) -> bool:
    """Return whether the hidden trap field was filled in (people never see it; robots fill it)."""
    return bool(str(value or "").strip())


def short_name(name: str) -> str:
    """Return a name shortened for publication: ``Nguyễn Văn An`` -> ``Nguyễn V. A.``."""
    words = str(name or "").split()
    if len(words) <= 1:
        return words[0] if words else ""
    return " ".join([words[0]] + [w[0].upper() + "." for w in words[1:]])


def add_working_days(start: date, days: int) -> date:
    """Return the ``days``-th working day (Monday–Friday) after ``start``."""
    current = start
    left = max(0, int(days))
    while left:
        current += timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


DUE_SOON_DAYS = 2  # the dashboard warns this many days before a question's deadline


def due_soon(row: dict, today: date, days: int = DUE_SOON_DAYS) -> bool:
    """Return whether an unanswered question of ``inbox`` is due within ``days`` (and not yet overdue)."""
    if row.get("status") == STATUS_ANSWERED or row.get("overdue"):
        return False
    return date.fromisoformat(row["deadline"]) <= today + timedelta(days=days)


def deadline(received_iso: str, working_days: int = DEFAULT_WORKING_DAYS) -> date:
    """Return the answer deadline of a question received at ``received_iso`` (weekends skipped)."""
    return add_working_days(timeutil.parse_iso(received_iso).date(), working_days)


# ------------------------------------------------------------------ questions
def new_code() -> str:
    """Return a random lookup code of CODE_LENGTH unambiguous characters."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(value: str) -> str:
    """Return a typed lookup code upper-cased, without spaces, dots or dashes."""
    return re.sub(r"[\s\-.]", "", str(value or ""))[:40].upper()


class Questions(Records):
    """Citizens' questions (hỏi đáp): received, answered by the editor, published when of general interest."""

    FILE = QUESTIONS_FILE
    LOCK = LOCK

    def __init__(self, store: Store):
        super().__init__(store)
        self._by_code: dict[str, int] = {}
        self._texts: dict[int, str] = {}
        self.limiter = Limiter(store, scope="qa")

    def derive(self, items: list[dict]) -> None:
        """Index lookup codes and the folded search text of every question."""
        self._by_code = {i["code"]: i["id"] for i in items if i.get("code")}
        self._texts = {
            i["id"]: search_text(public_question(i), i.get("answer", ""), i.get("topic", ""))
            for i in items
        }

    # ------------------------------------------------------------ citizen side
    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields of a citizen's question or raise ValidationError."""
        errors: dict[str, str] = {}
        name = text_field(values, "name", "họ và tên", errors, required=True, max_length=MAX_NAME)
        phone = str(values.get("phone", "") or "").strip()
        if phone:
            digits = sum(c.isdigit() for c in phone)
            if len(phone) > MAX_PHONE:
                errors["phone"] = f"Số điện thoại tối đa {MAX_PHONE} ký tự."
            elif not _PHONE.match(phone):
                errors["phone"] = "Số điện thoại chỉ gồm chữ số, dấu cách và dấu + (ví dụ: 0912 345 678)."
            elif digits < 8:
                errors["phone"] = "Số điện thoại quá ngắn: cần ít nhất 8 chữ số (ví dụ: 0912 345 678)."
        email = check_email(values.get("email"), errors)
        topic = str(values.get("topic", "") or "").strip()
        if topic not in TOPICS:
            errors["topic"] = "Vui lòng chọn một lĩnh vực trong danh sách."
        question = check_length(values.get("question"), "nội dung câu hỏi", MIN_QUESTION, MAX_QUESTION,
                                errors, "question")
        if errors:
            raise ValidationError(errors)
        return {"name": name, "phone": phone, "email": email, "topic": topic, "question": question}

    def submit(self, values: dict, address: str, limit: tuple[int, int] = DEFAULT_RATE_LIMIT) -> dict:
        """Validate, rate-limit and store a citizen's question; return it with its new lookup code.

        Raises ValidationError for bad input (nothing counted) or core.security.RateLimited.
        """
        clean = self.validate(values)
        self.limiter.hit(address_key(address), limit)
        now = timeutil.now_iso()
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            taken = {d.get("code") for d in table.all()}
            code = new_code()
            while code in taken:
                code = new_code()
            doc = dict(clean, code=code, status=STATUS_RECEIVED, answer="", question_public="",
                       answered_at=None, published=False, created_at=now, updated_at=now, trashed_at=None)
            new_id = table.insert(doc)
        return dict(doc, id=new_id)

    def by_code(self, code: str) -> dict:
        """Return the live question with lookup ``code`` (case and spaces ignored) or raise NotFound."""
        self._load()
        item_id = self._by_code.get(normalize_code(code))
        if item_id is None:
            raise NotFound(code)
        return self.get_live(item_id)

    def published(self, query: str = "", topic: str | None = None) -> list[dict]:
        """Return the published answered questions, newest answer first, filtered by words and topic."""
        self._load()
        words = query_words(query)[:12]
        items = [
            i for i in self._items
            if is_public(i)
            and (topic is None or i.get("topic") == topic)
            and all(f" {w}" in self._texts.get(i["id"], "") for w in words)
        ]
        items.sort(key=lambda i: (i.get("answered_at") or "", i["id"]), reverse=True)
        return items

    # ------------------------------------------------------------ editor side
    def inbox(self, status: str | None = None, trashed: bool = False, working_days: int = DEFAULT_WORKING_DAYS,
              today: date | None = None) -> list[dict]:
        """Return questions for the editor with ``deadline`` and ``overdue``: overdue first, then by deadline.

        ``status`` is one of STATUSES or "overdue".
        """
        today = today or timeutil.now().date()
        out = []
        for item in self.all(trashed=trashed):
            due = deadline(item["created_at"], working_days)
            overdue = item.get("status") != STATUS_ANSWERED and today > due
            row = dict(item, deadline=due.isoformat(), overdue=overdue)
            if status == "overdue" and not overdue:
                continue
            if status in STATUSES and item.get("status") != status:
                continue
            out.append(row)

        def key(row):
            if row["status"] == STATUS_ANSWERED:
                # Answered ones last, newest received first.
                return (2, _neg_iso(row["created_at"]), -row["id"])
            return (0 if row["overdue"] else 1, row["deadline"], row["id"])

        out.sort(key=key)
        return out

    def with_deadline(self, item: dict, working_days: int = DEFAULT_WORKING_DAYS) -> dict:
        """Return ``item`` with its ``deadline`` (YYYY-MM-DD) and ``overdue`` flag."""
        due = deadline(item["created_at"], working_days)
        overdue = item.get("status") != STATUS_ANSWERED and timeutil.now().date() > due
        return dict(item, deadline=due.isoformat(), overdue=overdue)

    def answer(self, item_id: int, values: dict) -> dict:
        """Store the editor's answer and status (and an optional edited question for publication)."""
        item = self.get(item_id)
        errors: dict[str, str] = {}
        answer = str(values.get("answer", "") or "").strip().replace("\r\n", "\n")
        status = values.get("status") or item.get("status") or STATUS_RECEIVED
        question_public = str(values.get("question_public", "") or "").strip().replace("\r\n", "\n")
        if status not in STATUSES:
            errors["status"] = "Trạng thái không hợp lệ."
        if len(answer) > MAX_ANSWER:
            errors["answer"] = f"Câu trả lời quá dài: tối đa {_num(MAX_ANSWER)} ký tự."
        elif status == STATUS_ANSWERED and not answer:
            errors["answer"] = "Vui lòng nhập câu trả lời trước khi chuyển sang “Đã trả lời”."
        if len(question_public) > MAX_QUESTION:
            errors["question_public"] = f"Câu hỏi đăng công khai tối đa {_num(MAX_QUESTION)} ký tự."
        if errors:
            raise ValidationError(errors)
        changes: dict[str, Any] = {"answer": answer, "status": status, "question_public": question_public}
        if status == STATUS_ANSWERED and (item.get("status") != STATUS_ANSWERED or not item.get("answered_at")):
            changes["answered_at"] = timeutil.now_iso()
        if status != STATUS_ANSWERED:
            # An answer taken back is not public any more.
            changes["published"] = False
        return self.update_fields(item_id, changes)

    def set_published(self, item_id: int, published: bool) -> dict:
        """Publish an answered question on /hoi-dap, or hide it; raise ValidationError when unanswered."""
        item = self.get(item_id)
        if published and (item.get("status") != STATUS_ANSWERED or not item.get("answer")):
            raise ValidationError({"published": "Chỉ đăng được câu hỏi đã có câu trả lời."})
        return self.update_fields(item_id, {"published": bool(published)})

    def counts(self) -> dict[str, int]:
        """Return the number of live questions per status."""
        out = {k: 0 for k in STATUSES}
        for item in self.all():
            out[item.get("status", STATUS_RECEIVED)] = out.get(item.get("status", STATUS_RECEIVED), 0) + 1
        return out


def public_question(item: dict) -> str:
    """Return the question text to publish: the editor's edited version if any, else the original."""
    return item.get("question_public") or item.get("question", "")


def is_public(item: dict) -> bool:
    """Return whether a question is shown on /hoi-dap (answered, published, not trashed)."""
    return (bool(item.get("published")) and item.get("status") == STATUS_ANSWERED
            and bool(item.get("answer")) and not item.get("trashed_at"))


_REVERSE_DIGITS = str.maketrans("0123456789", "9876543210")


def _neg_iso(value: str) -> str:
    # An ISO string that sorts in reverse order (newest first inside an ascending sort).
    return (value or "").translate(_REVERSE_DIGITS)

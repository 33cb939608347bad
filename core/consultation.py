"""Lấy ý kiến dự thảo: drafts open for comment between two dates, and the citizens' moderated comments.

A draft is shown to citizens from its open date; comments are accepted until
the end of its close date and appear only once the editor approves them.
Comments share the honeypot of hỏi đáp and its per-address limit
(core.security.Limiter), counted in a scope of their own.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from . import timeutil
from .errors import NotFound, ValidationError
from .uploads import DOCUMENT_TYPES, UPLOAD_DIR, safe_document_name, save_document, size_label, upload_size
from .qa import DEFAULT_RATE_LIMIT, check_email, check_length
from .records import Records, text_field
from .sanitize import clean_html, picture_problem
from .security import Limiter, address_key
from .store import Store
from .text import slugify

__all__ = ["Consultations", "Comments", "NotFound", "ValidationError", "save_attachment"]

DRAFTS_FILE = "drafts.json"
COMMENTS_FILE = "draft_comments.json"
LOCK = "consultation"

MAX_TITLE = 300
MAX_SUMMARY = 2000
MAX_BODY = 500_000
MAX_NAME = 100
MIN_COMMENT = 5
MAX_COMMENT = 3000

COMMENT_PENDING = "pending"
COMMENT_APPROVED = "approved"
COMMENT_HIDDEN = "hidden"
COMMENT_STATUSES = {COMMENT_PENDING: "Chờ duyệt", COMMENT_APPROVED: "Đã duyệt", COMMENT_HIDDEN: "Đã ẩn"}

STATE_UPCOMING = "upcoming"
STATE_OPEN = "open"
STATE_CLOSED = "closed"
STATES = {STATE_UPCOMING: "Chưa mở", STATE_OPEN: "Đang lấy ý kiến", STATE_CLOSED: "Đã hết hạn lấy ý kiến"}


# ------------------------------------------------------------------ attachments
def save_attachment(store: Store, data: bytes, filename: str, field: str = "attachment") -> dict:
    """Check an uploaded draft file by its content (PDF, Word, Excel) and store it under a random name.

    Return the draft fields that describe it (see core.uploads.save_document).
    """
    saved = save_document(store, data, filename, field=field)
    return {"name": saved["name"], "original": saved["original"], "type": saved["type"], "size": saved["size"]}


def _parse_day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip()[:10])
    except ValueError:
        return None


# ------------------------------------------------------------------ comments
class Comments(Records):
    """Citizens' comments on drafts, each waiting for the editor's approval before it is shown."""

    FILE = COMMENTS_FILE
    LOCK = LOCK
    sort_reverse = False  # oldest first: a conversation reads top to bottom

    def __init__(self, store: Store):
        super().__init__(store)
        self._by_draft: dict[int, list[dict]] = {}

    def derive(self, items: list[dict]) -> None:
        """Group comments by draft."""
        by_draft: dict[int, list[dict]] = {}
        for item in items:
            by_draft.setdefault(int(item.get("draft_id", 0)), []).append(item)
        self._by_draft = by_draft

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields of a comment or raise ValidationError."""
        errors: dict[str, str] = {}
        name = text_field(values, "name", "họ và tên", errors, required=True, max_length=MAX_NAME)
        email = check_email(values.get("email"), errors)
        comment = check_length(values.get("comment"), "nội dung góp ý", MIN_COMMENT, MAX_COMMENT, errors, "comment")
        if errors:
            raise ValidationError(errors)
        return {"name": name, "email": email, "comment": comment.replace("\r\n", "\n"),
                "draft_id": int(values.get("draft_id") or 0), "status": COMMENT_PENDING}

    def of_draft(self, draft_id: int, status: str | None = None) -> list[dict]:
        """Return a draft's comments (not trashed), oldest first, optionally of one status."""
        self._load()
        return [c for c in self._by_draft.get(int(draft_id), [])
                if not c.get("trashed_at") and (status is None or c.get("status") == status)]

    def pending_counts(self) -> dict[int, int]:
        """Return the number of comments waiting for approval per draft."""
        self._load()
        return {did: sum(1 for c in items if c.get("status") == COMMENT_PENDING and not c.get("trashed_at"))
                for did, items in self._by_draft.items()}

    def set_status(self, comment_id: int, status: str) -> dict:
        """Approve or hide one comment."""
        if status not in COMMENT_STATUSES:
            raise ValidationError({"status": "Trạng thái không hợp lệ."})
        self.get(comment_id)
        return self.update_fields(comment_id, {"status": status})


# ------------------------------------------------------------------ drafts
class Consultations(Records):
    """Draft documents open for citizens' comments (lấy ý kiến dự thảo) between two dates."""

    FILE = DRAFTS_FILE
    KIND = "consultation"
    LOCK = LOCK

    def __init__(self, store: Store):
        super().__init__(store)
        self.comments = Comments(store)
        self.limiter = Limiter(store, scope="comment")

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned fields of a draft or raise ValidationError (close must come after open)."""
        errors: dict[str, str] = {}
        title = text_field(values, "title", "tiêu đề", errors, required=True, max_length=MAX_TITLE)
        summary = text_field(values, "summary", "tóm tắt", errors, max_length=MAX_SUMMARY)
        body = str(values.get("body", "") or "")
        if len(body) > MAX_BODY:
            errors["body"] = f"Nội dung quá dài: tối đa {MAX_BODY:,} ký tự.".replace(",", ".")
        cleaned = clean_html(body, image_size=lambda src: upload_size(self.store, src)) if "body" not in errors else ""
        problem = picture_problem(body, cleaned) if "body" not in errors else None
        if problem:
            errors["body"] = problem
        opens_on = _parse_day(values.get("opens_on"))
        closes_on = _parse_day(values.get("closes_on"))
        if opens_on is None:
            errors["opens_on"] = "Vui lòng nhập ngày bắt đầu lấy ý kiến (ngày/tháng/năm)."
        if closes_on is None:
            errors["closes_on"] = "Vui lòng nhập ngày kết thúc lấy ý kiến (ngày/tháng/năm)."
        elif opens_on is not None and closes_on < opens_on:
            # The same day is allowed: comments are taken until the end of the close date.
            errors["closes_on"] = (f"Ngày kết thúc ({closes_on:%d/%m/%Y}) không được trước ngày bắt đầu "
                                   f"({opens_on:%d/%m/%Y}).")
        if errors:
            raise ValidationError(errors)
        clean = {
            "title": title,
            "summary": summary,
            "body": cleaned,
            "opens_on": opens_on.isoformat(),
            "closes_on": closes_on.isoformat(),
        }
        if "attachment" in values:
            # None removes the file; otherwise the description returned by save_attachment.
            attachment = values.get("attachment") or None
            if attachment is not None and (not isinstance(attachment, dict)
                                           or safe_document_name(attachment.get("name", "")) is None
                                           or attachment.get("type") not in DOCUMENT_TYPES):
                raise ValidationError({"attachment": "Tệp đính kèm không hợp lệ."})
            clean["attachment"] = dict(attachment) if attachment else None
        return clean

    def sort_key(self, item: dict) -> Any:
        """Order drafts by open date, newest first."""
        return (item.get("opens_on", ""), item["id"])

    # ------------------------------------------------------------ reads
    @staticmethod
    def state(item: dict, today: date | None = None) -> str:
        """Return whether a draft is upcoming, open (until the end of its close date) or closed."""
        today = today or timeutil.now().date()
        if today.isoformat() < item.get("opens_on", ""):
            return STATE_UPCOMING
        if today.isoformat() > item.get("closes_on", ""):
            return STATE_CLOSED
        return STATE_OPEN

    def is_open(self, item: dict) -> bool:
        """Return whether comments are accepted on a draft now."""
        return not item.get("trashed_at") and self.state(item) == STATE_OPEN

    def public_list(self) -> tuple[list[dict], list[dict]]:
        """Return (open drafts, soonest deadline first; closed drafts, latest closed first)."""
        today = timeutil.now().date()
        open_, closed = [], []
        for item in self.all():
            state = self.state(item, today)
            if state == STATE_OPEN:
                open_.append(item)
            elif state == STATE_CLOSED:
                closed.append(item)
        open_.sort(key=lambda d: (d["closes_on"], d["id"]))
        closed.sort(key=lambda d: (d["closes_on"], d["id"]), reverse=True)
        return open_, closed

    def public_get(self, item_id: Any) -> dict:
        """Return a draft citizens may read (opened, not trashed) or raise NotFound."""
        item = self.get_live(item_id)
        if self.state(item) == STATE_UPCOMING:
            raise NotFound(item_id)
        return item

    def attachment_path(self, item: dict) -> Path:
        """Return the stored file of a draft's attachment, or raise NotFound."""
        attachment = item.get("attachment") or {}
        name = safe_document_name(attachment.get("name", "")) if isinstance(attachment, dict) else None
        if name is None:
            raise NotFound("attachment")
        path = self.store.file_path(f"{UPLOAD_DIR}/{name}")
        if path is None:
            raise NotFound(name)
        return path

    @staticmethod
    def attachment_info(item: dict) -> dict | None:
        """Return what a page shows and a download needs: file name, MIME type, type label, size label."""
        attachment = item.get("attachment")
        if not isinstance(attachment, dict) or attachment.get("type") not in DOCUMENT_TYPES:
            return None
        mime, label = DOCUMENT_TYPES[attachment["type"]]
        original = (attachment.get("original")
                    or f"du-thao-{slugify(item.get('title', ''), max_length=60)}.{attachment['type']}")
        return {"download_name": original, "mimetype": mime, "label": label,
                "size": size_label(int(attachment.get("size") or 0))}

    # ------------------------------------------------------------ comments
    def add_comment(self, draft_id: int, values: dict, address: str,
                    limit: tuple[int, int] = DEFAULT_RATE_LIMIT) -> dict:
        """Validate, rate-limit and store a citizen's comment on an open draft (pending approval).

        Raises NotFound, ValidationError (bad input, or the draft is closed: ``errors['closed']``)
        or core.security.RateLimited.
        """
        draft = self.public_get(draft_id)
        if not self.is_open(draft):
            raise ValidationError({"closed": "Dự thảo này đã hết hạn lấy ý kiến; không nhận thêm góp ý."})
        clean = self.comments.validate(dict(values, draft_id=draft["id"]))
        self.limiter.hit(address_key(address), limit)
        return self.comments.save(clean)

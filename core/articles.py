"""Article rules: limits, statuses, the board's workflow, validation, saving, trash.

Articles live in shards (``articles/NNNNN.json``, SHARD_SIZE articles each) so
that a save rewrites one small file whatever the size of the site; the derived
lists and look-ups are in core.article_index.
"""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from tinydb.table import Document

from . import timeutil
from .accounts import ROLE_EDITOR, has_role
from .errors import Conflict, NotFound, ValidationError
from .revisions import Revisions
from .sanitize import picture_problem
from .sections import KIND_ARTICLES
from .text import excerpt, html_search_text, html_to_text, search_text, slugify

SHARD_SIZE = 100
ARTICLE_DIR = "articles"

MAX_TITLE = 300
MAX_SUMMARY = 2000
MAX_BODY = 500_000  # characters of HTML
MAX_AUTHOR = 120
MAX_SOURCE = 1000  # an imported article's original address, and the key (guid) that keeps it imported once

STATUS_DRAFT = "draft"
STATUS_PENDING = "pending"  # submitted by a contributor, waiting for an editor: never public
STATUS_PUBLISHED = "published"
STATUSES = {STATUS_DRAFT: "Nháp", STATUS_PENDING: "Chờ duyệt", STATUS_PUBLISHED: "Đã đăng"}
MAX_REVIEW_NOTE = 2000


def shard_name(article_id: int) -> str:
    """Return the data file that holds article ``article_id``."""
    return f"{ARTICLE_DIR}/{article_id // SHARD_SIZE:05d}.json"


def search_fields(doc: dict) -> tuple[str, str, str]:
    """Return the folded search texts of an article: title, summary, body."""
    return (search_text(doc.get("title", "")), search_text(doc.get("summary", "")),
            html_search_text(doc.get("body", "")))


def _editorial(old: dict | None, status: str, by: str, now_iso: str, note: str | None,
               saving: bool = True) -> dict[str, Any]:
    """Return the board's record of an article after a change: its author accounts, submission,
    approval and the note of the last return.

    ``created_by`` is the account that created it, ``authors`` every account that
    saved it (in order); moving into "pending" records the submission, into
    "published" the approval; a return (``note``) is kept until the next submission.
    """
    old = old or {}
    authors = list(old.get("authors") or ([old["created_by"]] if old.get("created_by") else []))
    if saving and by and by not in authors:
        authors.append(by)
    out: dict[str, Any] = {
        "created_by": old.get("created_by") if old else by,
        "authors": authors,
        "submitted_by": old.get("submitted_by"),
        "submitted_at": old.get("submitted_at"),
        "approved_by": old.get("approved_by"),
        "approved_at": old.get("approved_at"),
        "review_note": old.get("review_note"),
        "reviewed_by": old.get("reviewed_by"),
        "reviewed_at": old.get("reviewed_at"),
    }
    old_status = old.get("status")
    if status == STATUS_PENDING and old_status != STATUS_PENDING:
        out.update(submitted_by=by, submitted_at=now_iso)
    if status == STATUS_PUBLISHED and old_status != STATUS_PUBLISHED:
        out.update(approved_by=by, approved_at=now_iso)
    if note is not None:
        out.update(review_note=str(note).strip()[:MAX_REVIEW_NOTE] or None, reviewed_by=by, reviewed_at=now_iso)
    elif status in (STATUS_PENDING, STATUS_PUBLISHED) and old_status != status:
        out.update(review_note=None)  # the note answered the previous version
    return out


def check_title_and_body(title: str, body: str, errors: dict[str, str], clean_body) -> str:
    """Return ``body`` cleaned, adding to ``errors`` what is wrong with the title or the body (an article's or
    an intro page's): missing or long title, over-long body, a picture that would be dropped or has no description."""
    if not title:
        errors["title"] = "Vui lòng nhập tiêu đề."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"Tiêu đề tối đa {MAX_TITLE} ký tự."
    if len(body) > MAX_BODY:
        errors["body"] = f"Nội dung quá dài: {len(body):,} ký tự, tối đa {MAX_BODY:,}.".replace(",", ".")
        return ""
    cleaned = clean_body(body)
    problem = picture_problem(body, cleaned)
    if problem:
        errors["body"] = problem
    return cleaned


# The board's workflow: the buttons of the article form (name="workflow") and the status each one saves; a save
# without one (the plain "Lưu", Enter in a text box) takes the status field's.
WORKFLOW_STATUS = {"submit": STATUS_PENDING, "approve": STATUS_PUBLISHED, "return": STATUS_DRAFT,
                   "publish": STATUS_PUBLISHED, "draft": STATUS_DRAFT}
CONTRIBUTOR_STATUSES = (STATUS_DRAFT, STATUS_PENDING)
CONTRIBUTOR_PUBLISH_MESSAGE = ("Cộng tác viên không tự đăng được tin bài. Hãy bấm “Gửi duyệt” để ban biên tập "
                               "duyệt và đăng.")
NOT_PENDING_MESSAGE = "Tin bài không còn ở trạng thái chờ duyệt."
RETURN_NOTE_MESSAGE = "Vui lòng ghi rõ cần sửa gì để tác giả biết."


def may_publish(user: dict | None) -> bool:
    """Return whether an account may publish, approve or return articles (editors and admins)."""
    return user is not None and has_role(user, ROLE_EDITOR)


def statuses_for(user: dict | None) -> dict[str, str]:
    """Return the statuses an account may choose on the article form."""
    if may_publish(user):
        return dict(STATUSES)
    return {k: v for k, v in STATUSES.items() if k in CONTRIBUTOR_STATUSES}


def workflow_status(action: str, chosen: str) -> str:
    """Return the status a save takes: the workflow button's, else the one chosen in the form."""
    return WORKFLOW_STATUS.get(action, chosen)


def check_workflow(user: dict | None, action: str, status: str, old_status: str | None, note: str | None) -> None:
    """Refuse a save the account may not make: a contributor publishing, approving or returning, an
    approval or return of an article that is no longer pending, a return without a note."""
    if not may_publish(user) and (status not in CONTRIBUTOR_STATUSES or action in ("approve", "return")):
        raise ValidationError({"status": CONTRIBUTOR_PUBLISH_MESSAGE})
    if action in ("approve", "return") and old_status != STATUS_PENDING:
        raise ValidationError({"status": NOT_PENDING_MESSAGE})
    if action == "return" and not str(note or "").strip():
        raise ValidationError({"review_note": RETURN_NOTE_MESSAGE})


def audit_action(action: str, old_status: str | None, new_status: str) -> str | None:
    """Return the audit log's name for the workflow step a save took, if it took one."""
    if action == "return":
        return "article_return"
    if new_status != old_status and new_status in (STATUS_PENDING, STATUS_PUBLISHED):
        return "article_submit" if new_status == STATUS_PENDING else "article_approve"
    return None


def save_outcome(action: str, old_status: str | None, saved: dict[str, Any], now_iso: str) -> str:
    """Return what a save did, for its message: published, scheduled, updated, submitted, draft or returned."""
    status = saved.get("status")
    if action == "return":
        return "returned"
    if status == STATUS_PUBLISHED:
        if str(saved.get("publish_at") or "") > now_iso:
            return "scheduled"
        return "updated" if old_status == STATUS_PUBLISHED and action != "publish" else "published"
    if status == STATUS_PENDING:
        return "submitted"
    return "draft"


class ArticlesPart:
    """Writing articles: validate, save with revisions and conflicts, the approval steps, trash."""

    def validate_article(self, values: dict[str, Any]) -> dict[str, Any]:
        """Return the cleaned article fields or raise ValidationError with per-field messages."""
        errors: dict[str, str] = {}
        title = str(values.get("title", "") or "").strip()
        summary = str(values.get("summary", "") or "").strip()
        body = str(values.get("body", "") or "")
        author = str(values.get("author", "") or "").strip()
        status = values.get("status") or STATUS_DRAFT
        cleaned = check_title_and_body(title, body, errors, self.clean_body)
        if len(summary) > MAX_SUMMARY:
            errors["summary"] = f"Tóm tắt tối đa {MAX_SUMMARY} ký tự."
        if values.get("cover") and not str(values.get("cover_alt", "") or "").strip():
            errors["cover_alt"] = "Vui lòng nhập mô tả ảnh (cho người khiếm thị)."
        if len(author) > MAX_AUTHOR:
            errors["author"] = f"Tên tác giả tối đa {MAX_AUTHOR} ký tự."
        if status not in STATUSES:
            errors["status"] = "Trạng thái không hợp lệ."
        source = str(values.get("source", "") or "").strip()
        if source and (len(source) > MAX_SOURCE or urlsplit(source).scheme not in ("http", "https")
                       or not urlsplit(source).netloc):
            errors["source"] = "Địa chỉ nguồn phải là một địa chỉ web (http:// hoặc https://)."
        section_id = values.get("section_id")
        try:
            section = self.section(int(section_id))
            if section.get("kind") != KIND_ARTICLES:
                errors["section_id"] = "Chuyên mục này chỉ chứa trang giới thiệu, không chứa tin bài."
        except (NotFound, TypeError, ValueError):
            errors["section_id"] = "Vui lòng chọn một chuyên mục có trong danh sách."
            section = None
        publish_at = values.get("publish_at")
        try:
            if isinstance(publish_at, str):
                publish_at = timeutil.parse_iso(publish_at) if publish_at.strip() else None
            if publish_at is not None:
                if not timeutil.MIN_YEAR <= publish_at.year <= timeutil.MAX_YEAR:
                    raise ValueError("year out of range")
                publish_at = timeutil.to_iso(publish_at)
        except (ValueError, OverflowError, TypeError):
            errors["publish_at"] = (f"Ngày giờ đăng không hợp lệ (năm từ {timeutil.MIN_YEAR} "
                                    f"đến {timeutil.MAX_YEAR}).")
            publish_at = None
        pin_until = values.get("pin_until") or None
        if pin_until is not None:
            try:
                pin_day = date.fromisoformat(str(pin_until))
                if not timeutil.MIN_YEAR <= pin_day.year <= timeutil.MAX_YEAR:
                    raise ValueError("year out of range")
                pin_until = pin_day.isoformat()
            except ValueError:
                errors["pin_until"] = "Ngày hết hạn ghim không hợp lệ."
                pin_until = None
            if pin_until and publish_at and pin_until < publish_at[:10]:
                errors["pin_until"] = "Ngày hết hạn ghim phải sau ngày đăng."
        if errors:
            raise ValidationError(errors)
        return {
            "title": title,
            "summary": summary,
            "body": cleaned,
            "author": author,
            "status": status,
            "section_id": section["id"] if section else None,
            "publish_at": publish_at,
            "cover": values.get("cover") or None,
            "cover_alt": str(values.get("cover_alt", "") or "").strip()[:300],
            "pinned": bool(values.get("pinned")),
            "pin_until": pin_until,
            "source": source,
            "source_key": str(values.get("source_key", "") or "").strip()[:MAX_SOURCE],
        }

    def _unique_slug(self, base: str, article_id: int | None) -> str:
        slugs = self.index().slugs
        slug, n = base, 2
        while slugs.get(slug) not in (None, article_id):
            slug = f"{base}-{n}"
            n += 1
        return slug

    def save_article(self, values: dict[str, Any], article_id: int | None = None,
                     expected_version: int | None = None, by: str = "") -> dict:
        """Validate, clean and store an article; return the stored record.

        A title change gives a new slug and keeps the old one for a 301. The
        previous version is kept as a revision. With ``expected_version``
        (the version number the form was opened on), a save over a newer
        version raises Conflict instead of overwriting it.
        """
        clean = self.validate_article(values)
        now_iso = timeutil.now_iso()
        with self.store.locked("content"):
            # Under the lock, re-check the files themselves: ids and slugs cannot collide.
            self.store.invalidate(ARTICLE_DIR)
            idx = self.index()
            if article_id is None:
                article_id = idx.max_id + 1
                old = None
            else:
                article_id = int(article_id)
                if article_id not in idx.meta:
                    raise NotFound(article_id)
                old = self.article(article_id)
                if expected_version is not None and int(old.get("version", 1)) != int(expected_version):
                    raise Conflict(old)
            if not clean["summary"]:
                clean["summary"] = excerpt(html_to_text(clean["body"]), 250)
            if clean["publish_at"] is None:
                clean["publish_at"] = (old or {}).get("publish_at") or now_iso
            if old is not None and clean["cover"] is None and not values.get("remove_cover"):
                clean["cover"] = old.get("cover")
            for kept in ("source", "source_key"):  # an imported article stays imported when edited in the panel
                if old is not None and kept not in values:
                    clean[kept] = old.get(kept, "")
            base = slugify(clean["title"])
            if old is not None and slugify(old["title"]) == base:
                slug = old["slug"]
            else:
                slug = self._unique_slug(base, article_id)
            old_slugs = list((old or {}).get("old_slugs", []))
            if old is not None and old["slug"] != slug and old["slug"] not in old_slugs:
                old_slugs.append(old["slug"])
            old_slugs = [s for s in old_slugs if s != slug]
            doc = dict(
                clean,
                slug=slug,
                old_slugs=old_slugs,
                created_at=(old or {}).get("created_at") or now_iso,
                updated_at=now_iso,
                trashed_at=(old or {}).get("trashed_at"),
            )
            # Folded once here so that no page view or cold start has to fold bodies.
            doc["search"] = list(search_fields(doc))
            doc["updated_by"] = by
            doc["version"] = int((old or {}).get("version", 0)) + 1
            doc.update(_editorial(old, clean["status"], by, now_iso, values.get("review_note")))
            if old is not None:
                Revisions(self.store).record("article", article_id, old, by)
            with self.store.transaction(shard_name(article_id)) as db:
                db.table("articles").upsert(Document(doc, doc_id=article_id))
        return dict(doc, id=article_id)

    def set_article_dates(self, dates: dict[int, str]) -> None:
        """Date stored articles as of when they were written: created, approved and updated at the given
        time (ISO), nothing else changed. For articles that come with their own past (the demo's), whose
        "Cập nhật" would otherwise be the install time; an editor's save stamps its own time as always."""
        with self.store.locked("content"):
            by_shard: dict[str, list[int]] = {}
            for article_id in dates:
                by_shard.setdefault(shard_name(int(article_id)), []).append(int(article_id))
            for name, ids in by_shard.items():
                with self.store.transaction(name) as db:
                    table = db.table("articles")
                    for article_id in ids:
                        when = timeutil.to_iso(timeutil.parse_iso(dates[article_id]))
                        doc = table.get(doc_id=article_id)
                        if doc is None:
                            raise NotFound(article_id)
                        changes = {"created_at": when, "updated_at": when}
                        if doc.get("approved_at"):
                            changes["approved_at"] = when
                        table.update(changes, doc_ids=[article_id])

    def _change_status(self, article_id: int, status: str, by: str, note: str | None = None) -> dict:
        """Move a pending article to ``status`` (keeping a revision); raise ValidationError if not pending."""
        now_iso = timeutil.now_iso()
        with self.store.locked("content"):
            self.store.invalidate(ARTICLE_DIR)
            old = self.article(int(article_id))
            if old["status"] != STATUS_PENDING or old.get("trashed_at"):
                raise ValidationError({"status": NOT_PENDING_MESSAGE})
            changes: dict[str, Any] = {"status": status, "updated_at": now_iso, "updated_by": by,
                                       "version": int(old.get("version", 1)) + 1}
            if status == STATUS_PUBLISHED and old["publish_at"] < now_iso:
                # Approved today, dated today: not back-dated to when the contributor started writing.
                changes["publish_at"] = now_iso
            changes.update(_editorial(old, status, by, now_iso, note, saving=False))
            Revisions(self.store).record("article", int(article_id), old, by)
            with self.store.transaction(shard_name(int(article_id))) as db:
                db.table("articles").update(changes, doc_ids=[int(article_id)])
        return dict(old, **changes)

    def approve_article(self, article_id: int, by: str) -> dict:
        """Publish a pending article, recording who approved it and when."""
        return self._change_status(article_id, STATUS_PUBLISHED, by)

    def return_article(self, article_id: int, by: str, note: str) -> dict:
        """Send a pending article back to its author as a draft with a note saying what to change."""
        note = str(note or "").strip()
        if not note:
            raise ValidationError({"review_note": RETURN_NOTE_MESSAGE})
        if len(note) > MAX_REVIEW_NOTE:
            raise ValidationError({"review_note": f"Ghi chú tối đa {MAX_REVIEW_NOTE} ký tự."})
        return self._change_status(article_id, STATUS_DRAFT, by, note)

    def restore_revision(self, kind: str, item_id: int, revision_id: int, by: str = "") -> dict:
        """Make a kept revision the current version again (the current one becomes a revision)."""
        rev = Revisions(self.store).get(kind, item_id, revision_id)
        values = dict(rev["data"])
        values.pop("review_note", None)  # an old return note is history, not a new return
        if kind == "article":
            return self.save_article(values, item_id, by=by)
        return self.save_page(values, item_id, by=by)

    def _set_trashed(self, article_id: int, trashed: bool) -> None:
        with self.store.locked("content"):
            self.store.invalidate(ARTICLE_DIR)
            self.article_meta(article_id)
            with self.store.transaction(shard_name(int(article_id))) as db:
                table = db.table("articles")
                table.update({"trashed_at": timeutil.now_iso() if trashed else None}, doc_ids=[int(article_id)])

    def trash_article(self, article_id: int) -> None:
        """Move an article to the trash (hidden from citizens, never hard-deleted)."""
        self._set_trashed(article_id, True)

    def restore_article(self, article_id: int) -> None:
        """Bring an article back from the trash."""
        self._set_trashed(article_id, False)

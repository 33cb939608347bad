"""Backups of the data folder as a zip: what a backup of this version holds (one allow-list), and writing one."""
from __future__ import annotations

import os
import re
from pathlib import Path

from .database import Store
from .files import UPLOAD_DIR, StoreError

SECRET_NAME = "secret_key"
SAFETY_DIR = "backups"
KEEP_ON_RESTORE = "audit"  # the audit log is evidence: a restore never rolls it back

# What a backup holds, by name and kind: the writer writes only these, a restore accepts only these,
# so the two cannot disagree. tests/test_backup.py checks that every data file of a full site is named here.
KIND_JSON = "json"  # a TinyDB document
KIND_JOURNAL = "journal"  # a worker's page-view log (UTF-8 lines)
KIND_IMAGE = "image"  # an upload, re-encoded by core/uploads.py
KIND_DOCUMENT = "document"  # an attached document, checked by core/uploads.py
KIND_MEDIA = "media"  # an uploaded video or sound, checked by core/media_files.py
TOP_FILES = (
    "site.json", "schema.json", "accounts.json", "login_limits.json", "documents.json", "schedule.json",
    "people.json", "banners.json", "media.json", "questions.json", "qa_limits.json", "drafts.json",
    "draft_comments.json", "ratings.json", "reports.json", "royalties.json", "demo.json",
    "bodies.json",
    "reception.json", "reception_results.json", "contacts.json", "press.json",
    "budget.json",
    "procedures.json",
    "videos.json", "radio.json",
    "albums.json",
)
BACKUP_MEMBERS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # (folder, file name, kind)
    ("", re.compile("|".join(re.escape(n) for n in TOP_FILES)), KIND_JSON),
    ("articles", re.compile(r"\d{5}\.json"), KIND_JSON),
    ("revisions", re.compile(r"[a-z][a-z_]{1,30}-\d{1,12}\.json"), KIND_JSON),
    ("audit", re.compile(r"\d{4}-\d{2}(-\d{3})?\.json"), KIND_JSON),
    ("counters", re.compile(r"(counters|salt)\.json"), KIND_JSON),
    ("counters/journal", re.compile(r"\d{1,12}-\d{1,10}-[0-9a-f]{8}\.log"), KIND_JOURNAL),
    (UPLOAD_DIR, re.compile(r"[0-9a-f]{32}(-(320|800))?\.(jpg|png|webp)"), KIND_IMAGE),
    (UPLOAD_DIR, re.compile(r"[0-9a-f]{32}\.(pdf|docx?|xlsx?|odt)"), KIND_DOCUMENT),
    (UPLOAD_DIR, re.compile(r"[0-9a-f]{32}\.(mp4|webm|mp3|m4a)"), KIND_MEDIA),
    ("cards", re.compile(r"[0-9a-f]{32}\.png"), KIND_IMAGE),  # core/share_card.py: drawn again when missing
)
BACKUP_FOLDERS = frozenset(f for f, _, _ in BACKUP_MEMBERS if f) | {"counters"}
# The top-level entries of the data folder a restore replaces (the secret key, settings, old backups,
# the audit log and hidden files stay as they are).
RESTORED_ROOTS = frozenset(TOP_FILES) | {f.split("/", 1)[0] for f in BACKUP_FOLDERS} - {KEEP_ON_RESTORE}

# Limits of a restore (zip bombs: a 1.5 MB zip can unpack to gigabytes).
MEMBER_MAX_BYTES = 200 * 1024 ** 2  # one file unpacked
BACKUP_MAX_BYTES = 2 * 1024 ** 3  # every file unpacked
BACKUP_MAX_MEMBERS = 200_000  # a 10,000-article site with its photos holds some tens of thousands


def member_kind(name: str) -> str | None:
    """Return the kind of backup member ``name`` (a relative posix path), or None when a backup holds no such file."""
    folder, _, base = name.rpartition("/")
    for member_folder, pattern, kind in BACKUP_MEMBERS:
        if folder == member_folder and pattern.fullmatch(base):
            return kind
    return None


def _zip_members(root: Path, include_secret: bool) -> list[Path]:
    """Return the files a backup holds: the data files of the allow-list (and the secret key when asked)."""
    out = []
    for p in sorted(root.rglob("*")):
        name = p.relative_to(root).as_posix()
        if not p.is_file():
            continue
        if member_kind(name) is not None or (include_secret and name == SECRET_NAME):
            out.append(p)
    return out


class BackupError(StoreError):
    """A backup zip is refused; ``message`` is Vietnamese and says why; ``sha256`` is the zip's, once known."""

    def __init__(self, message: str, sha256: str = ""):
        self.message = message
        self.sha256 = sha256
        super().__init__(message)


def write_backup(store: Store, fileobj, include_secret: bool = False) -> int:
    """Write a zip of the data files (see BACKUP_MEMBERS) to ``fileobj``; return the number of files.

    Every lock is held while the data files are copied, so no write of any
    collection lands half-way through. Uploads are copied after the locks are
    released: they are written before the records naming them and never change
    or go away, so the copy stays whole while the site keeps working.
    """
    import zipfile

    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        uploads = []
        with store.locked_all():
            members = _zip_members(store.root, include_secret)
            for p in members:
                name = p.relative_to(store.root).as_posix()
                if name.startswith(f"{UPLOAD_DIR}/"):
                    uploads.append((p, name))
                else:
                    zf.write(p, name)
        for p, name in uploads:
            try:
                zf.write(p, name)
            except FileNotFoundError:
                pass  # removed with the demo meanwhile: nothing names it any more
    return len(members)


def write_backup_file(store: Store, name: str, include_secret: bool = False) -> Path:
    """Write a backup zip to ``name`` inside the data folder (e.g. before an upgrade); return its path."""
    path = store.path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        write_backup(store, fh, include_secret)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path

"""The demo's marker and its removal: what the demo wrote, so that it can be taken away whole.

The seed records in ``demo.json`` every record it created (data file, table,
id) with a fingerprint of its content, and every upload file it wrote. A
record whose content no longer matches its fingerprint was edited by the
commune and is theirs: removing the demo keeps it. The normal save paths know
nothing of the demo, so no edit can forget to "unmark" a record: any change an
editor makes changes the fingerprint, and the record is kept. Removal writes a
backup zip first, then, holding every lock, deletes what is still the demo's.
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import timeutil
from .articles import ARTICLE_DIR
from .counters import Counters
from .ratings import Ratings
from .records import REVISION_KINDS
from .revisions import Revisions
from .sections import KIND_PAGES, SITE_FILE
from .store import UPLOAD_DIR, Store, collection_of, write_backup_file

DEMO_FILE = "demo.json"
BACKUP_DIR = "backups"
# Fields that change without anyone editing the record itself: trashing and restoring it, moving
# another item up or down, marking another person as spokesperson (which unmarks this one).
VOLATILE = frozenset({"trashed_at", "updated_at", "order"})
VOLATILE_BY_TABLE = {("people.json", "items"): frozenset({"spokesperson"})}
# What the demo writes that is not demo content: the settings (the setup asks for the commune's own)
# and the document types (a vocabulary every site starts with).
NOT_DEMO = frozenset({(SITE_FILE, "settings"), ("documents.json", "types"), ("budget.json", "deadlines")})
# Data files that never hold the demo's content (accounts, logs, counters, the marker itself).
NOT_CONTENT = frozenset({DEMO_FILE, "schema.json", "accounts.json", "login_limits.json", "qa_limits.json",
                         "ratings.json", "reports.json", "royalties.json"})
NOT_CONTENT_FOLDERS = ("counters", "audit", "revisions")
LOCKS = {"drafts.json": "consultation", "draft_comments.json": "consultation", "questions.json": "questions"}
KINDS = {
    (SITE_FILE, "sections"): "section", (SITE_FILE, "pages"): "page", (SITE_FILE, "links"): "link",
    ("documents.json", "items"): "document", ("schedule.json", "items"): "schedule",
    ("people.json", "items"): "person", ("questions.json", "items"): "question", ("drafts.json", "items"): "draft",
    ("draft_comments.json", "items"): "comment", ("banners.json", "items"): "banner",
    ("media.json", "items"): "media",
    ("reception.json", "items"): "reception", ("reception.json", "rules"): "reception_rules",
    ("reception_results.json", "items"): "reception_result", ("contacts.json", "items"): "contact",
    ("press.json", "items"): "press",
    ("budget.json", "items"): "budget", ("procedures.json", "items"): "procedure",
    ("videos.json", "items"): "video", ("radio.json", "items"): "radio",
    ("albums.json", "items"): "album",
}
KIND_LABELS = {
    "article": "tin bài", "section": "chuyên mục", "page": "trang giới thiệu", "link": "liên kết",
    "document": "văn bản", "schedule": "lịch công tác", "person": "cán bộ", "question": "câu hỏi",
    "draft": "dự thảo", "comment": "ý kiến góp ý", "banner": "pa-nô tuyên truyền",
    "media": "tệp thư viện", "upload": "tệp",
    "reception": "buổi tiếp công dân", "reception_rules": "nội quy tiếp công dân",
    "reception_result": "kết quả tiếp công dân", "contact": "số liên hệ", "press": "thông cáo báo chí",
    "budget": "tài liệu công khai ngân sách", "procedure": "thủ tục hành chính",
    "video": "video", "radio": "bản tin phát thanh",
    "album": "album ảnh",
}


class DemoSite(Protocol):
    """The services removal uses (core.site.Site has them; typed here so core.site is not imported back)."""

    store: Store
    counters: Counters
    ratings: Ratings


def kind_of(name: str, table: str) -> str:
    """Return what a record of ``table`` in data file ``name`` is ("article", "document" …)."""
    if name.startswith(f"{ARTICLE_DIR}/"):
        return "article"
    return KINDS.get((name, table), table)


def fingerprint(name: str, table: str, doc: dict) -> str:
    """Return the fingerprint of a record's content (what an edit changes, not what trashing or moving does)."""
    skip = VOLATILE | VOLATILE_BY_TABLE.get((name, table), frozenset())
    kept = {k: v for k, v in doc.items() if k not in skip}
    raw = json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _content_files(store: Store) -> list[str]:
    return [n for n in store.data_files(skip=NOT_CONTENT_FOLDERS) if n not in NOT_CONTENT]


def snapshot(store: Store) -> dict[str, Any]:
    """Return which content records and upload files exist now (taken before the seed runs)."""
    records = {(name, table, doc_id) for name in _content_files(store)
               for table, docs in store.read(name, cache=False).items() for doc_id in docs}
    return {"files": set(_content_files(store)), "records": records, "uploads": set(store.list_dir(UPLOAD_DIR))}


def register_demo(store: Store, before: dict[str, Any]) -> int:
    """Record what the seed created since ``before`` (a snapshot) as the demo's; return how many records."""
    after = snapshot(store)
    docs = []
    for name, table, doc_id in sorted(after["records"] - before["records"]):
        if (name, table) in NOT_DEMO:
            continue
        doc = store.read(name, cache=False)[table][doc_id]
        docs.append({"file": name, "table": table, "id": int(doc_id), "kind": kind_of(name, table),
                     "hash": fingerprint(name, table, doc)})
    with store.transaction(DEMO_FILE) as db:
        db.table("records").insert_multiple(docs)
        db.table("uploads").insert_multiple({"name": n} for n in sorted(after["uploads"] - before["uploads"]))
        db.table("files").insert_multiple({"name": n} for n in sorted(after["files"] - before["files"]))
        db.table("state").insert({"seeded_at": timeutil.now_iso()})
    return len(docs)


def demo_remaining(store: Store) -> int:
    """Return how many demo records and files are still marked (0 once removed, or on a site never seeded).

    Cheap enough for every page view: the marker is parsed once per change, then it is a look-up.
    """
    data = store.read(DEMO_FILE)
    return len(data.get("records", ())) + len(data.get("uploads", ()))


def demo_counts(store: Store) -> dict[str, int]:
    """Return how many demo items of each kind are still marked ({"article": 30, "document": 6, …})."""
    counts: dict[str, int] = {}
    data = store.read(DEMO_FILE)
    for rec in data.get("records", {}).values():
        counts[rec["kind"]] = counts.get(rec["kind"], 0) + 1
    if data.get("uploads"):
        counts["upload"] = len(data["uploads"])
    return counts


def was_seeded(store: Store) -> bool:
    """Return whether this data folder was filled with the demo by this version (its marker exists)."""
    return bool(store.read(DEMO_FILE).get("state"))


def describe(counts: dict[str, int]) -> str:
    """Return counts as Vietnamese text: "30 tin bài, 6 văn bản, …"."""
    return ", ".join(f"{n} {KIND_LABELS.get(kind, kind)}" for kind, n in counts.items() if n)


@dataclass
class Plan:
    """What removing the demo would do: the records to delete (file -> table -> ids), what stays."""

    remove: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # kind -> records to delete
    kept: int = 0  # demo records kept: edited by the commune, or holding something of theirs
    uploads: list[str] = field(default_factory=list)  # demo upload files nothing else names
    theirs: bool = False  # whether anything beyond the untouched demo exists (then a backup matters)

    def removing(self, name: str, table: str, doc_id: int) -> bool:
        """Return whether the plan deletes this record."""
        return doc_id in self.remove.get(name, {}).get(table, ())


def _token(upload: str) -> str:
    return upload.split(".", 1)[0].split("-", 1)[0]  # the random part: every size and URL of the file has it


def plan_removal(store: Store) -> Plan:
    """Return what removing the demo would delete and keep, from the data as they are now.

    One data file at a time, so a site of thousands of articles is never held in memory at once.
    """
    plan = Plan()
    marker = store.read(DEMO_FILE, cache=False)
    marked: dict[str, list[dict]] = {}
    for rec in marker.get("records", {}).values():
        marked.setdefault(rec["file"], []).append(rec)
    tokens: dict[str, list[str]] = {}  # an image's sizes share its token: all of them go, or none
    for rec in marker.get("uploads", {}).values():
        tokens.setdefault(_token(rec["name"]), []).append(rec["name"])
    named: set[str] = set()
    used_sections: set[int] = set()
    small: dict[str, dict] = {}
    for name in _content_files(store):
        data = store.read(name, cache=False)
        for rec in marked.get(name, ()):
            doc = data.get(rec["table"], {}).get(str(rec["id"]))
            if doc is None:
                continue  # already gone
            if fingerprint(name, rec["table"], doc) == rec["hash"]:
                plan.remove.setdefault(name, {}).setdefault(rec["table"], []).append(int(rec["id"]))
            else:
                plan.kept += 1
        if name.startswith(f"{ARTICLE_DIR}/"):
            used_sections |= {doc.get("section_id") for k, doc in data.get("articles", {}).items()
                              if not plan.removing(name, "articles", int(k))}
            _what_stays(plan, name, data, tokens, named)
        else:
            small[name] = data
    _keep_sections_in_use(plan, small.get(SITE_FILE, {}), used_sections)
    _keep_drafts_with_comments(plan, small)
    for name, data in small.items():
        _what_stays(plan, name, data, tokens, named)
    # A demo file stays while anything left names it (an edited demo document, an article linking to it).
    plan.uploads = sorted(upload for token, uploads in tokens.items() if token not in named for upload in uploads)
    for name, tables in plan.remove.items():
        for table, ids in tables.items():
            plan.counts[kind_of(name, table)] = plan.counts.get(kind_of(name, table), 0) + len(ids)
    return plan


def _what_stays(plan: Plan, name: str, data: dict, tokens: dict[str, list[str]], named: set[str]) -> None:
    """Note whether anything of the commune's is in a data file, and which demo files what stays names."""
    for table, docs in data.items():
        for doc_id, doc in docs.items():
            if plan.removing(name, table, int(doc_id)):
                continue
            if (name, table) not in NOT_DEMO:
                plan.theirs = True
            if len(named) < len(tokens):
                text = json.dumps(doc, ensure_ascii=False)
                named.update(t for t in tokens if t in text)


def _keep_sections_in_use(plan: Plan, site: dict, used: set[int]) -> None:
    """Keep a demo section that still holds something that stays: an article, a sub-section, intro pages."""
    doomed = set(plan.remove.get(SITE_FILE, {}).get("sections", ()))
    if not doomed:
        return
    sections = {int(k): v for k, v in site.get("sections", {}).items()}
    pages_left = any(not plan.removing(SITE_FILE, "pages", int(k)) for k in site.get("pages", {}))
    changed = True
    while changed:
        changed = False
        for sid in sorted(doomed):
            section = sections[sid]
            children_left = any(s.get("parent_id") == sid and k not in doomed for k, s in sections.items())
            if sid in used or children_left or (section.get("kind") == KIND_PAGES and pages_left):
                doomed.discard(sid)
                plan.kept += 1
                changed = True
    plan.remove[SITE_FILE]["sections"] = sorted(doomed)


def _keep_drafts_with_comments(plan: Plan, data: dict[str, dict]) -> None:
    """Keep a demo draft that citizens have commented on: their comments stay, and keep their draft."""
    doomed = plan.remove.get("drafts.json", {}).get("items")
    if not doomed:
        return
    commented = {doc.get("draft_id") for k, doc in data.get("draft_comments.json", {}).get("items", {}).items()
                 if not plan.removing("draft_comments.json", "items", int(k))}
    plan.kept += len([d for d in doomed if d in commented])
    plan.remove["drafts.json"]["items"] = [d for d in doomed if d not in commented]


@dataclass
class Removal:
    """What a removal did."""

    counts: dict[str, int]
    kept: int
    backup: str | None  # the backup zip's name inside the data folder, if one was written


def remove_demo(site: DemoSite, *, backup: bool | None = True) -> Removal:
    """Delete every demo record and file that is still the demo's, keep what the commune made or edited.

    ``backup``: True writes backups/truoc-xoa-du-lieu-mau-<time>.zip first; None writes it only when
    something beyond the untouched demo exists (nothing to lose otherwise: the demo can be seeded again).
    Every lock is held throughout, so no write lands half-way and every worker reloads after.
    """
    store = site.store
    with store.locked_all():
        for name in _content_files(store):
            store.invalidate(collection_of(name))  # read the files themselves, whatever any cache holds
        if not demo_remaining(store):
            return Removal(counts={}, kept=0, backup=None)
        plan = plan_removal(store)
        backup_name = None
        if backup or (backup is None and plan.theirs):
            backup_name = f"{BACKUP_DIR}/truoc-xoa-du-lieu-mau-{time.strftime('%Y%m%d-%H%M%S')}.zip"
            write_backup_file(store, backup_name)
        for name, tables in plan.remove.items():
            if not any(tables.values()):
                continue
            with store.transaction(name, lock_name=LOCKS.get(name, "content"), allow_empty=True) as db:
                for table, ids in tables.items():
                    if ids:
                        db.table(table).remove(doc_ids=ids)
        articles = [i for name, tables in plan.remove.items() if name.startswith(f"{ARTICLE_DIR}/")
                    for i in tables.get("articles", ())]
        # Ids may be given again to new items: nothing of the removed ones may follow them.
        revisions = Revisions(store)
        for article_id in articles:
            revisions.forget("article", article_id)
        for page_id in plan.remove.get(SITE_FILE, {}).get("pages", ()):
            revisions.forget("page", page_id)
        for name, kind in REVISION_KINDS.items():
            for item_id in plan.remove.get(name, {}).get("items", ()):
                revisions.forget(kind, item_id)
        if articles:
            site.counters.forget_articles(articles)
            site.ratings.forget_articles(articles)
        for upload in plan.uploads:
            store.delete_blob(f"{UPLOAD_DIR}/{upload}")
        counts = dict(plan.counts, **({"upload": len(plan.uploads)} if plan.uploads else {}))
        with store.transaction(DEMO_FILE, allow_empty=True) as db:
            state = db.table("state").get(doc_id=1) or {}
            for table in ("records", "uploads", "files", "state"):
                db.drop_table(table)
            db.table("state").insert(dict(state, removed_at=timeutil.now_iso(), removed=counts, kept=plan.kept,
                                          backup=backup_name))
    return Removal(counts=counts, kept=plan.kept, backup=backup_name)


def unseed(site: DemoSite) -> bool:
    """Undo a seed that this very process made on an empty folder: delete the files it created, with
    their rotated copies, so the folder is as if the demo had never been there; return whether it did.

    Refused (False) when anything beyond the untouched demo is there: then :func:`remove_demo` applies.
    """
    store = site.store
    with store.locked_all():
        marker = store.read(DEMO_FILE, cache=False)
        plan = plan_removal(store)
        if not marker.get("records") or plan.theirs:
            return False
        for rec in marker.get("files", {}).values():
            store.delete(rec["name"], lock_name=LOCKS.get(rec["name"], "content"), with_backups=True)
        for upload in plan.uploads:
            store.delete_blob(f"{UPLOAD_DIR}/{upload}")
        store.delete(DEMO_FILE, with_backups=True)
    return True

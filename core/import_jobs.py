"""Imports run from the panel: one job record per source (imports.json), run a few items per request.

The source's bytes are kept once (``imports/<random>.feed``), so every step
reads the same items even when the feed's address has changed meanwhile; the
record holds how far the import got and what it skipped, so a run cut short
(a closed tab, a restarted server) goes on from there. Re-running an item is
harmless: it is skipped as already imported.
"""
from __future__ import annotations

import secrets
import time
from typing import Any

from . import timeutil
from .errors import NotFound, ValidationError
from .feed_source import Feed, parse_source
from .importer import ImportSettings, Importer, Outcome, Plan
from .records import Records
from .store import Store

JOB_DIR = "imports"
MAX_LISTED = 300  # skipped items and failed pictures kept in a record; the rest are counted
STEP_SECONDS = 15.0  # one request's share of the work: well under any proxy's timeout
LEASE_SECONDS = 120.0  # a step that died (a killed worker) frees its job after this
STATUS_PLANNED, STATUS_RUNNING, STATUS_DONE = "planned", "running", "done"
BUSY = "Lần nhập này đang chạy ở một cửa sổ hoặc tiến trình khác; vui lòng đợi rồi tải lại trang."


class ImportJobs(Records):
    """The panel's imports: planned (a dry run shown), running a step at a time, done."""

    FILE = "imports.json"

    def __init__(self, store: Store, importer: Importer):
        super().__init__(store)
        self.importer = importer
        self._feed: tuple[str, Feed] | None = None

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return a job record as given: only this class writes them, from checked values."""
        return dict(values)

    # ---------------------------------------------------------------- reads
    def feed(self, job: dict) -> Feed:
        """Return the items of a job's source (parsed once per process)."""
        if self._feed is not None and self._feed[0] == job["blob"]:
            return self._feed[1]
        with self.store.open_file(job["blob"]) as fh:
            feed = parse_source(fh.read(), job.get("address", ""))
        self._feed = (job["blob"], feed)
        return feed

    def settings(self, job: dict, **runtime: Any) -> ImportSettings:
        """Return the settings a job runs with; ``runtime`` adds the fetch rules, limits and image addresses."""
        mapping = {name: int(sid) for name, sid in (job.get("category_map") or {}).items()}
        return ImportSettings(section_id=int(job["section_id"]), category_map=mapping, draft=bool(job.get("draft")),
                              by=job.get("created_by", ""), **runtime)

    # ---------------------------------------------------------------- writes
    def create(self, data: bytes, source_name: str, address: str, feed: Feed, plan: Plan,
               settings: ImportSettings) -> dict:
        """Keep the source's bytes and record a planned import (its dry run); return the record."""
        blob = f"{JOB_DIR}/{secrets.token_hex(16)}.feed"
        self.store.save_blob(blob, data)
        return self.save({
            "blob": blob, "source_name": source_name[:300], "address": address[:1000], "kind": feed.kind,
            "title": feed.title, "total": len(feed.items), "plan": plan.as_dict(),
            "section_id": settings.section_id, "category_map": dict(settings.category_map),
            "draft": settings.draft, "status": STATUS_PLANNED, "position": 0, "imported": 0, "skipped_count": 0,
            "pictures": 0, "skipped": [], "failed_count": 0, "failed": [], "lease_until": 0.0,
            "created_by": settings.by, "started_at": None, "finished_at": None,
        })

    def start(self, job_id: int, section_id: int, category_map: dict[str, int], draft: bool) -> dict:
        """Fix where a planned import's items go, and let it run; raise ValidationError for a bad section."""
        job = self.get_live(job_id)
        if job["status"] != STATUS_PLANNED:
            return job
        settings = ImportSettings(section_id=section_id, category_map=category_map, draft=draft)
        self.importer.check_settings(settings)
        return self.update_fields(job_id, {"section_id": section_id, "category_map": dict(category_map),
                                           "draft": bool(draft), "status": STATUS_RUNNING,
                                           "started_at": timeutil.now_iso()})

    def _claim(self, job_id: int, seconds: float) -> dict:
        """Take a running job for one step (raise ValidationError if another step holds it)."""
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            job = table.get(doc_id=int(job_id))
            if job is None or job.get("trashed_at"):
                raise NotFound(job_id)
            if job["status"] != STATUS_RUNNING:
                return dict(job, id=int(job_id))
            if float(job.get("lease_until") or 0) > time.time():
                raise ValidationError({"job": BUSY})
            table.update({"lease_until": time.time() + seconds + LEASE_SECONDS}, doc_ids=[int(job_id)])
            return dict(job, id=int(job_id))

    def _record(self, job_id: int, position: int, outcome: Outcome | None, last: bool) -> dict:
        """Store how far a step got and what became of the item it just did."""
        with self.store.transaction(self.FILE, lock_name=self.LOCK) as db:
            table = db.table(self.TABLE)
            job = dict(table.get(doc_id=int(job_id)))
            job["position"] = max(int(job["position"]), position)
            if outcome is not None:
                if outcome.article_id is not None:
                    job["imported"] += 1
                    job["pictures"] += outcome.pictures
                else:
                    job["skipped_count"] += 1
                    if len(job["skipped"]) < MAX_LISTED:
                        job["skipped"].append({"title": outcome.title, "link": outcome.link,
                                               "reason": outcome.skipped})
                for address, reason in outcome.failed:
                    job["failed_count"] += 1
                    if len(job["failed"]) < MAX_LISTED:
                        job["failed"].append({"title": outcome.title, "address": address, "reason": reason})
            if job["position"] >= int(job["total"]):
                job.update(status=STATUS_DONE, finished_at=timeutil.now_iso())
            if last or job["status"] == STATUS_DONE:
                job["lease_until"] = 0.0
            job["updated_at"] = timeutil.now_iso()
            table.update(job, doc_ids=[int(job_id)])
        return dict(job, id=int(job_id))

    def step(self, job_id: int, seconds: float = STEP_SECONDS, **runtime: Any) -> dict:
        """Import the next items of a running job for about ``seconds``; return the job as it then stands.

        ``runtime`` gives the fetch rules, the image size limit and how bodies address stored images.
        """
        job = self._claim(job_id, seconds)
        if job["status"] != STATUS_RUNNING:
            return job
        try:
            feed = self.feed(job)
            settings = self.settings(job, **runtime)
            stored: dict[str, str] = {}
            deadline = time.monotonic() + seconds
            position = int(job["position"])
            if position >= len(feed.items):
                return self._record(job_id, position, None, True)
            while position < len(feed.items):
                outcome = self.importer.import_item(feed, feed.items[position], settings, stored)
                position += 1
                stop = position >= len(feed.items) or time.monotonic() >= deadline
                job = self._record(job_id, position, outcome, stop)
                if stop:
                    break
        except BaseException:
            self.update_fields(job_id, {"lease_until": 0.0})  # the next step may go on at once
            raise
        return job

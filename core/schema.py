"""The data folder's schema version: migrate older data on start (after a backup), refuse newer data."""
from __future__ import annotations

from collections.abc import Callable

from tinydb.table import Document

from .articles import search_fields
from .store import BackupError, Store, StoreError, write_backup_file

SCHEMA_FILE = "schema.json"
SCHEMA_VERSION = 2


class SchemaTooNew(StoreError):
    """The data were written by a newer version of the app."""


def _v1_to_v2(store: Store) -> None:
    """Store each article's folded search text and version number (added in schema 2)."""
    for name in store.list_files("articles"):
        with store.transaction(name) as db:
            table = db.table("articles")
            for doc in table.all():
                changed = dict(doc)
                if not isinstance(doc.get("search"), list):
                    changed["search"] = list(search_fields(doc))
                changed.setdefault("version", 1)
                if changed != doc:
                    table.upsert(Document(changed, doc_id=doc.doc_id))


MIGRATIONS: dict[int, Callable[[Store], None]] = {1: _v1_to_v2}


def read_version(store: Store) -> int | None:
    """Return the schema version written in the data folder (None for a folder without one)."""
    doc = store.read(SCHEMA_FILE).get("schema", {}).get("1")
    return int(doc["version"]) if doc else None


def write_version(store: Store, version: int) -> None:
    """Record the data folder's schema version."""

    with store.transaction(SCHEMA_FILE) as db:
        table = db.table("schema")
        table.upsert(Document(dict(table.get(doc_id=1) or {}, version=version), doc_id=1))


def check_restorable(store: Store, read: Callable[[str], dict]) -> None:
    """Refuse (BackupError) a backup whose data are newer than this program or kept in another time zone.

    ``read`` returns the tables of one of the backup's JSON files ({} when absent).
    """
    doc = read(SCHEMA_FILE).get("schema", {}).get("1") or {}
    version = doc.get("version", 1)
    if type(version) is not int or version < 1:
        raise BackupError(f"Tệp {SCHEMA_FILE} trong bản sao lưu không đúng định dạng (số phiên bản).")
    if version > SCHEMA_VERSION:
        raise BackupError(f"Bản sao lưu thuộc phiên bản dữ liệu {version}, mới hơn phiên bản {SCHEMA_VERSION} của "
                          "chương trình này: hãy cập nhật chương trình rồi khôi phục lại.")
    zone = doc.get("time_zone")
    live = (store.read(SCHEMA_FILE).get("schema", {}).get("1") or {}).get("time_zone")
    if zone and live and zone != live:
        raise BackupError(f"Bản sao lưu dùng múi giờ {zone}, trang này dùng {live}: thời gian trong dữ liệu gắn với "
                          "múi giờ nên không khôi phục được.")


def check_zone(store: Store, zone: str) -> None:
    """Record the site's time zone on first start; refuse to run an existing site in another zone.

    Stored times carry the zone's offset and are compared as strings, so the
    zone of a site cannot change once it holds data.
    """
    from tinydb.table import Document

    doc = store.read(SCHEMA_FILE).get("schema", {}).get("1") or {}
    recorded = doc.get("time_zone")
    if recorded is None:
        with store.transaction(SCHEMA_FILE) as db:
            table = db.table("schema")
            current = table.get(doc_id=1) or {"version": SCHEMA_VERSION}
            table.upsert(Document(dict(current, time_zone=zone), doc_id=1))
    elif recorded != zone:
        raise SchemaTooNew(f"Trang đã dùng múi giờ {recorded}; không thể đổi sang {zone} khi đã có dữ liệu. "
                           f"Đặt TIME_ZONE={recorded}.")


def upgrade(store: Store, fresh: bool) -> list[str]:
    """Bring the data folder to SCHEMA_VERSION; return what was done (for the log).

    A fresh folder is stamped with the current version. An older one is backed
    up to backups/truoc-nang-cap-vN.zip first, then migrated step by step. A
    newer one is refused: an older app must not rewrite data it does not know.
    """
    version = read_version(store)
    if version is None:
        if fresh:
            write_version(store, SCHEMA_VERSION)
            return []
        version = 1  # folders from before versioning
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"Dữ liệu trong {store.root} thuộc phiên bản {version}, mới hơn phiên bản {SCHEMA_VERSION} của "
            "chương trình này. Hãy cập nhật chương trình, hoặc khôi phục bản sao lưu cũ.")
    done = []
    if version < SCHEMA_VERSION:
        write_backup_file(store, f"backups/truoc-nang-cap-v{version}.zip")
        done.append(f"backup backups/truoc-nang-cap-v{version}.zip")
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](store)
            version += 1
            write_version(store, version)
            done.append(f"migrated to schema {version}")
    return done



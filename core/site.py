"""One commune's site: every core service on one data folder, built once and opened in one place.

A province hosting many communes builds one ``Site`` per commune's data folder.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

from .accounts import Accounts
from .albums import Albums
from .audit import Audit
from .banners import Banners
from .bodies import Bodies
from .budget import Budget
from .consultation import Consultations
from .contacts import Contacts
from .content import Content
from .counters import Counters
from .documents import Documents
from .import_jobs import ImportJobs
from .importer import Importer
from .library import Library
from .people import People
from .press import PressReleases
from .procedures import Procedures
from .qa import Questions
from .radio import RadioBulletins
from .ratings import Ratings
from .reception import ReceptionResults, ReceptionSessions
from .schedule import Schedule
from .schema import check_restorable, check_zone, upgrade
from .search import SiteSearch
from .share_card import ensure_card
from .store import Restored, Store, StoreError, finish_interrupted_restore, restore_backup
from .videos import Videos


@dataclass
class Site:
    """The services of one commune's site, all on the same store."""

    store: Store
    content: Content
    counters: Counters
    accounts: Accounts
    audit: Audit
    documents: Documents
    schedule: Schedule
    people: People
    bodies: Bodies
    banners: Banners
    procedures: Procedures
    questions: Questions
    consultations: Consultations
    library: Library
    ratings: Ratings
    search: SiteSearch
    budget: Budget
    importer: Importer
    import_jobs: ImportJobs
    reception: ReceptionSessions
    reception_results: ReceptionResults
    contacts: Contacts
    press: PressReleases
    videos: Videos
    radio: RadioBulletins
    albums: Albums
    seeded: bool = False  # this process filled an empty folder with the demo as it opened it

    def restore(self, stream: BinaryIO) -> Restored:
        """Replace the data with a backup zip (a seekable binary file) after every check; migrate older data.

        Raise BackupError (Vietnamese, with the zip's SHA-256) when refused: the data are then unchanged.
        """
        restored = restore_backup(self.store, stream, verify=partial(check_restorable, self.store))
        upgrade(self.store, fresh=False)  # a backup of an older version is migrated at once, as on a start
        self.accounts.seal_totp_secrets()  # a backup from an older version holds them in clear
        ensure_card(self.store, self.content.settings())  # a backup made before share cards holds none
        return restored


def build_site(store: Store, merge_interval: float) -> Site:
    """Return the services of the site whose data folder ``store`` holds (nothing is read or written)."""
    content = Content(store)
    documents = Documents(store)
    budget = Budget(store)
    procedures = Procedures(store)
    questions = Questions(store)
    library = Library(store)
    importer = Importer(content, library)
    bodies = Bodies(store)
    people = People(store, bodies)
    reception = ReceptionSessions(store)
    press = PressReleases(store)
    videos, radio = Videos(store), RadioBulletins(store)
    albums = Albums(store, library)
    return Site(
        store=store,
        content=content,
        counters=Counters(store, merge_interval=merge_interval),
        accounts=Accounts(store),
        audit=Audit(store),
        documents=documents,
        schedule=Schedule(store),
        people=people,
        bodies=bodies,
        banners=Banners(store),
        procedures=procedures,
        questions=questions,
        consultations=Consultations(store),
        library=library,
        ratings=Ratings(store),
        search=SiteSearch(content, documents, questions, press=press, reception=reception, budget=budget,
                          procedures=procedures, videos=videos, radio=radio, people=people, albums=albums),
        budget=budget,
        importer=importer,
        import_jobs=ImportJobs(store, importer),
        reception=reception,
        reception_results=ReceptionResults(store),
        contacts=Contacts(store),
        press=press,
        videos=videos,
        radio=radio,
        albums=albums,
    )


def open_site(store: Store, *, merge_interval: float, time_zone: str, seed_demo_data: bool,
              log=lambda message: None) -> Site:
    """Open the site on ``store``'s data folder: seed the demo on an empty folder, migrate older data, check every file.

    Temp files older than an hour (a writer killed midway) are removed first, and a restore killed half-way
    through its swap is completed before anything reads the data. A corrupt file raises StoreCorrupt
    (naming its backup), an unreadable one StoreUnreadable, a full disk StoreFull, data from a newer
    version SchemaTooNew, a changed time zone ValueError, a restore cut short that cannot be completed
    StoreError.
    """
    site = build_site(store, merge_interval)
    # Several workers may start at once on an empty folder: the first to get the lock seeds and stamps
    # it, the others wait and then find it done.
    with store.locked("startup"):
        for name in store.sweep_temp():  # left by a writer killed midway; on a full disk they keep it full
            log(f"removed a left-over temp file: {name}")
        safety = finish_interrupted_restore(store)
        if safety is not None:
            log(f"an interrupted restore was completed; the data it replaced are in {safety}")
        fresh = site.content.is_empty()
        if fresh and seed_demo_data:
            from .seed import seed_demo  # the demo's content, loaded only to seed an empty folder

            site.seeded = seed_demo(site)
        # Older data are migrated (after a backup zip), newer data refused: see core/schema.py.
        for step in upgrade(store, fresh):
            log(f"data folder upgrade: {step}")
        check_zone(store, time_zone)
        if site.accounts.seal_totp_secrets():
            log("two-step login secrets sealed with a key derived from secret_key")
    # Parse every data file now: a corrupt one stops here, naming its backup.
    # (Article shards are parsed, and so checked, by building the index.)
    store.verify_all(skip=("articles",))
    site.content.index()
    if not fresh or site.seeded:
        try:
            ensure_card(store, site.content.settings())  # drawn at first start, or after an upgrade or a restore
        except StoreError as e:  # a full disk: the pages fall back to the emblem
            log(f"share card not drawn: {e}")
    return site

"""The demo commune of Dương Quang: what a fresh install shows until the commune replaces it.

One entry point, :func:`seed_demo`; each module holds one area's demo data
and the function that stores it through that area's public methods. Everything
the demo writes is recorded as the demo's (core.demo), so that it can be
removed whole. ``skeleton`` holds what a commune starting empty gets instead.
This package imports the domain modules, never the reverse.
"""
from __future__ import annotations

from typing import Protocol

from ..albums import Albums
from ..budget import Budget
from ..consultation import Consultations
from ..contacts import Contacts
from ..content import Content
from ..demo import register_demo, snapshot
from ..documents import Documents
from ..library import Library
from ..people import People
from ..press import PressReleases
from ..procedures import Procedures
from ..qa import Questions
from ..radio import RadioBulletins
from ..reception import ReceptionResults, ReceptionSessions
from ..schedule import Schedule
from .albums import seed_albums
from .budget import seed_budget
from .radio import seed_radio
from .consultation import seed_consultation
from .content import ARTICLES, seed_content
from .documents import seed_documents
from .people import seed_people
from .pictures import draw_illustrations
from .procedures import seed_procedures
from .qa import seed_questions
from .reception import seed_contacts, seed_press, seed_reception
from .schedule import seed_schedule

__all__ = ["seed_demo"]


class DemoSite(Protocol):
    """The services the demo fills (core.site.Site has them; typed here so core.site is not imported back)."""

    content: Content
    documents: Documents
    schedule: Schedule
    people: People
    questions: Questions
    consultations: Consultations
    library: Library
    reception: ReceptionSessions
    reception_results: ReceptionResults
    contacts: Contacts
    press: PressReleases
    budget: Budget
    procedures: Procedures
    radio: RadioBulletins
    albums: Albums


def seed_demo(site: DemoSite) -> bool:
    """Fill an empty site with the demo commune, marking all of it as the demo's; return whether it did.

    A site that has sections is left untouched.
    """
    if site.content.sections(include_hidden=True):
        return False  # never seed over an existing site
    before = snapshot(site.content.store)
    figures = draw_illustrations(site.library, [a["title"] for a in ARTICLES])
    if not seed_content(site.content, figures):
        return False
    seed_documents(site.documents, site.content)
    seed_schedule(site.schedule)
    seed_people(site.people, site.content)
    seed_questions(site.questions)
    seed_consultation(site.consultations, site.content)
    seed_reception(site.reception, site.reception_results, site.people)
    seed_contacts(site.contacts, site.content)
    seed_press(site.press, site.content)
    seed_budget(site.budget, site.content)
    seed_procedures(site.procedures, site.content.settings().get("commune_name") or "Dương Quang")
    seed_radio(site.radio, site.content.settings().get("commune_name") or "Dương Quang")
    seed_albums(site.albums)
    register_demo(site.content.store, before)
    return True

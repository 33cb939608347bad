"""Tiếp công dân (the reception schedule, its rules, the results) and Liên hệ (hotlines and departments)."""
from __future__ import annotations

from flask import abort, render_template

from blueprints import svc
from core.people import tel_href
from core.reception import receiver_of

from . import bp
from .routes import _count_hit


def _with_receiver(items: list[dict]) -> list[dict]:
    """Return the sessions, each with the receiver's name and title as shown today."""
    people = svc().people
    out = []
    for item in items:
        name, title = receiver_of(item, people)
        out.append(dict(item, receiver_name=name, receiver_role=title))
    return out


def _reception_page(year: str | None):
    services = svc()
    years = services.reception.years()
    if year is not None and year not in years:
        abort(404)
    shown = year or (years[0] if years else None)
    _count_hit()
    return render_template("public/reception/index.html",
                           upcoming=_with_receiver(services.reception.upcoming()),
                           past=_with_receiver(services.reception.past(shown)) if shown else [],
                           years=years, year=shown, rules=services.reception.rules(),
                           results=services.reception_results.all())


@bp.route("/tiep-cong-dan")
def reception():
    """Show the reception schedule (upcoming first, then the latest year's past sessions), the rules, the results."""
    return _reception_page(None)


@bp.route("/tiep-cong-dan/nam-<year>")
def reception_year(year: str):
    """Show the reception page with the past sessions of one year (a path, so the static mirror has it)."""
    return _reception_page(year)


@bp.route("/lien-he")
def contacts():
    """Show the hotlines and the phone and e-mail of each department."""
    services = svc()
    _count_hit()
    return render_template("public/reception/contacts.html", hotlines=services.contacts.hotlines(),
                           departments=services.contacts.departments(), tel_href=tel_href)

"""Lịch công tác tuần: the leaders' weekly work schedule, on screen and as a print page."""
from __future__ import annotations

from datetime import date

from flask import abort, render_template, request

from blueprints import svc
from core import schedule as rules
from core import timeutil

from . import bp
from .routes import _count_hit, _sidebar


def _week_arg() -> date:
    """Return the Monday of ?tuan=YYYY-Www (this week when absent), or abort with 404."""
    raw = request.args.get("tuan", "")
    if not raw:
        return rules.current_monday()
    try:
        return rules.parse_week(raw)
    except ValueError:
        abort(404)


def _week_context() -> dict:
    monday = _week_arg()
    today = timeutil.now().date()
    schedule = svc().schedule
    days = schedule.week(monday)
    if days:  # a week with items shows today's row too, even when today is free
        days = schedule.week(monday, always=today)
    return {
        "week": rules.week_info(monday),
        "days": days,
        "today": today,
        "sessions": rules.SESSIONS,
    }


@bp.route("/lich-cong-tac")
def schedule():
    """Show one week of the leaders' work schedule (this week unless ?tuan= names another)."""
    context = _week_context()
    _count_hit()
    return render_template("public/schedule/week.html", **context, **_sidebar())


@bp.route("/lich-cong-tac/in")
def schedule_print():
    """Show one week of the schedule on a plain page made for printing."""
    context = _week_context()
    _count_hit()
    return render_template("public/schedule/print.html", **context)

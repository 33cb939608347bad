"""Visitor statistics: visits per day and per month, most-read articles, readers' usefulness ratings."""
from __future__ import annotations

from datetime import date, timedelta

from flask import render_template

from core import timeutil
from core.errors import NotFound

from . import bp
from blueprints import svc

DAYS_SHOWN = 30
RATINGS_SHOWN = 50


@bp.route("/thong-ke")
def stats():
    """Show visits per day (last 30 days), per month, and the most-read articles."""
    s = svc()
    s.counters.catch_up()  # exact, current figures (as last merged while the disk is full)
    daily = s.counters.daily()
    recent = last_days(daily, date.fromisoformat(timeutil.today_str()))
    months: dict[str, dict] = {}
    for d in daily:
        m = months.setdefault(d["day"][:7], {"month": d["day"][:7], "visits": 0, "hits": 0, "days": 0})
        m["visits"] += d.get("visits", 0)
        m["hits"] += d.get("hits", 0)
        m["days"] += 1
    top = []
    for aid, views in sorted(s.counters.all_views().items(), key=lambda kv: -kv[1])[:40]:
        try:
            meta = s.content.article_meta(aid)
        except NotFound:
            continue
        top.append({"article": meta, "views": views})
        if len(top) == 20:
            break
    peak = max((d.get("visits", 0) for d in recent), default=0)
    return render_template("editor/stats.html", summary=s.counters.summary(), recent=recent,
                           today=timeutil.today_str(),
                           months=sorted(months.values(), key=lambda m: m["month"], reverse=True),
                           top=top, peak=peak, sections=s.content.sections_by_id(), ratings=rating_rows(s),
                           ratings_on=s.content.settings().get("ratings") != "khong")


def last_days(daily: list[dict], today: date, days: int = DAYS_SHOWN) -> list[dict]:
    """Return the last ``days`` calendar days up to today, oldest first, a day with no visit as zero."""
    by_day = {d["day"]: d for d in daily}
    out = []
    for back in range(days - 1, -1, -1):
        day = (today - timedelta(days=back)).isoformat()
        out.append(by_day.get(day) or {"day": day, "visits": 0, "hits": 0})
    return out


def rating_rows(s, limit: int = RATINGS_SHOWN) -> list[dict]:
    """Return the rated articles, most answers first, with their yes/no counts and share of “Có”."""
    rows = []
    for aid, c in sorted(s.ratings.all().items(), key=lambda kv: (-(kv[1]["yes"] + kv[1]["no"]), -kv[0])):
        try:
            meta = s.content.article_meta(aid)
        except NotFound:
            continue  # a rated article that no longer exists
        total = c["yes"] + c["no"]
        rows.append({"article": meta, "yes": c["yes"], "no": c["no"], "total": total,
                     "percent": round(100 * c["yes"] / total) if total else 0})
        if len(rows) == limit:
            break
    return rows

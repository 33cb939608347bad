"""Visitor statistics: visits per day and per month, most-read articles, readers' usefulness ratings."""
from __future__ import annotations

from datetime import date

from flask import Response, render_template, request

from core import timeutil
from core.errors import NotFound
from core.visit_stats import RANGES, chart, figures_csv, last_days, range_days

from . import bp
from blueprints import svc

RATINGS_SHOWN = 50
TOP_SHOWN = 20


def _range_figures(s, days: int) -> tuple[list[dict], list[dict]]:
    """Return the range's days (oldest first) and its most-read articles."""
    recent = last_days(s.counters.daily(), date.fromisoformat(timeutil.today_str()), days)
    sections = s.content.sections_by_id()
    top = []
    views = s.counters.views_between(recent[0]["day"], recent[-1]["day"])
    for aid, n in sorted(views.items(), key=lambda kv: (-kv[1], kv[0])):
        try:
            meta = s.content.article_meta(aid)
        except NotFound:
            continue  # an article that no longer exists
        sec = sections.get(meta["section_id"])
        top.append({"article": meta, "title": meta["title"], "section": sec["name"] if sec else "", "views": n})
        if len(top) == TOP_SHOWN:
            break
    return recent, top


@bp.route("/thong-ke")
def stats():
    """Show visits per day over 7, 30 or 365 days (?khoang=), per month, and the range's most-read articles."""
    s = svc()
    s.counters.catch_up()  # exact, current figures (as last merged while the disk is full)
    days = range_days(request.args.get("khoang"))
    recent, top = _range_figures(s, days)
    months: dict[str, dict] = {}
    for d in s.counters.daily():
        m = months.setdefault(d["day"][:7], {"month": d["day"][:7], "visits": 0, "hits": 0, "days": 0})
        m["visits"] += d.get("visits", 0)
        m["hits"] += d.get("hits", 0)
        m["days"] += 1
    return render_template("editor/stats.html", summary=s.counters.summary(), recent=recent, days=days,
                           ranges=RANGES, chart=chart(recent), today=timeutil.today_str(),
                           months=sorted(months.values(), key=lambda m: m["month"], reverse=True),
                           top=top, ratings=rating_rows(s),
                           ratings_on=s.content.settings().get("ratings") != "khong")


@bp.route("/thong-ke/so-lieu.csv")
def stats_csv():
    """Send the range's figures (?khoang=) as CSV for a spreadsheet."""
    s = svc()
    s.counters.catch_up()
    days = range_days(request.args.get("khoang"))
    recent, top = _range_figures(s, days)
    name = f"thong-ke-{days}-ngay-den-{recent[-1]['day']}.csv"
    return Response(figures_csv(recent, top), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


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

"""Count what the site did in a report period: articles per section, month and author, visits, documents, questions.

Every figure is computed once, here, by :func:`compute_stats` for a period of
whole days in Asia/Ho_Chi_Minh; the editor's screen, the print view and the
.docx file all read that one result, so a number can never differ between them.

An article counts for a period when it is published (status "published", not
in the trash, its publication time already passed) and its ``publish_at``
falls on a day of the period, both ends included. Sub-sections roll up into
their top-level section, as in the commune's own report (179 + 16 + 33 + 20).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from collections.abc import Iterable

from . import timeutil
from .articles import STATUS_PUBLISHED
from .content import Content
from .sections import KIND_PAGES
from .qa import STATUS_ANSWERED, deadline
from .vnformat import byline_names, fmt_int, fold, round_half_up, vn_day

TOP_READ = 10
# The intro pages built from the people register, as their headings read, and the People method that fills each.
PEOPLE_PAGES = (("Cơ cấu tổ chức", "by_organisation"), ("Người phát ngôn", "spokesperson"),
                ("Ban Biên tập", "board"))
NO_AUTHOR = "(Không ghi tác giả)"


# ------------------------------------------------------------------ periods
def site_start(settings: dict) -> date | None:
    """Return the site's start date from the settings, or None."""
    try:
        return date.fromisoformat(settings.get("site_start") or "")
    except ValueError:
        return None


def default_period(settings: dict, today: date | None = None) -> tuple[date, date]:
    """Return the default report period: from the site's start (else 1 January) to today."""
    today = today or timeutil.now().date()
    start = site_start(settings) or date(today.year, 1, 1)
    return min(start, today), today


def period_from_args(start_raw: Any, end_raw: Any, settings: dict,
                     today: date | None = None) -> tuple[date, date, dict[str, str]]:
    """Return the period typed in a form (defaults for blanks) and Vietnamese errors per field."""
    default_start, default_end = default_period(settings, today)
    errors: dict[str, str] = {}
    start, end = default_start, default_end
    if str(start_raw or "").strip():
        try:
            start = timeutil.parse_day(start_raw)
        except ValueError:
            errors["tu"] = "Ngày bắt đầu không hợp lệ (nhập ngày/tháng/năm, ví dụ 22/06/2023)."
    if str(end_raw or "").strip():
        try:
            end = timeutil.parse_day(end_raw)
        except ValueError:
            errors["den"] = "Ngày kết thúc không hợp lệ (nhập ngày/tháng/năm, ví dụ 10/11/2023)."
    if not errors and start > end:
        errors["den"] = "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."
        start, end = default_start, default_end
    if errors:
        start, end = default_start, default_end
    return start, end, errors


def local_day(iso: str | None) -> str:
    """Return the YYYY-MM-DD of a stored time in Asia/Ho_Chi_Minh ("" for none)."""
    if not iso:
        return ""
    if iso.endswith(timeutil.OFFSET):
        return iso[:10]  # every stored time carries this offset: no parse needed
    try:
        return timeutil.parse_iso(iso).strftime("%Y-%m-%d")
    except ValueError:
        return ""


def published_in_period(content: Content, start: date, end: date, now_iso: str | None = None) -> list[dict]:
    """Return the index records of the articles published in the period (both days included), oldest first."""
    now_iso = now_iso or timeutil.now_iso()
    lo, hi = start.isoformat(), end.isoformat()
    out = []
    for meta in content.index().meta.values():
        if meta.get("status") != STATUS_PUBLISHED or meta.get("trashed_at"):
            continue
        published = meta.get("publish_at") or ""
        if not published or published > now_iso:
            continue  # scheduled for later: not published yet
        if lo <= local_day(published) <= hi:
            out.append(meta)
    out.sort(key=lambda m: (m["publish_at"], m["id"]))
    return out


# ------------------------------------------------------------------ statistics
@dataclass
class _Row:
    """A top-level section's articles in the period, and how many of them sit directly in it."""

    section: dict
    count: int = 0
    direct: int = 0


def intro_pages(content: Content, people: Any = None) -> list[str]:
    """Return the titles of the intro pages a citizen can open: the written ones, then those of the people register."""
    titles = [p["title"] for p in content.pages()]
    if people is not None:
        titles += [title for title, method in PEOPLE_PAGES if getattr(people, method)()]
    return titles


def _section_rows(content: Content, articles: list[dict], people: Any = None,
                  show_hidden: bool = False) -> tuple[list[dict], int]:
    """Return the rows of the results table (top-level sections in menu order) and the total."""
    sections = content.sections_by_id()
    top: dict[int, _Row] = {}
    child_counts: dict[int, int] = {}
    other = 0
    for meta in articles:
        sec = sections.get(meta.get("section_id"))
        if sec is None:
            other += 1
            continue
        parent = sections.get(sec.get("parent_id")) if sec.get("parent_id") else None
        root = parent or sec
        row = top.setdefault(root["id"], _Row(root))
        row.count += 1
        if parent is None:
            row.direct += 1
        else:
            child_counts[sec["id"]] = child_counts.get(sec["id"], 0) + 1
    pages = intro_pages(content, people)
    rows: list[dict] = []
    for sec in content.sections(include_hidden=True):
        if sec.get("parent_id"):
            continue
        row = top.get(sec["id"], _Row(sec))
        article_children = [c for c in sec["children"] if c.get("kind") != KIND_PAGES]
        is_pages = sec.get("kind") == KIND_PAGES and not article_children
        if sec.get("hidden") and not row.count and not show_hidden:
            continue  # a hidden section with nothing in the period says nothing (unless the clerk asks)
        if is_pages:
            rows.append({"id": sec["id"], "name": sec["name"], "kind": "pages", "count": 0,
                         "lines": [f"- {t};" for t in pages], "has_pages": bool(pages),
                         "value": "Có" if pages else "Chưa có"})
            continue
        lines = []
        if article_children:
            for child in article_children:
                n = child_counts.get(child["id"], 0)
                if child.get("hidden") and not n and not show_hidden:
                    continue
                lines.append({"name": child["name"], "count": n})
            if row.direct:
                lines.insert(0, {"name": f"Đăng trực tiếp trong mục {sec['name']}", "count": row.direct})
        rows.append({"id": sec["id"], "name": sec["name"], "kind": "articles", "count": row.count,
                     "children": lines,
                     "lines": [f"- {c['name']}: {fmt_int(c['count'])} tin bài;" for c in lines],
                     "value": f"{fmt_int(row.count)} tin bài"})
    if other:
        rows.append({"id": None, "name": "Chuyên mục khác", "kind": "articles", "count": other, "children": [],
                     "lines": [], "value": f"{fmt_int(other)} tin bài"})
    for n, row in enumerate(rows, 1):
        row["tt"] = str(n)
    return rows, sum(r["count"] for r in rows)


def _months(start: date, end: date, articles: list[dict]) -> list[dict]:
    """Return the articles published in each month of the period, months without any included."""
    counts: dict[str, int] = {}
    for meta in articles:
        key = local_day(meta["publish_at"])[:7]
        counts[key] = counts.get(key, 0) + 1
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        key = f"{y:04d}-{m:02d}"
        out.append({"key": key, "label": f"{m:02d}/{y}", "count": counts.get(key, 0)})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _visits(daily: Iterable[dict], start: date, end: date, today: date) -> dict[str, Any]:
    """Return the visit figures of the period.

    The average divides by the days of the period that the counter covered:
    from the later of the period's start and the counter's first day, to the
    earlier of the period's end and today (a day without a visit counts as 0).
    """
    days = sorted((d for d in daily if d.get("day")), key=lambda d: d["day"])
    lo, hi = start.isoformat(), end.isoformat()
    inside = [d for d in days if lo <= d["day"] <= hi]
    total = sum(int(d.get("visits", 0)) for d in inside)
    hits = sum(int(d.get("hits", 0)) for d in inside)
    first = date.fromisoformat(days[0]["day"]) if days else None
    span_start = max(start, first) if first else None
    span_end = min(end, today)
    n_days = (span_end - span_start).days + 1 if span_start and span_end >= span_start else 0
    peak = max(inside, key=lambda d: (int(d.get("visits", 0)), d["day"]), default=None)
    average = round_half_up(Decimal(total) / n_days) if n_days else 0
    return {
        "total": total, "hits": hits, "days": n_days, "average": average,
        "from": span_start if n_days else None, "to": span_end if n_days else None,
        "peak": int(peak.get("visits", 0)) if peak else 0,
        "peak_day": date.fromisoformat(peak["day"]) if peak else None,
    }


def compute_stats(content: Content, counters: Any, documents: Any, questions: Any, start: date, end: date,
                  working_days: int = 15, now: Any = None, people: Any = None,
                  show_hidden: bool = False) -> dict[str, Any]:
    """Return every figure of the report for the period ``start``–``end`` (both days included).

    ``counters`` needs ``daily()`` and ``all_views()`` (merge it first for current
    figures); ``documents`` ``all()``; ``questions`` ``all()`` and the answer rules;
    ``people`` (optional) names the intro pages built from the people register; ``show_hidden`` keeps
    the rows of sections hidden from citizens that had nothing in the period.
    """
    now = now or timeutil.now()
    now_iso = timeutil.to_iso(now)
    today = now.date()
    lo, hi = start.isoformat(), end.isoformat()
    articles = published_in_period(content, start, end, now_iso)
    rows, total = _section_rows(content, articles, people, show_hidden)
    sections = content.sections_by_id()
    months = _months(start, end, articles)

    authors: dict[str, dict] = {}
    for meta in articles:
        # a byline of two names is two authors, each credited with the article (as in the royalties)
        names = byline_names(meta.get("author") or "") or [NO_AUTHOR]
        for name in dict.fromkeys(names):
            entry = authors.setdefault(fold(name), {"name": name, "count": 0})
            entry["count"] += 1
    by_author = sorted(authors.values(), key=lambda a: (-a["count"], fold(a["name"])))

    views = counters.all_views() if counters is not None else {}
    read = sorted(((views.get(m["id"], 0), m) for m in articles), key=lambda vm: (-vm[0], -vm[1]["id"]))
    top = [{"id": m["id"], "title": m["title"], "views": v, "published": vn_day(date.fromisoformat(
            local_day(m["publish_at"]))), "section": sections.get(m["section_id"], {}).get("name", "")}
           for v, m in read[:TOP_READ] if v > 0]

    visits = _visits(counters.daily() if counters is not None else [], start, end, today)

    docs = []
    if documents is not None:
        for item in documents.all():
            # A document belongs to the period it was issued in, whenever it was uploaded.
            issued_on = str(item.get("issued_on") or "")[:10]
            posted = local_day(item.get("created_at"))
            if lo <= (issued_on or posted) <= hi:
                docs.append({"id": item["id"], "number": item.get("number", ""),
                             "type": item.get("type_name", ""), "issued": item.get("issued_vn", ""),
                             "summary": item.get("summary", ""), "posted": posted, "issued_on": issued_on})
        docs.sort(key=lambda d: (d["issued_on"] or d["posted"], d["id"]))

    received = answered = late = waiting_late = 0
    if questions is not None:
        for item in questions.all():
            asked = local_day(item.get("created_at"))
            if not asked:
                continue
            due = deadline(item["created_at"], working_days)
            if lo <= asked <= hi:
                received += 1
            is_answered = item.get("status") == STATUS_ANSWERED and item.get("answered_at")
            if is_answered:
                answered_day = local_day(item["answered_at"])
                if lo <= answered_day <= hi:
                    answered += 1
                    if answered_day > due.isoformat():
                        late += 1
            elif asked <= hi and due < min(end, today):
                waiting_late += 1

    figures = {
        "start": vn_day(start), "end": vn_day(end), "total": fmt_int(total),
        "visits_total": fmt_int(visits["total"]), "visits_average": fmt_int(visits["average"]),
        "visits_peak": fmt_int(visits["peak"]),
        "visits_peak_day": vn_day(visits["peak_day"]) or "chưa có số liệu",
        "documents": fmt_int(len(docs)), "questions_received": fmt_int(received),
        "questions_answered": fmt_int(answered), "questions_late": fmt_int(late),
    }
    return {
        "start": start, "end": end, "start_vn": vn_day(start), "end_vn": vn_day(end),
        "rows": rows, "total": total, "total_text": f"{fmt_int(total)} tin bài", "months": months,
        "max_month": max((m["count"] for m in months), default=0),
        "authors": by_author, "top": top, "visits": visits, "documents": docs,
        "questions": {"received": received, "answered": answered, "late": late,
                      "on_time": answered - late, "waiting_late": waiting_late, "working_days": working_days},
        "figures": figures, "article_ids": [m["id"] for m in articles],
    }

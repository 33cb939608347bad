"""The periodic activity report of the site (báo cáo kết quả hoạt động), as the commune sends it upward.

Every figure is computed once, here, by :func:`compute_stats` for a period of
whole days in Asia/Ho_Chi_Minh; the editor's screen, the print view and the
.docx file all read that one result (through :func:`build_document` for the
two renderings of the report itself), so a number can never differ between them.

An article counts for a period when it is published (status "published", not
in the trash, its publication time already passed) and its ``publish_at``
falls on a day of the period, both ends included. Sub-sections roll up into
their top-level section, as in the commune's own report (179 + 16 + 33 + 20).

The narrative parts (I–VI) are a draft the editor keeps (``reports.json``);
they are prefilled from the settings, the Ban Biên tập and the document
register, and may hold placeholders such as ``[tổng số tin bài]`` that are
replaced by the computed figures when the report is shown or exported.

The .docx follows the administrative format of Nghị định 30/2020/NĐ-CP:
A4, margins 20/20/30/15 mm, Times New Roman, the borderless two-column
header (tên cơ quan, Quốc hiệu, Tiêu ngữ), "Số: …/BC-UBND", italic place and
date, the title, body 14 pt justified with a 1.27 cm first-line indent,
"Nơi nhận:" and the signature block, page numbers centred at the top from
page 2 on.
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable

from . import timeutil
from .articles import STATUS_PUBLISHED
from .content import Content
from .sections import KIND_PAGES
from .records import Records, text_field
from .errors import ValidationError

REPORTS_FILE = "reports.json"
LOCK = "reports"

MAX_SHORT = 200
MAX_LINE = 500
MAX_TEXT = 20_000
MIN_YEAR, MAX_YEAR = 1945, 2199

TOP_READ = 10
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
TITLE = "BÁO CÁO"
NO_AUTHOR = "(Không ghi tác giả)"

# The fixed headings of the narrative, in the order of the commune's report.
HEADINGS = {
    "section_1": "I. CÔNG TÁC TỔ CHỨC VÀ QUẢN TRỊ TRANG THÔNG TIN ĐIỆN TỬ",
    "section_2": "II. KẾT QUẢ CUNG CẤP THÔNG TIN TRÊN TRANG THÔNG TIN ĐIỆN TỬ",
    "section_3": "III. NHẬN XÉT, ĐÁNH GIÁ",
    "section_4": "IV. HẠN CHẾ, YẾU KÉM VÀ NGUYÊN NHÂN",
    "section_5": "V. KIẾN NGHỊ VÀ ĐỀ XUẤT",
    "section_6": "VI. ĐỊNH HƯỚNG TRONG THỜI GIAN TỚI",
}

# Placeholders the editor may type in the narrative: [name] -> key of stats["figures"].
PLACEHOLDERS = {
    "từ ngày": "start",
    "đến ngày": "end",
    "tổng số tin bài": "total",
    "tổng lượt truy cập": "visits_total",
    "bình quân truy cập": "visits_average",
    "cao nhất truy cập": "visits_peak",
    "ngày cao nhất": "visits_peak_day",
    "số văn bản": "documents",
    "câu hỏi đã nhận": "questions_received",
    "câu hỏi đã trả lời": "questions_answered",
    "trả lời quá hạn": "questions_late",
}

# Fields of a report draft and their limits.
SHORT_FIELDS = ("number", "symbol", "place", "agency_line1", "agency_line2", "signer_name")
LINE_FIELDS = ("recipient", "subject")
TEXT_FIELDS = ("basis", "section_1", "section_2_intro", "section_2_after", "section_3", "section_4",
               "section_5", "section_6", "closing", "recipients", "signer")
DATE_FIELDS = ("report_date", "period_start", "period_end")


# ------------------------------------------------------------------ formatting
def fmt_int(n: int | float | Decimal) -> str:
    """Return an integer with Vietnamese thousands separators: 1234567 -> "1.234.567"."""
    return f"{int(n):,}".replace(",", ".")


def vn_day(day: date | None) -> str:
    """Return a date as dd/mm/yyyy ("" for none)."""
    return day.strftime("%d/%m/%Y") if day else ""


def place_date_line(place: str, day: date) -> str:
    """Return the place and date line of an administrative document.

    Days below 10 and the months 1 and 2 take a leading zero (Nghị định 30/2020):
    "Dương Quang, ngày 05 tháng 01 năm 2024", "…, ngày 10 tháng 11 năm 2023".
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    place = (place or "").strip()
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


def parse_day(value: Any) -> date:
    """Return a date typed as dd/mm/yyyy or yyyy-mm-dd (or a date); raise ValueError otherwise."""
    if isinstance(value, date):
        day = value
    else:
        text = str(value or "").strip()
        m = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", text)
        if m:
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        else:
            m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
            if not m:
                raise ValueError(text)
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(str(day))
    return day


def round_half_up(value: Decimal | float | int) -> int:
    """Return ``value`` rounded to the nearest integer, halves up (as people round)."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fold(text: str) -> str:
    """Return ``text`` lower-cased without diacritics and with single spaces (for matching names)."""
    text = unicodedata.normalize("NFD", str(text or "").lower().replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


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
            start = parse_day(start_raw)
        except ValueError:
            errors["tu"] = "Ngày bắt đầu không hợp lệ (nhập ngày/tháng/năm, ví dụ 22/06/2023)."
    if str(end_raw or "").strip():
        try:
            end = parse_day(end_raw)
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
    section: dict
    count: int = 0
    direct: int = 0


def _section_rows(content: Content, articles: list[dict]) -> tuple[list[dict], int]:
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
    pages = [p["title"] for p in content.pages()]
    rows: list[dict] = []
    for sec in content.sections(include_hidden=True):
        if sec.get("parent_id"):
            continue
        row = top.get(sec["id"], _Row(sec))
        article_children = [c for c in sec["children"] if c.get("kind") != KIND_PAGES]
        is_pages = sec.get("kind") == KIND_PAGES and not article_children
        if sec.get("hidden") and not row.count:
            continue  # a hidden section with nothing in the period says nothing
        if is_pages:
            rows.append({"id": sec["id"], "name": sec["name"], "kind": "pages", "count": 0,
                         "lines": [f"- {t};" for t in pages], "has_pages": bool(pages),
                         "value": "Có" if pages else "Chưa có"})
            continue
        lines = []
        if article_children:
            for child in article_children:
                n = child_counts.get(child["id"], 0)
                if child.get("hidden") and not n:
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
                  working_days: int = 15, now: Any = None) -> dict[str, Any]:
    """Return every figure of the report for the period ``start``–``end`` (both days included).

    ``counters`` needs ``daily()`` and ``all_views()`` (merge it first for current
    figures); ``documents`` ``all()``; ``questions`` ``all()`` and the answer rules.
    """
    from .qa import STATUS_ANSWERED, deadline

    now = now or timeutil.now()
    now_iso = timeutil.to_iso(now)
    today = now.date()
    lo, hi = start.isoformat(), end.isoformat()
    articles = published_in_period(content, start, end, now_iso)
    rows, total = _section_rows(content, articles)
    sections = content.sections_by_id()
    months = _months(start, end, articles)

    authors: dict[str, dict] = {}
    for meta in articles:
        name = " ".join(str(meta.get("author") or "").split()) or NO_AUTHOR
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
            posted = local_day(item.get("created_at"))
            if lo <= posted <= hi:
                docs.append({"id": item["id"], "number": item.get("number", ""),
                             "type": item.get("type_name", ""), "issued": item.get("issued_vn", ""),
                             "summary": item.get("summary", ""), "posted": posted})
        docs.sort(key=lambda d: (d["posted"], d["id"]))

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


def fill(text: str, stats: dict) -> str:
    """Return ``text`` with its known [placeholders] replaced by the period's figures."""
    figures = stats["figures"]

    def repl(m: re.Match) -> str:
        key = PLACEHOLDERS.get(" ".join(m.group(1).lower().split()))
        return figures[key] if key else m.group(0)

    return re.sub(r"\[([^\[\]\n]{1,40})\]", repl, text or "")


def lines_of(text: str) -> list[str]:
    """Return the non-empty lines of a text area, stripped."""
    return [line.strip() for line in str(text or "").replace("\r\n", "\n").split("\n") if line.strip()]


def recipient_lines(text: str) -> list[str]:
    """Return the "Nơi nhận" entries as printed: "- entry;" each, the last "- entry."."""
    entries = [re.sub(r"[;.,]+$", "", re.sub(r"^[-–+•]\s*", "", line)).strip() for line in lines_of(text)]
    entries = [e for e in entries if e]
    return [f"- {e}{'.' if n == len(entries) - 1 else ';'}" for n, e in enumerate(entries)]


# ------------------------------------------------------------------ drafts
def default_recipient(settings: dict) -> str:
    """Return the default "Kính gửi" from the superior named in the settings."""
    superior = " ".join(str(settings.get("superior") or "").split())
    if not superior:
        return ""
    lower = fold(superior)
    if lower.startswith(("thi xa", "huyen", "tinh", "thanh pho", "quan", "xa ", "phuong")):
        return f"Ủy ban nhân dân {superior}"  # the superior is a locality: its People's Committee
    return superior


def _find_document(documents: Any, *words: str) -> str:
    """Return "19/QĐ-UBND ngày 23/06/2023" of the register's document whose summary has every word, or ""."""
    if documents is None:
        return ""
    wanted = [fold(w) for w in words]
    for item in sorted(documents.all(), key=lambda i: (i.get("issued_on", ""), i["id"])):
        text = fold(item.get("summary", ""))
        if all(w in text for w in wanted):
            issued = item.get("issued_vn") or ""
            return f"{item.get('number', '')} ngày {issued}".strip() if issued else item.get("number", "")
    return ""


def draft_defaults(settings: dict, people: Any = None, documents: Any = None, links: Iterable[dict] = (),
                   start: date | None = None, end: date | None = None, today: date | None = None) -> dict:
    """Return a new draft prefilled from the settings, the Ban Biên tập, the register and the links block."""
    today = today or timeutil.now().date()
    if start is None or end is None:
        start, end = default_period(settings, today)
    commune = (settings.get("commune_name") or "").strip()
    xa = f"xã {commune}" if commune else "xã"
    ubnd = f"UBND {xa}"
    superior = (settings.get("superior") or "").strip()
    site = f"Trang thông tin điện tử {xa}"
    board_decision = _find_document(documents, "thanh lap", "ban bien tap") or "…/QĐ-UBND ngày …"
    rules_decision = _find_document(documents, "quy che", "ban bien tap") or "…/QĐ-UBND ngày …"
    notice = _find_document(documents, "cung cap tin bai")

    board_lines: list[str] = []
    groups = people.board() if people is not None else []
    for group in groups:
        names = [f"{p['name']} - {p.get('title', '')}".rstrip(" -") for p in group["people"]]
        if group["key"] == "thanh_vien":
            board_lines.append("- Các thành viên:")
            board_lines += [f"+ {n}." for n in names]
        else:
            board_lines += [f"- {group['label']}: {n}." for n in names]
    if not board_lines:
        board_lines = ["- Trưởng Ban: …", "- Phó Trưởng Ban: …", "- Các thành viên: …"]
    started = site_start(settings)
    since = f" {site[:1].upper()}{site[1:]} chính thức hoạt động từ ngày {vn_day(started)}." if started else ""
    section_1 = "\n".join([
        f"Nhằm triển khai các hoạt động của {site}, {ubnd} đã thành lập Ban Biên tập {site} và xây dựng "
        f"Quy chế hoạt động của {site}.{since}",
        "1. Việc thành lập Ban Biên tập Trang thông tin điện tử",
        f"{ubnd} đã ban hành Quyết định số {board_decision} về việc thành lập Ban Biên tập {site}. "
        "Thành phần gồm:",
        *board_lines,
        "2. Ban hành Quy chế hoạt động của Trang thông tin điện tử",
        f"{ubnd} đã ban hành Quyết định số {rules_decision} về việc ban hành Quy chế hoạt động của "
        f"Ban Biên tập {site}.",
        "3. Kinh phí bố trí cho hoạt động của Trang thông tin điện tử",
        "Kinh phí hoạt động hằng năm của Ban Biên tập và nhuận bút tin, bài: …",
    ])
    decisions = [f"Quyết định số {board_decision}", f"Quyết định số {rules_decision}"]
    if notice:
        decisions.append(f"Thông báo số {notice} về việc cung cấp tin bài cho {site}")
    link_names = [str(link.get("title", "")).strip() for link in links if str(link.get("title", "")).strip()]
    section_3_lines = [
        "1. Chủ động, kịp thời ban hành các văn bản liên quan đến hoạt động của Trang thông tin điện tử: "
        + "; ".join(decisions) + ".",
        "2. Trang thông tin điện tử xã cơ bản hoạt động ổn định và cung cấp thông tin đúng quy định của pháp luật:",
        "- Tăng cường công tác quản lý, vận hành, thông tin tuyên truyền các sự kiện, chủ đề, chủ điểm phục vụ "
        "nhiệm vụ chính trị, công tác chỉ đạo điều hành phát triển kinh tế - xã hội, các ngày lễ, kỷ niệm lớn;",
        "- Phối hợp với các ngành, đoàn thể, đơn vị liên quan cung cấp thông tin, tạo điều kiện cho người dân, "
        "doanh nghiệp được tiếp cận với các thông tin chính thống.",
    ]
    if link_names:
        section_3_lines.append("3. Trang thông tin điện tử xã có liên kết các website như: "
                               + "; ".join(link_names) + ".")
    n = len([line for line in section_3_lines if re.match(r"^\d+\.", line)]) + 1
    section_3_lines += [
        f"{n}. Trong kỳ báo cáo có [tổng lượt truy cập] lượt truy cập vào Trang thông tin điện tử của xã, "
        "bình quân mỗi ngày có [bình quân truy cập] lượt truy cập; ngày cao nhất có [cao nhất truy cập] lượt "
        "([ngày cao nhất]).",
        f"{n + 1}. Ban Biên tập thường xuyên rà soát, kiểm tra và khắc phục lỗi, bảo đảm Trang thông tin điện tử "
        "của xã hoạt động hiệu quả, an toàn và bảo mật.",
    ]
    return {
        "number": "",
        "symbol": "BC-UBND",
        "agency_line1": "ỦY BAN NHÂN DÂN",
        "agency_line2": f"XÃ {commune.upper()}" if commune else "XÃ …",
        "place": commune,
        "report_date": today.isoformat(),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "recipient": default_recipient(settings),
        "subject": f"Kết quả hoạt động Trang Thông tin điện tử {xa}",
        "basis": (f"Thực hiện Công văn số …/… ngày … của {('UBND ' + superior) if superior else '…'} về việc "
                  f"báo cáo kết quả hoạt động Trang thông tin điện tử cấp xã. {ubnd} báo cáo kết quả như sau:"),
        "section_1": section_1,
        "section_2_intro": ("* Kết quả cung cấp thông tin trên Trang thông tin điện tử từ ngày [từ ngày] đến ngày "
                            "[đến ngày]: Tổng [tổng số tin bài] tin bài, trong đó:"),
        "section_2_after": (
            "Ngoài ra, trong kỳ đã đăng [số văn bản] văn bản lên mục Văn bản; tiếp nhận [câu hỏi đã nhận] câu hỏi "
            "của người dân, trả lời [câu hỏi đã trả lời] câu hỏi, trong đó [trả lời quá hạn] câu trả lời quá hạn."),
        "section_3": "\n".join(section_3_lines),
        "section_4": "\n".join([
            "1. Hệ thống máy vi tính đã cũ, việc ứng dụng công nghệ thông tin còn hạn chế.",
            "2. Kinh phí đầu tư cho ứng dụng công nghệ thông tin nói chung còn ít.",
            "3. Ban Biên tập hoạt động theo chế độ kiêm nhiệm nên quỹ thời gian dành cho hoạt động Trang thông tin "
            "điện tử còn chưa cao.",
        ]),
        "section_5": "\n".join([
            "1. Đề nghị cấp trên xem xét, bố trí kinh phí bảo đảm phục vụ ứng dụng công nghệ thông tin, hoạt động "
            "Trang thông tin điện tử xã.",
            "2. Đề nghị mở các lớp tập huấn, bồi dưỡng nâng cao kiến thức nghiệp vụ cho Ban Biên tập Trang thông tin "
            "điện tử xã.",
        ]),
        "section_6": "\n".join([
            "1. Tiếp tục đẩy mạnh việc ứng dụng công nghệ thông tin, duy trì đăng tải, cập nhật thông tin trên "
            "Trang thông tin điện tử của xã.",
            "2. Tiếp tục nâng cấp Trang thông tin điện tử, bổ sung những mục tin còn thiếu, bảo đảm đầy đủ các mục "
            "thông tin theo quy định.",
            "3. Đa dạng hóa các thể loại tin, bài và kịp thời đăng tải tin, bài có chất lượng, đúng quy định.",
        ]),
        "closing": (f"Trên đây là Báo cáo kết quả hoạt động {site} từ ngày [từ ngày] đến ngày [đến ngày]. "
                    f"{ubnd} trân trọng báo cáo./."),
        "recipients": "Như trên;\nChủ tịch, Phó Chủ tịch UBND xã;\nLưu: VT, VHXH.",
        "signer": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "signer_name": (settings.get("responsible_person") or "").strip(),
        "include_appendix": True,
    }


class Reports(Records):
    """Report drafts (reports.json): the editable parts of a report and its period, kept to reopen later."""

    FILE = REPORTS_FILE
    LOCK = LOCK

    def sort_key(self, item: dict) -> Any:
        """Newest change first."""
        return (item.get("updated_at", ""), item["id"])

    def validate(self, values: dict, item_id: int | None = None) -> dict:
        """Return the cleaned draft or raise ValidationError (Vietnamese messages per field)."""
        errors: dict[str, str] = {}
        clean: dict[str, Any] = {}
        labels = {"number": "số báo cáo", "symbol": "ký hiệu", "place": "địa danh",
                  "agency_line1": "tên cơ quan chủ quản", "agency_line2": "tên cơ quan ban hành",
                  "signer_name": "họ tên người ký", "recipient": "nơi nhận báo cáo (Kính gửi)",
                  "subject": "trích yếu", "basis": "căn cứ", "closing": "đoạn kết", "recipients": "nơi nhận",
                  "signer": "thẩm quyền ký"}
        for name in SHORT_FIELDS:
            clean[name] = text_field(values, name, labels[name], errors, max_length=MAX_SHORT)
        for name in LINE_FIELDS:
            clean[name] = " ".join(text_field(values, name, labels[name], errors, max_length=MAX_LINE).split())
        for name in TEXT_FIELDS:
            value = str(values.get(name, "") or "").replace("\r\n", "\n").strip()
            if len(value) > MAX_TEXT:
                errors[name] = f"Tối đa {fmt_int(MAX_TEXT)} ký tự."
            clean[name] = value
        if not clean["subject"]:
            errors["subject"] = "Vui lòng nhập trích yếu (ví dụ: Kết quả hoạt động Trang thông tin điện tử xã)."
        if not clean["symbol"]:
            clean["symbol"] = "BC-UBND"
        for name, label in (("report_date", "Ngày báo cáo"), ("period_start", "Ngày bắt đầu kỳ báo cáo"),
                            ("period_end", "Ngày kết thúc kỳ báo cáo")):
            raw = values.get(name)
            try:
                if raw in (None, ""):
                    raise LookupError
                clean[name] = parse_day(raw).isoformat()
            except LookupError:
                errors[name] = f"Vui lòng nhập {label[:1].lower()}{label[1:]}."
                clean[name] = ""
            except ValueError:
                errors[name] = f"{label} không hợp lệ (nhập ngày/tháng/năm, ví dụ 10/11/2023)."
                clean[name] = ""
        if clean["period_start"] and clean["period_end"] and clean["period_start"] > clean["period_end"]:
            errors["period_end"] = "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."
        clean["include_appendix"] = bool(values.get("include_appendix"))
        clean["created_by"] = str(values.get("created_by") or "")[:80]
        if errors:
            raise ValidationError(errors)
        return clean

    def save(self, values: dict, item_id: int | None = None) -> dict:
        """Validate and store a draft (the author of a new one is kept)."""
        if item_id is not None:
            values = dict(values, created_by=self.get(item_id).get("created_by", ""))
        return super().save(values, item_id)


def period_of(draft: dict) -> tuple[date, date]:
    """Return the period of a stored draft."""
    return date.fromisoformat(draft["period_start"]), date.fromisoformat(draft["period_end"])


# ------------------------------------------------------------------ the document, once for both renderings
def build_document(draft: dict, stats: dict) -> dict[str, Any]:
    """Return the report as blocks of text (what both the print view and the .docx show).

    Blocks: ``{"kind": "heading" | "para", "text"}`` and one ``{"kind": "table"}``
    (the results per section, from ``stats``).
    """
    def paras(text: str) -> list[dict]:
        return [{"kind": "para", "text": fill(line, stats)} for line in lines_of(text)]

    blocks: list[dict] = paras(draft.get("basis", ""))
    for key, heading in HEADINGS.items():
        blocks.append({"kind": "heading", "text": heading})
        if key == "section_2":
            blocks += paras(draft.get("section_2_intro", ""))
            blocks.append({"kind": "table", "head": ["TT", "Mục thông tin", "Đánh giá"], "rows": stats["rows"],
                           "total_label": "Tổng cộng", "total": stats["total_text"]})
            blocks += paras(draft.get("section_2_after", ""))
        else:
            blocks += paras(draft.get(key, ""))
    blocks += paras(draft.get("closing", ""))
    number = (draft.get("number") or "").strip()
    symbol = (draft.get("symbol") or "BC-UBND").strip()
    recipient = fill(draft.get("recipient", ""), stats).strip()
    if recipient and not recipient.endswith((".", ";", ":")):
        recipient += "."
    report_day = date.fromisoformat(draft["report_date"]) if draft.get("report_date") else timeutil.now().date()
    return {
        "agency_line1": (draft.get("agency_line1") or "").upper(),
        "agency_line2": (draft.get("agency_line2") or "").upper(),
        "number_line": f"Số: {number}/{symbol}" if number else f"Số:      /{symbol}",
        "motto_1": MOTTO_1,
        "motto_2": MOTTO_2,
        "place_date": place_date_line(draft.get("place", ""), report_day),
        "title": TITLE,
        "subject": fill(draft.get("subject", ""), stats),
        "recipient": f"Kính gửi: {recipient}" if recipient else "",
        "blocks": blocks,
        "recipients": recipient_lines(draft.get("recipients", "")),
        "signer_lines": [line.upper() for line in lines_of(draft.get("signer", ""))],
        "signer_name": draft.get("signer_name", ""),
        "appendix": appendix_tables(stats) if draft.get("include_appendix") else [],
    }


def appendix_tables(stats: dict) -> list[dict]:
    """Return the detailed figures as captioned tables (the appendix of the report)."""
    v = stats["visits"]
    q = stats["questions"]
    visits_rows = [
        ["Tổng lượt truy cập trong kỳ", fmt_int(v["total"])],
        ["Tổng lượt xem trang trong kỳ", fmt_int(v["hits"])],
        ["Số ngày có số liệu", fmt_int(v["days"])],
        ["Bình quân lượt truy cập mỗi ngày", fmt_int(v["average"])],
        ["Ngày có lượt truy cập cao nhất", f"{fmt_int(v['peak'])} ({vn_day(v['peak_day'])})" if v["peak_day"]
         else "0"],
    ]
    tables = [
        {"caption": "1. Lượt truy cập", "head": ["Chỉ tiêu", "Số liệu"], "rows": visits_rows, "num": [1]},
        {"caption": "2. Số tin bài theo tháng", "head": ["Tháng", "Số tin bài"],
         "rows": [[m["label"], fmt_int(m["count"])] for m in stats["months"]]
         + [["Tổng cộng", fmt_int(stats["total"])]], "num": [1]},
        {"caption": "3. Số tin bài theo tác giả", "head": ["Tác giả", "Số tin bài"],
         "rows": [[a["name"], fmt_int(a["count"])] for a in stats["authors"]], "num": [1]},
        {"caption": "4. Tin bài được đọc nhiều nhất", "head": ["Tin bài", "Ngày đăng", "Lượt xem"],
         "rows": [[t["title"], t["published"], fmt_int(t["views"])] for t in stats["top"]], "num": [2]},
        {"caption": "5. Văn bản đăng trên trang trong kỳ", "head": ["Số ký hiệu", "Ngày ban hành", "Trích yếu"],
         "rows": [[d["number"], d["issued"], d["summary"]] for d in stats["documents"]], "num": []},
        {"caption": "6. Hỏi đáp", "head": ["Chỉ tiêu", "Số liệu"], "rows": [
            ["Câu hỏi tiếp nhận trong kỳ", fmt_int(q["received"])],
            ["Câu hỏi đã trả lời trong kỳ", fmt_int(q["answered"])],
            [f"Trong đó: trả lời đúng hạn ({q['working_days']} ngày làm việc)", fmt_int(q["on_time"])],
            ["Trong đó: trả lời quá hạn", fmt_int(q["late"])],
            ["Câu hỏi quá hạn chưa trả lời", fmt_int(q["waiting_late"])],
        ], "num": [1]},
    ]
    return tables


# ------------------------------------------------------------------ .docx (python-docx)
FONT = "Times New Roman"
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
FIRST_LINE_CM = 1.27
BODY_PT = 14


def _docx():
    import docx  # imported here: the site runs without it until someone exports

    return docx


def new_document():
    """Return an empty python-docx Document set up for an administrative text (A4, margins, font)."""
    docx = _docx()
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    for style_name in ("Normal", "Table Grid"):
        try:
            style = document.styles[style_name]
        except KeyError:
            continue
        style.font.name = FONT
        if style_name == "Normal":
            style.font.size = Pt(BODY_PT)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        pf = style.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing = 1.0
    document.core_properties.language = "vi-VN"
    _page_numbers(section)
    return document


def _page_numbers(section) -> None:
    """Put the page number centred at the top of every page but the first."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    section.different_first_page_header_footer = True
    first = section.first_page_header.paragraphs[0]
    first.text = ""
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # A PAGE field, one run per part as Word writes it: begin, instruction, separate, shown value, end.
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = para.add_run()
        run.font.name = FONT
        run.font.size = Pt(13)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _set_font(run, size: float, bold: bool = False, italic: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def add_par(container, text: str = "", size: float = BODY_PT, bold: bool = False, italic: bool = False,
            align: str = "justify", indent: bool = False, before: float = 6, after: float = 0):
    """Add a paragraph of one run to a document or a table cell; return it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    para = container.add_paragraph()
    para.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                      "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    pf = para.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if indent:
        pf.first_line_indent = Cm(FIRST_LINE_CM)
    if text:
        _set_font(para.add_run(text), size, bold, italic)
    return para


def _cell_par(cell, text: str, size: float, bold: bool = False, italic: bool = False, align: str = "center",
              before: float = 0):
    """Write into a table cell: its first (empty) paragraph first, then new ones."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    first = cell.paragraphs[0]
    fresh = len(cell.paragraphs) == 1 and not first.runs and first._p.pPr is None
    para = first if fresh else cell.add_paragraph()
    para.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                      "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    para.paragraph_format.space_before = Pt(before)
    para.paragraph_format.space_after = Pt(0)
    if text:
        _set_font(para.add_run(text), size, bold, italic)
    return para


def _rule(cell, width_mm: float, cell_mm: float) -> None:
    """Add a short centred rule (a bottom border on an empty paragraph) below a header line."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    para = cell.add_paragraph()
    pf = para.paragraph_format
    side = max(0.0, (cell_mm - width_mm) / 2)
    pf.left_indent = Mm(side)
    pf.right_indent = Mm(side)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = Pt(2)
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)


def _no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table, widths_mm: list[float]) -> None:
    from docx.shared import Mm

    table.autofit = False
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)
    for col, w in zip(table.columns, widths_mm):
        col.width = Mm(w)


def content_width_mm() -> float:
    """Return the width of the text area of the page, in millimetres."""
    return PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]


def add_header_table(document, agency_1: str, agency_2: str, number_line: str, place_date: str) -> None:
    """Add the borderless two-column header: the agency and number left, Quốc hiệu, Tiêu ngữ, date right."""
    left_mm, right_mm = 62.0, content_width_mm() - 62.0
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    _widths(table, [left_mm, right_mm])
    top_left, top_right = table.rows[0].cells
    _cell_par(top_left, agency_1, 13)
    _cell_par(top_left, agency_2, 13, bold=True)
    _rule(top_left, 18, left_mm)
    _cell_par(top_right, MOTTO_1, 13, bold=True)
    _cell_par(top_right, MOTTO_2, 14, bold=True)
    _rule(top_right, 57, right_mm)
    bottom_left, bottom_right = table.rows[1].cells
    _cell_par(bottom_left, number_line, 13, before=6)
    _cell_par(bottom_right, place_date, 14, italic=True, before=6)


def add_grid_table(document, head: list[str], rows: list[list[str]], widths_mm: list[float],
                   num_cols: Iterable[int] = (), size: float = 13):
    """Add a bordered table with a bold header row; return it."""
    table = document.add_table(rows=1 + len(rows), cols=len(head))
    table.style = document.styles["Table Grid"]
    _widths(table, widths_mm)
    num_cols = set(num_cols)
    for i, text in enumerate(head):
        _cell_par(table.rows[0].cells[i], text, size, bold=True)
    for r, values in enumerate(rows, 1):
        for i, text in enumerate(values):
            _cell_par(table.rows[r].cells[i], str(text), size, align="right" if i in num_cols else "left")
    return table


def add_signature(document, recipients: list[str], signer_lines: list[str], signer_name: str,
                  left_title: str = "Nơi nhận:") -> None:
    """Add the "Nơi nhận" block (left) and the signature block (right) side by side."""
    left_mm = 80.0
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [left_mm, content_width_mm() - left_mm])
    left, right = table.rows[0].cells
    if left_title:
        _cell_par(left, left_title, 12, bold=True, italic=True, align="left", before=12)
    for line in recipients:
        _cell_par(left, line, 11, align="left")
    for n, line in enumerate(signer_lines):
        _cell_par(right, line, 14, bold=True, before=12 if n == 0 else 0)
    for _ in range(4):
        _cell_par(right, "", 14)
    if signer_name:
        _cell_par(right, signer_name, 14, bold=True)


def add_signers(document, left_lines: list[str], right_lines: list[str]) -> None:
    """Add two signature blocks side by side (e.g. the preparer left, the head of the agency right)."""
    half = content_width_mm() / 2
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [half, half])
    for cell, lines in zip(table.rows[0].cells, (left_lines, right_lines)):
        for n, line in enumerate(lines):
            _cell_par(cell, line, 14, bold=True, before=12 if n == 0 else 0)
        for _ in range(4):
            _cell_par(cell, "", 14)


def report_docx(model: dict) -> bytes:
    """Return the report as a .docx file (the administrative format of Nghị định 30/2020)."""
    from docx.enum.text import WD_BREAK

    document = new_document()
    add_header_table(document, model["agency_line1"], model["agency_line2"], model["number_line"],
                     model["place_date"])
    add_par(document, model["title"], 14, bold=True, align="center", before=18)
    add_par(document, model["subject"], 14, bold=True, align="center", before=0)
    if model["recipient"]:
        add_par(document, model["recipient"], 14, align="center", before=12, after=6)
    for block in model["blocks"]:
        if block["kind"] == "heading":
            add_par(document, block["text"], BODY_PT, bold=True, indent=True, before=6)
        elif block["kind"] == "para":
            add_par(document, block["text"], BODY_PT, indent=True)
        else:
            _results_table(document, block)
    add_signature(document, model["recipients"], model["signer_lines"], model["signer_name"])
    if model["appendix"]:
        add_par(document).add_run().add_break(WD_BREAK.PAGE)
        add_par(document, "PHỤ LỤC", 14, bold=True, align="center", before=0)
        add_par(document, "SỐ LIỆU CHI TIẾT TỪ TRANG THÔNG TIN ĐIỆN TỬ", 14, bold=True, align="center", before=0)
        for table in model["appendix"]:
            add_par(document, table["caption"], BODY_PT, bold=True, align="left", before=12, after=6)
            if not table["rows"]:
                add_par(document, "Không có số liệu trong kỳ.", 13, italic=True, align="left", before=0)
                continue
            width = content_width_mm()
            if len(table["head"]) == 2:
                widths = [width - 45, 45]
            else:
                widths = [width - 75, 30, 45] if table["num"] else [40, 30, width - 70]
            add_grid_table(document, table["head"], table["rows"], widths, table["num"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _results_table(document, block: dict) -> None:
    """Add the results table of section II: TT, section with its sub-sections, count; the total last."""
    width = content_width_mm()
    widths = [14, width - 14 - 38, 38]
    table = document.add_table(rows=2 + len(block["rows"]), cols=3)
    table.style = document.styles["Table Grid"]
    _widths(table, widths)
    for i, text in enumerate(block["head"]):
        _cell_par(table.rows[0].cells[i], text, 13, bold=True)
    for n, row in enumerate(block["rows"], 1):
        cells = table.rows[n].cells
        _cell_par(cells[0], row["tt"], 13)
        _cell_par(cells[1], row["name"] + (":" if row["lines"] else ""), 13, bold=True, align="left")
        for line in row["lines"]:
            _cell_par(cells[1], line, 13, align="left")
        _cell_par(cells[2], row["value"], 13)
    cells = table.rows[-1].cells
    merged = cells[0].merge(cells[1])
    _cell_par(merged, block["total_label"], 13, bold=True)
    _cell_par(cells[2], block["total"], 13, bold=True)
    add_par(document, "", before=0)  # the next paragraph must not stick to the table

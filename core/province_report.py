"""The province-wide report: for a period, every commune's articles, visits and questions, in one table.

What a province's department collects today by hand from each commune's report (like the seed's): here read
from each commune's own data with the same rules as the commune's report (core.report_figures), then written
as one .xlsx and one .docx in the administrative format (Nghị định 30/2020).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tinydb.table import Document

from . import paper, timeutil
from .site_settings import province_label
from .store import Store
from .vnformat import fmt_int, vn_day

DEFAULT_AGENCY = "UBND TỈNH"  # the line above: the province's people's committee
DEFAULT_OFFICE = "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"  # the department that reports on the communes' sites
LATE_START_DAYS = 15  # in a quarter's first days, the report asked for is the quarter just ended
HEADING_FILE = "report.json"  # in the province's own folder: the heading last used, offered next time
HEADING_FIELDS = ("place", "agency", "office")
KINDS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass(frozen=True)
class CommuneFigures:
    """One commune's line of the province's table."""

    name: str  # "xã Dương Quang"
    host: str
    articles: int
    sections: dict[str, int]  # top-level section -> articles in the period
    visits: int
    visits_average: int
    received: int
    answered: int
    late: int


def commune_figures(host: str, settings: dict, stats: dict[str, Any]) -> CommuneFigures:
    """Return a commune's line from its report figures (core.report_figures.compute_stats)."""
    commune = (settings.get("commune_name") or host).strip()
    q = stats["questions"]
    return CommuneFigures(
        name=f"xã {commune}", host=host, articles=int(stats["total"]),
        sections={r["name"]: int(r["count"]) for r in stats["rows"] if r.get("kind") == "articles"},
        visits=int(stats["visits"]["total"]), visits_average=int(stats["visits"]["average"]),
        received=int(q["received"]), answered=int(q["answered"]), late=int(q["late"]))


def default_period(today: date) -> tuple[date, date]:
    """Return the period a department reports on by default: its quarter so far (the province's reports are
    quarterly), or the whole quarter just ended during the first LATE_START_DAYS days of a new one."""
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if (today - first).days < LATE_START_DAYS:
        end = first - timedelta(days=1)
        return date(end.year, end.month - 2, 1), end
    return first, today


def parse_period(start_raw: Any, end_raw: Any) -> tuple[date | None, date | None, dict[str, str]]:
    """Return the period typed as dd/mm/yyyy and Vietnamese errors by field ("tu", "den"; none when right)."""
    errors: dict[str, str] = {}
    days: list[date | None] = []
    for key, raw, what in (("tu", start_raw, "bắt đầu"), ("den", end_raw, "kết thúc")):
        try:
            days.append(timeutil.parse_day(raw))
        except ValueError:
            days.append(None)
            errors[key] = (f"Chưa nhập ngày {what}." if not str(raw or "").strip() else
                           f"Ngày {what} không hợp lệ (nhập ngày/tháng/năm, ví dụ 01/10/2026).")
    lo, hi = days
    if lo and hi and lo > hi:
        errors["den"] = "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."
    return lo, hi, errors


def heading_defaults(provinces: list[str]) -> dict[str, str]:
    """Return the report's place, agency and office to offer first, from the communes' province settings (the
    most frequent one)."""
    names = [" ".join(str(p or "").split()) for p in provinces]
    names = [n for n in names if n]
    place = max(sorted(set(names)), key=names.count) if names else ""
    agency = f"UBND {province_label(place).upper()}" if place else DEFAULT_AGENCY
    return {"place": place, "agency": agency, "office": DEFAULT_OFFICE}


def saved_heading(store: Store) -> dict[str, str] | None:
    """Return the place, agency and office of the last report made, or None."""
    saved = store.read(HEADING_FILE).get("heading", {}).get("1")
    return {k: str(saved.get(k, "")) for k in HEADING_FIELDS} if saved else None


def save_heading(store: Store, heading: dict[str, str]) -> None:
    """Keep the place, agency and office of a report for the next one."""
    with store.transaction(HEADING_FILE, lock_name="reports") as db:
        db.table("heading").upsert(Document({k: heading[k] for k in HEADING_FIELDS}, doc_id=1))


def file_name(kind: str, start: date, end: date) -> str:
    """Return the download name of the report (Vietnamese; the header adds an ASCII fallback)."""
    return f"Báo cáo tổng hợp trang các xã {start:%d-%m-%Y} đến {end:%d-%m-%Y}.{kind}"


def report_file(kind: str, lines: list[CommuneFigures], start: date, end: date, agency: str, office: str,
                place: str, day: date) -> bytes:
    """Return the report as ``kind`` ("xlsx" or "docx"), headed by ``agency`` and ``office``."""
    if kind == "xlsx":
        return report_xlsx(lines, start, end, f"{agency} – {office}")
    return report_docx(lines, start, end, agency, office, place, day)


HEAD = ["STT", "Xã", "Tin bài", "Lượt truy cập", "Bình quân/ngày", "Câu hỏi nhận", "Đã trả lời", "Trả lời quá hạn"]


def _row(n: int, c: CommuneFigures) -> list:
    return [n, c.name, c.articles, c.visits, c.visits_average, c.received, c.answered, c.late]


def totals(lines: list[CommuneFigures]) -> dict[str, int]:
    """Return the province's totals of the table's columns."""
    return {"articles": sum(c.articles for c in lines), "visits": sum(c.visits for c in lines),
            "received": sum(c.received for c in lines), "answered": sum(c.answered for c in lines),
            "late": sum(c.late for c in lines)}


def report_xlsx(lines: list[CommuneFigures], start: date, end: date, agency: str) -> bytes:
    """Return the table as a workbook: one row per commune with live totals, and the articles per section."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append([agency.upper()])
    ws.append([f"TỔNG HỢP KẾT QUẢ HOẠT ĐỘNG TRANG THÔNG TIN ĐIỆN TỬ CẤP XÃ TỪ NGÀY {vn_day(start)} "
               f"ĐẾN NGÀY {vn_day(end)}"])
    ws.append([])
    ws.append(HEAD)
    first = ws.max_row + 1
    for n, c in enumerate(lines, 1):
        ws.append(_row(n, c))
    last = ws.max_row
    ws.append(["", "Tổng cộng"] + [f"=SUM({col}{first}:{col}{last})" if last >= first else 0
                                    for col in "CDEFGH"])
    for cell in (ws["A1"], ws["A2"], *ws[first - 1], *ws[ws.max_row]):
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=first, max_row=ws.max_row, min_col=3, max_col=8):
        for cell in row:
            cell.number_format = "#,##0"
    for col, width in zip("ABCDEFGH", (6, 28, 10, 14, 14, 13, 12, 15), strict=True):
        ws.column_dimensions[col].width = width
    sections = sorted({name for c in lines for name in c.sections})
    detail = wb.create_sheet("Theo chuyên mục")
    detail.append(["Xã", *sections])
    for c in lines:
        detail.append([c.name, *[c.sections.get(s, 0) for s in sections]])
    for cell in detail[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def report_docx(lines: list[CommuneFigures], start: date, end: date, agency_1: str, agency_2: str,
                place: str, day: date) -> bytes:
    """Return the province's report as a .docx in the administrative format, the table as its appendix."""
    document = paper.new_document()
    paper.set_properties(document, agency_2, "Báo cáo tổng hợp Trang thông tin điện tử cấp xã")
    paper.add_header_table(document, agency_1.upper(), agency_2.upper(), "Số:      /BC-",
                           f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")
    paper.add_par(document, "BÁO CÁO", bold=True, align="center", before=12)
    paper.add_par(document, f"Tổng hợp kết quả hoạt động Trang thông tin điện tử của các xã từ ngày {vn_day(start)} "
                            f"đến ngày {vn_day(end)}", bold=True, align="center")
    paper.add_rule(document, 50, paper.content_width_mm())
    t = totals(lines)
    paper.add_par(document, (f"Trong kỳ, {fmt_int(len(lines))} xã đã đăng tổng cộng {fmt_int(t['articles'])} tin bài; "
                             f"các trang có {fmt_int(t['visits'])} lượt truy cập; tiếp nhận {fmt_int(t['received'])} "
                             f"câu hỏi của người dân, trả lời {fmt_int(t['answered'])} câu hỏi, trong đó "
                             f"{fmt_int(t['late'])} câu trả lời quá hạn. Số liệu từng xã như bảng dưới đây."),
                  align="justify", before=6)
    rows = [[str(n), c.name, fmt_int(c.articles), fmt_int(c.visits), fmt_int(c.visits_average), fmt_int(c.received),
             fmt_int(c.answered), fmt_int(c.late)] for n, c in enumerate(lines, 1)]
    rows.append(["", "Tổng cộng", fmt_int(t["articles"]), fmt_int(t["visits"]), "", fmt_int(t["received"]),
                 fmt_int(t["answered"]), fmt_int(t["late"])])
    width = paper.content_width_mm()
    paper.add_grid_table(document, HEAD, rows, [10, width - 10 - 6 * 19.5] + [19.5] * 6, num_cols=range(2, 8),
                         size=11)
    return paper.save_docx(document)

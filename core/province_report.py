"""The province-wide report: for a period, every commune's articles, visits and questions, in one table.

What a province's department collects today by hand from each commune's report (like the seed's): here read
from each commune's own data with the same rules as the commune's report (core.report_figures), then written
as one .xlsx and one .docx in the administrative format (Nghị định 30/2020).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import paper
from .vnformat import fmt_int, vn_day


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

"""Write a period's royalties as an .xlsx workbook and a .docx payment sheet in the administrative format."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from . import timeutil
from .paper import (
    FONT, add_grid_table, add_header_table, add_par, add_signers, commune_agency, content_width_mm, new_document,
    save_docx,
)
from .vnformat import decimal_text, fmt_int, place_date_line

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# A cell whose text starts with one of these is read as a formula by a spreadsheet (or by one that re-opens the
# sheet as CSV): titles and names typed by editors must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _title_lines(report: dict) -> tuple[str, str]:
    """Return the title and the period line that head both files."""
    return ("BẢNG TỔNG HỢP NHUẬN BÚT TIN, BÀI TRANG THÔNG TIN ĐIỆN TỬ",
            f"Từ ngày {report['start_vn']} đến ngày {report['end_vn']}")


def royalties_xlsx(report: dict, settings: dict) -> bytes:
    """Return the period's royalties as an .xlsx workbook: a summary per author and the detail per article."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    money = '#,##0" đ"'
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name=FONT, bold=True, size=12)
    normal = Font(name=FONT, size=12)
    title, period = _title_lines(report)
    agency = (settings.get("agency_name") or "").upper()

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append([agency])
    ws.append([title])
    ws.append([period])
    ws.append([f"Một đơn vị = {report['unit_percent_text']} % mức lương cơ sở áp dụng vào ngày đăng tin bài"])
    ws.append([])
    head = ["STT", "Họ và tên tác giả", "Số tin bài", "Tổng hệ số", "Số tiền (đồng)", "Ký nhận"]
    ws.append(head)
    header_row = ws.max_row
    for a in report["authors"]:
        ws.append([a["tt"], a["name"], a["count"], float(a["coefficient"]), a["amount"], ""])
    ws.append(["", "Tổng cộng", sum(a["count"] for a in report["authors"]),
               float(sum(a["coefficient"] for a in report["authors"])), report["total"], ""])
    total_row = ws.max_row
    ws.append([])
    ws.append([f"Bằng chữ: {report['total_words']}."])
    for row in ws.iter_rows(min_row=header_row, max_row=total_row):
        for cell in row:
            cell.border = box
            cell.font = bold if cell.row in (header_row, total_row) else normal
        row[4].number_format = money
        row[3].number_format = "0.##"
    for r in range(1, header_row):
        ws.cell(r, 1).font = bold
    for col, width in zip("ABCDEF", (6, 34, 12, 12, 18, 16), strict=True):
        ws.column_dimensions[col].width = width

    detail = wb.create_sheet("Chi tiết")
    detail.append([title])
    detail.append([period])
    detail.append([])
    head = ["STT", "Ngày đăng", "Tin bài", "Chuyên mục", "Thể loại", "Hệ số", "Lương cơ sở (đồng)",
            "Giá trị một đơn vị (đồng)", "Nhuận bút tin bài (đồng)", "Tác giả", "Tỷ lệ (%)", "Số tiền (đồng)"]
    detail.append(head)
    first = detail.max_row
    n = 0
    for row in report["payable"]:
        for a in row["authors"]:
            n += 1
            detail.append([n, row["day_vn"], row["title"], row["section"], row["type_name"],
                           float(row["coefficient"]), row["base"], float(row["unit"]), row["amount"], a["name"],
                           float(a["share"]), a["amount"]])
    detail.append(["", "", "Tổng cộng", "", "", "", "", "", report["total"], "", "", report["total"]])
    last = detail.max_row
    for row in detail.iter_rows(min_row=first, max_row=last):
        for cell in row:
            cell.border = box
            cell.font = bold if cell.row in (first, last) else normal
        for i in (6, 7, 8, 11):
            row[i].number_format = money
    detail.cell(1, 1).font = bold
    for i, width in enumerate((6, 12, 48, 22, 18, 8, 16, 16, 18, 24, 9, 16), 1):
        detail.column_dimensions[get_column_letter(i)].width = width
    for row in detail.iter_rows(min_row=first + 1, max_row=last):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    for sheet in wb.worksheets:
        _keep_text(sheet)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _keep_text(sheet: Worksheet) -> None:
    """Store every string of the sheet as text, never a formula, and keep it text when a person edits it."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                # openpyxl makes any str starting with "=" a formula; the workbook has none of its own.
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True


def royalties_docx(report: dict, settings: dict, place: str = "", day: date | None = None) -> bytes:
    """Return the period's royalties as a .docx payment sheet in the administrative format."""
    commune = (settings.get("commune_name") or "").strip()
    title, period = _title_lines(report)
    document = new_document()
    add_header_table(document, *commune_agency(commune), "",
                     place_date_line(place or commune, day or timeutil.now().date()))
    add_par(document, title, 14, bold=True, align="center", before=18)
    add_par(document, period, 14, italic=True, align="center", before=0)
    add_par(document, (f"Nhuận bút = hệ số × giá trị một đơn vị; một đơn vị bằng {report['unit_percent_text']} % "
                       "mức lương cơ sở áp dụng vào ngày đăng tin bài."), 13, indent=True, before=12, after=6)
    width = content_width_mm()
    rows = [[str(a["tt"]), a["name"], fmt_int(a["count"]), a["coefficient_text"], a["amount_text"], ""]
            for a in report["authors"]]
    rows.append(["", "Tổng cộng", fmt_int(sum(a["count"] for a in report["authors"])),
                 decimal_text(sum((a["coefficient"] for a in report["authors"]), Decimal(0))),
                 report["total_text"], ""])
    add_grid_table(document, ["STT", "Họ và tên tác giả", "Số tin bài", "Tổng hệ số", "Số tiền", "Ký nhận"], rows,
                   [11, width - 11 - 20 - 20 - 32 - 25, 20, 20, 32, 25], num_cols=(2, 3, 4), size=12)
    add_par(document, f"Số tiền bằng chữ: {report['total_words']}.", 13, italic=True, align="left", before=6)
    add_par(document, "Chi tiết theo tin bài", 13, bold=True, align="left", before=12, after=6)
    detail = []
    for row in report["payable"]:
        for a in row["authors"]:
            detail.append([row["day_vn"], row["title"], f"{row['type_name']} ({row['coefficient_text']})",
                           a["name"], f"{a['share_text']} %", a["amount_text"]])
    if detail:
        add_grid_table(document, ["Ngày đăng", "Tin bài", "Thể loại (hệ số)", "Tác giả", "Tỷ lệ", "Số tiền"],
                       detail, [20, width - 20 - 28 - 30 - 14 - 27, 28, 30, 14, 27], num_cols=(4, 5), size=11)
    else:
        add_par(document, "Không có tin bài cần chi trả trong kỳ.", 13, italic=True, align="left", before=0)
    add_signers(document, ["NGƯỜI LẬP BIỂU"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
    return save_docx(document)

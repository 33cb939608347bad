"""Write a period's royalties as an .xlsx workbook and a .docx payment sheet in the administrative format."""
from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

from . import timeutil
from .paper import (
    FONT, add_grid_table, add_header_table, add_landscape_section, add_par, add_signer_row, commune_agency,
    content_width_mm, new_document,
    save_docx,
)
from .vnformat import fmt_int, place_date_line

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# A cell whose text starts with one of these is read as a formula by a spreadsheet (or by one that re-opens the
# sheet as CSV): titles and names typed by editors must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Number formats in the file's own (invariant) notation: a Vietnamese spreadsheet shows them as #.##0 and
# #.##0,0 — the separators come from the reader's locale, never from the code.
MONEY = "#,##0"
COEFFICIENT = "#,##0.0#"
SHARE = "#,##0.##"


def _title_lines(report: dict) -> tuple[str, str]:
    """Return the title and the period line that head both files."""
    return ("BẢNG TỔNG HỢP NHUẬN BÚT TIN, BÀI TRANG THÔNG TIN ĐIỆN TỬ",
            f"Từ ngày {report['start_vn']} đến ngày {report['end_vn']}")


def royalties_xlsx(report: dict, settings: dict) -> bytes:
    """Return the period's royalties as an .xlsx workbook with live formulas: a summary per author and the
    detail per article, each article's amount written once and its authors' parts as shares of it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name=FONT, bold=True, size=12)
    normal = Font(name=FONT, size=12)
    title, period = _title_lines(report)
    agency = (settings.get("agency_name") or "").upper()
    percent = float(report["unit_percent"])

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    detail = wb.create_sheet("Chi tiết")

    # The detail first: the summary refers to its rows.
    _put(detail, [title])
    _put(detail, [period])
    _put(detail, [])
    _put(detail, ["STT", "Ngày đăng", "Tin bài", "Chuyên mục", "Thể loại", "Hệ số", "Lương cơ sở (đồng)",
                   "Giá trị một đơn vị (đồng)", "Nhuận bút tin bài (đồng)", "Tác giả", "Tỷ lệ (%)",
                   "Hệ số theo tỷ lệ", "Số tiền (đồng)", "STT tác giả"])
    first = detail.max_row
    author_no = {_author_key(a["name"]): a["tt"] for a in report["authors"]}
    for n, row in enumerate(report["payable"], 1):
        r0 = detail.max_row + 1
        for k, a in enumerate(row["authors"]):
            r = detail.max_row + 1
            if k == len(row["authors"]) - 1 and k > 0:
                part = f"=I{r0}-SUM(M{r0}:M{r - 1})"  # the last author takes the rest, as the panel does
            else:
                part = f"=ROUND(I{r0}*K{r}/100,0)"
            head = ([n, row["day_vn"], row["title"], row["section"], row["type_name"], float(row["coefficient"]),
                     row["base"], f"=G{r}*{percent!r}/100", f"=ROUND(F{r}*H{r},0)"] if k == 0
                    else [None] * 9)
            _put(detail, head + [a["name"], float(a["share"]), f"=F{r0}*K{r}/100", part,
                                 author_no.get(_author_key(a["name"]))], (7, 8, 11, 12) if k == 0 else (11, 12))
    last_line = detail.max_row
    a_rng, i_rng, m_rng = (f"{c}{first + 1}:{c}{max(last_line, first + 1)}" for c in "AIM")
    f_rng = f"F{first + 1}:F{max(last_line, first + 1)}"
    _put(detail, [f"=COUNT({a_rng})", None, "Tổng cộng", None, None, f"=SUM({f_rng})", None, None,
                  f"=SUM({i_rng})", None, None, None, f"=SUM({m_rng})", None], (0, 5, 8, 12))
    last = detail.max_row
    for row in detail.iter_rows(min_row=first, max_row=last):
        for cell in row:
            cell.border = box
            cell.font = bold if cell.row in (first, last) else normal
        for i in (6, 7, 8, 12):
            row[i].number_format = MONEY
        row[5].number_format = COEFFICIENT
        row[10].number_format = SHARE
        row[11].number_format = COEFFICIENT
    detail.cell(1, 1).font = bold
    for i, width in enumerate((6, 12, 48, 22, 18, 8, 16, 16, 18, 24, 9, 10, 16, 8), 1):
        detail.column_dimensions[get_column_letter(i)].width = width
    for row in detail.iter_rows(min_row=first + 1, max_row=last):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    detail.print_title_rows = f"{first}:{first}"

    _put(ws, [agency])
    _put(ws, [title])
    _put(ws, [period])
    _put(ws, [f"Một đơn vị = {report['unit_percent_text']} % mức lương cơ sở áp dụng vào ngày đăng tin bài"])
    _put(ws, [])
    _put(ws, ["STT", "Họ và tên tác giả", "Số tin bài", "Tổng hệ số", "Số tiền (đồng)", "Ký nhận"])
    header_row = ws.max_row
    ref = "'Chi tiết'!"
    n_rng, l_rng = (f"{ref}${c}${first + 1}:${c}${max(last_line, first + 1)}" for c in "NL")
    m_abs = f"{ref}$M${first + 1}:$M${max(last_line, first + 1)}"
    for a in report["authors"]:
        r = ws.max_row + 1
        _put(ws, [a["tt"], a["name"], f"=COUNTIF({n_rng},A{r})", f"=SUMIF({n_rng},A{r},{l_rng})",
                  f"=SUMIF({n_rng},A{r},{m_abs})", ""], (2, 3, 4))
    top, bottom = header_row + 1, max(ws.max_row, header_row + 1)
    # The articles are counted once each (a co-written article is one article), from the detail.
    _put(ws, ["", "Tổng cộng (số tin bài không trùng lặp)", f"={ref}A{last}", f"=SUM(D{top}:D{bottom})",
              f"=SUM(E{top}:E{bottom})", ""], (2, 3, 4))
    total_row = ws.max_row
    _put(ws, [])
    _put(ws, [f"Bằng chữ: {report['total_words']}."])
    for row in ws.iter_rows(min_row=header_row, max_row=total_row):
        for cell in row:
            cell.border = box
            cell.font = bold if cell.row in (header_row, total_row) else normal
        row[2].number_format = MONEY
        row[3].number_format = COEFFICIENT
        row[4].number_format = MONEY
    for r in range(1, header_row):
        ws.cell(r, 1).font = bold
    for col, width in zip("ABCDEF", (6, 34, 12, 12, 18, 16), strict=True):
        ws.column_dimensions[col].width = width
    ws.print_title_rows = f"{header_row}:{header_row}"
    # Printed as the clerk files it: A4, the summary upright, the 14-column detail across, each one page wide.
    for sheet, orientation in ((ws, "portrait"), (detail, "landscape")):
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = orientation
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _author_key(name: str) -> str:
    from .vnformat import fold

    return fold(name)


def _put(sheet: Worksheet, values: list, formulas: tuple[int, ...] = ()) -> None:
    """Append a row; only the positions in ``formulas`` (this module's own, built from references and numbers)
    may be formulas: every other string, content above all, is stored as text and stays text when edited."""
    sheet.append(values)
    row = sheet._current_row  # not max_row: an empty row leaves max_row on the row above
    for i, value in enumerate(values):
        cell = sheet.cell(row, i + 1)
        if isinstance(value, str) and i not in formulas:
            # openpyxl makes any str starting with "=" a formula.
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True


def royalties_docx(report: dict, settings: dict, place: str = "", day: date | None = None) -> bytes:
    """Return the period's royalties as a .docx payment sheet in the administrative format, dated ``day``
    (the clerk's choice) and signed by the people the settings name."""
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
    rows.append(["", f"Tổng cộng ({fmt_int(report['count'])} tin bài)", "", report["coefficient_total_text"],
                 report["total_text"], ""])
    add_grid_table(document, ["STT", "Họ và tên tác giả", "Số tin bài", "Tổng hệ số", "Số tiền", "Ký nhận"], rows,
                   [13, width - 13 - 20 - 20 - 32 - 25, 20, 20, 32, 25], num_cols=(2, 3, 4), size=12)
    add_par(document, f"Số tiền bằng chữ: {report['total_words']}.", 13, italic=True, align="left", before=6)
    signers = [(SIGNER_PREPARER, settings.get("royalty_preparer", "")),
               (SIGNER_ACCOUNTANT, settings.get("royalty_accountant", "")),
               (SIGNER_HEAD, settings.get("royalty_head", "") or settings.get("responsible_person", ""))]
    add_signer_row(document, signers, [width * 0.3, width * 0.3, width * 0.4])
    detail = []
    for n, row in enumerate(report["payable"], 1):
        for k, a in enumerate(row["authors"]):
            # The article's amount once; a co-author's row shows the share and the part.
            detail.append([str(n) if k == 0 else "", row["day_vn"] if k == 0 else "", row["title"] if k == 0 else "",
                           row["coefficient_text"] if k == 0 else "", row["amount_text"] if k == 0 else "",
                           a["name"], a["share_text"], a["amount_text"]])
    if detail:
        # The detail is an annex on landscape pages: the titles need the width.
        wide = add_landscape_section(document)
        add_par(document, "CHI TIẾT THEO TIN BÀI", 13, bold=True, align="center", before=0)
        add_par(document, f"(Kèm theo bảng tổng hợp nhuận bút {period[0].lower()}{period[1:]})", 13, italic=True,
                align="center", before=0, after=6)
        detail.append(["", "", "Tổng cộng", report["coefficient_total_text"], report["total_text"], "", "",
                       report["total_text"]])
        # STT holds three digits and the date dd/mm/yyyy on one line at 11 pt; the title takes what is left.
        add_grid_table(document, ["STT", "Ngày đăng", "Tin bài", "Hệ số", "Nhuận bút", "Tác giả", "Tỷ lệ (%)",
                                  "Số tiền"], detail,
                       [13, 24, wide - 13 - 24 - 16 - 28 - 48 - 17 - 28, 16, 28, 48, 17, 28], num_cols=(3, 4, 6, 7),
                       size=11)
    return save_docx(document)


SIGNER_PREPARER = ("NGƯỜI LẬP BIỂU",)
SIGNER_ACCOUNTANT = ("KẾ TOÁN",)
SIGNER_HEAD = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")

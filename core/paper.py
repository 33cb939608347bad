"""Lay out administrative papers in .docx (Nghị định 30/2020): A4 page, header, tables, signature blocks.

A4, margins 20/20/30/15 mm, Times New Roman, the borderless two-column
header (tên cơ quan, Quốc hiệu, Tiêu ngữ), body 14 pt justified with a
1.27 cm first-line indent, page numbers centred at the top from page 2 on.
Shared by the activity report and the royalty payment sheet.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterable

FONT = "Times New Roman"
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
FIRST_LINE_CM = 1.27
BODY_PT = 14
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
AGENCY_LINE1 = "ỦY BAN NHÂN DÂN"
LANGUAGE = "vi-VN"


def commune_agency(commune: str) -> tuple[str, str]:
    """Return the two lines naming the commune's People's Committee in the header ("XÃ …" without a name)."""
    commune = (commune or "").strip()
    return AGENCY_LINE1, f"XÃ {commune.upper()}" if commune else "XÃ …"


def _docx():
    """Return the python-docx package."""
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
    _language(document, LANGUAGE)
    document.core_properties.language = LANGUAGE
    _page_numbers(section)
    return document


def _language(document, tag: str) -> None:
    """Mark the default run properties with the language, so a spelling checker reads the text as Vietnamese."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    targets = [document.styles["Normal"].element.get_or_add_rPr()]
    if doc_defaults is not None:
        rpr_default = doc_defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            targets.append(rpr_default.find(qn("w:rPr")))
    for rpr in targets:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = rpr.makeelement(qn("w:lang"), {})
            rpr.append(lang)
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), tag)


def set_properties(document, agency: str, title: str) -> None:
    """Set the file's properties: the agency as author and company, created now, no python-docx trace."""
    from datetime import UTC, datetime
    from xml.sax.saxutils import escape

    props = document.core_properties
    props.author = agency
    props.last_modified_by = agency
    props.title = title
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.language = LANGUAGE
    now = datetime.now(UTC).replace(microsecond=0)
    props.created = now
    props.modified = now
    props.revision = 1
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            xml = part.blob.decode("utf-8")
            xml = re.sub(r"<Application>[^<]*</Application>", "<Application>TrangXã</Application>", xml)
            company = f"<Company>{escape(agency)}</Company>"
            if "<Company>" in xml or "<Company/>" in xml:
                xml = re.sub(r"<Company>[^<]*</Company>|<Company/>", lambda _m, c=company: c, xml)
            else:
                xml = xml.replace("</Properties>", f"  {company}\n</Properties>")
            part._blob = xml.encode("utf-8")


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
    """Set a run's font, size and style, for every script (Word picks the font by script)."""
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
            align: str = "justify", indent: bool = False, before: float = 6, after: float = 0,
            keep_next: bool = False):
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
    if keep_next:
        pf.keep_with_next = True  # a heading or caption never ends a page alone
    if text:
        _set_font(para.add_run(text), size, bold, italic)
    return para


def cell_par(cell, text: str, size: float, bold: bool = False, italic: bool = False, align: str = "center",
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
    add_rule(cell, width_mm, cell_mm)


def add_rule(container, width_mm: float, line_mm: float) -> None:
    """Add a centred rule ``width_mm`` long (a bottom border on an empty paragraph) in a line ``line_mm`` wide."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    para = container.add_paragraph()
    pf = para.paragraph_format
    side = max(0.0, (line_mm - width_mm) / 2)
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
    """Remove every border of a table (the header and signature blocks are laid out, not ruled)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def set_widths(table, widths_mm: list[float]) -> None:
    """Fix the width of each column of ``table`` (Word and LibreOffice both need it on every cell)."""
    from docx.shared import Mm

    table.autofit = False
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)


def content_width_mm() -> float:
    """Return the width of the text area of the page, in millimetres."""
    return PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]


def add_header_table(document, agency_1: str, agency_2: str, number_line: str, place_date: str) -> None:
    """Add the borderless two-column header: the agency and number left, Quốc hiệu, Tiêu ngữ, date right."""
    left_mm, right_mm = 62.0, content_width_mm() - 62.0
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    set_widths(table, [left_mm, right_mm])
    top_left, top_right = table.rows[0].cells
    cell_par(top_left, agency_1, 13)
    cell_par(top_left, agency_2, 13, bold=True)
    _rule(top_left, 18, left_mm)
    cell_par(top_right, MOTTO_1, 13, bold=True)
    cell_par(top_right, MOTTO_2, 14, bold=True)
    _rule(top_right, 57, right_mm)
    bottom_left, bottom_right = table.rows[1].cells
    cell_par(bottom_left, number_line, 13, before=6)
    cell_par(bottom_right, place_date, 14, italic=True, before=6)


def grid_table(document, head: list[str], body_rows: int, widths_mm: list[float], size: float = 13):
    """Add a bordered table: a bold header row and ``body_rows`` empty rows below it; return it."""
    table = document.add_table(rows=1 + body_rows, cols=len(head))
    table.style = document.styles["Table Grid"]
    set_widths(table, widths_mm)
    _keep_rows(table)
    for i, text in enumerate(head):
        # keep-with-next on the header row's paragraphs keeps it on the page of the first body row
        cell_par(table.rows[0].cells[i], text, size, bold=True).paragraph_format.keep_with_next = True
    return table


def _keep_rows(table) -> None:
    """Repeat the header row on every page a table runs onto, and keep each row on one page."""
    from docx.oxml import OxmlElement

    for n, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if n == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))


def add_grid_table(document, head: list[str], rows: list[list[str]], widths_mm: list[float],
                   num_cols: Iterable[int] = (), size: float = 13):
    """Add a bordered table with a bold header row and text rows (numbers right-aligned); return it."""
    table = grid_table(document, head, len(rows), widths_mm, size)
    num_cols = set(num_cols)
    for r, values in enumerate(rows, 1):
        for i, text in enumerate(values):
            cell_par(table.rows[r].cells[i], str(text), size, align="right" if i in num_cols else "left")
    return table


def add_signature(document, recipients: list[str], signer_lines: list[str], signer_name: str,
                  left_title: str = "Nơi nhận:") -> None:
    """Add the "Nơi nhận" block (left) and the signature block (right) side by side."""
    left_mm = 80.0
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    set_widths(table, [left_mm, content_width_mm() - left_mm])
    left, right = table.rows[0].cells
    if left_title:
        cell_par(left, left_title, 12, bold=True, italic=True, align="left", before=12)
    for line in recipients:
        cell_par(left, line, 11, align="left")
    _sign(right, signer_lines, signer_name)


def add_signers(document, left_lines: list[str], right_lines: list[str]) -> None:
    """Add two signature blocks side by side (e.g. the preparer left, the head of the agency right)."""
    half = content_width_mm() / 2
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    set_widths(table, [half, half])
    for cell, lines in zip(table.rows[0].cells, (left_lines, right_lines), strict=True):
        _sign(cell, lines)


def add_signer_row(document, signers: list[tuple[tuple[str, ...], str]],
                   widths_mm: list[float] | None = None) -> None:
    """Add signature blocks side by side, one per (capacity lines, name) (e.g. preparer, accountant, head)."""
    widths_mm = widths_mm or [content_width_mm() / len(signers)] * len(signers)
    table = document.add_table(rows=1, cols=len(signers))
    _no_borders(table)
    set_widths(table, widths_mm)
    for cell, (lines, name) in zip(table.rows[0].cells, signers, strict=True):
        _sign(cell, list(lines), name)


def _sign(cell, lines: list[str], name: str = "") -> None:
    """Write a signature block into a cell: the capacity lines, room to sign, then the signer's name."""
    for n, line in enumerate(lines):
        cell_par(cell, line, 14, bold=True, before=12 if n == 0 else 0)
    for _ in range(4):
        cell_par(cell, "", 14)
    if name:
        cell_par(cell, name, 14, bold=True)


def add_landscape_section(document) -> float:
    """Start a new page in landscape (same margins) for a wide table; return its content width in mm."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[1]), Mm(PAGE_MM[0])
    return PAGE_MM[1] - MARGINS_MM["left"] - MARGINS_MM["right"]


def save_docx(document) -> bytes:
    """Return the bytes of a .docx file holding ``document``."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


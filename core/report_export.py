"""Write the activity report as a .docx file in the administrative format of Nghị định 30/2020."""
from __future__ import annotations

from .paper import (
    BODY_PT, add_grid_table, add_header_table, add_par, add_rule, add_signature, cell_par, content_width_mm,
    grid_table, new_document, save_docx, set_properties,
)

# The rule under the trích yếu: between a third and a half of the line (Nghị định 30/2020), centred.
SUBJECT_RULE_MM = 55


def report_docx(model: dict) -> bytes:
    """Return the report as a .docx file (the administrative format of Nghị định 30/2020)."""
    from docx.enum.text import WD_BREAK

    document = new_document()
    agency = " ".join(part for part in (model["agency_line1"], model["agency_line2"]) if part)
    set_properties(document, agency, f"{model['title']} {model['subject']}".strip())
    add_header_table(document, model["agency_line1"], model["agency_line2"], model["number_line"],
                     model["place_date"])
    add_par(document, model["title"], 14, bold=True, align="center", before=18, keep_next=True)
    add_par(document, model["subject"], 14, bold=True, align="center", before=0, keep_next=True)
    add_rule(document, SUBJECT_RULE_MM, content_width_mm())
    if model["recipient"]:
        add_par(document, model["recipient"], 14, align="center", before=12, after=6)
    blocks = model["blocks"]
    for n, block in enumerate(blocks):
        if block["kind"] == "heading":
            add_par(document, block["text"], BODY_PT, bold=True, indent=True, before=6, keep_next=True)
        elif block["kind"] == "para":
            # the line that introduces the table stays with its first rows
            leads_table = n + 1 < len(blocks) and blocks[n + 1]["kind"] == "table"
            add_par(document, block["text"], BODY_PT, indent=True, keep_next=leads_table)
        else:
            _results_table(document, block)
    add_signature(document, model["recipients"], model["signer_lines"], model["signer_name"])
    if model["appendix"]:
        add_par(document).add_run().add_break(WD_BREAK.PAGE)
        add_par(document, "PHỤ LỤC", 14, bold=True, align="center", before=0, keep_next=True)
        add_par(document, "SỐ LIỆU CHI TIẾT TỪ TRANG THÔNG TIN ĐIỆN TỬ", 14, bold=True, align="center", before=0,
                keep_next=True)
        add_par(document, model["appendix_note"], 14, italic=True, align="center", before=0, keep_next=True)
        for table in model["appendix"]:
            add_par(document, table["caption"], BODY_PT, bold=True, align="left", before=12, after=6,
                    keep_next=True)
            if not table["rows"]:
                add_par(document, "Không có số liệu trong kỳ.", 13, italic=True, align="left", before=0)
                continue
            width = content_width_mm()
            if len(table["head"]) == 2:
                widths = [width - 45, 45]
            else:
                widths = [width - 75, 30, 45] if table["num"] else [40, 30, width - 70]
            add_grid_table(document, table["head"], table["rows"], widths, table["num"])
    return save_docx(document)


def _results_table(document, block: dict) -> None:
    """Add the results table of section II: TT, section with its sub-sections, count; the total last."""
    width = content_width_mm()
    widths = [14, width - 14 - 38, 38]
    table = grid_table(document, block["head"], len(block["rows"]) + 1, widths)
    for n, row in enumerate(block["rows"], 1):
        cells = table.rows[n].cells
        cell_par(cells[0], row["tt"], 13)
        cell_par(cells[1], row["name"] + (":" if row["lines"] else ""), 13, bold=True, align="left")
        for line in row["lines"]:
            cell_par(cells[1], line, 13, align="left")
        cell_par(cells[2], row["value"], 13)
    cells = table.rows[-1].cells
    merged = cells[0].merge(cells[1])
    cell_par(merged, block["total_label"], 13, bold=True)
    cell_par(cells[2], block["total"], 13, bold=True)
    add_par(document, "", before=0)  # the next paragraph must not stick to the table

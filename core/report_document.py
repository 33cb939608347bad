"""Compose the report from a draft and the period's figures: the blocks the print view and the .docx both show.

The layout is the administrative format of Nghị định 30/2020: the two-column
header, "Số: …/BC-UBND", italic place and date, the title, the narrative
(I–VI, with the results table in II), "Nơi nhận:", the signature block and,
if asked, an appendix of the detailed figures.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from . import timeutil
from .paper import MOTTO_1, MOTTO_2
from .vnformat import fmt_int, place_date_line, vn_day

TITLE = "BÁO CÁO"

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
    agency_2 = " ".join((draft.get("agency_line2") or "").split())
    kind, _, name = agency_2.partition(" ")  # "XÃ DƯƠNG QUANG" -> "UBND xã Dương Quang"
    issuer = f"UBND {kind.lower()} {name.title()}".strip() if agency_2 else "UBND xã …"
    number_text = f"{number}/{symbol}" if number else f"…/{symbol}"
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
        "appendix_note": f"(Kèm theo Báo cáo số {number_text} ngày {vn_day(report_day)} của {issuer})",
    }


BLANK = "…"

# Where a blank may be left, as the editor knows the part (the draft form's labels).
BLANK_PARTS = (("number", "Số báo cáo"), ("subject", "Trích yếu"), ("recipient", "Kính gửi"),
               ("basis", "Căn cứ"), ("section_1", "I."), ("section_2_intro", "II. (mở đầu)"),
               ("section_2_after", "II. (sau bảng)"), ("section_3", "III."), ("section_4", "IV."),
               ("section_5", "V."), ("section_6", "VI."), ("closing", "Đoạn kết"), ("recipients", "Nơi nhận"),
               ("signer", "Thẩm quyền ký"), ("signer_name", "Họ tên người ký"))


def blanks(draft: dict, stats: dict) -> list[str]:
    """Return the parts of a draft still holding a blank ("…", or no number) once its placeholders are filled."""
    out = []
    for key, label in BLANK_PARTS:
        text = fill(str(draft.get(key) or ""), stats)
        if BLANK in text or (key in ("number", "signer_name") and not text.strip()):
            out.append(label)
    return out


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

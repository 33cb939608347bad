"""Keep the report drafts (reports.json): the editable parts of a report and its period, prefilled for a new one.

The narrative parts (I–VI) are a draft the editor keeps; they are prefilled
from the settings, the Ban Biên tập and the document register, and may hold
placeholders such as ``[tổng số tin bài]`` that are replaced by the computed
figures when the report is shown or exported (``core.report_document``).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any
from collections.abc import Iterable

from . import timeutil
from .errors import ValidationError
from .paper import commune_agency
from .records import Records, text_field
from .site_settings import superior_unit
from .report_figures import default_period, site_start
from .vnformat import fmt_int, fold, vn_day

REPORTS_FILE = "reports.json"
LOCK = "reports"

MAX_SHORT = 200
MAX_LINE = 500
MAX_TEXT = 20_000

# Fields of a report draft and their limits.
SHORT_FIELDS = ("number", "symbol", "place", "agency_line1", "agency_line2", "signer_name")
LINE_FIELDS = ("recipient", "subject")
TEXT_FIELDS = ("basis", "section_1", "section_2_intro", "section_2_after", "section_3", "section_4",
               "section_5", "section_6", "closing", "recipients", "signer")
DATE_FIELDS = ("report_date", "period_start", "period_end")


def default_recipient(settings: dict) -> str:
    """Return the default "Kính gửi": the People's Committee of the district, for a commune still under one,
    else of the province ("" when neither is set)."""
    unit = superior_unit(settings)
    return f"Ủy ban nhân dân {unit}" if unit else ""


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
    agency_1, agency_2 = commune_agency(commune)
    ubnd = f"UBND {xa}"
    superior = superior_unit(settings)
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
        "Kinh phí hoạt động hằng năm của Ban Biên tập và nhuận bút tin, bài: "
        + ((settings.get("board_budget") or "").strip().rstrip(".") + "." if settings.get("board_budget") else "…"),
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
        "agency_line1": agency_1,
        "agency_line2": agency_2,
        "place": commune,
        # dated the last day of its period (the seed's report: 10/11/2023), or today while the period runs
        "report_date": min(end, today).isoformat(),
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
        "allow_blanks": False,
        "show_hidden_sections": False,
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
                clean[name] = timeutil.parse_day(raw).isoformat()
            except LookupError:
                errors[name] = f"Vui lòng nhập {label[:1].lower()}{label[1:]}."
                clean[name] = ""
            except ValueError:
                errors[name] = f"{label} không hợp lệ (nhập ngày/tháng/năm, ví dụ 10/11/2023)."
                clean[name] = ""
        if clean["period_start"] and clean["period_end"] and clean["period_start"] > clean["period_end"]:
            errors["period_end"] = "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."
        clean["include_appendix"] = bool(values.get("include_appendix"))
        # the editor says the remaining "…" are left blank on purpose (to be written by hand on the signed copy)
        clean["allow_blanks"] = bool(values.get("allow_blanks"))
        clean["show_hidden_sections"] = bool(values.get("show_hidden_sections"))
        clean["created_by"] = str(values.get("created_by") or "")[:80]
        if errors:
            raise ValidationError(errors)
        return clean

    def save(self, values: dict, item_id: int | None = None, by: str = "") -> dict:
        """Validate and store a draft (the author of a new one is kept)."""
        if item_id is not None:
            values = dict(values, created_by=self.get(item_id).get("created_by", ""))
        return super().save(values, item_id, by)


def period_of(draft: dict) -> tuple[date, date]:
    """Return the period of a stored draft."""
    return date.fromisoformat(draft["period_start"]), date.fromisoformat(draft["period_end"])


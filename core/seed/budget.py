"""Demo budget disclosures: the commune's dự toán, execution reports and quyết toán of 2023–2025, each with a PDF."""
from __future__ import annotations

from ..budget import KINDS, Budget, show_day
from ..content import Content
from ..documents import default_issuer
from ..uploads import save_document
from .documents import demo_pdf

# Budget year -> (revenue estimate, spending estimate), millions of đồng: a plausible suburban commune.
ESTIMATES = {2023: (16_420, 16_420), 2024: (17_850, 17_850), 2025: (19_300, 19_300)}
# Share of the year's estimate collected by the end of each period (plausible, for the demo's figures).
PROGRESS = {"quy-1": 0.21, "6-thang": 0.47, "9-thang": 0.72, "ca-nam": 1.06}
# (kind, month, day of the signed decision, day of disclosure, years after the budget year)
CALENDAR = (
    ("du-toan", 1, 5, 8, 0), ("quy-1", 4, 8, 10, 0), ("6-thang", 7, 9, 12, 0), ("9-thang", 10, 8, 11, 0),
    ("ca-nam", 1, 9, 12, 1), ("quyet-toan", 12, 16, 20, 1),
)

_RUN = "Công khai tình hình thực hiện dự toán ngân sách xã {commune}"
TITLES = {
    "du-toan": "Công khai dự toán ngân sách xã {commune} năm {year}", "quy-1": _RUN + " quý I năm {year}",
    "6-thang": _RUN + " 6 tháng đầu năm {year}", "9-thang": _RUN + " 9 tháng năm {year}",
    "ca-nam": _RUN + " năm {year}", "quyet-toan": "Công khai quyết toán ngân sách xã {commune} năm {year}",
}


def _millions(value: float) -> str:
    return f"{round(value):,}".replace(",", ".")


def _demo_items(commune: str) -> list[dict]:
    """Return the demo disclosures: every kind of 2023 to 2025 due by the end of 2025 (no 2025 quyết toán yet)."""
    items = []
    for year, (revenue, spending) in ESTIMATES.items():
        for kind, month, signed, shown, later in CALENDAR:
            when = year + later
            if when > 2025 and kind == "quyet-toan":
                continue  # approved by the HĐND in December 2026 at the earliest
            if kind == "du-toan":
                note = (f"Tổng thu ngân sách xã {_millions(revenue)} triệu đồng; tổng chi ngân sách xã "
                        f"{_millions(spending)} triệu đồng, theo Nghị quyết của HĐND xã kỳ họp cuối năm {year - 1}.")
            elif kind == "quyet-toan":
                note = (f"Quyết toán thu ngân sách xã năm {year}: {_millions(revenue * 1.08)} triệu đồng; quyết toán "
                        f"chi: {_millions(spending * 1.02)} triệu đồng, đã được HĐND xã phê chuẩn.")
            else:
                share = PROGRESS[kind]
                note = (f"Thu ngân sách xã đạt {_millions(revenue * share)} triệu đồng ({share:.0%} dự toán); chi "
                        f"{_millions(spending * (share - 0.03))} triệu đồng.").replace(".0%", "%")
            items.append({
                "year": year, "kind": kind,
                "title": TITLES[kind].format(commune=commune, year=year),
                # Decisions numbered through the year, as a commune's register runs (about 220 a year).
                "number": f"{(month - 1) * 18 + signed // 2 + when % 3 + 1:02d}/QĐ-UBND",
                "issued_on": f"{when}-{month:02d}-{signed:02d}", "disclosed_on": f"{when}-{month:02d}-{shown:02d}",
                "note": note,
            })
    return items


def seed_budget(budget: Budget, content: Content) -> None:
    """Add the demo budget disclosures with small PDF attachments (skipped if there are any)."""
    if budget.all() or budget.all(trashed=True):
        return
    settings = content.settings()
    commune = settings.get("commune_name") or "Dương Quang"
    issuer = default_issuer(settings) or f"UBND xã {commune}"
    for item in _demo_items(commune):
        heading = f"Quyết định số {item['number']} ngày {show_day(item['issued_on'])}"
        pdf = demo_pdf(heading, f"{item['title']}. {item['note']}", issuer)
        name = f"{KINDS[item['kind']][0]} {item['year']} - {item['number'].replace('/', '-')}.pdf"
        attachment = save_document(budget.store, pdf, name)
        budget.save(dict(item, attachment=attachment))

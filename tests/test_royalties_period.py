"""The seed's period rebuilt: 248 tin bài from 22/06 to 10/11/2023 across two base salaries, checked by hand."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import docx
import openpyxl
import pytest

from conftest import PASSWORD, AuthActions, section_id
from core import royalties as rules
from core import timeutil
from papers import keep_pages, spreadsheet_pdf
from royalty_sheets import needs_calc, recalculated

START, END = date(2023, 6, 22), date(2023, 11, 10)
# The seed's report: Tin tức – Sự kiện 179, Cải cách hành chính 16, Chuyển đổi số 33, Thông báo 20.
COUNTS = (("Tin tức – Sự kiện", 179), ("Cải cách hành chính", 16), ("Chuyển đổi số", 33), ("Thông báo", 20))
WRITERS = ("Kiều Thị Phượng", "Nguyễn Công Đạt", "Kiều Xuân Thu", "Đỗ Thị Hằng")


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    set_now(datetime(2023, 11, 20, 10, 0, tzinfo=timeutil.TZ))


@pytest.fixture
def period(app, content):
    """Rebuild the 248 articles: one a day or so, a co-written one in seven, a three-author one in eleven."""
    royalties = rules.Royalties(app.extensions["trangxa"].store)
    sections = {}
    for name, _ in COUNTS:
        try:
            sections[name] = section_id(content, name)
        except StopIteration:
            sections[name] = content.save_section({"name": name, "kind": "articles"})["id"]
    plan = [name for name, n in COUNTS for _ in range(n)]
    days = (END - START).days
    articles = []
    for i, name in enumerate(plan):
        day = START + timedelta(days=i * days // (len(plan) - 1))
        if i % 11 == 3:
            byline = ", ".join(WRITERS[:3])
        elif i % 7 == 1:
            byline = f"{WRITERS[i % 4]}, {WRITERS[(i + 1) % 4]}"
        else:
            byline = WRITERS[i % 4]
        title = '=HYPERLINK("http://x","y")' if i == 5 else f"Tin bài số {i + 1}"
        aid = content.save_article({
            "title": title, "body": "<p>Nội dung.</p>", "section_id": sections[name], "status": "published",
            "publish_at": timeutil.to_iso(datetime(day.year, day.month, day.day, 9, 0, tzinfo=timeutil.TZ)),
            "author": byline})["id"]
        articles.append({"id": aid, "day": day, "section": name, "authors": [a.strip() for a in byline.split(",")]})
    tin = next(t["id"] for t in royalties.types() if t["name"] == "Tin")
    bai = next(t["id"] for t in royalties.types() if t["name"].startswith("Bài (bình luận"))
    assert royalties.assign_defaults(content, START, END, tin) == 228  # the 20 notices earn nothing
    # A reportage in ten is a "Bài" at the low end (10); one in thirteen a "Tin" at 2,5.
    for n, a in enumerate(x for x in articles if x["section"] != "Thông báo"):
        if n % 10 == 0 or n % 13 == 0:
            kind, coefficient = (bai, "10") if n % 10 == 0 else (tin, "2,5")
            item = royalties.item(a["id"])
            royalties.save_item(content, a["id"], {"type_id": kind, "coefficient": coefficient, "authors": [
                {"name": x["name"], "share": str(x["share"])} for x in item["authors"]]})
            a["coefficient"] = Decimal(coefficient.replace(",", "."))
        else:
            a["coefficient"] = Decimal(1)
    return royalties, articles


def _hand(articles):
    """Compute the royalties the long way: 10 % of 1.490.000 đ before 01/07/2023, of 1.800.000 đ from then."""
    total, coefficients, per_author, paid = 0, Decimal(0), {}, []
    for a in articles:
        if a["section"] == "Thông báo":
            continue
        unit = 149_000 if a["day"] < date(2023, 7, 1) else 180_000
        amount = int((a["coefficient"] * unit).quantize(Decimal(1), ROUND_HALF_UP))
        n = len(a["authors"])
        shares = {1: [Decimal(100)], 2: [Decimal(50)] * 2,
                  3: [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]}[n]
        parts = [int((amount * s / 100).quantize(Decimal(1), ROUND_HALF_UP)) for s in shares[:-1]]
        parts.append(amount - sum(parts))
        for name, part, share in zip(a["authors"], parts, shares, strict=True):
            entry = per_author.setdefault(name, [0, 0, Decimal(0)])
            entry[0] += 1
            entry[1] += part
            entry[2] += a["coefficient"] * share / 100
        total += amount
        coefficients += a["coefficient"]
        paid.append((a, amount))
    return total, coefficients, per_author, paid


def test_the_seed_period_computed_by_hand(app, content, period):
    royalties, articles = period
    report = royalties.period_report(content, START, END)
    total, coefficients, per_author, paid = _hand(articles)
    assert report["count"] == len(paid) == 228 and len(report["unpaid_section"]) == 20
    assert not report["no_salary"] and not report["unassigned"]
    # Both salaries are used: the articles of 22–30/06/2023 at 1.490.000 đ, the rest at 1.800.000 đ.
    bases = {r["base"] for r in report["payable"]}
    assert bases == {1_490_000, 1_800_000}
    assert {r["id"]: r["amount"] for r in report["payable"]} == {a["id"]: amount for a, amount in paid}
    assert report["total"] == total and report["coefficient_total"] == coefficients
    assert {a["name"]: (a["count"], a["amount"]) for a in report["authors"]} == {
        name: (c, amt) for name, (c, amt, _) in per_author.items()}
    assert {a["name"]: a["coefficient"] for a in report["authors"]} == {n: e[2] for n, e in per_author.items()}
    # The figures written out, to check against a calculator (one unit = 10 % of the base salary):
    # before 01/07/2023, 149.000 đ: 13 Tin at 1 + 2 Bài at 10 + 1 Tin at 2,5 = 35,5 units = 5.289.500 đ;
    # from 01/07/2023, 180.000 đ: 176 Tin at 1 + 21 Bài at 10 + 15 Tin at 2,5 = 423,5 units = 76.230.000 đ.
    by_kind: dict = {}
    for a, _ in paid:
        key = (a["coefficient"], a["day"] < date(2023, 7, 1))
        by_kind[key] = by_kind.get(key, 0) + 1
    assert by_kind == {(1, True): 13, (10, True): 2, (Decimal("2.5"), True): 1,
                       (1, False): 176, (10, False): 21, (Decimal("2.5"), False): 15}
    assert coefficients == report["coefficient_total"] == Decimal("459")  # 35,5 + 423,5
    assert report["coefficient_total_text"] == "459"
    assert total == 5_289_500 + 76_230_000 == 81_519_500
    assert report["total_text"] == "81.519.500 đ"


@needs_calc
def test_the_seed_period_xlsx_recalculates_to_the_panel(app, client, content, period, tmp_path):
    royalties, articles = period
    report = royalties.period_report(content, START, END)
    app.extensions["trangxa"].accounts.create_user("bientap", PASSWORD, "Biên Tập Viên", role="editor")
    assert AuthActions(app, client).login().status_code == 302
    page = client.get("/quan-tri/nhuan-but?tu=22/06/2023&den=10/11/2023").get_data(as_text=True)
    assert f'data-so-lieu="tong-cong">{report["total_text"]}<' in page
    xlsx = client.get("/quan-tri/nhuan-but/tai-ve.xlsx?tu=22/06/2023&den=10/11/2023").data
    raw = openpyxl.load_workbook(io.BytesIO(xlsx))
    summary, detail = raw["Tổng hợp"], raw["Chi tiết"]
    # Live formulas, Vietnamese-style formats, nothing typed made a formula.
    total_row = next(r for r in summary.iter_rows() if r[1].value and str(r[1].value).startswith("Tổng cộng"))
    assert total_row[4].value.startswith("=SUM(") and total_row[4].number_format == "#,##0"
    assert total_row[3].number_format == "#,##0.0#"
    risky = [c for row in detail.iter_rows() for c in row if c.value == '=HYPERLINK("http://x","y")']
    assert len(risky) == 1 and risky[0].data_type == "s"
    # An article's amount once: a co-author's row leaves it blank and shows the share.
    co = [row for row in detail.iter_rows(values_only=True) if row[0] is None and row[9]]
    assert co and all(row[8] is None and row[10] for row in co)

    values = recalculated(xlsx, tmp_path)
    summary, detail = values["Tổng hợp"], values["Chi tiết"]
    rows = [r for r in summary.iter_rows(values_only=True) if isinstance(r[0], int)]
    totals = next(r for r in summary.iter_rows(values_only=True) if r[1] and str(r[1]).startswith("Tổng cộng"))
    assert totals[2] == 228  # distinct articles, not one per author line
    assert totals[4] == report["total"]
    assert Decimal(str(totals[3])).quantize(Decimal("0.01")) == report["coefficient_total"]
    assert {r[1]: (r[2], r[4]) for r in rows} == {a["name"]: (a["count"], a["amount"]) for a in report["authors"]}
    for r in rows:
        expected = next(a["coefficient"] for a in report["authors"] if a["name"] == r[1])
        assert abs(Decimal(str(r[3])) - expected) < Decimal("0.000001")
    detail_total = next(r for r in detail.iter_rows(values_only=True) if r[2] == "Tổng cộng")
    assert detail_total[0] == 228 and detail_total[8] == detail_total[12] == report["total"]


def test_the_seed_period_docx(app, client, content, period):
    royalties, _ = period
    report = royalties.period_report(content, START, END)
    content.save_settings(dict(content.settings(), commune_name="Dương Quang", agency_name="UBND XÃ DƯƠNG QUANG",
                               site_title="Trang", royalty_preparer="Kiều Thị Phượng",
                               royalty_accountant="Nguyễn Thị Lan", royalty_head="Nguyễn Văn Hùng"))
    app.extensions["trangxa"].accounts.create_user("bientap", PASSWORD, "Biên Tập Viên", role="editor")
    assert AuthActions(app, client).login().status_code == 302
    word = client.get("/quan-tri/nhuan-but/tai-ve.docx?tu=22/06/2023&den=10/11/2023&ngay=15/11/2023")
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("ngày 15 tháng 11 năm 2023" in c for c in cells)
    for who in ("NGƯỜI LẬP BIỂU", "KẾ TOÁN", "CHỦ TỊCH", "Kiều Thị Phượng", "Nguyễn Thị Lan", "Nguyễn Văn Hùng"):
        assert any(who in c for c in cells), who
    summary, detail = document.tables[1], document.tables[3]  # the signatures between them
    assert summary.rows[-1].cells[4].text == report["total_text"] and "228 tin bài" in summary.rows[-1].cells[1].text
    assert detail.rows[-1].cells[4].text == detail.rows[-1].cells[7].text == report["total_text"]
    for table in (summary, detail):
        assert table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    # STT and the date fit their columns: 3 digits and dd/mm/yyyy at 11 pt need about 10 mm and 22 mm with the
    # cell margins; the title keeps a readable width.
    widths = [c.width.mm for c in detail.rows[0].cells]
    assert widths[0] >= 12 and widths[1] >= 23 and widths[2] >= 75
    assert document.sections[-1].page_width > document.sections[-1].page_height  # the detail in landscape


@needs_calc
def test_the_royalty_papers_render_as_pages_kept_for_a_person_to_look_at(app, client, content, period, tmp_path):
    from core import pdf_render
    content.save_settings(dict(content.settings(), commune_name="Dương Quang", agency_name="UBND XÃ DƯƠNG QUANG",
                               site_title="Trang", royalty_preparer="Kiều Thị Phượng",
                               royalty_accountant="Nguyễn Thị Lan", royalty_head="Nguyễn Văn Hùng"))
    app.extensions["trangxa"].accounts.create_user("bientap", PASSWORD, "Biên Tập Viên", role="editor")
    assert AuthActions(app, client).login().status_code == 302
    query = "tu=22/06/2023&den=10/11/2023&ngay=15/11/2023"
    word = client.get(f"/quan-tri/nhuan-but/tai-ve.docx?{query}")
    sheet = client.get(f"/quan-tri/nhuan-but/tai-ve.xlsx?{query}")
    assert word.status_code == sheet.status_code == 200
    word_pages = keep_pages(pdf_render.docx_to_pdf(word.data, "nhuan-but"), "nhuan-but-docx")
    sheet_pages = keep_pages(spreadsheet_pdf(pdf_render.soffice(), sheet.data, tmp_path), "nhuan-but-xlsx")
    assert len(word_pages) >= 2 and sheet_pages  # the summary with signatures, then the landscape detail
    from PIL import Image
    first, last = Image.open(word_pages[0]), Image.open(word_pages[-1])
    assert first.width < first.height and last.width > last.height  # A4 portrait, then the annex in landscape
    # The workbook prints each sheet one page wide: the summary upright, the 14-column detail across.
    summary, detail = Image.open(sheet_pages[0]), Image.open(sheet_pages[-1])
    assert summary.width < summary.height and detail.width > detail.height
    assert len(sheet_pages) <= 12  # 248 rows at about 30 a page, not 14 columns split over three times as many

"""Nhuận bút: hand-computed totals, a base-salary change mid-period, co-authors, the paid mark, the panel, exports."""
from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal

import docx
import openpyxl
import pytest

from conftest import PASSWORD, AuthActions, csrf_from, field_error, fresh, section_id
from core import royalties as rules
from core import timeutil, vnformat
from core.errors import ValidationError
from core.royalties_export import royalties_xlsx
from royalty_sheets import needs_calc, recalculated

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timeutil.TZ)


@pytest.fixture(autouse=True)
def fixed_now(set_now):
    """Run every test on 20/11/2026, after both default base salaries took effect."""
    set_now(NOW)


@pytest.fixture
def shipped(app) -> rules.Royalties:
    """The royalty data as shipped: low-end coefficients, the base salaries of 2019, 2023 and 2024."""
    return rules.Royalties(app.extensions["trangxa"].store)


@pytest.fixture
def royalties(shipped) -> rules.Royalties:
    """Round figures for the mechanics: Tin and Ảnh at 10, Bài at 30 (the high ends) and a 2026 base salary."""
    for name, coefficient in (("Tin", "10"), ("Ảnh", "10"), ("Bài (bình luận, phóng sự, phỏng vấn)", "30")):
        shipped.update_type(type_id(shipped, name), name, coefficient)
    shipped.add_salary("2.530.000", "01/07/2026", "Mức giả định của kiểm thử")
    return shipped


def article(content, day: tuple, title: str = "Tin bài", author: str = "Kiều Thị Phượng", **extra) -> int:
    values = {"title": title, "body": "<p>Nội dung.</p>", "section_id": section_id(content, "Tin tức – Sự kiện"),
              "status": "published", "publish_at": timeutil.to_iso(datetime(*day, 9, 0, tzinfo=timeutil.TZ)),
              "author": author}
    values.update(extra)
    return content.save_article(values)["id"]


def type_id(royalties, name: str) -> int:
    return next(t["id"] for t in royalties.types() if t["name"] == name)


def one(name: str, share: str = "") -> list[dict]:
    return [{"name": name, "share": share}]


# ---------------------------------------------------------------- numbers
def test_money_and_words_the_vietnamese_way():
    assert vnformat.vnd(1234000) == "1.234.000 đ"
    assert vnformat.vnd(0) == "0 đ"
    assert vnformat.amount_in_words(7_590_000) == "Bảy triệu năm trăm chín mươi nghìn đồng"
    assert vnformat.amount_in_words(1_005) == "Một nghìn không trăm linh năm đồng"
    assert vnformat.amount_in_words(25_000) == "Hai mươi lăm nghìn đồng"
    assert vnformat.amount_in_words(3_036_000) == "Ba triệu không trăm ba mươi sáu nghìn đồng"
    assert vnformat.decimal_text(Decimal("7.50")) == "7,5" and vnformat.decimal_text(Decimal("30")) == "30"
    assert vnformat.parse_decimal("7,5") == Decimal("7.5")
    assert vnformat.parse_money("2.530.000") == 2_530_000
    assert rules.split_amount(7_590_000, [Decimal(60), Decimal(40)]) == [4_554_000, 3_036_000]
    parts = rules.split_amount(1_000_001, [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")])
    assert sum(parts) == 1_000_001


def test_defaults_are_the_low_end_of_the_decree_and_are_data(shipped):
    types = {t["name"]: t for t in shipped.types()}
    ranges = {name: (t["coefficient"], t["low"], t["high"]) for name, t in types.items()}
    assert ranges == {"Tin": (1, 1, 10), "Ảnh": (1, 1, 10), "Tranh, hình vẽ": (1, 1, 10),
                      "Bài (bình luận, phóng sự, phỏng vấn)": (10, 10, 30), "Bài nghiên cứu": (10, 10, 30),
                      "Tác phẩm đa phương tiện": (10, 10, 50)}
    assert [(s["effective_from"], s["amount"], s["source"]) for s in shipped.salaries()] == [
        ("2019-07-01", 1_490_000, "Nghị định 38/2019/NĐ-CP"), ("2023-07-01", 1_800_000, "Nghị định 24/2023/NĐ-CP"),
        ("2024-07-01", 2_340_000, "Nghị định 73/2024/NĐ-CP")]
    assert shipped.unit_percent() == 10
    assert shipped.base_salary_on(date(2023, 6, 30)) == 1_490_000
    assert shipped.base_salary_on(date(2023, 7, 1)) == 1_800_000
    assert shipped.base_salary_on(date(2024, 6, 30)) == 1_800_000
    assert shipped.base_salary_on(date(2024, 7, 1)) == 2_340_000
    assert shipped.base_salary_on(date(2019, 6, 30)) is None
    # A coefficient outside the decree's range for its kind is refused, on the type and on an article.
    with pytest.raises(ValidationError) as err:
        shipped.update_type(type_id(shipped, "Tin"), "Tin", "12")
    assert "khung 1–10" in err.value.errors["coefficient"]
    shipped.update_type(type_id(shipped, "Tin"), "Tin", "2,5")
    assert shipped.type_by_id()[type_id(shipped, "Tin")]["coefficient"] == Decimal("2.5")


def test_a_site_that_stored_its_types_and_salaries_keeps_them(app):
    store = app.extensions["trangxa"].store
    with store.transaction(rules.ROYALTIES_FILE, lock_name=rules.LOCK) as db:
        db.table("meta").insert({"initialized": True, "unit_percent": "10"})
        db.table("types").insert({"name": "Tin", "coefficient": "10", "order": 1, "removed_at": None})
        db.table("salaries").insert({"effective_from": "2024-07-01", "amount": 2_340_000})
    kept = rules.Royalties(store)
    assert [(t["name"], t["coefficient"], t["low"]) for t in kept.types()] == [("Tin", 10, None)]
    assert [(s["amount"], s["source"]) for s in kept.salaries()] == [(2_340_000, "")]
    kept.update_type(1, "Tin", "40")  # no range stored: the commune's own figure stands


def test_an_article_without_a_base_salary_is_an_error_not_zero(content, shipped):
    early = article(content, (2019, 5, 2), "Tin trước mức lương cơ sở đầu tiên")
    shipped.save_item(content, early, {"type_id": type_id(shipped, "Tin"), "authors": one("A")})
    report = shipped.period_report(content, date(2019, 5, 1), date(2019, 5, 31))
    assert [r["id"] for r in report["no_salary"]] == [early] and not report["payable"]
    with pytest.raises(ValidationError) as err:
        shipped.mark_paid(content, date(2019, 5, 1), date(2019, 5, 31))
    assert "chưa có mức lương cơ sở áp dụng" in err.value.errors["period"]


def test_notices_documents_and_schedules_earn_no_royalty_by_default(content, shipped):
    notices = content.save_section({"name": "Thông báo của UBND xã", "kind": "articles"})["id"]
    news = section_id(content, "Tin tức – Sự kiện")
    tin = article(content, (2024, 8, 2), "Tin")
    notice = article(content, (2024, 8, 3), "Thông báo lịch tiếp công dân", section_id=notices)
    assert shipped.section_rules(content)[notices] is False and shipped.section_rules(content)[news] is True
    assert shipped.assign_defaults(content, date(2024, 8, 1), date(2024, 8, 31), type_id(shipped, "Tin")) == 1
    report = shipped.period_report(content, date(2024, 8, 1), date(2024, 8, 31))
    assert [r["id"] for r in report["payable"]] == [tin] and [r["id"] for r in report["unpaid_section"]] == [notice]
    assert report["total"] == 234_000  # 1 × 10 % × 2.340.000 đ
    shipped.set_section_rule(content, notices, True)  # the commune decides otherwise
    assert shipped.section_rules(content)[notices] is True


# ---------------------------------------------------------------- totals
def test_small_hand_computed_case(content, royalties):
    # March 2025: base 2.340.000 đ, one unit = 10 % = 234.000 đ.
    tin = article(content, (2025, 3, 3), "Hội nghị tổng kết", author="Kiều Thị Phượng")
    anh = article(content, (2025, 3, 10), "Ảnh: ngày hội đại đoàn kết", author="Nguyễn Công Đạt")
    bai = article(content, (2025, 3, 20), "Phóng sự: đổi thay ở Dương Quang", author="Kiều Thị Phượng")
    custom = article(content, (2025, 3, 25), "Tin ngắn", author="Nguyễn Công Đạt")
    royalties.save_item(content, tin, {"type_id": type_id(royalties, "Tin"), "authors": one("Kiều Thị Phượng")})
    royalties.save_item(content, anh, {"type_id": type_id(royalties, "Ảnh"), "authors": one("Nguyễn Công Đạt")})
    royalties.save_item(content, bai, {"type_id": type_id(royalties, "Bài (bình luận, phóng sự, phỏng vấn)"),
                                       "authors": one("Kiều Thị Phượng", "100")})
    royalties.save_item(content, custom, {"type_id": type_id(royalties, "Tin"), "coefficient": "7,5",
                                          "authors": one("Nguyễn Công Đạt")})
    report = royalties.period_report(content, date(2025, 3, 1), date(2025, 3, 31))
    amounts = {r["id"]: r["amount"] for r in report["rows"]}
    assert amounts == {tin: 2_340_000, anh: 2_340_000, bai: 7_020_000, custom: 1_755_000}
    by_author = {a["name"]: (a["count"], a["amount"], a["coefficient"]) for a in report["authors"]}
    assert by_author == {"Kiều Thị Phượng": (2, 9_360_000, Decimal(40)),
                         "Nguyễn Công Đạt": (2, 4_095_000, Decimal("17.5"))}
    assert report["total"] == 13_455_000 and report["total_text"] == "13.455.000 đ"
    assert report["total_words"] == "Mười ba triệu bốn trăm năm mươi lăm nghìn đồng"


def test_base_salary_change_mid_period(content, royalties):
    before = article(content, (2026, 6, 30), "Tin cuối tháng 6")
    after = article(content, (2026, 7, 1), "Tin đầu tháng 7")
    for aid in (before, after):
        royalties.save_item(content, aid, {"type_id": type_id(royalties, "Tin"), "authors": one("Kiều Thị Phượng")})
    report = royalties.period_report(content, date(2026, 6, 15), date(2026, 7, 15))
    rows = {r["id"]: r for r in report["rows"]}
    assert (rows[before]["base"], rows[before]["amount"]) == (2_340_000, 2_340_000)
    assert (rows[after]["base"], rows[after]["amount"]) == (2_530_000, 2_530_000)
    assert report["total"] == 4_870_000
    # Changing the unit (editable data) changes every amount.
    royalties.set_unit_percent("12")
    assert royalties.period_report(content, date(2026, 6, 15), date(2026, 7, 15))["total"] == 5_844_000


def test_two_co_authors_sixty_forty(content, royalties):
    aid = article(content, (2026, 7, 15), "Phỏng vấn Chủ tịch UBND xã", author="Kiều Thị Phượng, Kiều Xuân Thu")
    royalties.save_item(content, aid, {"type_id": type_id(royalties, "Bài (bình luận, phóng sự, phỏng vấn)"),
                                       "authors": [{"name": "Kiều Thị Phượng", "share": "60"},
                                                   {"name": "Kiều Xuân Thu", "share": "40"}]})
    report = royalties.period_report(content, date(2026, 7, 1), date(2026, 7, 31))
    assert report["rows"][0]["amount"] == 7_590_000  # 30 × 253.000 đ
    amounts = {a["name"]: a["amount"] for a in report["authors"]}
    assert amounts == {"Kiều Thị Phượng": 4_554_000, "Kiều Xuân Thu": 3_036_000}
    coefficients = {a["name"]: a["coefficient"] for a in report["authors"]}
    assert coefficients == {"Kiều Thị Phượng": Decimal(18), "Kiều Xuân Thu": Decimal(12)}
    assert report["total"] == 7_590_000


@pytest.mark.parametrize("authors, message", [
    ([{"name": "A", "share": "60"}, {"name": "B", "share": "30"}], "Tổng tỷ lệ của các tác giả phải bằng 100 %"),
    ([{"name": "A", "share": "abc"}], "tỷ lệ của A phải là số phần trăm"),
    ([{"name": "", "share": "50"}], "vui lòng nhập họ tên tác giả"),
    ([], "Vui lòng nhập ít nhất một tác giả."),
    ([{"name": "A", "share": "50"}, {"name": "a", "share": "50"}], "Mỗi tác giả chỉ ghi một dòng."),
])
def test_bad_shares_are_refused(content, royalties, app, authors, message):
    aid = article(content, (2026, 7, 15))
    with pytest.raises(ValidationError) as err:
        royalties.save_item(content, aid, {"type_id": type_id(royalties, "Tin"), "authors": authors})
    assert message in err.value.errors["authors"]
    assert fresh(rules.Royalties, app.config["DATA_DIR"]).item(aid) is None


def test_unassigned_and_unpriced_articles_are_listed_apart(content, royalties):
    early = article(content, (2019, 5, 2), "Tin trước khi có lương cơ sở")
    plain = article(content, (2019, 6, 2), "Tin chưa định mức")
    royalties.save_item(content, early, {"type_id": type_id(royalties, "Tin"), "authors": one("A")})
    report = royalties.period_report(content, date(2019, 1, 1), date(2019, 12, 31))
    assert [r["id"] for r in report["no_salary"]] == [early]
    assert [r["id"] for r in report["unassigned"]] == [plain]
    assert report["total"] == 0 and not report["authors"]


def test_assign_defaults_uses_the_byline(content, royalties):
    a = article(content, (2026, 8, 3), author="Kiều Thị Phượng; Kiều Xuân Thu")
    b = article(content, (2026, 8, 4), author="")
    assert royalties.assign_defaults(content, date(2026, 8, 1), date(2026, 8, 31), type_id(royalties, "Tin")) == 1
    item = royalties.item(a)
    assert [(x["name"], x["share"]) for x in item["authors"]] == [("Kiều Thị Phượng", 50), ("Kiều Xuân Thu", 50)]
    assert royalties.item(b) is None


# ---------------------------------------------------------------- paid mark
def test_a_paid_period_is_never_paid_twice(content, royalties, app):
    first = article(content, (2026, 8, 3), "Tin tháng 8")
    royalties.save_item(content, first, {"type_id": type_id(royalties, "Tin"), "authors": one("Kiều Thị Phượng")})
    payment = royalties.mark_paid(content, date(2026, 8, 1), date(2026, 8, 31), by="bientap", note="Phiếu chi 12")
    assert payment["article_ids"] == [first] and payment["total"] == 2_530_000
    # An overlapping period later: the paid article is flagged and left out; only the new one is payable.
    second = article(content, (2026, 9, 2), "Tin tháng 9")
    royalties.save_item(content, second, {"type_id": type_id(royalties, "Tin"), "authors": one("Kiều Thị Phượng")})
    report = fresh(rules.Royalties, app.config["DATA_DIR"]).period_report(content, date(2026, 8, 1), date(2026, 9, 30))
    assert [r["id"] for r in report["paid"]] == [first] and report["paid"][0]["payment"]["id"] == payment["id"]
    assert [r["id"] for r in report["payable"]] == [second] and report["total"] == 2_530_000
    again = royalties.mark_paid(content, date(2026, 8, 1), date(2026, 9, 30))
    assert again["article_ids"] == [second]
    with pytest.raises(ValidationError) as err:
        royalties.mark_paid(content, date(2026, 8, 1), date(2026, 9, 30))
    assert "Không có tin bài nào cần chi trả" in err.value.errors["period"]
    # A paid article's royalty cannot be changed until the mark is taken back.
    with pytest.raises(ValidationError):
        royalties.save_item(content, first, {"type_id": type_id(royalties, "Ảnh"), "authors": one("B")})
    royalties.cancel_payment(payment["id"], by="bientap")
    report = fresh(rules.Royalties, app.config["DATA_DIR"]).period_report(content, date(2026, 8, 1), date(2026, 9, 30))
    assert [r["id"] for r in report["payable"]] == [first]
    royalties.save_item(content, first, {"type_id": type_id(royalties, "Ảnh"), "authors": one("B")})
    cancelled = {p["id"]: bool(p["cancelled_at"]) for p in fresh(rules.Royalties, app.config["DATA_DIR"]).payments()}
    assert cancelled == {payment["id"]: True, again["id"]: False}


# ---------------------------------------------------------------- settings as data
def test_types_salaries_and_unit_are_editable(royalties):
    added = royalties.add_type("Tin dịch", "5")
    assert any(t["name"] == "Tin dịch" and t["coefficient"] == 5 for t in royalties.types())
    royalties.update_type(added["id"], "Tin dịch, tổng hợp", "6,5")
    assert royalties.type_by_id()[added["id"]]["coefficient"] == Decimal("6.5")
    royalties.remove_type(added["id"])
    assert added["id"] not in {t["id"] for t in royalties.types()}
    assert added["id"] in royalties.type_by_id()  # kept for the articles that use it
    with pytest.raises(ValidationError):
        royalties.add_type("Tin", "10")  # already there
    royalties.add_salary("2.700.000", "01/01/2027")
    assert royalties.base_salary_on(date(2027, 1, 1)) == 2_700_000
    with pytest.raises(ValidationError):
        royalties.add_salary("2.800.000", "01/01/2027")
    with pytest.raises(ValidationError):
        royalties.set_unit_percent("0")
    # The defaults were written out with the same ids on the first change.
    assert [t["id"] for t in royalties.types()][:2] == [1, 2]


# ---------------------------------------------------------------- the panel
@pytest.fixture
def editor(app, client):
    app.extensions["trangxa"].accounts.create_user("bientap", PASSWORD, "Biên Tập Viên", role="editor")
    assert AuthActions(app, client).login().status_code == 302
    return client


def test_article_form_stores_co_authors(app, client, editor, content, royalties):
    aid = article(content, (2026, 7, 15), "Phỏng vấn", author="Kiều Thị Phượng, Kiều Xuân Thu")
    url = f"/quan-tri/nhuan-but/tin-bai/{aid}"
    html = editor.get(url).get_data(as_text=True)
    # Prefilled from the byline, equal shares.
    assert 'value="Kiều Thị Phượng"' in html and 'value="Kiều Xuân Thu"' in html and 'value="50"' in html
    kind = type_id(fresh(rules.Royalties, app.config["DATA_DIR"]), "Bài (bình luận, phóng sự, phỏng vấn)")
    data = {"csrf_token": csrf_from(html), "type_id": str(kind), "coefficient": "",
            "authors-0-name": "Kiều Thị Phượng", "authors-0-share": "60",
            "authors-1-name": "Kiều Xuân Thu", "authors-1-share": "30",
            "authors-2-name": "", "authors-2-share": "", "authors-3-name": "", "authors-3-share": "", "note": ""}
    response = editor.post(url, data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Tổng tỷ lệ của các tác giả phải bằng 100 % (hiện là 90 %)." in field_error(page, "authors")
    assert 'value="30"' in page  # what was typed comes back
    assert fresh(rules.Royalties, app.config["DATA_DIR"]).item(aid) is None
    data["authors-1-share"] = "40"
    response = editor.post(url, data=data)
    assert response.status_code == 302
    item = fresh(rules.Royalties, app.config["DATA_DIR"]).item(aid)
    assert item["coefficient"] == 30 and [(a["name"], a["share"]) for a in item["authors"]] == [
        ("Kiều Thị Phượng", 60), ("Kiều Xuân Thu", 40)]
    page = editor.get("/quan-tri/nhuan-but?tu=01/07/2026&den=31/07/2026").get_data(as_text=True)
    assert 'data-tac-gia="Kiều Thị Phượng">4.554.000 đ<' in page
    assert 'data-tac-gia="Kiều Xuân Thu">3.036.000 đ<' in page
    assert 'data-so-lieu="tong-cong">7.590.000 đ<' in page
    assert "Bảy triệu năm trăm chín mươi nghìn đồng" in page
    assert "Nhuận bút" in re.search(r'<nav class="panel-nav".*?</nav>', page, re.S).group(0)


@needs_calc
def test_pay_from_the_panel_then_exports(app, editor, content, royalties, tmp_path):
    r = fresh(rules.Royalties, app.config["DATA_DIR"])
    for day, name in (((2026, 6, 30), "Kiều Thị Phượng"), ((2026, 7, 1), "Kiều Xuân Thu")):
        r.save_item(content, article(content, day, author=name), {"type_id": 1, "authors": one(name)})
    args = "tu=15/06/2026&den=15/07/2026"
    page = editor.get(f"/quan-tri/nhuan-but?{args}").get_data(as_text=True)
    assert 'data-so-lieu="tong-cong">4.870.000 đ<' in page

    xlsx = editor.get(f"/quan-tri/nhuan-but/tai-ve.xlsx?{args}")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["Content-Disposition"]
    wb = recalculated(xlsx.data, tmp_path)
    summary = wb["Tổng hợp"]
    names = ("Kiều Thị Phượng", "Kiều Xuân Thu", "Tổng cộng (số tin bài không trùng lặp)")
    rows = [r for r in summary.iter_rows(values_only=True) if r and r[1] in names]
    assert [r[4] for r in rows] == [2_340_000, 2_530_000, 4_870_000]
    detail = list(wb["Chi tiết"].iter_rows(values_only=True))
    assert any(r[6] == 2_340_000 and r[12] == 2_340_000 for r in detail if r and r[6])
    assert any(r[6] == 2_530_000 and r[12] == 2_530_000 for r in detail if r and r[6])

    word = editor.get(f"/quan-tri/nhuan-but/tai-ve.docx?{args}")
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "4.870.000 đ" in cells and "2.340.000 đ" in cells and "2.530.000 đ" in cells
    texts = [p.text for p in document.paragraphs]
    assert "BẢNG TỔNG HỢP NHUẬN BÚT TIN, BÀI TRANG THÔNG TIN ĐIỆN TỬ" in texts
    assert "Số tiền bằng chữ: Bốn triệu tám trăm bảy mươi nghìn đồng." in texts
    assert document.styles["Normal"].font.name == "Times New Roman"

    token = csrf_from(page)
    response = editor.post("/quan-tri/nhuan-but/da-chi", data={"csrf_token": token, "tu": "2026-06-15",
                                                               "den": "2026-07-15", "paid_on": "20/07/2026",
                                                               "note": "Phiếu chi số 7"})
    assert response.status_code == 302
    payments = fresh(rules.Royalties, app.config["DATA_DIR"]).payments()
    assert len(payments) == 1 and payments[0]["total"] == 4_870_000 and payments[0]["paid_on"] == "2026-07-20"
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã đánh dấu đã chi trả 2 tin bài, tổng 4.870.000 đ." in page
    assert "Không có nhuận bút cần chi trả trong kỳ này." in page and "Đã chi trả" in page
    # Clicking twice pays nothing more.
    response = editor.post("/quan-tri/nhuan-but/da-chi", data={"csrf_token": token, "tu": "2026-06-15",
                                                               "den": "2026-07-15"})
    assert "Không có tin bài nào cần chi trả trong kỳ này." in editor.get(response.headers["Location"]).get_data(
        as_text=True)
    assert len(fresh(rules.Royalties, app.config["DATA_DIR"]).payments()) == 1


RISKY = ['=HYPERLINK("http://evil","x")', "+1", "-1", "@SUM(A1)"]


def _texts_are_inert(wb, typed: list[str]) -> None:
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    # The workbook's own formulas only: sums and products of its cells, never anything typed.
    own = [c.value for c in cells if c.data_type == "f"]
    assert own and all(set(re.findall(r"[A-Z]+(?=\()", v)) <= {"SUM", "ROUND", "COUNT", "COUNTIF", "SUMIF"}
                       and '"' not in v and "@" not in v for v in own)
    found = {c.value: c for c in cells if c.value in typed}
    assert set(found) == set(typed)
    assert all(c.data_type == "s" and c.quotePrefix for c in found.values())


def test_titles_and_names_in_the_xlsx_are_text_never_formulas(app, editor, content, royalties):
    for n, text in enumerate(RISKY, 1):
        aid = article(content, (2026, 8, n), title=text, author=text)
        royalties.save_item(content, aid, {"type_id": type_id(royalties, "Tin"), "authors": one(text)})
    xlsx = editor.get("/quan-tri/nhuan-but/tai-ve.xlsx?tu=01/08/2026&den=31/08/2026")
    assert xlsx.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    _texts_are_inert(wb, RISKY)
    detail = [r for r in wb["Chi tiết"].iter_rows(values_only=True) if r and r[2] in RISKY]
    assert sorted((r[2], r[9]) for r in detail) == sorted((t, t) for t in RISKY)

    # A tab or a carriage return cannot reach a title through the forms (they are trimmed); the writer still
    # keeps them as typed, as text.
    report = royalties.period_report(content, date(2026, 8, 1), date(2026, 8, 31))
    report["payable"][0]["title"], report["payable"][0]["authors"][0]["name"] = "\tx", "\rx"
    wb = openpyxl.load_workbook(io.BytesIO(royalties_xlsx(report, {})))
    _texts_are_inert(wb, ["\tx", "\rx"])


def test_settings_forms(app, editor):
    notices = app.extensions["trangxa"].content.save_section({"name": "Thông báo", "kind": "articles"})["id"]
    page = editor.get("/quan-tri/nhuan-but/cau-hinh").get_data(as_text=True)
    assert "1.490.000 đ" in page and "Nghị định 24/2023/NĐ-CP" in page and "2.340.000 đ" in page
    assert "Khung 1–10" in page and "Thông báo" in page
    token = csrf_from(page)
    response = editor.post("/quan-tri/nhuan-but/cau-hinh/luong",
                           data={"csrf_token": token, "amount": "abc", "effective_from": "01/01/2027",
                                 "source": ""})
    assert "Vui lòng nhập văn bản quy định" in field_error(response.get_data(as_text=True), "source")
    response = editor.post("/quan-tri/nhuan-but/cau-hinh/luong",
                           data={"csrf_token": token, "amount": "abc", "effective_from": "01/01/2027",
                                 "source": "Nghị định giả định"})
    assert response.status_code == 200
    assert "Mức lương cơ sở phải là số tiền lớn hơn 0" in field_error(response.get_data(as_text=True), "amount")
    response = editor.post("/quan-tri/nhuan-but/cau-hinh/luong",
                           data={"csrf_token": token, "amount": "2.700.000", "effective_from": "01/01/2027",
                                 "source": "Nghị định giả định"})
    assert response.status_code == 302
    assert fresh(rules.Royalties, app.config["DATA_DIR"]).salaries()[-1]["source"] == "Nghị định giả định"
    assert fresh(rules.Royalties, app.config["DATA_DIR"]).base_salary_on(date(2027, 1, 2)) == 2_700_000
    response = editor.post("/quan-tri/nhuan-but/cau-hinh/don-vi", data={"csrf_token": token, "unit_percent": "12,5"})
    assert response.status_code == 302
    assert fresh(rules.Royalties, app.config["DATA_DIR"]).unit_percent() == Decimal("12.5")
    response = editor.post("/quan-tri/nhuan-but/cau-hinh/the-loai",
                           data={"csrf_token": token, "moi-name": "Tin dịch", "moi-coefficient": "5"})
    assert response.status_code == 302
    assert any(t["name"] == "Tin dịch" for t in fresh(rules.Royalties, app.config["DATA_DIR"]).types())
    response = editor.post("/quan-tri/nhuan-but/cau-hinh/the-loai/1",
                           data={"csrf_token": token, "t1-name": "Tin", "t1-coefficient": "nhiều"})
    assert response.status_code == 200
    assert "Hệ số phải là một số" in field_error(response.get_data(as_text=True), "t1-coefficient")
    assert fresh(rules.Royalties, app.config["DATA_DIR"]).section_rules(
        app.extensions["trangxa"].content)[notices] is False
    response = editor.post(f"/quan-tri/nhuan-but/cau-hinh/chuyen-muc/{notices}",
                           data={"csrf_token": token, "tinh": "1"})
    assert response.status_code == 302
    assert fresh(rules.Royalties, app.config["DATA_DIR"]).section_rules(
        app.extensions["trangxa"].content)[notices] is True
    assert editor.get("/quan-tri/nhuan-but/cau-hinh/luong").status_code == 405
    assert editor.get("/quan-tri/nhuan-but/tin-bai/9999").status_code == 404

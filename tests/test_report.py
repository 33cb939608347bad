"""The activity report: the seed's counts for its period, the drafts, the .docx and the print view."""
from __future__ import annotations

import html as htmllib
import io
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from docx.shared import Cm

from app import create_app
from conftest import PASSWORD, AuthActions, csrf_from, frozen_clock
from papers import keep_pages
from core import report_document, reports, report_figures, vnformat
from core import timeutil
from core.errors import ValidationError
from core.store import Store

START, END = date(2023, 6, 22), date(2023, 11, 10)
NEWS, LOCAL, REFORM, DIGITAL, NOTICES, TOURISM = (
    "Tin tức – Sự kiện", "Hoạt động của xã", "Cải cách hành chính", "Chuyển đổi số", "Thông báo của UBND xã",
    "Du lịch")
# The seed's table for 22/6–10/11/2023: (section, articles in the period).
SEED_COUNTS = {NEWS: 179, REFORM: 16, DIGITAL: 33, NOTICES: 20}
SEED_TOTAL = 248
PERIOD_ARGS = "tu=22/06/2023&den=10/11/2023"


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=timeutil.TZ)


def _iso_days(n: int) -> list[str]:
    """Return ``n`` publication times spread over the period, its first and last second included."""
    span = (END - START).days
    out = [timeutil.to_iso(_at(2023, 6, 22, 0, 0, 0)), timeutil.to_iso(_at(2023, 11, 10, 23, 59, 59))]
    for i in range(n - 2):
        day = START.toordinal() + (i * 7) % (span + 1)
        out.append(timeutil.to_iso(datetime.fromordinal(day).replace(hour=9, minute=i % 60, tzinfo=timeutil.TZ)))
    return out[:n]


def _build_site(data_dir: Path):
    """Return an app whose data hold the seed's articles (and others outside the period or unpublished),
    the Ban Biên tập, documents, answered questions and visits."""
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True, "COUNTER_MERGE_SECONDS": 0.0})
    s = app.extensions["trangxa"]
    content = s.content
    content.save_settings({"commune_name": "Dương Quang", "agency_name": "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG",
                           "site_title": "Trang thông tin điện tử xã Dương Quang", "site_start": "2023-06-22",
                           "superior": "thị xã Mỹ Hào", "responsible_person": "Vũ Quang Sáng"})
    ids = {}
    content.save_section({"name": "Giới thiệu", "kind": "pages"})
    ids[NEWS] = content.save_section({"name": NEWS})["id"]
    ids[LOCAL] = content.save_section({"name": LOCAL, "parent_id": ids[NEWS]})["id"]
    for name in (REFORM, DIGITAL, NOTICES, TOURISM):
        ids[name] = content.save_section({"name": name})["id"]
    content.save_page({"title": "Thông tin chung", "body": "<p>Giới thiệu.</p>"})

    def add(section: str, publish_at: str, n: int = 0, **extra):
        values = {"title": f"Tin {section} số {n}", "body": "<p>Nội dung.</p>", "section_id": ids[section],
                  "status": "published", "publish_at": publish_at, "author": extra.pop("author", "Kiều Thị Phượng")}
        values.update(extra)
        return content.save_article(values)

    # Tin tức – Sự kiện: 120 in the sub-section, 59 directly in the section.
    for n, when in enumerate(_iso_days(179)):
        add(LOCAL if n < 120 else NEWS, when, n, author="Kiều Xuân Thu" if n % 3 == 0 else "Kiều Thị Phượng")
    for name in (REFORM, DIGITAL, NOTICES):
        for n, when in enumerate(_iso_days(SEED_COUNTS[name])):
            add(name, when, n)
    # Outside the period, or not published: none of these count.
    add(NEWS, timeutil.to_iso(_at(2023, 6, 21, 23, 59, 59)), 900)
    add(LOCAL, timeutil.to_iso(_at(2023, 11, 11, 0, 0, 0)), 901)
    add(DIGITAL, "2023-11-10T20:00:00+00:00", 902)  # 03:00 on 11/11 in Việt Nam
    add(REFORM, timeutil.to_iso(_at(2024, 1, 5, 8, 0)), 903)
    add(NOTICES, timeutil.to_iso(_at(2023, 8, 1, 8, 0)), 904, status="draft")
    add(NOTICES, timeutil.to_iso(_at(2023, 8, 1, 8, 0)), 905, status="pending")
    trashed = add(NEWS, timeutil.to_iso(_at(2023, 8, 1, 8, 0)), 906)
    content.trash_article(trashed["id"])

    for order, (name, title, role) in enumerate((
            ("Vũ Quang Sáng", "Phó Chủ tịch UBND xã", "truong_ban"),
            ("Kiều Thị Phượng", "Công chức Văn hóa - Xã hội", "pho_truong_ban"),
            ("Kiều Xuân Thu", "Công chức Văn phòng - Thống kê", "thanh_vien")), 1):
        s.people.save({"name": name, "title": title, "organisation": "ubnd", "order": order, "board_role": role})

    with frozen_clock() as set_now:
        set_now(2023, 6, 23, 10, 0)
        type_id = next(t["id"] for t in s.documents.types() if t["name"] == "Quyết định")
        s.documents.save({"type_id": type_id, "number": "19/QĐ-UBND", "issued_on": "23/06/2023",
                          "issuer": "UBND xã Dương Quang",
                          "summary": "Về việc thành lập Ban Biên tập Trang thông tin điện tử xã Dương Quang"})
        s.documents.save({"type_id": type_id, "number": "20/QĐ-UBND", "issued_on": "23/06/2023",
                          "issuer": "UBND xã Dương Quang",
                          "summary": "Về việc ban hành Quy chế hoạt động của Ban Biên tập Trang thông tin điện tử"})
        set_now(2023, 12, 1, 10, 0)
        s.documents.save({"type_id": type_id, "number": "99/QĐ-UBND", "issued_on": "01/12/2023",
                          "issuer": "UBND xã Dương Quang", "summary": "Một văn bản sau kỳ báo cáo"})

        question = {"name": "Nguyễn Văn An", "topic": "Khác", "question": "Xin hỏi thủ tục cấp bản sao giấy tờ?"}
        # Asked Monday 03/07, due 24/07 (15 working days), answered 01/08: late.
        set_now(2023, 7, 3, 9, 0)
        late = s.questions.submit(question, "10.0.0.1")
        set_now(2023, 8, 1, 9, 0)
        s.questions.answer(late["id"], {"answer": "Trả lời.", "status": "answered"})
        # Asked 04/09, answered 06/09: on time.
        set_now(2023, 9, 4, 9, 0)
        on_time = s.questions.submit(question, "10.0.0.2")
        set_now(2023, 9, 6, 9, 0)
        s.questions.answer(on_time["id"], {"answer": "Trả lời.", "status": "answered"})

        # Visits: 40 on 25/06, 70 on 01/07, 50 on 10/11 and 999 the day after the period.
        for day, visitors in (((2023, 6, 25), 40), ((2023, 7, 1), 70), ((2023, 11, 10), 50), ((2023, 11, 11), 999)):
            set_now(*day, 10, 0)
            for v in range(visitors):
                s.counters.record_hit(f"10.1.{v // 250}.{v % 250}", "Mozilla/5.0 (Windows NT 10.0) Firefox/115.0")
            s.counters.merge()
    return app


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Return an app with the seed's site, built once for the module."""
    return _build_site(tmp_path_factory.mktemp("bao-cao") / "data")


@pytest.fixture
def editor(site):
    """Return a client logged in as an editor of ``site``."""
    client = site.test_client()
    actions = AuthActions(site, client)
    accounts = site.extensions["trangxa"].accounts
    if accounts.by_username("bientap") is None:
        accounts.create_user("bientap", PASSWORD, "Biên Tập Viên", role="editor")
    assert actions.login().status_code == 302
    return client


def services(app):
    return app.extensions["trangxa"]


def stats_for(app, start=START, end=END, **kw):
    s = services(app)
    return report_figures.compute_stats(s.content, s.counters, s.documents, s.questions, start, end, **kw)


def screen_values(html: str) -> dict[str, str]:
    """Return the "Đánh giá" column of the results table shown on a panel page, by section name."""
    table = re.search(r'<table class="table" id="bang-ket-qua">(.*?)</table>', html, re.S).group(1)
    return {htmllib.unescape(k): htmllib.unescape(re.sub(r"<[^>]+>", "", v)).strip()
            for k, v in re.findall(r'data-muc="([^"]+)">(.*?)</td>', table, re.S)}


def new_draft(client, tu="2023-06-22", den="2023-11-10") -> int:
    token = csrf_from(client.get("/quan-tri/bao-cao").get_data(as_text=True))
    response = client.post("/quan-tri/bao-cao/moi", data={"csrf_token": token, "tu": tu, "den": den})
    assert response.status_code == 302
    match = re.fullmatch(r".*/quan-tri/bao-cao/(\d+)", response.headers["Location"])
    assert match
    return int(match.group(1))


def edit_form_values(html: str) -> dict[str, str]:
    """Return the values of the draft form as the browser would send them back (checked boxes only)."""
    values = {}
    for tag in re.findall(r"<input [^>]*>", html):
        attrs = dict(re.findall(r'([a-z_-]+)="([^"]*)"', tag))
        if "name" not in attrs or (attrs.get("type") == "checkbox" and " checked" not in tag):
            continue
        values.setdefault(attrs["name"], htmllib.unescape(attrs.get("value", "")))
    for name, value in re.findall(r'<textarea[^>]*?name="([a-z_0-9]+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = htmllib.unescape(value).lstrip("\n")
    return values


def docx_of(client, report_id: int) -> docx.document.Document:
    response = client.get(f"/quan-tri/bao-cao/{report_id}/tai-ve.docx")
    assert response.status_code == 200
    assert response.mimetype == rules_docx_mimetype()
    assert "attachment" in response.headers["Content-Disposition"]
    return docx.Document(io.BytesIO(response.data)), response.data


def rules_docx_mimetype() -> str:
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


# ---------------------------------------------------------------- counting
def test_seed_counts_for_the_seed_period(site):
    stats = stats_for(site)
    values = {row["name"]: row["count"] for row in stats["rows"]}
    assert {k: values[k] for k in SEED_COUNTS} == SEED_COUNTS
    assert stats["total"] == SEED_TOTAL
    assert values[TOURISM] == 0
    news = next(r for r in stats["rows"] if r["name"] == NEWS)
    assert {c["name"]: c["count"] for c in news["children"]} == {f"Đăng trực tiếp trong mục {NEWS}": 59, LOCAL: 120}
    intro = stats["rows"][0]
    assert (intro["name"], intro["value"], intro["lines"]) == ("Giới thiệu", "Có", ["- Thông tin chung;"])
    assert [r["tt"] for r in stats["rows"]] == ["1", "2", "3", "4", "5", "6"]
    assert sum(m["count"] for m in stats["months"]) == SEED_TOTAL
    assert [m["label"] for m in stats["months"]][0] == "06/2023" and stats["months"][-1]["label"] == "11/2023"


def test_wider_period_counts_the_articles_around_it(site):
    stats = stats_for(site, date(2023, 6, 21), date(2023, 11, 11))
    values = {row["name"]: row["count"] for row in stats["rows"]}
    # 21/06 23:59:59 (news), 11/11 00:00 (local news) and 11/11 03:00 local time (digital) now count.
    assert values[NEWS] == 181 and values[DIGITAL] == 34 and stats["total"] == SEED_TOTAL + 3


def test_an_article_scheduled_later_in_the_day_does_not_count_yet(site):
    before = stats_for(site, now=_at(2023, 11, 10, 12, 0))
    # The one published at 23:59:59 on 10/11 is still scheduled at noon.
    assert before["total"] == SEED_TOTAL - 4


def test_visits_documents_questions_and_authors(site):
    stats = stats_for(site)
    v = stats["visits"]
    # The counter's first day is 25/06: 139 days up to 10/11; 160 visits in them.
    assert (v["total"], v["days"], v["average"], v["peak"], v["peak_day"]) == (160, 139, 1, 70, date(2023, 7, 1))
    assert [d["number"] for d in stats["documents"]] == ["19/QĐ-UBND", "20/QĐ-UBND"]
    q = stats["questions"]
    assert (q["received"], q["answered"], q["late"], q["on_time"]) == (2, 2, 1, 1)
    authors = {a["name"]: a["count"] for a in stats["authors"]}
    assert authors["Kiều Xuân Thu"] == 60 and sum(authors.values()) == SEED_TOTAL
    assert stats["figures"]["visits_average"] == "1" and stats["figures"]["total"] == "248"


def test_default_period_runs_from_the_site_start_to_today():
    assert report_figures.default_period({"site_start": "2023-06-22"}, date(2024, 1, 2)) == (START, date(2024, 1, 2))
    assert report_figures.default_period({}, date(2024, 5, 2)) == (date(2024, 1, 1), date(2024, 5, 2))


def test_place_date_line_and_numbers():
    assert vnformat.place_date_line("Dương Quang", date(2023, 11, 10)) == "Dương Quang, ngày 10 tháng 11 năm 2023"
    assert vnformat.place_date_line("Dương Quang", date(2024, 1, 5)) == "Dương Quang, ngày 05 tháng 01 năm 2024"
    assert vnformat.place_date_line("Dương Quang", date(2024, 3, 5)) == "Dương Quang, ngày 05 tháng 3 năm 2024"
    assert vnformat.fmt_int(1234567) == "1.234.567"
    assert report_document.recipient_lines("Như trên;\n- Chủ tịch UBND xã\n\nLưu: VT, VHXH.") == [
        "- Như trên;", "- Chủ tịch UBND xã;", "- Lưu: VT, VHXH."]


# ---------------------------------------------------------------- the panel
def test_report_page_shows_the_seed_table(site, editor):
    response = editor.get(f"/quan-tri/bao-cao?{PERIOD_ARGS}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    values = screen_values(html)
    assert values[NEWS] == "179 tin bài" and values[REFORM] == "16 tin bài"
    assert values[DIGITAL] == "33 tin bài" and values[NOTICES] == "20 tin bài"
    assert values["Tổng cộng"] == "248 tin bài"
    assert "Số liệu từ ngày 22/06/2023 đến ngày 10/11/2023" in html
    # The chart: inline SVG with a title, one bar per month, the same figures in a table; no script.
    svg = re.search(r'<svg [^>]*role="img"[^>]*>(.*?)</svg>', html, re.S).group(1)
    assert "<title" in svg and svg.count('fill="#1f3b5c"') == 6
    bars = re.findall(r"<title>(\d\d/\d{4}): (\d+) tin bài</title>", svg)
    assert sum(int(n) for _, n in bars) == SEED_TOTAL
    assert "<caption>Số tin bài theo tháng</caption>" in html
    assert "<script" not in html
    assert 'data-so-lieu="binh-quan">1<' in html and 'data-so-lieu="cao-nhat">70<' in html
    assert "Báo cáo" in re.search(r'<nav class="panel-nav".*?</nav>', html, re.S).group(0)


def test_report_page_default_period_and_bad_dates(site, editor):
    html = editor.get("/quan-tri/bao-cao").get_data(as_text=True)
    assert f"Số liệu từ ngày 22/06/2023 đến ngày {timeutil.now().strftime('%d/%m/%Y')}" in html
    html = editor.get("/quan-tri/bao-cao?tu=10/11/2023&den=22/06/2023").get_data(as_text=True)
    assert "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu." in html
    html = editor.get("/quan-tri/bao-cao?tu=31/02/2023").get_data(as_text=True)
    assert 'id="tu-loi"' in html


def test_report_requires_login_and_editor_role(site):
    client = site.test_client()
    response = client.get("/quan-tri/bao-cao")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
    accounts = site.extensions["trangxa"].accounts
    if accounts.by_username("congtacvien") is None:
        accounts.create_user("congtacvien", PASSWORD, "Cộng Tác Viên", role="contributor")
    assert AuthActions(site, client).login("congtacvien").status_code == 302
    assert client.get("/quan-tri/bao-cao").status_code == 403
    assert client.get("/quan-tri/nhuan-but").status_code == 403


def test_new_draft_is_prefilled_saved_and_reopened(site, editor):
    report_id = new_draft(editor)
    stored = reports.Reports(Store(site.config["DATA_DIR"])).get(report_id)
    assert (stored["period_start"], stored["period_end"]) == ("2023-06-22", "2023-11-10")
    assert stored["recipient"] == "Ủy ban nhân dân thị xã Mỹ Hào"
    assert "Quyết định số 19/QĐ-UBND ngày 23/06/2023" in stored["section_1"]
    assert "- Trưởng Ban: Vũ Quang Sáng - Phó Chủ tịch UBND xã." in stored["section_1"]
    assert "+ Kiều Xuân Thu - Công chức Văn phòng - Thống kê." in stored["section_1"]
    assert stored["signer_name"] == "Vũ Quang Sáng" and stored["symbol"] == "BC-UBND"

    url = f"/quan-tri/bao-cao/{report_id}"
    html = editor.get(url).get_data(as_text=True)
    values = edit_form_values(html)
    values.update(number="125", report_date="10/11/2023", recipient="Phòng Văn hóa - Thông tin thị xã Mỹ Hào",
                  section_4="1. UBND xã chưa có cơ chế chi trả nhuận bút cho các tác giả viết tin, bài.")
    response = editor.post(url, data=values)
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    stored = reports.Reports(Store(site.config["DATA_DIR"])).get(report_id)
    assert (stored["number"], stored["report_date"]) == ("125", "2023-11-10")
    assert stored["section_4"].startswith("1. UBND xã chưa có cơ chế chi trả nhuận bút")
    html = editor.get(url).get_data(as_text=True)
    assert 'value="125"' in html and "Đã lưu bản nháp báo cáo." in html
    assert screen_values(html)["Tổng cộng"] == "248 tin bài"
    listing = editor.get("/quan-tri/bao-cao").get_data(as_text=True)
    assert f'href="/quan-tri/bao-cao/{report_id}"' in listing


def test_bad_draft_keeps_what_was_typed(site, editor):
    report_id = new_draft(editor)
    url = f"/quan-tri/bao-cao/{report_id}"
    values = edit_form_values(editor.get(url).get_data(as_text=True))
    values.update(period_start="10/11/2023", period_end="22/06/2023", section_3="Nội dung mới chưa lưu", subject="")
    response = editor.post(url, data=values)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu." in html
    assert 'id="subject-loi"' in html and "Vui lòng nhập trích yếu" in html
    assert "Nội dung mới chưa lưu" in html
    stored = reports.Reports(Store(site.config["DATA_DIR"])).get(report_id)
    assert stored["section_3"] != "Nội dung mới chưa lưu"
    with pytest.raises(ValidationError) as err:
        reports.Reports(Store(site.config["DATA_DIR"])).save(
            dict(stored, period_start="2023-11-10", period_end="2023-06-22"), report_id)
    assert "period_end" in err.value.errors


def test_trash_and_restore_a_draft(site, editor):
    report_id = new_draft(editor)
    token = csrf_from(editor.get(f"/quan-tri/bao-cao/{report_id}").get_data(as_text=True))
    assert editor.post(f"/quan-tri/bao-cao/{report_id}/xoa", data={"csrf_token": token}).status_code == 302
    assert reports.Reports(Store(site.config["DATA_DIR"])).get(report_id)["trashed_at"]
    assert editor.post(f"/quan-tri/bao-cao/{report_id}/khoi-phuc", data={"csrf_token": token}).status_code == 302
    assert not reports.Reports(Store(site.config["DATA_DIR"])).get(report_id)["trashed_at"]
    assert editor.get(f"/quan-tri/bao-cao/{report_id}/xoa").status_code == 405
    assert editor.get("/quan-tri/bao-cao/99999").status_code == 404


# ---------------------------------------------------------------- the .docx
@pytest.fixture
def saved_report(site, editor) -> int:
    """Return a draft numbered 125, dated 10/11/2023, for the seed's period."""
    report_id = new_draft(editor)
    url = f"/quan-tri/bao-cao/{report_id}"
    values = edit_form_values(editor.get(url).get_data(as_text=True))
    values.update(number="125", report_date="10/11/2023", allow_blanks="y")
    assert editor.post(url, data=values).status_code == 302
    return report_id


def test_docx_has_the_administrative_header_and_title(editor, saved_report):
    document, _ = docx_of(editor, saved_report)
    header = document.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text]
    assert left == ["ỦY BAN NHÂN DÂN", "XÃ DƯƠNG QUANG"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.cell(1, 0).text.strip() == "Số: 125/BC-UBND"
    place = header.cell(1, 1).paragraphs[0]
    assert place.text == "Dương Quang, ngày 10 tháng 11 năm 2023"
    assert all(r.italic for r in place.runs)
    # The agency's second line and the national motto are bold; the header table has no borders.
    assert all(r.bold for r in header.cell(0, 0).paragraphs[1].runs)
    assert all(r.bold for p in header.cell(0, 1).paragraphs for r in p.runs)
    assert 'w:val="nil"' in header._tbl.tblPr.xml
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert all(r.bold for r in title.runs) and title.alignment == 1
    texts = [p.text for p in document.paragraphs]
    subject = texts[texts.index("BÁO CÁO") + 1]
    assert subject == "Kết quả hoạt động Trang Thông tin điện tử xã Dương Quang"
    assert "Kính gửi: Ủy ban nhân dân thị xã Mỹ Hào." in texts
    assert "I. CÔNG TÁC TỔ CHỨC VÀ QUẢN TRỊ TRANG THÔNG TIN ĐIỆN TỬ" in texts
    assert "VI. ĐỊNH HƯỚNG TRONG THỜI GIAN TỚI" in texts


def test_docx_table_numbers_equal_the_screen(editor, saved_report):
    document, _ = docx_of(editor, saved_report)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    in_file = {}
    for row in table.rows[1:]:
        name = row.cells[1].paragraphs[0].text.rstrip(":")
        in_file[name] = row.cells[2].text
    assert in_file[NEWS] == "179 tin bài" and in_file[REFORM] == "16 tin bài"
    assert in_file[DIGITAL] == "33 tin bài" and in_file[NOTICES] == "20 tin bài"
    assert in_file["Tổng cộng"] == "248 tin bài"
    screen = screen_values(editor.get(f"/quan-tri/bao-cao/{saved_report}").get_data(as_text=True))
    assert {k: v for k, v in in_file.items() if k in screen} == screen
    assert set(screen) <= set(in_file)
    # Placeholders became the period's figures, the same as on screen.
    text = all_text(document)
    assert "[" not in text.replace("[…", "")
    assert "Tổng 248 tin bài, trong đó:" in text
    assert "bình quân mỗi ngày có 1 lượt truy cập; ngày cao nhất có 70 lượt (01/07/2023)" in text
    assert "trả lời 2 câu hỏi, trong đó 1 câu trả lời quá hạn" in text


def test_docx_page_fonts_and_paragraphs(editor, saved_report):
    document, _ = docx_of(editor, saved_report)
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs and all(r.font.name in (None, "Times New Roman") for r in runs)
    body = [p for p in document.paragraphs if p.text.startswith("Nhằm triển khai")]
    assert body and body[0].alignment == 3  # justified
    assert abs(body[0].paragraph_format.first_line_indent - Cm(1.27)) < Cm(0.05)
    assert all(13 <= r.font.size.pt <= 14 for r in body[0].runs)
    # Page numbers: a PAGE field centred at the top, and an empty header on page 1.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header.paragraphs[0]._p.xml and section.header.paragraphs[0].alignment == 1
    assert "PAGE" not in section.first_page_header._element.xml
    # "Nơi nhận:" bold italic 12, entries 11; the signature block.
    sign = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    to_title = sign.cell(0, 0).paragraphs[0]
    assert to_title.text == "Nơi nhận:" and to_title.runs[0].bold and to_title.runs[0].italic
    assert to_title.runs[0].font.size.pt == 12
    entries = [p for p in sign.cell(0, 0).paragraphs[1:] if p.text]
    assert [p.text for p in entries][0] == "- Như trên;" and entries[-1].text.startswith("- Lưu: VT")
    assert all(r.font.size.pt == 11 for p in entries for r in p.runs)
    signer = [p.text for p in sign.cell(0, 1).paragraphs if p.text]
    assert signer == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Vũ Quang Sáng"]


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_docx(editor, saved_report, tmp_path):
    _, payload = docx_of(editor, saved_report)
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(payload)
    result = subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                             str(source)], capture_output=True, timeout=180)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_print_view_uses_its_stylesheet_and_the_same_numbers(editor, saved_report):
    response = editor.get(f"/quan-tri/bao-cao/{saved_report}/ban-in")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'<link rel="stylesheet" href="/static/css/report-print\.css(\?v=\w+)?">', html)
    assert "<style" not in html and "<script" not in html and " style=" not in html
    for text in ("ỦY BAN NHÂN DÂN", "XÃ DƯƠNG QUANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số: 125/BC-UBND", "Dương Quang, ngày 10 tháng 11 năm 2023",
                 "Nơi nhận:", "- Như trên;", "TM. ỦY BAN NHÂN DÂN", "Vũ Quang Sáng"):
        assert text in htmllib.unescape(html), text
    cells = [htmllib.unescape(c) for c in re.findall(r'<td class="c(?: b)?">([^<]*)</td>', html)]
    assert "179 tin bài" in cells and "16 tin bài" in cells and "33 tin bài" in cells
    assert "20 tin bài" in cells and "248 tin bài" in cells
    css = (Path(__file__).resolve().parent.parent / "static/css/report-print.css").read_text(encoding="utf-8")
    assert "size: A4" in css and "Times New Roman" in css and "1.27cm" in css


def test_appendix_can_be_left_out(site, editor, saved_report):
    document, _ = docx_of(editor, saved_report)
    assert any(p.text == "PHỤ LỤC" for p in document.paragraphs)
    url = f"/quan-tri/bao-cao/{saved_report}"
    values = edit_form_values(editor.get(url).get_data(as_text=True))
    values.pop("include_appendix", None)
    assert editor.post(url, data=values).status_code == 302
    document, _ = docx_of(editor, saved_report)
    assert not any(p.text == "PHỤ LỤC" for p in document.paragraphs)


def test_docx_rule_under_the_subject_and_the_appendix_line(editor, saved_report):
    document, _ = docx_of(editor, saved_report)
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    at = texts.index("BÁO CÁO") + 2
    rule = paragraphs[at]
    assert rule.text == "" and "w:pBdr" in rule._p.xml and 'w:bottom w:val="single"' in rule._p.xml
    width = 210 - 30 - 15
    drawn = width - rule.paragraph_format.left_indent.mm - rule.paragraph_format.right_indent.mm
    assert width / 3 - 1 <= drawn <= width / 2 + 1
    assert abs(rule.paragraph_format.left_indent.mm - rule.paragraph_format.right_indent.mm) < 0.1
    note = texts[texts.index("PHỤ LỤC") + 2]
    assert note == "(Kèm theo Báo cáo số 125/BC-UBND ngày 10/11/2023 của UBND xã Dương Quang)"
    assert all(r.italic for r in paragraphs[texts.index(note)].runs)


def test_docx_keeps_headings_with_the_next_paragraph_and_rows_whole(editor, saved_report):
    document, _ = docx_of(editor, saved_report)
    for p in document.paragraphs:
        if re.match(r"^(I|II|III|IV|V|VI)\. ", p.text) or p.text in ("PHỤ LỤC", "BÁO CÁO"):
            assert p.paragraph_format.keep_with_next, p.text
        if re.match(r"^\d\. ", p.text) and p.runs and p.runs[0].bold:  # appendix captions
            assert p.paragraph_format.keep_with_next, p.text
    intro = next(p for p in document.paragraphs if p.text.startswith("* Kết quả cung cấp thông tin"))
    assert intro.paragraph_format.keep_with_next
    for table in document.tables:
        if table.rows[0].cells[0].text not in ("TT", "Chỉ tiêu", "Tháng", "Tác giả", "Tin bài", "Số ký hiệu"):
            continue
        assert all(row._tr.trPr is not None and "w:cantSplit" in row._tr.trPr.xml for row in table.rows)
        assert "w:tblHeader" in table.rows[0]._tr.trPr.xml
        assert all(p.paragraph_format.keep_with_next for c in table.rows[0].cells for p in c.paragraphs)


def test_docx_file_properties_name_the_agency_in_vietnamese(editor, saved_report):
    before = datetime.now(tz=None).astimezone().replace(microsecond=0)
    document, payload = docx_of(editor, saved_report)
    props = document.core_properties
    assert props.author == "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG"
    assert "python-docx" not in (props.comments or "") and "python-docx" not in (props.author or "")
    assert props.language == "vi-VN"
    assert abs((props.created - before).total_seconds()) < 24 * 3600
    import zipfile
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        app_xml = z.read("docProps/app.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "<Company>ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG</Company>" in app_xml
    assert "python-docx" not in core
    assert 'w:lang w:val="vi-VN"' in styles


def test_documents_count_by_their_issue_date_not_their_upload(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "SEED_DEMO": False, "TESTING": True})
    s = services(app)
    type_id = next(t["id"] for t in s.documents.types() if t["name"] == "Quyết định")
    with frozen_clock() as set_now:
        set_now(2023, 7, 1, 9, 0)  # uploaded in the period, issued before it
        s.documents.save({"type_id": type_id, "number": "5/QĐ-UBND", "issued_on": "15/06/2023",
                          "issuer": "UBND xã Dương Quang", "summary": "Ban hành trước kỳ"})
        set_now(2023, 11, 20, 9, 0)  # issued in the period, uploaded after it
        s.documents.save({"type_id": type_id, "number": "19/QĐ-UBND", "issued_on": "23/06/2023",
                          "issuer": "UBND xã Dương Quang", "summary": "Thành lập Ban Biên tập"})
        s.documents.save({"type_id": type_id, "number": "40/QĐ-UBND", "issued_on": "10/11/2023",
                          "issuer": "UBND xã Dương Quang", "summary": "Ngày cuối kỳ"})
        set_now(2023, 12, 1, 9, 0)
    stats = stats_for(app)
    assert [d["number"] for d in stats["documents"]] == ["19/QĐ-UBND", "40/QĐ-UBND"]
    assert stats["figures"]["documents"] == "2"


def test_co_authors_count_as_in_the_royalties(app, content, set_now):
    from core import royalties as royalty_rules

    set_now(2026, 11, 20, 9, 0)
    section = next(s["id"] for s in content.sections(include_hidden=True) if not s.get("parent_id")
                   and s.get("kind") != "pages")
    for n, byline in enumerate(("Kiều Thị Phượng; Kiều Xuân Thu", "Kiều Thị Phượng, Nguyễn Công Đạt",
                                "Kiều Xuân Thu")):
        content.save_article({"title": f"Tin {n}", "body": "<p>Nội dung.</p>", "section_id": section,
                              "status": "published", "author": byline,
                              "publish_at": timeutil.to_iso(datetime(2026, 8, 3 + n, 9, 0, tzinfo=timeutil.TZ))})
    s = services(app)
    start, end = date(2026, 8, 1), date(2026, 8, 31)
    stats = report_figures.compute_stats(s.content, s.counters, s.documents, s.questions, start, end)
    in_report = {a["name"]: a["count"] for a in stats["authors"]}
    assert in_report == {"Kiều Thị Phượng": 2, "Kiều Xuân Thu": 2, "Nguyễn Công Đạt": 1}
    royalties = royalty_rules.Royalties(s.store)
    tin = next(t["id"] for t in royalties.types() if t["name"] == "Tin")
    assert royalties.assign_defaults(content, start, end, tin) == 3
    paid = royalties.period_report(content, start, end)
    assert {a["name"]: a["count"] for a in paid["authors"]} == in_report


def test_intro_row_lists_the_people_pages_and_hidden_empty_sections_are_left_out(app, content, set_now):
    set_now(2026, 11, 20, 9, 0)
    s = services(app)
    content.save_page({"title": "Thông tin chung", "body": "<p>Giới thiệu.</p>"})
    content.save_page({"title": "Lịch sử", "body": "<p>Lịch sử.</p>"})
    s.people.save({"name": "Vũ Quang Sáng", "title": "Phó Chủ tịch UBND xã", "organisation": "ubnd", "order": 1,
                   "board_role": "truong_ban", "spokesperson": True})
    hidden_empty = content.save_section({"name": "Mục cũ"})
    hidden_used = content.save_section({"name": "Mục tạm ẩn"})
    content.set_section_hidden(hidden_empty["id"], True)
    content.save_article({"title": "Tin", "body": "<p>Nội dung.</p>", "section_id": hidden_used["id"],
                          "status": "published", "author": "Kiều Xuân Thu",
                          "publish_at": timeutil.to_iso(datetime(2026, 8, 3, 9, 0, tzinfo=timeutil.TZ))})
    content.set_section_hidden(hidden_used["id"], True)
    stats = report_figures.compute_stats(s.content, s.counters, s.documents, s.questions, date(2026, 8, 1),
                                         date(2026, 8, 31), people=s.people)
    rows = {r["name"]: r for r in stats["rows"]}
    assert rows["Giới thiệu"]["lines"] == ["- Thông tin chung;", "- Lịch sử;", "- Cơ cấu tổ chức;",
                                           "- Người phát ngôn;", "- Ban Biên tập;"]
    assert "Mục cũ" not in rows and rows["Mục tạm ẩn"]["value"] == "1 tin bài"
    # The panel passes the people register: the screen shows the same row.
    client = app.test_client()
    actions = AuthActions(app, client)
    actions.create()
    assert actions.login().status_code == 302
    page = client.get("/quan-tri/bao-cao?tu=01/08/2026&den=31/08/2026").get_data(as_text=True)
    assert "Người phát ngôn" in page and "Mục cũ" not in page
    # The clerk may ask for the hidden empty section too: ticked on the draft, it is a row of "0 tin bài".
    shown = report_figures.compute_stats(s.content, s.counters, s.documents, s.questions, date(2026, 8, 1),
                                         date(2026, 8, 31), people=s.people, show_hidden=True)
    assert {r["name"]: r["value"] for r in shown["rows"]}["Mục cũ"] == "0 tin bài"
    report_id = new_draft(client, "2026-08-01", "2026-08-31")
    url = f"/quan-tri/bao-cao/{report_id}"
    values = edit_form_values(client.get(url).get_data(as_text=True))
    assert "show_hidden_sections" not in values  # not ticked by default
    assert client.post(url, data=dict(values, show_hidden_sections="y")).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "checked" in re.search(r"<input[^>]*show_hidden_sections[^>]*>", page).group(0)
    assert "Mục cũ" in page


def test_docx_is_offered_only_when_every_blank_is_filled_or_left_on_purpose(site, editor):
    report_id = new_draft(editor)
    url = f"/quan-tri/bao-cao/{report_id}"
    response = editor.get(f"{url}/tai-ve.docx")
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    page = editor.get(url).get_data(as_text=True)
    assert "Còn chỗ trống “…” ở: Số báo cáo, Căn cứ, I." in htmllib.unescape(page)
    values = edit_form_values(page)
    assert values["report_date"] in ("10/11/2023", "2023-11-10")  # the period's last day, not today
    assert values["recipient"] == "Ủy ban nhân dân thị xã Mỹ Hào"  # from the settings' superior unit
    values.update(number="125",
                  basis=values["basis"].replace("Công văn số …/… ngày … của UBND thị xã Mỹ Hào",
                                                "Công văn số 12/UBND-VHTT ngày 01/11/2023 của UBND thị xã Mỹ Hào"),
                  section_1=values["section_1"].replace("nhuận bút tin, bài: …",
                                                        "nhuận bút tin, bài: chưa được bố trí."))
    assert "…" not in values["basis"] + values["section_1"]
    assert editor.post(url, data=values).status_code == 302
    document, _ = docx_of(editor, report_id)
    assert "…" not in all_text(document)


# ---------------------------------------------------------------- the PDF, laid out by LibreOffice
def _pdf_pages(payload: bytes) -> tuple[list, list[str]]:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(payload))
    return reader.pages, [" ".join(page.extract_text().split()) for page in reader.pages]


def check_layout(payload: bytes, model: dict) -> None:
    """Assert A4 pages, table header rows on top of every page holding table rows, no heading at a page's foot."""
    pages, texts = _pdf_pages(payload)
    assert len(pages) >= 2
    for page in pages:
        assert abs(float(page.mediabox.width) - 595.3) < 1.5 and abs(float(page.mediabox.height) - 841.9) < 1.5
    # The table's text in reading order: after the paragraph before it, up to the paragraph after it.
    blocks = model["blocks"]
    at = next(n for n, b in enumerate(blocks) if b["kind"] == "table")
    before, after = " ".join(blocks[at - 1]["text"].split()), " ".join(blocks[at + 1]["text"].split())
    spans, offset = [], 0
    for text in texts:
        spans.append((offset, offset + len(text)))
        offset += len(text) + 1
    whole = " ".join(texts)
    lo = whole.index(before) + len(before)
    hi = whole.index(after[:30], lo)
    head = "TT Mục thông tin Đánh giá"
    for n, (a, b) in enumerate(spans):
        part = whole[max(a, lo):min(b, hi)].strip()
        if a >= lo:
            part = re.sub(rf"^{n + 1}\b", "", part).strip()  # the page number at the top
        if not part:
            continue
        assert part.startswith(head), f"page {n + 1} holds rows of the table without its header row on top"
        assert len(part) > len(head), f"the header row is alone at the foot of page {n + 1}"
    headings = [b["text"] for b in model["blocks"] if b["kind"] == "heading"]
    headings += ["PHỤ LỤC", "SỐ LIỆU CHI TIẾT TỪ TRANG THÔNG TIN ĐIỆN TỬ", model["appendix_note"]]
    headings += [t["caption"] for t in model["appendix"]]
    for n, text in enumerate(texts[:-1]):
        for heading in headings:
            assert not text.endswith(" ".join(heading.split())), f"“{heading}” ends page {n + 1} alone"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_download_is_the_same_report_laid_out_on_a4(site, editor, saved_report):
    page = editor.get(f"/quan-tri/bao-cao/{saved_report}").get_data(as_text=True)
    assert f"/quan-tri/bao-cao/{saved_report}/tai-ve.pdf" in page
    response = editor.get(f"/quan-tri/bao-cao/{saved_report}/tai-ve.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and "attachment" in response.headers["Content-Disposition"]
    with site.test_request_context():
        s = services(site)
        draft = reports.Reports(s.store).get(saved_report)
        stats = stats_for(site)
    model = report_document.build_document(draft, stats)
    _, texts = _pdf_pages(response.data)
    assert "Số: 125/BC-UBND" in texts[0] and "248 tin bài" in " ".join(texts)
    check_layout(response.data, model)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_demo_report_pdf_keeps_headings_and_table_headers_with_their_text(demo_app, tmp_path):
    from core import pdf_render, report_export

    s = services(demo_app)
    settings = s.content.settings()
    start, end = report_figures.default_period(settings)
    draft = reports.draft_defaults(settings, s.people, s.documents, s.content.links(), start, end)
    draft.update(number="125")
    stats = report_figures.compute_stats(s.content, s.counters, s.documents, s.questions, start, end,
                                         people=s.people)
    model = report_document.build_document(draft, stats)
    payload = pdf_render.docx_to_pdf(report_export.report_docx(model), "bao-cao")
    (tmp_path / "bao-cao.pdf").write_bytes(payload)
    check_layout(payload, model)
    pages = keep_pages(payload, "bao-cao-dinh-ky")  # for a person to look at (CI keeps them)
    assert len(pages) == len(pytest.importorskip("pypdf").PdfReader(io.BytesIO(payload)).pages) >= 2


def test_the_budget_line_comes_from_the_settings_and_is_a_blank_until_set(app, content):
    s = services(app)
    start, end = date(2026, 8, 1), date(2026, 8, 31)
    stats = stats_for(app, start, end)
    unset = reports.draft_defaults(content.settings(), s.people, s.documents, [], start, end)
    assert "nhuận bút tin, bài: …" in unset["section_1"]
    content.save_settings(dict(content.settings(), board_budget="Chưa bố trí kinh phí riêng"))
    draft = reports.draft_defaults(content.settings(), s.people, s.documents, [], start, end)
    assert "Kinh phí hoạt động hằng năm của Ban Biên tập và nhuận bút tin, bài: Chưa bố trí kinh phí riêng." \
        in draft["section_1"]
    draft.update(number="7", signer_name="Vũ Quang Sáng",
                 basis="Thực hiện Công văn số 12/UBND-VHXH ngày 01/09/2026 của UBND tỉnh Hưng Yên.",
                 section_1=draft["section_1"].replace("…/QĐ-UBND ngày …", "19/QĐ-UBND ngày 23/06/2023"))
    draft["section_1"] = "\n".join(line for line in draft["section_1"].split("\n") if "…" not in line)
    assert "I." not in report_document.blanks(draft, stats)

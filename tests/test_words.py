"""One vocabulary: the audit log told in Vietnamese, no forbidden words on any page, one date-time form."""
from __future__ import annotations

import html as htmllib
import re
from urllib.parse import urlsplit

from conftest import PASSWORD, AuthActions, csrf_from, fill_rule
from core import timeutil
from core.audit import Audit
from core.store import Store

ADMIN = "quantri"


def _admin(app):
    accounts = app.extensions["trangxa"].accounts
    accounts.create_user(ADMIN, PASSWORD, "Quản Trị Viên", role="admin")
    client = app.test_client()
    assert AuthActions(app, client).login(ADMIN).status_code == 302
    return client


def _post(client, url: str, data: dict, page: str | None = None):
    token = csrf_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_audit_log_reads_as_vietnamese_sentences_with_titles_and_links(app, content, data_dir):
    sid = next(s["id"] for s in content.sections() if s["name"] == "Chuyển đổi số")
    client = _admin(app)
    fields = {"title": "Hội nghị chuyển đổi số", "section_id": str(sid), "status": "draft", "body": "<p>x</p>",
              "summary": "", "cover_alt": "", "publish_at": "", "author": "", "pin_until": "", "base_version": ""}
    r = _post(client, "/quan-tri/tin-bai/moi", fields)
    assert r.status_code == 302
    aid = int(urlsplit(r.headers["Location"]).path.rsplit("/", 1)[1])
    version = content.article(aid).get("version", "")
    r = _post(client, f"/quan-tri/tin-bai/{aid}", {**fields, "title": "Hội nghị chuyển đổi số năm 2026",
                                                     "base_version": str(version)})
    assert r.status_code == 302
    audit = Audit(Store(data_dir))
    # A royalty change and an edit of an article since deleted, stored as the panel's hook stores them.
    audit.record("post", user=ADMIN, endpoint="editor.royalties_article", item=f"article_id={aid}")
    audit.record("post", user=ADMIN, endpoint="editor.article_edit", item="article_id=148")
    audit.record("denied", user="ctv", endpoint="editor.settings", ok=False)

    page = client.get("/quan-tri/nhat-ky")
    html = page.get_data(as_text=True)
    table = html.split("<table", 1)[1]
    words = _visible(page)
    assert "Đăng nhập" in words
    link = f'<a href="/quan-tri/tin-bai/{aid}">«Hội nghị chuyển đổi số năm 2026»</a>'
    assert f"Sửa tin bài {link}" in table
    assert f"Tạo tin bài {link}" in table
    assert f"Sửa nhuận bút của tin bài {link}" in table
    assert "Sửa tin bài số 148 (đã xóa)" in words
    assert "Bị từ chối (không đủ quyền): Sửa cài đặt của trang" in words
    assert "Quản Trị Viên" in words
    # No endpoint name, no URL argument pair, anywhere in what the admin reads.
    assert not re.search(r"\b(?:editor|auth)\.\w+", words)
    assert not re.search(r"\w+_id\s*=\s*\d+", words)


BAD_WORDS = re.compile(r"\b(?:[Bb]ạn|Banner|HTML|EXIF|WebP|SVG|[Bb]ài viết)\b")
# A time with a date is written "07:10, 01/12/2026"; "07:10 01/12/2026" or "01/12/2026 07:10" is the old form.
BAD_DATETIME = re.compile(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}|\d{2}/\d{2}/\d{4},? \d{2}:\d{2}")


def _visible(response) -> str:
    """Return what a reader sees: the page's text without scripts, styles and tags' attributes."""
    html = response.get_data(as_text=True)
    html = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))


def test_no_forbidden_word_or_old_datetime_on_any_public_or_panel_page(demo_app, data_dir):
    client = _admin(demo_app)
    seen, scanned = [], []
    for rule in demo_app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout") or "thiet-lap" in rule.rule:
            continue
        if rule.rule.endswith((".docx", ".xlsx", ".zip", ".xml", ".json", ".ics", ".csv", ".txt", ".js")):
            continue
        url = fill_rule(rule.rule)
        r = client.get(url)
        if r.status_code != 200 or r.mimetype != "text/html":
            continue
        # WordPress's own menu (Công cụ → Xuất → Bài viết) is named as the editor will find it there.
        words = _visible(r).replace("Xuất → Bài viết", "")
        scanned.append(url)
        bad = BAD_WORDS.findall(words) + BAD_DATETIME.findall(words)
        if bad:
            seen.append((url, sorted(set(bad))))
    assert not seen, seen
    assert len(scanned) > 60 and "/quan-tri/tin-bai/1" in scanned and "/" in scanned


def test_datetime_is_time_comma_date():
    assert timeutil.fmt_datetime("2026-12-01T07:10:00+07:00") == "07:10, 01/12/2026"


def test_section_names_take_an_en_dash(content):
    section = content.save_section({"name": "Văn hóa - Xã hội"})
    assert section["name"] == "Văn hóa – Xã hội"


def test_the_demo_has_one_schedule_and_no_duplicate_section(demo_app):
    names = [s["name"] for s in demo_app.extensions["trangxa"].content.sections(include_hidden=True)]
    flat = names + [c["name"] for s in demo_app.extensions["trangxa"].content.sections(include_hidden=True)
                    for c in s.get("children", [])]
    assert not any("Lịch làm việc" in n for n in flat)
    assert all(" - " not in n for n in flat)
    page = demo_app.test_client().get("/").get_data(as_text=True)
    assert "Lịch làm việc của lãnh đạo" not in page and "Lịch công tác" in page


def test_statistics_show_the_last_30_calendar_days_with_the_year(app, set_now):
    set_now(2026, 12, 1, 7, 10)
    client = _admin(app)
    client.get("/")  # one visit today; every other day of the 30 is shown as zero
    html = client.get("/quan-tri/thong-ke").get_data(as_text=True)
    assert "Lượt truy cập 30 ngày gần nhất, từ 02/11/2026 đến 01/12/2026" in html
    assert "Hôm nay, 01/12/2026" in html and "Tháng 12/2026" in html and "Tháng này" not in html
    table = html.split('id="theo-ngay"', 1)[1].split("</table>", 1)[0]
    days = re.findall(r'<th scope="row">(\d{2}/\d{2}/\d{4})</th>', table)
    assert len(days) == 30 and days[0] == "01/12/2026" and days[-1] == "02/11/2026"


def test_readme_has_the_glossary():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    glossary = readme.split("## Words the site uses (glossary)", 1)[1].split("\n## ", 1)[0]
    for word in ("tin bài", "Pa-nô tuyên truyền", "Lịch công tác", "ông/bà", "–", "07:10, 01/12/2026"):
        assert word in glossary


def _docx_words(payload: bytes) -> str:
    import io

    import docx
    document = docx.Document(io.BytesIO(payload))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join(parts)


def _xlsx_words(payload: bytes) -> str:
    import io

    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(payload))
    return " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row
                    if isinstance(c.value, str) and not c.value.startswith("="))


def test_the_papers_use_the_same_words_as_the_pages(demo_app):
    """The report and the royalty papers of the demo: no forbidden word, no old date-time form."""
    from core import report_document, report_export, report_figures, reports, royalties, royalties_export
    site = demo_app.extensions["trangxa"]
    settings = site.content.settings()
    start, end = report_figures.default_period(settings)
    stats = report_figures.compute_stats(site.content, site.counters, site.documents, site.questions, start, end,
                                         people=site.people)
    draft = dict(reports.draft_defaults(settings, site.people, site.documents, site.content.links(), start, end),
                 include_appendix=True)
    texts = {"báo cáo": _docx_words(report_export.report_docx(report_document.build_document(draft, stats)))}
    paid = royalties.Royalties(site.store).period_report(site.content, start, end)
    texts["nhuận bút .docx"] = _docx_words(royalties_export.royalties_docx(paid, settings))
    texts["nhuận bút .xlsx"] = _xlsx_words(royalties_export.royalties_xlsx(paid, settings))
    for name, words in texts.items():
        assert len(words) > 500, name
        bad = BAD_WORDS.findall(words) + BAD_DATETIME.findall(words)
        assert not bad, (name, sorted(set(bad)))
    assert "tin bài" in texts["báo cáo"] and "tin bài" in texts["nhuận bút .xlsx"]

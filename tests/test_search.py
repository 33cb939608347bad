"""/tim-kiem: one search over articles, intro pages, documents and published Q&A."""
from __future__ import annotations

import html as htmllib
import re
from datetime import timedelta

import pytest

from app import create_app
from core import timeutil
from conftest import section_id

NEWS = "Tin tức – Sự kiện"
LOCAL = "Hoạt động của xã"
DIGITAL = "Chuyển đổi số"


def publish(content, title, section=DIGITAL, days_ago=1.0, **extra):
    when = (timeutil.now() - timedelta(days=days_ago)).replace(second=0, microsecond=0)
    values = {"title": title, "section_id": section_id(content, section), "status": "published",
              "body": f"<p>Nội dung của bài {title}.</p>", "publish_at": when, "author": "Ban Biên tập",
              "summary": "Tin ngắn."}
    values.update(extra)
    return content.save_article(values)


def add_document(svc, number, summary, issued_on="15/03/2025", **extra):
    type_id = svc.documents.types()[0]["id"]
    values = {"type_id": type_id, "number": number, "issued_on": issued_on, "issuer": "UBND xã Dương Quang",
              "summary": summary, "signer": "Nguyễn Văn An"}
    values.update(extra)
    return svc.documents.save(values)


def add_answered_question(svc, question, answer, published=True, address="10.9.9.9"):
    q = svc.questions.submit({"name": "Trần Thị Bình", "phone": "", "email": "", "topic": "Đất đai – xây dựng",
                              "question": question}, address)
    svc.questions.answer(q["id"], {"answer": answer, "status": "answered"})
    if published:
        svc.questions.set_published(q["id"], True)
    return q


def results(client, **params):
    r = client.get("/tim-kiem", query_string=params)
    html = r.get_data(as_text=True)
    rows = re.findall(r'<li class="search-result search-result--([a-z-]+)">.*?'
                      r'<h2 class="search-result__title"><a href="([^"]*)">(.*?)</a>', html, re.S)
    return r.status_code, [(kind, href, htmllib.unescape(re.sub(r"</?mark>", "", t))) for kind, href, t in rows], html


@pytest.fixture
def svc(app):
    return app.extensions["trangxa"]


def test_every_kind_is_found_with_or_without_diacritics(client, svc):
    art = publish(svc.content, "Mô hình khuyến nông trồng nấm", LOCAL)
    page = svc.content.save_page({"title": "Lịch sử xã", "body": "<p>Nghề khuyến nông truyền thống của xã.</p>"})
    doc = add_document(svc, "19/QĐ-UBND", "Quyết định hỗ trợ khuyến nông năm 2025")
    q = add_answered_question(svc, "Xin hỏi thủ tục đăng ký lớp khuyến nông ở đâu?",
                              "Ông bà đăng ký tại bộ phận Một cửa của UBND xã.")
    for query in ("khuyen nong", "Khuyến nông", "KHUYEN NONG"):
        status, rows, _ = results(client, q=query)
        assert status == 200
        by_kind = {kind: href for kind, href, _ in rows}
        assert set(by_kind) == {"bai-viet", "trang", "van-ban", "hoi-dap"}, query
        assert by_kind["bai-viet"].endswith("/" + art["slug"])
        assert by_kind["trang"] == f"/gioi-thieu/{page['slug']}"
        assert by_kind["van-ban"].startswith(f"/van-ban/{doc['id']}-")
        assert by_kind["hoi-dap"] == f"/hoi-dap/{q['id']}"
    # Every result link answers.
    for _, href, _ in results(client, q="khuyen nong")[1]:
        assert client.get(href).status_code == 200, href


def test_ranking_title_above_summary_above_body_and_newer_first_on_ties(client, svc):
    content = svc.content
    publish(content, "Tin về chăn nuôi", days_ago=1, body="<p>Tiêm phòng dịch tả lợn châu Phi cho đàn lợn.</p>")
    publish(content, "Thông tin mùa vụ", days_ago=2, summary="Cảnh báo dịch tả lợn châu Phi.")
    publish(content, "Phòng chống dịch tả lợn châu Phi", days_ago=30)  # oldest, words in its title
    add_document(svc, "5/TB-UBND", "Thông báo phòng chống dịch tả lợn châu Phi", issued_on="01/01/2024")
    publish(content, "Dịch tả lợn: tin mới", days_ago=3,
            summary="Tin ngắn.", body="<p>Không có cụm từ đầy đủ ở đây.</p>")
    _, rows, _ = results(client, q="dich ta lon chau phi")
    titles = [t for _, _, t in rows]
    # The title match first; then the two summary matches (the newer article, then the 2024 document,
    # whose type is the first of the register: Quyết định);
    # then the body match.
    assert titles == ["Phòng chống dịch tả lợn châu Phi", "Thông tin mùa vụ", "Quyết định số 5/TB-UBND",
                      "Tin về chăn nuôi"]
    assert "Dịch tả lợn: tin mới" not in titles  # "châu Phi" is not in it: every word must be there
    # A tie (same fields matched) goes to the newer item.
    publish(content, "Hội thi cắm hoa lần một", days_ago=10)
    publish(content, "Hội thi cắm hoa lần hai", days_ago=5)
    _, rows, _ = results(client, q="cam hoa")
    assert [t for _, _, t in rows] == ["Hội thi cắm hoa lần hai", "Hội thi cắm hoa lần một"]


def test_words_typed_together_rank_above_scattered_words(client, svc):
    publish(svc.content, "Tuyên truyền về vệ sinh môi trường", days_ago=1)  # "tuyên" + "sinh", apart
    publish(svc.content, "Thông báo tuyển sinh lớp 1", days_ago=20)
    _, rows, _ = results(client, q="tuyen sinh")
    assert [t for _, _, t in rows] == ["Thông báo tuyển sinh lớp 1", "Tuyên truyền về vệ sinh môi trường"]


def test_matched_words_are_highlighted_in_title_and_snippet(client, svc):
    filler = " ".join(["Cán bộ xã làm việc với các thôn."] * 30)
    publish(svc.content, "Báo cáo quý", body=f"<p>{filler} Kết quả giải ngân vốn đầu tư công đạt 80%.</p>")
    _, rows, html = results(client, q="giai ngan")
    assert [t for _, _, t in rows] == ["Báo cáo quý"]
    snippet = re.search(r'<p class="search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>giải</mark> <mark>ngân</mark>" in snippet
    assert snippet.startswith("… ")  # cut around the match, not the start of a long body
    assert len(re.sub(r"<[^>]+>", "", snippet)) < 300
    publish(svc.content, "Giải ngân vốn đầu tư công", body="<p>Chi tiết.</p>")
    _, _, html = results(client, q="giai ngan")
    assert ('<a href="/chuyen-doi-so/giai-ngan-von-dau-tu-cong"><mark>Giải</mark> <mark>ngân</mark> vốn đầu tư công</a>'
            in html)


def test_highlighting_escapes_what_was_typed_and_what_was_stored(client, svc):
    publish(svc.content, "So sánh a < b trong bảng tính", summary="Dùng dấu <b> và & đúng cách.")
    _, rows, html = results(client, q="<b>so sanh</b>")
    assert [t for _, _, t in rows] == ["So sánh a < b trong bảng tính"]
    assert "<b>" not in html.split('<main', 1)[1].replace("&lt;b&gt;", "")
    assert "<mark>sánh</mark> a &lt; <mark>b</mark> trong" in html


def test_filters_by_kind_section_and_year(client, svc):
    content = svc.content
    publish(content, "Hỗ trợ nông dân năm nay", NEWS, days_ago=2)
    publish(content, "Hỗ trợ nông dân ở thôn", LOCAL, days_ago=3)  # sub-section of NEWS
    publish(content, "Hỗ trợ nông dân số hóa", DIGITAL, days_ago=4)
    add_document(svc, "7/KH-UBND", "Kế hoạch hỗ trợ nông dân", issued_on="10/02/2020")

    _, rows, html = results(client, q="ho tro nong dan")
    assert len(rows) == 4
    assert "Tin bài (3)" in html and "Văn bản (1)" in html

    _, rows, html = results(client, q="ho tro nong dan", loai="van-ban")
    assert [k for k, _, _ in rows] == ["van-ban"]
    assert 'aria-current="page">Văn bản (1)' in html

    news_slug = content.section(section_id(content, NEWS))["slug"]
    _, rows, _ = results(client, q="ho tro nong dan", chuyen_muc=news_slug)
    assert sorted(t for _, _, t in rows) == ["Hỗ trợ nông dân năm nay", "Hỗ trợ nông dân ở thôn"]

    _, rows, html = results(client, q="ho tro nong dan", nam="2020")
    assert [k for k, _, _ in rows] == ["van-ban"] and rows[0][2].endswith("số 7/KH-UBND")
    assert '<option value="2020" selected>2020</option>' in html

    # Unknown filter values are ignored, never an error.
    for params in ({"loai": "xyz"}, {"chuyen_muc": "khong-co"}, {"nam": "1066"}, {"nam": "abc"},
                   {"loai": "\x00"}, {"chuyen_muc": "../../etc"}):
        status, rows, _ = results(client, q="ho tro nong dan", **params)
        assert status == 200 and len(rows) == 4, params


def test_pagination_keeps_the_filters(client, svc):
    for n in range(12):
        publish(svc.content, f"Tiêm chủng đợt {n:02d}", DIGITAL, days_ago=20 - n)
    status, rows, html = results(client, q="tiem chung", loai="bai-viet")
    assert status == 200 and len(rows) == 10
    link = re.search(r'<a href="([^"]*)" rel="next">', html).group(1)
    assert "loai=bai-viet" in link and "trang=2" in link
    status, rows, _ = results(client, q="tiem chung", loai="bai-viet", trang="2")
    assert status == 200 and len(rows) == 2
    assert results(client, q="tiem chung", loai="bai-viet", trang="3")[0] == 404


def test_what_citizens_may_not_see_is_never_found(client, svc):
    content = svc.content
    publish(content, "Khảo sát đã đăng")
    publish(content, "Khảo sát nháp", status="draft")
    hidden_page = content.save_page({"title": "Khảo sát trang ẩn", "body": "<p>x</p>", "hidden": True})
    doc = add_document(svc, "9/BC-UBND", "Báo cáo khảo sát đã xóa")
    svc.documents.trash(doc["id"])
    add_answered_question(svc, "Câu hỏi khảo sát chưa đăng công khai?", "Đã trả lời riêng.", published=False)
    svc.questions.submit({"name": "Lê Văn C", "phone": "", "email": "", "topic": "Đất đai – xây dựng",
                          "question": "Câu hỏi khảo sát chưa trả lời?"}, "10.8.8.8")
    _, rows, _ = results(client, q="khao sat")
    assert [t for _, _, t in rows] == ["Khảo sát đã đăng"]
    assert content.page(hidden_page["id"]).get("hidden")


def test_index_is_built_once_per_data_change_and_sees_other_workers(app, client, svc, data_dir):
    add_document(svc, "1/TB-UBND", "Thông báo lịch tiếp dân")
    assert len(results(client, q="tiep dan")[1]) == 1
    entries = svc.search._others
    for _ in range(3):
        results(client, q="tiep dan")
        results(client, q="lich")
    assert svc.search._others is entries  # no rebuild without a change
    # An article save leaves the other kinds' texts alone; the year list follows it.
    publish(svc.content, "Tiếp dân năm 2019", days_ago=(timeutil.now() - timeutil.now().replace(year=2019)).days)
    assert len(results(client, q="tiep dan")[1]) == 2
    assert svc.search._others is entries and "2019" in svc.search.years()
    # Another worker process on the same data folder adds a document: seen on the next request.
    other = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True})
    add_document(other.extensions["trangxa"], "2/TB-UBND", "Thông báo đổi lịch tiếp dân")
    assert len(results(client, q="tiep dan")[1]) == 3
    assert svc.search._others is not entries


def test_qa_item_page_shows_only_published_answers(client, svc):
    q = add_answered_question(svc, "Xin hỏi giờ làm việc của bộ phận Một cửa?", "Từ 7 giờ 30 đến 17 giờ.")
    r = client.get(f"/hoi-dap/{q['id']}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Từ 7 giờ 30 đến 17 giờ." in html and html.count("<h1") == 1
    assert "Trần Thị Bình" not in html  # only the short name is shown
    assert f"/hoi-dap/{q['id']}</loc>" in client.get("/sitemap.xml").get_data(as_text=True)
    svc.questions.set_published(q["id"], False)
    assert client.get(f"/hoi-dap/{q['id']}").status_code == 404
    assert client.get("/hoi-dap/99999").status_code == 404
    listing = client.get("/hoi-dap").get_data(as_text=True)
    assert f"/hoi-dap/{q['id']}" not in listing
    assert f"/hoi-dap/{q['id']}</loc>" not in client.get("/sitemap.xml").get_data(as_text=True)


def test_demo_site_search_returns_every_kind(demo_app):
    client = demo_app.test_client()
    status, rows, html = results(client, q="xa")
    assert status == 200 and len(rows) == 10
    for label in ("Tin bài (", "Trang giới thiệu (", "Văn bản (", "Hỏi đáp ("):
        assert label in html, label


def test_decomposed_unicode_is_found_and_highlighted_whole(client, svc):
    import unicodedata

    publish(svc.content, unicodedata.normalize("NFD", "Lễ hội làng Dương Quang"),
            summary=unicodedata.normalize("NFD", "Lễ hội truyền thống đầu xuân."))
    _, rows, html = results(client, q="le hoi")
    assert len(rows) == 1
    assert "<mark>Lễ</mark> <mark>hội</mark> làng" in html  # composed, the accents inside the marks
    assert "<mark>Lễ</mark> <mark>hội</mark> truyền thống" in html


def test_year_filter_lists_only_years_with_something_public(client, svc):
    publish(svc.content, "Tin đã đăng", days_ago=2)
    publish(svc.content, "Tin hẹn giờ", publish_at=timeutil.now().replace(year=timeutil.now().year + 5))
    publish(svc.content, "Tin nháp cũ", days_ago=3 * 365, status="draft")
    years = svc.search.years()
    assert str(timeutil.now().year) in years
    assert str(timeutil.now().year + 5) not in years  # scheduled: not public yet
    assert str(timeutil.now().year - 3) not in years  # a draft is not public


def test_the_word_so_does_not_match_every_document(client, svc):
    add_document(svc, "3/QĐ-UBND", "Quyết định về vệ sinh môi trường")
    add_document(svc, "4/QĐ-UBND", "Quyết định thành lập tổ công nghệ số cộng đồng")
    _, rows, _ = results(client, q="so")
    assert [k for k, _, _ in rows] == ["van-ban"] and rows[0][1].startswith("/van-ban/2-")
    _, rows, _ = results(client, q="4/QĐ-UBND")
    assert [k for k, _, _ in rows] == ["van-ban"]  # the number still finds its document


def test_a_long_question_does_not_outrank_an_article_title(client, svc):
    add_answered_question(svc, "Xin hỏi thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ gồm những gì?",
                          "Hồ sơ gồm đơn đề nghị và bản vẽ thiết kế.")
    publish(svc.content, "Hướng dẫn cấp giấy phép xây dựng", days_ago=30)
    _, rows, _ = results(client, q="giay phep xay dung")
    assert [k for k, _, _ in rows] == ["bai-viet", "hoi-dap"]

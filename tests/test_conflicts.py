"""A save refused because someone saved first: both versions as readable text, whole words marked, three choices,
nothing lost in any of them."""
from __future__ import annotations

import html as htmllib
import re

from conftest import csrf_from, section_id
from core.content import Content
from core.revisions import Revisions
from core.store import Store
from core.textdiff import compare_versions, side_by_side


def _form_values(page: str) -> dict:
    """Return the main form's values (the article or page form, not the small 'use the saved one' form)."""
    form = re.search(r'<form method="post"[^>]*id="(?:article|page)-form".*?</form>', page, re.S).group(0)
    values = {}
    for tag in re.findall(r"<input [^>]*>", form):
        attrs = dict(re.findall(r'([a-z_-]+)="([^"]*)"', tag))
        if "name" in attrs and (attrs.get("type") != "checkbox" or " checked" in tag):
            values.setdefault(attrs["name"], htmllib.unescape(attrs.get("value", "")))
    for name, value in re.findall(r'<textarea[^>]*?name="([a-z_]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[name] = htmllib.unescape(value).lstrip("\n")
    for name, body in re.findall(r'<select[^>]*?name="([a-z_]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option value="([^"]*)"[^>]*selected', body)
        first = re.search(r'<option[^>]*value="([^"]*)"', body)
        values[name] = (chosen.group(1) or chosen.group(2)) if chosen else (first.group(1) if first else "")
    return values


def _visible(page: str) -> str:
    page = re.sub(r"(?s)<(script|style|head|template|textarea)\b.*?</\1>", " ", page)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", page)))


def _conflict(client, content, by_other: str = "quantri"):
    sid = section_id(content, "Chuyển đổi số")
    art = content.save_article({"title": "Hội nghị chuyển đổi số", "section_id": sid, "status": "draft",
                                "body": "<p>Sáng nay, UBND xã tổ chức hội nghị.</p><p>Đoạn hai giữ nguyên.</p>"})
    url = f"/quan-tri/tin-bai/{art['id']}"
    mine = _form_values(client.get(url).get_data(as_text=True))
    content.save_article({"title": "Hội nghị chuyển đổi số năm 2026", "section_id": sid, "status": "draft",
                          "body": "<p>Sáng 1/12, UBND xã đã tổ chức hội nghị &amp; tập huấn.</p>"
                                  "<p>Đoạn hai giữ nguyên.</p>"}, art["id"], by=by_other)
    typed = dict(mine, title="Hội nghị chuyển đổi số cấp xã",
                 body="<p>Sáng nay, UBND xã tổ chức hội nghị trực tuyến.</p><p>Đoạn hai giữ nguyên.</p>")
    return art, url, typed, client.post(url, data=typed)


def test_the_two_versions_are_rendered_text_labelled_with_whole_words_marked(client, auth, content):
    art, url, typed, r = _conflict(client, content)
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "Tin bài đã được sửa ở nơi khác" in page
    words = _visible(page)
    assert "Bản bạn đang sửa" in words and re.search(r"Bản đã lưu lúc \d\d:\d\d, \d\d/\d\d/\d{4} bởi quantri", words)
    conflict = page.split('class="alert alert--error conflict"', 1)[1].split("</section>", 1)[0]
    # Text, not markup: no tag shown as letters, the body in paragraphs.
    assert "<p>" not in _visible(conflict) and "<textarea" not in conflict
    assert '<mark class="diff-mine">trực tuyến</mark>' in conflict
    assert '<mark class="diff-saved">1/12</mark>' in conflict and '<mark class="diff-saved">đã</mark>' in conflict
    assert '<mark class="diff-saved">&amp; tập huấn</mark>' in conflict
    # Every mark holds whole words: the text around each starts and ends at a word boundary.
    for before, inside, after in re.findall(r"(\w?)<mark[^>]*>([^<]*)</mark>(\w?)", conflict):
        assert not before and not after, inside
    assert "Đoạn hai giữ nguyên." in conflict
    # The three choices.
    assert 'form="article-form"' in conflict and 'id="article-form"' in page
    assert f'action="/quan-tri/tin-bai/{art["id"]}/dung-ban-da-luu"' in conflict
    assert 'class="conflict__copy" data-field="title"' in conflict  # the copy button's source (JavaScript)


def test_keeping_mine_saves_it_and_the_newer_version_stays_in_the_history(client, auth, content, data_dir):
    art, url, typed, r = _conflict(client, content)
    again = _form_values(r.get_data(as_text=True))
    assert again["title"] == typed["title"]  # what was typed is still in the form
    assert client.post(url, data=again).status_code == 302
    assert Content(Store(data_dir)).article(art["id"])["title"] == "Hội nghị chuyển đổi số cấp xã"
    kept = [rev["data"]["title"] for rev in Revisions(Store(data_dir)).list("article", art["id"])]
    assert kept[0] == "Hội nghị chuyển đổi số năm 2026"


def test_using_the_saved_version_keeps_what_was_typed_in_the_history(client, auth, content, data_dir):
    art, url, typed, r = _conflict(client, content)
    page = r.get_data(as_text=True)
    keep = page.split(f'action="/quan-tri/tin-bai/{art["id"]}/dung-ban-da-luu"', 1)[1].split("</form>", 1)[0]
    posted = {name: htmllib.unescape(value) for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', keep)}
    assert posted["title"] == typed["title"] and "trực tuyến" in posted["body"]
    done = client.post(f"/quan-tri/tin-bai/{art['id']}/dung-ban-da-luu", data=posted)
    assert done.status_code == 302 and done.headers["Location"].endswith(url)
    assert "Nội dung vừa gõ không mất" in _visible(client.get(url).get_data(as_text=True))
    stored = Content(Store(data_dir)).article(art["id"])
    assert stored["title"] == "Hội nghị chuyển đổi số năm 2026"  # the saved version is the one kept
    typed_rev = Revisions(Store(data_dir)).list("article", art["id"])[0]
    assert typed_rev["data"]["title"] == typed["title"] and "trực tuyến" in typed_rev["data"]["body"]
    assert typed_rev["by"] == "bientap"
    # Without the form's token nothing is written.
    assert client.post(f"/quan-tri/tin-bai/{art['id']}/dung-ban-da-luu", data={"title": "x"}).status_code == 400


def test_an_intro_page_conflict_reads_the_same(client, auth, content, data_dir):
    page = content.save_page({"title": "Lịch sử", "body": "<p>Xã được thành lập năm 1945.</p>"})
    url = f"/quan-tri/trang-gioi-thieu/{page['id']}"
    mine = _form_values(client.get(url).get_data(as_text=True))
    content.save_page({"title": "Lịch sử", "body": "<p>Xã được thành lập năm 1946.</p>"}, page["id"], by="quantri")
    r = client.post(url, data=dict(mine, body="<p>Xã được thành lập từ năm 1945.</p>"))
    html = r.get_data(as_text=True)
    assert "Trang đã được sửa ở nơi khác" in html
    assert '<mark class="diff-saved">1946</mark>' in html and '<mark class="diff-mine">từ</mark>' in html
    posted = {"csrf_token": csrf_from(html), "title": "Lịch sử", "body": "<p>Xã được thành lập từ năm 1945.</p>"}
    assert client.post(f"{url}/dung-ban-da-luu", data=posted).status_code == 302
    assert Revisions(Store(data_dir)).list("page", page["id"])[0]["data"]["body"] == posted["body"]


def test_a_long_text_is_compared_whole():
    words = [f"từ{i}" for i in range(3000)]
    mine = " ".join(words)
    saved = " ".join(words[:1500] + ["chèn"] + words[1500:])
    left, right, differ = side_by_side(mine, saved)
    assert differ and left.count("từ") == 3000 and right.count("từ") == 3000
    assert '<mark class="diff-saved">chèn</mark>' in right
    same = compare_versions({"title": "Giống"}, {"title": "Giống"}, {"title": "Tiêu đề"})[0]
    assert not same["differ"] and "<mark" not in same["mine"]
    # Markup typed in a title is shown as text, never run.
    shown = compare_versions({"title": "<script>x</script>"}, {"title": "a"}, {"title": "Tiêu đề"})[0]["mine"]
    assert "<script>" not in shown and "&lt;script&gt;" in shown

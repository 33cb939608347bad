"""Revisions (last 20 per item, restore exactly) and refusal of stale saves."""
from __future__ import annotations

import html as html_lib
import re

import pytest

from conftest import csrf_from, fresh, section_id
from core.content import Content
from core.errors import Conflict
from core.revisions import KEEP, Revisions, compare
from core.store import Store


def test_every_save_keeps_the_previous_version_and_only_the_last_20(content, data_dir):
    sid = section_id(content, "Chuyển đổi số")
    art = content.save_article({"title": "Phiên bản 0", "section_id": sid, "body": "<p>Nội dung 0</p>"}, by="an")
    for i in range(1, KEEP + 6):
        content.save_article({"title": f"Phiên bản {i}", "section_id": sid, "body": f"<p>Nội dung {i}</p>"},
                             art["id"], by="an")
    revs = Revisions(Store(data_dir)).list("article", art["id"])
    assert len(revs) == KEEP
    assert revs[0]["data"]["title"] == f"Phiên bản {KEEP + 4}"  # the version before the current one
    assert revs[-1]["data"]["title"] == "Phiên bản 5"
    assert Content(Store(data_dir)).article(art["id"])["title"] == f"Phiên bản {KEEP + 5}"


def test_restore_brings_back_exactly_the_old_fields(content, data_dir):
    sid = section_id(content, "Chuyển đổi số")
    other = section_id(content, "Hoạt động của xã")
    first = content.save_article({"title": "Hội nghị chuyển đổi số", "section_id": sid, "summary": "Tóm tắt đầu",
                                  "body": "<p>Đoạn <strong>một</strong>.</p>", "author": "Kiều Thị Phượng",
                                  "status": "published", "publish_at": "2026-01-05T08:00:00+07:00"})
    content.save_article({"title": "Tiêu đề khác", "section_id": other, "summary": "Khác", "body": "<p>Khác</p>",
                          "author": "Người khác", "status": "draft"}, first["id"])
    rev = Revisions(Store(data_dir)).list("article", first["id"])[0]
    content.restore_revision("article", first["id"], rev["id"], by="an")
    now = Content(Store(data_dir)).article(first["id"])
    for field in ("title", "summary", "body", "section_id", "author", "status", "publish_at"):
        assert now[field] == first[field], field
    # The version that was replaced by the restore is itself kept.
    assert Revisions(Store(data_dir)).list("article", first["id"])[0]["data"]["title"] == "Tiêu đề khác"


def test_stale_save_is_refused_and_nothing_is_overwritten(content, data_dir):
    sid = section_id(content, "Chuyển đổi số")
    art = content.save_article({"title": "Bản gốc", "section_id": sid})
    opened = art["version"]  # two tabs open the same version
    content.save_article({"title": "Tab một", "section_id": sid}, art["id"], expected_version=opened)
    with pytest.raises(Conflict) as exc:
        content.save_article({"title": "Tab hai", "section_id": sid}, art["id"], expected_version=opened)
    assert exc.value.current["title"] == "Tab một"
    assert Content(Store(data_dir)).article(art["id"])["title"] == "Tab một"


def test_pages_keep_revisions_and_refuse_stale_saves(content, data_dir):
    page = content.save_page({"title": "Thông tin chung", "body": "<p>Một</p>"})
    content.save_page({"title": "Thông tin chung", "body": "<p>Hai</p>"}, page["id"], expected_version=1)
    with pytest.raises(Conflict):
        content.save_page({"title": "Thông tin chung", "body": "<p>Ba</p>"}, page["id"], expected_version=1)
    revs = Revisions(Store(data_dir)).list("page", page["id"])
    assert [r["data"]["body"] for r in revs] == ["<p>Một</p>"]


def test_compare_shows_changed_fields_escaped():
    old = {"title": "A", "summary": "S", "body": "<p>Một</p><p>Hai &lt;script&gt;</p>"}
    new = {"title": "A", "summary": "S", "body": "<p>Một</p><p>Ba</p>"}
    diffs = compare(old, new)
    assert [d["field"] for d in diffs] == ["body"]
    table = diffs[0]["table"]
    assert "&lt;script&gt;" in table and "<script" not in table
    assert "Ba" in table


def _form_values(html: str) -> dict:
    """Return the article form's values as a browser would submit them."""
    import html as h
    import re

    values = {m.group(1): h.unescape(m.group(2)) for m in
              re.finditer(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', html)}
    values.update({m.group(1): h.unescape(m.group(2)) for m in
                   re.finditer(r'<textarea[^>]*name="([a-z_]+)"[^>]*>(.*?)</textarea>', html, re.S)})
    section = re.search(r'<select[^>]*name="section_id".*?<option selected value="(\d+)"', html, re.S) or \
        re.search(r'<select[^>]*name="section_id".*?<option value="(\d+)" selected', html, re.S)
    values["section_id"] = section.group(1)
    values["status"] = "published"
    values.pop("pinned", None)
    values.pop("remove_cover", None)
    return values


def test_two_tabs_later_save_is_refused_and_both_texts_are_shown(client, auth, content, data_dir):
    sid = section_id(content, "Chuyển đổi số")
    art = content.save_article({"title": "Bản gốc", "section_id": sid, "body": "<p>Gốc</p>", "status": "published"})
    url = f"/quan-tri/tin-bai/{art['id']}"
    tab1 = _form_values(client.get(url).get_data(as_text=True))
    tab2 = _form_values(client.get(url).get_data(as_text=True))
    assert tab1["base_version"] == tab2["base_version"] == "1"
    r = client.post(url, data=dict(tab1, title="Sửa ở thẻ một", body="<p>Thẻ một</p>"))
    assert r.status_code == 302
    r = client.post(url, data=dict(tab2, title="Sửa ở thẻ hai", body="<p>Thẻ hai viết rất nhiều</p>"))
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "Tin bài đã được sửa ở nơi khác" in html
    assert 'value="Sửa ở thẻ hai"' in html and "Thẻ hai viết rất nhiều" in html  # what tab two typed
    assert "Sửa ở thẻ một" in html and "&lt;p&gt;Thẻ một&lt;/p&gt;" in html  # the stored version
    assert Content(Store(data_dir)).article(art["id"])["title"] == "Sửa ở thẻ một"
    # Saving again, knowingly, replaces the newer version (which stays in the history).
    again = _form_values(html)
    again["title"], again["body"] = "Sửa ở thẻ hai", "<p>Thẻ hai viết rất nhiều</p>"
    assert client.post(url, data=again).status_code == 302
    assert Content(Store(data_dir)).article(art["id"])["title"] == "Sửa ở thẻ hai"
    titles = [r["data"]["title"] for r in Revisions(Store(data_dir)).list("article", art["id"])]
    assert titles == ["Sửa ở thẻ một", "Bản gốc"]


def test_history_page_compares_and_restores(client, auth, content, data_dir):
    sid = section_id(content, "Chuyển đổi số")
    art = content.save_article({"title": "Phiên bản đầu", "section_id": sid, "body": "<p>Đoạn cũ</p>"})
    content.save_article({"title": "Phiên bản sau", "section_id": sid, "body": "<p>Đoạn mới</p>"}, art["id"],
                         by="bientap")
    html = client.get(f"/quan-tri/tin-bai/{art['id']}/phien-ban").get_data(as_text=True)
    assert "Phiên bản đầu" in html
    rev_id = Revisions(Store(data_dir)).list("article", art["id"])[0]["id"]
    diff = client.get(f"/quan-tri/tin-bai/{art['id']}/phien-ban/{rev_id}").get_data(as_text=True)
    assert "cũ</span>" in diff and "mới</span>" in diff  # the changed words, marked
    token = csrf_from(diff)
    r = client.post(f"/quan-tri/tin-bai/{art['id']}/phien-ban/{rev_id}/khoi-phuc", data={"csrf_token": token})
    assert r.status_code == 302
    assert Content(Store(data_dir)).article(art["id"])["body"] == "<p>Đoạn cũ</p>"
    assert client.get(f"/quan-tri/tin-bai/{art['id']}/phien-ban/999").status_code == 404
    assert client.get("/quan-tri/tin-bai/99999/phien-ban").status_code == 404


# ------------------------------------------------------------------ records (documents, schedule, people …)
def _record_services(site) -> dict[str, object]:
    import dataclasses

    from core.records import Records
    return {f.name: getattr(site, f.name) for f in dataclasses.fields(site)
            if isinstance(getattr(site, f.name), Records) and getattr(site, f.name).KIND}


def test_every_record_type_of_the_panel_keeps_its_versions_like_articles(demo_app):
    site = demo_app.extensions["trangxa"]
    services = _record_services(site)
    # Every type the panel edits through the shared record views keeps versions.
    crud = {rule.endpoint[len("editor."):-len("_revisions")] for rule in demo_app.url_map.iter_rules()
            if rule.endpoint.startswith("editor.") and rule.endpoint.endswith("_revisions")}
    assert {"documents", "schedule", "people", "banners", "consultation"} <= crud
    assert {"documents", "schedule", "people", "banners", "consultations"} <= set(services)
    tried = 0
    for name, service in services.items():
        items = service.all()
        if not items:
            continue
        item = items[0]
        field = next(k for k in ("title", "name", "summary", "content") if isinstance(item.get(k), str) and item[k])
        service.save(dict(item), item["id"], by="bientap")  # nothing changed: no version kept
        assert service.revisions(item["id"]) == [], name
        service.save(dict(item, **{field: item[field] + " (sửa)"}), item["id"], by="bientap")
        revs = service.revisions(item["id"])
        assert len(revs) == 1 and revs[0]["data"][field] == item[field], name
        assert service.get(item["id"])["updated_by"] == "bientap"
        service.restore_revision(item["id"], revs[0]["id"], by="quantri")
        assert service.get(item["id"])[field] == item[field], name
        assert [r["data"][field] for r in service.revisions(item["id"])] == [item[field] + " (sửa)", item[field]]
        tried += 1
    assert tried >= 3


def test_document_history_in_the_panel_compares_restores_and_is_told_in_the_log(client, auth, app, data_dir):
    site = app.extensions["trangxa"]
    type_id = site.documents.types()[0]["id"]
    doc = site.documents.save({"number": "12/QĐ-UBND", "type_id": type_id, "issued_on": "02/11/2026",
                               "issuer": "UBND xã Dương Quang", "summary": "Về việc thành lập tổ công tác"})
    site.documents.save(dict(doc, summary="Về việc kiện toàn tổ công tác chuyển đổi số"), doc["id"], by="bientap")
    form = client.get(f"/quan-tri/van-ban/{doc['id']}").get_data(as_text=True)
    assert f'href="/quan-tri/van-ban/{doc["id"]}/phien-ban"' in form
    history = client.get(f"/quan-tri/van-ban/{doc['id']}/phien-ban").get_data(as_text=True)
    assert "Lịch sử phiên bản của văn bản" in history
    rev_id = site.documents.revisions(doc["id"])[0]["id"]
    diff = client.get(f"/quan-tri/van-ban/{doc['id']}/phien-ban/{rev_id}").get_data(as_text=True)
    assert "Trích yếu" in diff or "trích yếu" in diff.lower()  # the form's own label, not the field name
    words = html_lib.unescape(re.sub(r"<[^>]+>", "", diff)).replace("\xa0", " ")
    assert "thành lập" in words and "kiện toàn" in words
    r = client.post(f"/quan-tri/van-ban/{doc['id']}/phien-ban/{rev_id}/khoi-phuc", data={"csrf_token": csrf_from(diff)})
    assert r.status_code == 302
    assert fresh(type(site.documents), data_dir).get(doc["id"])["summary"] == "Về việc thành lập tổ công tác"
    assert client.get(f"/quan-tri/van-ban/{doc['id']}/phien-ban/9999").status_code == 404
    assert client.get("/quan-tri/van-ban/9999/phien-ban").status_code == 404
    log = client.get("/quan-tri/nhat-ky")
    if log.status_code == 200:  # the log is for admins; the words are checked directly otherwise
        assert "revision_restore" not in log.get_data(as_text=True)
    from blueprints.editor.audit_words import tell
    with app.test_request_context():
        words = str(tell({"action": "post", "endpoint": "editor.documents_revision_restore",
                          "item": f"item_id={doc['id']} rev_id={rev_id}"}))
    assert words.startswith("Khôi phục phiên bản cũ của văn bản <a href=")


def test_record_versions_are_backed_up_and_forgotten_with_the_demo(demo_app, data_dir):
    from core.demo import remove_demo
    from core.store import member_kind
    site = demo_app.extensions["trangxa"]
    doc = site.documents.all()[0]
    site.documents.save(dict(doc, summary=doc["summary"] + "."), doc["id"])
    assert (data_dir / "revisions" / f"document-{doc['id']}.json").exists()
    assert member_kind(f"revisions/document-{doc['id']}.json") is not None
    assert member_kind("revisions/../site.json") is None
    # An edited demo document is the commune's now and stays with its history; an untouched one goes.
    untouched = next(d for d in site.documents.all() if d["id"] != doc["id"])
    Revisions(Store(data_dir)).record("document", untouched["id"], untouched)  # a stray version of a demo item
    remove_demo(site, backup=False)
    assert (data_dir / "revisions" / f"document-{doc['id']}.json").exists()
    assert not (data_dir / "revisions" / f"document-{untouched['id']}.json").exists()

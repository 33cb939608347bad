"""Revisions (last 20 per item, restore exactly) and refusal of stale saves."""
from __future__ import annotations

import pytest

from conftest import section_id
from core.content import Conflict, Content
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

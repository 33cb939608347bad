"""One article read alone from its shard: the byte spans the store finds, and what happens when the file changes."""
from __future__ import annotations

import json

from core.articles import SHARD_SIZE, shard_name
from core.content import Content
from core.store import Store
from core.store.files import table_spans
from conftest import section_id


def test_spans_cut_each_document_exactly_whatever_the_layout():
    tables = {"other": {"1": {"x": "ủy ban"}}, "articles": {"7": {"title": "Hội nghị \"đặc biệt\" ở thôn Đông",
                                                                  "body": "<p>}{,:\\\\ ề</p>", "n": [1, {"a": None}]},
                                                            "8": {}, "10": {"title": "x"}}, "last": {}}
    for text in (json.dumps(tables, ensure_ascii=False, separators=(",", ":")),
                 json.dumps(tables, ensure_ascii=False, indent=2), json.dumps(tables)):
        raw = text.encode("utf-8")
        spans = table_spans(raw, "articles")
        assert [(k, d) for k, d, _, _ in spans] == list(tables["articles"].items())
        for _, doc, start, end in spans:
            assert json.loads(raw[start:end]) == doc
    assert table_spans(b'{"articles":{}}', "articles") == []
    assert table_spans(b'{"other":{"1":{}}}', "articles") == []
    for broken in (b'{"articles":{"1":{"a":1}', b'["articles"]', b'{"articles":{"1":[1]}}', b"\xff\xfe", b""):
        assert table_spans(broken, "articles") is None


def test_an_article_is_read_alone_and_a_changed_file_is_read_again(app, data_dir):
    content = app.extensions["trangxa"].content
    sec = section_id(content, "Chuyển đổi số")
    first = content.save_article({"title": "Bài một", "section_id": sec, "body": "<p>Nội dung một.</p>",
                                  "status": "published"})
    content.save_article({"title": "Bài hai", "section_id": sec, "body": "<p>Nội dung hai.</p>",
                          "status": "published"})
    assert "Nội dung một" in content.article(first["id"])["body"]
    shard = next(iter(content.index().shards.values()))
    slot = 2 * (first["id"] - shard.base)
    assert shard.spans[slot + 1] > shard.spans[slot] > 0
    # Another process changes the shard: the span of the old version is refused, the article read afresh.
    other = Content(Store(data_dir))
    other.save_article(dict(other.article(first["id"]), body="<p>Đã sửa ở nơi khác.</p>"), first["id"])
    assert content.store.read_span(shard_name(first["id"]), shard.sig, shard.spans[slot],
                                   shard.spans[slot + 1]) is None
    assert "Đã sửa ở nơi khác" in content.article(first["id"])["body"]


def test_saved_shards_go_to_the_bounded_lru_and_files_read_to_keep_stay_kept(app, tmp_path):
    content = app.extensions["trangxa"].content
    saved = content.save_article({"title": "Bài mới", "section_id": section_id(content, "Chuyển đổi số"),
                                  "body": "<p>Nội dung.</p>", "status": "published"})
    content.save_article({"title": "Bài mới sửa", "section_id": saved["section_id"], "body": "<p>Nội dung.</p>",
                          "status": "published"}, article_id=saved["id"])
    assert not [name for name in content.store._cache if name.startswith("articles/")]
    assert content.article(saved["id"])["title"] == "Bài mới sửa"
    on_disk = Store(content.store.root).read(shard_name(saved["id"]))["articles"][str(saved["id"])]
    assert on_disk["title"] == "Bài mới sửa" and on_disk["version"] == 2

    store = Store(tmp_path / "data")
    names = [shard_name(1 + n * SHARD_SIZE) for n in range(3)]
    for name in names:  # written, never read whole: else a worker would keep every shard it ever saved
        with store.transaction(name) as db:
            db.table("articles").insert({"title": name})
    assert not set(names) & set(store._cache)
    assert set(names) <= {name for name, _ in store._lru.items()}

    with store.transaction("settings.json") as db:
        db.table("settings").insert({"a": 1})
    assert "settings.json" not in store._cache
    assert store.read("settings.json")["settings"]["1"] == {"a": 1}  # read to keep: moved out of the LRU
    assert "settings.json" in store._cache and "settings.json" not in store._lru
    with store.transaction("settings.json") as db:
        db.table("settings").insert({"a": 2})
    assert "settings.json" in store._cache and "settings.json" not in store._lru
    assert len(store.read("settings.json")["settings"]) == 2
    assert Store(tmp_path / "data").read("settings.json") == store.read("settings.json")  # as on disk
    assert {name: Store(tmp_path / "data").read(name) for name in names} == {name: store.read(name) for name in names}

"""One article read alone from its shard: the byte spans the store finds, and what happens when the file changes."""
from __future__ import annotations

import json

from core.articles import shard_name
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

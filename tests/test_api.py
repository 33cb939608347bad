"""The read-only JSON API for the province: only published content, open CORS, errors as JSON."""
from __future__ import annotations

import pytest

from conftest import section_id


@pytest.fixture
def published(content):
    sid = section_id(content, "Chuyển đổi số")
    local = section_id(content, "Hoạt động của xã")
    a = content.save_article({"title": "Bài công khai", "section_id": sid, "status": "published",
                              "publish_at": "2026-03-01T08:00:00+07:00", "body": "<p>Nội dung <b>đậm</b></p>"})
    b = content.save_article({"title": "Tin của xã", "section_id": local, "status": "published",
                              "publish_at": "2025-05-01T08:00:00+07:00"})
    d = content.save_article({"title": "Bản nháp", "section_id": sid, "status": "draft"})
    return a, b, d


def test_articles_only_published_with_filters_and_cors(client, published):
    a, b, draft = published
    r = client.get("/api/v1/articles")
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    data = r.get_json()
    assert [i["title"] for i in data["items"]] == ["Bài công khai", "Tin của xã"] and data["total"] == 2
    assert data["items"][0]["url"].endswith(f"/chuyen-doi-so/{a['slug']}")
    by_section = client.get("/api/v1/articles?chuyen_muc=tin-tuc-su-kien").get_json()
    assert [i["title"] for i in by_section["items"]] == ["Tin của xã"]  # sub-sections roll up
    since = client.get("/api/v1/articles?tu_ngay=2026-01-01").get_json()
    assert [i["title"] for i in since["items"]] == ["Bài công khai"]
    one = client.get(f"/api/v1/articles/{a['id']}").get_json()
    assert one["body_html"] == "<p>Nội dung <b>đậm</b></p>"
    assert client.get(f"/api/v1/articles/{draft['id']}").status_code == 404


@pytest.mark.parametrize("url, status", [
    ("/api/v1/articles?trang=abc", 400), ("/api/v1/articles?tu_ngay=hom-qua", 400),
    ("/api/v1/articles?chuyen_muc=khong-co", 404), ("/api/v1/articles/99999", 404),
    ("/api/v1/schedule?tuan=2026-W99", 400),
])
def test_bad_parameters_get_a_json_error_in_vietnamese(client, url, status):
    r = client.get(url)
    assert r.status_code == status
    assert r.is_json and r.get_json()["error"]


def test_site_sections_documents_and_schedule(client, app, published):
    site = client.get("/api/v1/site").get_json()
    assert site["agency_name"] == "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG"
    slugs = [s["slug"] for s in client.get("/api/v1/sections").get_json()["items"]]
    assert "chuyen-doi-so" in slugs and "gioi-thieu" not in slugs
    app.extensions["trangxa"].schedule.save({"date": "2026-11-23", "session": "sang", "content": "Giao ban"})
    week = client.get("/api/v1/schedule?tuan=2026-W48").get_json()
    assert week["week"] == "2026-W48" and week["days"][0]["items"][0]["content"] == "Giao ban"
    assert client.get("/api/v1/documents").get_json()["total"] == 0
    assert client.post("/api/v1/articles").status_code == 405  # read-only

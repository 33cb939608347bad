"""Data folders carry a schema version: older data are migrated after a backup, newer data refused."""
from __future__ import annotations

import json
import zipfile

import pytest

from app import create_app
from core.schema import SCHEMA_VERSION, SchemaTooNew, read_version
from core.store import Store
from conftest import unmarked


def _old_folder(folder) -> None:
    """Write, by hand, a data folder as the first version of the app left it (no schema.json)."""
    site = {
        "settings": {"1": {"commune_name": "Dương Quang", "agency_name": "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG",
                           "site_title": "Trang thông tin điện tử xã Dương Quang"}},
        "sections": {"1": {"name": "Chuyển đổi số", "slug": "chuyen-doi-so", "parent_id": None, "kind": "articles",
                           "order": 1, "hidden": False, "old_slugs": []}},
        "pages": {}, "links": {},
    }
    article = {"title": "Hội nghị Chuyển đổi số năm 2023", "summary": "Tóm tắt", "body": "<p>Nội dung cũ.</p>",
               "author": "Ban Biên tập", "status": "published", "section_id": 1,
               "publish_at": "2023-07-01T08:00:00+07:00", "cover": None, "cover_alt": "", "pinned": False,
               "slug": "hoi-nghi-chuyen-doi-so-nam-2023", "old_slugs": [], "created_at": "2023-07-01T08:00:00+07:00",
               "updated_at": "2023-07-01T08:00:00+07:00", "trashed_at": None}
    (folder / "site.json").write_text(json.dumps(site, ensure_ascii=False), encoding="utf-8")
    (folder / "articles").mkdir()
    (folder / "articles" / "00000.json").write_text(json.dumps({"articles": {"1": article}}, ensure_ascii=False),
                                                      encoding="utf-8")


def test_old_folder_is_backed_up_then_migrated(data_dir):
    _old_folder(data_dir)
    before = (data_dir / "articles" / "00000.json").read_bytes()
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": True, "TESTING": True})
    assert read_version(Store(data_dir)) == SCHEMA_VERSION
    backup = data_dir / "backups" / "truoc-nang-cap-v1.zip"
    assert zipfile.ZipFile(backup).read("articles/00000.json") == before  # the untouched old data
    stored = json.loads((data_dir / "articles" / "00000.json").read_text(encoding="utf-8"))["articles"]["1"]
    assert stored["search"][0] == " hoi nghi chuyen doi so nam 2023 " and stored["version"] == 1
    # The migrated site works: the article is found without diacritics and still at its address.
    client = app.test_client()
    assert "Hội nghị Chuyển đổi số năm 2023" in unmarked(client.get("/tim-kiem?q=chuyen+doi+so").get_data(as_text=True))
    assert client.get("/chuyen-doi-so/hoi-nghi-chuyen-doi-so-nam-2023").status_code == 200
    # Not seeded over, not migrated twice.
    create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": True, "TESTING": True})
    assert sorted(p.name for p in (data_dir / "backups").iterdir()) == ["truoc-nang-cap-v1.zip"]


def test_newer_data_are_refused_and_left_alone(data_dir):
    _old_folder(data_dir)
    newer = {"schema": {"1": {"version": SCHEMA_VERSION + 5}}}
    (data_dir / "schema.json").write_text(json.dumps(newer), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in data_dir.rglob("*.json")}
    with pytest.raises(SchemaTooNew) as exc:
        create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": True, "TESTING": True})
    assert "mới hơn" in str(exc.value)
    assert {p.name: p.read_bytes() for p in data_dir.rglob("*.json")} == before


def test_fresh_folder_gets_the_current_version(data_dir):
    create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True})
    assert read_version(Store(data_dir)) == SCHEMA_VERSION
    assert not (data_dir / "backups").exists()


def test_time_zone_setting_is_used_recorded_and_fixed(tmp_path):
    from core import timeutil
    from core.content import Content

    try:
        folder = tmp_path / "tokyo"
        app = create_app({"DATA_DIR": str(folder), "SEED_DEMO": False, "TESTING": True, "TIME_ZONE": "Asia/Tokyo"})
        content = app.extensions["trangxa"].content
        sec = content.save_section({"name": "Tin"})
        art = content.save_article({"title": "Giờ Tokyo", "section_id": sec["id"],
                                    "publish_at": "2026-01-01T08:00:00+07:00"})
        assert art["publish_at"] == "2026-01-01T10:00:00+09:00"  # the same moment, in the site's zone
        assert Content(Store(folder)).article(art["id"])["publish_at"].endswith("+09:00")
        with pytest.raises(SchemaTooNew) as exc:
            create_app({"DATA_DIR": str(folder), "SEED_DEMO": False, "TESTING": True})
        assert "Asia/Tokyo" in str(exc.value)
        with pytest.raises(ValueError) as exc:
            create_app({"DATA_DIR": str(tmp_path / "paris"), "SEED_DEMO": False, "TESTING": True,
                        "TIME_ZONE": "Europe/Paris"})
        assert "giờ mùa hè" in str(exc.value)
        with pytest.raises(ValueError):
            timeutil.zone_offset("Asia/Khong_Co")
    finally:
        timeutil.set_zone(timeutil.DEFAULT_ZONE)  # the zone is process-wide
    assert timeutil.now_iso().endswith("+07:00")

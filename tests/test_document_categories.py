"""Chuyên mục of the document register: planning, projects and procurement, the new-countryside programme.

Documents are created through the real editor form; the public lists, the
filters, the API, the site maps and the static mirror are read through the app.
"""
from __future__ import annotations

import re

import pytest

from conftest import PASSWORD, csrf_from, fresh
from core.documents import CATEGORIES, Documents
from core.errors import ValidationError
from test_documents import create, listed_numbers, post_document, values

LISTS = {"quy-hoach-ke-hoach": "/van-ban/quy-hoach-ke-hoach", "du-an-dau-thau": "/van-ban/du-an-dau-thau",
         "nong-thon-moi": "/van-ban/nong-thon-moi"}


@pytest.fixture
def register(client, auth):
    """Store five documents: two general, one per chuyên mục (one of them of another year)."""
    create(client, number="19/QĐ-UBND", category="")
    create(client, number="88/TB-UBND", issued_on="27/06/2023", effective_on="", category="",
           type_id="2", summary="Về việc cung cấp tin bài")
    create(client, number="05/KH-UBND", issued_on="08/01/2024", effective_on="", category="quy-hoach-ke-hoach",
           type_id="3", summary="Kế hoạch phát triển kinh tế – xã hội năm 2024")
    create(client, number="178/QĐ-UBND", issued_on="20/05/2024", effective_on="", category="du-an-dau-thau",
           summary="Phê duyệt kết quả lựa chọn nhà thầu đường giao thông nông thôn")
    create(client, number="31/KH-UBND", issued_on="18/03/2023", effective_on="", category="nong-thon-moi",
           type_id="3", summary="Kế hoạch xây dựng xã đạt chuẩn nông thôn mới nâng cao")
    return client


def test_the_form_stores_the_category_and_the_editor_list_shows_it(register, data_dir):
    stored = {d["number"]: d for d in fresh(Documents, data_dir).all()}
    assert stored["05/KH-UBND"]["category"] == "quy-hoach-ke-hoach"
    assert stored["19/QĐ-UBND"]["category"] == ""
    assert stored["19/QĐ-UBND"]["category_name"] == "Văn bản chỉ đạo điều hành"
    page = register.get("/quan-tri/van-ban").get_data(as_text=True)
    assert "Chuyên mục" in page and "Dự án – đấu thầu – mua sắm công" in page
    form = register.get("/quan-tri/van-ban/moi").get_data(as_text=True)
    assert 'name="category"' in form and '<option value="nong-thon-moi">' in form


def test_a_bad_category_is_refused(client, auth, data_dir):
    r = post_document(client, "/quan-tri/van-ban/moi", values(category="khong-co"))
    assert r.status_code == 200 and not fresh(Documents, data_dir).all()
    with pytest.raises(ValidationError) as exc:
        fresh(Documents, data_dir).validate(dict(values(), category="khong-co"))
    assert exc.value.errors["category"] == "Chuyên mục không hợp lệ."


@pytest.mark.parametrize("key,number", [("quy-hoach-ke-hoach", "05/KH-UBND"), ("du-an-dau-thau", "178/QĐ-UBND"),
                                        ("nong-thon-moi", "31/KH-UBND")])
def test_each_category_has_its_own_public_list(register, key, number):
    r = register.get(LISTS[key])
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert listed_numbers(html) == [number]
    assert f"<h1>{CATEGORIES[key]}</h1>" in html
    assert 'name="chuyen_muc"' not in html  # the list is the category: no category filter
    # The detail page names its category and links back to its list.
    detail = register.get(re.search(r'<th scope="row"><a href="([^"]+)"', html).group(1)).get_data(as_text=True)
    assert f'<a href="{LISTS[key]}">{CATEGORIES[key]}</a>' in detail


def test_category_lists_keep_the_registers_filters(register, client):
    # type, year, issuer and search work within the category
    assert listed_numbers(client.get("/van-ban/nong-thon-moi?nam=2023").get_data(as_text=True)) == ["31/KH-UBND"]
    assert listed_numbers(client.get("/van-ban/nong-thon-moi?nam=2024").get_data(as_text=True)) == []
    assert listed_numbers(client.get("/van-ban/quy-hoach-ke-hoach?loai=3").get_data(as_text=True)) == ["05/KH-UBND"]
    assert listed_numbers(client.get("/van-ban/quy-hoach-ke-hoach?loai=1").get_data(as_text=True)) == []
    assert listed_numbers(client.get("/van-ban/du-an-dau-thau?q=nha+thau").get_data(as_text=True)) == ["178/QĐ-UBND"]
    assert listed_numbers(client.get("/van-ban/du-an-dau-thau?q=ban+bien+tap").get_data(as_text=True)) == []
    issuer = client.get("/van-ban/du-an-dau-thau?co_quan=UBND+x%C3%A3+D%C6%B0%C6%A1ng+Quang").get_data(as_text=True)
    assert listed_numbers(issuer) == ["178/QĐ-UBND"]
    # the year filter only offers the years of the category
    html = client.get("/van-ban/nong-thon-moi").get_data(as_text=True)
    assert '<option value="2023"' in html and '<option value="2024"' not in html


def test_the_register_lists_everything_and_filters_by_category(register, client):
    everything = listed_numbers(client.get("/van-ban").get_data(as_text=True))
    assert sorted(everything) == sorted(["19/QĐ-UBND", "88/TB-UBND", "05/KH-UBND", "178/QĐ-UBND", "31/KH-UBND"])
    html = client.get("/van-ban?chuyen_muc=du-an-dau-thau").get_data(as_text=True)
    assert listed_numbers(html) == ["178/QĐ-UBND"]
    assert '<option value="du-an-dau-thau" selected>' in html
    assert listed_numbers(client.get("/van-ban?chuyen_muc=nong-thon-moi&q=nang+cao").get_data(as_text=True)) == [
        "31/KH-UBND"]
    # an unknown category is no filter at all
    assert sorted(listed_numbers(client.get("/van-ban?chuyen_muc=xyz").get_data(as_text=True))) == sorted(everything)


def test_api_gives_the_category_and_filters_by_it(register, client):
    items = client.get("/api/v1/documents").get_json()["items"]
    by_number = {d["number"]: d for d in items}
    assert by_number["05/KH-UBND"]["category"] == "quy-hoach-ke-hoach"
    assert by_number["05/KH-UBND"]["category_name"] == "Quy hoạch – kế hoạch"
    assert by_number["19/QĐ-UBND"]["category"] is None
    one = client.get("/api/v1/documents?chuyen_muc=nong-thon-moi").get_json()
    assert one["total"] == 1 and one["items"][0]["number"] == "31/KH-UBND"
    r = client.get("/api/v1/documents?chuyen_muc=khong-co")
    assert r.status_code == 404 and r.get_json()["error"]


def test_site_maps_and_menu_list_the_categories(register, client):
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    html = client.get("/so-do-cong").get_data(as_text=True)
    for url in LISTS.values():
        assert f"<loc>http://localhost{url}</loc>" in xml
        assert f'href="{url}"' in html


def test_static_mirror_has_the_category_lists(app, register, tmp_path):
    from blueprints.export import export_static
    result = export_static(app, tmp_path / "mirror")
    assert not result["broken"]
    for url in LISTS.values():
        page = (tmp_path / "mirror" / url.strip("/") / "index.html").read_text(encoding="utf-8")
        assert "<h1>" in page


def test_a_contributor_cannot_open_the_document_form(app, client, register):
    accounts = app.extensions["trangxa"].accounts
    accounts.create_user("congtac", PASSWORD, "Cộng Tác Viên", role="contributor")
    client.post("/dang-xuat", data={"csrf_token": csrf_from(client.get("/quan-tri/").get_data(as_text=True))})
    token = csrf_from(client.get("/dang-nhap").get_data(as_text=True))
    client.post("/dang-nhap", data={"username": "congtac", "password": PASSWORD, "csrf_token": token})
    assert client.get("/quan-tri/van-ban/moi").status_code == 403

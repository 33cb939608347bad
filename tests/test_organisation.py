"""The whole organisation: bodies (Đảng ủy, HĐND, UBND, UBMTTQ, mass organisations), the chart as nested lists,
a person's page, the functions and duties page, the panel's bodies with roles, the site maps and the API.

People and bodies are created through the real panel forms; what was stored is re-read from disk.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import pytest

from conftest import PASSWORD, csrf_from, field_errors_of, fresh, post_button, text
from core.bodies import DEFAULT_BODIES, Bodies
from core.people import People
from core.store import Store
from test_people import ORG_PAGE, create_person, post_form

FUNCTIONS = "/gioi-thieu/chuc-nang-nhiem-vu"
BODIES = "/quan-tri/to-chuc"


def body_values(**overrides) -> dict:
    values = {"name": "Hội Người cao tuổi xã", "key": "", "parent": "mttq", "order": "20",
              "functions": "<p>Chăm lo, phát huy vai trò người cao tuổi.</p><script>alert(1)</script>",
              "address": "Nhà văn hóa thôn Thái Lạc", "phone": "0221 3 946 200", "email": "nct@duongquang.gov.vn"}
    values.update(overrides)
    return values


def create_body(client, **overrides) -> int:
    r = post_form(client, f"{BODIES}/moi", body_values(**overrides))
    assert r.status_code == 302, field_errors_of(r)
    return int(re.fullmatch(rf"{BODIES}/(\d+)", urlsplit(r.headers["Location"]).path).group(1))


def tree(html: str):
    return lxml.html.fromstring(html)


def login_as(app, client, role: str) -> None:
    app.extensions["trangxa"].accounts.create_user(role, PASSWORD, "Người Thử", role=role)
    token = csrf_from(text(client.get("/dang-nhap")))
    r = client.post("/dang-nhap", data={"username": role, "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302


# ---------------------------------------------------------------- bodies (core)
def test_default_bodies_are_there_before_anything_is_stored(data_dir):
    bodies = Bodies(Store(data_dir))
    assert [b["key"] for b in bodies.all()] == [key for key, *_ in DEFAULT_BODIES]
    assert not (data_dir / "bodies.json").exists()
    top = {b["key"]: [c["key"] for c in b["children"]] for b in bodies.tree()}
    assert top["mttq"] == ["hoi_lhpn", "doan_tn", "hoi_nong_dan", "hoi_ccb"]
    assert list(top) == ["dang_uy", "hdnd", "ubnd", "mttq", "ban_bien_tap"]
    # The first write stores the defaults with their ids: editing one keeps every other.
    hdnd = bodies.by_key("hdnd")
    bodies.save(dict(hdnd, functions="<p>Sửa lại.</p>"), hdnd["id"])
    again = Bodies(Store(data_dir))
    assert len(again.all()) == len(DEFAULT_BODIES) and again.get(hdnd["id"])["functions"] == "<p>Sửa lại.</p>"
    assert again.by_key("ubnd")["id"] == bodies.by_key("ubnd")["id"]


@pytest.mark.parametrize("overrides,field,message", [
    ({"name": ""}, "name", "Vui lòng nhập tên tổ chức."),
    ({"key": "ubnd"}, "key", "đã được dùng"),
    ({"key": "Có dấu!"}, "key", "Mã chỉ gồm"),
    ({"parent": "hoi_nong_dan"}, "parent", "Chỉ chọn được tổ chức cấp trên"),
    ({"parent": "khong_co"}, "parent", "không hợp lệ"),
    ({"phone": "gọi nhé"}, "phone", "Số điện thoại không hợp lệ"),
])
def test_bad_bodies_are_refused(data_dir, overrides, field, message):
    from core.errors import ValidationError
    bodies = Bodies(Store(data_dir))
    with pytest.raises(ValidationError) as exc:
        bodies.save(body_values(**overrides))
    assert message in exc.value.errors[field]
    assert not (data_dir / "bodies.json").exists() or len(Bodies(Store(data_dir)).all()) == len(DEFAULT_BODIES)


# ---------------------------------------------------------------- the chart
def test_organisation_chart_is_nested_lists_with_a_heading_per_body(client, auth):
    create_person(client, name="Phạm Văn Thắng", title="Bí thư Đảng ủy xã", organisation="dang_uy", phone="",
                  email="")
    create_person(client, name="Trần Văn Khải", title="Chủ tịch UBND xã", organisation="ubnd", order="1")
    create_person(client, name="Vũ Quang Sáng", title="Phó Chủ tịch UBND xã", organisation="ubnd", order="2",
                  phone="", email="")
    create_person(client, name="Nguyễn Văn Sơn", title="Chủ tịch Hội Nông dân xã", organisation="hoi_nong_dan",
                  phone="", email="")
    page = tree(text(client.get(ORG_PAGE)))
    chart = page.xpath("//ul[@class='org-chart']")
    assert len(chart) == 1 and not chart[0].xpath(".//img[not(@class='person__photo')]")  # a list, not a picture
    items = chart[0].xpath("./li")
    # each body: a list item whose first child is its heading, then the list of its people
    assert [li.xpath("./h2")[0].text_content() for li in items] == [
        "Đảng ủy xã", "Ủy ban nhân dân xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"]
    ubnd = items[1]
    people = ubnd.xpath("./ul[@class='people']/li[@class='person']")
    assert [p.xpath(".//h3")[0].text_content() for p in people] == ["Trần Văn Khải", "Vũ Quang Sáng"]
    assert people[0].xpath(".//p[@class='person__title']")[0].text_content() == "Chủ tịch UBND xã"
    # the mass organisations are a list nested in the UBMTTQ's item, one level down in headings too
    mttq = items[2]
    assert not mttq.xpath("./ul[@class='people']")  # no one of its own yet: the heading stays for its sub-body
    children = mttq.xpath("./ul[@class='org-chart__children']/li")
    assert [c.xpath("./h3")[0].text_content() for c in children] == ["Hội Nông dân xã"]
    assert children[0].xpath("./ul[@class='people']/li//h4")[0].text_content() == "Nguyễn Văn Sơn"
    # every name links to the person's page
    link = people[0].xpath(".//h3/a/@href")[0]
    assert re.fullmatch(r"/gioi-thieu/co-cau-to-chuc/\d+-tran-van-khai", link)
    assert client.get(link).status_code == 200


def test_person_page_shows_position_body_biography_duties_and_contacts(client, auth, data_dir):
    person_id = create_person(client, biography="Sinh năm 1975.\nChủ tịch UBND xã từ năm 2021.",
                              duties="Phụ trách chung; lĩnh vực tài chính, ngân sách.")
    slug = fresh(People, data_dir).get(person_id)["slug"]
    assert slug == "nguyen-van-an"
    r = client.get(f"/gioi-thieu/co-cau-to-chuc/{person_id}-{slug}")
    assert r.status_code == 200
    html = text(r)
    page = tree(html)
    assert page.xpath("//h1")[0].text_content() == "Nguyễn Văn An"
    assert [h.text_content() for h in page.xpath("//main//h2")][:2] == ["Tiểu sử tóm tắt", "Nhiệm vụ được phân công"]
    assert "<p>Sinh năm 1975.</p>" in html and "<p>Chủ tịch UBND xã từ năm 2021.</p>" in html
    assert "Phụ trách chung; lĩnh vực tài chính, ngân sách." in html
    assert '<a href="/gioi-thieu/co-cau-to-chuc#ubnd">Ủy ban nhân dân xã</a>' in html
    assert '<a href="tel:02213946100">0221 3 946 100</a>' in html
    assert 'href="/gioi-thieu/co-cau-to-chuc">Cơ cấu tổ chức</a>' in html  # the breadcrumb
    # wrong or missing slug: the canonical address; a person in the trash: gone
    for wrong in (f"/gioi-thieu/co-cau-to-chuc/{person_id}", f"/gioi-thieu/co-cau-to-chuc/{person_id}-sai"):
        moved = client.get(wrong)
        assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/{person_id}-{slug}")
    assert client.get("/gioi-thieu/co-cau-to-chuc/999-khong-co").status_code == 404
    post_button(client, f"/quan-tri/can-bo/{person_id}/xoa")
    assert client.get(f"/gioi-thieu/co-cau-to-chuc/{person_id}-{slug}").status_code == 404


def test_functions_page_has_each_body_with_its_duties(client):
    r = client.get(FUNCTIONS)
    assert r.status_code == 200
    page = tree(text(r))
    assert page.xpath("//h1")[0].text_content() == "Chức năng, nhiệm vụ, quyền hạn"
    h2 = [h.text_content() for h in page.xpath("//section[@class='org']/h2")]
    assert h2 == ["Đảng ủy xã", "Hội đồng nhân dân xã", "Ủy ban nhân dân xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
                  "Ban Biên tập trang thông tin điện tử"]
    mttq = page.xpath("//section[@id='mttq']")[0]
    assert [h.text_content() for h in mttq.xpath("./section/h3")] == [
        "Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "Hội Nông dân xã",
        "Hội Cựu chiến binh xã"]
    assert "cơ quan quyền lực nhà nước ở địa phương" in page.xpath("//section[@id='hdnd']")[0].text_content()
    assert 'href="/gioi-thieu/chuc-nang-nhiem-vu"' in text(client.get(ORG_PAGE))  # reachable from the chart


# ---------------------------------------------------------------- the panel
def test_editor_adds_a_body_whose_functions_are_cleaned_and_people_join_it(client, auth, data_dir):
    assert "Hội Nông dân xã" in text(client.get(BODIES))
    body_id = create_body(client)
    stored = fresh(Bodies, data_dir).get(body_id)
    assert stored["key"] == "hoi_nguoi_cao_tuoi_xa" and stored["parent"] == "mttq"
    assert "<script>" not in stored["functions"] and "Chăm lo, phát huy" in stored["functions"]
    assert len(fresh(Bodies, data_dir).all()) == len(DEFAULT_BODIES) + 1  # the defaults were kept
    page = tree(text(client.get(FUNCTIONS)))
    section = page.xpath("//section[@id='mttq']/section[@id='hoi-nguoi-cao-tuoi-xa']")[0]
    assert section.xpath("./h3")[0].text_content() == "Hội Người cao tuổi xã"
    assert "alert(1)" not in section.text_content() and "0221 3 946 200" in section.text_content()
    # the people form offers the new body and stores the biography
    form = text(client.get("/quan-tri/can-bo/moi"))
    assert '<option value="hoi_nguoi_cao_tuoi_xa">– Hội Người cao tuổi xã</option>' in form
    assert 'name="biography"' in form
    person_id = create_person(client, name="Đặng Văn Lộc", title="Chủ tịch Hội Người cao tuổi xã",
                              organisation="hoi_nguoi_cao_tuoi_xa", biography="Nguyên giáo viên.")
    assert fresh(People, data_dir).get(person_id)["biography"] == "Nguyên giáo viên."
    chart = tree(text(client.get(ORG_PAGE)))
    assert chart.xpath("//li[@id='hoi-nguoi-cao-tuoi-xa']/h3")[0].text_content() == "Hội Người cao tuổi xã"
    # the key cannot change once people use it
    r = post_form(client, f"{BODIES}/{body_id}", body_values(name="Hội NCT xã", key="khac"))
    assert r.status_code == 302 and fresh(Bodies, data_dir).get(body_id)["key"] == "hoi_nguoi_cao_tuoi_xa"
    # trashing the body hides its people; restoring brings them back
    slug = fresh(People, data_dir).get(person_id)["slug"]
    post_button(client, f"{BODIES}/{body_id}/xoa")
    assert "Đặng Văn Lộc" not in text(client.get(ORG_PAGE))
    assert client.get(f"/gioi-thieu/co-cau-to-chuc/{person_id}-{slug}").status_code == 404
    post_button(client, f"{BODIES}/{body_id}/khoi-phuc")
    assert "Đặng Văn Lộc" in text(client.get(ORG_PAGE))


def test_editing_a_default_body_through_the_form(client, auth, data_dir):
    ubnd = Bodies(Store(data_dir)).by_key("ubnd")
    form = text(client.get(f"{BODIES}/{ubnd['id']}"))
    assert "data-rich-editor" in form and "Ủy ban nhân dân xã" in form
    r = post_form(client, f"{BODIES}/{ubnd['id']}", body_values(name="Ủy ban nhân dân xã", parent="", order="3",
                                                                 functions="<h2>Nhiệm vụ</h2><p>Mới.</p>"))
    assert r.status_code == 302, field_errors_of(r)
    assert fresh(Bodies, data_dir).by_key("ubnd")["functions"] == "<h2>Nhiệm vụ</h2><p>Mới.</p>"
    assert "Mới." in text(client.get(FUNCTIONS))


@pytest.mark.parametrize("url", [BODIES, f"{BODIES}/moi", f"{BODIES}/1"])
def test_bodies_need_the_editor_role(app, client, url):
    r = client.get(url)
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dang-nhap"
    login_as(app, client, "contributor")
    assert client.get(url).status_code == 403
    token = csrf_from(text(client.get("/quan-tri/")))
    assert client.post(f"{BODIES}/moi", data=dict(body_values(), csrf_token=token)).status_code == 403
    assert not (Store(app.config["DATA_DIR"]).root / "bodies.json").exists()


def test_an_admin_may_edit_bodies(app, client):
    login_as(app, client, "admin")
    assert client.get(BODIES).status_code == 200


# ---------------------------------------------------------------- maps and API
def test_site_maps_menu_and_api_list_the_organisation(client, auth):
    person_id = create_person(client)
    xml = text(client.get("/sitemap.xml"))
    assert "<loc>http://localhost/gioi-thieu/chuc-nang-nhiem-vu</loc>" in xml
    assert f"<loc>http://localhost/gioi-thieu/co-cau-to-chuc/{person_id}-nguyen-van-an</loc>" in xml
    assert f'href="{FUNCTIONS}"' in text(client.get("/so-do-cong"))
    data = client.get("/api/v1/organisation").get_json()
    ubnd = next(b for b in data["items"] if b["key"] == "ubnd")
    assert ubnd["people"][0]["name"] == "Nguyễn Văn An" and ubnd["people"][0]["url"].endswith("-nguyen-van-an")
    mttq = next(b for b in data["items"] if b["key"] == "mttq")
    assert [c["key"] for c in mttq["children"]] == ["hoi_lhpn", "doan_tn", "hoi_nong_dan", "hoi_ccb"]
    assert "organisation" in client.get("/api/v1/").get_json()["resources"]


def test_demo_has_a_leader_for_every_body(tmp_path):
    from app import create_app
    app = create_app({"DATA_DIR": str(tmp_path / "demo"), "SEED_DEMO": True, "TESTING": True})
    people = app.extensions["trangxa"].people
    keys = {p["organisation"] for p in people.all()}
    assert {key for key, *_ in DEFAULT_BODIES} - keys == {"ban_bien_tap"}  # the board is listed by role
    chairman = next(p for p in people.all() if p["title"] == "Chủ tịch UBND xã")
    assert chairman["organisation"] == "ubnd" and chairman["biography"]
    first = people.chart()[2]
    assert first["key"] == "ubnd" and first["people"][0]["name"] == chairman["name"]


def test_static_mirror_has_the_chart_functions_and_person_pages(app, client, auth, tmp_path):
    from blueprints.export import export_static
    person_id = create_person(client)
    result = export_static(app, tmp_path / "mirror")
    assert not result["broken"]
    root = tmp_path / "mirror" / "gioi-thieu"
    assert "Chức năng, nhiệm vụ, quyền hạn" in (root / "chuc-nang-nhiem-vu" / "index.html").read_text(encoding="utf-8")
    person = root / "co-cau-to-chuc" / f"{person_id}-nguyen-van-an" / "index.html"
    assert "<h1>Nguyễn Văn An</h1>" in person.read_text(encoding="utf-8")


def test_the_site_search_finds_people_by_name_position_and_duties(client, auth, data_dir):
    person_id = create_person(client, duties="Phụ trách chung; lĩnh vực tài chính, ngân sách.")
    slug = fresh(People, data_dir).get(person_id)["slug"]
    link = f'href="/gioi-thieu/co-cau-to-chuc/{person_id}-{slug}"'
    for query in ("Nguyễn Văn An", "nguyen van an", "ngan sach"):
        html = text(client.get(f"/tim-kiem?q={query}"))
        assert link in html and "Cán bộ" in html, query
    only = text(client.get("/tim-kiem?q=nguyen+van+an&loai=can-bo"))
    assert link in only
    post_button(client, f"/quan-tri/can-bo/{person_id}/xoa")  # in the trash: not found any more
    assert link not in text(client.get("/tim-kiem?q=nguyen+van+an"))

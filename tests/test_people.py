"""Cán bộ: the editor's people register and the organisation, spokesperson and editorial board pages."""
from __future__ import annotations

import html as htmllib
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from core.errors import ValidationError
from PIL import Image

from conftest import csrf_from, field_error, field_errors_of, fresh, post_button, text, uploads
from core.counters import Counters
from core.people import People
from core.seed.people import DEMO_PEOPLE_COUNT, seed_people
from core.store import Store

NEW = "/quan-tri/can-bo/moi"
ORG_PAGE = "/gioi-thieu/co-cau-to-chuc"
SPOKES_PAGE = "/gioi-thieu/nguoi-phat-ngon"
BOARD_PAGE = "/gioi-thieu/ban-bien-tap"
PUBLIC_PAGES = (ORG_PAGE, SPOKES_PAGE, BOARD_PAGE)


# ---------------------------------------------------------------- helpers


def person_values(**overrides) -> dict:
    values = {"name": "Nguyễn Văn An", "title": "Chủ tịch UBND xã", "organisation": "ubnd",
              "duties": "Phụ trách chung; lĩnh vực tài chính, ngân sách.", "phone": "0221 3 946 100",
              "email": "nguyenvanan@hungyen.gov.vn", "order": "1", "board_role": ""}
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def post_form(client, url: str, values: dict):
    """Submit the person form at ``url`` (multipart, with the token from that page)."""
    token = csrf_from(text(client.get(url)))
    return client.post(url, data=dict(values, csrf_token=token), content_type="multipart/form-data")


def create_person(client, **overrides) -> int:
    r = post_form(client, NEW, person_values(**overrides))
    assert r.status_code == 302, field_errors_of(r)
    match = re.fullmatch(r"/quan-tri/can-bo/(\d+)", urlsplit(r.headers["Location"]).path)
    assert match
    return int(match.group(1))


def edit_person(client, person_id: int, **overrides):
    r = post_form(client, f"/quan-tri/can-bo/{person_id}", person_values(**overrides))
    assert r.status_code == 302, field_errors_of(r)


def png_bytes(size=(90, 120), color=(30, 90, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def sections(html: str) -> list[tuple[str, list[str]]]:
    """Return the h2 sections of a people page with the names listed under each (sub-bodies too), in order."""
    main = re.search(r'<div class="layout__main">(.*?)<aside', html, re.S).group(1)
    parts = re.split(r'<h2 class="block-title"[^>]*>(.*?)</h2>', main)[1:]
    return [(htmllib.unescape(title), [htmllib.unescape(re.sub(r"<[^>]+>", "", n)) for n in
                                       re.findall(r'<h[34] class="person__name">(.*?)</h[34]>', body)])
            for title, body in zip(parts[::2], parts[1::2], strict=True)]


# ---------------------------------------------------------------- organisation page
def test_organisation_page_groups_people_by_organisation_in_order(client, auth, data_dir):
    create_person(client, name="Trần Thị Bình", title="Phó Chủ tịch UBND xã", order="2", phone="", email="")
    create_person(client)  # Nguyễn Văn An, order 1
    create_person(client, name="Lê Văn Cường", title="Bí thư Đảng ủy xã", organisation="dang_uy", order="1",
                  phone="", email="")
    create_person(client, name="Phạm Thị Dung", title="Chủ tịch Ủy ban MTTQ xã", organisation="mttq",
                  phone="", email="")
    create_person(client, name="Hoàng Văn Em", title="Chủ tịch HĐND xã", organisation="hdnd", phone="", email="")
    assert [p["name"] for p in fresh(People, data_dir).all()] == [
        "Lê Văn Cường", "Hoàng Văn Em", "Nguyễn Văn An", "Trần Thị Bình", "Phạm Thị Dung"]

    r = client.get(ORG_PAGE)
    assert r.status_code == 200
    html = text(r)
    assert html.count("<h1") == 1 and "<h1>Cơ cấu tổ chức</h1>" in html
    assert sections(html) == [
        ("Đảng ủy xã", ["Lê Văn Cường"]),
        ("Hội đồng nhân dân xã", ["Hoàng Văn Em"]),
        ("Ủy ban nhân dân xã", ["Nguyễn Văn An", "Trần Thị Bình"]),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", ["Phạm Thị Dung"]),
    ]
    assert '<p class="person__title">Chủ tịch UBND xã</p>' in html
    assert "Phụ trách chung; lĩnh vực tài chính, ngân sách." in html
    assert '<a href="tel:02213946100">0221 3 946 100</a>' in html
    assert '<a href="mailto:nguyenvanan@hungyen.gov.vn">nguyenvanan@hungyen.gov.vn</a>' in html
    # The intro menu keeps working: breadcrumb to the intro section, links to the sibling pages.
    assert 'href="/gioi-thieu"' in html and f'href="{SPOKES_PAGE}"' in html and f'href="{BOARD_PAGE}"' in html


def test_changing_the_order_moves_a_person(client, auth):
    first = create_person(client, name="Người Thứ Nhất", order="1")
    create_person(client, name="Người Thứ Hai", order="2")
    edit_person(client, first, name="Người Thứ Nhất", order="3")
    assert sections(text(client.get(ORG_PAGE))) == [("Ủy ban nhân dân xã", ["Người Thứ Hai", "Người Thứ Nhất"])]


def test_empty_register_says_so(client):
    html = text(client.get(ORG_PAGE))
    assert "Thông tin cơ cấu tổ chức đang được cập nhật." in html
    assert "Thông tin Ban Biên tập đang được cập nhật." in text(client.get(BOARD_PAGE))


def test_intro_pages_win_over_an_intro_page_slug_and_count_visits(client, content, data_dir):
    # An intro page cannot take the address of a page built from the people records.
    with pytest.raises(ValidationError) as exc:
        content.save_page({"title": "Cơ cấu tổ chức", "body": "<p>Trang cũ viết tay.</p>"})
    assert "slug" in exc.value.errors
    browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36"}
    for url in PUBLIC_PAGES:
        r = client.get(url, headers=browser)
        assert r.status_code == 200
        assert "Trang cũ viết tay." not in text(r)
    assert Counters(Store(data_dir)).summary()["hits_today"] == 3


# ---------------------------------------------------------------- spokesperson
def test_spokesperson_page_shows_the_marked_person_and_marking_another_unmarks_the_first(client, auth, data_dir):
    assert "Chưa có thông tin người phát ngôn" in text(client.get(SPOKES_PAGE))
    first = create_person(client, spokesperson="y")
    second = create_person(client, name="Trần Thị Bình", title="Phó Chủ tịch UBND xã", phone="0912 345 678",
                           email="tranthibinh@hungyen.gov.vn", order="2")
    assert fresh(People, data_dir).get(first)["spokesperson"] is True
    assert fresh(People, data_dir).get(second)["spokesperson"] is False

    html = text(client.get(SPOKES_PAGE))
    assert html.count("<h1") == 1 and "<h1>Người phát ngôn</h1>" in html
    assert re.search(r'<h2 class="person__name"><a href="/gioi-thieu/co-cau-to-chuc/\d+-nguyen-van-an">'
                     r'Nguyễn Văn An</a></h2>', html) and "Chủ tịch UBND xã" in html
    assert 'href="tel:02213946100"' in html and 'href="mailto:nguyenvanan@hungyen.gov.vn"' in html
    assert "Trần Thị Bình" not in html

    edit_person(client, second, name="Trần Thị Bình", title="Phó Chủ tịch UBND xã", phone="0912 345 678",
                email="tranthibinh@hungyen.gov.vn", order="2", spokesperson="y")
    people = fresh(People, data_dir)
    assert people.get(first)["spokesperson"] is False and people.get(second)["spokesperson"] is True
    assert [p["name"] for p in people.all() if p["spokesperson"]] == ["Trần Thị Bình"]
    html = text(client.get(SPOKES_PAGE))
    assert "Trần Thị Bình" in html and "Nguyễn Văn An" not in html
    assert '<a href="tel:0912345678">0912 345 678</a>' in html
    assert "Người phát ngôn" in text(client.get("/quan-tri/can-bo"))


def test_no_spokesperson_message_offers_the_site_contact(client, content):
    content.save_settings(dict(content.settings(), phone="0221 3 946 123", email="ubnd@duongquang.gov.vn"))
    html = text(client.get(SPOKES_PAGE))
    assert "Chưa có thông tin người phát ngôn." in html
    assert 'href="tel:02213946123"' in html and 'href="mailto:ubnd@duongquang.gov.vn"' in html


# ---------------------------------------------------------------- editorial board
def test_board_page_lists_members_by_role(client, auth, data_dir):
    create_person(client, name="Nguyễn Công Đạt", title="Trưởng Đài truyền thanh xã", board_role="thanh_vien",
                  order="4", phone="", email="")
    create_person(client, name="Vũ Quang Sáng", title="Phó Chủ tịch UBND xã", board_role="truong_ban", order="2",
                  phone="", email="")
    create_person(client, name="Kiều Xuân Thu", title="Công chức Văn phòng - Thống kê", board_role="thanh_vien",
                  order="3", phone="", email="")
    create_person(client, name="Kiều Thị Phượng", title="Công chức Văn hóa - Xã hội", board_role="pho_truong_ban",
                  order="5", phone="", email="")
    create_person(client, name="Người Ngoài Ban", title="Chủ tịch UBND xã", order="1")
    create_person(client, name="Thư Ký Ban", title="Cộng tác viên", organisation="ban_bien_tap", board_role="",
                  order="6", phone="", email="")

    html = text(client.get(BOARD_PAGE))
    assert html.count("<h1") == 1 and "<h1>Ban Biên tập</h1>" in html
    assert sections(html) == [
        ("Trưởng Ban", ["Vũ Quang Sáng"]),
        ("Phó Trưởng Ban", ["Kiều Thị Phượng"]),
        ("Thành viên", ["Kiều Xuân Thu", "Nguyễn Công Đạt", "Thư Ký Ban"]),  # by order within a role
    ]
    assert "Người Ngoài Ban" not in html
    # On the organisation page the board is a section of its own, with each member's role.
    org = dict(sections(text(client.get(ORG_PAGE))))
    assert org["Ban Biên tập trang thông tin điện tử"] == [
        "Vũ Quang Sáng", "Kiều Thị Phượng", "Kiều Xuân Thu", "Nguyễn Công Đạt", "Thư Ký Ban"]
    assert org["Ủy ban nhân dân xã"] == ["Người Ngoài Ban", "Vũ Quang Sáng", "Kiều Xuân Thu", "Nguyễn Công Đạt",
                           "Kiều Thị Phượng"]
    assert "Trưởng Ban – Phó Chủ tịch UBND xã" in text(client.get(ORG_PAGE))


# ---------------------------------------------------------------- photo
def test_photo_upload_is_stored_and_shown_with_the_name_as_alt(client, auth, data_dir):
    person_id = create_person(client, photo=(io.BytesIO(png_bytes()), "chan-dung.png"))
    name = fresh(People, data_dir).get(person_id)["photo"]
    assert name and re.fullmatch(r"[a-f0-9]{32}\.(jpg|png)", name)
    assert uploads(data_dir) == [name]

    html = text(client.get(ORG_PAGE))
    img = re.search(rf'<img class="person__photo" src="/tep/{name}"[^>]*>', html).group(0)
    assert 'alt="Nguyễn Văn An"' in img and 'loading="lazy"' in img
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    served = client.get(f"/tep/{name}")
    assert served.status_code == 200 and served.mimetype.startswith("image/")
    assert f'src="/tep/{name}"' in text(client.get(f"/quan-tri/can-bo/{person_id}"))  # current photo in the form

    edit_person(client, person_id, title="Chủ tịch UBND xã (nhiệm kỳ mới)")  # no new file: the photo stays
    assert fresh(People, data_dir).get(person_id)["photo"] == name
    edit_person(client, person_id, remove_photo="y")
    assert fresh(People, data_dir).get(person_id)["photo"] == ""
    assert "<img class=\"person__photo\"" not in text(client.get(ORG_PAGE))


def test_a_file_that_is_not_an_image_is_refused(client, auth, data_dir):
    r = post_form(client, NEW, person_values(photo=(io.BytesIO(b"khong phai anh\n" * 50), "anh.jpg")))
    assert r.status_code == 200
    assert "không phải là ảnh hợp lệ" in (field_error(text(r), "photo") or "")
    assert fresh(People, data_dir).all() == [] and uploads(data_dir) == []


def test_photo_is_not_stored_while_other_fields_are_wrong(client, auth, data_dir):
    r = post_form(client, NEW, person_values(email="sai-dia-chi", photo=(io.BytesIO(png_bytes()), "anh.png")))
    assert r.status_code == 200
    html = text(r)
    assert "thư điện tử không hợp lệ" in (field_error(html, "email") or "")
    assert "chọn lại ảnh" in (field_error(html, "photo") or "")
    assert fresh(People, data_dir).all() == [] and uploads(data_dir) == []


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize("overrides, field, message", [
    pytest.param({"email": "khong-phai-email"}, "email", "Địa chỉ thư điện tử không hợp lệ", id="no-at"),
    pytest.param({"email": "an@@hungyen.gov.vn"}, "email", "Địa chỉ thư điện tử không hợp lệ", id="double-at"),
    pytest.param({"email": "an@hungyen"}, "email", "Địa chỉ thư điện tử không hợp lệ", id="no-dot"),
    pytest.param({"name": ""}, "name", "Vui lòng nhập họ và tên.", id="empty-name"),
    pytest.param({"name": "   "}, "name", "Vui lòng nhập họ và tên.", id="blank-name"),
    pytest.param({"title": ""}, "title", "Vui lòng nhập chức vụ.", id="empty-title"),
    pytest.param({"organisation": "bo_cong_an"}, "organisation", "Vui lòng chọn tổ chức.", id="unknown-org"),
    pytest.param({"phone": "gọi tôi nhé"}, "phone", "Số điện thoại không hợp lệ", id="bad-phone"),
    pytest.param({"phone": "123"}, "phone", "Số điện thoại không hợp lệ", id="short-phone"),
    pytest.param({"order": "thứ nhất"}, "order", "Phải là một số nguyên.", id="bad-order"),
    pytest.param({"board_role": "chu_tich"}, "board_role", "Lựa chọn không hợp lệ.", id="bad-role"),
])
def test_bad_input_is_refused_and_nothing_is_saved(client, auth, data_dir, overrides, field, message):
    values = person_values(duties="Nhiệm vụ đang gõ dở", **overrides)
    r = post_form(client, NEW, values)
    assert r.status_code == 200
    html = text(r)
    error = field_error(html, field)
    assert error is not None and message in error, field_errors_of(r)
    assert "Chưa lưu được" in html
    assert "Nhiệm vụ đang gõ dở</textarea>" in html
    assert fresh(People, data_dir).all() == [] and fresh(People, data_dir).all(trashed=True) == []


def test_email_is_stored_normalised(client, auth, data_dir):
    person_id = create_person(client, email="  NguyenVanAn@HungYen.gov.vn ")
    assert fresh(People, data_dir).get(person_id)["email"] == "NguyenVanAn@hungyen.gov.vn"


# ---------------------------------------------------------------- trash
def test_trashed_person_is_gone_from_public_pages_and_restorable(client, auth, data_dir):
    person_id = create_person(client, spokesperson="y", board_role="truong_ban")
    for url in PUBLIC_PAGES:
        assert "Nguyễn Văn An" in text(client.get(url))

    assert post_button(client, f"/quan-tri/can-bo/{person_id}/xoa").status_code == 302
    assert fresh(People, data_dir).get(person_id)["trashed_at"]
    for url in PUBLIC_PAGES:
        assert "Nguyễn Văn An" not in text(client.get(url))
    assert "Chưa có thông tin người phát ngôn" in text(client.get(SPOKES_PAGE))
    assert "Nguyễn Văn An" in text(client.get("/quan-tri/can-bo?thung_rac=1"))

    assert post_button(client, f"/quan-tri/can-bo/{person_id}/khoi-phuc").status_code == 302
    assert not fresh(People, data_dir).get(person_id)["trashed_at"]
    for url in PUBLIC_PAGES:
        assert "Nguyễn Văn An" in text(client.get(url))


def test_restoring_a_former_spokesperson_keeps_the_new_one(client, auth, data_dir):
    first = create_person(client, spokesperson="y")
    post_button(client, f"/quan-tri/can-bo/{first}/xoa")
    second = create_person(client, name="Trần Thị Bình", spokesperson="y", order="2")
    post_button(client, f"/quan-tri/can-bo/{first}/khoi-phuc")
    people = fresh(People, data_dir)
    assert people.get(first)["spokesperson"] is False and people.get(second)["spokesperson"] is True
    assert "Trần Thị Bình" in text(client.get(SPOKES_PAGE))


# ---------------------------------------------------------------- demo data and access
def test_seed_demo_adds_the_editorial_board_of_the_report(app, content, data_dir):
    content.save_settings(dict(content.settings(), phone="0221 3 946 123", email="ubnd@duongquang.gov.vn"))
    people = app.extensions["trangxa"].people
    assert seed_people(people, content) == DEMO_PEOPLE_COUNT
    stored = fresh(People, data_dir).all()
    assert [(p["name"], p["title"], p["organisation"], p["board_role"]) for p in stored if p["board_role"]] == [
        ("Vũ Quang Sáng", "Phó Chủ tịch UBND xã", "ubnd", "truong_ban"),
        ("Kiều Thị Phượng", "Công chức Văn hóa - Xã hội", "ubnd", "pho_truong_ban"),
        ("Kiều Xuân Thu", "Công chức Văn phòng - Thống kê", "ubnd", "thanh_vien"),
        ("Nguyễn Công Đạt", "Trưởng Đài truyền thanh xã", "ubnd", "thanh_vien"),
    ]
    spokesperson = fresh(People, data_dir).spokesperson()
    assert spokesperson["name"] == "Vũ Quang Sáng"
    assert (spokesperson["phone"], spokesperson["email"]) == ("0221 3 946 123", "ubnd@duongquang.gov.vn")
    assert all(not p["phone"] and not p["email"] for p in stored if not p["spokesperson"])
    assert seed_people(people, content) == 0 and len(fresh(People, data_dir).all()) == DEMO_PEOPLE_COUNT

    client = app.test_client()
    assert sections(text(client.get(BOARD_PAGE)))[0] == ("Trưởng Ban", ["Vũ Quang Sáng"])
    assert "Vũ Quang Sáng" in text(client.get(SPOKES_PAGE))


@pytest.mark.parametrize("url", ["/quan-tri/can-bo", NEW, "/quan-tri/can-bo/1", "/quan-tri/can-bo?thung_rac=1"])
def test_editor_urls_redirect_to_login_when_logged_out(client, url):
    r = client.get(url)
    assert r.status_code == 302
    location = urlsplit(r.headers["Location"])
    assert location.path == "/dang-nhap" and parse_qs(location.query)["next"] == [url]


@pytest.mark.parametrize("url", [NEW, "/quan-tri/can-bo/1", "/quan-tri/can-bo/1/xoa"])
def test_editor_posts_redirect_to_login_when_logged_out(client, data_dir, url):
    People(Store(data_dir)).save(person_values())
    token = csrf_from(text(client.get("/dang-nhap")))
    r = client.post(url, data=dict(person_values(name="Bị chặn"), csrf_token=token))
    assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dang-nhap"
    assert [(p["name"], p["trashed_at"]) for p in fresh(People, data_dir).all()] == [("Nguyễn Văn An", None)]

"""Pictures in lists and bodies: the list picture defaults to the body's first photo, phones load small copies."""
from __future__ import annotations

import io
import re

from PIL import Image

from conftest import section_id
from core.uploads import save_image


def _photo(width: int = 1600, height: int = 1000, colour=(40, 120, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG", quality=80)
    return out.getvalue()


def _publish(content, title: str, body: str, **extra) -> dict:
    sid = section_id(content, "Chuyển đổi số")
    return content.save_article({"title": title, "section_id": sid, "body": body, "status": "published", **extra})


def test_the_first_photo_of_the_body_is_the_list_thumbnail_as_its_320_px_copy(app, client, content):
    store = app.extensions["trangxa"].store
    name = save_image(store, _photo())
    stem = name.split(".")[0]
    _publish(content, "Ra quân làm đường giao thông nông thôn",
             "<p>Sáng nay, bà con thôn Đông ra quân.</p>"
             f'<p><img src="/tep/{name}" alt="Bà con thôn Đông làm đường"></p>')
    # A newer article with a picture leads the home page, so the one above is in the list below it.
    _publish(content, "Tin mới hơn có ảnh", "<p>Chữ.</p>", cover=save_image(store, _photo(colour=(9, 9, 9))),
             cover_alt="Ảnh")
    html = client.get("/").get_data(as_text=True) + client.get("/tim-kiem?q=ra+quan").get_data(as_text=True)
    card = re.search(r'<img class="article-card__img"[^>]*>', html)
    assert card, "the article's list card shows the body's photo"
    tag = card.group(0)
    assert f'src="/tep/{stem}-320.jpg"' in tag and 'alt="Bà con thôn Đông làm đường"' in tag
    assert f"/tep/{stem}-800.jpg 800w" in tag and f"/tep/{name} 1600w" in tag


def test_a_cover_wins_over_the_body_photo_and_an_article_without_pictures_has_none(app, client, content):
    store = app.extensions["trangxa"].store
    body_photo = save_image(store, _photo(colour=(200, 30, 30)))
    cover = save_image(store, _photo(colour=(30, 30, 200)))
    _publish(content, "Hội nghị tổng kết", f'<p><img src="/tep/{body_photo}" alt="Hội trường"></p>',
             cover=cover, cover_alt="Đại biểu dự hội nghị")
    _publish(content, "Thông báo lịch tiếp dân", "<p>Chỉ có chữ.</p>")
    meta = {m["title"]: m for m in content.index().meta.values()}
    assert meta["Hội nghị tổng kết"]["picture"] == cover
    assert meta["Hội nghị tổng kết"]["picture_alt"] == "Đại biểu dự hội nghị"
    assert meta["Thông báo lịch tiếp dân"]["picture"] is None


def test_pictures_in_a_body_get_srcset_and_sizes_and_other_sites_pictures_are_left_alone(app, client, content):
    store = app.extensions["trangxa"].store
    name = save_image(store, _photo())
    small = save_image(store, _photo(300, 200))
    stem = name.split(".")[0]
    art = _publish(content, "Ngày hội đại đoàn kết",
                   f'<p><img src="/tep/{name}" alt="Văn nghệ"></p><p><img src="/tep/{small}" alt="Ảnh nhỏ"></p>'
                   '<p><img src="https://baohungyen.vn/anh.jpg" alt="Ảnh báo tỉnh"></p>')
    sec = content.section(art["section_id"])
    html = client.get(f"/{sec['slug']}/{art['slug']}").get_data(as_text=True)
    body = html.split('class="article__body prose">', 1)[1].split("</div>", 1)[0]
    tags = re.findall(r"<img[^>]*>", body)
    assert len(tags) == 3
    assert f'srcset="/tep/{stem}-320.jpg 320w, /tep/{stem}-800.jpg 800w, /tep/{name} 1600w"' in tags[0]
    assert 'sizes="(min-width: 1140px) 788px' in tags[0] and 'width="1600"' in tags[0]
    assert f'srcset="/tep/{small} 300w"' in tags[1]  # smaller than every web size: itself only
    assert "srcset" not in tags[2] and "sizes" not in tags[2]
    # The stored body is untouched: srcset is added when the page is drawn, never saved.
    assert "srcset" not in content.article(art["id"])["body"]


def test_the_demo_shows_drawn_illustrations_captioned_as_such_and_removes_them_with_itself(demo_app, data_dir):
    from core.demo import remove_demo
    from core.seed.pictures import CAPTION
    site = demo_app.extensions["trangxa"]
    client = demo_app.test_client()
    home = client.get("/").get_data(as_text=True)
    cards = re.findall(r'<img class="article-card__img"[^>]*>', home)
    assert cards and all("-320.jpg" in c and 'alt="Hình vẽ minh họa' in c for c in cards)
    illustrated = [m for m in site.content.index().meta.values() if m.get("picture")]
    assert len(illustrated) >= 8
    art = site.content.article(illustrated[0]["id"])
    assert CAPTION in art["body"] and "<figcaption>" in art["body"]
    images = [i for i in site.library.all() if i["kind"] == "image"]
    assert len(images) >= 3 and all(i["alt"].startswith("Hình vẽ minh họa") for i in images)
    names = {i["name"] for i in images}
    remove_demo(site, backup=False)
    left = set(p.name for p in (data_dir / "uploads").iterdir())
    assert not names & left

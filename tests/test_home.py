"""The home page: the lead story with its picture, no article twice, the Tin ảnh block, the empty Video and
Phát thanh slots, and what a first visit weighs (printed)."""
from __future__ import annotations

import gzip
import re
from datetime import datetime, timedelta

from conftest import section_id, unescaped
from core.home import home_lists
from core.uploads import save_image
from test_albums import _album, _pictures, jpeg


def _publish(content, title: str, section: str, minutes_ago: int, **extra) -> dict:
    when = (datetime.now() - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M")
    return content.save_article(dict({"title": title, "section_id": section_id(content, section),
                                      "status": "published", "body": f"<p>{title}.</p>", "publish_at": when},
                                     **extra))


def _ids(items: list[dict]) -> list[int]:
    return [a["id"] for a in items]


def test_the_lead_story_is_the_newest_article_with_a_picture_shown_big_with_srcset(app, client, content):
    store = app.extensions["trangxa"].store
    photo = save_image(store, jpeg(1600, 1000))
    _publish(content, "Bài có ảnh bìa", "Chuyển đổi số", 30, cover=photo, cover_alt="Lớp tập huấn chữ ký số")
    _publish(content, "Bài mới nhất không có ảnh", "Chuyển đổi số", 5)
    html = unescaped(client.get("/"))
    lead = html[html.index('class="home-lead"'):html.index("</section>", html.index('class="home-lead"'))]
    assert "Bài có ảnh bìa" in lead and 'alt="Lớp tập huấn chữ ký số"' in lead
    stem = photo.rsplit(".", 1)[0]
    assert f'src="/tep/{stem}-320.jpg"' in lead and f"/tep/{stem}-800.jpg 800w" in lead and 'sizes="' in lead
    assert 'loading="lazy"' not in lead  # the page's main picture
    # A pinned article with a picture leads before a newer one.
    other = save_image(store, jpeg(1200, 800))
    _publish(content, "Thông báo ghim có ảnh", "Tin tức – Sự kiện", 60, pinned=True, cover=other, cover_alt="Ảnh")
    assert home_lists(content)["lead"]["title"] == "Thông báo ghim có ảnh"


def test_latest_news_and_the_section_blocks_never_repeat_an_article(app, content):
    for n in range(8):
        _publish(content, f"Tin sự kiện {n}", "Tin tức – Sự kiện", 100 - n)
        _publish(content, f"Tin chuyển đổi số {n}", "Chuyển đổi số", 50 - n)
    lists = home_lists(content)
    shown = _ids(lists["latest"]) + [i for b in lists["blocks"] for i in _ids(b["items"])]
    assert len(shown) == len(set(shown)) and len(lists["latest"]) == 6
    blocks = {b["section"]["name"]: b["items"] for b in lists["blocks"]}
    assert [a["title"] for a in blocks["Chuyển đổi số"]] == [f"Tin chuyển đổi số {n}" for n in (1, 0)]
    assert len(blocks["Tin tức – Sự kiện"]) == 5  # still full: older articles fill the block


def test_the_home_page_shows_the_same_lists_and_the_albums_block(app, client, content):
    site = app.extensions["trangxa"]
    for n in range(4):
        _publish(content, f"Tin số {n}", "Chuyển đổi số", 10 - n)
    html = unescaped(client.get("/"))
    assert 'aria-labelledby="tin-anh"' not in html  # no albums: no block
    for n in range(4):
        assert html.count(f">Tin số {n}</a>") == 1
    album = _album(site, _pictures(site, 2))
    html = unescaped(client.get("/"))
    block = html[html.index('aria-labelledby="tin-anh"'):]
    assert "Lễ ra quân vệ sinh môi trường" in block and 'href="/tin-anh"' in block
    assert re.search(r'class="album-card__img" src="/tep/[0-9a-f]{32}-320\.jpg"[^>]*srcset=', block)
    assert f'href="/tin-anh/{album["id"]}-' in block


def test_the_video_and_radio_slots_stay_empty_until_their_modules_fill_them(app, client):
    html = client.get("/").get_data(as_text=True)
    assert "home-video" not in html and "home-radio" not in html
    with app.test_request_context("/"):
        from flask import render_template
        page = render_template("public/home.html", pinned=[], banners=[], lead=None, latest=[], blocks=[],
                               albums=[], sections={}, links=[], stats={}, home_video=[], home_radio=[])
    assert "Chưa có tin bài nào được đăng" in page


def test_home_page_weight_with_pictures_is_printed(demo_app):
    """Print what a first visit downloads (HTML gzip-compressed, CSS, JS, pictures loaded at once at 360 px)."""
    client = demo_app.test_client()
    r = client.get("/")
    html = r.get_data(as_text=True)
    sizes = {"html (gzip)": len(gzip.compress(r.data))}
    for asset in re.findall(r'(?:href|src)="(/static/[^"?]+)', html):
        if asset.endswith((".css", ".js")):
            sizes[asset] = len(gzip.compress(client.get(asset).data))
    pictures = 0
    for img in re.findall(r"<img\b[^>]*>", html):
        src = re.search(r'src="([^"]+)"', img).group(1)
        if src.startswith("/tep/"):  # a phone takes the 320 px copy the src names; lazy ones count too
            pictures += len(client.get(src).data)
    sizes["pictures"] = pictures
    total = sum(sizes.values())
    print(f"\nHome page with pictures: {total / 1024:.1f} KB")
    for name, size in sizes.items():
        print(f"  {size / 1024:7.1f} KB  {name}")
    assert 'class="home-lead"' in html and 'aria-labelledby="tin-anh"' in html
    assert total <= 300 * 1024


def test_the_home_page_shows_the_latest_video_and_radio_bulletins_when_there_are_some(demo_app):
    site = demo_app.extensions["trangxa"]
    client = demo_app.test_client()
    html = client.get("/").get_data(as_text=True)
    assert 'id="phat-thanh-moi"' in html and html.count('<audio class="radio-player"') == 2  # the demo's two
    assert 'id="video-moi"' not in html  # no video yet: no empty block
    site.videos.save({"title": "Hội nghị trực tuyến toàn tỉnh", "shown_on": "2026-11-20",
                      "youtube": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"})
    html = client.get("/").get_data(as_text=True)
    block = html.split('id="video-moi"', 1)[1].split("</section>", 1)[0]
    assert "Hội nghị trực tuyến toàn tỉnh" in block and 'class="video-preview"' in block
    assert "<iframe" not in block and "ytimg" not in block  # nothing from YouTube before the click

"""Pictures on public pages: each says its real size (no jumping text) and waits until it is scrolled to.

Only what is at the top of the first screen may load at once: the header emblem, an article's cover
(the page's main picture), the home page's lead story, an album's first picture and the first home banner.
The home page's total weight is measured in Chromium by tests/e2e/test_page_weight.py.
"""
from __future__ import annotations

import io
from html.parser import HTMLParser

from PIL import Image

from core.uploads import save_image, upload_size


def jpeg(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (40, 110, 170)).save(buf, "JPEG", quality=80)
    return buf.getvalue()


class _Images(HTMLParser):
    """Collect every <img> with where it sits: the article's cover figure or the banner list."""

    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self._where: list[str] = []  # "cover" / "banners" / "" per open figure or ul
        self._banners = 0
        self._album = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in ("figure", "ul"):
            self._where.append("cover" if "article__cover" in classes else
                               "lead" if "home-lead__figure" in classes else
                               "album" if "album__figure" in classes else
                               "banners" if "banner-list" in classes else "")
        elif tag == "img":
            where = next((w for w in reversed(self._where) if w), "")
            if where == "album":
                self._album += 1
                where = "first-album-picture" if self._album == 1 else "album-picture"
            if where == "banners":
                self._banners += 1
                where = "first-banner" if self._banners == 1 else "banner"
            if "brand__emblem" in classes:
                where = "emblem"
            self.images.append(dict(attrs, where=where))

    def handle_endtag(self, tag):
        if tag in ("figure", "ul") and self._where:
            self._where.pop()


# The home page's lead story and an album's first picture are their page's main picture, too.
ABOVE_THE_FOLD = {"emblem", "cover", "first-banner", "lead", "first-album-picture"}


def test_every_picture_has_its_real_size_and_loads_lazily_below_the_fold(demo_app):
    svc = demo_app.extensions["trangxa"]
    store, content = svc.store, svc.content
    cover, photo, inline = (save_image(store, jpeg(*size)) for size in ((1800, 1200), (600, 800), (1200, 500)))
    banners = [save_image(store, jpeg(1600, 300)), save_image(store, jpeg(1600, 400))]
    for i, name in enumerate(banners):
        svc.banners.save({"title": f"Banner {i}", "alt": f"Tuyên truyền {i}", "start": "2000-01-01", "image": name})
    section = next(s for s in content.sections() if s["kind"] == "articles")
    body = f'<p>Toàn cảnh hội nghị.</p><p><img src="/tep/{inline}" alt="Hội trường"></p>'  # as pasted: no size
    article = content.save_article({"title": "Hội nghị có ảnh", "section_id": section["id"], "status": "published",
                                    "body": body, "cover": cover, "cover_alt": "Quang cảnh hội nghị"})
    page = content.save_page({"title": "Trang có ảnh", "body": body})
    for org, extra in (("ubnd", {"spokesperson": True}), ("ban_bien_tap", {"board_role": "truong_ban"})):
        svc.people.save(dict({"name": "Nguyễn Văn Ảnh", "title": "Phó Chủ tịch UBND xã", "organisation": org,
                              "photo": photo}, **extra))
    doc = svc.documents.latest(1)[0]
    album = svc.albums.all()[0]
    urls = ["/", "/tin-anh", f"/tin-anh/{album['id']}-{album['slug']}",
            f"/{section['slug']}", f"/{section['slug']}/{article['slug']}", f"/gioi-thieu/{page['slug']}",
            "/van-ban", f"/van-ban/{doc['id']}-{doc['slug']}", "/gioi-thieu/co-cau-to-chuc",
            "/gioi-thieu/nguoi-phat-ngon", "/gioi-thieu/ban-bien-tap"]
    client = demo_app.test_client()
    problems, seen = [], set()
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        parser = _Images()
        parser.feed(r.get_data(as_text=True))
        for img in parser.images:
            seen.add(img["src"].split("?")[0])
            label = f"{url}: <img src={img['src']!r}> ({img['where'] or 'in the page'})"
            if not (img.get("width", "").isdigit() and img.get("height", "").isdigit()):
                problems.append(f"{label} has no width and height")
            elif img["src"].startswith("/tep/") and (int(img["width"]), int(img["height"])) != upload_size(
                    store, img["src"]):
                problems.append(f"{label} says {img['width']}×{img['height']}, not the file's real size")
            if img.get("loading") != "lazy" and img["where"] not in ABOVE_THE_FOLD:
                problems.append(f"{label} is not loading=\"lazy\"")
    assert not problems, "\n".join(problems)
    # Every kind of picture was really on the pages checked.
    assert {f"/tep/{n}" for n in (cover, photo, inline, *banners)} <= seen

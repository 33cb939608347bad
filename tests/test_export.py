"""The static mirror of the demo site: every internal link in it resolves to a file."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from app import create_app

LINK = re.compile(r'\b(?:href|src)="([^"#]+)"')


def test_mirror_of_the_demo_site_has_no_broken_internal_link(data_dir, tmp_path):
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": True, "TESTING": True})
    out = tmp_path / "mirror"
    result = app.test_cli_runner().invoke(args=["export-static", str(out), "--live-url", "https://duongquang.example.gov.vn"])
    assert result.exit_code == 0, result.output
    html_files = list(out.rglob("*.html"))
    assert len(html_files) > 40
    checked = 0
    for page in html_files:
        text = page.read_text(encoding="utf-8")
        for link in LINK.findall(text):
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto", "tel"):
                assert "/quan-tri" not in link
                continue
            assert not link.startswith("/"), f"{page}: absolute link {link} breaks off the site's root"
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(out)} links to missing {link}"
            checked += 1
    assert checked > 500
    # Pages a citizen expects, including section pagination, documents and their files, feeds.
    for name in ("index.html", "chuyen-doi-so/index.html", "tin-tuc-su-kien/trang-2/index.html", "van-ban/index.html",
                 "lich-cong-tac/index.html", "so-do-cong/index.html", "rss.xml", "sitemap.xml",
                 "gioi-thieu/co-cau-to-chuc/index.html", "static/css/site.css"):
        assert (out / name).is_file(), name
    assert any(p.parts[-1] == "tai-ve" for p in out.rglob("tai-ve")), "document downloads are in the mirror"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'action="https://duongquang.example.gov.vn/tim-kiem"' in home  # search goes to the live site
    assert "bản sao tĩnh" in home
    assert not list(out.rglob("quan-tri*"))
    articles = [p for p in html_files if p.parent.parent.name == "chuyen-doi-so"]
    assert articles and all("danh-gia" not in p.read_text(encoding="utf-8") for p in articles)  # no rating form
    assert all("<main" in p.read_text(encoding="utf-8") for p in articles)

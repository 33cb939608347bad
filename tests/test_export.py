"""The static mirror of the demo site: every internal link in it resolves to a file."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from app import create_app
from conftest import section_id

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
    # Absolute links name the live site, never the crawler's "localhost".
    live = "https://duongquang.example.gov.vn"
    assert f"<loc>{live}/chuyen-doi-so</loc>" in (out / "sitemap.xml").read_text(encoding="utf-8")
    rss = (out / "rss.xml").read_text(encoding="utf-8")
    assert f"<link>{live}/</link>" in rss and f'<atom:link href="{live}/rss.xml"' in rss
    assert f"Sitemap: {live}/sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8")
    assert f'<meta property="og:url" content="{live}/">' in home
    article = articles[0].relative_to(out).parent.as_posix()
    assert f'<meta property="og:url" content="{live}/{article}">' in articles[0].read_text(encoding="utf-8")
    assert not [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".txt", "")
                and b"localhost" in p.read_bytes()]


def test_live_url_with_a_sub_path_and_from_base_url(app, content, tmp_path):
    content.save_article({"title": "Tin mới trong bản sao", "section_id": section_id(content, "Chuyển đổi số"),
                          "status": "published"})
    live = "https://cong.example.gov.vn/duong-quang"
    out = tmp_path / "mirror"
    result = app.test_cli_runner().invoke(args=["export-static", str(out), "--live-url", live + "/"])
    assert result.exit_code == 0, result.output
    assert f"<loc>{live}/chuyen-doi-so/tin-moi-trong-ban-sao</loc>" in (out / "sitemap.xml").read_text("utf-8")
    assert f"Sitemap: {live}/sitemap.xml" in (out / "robots.txt").read_text("utf-8")
    assert f"<link>{live}/chuyen-doi-so/tin-moi-trong-ban-sao</link>" in (out / "rss.xml").read_text("utf-8")
    page = (out / "chuyen-doi-so" / "tin-moi-trong-ban-sao" / "index.html").read_text("utf-8")
    assert f'<meta property="og:url" content="{live}/chuyen-doi-so/tin-moi-trong-ban-sao">' in page
    assert 'href="../../static/css/site.css' in page  # the sub-path stays out of the mirror's own links
    assert f'action="{live}/tim-kiem"' in page
    assert not (out / "duong-quang").exists()
    assert not [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".txt", "")
                and b"localhost" in p.read_bytes()]


def test_export_takes_base_url_and_refuses_another_live_url(data_dir, tmp_path):
    base = "https://duongquang.example.gov.vn"
    app = create_app({"DATA_DIR": str(data_dir), "SEED_DEMO": False, "TESTING": True, "BASE_URL": base})
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export-static", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert f"Sitemap: {base}/sitemap.xml" in (tmp_path / "a" / "robots.txt").read_text("utf-8")
    result = runner.invoke(args=["export-static", str(tmp_path / "b"), "--live-url", "https://khac.example"])
    assert result.exit_code == 2 and "khác BASE_URL" in result.output
    result = runner.invoke(args=["export-static", str(tmp_path / "c"), "--live-url", "xa.example.gov.vn"])
    assert result.exit_code == 2 and "--live-url phải có dạng" in result.output

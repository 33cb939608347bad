"""Static mirror: the whole public site written as files with relative links.

``flask --app app export-static OUT/ [--live-url https://xa.example.gov.vn]``
crawls the public site through the app itself (no server needed), from the
home page and the sitemap, and writes every page, section page, article,
document, image, feed and stylesheet so any static host (or a USB stick)
can serve it. Forms that need the live site (search, questions, comments)
point to ``--live-url`` when given, and otherwise say they only work online.
The absolute links (sitemap, feeds, robots.txt, og:url) name the live site:
``--live-url``, or else BASE_URL.
"""
from __future__ import annotations

import os
import posixpath
import re
import shutil
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Flask

CRAWLER_UA = "TrangXaExport/1.0 (static mirror; bot)"  # a robot: page views are not counted
SKIP_PREFIXES = ("/quan-tri", "/dang-nhap", "/dang-xuat", "/doi-mat-khau", "/thiet-lap", "/tim-kiem",
                 "/hoi-dap/gui-cau-hoi", "/hoi-dap/tra-cuu")
LINK = re.compile(r'(?P<attr>\b(?:href|src|action|poster))="(?P<url>[^"#][^"]*)"')
SRCSET = re.compile(r'\bsrcset="(?P<value>[^"]*)"')
RATING = re.compile(r'\s*<section class="rating".*?</section>', re.S)
XML_LOC = re.compile(r"<(loc|link|guid[^>]*)>(?P<url>[^<]+)</")


def file_for(url: str, html: bool) -> str:
    """Return the mirror file (relative, POSIX) for a site-relative URL."""
    parts = urlsplit(url)
    path = unquote(parts.path).lstrip("/")
    if path.startswith("static/"):
        return path  # the ?v= version only busts caches
    if parts.query:
        query = re.sub(r"[^0-9A-Za-z_-]+", "-", unquote(parts.query)).strip("-")
        path = posixpath.join(path, query) if path else query
    if html:
        return posixpath.join(path, "index.html") if path else "index.html"
    return path


def _relative(from_file: str, to_file: str) -> str:
    rel = posixpath.relpath(to_file, posixpath.dirname(from_file) or ".")
    return rel


def _live_site(app: Flask, live_url: str | None) -> str | None:
    """Return the live site's address the mirror names (``live_url``, else BASE_URL), or None when unknown."""
    base = (app.config.get("BASE_URL") or "").rstrip("/")
    if not live_url:
        return base or None
    live = live_url.rstrip("/")
    parts = urlsplit(live)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"--live-url phải có dạng https://ten-mien[/duong-dan], không phải {live_url!r}")
    if base and base != live:
        # Every request is made to look as if it came to BASE_URL: the links would name that one.
        raise ValueError(f"--live-url ({live}) khác BASE_URL ({base}) của trang: bỏ --live-url hoặc sửa BASE_URL")
    return live


def export_static(app: Flask, out: str | os.PathLike, live_url: str | None = None) -> dict:
    """Write the public site into ``out``; return counts and any link that did not answer 200."""
    live_url = _live_site(app, live_url)
    # Crawled as if at the live address, the app writes it into the sitemap, the feeds and og:url.
    site = live_url or "http://localhost"
    prefix = urlsplit(site).path
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    client = app.test_client()
    headers = {"User-Agent": CRAWLER_UA}

    def local(url: str) -> str:
        """Return a link of the app's without the live site's sub-path: the mirror's files sit at its root."""
        if prefix and (url == prefix or url.startswith(prefix + "/") or url.startswith(prefix + "?")):
            return url[len(prefix):] or "/"
        return url
    seen: dict[str, str] = {}  # url -> mirror file
    broken: list[tuple[str, int]] = []
    queue: deque[str] = deque(["/", "/sitemap.xml", "/rss.xml", "/robots.txt"])
    pages: dict[str, tuple[str, bytes, str]] = {}  # url -> (file, body, mimetype)

    def enqueue(url: str) -> None:
        url = local(url)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/") or url.startswith("//"):
            return
        if url.startswith(SKIP_PREFIXES) or url.startswith("/static/"):
            return
        if parts.query and not re.fullmatch(r"trang=\d+", parts.query):
            return  # only pagination: filters and week navigation would never end
        clean = parts.path + (f"?{parts.query}" if parts.query else "")
        if clean not in seen:
            seen[clean] = ""
            queue.append(clean)

    for url in list(queue):
        seen[url] = ""
    while queue:
        url = queue.popleft()
        r = client.get(url, base_url=site, headers=headers)
        if r.status_code in (301, 302):
            enqueue(urlsplit(r.headers["Location"]).path)
            continue
        if r.status_code != 200:
            broken.append((url, r.status_code))
            continue
        html = r.mimetype == "text/html"
        body = r.get_data()
        name = file_for(url, html)
        seen[url] = name
        pages[url] = (name, body, r.mimetype)
        if html:
            text = body.decode("utf-8")
            for m in LINK.finditer(text):
                if m.group("attr") != "action":
                    enqueue(m.group("url").replace("&amp;", "&"))
            for m in SRCSET.finditer(text):
                for candidate in m.group("value").split(","):
                    enqueue(candidate.strip().split(" ")[0])
        elif r.mimetype in ("application/xml", "application/rss+xml"):
            for m in XML_LOC.finditer(body.decode("utf-8")):
                enqueue(urlsplit(m.group("url").strip()).path or "/")

    def rewrite(page_file: str, text: str) -> str:
        def link(m: re.Match) -> str:
            attr, url = m.group("attr"), local(m.group("url").replace("&amp;", "&"))
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not url.startswith("/"):
                return m.group(0)
            if attr == "action" or url.startswith(SKIP_PREFIXES):
                target = (live_url.rstrip("/") + url) if live_url else "#chi-hoat-dong-tren-trang-chinh"
                return f'{attr}="{target}"'
            clean = parts.path + (f"?{parts.query}" if parts.query else "")
            if url.startswith("/static/"):
                return f'{attr}="{_relative(page_file, file_for(url, False))}"'
            target = seen.get(clean)
            if not target:
                # Not mirrored (filters, other weeks): the live site has it.
                return f'{attr}="{(live_url.rstrip("/") + url) if live_url else "#chi-hoat-dong-tren-trang-chinh"}"'
            return f'{attr}="{_relative(page_file, target)}"'

        def srcset(m: re.Match) -> str:
            items = []
            for candidate in m.group("value").split(","):
                url, _, size = candidate.strip().partition(" ")
                target = seen.get(local(url))
                items.append(f"{_relative(page_file, target) if target else url} {size}".strip())
            return f'srcset="{", ".join(items)}"'

        return SRCSET.sub(srcset, LINK.sub(link, text))

    notice = ('<p class="alert alert--warning">Đây là bản sao tĩnh của trang. Tìm kiếm, gửi câu hỏi và góp ý '
              + (f'chỉ hoạt động trên <a href="{live_url}">trang chính</a>.</p>' if live_url
                 else "chỉ hoạt động trên trang chính.</p>"))
    for name, body, mimetype in pages.values():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if mimetype == "text/html":
            # The rating needs the live site's answer, which another site's page may not read: left out.
            text = rewrite(name, RATING.sub("", body.decode("utf-8")))
            text = text.replace('<main id="noi-dung" class="wrap main" tabindex="-1">',
                                '<main id="noi-dung" class="wrap main" tabindex="-1">' + notice, 1)
            target.write_text(text, encoding="utf-8")
        else:
            target.write_bytes(body)
    static_out = out / "static"
    if static_out.exists():
        shutil.rmtree(static_out)
    shutil.copytree(app.static_folder, static_out)
    return {"files": len(pages), "broken": broken}

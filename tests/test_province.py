"""Province mode: one install, one data folder per commune, served by host name or path prefix, nothing shared."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path


from app import create_app
from conftest import PASSWORD, csrf_from, run_at_once
from core.content import Content
from core.sites import DISABLED
from core.store import Store

A, B = "xa-duongquang.hungyen.gov.vn", "xa-tanlap.hungyen.gov.vn"


def province(sites: Path, **config):
    return create_app({"SITES_DIR": str(sites), "TESTING": True, "COUNTER_MERGE_SECONDS": 0.0, **config})


def make(app, host: str, name: str, *extra: str):
    result = app.test_cli_runner().invoke(args=["site", "create", host, "--name", name, *extra])
    assert result.exit_code == 0, result.output
    link = re.search(r"(https?://\S+/thiet-lap/\S+)", result.output).group(1)
    return link


def commune(sites: Path, host: str) -> Content:
    return Content(Store(sites / host))


def get(client, host: str, path: str = "/", **kw):
    return client.get(path, base_url=f"https://{host}", **kw)


def test_each_host_is_its_own_commune_and_an_unknown_host_gets_a_plain_404(sites):
    app = province(sites)
    link_a = make(app, A, "Xã Dương Quang")
    make(app, B, "Xã Tân Lập")
    assert link_a.startswith(f"https://{A}/thiet-lap/")
    client = app.test_client()
    home_a, home_b = get(client, A).get_data(as_text=True), get(client, B).get_data(as_text=True)
    assert "xã Dương Quang" in home_a and "Tân Lập" not in home_a
    assert "xã Tân Lập" in home_b and "Dương Quang" not in home_b
    for host in ("xa-khac.hungyen.gov.vn", "..", "cac-xa", "", "A..B", "xa_x"):
        r = client.get("/", headers={"Host": host})  # as sent, however odd
        assert r.status_code == 404 and "Trang thông tin điện tử" not in r.get_data(as_text=True), host
    listed = app.test_cli_runner().invoke(args=["site", "list"]).output
    assert A in listed and B in listed and "đang chạy" in listed


def test_accounts_sessions_search_and_uploads_never_cross_communes(sites):
    app = province(sites)
    link = make(app, A, "Xã Dương Quang")
    make(app, B, "Xã Tân Lập")
    client = app.test_client()
    # The one-time link creates A's first admin, on A only.
    token = link.rsplit("/", 1)[1]
    assert get(client, B, f"/thiet-lap/{token}").status_code == 404
    page = get(client, A, f"/thiet-lap/{token}").get_data(as_text=True)
    r = client.post(f"/thiet-lap/{token}", base_url=f"https://{A}", headers={"Referer": f"https://{A}/"}, data={
        "csrf_token": csrf_from(page), "username": "quantri", "display_name": "Quản trị xã A",
        "password": PASSWORD, "confirm": PASSWORD})
    assert r.status_code == 302
    assert get(client, A, "/quan-tri/").status_code == 200  # logged in on A
    # The same browser cookie is no session on B (another secret key), and B has no such account.
    cookie = client.get_cookie("trangxa_session", domain=A)
    assert cookie is not None
    client.set_cookie("trangxa_session", cookie.value, domain=B)
    r = get(client, B, "/quan-tri/")
    assert r.status_code == 302 and "/dang-nhap" in r.headers["Location"]
    # Content and search stay in their commune.
    sec = next(s for s in commune(sites, A).sections() if s.get("kind") != "pages")
    commune(sites, A).save_article({"title": "Ra quân vệ sinh môi trường thôn Đông", "section_id": sec["id"],
                                    "body": "<p>Nội dung.</p>", "status": "published"})
    def words(host: str, path: str) -> str:
        return re.sub(r"<[^>]+>", "", get(client, host, path).get_data(as_text=True))

    assert "Ra quân vệ sinh" in words(A, "/tim-kiem?q=ve+sinh+moi+truong")
    assert "Ra quân vệ sinh" not in words(B, "/tim-kiem?q=ve+sinh+moi+truong")
    slug = "ra-quan-ve-sinh-moi-truong-thon-dong"
    assert slug in get(client, A, "/rss.xml").get_data(as_text=True)
    assert slug not in get(client, B, "/rss.xml").get_data(as_text=True)
    assert slug in get(client, A, "/api/v1/articles").get_data(as_text=True)
    assert slug not in get(client, B, "/api/v1/articles").get_data(as_text=True)
    assert slug not in get(client, B, "/sitemap.xml").get_data(as_text=True)
    # Each commune's files are in its own folder: A's uploads are not served by B.
    Store(sites / A).save_blob("uploads/" + "a" * 32 + ".pdf", b"%PDF-1.4\n%%EOF\n")
    assert get(client, B, "/tep/" + "a" * 32 + ".pdf").status_code == 404
    assert not (sites / B / "uploads" / ("a" * 32 + ".pdf")).exists()


def test_path_prefix_mode_builds_every_link_under_the_commune_s_path(sites):
    app = province(sites, SITES_BY_PATH=True, SITES_BASE_URL="https://congthongtin.hungyen.gov.vn")
    link = make(app, "xa-duong-quang", "Xã Dương Quang")
    assert link.startswith("https://congthongtin.hungyen.gov.vn/xa-duong-quang/thiet-lap/")
    make(app, "xa-tan-lap", "Xã Tân Lập")
    client = app.test_client()
    html = client.get("/xa-duong-quang/").get_data(as_text=True)
    assert "xã Dương Quang" in html
    hrefs = re.findall(r'href="(/[^"]*)"', html)
    assert hrefs and all(h.startswith("/xa-duong-quang/") for h in hrefs), [h for h in hrefs if "/xa-duong" not in h]
    assert client.get("/xa-tan-lap/").status_code == 200
    assert client.get("/xa-khong-co/").status_code == 404 and client.get("/").status_code == 404


def test_a_disabled_commune_answers_404_and_keeps_its_data(sites):
    app = province(sites)
    make(app, A, "Xã Dương Quang")
    client = app.test_client()
    assert get(client, A).status_code == 200
    r = app.test_cli_runner().invoke(args=["site", "disable", A])
    assert r.exit_code == 0 and (sites / A / DISABLED).exists()
    assert get(client, A).status_code == 404
    assert commune(sites, A).settings()["commune_name"] == "Dương Quang"
    assert app.test_cli_runner().invoke(args=["site", "enable", A]).exit_code == 0
    assert get(client, A).status_code == 200
    assert app.test_cli_runner().invoke(args=["site", "disable", "xa-khong-co.vn"]).exit_code == 1


def test_export_then_import_moves_a_commune_whole(sites, tmp_path):
    app = province(sites)
    make(app, A, "Xã Dương Quang", "--demo")
    out = tmp_path / "duong-quang.zip"
    r = app.test_cli_runner().invoke(args=["site", "export", A, str(out)])
    assert r.exit_code == 0, r.output
    assert "site.json" in zipfile.ZipFile(out).namelist()
    r = app.test_cli_runner().invoke(args=["site", "import", "xa-moi.hungyen.gov.vn", str(out)])
    assert r.exit_code == 0, r.output
    titles = lambda host: sorted(m["title"] for m in commune(sites, host).index().meta.values())  # noqa: E731
    assert titles("xa-moi.hungyen.gov.vn") == titles(A) and titles(A)
    # A broken zip creates nothing.
    bad = tmp_path / "hong.zip"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    r = app.test_cli_runner().invoke(args=["site", "import", "xa-hong.hungyen.gov.vn", str(bad)])
    assert r.exit_code == 1 and not (sites / "xa-hong.hungyen.gov.vn").exists()
    # A name taken or not a host name is refused.
    assert app.test_cli_runner().invoke(args=["site", "create", A, "--name", "Xã khác"]).exit_code == 1
    assert app.test_cli_runner().invoke(args=["site", "create", "../ra-ngoai", "--name", "X"]).exit_code == 1


def test_a_worker_keeps_at_most_sites_cache_communes_and_still_sees_other_workers_writes(sites):
    app = province(sites, SITES_CACHE=2)
    hosts = [f"xa-{n}.hungyen.gov.vn" for n in range(4)]
    for n, host in enumerate(hosts):
        make(app, host, f"Xã Số {n}")
    dispatcher = app.extensions["trangxa.province"]
    client = app.test_client()
    for _ in range(2):
        for n, host in enumerate(hosts):
            assert f"xã Số {n}" in get(client, host).get_data(as_text=True)
            assert len(dispatcher.cached()) <= 2
    assert dispatcher.cached() == hosts[-2:]
    # Another worker (its own app on the same folder) renames commune 3, which this worker still holds,
    # and commune 0, which it evicted: both are seen at once.
    for n in (3, 0):
        other = create_app({"DATA_DIR": str(sites / hosts[n]), "SEED_DEMO": False, "TESTING": True})
        content = other.extensions["trangxa"].content
        content.save_settings(dict(content.settings(), commune_name=f"Đổi Tên {n}"))
        assert f"xã Đổi Tên {n}" in get(client, hosts[n]).get_data(as_text=True)


def _start_commune(sites: str, host: str, barrier, out: str) -> None:
    """In a fresh process, build the province and answer one request for ``host``; write the page's title."""
    from app import create_app as build
    barrier.wait()
    client = build({"SITES_DIR": sites, "TESTING": True}).test_client()
    html = client.get("/", headers={"Host": host}).get_data(as_text=True)
    Path(out).write_text(re.search(r"<title>(.*?)</title>", html, re.S).group(1), encoding="utf-8")


def test_several_workers_starting_at_once_serve_the_same_commune(sites, tmp_path):
    app = province(sites)
    make(app, A, "Xã Dương Quang")
    titles = run_at_once(_start_commune, [(str(sites), A)] * 3, tmp_path / "workers")
    assert len(set(titles)) == 1 and "Dương Quang" in titles[0]


def test_the_province_report_adds_up_every_commune_as_counted_by_hand(sites, tmp_path):
    import docx
    import openpyxl

    from core import timeutil
    from core.qa import Questions
    app = province(sites)
    make(app, A, "Xã Dương Quang")
    make(app, B, "Xã Tân Lập")
    make(app, "xa-nghi.hungyen.gov.vn", "Xã Nghỉ")
    app.test_cli_runner().invoke(args=["site", "disable", "xa-nghi.hungyen.gov.vn"])  # not in the report
    published = {A: ["2026-11-03T08:00:00+07:00", "2026-11-10T08:00:00+07:00", "2026-11-20T08:00:00+07:00",
                     "2026-10-20T08:00:00+07:00"],  # the last one before the period
                 B: ["2026-11-15T08:00:00+07:00"]}
    for host, dates in published.items():
        content = commune(sites, host)
        sec = next(s for s in content.sections() if s.get("kind") != "pages")
        for n, when in enumerate(dates):
            content.save_article({"title": f"Tin số {n} của {host}", "section_id": sec["id"], "body": "<p>x</p>",
                                  "status": "published", "publish_at": when})
    Questions(Store(sites / A)).submit({"name": "Người dân", "topic": "Khác", "question": "Xin hỏi giờ làm việc?"},
                                       address="203.0.113.9")
    now = timeutil.now().date()
    end = max(now, timeutil.parse_day("30/11/2026"))
    xlsx, word = tmp_path / "tinh.xlsx", tmp_path / "tinh.docx"
    r = app.test_cli_runner().invoke(args=["site", "report", "--from", "01/11/2026", "--to", end.strftime("%d/%m/%Y"),
                                           "--xlsx", str(xlsx), "--docx", str(word), "--place", "Hưng Yên",
                                           "--agency", "UBND TỈNH HƯNG YÊN"])
    assert r.exit_code == 0, r.output
    assert "2 xã: 4 tin bài" in r.output and "1 câu hỏi" in r.output
    sheet = openpyxl.load_workbook(xlsx)["Tổng hợp"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    assert rows["xã Dương Quang"][2] == 3 and rows["xã Tân Lập"][2] == 1  # the October article is outside
    assert rows["xã Dương Quang"][5] == 1 and rows["xã Tân Lập"][5] == 0
    assert rows["Tổng cộng"][2].startswith("=SUM(C") and "xã Nghỉ" not in rows
    document = docx.Document(word)
    cells = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert cells[0][:3] == ["STT", "Xã", "Tin bài"] and cells[-1][1:3] == ["Tổng cộng", "4"]
    text = " ".join(p.text for p in document.paragraphs)
    assert "2 xã đã đăng tổng cộng 4 tin bài" in text and "BÁO CÁO" in text


def test_the_province_console_has_its_own_accounts_and_shows_every_commune(sites):
    console_host = "quantri.hungyen.gov.vn"
    app = province(sites, SITES_CONSOLE_HOST=console_host)
    link = make(app, A, "Xã Dương Quang")
    make(app, B, "Xã Tân Lập")
    r = app.test_cli_runner().invoke(args=["site", "console-user", "sotinh", "--display-name", "Sở VHTTDL"],
                                     input=f"{PASSWORD}\n{PASSWORD}\n")
    assert r.exit_code == 0, r.output
    client = app.test_client()
    base = f"https://{console_host}"
    assert client.get("/tinh/", base_url=base).status_code == 302  # log in first
    # Not on a commune's host.
    assert client.get("/tinh/", base_url=f"https://{A}", follow_redirects=True).status_code == 404
    page = client.get("/tinh/dang-nhap", base_url=base).get_data(as_text=True)
    wrong = client.post("/tinh/dang-nhap", base_url=base, headers={"Referer": base + "/"},
                        data={"csrf_token": csrf_from(page), "username": "sotinh", "password": "sai-mat-khau"})
    assert wrong.status_code == 401 and "không đúng" in wrong.get_data(as_text=True)
    r = client.post("/tinh/dang-nhap", base_url=base, headers={"Referer": base + "/"},
                    data={"csrf_token": csrf_from(page), "username": "sotinh", "password": PASSWORD})
    assert r.status_code == 302
    html = client.get("/tinh/", base_url=base).get_data(as_text=True)
    assert "Trang thông tin điện tử xã Dương Quang" in html and "Trang thông tin điện tử xã Tân Lập" in html
    assert f'href="https://{A}/"' in html and "Đang chạy" in html
    # The console's account is no account of a commune, and a commune's admin is none of the console.
    token = link.rsplit("/", 1)[1]
    assert client.get(f"/thiet-lap/{token}", base_url=f"https://{A}").status_code == 200  # A still has no admin
    # Disable B from the console: B answers 404; create a new commune: its setup link is shown.
    r = client.post(f"/tinh/xa/{B}/tam-dung", base_url=base, headers={"Referer": base + "/"},
                    data={"csrf_token": csrf_from(html)})
    assert r.status_code == 302 and get(client, B).status_code == 404
    r = client.post("/tinh/xa-moi", base_url=base, headers={"Referer": base + "/"},
                    data={"csrf_token": csrf_from(html), "host": "xa-moi.hungyen.gov.vn", "name": "Xã Mới"})
    assert r.status_code == 302
    html = client.get("/tinh/", base_url=base).get_data(as_text=True)
    assert "https://xa-moi.hungyen.gov.vn/thiet-lap/" in html and "Tạm dừng" in html
    assert get(client, "xa-moi.hungyen.gov.vn").status_code == 200

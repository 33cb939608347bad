"""Province mode, between two communes: view counters and backups stay in their commune."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile

from blueprints.province_console import commune_summary
from conftest import PASSWORD, csrf_from
from core import timeutil
from core.accounts import Accounts
from core.audit import Audit
from core.counters import Counters
from core.sites import Communes
from core.store import Store
from test_province import A, B, commune, get, make, province

UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
UA_PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


def post(client, host: str, path: str, data: dict, **kw):
    return client.post(path, base_url=f"https://{host}", headers={"Referer": f"https://{host}/"}, data=data, **kw)


def log_in(client, sites, host: str, username: str = "quantri") -> None:
    """Give ``host`` an administrator (in its own accounts) and log in on its own login page."""
    Accounts(Store(sites / host)).create_user(username, PASSWORD, "Quản trị xã")
    page = get(client, host, "/dang-nhap").get_data(as_text=True)
    r = post(client, host, "/dang-nhap", {"csrf_token": csrf_from(page), "username": username, "password": PASSWORD})
    assert r.status_code == 302, r.get_data(as_text=True)[:500]


def publish(sites, host: str, title: str, **extra) -> tuple[int, str]:
    """Publish an article in ``host`` and return its id and address."""
    content = commune(sites, host)
    sec = next(s for s in content.sections() if s.get("kind") != "pages")
    art = content.save_article({"title": title, "section_id": sec["id"], "body": "<p>x</p>", "status": "published",
                                **extra})
    return art["id"], f"/{sec['slug']}/{art['slug']}"


def merged(sites, host: str) -> Counters:
    """Return a commune's counters as another worker sees them, every journal merged."""
    counters = Counters(Store(sites / host))
    counters.merge()
    return counters


def test_views_of_an_article_count_only_in_its_own_commune(sites):
    app = province(sites)
    make(app, A, "Xã Dương Quang")
    make(app, B, "Xã Tân Lập")
    # The same title in both communes: the same slug and, each commune numbering its own, the same id.
    id_a, url_a = publish(sites, A, "Họp dân thôn Đông")
    id_b, url_b = publish(sites, B, "Họp dân thôn Đông")
    assert (id_a, url_a) == (id_b, url_b)
    client = app.test_client()
    for ua in (UA, UA, UA_PHONE):
        assert get(client, A, url_a, headers={"User-Agent": ua}).status_code == 200
    assert get(client, B, url_b, headers={"User-Agent": UA}).status_code == 200
    get(client, B, url_b, headers={"User-Agent": "Googlebot/2.1"})  # a robot counts nowhere
    a, b = merged(sites, A), merged(sites, B)
    assert a.views(id_a) == 3 and b.views(id_b) == 1
    assert a.summary()["hits_today"] == 3 and b.summary()["hits_today"] == 1
    assert [d["visits"] for d in a.daily()] == [2] and [d["visits"] for d in b.daily()] == [1]
    # Each commune's journal is in its own folder and names only its own article.
    for host, n in ((A, 3), (B, 1)):
        lines = [line for p in (sites / host / "counters" / "journal").glob("*.log")
                 for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("v ")]
        assert len(lines) == n, host


def _articles_in(zf: zipfile.ZipFile) -> set[str]:
    titles = set()
    for name in zf.namelist():
        if name.startswith("articles/") and name.endswith(".json"):
            titles.update(d.get("title", "") for table in json.loads(zf.read(name)).values()
                          for d in (table.values() if isinstance(table, dict) else []) if isinstance(d, dict))
    return titles


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_of_one_commune_holds_only_its_data_and_shows_only_there(sites, tmp_path):
    console_host = "quantri.hungyen.gov.vn"
    app = province(sites, SITES_CONSOLE_HOST=console_host)
    make(app, A, "Xã Dương Quang")
    make(app, B, "Xã Tân Lập")
    publish(sites, A, "Bài của xã Dương Quang")
    publish(sites, B, "Bài của xã Tân Lập")
    on_a, on_b = app.test_client(), app.test_client()
    log_in(on_a, sites, A)
    log_in(on_b, sites, B)
    # A's administrator downloads A's backup from A's panel: A's data only.
    page = get(on_a, A, "/quan-tri/sao-luu").get_data(as_text=True)
    r = post(on_a, A, "/quan-tri/sao-luu/tai-ve", {"csrf_token": csrf_from(page)})
    assert r.status_code == 200 and r.mimetype == "application/zip"
    backup_a = zipfile.ZipFile(io.BytesIO(r.data))
    assert "Bài của xã Dương Quang" in _articles_in(backup_a)
    assert "Bài của xã Tân Lập" not in _articles_in(backup_a)
    # A's backup is A's last backup, never B's: on B's dashboard and in the province's table.
    assert "Bản sao lưu gần nhất: hôm nay" in get(on_a, A, "/quan-tri/").get_data(as_text=True)
    assert "Chưa tải bản sao lưu nào." in get(on_b, B, "/quan-tri/").get_data(as_text=True)
    assert Audit(Store(sites / B)).last("backup_download") is None
    today = timeutil.now().date()
    assert commune_summary(Communes(sites), A, today)["backup"]
    assert commune_summary(Communes(sites), B, today)["backup"] == ""
    # The province's `site export` of B: B's data only, and now B's last backup.
    out = tmp_path / "tan-lap.zip"
    assert app.test_cli_runner().invoke(args=["site", "export", B, str(out)]).exit_code == 0
    assert _articles_in(zipfile.ZipFile(out)) == {"Bài của xã Tân Lập"}
    assert "Bản sao lưu gần nhất: hôm nay" in get(on_b, B, "/quan-tri/").get_data(as_text=True)
    # A zip that names A's folder cannot pull or overwrite A's files through B's restore.
    accounts_a, site_a = _sha(sites / A / "accounts.json"), _sha(sites / A / "site.json")
    forged = io.BytesIO()
    with zipfile.ZipFile(forged, "w") as zf:
        for name in backup_a.namelist():
            zf.writestr(name, backup_a.read(name))
        zf.writestr(f"../{A}/accounts.json", backup_a.read("accounts.json"))
    page = get(on_b, B, "/quan-tri/sao-luu").get_data(as_text=True)
    r = post(on_b, B, "/quan-tri/sao-luu/khoi-phuc", {
        "csrf_token": csrf_from(page), "archive": (io.BytesIO(forged.getvalue()), "sao-luu.zip")},
        content_type="multipart/form-data")
    assert r.status_code == 200 and "không an toàn" in r.get_data(as_text=True)
    assert _sha(sites / A / "accounts.json") == accounts_a and _sha(sites / A / "site.json") == site_a
    assert commune(sites, B).settings()["commune_name"] == "Tân Lập"
    # B restoring its own backup keeps its safety copy in B's folder, nothing in A's.
    r = post(on_b, B, "/quan-tri/sao-luu/khoi-phuc", {
        "csrf_token": csrf_from(page), "archive": (io.BytesIO(out.read_bytes()), "tan-lap.zip")},
        content_type="multipart/form-data")
    assert r.status_code == 302, r.get_data(as_text=True)[:1000]
    assert [p.name.startswith("truoc-khoi-phuc") for p in (sites / B / "backups").iterdir()] == [True]
    assert not (sites / A / "backups").exists()
    assert {m["title"] for m in commune(sites, B).index().meta.values()} == {"Bài của xã Tân Lập"}

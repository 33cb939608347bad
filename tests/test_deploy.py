"""The app answers through the Passenger WSGI file, under a sub-path, through CGI, and via python app.py --serve."""
from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from wsgiref.handlers import CGIHandler

ROOT = Path(__file__).resolve().parent.parent


def _passenger_app(data_dir):
    import importlib

    os.environ["TRANGXA_DATA_DIR"] = str(data_dir)
    try:
        sys.modules.pop("passenger_wsgi", None)
        return importlib.import_module("passenger_wsgi").application
    finally:
        del os.environ["TRANGXA_DATA_DIR"]


def test_passenger_entry_serves_the_demo_site(data_dir):
    application = _passenger_app(data_dir)
    client = application.test_client()
    r = client.get("/", headers={"User-Agent": "Mozilla/5.0"})
    assert r.status_code == 200 and "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG" in r.get_data(as_text=True)
    assert (data_dir / "site.json").exists()


def test_sub_path_links_and_redirects_carry_the_prefix(data_dir):
    application = _passenger_app(data_dir)
    client = application.test_client()
    r = client.get("/chuyen-doi-so", environ_overrides={"SCRIPT_NAME": "/xa"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'href="/xa/static/css/site.css?v=' in html
    assert 'href="/xa/"' in html and 'action="/xa/tim-kiem"' in html
    assert 'href="/chuyen-doi-so' not in html and 'href="/static' not in html  # nothing escapes the prefix
    r = client.get("/quan-tri/", environ_overrides={"SCRIPT_NAME": "/xa"})
    assert r.status_code == 302 and r.headers["Location"].startswith("/xa/dang-nhap")


def test_cgi_call(data_dir, monkeypatch):
    application = _passenger_app(data_dir)
    environ = {"REQUEST_METHOD": "GET", "SCRIPT_NAME": "/cgi-bin/trangxa", "PATH_INFO": "/so-do-cong",
               "QUERY_STRING": "", "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
               "HTTP_USER_AGENT": "Mozilla/5.0"}
    for key in list(os.environ):
        if key.startswith("HTTP_") or key in ("PATH_INFO", "SCRIPT_NAME", "QUERY_STRING", "REQUEST_METHOD"):
            monkeypatch.delenv(key, raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    out = io.BytesIO()

    class Handler(CGIHandler):
        def __init__(self):
            super().__init__()
            self.stdout = out
            self.stdin = io.BytesIO()

    Handler().run(application)
    raw = out.getvalue().decode("utf-8", "replace")
    assert raw.startswith("Status: 200")
    assert "Sơ đồ cổng" in raw and 'href="/cgi-bin/trangxa/tim-kiem"' in raw


PUBLIC = "https://duongquang.example.gov.vn"


def _serve_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRANGXA_")}
    return dict(env, TRANGXA_DATA_DIR=str(tmp_path / "data"))


def test_python_app_serve_starts_waitress_and_serves_a_page(tmp_path):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen([sys.executable, "app.py", "--serve", "--host", "127.0.0.1", "--port", str(port),
                             "--base-url", PUBLIC], cwd=ROOT, env=_serve_env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = None
        for _ in range(150):  # a bound on attempts, not a timing assertion
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"User-Agent": "Mozilla/5.0",
                                                                                  "Host": "evil.example"})
                body = urllib.request.urlopen(req, timeout=5).read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        assert body is not None, "the server never answered"
        assert "ỦY BAN NHÂN DÂN XÃ DƯƠNG QUANG" in body
        # The forged Host names nothing: absolute links come from --base-url.
        assert f'<meta property="og:url" content="{PUBLIC}/">' in body and "evil.example" not in body
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0].decode("utf-8", "replace")
    assert f"{PUBLIC}/thiet-lap/" in output  # the one-time setup link was printed


def test_python_app_serve_refuses_to_start_without_a_public_address(tmp_path):
    proc = subprocess.run([sys.executable, "app.py", "--serve", "--host", "127.0.0.1", "--port", "9"], cwd=ROOT,
                          env=_serve_env(tmp_path), capture_output=True, timeout=120)
    assert proc.returncode == 2
    assert "LỖI CẤU HÌNH: chạy --serve cần địa chỉ công khai" in proc.stderr.decode("utf-8")


def test_base_url_names_the_public_address_in_absolute_links(tmp_path):
    from app import create_app

    app = create_app({"DATA_DIR": str(tmp_path / "d"), "SEED_DEMO": True, "TESTING": True,
                      "BASE_URL": "https://duongquang.example.gov.vn/xa"})
    client = app.test_client()
    sitemap = client.get("/xa/sitemap.xml").get_data(as_text=True)
    assert "<loc>https://duongquang.example.gov.vn/xa/chuyen-doi-so</loc>" in sitemap
    assert "localhost" not in sitemap
    home = client.get("/xa/").get_data(as_text=True)
    assert 'href="/xa/chuyen-doi-so"' in home
    assert 'content="https://duongquang.example.gov.vn/xa/"' in home  # og:url


def _feed_links(client, **request) -> str:
    texts = [client.get(url, **request).get_data(as_text=True) for url in ("/rss.xml", "/sitemap.xml", "/robots.txt")]
    return "\n".join(texts)


FORGED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http",
          "X-Forwarded-Prefix": "/gia-mao"}


def test_with_base_url_a_forged_host_never_reaches_the_links(tmp_path):
    from app import create_app

    app = create_app({"DATA_DIR": str(tmp_path / "d"), "SEED_DEMO": True, "TESTING": True, "BASE_URL": PUBLIC,
                      "PROXY_COUNT": 1})
    client = app.test_client()
    links = _feed_links(client, headers=FORGED)
    assert f"<link>{PUBLIC}/</link>" in links and f"<loc>{PUBLIC}/chuyen-doi-so</loc>" in links
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in links
    assert "evil" not in links and "gia-mao" not in links and "localhost" not in links
    home = client.get("/", headers=FORGED).get_data(as_text=True)
    assert f'<meta property="og:url" content="{PUBLIC}/">' in home and "evil" not in home


def test_trusted_hosts_refuse_another_host_with_a_vietnamese_page(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.setenv("TRANGXA_TRUSTED_HOSTS", "duongquang.example.gov.vn, .noi-bo.example")
    app = create_app({"DATA_DIR": str(tmp_path / "d"), "SEED_DEMO": True, "TESTING": True, "PROXY_COUNT": 1})
    assert app.config["TRUSTED_HOSTS"] == ["duongquang.example.gov.vn", ".noi-bo.example"]
    client = app.test_client()
    forged = [{"Host": "evil.example"}, {"Host": "duongquang.example.gov.vn", "X-Forwarded-Host": "evil.example"}]
    for headers in forged:
        for url in ("/", "/rss.xml", "/quan-tri/", "/khong-co"):
            r = client.get(url, headers=headers)
            assert r.status_code == 400, (url, headers)
            page = r.get_data(as_text=True)
            assert "Tên miền không hợp lệ" in page and "evil" not in page
    assert client.post("/dang-nhap", headers={"Host": "evil.example"}).status_code == 400
    for host in ("duongquang.example.gov.vn", "may-chu.noi-bo.example:8080"):
        r = client.get("/sitemap.xml", headers={"Host": host})
        assert r.status_code == 200 and f"<loc>http://{host}/chuyen-doi-so</loc>" in r.get_data(as_text=True)


def test_trusted_hosts_with_base_url(tmp_path):
    from app import create_app

    app = create_app({"DATA_DIR": str(tmp_path / "d"), "SEED_DEMO": True, "TESTING": True, "BASE_URL": PUBLIC,
                      "TRUSTED_HOSTS": "127.0.0.1"})
    client = app.test_client()
    assert client.get("/rss.xml", headers={"Host": "evil.example"}).status_code == 400
    for host in ("127.0.0.1:8080", "duongquang.example.gov.vn"):  # BASE_URL's own host is trusted too
        links = _feed_links(client, headers={"Host": host})
        assert f"<loc>{PUBLIC}/chuyen-doi-so</loc>" in links and "127.0.0.1" not in links


def test_deploy_samples_set_the_public_address():
    service = (ROOT / "deploy" / "trangxa.service").read_text(encoding="utf-8")
    nginx = (ROOT / "deploy" / "nginx-trangxa.conf").read_text(encoding="utf-8")
    host = re.search(r"^\s*server_name\s+([^;\s]+);", nginx, re.M).group(1)
    assert f"Environment=TRANGXA_BASE_URL=https://{host}\n" in service
    assert re.search(rf"^Environment=TRANGXA_TRUSTED_HOSTS=.*\b{re.escape(host)}\b", service, re.M)


def test_the_province_sample_routes_each_host_and_refuses_unknown_ones():
    nginx = (ROOT / "deploy" / "nginx-province.conf").read_text(encoding="utf-8")
    block = re.search(r"map \$host \$commune_server \{(.*?)\n\}", nginx, re.S).group(1)
    assert re.search(r'^\s*default\s+"";', block, re.M)
    routed = re.findall(r"^\s*([a-z0-9.-]+\.gov\.vn)\s+(trangxa_\d);", block, re.M)
    assert routed and all(f"upstream {server} " in nginx for _, server in routed)
    assert 'if ($commune_server = "") { return 404; }' in nginx
    assert "proxy_set_header Host $host;" in nginx

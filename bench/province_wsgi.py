"""WSGI entry of the province benchmark: the province app on TRANGXA_SITES_DIR, as deployed, plus two bench-only hooks.

- The hot commune's app gets the ceiling routes (``/__ceiling/<name>`` on its host) each time the dispatcher
  builds it, so the ceiling is served by the same worker, through the same dispatcher, with no second app.
- Every response to a commune this worker did not hold yet carries ``X-Bench-Cold: 1`` (so the cold-page
  figure counts only requests that really built the commune's app).
"""
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from bench.ceiling import add_ceiling_routes, capture_contexts  # noqa: E402

app = create_app()
_spec = json.loads(os.environ["TRANGXA_BENCH_SPEC"])
_dispatcher = app.extensions["trangxa.province"]
_build = _dispatcher.build


def _build_with_ceiling(name: str, **kw):
    commune_app = _build(name, **kw)
    if name == _spec["hot"]:
        add_ceiling_routes(commune_app, capture_contexts(commune_app, _spec["article_slug"], _spec["section_slug"],
                                                         _spec["searches"], _spec["deep_page"]))
    return commune_app


def _marking_cold(environ, start_response):
    host = (environ.get("HTTP_HOST") or "").split(":", 1)[0].lower()
    if host in _dispatcher.cached():
        return _dispatcher(environ, start_response)

    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Bench-Cold", "1")], exc_info)

    return _dispatcher(environ, start)


_dispatcher.build = _build_with_ceiling
app.wsgi_app = _marking_cold

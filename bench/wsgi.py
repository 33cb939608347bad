"""WSGI entry for the HTTP benchmark: the real app plus ceiling routes (data folder from the env)."""
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from bench.ceiling import add_ceiling_routes, capture_contexts  # noqa: E402

app = create_app({"SEED_DEMO": False})
_spec = json.loads(os.environ["TRANGXA_BENCH_SPEC"])
add_ceiling_routes(app, capture_contexts(app, _spec["article_slug"], _spec["section_slug"], _spec["searches"],
                                        _spec["deep_page"]))

"""First start with several workers: the secret, the demo seed and the schema stamp happen exactly once."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import run_at_once
from core.seed.content import ARTICLES, LINKS, PAGES
from core.store import Store

ROUNDS = 10
WORKERS = 4


def _start(data_dir: str, barrier, out: str) -> None:
    """Build the app on ``data_dir`` the moment every worker is ready, then answer `/` (in a spawned process)."""
    from app import create_app

    barrier.wait(60)
    try:
        app = create_app({"DATA_DIR": data_dir, "TESTING": True})
        result = {"status": app.test_client().get("/").status_code, "secret": app.secret_key}
    except Exception as exc:  # reported to the test, which names it
        result = {"error": f"{type(exc).__name__}: {exc}"}
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def _table(store: Store, name: str, table: str) -> list[dict]:
    return list(store.read(name, cache=False).get(table, {}).values())


def test_four_workers_starting_at_once_on_an_empty_folder_seed_once(tmp_path):
    for round_ in range(ROUNDS):
        data_dir = tmp_path / f"data-{round_}"
        outs = run_at_once(_start, [(str(data_dir),)] * WORKERS, tmp_path / f"round-{round_}")
        results = [json.loads(out) for out in outs]
        assert all(r.get("status") == 200 for r in results), f"round {round_}: {results}"
        assert len({r["secret"] for r in results}) == 1, "the workers sign sessions with different keys"

        store = Store(data_dir)
        articles = [a for name in store.list_files("articles") for a in _table(store, name, "articles")]
        assert len(articles) == len(ARTICLES), f"round {round_}: {len(articles)} articles, the demo has {len(ARTICLES)}"
        assert len({a["slug"] for a in articles}) == len(ARTICLES)
        assert len(_table(store, "site.json", "pages")) == len(PAGES)
        assert len(_table(store, "site.json", "links")) == len(LINKS)
        assert not (data_dir / "backups").exists(), "a fresh folder was taken for an old one and 'upgraded'"
        assert not list(data_dir.rglob("*.tmp"))

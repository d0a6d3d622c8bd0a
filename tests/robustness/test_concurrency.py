"""Concurrent use: the API answers many readers (zero errors) while `truceline run`
writes to the same store (SQLite WAL, one writer); filters carrying SQL come back as
ordinary empty results. Uses bench/api_load.py with small numbers."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

from robust_support import EXAMPLES, ROOT, cli_env, run_cli

_spec = importlib.util.spec_from_file_location("api_load", ROOT / "bench" / "api_load.py")
api_load = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(api_load)  # type: ignore[union-attr]


def test_api_serves_readers_while_a_run_writes(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    pages = sorted(EXAMPLES.glob("*.txt"))
    for page in pages[:3]:
        shutil.copy(page, first)
    shutil.copytree(EXAMPLES, second)
    db = tmp_path / "store.db"
    assert run_cli("run", first, "--db", db, "-q").returncode == 0
    with api_load.serve_in_thread(db) as url:
        writer = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "truceline.cli",
                "run",
                str(second),
                "--db",
                str(db),
                "-q",
                "--batch-size",
                "2",
            ],
            cwd=ROOT,
            env=cli_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            figures = api_load.run_load(url, threads=4, requests=60, seconds=20)
        finally:
            _, err = writer.communicate(timeout=120)
        after = api_load.run_load(url, threads=2, requests=5, seconds=10, paths=("/api/stats",))
    assert writer.returncode == 0, err
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["requests"] >= 100
    assert after["errors"] == 0


def test_filters_with_sql_fragments_return_normally(tmp_path):
    from fastapi.testclient import TestClient

    from truceline.serve.api import create_app

    db = tmp_path / "store.db"
    page = tmp_path / "p.txt"
    page.write_text(sorted(EXAMPLES.glob("*.txt"))[0].read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli("run", page, "--db", db, "-q").returncode == 0
    client = TestClient(create_app(db), base_url="http://localhost")
    total = client.get("/api/stats").json()
    for params in (
        {"place": "' OR 1=1 --"},
        {"actor": "x'); DROP TABLE events; --"},
        {"outlet": '" OR ""="'},
        {"q": 'truce" OR 1=1; --'},
        {"agreement": "1 UNION SELECT data FROM raw_inputs"},
    ):
        path = "/api/search" if "q" in params else "/api/events"
        response = client.get(path, params=params)
        assert response.status_code == 200, (params, response.text)
        if path == "/api/events":
            assert response.json()["items"] == []
    assert client.get("/api/stats").json() == total  # nothing dropped or changed

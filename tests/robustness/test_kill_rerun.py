"""Crash safety: `truceline run` killed with SIGKILL at several points (during start-up,
after the first committed batches, with every input stored and fusion under way), then
run again to completion, leaves a store whose exports are byte-identical to those of an
uninterrupted run."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from robust_support import EXAMPLES, ROOT, cli_env, run_cli

BATCH = "4"  # small batches: more commit points for a kill to land between
POLL_S = 0.02
KILL_WAIT_S = 90


def _raw_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM raw_inputs").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet, or its schema not written yet


def _run_and_kill(corpus: Path, db: Path, *, after_s: float = 0.0, raw_inputs: int = 0) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "truceline.cli",
            "run",
            str(corpus),
            "--db",
            str(db),
            "-q",
            "--batch-size",
            BATCH,
        ],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + KILL_WAIT_S
    start = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if time.monotonic() - start >= after_s and _raw_count(db) >= raw_inputs:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(POLL_S)
    finally:
        proc.kill()
        proc.wait(timeout=10)


def _exports(db: Path) -> dict[str, str]:
    out = {}
    for fmt in ("jsonl", "csv", "geojson"):
        done = run_cli("export", "--db", db, "--format", fmt)
        assert done.returncode == 0, done.stderr
        out[fmt] = done.stdout
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], int]:
    base = tmp_path_factory.mktemp("kill")
    corpus = base / "corpus"
    shutil.copytree(EXAMPLES, corpus)  # 19 files, 21 inputs (the JSONL holds three rows)
    db = base / "reference.db"
    done = run_cli("run", corpus, "--db", db, "-q", "--batch-size", BATCH)
    assert done.returncode == 0, done.stderr
    return corpus, _exports(db), _raw_count(db)


def test_kill_at_several_points_then_rerun_gives_identical_exports(reference, tmp_path):
    corpus, expected, total = reference
    db = tmp_path / "killed.db"
    _run_and_kill(corpus, db, after_s=1.0)  # during start-up (model loading)
    _run_and_kill(corpus, db, raw_inputs=1)  # just after the first batch commits
    mid = _raw_count(db)
    _run_and_kill(corpus, db, raw_inputs=mid + 8)  # a few batches later, mid-run
    _run_and_kill(corpus, db, raw_inputs=total)  # everything stored: fusion under way
    assert 0 < _raw_count(db) <= total
    done = run_cli("run", corpus, "--db", db, "-q", "--batch-size", BATCH)
    assert done.returncode == 0, done.stderr
    assert _raw_count(db) == total
    got = _exports(db)
    for fmt in ("jsonl", "csv", "geojson"):
        assert got[fmt] == expected[fmt], f"{fmt} export differs after kill and rerun"


def test_store_stays_a_valid_sqlite_file_after_a_kill(reference, tmp_path):
    corpus, _, _ = reference
    db = tmp_path / "once.db"
    _run_and_kill(corpus, db, raw_inputs=2)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

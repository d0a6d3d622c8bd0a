"""Workers die with their run (issue 21): after SIGKILL of `truceline run --workers 2`,
the two workers and multiprocessing's resource tracker stayed alive for good, holding
about 800 MB. Now the kernel ends each worker with its parent, and the tracker follows
once no worker holds its pipe. Linux only (the test reads /proc)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from robust_support import EXAMPLES, ROOT, cli_env

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
# A worker whose parent died is gone within this many seconds (the kernel's signal is
# immediate; the tracker reads the end of its pipe at once).
GONE_WITHIN_S = 15
START_WAIT_S = 120


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state, ppid = text.rsplit(")", 1)[1].split()[:2]
    return state, int(ppid)


def _children(parent: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None and stat[1] == parent:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie holds no memory, only its entry


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM raw_inputs").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_workers_and_tracker_die_with_a_killed_run(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    db = tmp_path / "store.db"
    run = subprocess.Popen(
        [sys.executable, "-m", "truceline.cli", "run", str(corpus), "--db", str(db), "-q"]
        + ["--workers", "2", "--batch-size", "2"],
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: set[int] = set()
    try:
        deadline = time.monotonic() + START_WAIT_S
        # both workers loaded and working: the first batches are stored
        while run.poll() is None and time.monotonic() < deadline and _stored(db) < 2:
            children |= _children(run.pid)
            time.sleep(0.05)
        children |= _children(run.pid)
        assert run.poll() is None, "the run ended before it could be killed"
        assert len(children) >= 3, children  # two workers and the resource tracker
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=10)
        deadline = time.monotonic() + GONE_WITHIN_S
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in children if _alive(pid)] == []
    finally:
        run.kill()
        for pid in children:  # processes this test started, by their ids
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)

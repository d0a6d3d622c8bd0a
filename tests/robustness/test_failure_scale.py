"""Failing inputs at scale (issue 21): recording a failure got slower as failures piled
up (10,000 garbage JSON Lines rows at 1,418 rows/s, 40,000 at 336 rows/s: each lookup of
a failed hash scanned every error row), the run held every failure in memory, and it
printed one stderr line per failure. Now the rate stays flat, the run keeps the first
few failures and counts the rest by code, and prints a summary. bench/failures.py
measures 10,000 / 40,000 / 100,000."""

from __future__ import annotations

import time
from pathlib import Path

from robust_support import error_lines, run_cli

from truceline.errors import InputError
from truceline.run import run
from truceline.run.driver import FIRST_FAILURES
from truceline.store import Store

ROWS = 24_000
QUARTER = ROWS // 4
BATCH = 64


def _garbage(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n in range(rows):
            out.write(f"garbage row {n}, not JSON\n")
    return path


def test_failures_are_recorded_at_a_flat_rate_in_flat_memory(tmp_path):
    inputs = _garbage(tmp_path / "garbage.jsonl", ROWS)
    stamps: list[tuple[int, float]] = []
    with Store(tmp_path / "store.db") as store:
        report = run(
            [inputs],
            store,
            batch_size=BATCH,
            on_progress=lambda r, _: stamps.append((r.seen, time.perf_counter())),
        )
        assert len(store.errors()) == ROWS

    def seconds(first: int, last: int) -> float:
        """Time from the batch that reached `first` inputs to the one that reached `last`."""
        start = next(t for seen, t in stamps if seen >= first)
        end = next(t for seen, t in stamps if seen >= last)
        return end - start

    early, late = seconds(QUARTER // 4, QUARTER), seconds(ROWS - QUARTER * 3 // 4, ROWS)
    # the same number of failures each: the late ones, recorded over 18,000 others, must
    # not take much longer (they took about 3 times as long)
    assert late < 1.6 * early, (early, late)
    assert report.failed == ROWS and report.failure_codes == {"E105": ROWS}
    assert len(report.failures) == FIRST_FAILURES  # not every failure held in memory
    assert report.failures[0].source.endswith("garbage.jsonl#1")


def test_a_run_with_many_failures_prints_a_summary(tmp_path):
    inputs = _garbage(tmp_path / "garbage.jsonl", 2_000)
    done = run_cli("run", inputs, "--db", tmp_path / "store.db", "-q")
    assert done.returncode == InputError.exit_code, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    assert lines[0] == f"2000 inputs failed (E105 ×2000); the first {FIRST_FAILURES}:"
    assert len(error_lines(done)) == 0  # the first ones are indented under the count
    assert [line.split(":")[0] for line in lines[1 : FIRST_FAILURES + 1]] == [
        "  error E105"
    ] * FIRST_FAILURES
    assert lines[FIRST_FAILURES + 1] == "`truceline errors` lists them all."
    assert len(lines) == FIRST_FAILURES + 2
    assert "2000 failed" in done.stdout

"""Failure-path benchmark: how fast `truceline run` records inputs that all fail, and
whether the rate and the memory stay flat as failures pile up (issue 21).

For each size, a fresh store and one CLI run (a subprocess, as a user runs it) over:
- ``rows``: one JSON Lines file of N garbage rows (each E105, each its own bytes);
- ``files``: a folder of N empty .txt files (each E103, all the same bytes).
Prints seconds (start-up of about 2 s included), inputs per second, the run's peak
resident memory and how many lines it wrote to stderr; with ``--rerun``, also the same
run again over the stored failures.

    python bench/failures.py                           # rows and files, 10k / 40k / 100k
    python bench/failures.py --kinds rows --sizes 10000,40000
    PYTHONPATH=/path/to/old/src python bench/failures.py --sizes 10000   # an older version
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The CLI runs under a small parent that reports its peak memory (RUSAGE_CHILDREN: the
# CLI is its only child), so that the figure is the run's own.
MEASURE = (
    "import resource, subprocess, sys; "
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
    "print(peak, done.returncode, len(done.stderr.splitlines()))"
)


def make_inputs(kind: str, size: int, folder: Path) -> Path:
    if kind == "rows":
        path = folder / f"garbage-{size}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(size):
                out.write(f"garbage row {n}, not JSON\n")
        return path
    path = folder / f"empty-{size}"
    path.mkdir()
    for n in range(size):
        (path / f"page{n:06d}.txt").touch()
    return path


def timed_run(inputs: Path, db: Path) -> dict[str, float | int]:
    command = [sys.executable, "-m", "truceline.cli", "run", str(inputs), "--db", str(db), "-q"]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    peak_kb, status, lines = (int(x) for x in done.stdout.split())
    return {
        "seconds": round(seconds, 1),
        "peak_mb": round(peak_kb / 1024),
        "status": status,
        "stderr_lines": lines,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kinds", default="rows,files", help="rows, files or both")
    parser.add_argument("--sizes", default="10000,40000,100000", help="inputs per run")
    parser.add_argument("--rerun", action="store_true", help="also time a second run")
    args = parser.parse_args()
    print(f"{'kind':6} {'inputs':>7} {'seconds':>8} {'inputs/s':>9} {'peak MB':>8} {'stderr':>7}")
    with tempfile.TemporaryDirectory(prefix="truceline-failures-") as tmp:
        for kind in args.kinds.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                folder = Path(tmp) / f"{kind}-{size}"
                folder.mkdir()
                inputs = make_inputs(kind, size, folder)
                runs = [("first", timed_run(inputs, folder / "store.db"))]
                if args.rerun:
                    runs.append(("again", timed_run(inputs, folder / "store.db")))
                for label, figures in runs:
                    rate = size / float(figures["seconds"])
                    print(
                        f"{kind:6} {size:>7} {figures['seconds']:>8} {rate:>9.0f} "
                        f"{figures['peak_mb']:>8} {figures['stderr_lines']:>7}"
                        + ("  (again)" if label == "again" else ""),
                        flush=True,
                    )


if __name__ == "__main__":
    main()

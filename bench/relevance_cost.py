"""What the relevance stage costs and saves: `truceline run` end to end (one worker, a
fresh store, the CLI as a user runs it) on a general news crawl (the L3S-GN1 pages) and on
a conflict-only corpus (bench/corpus.py, every page conflict reporting), for this checkout
and, side by side on the same machine, for another truceline source tree (--before).

    python bench/relevance_cost.py --before /tmp/old/src      # a checkout of an older commit
    python bench/relevance_cost.py --repeat 2 --conflict-docs 300
    python bench/relevance_cost.py --crawl ../shared/datasets/extraction/scrapinghub/html \
        --crawl ../shared/datasets/extraction/cleaneval-dev/input   # one more crawl, timed too

Prints seconds per corpus and version (the best of --repeat runs), pages per second, and
the ratio this / before.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
L3S = ROOT.parent / "shared" / "datasets" / "extraction" / "l3s-gn1" / "input"
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_folder  # noqa: E402


def timed_run(src: Path, corpus: list[Path]) -> float:
    """Seconds for `truceline run corpus` into a fresh store with the code under `src`."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    with tempfile.TemporaryDirectory(prefix="truceline-cost-") as tmp:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "truceline.cli", "run", *map(str, corpus), "--db", f"{tmp}/x.db"]
            + ["-q", "--no-timeline"],
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
    if done.returncode not in (0, 3):  # 3: some inputs failed, the run went on
        raise SystemExit(f"run failed with {src}: {done.stderr[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another truceline src folder")
    parser.add_argument("--l3s", type=Path, default=L3S)
    parser.add_argument("--conflict-docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--crawl", type=Path, action="append", default=[], help="a folder of another crawl"
    )
    args = parser.parse_args(argv)
    versions = {"this": ROOT / "src"}
    if args.before:
        versions["before"] = args.before
    with tempfile.TemporaryDirectory(prefix="truceline-corpus-") as tmp:
        conflict = Path(tmp) / "conflict"
        write_folder(conflict, args.conflict_docs, conflict_share=1.0)
        corpora = {"L3S-GN1 (general crawl)": [args.l3s], "conflict-only": [conflict]}
        if args.crawl:
            corpora["other crawl"] = args.crawl
        for name, corpus in corpora.items():
            pages = sum(len(list(folder.iterdir())) for folder in corpus)
            best = {
                v: min(timed_run(src, corpus) for _ in range(args.repeat))
                for v, src in versions.items()
            }
            for v, seconds in best.items():
                print(f"{name:>26} {v:>7}: {seconds:7.1f} s  {pages / seconds:6.2f} pages/s")
            if "before" in best:
                print(f"{name:>26}   ratio this/before: {best['this'] / best['before']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

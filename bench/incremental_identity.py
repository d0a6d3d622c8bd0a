"""Incremental fusion gives the bytes of a full fusion on a big generated store (issue 22's
acceptance: "a 5,000-page generated store fed in 20 daily batches").

    python bench/incremental_identity.py --pages 5000 --batches 20 --work /tmp/incr

The store is the one tests/test_incremental_fusion.py grows (tests/grown_store.py: the
stored results of examples/ replicated with shifted ids, dates, places and words, so that
replicas interact through every fusion rule), only bigger. It is stored and fused in one
go into one store, and fed batch by batch, fused incrementally after each batch
(`fuse_store_if_stale`), into another; and, with `--one-piece`, fused by `fuse.fuse` over
the whole store at once (no blocks) into a third. The script prints the time of each
fusion, how many documents each incremental one re-fused, and whether the JSON Lines, CSV
and GeoJSON exports of the stores are the same bytes (exit 1 if not).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from grown_store import grown, read_results  # noqa: E402
from truceline.outputs.export import FORMATS, export_text  # noqa: E402
from truceline.run import fusion  # noqa: E402
from truceline.run.fusion import fuse_store, fuse_store_if_stale  # noqa: E402
from truceline.store import Store  # noqa: E402


def _exports(db: Path) -> dict[str, str]:
    with Store(db, readonly=True) as store:
        docs, events, agreements = store.documents(), store.events(), store.agreements()
    return {fmt: export_text(fmt, docs, events, agreements) for fmt in FORMATS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="raw inputs in the store")
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--work", type=Path, required=True, help="an empty folder")
    parser.add_argument(
        "--one-piece", action="store_true", help="also fuse the whole store with fuse.fuse"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    base_db = args.work / "base.db"
    if not base_db.exists():
        subprocess.run(
            [sys.executable, "-m", "truceline.cli", "run", str(ROOT / "examples"), "--db"]
            + [str(base_db), "-q"],
            check=True,
        )
    base = read_results(base_db)
    copies = -(-args.pages // len(base))
    results = list(grown(base, copies))[: args.pages]
    print(f"{len(results)} pages ({len(base)} example pages x {copies} replicas)", flush=True)

    whole = args.work / "whole.db"
    whole.unlink(missing_ok=True)
    with Store(whole) as store:
        store.save_results(results)
        started = time.perf_counter()
        fuse_store(store)
        print(f"in one go: full fusion {time.perf_counter() - started:.1f} s", flush=True)

    reached: list[int] = []
    real = fusion._fuse

    def counting(store: Store, parts: object, replaced: set[str] | None, *rest: object) -> object:
        if replaced is not None:
            reached.append(len(replaced))
        return real(store, parts, replaced, *rest)  # type: ignore[arg-type]

    fusion._fuse = counting  # type: ignore[assignment]
    daily = args.work / "daily.db"
    daily.unlink(missing_ok=True)
    size = -(-len(results) // args.batches)
    with Store(daily) as store:
        for n, start in enumerate(range(0, len(results), size), start=1):
            store.save_results(results[start : start + size])
            reached.clear()
            started = time.perf_counter()
            fuse_store_if_stale(store)
            took = time.perf_counter() - started
            documents = store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            what = f"re-fused {reached[0]} of {documents} documents" if reached else "in full"
            print(f"batch {n}: {took:.1f} s, {what}", flush=True)

    left, right = _exports(daily), _exports(whole)
    same = all(left[f] == right[f] for f in FORMATS)
    for f in FORMATS:
        print(f"{f}: {len(left[f]):,} bytes, {'same' if left[f] == right[f] else 'DIFFERENT'}")
    if args.one_piece:
        piece = args.work / "one-piece.db"
        shutil.copy(whole, piece)
        with Store(piece) as store:
            started = time.perf_counter()
            fusion.fuse_store_in_one_piece(store)
            print(f"one piece (fuse.fuse): {time.perf_counter() - started:.1f} s", flush=True)
        third = _exports(piece)
        for f in FORMATS:
            print(f"{f} against one piece: {'same' if third[f] == right[f] else 'DIFFERENT'}")
        same = same and all(third[f] == right[f] for f in FORMATS)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())

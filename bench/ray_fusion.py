"""A first load fused in parallel (issue 22): a generated store of 20,000 pages fused
with `truceline run --fuse` in this process (one worker), on the local process pool (two
workers) and on Ray (two local workers). Prints each fusion's time and peak memory, the
number of blocks and of tasks (groups of blocks, `run.fusion.GROUP_DOCUMENTS`), and
whether the three stores' exports (JSON Lines, CSV, GeoJSON) are the same bytes (exit 1
if not).

The store is bench/desk.py's: 1,000 pages of the throughput corpus through the product,
their stored results replicated with shifted dates, places and words (`desk.grow`), left
unfused. The parse is not measured: every page is already stored, so each run only fuses.

    python bench/ray_fusion.py --work /tmp/rayfuse               # 20,000 pages
    python bench/ray_fusion.py --work /tmp/rayfuse --pages 5000  # quicker
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import desk  # noqa: E402

from grown_store import read_results  # noqa: E402
from truceline.fuse.blocks import partition, span  # noqa: E402
from truceline.run.fusion import GROUP_DOCUMENTS  # noqa: E402
from truceline.store import Store, blocks  # noqa: E402

WAYS = {
    "here (1 worker)": ("--workers", "1"),
    "pool (2 workers)": ("--workers", "2"),
    "ray (2 workers)": ("--engine", "ray", "--workers", "2"),
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--base", type=int, default=1000, help="pages run through the product")
    parser.add_argument("--work", type=Path, required=True, help="folder (kept; reused)")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    desk.CACHE = args.work / "cache"
    base, _ = desk.base_store(args, args.work)
    grown = args.work / f"grown-{args.pages}.db"
    if not grown.exists():
        partial = args.work / "grown.partial.db"
        shutil.copy(base, partial)
        desk.grow(partial, read_results(base), args.pages // args.base)
        partial.rename(grown)
    with Store(grown) as store:
        found = blocks.dates(store, None)
    parts = partition({doc: span(*what) for doc, what in found.items()})
    tasks, group = 0, 0
    for part in parts:
        group += len(part)
        if group >= GROUP_DOCUMENTS:
            tasks, group = tasks + 1, 0
    tasks += group > 0
    desk.say(
        f"{args.pages:,} pages, {len(found):,} documents: {len(parts):,} blocks, {tasks} tasks"
    )
    exports: dict[str, dict[str, bytes]] = {}
    for name, flags in WAYS.items():
        db = args.work / f"fused-{name.split()[0]}.db"
        for stale in args.work.glob(f"{db.name}*"):
            stale.unlink()
        shutil.copy(grown, db)
        seconds, peak = desk.measured(
            ["run", args.work / "base.jsonl", "--db", db, "-q", "--fuse", *flags]
        )
        desk.say(f"{name}: fused in {seconds:.1f} s, peak {peak:.0f} MB (main process)")
        exports[name] = {}
        for fmt in ("jsonl", "csv", "geojson"):
            out = args.work / f"out-{name.split()[0]}.{fmt}"
            desk.measured(["export", "--db", db, "--format", fmt, "-o", out])
            exports[name][fmt] = out.read_bytes()
    first = next(iter(exports.values()))
    same = True
    for name, found_exports in exports.items():
        for fmt, data in found_exports.items():
            same = same and data == first[fmt]
            verdict = "same" if data == first[fmt] else "DIFFERENT"
            desk.say(f"  {name} {fmt}: {len(data):,} bytes, {verdict} as here")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Desk benchmark: a store that grows every day (issue 22). For stores of 1k / 10k / 50k
pages it prints the time and peak memory of a run that adds 50 new pages (one worker),
and the peak memory of `truceline export` (JSON Lines, CSV, GeoJSON) and `truceline
report` (HTML, Markdown).

How the stores are built (the cost measured is fusion and output, not the parse):
1. `--base` pages of the throughput corpus (bench/corpus.py) go through the product once
   (`truceline run`, two workers): the base store, which is the 1k store.
2. Their stored per-document results are read back and replicated through the store's
   writer (`Store.save_results`): replica k of a page has its own raw bytes, document,
   event, mention and agreement ids; every date (publication, events, claims,
   deadlines) moved on by k decades and every place k × 0.01° north-east with its
   GeoNames id renumbered — a store that grows through time at the corpus's own
   density — and a third of its word types (chosen by a hash of the word) shifted
   through the alphabet by k in its body and quotes, letters only and of the same
   length, so that spans still point at their quotes, copies within a replica stay
   copies, and no replica is a near-duplicate of another (a crawl's new days bring new
   texts; identical bodies would make every replica a near-duplicate candidate of every
   other, a cost no real store has).
3. The store is fused once (`truceline run --fuse`, time and memory printed), so the
   measured run starts from a fused store as a desk's does (`--no-prefuse` leaves this
   out: the measured run then fuses the whole store).
Then, on that store: `truceline run` of 50 new pages of the same corpus (another seed)
with `--workers 1` (fusing incrementally), then the exports and the reports. With
`--check-full` the 50 pages also go to a copy of the store with `run --fuse` (full
fusion): its time, and whether the two stores' exports are the same bytes.

Each measured command is a fresh process (`python -m truceline.cli ...`) whose peak
memory is its own VmHWM, read at its exit (`_PEAK` below): ru_maxrss would carry this
script's own memory into its children. The commands use a gazetteer cache of their own
(`TRUCELINE_CACHE_DIR` in the work folder, built by a first, unmeasured run): the
default cache keeps one entry, so checkouts with other gazetteer code sharing a home
rebuild it in turn (+350 MB and 10-50 s in whichever run finds it gone).

    python bench/desk.py                          # 1,000 / 10,000 / 50,000 pages
    python bench/desk.py --sizes 1000,5000        # a quicker run
    python bench/desk.py --sizes 1000,10000 --check-full   # incremental against full
    python bench/desk.py --work /tmp/desk         # keep the corpus and stores there
    python bench/desk.py --work /tmp/desk --outputs-only   # only exports and reports again
    PYTHONPATH=/tmp/old/src python bench/desk.py  # another checkout's code (before a change)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus import write_jsonl  # noqa: E402

from grown_store import Replica, read_results  # noqa: E402
from truceline.models import (  # noqa: E402
    DateValue,
    DocumentResult,
    Place,
)
from truceline.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NEW_PAGES = 50
NEW_SEED = 2026  # the day's 50 pages: the same corpus, another draw
DECADES = 10  # years each replica is moved on
PLACE_STEP = 0.01  # degrees each replica's places are moved north-east
BATCH = 200  # replicated pages per store transaction

# Run a truceline command and write its peak memory (VmHWM, MB) where TL_PEAK_FILE says,
# at exit: the CLI ends with sys.exit, which runs atexit handlers.
_PEAK = """
import atexit, os, runpy, sys
def _peak():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            open(os.environ['TL_PEAK_FILE'], 'w').write(str(int(line.split()[1]) / 1024))
atexit.register(_peak)
sys.argv = ['truceline', *sys.argv[1:]]
runpy.run_module('truceline.cli', run_name='__main__')
"""


CACHE: Path | None = None  # the measured commands' gazetteer cache (set by main)


def measured(args: Iterable[str | Path]) -> tuple[float, float]:
    """(seconds, peak MB) of one truceline command in a fresh process."""
    env = dict(os.environ)
    if CACHE is not None:
        env["TRUCELINE_CACHE_DIR"] = str(CACHE)
    with tempfile.NamedTemporaryFile(suffix=".peak", delete=False) as f:
        peak_file = Path(f.name)
    env["TL_PEAK_FILE"] = str(peak_file)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *map(str, args)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"truceline {' '.join(map(str, args))} failed:\n{done.stderr[-3000:]}")
    peak = float(peak_file.read_text())
    peak_file.unlink()
    return seconds, peak


# --- the replicas ---------------------------------------------------------------------

_YEAR4 = re.compile(r"^(\d{4})(?!\d)")
_DECADE = re.compile(r"^(\d{3})(?!\d)")


def shift_value(value: str, k: int) -> str:
    """A stored date value moved on by k decades: "2017-08-03", "2017-W32", "2017-SU",
    the decade "201"; an unresolved "XXXX-09-07" stays."""
    if m := _YEAR4.match(value):
        shifted = f"{int(m.group(1)) + DECADES * k:04d}{value[4:]}"
        if shifted[4:] == "-02-29":  # not every year ends a decade later on a leap day
            year = int(shifted[:4])
            if not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
                shifted = shifted[:4] + "-02-28"
        return shifted.replace("-W53", "-W52")
    if m := _DECADE.match(value):
        return f"{int(m.group(1)) + k}{value[3:]}"
    return value


def shift_date(d: DateValue | None, k: int) -> DateValue | None:
    if d is None:
        return None
    return replace(d, value=shift_value(d.value, k), end=shift_value(d.end, k) if d.end else None)


def shift_place(p: Place | None, k: int) -> Place | None:
    if p is None or p.lat is None or p.lon is None:
        return p
    gid = p.geonames_id + 100_000_000 * k if p.geonames_id else None
    return replace(p, lat=p.lat + PLACE_STEP * k, lon=p.lon + PLACE_STEP * k, geonames_id=gid)


_WORD = re.compile(r"[^\W\d_]+")


def _shifted(word: str, k: int) -> str:
    """`word` with its ASCII letters moved k places through the alphabet (same length)."""
    out = []
    for c in word:
        if "a" <= c <= "z" or "A" <= c <= "Z":
            base = ord("a") if c >= "a" else ord("A")
            c = chr(base + (ord(c) - base + k) % 26)
        out.append(c)
    return "".join(out)


def reword(text: str, k: int) -> str:
    """`text` with a third of its word types shifted through the alphabet: which third
    and by how much depend on k and the word alone (the same length; the same word is
    the same everywhere in a replica)."""
    shift = 1 + k % 25

    def one(match: re.Match[str]) -> str:
        word = match.group()
        chosen = int(hashlib.md5(f"{k}:{word}".encode()).hexdigest()[:4], 16) % 3 == 0
        return _shifted(word, shift) if chosen else word

    return _WORD.sub(one, text)


def _new_id(old: str, k: int) -> str:
    return hashlib.sha1(f"{old}|replica {k}".encode()).hexdigest()[:16]


class DeskReplica(Replica):
    """The k-th copy of the base results, mapped the desk's way: dates k decades on,
    places k × PLACE_STEP away, a third of the word types shifted, new raw bytes."""

    MAPS = (shift_date, shift_place, reword, _new_id)
    TAG = ("replica", "desk replica")


def replicas(base: list[DocumentResult], first: int, last: int) -> Iterator[DocumentResult]:
    for k in range(first, last + 1):
        replica = DeskReplica(k)
        for result in base:
            yield replica.result(result)


def grow(db: Path, base: list[DocumentResult], copies: int) -> None:
    """Add replicas 1..copies-1 of `base` to the store `db`."""
    batch: list[DocumentResult] = []
    with Store(db) as store:
        for result in replicas(base, 1, copies - 1):
            batch.append(result)
            if len(batch) >= BATCH:
                store.save_results(batch)
                batch = []
        if batch:
            store.save_results(batch)


# --- the table ------------------------------------------------------------------------

OUTPUTS = {
    "jsonl": ("export", "--format", "jsonl", "-o", "out.jsonl"),
    "csv": ("export", "--format", "csv", "-o", "out.csv"),
    "geojson": ("export", "--format", "geojson", "-o", "out.geojson"),
    "html": ("report", "-o", "out.html"),
    "md": ("report", "--format", "md", "-o", "out.md"),
}


def measure_outputs(db: Path, work: Path) -> dict[str, tuple[float, float]]:
    figures = {}
    for name, args in OUTPUTS.items():
        *command, out = args
        figures[name] = measured([*command, work / out, "--db", db])
        (work / out).unlink()
    return figures


def same_exports(a: Path, b: Path, work: Path) -> bool:
    """Whether the two stores' JSON Lines, CSV and GeoJSON exports are the same bytes."""
    same = True
    for fmt in ("jsonl", "csv", "geojson"):
        outs = [work / f"same-{n}.{fmt}" for n in (1, 2)]
        for db, out in zip((a, b), outs, strict=True):
            measured(["export", "--format", fmt, "-o", out, "--db", db])
        same = same and outs[0].read_bytes() == outs[1].read_bytes()
        for out in outs:
            out.unlink()
    return same


def counts(db: Path) -> dict[str, int]:
    with Store(db, readonly=True) as store:
        return store.stats()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,50000", help="store sizes in pages")
    parser.add_argument("--base", type=int, default=1000, help="pages run through the product")
    parser.add_argument("--work", type=Path, help="folder for the corpus and stores (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the stores")
    parser.add_argument(
        "--outputs-only",
        action="store_true",
        help="measure exports and reports on the stores a kept --work already holds",
    )
    parser.add_argument(
        "--no-outputs", action="store_true", help="leave out the exports and reports"
    )
    parser.add_argument(
        "--check-full",
        action="store_true",
        help="also add the pages to a copy with `run --fuse` (full fusion): its time, and "
        "whether the exports are the same bytes as the incremental run's",
    )
    parser.add_argument(
        "--no-prefuse",
        action="store_true",
        help="leave the replicated store unfused: the measured run fuses it whole",
    )
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = args.work or Path(tempfile.mkdtemp(prefix="desk-"))
    work.mkdir(parents=True, exist_ok=True)
    global CACHE
    CACHE = work / "cache"
    rows = []
    try:
        for size in sizes:
            rows.append(one_size(size, args, work))
    finally:
        if not (args.keep or args.work):
            shutil.rmtree(work, ignore_errors=True)
    print_table(rows)


def say(text: str) -> None:
    print(text, flush=True)


def base_store(args: argparse.Namespace, work: Path) -> tuple[Path, Path]:
    """(the base store, the 50 new pages), made once per work folder."""
    corpus, new, base = work / "base.jsonl", work / "new50.jsonl", work / "base.db"
    if not new.exists():
        write_jsonl(new, NEW_PAGES, seed=NEW_SEED)
    if not base.exists():
        write_jsonl(corpus, args.base)
        seconds, peak = measured(
            ["run", corpus, "--db", work / "base.partial.db", "-q", "--workers", "2"]
        )
        (work / "base.partial.db").rename(base)
        say(f"base store: {args.base} pages through the product in {seconds:.0f} s")
    assert CACHE is not None
    if not list(CACHE.glob("gazetteer-*")):  # a first run builds the gazetteer's index
        warm = work / "warm.db"
        for stale in work.glob("warm.db*"):
            stale.unlink()
        measured(["run", new, "--db", warm, "-q"])
    return base, new


def one_size(size: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    db = work / f"desk-{size}.db"
    row: dict[str, Any] = {"size": size}
    if not args.outputs_only:
        base, new = base_store(args, work)
        if size % args.base:
            raise SystemExit(f"--sizes: {size} is not a multiple of --base {args.base}")
        for stale in work.glob(f"desk-{size}.db*"):
            stale.unlink()
        shutil.copy(base, db)
        start = time.perf_counter()
        grow(db, read_results(base), size // args.base)
        row["build_s"] = time.perf_counter() - start
        say(f"{size} pages: replicated in {row['build_s']:.0f} s")
        if not args.no_prefuse:
            row["fuse"] = measured(["run", work / "base.jsonl", "--db", db, "-q", "--fuse"])
            say(f"  fused in {row['fuse'][0]:.0f} s (peak {row['fuse'][1]:.0f} MB)")
        if args.check_full:
            full = work / f"desk-{size}-full.db"
            shutil.copy(db, full)
        row["add"] = measured(["run", new, "--db", db, "-q", "--workers", "1"])
        say(f"  add {NEW_PAGES} pages: {row['add'][0]:.1f} s, peak {row['add'][1]:.0f} MB")
        if args.check_full:
            row["add_full"] = measured(["run", new, "--db", full, "-q", "--workers", "1", "--fuse"])
            row["same_as_full"] = same_exports(db, full, work)
            say(
                f"  the same with --fuse (full): {row['add_full'][0]:.1f} s, peak "
                f"{row['add_full'][1]:.0f} MB; exports byte-identical: {row['same_as_full']}"
            )
            full.unlink()
    else:
        with Store(db):  # migrate, as the desk's next run would
            pass
    row["stats"] = counts(db)
    if args.no_outputs:
        return row
    row["outputs"] = measure_outputs(db, work)
    say(
        f"  {row['stats']['documents']} documents, {row['stats']['events']} events, "
        f"{row['stats']['agreements']} agreements; "
        + ", ".join(f"{k} {s:.1f} s {mb:.0f} MB" for k, (s, mb) in row["outputs"].items())
    )
    if not (args.keep or args.work):
        db.unlink()
    return row


def print_table(rows: list[dict[str, Any]]) -> None:
    def mb(row: dict[str, Any], names: tuple[str, ...]) -> str:
        if "outputs" not in row:
            return "-"
        return f"{max(row['outputs'][n][1] for n in names):.0f} MB"

    say("")
    say(
        "| store size | add 50 new pages | peak memory of that run | `export` peak memory "
        "| `report` peak memory |"
    )
    say("|---|---|---|---|---|")
    for row in rows:
        add = row.get("add")
        say(
            f"| {row['size']:,} pages | {f'{add[0]:.1f} s' if add else '-'} | "
            f"{f'{add[1]:.0f} MB' if add else '-'} | {mb(row, ('jsonl', 'csv', 'geojson'))} | "
            f"{mb(row, ('html', 'md'))} |"
        )
    say("")
    say(
        "| store size | documents | events | agreements | full fusion | "
        + " | ".join(OUTPUTS)
        + " |"
    )
    say("|---|---|---|---|---|" + "---|" * len(OUTPUTS))
    for row in rows:
        fuse = row.get("fuse")
        cells = [f"{s:.1f} s, {m:.0f} MB" for s, m in row.get("outputs", {}).values()]
        cells = cells or ["-"] * len(OUTPUTS)
        stats = row["stats"]
        say(
            f"| {row['size']:,} | {stats['documents']:,} | {stats['events']:,} | "
            f"{stats['agreements']:,} | {f'{fuse[0]:.0f} s, {fuse[1]:.0f} MB' if fuse else '-'} | "
            + " | ".join(cells)
            + " |"
        )
    say(json.dumps(rows))


if __name__ == "__main__":
    main()

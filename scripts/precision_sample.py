"""Draw the random sample of exported events that docs/quality/ judges by reading.

    python scripts/precision_sample.py --db l3s.db --size 200 --seed 2026 --out sample.tsv

Reads the store's fused events (as `truceline export` gives them), draws `--size` of them
at random with a fixed seed, and writes one row each: the event id, the page (file name),
which article of the page ("#2" on a page of several articles, else empty) and the
character span of its first source, its type, ACLED sub-event and modality in words, and
the quote, for a reader to judge "real, political and rightly typed". The
judgements committed under docs/quality/ keep the id, page and span but not the quote
(the pages' text stays with their publishers); run this again on the same store to see
the quotes.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from truceline.models import article_of
from truceline.outputs.vocabulary import modality_label, sub_event_label, type_label
from truceline.store import Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=None, help="TSV file (default: stdout)")
    parser.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=[],
        help="an earlier sample's TSV: events whose first quote it holds (page and start)"
        " are not drawn again, so that a sample the rules were written against stays out",
    )
    args = parser.parse_args(argv)
    with Store(args.db, readonly=True) as store:
        events = store.events()
        documents = store.documents()
    pages = {d.id: Path(d.source).name for d in documents}
    articles = {d.id: article_of(d.id) for d in documents}
    seen = _drawn_before(args.exclude)
    events = [
        e for e in events if (pages.get(e.sources[0].document), e.sources[0].start) not in seen
    ]
    events.sort(key=lambda e: e.id)
    sample = random.Random(args.seed).sample(events, min(args.size, len(events)))
    rows = []
    for n, e in enumerate(sample, start=1):
        s = e.sources[0]
        rows.append(
            [
                n,
                e.id,
                pages.get(s.document, s.document),
                articles.get(s.document, ""),
                s.start,
                s.end,
                type_label(e.type),
                sub_event_label(e.acled_sub_event) if e.acled_sub_event else "",
                modality_label(e.modality),
                " ".join(s.quote.split()),
            ]
        )
    header = [
        *("n", "event", "page", "article", "start", "end"),
        *("type", "sub_event", "modality", "quote"),
    ]
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as out:
            csv.writer(out, delimiter="\t", lineterminator="\n").writerows([header, *rows])
    else:
        csv.writer(sys.stdout, delimiter="\t", lineterminator="\n").writerows([header, *rows])
    print(f"{len(sample)} of {len(events)} events", file=sys.stderr)
    return 0


def _drawn_before(paths: list[Path]) -> set[tuple[str | None, int]]:
    seen: set[tuple[str | None, int]] = set()
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                seen.add((row["page"], int(row["start"])))
    return seen


if __name__ == "__main__":
    raise SystemExit(main())

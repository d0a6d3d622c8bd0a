"""Score a store against judged samples: how many judged rows a build still makes, and how
many of those are right as judged.

    python scripts/judged_precision.py --db g.db docs/quality/crawl-precision-sample-g.tsv

A judged row (docs/quality/*.tsv, drawn by `precision_sample.py` and judged by reading) is
made by the store when one of its events has a source at the row's page and start (and,
where the row says which article of the page, in that article). It
counts as right when the reader said ok and the event is still typed as judged (PLOVER
type, ACLED sub-event, modality); a row the build types otherwise is counted apart
("retyped"), since nobody judged its new typing. "Shown" leaves out the events told as
background, as the timeline and the map do by default. One line per sample (with `--rows`,
then each retyped row: its judged and its new typing, and the reader's note), then one
JSON line with every figure.

A retyped row can be judged again in its new typing: `--retyped-out FILE` writes the
retyped rows no judgement covers (with the quote, for readers), and the judgements of
such rows, kept in a TSV of their own (`sample n type sub_event modality real political
type_ok ok note`, sample being the judged file's name without ".tsv"), are read with
`--rejudged FILE`: a row the build types as a rejudged row was judged counts as judged,
right when that judgement says ok.
"""

from __future__ import annotations

import argparse
import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from truceline.models import Event, article_of
from truceline.outputs.vocabulary import modality_label, sub_event_label, type_label
from truceline.store import Store


@dataclass(slots=True)
class Score:
    rows: int = 0  # judged rows the store makes
    right: int = 0  # ... judged ok as typed now (first judgement or judged again)
    retyped: int = 0  # ... typed otherwise than any judgement of theirs
    rejudged: int = 0  # ... typed otherwise than first judged, as judged again
    shown: int = 0  # ... of events not told as background
    shown_right: int = 0
    # rows this build types otherwise than judged: (n, judged, now, the reader's note)
    changed: list[tuple[str, str, str, str]] = field(default_factory=list)

    def share(self, part: int, whole: int) -> float:
        return round(part / whole, 4) if whole else 0.0


def typing(event: Event) -> tuple[str, str, str]:
    sub = sub_event_label(event.acled_sub_event) if event.acled_sub_event else ""
    return type_label(event.type), sub, modality_label(event.modality)


Typing = tuple[str, str, str]
# (sample, n) -> {typing judged again: ok}
Rejudged = dict[tuple[str, str], dict[Typing, bool]]


def read_rejudged(paths: list[Path]) -> Rejudged:
    out: Rejudged = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                typed = (row["type"], row["sub_event"], row["modality"])
                out.setdefault((row["sample"], row["n"]), {})[typed] = row["ok"] == "yes"
    return out


def score(
    events_at: dict[tuple[str, int], list[tuple[str, Event]]],
    sample: Path,
    rejudged: Rejudged | None = None,
    retyped_out: list[dict[str, str]] | None = None,
) -> Score:
    out = Score()
    again = rejudged or {}
    with open(sample, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row.get("in_build") == "before":  # judged on an older build only
                continue
            made = [
                e
                for article, e in events_at.get((row["page"], int(row["start"])), [])
                if row.get("article") is None or article == row["article"]
            ]
            if not made:
                continue
            judged = (row["type"], row["sub_event"], row["modality"])
            # where a position holds several events, the row's is one of its judged PLOVER
            # type (the same event, its sub-event or modality read otherwise) before others
            made.sort(key=lambda e: typing(e)[0] != row["type"])
            same = [e for e in made if typing(e) == judged]
            later = again.get((sample.stem, row["n"]), {})
            relooked = [e for e in made if typing(e) in later] if not same else []
            event = same[0] if same else relooked[0] if relooked else made[0]
            right = row["ok"] == "yes" if same else bool(relooked) and later[typing(event)]
            out.rows += 1
            out.right += right
            out.retyped += not same and not relooked
            out.rejudged += bool(relooked)
            if not same and not relooked:
                now = " / ".join(typing(event))
                out.changed.append((row["n"], " / ".join(judged), now, row.get("note", "")))
                if retyped_out is not None:
                    retyped_out.append(_retyped_row(sample, row, event))
            if not event.background:
                out.shown += 1
                out.shown_right += right
    return out


RETYPED_COLUMNS = [
    *("sample", "n", "event", "page", "article", "start", "end"),
    *("type", "sub_event", "modality", "judged", "note", "quote"),
]


def _retyped_row(sample: Path, row: dict[str, str], event: Event) -> dict[str, str]:
    src = next((s for s in event.sources if s.start == int(row["start"])), event.sources[0])
    t, sub, modality = typing(event)
    return {
        "sample": sample.stem,
        "n": row["n"],
        "event": event.id,
        "page": row["page"],
        "article": row.get("article") or "",
        "start": row["start"],
        "end": row["end"],
        "type": t,
        "sub_event": sub,
        "modality": modality,
        "judged": " / ".join((row["type"], row["sub_event"], row["modality"])),
        "note": row.get("note", ""),
        "quote": " ".join(src.quote.split()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("samples", type=Path, nargs="+", help="judged sample TSV files")
    parser.add_argument(
        "--rows", action="store_true", help="also list the retyped rows with the readers' notes"
    )
    parser.add_argument(
        "--rejudged",
        type=Path,
        action="append",
        default=[],
        help="judgements of retyped rows in their new typing (TSV; repeatable)",
    )
    parser.add_argument(
        "--retyped-out",
        type=Path,
        default=None,
        help="write the retyped rows no judgement covers, with their quotes (TSV)",
    )
    args = parser.parse_args(argv)
    rejudged = read_rejudged(args.rejudged)
    retyped: list[dict[str, str]] | None = [] if args.retyped_out else None
    events_at: dict[tuple[str, int], list[tuple[str, Event]]] = {}
    with Store(args.db, readonly=True) as store:
        pages = {d.id: Path(d.source).name for d in store.documents()}
        for event in store.events():
            for src in event.sources:
                at = (pages.get(src.document, ""), src.start)
                events_at.setdefault(at, []).append((article_of(src.document), event))
    figures = {}
    for sample in args.samples:
        s = score(events_at, sample, rejudged, retyped)
        figures[sample.name] = {k: v for k, v in asdict(s).items() if k != "changed"}
        print(
            f"{sample.name}: {s.rows} rows made, {s.right} right ({s.share(s.right, s.rows):.1%}),"
            f" {s.retyped} retyped ({s.rejudged} judged again);"
            f" background left off: {s.shown} rows,"
            f" {s.shown_right} right ({s.share(s.shown_right, s.shown):.1%})"
        )
        if args.rows:
            for n, judged, now, note in s.changed:
                print(f"  row {n}: judged {judged} -> now {now}  ({note or 'judged right'})")
    if args.retyped_out and retyped is not None:
        with open(args.retyped_out, "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(
                out, RETYPED_COLUMNS, delimiter="\t", lineterminator="\n", extrasaction="ignore"
            )
            writer.writeheader()
            writer.writerows(retyped)
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Relevance on a general news crawl: the 621 L3S-GN1 pages (Google News, 2008; about
three quarters sport, business, technology and entertainment) through the whole product,
against our own topic labels of those pages (``l3s-topics.tsv`` beside this module: one
person read each page's headline and lead and gave it one topic; file names and labels
only, docs/quality.md says how).

Figures (shares and counts; ``_tune`` for the odd-numbered pages in file-name order, on
which the sentence threshold was chosen, ``_test`` for the even-numbered ones, which
were only measured, and no suffix for all):

- ``l3s_offtopic_events_per_article``: events per article from sport, business,
  technology, entertainment and lifestyle pages (the issue's bar: ≤ 0.05);
- ``l3s_offtopic_pages_parsed``: share of those pages that passed the page gate;
- ``l3s_conflict_pages_parsed``: share of conflict and protest pages that passed it;
- ``l3s_conflict_events_kept``: events on conflict and protest pages with relevance on,
  as a share of those without it (the same pages run with the `relevance` setting off);
- ``acled_notes_parsed``: share of the ACLED-coded notes (``events/acled-dev``, all
  about political violence or protest) that pass the page gate.

    python -m truceline.evaluation.relevance ../shared/datasets
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from truceline.errors import EvalDataError

LABELS = Path(__file__).with_name("l3s-topics.tsv")
OFF_TOPIC_LABELS = frozenset({"sports", "business", "technology", "entertainment", "lifestyle"})
CONFLICT_LABELS = frozenset({"conflict", "protest"})


def load_labels(path: Path = LABELS) -> dict[str, str]:
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    except OSError as exc:
        raise EvalDataError(f"{path}: {exc}") from exc
    return {r["file"]: r["topic"] for r in rows}


def l3s_pages(data: Path, limit: int | None) -> list[Path]:
    for folder in (data / "extraction" / "l3s-gn1" / "input", data / "l3s-gn1" / "input", data):
        pages = sorted(folder.glob("*.html"))
        if pages:
            return pages[:limit] if limit else pages
    raise EvalDataError(f"{data}: no l3s-gn1/input folder of .html pages")


def events_per_page(pages: list[Path], *, relevance: bool) -> tuple[Counter[str], set[str]]:
    """Events whose sources lie on each page (by file name), and the pages parsed, from a
    run of the whole product over `pages` into a fresh store."""
    from truceline.run import run
    from truceline.run.executors import InProcessExecutor, WorkerConfig
    from truceline.store import Store

    with tempfile.TemporaryDirectory(prefix="truceline-relevance-") as tmp:
        corpus = Path(tmp) / "pages"
        corpus.mkdir()
        for page in pages:
            shutil.copy(page, corpus / page.name)
        with Store(Path(tmp) / "l3s.db") as store:
            run(
                [corpus],
                store,
                executor=InProcessExecutor(config=WorkerConfig(relevance=relevance)),
            )
            documents = store.documents()
            events = store.events()
    page_of = {d.id: Path(d.source).name for d in documents}
    parsed = {
        page_of[d.id] for d in documents if d.relevance is None or d.relevance >= _threshold()
    }
    counts: Counter[str] = Counter()
    for event in events:
        for name in {page_of.get(s.document) for s in event.sources} - {None}:
            counts[str(name)] += 1
    return counts, parsed


def _threshold() -> float:
    from truceline.relevance import PAGE_THRESHOLD

    return PAGE_THRESHOLD


def figures_for(
    names: list[str], labels: dict[str, str], counts: Counter[str], parsed: set[str]
) -> dict[str, float]:
    off = [n for n in names if labels.get(n) in OFF_TOPIC_LABELS]
    conflict = [n for n in names if labels.get(n) in CONFLICT_LABELS]
    return {
        "offtopic_events_per_article": round(sum(counts[n] for n in off) / max(len(off), 1), 4),
        "offtopic_pages_parsed": round(sum(n in parsed for n in off) / max(len(off), 1), 4),
        "conflict_pages_parsed": round(
            sum(n in parsed for n in conflict) / max(len(conflict), 1), 4
        ),
        "offtopic_n": len(off),
        "conflict_n": len(conflict),
    }


def acled_notes_parsed(data: Path) -> float | None:
    notes = data / "events" / "acled-dev" / "notes.jsonl"
    if not notes.is_file():
        return None
    from truceline.relevance import load_model
    from truceline.relevance.cues import page_passes

    model = load_model()
    texts = [json.loads(line)["text"] for line in notes.read_text(encoding="utf-8").splitlines()]
    passed = sum(page_passes(model.document_relevance(None, t), t) for t in texts)
    return round(passed / max(len(texts), 1), 4)


def run_relevance_eval(data: Path, *, limit: int | None = None) -> dict[str, Any]:
    data = Path(data)
    labels = load_labels()
    pages = l3s_pages(data, limit)
    missing = [p.name for p in pages if p.name not in labels]
    if missing:
        raise EvalDataError(f"{LABELS}: no topic for {len(missing)} pages, e.g. {missing[0]}")
    counts, parsed = events_per_page(pages, relevance=True)
    conflict_pages = [p for p in pages if labels[p.name] in CONFLICT_LABELS]
    before, _ = events_per_page(conflict_pages, relevance=False)
    names = [p.name for p in pages]
    figures: dict[str, Any] = {}
    for suffix, part in (("", names), ("_tune", names[1::2]), ("_test", names[0::2])):
        for key, value in figures_for(part, labels, counts, parsed).items():
            figures[f"l3s_{key}{suffix}"] = value
        kept = sum(counts[n] for n in part if labels[n] in CONFLICT_LABELS)
        total = sum(before[n] for n in part if labels[n] in CONFLICT_LABELS)
        figures[f"l3s_conflict_events_kept{suffix}"] = round(kept / max(total, 1), 4)
    figures["l3s_events_by_topic"] = {
        topic: round(sum(counts[n] for n in names if labels[n] == topic) / max(n_pages, 1), 3)
        for topic, n_pages in sorted(Counter(labels[n] for n in names).items())
    }
    notes = acled_notes_parsed(data)
    if notes is not None:
        figures["acled_notes_parsed"] = notes
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    print(json.dumps(run_relevance_eval(args.data, limit=args.limit), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

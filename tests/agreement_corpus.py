"""The multi-agreement corpus (`tests/fixtures/agreements/`): pages written for the project
about the facts of ten real agreements in five countries, several fictional outlets each,
with the contradictions real reports had. `score` runs the product on it as a user does
(`run.run` into a fresh store) and measures agreement identity:

- ``records_per_agreement``: for each agreement, the records holding one of its anchor
  sentences (one is right);
- ``one_record``: agreements with exactly one record;
- ``spanning``: records holding the anchors of two agreements or more (0 is right);
- ``dates_right``: signed and in-force dates equal to an accepted value, over the dates
  the pages give.

    .venv/bin/python tests/agreement_corpus.py [-v] [--held-out]    # prints the figures
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from truceline.models import Agreement, DateValue, Document

CORPUS = Path(__file__).resolve().parent / "fixtures" / "agreements"
# Written after the rules were made and run once to measure them: never tuned on.
HELD_OUT = Path(__file__).resolve().parent / "fixtures" / "agreements_heldout"


def expected(corpus: Path = CORPUS) -> dict[str, Any]:
    return json.loads((corpus / "expected.json").read_text(encoding="utf-8"))


def run_corpus(corpus: Path = CORPUS) -> tuple[list[Agreement], list[Document]]:
    from truceline.run import run
    from truceline.store import Store

    with (
        tempfile.TemporaryDirectory(prefix="truceline-agreements-") as tmp,
        Store(Path(tmp) / "agreements.db") as store,
    ):
        run([corpus], store)
        return store.agreements(), store.documents()


def _file(doc: Document) -> str:
    return Path(doc.source.split("#")[0]).name


def owners(
    agreements: list[Agreement], documents: list[Document], corpus: Path = CORPUS
) -> dict[str, set[str]]:
    """Record id → the expected agreements (and other agreements) whose anchors it holds."""
    files = {d.id: _file(d) for d in documents}
    spec = expected(corpus)
    anchors = [
        (a["id"], f, q)
        for a in spec["agreements"] + spec["other_agreements"]
        for f, q in a["anchors"]
    ]
    found: dict[str, set[str]] = defaultdict(set)
    for record in agreements:
        sources = {(files.get(s.document, ""), s.quote) for s in record.sources}
        for agreement, file, quote in anchors:
            if any(f == file and quote in text for f, text in sources):
                found[record.id].add(agreement)
    return found


def _value(d: DateValue | None) -> str | None:
    return d.value if d is not None else None


def score(
    agreements: list[Agreement], documents: list[Document], corpus: Path = CORPUS
) -> dict[str, Any]:
    spec = expected(corpus)
    found = owners(agreements, documents, corpus)
    by_id = {a.id: a for a in agreements}
    records: dict[str, list[str]] = defaultdict(list)
    for record_id, names in found.items():
        for name in names:
            records[name].append(record_id)
    dates_total = dates_right = 0
    wrong: list[str] = []
    for a in spec["agreements"]:
        ids = records.get(a["id"], [])
        record = by_id[ids[0]] if len(ids) == 1 else None
        for field in ("signed", "effective"):
            if not a[field]:
                continue
            dates_total += 1
            got = _value(getattr(record, field)) if record is not None else None
            if got in a[field]:
                dates_right += 1
            else:
                wrong.append(f"{a['id']}.{field}: {got} (expected {a[field][0]})")
    names = [a["id"] for a in spec["agreements"]]
    spanning = [sorted(n) for n in found.values() if len(n) > 1]
    return {
        "agreements": len(names),
        "records": len(agreements),
        "one_record": sum(len(records.get(n, [])) == 1 for n in names),
        "records_per_agreement": {n: len(records.get(n, [])) for n in names},
        "spanning": len(spanning),
        "spanning_records": spanning,
        "dates_right": dates_right,
        "dates_total": dates_total,
        "dates_share": round(dates_right / dates_total, 3) if dates_total else 0.0,
        "dates_wrong": wrong,
    }


if __name__ == "__main__":
    corpus = HELD_OUT if "--held-out" in sys.argv else CORPUS
    agreements, documents = run_corpus(corpus)
    figures = score(agreements, documents, corpus)
    if "-v" in sys.argv:
        for a in agreements:
            print(
                a.id,
                a.name,
                a.kind,
                a.zone.name if a.zone else None,
                _value(a.signed),
                _value(a.effective),
                [g.name for g in a.guarantors],
                [p.name for p in a.parties],
                sorted(found) if (found := owners([a], documents).get(a.id)) else "-",
            )
    print(json.dumps(figures, indent=2))

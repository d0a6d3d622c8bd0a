"""The report as Markdown: the same sections as the HTML report, for notes and wikis.
Page text is untrusted, so Markdown control characters in it are escaped. Written line
by line as `Rows` give the agreements and events (`write_markdown_report`)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

from truceline.models import Agreement, Document, Event
from truceline.outputs.rows import ListRows, Rows, TextSink
from truceline.outputs.timeline import date_label
from truceline.outputs.vocabulary import event_label, modality_label

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _m(value: object) -> str:
    text = " ".join(str("" if value is None else value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def _agreement(a: Agreement) -> list[str]:
    lines = [
        f"### {_m(a.name)}",
        "",
        f"- kind: {_m(a.kind)}; zone: {_m(a.zone.name if a.zone else '?')}",
        f"- parties: {_m(', '.join(p.name for p in a.parties))}; guarantors: "
        f"{_m(', '.join(g.name for g in a.guarantors))}",
        f"- signed {_m(date_label(a.signed) if a.signed else '?')}, in force "
        f"{_m(date_label(a.effective) if a.effective else '?')}, ends "
        f"{_m(date_label(a.ends) if a.ends else '?')}; status {_m(a.status)}",
    ]
    for p in a.provisions:
        deadline = f" (deadline {p.deadline.value})" if p.deadline else ""
        lines.append(f"- provision, {_m(p.category)}: {_m(p.text)}{deadline} [{_m(p.status)}]")
    for c in a.contradictions:
        lines.append(
            f"- ⚠ sources disagree on {_m(c.field)}: " + "; ".join(_m(v) for v, _ in c.values)
        )
    return [*lines, ""]


def _timeline_row(e: Event) -> str:
    flag = " ⚠" if e.contradictions else ""
    quote = e.sources[0].quote if e.sources else ""
    reports = len({s.document for s in e.sources})  # articles, not quotes
    return (
        f"| {_m(date_label(e.date))} | {_m(event_label(e))}{flag} | "
        f"{_m(e.place.name if e.place else '')}"
        f" | {_m(e.fatalities)} | {_m(modality_label(e.modality))} | {reports}"
        f" | {_m(quote[:160])} |"
    )


def _contradictions(e: Event) -> list[str]:
    lines = []
    for c in e.contradictions:
        values = "; ".join(
            f"{_m(v)} ({_m(', '.join(sorted({s.outlet or s.document[:8] for s in srcs})))})"
            for v, srcs in c.values
        )
        lines.append(f"- {_m(date_label(e.date))} {_m(event_label(e))}: {_m(c.field)} — {values}")
    return lines


def write_markdown_report(rows: Rows, out: TextSink, *, title: str = "truceline report") -> None:
    """Write the report of `rows` line by line, as they are read."""

    def put(lines: Iterable[str]) -> None:
        for line in lines:
            out.write(line + "\n")

    counts = (
        f"{rows.document_count()} documents · {rows.event_count()} events · "
        f"{rows.agreement_count()} agreements"
    )
    put([f"# {_m(title)}", "", counts, "", "## Agreements", ""])
    found = False
    for agreement in rows.agreements():
        put(_agreement(agreement))
        found = True
    if not found:
        put(["No agreements found.", ""])
    put(
        [
            "## Timeline",
            "",
            "| date | event | where | dead | modality | sources | first quote |",
            "|---|---|---|---|---|---|---|",
        ]
    )
    put(map(_timeline_row, rows.events()))
    put(["", "## Contradictions", ""])
    for event in rows.events(contradicted=True):
        put(_contradictions(event))
    put(["", "## Coverage by outlet", "", "| outlet | articles |", "|---|---|"])
    put(f"| {_m(o)} | {n} |" for o, n, _ in rows.outlet_coverage())


def markdown_report(
    documents: Sequence[Document],
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    title: str = "truceline report",
) -> str:
    """The report of documents, events and agreements in memory, as one string."""
    buffer = io.StringIO()
    write_markdown_report(ListRows(documents, events, agreements), buffer, title=title)
    return buffer.getvalue()

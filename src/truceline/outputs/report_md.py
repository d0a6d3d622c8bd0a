"""The report as Markdown: the same sections as the HTML report, for notes and wikis.
Page text is untrusted, so Markdown control characters in it are escaped."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from truceline.models import Agreement, Document, Event
from truceline.outputs.timeline import date_label
from truceline.outputs.vocabulary import event_label, modality_label

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _m(value: object) -> str:
    text = " ".join(str("" if value is None else value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def _agreements(agreements: Sequence[Agreement]) -> list[str]:
    lines = ["## Agreements", ""]
    for a in agreements:
        lines += [
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
        lines.append("")
    return lines if agreements else ["## Agreements", "", "No agreements found.", ""]


def _timeline(events: Sequence[Event]) -> list[str]:
    lines = [
        "## Timeline",
        "",
        "| date | event | where | dead | modality | sources | first quote |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in events:
        flag = " ⚠" if e.contradictions else ""
        quote = e.sources[0].quote if e.sources else ""
        reports = len({s.document for s in e.sources})  # articles, not quotes
        lines.append(
            f"| {_m(date_label(e.date))} | {_m(event_label(e))}{flag} | "
            f"{_m(e.place.name if e.place else '')}"
            f" | {_m(e.fatalities)} | {_m(modality_label(e.modality))} | {reports}"
            f" | {_m(quote[:160])} |"
        )
    return lines + [""]


def _contradictions(events: Sequence[Event]) -> list[str]:
    lines = ["## Contradictions", ""]
    for e in events:
        for c in e.contradictions:
            values = "; ".join(
                f"{_m(v)} ({_m(', '.join(sorted({s.outlet or s.document[:8] for s in srcs})))})"
                for v, srcs in c.values
            )
            lines.append(
                f"- {_m(date_label(e.date))} {_m(event_label(e))}: {_m(c.field)} — {values}"
            )
    return lines + [""]


def markdown_report(
    documents: Sequence[Document],
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    title: str = "truceline report",
) -> str:
    outlets = Counter(d.outlet or "unknown outlet" for d in documents if not d.duplicate_of)
    coverage = ["## Coverage by outlet", "", "| outlet | articles |", "|---|---|"]
    coverage += [f"| {_m(o)} | {n} |" for o, n in outlets.most_common()]
    head = [
        f"# {_m(title)}",
        "",
        f"{len(documents)} documents · {len(events)} events · {len(agreements)} agreements",
        "",
    ]
    body = head + _agreements(agreements) + _timeline(events) + _contradictions(events) + coverage
    return "\n".join(body) + "\n"

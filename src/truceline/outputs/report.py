"""A static, self-contained HTML report: timeline, agreements, contradictions and
per-outlet coverage. Every piece of page text is escaped: news pages are untrusted.

Written section by section as `Rows` give the agreements and events (`write_html_report`);
the counts in its head and the coverage table come from whole-store figures."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from html import escape

from truceline.models import Agreement, Document, Event
from truceline.outputs.rows import ListRows, Rows, TextSink
from truceline.outputs.timeline import date_label
from truceline.outputs.vocabulary import event_label, modality_label, type_label

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px;color:#222}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top;
font-size:.9rem}
th{background:#f3f3f3}
.q{color:#555;font-style:italic}
.warn{color:#b00;font-weight:bold}
.card{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}
small{color:#777}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _event_row(ev: Event) -> str:
    place = ev.place.name if ev.place else ""
    coords = (
        f"<br><small>{ev.place.lat:.3f}, {ev.place.lon:.3f}</small>"
        if ev.place and ev.place.resolved
        else ""
    )
    who = " → ".join(a.name for a in (ev.actor1, ev.actor2) if a)
    quotes = "".join(
        f'<div class="q">“{_e(s.quote)}” <small>({_e(s.outlet or s.document[:12])})</small></div>'
        for s in ev.sources
    )
    flags = "".join(
        f'<div class="warn">⚠ {_e(c.field)}: '
        + "; ".join(
            f"{_e(v)} ({_e(', '.join(sorted({s.outlet or s.document[:8] for s in srcs})))})"
            for v, srcs in c.values
        )
        + "</div>"
        for c in ev.contradictions
    )
    return (
        f"<tr><td>{_e(date_label(ev.date))}</td><td>{_e(event_label(ev))}<br><small>{_e(type_label(ev.type))}</small></td>"
        f"<td>{_e(place)}{coords}</td><td>{_e(who)}</td><td>{_e(ev.fatalities)}</td>"
        f"<td>{_e(modality_label(ev.modality))}<br><small>{_e(ev.attribution)}</small></td><td>{quotes}{flags}</td></tr>"
    )


def _agreement_card(a: Agreement) -> str:
    provisions = "".join(
        f"<li>{_e(p.category)}: {_e(p.text)}"
        + (f" <small>(deadline {_e(p.deadline.value)})</small>" if p.deadline else "")
        + f" <small>[{_e(p.status)}]</small></li>"
        for p in a.provisions
    )
    flags = "".join(
        f'<div class="warn">⚠ {_e(c.field)}: ' + "; ".join(_e(v) for v, _ in c.values) + "</div>"
        for c in a.contradictions
    )
    return (
        f'<div class="card"><h3>{_e(a.name)}</h3><p>{_e(a.kind)} · zone: '
        f"{_e(a.zone.name if a.zone else '?')}"
        f" · parties: {_e(', '.join(p.name for p in a.parties))}"
        f" · guarantors: {_e(', '.join(g.name for g in a.guarantors))}</p>"
        f"<p>signed {_e(date_label(a.signed) if a.signed else '?')}"
        f" · in force {_e(date_label(a.effective) if a.effective else '?')}"
        f" · ends {_e(date_label(a.ends) if a.ends else '?')} · status {_e(a.status)}</p>"
        f"<ul>{provisions}</ul>{flags}</div>"
    )


def _coverage(coverage: list[tuple[str, int, int]]) -> str:
    rows = "".join(
        f"<tr><td>{_e(o)}</td><td>{n}</td><td>{reports}</td></tr>" for o, n, reports in coverage
    )
    return f"<table><tr><th>outlet</th><th>articles</th><th>event reports</th></tr>{rows}</table>"


def _write_all(out: TextSink, items: Iterable[str], empty: str) -> None:
    """Each of `items`, or `empty` where there is none."""
    wrote = False
    for item in items:
        out.write(item)
        wrote = True
    if not wrote:
        out.write(empty)


def write_html_report(rows: Rows, out: TextSink, *, title: str = "truceline report") -> None:
    """Write the report of `rows` section by section, as they are read."""
    out.write(
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src "
        "'unsafe-inline'\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1><p>{rows.document_count()} documents · {rows.event_count()} "
        f"events · {rows.agreement_count()} agreements · "
        f"{rows.event_count(contradicted=True)} events where sources disagree</p>"
        "<h2>Agreements</h2>"
    )
    _write_all(out, map(_agreement_card, rows.agreements()), "<p>No agreements found.</p>")
    out.write(
        "<h2>Timeline</h2><table><tr><th>date</th><th>event</th><th>where</th><th>who</th>"
        "<th>dead</th><th>modality</th><th>sources</th></tr>"
    )
    _write_all(out, map(_event_row, rows.events()), "")
    out.write("</table><h2>Contradictions</h2><table>")
    _write_all(out, map(_event_row, rows.events(contradicted=True)), "<tr><td>none</td></tr>")
    out.write(
        f"</table><h2>Coverage by outlet</h2>{_coverage(rows.outlet_coverage())}"
        "<p><small>~ approximate · * date from an estimated or corpus "
        "anchor</small></p></body></html>\n"
    )


def html_report(
    documents: Sequence[Document],
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    title: str = "truceline report",
) -> str:
    """The report of documents, events and agreements in memory, as one string."""
    buffer = io.StringIO()
    write_html_report(ListRows(documents, events, agreements), buffer, title=title)
    return buffer.getvalue()

"""A static, self-contained HTML report: timeline, agreements, contradictions and
per-outlet coverage. Every piece of page text is escaped: news pages are untrusted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from truceline.models import Agreement, Document, Event
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


def _event_rows(events: Sequence[Event]) -> str:
    rows = []
    for ev in events:
        place = ev.place.name if ev.place else ""
        coords = (
            f"<br><small>{ev.place.lat:.3f}, {ev.place.lon:.3f}</small>"
            if ev.place and ev.place.resolved
            else ""
        )
        who = " → ".join(a.name for a in (ev.actor1, ev.actor2) if a)
        quotes = "".join(
            f'<div class="q">“{_e(s.quote)}” '
            f"<small>({_e(s.outlet or s.document[:12])})</small></div>"
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
        rows.append(
            f"<tr><td>{_e(date_label(ev.date))}</td><td>{_e(event_label(ev))}<br><small>{_e(type_label(ev.type))}</small></td>"
            f"<td>{_e(place)}{coords}</td><td>{_e(who)}</td><td>{_e(ev.fatalities)}</td>"
            f"<td>{_e(modality_label(ev.modality))}<br><small>{_e(ev.attribution)}</small></td><td>{quotes}{flags}</td></tr>"
        )
    return "".join(rows)


def _agreement_cards(agreements: Sequence[Agreement]) -> str:
    cards = []
    for a in agreements:
        provisions = "".join(
            f"<li>{_e(p.category)}: {_e(p.text)}"
            + (f" <small>(deadline {_e(p.deadline.value)})</small>" if p.deadline else "")
            + f" <small>[{_e(p.status)}]</small></li>"
            for p in a.provisions
        )
        flags = "".join(
            f'<div class="warn">⚠ {_e(c.field)}: '
            + "; ".join(_e(v) for v, _ in c.values)
            + "</div>"
            for c in a.contradictions
        )
        cards.append(
            f'<div class="card"><h3>{_e(a.name)}</h3><p>{_e(a.kind)} · zone: '
            f"{_e(a.zone.name if a.zone else '?')}"
            f" · parties: {_e(', '.join(p.name for p in a.parties))}"
            f" · guarantors: {_e(', '.join(g.name for g in a.guarantors))}</p>"
            f"<p>signed {_e(date_label(a.signed) if a.signed else '?')}"
            f" · in force {_e(date_label(a.effective) if a.effective else '?')}"
            f" · ends {_e(date_label(a.ends) if a.ends else '?')} · status {_e(a.status)}</p>"
            f"<ul>{provisions}</ul>{flags}</div>"
        )
    return "".join(cards) or "<p>No agreements found.</p>"


def _coverage(documents: Sequence[Document], events: Sequence[Event]) -> str:
    docs = Counter(d.outlet or "unknown outlet" for d in documents if not d.duplicate_of)
    outlet_of = {d.id: d.outlet or "unknown outlet" for d in documents}
    reports = Counter(
        outlet_of.get(s.document, "unknown outlet") for e in events for s in e.sources
    )
    rows = "".join(
        f"<tr><td>{_e(o)}</td><td>{n}</td><td>{reports.get(o, 0)}</td></tr>"
        for o, n in docs.most_common()
    )
    return f"<table><tr><th>outlet</th><th>articles</th><th>event reports</th></tr>{rows}</table>"


def html_report(
    documents: Sequence[Document],
    events: Sequence[Event],
    agreements: Sequence[Agreement],
    *,
    title: str = "truceline report",
) -> str:
    contradicted = [e for e in events if e.contradictions]
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src "
        "'unsafe-inline'\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1><p>{len(documents)} documents · {len(events)} events · "
        f"{len(agreements)} agreements · {len(contradicted)} events where sources disagree</p>"
        f"<h2>Agreements</h2>{_agreement_cards(agreements)}"
        "<h2>Timeline</h2><table><tr><th>date</th><th>event</th><th>where</th><th>who</th><th>dead</th>"
        f"<th>modality</th><th>sources</th></tr>{_event_rows(events)}</table>"
        "<h2>Contradictions</h2>"
        f"<table>{_event_rows(contradicted) or '<tr><td>none</td></tr>'}</table>"
        f"<h2>Coverage by outlet</h2>{_coverage(documents, events)}"
        "<p><small>~ approximate · * date from an estimated or corpus "
        "anchor</small></p></body></html>\n"
    )

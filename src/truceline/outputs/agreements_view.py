"""Agreements in the terminal: a list, and one agreement in detail with its quotes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from truceline.models import Agreement, DateValue, Source
from truceline.outputs.timeline import date_label


def _d(date: DateValue | None) -> str:
    return date_label(date) if date is not None else "?"


def print_agreements(agreements: Sequence[Agreement], console: Console) -> None:
    if not agreements:
        console.print("No agreements in this store.")
        return
    table = Table(title="agreements")
    for column in (
        "id",
        "name",
        "kind",
        "zone",
        "guarantors",
        "signed",
        "in force",
        "ends",
        "status",
        "⚠",
    ):
        table.add_column(column)
    for a in agreements:
        cells = (
            a.id[:8],
            a.name,
            a.kind,
            a.zone.name if a.zone else "",
            ", ".join(g.name for g in a.guarantors),
            _d(a.signed),
            _d(a.effective),
            _d(a.ends),
            a.status,
            str(len(a.contradictions) or ""),
        )
        table.add_row(*map(Text, cells))  # Text: names from pages are not rich markup
    console.print(table)
    console.print("`truceline agreements ID` shows one in detail.", style="dim")


def _cite(source: Source) -> str:
    quote = " ".join(source.quote.split())
    cut = "…" if len(quote) > 160 else ""
    return f"    “{quote[:160]}{cut}” ({source.outlet or source.document[:12]})"


def print_agreement(a: Agreement, console: Console) -> None:
    # Every value from the pages goes through `escape`: rich would read "[/red]" in a name,
    # or the "[agreed]" after a provision, as markup.
    console.print(f"[bold]{escape(a.name)}[/bold]  ({escape(a.kind)}, id {escape(a.id)})")
    console.print(
        escape(f"zone: {a.zone.name if a.zone else '?'}")
        + (f" ({a.zone.lat:.3f}, {a.zone.lon:.3f})" if a.zone and a.zone.resolved else "")
    )
    console.print(escape(f"parties: {', '.join(p.name for p in a.parties) or '?'}"))
    console.print(escape(f"guarantors: {', '.join(g.name for g in a.guarantors) or '?'}"))
    if a.excluded:
        console.print(escape(f"excluded: {', '.join(x.name for x in a.excluded)}"))
    console.print(
        escape(
            f"signed {_d(a.signed)}"
            + (f" in {a.signed_place.name}" if a.signed_place else "")
            + f" · in force {_d(a.effective)} · extended "
            + f"{', '.join(_d(x) for x in a.extended) or '-'}"
            + f" · ends {_d(a.ends)} · status {a.status}"
        )
    )
    for relation in a.related:
        console.print(escape(f"{relation.relation} agreement {relation.target[:8]}"))
    if a.provisions:
        console.print("[bold]provisions[/bold]")
        for p in a.provisions:
            deadline = f", deadline {p.deadline.value}" if p.deadline else ""
            console.print(escape(f"  {p.category}: {p.text}  [{p.status}{deadline}]"))
            for source in p.sources[:2]:
                console.print(escape(_cite(source)), style="dim")
    for c in a.contradictions:
        console.print(f"[red]⚠ sources disagree on {escape(c.field)}[/red]")
        for value, sources in c.values:
            console.print(escape(f"  {value}:"))
            for source in sources[:3]:
                console.print(escape(_cite(source)), style="dim")
    console.print(f"{len(a.events)} linked events, {len(a.sources)} sources")

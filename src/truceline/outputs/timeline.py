"""The timeline as a readable terminal table (rich)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import DateValue, Event


def date_label(date: DateValue | None) -> str:
    if date is None:
        return "undated"
    label = date.value + (f"…{date.end}" if date.end else "")
    if date.kind == "approximate":
        label = "~" + label
    if date.basis in ("estimated", "corpus"):
        label += "*"
    return label


def event_label(event: Event) -> str:
    kind = event.acled_sub_event or event.type
    return kind.replace("_", " ").lower() if event.acled_sub_event else kind


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def timeline_table(events: Sequence[Event], *, quote_width: int = 90) -> Table:
    table = Table(title="truceline timeline", show_lines=False, expand=False)
    table.add_column("date", no_wrap=True)
    table.add_column("event", no_wrap=True)
    table.add_column("where")
    table.add_column("who")
    table.add_column("dead", justify="right")
    table.add_column("modality")
    table.add_column("src", justify="right")
    table.add_column("quote (first source)")
    for event in events:
        place = event.place.name if event.place else ""
        if event.place is not None and not event.place.resolved:
            place += " (?)"
        who = " → ".join(a.name for a in (event.actor1, event.actor2) if a is not None)
        quote = event.sources[0].quote if event.sources else ""
        flag = Text(" ⚠", style="bold red") if event.contradictions else Text("")
        table.add_row(
            date_label(event.date), Text(event_label(event)) + flag, place, who,
            "" if event.fatalities is None else str(event.fatalities), event.modality,
            str(len(event.sources)), _clip(quote, quote_width),
        )
    return table


def print_timeline(events: Sequence[Event], console: Console | None = None) -> None:
    console = console or Console()
    console.print(timeline_table(events))
    console.print("~ approximate   * date from an estimated or corpus anchor   ⚠ sources disagree", style="dim")

"""The timeline as a readable terminal table (rich), in the words of `outputs.vocabulary`."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from truceline.models import DateValue, Event
from truceline.outputs.vocabulary import event_label, modality_label


def date_label(date: DateValue | None) -> str:
    if date is None:
        return "undated"
    label = date.value + (f"…{date.end}" if date.end else "")
    if date.kind == "approximate":
        label = "~" + label
    if date.basis in ("estimated", "corpus"):
        label += "*"
    return label


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# Below this many columns the quote and the actors do not fit beside the rest: the table
# keeps date, event, place, toll, modality and source count (quotes stay in the report).
NARROW = 130


def timeline_table(events: Sequence[Event], *, width: int = 200) -> Table:
    wide = width >= NARROW
    quote_width = max(30, width - 120)
    table = Table(title="truceline timeline", show_lines=False, expand=False)
    table.add_column("date", no_wrap=True)
    table.add_column("event", no_wrap=wide, max_width=None if wide else 22)
    table.add_column("where", overflow="fold", min_width=12, max_width=28)
    if wide:
        table.add_column("who", overflow="fold", max_width=34)
    table.add_column("dead", justify="right")
    if wide:
        table.add_column("modality", no_wrap=True)
    table.add_column("src", justify="right")
    if wide:
        table.add_column("quote (first source)", no_wrap=True, max_width=quote_width)
    for event in events:
        place = event.place.name if event.place else ""
        if event.place is not None and not event.place.resolved:
            place += " (?)"
        who = " → ".join(a.name for a in (event.actor1, event.actor2) if a is not None)
        quote = event.sources[0].quote if event.sources else ""
        flag = Text(" ⚠", style="bold red") if event.contradictions else Text("")
        dead = "" if event.fatalities is None else str(event.fatalities)
        label = event_label(event)
        if not wide and event.modality != "happened":
            label += f" ({modality_label(event.modality)})"
        # Text, never str: a str cell is read as rich markup, and "[/red]" in a place, an
        # actor or a quote stopped the command
        row: list[Text] = [Text(date_label(event.date)), Text(label) + flag, Text(place)]
        row += [Text(who)] if wide else []
        row += [Text(dead)] + ([Text(modality_label(event.modality))] if wide else [])
        row += [Text(str(len({s.document for s in event.sources})))]  # reports, not quotes
        row += [Text(_clip(quote, quote_width))] if wide else []
        table.add_row(*row)
    return table


def print_timeline(events: Sequence[Event], console: Console | None = None) -> None:
    console = console or Console()
    console.print(timeline_table(events, width=console.width))
    console.print(
        "~ approximate   * date from an estimated or corpus anchor   ⚠ sources disagree",
        style="dim",
    )

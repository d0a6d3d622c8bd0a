"""One vocabulary (issue 20): every code the extractor can write has words, and the
terminal timeline, the reports, the CSV and the API all use the same words."""

from __future__ import annotations

import csv
import io
import re

from rich.console import Console

from truceline.lexicons.events import ACLED_LABELS, PLOVER_TYPES
from truceline.models import Actor, DateValue, Document, Event, Place, Source
from truceline.outputs.export import export_text
from truceline.outputs.report import html_report
from truceline.outputs.report_md import markdown_report
from truceline.outputs.timeline import print_timeline
from truceline.outputs.vocabulary import (
    ACLED_SUB_EVENTS,
    CATEGORY,
    GROUPS,
    OTHER_SUB_EVENTS,
    event_label,
    sub_event_label,
    type_label,
)

DOC = Document("d1", "d1", "x.txt", "Wire", "t", DateValue("2017-08-03"), "text", "A quote.")
WORDS = {
    "GOV_REGAINS_TERIT": "Government regains territory",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "DIPLO": "Diplomatic event",
    "ATTRIB": "Attribution of responsibility",
}
# the shortened forms the terminal used to print
OLD = ("gov regains terit", "art miss attack", "non viol territ transfer", "diplo", "attrib")


def _events() -> list[Event]:
    return [
        Event(
            f"e{n}",
            "ASSAULT" if code != "DIPLO" else "CONSULT",
            "",
            code,
            DateValue("2017-08-0" + str(n + 1)),
            Place("Ar Rastan", 34.9, 36.7, "SY", "Homs"),
            Actor("Syrian Arab Army", "saa", 1),
            None,
            None,
            "happened",
            None,
            [Source("d1", "Wire", "A quote", 0, 7)],
        )
        for n, code in enumerate(WORDS)
    ]


def test_every_code_the_extractor_writes_has_words_and_a_colour():
    assert set(CATEGORY) >= PLOVER_TYPES
    assert set(ACLED_SUB_EVENTS) | set(OTHER_SUB_EVENTS) >= ACLED_LABELS
    assert {c.group for c in CATEGORY.values()} == {g.code for g in GROUPS}
    for code in ACLED_LABELS:
        assert "_" not in sub_event_label(code) and sub_event_label(code)[0].isupper()
    assert type_label("REQUEST") == "Request, demand" and type_label("ASSAULT").startswith(
        "Assault"
    )
    assert sub_event_label("SHELLING_ARTILLERY_MISSILE_ATTACK") == WORDS["ART_MISS_ATTACK"]


def test_the_terminal_timeline_speaks_acleds_words():
    console = Console(file=io.StringIO(), width=220, record=True)
    print_timeline(_events(), console)
    text = console.export_text()
    for words in WORDS.values():
        assert words in text
    for old in OLD:
        assert not re.search(rf"\b{old}\b", text.lower()), old


def test_reports_csv_and_labels_agree():
    events = _events()
    html = html_report([DOC], events, [])
    md = markdown_report([DOC], events, [])
    rows = list(csv.DictReader(io.StringIO(export_text("csv", [DOC], events, []))))
    for event, row in zip(events, rows, strict=True):
        label = event_label(event)
        assert label in html and label in md.replace("\\", "")
        if event.acled_sub_event in ACLED_SUB_EVENTS:
            assert row["sub_event_type"] == label
        assert row["sub_event_label"] == label
        assert row["plover_type_label"] == type_label(event.type)

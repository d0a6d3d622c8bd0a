"""The ACLED-notes evaluation: its reader refuses mismatched files, its comparisons on
hand-made events, and the whole product on a few hand-written notes in ACLED's style."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from truceline.errors import EvalDataError
from truceline.evaluation.acled import (
    Note,
    Scores,
    acled_root,
    actor_key,
    evaluate,
    load_notes,
    note_event,
)
from truceline.models import Actor, Event, Place, Source

NOTES = [
    (
        "On 3 May 2020, in Kharkiv city (Kharkiv, Ukraine), police detained two men who had "
        "thrown stones at a bank window during a protest.",
        {"event_type": "Strategic developments", "sub_event_type": "Arrests"},
    ),
    (
        "On 4 May 2020, government forces shelled the village of Krasnohorivka (Donetsk, "
        "Ukraine), killing one civilian.",
        {
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
        },
    ),
]


def _gold(i: int, extra: dict[str, str]) -> dict[str, object]:
    return {
        "event_id_cnty": f"TST{i}",
        "country": "Ukraine",
        "latitude": 49.99 if i == 0 else 48.01,
        "longitude": 36.23 if i == 0 else 37.81,
        "actor1": "Police Forces of Ukraine (2019-)",
        "inter1": "1",
        "fatalities": 0 if i == 0 else 1,
        **extra,
    }


def _write(folder: Path, notes: list[tuple[str, dict[str, str]]]) -> Path:
    folder.mkdir(parents=True)
    with open(folder / "notes.jsonl", "w") as n, open(folder / "gold.jsonl", "w") as g:
        for i, (text, extra) in enumerate(notes):
            n.write(
                json.dumps({"text": text, "url": f"urn:acled:TST{i}", "date": "2020-05-04"}) + "\n"
            )
            g.write(json.dumps(_gold(i, extra)) + "\n")
    return folder


def test_reader_refuses_notes_and_gold_that_do_not_pair(tmp_path):
    root = _write(tmp_path / "acled-dev", NOTES)
    (root / "gold.jsonl").write_text(
        "\n".join(reversed((root / "gold.jsonl").read_text().split("\n")[:2]))
    )
    with pytest.raises(EvalDataError, match="not the same event"):
        load_notes(root)
    with pytest.raises(EvalDataError, match="no acled-dev folder"):
        acled_root(tmp_path / "nowhere")


def test_actor_names_compare_without_period_suffixes():
    assert actor_key("Police Forces of Ukraine (2019-)") == actor_key("police forces of Ukraine")
    assert actor_key("Military Forces of Ukraine (2014-2019)") == "military forces of ukraine"
    assert actor_key("Protesters (Ukraine)") != actor_key("Rioters (Ukraine)")


def test_distance_and_far_outside_counting():
    scores = Scores()
    moscow = Place(name="Moscow", lat=55.75, lon=37.62, country="RU", precision="town")
    event = Event(
        "e", "ASSAULT", "", "ARMED_CLASH", None, moscow, None, None, None, "happened", None
    )
    gold = _gold(1, {"event_type": "Battles", "sub_event_type": "Armed clash"})
    scores.add(event, gold, {"RU": "Russia", "UA": "Ukraine"})
    assert (scores.event_type, scores.sub_event_type, scores.place_region, scores.far_outside) == (
        1,
        1,
        0,
        1,
    )
    assert scores.fatalities == 0  # none read is 0, the gold says 1


def test_note_event_prefers_a_physical_event_read_first():
    def ev(eid: str, sub: str | None, start: int) -> Event:
        return Event(
            eid,
            "ASSAULT",
            "",
            sub,
            None,
            None,
            Actor("x", ""),
            None,
            None,
            "happened",
            None,
            sources=[Source("d", None, "q", start, start + 1)],
        )

    said, clash, later = ev("a", None, 0), ev("b", "ARMED_CLASH", 40), ev("c", "ATTACK", 90)
    assert note_event([said, later, clash], "N", {"d": "N"}) is clash
    assert note_event([], "N", {}) is None


@pytest.mark.slow
def test_the_whole_product_types_and_places_plain_notes(tmp_path):
    notes = load_notes(_write(tmp_path / "acled-dev", NOTES))
    figures, pairs = evaluate(notes)
    assert figures["acled_n"] == 2 and figures["acled_extracted"] == 1.0
    assert figures["acled_lost_as_duplicates"] == 0
    assert [p[1] is not None for p in pairs] == [True, True]
    assert isinstance(pairs[0][0], Note)

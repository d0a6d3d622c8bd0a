"""Casualties with kind, whose and scope (truceline.extract.events.counts): sentences written
for these tests, and short notes run through the whole pipeline."""

from __future__ import annotations

import pytest

from truceline.extract.events.counts import casualties_of, fatalities_of, read_counts
from truceline.models import Casualty


def _counts(nlp, text: str):
    return read_counts(list(nlp(text).sents)[0])


def test_killed_and_wounded_are_kept_apart_seven_not_twenty_two(nlp):
    readings = _counts(
        nlp, "Shells hit the square, killing seven civilians and wounding 15, medics said."
    )
    assert fatalities_of(readings) == 7
    assert Casualty("killed", 7, "civilians") in casualties_of(readings)
    assert Casualty("wounded", 15) in casualties_of(readings)


def test_a_wounded_count_with_no_noun_is_no_fatality(nlp):
    readings = _counts(nlp, "One person was killed and five were injured in the clash.")
    assert fatalities_of(readings) == 1
    assert Casualty("wounded", 5) in casualties_of(readings)


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("A shopkeeper was shot dead by two armed men in the market.", 1),
        ("Gunmen killed the owner of the house and injured two of his sons.", 1),
        ("The victim died.", 1),
        ("A farmer was abducted by four men and stabbed to death.", 1),
    ],
)
def test_one_person_killed_is_one_dead(nlp, text, dead):
    assert fatalities_of(_counts(nlp, text)) == dead


def test_a_running_total_since_a_year_is_context_not_the_events_toll(nlp):
    readings = _counts(nlp, "The war has killed more than 330,000 people since 2011.")
    assert fatalities_of(readings) is None
    assert casualties_of(readings) == [Casualty("killed", 330000, "people", "cumulative")]


def test_a_toll_so_far_is_cumulative(nlp):
    readings = _counts(nlp, "At least 1,200 fighters have been killed so far in the offensive.")
    assert fatalities_of(readings) is None
    assert [c.scope for c in casualties_of(readings)] == ["cumulative"]


def test_a_stated_toll_is_the_events_fatalities_even_zero(nlp):
    assert fatalities_of(_counts(nlp, "Fatalities coded as 0 (local media reported 1).")) == 0
    assert fatalities_of(_counts(nlp, "The death toll was put at 12 by the hospital.")) == 12


def test_kinds_and_whose(nlp):
    arrested = casualties_of(_counts(nlp, "Police arrested 12 protesters outside the court."))
    assert arrested == [Casualty("detained", 12, "civilians")]
    listed = _counts(nlp, "The battle left 25 rebel fighters and 6 military fatalities.")
    assert fatalities_of(listed) == 31
    assert Casualty("killed", 25, "fighters") in casualties_of(listed)
    children = casualties_of(_counts(nlp, "The strike killed 20 civilians, including 8 children."))
    assert Casualty("killed", 8, "children", part=True) in children


def test_the_count_of_a_second_gapped_clause_is_not_added(nlp):
    readings = _counts(
        nlp,
        "At least 12 civilians were killed in the shelling of the market on 3 November, "
        "and four in an airstrike on a school on 9 November.",
    )
    assert fatalities_of(readings) == 12


# ------------------------------------------------------------------ through the pipeline


@pytest.fixture(scope="module")
def pipeline():
    from truceline.run.pipeline import Pipeline

    return Pipeline.load()


def _note_events(pipeline, text: str, date: str = "2020-05-05"):
    from truceline.fuse import fuse
    from truceline.models import RawInput

    raw = RawInput("note.txt", text.encode(), "text", url="urn:test:1", date_hint=date)
    result = pipeline.process(raw)
    return fuse(list(result.documents), list(result.events)).events


def test_a_toll_told_in_the_next_sentences_is_the_events_toll(pipeline):
    events = _note_events(
        pipeline,
        "On 5 May 2020, in Maraba, two armed men attacked a shopkeeper near the market. "
        "The victim died. 1 fatality.",
    )
    assault = [e for e in events if e.type == "ASSAULT"]
    assert len(assault) == 1
    assert assault[0].fatalities == 1

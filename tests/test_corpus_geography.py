"""The corpus's own geography (`run.geography`): place names that nothing in their own
text decides are settled by the other documents of the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from truceline.run import run
from truceline.store import Store
from truceline.understand.places import Gazetteer
from truceline.understand.places.namesakes import CorpusPrior

LONE_TRIPOLI = "Rioters threw stones at an army checkpoint in Tripoli on Sunday evening."


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def test_a_choice_among_namesakes_with_nothing_to_go_on_is_marked_a_guess(gaz):
    [place] = [m.value for m in gaz.find(LONE_TRIPOLI)]
    assert place.basis == "namesake"
    # the text that names the country decides: no guess
    text = "Rioters threw stones at an army checkpoint in Tripoli, in northern Lebanon."
    found = {m.text: m.value for m in gaz.find(text)}
    assert found["Tripoli"].country == "LB" and found["Tripoli"].basis is None


def test_the_corpus_settles_a_guess_where_it_confirms_nothing_in_the_guessed_country(gaz):
    [first] = [m.value for m in gaz.find(LONE_TRIPOLI)]
    other = {"LY": "LB", "LB": "LY"}[first.country]

    def read(placing: dict[str, int], confirming: dict[str, int]) -> tuple[str | None, str]:
        [place] = [m.value for m in gaz.find(LONE_TRIPOLI, prior=CorpusPrior(placing, confirming))]
        return place.country, str(place.basis)

    # many documents elsewhere, a lone unconfirmed one in the guessed country
    assert read({other: 5, first.country: 1, "SY": 9}, {other: 2}) == (other, "corpus")
    # one document that confirms the guessed country keeps the guess
    assert read({other: 40, first.country: 1}, {other: 40, first.country: 1}) == (
        first.country,
        "namesake",
    )
    # too few documents elsewhere say nothing
    assert read({other: 2}, {other: 2}) == (first.country, "namesake")


NOTES = [
    "On 3 May, residents of Beirut, Lebanon, blocked the airport road with burning tyres.",
    "On 4 May, protesters gathered in Sidon and Tyre in southern Lebanon against prices.",
    "On 5 May, students marched in Zahle, Lebanon, to demand the release of an activist.",
    "On 6 May, rioters threw stones at an army checkpoint in Tripoli, injuring two soldiers.",
]


def _run_notes(tmp_path: Path, notes: list[str]):
    """Run `notes` as one corpus: the run's report, the places of its Tripoli events and
    how many event mentions the store holds."""
    folder = tmp_path / "notes"
    folder.mkdir()
    for n, note in enumerate(notes):
        (folder / f"note{n}.txt").write_text(note, encoding="utf-8")
    with Store(tmp_path / "t.db") as store:
        report = run([folder], store)
        mentions = store.event_mentions()
    tripoli = [e.place for e in mentions if e.place and e.place.name.startswith("Tripoli")]
    return report, tripoli, len(mentions)


def test_a_run_reads_its_guesses_again_with_the_corpus_geography(tmp_path: Path) -> None:
    report, tripoli, events = _run_notes(tmp_path, NOTES)
    assert report.relooked == 1
    assert tripoli and {(p.country, p.basis) for p in tripoli} == {("LB", "corpus")}
    assert report.events == events  # the report counts the events the store holds


LONE_PRYMORSKE = "Artillery shells landed near Prymorske overnight, the monitors said."


def test_the_corpus_settles_which_province_a_village_of_many_is_in(gaz):
    # five Ukrainian villages are called Prymorske; the biggest (Zaporizhzhia's) is a guess
    [first] = [m.value for m in gaz.find(LONE_PRYMORSKE)]
    assert (first.country, first.admin1, first.basis) == ("UA", "Zaporizhzhia", "namesake")

    def read(areas: dict[tuple[str, str], int]) -> tuple[str | None, str]:
        prior = CorpusPrior({"UA": 30}, {"UA": 30}, areas)
        [place] = [m.value for m in gaz.find(LONE_PRYMORSKE, prior=prior)]
        return place.admin1, str(place.basis)

    # a feed of reports from the Donetsk front reads it as the Donetsk village
    assert read({("UA", "Donetsk"): 25, ("UA", "Zaporizhzhia"): 1}) == ("Donetsk", "corpus")
    # as many reports in the guessed province: the guess stays
    assert read({("UA", "Donetsk"): 4, ("UA", "Zaporizhzhia"): 4}) == ("Zaporizhzhia", "namesake")
    # a province with too few reports says nothing
    assert read({("UA", "Donetsk"): 2}) == ("Zaporizhzhia", "namesake")
    # a village named with its town is no guess
    found = {m.text: m.value for m in gaz.find("Shells landed near Prymorske and Mariupol.")}
    assert (found["Prymorske"].admin1, found["Prymorske"].basis) == ("Donetsk", None)


LIBYAN_NOTES = [
    "On 3 May, militias clashed in Benghazi, Libya, for a second day.",
    "On 4 May, a rocket hit the port of Misrata, in western Libya, wounding two.",
    "On 5 May, gunmen attacked a checkpoint near Sirte, Libya, killing a guard.",
    "On 6 May, rioters threw stones at an army checkpoint in Tripoli, injuring two soldiers.",
]


def test_a_guess_the_corpus_cannot_move_is_not_read_again(tmp_path: Path) -> None:
    # the biggest Tripoli is Libya's, and the corpus places everything else in Libya:
    # its counts would leave the guess where it is, so the note is not parsed twice
    [first] = [m.value for m in Gazetteer.default().find(LONE_TRIPOLI)]
    assert (first.country, first.basis) == ("LY", "namesake")
    report, tripoli, _ = _run_notes(tmp_path, LIBYAN_NOTES)
    assert report.relooked == 0
    assert tripoli and {p.country for p in tripoli} == {"LY"}

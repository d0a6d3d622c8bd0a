"""Places resolved in the geography the document states (understand.places.context):
qualifier chains, stated countries, the wording's place cues; sentences written for
these tests."""

from __future__ import annotations

import pytest

from truceline.models import Place
from truceline.understand.places import Gazetteer
from truceline.understand.places import context as pc
from truceline.understand.places import text as pt


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def places(gaz: Gazetteer, text: str, ents=()) -> dict[str, Place]:
    return {m.text: m.value for m in gaz.find(text, ents) if isinstance(m.value, Place)}


def test_parenthesis_confines_a_town_to_its_province(gaz):
    found = places(gaz, "Gunmen opened fire near Alexandria (Rapides Parish, Louisiana).")
    assert found["Alexandria"].country == "US"
    assert found["Alexandria"].admin1 == "Louisiana"


def test_comma_chain_confines_a_town_to_its_state(gaz):
    found = places(gaz, "On Friday, in Alexandria, Virginia, police arrested two men.")
    assert (found["Alexandria"].country, found["Alexandria"].admin1) == ("US", "Virginia")


def test_a_name_with_no_entry_in_its_province_is_not_moved_abroad(gaz):
    # the gazetteer has no Tripoli in Afghanistan: the name stays unresolved rather than
    # becoming the Libyan or Lebanese city
    found = places(gaz, "A bomb exploded in Tripoli village (Andar district, Ghazni, Afghanistan).")
    tripoli = found.get("Tripoli")
    assert tripoli is None or not tripoli.resolved or tripoli.country == "AF"


def test_stated_country_keeps_a_small_namesake_abroad_out(gaz):
    # Balloch is a small Scottish town; a report about Mexican police does not mean it
    found = places(gaz, "Mexican police detained two suspects in Balloch on Sunday.")
    balloch = found.get("Balloch")
    assert balloch is None or not balloch.resolved


def test_notable_places_abroad_stay_without_their_country_named(gaz):
    found = places(gaz, "Nigerian officials flew to London for the talks.")
    assert found["London"].country == "GB"


def test_a_list_of_cities_is_not_a_town_and_its_areas(gaz):
    found = places(gaz, "The band was due to play in Copenhagen, Hamburg, Prague and Vienna.")
    assert found["Copenhagen"].country == "DK"
    assert found["Hamburg"].country == "DE"


def test_a_big_city_is_not_qualified_by_the_next_city(gaz):
    found = places(gaz, "After Paris, London is the second city the train reaches.")
    assert found["Paris"].country == "FR"


def test_place_cue_keeps_a_town_spacy_calls_a_person(gaz):
    text = "On Monday, in Riberalta, Beni, farmers blocked a road."
    start = text.index("Riberalta")
    ents = [(start, start + len("Riberalta"), "PERSON")]
    found = places(gaz, text, ents)
    assert found["Riberalta"].country == "BO"


def test_qualifier_chains_read_parentheses_nouns_and_unknown_names(gaz):
    text = "fighting in Foo town (Unknownia District, Louisiana) and later"
    tokens = pt.tokenize(text)
    cands = [pt.extend_area(text, tokens, c, gaz.index) for c in pt.scan(text, tokens, gaz.index)]
    chains = pc.qualifier_chains(gaz.index, text, [c for c in cands if c.entries])
    assert any(text[b.start : b.end] == "Louisiana" for _, chain in chains for b in chain)


def test_demonyms_name_their_country(gaz):
    tokens = pt.tokenize("Afghan forces and Congolese soldiers")
    assert set(pc.demonym_countries(gaz.index, tokens)) == {"AF", "CD"}


def _dump_line(gid: int, name: str, lat: float, lon: float, cc: str, admin1: str) -> str:
    cols = [str(gid), name, name, "", str(lat), str(lon), "P", "PPL", cc, "", admin1]
    cols += ["", "", "", "0", "", "", "", "2020-01-01"]
    return "\t".join(cols)


def test_a_geonames_dump_village_takes_its_province_and_is_confined_to_it(tmp_path):
    import zipfile

    from truceline.understand.places import parse_geonames_dump

    base = Gazetteer.default()
    code = next(k for k, v in base.index.admin1_codes.items() if v == "Louisiana")
    # a made-up village in Louisiana, and its namesake abroad
    lines = [
        _dump_line(90000001, "Quorrelby", 31.2, -92.4, "US", code.split(".")[1]),
        _dump_line(90000002, "Quorrelby", 51.5, -1.2, "GB", "ENG"),
    ]
    archive = tmp_path / "XX.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("XX.txt", "\n".join(lines) + "\n")
    entries = tuple(parse_geonames_dump(archive, base.index.admin1_codes))
    assert entries[0].admin1 == "Louisiana"
    gaz = Gazetteer.default(entries)
    found = places(gaz, "Gunmen attacked Quorrelby village (Rapides Parish, Louisiana).")
    assert (found["Quorrelby"].country, found["Quorrelby"].admin1) == ("US", "Louisiana")

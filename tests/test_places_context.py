"""Places resolved in the geography the document states (understand.places.context):
qualifier chains, stated countries, the wording's place cues; sentences written for
these tests."""

from __future__ import annotations

import pytest

from truceline.models import Place
from truceline.understand.places import Gazetteer
from truceline.understand.places import context as pc
from truceline.understand.places import text as pt
from truceline.understand.places.ranking import distance_km
from truceline.understand.places.resolver import AREA_BASIS


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def places(gaz: Gazetteer, text: str, ents=()) -> dict[str, Place]:
    return {m.text: m.value for m in gaz.find(text, ents) if isinstance(m.value, Place)}


def labelled(text: str, label: str, *names: str) -> list[tuple[int, int, str]]:
    """spaCy entity spans for `names` in `text`, all with `label`."""
    return [(text.index(n), text.index(n) + len(n), label) for n in names]


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


def test_an_area_the_gazetteer_lacks_does_not_veto_the_town_it_follows(gaz):
    # Seno is a Burkinabe province the gazetteer lacks; its only entries are small towns
    # called Seno (or near it) in Europe and Asia, none of which holds Dori
    found = places(gaz, "Gunmen seized a herder in the hamlet of Wendou (Dori, Seno).")
    assert found["Dori"].country == "BF"


def test_a_place_worded_so_is_taken_though_an_organisation_bears_its_name(gaz):
    text = "Drivers blocked the road in Mamou town after the Mamou-Centre office shut."
    found = places(gaz, text, labelled(text, "ORG", "Mamou-Centre"))
    assert found["Mamou"].country == "GN"


def test_a_demonym_does_not_move_an_area_written_in_brackets_abroad(gaz):
    # "French" tells whose the forces are; Tin-Akoff, written as the area of a village
    # the gazetteer lacks, is Burkina Faso's
    found = places(gaz, "French forces struck a camp near Tadare (Tin-Akoff, Oudalan).")
    assert found["Tin-Akoff"].country == "BF"


def test_a_town_far_bigger_than_the_name_before_it_is_its_area(gaz):
    # no Cawayan of the gazetteer lies in Masbate's province: the village is left unplaced
    # rather than taken for a namesake 200 km away, and Masbate places the report
    found = places(gaz, "A farmer was shot dead by gunmen in Cawayan, Masbate, on Sunday.")
    cawayan = found.get("Cawayan")
    assert cawayan is None or not cawayan.resolved
    assert found["Masbate"].admin1 == "Bicol Region"


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


# ------------------------------------------------------------------ issue 18, round two


def test_an_area_named_with_its_area_word_is_the_area(gaz):
    # spaCy may read "Rakhine State" as a person's name; the area word says it is the state
    text = "A mine went off near Maungdaw, Rakhine State, on Monday."
    found = places(gaz, text, [(31, 44, "PERSON")])
    assert text[31:44] == "Rakhine State"
    rakhine = found["Rakhine"]
    assert (rakhine.country, rakhine.precision) == ("MM", "admin1")


def test_a_us_state_before_state_is_still_a_university(gaz):
    found = places(gaz, "The coach said Mississippi State played its best game of the year.")
    assert "Mississippi" not in found


def test_a_comma_list_of_places_is_no_organisation(gaz):
    ents = [(57, 69, "ORG")]  # spaCy's reading of "Savar, Dhaka"
    text = "Garment workers marched outside a plant in Ashulia town (Savar, Dhaka) on Monday."
    assert text[57:69] == "Savar, Dhaka"
    found = places(gaz, text, ents)
    assert found["Savar"].country == "BD" and found["Dhaka"].country == "BD"


def test_a_name_in_the_parenthesis_after_a_name_is_a_place(gaz):
    text = "Farmers blocked the road in Nagarparkar (Mithi) over water."
    assert "Mithi" not in places(gaz, "Farmers met Mithi over water.")
    found = places(gaz, text, [(41, 46, "PERSON")])
    assert text[41:46] == "Mithi"
    assert found["Mithi"].country == "PK"


def test_another_name_of_an_admin1_area_is_the_area(gaz):
    found = places(gaz, "Clashes were reported in Uvira (Uvira, Sud-Kivu).")
    assert (found["Sud-Kivu"].country, found["Sud-Kivu"].precision) == ("CD", "admin1")
    found = places(gaz, "A grenade was thrown at a camp in Sopore (Baramulla, J&K).")
    assert (found["J&K"].country, found["J&K"].admin1) == ("IN", "Jammu and Kashmir")


def test_an_area_named_like_another_name_of_its_capital_is_the_area(gaz):
    # Belem is also called "Para"; after a town of the state, "Para" is the state
    found = places(gaz, "On Monday, in Santarem, Para, a man was shot dead.")
    assert (found["Santarem"].country, found["Santarem"].admin1) == ("BR", "Pará")
    assert found["Para"].precision == "admin1"


def test_a_name_said_again_in_its_chain_keeps_its_own_area(gaz):
    # the last member names a namesake area of another country; the repeated name is
    # the district named after the town, which the town lies in
    found = places(gaz, "Traders blocked the entrance to Banfora (Banfora, Comoe) on Sunday.")
    assert found["Banfora"].country == "BF"


def test_names_joined_by_a_slash_are_one_name(gaz):
    found = places(gaz, "A man was wounded in a shooting in Tunapuna/Piarco on Friday.")
    assert found["Tunapuna/Piarco"].country == "TT"


def test_cameroons_regions_have_their_french_names(gaz):
    found = places(gaz, "Soldiers raided Bafut (Mezam, Nord-Ouest) on Tuesday.")
    assert (found["Nord-Ouest"].country, found["Nord-Ouest"].admin1) == ("CM", "North-West")


def test_a_person_span_that_is_a_placed_province_and_its_noun_gives_way():
    from truceline.models import Mention
    from truceline.understand import _without_overlaps

    rakhine = Place("Rakhine", 20.0, 93.8, "MM", "Rakhine", None, "admin1")
    person = Mention("person", "Rakhine State", 0, 13, None)
    place = Mention("place", "Rakhine", 0, 7, rakhine)
    assert _without_overlaps([person, place]) == [place]
    # a person's name that holds a place and no place noun stays a person
    person = Mention("person", "Rakhine Smith", 0, 13, None)
    assert _without_overlaps([person, place]) == [person]


def test_a_big_city_is_evidence_of_its_country_against_small_towns_abroad(gaz):
    text = "In Rio de Janeiro, shoot-outs took place in Bangu and Tanque neighborhoods."
    found = places(gaz, text, [(44, 49, "GPE"), (54, 60, "GPE")])
    assert found["Rio de Janeiro"].country == "BR"
    # the Canaries' Tanque is no evidence on its own: unplaced rather than abroad
    assert found.get("Tanque") is None or found["Tanque"].country in (None, "BR")


# ------------------------------------------------------------------ the article's area


def test_a_small_town_known_only_far_from_the_articles_area_is_placed_in_it(gaz):
    # a local paper: three names in Missouri; the gazetteer's only Logan of the US is in
    # Pennsylvania, 1,600 km away
    text = (
        "The Logan school board met in Rogersville on Monday. Families from Greene County "
        "and Webster County attended. Logan voted to merge with Rogersville in 1965."
    )
    found = places(gaz, text)
    logan = found["Logan"]
    assert (logan.country, logan.admin1, logan.precision, logan.basis) == (
        "US",
        "Missouri",
        "region",
        AREA_BASIS,
    )
    assert logan.geonames_id is None and logan.resolved
    rogersville = found["Rogersville"]
    assert distance_km(logan.lat, logan.lon, rogersville.lat, rogersville.lon) < 50


def test_the_articles_area_moves_no_qualified_town_big_city_or_neighbour(gaz):
    local = (
        "The Rogersville school board met on Monday. "
        "Families from Greene County and Webster County attended"
    )
    qualified = places(gaz, local + ", and Logan, Pennsylvania, voted no.")
    assert qualified["Logan"].admin1 == "Pennsylvania" and qualified["Logan"].basis is None
    big = places(gaz, local + ", with a speaker from Atlanta.")
    assert big["Atlanta"].admin1 == "Georgia" and big["Atlanta"].basis is None
    # Morek lies in Hama, next to the Idlib towns the report is about
    near = places(
        gaz, "Airstrikes hit Khan Sheikhoun, Saraqeb and Maarat al-Numan on Monday, and Morek."
    )
    assert near["Morek"].admin1 == "Hama" and near["Morek"].basis is None


def test_a_town_named_with_city_after_it_is_the_town(gaz):
    text = "On Monday, supporters held a sit-in at a square in Sidon City against poverty."
    found = places(gaz, text, labelled(text, "GPE", "Sidon City"))
    sidon = found["Sidon City"]
    assert (sidon.name, sidon.country, sidon.precision) == ("Sidon", "LB", "town")


def test_a_name_written_without_ciudad_is_as_exact_as_a_villages(gaz):
    # the port city (196,000) and a village of 2,000 in the same state; "Ciudad" is not
    # part of the name that tells them apart
    found = places(gaz, "On Monday, in Lazaro Cardenas, Michoacan, workers protested.")
    assert found["Lazaro Cardenas"].name == "Ciudad Lázaro Cárdenas"


def test_a_town_before_a_district_word_is_its_district(gaz):
    # spaCy may read "Biu LGA" as a person; the district word says it is a place
    text = "Soldiers shelled militant positions in Biu LGA (Borno) on Friday."
    found = places(gaz, text, labelled(text, "PERSON", "Biu LGA"))
    biu = found["Biu"]
    assert (biu.country, biu.admin1, biu.precision) == ("NG", "Borno State", "district")


def test_a_district_word_or_a_comma_after_a_placed_name_makes_a_person_label_a_place(gaz):
    # spaCy calls both towns persons; what is written around them says they are places
    text = "Soldiers raided Mankwi village, Bafut subdivision (Mezam, Nord-Ouest) on Monday."
    found = places(gaz, text, labelled(text, "PERSON", "Bafut"))
    assert (found["Bafut"].country, found["Bafut"].precision) == ("CM", "district")
    text = "Artillery fired on positions of the army assumed to be near Qazaxlar, Fizuli."
    found = places(gaz, text, labelled(text, "PERSON", "Fizuli"))
    assert found["Fizuli"].country == "AZ"


def test_a_curated_acronym_is_a_place(gaz):
    found = places(gaz, "Troops exchanged fire across the line (Haveli district, AJK) on Monday.")
    assert (found["AJK"].country, found["AJK"].precision) == ("PK", "admin1")


def test_a_country_or_a_common_word_before_town_is_no_town(gaz):
    text = "Shops in China Town and Home Town closed early on Monday."
    found = places(gaz, text, labelled(text, "GPE", "China Town", "Home Town"))
    assert all(not p.resolved for p in found.values()), found

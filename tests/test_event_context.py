"""An event's place from its context and its actors in analysts' names
(extract.events.inherit, extract.events.naming, understand.actors.states), on sentences
written for these tests with hand-made mentions standing in for the understand stage."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from event_support import analyse, find_event
from truceline.extract.events.extractor import extract_events
from truceline.models import Actor, Event, Place
from truceline.understand.actors import ActorTable
from truceline.understand.actors.states import country_in, period, role_actor, role_of

RASTAN = Place("Rastan", 34.93, 36.73, "SY", "Homs", None, "town")
CAIRO = Place("Cairo", 30.06, 31.25, "EG", "Cairo", None, "town")
NAIROBI = Place("Nairobi", -1.28, 36.82, "KE", "Nairobi", None, "town")
KARACHI = Place("Karachi", 24.86, 67.01, "PK", "Sindh", None, "town")
RAKHINE = Place("Rakhine", 20.0, 93.8, "MM", "Rakhine", None, "admin1")
MYANMAR = Place("Myanmar", 21.0, 96.0, "MM", None, None, "country")
HERMOSILLO = Place("Hermosillo", 29.07, -110.96, "MX", "Sonora", None, "town")


def analysed(nlp, body: str, marks: Sequence[tuple[str, str, object]] = ()):
    return analyse(nlp, body, marks, anchor="2017-08-03")


def of_type(events: list[Event], etype: str) -> list[Event]:
    return [e for e in events if e.type == etype]


# ------------------------------------------------------------------ places by inheritance


def test_event_without_a_place_inherits_its_paragraphs_place_coarser(nlp):
    body = "Government forces shelled Rastan on Monday. Later, airstrikes hit two villages."
    a, sdoc = analysed(nlp, body, [("place", "Rastan", RASTAN)])
    strikes = [e for e in extract_events(a, sdoc) if "airstrikes" in e.sources[0].quote]
    assert strikes, "no event read from the second sentence"
    place = strikes[0].place
    assert place is not None and place.name == "Rastan"
    assert (place.basis, place.precision) == ("paragraph", "region")


def test_event_in_a_later_paragraph_inherits_the_articles_focus(nlp):
    body = (
        "Fighting raged in Rastan on Monday. Rastan has been besieged for years.\n\n"
        "On Tuesday, clashes broke out again."
    )
    a, sdoc = analysed(nlp, body, [("place", "Rastan", RASTAN)])
    clashes = [e for e in extract_events(a, sdoc) if "Tuesday" in e.sources[0].quote]
    assert clashes and clashes[0].place is not None
    assert (clashes[0].place.name, clashes[0].place.basis) == ("Rastan", "document")


def test_a_venue_of_talks_is_never_a_battlefield_events_place(nlp):
    body = "Delegates met in Cairo to discuss the truce. Shelling continued on the same day."
    a, sdoc = analysed(nlp, body, [("place", "Cairo", CAIRO)])
    events = extract_events(a, sdoc)
    shelling = of_type(events, "ASSAULT")
    assert shelling, [(e.type, e.sources[0].quote) for e in events]
    assert all(e.place is None or e.place.name != "Cairo" for e in shelling)


def test_a_place_named_in_the_events_sentence_has_no_basis(nlp):
    body = "Government forces shelled Rastan on Monday."
    a, sdoc = analysed(nlp, body, [("place", "Rastan", RASTAN)])
    (event,) = of_type(extract_events(a, sdoc), "ASSAULT")
    assert event.place == RASTAN and event.place.basis is None


def test_an_unplaced_village_takes_the_province_its_chain_ends_in(nlp):
    # the district between is in no gazetteer; the country before "military" is whose
    # the soldiers are, not where they detained the villagers
    body = (
        "In Yae Shin village, Myebon Township, Mrauk-U District, Rakhine State, the "
        "Myanmar military detained about 70 villagers."
    )
    village = Place("Yae Shin", precision="unresolved")
    township = Place("Myebon Township", precision="unresolved")
    marks = [
        ("place", "Yae Shin", village),
        ("place", "Myebon Township", township),
        ("place", "Rakhine", RAKHINE),
        ("place", "Myanmar", MYANMAR),
    ]
    a, sdoc = analysed(nlp, body, marks)
    (event,) = of_type(extract_events(a, sdoc), "COERCE")
    assert event.place is not None and event.place.name == "Rakhine"


def test_an_event_inherits_the_town_not_the_area_in_brackets_after_it(nlp):
    # Kigali is named as the area Ndera lies in; the killing of the next sentence was in
    # Ndera, not somewhere in Kigali
    body = (
        "Gunmen threw a grenade into a salon in Ndera (Gasabo, Kigali City). One person was killed."
    )
    ndera = Place("Ndera", -1.93, 30.16, "RW", "Kigali", None, "town")
    kigali = Place("Kigali", -1.95, 30.06, "RW", "Kigali", None, "town")
    gasabo = Place("Gasabo", precision="unresolved")
    marks = [
        ("place", "Ndera", ndera),
        ("place", "Gasabo", gasabo),
        ("place", "Kigali City", kigali),
    ]
    a, sdoc = analysed(nlp, body, marks)
    killed = [e for e in extract_events(a, sdoc) if "killed" in e.sources[0].quote]
    assert killed and killed[0].place is not None
    assert (killed[0].place.name, killed[0].place.basis) == ("Ndera", "paragraph")


def test_a_town_naming_a_road_is_not_where_the_event_was(nlp):
    body = "Party workers staged a protest near the Jalandhar bypass in Ludhiana on Friday."
    jalandhar = Place("Jalandhar", 31.33, 75.58, "IN", "Punjab", None, "town")
    ludhiana = Place("Ludhiana", 30.91, 75.85, "IN", "Punjab", None, "town")
    marks = [("place", "Jalandhar", jalandhar), ("place", "Ludhiana", ludhiana)]
    a, sdoc = analysed(nlp, body, marks)
    (protest,) = of_type(extract_events(a, sdoc), "PROTEST")
    assert protest.place == ludhiana


def test_an_area_named_after_a_municipality_is_its_area_not_the_place(nlp):
    # "Guanajuato" is also a town; written after "<town> municipality," it says where
    # the municipality lies
    body = "In Leon de los Aldama municipality, Guanajuato, gunmen shot dead a driver."
    leon = Place("León de los Aldama", 21.12, -101.68, "MX", "Guanajuato", None, "town")
    town = Place("Guanajuato", 21.02, -101.26, "MX", "Guanajuato", None, "town")
    marks = [("place", "Leon de los Aldama", leon), ("place", "Guanajuato", town)]
    a, sdoc = analysed(nlp, body, marks)
    (shooting,) = of_type(extract_events(a, sdoc), "ASSAULT")
    assert shooting.place == leon


def test_a_country_whose_government_is_named_is_not_where_the_event_was(nlp):
    body = (
        "Gunmen beheaded a tribal elder who had taken part in the founding of the "
        "new Govt of Somalia near Gaduud village (Diinsoor, Bay)."
    )
    somalia = Place("Somalia", 6.0, 47.0, "SO", None, None, "country")
    diinsoor = Place("Diinsoor", 2.41, 42.98, "SO", "Bay", None, "town")
    gaduud = Place("Gaduud", precision="unresolved")
    marks = [
        ("place", "Somalia", somalia),
        ("place", "Gaduud", gaduud),
        ("place", "Diinsoor", diinsoor),
    ]
    a, sdoc = analysed(nlp, body, marks)
    (killing,) = of_type(extract_events(a, sdoc), "ASSAULT")
    assert killing.place is not None and killing.place.name == "Diinsoor"


# ------------------------------------------------------------------ actors


def test_police_of_a_country_named_with_its_governments_period(nlp):
    body = "Kenyan police arrested ten people in Nairobi."
    a, sdoc = analysed(nlp, body, [("place", "Nairobi", NAIROBI)])
    events = extract_events(a, sdoc)
    actor = events[0].actor1
    assert actor is not None
    assert (actor.name, actor.acled_type) == ("Police Forces of Kenya (2013-)", 1)


def test_a_protests_actor_is_the_protesters_of_its_country(nlp):
    body = "Hundreds of teachers staged a protest in Karachi."
    a, sdoc = analysed(nlp, body, [("place", "Karachi", KARACHI)])
    (event,) = of_type(extract_events(a, sdoc), "PROTEST")
    assert event.actor1 == Actor("Protesters (Pakistan)", "", 6, "protesters")


def test_armed_men_are_an_unidentified_armed_group_of_the_places_country(nlp):
    body = "Armed men attacked a bus in Hermosillo."
    a, sdoc = analysed(nlp, body, [("place", "Hermosillo", HERMOSILLO)])
    (event,) = of_type(extract_events(a, sdoc), "ASSAULT")
    assert event.actor1 is not None
    assert (event.actor1.name, event.actor1.acled_type) == ("Unidentified Armed Group (Mexico)", 3)


def test_someone_arrested_with_no_one_named_was_arrested_by_the_police(nlp):
    body = "A blogger was arrested in Nairobi on Monday."
    a, sdoc = analysed(nlp, body, [("place", "Nairobi", NAIROBI)])
    (event,) = of_type(extract_events(a, sdoc), "COERCE")
    assert event.actor1 is not None
    assert (event.actor1.name, event.actor1.acled_type) == ("Police Forces of Kenya (2013-)", 1)


@pytest.mark.parametrize(
    ("body", "militia"),
    [
        ("Clan-based clashes erupted in Karachi, leaving five dead.", "Clan"),
        ("Clashes broke out between two families in Karachi; two men were shot dead.", "Clan"),
        ("Communal violence broke out in Karachi; four people were killed.", "Communal"),
    ],
)
def test_fighting_called_clan_or_communal_is_an_identity_militias(nlp, body, militia):
    a, sdoc = analysed(nlp, body, [("place", "Karachi", KARACHI)])
    events = of_type(extract_events(a, sdoc), "ASSAULT")
    assert events, body
    actor = events[0].actor1
    assert actor is not None
    assert (actor.name, actor.acled_type) == (f"Unidentified {militia} Militia (Pakistan)", 4)


def test_a_crowd_beating_someone_is_mob_violence(nlp):
    body = "A suspected thief was beaten up by locals in Karachi before being arrested."
    a, sdoc = analysed(nlp, body, [("place", "Karachi", KARACHI)])
    beating = find_event(extract_events(a, sdoc), "beaten", "ASSAULT")
    assert beating.actor1 is not None and beating.actor1.name == "Rioters (Pakistan)"
    assert beating.acled_sub_event == "MOB_VIOL"


def test_weapons_are_not_actors(nlp):
    body = "Artillery shells hit the market in Rastan."
    a, sdoc = analysed(nlp, body, [("place", "Rastan", RASTAN)])
    for event in extract_events(a, sdoc):
        assert event.actor1 is None or "shell" not in event.actor1.name.lower()


def test_page_debris_is_not_an_actor(nlp):
    body = "03.05.2017Get short URL 7731 attacked the convoy near Rastan."
    a, sdoc = analysed(nlp, body, [("place", "Rastan", RASTAN)])
    for event in extract_events(a, sdoc):
        assert event.actor1 is None or "URL" not in event.actor1.name


@pytest.mark.parametrize(
    ("words", "code"),
    [
        (["Afghan", "military", "forces"], "AF"),
        (["forces", "of", "India"], "IN"),
        (["the", "Democratic", "Republic", "of", "Congo", "army"], "CD"),
        (["armed", "men"], None),
    ],
)
def test_country_in_reads_names_and_demonyms(words, code):
    assert country_in(words) == code


@pytest.mark.parametrize(
    ("head", "words", "role"),
    [
        ("officers", ["Military", "Police", "officers"], "military"),
        ("forces", ["Israeli", "Police", "forces"], "police"),
        ("men", ["armed", "men"], "armed"),
        ("residents", ["residents"], "civilians"),
        ("teachers", ["teachers"], None),
    ],
)
def test_role_of_reads_head_nouns_and_phrases(head, words, role):
    assert role_of(head, words) == role


def test_period_follows_the_government_in_office_on_the_date():
    assert period("UA", "2019-01-10") == " (2014-)"
    assert period("UA", "2020-05-01") == " (2019-)"
    assert period("ZZ", "2020-05-01") == ""


def test_military_police_is_a_branch_of_the_military():
    actor = role_actor("military", "BR", "2020-05-01", ["Military", "Police", "officers"])
    assert actor is not None and actor.name == "Military Forces of Brazil (2019-) Military Police"


def test_a_common_noun_alias_needs_its_country_among_the_documents_places():
    table = ActorTable.default()
    text = "Militants attacked a checkpoint."
    abroad = table.find(text, countries=frozenset({"SO"}))
    home = table.find(text, countries=frozenset({"SY"}))
    assert not any(isinstance(m.value, Actor) and m.value.id == "syrian-rebels" for m in abroad)
    assert any(isinstance(m.value, Actor) and m.value.id == "syrian-rebels" for m in home)


# ------------------------------------------------------------------ seeds, real pipeline


def test_seed_events_whose_article_implies_a_place_have_one(seed_events):
    strikes = find_event(seed_events["003"], "airstrikes hit", "ASSAULT")
    deployment = find_event(seed_events["003"], "military police", "MOBILIZE")
    october = find_event(seed_events["002"], "4 October", "AGREE")
    for event in (strikes, deployment, october):
        assert event.place is not None and event.place.country == "SY", event.place
        assert event.place.precision in ("region", "admin1")


def test_no_seed_battlefield_event_is_placed_at_a_venue_of_talks(seed_events):
    from truceline.extract.events.inherit import BATTLEFIELD_TYPES

    for events in seed_events.values():
        for event in events:
            if event.type in BATTLEFIELD_TYPES and event.place is not None:
                assert event.place.name not in ("Cairo", "Astana", "Geneva"), event


def test_a_capital_named_as_subject_is_its_countrys_government(nlp):
    ankara = Place("Ankara", 39.9, 32.9, "TR", "Ankara", None, "town")
    a, sdoc = analysed(nlp, "Ankara rejected the demand on Monday.", [("place", "Ankara", ankara)])
    (event,) = of_type(extract_events(a, sdoc), "REJECT")
    assert event.actor1 is not None and event.actor1.name == "Government of Turkey (2014-)"


def test_a_town_named_as_subject_is_not_an_actor(nlp):
    town = Place("Kafranbel", 35.6, 36.6, "SY", "Idlib", None, "town")
    a, sdoc = analysed(nlp, "Kafranbel rejected the demand.", [("place", "Kafranbel", town)])
    for event in extract_events(a, sdoc):
        assert event.actor1 is None or event.actor1.name != "Kafranbel"


def test_a_dateline_in_a_phrase_is_not_an_actor(nlp):
    body = "Damascus, Nov 9 (WDT) Warplanes struck a position near Rastan."
    a, sdoc = analysed(nlp, body, [("place", "Rastan", RASTAN)])
    for event in extract_events(a, sdoc):
        assert event.actor1 is None or "Nov 9" not in event.actor1.name


def test_forces_of_a_state_acting_abroad_are_external(nlp):
    body = "Israeli forces attacked a village near Nablus."
    nablus = Place("Nablus", 32.2, 35.3, "PS", "West Bank", None, "town")
    a, sdoc = analysed(nlp, body, [("place", "Nablus", nablus)])
    events = of_type(extract_events(a, sdoc), "ASSAULT")
    assert events and events[0].actor1 is not None
    assert events[0].actor1.name.startswith("Military Forces of Israel")
    assert events[0].actor1.acled_type == 8

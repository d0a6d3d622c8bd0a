"""Actors of violent events in ACLED's conventions, round two (extract.events.arguments,
extract.events.naming, understand.actors.states): who did what a passive sentence
reports, joint and claimed attributions, crowds, clans, gangs and ethnic militias, and
state forces at home and abroad; sentences written for these tests, with hand-made
mentions standing in for the understand stage."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from event_support import analyse
from truceline.extract.events.extractor import extract_events
from truceline.models import Actor, DateValue, Event, Place
from truceline.understand.actors import ActorTable
from truceline.understand.actors.states import abroad, countries_in, ethnic_group, period

GHAZNI = Place("Ghazni", 33.55, 68.42, "AF", "Ghazni", None, "town")
MOPTI = Place("Mopti", 14.49, -4.19, "ML", "Mopti", None, "town")
DIFFA = Place("Diffa", 13.32, 12.61, "NE", "Diffa", None, "town")
RECIFE = Place("Recife", -8.05, -34.88, "BR", "Pernambuco", None, "town")
JOS = Place("Jos", 9.93, 8.89, "NG", "Plateau", None, "town")
KIDAL = Place("Kidal", 18.44, 1.41, "ML", "Kidal", None, "town")
CAP_HAITIEN = Place("Cap-Haitien", 19.76, -72.2, "HT", "Nord", None, "town")
POONCH = Place("Poonch", 33.77, 74.09, "IN", "Jammu and Kashmir", None, "town")
AGDAM = Place("Aghdam", 39.99, 46.93, "AZ", "Ağdam", None, "town")
HOLGUIN = Place("Holguin", 20.89, -76.26, "CU", "Holguín", None, "town")
KANDAHAR = Place("Kandahar", 31.61, 65.71, "AF", "Kandahar", None, "town")

TALIBAN = Actor("Taliban", "taliban", 2, "rebel_group")
ANDSF = Actor("Military Forces of Afghanistan", "andsf", 1, "state_forces")
AL_SHABAAB = Actor("Al Shabaab", "al-shabaab", 2, "jihadist_group")
ISWAP = Actor("Islamic State (West Africa)", "iswap", 2, "jihadist_group")
BOKO_HARAM = Actor(
    "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad", "boko-haram", 2, "jihadist_group"
)
JNIM = Actor("JNIM: Group for Support of Islam and Muslims", "jnim", 2, "jihadist_group")


def analysed(nlp, body: str, marks: Sequence[tuple[str, str, object]] = ()):
    return analyse(nlp, body, marks, anchor="2020-05-04")


def first_assault(nlp, body: str, marks: Sequence[tuple[str, str, object]]) -> Event:
    a, sdoc = analysed(nlp, body, marks)
    events = [e for e in extract_events(a, sdoc) if e.type == "ASSAULT"]
    assert events, [(e.type, e.sources[0].quote) for e in extract_events(a, sdoc)]
    return min(events, key=lambda e: e.sources[0].start)


def actor1(event: Event) -> tuple[str, int | None]:
    assert event.actor1 is not None, event
    return event.actor1.name, event.actor1.acled_type


# ------------------------------------------------------------------ who did a passive act


def test_who_ran_the_operation_did_what_happened_during_it(nlp):
    body = (
        "Five insurgents were killed and wounded during an operation by ANDSF forces near Ghazni."
    )
    event = first_assault(nlp, body, [("actor", "ANDSF", ANDSF), ("place", "Ghazni", GHAZNI)])
    assert actor1(event) == ("Military Forces of Afghanistan (2014-)", 1)


def test_who_planted_the_bomb_is_who_attacked(nlp):
    body = "A bomb planted by Taliban wounded three policemen in Kandahar."
    event = first_assault(
        nlp, body, [("actor", "Taliban", TALIBAN), ("place", "Kandahar", KANDAHAR)]
    )
    assert actor1(event) == ("Taliban", 2)


def test_people_suspected_to_be_a_group_are_that_group(nlp):
    body = "Men suspected to be Al Shabaab fighters threw a grenade at a checkpoint."
    event = first_assault(nlp, body, [("actor", "Al Shabaab", AL_SHABAAB)])
    assert actor1(event) == ("Al Shabaab", 2)


def test_men_named_only_by_number_are_an_unidentified_armed_group(nlp):
    body = "In Recife, a trader was abducted by three men and beaten."
    event = first_assault(nlp, body, [("place", "Recife", RECIFE)])
    assert actor1(event) == ("Unidentified Armed Group (Brazil)", 3)


def test_a_car_bomb_names_no_country(nlp):
    # "car" is no "CAR" (Central African Republic): the event's place gives the country
    body = "A car bomb exploded near a police station in Kandahar, killing four policemen."
    event = first_assault(nlp, body, [("place", "Kandahar", KANDAHAR)])
    assert actor1(event) == ("Unidentified Armed Group (Afghanistan)", 3)


def test_prison_guards_are_the_police(nlp):
    body = "In Holguin, an inmate was beaten by prison guards for a week."
    event = first_assault(nlp, body, [("place", "Holguin", HOLGUIN)])
    name, inter = actor1(event)
    assert name.startswith("Police Forces of Cuba") and inter == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a weapon only a state fields, or the state's adjective alone, names its forces
        ("In Recife, Brazilian artillery shelled two houses.", "Military Forces of Brazil"),
        (
            "In Recife, two men were killed by a Brazilian military airstrike.",
            "Military Forces of Brazil",
        ),
        # a bomber is an attacker; communal militias are ACLED's communal militia
        (
            "In Recife, an unknown suicide bomber killed three people.",
            "Unidentified Armed Group (Brazil)",
        ),
        (
            "In Recife, communal militias attacked two farmers.",
            "Unidentified Communal Militia (Brazil)",
        ),
    ],
)
def test_forces_named_by_their_means_and_other_attackers(nlp, body, expected):
    event = first_assault(nlp, body, [("place", "Recife", RECIFE)])
    name, _ = actor1(event)
    assert name.startswith(expected)


def test_law_enforcement_is_the_police(nlp):
    a, sdoc = analysed(
        nlp,
        "In Recife, law enforcement detained forty gang members.",
        [("place", "Recife", RECIFE)],
    )
    arrests = [e for e in extract_events(a, sdoc) if e.type == "COERCE"]
    assert arrests and actor1(arrests[0])[0].startswith("Police Forces of Brazil")


# ------------------------------------------------------------------ joint and claimed attacks


def test_one_group_or_another_is_acleds_joint_actor(nlp):
    body = "ISWAP or Boko Haram militants abducted two herders near Diffa."
    event = first_assault(
        nlp,
        body,
        [("actor", "ISWAP", ISWAP), ("actor", "Boko Haram", BOKO_HARAM), ("place", "Diffa", DIFFA)],
    )
    assert actor1(event) == (f"{ISWAP.name} and/or {BOKO_HARAM.name}", 2)


def test_a_group_that_claims_an_attack_is_its_unnamed_perpetrator(nlp):
    body = (
        "Militants attacked an army post near Mopti and killed two soldiers. "
        "JNIM claimed the attack."
    )
    event = first_assault(nlp, body, [("place", "Mopti", MOPTI), ("actor", "JNIM", JNIM)])
    assert actor1(event) == (JNIM.name, 2)


def test_a_claim_does_not_replace_a_group_the_text_names(nlp):
    body = "Taliban fighters attacked a post near Ghazni. JNIM claimed the attack."
    event = first_assault(
        nlp,
        body,
        [("actor", "Taliban", TALIBAN), ("place", "Ghazni", GHAZNI), ("actor", "JNIM", JNIM)],
    )
    assert actor1(event) == ("Taliban", 2)


# ------------------------------------------------------- crowds, clans, gangs, ethnic militias


def test_residents_who_attack_are_rioters_not_civilians(nlp):
    body = "In Recife, residents beat a suspected robber with sticks."
    event = first_assault(nlp, body, [("place", "Recife", RECIFE)])
    assert actor1(event) == ("Rioters (Brazil)", 5)


def test_a_group_of_people_who_attack_police_are_rioters(nlp):
    body = "In Recife, a group of people that attacked two police officers was filmed."
    event = first_assault(nlp, body, [("place", "Recife", RECIFE)])
    assert actor1(event) == ("Rioters (Brazil)", 5)


def test_families_who_fight_are_a_clan_militia(nlp):
    body = "In Jos, two families clashed with guns over a plot of land."
    event = first_assault(nlp, body, [("place", "Jos", JOS)])
    assert actor1(event) == ("Unidentified Clan Militia (Nigeria)", 4)


def test_a_gang_the_text_names_keeps_its_name(nlp):
    body = "In Cap-Haitien, a driver was killed by the Ti Makak gang."
    event = first_assault(nlp, body, [("place", "Cap-Haitien", CAP_HAITIEN)])
    assert actor1(event) == ("Ti Makak Gang", 3)


def test_a_militia_named_after_a_people_is_an_ethnic_militia(nlp):
    body = "In Jos, Berom militiamen attacked a farming settlement."
    event = first_assault(nlp, body, [("place", "Jos", JOS)])
    assert actor1(event) == ("Berom Ethnic Militia (Nigeria)", 4)


def test_ethnic_group_reads_the_capitalised_words_of_a_phrase():
    assert ethnic_group(["suspected", "Fulani", "militias"]) == "Fulani"
    assert ethnic_group(["Peulh", "gunmen"]) == "Fulani"
    assert ethnic_group(["armed", "men"]) is None


# ------------------------------------------------------------------ states at home and abroad


def test_of_two_states_named_together_the_one_the_event_is_in_comes_first(nlp):
    body = "Military forces of Pakistan and India exchanged fire across the border near Poonch."
    event = first_assault(nlp, body, [("place", "Poonch", POONCH)])
    name, inter = actor1(event)
    assert name.startswith("Military Forces of India") and inter == 1


def test_a_de_facto_states_forces_are_at_home_on_the_land_it_holds(nlp):
    body = "Military forces of Artsakh fired on Azerbaijani positions near Aghdam."
    event = first_assault(nlp, body, [("place", "Aghdam", AGDAM)])
    name, inter = actor1(event)
    assert name.startswith("Military Forces of Artsakh") and inter == 1


def test_abroad_reads_the_territory_column():
    assert abroad("TR", "GR")
    assert not abroad("TR", "TR")
    assert not abroad("XA", "AZ")  # Artsakh in Azerbaijan's borders
    assert abroad("XA", "AM")
    assert not abroad("FR", None)


def test_countries_in_reads_every_country_of_a_phrase_in_order():
    assert countries_in(["forces", "of", "India", "and", "Pakistan"]) == ["IN", "PK"]
    assert countries_in(["Turkish", "Cypriot", "police"]) == ["XC"]


def test_a_country_written_as_capitals_is_named_only_in_capitals():
    assert countries_in(["CAR", "army"]) == ["CF"] and countries_in(["US", "troops"]) == ["US"]
    assert countries_in(["U.S.", "troops"]) == ["US"] and countries_in(["DRC"]) == ["CD"]
    # "a car bomb", "attacked us": no country
    assert countries_in(["a", "car", "bomb"]) == [] and countries_in(["attacked", "us"]) == []


def test_a_named_unit_follows_its_force(nlp):
    body = (
        "Four insurgents were killed during an operation by the General Command of Police "
        "Special Units near Ghazni."
    )
    unit = Actor("General Command of Police Special Units", "", None, "")
    event = first_assault(
        nlp,
        body,
        [("actor", "General Command of Police Special Units", unit), ("place", "Ghazni", GHAZNI)],
    )
    assert actor1(event) == (
        "Police Forces of Afghanistan (2014-) General Command of Police Special Units",
        1,
    )


@pytest.mark.parametrize(
    ("day", "suffix"),
    [("2020-05-05", " (2007-)"), ("2020-05-25", " (2020-)"), ("2020-05", " (2007-)")],
)
def test_a_period_written_to_the_day_is_compared_to_the_day(day, suffix):
    assert period("XA", day) == suffix


def test_a_weapon_is_still_no_actor_when_nobody_used_it(nlp):
    body = "A landmine wounded a shepherd near Kidal."
    event = first_assault(nlp, body, [("place", "Kidal", KIDAL)])
    assert event.actor1 is None or "landmine" not in event.actor1.name.lower()


# ------------------------------------- witnesses, chases and raids, the sentence before, crime


def test_who_heard_the_shots_did_not_fire_them(nlp):
    body = "Shepherds near Poonch reported hearing shots fired by Pakistani troops."
    event = first_assault(nlp, body, [("place", "Poonch", POONCH)])
    name, inter = actor1(event)
    assert name.startswith("Military Forces of Pakistan") and inter == 8


def test_monitors_who_observe_explosions_are_not_their_actor(nlp):
    mission = Actor("Ceasefire Monitoring Mission", "cmm", None, "monitor")
    body = "Monitors of the ceasefire mission observed twelve explosions near Aghdam."
    event = first_assault(
        nlp, body, [("actor", "ceasefire mission", mission), ("place", "Aghdam", AGDAM)]
    )
    assert event.actor1 is None or event.actor1.name != mission.name


@pytest.mark.parametrize(
    "body",
    [
        "A gunfight took place in Recife during a police chase.",
        "A shoot-out erupted in Recife during a police pursuit.",
    ],
)
def test_who_gave_chase_fought_the_shoot_out_that_broke_out(nlp, body):
    event = first_assault(nlp, body, [("place", "Recife", RECIFE)])
    assert actor1(event) == ("Police Forces of Brazil (2019-)", 1)


def test_who_ran_the_raid_is_named_before_it(nlp):
    body = "Two robbers were killed during a police raid in Recife."
    event = first_assault(nlp, body, [("place", "Recife", RECIFE)])
    assert actor1(event) == ("Police Forces of Brazil (2019-)", 1)


def test_who_carried_out_an_airstrike_is_its_actor(nlp):
    body = "An airstrike carried out by Nigerian military jets killed ten fighters near Jos."
    event = first_assault(nlp, body, [("place", "Jos", JOS)])
    name, inter = actor1(event)
    assert name.startswith("Military Forces of Nigeria") and inter == 1


def test_a_clash_without_a_subject_is_fought_by_who_the_sentence_before_was_about(nlp):
    body = (
        "Malian soldiers pursued a convoy of armed men near Mopti. "
        "A gunfight broke out and two soldiers died."
    )
    event = first_assault(nlp, body, [("place", "Mopti", MOPTI)])
    name, inter = actor1(event)
    assert name.startswith("Military Forces of Mali") and inter == 1


@pytest.mark.parametrize(
    "before",
    [
        "Traders walked to the market near Mopti. ",  # nobody who fights
        "Malian soldiers pursued a convoy of armed men near Mopti.\n\n",  # another paragraph
    ],
)
def test_a_clash_takes_no_fighter_from_a_sentence_about_others(nlp, before):
    body = before + "A gunfight broke out and two men died."
    event = first_assault(nlp, body, [("place", "Mopti", MOPTI)])
    assert actor1(event) == ("Unidentified Armed Group (Mali)", 3)


def test_unnamed_gunmen_of_a_drug_feud_are_an_unidentified_gang(nlp):
    body = "Gunmen shot dead a shopkeeper in Recife. Police said he owed money to drug traffickers."
    event = first_assault(nlp, body, [("place", "Recife", RECIFE)])
    assert actor1(event) == ("Unidentified Gang (Brazil)", 3)


@pytest.mark.parametrize(
    "body",
    [
        "Gunmen shot dead a shopkeeper in Recife. Police said he had argued with a neighbour.",
        "Unknown men gang-raped a woman in Recife and fled.",  # a gang rape is no gang's
    ],
)
def test_unnamed_gunmen_outside_organised_crime_are_an_unidentified_armed_group(nlp, body):
    event = first_assault(nlp, body, [("place", "Recife", RECIFE)])
    assert actor1(event) == ("Unidentified Armed Group (Brazil)", 3)


@pytest.mark.parametrize(
    ("text", "name", "inter"),
    [
        ("EPP members burned a ranch.", "EPP: Paraguayan People's Army", 2),
        ("Armed dahalo stole forty zebus.", "Dahalo Militia", 3),
        ("Fighters of Ansarul Islam burned a school.", "Ansaroul Islam", 2),
        ("The Arakan Army shelled a post.", "AA: Arakan Army", 2),
        ("The KIA attacked a convoy.", "KIA: Kachin Independence Army", 2),
        (
            "Ta'ang National Liberation Army fighters fired.",
            "TNLA: Taang National Liberation Army",
            2,
        ),
        ("The SMM recorded explosions.", "OSCE Special Monitoring Mission to Ukraine", None),
    ],
)
def test_armed_groups_and_monitors_beyond_syria_are_in_the_table(text, name, inter):
    found = [m.value for m in ActorTable.default().find(text) if m.kind == "actor"]
    assert [(a.name, a.acled_type) for a in found] == [(name, inter)]


def test_an_undated_report_names_the_government_of_the_years_it_tells(nlp):
    from test_events import analysed

    body = (
        "Troops loyal to the government fought rebels in 2019 and again in 2023. Pakistani troops"
        " clashed with Taliban militants in the Swat valley on Thursday, killing five."
    )
    marks = [
        ("date", "2019", DateValue("2019", precision="year", basis="text")),
        ("date", "2023", DateValue("2023", precision="year", basis="text")),
    ]
    events = extract_events(*analysed(nlp, body, marks, anchor=None))
    names = {e.actor1.name for e in events if e.actor1 is not None}
    # written in 2023 or later, not today: the government in office from 2022, not 2024's
    assert "Military Forces of Pakistan (2022-)" in names

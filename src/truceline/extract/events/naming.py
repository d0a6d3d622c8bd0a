"""An event's actors named as analysts name them (ACLED's conventions), and words that
are not actors kept from becoming one.

1. A protest's actor1 is "Protesters (Country)", a riot's "Rioters (Country)", whoever
   the text says took part ("teachers held a protest"), unless a state body of the actor
   table is the one acting;
2. an actor of the table (a named group: "Taliban", "Al Shabaab") keeps its name;
3. an unlisted phrase with a role noun becomes the role's actor in its country
   ("Afghan military forces" → "Military Forces of Afghanistan (2014-)", "armed men" →
   "Unidentified Armed Group (Mexico)", "residents" → "Civilians (Venezuela)");
4. a violent event with no agent named ("a man was shot dead"), or one whose agent the
   text does not name as a group ("abducted by four men"), is the work of an
   "Unidentified Armed Group (Country)", as ACLED codes an unknown perpetrator, unless an
   armed group of the table claimed it in the document ("JNIM claimed responsibility");
   in a text about organised crime (drugs, cartels, gangs) an "Unidentified Gang
   (Country)";
5. civilians never act violently in ACLED's coding: residents, villagers or a crowd who
   attack are "Rioters (Country)"; families and clans who fight are an "Unidentified Clan
   Militia (Country)", a named gang is "<Name> Gang", a militia named after an ethnic
   group "<Group> Ethnic Militia (Country)" (the groups in ``data/ethnic_groups.txt``);
6. a phrase that is not a group (a weapon, a stretch of land, page debris or a dateline:
   "Artillery shells", "outskirts of Ariha", "28.04.2017Get short URL 1195") is no
   actor, nor is a town named as a subject unless it is a capital ("Ankara said": the
   government of Turkey; `arguments.actor_of`).

The country is the one named in the phrase ("Nigerian Armed Forces", "police of
India"; of two named together, "forces of India and Pakistan", the one the event is in),
else the event's place's, else the country most of the document's places lie in. A
state's forces outside its land are external forces (inter 8; a de facto state's land is
its own, `states.abroad`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from truceline.extract.events.arguments import (
    np_words,
    past_quantity,
    phrase_text,
    previous_subject,
)
from truceline.models import Actor, Analysis, DateValue, Mention, Place
from truceline.understand.actors.states import (
    EXTERNAL,
    IDENTITY_MILITIA,
    POLITICAL_MILITIA,
    abroad,
    bare_actor,
    countries_in,
    country_in,
    ethnic_group,
    period,
    role_actor,
    role_of,
    state,
    words,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

PROTEST_ACLED = frozenset({"PEACE_PROTEST", "PROTEST_WITH_INTER"})
RIOT_ACLED = frozenset({"VIOL_DEMONSTR", "MOB_VIOL"})
# Sub-events whose perpetrator ACLED codes as an unidentified armed group when the text
# says what happened and not who did it ("a man was shot dead", "a shoot-out took place").
UNKNOWN_PERPETRATOR_ACLED = frozenset(
    {"ATTACK", "ARMED_CLASH", "ABDUCT_DISSAP", "GRENADE", "REM_EXPLOS", "SEX_VIOL", "SUIC_BOMB"}
)
# Head nouns of a crowd, who are rioters when they attack ("a group of people attacked").
CROWD_HEADS = words("people crowd crowds mob youths youth")
# Small words inside a name ("Village de Dieu", "General Command of Police Special Units").
NAME_PARTICLES = words("de du des la le del da do dos das of the and al el")
# Words that make a force's name the name of one of its units.
UNIT_WORDS = words(
    "unit units command squad squads battalion brigade regiment division corps task "
    "special rapid intervention"
)
# Head nouns of kin groups, who are a clan militia when they fight.
FAMILY_HEADS = words("family families")
# Head nouns of a militia named after an ethnic group ("Fulani militias").
MILITIA_HEADS = words("militia militias militiaman militiamen herdsman herdsmen gunman gunmen")
# Kinds of table actors that are the state acting, not protesters.
STATE_KINDS = frozenset({"state", "government", "ministry", "state_forces", "police"})
# Head nouns of phrases that are never an actor: weapons and munitions, stretches of land,
# times.
NOT_ACTOR_HEADS = words(
    "shell shells artillery rocket rockets missile missiles mortar mortars bomb bombs "
    "ied ieds grenade grenades bullet bullets round rounds drone drones weapon weapons "
    "ammunition explosive explosives mine mines landmine landmines vehicle vehicles "
    "outskirts countryside area areas village villages town towns city outskirt "
    "suburb suburbs road roads highway border frontline district province region "
    "day days week weeks month months year years time night morning evening url"
)
# A token of page debris: digits glued to letters ("2017Get"), a web address.
_DEBRIS = re.compile(r"\d[A-Za-z]|[A-Za-z]\d|https?:|www\.|\.com\b", re.IGNORECASE)
# A dateline caught in a phrase ("Damascus, Nov 9 (WDT) Warplanes").
_DATELINE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"
)


def document_country(mentions: Sequence[Mention]) -> str | None:
    """The country most of the document's resolved places lie in."""
    counts = Counter(
        m.value.country
        for m in mentions
        if m.kind == "place" and isinstance(m.value, Place) and m.value.country
    )
    return counts.most_common(1)[0][0] if counts else None


class DocumentFacts(NamedTuple):
    """What naming reads from the whole document, read once per document."""

    country: str | None  # the country most of its resolved places lie in
    claimed: Actor | None  # the armed group that claims an attack in it
    criminal: bool  # whether it is about organised crime (drugs, cartels, gangs)
    identity: str | None = None  # "clan", "communal", "tribal": the kind of fighting it names
    # the day its actors are named as of where an event has no date: its own, else the
    # latest year it tells as past (a 2008 report with no date names 2008's government)
    day: str | None = None


def document_facts(analysis: Analysis, day: DateValue | None = None) -> DocumentFacts:
    body = analysis.document.body
    return DocumentFacts(
        document_country(analysis.mentions),
        claimant(body, analysis.mentions),
        _CRIME.search(body) is not None,
        identity_fighting(body),
        day.value if day is not None and day.resolved else None,
    )


def name_actors(
    analysis: Analysis,
    facts: DocumentFacts,
    actors: tuple[Actor | None, Actor | None],
    roles: tuple[Token | None, Token | None],
    kind: tuple[str, str | None, bool],
    place: Place | None,
    date: DateValue | None,
    *,
    head: Token | None = None,
) -> tuple[Actor | None, Actor | None]:
    """actor1 and actor2 named as analysts name them, in the country of the event's
    place, else of the document's places (`facts`, from `document_facts`); `kind`: the
    event's type, ACLED sub-event and whether it happened (not planned, denied...). A
    clash whose sentence names nobody ("A shoot-out broke out") is fought by the armed
    actor the sentence before it is about (`head`: the event's trigger)."""
    etype, acled, happened = kind
    if actors[0] is None and roles[0] is None and acled == "ARMED_CLASH" and head is not None:
        before = previous_subject(head)
        found = _armed_actor(before, analysis.mentions) if before is not None else None
        if found is not None:
            actors, roles = (found, actors[1]), (before, roles[1])
    country = (place.country if place is not None else None) or facts.country
    day = date.value if date is not None and date.resolved else facts.day
    a1, a2 = (
        name_actor(
            a,
            t,
            acled=acled,
            etype=etype,
            country=country,
            date=day,
            first=i == 0,
            happened=happened,
            claimed=facts.claimed,
            criminal=facts.criminal,
            identity=facts.identity,
        )
        for i, (a, t) in enumerate(zip(actors, roles, strict=True))
    )
    return a1, (None if a2 is not None and a2 == a1 else a2)


# What follows a group that claims an attack ("JNIM claimed responsibility", "... has
# claimed the attack"), and what comes before one it is claimed by.
_CLAIMED = re.compile(r"\s+(?:has\s+|have\s+|later\s+|reportedly\s+)?claimed\b")
_CLAIMED_BY = re.compile(r"\bclaimed\s+by\s+(?:the\s+)?$")
# Kinds of table actors whose claim of an attack names its perpetrator.
ARMED_KINDS = frozenset({"rebel_group", "jihadist_group", "pro_government_militia"})
FIGHTING_KINDS = ARMED_KINDS | {"state_forces", "police"}


def _armed_actor(token: Token, mentions: Sequence[Mention]) -> Actor | None:
    """The actor a phrase names if it is one who fights: a table actor of a state's
    forces or an armed group, or a phrase of the military, police or armed roles."""
    lo, hi = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    for m in mentions:
        actor = m.value
        if (
            m.kind == "actor"
            and isinstance(actor, Actor)
            and lo <= m.start < hi
            and actor.kind in FIGHTING_KINDS
        ):
            return actor
    words = np_words(token)
    if role_of(token.lower_, words) in ("military", "police", "armed"):
        return Actor(phrase_text(token), "", None, "")
    return None


# Words that set an unnamed perpetrator's violence in organised crime, which ACLED codes
# as a gang's ("Unidentified Gang (Mexico)"), not a political armed group's; a gang rape
# is no gang's.
_CRIME = re.compile(
    r"\b(?:drugs?|drug[- ]trafficking|narco\w*|traffick(?:ers?|ing)|cartels?|"
    r"gangs?(?![- ]?rap)|"
    r"criminal (?:groups?|organi[sz]ations?|gangs?|cells?)|organi[sz]ed crime)\b",
    re.IGNORECASE,
)


# Fighting the text itself calls communal, clan or tribal: its unnamed fighters are that
# kind of identity militia (ACLED: "Unidentified Clan Militia (Ethiopia)", inter 4).
_IDENTITY_FIGHTING = (
    (
        "clan",
        re.compile(
            r"\b(?:inter-?)?clan(?:-based)? (?:clash\w*|fight\w*|violence|conflict|feud\w*)|"
            r"\b(?:clash\w*|fight\w*|feud\w*)(?: \w+){0,2} between (?:two|rival|the two) "
            r"(?:clans|families)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "tribal",
        re.compile(
            r"\b(?:inter-?)?tribal (?:clash\w*|fight\w*|violence|conflict)|"
            r"\b(?:clash\w*|fight\w*) between (?:two|rival) tribes\b",
            re.IGNORECASE,
        ),
    ),
    (
        "communal",
        re.compile(
            r"\b(?:inter-?)?communal (?:clash\w*|fight\w*|violence|conflict|attacks?)\b",
            re.IGNORECASE,
        ),
    ),
)


def identity_fighting(text: str) -> str | None:
    """The kind of identity militia the text says fought, if it says so."""
    return next((role for role, pattern in _IDENTITY_FIGHTING if pattern.search(text)), None)


def claimant(text: str, mentions: Sequence[Mention]) -> Actor | None:
    """The armed group of the actor table that claims an attack in the text, if any."""
    for m in mentions:
        actor = m.value
        if m.kind != "actor" or not isinstance(actor, Actor) or actor.kind not in ARMED_KINDS:
            continue
        if _CLAIMED.match(text, m.end) or _CLAIMED_BY.search(text[max(0, m.start - 30) : m.start]):
            return actor
    return None


def name_actor(
    actor: Actor | None,
    token: Token | None,
    *,
    acled: str | None,
    etype: str,
    country: str | None,
    date: str | None,
    first: bool,
    happened: bool = True,
    claimed: Actor | None = None,
    criminal: bool = False,
    identity: str | None = None,
) -> Actor | None:
    """`actor` (read from `token`) named by the conventions above; `first` for actor1,
    which alone takes the protest, riot and unknown-perpetrator conventions (the last
    only for an event that `happened`, not one planned or denied). Where no country is
    known the role still gives the inter code ("protesters": 6)."""
    words = np_words(token) if token is not None else []
    named_in = countries_in(_with_coordinated(token)) if token is not None else []
    home = country if country in named_in[1:] else (named_in[0] if named_in else None)
    here = home or country
    violent = etype == "ASSAULT" or acled in UNKNOWN_PERPETRATOR_ACLED
    if first and (etype == "PROTEST" or acled in PROTEST_ACLED | RIOT_ACLED):
        state_body = actor is not None and actor.id and actor.kind in STATE_KINDS
        if not state_body and acled in RIOT_ACLED and identity and actor is None:
            # "clashes broke out between two families": a clan's fighters, not a mob
            return _role(identity, here, date, (), None)
        if not state_body:
            crowd = "rioters" if acled in RIOT_ACLED else "protesters"
            return _role(crowd, here, date, (), None) or actor
    if actor is not None and (actor.id or actor.kind == "state" or _joint(actor)):
        if first and violent and actor.kind == "civilians":
            return _role("rioters", here, date, (), None) or actor
        return _table_actor(actor, etype, here, date)
    unknown = first and happened and acled in UNKNOWN_PERPETRATOR_ACLED
    if token is not None:
        named = _role_named(actor, token, words, here, date, first=first, violent=violent)
        if named is not None and home and abroad(home, country):
            # a state's forces acting in another country are external forces
            named = replace(named, acled_type=EXTERNAL) if named.acled_type == 1 else named
        if named is not None and criminal and named.name.startswith("Unidentified Armed Group"):
            named = _role("gang", here, date, (), None)  # unnamed gunmen of a drug feud
        if named is not None and not (unknown and claimed and _unidentified(named)):
            return named
        if named is None and actor is not None and is_actor_phrase(words, token):
            return actor
    if unknown:
        unnamed = identity or ("gang" if criminal else "armed")
        return claimed or _role(unnamed, here, date, (), None)
    if first and happened and token is None and actor is None and acled == "ARREST":
        # "a blogger was arrested": arrests are made by the police (ACLED codes them so)
        return _role("police", here, date, (), None)
    return None if token is not None else actor


def _role_named(
    actor: Actor | None,
    token: Token,
    words: Sequence[str],
    country: str | None,
    date: str | None,
    *,
    first: bool,
    violent: bool,
) -> Actor | None:
    """The actor a phrase names by its role words in `country`, with the conventions for
    named gangs, ethnic militias, and crowds and families who fight; None where the
    phrase names no role."""
    group = ethnic_group(words)
    if group is not None and token.lemma_.lower() in MILITIA_HEADS:
        place = state(country)
        suffix = f" ({place.name})" if place is not None else ""
        return Actor(f"{group} Ethnic Militia{suffix}", "", IDENTITY_MILITIA, "")
    role = role_of(token.lower_, words) or role_of(token.lemma_, words)
    if role is None and violent and countries_in(words) and _state_means(token, words):
        role = "military"  # "Israeli artillery shelled", "an Afghan military airstrike"
    if role == "government" and violent:
        role = "military"  # "regime airstrikes": a government uses force through its army
    if first and violent:
        head = past_quantity(token).lemma_.lower()  # "a group of people" is people
        if role == "civilians" or head in CROWD_HEADS:
            role = "rioters"  # ACLED: civilians who attack are rioters, never civilians
        elif head in FAMILY_HEADS:
            role = "clan"  # "clashes between two families"
    if role == "gang":
        gang = _named_gang(token)
        if gang is not None:
            return gang
    if role is None:
        return None
    named = _role(role, country, date, words, phrase_text(token))
    unit = _unit(actor, role)
    if named is not None and unit and named.name.endswith(")"):
        named = replace(named, name=named.name + unit)
    return named


# Weapons only a state's forces field, named with the state ("Israeli artillery",
# "Russian warplanes"): the phrase names the forces that used them.
STATE_WEAPONS = words(
    "artillery warplane warplanes jet jets aircraft helicopter helicopters gunship gunships "
    "airstrike airstrikes strike strikes navy tanks tank howitzer howitzers"
)


def _state_means(token: Token, words: Sequence[str]) -> bool:
    """Does a phrase naming a country name its forces' means (a weapon only states field,
    or the country's adjective alone: "an Afghan airstrike" read as "Afghan")?"""
    head = token.lemma_.lower()
    return head in STATE_WEAPONS or token.lower_ in STATE_WEAPONS or len(words) == 1


def _joint(actor: Actor) -> bool:
    """A joint attribution of two table groups (`arguments._joint`): named as it is."""
    return not actor.id and actor.kind in ARMED_KINDS and " and/or " in actor.name


def _unidentified(actor: Actor) -> bool:
    return actor.name.startswith("Unidentified Armed Group") or (
        actor.acled_type == POLITICAL_MILITIA and not actor.id and actor.name[:1].islower()
    )


def _with_coordinated(token: Token) -> list[str]:
    """The phrase's words with the names coordinated after its "of" ("forces of India
    and Pakistan")."""
    out = np_words(token)
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    out += [c.text for c in obj.subtree if c.dep_ == "conj"]
    return out


def _named_gang(token: Token) -> Actor | None:
    """ "the Village de Dieu gang": a gang the text names, as ACLED writes it."""
    names = [t.text for t in token.subtree if t.i < token.i and t.dep_ != "det"]
    capitalised = [w for w in names if w[:1].isupper()]
    if (
        not capitalised
        or not names[0][:1].isupper()
        or any(not w[:1].isupper() and w.lower() not in NAME_PARTICLES for w in names)
        or country_in(capitalised) is not None
    ):
        return None
    return Actor(" ".join(names) + " Gang", "", POLITICAL_MILITIA, "")


def _unit(actor: Actor | None, role: str) -> str:
    """The name of a state force's unit as ACLED writes it after the force ("Police Forces
    of Afghanistan (2014-) General Command of Police Special Units"): a capitalised name
    of three words or more with a unit word, that names no country."""
    if actor is None or actor.id or role not in ("military", "police"):
        return ""
    names = actor.name.split()
    if (
        len(names) < 3
        or not all(w[:1].isupper() or w in NAME_PARTICLES for w in names)
        or not {w.lower() for w in names} & UNIT_WORDS
        or country_in(names) is not None
    ):
        return ""
    return " " + actor.name


def _role(
    role: str, country: str | None, date: str | None, words: Sequence[str], text: str | None
) -> Actor | None:
    """The role's actor in `country`; where no country is known, the words of the text
    (or the role's own name: "Protesters") with the role's inter code."""
    if country:
        named = role_actor(role, country, date, words)
        if named is not None:
            return named
    return bare_actor(role, text)


_FORCES_OF = re.compile(r"^(?:Military|Police) Forces of ")


def _table_actor(actor: Actor, etype: str, country: str | None, date: str | None) -> Actor:
    """A table actor (or a state named as one) in ACLED's names where they differ: a
    state that uses force acts through its military ("US drone strike": "Military Forces
    of United States"), civilians are of a country, a state force written in ACLED's
    form takes the period of its government."""
    if actor.kind in ("state", "external_state") and etype == "ASSAULT":
        code = country_in(actor.name.split())
        named = role_actor("military", code, date) if code else None
        if named is not None:
            # the table's code for its theatre (a foreign state's forces: 8) stands
            return Actor(named.name, actor.id, actor.acled_type or named.acled_type, named.kind)
    if actor.kind == "state" and not actor.id:
        # a state the table does not hold, named by its name or its capital: its government
        code = country_in(actor.name.split())
        named = role_actor("government", code, date) if code else None
        if named is not None:
            return named
    if actor.kind == "civilians" and country:
        named = role_actor("civilians", country, date)
        return named or actor
    if _FORCES_OF.match(actor.name) and "(" not in actor.name:
        code = country_in(actor.name.split())
        if code:
            return Actor(actor.name + period(code, date), actor.id, actor.acled_type, actor.kind)
    return actor


def is_actor_phrase(words: Sequence[str], head: Token) -> bool:
    """Can this phrase name someone who acts? Not a weapon, a place word or a time, not
    page debris."""
    if head.lemma_.lower() in NOT_ACTOR_HEADS or head.lower_ in NOT_ACTOR_HEADS:
        return False
    if _DATELINE.search(" ".join(words)):
        return False
    return not any(_DEBRIS.search(w) for w in words)

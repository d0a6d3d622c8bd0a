"""An event's actors named as analysts name them (ACLED's conventions), and words that
are not actors kept from becoming one.

1. A protest's actor1 is "Protesters (Country)", a riot's "Rioters (Country)", whoever
   the text says took part ("teachers held a protest"), unless a state body of the actor
   table is the one acting;
2. an actor of the table (a named group: "Taliban", "Al Shabaab") keeps its name;
3. an unlisted phrase with a role noun becomes the role's actor in its country
   ("Afghan military forces" → "Military Forces of Afghanistan (2014-)", "armed men" →
   "Unidentified Armed Group (Mexico)", "residents" → "Civilians (Venezuela)");
4. a violent event with no agent named ("a man was shot dead") is the work of an
   "Unidentified Armed Group (Country)", as ACLED codes an unknown perpetrator;
5. a phrase that is not a group (a weapon, a stretch of land, page debris or a dateline:
   "Artillery shells", "outskirts of Ariha", "28.04.2017Get short URL 1195") is no
   actor, nor is a town named as a subject unless it is a capital ("Ankara said": the
   government of Turkey; `arguments.actor_of`).

The country is the one named in the phrase ("Nigerian Armed Forces", "police of
India"), else the event's place's, else the country most of the document's places lie in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from truceline.extract.events.arguments import np_words, phrase_text
from truceline.models import Actor, Mention, Place
from truceline.understand.actors.states import (
    EXTERNAL,
    bare_actor,
    country_in,
    period,
    role_actor,
    role_of,
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
) -> Actor | None:
    """`actor` (read from `token`) named by the conventions above; `first` for actor1,
    which alone takes the protest, riot and unknown-perpetrator conventions (the last
    only for an event that `happened`, not one planned or denied). Where no country is
    known the role still gives the inter code ("protesters": 6)."""
    words = np_words(token) if token is not None else []
    home = country_in(words)
    here = home or country
    if first and (etype == "PROTEST" or acled in PROTEST_ACLED | RIOT_ACLED):
        state_body = actor is not None and actor.id and actor.kind in STATE_KINDS
        if not state_body:
            crowd = "rioters" if acled in RIOT_ACLED else "protesters"
            return _role(crowd, here, date, (), None) or actor
    if actor is not None and (actor.id or actor.kind == "state"):
        return _table_actor(actor, etype, here, date)
    if token is not None:
        role = role_of(token.lower_, words) or role_of(token.lemma_, words)
        if role == "government" and etype == "ASSAULT":
            role = "military"  # "regime airstrikes": a government uses force through its army
        if role:
            named = _role(role, here, date, words, actor.name if actor else phrase_text(token))
            if named is not None and home and country and home != country:
                # a state's forces acting in another country are external forces
                named = replace(named, acled_type=EXTERNAL) if named.acled_type == 1 else named
            if named is not None:
                return named
        return actor if actor is not None and is_actor_phrase(words, token) else None
    if first and happened and acled in UNKNOWN_PERPETRATOR_ACLED:
        return _role("armed", here, date, (), None)
    return actor


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

"""Where and when an event happened: the place and date mentions of its sentence nearest
its trigger in the parse (`nearest_place`, `nearest_date`), with the mentions that say
where an outlet filed (`dateline`) or where an actor is from (`modifier_place`) set
aside. A coarse place (region, country) counts as farther than a precise one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from truceline.extract.events.arguments import Located, dateline, tree_distance, within
from truceline.lexicons.events import wordset
from truceline.models import DateValue, Place
from truceline.understand.places.context import PLACE_NOUNS, links_area

if TYPE_CHECKING:
    from spacy.tokens import Token

# Coarser places count as farther away when choosing the place of an event: a region one
# step, an admin1 area two, a country three (tuned by hand on the seeds' sentences, where
# "in al-Zara village ... northern Homs countryside" must give the village).
PRECISION_PENALTY = {"point": 0, "district": 0, "town": 0, "region": 1, "admin1": 2, "country": 3}
UNRESOLVED_PENALTY = 4
# A place inside the agent's phrase ("FSA groups in the northern Homs countryside
# attacked ... al-Zara village") says where the agent is from, not where the event was:
# it counts five arcs farther (seed 000: the village seven arcs away, not the region
# three arcs away inside the subject, must win).
AGENT_PLACE_PENALTY = 5
# An area named right after a place ("Osorno (Los Lagos)") says where that place lies:
# it counts as three arcs farther than the place (ACLED dev notes, odd half).
QUALIFIER_PENALTY = 3


def _place_key(
    loc: Located, heads: Sequence[Token], agent: Token | None, qualifiers: set[int]
) -> tuple[int, int]:
    place = loc.mention.value
    penalty = UNRESOLVED_PENALTY
    if isinstance(place, Place):
        penalty = PRECISION_PENALTY.get(place.precision, UNRESOLVED_PENALTY)
    if agent is not None and within(loc.root, agent):
        penalty += AGENT_PLACE_PENALTY
    if loc.mention.start in qualifiers:
        penalty += QUALIFIER_PENALTY
    if _describes_noun(loc) or _ROAD_AFTER.match(loc.after):
        penalty += AGENT_PLACE_PENALTY
    distance = min(tree_distance(h, loc.root) for h in heads)
    return (distance + penalty, min(abs(loc.root.i - h.i) for h in heads))


def _describes_noun(loc: Located) -> bool:
    """A country or province written before a noun that is no place word ("Myanmar
    military", "Borno government"), or after "of" following a body of its state ("the
    Govt of Somalia", "the President of Nigeria"), says whose the thing is, not where the
    event was."""
    root, place = loc.root, loc.mention.value
    if not isinstance(place, Place) or place.precision not in ("country", "admin1"):
        return False
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        return root.head.head.lower_ in _STATE_BODIES
    return (
        root.dep_ == "compound"
        and root.head.pos_ in ("NOUN", "PROPN")
        and root.head.i > root.i
        and root.head.lower_ not in PLACE_NOUNS
    )


# Bodies and people of a state, named "... of <country>".
_STATE_BODIES = wordset(
    "government govt gov't governments president presidents ministry minister ministers "
    "parliament army armies military forces police regime administration authorities "
    "embassy embassies consulate ambassador envoy leader leaders king queen emir sultan "
    "citizens nationals people delegation"
)


# A town naming a road ("near the Jalandhar bypass in Ludhiana", "the Birnin-Gwari-Kaduna
# highway") says where the road leads, not where the event was, when the sentence names
# another place: it counts as far as a place inside the agent's phrase.
_ROAD_AFTER = re.compile(
    r"^(?:\s*-\s*[A-Z][\w'’]*)*\s+(?:bypass|road|highway|expressway|motorway|ring road)\b",
    re.IGNORECASE,
)


# "Britain-based monitor", "US-led coalition", "Russian-backed deal": a place written as a
# modifier of who acts is not where the event happened.
_MODIFIER_SUFFIX = re.compile(
    r"^\s*-\s*(based|backed|led|held|supported|funded|sponsored|brokered|born|made|linked|allied|affiliated|owned|run|controlled)\b"
)


def modifier_place(loc: Located) -> bool:
    return bool(_MODIFIER_SUFFIX.match(loc.after))


# The gap between a place and the area named after it ("Osorno (Los Lagos)", "Maraba,
# Para", "Ashulia town (Savar, Dhaka)", "Leon de los Aldama municipality, Guanajuato").
_QUALIFYING_GAP = re.compile(
    rf"\s*(?:,|\(|,\s*\(|\s(?:{'|'.join(sorted(PLACE_NOUNS))})\s*[,(])\s*", re.IGNORECASE
)


def _qualifiers(places: Sequence[Located]) -> set[int]:
    """Starts of the place mentions named right after another place as its area."""
    ordered = sorted(places, key=lambda p: p.mention.start)
    text = ordered[0].root.doc.text if ordered else ""
    return {
        b.mention.start
        for a, b in zip(ordered, ordered[1:], strict=False)
        if _QUALIFYING_GAP.fullmatch(text[a.mention.end : b.mention.start])
    }


def _chain_after(first: Located, places: Sequence[Located]) -> list[Located]:
    """The place mentions named right after `first`, one after the other, as its areas."""
    ordered = sorted(places, key=lambda p: p.mention.start)
    text = first.root.doc.text
    out: list[Located] = []
    last = first
    for p in ordered:
        if p.mention.start < last.mention.end:
            continue
        # the places' own test of a chain: commas, brackets, place nouns and names no
        # gazetteer knows between ("..., Mrauk-U District, Rakhine State")
        if not links_area(text[last.mention.end : p.mention.start], first=not out):
            break
        out.append(p)
        last = p
    return out


_FINE = frozenset({"town", "district", "point"})


def nearest_place(
    heads: Sequence[Token], places: Sequence[Located], agent: Token | None = None
) -> Place | None:
    """The place mention nearest the trigger words in the tree, precise places preferred,
    places that describe the agent ("groups in X") set back. A name the gazetteer could
    not place gives way to a placed one of the sentence; where that one is named as its
    area ("Mandoli (Bandiagara, Mopti)") the event is in the area around it, precision
    "region"."""
    usable = [
        p
        for p in places
        if isinstance(p.mention.value, Place) and not dateline(p) and not modifier_place(p)
    ]
    if not usable:
        return None
    qualifiers = _qualifiers(usable)

    def key(p: Located) -> tuple[int, int]:
        return _place_key(p, heads, agent, qualifiers)

    best = min(usable, key=key)
    value = best.mention.value
    assert isinstance(value, Place)
    placed = [p for p in usable if isinstance(p.mention.value, Place) and p.mention.value.resolved]
    if value.resolved and best.mention.start in qualifiers and value.precision in _FINE:
        return replace(value, precision="region")  # the area named after a name left out
    if value.resolved or not placed:
        return value
    # the areas named right after the unplaced name first ("Gaduud village (Diinsoor,
    # Bay)": Diinsoor, not a country named elsewhere in the sentence)
    own = [p for p in _chain_after(best, usable) if p in placed]
    nearest = own[0] if own else min(placed, key=key)
    found = nearest.mention.value
    assert isinstance(found, Place)
    if nearest.mention.start in qualifiers and found.precision in _FINE:
        return replace(found, precision="region")
    return found


def _behind_clause(token: Token, head: Token) -> bool:
    """Whether `token` sits in a relative or adjectival clause that does not hold `head`
    ("the highway that had been blocked since 2011")."""
    t = token
    while t.head.i != t.i:
        if t.dep_ in ("relcl", "acl") and t.head.i != head.i and not within(head, t):
            return True
        t = t.head
    return False


# How a year written before a noun names a thing ("the 1998 inquiry", "his 2006
# campaign"); a day so written is most often the event's own ("Monday's attack killed").
_NOUN_MODIFIER = frozenset({"compound", "nummod", "amod", "poss"})


def _names_another_thing(token: Token, value: DateValue, own: frozenset[int]) -> bool:
    """Whether the date is a year or a month written before a noun that is not the event's
    (its triggers, `own`) nor its subject: "declined to reopen the 1998 inquiry" dates
    the inquiry, not the refusal. "A September statement called on ...", "seized the
    territories in the 1967 war" and "in an October tape, he urged" still time the act
    (the act's subject; a noun that frames a verb after a preposition)."""
    if value.precision not in ("year", "month") or token.dep_ not in _NOUN_MODIFIER:
        return False
    noun = token.head  # the noun phrase's head ("the 2001 U.S.-led invasion")
    while noun.dep_ in _NOUN_MODIFIER and noun.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head
    if (
        noun.pos_ not in ("NOUN", "PROPN")
        or noun.i < token.i
        or noun.dep_ in ("nsubj", "nsubjpass")
        or any(i == noun.i or noun.is_ancestor(token.doc[i]) for i in own)
    ):
        return False
    prep = noun.head
    return not (noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.pos_ in ("VERB", "AUX"))


def nearest_date(
    head: Token, dates: Sequence[Located], triggers: Sequence[Token] = ()
) -> DateValue | None:
    """The date nearest the event's head in the parse; `triggers`: the event's other
    trigger words."""
    own = frozenset([head.i, *(t.i for t in triggers)])
    usable = [
        d
        for d in dates
        if isinstance(d.mention.value, DateValue)
        and not _behind_clause(d.root, head)
        and not _names_another_thing(d.root, d.mention.value, own)
    ]
    if not usable:
        return None
    best = min(usable, key=lambda d: (tree_distance(head, d.root), abs(d.root.i - head.i)))
    value = best.mention.value
    return value if isinstance(value, DateValue) else None


# The words between a place and a date that date what happened there ("on Khan Shaykhun
# on 9 November", "in Aleppo, on Monday").
_PLACE_DATE_GAP = re.compile(r"\s*,?\s*(?:on|in|at|during)?\s*")


def dated_elsewhere(place: Located, dates: Sequence[Located], date: DateValue | None) -> bool:
    """Whether the place comes with a date of its own that is not the event's: in "12 were
    killed in the shelling of a market on 3 November, and four in an airstrike on Khan
    Shaykhun on 9 November" Khan Shaykhun is the place of the second attack, not the
    first's."""
    if date is None:
        return False
    text = place.root.doc.text
    for d in dates:
        gap = text[place.mention.end : d.mention.start]
        own = d.mention.value
        if (
            d.mention.start >= place.mention.end
            and _PLACE_DATE_GAP.fullmatch(gap)
            and isinstance(own, DateValue)
            and own.value != date.value
        ):
            return True
    return False

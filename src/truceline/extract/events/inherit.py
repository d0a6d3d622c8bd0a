"""Where an event happened when its own sentence names no place, and the places a
battlefield event never takes.

- **Venues**: a place named as where talks were held or a deal was signed ("talks in
  Astana", "signed in Cairo", "the Geneva negotiations", "negotiators in Cairo") is a
  venue in the whole document; a battlefield event (fighting, coercion, deployments,
  withdrawals, crime) never takes it, from its own sentence or by inheritance.
- **Inheritance** (`PlaceContext.inherit`): an event with no place of its own takes the
  nearest place of its paragraph (basis "paragraph"), else the article's focus, the place
  it names most (basis "document"). An inherited place says less than a named one: a
  town or district becomes a "region" (ACLED geo_precision 2), an admin-1 area or a
  country keeps its own precision (3). `Place.basis` carries the reason to the export.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from truceline.extract.events.arguments import Located, dateline
from truceline.extract.events.scene import modifier_place
from truceline.lexicons.events import wordset
from truceline.models import Mention, Place

# Words whose locative complement is a venue ("talks in", "signed in", "met in") or that a
# place name modifies as one ("Astana talks").
VENUE_WORDS = wordset(
    "talk talks negotiation negotiations negotiator negotiators meeting meet summit "
    "conference round sign accord agreement deal truce ceasefire pact memorandum ceremony "
    "consultation "
    "consultations format process delegation delegations representative representatives "
    "mediation"
)
VENUE_PREPS = frozenset({"in", "at"})
# PLOVER types of events that happen on the ground: never placed at a venue of talks.
BATTLEFIELD_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "CRIME"})
# The precision an inherited place is given (ACLED geo_precision 2 for a town's
# surroundings, 3 for a province or a country).
INHERITED_PRECISION = {
    "point": "region",
    "district": "region",
    "town": "region",
    "region": "region",
    "road": "region",
    "admin1": "admin1",
    "country": "country",
}
_PARAGRAPH = re.compile(r"\n\s*\n")
# From the end of a place's name to a name inside the brackets after it, past the unknown
# names before it ("Ndera (Gasabo, |Kigali City").
_IN_BRACKETS_AFTER = re.compile(r"[^\S\n]*\([^().;\n]*")
# Finer places first when a sentence names several ("in Montes Claros, Minas Gerais").
PRECISION_RANK = {"point": 0, "district": 0, "town": 0, "road": 1, "region": 1, "admin1": 2}


def is_venue(loc: Located) -> bool:
    """Is this place named as where talks or a signing took place?"""
    t = loc.root
    if t.dep_ in ("compound", "nmod", "amod", "poss") and t.head.lemma_.lower() in VENUE_WORDS:
        return True  # "the Astana talks", "Geneva's negotiations"
    if t.dep_ == "pobj" and t.head.lower_ in VENUE_PREPS:
        governor = t.head.head
        return governor.lemma_.lower() in VENUE_WORDS or governor.lower_ in VENUE_WORDS
    return False


def place_key(place: Place) -> str:
    return place.name.lower()


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """A document's places as an event's context: its usable place mentions in order,
    the names used as venues, and the paragraph breaks."""

    body: str
    places: tuple[Located, ...]  # resolved, not datelines or modifiers, in text order
    venues: frozenset[str]
    breaks: tuple[int, ...]  # offsets where paragraphs start
    sentences: tuple[int, ...]  # offsets where sentences start
    home: str | None  # the country most of the usable places lie in
    # starts of the places named in the brackets after another place, as the area it lies
    # in ("Ndera (Gasabo, Kigali City)": Kigali holds Ndera)
    areas: frozenset[int] = frozenset()

    @classmethod
    def build(
        cls, body: str, located: Sequence[Located], sentences: Sequence[int] = ()
    ) -> PlaceContext:
        usable = tuple(
            sorted(
                (
                    loc
                    for loc in located
                    if isinstance(loc.mention.value, Place)
                    and loc.mention.value.resolved
                    and not dateline(loc)
                    and not modifier_place(loc)
                ),
                key=lambda loc: loc.mention.start,
            )
        )
        venues = frozenset(
            place_key(loc.mention.value)
            for loc in located
            if isinstance(loc.mention.value, Place) and is_venue(loc)
        )
        breaks = (0, *(m.end() for m in _PARAGRAPH.finditer(body)))
        counts = Counter(
            loc.mention.value.country
            for loc in usable
            if isinstance(loc.mention.value, Place) and loc.mention.value.country
        )
        home = counts.most_common(1)[0][0] if counts else None
        areas = frozenset(
            b.mention.start
            for a, b in zip(usable, usable[1:], strict=False)
            if _IN_BRACKETS_AFTER.fullmatch(body, a.mention.end, b.mention.start)
        )
        starts = tuple(sorted({0, *sentences}))
        return cls(body, usable, venues, breaks, starts, home, areas)

    def allowed(self, mention: Mention, etype: str) -> bool:
        """May an event of this type take this place mention?"""
        place = mention.value
        if not isinstance(place, Place):
            return False
        return etype not in BATTLEFIELD_TYPES or place_key(place) not in self.venues

    def inheritable(self, mention: Mention, etype: str) -> bool:
        """May an event of this type inherit this place? A battlefield event inherits no
        venue and no place outside the country most of the document's places lie in
        (a London-based monitor is not where the fighting is)."""
        place = mention.value
        if not self.allowed(mention, etype) or not isinstance(place, Place):
            return False
        home = self.home
        return etype not in BATTLEFIELD_TYPES or home is None or place.country == home

    def inherit(self, start: int, end: int, etype: str) -> Place | None:
        """The place an event read from [start, end) inherits: the nearest allowed place
        of its paragraph, else the document's focus; None where there is none."""
        lo = max(b for b in self.breaks if b <= start)
        hi = min((b for b in self.breaks if b > start), default=len(self.body))
        own = [
            loc
            for loc in self.places
            if lo <= loc.mention.start < hi
            and not start <= loc.mention.start < end
            and self.inheritable(loc.mention, etype)
        ]
        if own:
            # the nearest sentence that names a place, and its most precise place
            here = bisect.bisect_right(self.sentences, start)

            def rank(loc: Located) -> tuple[int, int, bool, int]:
                where = bisect.bisect_right(self.sentences, loc.mention.start)
                place = loc.mention.value
                fine = PRECISION_RANK.get(place.precision, 9) if isinstance(place, Place) else 9
                outer = loc.mention.start in self.areas
                return (abs(where - here), fine, outer, _gap(loc.mention, start, end))

            return _inherited(min(own, key=rank).mention, "paragraph")
        focus = self.focus(etype)
        return _inherited(focus, "document") if focus is not None else None

    def focus(self, etype: str) -> Mention | None:
        """The place the document names most (places below a country first; the earliest
        on a tie)."""
        allowed = [loc.mention for loc in self.places if self.inheritable(loc.mention, etype)]
        if not allowed:
            return None
        counts = Counter(place_key(m.value) for m in allowed if isinstance(m.value, Place))

        def rank(m: Mention) -> tuple[bool, int, int]:
            place = m.value
            assert isinstance(place, Place)
            return (place.precision == "country", -counts[place_key(place)], m.start)

        return min(allowed, key=rank)


def _gap(m: Mention, start: int, end: int) -> int:
    return start - m.end if m.end <= start else m.start - end


def _inherited(m: Mention, basis: str) -> Place | None:
    place = m.value
    if not isinstance(place, Place):
        return None
    precision = INHERITED_PRECISION.get(place.precision, place.precision)
    return replace(place, precision=precision, basis=basis)

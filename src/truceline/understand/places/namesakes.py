"""Namesakes: which choices among same-named places are guesses, and how the corpus's own
geography settles them.

A name that towns of several countries ("Tripoli") or of several provinces of one
country ("Prymorske") are called, with nothing in its document to choose between them,
goes to the biggest, and its place is marked a guess (`NAMESAKE_BASIS`). A run reads such
documents again with what its other documents say (`CorpusPrior`, counted by
`run.geography`): the guess moves to the country, and then to the admin-1 area, the run's
documents place most reports in (`CORPUS_BASIS`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from truceline.understand.places.gazetteer import IndexData, norm_name
from truceline.understand.places.ranking import NameGroup

# A guess moves to a country (an admin-1 area) the run's other documents place things in
# at least this often.
CORPUS_MIN_DOCUMENTS = 3
# A place this many times bigger than every namesake abroad is what its name means
# (London, Paris, Washington), not a guess among them.
DOMINANT = 10
# `Place.basis` of a choice among namesakes that nothing in its document made, and of one
# the corpus settled (docs/export-format.md)
NAMESAKE_BASIS = "namesake"
CORPUS_BASIS = "corpus"


@dataclass(frozen=True, slots=True)
class CorpusPrior:
    """What the corpus a text comes from says of countries (`run.geography`): how many of
    its documents place anything in each (guesses among namesakes aside), and how many
    of those confirm it (name the country, one of its provinces, or two of its places;
    one lone town is no confirmation)."""

    placing: Mapping[str, int]
    confirming: Mapping[str, int]
    # (country, admin-1 area) → documents placing anything there (guesses aside)
    areas: Mapping[tuple[str, str], int] = field(default_factory=dict)


def named_alike(ix: IndexData, key: str, entries: Iterable[int]) -> tuple[int, ...]:
    """The entries whose own name is the name written (`key`), accents and articles aside
    ("Trípoli", "Al Marj"; not another of their names, nor a loose spelling: "Marenj" for
    "el Marj")."""
    return tuple(p for p in entries if norm_name(ix.names[p]) == key)


def guesses(ix: IndexData, groups: dict[str, NameGroup], stated: set[str]) -> set[str]:
    """Keys of the names whose choice is a guess, between countries or between one
    country's provinces: a namesake there is not far smaller (a tenth of it or more:
    Paris, Texas is no rival of Paris), no qualifier confines them, and nothing else in
    the document lies in the chosen country (province): no stated country, no other name
    there. "Rioters hurled rocks at soldiers in Tripoli" chooses the bigger Tripoli,
    Libya's, on size alone; "shells landed near Prymorske" the biggest of five Ukrainian
    villages."""

    def country(p: int) -> Hashable:
        return ix.countries[p]

    def province(p: int) -> Hashable:
        return (ix.countries[p], ix.admin1s[p]) if ix.admin1s[p] else None

    def city(p: int) -> bool:
        return ix.features[p] == "city"

    def compatriot(p: int, q: int) -> bool:
        return city(q) and ix.countries[q] == ix.countries[p]

    abroad = _guessed(ix, groups, country, lambda p: ix.features[p] != "country", lambda p, q: True)
    elsewhere = _guessed(ix, groups, province, city, compatriot)
    return {k for k in abroad if ix.countries[_choice(groups[k])] not in stated} | elsewhere


def _choice(g: NameGroup) -> int:
    assert g.choice is not None
    return g.choice


def _guessed(
    ix: IndexData,
    groups: dict[str, NameGroup],
    where: Callable[[int], Hashable],
    guessable: Callable[[int], bool],
    rival: Callable[[int, int], bool],
) -> set[str]:
    """Keys whose choice (`guessable`) has a `rival` in another `where` not a tenth of
    its size, no qualifier, and no other name of the document in its `where`."""
    chosen = Counter(where(g.choice) for g in groups.values() if g.choice is not None)
    out = set()
    for g in groups.values():
        p = g.choice
        if p is None or g.qualifiers or not guessable(p) or where(p) is None:
            continue
        if chosen[where(p)] > 1:
            continue
        rivals = [
            ix.pops[q]
            for q in named_alike(ix, g.key, g.entries)
            if rival(p, q) and where(q) is not None and where(q) != where(p)
        ]
        if rivals and max(rivals) * DOMINANT > ix.pops[p]:
            out.add(g.key)
    return out


def _country_wins(prior: CorpusPrior, country: str, guessed: str) -> bool:
    """Does the corpus outweigh a guess in `guessed` with `country`: at least
    CORPUS_MIN_DOCUMENTS documents there, more than in the guess's country, and none
    confirming the guess's?"""
    there = prior.placing.get(country, 0)
    return (
        country != guessed
        and there >= CORPUS_MIN_DOCUMENTS
        and there > prior.placing.get(guessed, 0)
        and not prior.confirming.get(guessed, 0)
    )


def _area_wins(prior: CorpusPrior, country: str, area: str, guessed: str) -> bool:
    """The same for an admin-1 area of one country against the guess's area."""
    there = prior.areas.get((country, area), 0)
    return (
        area != guessed
        and there >= CORPUS_MIN_DOCUMENTS
        and there > prior.areas.get((country, guessed), 0)
    )


def follow_corpus(
    ix: IndexData, groups: dict[str, NameGroup], keys: set[str], prior: CorpusPrior
) -> set[str]:
    """Settle the guesses by the corpus's geography: a name goes to the country of its
    namesakes the corpus places most documents in, where that is at least
    CORPUS_MIN_DOCUMENTS and more than the guess's own, and no document of the corpus
    confirms the guess's country (a feed that holds a few confirmed Bolivian notes keeps
    La Paz in Bolivia, however many Mexican ones it holds; one that places twenty notes in
    Lebanon and only a lone "el Marj road" in Libya reads Tripoli as Lebanon's). Then,
    among the namesakes in that country, a name goes to the admin-1 area the corpus
    places most documents in, on the same terms (a monitor's feed of Donetsk reports
    reads "near Prymorske" as the Donetsk village, not the bigger one in Zaporizhzhia).
    Returns the keys settled; changes the groups' entries in place."""
    settled = set()
    for key in sorted(keys):
        g = groups[key]
        alike = named_alike(ix, g.key, g.entries)
        assert g.choice is not None
        current = ix.countries[g.choice] or ""
        countries = sorted({ix.countries[p] or "" for p in alike})
        placing = prior.placing
        best = max(countries, key=lambda cc: (placing.get(cc, 0), cc == current))
        if _country_wins(prior, best, current):
            g.entries = tuple(p for p in alike if ix.countries[p] == best)
            settled.add(key)
            current = best
        # within the country, the admin-1 area the corpus places most documents in
        inside = [p for p in alike if ix.countries[p] == current and ix.admin1s[p]]
        here = "" if key in settled else (ix.admin1s[g.choice] or "")
        areas = sorted({str(ix.admin1s[p]) for p in inside})
        if len(areas) < 2:
            continue
        count = prior.areas
        area = max(areas, key=lambda a: (count.get((current, a), 0), a == here))
        if _area_wins(prior, current, area, here):
            g.entries = tuple(p for p in inside if ix.admin1s[p] == area)
            settled.add(key)
    return settled


def could_move(ix: IndexData, name: str, country: str, admin1: str, prior: CorpusPrior) -> bool:
    """Could the corpus's counts move a guess of `name`, placed in `country` and `admin1`
    (`follow_corpus`'s terms)? A name the index holds under another key (a loose
    spelling, another of its names) is given the benefit of the doubt."""
    key = norm_name(name)
    alike = named_alike(ix, key, ix.keys.get(key, ()))
    if not alike:
        return True
    if any(_country_wins(prior, ix.countries[p] or "", country) for p in alike):
        return True
    return any(
        _area_wins(prior, country, str(ix.admin1s[p] or ""), admin1)
        for p in alike
        if ix.countries[p] == country
    )

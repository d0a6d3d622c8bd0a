"""The corpus's own geography: a second look at the documents whose place names nothing in
their own text decides.

A note that says only "rioters hurled rocks at soldiers in Tripoli" gives the resolver
nothing to choose between Tripoli in Libya and Tripoli in Lebanon, and it takes the bigger
(the place's `basis` says "namesake"). The run that reads it usually reads many more: a
desk's feed of Lebanese notes places dozens of them in Lebanon. While a run stores its
results, `CorpusGeography` counts, per country and per admin-1 area, the documents that
place something there (guesses left out) and, per country, those that confirm it (name
the country, one of its provinces or two of its places), and keeps the ids of the inputs
with a guess. After the last batch, `second_look` reads those inputs again with the
counts as the resolver's prior (`places.namesakes.follow_corpus`): the guess moves to the
namesake's country, then to the province, the corpus names most (basis "corpus"), or
stays. The store replaces their readings before fusion.

The per-document stages stay pure: the prior is one more loaded resource for the second
reading, like the gazetteer; nothing of the first reading is kept but what is stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from truceline.models import DocumentResult, Place
from truceline.understand.places.namesakes import NAMESAKE_BASIS, CorpusPrior, could_move

if TYPE_CHECKING:
    from truceline.run.pipeline import Pipeline
    from truceline.store import Store

# Inputs looked at again in one run at most (their ids are kept while the run goes on;
# their bytes are read back from the store).
MAX_SECOND_LOOK = 50_000


@dataclass(slots=True)
class CorpusGeography:
    placing: Counter[str] = field(default_factory=Counter)  # country → documents placing
    confirming: Counter[str] = field(default_factory=Counter)  # ... and confirming it
    # (country, admin-1 area) → documents placing something there
    areas: Counter[tuple[str, str]] = field(default_factory=Counter)
    # sha256 of each input with a guess (in the order read) → each of its guesses: (the
    # name as written, the country, the admin-1 area chosen)
    guesses: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def add(self, result: DocumentResult) -> None:
        guessed: list[tuple[str, str, str]] = []
        for _, mentions in result.mentions:
            names: dict[str, set[str]] = {}  # country → the names of its places
            areas: set[str] = set()  # countries named themselves or by a province
            provinces: set[tuple[str, str]] = set()
            for m in mentions:
                place = m.value
                if m.kind != "place" or not isinstance(place, Place) or not place.country:
                    continue
                if place.basis == NAMESAKE_BASIS:
                    guessed.append((m.text, place.country, place.admin1 or ""))
                    continue
                names.setdefault(place.country, set()).add(place.name)
                if place.precision in ("country", "admin1"):
                    areas.add(place.country)
                if place.admin1:
                    provinces.add((place.country, place.admin1))
            # a document confirms a country when it names the country, one of its
            # provinces, or two of its places: one lone town in a text that says nothing
            # else ("blocked the el Marj road") only places something there
            self.placing.update(names.keys())
            self.areas.update(provinces)
            self.confirming.update(
                cc for cc, found in names.items() if cc in areas or len(found) > 1
            )
        if guessed and len(self.guesses) < MAX_SECOND_LOOK:
            self.guesses[result.raw.sha256] = guessed


def second_look(
    geography: CorpusGeography,
    store: Store,
    pipeline: Callable[[], Pipeline],
    *,
    batch_size: int = 16,
) -> tuple[int, int]:
    """Read the guessed inputs again with the corpus's counts as prior and store the new
    readings. `pipeline` gives a loaded pipeline (called only if there is anything to
    read). Returns (inputs read again, events those readings hold minus the first's)."""
    if not geography.guesses or not geography.placing:
        return 0, 0
    from truceline.run.executors import process_inputs

    base = pipeline()
    prior = CorpusPrior(dict(geography.placing), dict(geography.confirming), dict(geography.areas))
    second = replace(base, resources=replace(base.resources, country_prior=prior))
    # only the inputs with a guess the corpus's counts can move are worth a second parse
    index = base.resources.gazetteer.index
    movable = [
        sha
        for sha, guesses in geography.guesses.items()
        if any(could_move(index, *guess, prior) for guess in guesses)
    ]
    read, delta = 0, 0
    for start in range(0, len(movable), batch_size):
        shas = movable[start : start + batch_size]
        raws = [raw for sha in shas if (raw := store.raw_input(sha)) is not None]
        results = [r for r in process_inputs(second, raws) if isinstance(r, DocumentResult)]
        replaced, removed = store.replace_readings(results)
        read += replaced
        delta += sum(len(r.events) for r in results) - removed
    return read, delta

"""Understand: one spaCy pass over a document body, plus gazetteer, actor-table and date
rules around it, giving an `Analysis` (sentences and typed mentions).

The small English model mislabels this domain ("Homs" as ORG, "Jabhat al-Nusra" as
PERSON), so its entities are only hints: places come from the gazetteer, actors from
the actor table, dates from our own normaliser. Pure given the loaded resources.

Subpackages and modules: `nlp` (loading spaCy, the attribute ruler), `select` (the
selective parse: full parse only where an extractor will read it), `dates/`, `places/`
(gazetteer, finder, resolver), `actors/` (the actor table and its matcher), `outlets`.

May import: the ground floor and `lexicons` (the selective parse keeps the sentences a
pattern can match); never `extract`, `store` or anything above. A user's gazetteer rows
come in as `Resources.load(extra_places=...)`, read from the store by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from truceline.models import Analysis, DateValue, Document, Mention, Place, Sentence
from truceline.relevance import RelevanceModel
from truceline.relevance import load_model as load_relevance
from truceline.relevance.model import POLITICAL, VIOLENT
from truceline.understand.actors import ActorTable
from truceline.understand.dates import estimate_publication, find_dates
from truceline.understand.places import Gazetteer
from truceline.understand.places.context import ends_in_place_noun
from truceline.understand.places.gazetteer import GazetteerEntry
from truceline.understand.places.namesakes import CorpusPrior

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ENTITY_HINTS = {"GPE", "LOC", "FAC", "ORG", "NORP", "PERSON"}


@dataclass(frozen=True, slots=True)
class Resources:
    """What the understand and extract stages need loaded, once per process."""

    nlp: Language
    gazetteer: Gazetteer
    actors: ActorTable
    relevance: RelevanceModel | None = None  # None: every page and sentence is parsed
    # what the corpus being read says of countries (`run.geography`'s second look): it
    # settles place names that nothing in their own document decides; None on a first read
    country_prior: CorpusPrior | None = None

    @classmethod
    def load(
        cls,
        *,
        actors_file: Path | None = None,
        extra_places: Iterable[GazetteerEntry] = (),
        relevance: bool = True,
    ) -> Resources:
        """Load the model and tables; `extra_places` are entries a user added to the
        gazetteer (`truceline gazetteer load`, read by `store.user_gazetteer`);
        `relevance` loads the relevance model (off: everything is parsed and read)."""
        from truceline.understand.nlp import load_nlp

        return cls(
            nlp=load_nlp(),
            gazetteer=Gazetteer.default(tuple(extra_places)),
            actors=ActorTable.default(actors_file),
            relevance=load_relevance() if relevance else None,
        )


def anchor_for(document: Document) -> tuple[DateValue | None, str]:
    """The date relative expressions hang on, and how it was obtained."""
    if document.published is not None and document.published.precision == "day":
        return document.published, "anchored"
    estimate = estimate_publication(document.body)
    if estimate is not None:
        return estimate, "estimated"
    return document.published, "anchored"


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Where an actor and a place claim the same span, the longer wins; on a tie the actor
    does ("Syrian Arab Army" is not the place Syria; "Homs" alone is a place)."""
    priority = {"date": 0, "actor": 1, "person": 1, "place": 2, "count": 3}

    # a name only spaCy calls a person ("Minas Gerais" after "in Montes Claros, ") gives
    # way to a place the gazetteer resolved for the same span
    places = {
        (m.start, m.end)
        for m in mentions
        if m.kind == "place" and isinstance(m.value, Place) and m.value.resolved
    }

    def rank(m: Mention) -> int:
        hinted = m.kind == "person" and m.value is None
        return 4 if hinted and (m.start, m.end) in places else priority.get(m.kind, 9)

    # nor does a "person" that is a resolved place and a place noun ("Rakhine State")
    mentions = [m for m in mentions if not _place_with_noun(m, places)]

    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), rank(m), m.start))
    taken: list[tuple[int, int]] = []
    kept: list[Mention] = []
    for m in ordered:
        if any(m.start < e and s < m.end for s, e in taken):
            continue
        taken.append((m.start, m.end))
        kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _place_with_noun(m: Mention, places: set[tuple[int, int]]) -> bool:
    """A name only spaCy calls a person that is a placed name and a place noun ("Rakhine
    State", "Sittwe District")."""
    return (
        m.kind == "person"
        and m.value is None
        and ends_in_place_noun(m.text)
        and any(s == m.start and e < m.end for s, e in places)
    )


def analyse(
    document: Document, resources: Resources, sdoc: Doc | None = None
) -> tuple[Analysis, Doc]:
    """The document's mentions and sentences; `sdoc`: its body already through
    `resources.nlp` (a batch parsed together), else parsed here."""
    text = document.body
    if sdoc is None:
        sdoc = resources.nlp(text)
    ents = [(e.start_char, e.end_char, e.label_) for e in sdoc.ents if e.label_ in ENTITY_HINTS]
    anchor, basis = anchor_for(document)
    mentions: list[Mention] = []
    mentions += find_dates(text, anchor, anchor_basis=basis)
    places = resources.gazetteer.find(text, ents, resources.country_prior)
    countries = frozenset(
        m.value.country for m in places if isinstance(m.value, Place) and m.value.country
    )
    mentions += resources.actors.find(text, ents, countries)
    mentions += places
    model = resources.relevance
    sentences = tuple(
        Sentence(s.start_char, s.end_char, *_topics(model, s.text)) for s in sdoc.sents
    )
    page = f"{document.title}\n{text}" if document.title else text
    analysis = Analysis(
        document=document,
        anchor=anchor,
        sentences=sentences,
        mentions=tuple(_without_overlaps(mentions)),
        **_page_topics(model, page),
    )
    return analysis, sdoc


def _page_topics(model: RelevanceModel | None, page: str) -> dict[str, float | None]:
    """The page's violence and politics (`RelevanceModel`), read from one scoring; None
    for both when the relevance model is off."""
    if model is None:
        return {"violence": None, "politics": None}
    probs = model.probabilities(page)
    return {
        "violence": round(model.share(probs, VIOLENT), 4),
        "politics": round(model.share(probs, POLITICAL), 4),
    }


def _topics(model: RelevanceModel | None, text: str) -> tuple[float | None, float | None]:
    """The text's relevance and violence (`RelevanceModel`), read from one scoring, or
    None for both when the relevance model is off."""
    if model is None:
        return None, None
    probs = model.probabilities(text)
    return round(model.relevance_of(probs), 4), round(model.share(probs, VIOLENT), 4)

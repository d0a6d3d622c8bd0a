"""The agreement lexicon: trigger phrases, key-date cues and provision categories, read
from ``data/provisions.yaml`` once per process, and a small phrase matcher over spaCy
tokens.

A phrase is a sequence of elements; an element matches a token when the token's lemma or
lower-case text is one of its words; ``...`` is a gap of up to `MAX_GAP` tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from truceline.errors import DataError
from truceline.lexicons.events import match_pattern

if TYPE_CHECKING:
    from spacy.tokens import Token

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "data" / "provisions.yaml"
GAP = "..."
# A gap of at most four tokens ("halt all their attacks", "separate themselves completely
# from"), one less than the event lexicon's: agreement cues are read inside one clause.
MAX_GAP = 4

Element = frozenset[str] | str
Phrase = tuple[Element, ...]


def parse_phrase(text: str) -> Phrase:
    return tuple(
        GAP if part == GAP else frozenset(part.lower().split("|")) for part in text.split()
    )


def keys(token: Token) -> tuple[str, str]:
    return token.lemma_.lower(), token.lower_


def match_at(
    phrase: Phrase,
    tokens: Sequence[Token],
    start: int,
    token_keys: Sequence[tuple[str, str]] | None = None,
) -> tuple[int, ...] | None:
    """Indices (into `tokens`) matched by `phrase` starting at `start`, gaps excluded."""
    token_keys = token_keys if token_keys is not None else [keys(t) for t in tokens]
    return match_pattern(phrase, token_keys, start, max_gap=MAX_GAP)


@lru_cache(maxsize=64)
def _first_words(phrases: tuple[Phrase, ...]) -> dict[str, tuple[int, ...]]:
    """Word → numbers of the phrases that can start with it (a look-up, not a scan)."""
    index: dict[str, list[int]] = {}
    for n, phrase in enumerate(phrases):
        first = phrase[0]
        if isinstance(first, frozenset):
            for word in first:
                index.setdefault(word, []).append(n)
    return {w: tuple(ns) for w, ns in index.items()}


def find_all(
    phrases: tuple[Phrase, ...],
    tokens: Sequence[Token],
    token_keys: Sequence[tuple[str, str]] | None = None,
) -> list[tuple[int, tuple[int, ...]]]:
    """(phrase number, matched indices) for every match of any phrase, in text order; the
    cost grows with the sentence, not with the number of phrases. Callers matching many
    phrase lists over one sentence pass `token_keys` (from `keys`) computed once."""
    index = _first_words(phrases)
    token_keys = token_keys if token_keys is not None else [keys(t) for t in tokens]
    found: list[tuple[int, tuple[int, ...]]] = []
    for i, (lemma, lower) in enumerate(token_keys):
        starts = (
            index.get(lemma, ()) + index.get(lower, ()) if lemma != lower else index.get(lemma, ())
        )
        for n in sorted(set(starts)):
            hit = match_at(phrases[n], tokens, i, token_keys)
            if hit:
                found.append((n, hit))
    return found


@dataclass(frozen=True, slots=True)
class ProvisionCues:
    category: str
    cues: tuple[Phrase, ...]
    weak: tuple[Phrase, ...]


@dataclass(frozen=True, slots=True)
class AgreementLexicon:
    triggers: tuple[tuple[Phrase, str, bool], ...]  # (phrase, kind, needs an agreement noun)
    heads: frozenset[str]
    kind_modifiers: dict[str, str]
    anaphors: frozenset[str]
    past_markers: frozenset[str]
    current_markers: frozenset[str]
    other_markers: frozenset[str]
    irrealis_verbs: frozenset[str]
    key_dates: dict[str, frozenset[str]]
    effective_phrases: tuple[Phrase, ...]
    lasting_words: frozenset[str]
    guarantor_suffixes: frozenset[str]
    guarantor_words: frozenset[str]
    guarantor_verbs: frozenset[str]
    party_verbs: frozenset[str]
    demonyms: dict[str, str]
    guarantor_kinds: frozenset[str]
    excludable_kinds: frozenset[str]
    exclusion_phrases: tuple[Phrase, ...]
    provisions: tuple[ProvisionCues, ...]
    status_cues: dict[str, tuple[Phrase, ...]]
    terms_verbs: frozenset[str]

    def role_of(self, lemma: str) -> str | None:
        """The key date a cue word gives: signed | effective | extended | ends."""
        for role in ("extended", "ends", "effective", "signed"):
            if lemma in self.key_dates[role]:
                return role
        return None


def _words(data: dict[str, Any], name: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(name) or ())


def _phrases(items: Any) -> tuple[Phrase, ...]:
    return tuple(parse_phrase(str(p)) for p in items or ())


def build(data: dict[str, Any], source: str = "provisions.yaml") -> AgreementLexicon:
    try:
        triggers = tuple(
            (parse_phrase(m), str(t.get("kind") or ""), bool(t.get("needs_head")))
            for t in data["triggers"]
            for m in ([t["match"]] if isinstance(t["match"], str) else t["match"])
        )
        provisions = tuple(
            ProvisionCues(str(name), _phrases(spec.get("cues")), _phrases(spec.get("weak")))
            for name, spec in data["provisions"].items()
        )
        return AgreementLexicon(
            triggers=triggers,
            heads=_words(data, "heads"),
            kind_modifiers={
                str(k).lower(): str(v) for k, v in (data.get("kind_modifiers") or {}).items()
            },
            anaphors=_words(data, "anaphors"),
            past_markers=_words(data, "past_markers"),
            current_markers=_words(data, "current_markers"),
            other_markers=_words(data, "other_markers"),
            irrealis_verbs=_words(data, "irrealis_verbs"),
            key_dates={k: frozenset(str(w) for w in v) for k, v in data["key_dates"].items()},
            effective_phrases=_phrases(data.get("effective_phrases")),
            lasting_words=_words(data, "lasting_words"),
            guarantor_suffixes=_words(data, "guarantor_suffixes"),
            guarantor_words=_words(data, "guarantor_words"),
            guarantor_verbs=_words(data, "guarantor_verbs"),
            party_verbs=_words(data, "party_verbs"),
            demonyms={str(k).lower(): str(v) for k, v in (data.get("demonyms") or {}).items()},
            guarantor_kinds=_words(data, "guarantor_kinds"),
            excludable_kinds=_words(data, "excludable_kinds"),
            exclusion_phrases=_phrases(data.get("exclusion_phrases")),
            provisions=provisions,
            status_cues={k: _phrases(v) for k, v in (data.get("status_cues") or {}).items()},
            terms_verbs=_words(data, "terms_verbs"),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"{source}: missing or malformed section ({exc})") from exc


@lru_cache(maxsize=4)
def load_lexicon(path: Path = DEFAULT_FILE) -> AgreementLexicon:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping at the top level")
    return build(data, str(path))

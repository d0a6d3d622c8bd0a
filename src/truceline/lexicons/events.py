"""The event lexicon: trigger patterns, ACLED refinement rules and cue lists, read from
``data/event_lexicon.yaml`` and compiled once per process.

A pattern element matches a token when the token's lemma or its lower-case text is one
of the element's words; ``*`` is any one token and ``...`` a gap of up to `MAX_GAP`
tokens. Matching is a dictionary look-up on the first element, so its cost grows with
the sentence, not with the size of the lexicon.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from truceline.errors import DataError

# A gap of at most five tokens ("reach a new comprehensive agreement", "lifted Friday a
# day-old blockade": spaCy splits hyphens): long enough for a determiner and two
# modifiers, short enough not to join words of different clauses (PLOVER dev sentences).
MAX_GAP = 5
ANY = "*"
GAP = "..."


def wordset(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and extend)."""
    return frozenset(text.split())


# Verbs that report speech: the attribution reads their subject, the selective parse
# keeps their sentences (a speaker can be named there).
REPORTING_VERBS = wordset(
    "say tell report reveal claim state announce confirm add note stress explain allege "
    "assert quote cite believe estimate indicate write mention point acknowledge admit "
    "affirm argue inform declare insist emphasize emphasise suggest show learn"
)

DEFAULT_LEXICON = Path(__file__).resolve().parents[1] / "data" / "event_lexicon.yaml"

PLOVER_TYPES = wordset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT CRIME"
)
ACLED_LABELS = wordset(
    "ABDUCT_DISSAP AGREEMENT AIR_STRIKE ARMED_CLASH ARREST ART_MISS_ATTACK ATTACK ATTRIB "
    "CHANGE_TO_GROUP_ACT CHEM_WEAP DIPLO DISR_WEAP FORCE_AGAINST_PROTEST "
    "GOV_REGAINS_TERIT GRENADE HQ_ESTABLISHED MAN_MADE_DISASTER MOB_VIOL NATURAL_DISASTER "
    "NON_STATE_ACTOR_OVERTAKES_TER NON_VIOL_TERRIT_TRANSFER ORG_CRIME OTHER PEACE_PROTEST "
    "PROPERTY_DISTRUCT PROTEST_WITH_INTER REM_EXPLOS SEX_VIOL SUIC_BOMB VIOL_DEMONSTR"
)

Element = frozenset[str] | str  # a set of words, or ANY / GAP
Pattern = tuple[Element, ...]
Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: what a match means and the conditions it must meet."""

    patterns: tuple[Pattern, ...]
    type: str
    mode: str
    acled: str | None
    head: int = 0
    pos: str = ""  # "V", "N" or "" for either
    cls: str = ""
    subj: frozenset[str] = frozenset()
    obj: frozenset[str] = frozenset()
    not_near: frozenset[str] = frozenset()
    # the head's object must have none of these lemmas ("visited the hospital" is no
    # consultation, "met the train" no meeting)
    obj_none: frozenset[str] = frozenset()
    # the head's subject must have none of these lemmas: what a law, the weather or a
    # truce "allows" is no one's concession
    subj_none: frozenset[str] = frozenset()
    # the complement clause must have a subject of its own: "want them to leave" asks
    # something of others; "want to leave" is the speaker's own intent
    own_subject: bool = False
    # the head must take no object and no clause: "demonstrated outside the embassy" is
    # a protest, "demonstrated the rebels' reach" or "demonstrated how ..." shows something
    intransitive: bool = False
    of_agent: bool = False
    weak: bool = False
    absorbs: bool = False
    plural: bool = False
    anchored: bool = False
    intent: bool = False
    needs: tuple[Phrase, ...] = ()  # the sentence must have one of these
    unless: tuple[Phrase, ...] = ()  # ... and none of these
    label: str = ""  # the first pattern as written, for explanations


@dataclass(frozen=True, slots=True)
class AcledRule:
    types: frozenset[str]
    classes: frozenset[str]
    groups: tuple[tuple[Phrase, ...], ...]  # every group must have one phrase present
    none: tuple[Phrase, ...]
    actor: str  # the agent's side: "state" | "nonstate" | "unarmed" (neither) | "" (any)
    target: frozenset[str]  # the event's object must have one of these words
    target_none: frozenset[str]  # ... and none of these
    agent: frozenset[str]  # the agent's phrase must have one of these words
    sentence: bool  # cues are looked for in the whole sentence, not the event's clause
    acled: str
    mode: str | None
    # cues are looked for in the sentence and the next ones of its paragraph (what a
    # report says next about the same event: "Police intervened.")
    context: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """A trigger found in a sentence: token indices (into the sentence) it covers."""

    trigger: Trigger
    tokens: tuple[int, ...]
    head: int


@dataclass(frozen=True, slots=True)
class Lexicon:
    by_first: dict[str, tuple[tuple[Trigger, Pattern], ...]]
    rules: tuple[AcledRule, ...]
    state_words: frozenset[str]
    nonstate_words: frozenset[str]
    disaster_cues: tuple[tuple[str, tuple[Phrase, ...]], ...]
    violent_agent_cues: tuple[Phrase, ...]
    non_conflict_cues: tuple[tuple[str, tuple[Phrase, ...]], ...]
    # words that make a meeting or a statement a matter between states or with an
    # international body (ACLED's and CASE-2021's diplomatic event)
    diplomatic_cues: tuple[Phrase, ...] = ()

    def find(self, keys: Sequence[tuple[str, str]]) -> list[Match]:
        """All pattern matches over a sentence given each token's (lemma, lower text);
        overlapping ones included (the caller resolves them once conditions are checked)."""
        found: list[Match] = []
        for i, pair in enumerate(keys):
            seen: set[int] = set()
            for key in set(pair):
                for trigger, pattern in self.by_first.get(key, ()):
                    if id(pattern) in seen:
                        continue
                    seen.add(id(pattern))
                    hit = match_pattern(pattern, keys, i)
                    if hit is not None:
                        at = hit[-1] if trigger.head < 0 else hit[min(trigger.head, len(hit) - 1)]
                        found.append(Match(trigger, hit, at))
        return found


def match_pattern(
    pattern: Pattern, keys: Sequence[tuple[str, str]], start: int, *, max_gap: int = MAX_GAP
) -> tuple[int, ...] | None:
    """Token indices matched by `pattern` starting at `start` (gap tokens excluded), over
    each token's (lemma, lower text). Shared by the event and agreement lexicons."""

    def step(p: int, t: int, acc: tuple[int, ...]) -> tuple[int, ...] | None:
        if p == len(pattern):
            return acc
        element = pattern[p]
        if element == GAP:
            for skip in range(max_gap + 1):
                got = step(p + 1, t + skip, acc)
                if got is not None:
                    return got
            return None
        if t >= len(keys):
            return None
        if element == ANY or (
            isinstance(element, frozenset) and (keys[t][0] in element or keys[t][1] in element)
        ):
            return step(p + 1, t + 1, acc + (t,))
        return None

    return step(0, start, ())


class SentenceCues:
    """The words of one sentence, for cue look-ups ("tear gas", "suicide bomber")."""

    __slots__ = ("keys", "words")

    def __init__(self, keys: Sequence[tuple[str, str]]) -> None:
        self.keys = keys
        self.words = {w for pair in keys for w in pair}

    def has(self, phrase: Phrase) -> bool:
        if phrase[0] not in self.words:
            return False
        if len(phrase) == 1:
            return True
        if not all(w in self.words for w in phrase[1:]):
            return False
        n = len(phrase)
        for i in range(len(self.keys) - n + 1):
            if all(phrase[j] in self.keys[i + j] for j in range(n)):
                return True
        return False

    def any(self, phrases: Iterable[Phrase]) -> bool:
        return any(self.has(p) for p in phrases)


def _phrase(text: str) -> Phrase:
    return tuple(str(text).lower().split())


def _compile_pattern(text: str) -> Pattern:
    elements: list[Element] = []
    for part in text.lower().split():
        if part in (ANY, GAP):
            elements.append(part)
        else:
            elements.append(frozenset(part.split("|")))
    if not elements or not isinstance(elements[0], frozenset):
        raise DataError(f"event lexicon: pattern must start with a word: {text!r}")
    return tuple(elements)


def _trigger(entry: dict[str, Any]) -> Trigger:
    raw = entry.get("match")
    texts = [raw] if isinstance(raw, str) else list(raw or [])
    if not texts:
        raise DataError(f"event lexicon: trigger without match: {entry!r}")
    ttype = str(entry.get("type", ""))
    if ttype not in PLOVER_TYPES:
        raise DataError(f"event lexicon: unknown PLOVER type {ttype!r} in {entry!r}")
    acled = entry.get("acled")
    if acled is not None and acled not in ACLED_LABELS:
        raise DataError(f"event lexicon: unknown ACLED label {acled!r} in {entry!r}")
    patterns = tuple(_compile_pattern(t) for t in texts)
    hyphenated = any(frozenset({"-"}) in p for p in patterns)
    return Trigger(
        patterns=patterns,
        type=ttype,
        mode=str(entry.get("mode") or ""),
        acled=acled,
        head=int(entry.get("head", -1 if hyphenated else 0)),
        pos=str(entry.get("pos", "")),
        cls=str(entry.get("class", "")),
        subj=frozenset(str(w).lower() for w in entry.get("subj", ())),
        obj=frozenset(str(w).lower() for w in entry.get("obj", ())),
        not_near=frozenset(str(w).lower() for w in entry.get("not_near", ())),
        obj_none=frozenset(str(w).lower() for w in entry.get("obj_none", ())),
        subj_none=frozenset(str(w).lower() for w in entry.get("subj_none", ())),
        own_subject=bool(entry.get("own_subject", False)),
        intransitive=bool(entry.get("intransitive", False)),
        of_agent=entry.get("of") == "agent",
        weak=bool(entry.get("weak", False)),
        absorbs=bool(entry.get("absorbs", False)),
        plural=bool(entry.get("plural", False)),
        anchored=bool(entry.get("anchored", False)),
        intent=bool(entry.get("intent", False)),
        needs=tuple(_phrase(w) for w in entry.get("needs", ())),
        unless=tuple(_phrase(w) for w in entry.get("unless", ())),
        label=texts[0],
    )


def _rule(entry: dict[str, Any]) -> AcledRule:
    acled = str(entry.get("acled", ""))
    if acled not in ACLED_LABELS:
        raise DataError(f"event lexicon: unknown ACLED label in rule {entry!r}")
    return AcledRule(
        types=frozenset(entry.get("types", ())),
        classes=frozenset(entry.get("classes", ())),
        groups=tuple(tuple(_phrase(c) for c in group) for group in entry.get("all", ())),
        none=tuple(_phrase(c) for c in entry.get("none", ())),
        actor=str(entry.get("actor", "")),
        target=frozenset(str(w).lower() for w in entry.get("target", ())),
        target_none=frozenset(str(w).lower() for w in entry.get("target_none", ())),
        agent=frozenset(str(w).lower() for w in entry.get("agent", ())),
        sentence=bool(entry.get("sentence", False)),
        acled=acled,
        mode=entry.get("mode"),
        context=bool(entry.get("context", False)),
    )


def _cue_table(raw: dict[str, Any]) -> tuple[tuple[str, tuple[Phrase, ...]], ...]:
    return tuple((str(label), tuple(_phrase(c) for c in cues)) for label, cues in raw.items())


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build a `Lexicon` from the YAML document's mapping; DataError when malformed."""
    try:
        triggers = [_trigger(e) for e in data["triggers"]]
        rules = tuple(_rule(r) for r in data.get("acled_rules", ()))
        index: dict[str, list[tuple[Trigger, Pattern]]] = {}
        for trig in triggers:
            for pattern in trig.patterns:
                first = pattern[0]
                assert isinstance(first, frozenset)
                for word in first:
                    index.setdefault(word, []).append((trig, pattern))
        return Lexicon(
            by_first={k: tuple(v) for k, v in index.items()},
            rules=rules,
            state_words=frozenset(str(w).lower() for w in data.get("state_words", ())),
            nonstate_words=frozenset(str(w).lower() for w in data.get("nonstate_words", ())),
            disaster_cues=_cue_table(data.get("disaster_cues", {})),
            violent_agent_cues=tuple(_phrase(c) for c in data.get("violent_agent_cues", ())),
            non_conflict_cues=_cue_table(data.get("non_conflict_cues", {})),
            diplomatic_cues=tuple(_phrase(c) for c in data.get("diplomatic_cues", ())),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataError(f"event lexicon: {exc}") from exc


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> Lexicon:
    """The packaged lexicon, or one at `path` (a user's extended copy)."""
    try:
        text = Path(path or DEFAULT_LEXICON).read_text("utf-8")
        # the C loader where PyYAML has it: the lexicon loads in ~0.05 s instead of ~0.5 s
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"event lexicon {path or 'event_lexicon.yaml'}: {exc}") from exc
    if not isinstance(data, dict):
        raise DataError("event lexicon: top level must be a mapping")
    return parse_lexicon(data)

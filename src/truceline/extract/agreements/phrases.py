"""Finding the expressions that name an agreement in a sentence ("a Russian-backed ceasefire
agreement", "the deal", "the Southern Idlib truce", "the document") and reading what their
own words say: kind, name, determiner, and markers of an older, generic or wished-for deal.

A trigger word inside an actor's name ("Russian Center for Reconciliation") is not an
agreement; a trigger word that only modifies another noun ("ceasefire violations",
"reconciliation process") is not one either, unless that noun can itself name an agreement
("ceasefire agreement", "de-escalation zone").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from truceline.extract.agreements.parse import NOUN_POS, ancestors, governor, irrealis
from truceline.lexicons.agreements import AgreementLexicon, find_all
from truceline.models import Mention, Place

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their"})
INDEFINITE = frozenset({"a", "an", "another"})
MODIFIER_DEPS = frozenset(
    {"amod", "compound", "nmod", "poss", "det", "nummod", "npadvmod", "quantmod"}
)
# How far a trigger word may sit before the noun it modifies and still be read as part of
# that noun's name ("the de - escalation agreement" spans four tokens with the hyphen and
# quotes); set on the seeds' phrases, all within 4.
MAX_MODIFIER_SPAN = 4
NAME_POS = frozenset({"PROPN", "NOUN", "ADJ"})
# Written in lower case, but part of a deal's name before a place: "southwest Syria".
DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
    | {"northeast", "northwest", "southeast", "southwest", "central", "upper", "lower"}
    | {"northeastern", "northwestern", "southeastern", "southwestern"}
)
KIND_RANK = {
    "de-escalation": 4,
    "evacuation": 3,
    "reconciliation": 3,
    "settlement": 2,
    "truce": 1,
    "ceasefire": 1,
    "": 0,
}


@dataclass(frozen=True, slots=True)
class AgreementPhrase:
    head: Token
    tokens: tuple[int, ...]  # document token indices of the phrase's own words
    kind: str
    anaphor: bool  # "the document", "the text": refers back, never introduces
    definite: bool
    indefinite: bool
    past: bool  # an older, generic or plural agreement ("previous ceasefires")
    current: bool  # "the current", "the latest", "the original"
    other: bool  # "a separate deal", "another truce": never the one talked about
    irrealis: bool  # wished for or proposed ("to accept a full reconciliation agreement")
    name: str | None
    proper: tuple[str, ...]  # lower-case proper words of the name
    descriptors: tuple[str, ...]  # actor ids named by demonyms ("Turkish-Russian truce")
    backers: tuple[str, ...]  # actor ids of "<X>-backed" / "-brokered" modifiers
    places: tuple[Place, ...]  # places named inside the phrase ("Southern Idlib truce")

    @property
    def start(self) -> int:
        return self.head.doc[min(self.tokens)].idx


def _blocked(sent: Span, actors: Sequence[Mention]) -> set[int]:
    """Tokens inside actor names: "Reconciliation" in "Russian Center for Reconciliation"."""
    out: set[int] = set()
    for t in sent:
        if any(m.start <= t.idx < m.end for m in actors):
            out.add(t.i)
    return out


def _trigger_hits(
    sent: Span, lex: AgreementLexicon, blocked: set[int]
) -> list[tuple[tuple[int, ...], str, bool]]:
    tokens = list(sent)
    hits: list[tuple[tuple[int, ...], str, bool]] = []
    for n, hit in find_all(tuple(p for p, _, _ in lex.triggers), tokens):
        _, kind, needs_head = lex.triggers[n]
        # inside an actor's name only when the whole trigger is: "Center for Reconciliation"
        # is a name, "The regime of silence" is not the Syrian regime
        if not all(tokens[j].i in blocked for j in hit):
            hits.append((tuple(tokens[j].i for j in hit), kind, needs_head))
    hits.sort(key=lambda h: (-len(h[0]), h[0][0]))
    taken: set[int] = set()
    kept = []
    for found in hits:
        if taken.isdisjoint(found[0]):
            kept.append(found)
            taken.update(found[0])
    return kept


def _phrase_head(token: Token, lex: AgreementLexicon, triggers: set[int]) -> Token | None:
    """The noun that carries the phrase: the trigger itself, or the agreement-like noun it
    modifies ("ceasefire" → "agreement"); None for "ceasefire violations"."""
    head = token
    while head.dep_ in MODIFIER_DEPS | {"punct"} and head.head.i > head.i:
        nxt = head.head
        if nxt.i - token.i > MAX_MODIFIER_SPAN:
            break
        if nxt.lemma_.lower() in lex.heads or nxt.i in triggers:
            head = nxt
            continue
        if head.dep_ in ("compound", "nmod") and nxt.pos_ in NOUN_POS:
            return None  # "reconciliation process", "ceasefire violations"
        break
    return head if head.pos_ in NOUN_POS else None


def _in_proper_name(head: Token) -> bool:
    """ "Center for Reconciliation" where the actor table missed the name: a capitalised
    trigger under a capitalised noun by "for"/"of" is part of a name."""
    if not head.is_title or head.dep_ != "pobj" or head.head.lower_ not in ("for", "of"):
        return False
    owner = head.head.head
    return (
        owner.is_title and owner.pos_ in NOUN_POS and owner.lemma_.lower() not in ("text", "terms")
    )


def _modifiers(head: Token) -> list[Token]:
    out: list[Token] = []
    for c in head.children:
        if c.i < head.i and c.dep_ in MODIFIER_DEPS | {"punct"}:
            out += list(c.subtree)
    return sorted(out, key=lambda t: t.i)


def _determiner(head: Token, mods: list[Token]) -> tuple[bool, bool]:
    dets = [t.lower_ for t in mods if t.dep_ in ("det", "poss") or t.tag_ in ("PRP$", "POS")]
    definite = any(d in DEFINITE for d in dets) or any(t.dep_ == "poss" for t in mods)
    indefinite = any(d in INDEFINITE for d in dets)
    return definite, indefinite


def _names(
    head: Token, mods: list[Token], lex: AgreementLexicon
) -> tuple[list[Token], list[str], list[str]]:
    """(proper-name tokens, demonym actor ids, backer actor ids) among the modifiers."""
    proper: list[Token] = []
    descriptors: list[str] = []
    backers: list[str] = []
    for i, t in enumerate(mods):
        low = t.lower_.rstrip(".")
        nxt = [m.lower_ for m in mods[i + 1 : i + 3]]
        if low in lex.demonyms or t.lower_ in lex.demonyms:
            target = lex.demonyms.get(t.lower_, lex.demonyms.get(low, ""))
            (backers if any(n in lex.guarantor_suffixes for n in nxt) else descriptors).append(
                target
            )
        elif (
            t.is_alpha
            and (t.is_title or t.is_upper)  # a name is written capitalised: "work zone" is none
            and (t.pos_ == "PROPN" or (t.i != head.sent.start and t.pos_ in NAME_POS))
        ):
            proper.append(t)
    if proper and head.is_title and head.i != head.sent.start:
        proper.append(head)
    return proper, descriptors, backers


def _name_text(head: Token, proper: list[Token], own: Sequence[int]) -> str | None:
    """The phrase from its first proper word to its last own word: the whole trigger, never
    a cut of it ("... Zone De-escalation" where the parser made "De" the head)."""
    if not proper:
        return None
    doc = head.doc
    start = min(t.i for t in proper)
    while start > head.sent.start and doc[start - 1].lower_ in DIRECTIONS:
        start -= 1  # "the southwest Syria ceasefire", never "Syria ceasefire"
    end = max(head.i, *own)
    while end + 2 < head.sent.end and doc[end + 1].text == "-" and doc[end + 2].is_alpha:
        end += 2  # a hyphenated word goes whole
    text = doc[start : end + 1].text
    return text.strip(" \"'“”‘’")


def _places_in(tokens: list[Token], places: Sequence[Mention]) -> tuple[Place, ...]:
    out = []
    for m in places:
        if isinstance(m.value, Place) and any(m.start <= t.idx < m.end for t in tokens):
            out.append(m.value)
    return tuple(out)


def _is_irrealis(head: Token, lex: AgreementLexicon) -> bool:
    verb = governor(head).verb
    return verb is not None and irrealis(verb, lex)


def _kind(head: Token, kinds: list[str], mods: list[Token], lex: AgreementLexicon) -> str:
    words = [t.lemma_.lower() for t in mods] + [head.lemma_.lower()]
    kinds = kinds + [lex.kind_modifiers[w] for w in words if w in lex.kind_modifiers]
    return max(kinds, key=lambda k: KIND_RANK.get(k, 0)) if kinds else ""


def _build(
    head: Token,
    idx: list[int],
    kinds: list[str],
    anaphor: bool,
    lex: AgreementLexicon,
    places: Sequence[Mention],
) -> AgreementPhrase:
    mods = _modifiers(head)
    words = {t.lower_ for t in mods} | {t.lemma_.lower() for t in mods}
    definite, indefinite = _determiner(head, mods)
    proper, descriptors, backers = _names(head, mods, lex)
    plural = head.tag_ in ("NNS", "NNPS") and not anaphor
    return AgreementPhrase(
        head=head,
        tokens=tuple(sorted(set(idx) | {head.i})),
        kind=_kind(head, kinds, mods, lex),
        anaphor=anaphor,
        definite=definite,
        indefinite=indefinite,
        past=bool(words & lex.past_markers) or plural,
        current=bool(words & lex.current_markers),
        other=bool(words & lex.other_markers),
        irrealis=_is_irrealis(head, lex),
        name=_name_text(head, proper, idx),
        proper=tuple(t.lower_ for t in proper if t.i != head.i),
        descriptors=tuple(d for d in descriptors if d),
        backers=tuple(b for b in backers if b),
        places=_places_in([*mods, head], places),
    )


def _anaphors(sent: Span, lex: AgreementLexicon, taken: set[int], blocked: set[int]) -> list[Token]:
    out = []
    for t in sent:
        if (
            t.i in taken
            or t.i in blocked
            or t.pos_ != "NOUN"
            or not {t.lemma_.lower(), t.lower_} & lex.anaphors
        ):
            continue
        if any(
            c.dep_ in ("det", "poss") and (c.lower_ in DEFINITE or c.dep_ == "poss")
            for c in t.children
        ):
            out.append(t)
    return out


def find_agreement_phrases(
    sent: Span, lex: AgreementLexicon, actors: Sequence[Mention], places: Sequence[Mention]
) -> list[AgreementPhrase]:
    """The agreement phrases of one sentence, in text order."""
    blocked = _blocked(sent, actors)
    hits = _trigger_hits(sent, lex, blocked)
    trigger_tokens = {i for idx, _, _ in hits for i in idx}
    doc = sent.doc
    grouped: dict[int, tuple[Token, list[int], list[str]]] = {}
    for idx, kind, needs_head in hits:
        top = min((doc[i] for i in idx), key=lambda t: sum(1 for _ in ancestors(t)))
        head = _phrase_head(top, lex, trigger_tokens)
        if (
            head is None
            or (head.i in blocked and head.i not in idx)
            or (needs_head and head.i in idx)
        ):
            continue
        if _in_proper_name(head):
            continue
        entry = grouped.setdefault(head.i, (head, [], []))
        entry[1].extend(idx)
        entry[2].append(kind)
    phrases = [_build(h, idx, kinds, False, lex, places) for h, idx, kinds in grouped.values()]
    taken = {i for p in phrases for i in p.tokens}
    phrases += [
        _build(t, [t.i], [], True, lex, places) for t in _anaphors(sent, lex, taken, blocked)
    ]
    return sorted(phrases, key=lambda p: p.head.i)

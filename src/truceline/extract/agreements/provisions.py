"""Provisions of an agreement in one sentence: the category (PA-X style), a short text
(the clause that states it), a deadline (a date in that clause that is no key date of the
agreement itself), and what the sentence says became of it:

    agreed       stated as a term ("the deal stipulates the release of detainees")
    implemented  reported as done ("two aid convoys took place under the deal")
    violated     reported as broken or refused ("the rebels broke the agreement")
    lapsed       reported as not done ("the road, due to reopen by 1 December, never did")
    negated      stated as not part of the deal ("will not be required to hand over any
                 weaponry")
    conditional  a term only if something happens ("if the rebels hand over their weapons")
    denied       said not to be in the deal ("denied that the deal includes evacuations")

The last three are terms the deal does not hold (or holds only on a condition); they are
never "agreed". "implemented", "violated" and "lapsed" need a clause that reports something
real: a past tense, no modal, not under a verb that states terms ("would refuse" in a
clause is still a term).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from truceline.extract.agreements.parse import (
    NOUN_POS,
    ancestors,
    children,
    conditional,
    governor,
    modal,
    negated,
    past_realis,
    tree_distance,
    under_terms,
    verb_like,
)
from truceline.lexicons.agreements import AgreementLexicon, Phrase, find_all, keys
from truceline.models import Actor, DateValue, Mention, Provision, Source

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Verbs a named armed group does in a provision that leaves it out of the deal: "HTS must
# leave", "drive out HTS", "would not strike Nusra until September 10".
EXCLUSION_VERBS = frozenset(
    [
        "leave",
        "withdraw",
        "expel",
        "drive",
        "pull",
        "separate",
        "exclude",
        "strike",
        "attack",
        "fight",
        "cover",
        "apply",
        "include",
        "protect",
        "target",
        "remove",
        "evacuate",
        "refuse",
        "reject",
        "dissociate",
    ]
)
DEADLINE_PRECISIONS = frozenset({"day", "week", "month"})  # not "in the middle of winter"
SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "announce",
        "report",
        "state",
        "add",
        "confirm",
        "warn",
        "claim",
        "note",
        "quote",
        "write",
        "issue",
        "stress",
        "emphasize",
        "emphasise",
        "insist",
        "reveal",
        "explain",
        "declare",
    ]
)
# A provision clause's text is the verb clause that states it when that clause is at most
# this many tokens, else the noun phrase; 30 tokens keeps "to reopen the M5 highway between
# Khan Shaykhun and Saraqib ... by December 1, 2019" whole (examples), and cuts a full
# sentence of terms down to its noun phrase.
MAX_CLAUSE_TOKENS = 30
MAX_TEXT_CHARS = 220
MIN_CLAUSE_WORDS = 3
CLAUSE_BREAKS = frozenset({",", ";", ".", ":", "—", "–", "(", ")"})
# A date belongs to the nearest provision in the tree if it is at most this many arcs away;
# "exchange detainees before November 1" is 2, "reopen ... by December 1" 2; 8 leaves room
# for a longer clause without reaching a second clause of the sentence (seeds, examples).
MAX_DEADLINE_DISTANCE = 8


@dataclass(frozen=True, slots=True)
class ProvisionHit:
    category: str
    anchor: Token
    tokens: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DatedToken:
    """A date mention of the sentence, its head token, and the key date it gives (if any)."""

    mention: Mention
    token: Token
    role: str | None
    cue: Token | None


def _matches(
    phrases: Sequence[Phrase],
    tokens: list[Token],
    token_keys: Sequence[tuple[str, str]] | None = None,
) -> list[tuple[int, ...]]:
    """Document token indices of every match of any of the phrases."""
    return [
        tuple(tokens[j].i for j in hit) for _, hit in find_all(tuple(phrases), tokens, token_keys)
    ]


def excluded_actors(
    sent: Span,
    lex: AgreementLexicon,
    actors: Sequence[Mention],
    token_keys: Sequence[tuple[str, str]] | None = None,
) -> list[tuple[Actor, Token]]:
    """Armed groups the sentence leaves out of the deal: a group of an excludable kind that
    is the object or subject of an exclusion verb, or in a sentence with an exclusion phrase."""
    tokens = list(sent)
    phrase_hit = bool(_matches(lex.exclusion_phrases, tokens, token_keys))
    out: list[tuple[Actor, Token]] = []
    for m in actors:
        actor = m.value
        if not isinstance(actor, Actor) or actor.kind not in lex.excludable_kinds:
            continue
        span = sent.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        verbs = [a for a in ancestors(span.root) if verb_like(a)][:3]
        if phrase_hit or any(v.lemma_.lower() in EXCLUSION_VERBS for v in verbs):
            out.append((actor, span.root))
    return out


_Owners = tuple[tuple[int, bool], ...]
_CUES: dict[int, tuple[AgreementLexicon, tuple[Phrase, ...], _Owners]] = {}


def _provision_cues(lex: AgreementLexicon) -> tuple[tuple[Phrase, ...], _Owners]:
    """Every category's cue and weak-cue phrases in one tuple, with each phrase's owner
    (category number, strong?): built once per lexicon."""
    cached = _CUES.get(id(lex))
    if cached is None or cached[0] is not lex:
        phrases: list[Phrase] = []
        owners: list[tuple[int, bool]] = []
        for number, spec in enumerate(lex.provisions):
            for strong, cues in ((True, spec.cues), (False, spec.weak)):
                phrases += cues
                owners += [(number, strong)] * len(cues)
        cached = _CUES[id(lex)] = (lex, tuple(phrases), tuple(owners))
    return cached[1], cached[2]


def provision_hits(
    sent: Span, lex: AgreementLexicon, actors: Sequence[Mention]
) -> list[ProvisionHit]:
    tokens = list(sent)
    token_keys = [keys(t) for t in tokens]  # once per sentence, not once per phrase list
    phrases, owners = _provision_cues(lex)
    # one pass for every category's cues; each list keeps its own matches in text order
    by_owner: dict[tuple[int, bool], list[tuple[int, ...]]] = {}
    for n, cue in find_all(phrases, tokens, token_keys):
        by_owner.setdefault(owners[n], []).append(tuple(tokens[j].i for j in cue))
    strong: list[ProvisionHit] = []
    weak: list[ProvisionHit] = []
    for number, spec in enumerate(lex.provisions):
        for idx in by_owner.get((number, True), ()):
            strong.append(ProvisionHit(spec.category, sent.doc[idx[0]], idx))
        for idx in by_owner.get((number, False), ()):
            weak.append(ProvisionHit(spec.category, sent.doc[idx[0]], idx))
    for _actor, token in excluded_actors(sent, lex, actors, token_keys):
        strong.append(ProvisionHit("excluded_groups", token, (token.i,)))
    hits = strong or weak
    first: dict[str, ProvisionHit] = {}
    for hit in sorted(hits, key=lambda h: h.anchor.i):
        first.setdefault(hit.category, hit)  # one provision per category and sentence
    return list(first.values())


def _top_noun(anchor: Token) -> Token:
    t = anchor
    while t.dep_ not in ("conj", "appos", "ROOT") and not verb_like(t.head) and t.head.i != t.i:
        if t.head.pos_ not in NOUN_POS and t.head.pos_ not in ("ADP", "ADJ", "NUM", "DET"):
            break
        t = t.head
    return t


def _clause(anchor: Token, lex: AgreementLexicon) -> Token:
    """The token whose subtree states the provision: its verb clause, else its noun phrase."""
    noun = anchor if verb_like(anchor) else _top_noun(anchor)
    verb = noun if verb_like(noun) else noun.head
    if verb_like(verb) and verb.lemma_.lower() not in lex.terms_verbs | SPEECH_VERBS:
        size = sum(1 for t in verb.subtree) - sum(
            len(list(c.subtree)) for c in children(verb, ("conj",))
        )
        if size <= MAX_CLAUSE_TOKENS:
            return verb
    return noun


def clause_text(anchor: Token, lex: AgreementLexicon) -> str:
    top = _clause(anchor, lex)
    cut = (
        {t.i for c in children(top, ("conj", "cc")) for t in c.subtree}
        if top.i != anchor.i
        else set()
    )
    if any(anchor.i == i for i in cut):
        cut = set()
    words = [t for t in top.subtree if t.i not in cut and not (t.dep_ == "punct" and t.i == top.i)]
    if len(words) < MIN_CLAUSE_WORDS:
        words = _linear(anchor)  # a bad parse left the cue alone ("movement")
    text = top.doc[words[0].i : words[-1].i + 1].text.strip(" ,;:.\"'“”‘’—–-")
    return text if len(text) <= MAX_TEXT_CHARS else text[: MAX_TEXT_CHARS - 1].rstrip() + "…"


def _linear(anchor: Token) -> list[Token]:
    """From the cue to the next clause break: "movement of residents into and out of the pocket"."""
    sent = anchor.sent
    words = [anchor]
    for t in sent[anchor.i - sent.start + 1 :]:
        if t.text in CLAUSE_BREAKS or len(words) >= MAX_CLAUSE_TOKENS:
            break
        words.append(t)
    return words


def _scope(anchor: Token, lex: AgreementLexicon) -> tuple[list[Token], Token | None]:
    noun = _top_noun(anchor)
    verb = next((a for a in [anchor, *ancestors(anchor)] if verb_like(a)), None)
    scope = list(noun.subtree)
    if verb is not None:
        scope += [
            verb,
            *[c for c in verb.children if c.dep_ in ("neg", "advmod", "aux", "auxpass", "prt")],
        ]
    return sorted(set(scope), key=lambda t: t.i), verb


def provision_status(anchor: Token, category: str, lex: AgreementLexicon) -> str:
    scope, verb = _scope(anchor, lex)
    real = verb is not None and not modal(verb) and not under_terms(verb, lex)

    def cue(name: str) -> bool:
        return bool(_matches(lex.status_cues.get(name, ()), scope))

    if (
        verb is not None
        and not modal(verb)
        and (cue("lapsed") or (negated(verb) and past_realis(verb)))
    ):
        return "lapsed"
    if real and cue("violated"):
        return "violated"
    if real and cue("refused"):
        return "violated" if category == "excluded_groups" else "disputed"
    if real and verb is not None and past_realis(verb) and not negated(verb):
        return "implemented"
    return _polarity(verb, category, lex) or "agreed"


# A provision's clause is read up to this many verbs above it for what frames it ("will not
# be required to hand over": two; "denied that the deal includes the evacuation": two).
POLARITY_CLIMB = 3
DENIAL_VERBS = frozenset({"deny", "dismiss", "refute", "rebut"})
# Categories whose terms are themselves negative: a ceasefire is "will not attack", an
# exclusion "does not apply to HTS"; a negation there states the term.
NEGATIVE_TERMS = frozenset({"ceasefire", "excluded_groups"})


def _polarity(verb: Token | None, category: str, lex: AgreementLexicon) -> str | None:
    """What a stated term is when it is not simply agreed: "denied" under a denial ("denied
    that the deal includes the evacuation of fighters"), "conditional" under if / unless
    ("if the rebels hand over their heavy weapons"), "negated" when the clause or what
    requires it is negated ("Rebels will not be required to hand over any weaponry or
    evacuate"). None for a plain term."""
    if verb is None:
        return None
    chain = [verb]
    for a in ancestors(verb):
        if len(chain) >= POLARITY_CLIMB or not verb_like(a):
            break
        chain.append(a)
    if any(a.lemma_.lower() in DENIAL_VERBS for a in chain[1:]):
        return "denied"
    if conditional(verb) or any(
        conditional(c) for a in chain for c in children(a, ("advcl",)) if verb_like(c)
    ):
        return "conditional"  # "if ..." on the clause, or on the clause it is the result of
    if category in NEGATIVE_TERMS:
        return None
    for a in chain:
        if a.lemma_.lower() in SPEECH_VERBS:
            break  # "the army said it would not withdraw" is negated, "did not say" is not
        if negated(a):
            return "negated"
    return None


def _deadlines(hits: list[ProvisionHit], dates: Sequence[DatedToken]) -> dict[int, DateValue]:
    """Hit index → deadline: each free date goes to its nearest provision in the tree."""
    free = [
        d
        for d in dates
        if d.role in (None, "deadline")
        and isinstance(d.mention.value, DateValue)
        and d.mention.value.precision in DEADLINE_PRECISIONS
        and not (d.cue is not None and d.cue.lemma_.lower() in SPEECH_VERBS)
        # "Thursday statement": a noun's date
        and (d.role == "deadline" or not governor(d.token).passed)
        and governor(d.token).prep != "since"
    ]  # "violations since last August": a past start
    best: dict[int, tuple[int, DateValue]] = {}
    for d in free:
        ranked = sorted(
            (min(tree_distance(d.token, d.token.doc[i]) for i in h.tokens), n)
            for n, h in enumerate(hits)
        )
        if not ranked:
            continue
        dist, n = ranked[0]
        if dist > MAX_DEADLINE_DISTANCE and not (len(hits) == 1 and len(free) == 1):
            continue
        assert isinstance(d.mention.value, DateValue)
        if n not in best or dist < best[n][0]:
            best[n] = (dist, d.mention.value)
    return {n: v for n, (_, v) in best.items()}


def anchored_provisions(
    sent: Span,
    lex: AgreementLexicon,
    actors: Sequence[Mention],
    dates: Sequence[DatedToken],
    source: Source,
) -> list[tuple[ProvisionHit, Provision]]:
    """The sentence's provisions, each with the cue that found it."""
    hits = provision_hits(sent, lex, actors)
    deadlines = _deadlines(hits, dates)
    out = []
    for n, h in enumerate(hits):
        status = provision_status(h.anchor, h.category, lex)
        # a date in a report of what happened is when it happened, not a deadline
        deadline = deadlines.get(n) if status in ("agreed", "lapsed") else None
        out.append(
            (h, Provision(h.category, clause_text(h.anchor, lex), deadline, status, [source]))
        )
    return out


def find_provisions(
    sent: Span,
    lex: AgreementLexicon,
    actors: Sequence[Mention],
    dates: Sequence[DatedToken],
    source: Source,
) -> list[Provision]:
    return [p for _, p in anchored_provisions(sent, lex, actors, dates, source)]

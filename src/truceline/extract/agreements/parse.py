"""Reading the dependency parse around agreement phrases: which verb a date or a place
hangs on, which key date that verb gives, what the verb's arguments are, and whether a
clause is real (happened / in force) or only said, wanted or supposed.

Everything here works on one sentence of a spaCy `Doc`; nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from truceline.lexicons.agreements import AgreementLexicon, find_all

if TYPE_CHECKING:
    from spacy.tokens import Token

VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd"})
# Prepositions that put a date at the end of something ("valid until", "active to").
UNTIL_PREPS = frozenset({"until", "till", "til", "through", "to", "up"})
# Prepositions that put a date at a deadline ("by 1 December", "before November 1").
DEADLINE_PREPS = frozenset({"by", "before"})
# Prepositions that put a date at a start ("in force since", "from 16 October").
SINCE_PREPS = frozenset({"since", "from", "starting", "as"})
# Pronouns that stand for the deal; a relative "which/that" stands for the noun its clause
# hangs on, which `arguments` already gives.
PRONOUNS = frozenset({"it", "this"})
MODALS = frozenset(
    {"will", "would", "shall", "should", "must", "may", "might", "could", "can", "'ll"}
)
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "once"})
# How far up the tree a date or a place may sit below the verb it belongs to: enough for
# "on [the] 14 [of] May" under a noun under a verb ("implementing the provisions of the
# agreement on 14 May"), not so far as to cross into the main clause; set by hand on the
# seeds' and examples' key-date sentences (all bound at ≤ 6 steps, none wrongly above).
MAX_CLIMB = 8


def verb_like(token: Token) -> bool:
    return token.pos_ in VERB_POS or token.tag_.startswith("VB")


def ancestors(token: Token) -> Iterable[Token]:
    t = token
    for _ in range(40):
        if t.head.i == t.i:
            return
        t = t.head
        yield t


def is_within(token: Token, top: Token) -> bool:
    return token.i == top.i or any(a.i == top.i for a in ancestors(token))


def tree_distance(a: Token, b: Token) -> int:
    up = {a.i: 0}
    for d, t in enumerate(ancestors(a), start=1):
        up[t.i] = d
    if b.i in up:
        return up[b.i]
    for d, t in enumerate(ancestors(b), start=1):
        if t.i in up:
            return d + up[t.i]
    return 99


@dataclass(frozen=True, slots=True)
class Governor:
    """The verb a mention hangs on, the preposition that links it, and the nouns and
    adjectives passed on the way up ("on 4 May" → extension → to → implementing)."""

    verb: Token | None
    prep: str
    passed: tuple[Token, ...]


def governor(token: Token) -> Governor:
    prep = ""
    passed: list[Token] = []
    t = token
    for _ in range(MAX_CLIMB):
        h = t.head
        if h.i == t.i:
            return Governor(None, prep, tuple(passed))
        if t.dep_ in ("pobj", "pcomp") and not prep:
            prep = h.lower_
        if verb_like(h) and h.dep_ not in ("amod",):
            return Governor(h, prep, tuple(passed))
        if h.pos_ in NOUN_POS or h.pos_ == "ADJ":
            passed.append(h)
        t = h
    return Governor(None, prep, tuple(passed))


def children(token: Token, deps: Iterable[str]) -> list[Token]:
    wanted = set(deps)
    return [c for c in token.children if c.dep_ in wanted]


def subject(verb: Token) -> Token | None:
    """The verb's subject, inherited along "and" ("was signed ... and took effect") and
    from the noun a participle or relative clause hangs on ("the deal signed on ...")."""
    t = verb
    for _ in range(4):
        found = children(t, SUBJECT_DEPS)
        if found:  # the nearest before the verb: a dateline is taken for a subject too
            before = [c for c in found if c.i < t.i]
            return before[-1] if before else found[0]
        if t.dep_ in ("acl", "relcl") or (t.dep_ == "amod" and t.head.pos_ in NOUN_POS):
            return t.head
        # a clause with no subject of its own under a verb is a coordination the parser
        # took for a complement ("The zone agreed in Sochi ... came into force ...")
        if t.dep_ not in ("conj", "xcomp", "ccomp") or t.head.i == t.i:
            return None
        t = t.head
    return None


def arguments(verb: Token) -> list[Token]:
    """Subject, objects, prepositional objects and the noun modified (for participles)."""
    out: list[Token] = []
    subj = subject(verb)
    if subj is not None:
        out.append(subj)
    # every subject the parser gave: a dateline can be taken for one ("ISTANBUL – The
    # zone agreed in Sochi ...")
    out += [c for c in children(verb, SUBJECT_DEPS) if c is not subj]
    for c in verb.children:
        if c.dep_ in OBJECT_DEPS:
            out.append(c)
        elif c.dep_ in ("prep", "agent", "dative"):
            out += children(c, ("pobj",))
        elif c.dep_ in ("acomp",):
            for p in children(c, ("prep",)):
                out += children(p, ("pobj",))
    if verb.dep_ in ("acl", "relcl") and verb.head not in out:
        out.append(verb.head)
    # the noun right before a participle with no subject: "the extension agreed on ..."
    if not out and verb.tag_ in ("VBN", "VBD") and verb.i > 0:
        prev = verb.doc[verb.i - 1]
        if prev.pos_ in NOUN_POS:
            out.append(prev)
    return out


def nominal_reach(arg: Token) -> list[Token]:
    """An argument and the nouns one "of/under" step below it ("the provisions of the
    agreement", "obligations under the Ankara document")."""
    out = [arg, *children(arg, ("conj", "appos"))]
    for p in children(arg, ("prep",)):
        if p.lower_ in ("of", "under", "in", "for"):
            out += children(p, ("pobj",))
    return out


def has_phrase(verb: Token, heads: set[int]) -> Token | None:
    """The agreement phrase (by head index) among a verb's arguments, if any."""
    for arg in arguments(verb):
        for t in nominal_reach(arg):
            if t.i in heads:
                return t
    return None


def pronoun_argument(verb: Token) -> bool:
    return any(
        a.lower_ in PRONOUNS and a.pos_ == "PRON" and a.tag_ not in ("WDT", "WP")
        for a in arguments(verb)
    )


# ------------------------------------------------------------------ key dates


def verb_words(verb: Token) -> list[Token]:
    """A verb with its particle, objects and prepositional objects, for multi-word cues."""
    return sorted(
        [
            verb,
            *[
                t
                for c in verb.children
                if c.dep_ in ("prt", "dobj", "prep", "acomp", "attr")
                for t in (c, *c.children)
            ],
        ],
        key=lambda t: t.i,
    )


def effective_phrase(verb: Token, lex: AgreementLexicon) -> bool:
    words = verb_words(verb)
    # a look-up of the phrases' first words, not a try of every phrase at every position
    return bool(find_all(lex.effective_phrases, words))


def lasting(verb: Token, passed: tuple[Token, ...], lex: AgreementLexicon) -> bool:
    words = [
        verb.lemma_.lower(),
        *(t.lemma_.lower() for t in verb_words(verb)),
        *(t.lemma_.lower() for t in passed),
    ]
    return any(w in lex.lasting_words for w in words)


def xcomp_role(verb: Token, lex: AgreementLexicon) -> str | None:
    """ "agreed to extend the truce": the complement's cue wins over "agree"."""
    for c in children(verb, ("xcomp", "ccomp")):
        role = lex.role_of(c.lemma_.lower())
        if role in ("extended", "ends", "effective"):
            return role
    return None


def date_role(token: Token, lex: AgreementLexicon) -> tuple[str | None, Token | None]:
    """(role, cue) for a date token: role signed | effective | extended | ends | deadline
    | None; cue the noun ("extension") or verb that gave it. Nouns passed on the way up
    decide first, then the preposition, then the verb."""
    gov = governor(token)
    verb = gov.verb
    if verb is None:
        return None, None
    for noun in gov.passed:
        role = lex.role_of(noun.lemma_.lower())
        if role in ("extended", "ends") and noun.pos_ == "NOUN":
            return ("ends" if gov.prep in UNTIL_PREPS and role == "extended" else role), noun
        if noun.lemma_.lower() == "deadline":
            return "deadline", noun
    if gov.prep in UNTIL_PREPS and lasting(verb, gov.passed, lex):
        return "ends", verb
    if gov.prep in DEADLINE_PREPS:
        return "deadline", verb
    if effective_phrase(verb, lex):
        return ("ends" if gov.prep in UNTIL_PREPS else "effective"), verb
    role = lex.role_of(verb.lemma_.lower())
    if role == "signed":
        role = xcomp_role(verb, lex) or role
    if role is None and gov.prep in SINCE_PREPS and lasting(verb, gov.passed, lex):
        role = "effective"
    return role, verb


# ------------------------------------------------------------------ clause modality


def conditional(verb: Token) -> bool:
    chain = [verb, *ancestors(verb)]
    return any(c.lower_ in CONDITIONAL_MARKS for t in chain for c in children(t, ("mark",)))


def irrealis(verb: Token, lex: AgreementLexicon) -> bool:
    """Wanted, proposed or conditional: "to accept a full reconciliation agreement",
    "if the agreement collapses"."""
    if conditional(verb):
        return True
    t = verb
    for _ in range(4):
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        clause = t.dep_ in ("xcomp", "advcl", "ccomp", "acl") and (infinitive or t.tag_ == "VBG")
        if clause and t.head.lemma_.lower() in lex.irrealis_verbs:
            return True
        if t.lemma_.lower() in lex.irrealis_verbs and infinitive:
            return True
        if t.head.i == t.i or t.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "acl", "pcomp"):
            return False
        t = t.head
    return False


def negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in verb.children)


def modal(verb: Token) -> bool:
    chain = [verb, *[a for a in ancestors(verb)][:2]]
    for t in chain:
        for c in t.children:
            if c.dep_ == "aux" and (c.lower_ in MODALS or c.lower_ == "to"):
                return True
        if t.lemma_.lower() in ("due", "expect", "schedule", "plan"):
            return True
        if t.lemma_.lower() == "set" and children(t, ("xcomp",)):  # "is set to reopen"
            return True
    return False


def past_realis(verb: Token) -> bool:
    """Reported as having happened: a past tense or a perfect, with no modal."""
    if modal(verb):
        return False
    if verb.tag_ == "VBD":
        return True
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VB":  # "did not stop", "never did"
        return any(c.lower_ == "did" for c in aux)
    # "has taken effect", "was signed"; not "is excluded" (a state, not a report)
    return verb.tag_ == "VBN" and any(
        c.lemma_ == "have" or (c.dep_ == "auxpass" and c.tag_ == "VBD") for c in aux
    )


def under_terms(verb: Token, lex: AgreementLexicon) -> bool:
    """Under a verb that states terms: "the deal stipulates that ...", "undertook to"."""
    return any(a.lemma_.lower() in lex.terms_verbs for a in [verb, *list(ancestors(verb))[:3]])

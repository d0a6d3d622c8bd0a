"""What one sentence says about the agreement it is about: key dates, zone, where it was
signed, parties, guarantors, excluded groups, name, kind and status, each as a `Claim`
with the sentence as its source.

Rules, in the order they are tried (each reads the dependency parse, see agreement_parse):
- a date takes the key date of the verb or noun it hangs on ("signed ... on 14 October",
  "went into effect ... on Thursday", "the last extension on 4 May", "active to next
  May"), and counts only when that verb's subject/object is the agreement, a pronoun for
  it, or the noun a participle hangs on ("the deal signed on ...");
- a place is the signing place when it hangs on a signing verb by "in"/"at"; it is the
  zone when it sits in the agreement phrase ("the Southern Idlib truce"), hangs on the
  agreement noun or on a verb of the agreement by "in/across/for/along...", or on a noun
  of area ("a front line that runs from X to Y") under one of those;
- an actor is a guarantor when a "<X>-backed" modifier, "guaranteed/brokered by X",
  "X ... as guarantors" says so, or when a foreign state signs; a party when it signs,
  joins, is bound ("commits X and Y to ..."), or stands in "between X and Y"; excluded
  when an armed group of an excludable kind is left out ("do not apply to HTS").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from truceline.extract.agreements.parse import (
    NOUN_POS,
    ancestors,
    children,
    effective_phrase,
    governor,
    has_phrase,
    irrealis,
    is_within,
    negated,
    past_realis,
    pronoun_argument,
    subject,
    verb_like,
)
from truceline.extract.agreements.phrases import AgreementPhrase
from truceline.extract.agreements.provisions import SPEECH_VERBS, DatedToken, excluded_actors
from truceline.lexicons.agreements import AgreementLexicon
from truceline.models import Actor, Claim, DateValue, Mention, Place, Source

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

KEY_ROLES = ("signed", "effective", "extended", "ends")
ZONE_NOUNS = frozenset(
    [
        "zone",
        "area",
        "pocket",
        "countryside",
        "line",
        "front",
        "region",
        "strip",
        "belt",
        "enclave",
        "territory",
    ]
)
ZONE_PREPS = frozenset(
    [
        "in",
        "across",
        "throughout",
        "for",
        "over",
        "along",
        "of",
        "within",
        "inside",
        "covering",
        "including",
    ]
)
SIGNING_PREPS = frozenset({"in", "at"})
SIGNING_VERBS = frozenset({"sign", "ink", "initial"})
NP_DEPS = frozenset(
    [
        "compound",
        "amod",
        "det",
        "poss",
        "nmod",
        "appos",
        "conj",
        "cc",
        "case",
        "punct",
        "nummod",
        "npadvmod",
        "quantmod",
    ]
)
STATUS_BY_ROLE = {
    "signed": "agreed",
    "effective": "in force",
    "extended": "extended",
    "ends": "ended",
}


@dataclass(frozen=True, slots=True)
class Located:
    mention: Mention
    token: Token


@dataclass(slots=True)
class SentenceView:
    """One sentence with its agreement phrases and located mentions."""

    span: Span
    source: Source
    phrases: list[AgreementPhrase]
    dates: list[DatedToken]
    places: list[Located]
    actors: list[Located]


@lru_cache(maxsize=1)
def _actor_table():  # type: ignore[no-untyped-def]
    from truceline.understand.actors import ActorTable

    return ActorTable.default()


def actor_by_id(actor_id: str) -> Actor | None:
    return _actor_table().lookup(actor_id)


def foreign(actor: Actor, lex: AgreementLexicon) -> bool:
    if actor.kind in ("external_state", "intergovernmental"):
        return True
    return bool(actor.id) and any(
        a.kind == "external_state" for a in _actor_table().ancestors(actor)
    )


def as_guarantor(actor: Actor) -> Actor:
    """A ministry or force stands for its state ("Russian Ministry of Defense" → Russia)."""
    if not actor.id:
        return actor
    chain = [actor, *_actor_table().ancestors(actor)]
    states = [a for a in chain if a.kind in ("external_state", "intergovernmental")]
    return states[0] if states else actor


# ------------------------------------------------------------------ binding to phrases


def bound_phrase(cue: Token | None, phrases: Sequence[AgreementPhrase]) -> AgreementPhrase | None:
    """The agreement phrase a cue verb or noun is about."""
    if cue is None:
        return None
    heads = {p.head.i: p for p in phrases}
    if cue.i in heads:
        return heads[cue.i]
    if not verb_like(cue):
        for p in children(cue, ("prep",)):
            for o in children(p, ("pobj",)):
                if o.i in heads:
                    return heads[o.i]
        return None
    for verb in (cue, *children(cue, ("xcomp",))):
        hit = has_phrase(verb, set(heads))
        if hit is not None:
            return heads[hit.i]
    return _left_subject(cue, phrases)


def _left_subject(verb: Token, phrases: Sequence[AgreementPhrase]) -> AgreementPhrase | None:
    """ "the truce, signed in Ankara ... and guaranteed by Turkey and Russia, came into force":
    the parser often hangs such a verb on the main clause; a verb with no subject of its own
    whose left neighbour ends an agreement phrase (with its participles) has that subject."""
    if children(verb, ("nsubj", "nsubjpass")) or verb.dep_ not in ("conj", "ROOT", "ccomp"):
        return None
    j = verb.i - 1
    while j >= verb.sent.start and verb.doc[j].is_punct:
        j -= 1
    if j < verb.sent.start or j == verb.i - 1:
        return None  # no comma between: an ordinary coordination ("signed and took effect")
    left = verb.doc[j]
    for p in phrases:
        if is_within(left, p.head) and left.i > p.head.i:
            return p
    return None


def concerns(cue: Token | None, view: SentenceView, owner: set[int]) -> bool:
    """Whether a cue is about the owner's agreement: bound to one of its phrases, or to a
    pronoun ("took effect on ...", "extended it") in a sentence with no other agreement."""
    if cue is None:
        return False
    phrase = bound_phrase(cue, view.phrases)
    if phrase is not None:
        return phrase.head.i in owner
    others = [p for p in view.phrases if p.head.i not in owner]
    return (
        verb_like(cue)
        and pronoun_argument(cue)
        and not others
        or (not verb_like(cue) and not others)
    )


# ------------------------------------------------------------------ claims


def date_claims(view: SentenceView, owner: set[int], lex: AgreementLexicon) -> list[Claim]:
    out = []
    for d in view.dates:
        if d.role not in KEY_ROLES or not isinstance(d.mention.value, DateValue):
            continue
        verb = d.cue if d.cue is not None and verb_like(d.cue) else governor(d.token).verb
        if verb is not None and irrealis(verb, lex):
            continue
        if concerns(d.cue, view, owner):
            out.append(Claim(d.role, d.mention.value, view.source))
    if not any(c.field == "signed" for c in out):
        out += _announced(view, owner, lex)
    return out


def _announced(view: SentenceView, owner: set[int], lex: AgreementLexicon) -> list[Claim]:
    """ "The parties have accepted a truce ..., the envoy said on Friday": a deal reported
    as made (a perfect, with no date of its own) under a dated statement was made by that
    day, and is dated so."""
    for t in view.span:
        lemma = t.lemma_.lower()
        if (
            not verb_like(t)
            or t.tag_ != "VBN"
            or (lex.role_of(lemma) != "signed" and lemma != "accept")
        ):
            continue
        if not any(c.lemma_ == "have" for c in children(t, ("aux",))):
            continue
        if negated(t) or irrealis(t, lex) or not concerns(t, view, owner):
            continue
        up = {a.i for a in ancestors(t)}
        for d in view.dates:
            said = d.cue is not None and d.cue.lemma_.lower() in SPEECH_VERBS
            if (
                said
                and d.cue is not None
                and d.cue.i in up
                and isinstance(d.mention.value, DateValue)
            ):
                return [Claim("signed", d.mention.value, view.source)]
    return []


def status_claims(view: SentenceView, owner: set[int], lex: AgreementLexicon) -> list[Claim]:
    """ "went into effect" → in force, "expired" → ended, "collapsed" → collapsed: only
    for a verb in the past about the agreement, never for a wished or conditional one."""
    out: list[Claim] = []
    for t in view.span:
        if (
            not verb_like(t)
            or not past_realis(t)
            or negated(t)
            or irrealis(t, lex)
            or not concerns(t, view, owner)
        ):
            continue
        role = "effective" if effective_phrase(t, lex) else lex.role_of(t.lemma_.lower())
        if role is None:
            continue
        status = "collapsed" if t.lemma_.lower() == "collapse" else STATUS_BY_ROLE[role]
        if status not in {c.value for c in out}:
            out.append(Claim("status", status, view.source))
    return out


def _zone_path(
    token: Token, owner: set[int], view: SentenceView, lex: AgreementLexicon
) -> str | None:
    """ "zone", "signed_place" or None for a place token, by what it hangs on."""
    prep = ""
    verbs = 0
    passed_other_noun = False
    t = token
    for _ in range(14):
        h = t.head
        if h.i == t.i:
            return None
        if t.dep_ == "pobj" and not prep:
            prep = h.lower_
            if prep == "between":
                return None  # "an agreement between rebels and Damascus": a party slot
        if h.i in owner:
            signed = h.dep_ in ("dobj", "nsubjpass") and h.head.lemma_.lower() in SIGNING_VERBS
            if signed and prep in SIGNING_PREPS:
                return "signed_place"  # "signed a ceasefire agreement in Geneva"
            return "zone" if prep in ZONE_PREPS or t.dep_ in NP_DEPS else None
        if verb_like(h) and h.dep_ != "amod":
            verbs += 1
            role = lex.role_of(h.lemma_.lower())
            about = concerns(h, view, owner)
            if about and role == "signed" and prep in SIGNING_PREPS and not passed_other_noun:
                return "signed_place"
            if about and not passed_other_noun and prep in ZONE_PREPS:
                return "zone"
            if (
                not (h.dep_ in ("relcl", "acl") and h.head.lemma_.lower() in ZONE_NOUNS)
                and verbs >= 2
            ):
                return None
        elif h.pos_ in NOUN_POS and h.lemma_.lower() not in ZONE_NOUNS and h.i not in owner:
            passed_other_noun = True  # "talks in Astana", "the Committee in northern Homs"
        t = h
    return None


def place_claims(
    view: SentenceView,
    owner: set[int],
    owner_phrases: Iterable[AgreementPhrase],
    lex: AgreementLexicon,
) -> list[Claim]:
    out: list[Claim] = []
    inside = {p.name for ph in owner_phrases for p in ph.places}
    for loc in view.places:
        place = loc.mention.value
        if not isinstance(place, Place) or place.precision == "unresolved":
            continue
        role: str | None
        if place.name in inside:
            # "the Libya ceasefire", "the Sochi memorandum": a name says the country, and a
            # town in a name is the zone or the venue (decided for the whole document)
            role = "country" if place.precision == "country" else "named_place"
        else:
            role = _zone_path(loc.token, owner, view, lex)
            if role == "zone" and place.precision == "country":
                role = "country"  # "a truce in Yemen": its country, never its zone
            elif place.precision == "country":
                continue
        if role == "country" and place.country:
            out.append(Claim("country", place.country, view.source))
        elif role is not None and role != "country":
            out.append(Claim(role, place, view.source))
    return out


def _np(token: Token) -> set[int]:
    out = {token.i}
    for c in token.children:
        if c.dep_ in NP_DEPS:
            out |= _np(c)
        elif c.dep_ == "prep" and c.lower_ == "of":
            for o in children(c, ("pobj",)):
                out |= _np(o)
    return out


def actors_of(token: Token | None, view: SentenceView) -> list[Actor]:
    if token is None:
        return []
    phrase = _np(token)
    return [
        loc.mention.value
        for loc in view.actors
        if loc.token.i in phrase and isinstance(loc.mention.value, Actor)
    ]


BINDING_VERBS = frozenset({"commit", "bind", "oblige", "obligate"})


def _prep_actors(token: Token, preps: set[str], view: SentenceView) -> list[Actor]:
    return [
        a
        for p in children(token, ("prep",))
        if p.lower_ in preps
        for o in children(p, ("pobj",))
        for a in actors_of(o, view)
    ]


def _verb_actors(t: Token, view: SentenceView, lex: AgreementLexicon) -> list[tuple[str, Actor]]:
    """Who signs, joins, guarantees or is bound by a verb about the agreement."""
    lemma = t.lemma_.lower()
    agent = next((o for a in children(t, ("agent",)) for o in children(a, ("pobj",))), None)
    doers = actors_of(agent, view) if agent is not None else actors_of(subject(t), view)
    if t.dep_ in ("acl", "relcl") and subject(t) is t.head and agent is None:
        doers = []  # "the deal signed on ...": the noun is the deal, not a signer
    role = "guarantor" if lemma in lex.guarantor_verbs else ""
    found = [(role, a) for a in doers]
    if lemma in BINDING_VERBS:  # "commits the army and the rebels to halt ..."
        found += [("party", a) for o in children(t, ("dobj",)) for a in actors_of(o, view)]
    return found + [("", a) for a in _prep_actors(t, {"with"}, view)]


def _acts_under(verb: Token, owner: set[int]) -> bool:
    return any(
        o.i in owner
        for p in children(verb, ("prep",))
        if p.lower_ == "under"
        for o in children(p, ("pobj",))
    )


def _guarantor_noun_actors(t: Token, view: SentenceView) -> list[tuple[str, Actor]]:
    """ "Turkey and Russia will act as guarantors", "the guarantors, Turkey and Russia"."""
    verb = t.head.head if t.dep_ == "pobj" else t.head
    found = [("guarantor", a) for a in actors_of(subject(verb), view)] if verb_like(verb) else []
    return found + [
        ("guarantor", a) for c in children(t, ("appos", "compound")) for a in actors_of(c, view)
    ]


def _role_actors(
    view: SentenceView, owner: set[int], lex: AgreementLexicon
) -> list[tuple[str, Actor]]:
    """(party | guarantor | "" for either, actor) from the verbs and nouns around the agreement."""
    found: list[tuple[str, Actor]] = []
    verbs = lex.party_verbs | lex.guarantor_verbs
    for t in view.span:
        about = verb_like(t) and t.lemma_.lower() in verbs and concerns(t, view, owner)
        if about and not irrealis(t, lex):
            found += _verb_actors(t, view, lex)
        elif verb_like(t) and _acts_under(t, owner) and not irrealis(t, lex):
            # "Ahrar al-Sham fighters left Harasta under a separate deal": who acts under a
            # deal is bound by it
            found += [("", a) for a in actors_of(subject(t), view)]
        if t.i in owner:  # "an agreement between rebels and Damascus", "... with the Russian side"
            found += [("", a) for a in _prep_actors(t, {"between", "with"}, view)]
        if t.lower_ in lex.guarantor_words:
            found += _guarantor_noun_actors(t, view)
    return found


def actor_claims(
    view: SentenceView,
    owner: set[int],
    owner_phrases: Iterable[AgreementPhrase],
    lex: AgreementLexicon,
) -> list[Claim]:
    claims: list[Claim] = []
    for phrase in owner_phrases:
        for actor_id in (*phrase.backers, *phrase.descriptors):
            actor = actor_by_id(actor_id)
            if actor is not None:
                claims.append(
                    Claim(
                        "guarantor" if foreign(actor, lex) else "party",
                        as_guarantor(actor),
                        view.source,
                    )
                )
    excluded = {
        a.id or a.name
        for a, _ in excluded_actors(view.span, lex, [loc.mention for loc in view.actors])
    }
    for role, actor in _role_actors(view, owner, lex):
        if actor.kind in lex.excludable_kinds or (actor.id or actor.name) in excluded:
            continue
        if role == "guarantor" or (not role and foreign(actor, lex)):
            claims.append(Claim("guarantor", as_guarantor(actor), view.source))
        elif actor.kind not in ("civilians", "ngo", "intergovernmental"):
            claims.append(Claim("party", actor, view.source))
    claims += [
        Claim("excluded", a, view.source)
        for a, _ in excluded_actors(view.span, lex, [loc.mention for loc in view.actors])
    ]
    return _unique(claims)


def _unique(claims: list[Claim]) -> list[Claim]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in claims:
        key = (c.field, getattr(c.value, "id", "") or getattr(c.value, "name", "") or str(c.value))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def naming_claims(view: SentenceView, owner_phrases: Iterable[AgreementPhrase]) -> list[Claim]:
    out = []
    for p in owner_phrases:
        if p.kind:
            out.append(Claim("kind", p.kind, view.source))
        if p.name:
            out.append(Claim("name", p.name, view.source))
    return _unique(out)


def sentence_claims(
    view: SentenceView, owner_phrases: Sequence[AgreementPhrase], lex: AgreementLexicon
) -> list[Claim]:
    owner = {p.head.i for p in owner_phrases}
    return (
        naming_claims(view, owner_phrases)
        + date_claims(view, owner, lex)
        + status_claims(view, owner, lex)
        + place_claims(view, owner, owner_phrases, lex)
        + actor_claims(view, owner, owner_phrases, lex)
    )


def phrase_key_dates(
    view: SentenceView, phrase: AgreementPhrase, lex: AgreementLexicon
) -> list[tuple[str, DateValue]]:
    """Signing and start dates the sentence binds to this phrase itself (to tell a new
    deal from the document's current one)."""
    out = []
    for d in view.dates:
        if d.role not in ("signed", "effective") or not isinstance(d.mention.value, DateValue):
            continue
        verb = d.cue if d.cue is not None and verb_like(d.cue) else None
        if verb is not None and irrealis(verb, lex):
            continue
        if bound_phrase(d.cue, view.phrases) is phrase:
            out.append((d.role, d.mention.value))
    return out

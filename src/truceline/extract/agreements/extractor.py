"""Agreement mentions of one document: which agreements the document talks about, and what
it says about each (claims with sources, provisions, the event mentions about it).

Pure: an `Analysis`, its spaCy `Doc` and the document's event mentions in, a list of
`AgreementMention` out. The cross-document merge lives in `truceline.fuse.agreements`.

Within a document, agreement phrases are resolved in text order (numbered as tried):
1. an older or generic agreement ("previous ceasefires", "similar de-escalation zones",
   plurals) is never the document's agreement, and its sentences give nothing;
2. the first phrase that is not wished for ("to accept a full reconciliation agreement")
   introduces the document's main agreement;
3. an indefinite phrase with its own signing/start date that does not fit the main
   agreement's ("has made an agreement ... on 4 October 2017" when the main was signed in
   August) introduces a new agreement;
4. a named phrase that cannot be the main one ("Russian-USA ceasefire agreement" when the
   USA is no party; "the Ankara Agreement" beside "the de-escalation agreement" in one
   sentence; "the Sochi memorandum of September 2018", whose own date cannot be the main
   one's) and a phrase marked as another ("a separate evacuation deal") are another
   agreement, reported only if the document dates it;
5. "the deal", "the truce", "the agreement" are the main agreement; "the document", "the
   text", "the provisions", "the extension" are the agreement last talked about;
6. a sentence with no phrase continues the previous sentence's agreement when a verb of it
   has a pronoun for the deal ("extended it on 29 November"), or when it goes on listing
   terms ("Rebels will not be required to hand over any weaponry").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from truceline import EXTRACTOR_VERSION
from truceline.extract.agreements.claims import (
    KEY_ROLES,
    Located,
    SentenceView,
    bound_phrase,
    concerns,
    phrase_key_dates,
    sentence_claims,
)
from truceline.extract.agreements.parse import (
    date_role,
    governor,
    modal,
    negated,
    past_realis,
    pronoun_argument,
    tree_distance,
    verb_like,
)
from truceline.extract.agreements.phrases import KIND_RANK, AgreementPhrase, find_agreement_phrases
from truceline.extract.agreements.provisions import (
    SPEECH_VERBS,
    DatedToken,
    ProvisionHit,
    anchored_provisions,
    clause_text,
    provision_hits,
)
from truceline.extract.agreements.sameness import dates_close, long_before, near_any
from truceline.extract.agreements.zones import document_country, settle_places
from truceline.lexicons.agreements import AgreementLexicon, find_all, load_lexicon
from truceline.models import (
    Actor,
    AgreementMention,
    Analysis,
    Claim,
    DateValue,
    Event,
    Mention,
    Provision,
    Source,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

RELATIVE_OFFSET = re.compile(r"\b(?:after|before|later|earlier)\s*$", re.IGNORECASE)
NAMING_VERBS = frozenset(["call", "name", "dub", "know", "term", "label", "describe", "refer"])
BLANKET_NOUNS = frozenset(
    {"provision", "provisions", "term", "terms", "clause", "clauses", "stipulation", "stipulations"}
)


@dataclass(slots=True)
class Referent:
    """One agreement the document talks about, as the resolution goes."""

    start: int
    main: bool
    name: str | None = None
    views: list[SentenceView] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    provisions: list[Provision] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def dates(self, *fields: str) -> list[DateValue]:
        return [
            c.value for c in self.claims if c.field in fields and isinstance(c.value, DateValue)
        ]

    def actor_ids(self) -> set[str]:
        return {c.value.id for c in self.claims if isinstance(c.value, Actor) and c.value.id}

    def identity(self) -> set[str]:
        words: set[str] = set()
        for c in self.claims:
            if c.field in ("name", "zone", "signed_place"):
                text = c.value if isinstance(c.value, str) else getattr(c.value, "name", "")
                words |= {w.lower() for w in str(text).replace("-", " ").split()}
        return words


# ------------------------------------------------------------------ sentence views


def _located(sdoc: Doc, mentions: Sequence[Mention]) -> list[Located]:
    out = []
    for m in mentions:
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append(Located(m, span.root))
    return out


def _views(analysis: Analysis, sdoc: Doc, lex: AgreementLexicon) -> list[SentenceView]:
    doc = analysis.document
    body = doc.body
    views = []
    for sentence in analysis.sentences:
        span = sdoc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        inside = [m for m in analysis.mentions if sentence.start <= m.start < sentence.end]
        actors = [m for m in inside if m.kind == "actor"]
        places = [m for m in inside if m.kind == "place"]
        phrases = find_agreement_phrases(span, lex, actors, places)
        dates = [
            _dated(loc, phrases, lex)
            for loc in _located(sdoc, [m for m in inside if m.kind == "date"])
        ]
        source = Source(
            doc.id,
            doc.outlet,
            body[sentence.start : sentence.end].strip(),
            sentence.start,
            sentence.end,
            EXTRACTOR_VERSION,
        )
        views.append(
            SentenceView(
                span, source, phrases, dates, _located(sdoc, places), _located(sdoc, actors)
            )
        )
    return views


def _dated(loc: Located, phrases: list[AgreementPhrase], lex: AgreementLexicon) -> DatedToken:
    """A date with its key-date role, kept only where the cue is about an agreement ("began
    entering the pocket starting on August 7" is a provision's date, not a start)."""
    if _dateline(loc):
        return DatedToken(loc.mention, loc.token, None, None)  # when the story was filed
    role, cue = date_role(loc.token, lex)
    head = _phrase_of(loc.token, phrases)
    if head is not None:
        return DatedToken(loc.mention, loc.token, "signed", head)  # "the agreement of 4 May"
    if RELATIVE_OFFSET.search(loc.mention.text):
        role = None  # "two days after [the deal was signed]": counted from an event, not a date
    unbound = cue is not None and verb_like(cue) and bound_phrase(cue, phrases) is None
    if role in KEY_ROLES and unbound and not pronoun_argument(cue):  # type: ignore[arg-type]
        role = None
    return DatedToken(loc.mention, loc.token, role, cue)


DATELINE_BREAKS = frozenset({"–", "—", "-", "--", ":"})


def _dateline(loc: Located) -> bool:
    """A date in a dateline ("GENEVA, Saturday 24 October 2020 – The two sides signed ..."):
    only names, dates and commas before it in its sentence, and a dash or a colon right
    after it. It says when the story was filed, never when the deal was signed."""
    doc = loc.token.doc
    span = doc.char_span(loc.mention.start, loc.mention.end, alignment_mode="expand")
    if span is None:
        return False
    sent = span.sent
    nxt = doc[span.end] if span.end < sent.end else None
    if nxt is None or nxt.text not in DATELINE_BREAKS:
        return False
    return all(t.is_punct or t.pos_ in ("PROPN", "NUM") for t in doc[sent.start : span.start])


def _phrase_of(token: Token, phrases: list[AgreementPhrase]) -> Token | None:
    """The head of the agreement phrase a date names by "of" ("the Stockholm Agreement of
    December 2018", "the memorandum of 4 May"): the deal's own date, its signing."""
    prep = token.head
    if token.dep_ == "pobj" and prep.lower_ == "of":
        for p in phrases:
            if prep.head.i == p.head.i and not p.anaphor:
                return p.head
    return None


# ------------------------------------------------------------------ resolution


def _close(a: DateValue, b: DateValue) -> bool:
    """Dates that can be one deal's (within SAME_DEAL_DAYS, as across documents); a date
    with no year says nothing against."""
    return not (a.resolved and b.resolved) or dates_close(a, b)


def _fits(dates: list[tuple[str, DateValue]], ref: Referent) -> bool:
    """Whether a phrase's own signing/start dates can be the referent's."""
    known = {role: ref.dates(role) for role in ("signed", "effective")}
    comparable = [(role, d) for role, d in dates if known[role]]
    if not comparable:
        return True
    return any(_close(d, k) for role, d in comparable for k in known[role])


def _foreign_dates(
    dates: list[tuple[str, DateValue]], ref: Referent, anchor: DateValue | None
) -> bool:
    """A named phrase's own dates that cannot be the referent's: far from every date known
    of it, or, with none known, long before the document."""
    if not dates:
        return False
    if not _fits(dates, ref):
        return True
    known = ref.dates(*KEY_ROLES)
    if known:
        return not any(near_any(d, known) for _, d in dates)
    return all(long_before(d, anchor) for _, d in dates)


def _named_link(p: AgreementPhrase) -> bool:
    verb = p.head.head
    return p.head.dep_ in ("oprd", "attr", "appos") or (
        verb_like(verb) and verb.lemma_.lower() in NAMING_VERBS
    )


def _is_other(p: AgreementPhrase, main: Referent, usable: list[AgreementPhrase]) -> bool:
    """A named phrase that cannot be the main agreement."""
    if not (p.proper or p.descriptors) or _named_link(p):
        return False
    if p.descriptors and not set(p.descriptors) <= main.actor_ids():
        return True
    if set(p.proper) & main.identity():
        return False
    plain = [
        q
        for q in usable
        if q is not p and not q.anaphor and not q.proper and not q.descriptors and q.definite
    ]
    return bool(plain)


@dataclass(slots=True)
class Resolver:
    lex: AgreementLexicon
    anchor: DateValue | None = None  # the document's day
    referents: list[Referent] = field(default_factory=list)
    last: Referent | None = None

    @property
    def main(self) -> Referent | None:
        return next((r for r in self.referents if r.main), None)

    def _new(self, view: SentenceView, p: AgreementPhrase, main: bool) -> Referent:
        ref = Referent(start=view.source.start, main=main, name=p.name)
        self.referents.append(ref)
        return ref

    def _other(self, view: SentenceView, p: AgreementPhrase) -> Referent:
        for r in self.referents:
            if not r.main and r.name and p.name and r.name.lower() == p.name.lower():
                return r
        return self._new(view, p, main=False)

    def assign(
        self, view: SentenceView, p: AgreementPhrase, usable: list[AgreementPhrase]
    ) -> Referent | None:
        main = self.main
        if p.anaphor:
            return self.last or main
        if p.other and not p.irrealis:
            return self._other(view, p)  # "under a separate evacuation deal reached on ..."
        if main is None:
            return None if p.irrealis else self._new(view, p, main=True)
        own = phrase_key_dates(view, p, self.lex)
        if p.name and not p.indefinite and _foreign_dates(own, main, self.anchor):
            return self._other(view, p)  # "the Sochi memorandum of September 2018"
        if p.indefinite and own:
            if _fits(own, main):
                return main
            fitting = [
                r
                for r in self.referents
                if not r.main and _fits(own, r) and r.dates("signed", "effective")
            ]
            return fitting[0] if fitting else self._new(view, p, main=False)
        if (p.indefinite and not p.current) or (p.irrealis and not p.definite):
            return None
        if _is_other(p, main, usable):
            return self._other(view, p)
        return main


def _owner_map(view: SentenceView, resolver: Resolver) -> dict[int, list[AgreementPhrase]]:
    """Referent index → its phrases in this sentence."""
    usable = [p for p in view.phrases if not p.past]
    owners: dict[int, list[AgreementPhrase]] = {}
    for p in usable:
        ref = resolver.assign(view, p, usable)
        if ref is not None:
            owners.setdefault(resolver.referents.index(ref), []).append(p)
    return owners


def _continues(view: SentenceView, lex: AgreementLexicon) -> str | None:
    """ "claims" when a verb's pronoun is the deal; "terms" when the sentence goes on
    listing what will be done; None otherwise."""
    for t in view.span:
        if (
            verb_like(t)
            and concerns(t, view, set())
            and (lex.role_of(t.lemma_.lower()) or t.lemma_ in ("take", "go"))
        ):
            return "claims"
    if provision_hits(view.span, lex, [loc.mention for loc in view.actors]):
        verbs = [t for t in view.span if verb_like(t) and t.dep_ == "ROOT"]
        # "Rebels will not be required to hand over any weaponry" goes on with the terms;
        # "the ministry said the road will reopen on 10 December" is someone's statement
        if any(modal(v) for v in verbs) and not any(
            v.lemma_.lower() in SPEECH_VERBS for v in verbs
        ):
            return "terms"
    return None


# ------------------------------------------------------------------ per sentence


def _nearest(
    hit_token_i: int, view: SentenceView, phrases_by_ref: dict[int, list[AgreementPhrase]]
) -> int:
    doc = view.span.doc
    ranked = sorted(
        (tree_distance(doc[hit_token_i], p.head), ref)
        for ref, ps in phrases_by_ref.items()
        for p in ps
    )
    return ranked[0][1]


def _violations(
    view: SentenceView, owner: list[AgreementPhrase], lex: AgreementLexicon
) -> list[Provision]:
    """ "most of the groups broke the agreement", "kept violating them": the ceasefire broken."""
    tokens = list(view.span)
    heads = {p.head.i for p in owner}
    for _, hit in find_all(lex.status_cues.get("violated", ()), tokens):
        cue = tokens[hit[0]]
        verb = cue if verb_like(cue) else governor(cue).verb
        if verb is None or modal(verb) or negated(verb):
            continue
        near = min(view.phrases, key=lambda p: tree_distance(cue, p.head), default=None)
        if near is None or near.head.i in heads or concerns(verb, view, heads):
            text = clause_text(cue, lex)
            return [Provision("ceasefire", text, None, "violated", [view.source])]
    return []


def _blanket(view: SentenceView, owner: list[AgreementPhrase]) -> bool:
    """ "the provisions were not implemented": everything the document listed lapsed."""
    for p in owner:
        if p.anaphor and p.head.lower_ in BLANKET_NOUNS:
            verb = (
                governor(p.head).verb if p.head.dep_ not in ("nsubj", "nsubjpass") else p.head.head
            )
            if verb is not None and negated(verb) and past_realis(verb):
                return True
    return False


def _take(
    ref: Referent,
    view: SentenceView,
    phrases: list[AgreementPhrase],
    provisions: list[Provision],
    lex: AgreementLexicon,
) -> None:
    ref.views.append(view)
    ref.claims += sentence_claims(view, phrases, lex)
    ref.kinds += [p.kind for p in phrases if p.kind]
    ref.provisions += provisions + _violations(view, phrases, lex)
    if _blanket(view, phrases):
        for prov in ref.provisions:
            if prov.status == "agreed":
                prov.status = "lapsed"
                prov.sources.append(view.source)


def _provisions(view: SentenceView, lex: AgreementLexicon) -> list[tuple[ProvisionHit, Provision]]:
    actors = [loc.mention for loc in view.actors]
    return anchored_provisions(view.span, lex, actors, view.dates, view.source)


def _sentence(view: SentenceView, resolver: Resolver) -> None:
    lex = resolver.lex
    owners = _owner_map(view, resolver)
    if not owners:
        mode = _continues(view, lex) if resolver.last is not None and not view.phrases else None
        if mode is None or resolver.last is None:
            resolver.last = None
            return
        provisions = [p for _, p in _provisions(view, lex)]
        if mode == "claims":
            _take(resolver.last, view, [], provisions, lex)
        else:
            resolver.last.views.append(view)
            resolver.last.provisions += provisions
        return
    by_ref: dict[int, list[Provision]] = {ref: [] for ref in owners}
    for hit, prov in _provisions(view, lex):
        by_ref[_nearest(hit.anchor.i, view, owners)].append(prov)
    for ref_index, phrases in owners.items():
        _take(resolver.referents[ref_index], view, phrases, by_ref[ref_index], lex)
    resolver.last = resolver.referents[max(owners)]


# ------------------------------------------------------------------ mentions


def _kind(ref: Referent) -> str:
    """The kind the document calls it most often; a de-escalation zone stays one even where
    most sentences say "ceasefire"."""
    if ref.kinds:
        return max(
            ref.kinds, key=lambda k: (k == "de-escalation", ref.kinds.count(k), KIND_RANK.get(k, 0))
        )
    categories = {p.category for p in ref.provisions}
    for category in ("evacuation", "reconciliation", "ceasefire"):
        if category in categories:
            return category
    return ""


def _worth_reporting(ref: Referent) -> bool:
    """The main agreement whenever the document says something specific about it; another
    agreement only when the document dates it (else it is a passing reference)."""
    dated = any(c.field in KEY_ROLES for c in ref.claims)
    if not ref.main:
        return dated
    return (
        dated
        or bool(ref.provisions)
        or bool(ref.kinds)
        or any(c.field in ("zone", "guarantor", "party") for c in ref.claims)
    )


def _events_in(ref: Referent, events: Sequence[Event], document: str) -> list[str]:
    spans = [(v.source.start, v.source.end) for v in ref.views]
    out = []
    for e in events:
        for s in e.sources:
            if s.document == document and any(a <= s.start < b for a, b in spans):
                out.append(e.id)
                break
    return out


def mention_id(document: str, start: int) -> str:
    return hashlib.sha1(f"agreement|{document}|{start}".encode()).hexdigest()[:16]


def extract_agreements(
    analysis: Analysis, sdoc: Doc, events: list[Event]
) -> list[AgreementMention]:
    """The agreements one document talks about, each with what the document says of it."""
    lex = load_lexicon()
    resolver = Resolver(lex, analysis.anchor)
    for view in _views(analysis, sdoc, lex):
        _sentence(view, resolver)
    doc_id = analysis.document.id
    country = document_country(analysis.mentions)
    out = []
    for ref in resolver.referents:
        if not ref.views or not _worth_reporting(ref):
            continue
        names = [c.value for c in ref.claims if c.field == "name" and isinstance(c.value, str)]
        out.append(
            AgreementMention(
                id=mention_id(doc_id, ref.views[0].source.start),
                document=doc_id,
                kind=_kind(ref),
                name=names[0] if names else ref.name,
                claims=settle_places(ref.claims, country),
                provisions=ref.provisions,
                events=_events_in(ref, events, doc_id),
            )
        )
    return out


__all__ = ["extract_agreements", "mention_id"]

"""Events and claims: every event in every sentence of a document body, typed in PLOVER
with a mode and, where one applies, an ACLED sub-event, with its actors, place, date,
counts, modality and attribution, and the sentence it was read from.

The method is a lexicon and the dependency parse, so that every field can be explained:

1. triggers (``triggers.py``): the lexicon's patterns (``data/event_lexicon.yaml``)
   matched on lemmas, multiword ones first ("went into effect", "laid down their arms");
   each match checked against its conditions (part of speech, subject/object words);
   weak triggers ("agreement", "casualties") count only where nothing else does;
2. disasters are not conflict events: a sentence about a flood or a crash with no
   violent agent keeps only statements;
3. embedding: a governing act (asked, warned, refused, agreed) takes in an event in its
   complement ("asked the FSA to hand over ..." is one REQUEST, mode yield); "denied"
   passes "denied" on to the event it governs;
4. events of one type in one clause are one event ("attacked and killed");
5. arguments (``arguments.py``), counts (``counts.py``), modality and attribution
   (``modality.py``), and the ACLED sub-event from the lexicon's ordered rules, read on
   the event's own clause.

Reporting verbs (said, told, reported) are never events; they give the attribution.
`extract_event_records` also returns an `EventTrace` per event saying why it was made.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from truceline import EXTRACTOR_VERSION
from truceline.extract.events.antecedent import WEAPON_SUB_EVENTS, weapon_of_antecedent
from truceline.extract.events.arguments import (
    AGREEMENT_NOUNS,
    Located,
    actor_of,
    between,
    depth,
    locate,
    noun_roles,
    phrase_text,
    side_of,
    tree_distance,
    verb_roles,
)
from truceline.extract.events.counts import (
    CountReading,
    carry_toll,
    casualties_of,
    fatalities_of,
    read_counts,
)
from truceline.extract.events.gates import political_enough, reports_relevant, violent_enough
from truceline.extract.events.history import StoryThread
from truceline.extract.events.inherit import PlaceContext
from truceline.extract.events.modality import attribution_of, conditioned, modality_of
from truceline.extract.events.naming import DocumentFacts, document_facts, name_actors
from truceline.extract.events.refine import (
    RuleInput,
    acled_label,
    between_states,
    without_attribution,
    without_words,
)
from truceline.extract.events.scene import dated_elsewhere, nearest_date, nearest_place
from truceline.extract.events.senses import refused
from truceline.extract.events.triggers import (
    HOSTILE,
    Candidate,
    SentenceView,
    find_candidates,
    flatten,
    fold,
    grievance_tokens,
    local_keys,
    object_tokens,
    same_clause,
)
from truceline.lexicons.events import (
    REPORTING_VERBS,
    Lexicon,
    SentenceCues,
    load_lexicon,
    wordset,
)
from truceline.models import (
    Actor,
    Analysis,
    DateValue,
    Event,
    Mention,
    Modality,
    Sentence,
    Source,
)
from truceline.understand.dates import history_floor, is_background

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

VIOLENT_TYPES = frozenset({"ASSAULT", "CRIME"})
# What is political by its own act (a crowd in the street): the types that need no
# political page. In a crime story an arrest is police work (a drunk driver arrested),
# force a murder, a bar fight, a hit-and-run (`gates.POLITICS_EVIDENCE`).
SELF_EVIDENT_TYPES = frozenset({"PROTEST"})
# How far after an event's sentence a context rule reads (ACLED notes and wire briefs
# tell what followed in the next one or two sentences: "Police intervened.").
CONTEXT_SENTENCES = 2
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "AGREE"})
# ACLED labels that describe a physical event; the others (DIPLO, ATTRIB, OTHER, none)
# describe statements and relations. Used to choose a snippet's main event for ACLED.
MATERIAL_ACLED = wordset(
    "ABDUCT_DISSAP AGREEMENT AIR_STRIKE ARMED_CLASH ARREST ART_MISS_ATTACK ATTACK "
    "CHANGE_TO_GROUP_ACT CHEM_WEAP DISR_WEAP FORCE_AGAINST_PROTEST GOV_REGAINS_TERIT "
    "GRENADE HQ_ESTABLISHED MOB_VIOL NON_STATE_ACTOR_OVERTAKES_TER "
    "NON_VIOL_TERRIT_TRANSFER ORG_CRIME PEACE_PROTEST PROPERTY_DISTRUCT "
    "PROTEST_WITH_INTER REM_EXPLOS SEX_VIOL SUIC_BOMB VIOL_DEMONSTR"
)
# How far (characters) before a sentence a mention may start and still reach into it: no
# place, actor or date name is this long.
MENTION_REACH = 200
# How many sentences after a generic attack its weapon may be named.
WEAPON_LOOKAHEAD = 2
# Classes whose grammatical patient is who acts when no agent is named ("Russian military
# police will be deployed").
PATIENT_ACTS = frozenset({"mobilize"})
# The PLOVER mode of a governing act from the kind of act it governs: a demand or a
# refusal is about yielding, meeting, help or change; a threat about violence or
# restrictions.
_ASKED_OR_REFUSED = {
    "RETREAT": "yield",
    "CONCEDE": "yield",
    "CONSULT": "meet",
    "AGREE": "meet",
    "AID": "assist",
    "COOPERATE": "assist",
    "SUPPORT": "assist",
}
GOVERNED_MODES = {
    "REQUEST": _ASKED_OR_REFUSED,
    "REJECT": _ASKED_OR_REFUSED,
    "THREATEN": {
        "ASSAULT": "violence",
        "COERCE": "restrict",
        "SANCTION": "relations",
        "MOBILIZE": "violence",
    },
}
GOVERNED_DEFAULT = {"REQUEST": "change", "REJECT": "change", "THREATEN": ""}


@dataclass(frozen=True, slots=True)
class EventTrace:
    """Why an event was made: for explanations and for choosing a text's main event."""

    trigger: str  # the trigger's words as written
    trigger_start: int  # character offset of the head word in the body
    entry: str  # the lexicon pattern that matched
    depth: int  # the head word's distance from the root of its sentence's parse
    sentence: int  # index of the sentence in the analysis
    classes: tuple[str, ...]
    absorbed: tuple[str, ...]  # triggers folded into this event
    rule: int  # index of the ACLED rule that decided, -1 for the trigger's default
    agent_text: str = ""  # the words actor1 was read from
    patient_text: str = ""  # the words actor2 was read from


@dataclass(slots=True)
class _DocContext:
    analysis: Analysis
    sdoc: Doc
    lexicon: Lexicon
    keys: list[tuple[str, str]]  # (lemma, lower text) of every token of the body
    places: PlaceContext  # venues and the places events inherit
    facts: DocumentFacts  # what naming actors reads from the whole document
    # the document is about dealings between states or with an international body: its
    # talks and statements may be diplomatic events (one reading for all its sentences,
    # so that two mentions of one meeting are typed alike)
    international: bool = False
    last_speaker: str | None = None
    # the day what is told is judged background by: the document's anchor, or for an
    # undated one the latest year it tells (`history_floor`)
    history_day: DateValue | None = None


@dataclass(frozen=True, slots=True)
class _Located:
    actors: list[Located]
    places: list[Located]
    dates: list[Located]
    taken: frozenset[int]  # tokens of places and dates: never an unlisted actor


def extract_events(analysis: Analysis, sdoc: Doc) -> list[Event]:
    """Every event in every sentence of the body (more than one per sentence where there
    are several). Pure."""
    return [event for event, _ in extract_event_records(analysis, sdoc)]


def extract_event_records(
    analysis: Analysis, sdoc: Doc, *, lexicon: Lexicon | None = None
) -> list[tuple[Event, EventTrace]]:
    """`extract_events` with the trace of each event."""
    keys = [(t.lemma_.lower(), t.lower_) for t in sdoc]
    places = locate(sdoc, (m for m in analysis.mentions if m.kind == "place"))
    context = PlaceContext.build(
        analysis.document.body, places, [s.start for s in analysis.sentences]
    )
    lex = lexicon or load_lexicon()
    dates = ((m.start, m.end, m.value) for m in analysis.mentions if isinstance(m.value, DateValue))
    history_day = analysis.anchor or history_floor(analysis.document.body, dates)
    ctx = _DocContext(
        analysis,
        sdoc,
        lex,
        keys,
        context,
        document_facts(analysis, history_day),
        international=between_states(
            lex,
            SentenceCues(keys),
            [m.value for m in analysis.mentions if m.kind == "actor"],
            [m.value for m in analysis.mentions if m.kind == "place"],
            [t.text for t in sdoc],
        ),
        history_day=history_day,
    )
    mentions = sorted(analysis.mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    records: list[tuple[Event, EventTrace]] = []
    thread = StoryThread(analysis.document.body, ctx.history_day)
    for index, sent in enumerate(analysis.sentences):
        span = sdoc.char_span(sent.start, sent.end, alignment_mode="expand")
        inside: list[Mention] = []
        if span is not None:
            # mentions are short: one starting a little before the sentence may reach in
            lo = bisect.bisect_left(starts, span.start_char - MENTION_REACH)
            hi = bisect.bisect_left(starts, span.end_char)
            inside = [m for m in mentions[lo:hi] if m.end > span.start_char]
        history = thread.told_as_history(sent, span, inside)
        if span is None or not len(span) or not reports_relevant(sent, analysis.document):
            continue
        found = weapon_of_antecedent(
            _sentence_events(ctx, index, sent, span, inside), records, sdoc
        )
        if history:  # goes on with a story told long before the report
            found = [(replace(event, background=True), trace) for event, trace in found]
        if not found:  # "1 fatality.", "The toll rose to 12." tell the last event's toll
            carry_toll(records, index, span, _date_tokens(sdoc, inside))
        # a hypothesis ("could heighten", "unlikely that the rebels will agree", "if the
        # talks fail, the army would ...") is no event of the record: of 75 such events
        # in the judged crawl samples A-H, readers called 2 right
        records.extend(r for r in found if r[0].modality != "hypothetical")
        _remember_speaker(ctx, span)
    return records


# ------------------------------------------------------------------ one sentence


def _sentence_events(
    ctx: _DocContext, index: int, sent: Sentence, span: Span, mentions: list[Mention]
) -> list[tuple[Event, EventTrace]]:
    keys = ctx.keys[span.start : span.end]
    if not any(a in ctx.lexicon.by_first or b in ctx.lexicon.by_first for a, b in keys):
        return []
    found = locate(ctx.sdoc, mentions)
    dates = [loc for loc in found if loc.mention.kind == "date"]
    places = [loc for loc in found if loc.mention.kind == "place"]
    date_tokens = frozenset(t.i for loc in dates for t in _tokens_of(ctx.sdoc, loc.mention))
    place_tokens = frozenset(t.i for loc in places for t in _tokens_of(ctx.sdoc, loc.mention))
    cue_keys = [("", "") if t.i in date_tokens else k for t, k in zip(span, keys, strict=True)]
    view = SentenceView(span, keys, SentenceCues(cue_keys), date_tokens, place_tokens, dates)
    candidates = find_candidates(ctx.lexicon, view)
    if not candidates:
        return []
    tops = _reported(fold(candidates))
    if not violent_enough(sent, ctx.analysis):
        tops = [c for c in tops if c.etype not in VIOLENT_TYPES]  # another sense of the word
    if not political_enough(ctx.analysis):
        tops = [c for c in tops if c.etype in SELF_EVIDENT_TYPES]  # not between parties
    if not tops:
        return []
    located = _Located(
        [loc for loc in found if loc.mention.kind in ("actor", "person")],
        places,
        dates,
        date_tokens | place_tokens,
    )
    shares = _share_counts(read_counts(span, date_tokens), tops)
    return [
        _build(ctx, index, sent, view, cand, located, shares.get(id(cand), [])) for cand in tops
    ]


def _reported(tops: list[Candidate]) -> list[Candidate]:
    """Leave out an event told in passing inside another of its type, in a relative clause
    about a person ("protesters blocked the road ... against the death of a man who was
    shot during a demonstration in Tripoli" reports the blockade; the earlier
    demonstration is that man's story)."""
    return [
        c
        for c in tops
        if not any(
            o is not c
            and o.etype == c.etype
            and o.head.is_ancestor(c.head)
            and _about_a_person(c.head, o.head)
            for o in tops
        )
    ]


def _about_a_person(token: Token, above: Token) -> bool:
    """Is `token` inside a relative clause about a person ("a man who was shot during
    ...") between it and `above`?"""
    t = token
    while t.i != above.i and t.head.i != t.i:
        if t.dep_ == "relcl" and any(c.lower_ in ("who", "whom", "whose") for c in t.subtree):
            return True
        t = t.head
    return False


def _date_tokens(sdoc: Doc, mentions: list[Mention]) -> frozenset[int]:
    return frozenset(t.i for m in mentions if m.kind == "date" for t in _tokens_of(sdoc, m))


def _tokens_of(sdoc: Doc, m: Mention) -> list[Token]:
    span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
    return list(span) if span is not None else []


def _share_counts(
    readings: list[CountReading], tops: list[Candidate]
) -> dict[int, list[CountReading]]:
    """Each count goes to the nearest event; killed counts to the nearest violent one."""
    shares: dict[int, list[CountReading]] = {}
    violent = [c for c in tops if c.etype in VIOLENT_TYPES]
    for r in readings:
        pool = violent if (r.fatal or r.key.endswith("killed")) and violent else tops
        owner = min(pool, key=lambda c: min(tree_distance(r.token, x.head) for x in c.all()))
        shares.setdefault(id(owner), []).append(r)
    return shares


# ------------------------------------------------------------------ one event


def _build(
    ctx: _DocContext,
    index: int,
    sent: Sentence,
    view: SentenceView,
    cand: Candidate,
    located: _Located,
    readings: list[CountReading],
) -> tuple[Event, EventTrace]:
    etype = cand.etype
    doc = ctx.analysis.document
    actor1, actor2, agent_token, patient_token, roles = _actors(cand, located)
    classes = {c.trigger.cls for c in cand.all() if same_clause(c.head, cand.head)} - {""}
    side = _side(ctx.lexicon, actor1, agent_token, cand, view)
    target: set[str] = set()
    for c in cand.all():
        heads, modifiers = object_tokens(c.head, view.span)
        target |= {w for t in heads + modifiers for w in (t.lower_, t.lemma_.lower())}
    agent_words = (
        {w for t in agent_token.subtree for w in (t.lower_, t.lemma_.lower())}
        if agent_token is not None
        else set()
    )
    # what a protest is against is its reason, not what happened at it
    reason = grievance_tokens(cand.head) if etype == "PROTEST" else set()
    got = RuleInput(
        classes,
        SentenceCues(local_keys(view, cand)),
        own := without_words(view.cues, view.span.start, reason),
        (own, *_next_sentences(ctx, index)),
        side,
        target,
        agent_words,
    )
    acled, rule_mode, rule = acled_label(ctx.lexicon, cand, got)
    acled, rule_mode = without_attribution(acled, rule_mode, cand.trigger.mode)
    date = nearest_date(cand.head, located.dates, [c.head for c in cand.all()])
    modality: Modality = (
        "denied"
        if cand.denied
        else modality_of(cand.head, cand.trigger.cls, date=date, anchor=ctx.analysis.anchor)
    )
    if etype == "THREATEN" and modality in ("happened", "planned"):
        modality = "threatened"  # "ready to counter any operation"
    elif modality == "planned" and etype in HOSTILE and conditioned(cand.head):
        modality = "threatened"  # "if they fail to separate, the army will resume operations"
    attribution, _ = attribution_of(cand.head, view.span, ctx.last_speaker)
    usable = [
        p
        for p in located.places
        if ctx.places.allowed(p.mention, etype) and not dated_elsewhere(p, located.dates, date)
    ]
    place = nearest_place([c.head for c in cand.all()], usable, agent_token)
    if place is None:
        place = ctx.places.inherit(sent.start, sent.end, etype)
    actor1, actor2 = name_actors(
        ctx.analysis,
        ctx.facts,
        (actor1, actor2),
        roles,
        (etype, acled, modality == "happened"),
        place,
        date,
        head=cand.head,
    )
    if acled == "DIPLO" and not ctx.international:
        acled = None  # talks, praise or a vote at home: politics, not a diplomatic event
    if etype == "AGREE" and modality == "denied" and refused(cand.head):
        etype, modality, acled = "REJECT", "happened", None  # "will not accept": a refusal
    if acled == "AGREEMENT" and etype == "AGREE" and modality != "happened":
        acled = None  # ACLED codes an agreement made, not one refused, hoped for or due
    if acled == "ATTACK" and actor1 is not None and actor1.kind == "rioters":
        acled = "MOB_VIOL"  # a crowd that beats someone: ACLED's mob violence (a riot)
    event = Event(
        id=hashlib.sha1(f"{doc.id}|{sent.start}|{etype}|{cand.head.idx}".encode()).hexdigest()[:16],
        type=etype,
        mode=rule_mode or _mode(cand),
        acled_sub_event=acled,
        date=date,
        place=place,
        actor1=actor1,
        actor2=actor2,
        fatalities=fatalities_of(readings) if etype in VIOLENT_TYPES else None,
        modality=modality,
        attribution=attribution,
        sources=[
            Source(
                document=doc.id,
                outlet=doc.outlet,
                quote=doc.body[sent.start : sent.end],
                start=sent.start,
                end=sent.end,
                extractor=EXTRACTOR_VERSION,
            )
        ],
        counts={r.key: r.value for r in readings},
        casualties=casualties_of(readings),
        background=is_background(date, ctx.history_day),
    )
    trace = EventTrace(
        trigger=" ".join(t.text for t in cand.tokens),
        trigger_start=cand.head.idx,
        entry=cand.trigger.label,
        depth=depth(cand.head),
        sentence=index,
        classes=tuple(sorted(classes)),
        absorbed=tuple(" ".join(t.text for t in a.tokens) for a in flatten(cand.absorbed)),
        rule=rule,
        agent_text=phrase_text(agent_token)
        if agent_token is not None and actor1 is not None
        else "",
        patient_text=phrase_text(patient_token)
        if patient_token is not None and actor2 is not None
        else "",
    )
    return event, trace


def _mode(cand: Candidate) -> str:
    if cand.etype in GOVERNED_MODES and cand.absorbed:
        inner = cand.absorbed[0].trigger.type
        return (
            GOVERNED_MODES[cand.etype].get(inner, GOVERNED_DEFAULT[cand.etype]) or cand.trigger.mode
        )
    for c in cand.all():
        if c.trigger.mode:
            return c.trigger.mode
    return ""


def _actors(
    cand: Candidate, located: _Located
) -> tuple[
    Actor | None, Actor | None, Token | None, Token | None, tuple[Token | None, Token | None]
]:
    """(actor1, actor2, the tokens they were read from, and the first agent and patient
    tokens found, actors or not): each from the first member of the merged event that
    has it ("FSA groups attacked and killed 49 civilians")."""
    a1 = a2 = None
    agent_token = patient_token = None
    raw_agent: Token | None = None
    raw_patient: Token | None = None
    for c in cand.all():
        head = c.head
        verbal = head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB")
        agent, patient = verb_roles(head) if verbal else noun_roles(head, c.trigger.of_agent)
        if agent is not None and agent.lemma_.lower() in AGREEMENT_NOUNS:
            # "an agreement between rebels and Damascus went into effect"
            agent, patient = between(agent)
        if agent is None and c.trigger.cls in PATIENT_ACTS:
            agent, patient = patient, None
        if agent is not None and agent.pos_ == "PRON":
            agent = _antecedent(agent)
        raw_agent = raw_agent or agent
        raw_patient = raw_patient or patient
        if a1 is None:
            a1 = actor_of(agent, located.actors, places=located.places, taken=located.taken)
            agent_token = agent if a1 is not None else agent_token
        if a2 is None:
            a2 = actor_of(patient, located.actors, places=located.places, taken=located.taken)
            patient_token = patient if a2 is not None else patient_token
        if a1 is not None and a2 is not None:
            break
    if a1 is not None and a2 is not None and a1 == a2:
        a2 = None
    roles = (agent_token or raw_agent, patient_token or raw_patient)
    return a1, a2, agent_token, patient_token, roles


PERSON_PRONOUNS = frozenset({"he", "she"})
GROUP_PRONOUNS = frozenset({"it", "they", "we"})


def _antecedent(pronoun: Token) -> Token | None:
    """ "Syria says it is willing to withdraw": a subject pronoun in what someone says is,
    most often, the one who says it, if it can be (a person for "he", a group, a state
    or several for "it"/"they")."""
    low = pronoun.lower_
    if low not in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return None
    t = pronoun.head
    while t.head.i != t.i:
        t = t.head
        subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON":
            continue
        person = subj.ent_type_ == "PERSON"
        if (low in PERSON_PRONOUNS) == person:
            return subj
        return None
    return None


def _side(
    lex: Lexicon, actor: Actor | None, agent: Token | None, cand: Candidate, view: SentenceView
) -> str:
    """The agent's side for the ACLED territory rules. A pronoun ("it regained") takes
    the side of whoever reports it; failing both, the words before the trigger decide."""
    side = side_of(actor, agent, lex.state_words, lex.nonstate_words)
    if side or actor is not None:
        return side
    t = cand.head
    while t.head.i != t.i and not side:
        t = t.head
        subj = next((c for c in t.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
        if subj is not None:
            side = side_of(None, subj, lex.state_words, lex.nonstate_words)
    if side:
        return side
    before = {w for pair in view.keys[: cand.head.i - view.span.start] for w in pair}
    if before & lex.state_words and not before & lex.nonstate_words:
        return "state"
    if before & lex.nonstate_words and not before & lex.state_words:
        return "nonstate"
    return ""


def _next_sentences(ctx: _DocContext, index: int) -> list[SentenceCues]:
    """The words of the CONTEXT_SENTENCES sentences after sentence `index`, each apart,
    without crossing a paragraph break."""
    sentences = ctx.analysis.sentences
    body = ctx.analysis.document.body
    found = []
    last = sentences[index]
    for nxt in sentences[index + 1 : index + 1 + CONTEXT_SENTENCES]:
        if "\n\n" in body[last.end : nxt.start]:
            break
        span = ctx.sdoc.char_span(nxt.start, nxt.end, "expand")
        if span is not None:
            found.append(SentenceCues(ctx.keys[span.start : span.end]))
        last = nxt
    return found


def _remember_speaker(ctx: _DocContext, span: Span) -> None:
    """The last named speaker, for a later "he said"."""
    for t in span:
        if t.lemma_.lower() in REPORTING_VERBS and t.pos_ == "VERB":
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ == "PROPN":
                ctx.last_speaker = phrase_text(subj)
                return


# ------------------------------------------------------------------ reading the result


def main_event(
    records: Sequence[tuple[Event, EventTrace]], *, material_first: bool = False
) -> tuple[Event, EventTrace] | None:
    """The event a short text is mainly about: in the first sentence that has one, the
    event nearest the root of the parse. With `material_first` (ACLED-typed comparisons)
    events of a physical kind come before statements and relations, and a generic attack
    takes the weapon named for an attack in the next sentences."""
    if not records:
        return None
    pool = list(records)
    if material_first:
        material = [r for r in pool if r[0].acled_sub_event in MATERIAL_ACLED]
        pool = material or pool
    first = min(r[1].sentence for r in pool)
    chosen = min(
        (r for r in pool if r[1].sentence == first), key=lambda r: (r[1].depth, r[1].trigger_start)
    )
    if material_first and chosen[0].acled_sub_event == "ATTACK":
        later = [
            r
            for r in pool
            if first < r[1].sentence <= first + WEAPON_LOOKAHEAD
            and r[0].acled_sub_event in WEAPON_SUB_EVENTS
        ]
        if later:
            return later[0]
    return chosen


def plover_category(event: Event) -> str:
    """The PLOVER category a PLOVER coder gives the statement: the codebook codes a stated
    intention to cooperate ("will give", "is ready to contribute") as AGREE, a stated
    intention to harm or sanction as THREATEN, what someone must do as a demand and a
    refusal to cooperate as REJECT, whatever the action itself."""
    if event.modality == "planned" and event.type in COOPERATIVE:
        return "AGREE"
    if event.modality in ("planned", "threatened") and event.type in HOSTILE:
        return "THREATEN"
    if event.modality == "demanded" and event.type not in ("THREATEN", "REJECT"):
        return "REQUEST"  # "Sudan must return the helicopter"
    if event.modality == "denied" and event.type in COOPERATIVE:
        return "REJECT"  # "would not meet the demands": declining to cooperate
    return event.type

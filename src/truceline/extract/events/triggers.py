"""Finding the event triggers of one sentence and folding them into events (steps 1-4 of
`truceline.extract.events.extractor`).

A lexicon match becomes a `Candidate` when its conditions hold (part of speech, subject
or object words, nothing of a date); where two entries claim the same words, the longer
match wins, then the one whose object condition held on the object itself rather than on
a modifier or the words nearby. Candidates are then folded: an event in the complement of
a governing act (asked, warned, refused, agreed, seized) goes into it, and events of one
type in one clause are one event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from truceline.extract.events.arguments import Located, depth, tree_distance, within
from truceline.extract.events.senses import (
    called_off,
    decried,
    done_by_nobody,
    fighting_as_aim,
    habitual,
    names_a_unit,
    nobodys_threat,
    press_event,
    takes_object,
    tally,
)
from truceline.lexicons.events import (
    REPORTING_VERBS,
    Lexicon,
    Match,
    SentenceCues,
    Trigger,
    wordset,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE", "CRIME"})
# Triggers that only say someone was harmed ("dead", "casualties"): counted only where the
# sentence names violence or a weapon, so that road deaths are not attacks.
HARM_CLASSES = frozenset({"harm"})
# How many words either side of a trigger its `not_near` words are looked for in.
NOT_NEAR_WINDOW = 3
# How many words after a trigger count as its object when the parse gives none.
OBJECT_WINDOW = 6
# How many words before a trigger count as its subject when the parse gives none.
SUBJECT_WINDOW = 12
# A weak agreement noun counts only with a date this near it in the parse ("the
# ceasefires of late February 2016"); four arcs kept every dated agreement of the seeds
# and dropped the passing mentions ("pleased with the agreement", "... told X on Thursday").
ANCHOR_DISTANCE = 4
# An agreement noun whose verb says it ended, was broken or does not apply is not an
# agreement event.
ENDING_VERBS = wordset(
    "end expire collapse fail violate break abandon suspend cancel terminate breach undermine apply"
)
COMPLEMENT_DEPS = frozenset(
    {"dobj", "obj", "pobj", "attr", "dative", "oprd", "xcomp", "ccomp", "acomp"}
)
# Prepositions that introduce an object ("attack on", "clashes with"), not a place or time.
OBJECT_PREPS = frozenset(
    ["on", "onto", "upon", "against", "into", "to", "with", "of", "for", "targeting", "over"]
)
# Relative clauses tell of something else ("a town that was the scene of an attack");
# adverbial and participle clauses usually tell of the same event ("killed when a bomb
# exploded"), so they are not cut off.
CLAUSE_DEPS = frozenset({"relcl"})
# What a sentence about a flood or a crash may still report: statements, relations and
# protests.
KEPT_IN_DISASTERS = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "SANCTION",
        "COOPERATE",
        "PROTEST",
    }
)


# What only people do, whatever disaster the sentence is about: a flood kills and an
# epidemic spreads, but police who beat a man for not wearing a mask during a lockdown,
# soldiers who open fire at a checkpoint, an arrest for breaking a curfew, prisoners
# released to keep an epidemic out of the jails are events.
HUMAN_ACTS = frozenset({"beat", "shoot", "arrest", "disperse", "torture", "release"})
NOBODY = frozenset({"nobody", "none", "noone"})


@dataclass(slots=True)
class Candidate:
    """A trigger that passed its conditions, and what was folded into it."""

    match: Match
    head: Token
    tokens: tuple[Token, ...]
    strength: int = 0  # 2: object condition met on the object; 1: on a modifier or nearby
    absorbed: list[Candidate] = field(default_factory=list)
    merged: list[Candidate] = field(default_factory=list)
    denied: bool = False

    @property
    def trigger(self) -> Trigger:
        return self.match.trigger

    @property
    def etype(self) -> str:
        """The event's type: the trigger's, except that a stated readiness to do something
        hostile ("ready to counter any operation") is a threat."""
        trig = self.match.trigger
        if trig.intent and self.absorbed and self.absorbed[0].match.trigger.type in HOSTILE:
            return "THREATEN"
        return trig.type

    def all(self) -> list[Candidate]:
        return [self, *self.merged]


@dataclass(frozen=True, slots=True)
class SentenceView:
    """What trigger conditions look at besides the words: dates and places of the sentence."""

    span: Span
    keys: list[tuple[str, str]]
    cues: SentenceCues
    date_tokens: frozenset[int]
    place_tokens: frozenset[int]
    dates: Sequence[Located]


# ------------------------------------------------------------------ finding


def find_candidates(lex: Lexicon, view: SentenceView) -> list[Candidate]:
    """Steps 1-2: accepted, non-overlapping trigger matches; weak ones only alone."""
    accepted: list[Candidate] = []
    for m in lex.find(view.keys):
        head = view.span[m.head]
        if head.i in view.date_tokens or head.ent_type_ in ("DATE", "TIME"):
            continue  # "mid-March" is not a march
        if (
            len(m.tokens) == 1
            and head.lemma_.lower() in REPORTING_VERBS
            and m.trigger.type not in ("THREATEN", "ACCUSE")
        ):
            continue
        strength = _accepts(m, head, view)
        if strength is not None and _anchored(m.trigger, head, view.dates):
            accepted.append(Candidate(m, head, tuple(view.span[i] for i in m.tokens), strength))
    if _furniture(view.span):
        return []  # a line of links or headlines ("| Copyright ... / Modi to meet ... |")
    if view.span.text.rstrip(" \"'”’)").endswith("?"):
        return []  # a question reports nothing
    # who holds a place is no event, and must not outrank one ("a shoot-out ..., area
    # controlled by the TCP")
    kept = _without_overlaps([c for c in accepted if not _held(c)])
    kept = [
        c
        for c in kept
        if not _grievance(c, kept) and not _in_question(c.head, view.span) and not _own_aim(c.head)
    ]
    kept = [
        c
        for c in kept
        if c.trigger.cls not in HARM_CLASSES or view.cues.any(lex.violent_agent_cues)
    ]
    kept = [
        c
        for c in kept
        if (not c.trigger.needs or view.cues.any(c.trigger.needs))
        and not (c.trigger.unless and view.cues.any(c.trigger.unless))
    ]
    strong = [c for c in kept if not c.trigger.weak]
    return _drop_disasters(lex, strong if strong else kept[:1], view.cues)


def _without_overlaps(cands: list[Candidate]) -> list[Candidate]:
    ordered = sorted(
        cands, key=lambda c: (-len(c.tokens), -c.strength, c.trigger.weak, c.tokens[0].i)
    )
    taken: set[int] = set()
    kept: list[Candidate] = []
    for c in ordered:
        idx = {t.i for t in c.tokens}
        if taken & idx:
            continue
        taken |= idx
        kept.append(c)
    return sorted(kept, key=lambda c: c.tokens[0].i)


def _anchored(trig: Trigger, head: Token, dates: Sequence[Located]) -> bool:
    if not trig.anchored:
        return True
    if head.head.lemma_.lower() in ENDING_VERBS:
        return False
    return any(tree_distance(head, d.root) <= ANCHOR_DISTANCE for d in dates)


def _accepts(m: Match, head: Token, view: SentenceView) -> int | None:
    """None when a condition fails, else the strength of the object condition."""
    trig = m.trigger
    verbal = head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB")
    if (trig.pos == "V" and not verbal) or (trig.pos == "N" and verbal):
        return None
    if (
        len(m.tokens) == 1
        and head.dep_ in ("compound", "amod")
        and (trig.type not in ("PROTEST", "CRIME") or names_a_unit(head))
    ):
        return None  # "the negotiations committee", "the besieged countryside", "riot police"
    if head.dep_ in ("pobj", "pcomp") and head.head.lower_ == "without":
        return None  # "evacuated without fighting", "without offering any evidence"
    if _long_past(head):
        return None  # "went into effect after years of bombings": history, not an event
    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return None  # "no arrests were made", "no casualties": an absence, not an event
    if any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in NOBODY for c in head.children):
        return None  # "police arrested nobody", "none was hurt"
    if head.lemma_.lower() == "ask" and _asks_a_question(head):
        return None  # "asked whether the crisis was over": a question, not a request
    if _running_total(head):
        return None  # "2,800 people have died since 2004": a toll to date, not one event
    if trig.plural and head.tag_ not in ("NNS", "NNPS"):
        return None
    rel = head.i - view.span.start
    if trig.not_near:
        near = view.keys[max(0, rel - NOT_NEAR_WINDOW) : rel + NOT_NEAR_WINDOW + 1]
        if any(w in trig.not_near for pair in near for w in pair):
            return None
    if trig.obj_none and _words(object_tokens(head, view.span)[0]) & trig.obj_none:
        return None  # "visited the blast site", "met the train"
    if trig.subj_none and _words(_subject_tokens(head, view.span)) & trig.subj_none:
        return None  # "the fog lifting allowed flights", "the law allows"
    if trig.intransitive and takes_object(head):
        return None  # "demonstrated the rebels' reach", "demonstrated how it works"
    if trig.type == "THREATEN" and nobodys_threat(head):
        return None  # "the threat of flooding", "security threats"
    if fighting_as_aim(head):
        return None  # "insurgents fighting the government", "formed to fight al-Qaida"
    if called_off(head) or decried(head) or habitual(head) or press_event(head) or tally(head):
        return None  # "the rally was cancelled", "condemned the attack", "often targeted"
    if trig.own_subject and not _asks_of_others(head):
        return None  # "they wanted to kill": an intent, not a demand
    # a met subject condition ("food ... entering") says more than an object one
    # ("entering the pocket"): aid entering a town is not an army taking it
    subject = 0
    if trig.subj:
        if not (_words(_subject_tokens(head, view.span)) & trig.subj):
            return None
        subject = 3
    if not trig.obj:
        return subject
    heads, modifiers = object_tokens(head, view.span)
    if _words(heads) & trig.obj:
        return subject + 2
    if trig.cls.startswith("capture") and any(t.i in view.place_tokens for t in heads):
        return subject + 2  # "recaptured Palmyra": a named place is territory
    if _words(modifiers) & trig.obj:
        return subject + 1
    return None


# Verbs of wanting whose infinitive, with no subject of its own, is the subject's aim
# (forms listed: the lemmatiser reads "hopes" as "hop").
AIM_VERBS = frozenset(
    [
        "want",
        "wants",
        "wanted",
        "wanting",
        "wish",
        "wishes",
        "wished",
        "wishing",
        "seek",
        "seeks",
        "sought",
        "seeking",
        "aim",
        "aims",
        "aimed",
        "aiming",
        "hope",
        "hopes",
        "hoped",
        "hoping",
    ]
)


def _own_aim(head: Token) -> bool:
    """ "They wanted to kill", "he hopes to meet": what someone aims at is no event."""
    return head.dep_ == "xcomp" and head.head.lower_ in AIM_VERBS


def _held(c: Candidate) -> bool:
    """ "The area controlled by the TCP", "towns held by rebels", "the areas under its
    control": who holds a place, said of the place, is its state, not the event of taking
    it."""
    head = c.head
    if not c.trigger.cls.startswith("capture"):
        return False
    if head.lower_ == "under" and head.head.pos_ in ("NOUN", "PROPN"):
        return True  # "the areas under its control": which areas, not their taking
    return (
        head.dep_ == "acl"
        and head.tag_ == "VBN"
        and head.lemma_.lower() in ("control", "hold", "occupy")
    )


def _asks_of_others(head: Token) -> bool:
    """Does a verb of wanting name who is to act ("want them to leave", "want a
    ceasefire") rather than the subject's own intent ("want to leave")?"""
    for c in head.children:
        if c.dep_ in ("dobj", "obj", "dative"):
            return True
        if c.dep_ in ("xcomp", "ccomp") and any(
            g.dep_ in ("nsubj", "nsubjpass") for g in c.children
        ):
            return True
    return False


def _words(tokens: Sequence[Token]) -> set[str]:
    return {t.lower_ for t in tokens} | {t.lemma_.lower() for t in tokens}


def _noun_group(token: Token) -> list[Token]:
    """A noun with its coordinated nouns and the object of a following "of" ("a stash of
    weapons and ammunition")."""
    out = [token]
    for c in token.children:
        if c.dep_ == "conj":
            out.extend(_noun_group(c))
        elif c.dep_ == "prep" and c.lower_ == "of":
            out.extend(g for p in c.children if p.dep_ == "pobj" for g in _noun_group(p))
    return out


def object_tokens(head: Token, span: Span) -> tuple[list[Token], list[Token]]:
    """(object heads, their modifiers and the words nearby). A passive verb's object is
    its subject ("the deal, which was signed"); a preposition's object counts ("signed
    onto the deal")."""
    heads: list[Token] = []
    for c in head.children:
        if c.dep_ in COMPLEMENT_DEPS and c.i > head.i or c.dep_ == "nsubjpass":
            heads.extend(_noun_group(c))
        elif c.dep_ in ("prep", "prt") and c.i > head.i and c.lower_ in OBJECT_PREPS:
            heads.extend(g for p in c.children if p.dep_ == "pobj" for g in _noun_group(p))
    if head.dep_ in ("relcl", "acl"):
        heads.append(head.head)
    if not heads:
        return [], list(span.doc[head.i + 1 : min(head.i + 1 + OBJECT_WINDOW, span.end)])
    seen = {h.i for h in heads}
    modifiers = [t for h in heads for t in h.subtree if t.i not in seen]
    return heads, modifiers


def _subject_tokens(head: Token, span: Span) -> list[Token]:
    from truceline.extract.events.arguments import verb_roles

    agent, patient = verb_roles(head)
    subject = agent if agent is not None else None
    if subject is None and any(c.dep_ == "nsubjpass" for c in head.children):
        subject = patient  # "aid was allowed to enter"
    if subject is not None:
        return list(subject.subtree)
    return list(span.doc[max(span.start, head.i - SUBJECT_WINDOW) : head.i])


def _drop_disasters(lex: Lexicon, cands: list[Candidate], cues: SentenceCues) -> list[Candidate]:
    """Step 2: a sentence about a flood or a crash with no violent agent reports no
    violence, arrest, deployment or rescue as a conflict event."""
    disaster = any(cues.any(phrases) for _, phrases in lex.disaster_cues)
    if not disaster or cues.any(lex.violent_agent_cues):
        return cands
    return [c for c in cands if c.trigger.type in KEPT_IN_DISASTERS or c.trigger.cls in HUMAN_ACTS]


# ------------------------------------------------------------------ folding


def fold(cands: list[Candidate]) -> list[Candidate]:
    """Steps 3 and 4: embedded events into their governing act, then one event per type
    and clause."""
    top: list[Candidate] = []
    for c in sorted(cands, key=lambda c: depth(c.head)):
        owner = _governor(c, top)
        if owner is None:
            top.append(c)
        else:
            c.denied = owner.trigger.cls == "deny"
            owner.absorbed.append(c)
    released: list[Candidate] = []
    for c in top:
        if c.trigger.cls == "deny" and c.absorbed and not done_by_nobody(c.head):
            # "denied carrying out the attack": the attack is reported, as denied
            released.extend(a for a in c.absorbed if a.denied)
        elif done_by_nobody(c.head) or (c.trigger.intent and not c.absorbed):
            continue  # "no one was arrested"; "ready to deal with all the options"
        else:
            released.append(c)
    ordered: list[Candidate] = []
    for c in sorted(released, key=lambda c: (depth(c.head), c.head.i)):
        same = next(
            (
                o
                for o in ordered
                if o.etype == c.etype and o.denied == c.denied and same_clause(c.head, o.head)
            ),
            None,
        )
        if same is not None:
            same.merged.append(c)
        else:
            ordered.append(c)
    return sorted(ordered, key=lambda c: c.head.i)


def same_clause(token: Token, head: Token) -> bool:
    """Whether `token` is outside any relative, adjectival or adverbial clause that does
    not hold `head` (and the other way round)."""
    return not behind_clause(token, head) and not behind_clause(head, token)


def behind_clause(token: Token, head: Token) -> bool:
    t = token
    while t.head.i != t.i:
        if t.dep_ in CLAUSE_DEPS and t.head.i != head.i and not within(head, t):
            return True
        t = t.head
    return False


def _governor(c: Candidate, tops: list[Candidate]) -> Candidate | None:
    """The nearest absorbing act above `c` in the tree, if `c` is in its complement."""
    best: tuple[int, Candidate] | None = None
    for g in flatten(tops):
        if not g.trigger.absorbs or g is c or g.head.i == c.head.i or not within(c.head, g.head):
            continue
        if _in_subject(c.head, g.head) or _coordinated(c.head, g.head):
            continue
        d = tree_distance(c.head, g.head)
        if best is None or d < best[0]:
            best = (d, g)
    return best[1] if best else None


def _coordinated(token: Token, head: Token) -> bool:
    """ "to demand better pay and to protest the shortages": an act coordinated with
    another is its sibling, not what the other governs."""
    t = token
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
        if t.i == head.i:
            return True
    return False


def flatten(cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in cands:
        out.append(c)
        out.extend(flatten(c.absorbed))
    return out


def _in_subject(token: Token, verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "csubj") and within(token, c) for c in verb.children)


def local_keys(view: SentenceView, cand: Candidate) -> list[tuple[str, str]]:
    """The sentence's words as the event's own clause has them: words of relative clauses
    that hold none of the event's triggers, and of dates, are blanked ("captured five
    villages near a town that was the scene of a chemical attack")."""
    heads = [c.head for c in cand.all()]
    blanked = set(view.date_tokens)
    if cand.etype == "PROTEST":
        blanked |= grievance_tokens(cand.head)
    for token in view.span:
        if token.dep_ in CLAUSE_DEPS and not any(within(h, token) for h in heads):
            blanked.update(t.i for t in token.subtree)
    blank = ("", "")
    return [blank if t.i in blanked else pair for t, pair in zip(view.span, view.keys, strict=True)]


# "years of bombings", "decades of war", "months of siege": a stretch of the past told as
# background to what happened, not one event
LONG_SPANS = frozenset({"years", "decades", "months"})


def _long_past(head: Token) -> bool:
    of = head.head
    return (
        head.dep_ == "pobj"
        and of.lower_ == "of"
        and of.head.lower_ in LONG_SPANS
        and of.head.i < head.i
    )


# "protested against the arrest of the editor", "a rally over the killing of a driver":
# what a protest is about is its reason, told with the protest's own date, not a new
# event of that day
GRIEVANCE_PREPS = frozenset({"against", "over"})
# "in remembrance of the activists who were executed in 1972", "in solidarity with the
# detained": what a gathering honours is its reason too
COMMEMORATION_NOUNS = frozenset(
    {"remembrance", "memory", "honour", "honor", "commemoration", "solidarity", "tribute"}
)


def _grievance(c: Candidate, cands: list[Candidate]) -> bool:
    """Is the candidate told as a protest's reason ("against the arrest of a leader",
    "against the detention of activists accused of attacking a bank", "in remembrance of
    students executed in 1972"), not as an event of its own?"""
    if c.trigger.type == "PROTEST":
        return False
    return any(
        p.trigger.type == "PROTEST" and c.head.i in _reason_tokens(p.head, demands=False)
        for p in cands
    )


def _protest_roots(head: Token) -> list[Token]:
    """Where a protest's phrases hang: its trigger, and the verb that carries a protest
    noun ("held a protest ..., against the arrest")."""
    roots = [head]
    if head.pos_ == "NOUN" and head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
        roots.append(head.head)
    return roots


# Verbs whose clause after a protest says what the protesters want or decry ("...,
# demanding the authorities arrest the killers", "denouncing the detention of an
# activist"): its words are the reason too.
DEMAND_LEMMAS = frozenset(
    {"demand", "call", "urge", "ask", "protest", "denounce", "condemn", "decry", "oppose"}
)


def grievance_tokens(head: Token) -> set[int]:
    """Tokens of what a protest is against ("... against the killing of a driver by a
    soldier"), honours ("in remembrance of ...") or asks for ("..., demanding the
    authorities arrest the killers"): read as the protest's reason, not as what happened
    at it."""
    return _reason_tokens(head, demands=True)


def _reason_tokens(head: Token, *, demands: bool) -> set[int]:
    """Tokens of the phrases of protest `head` that say its reason; with `demands`, also
    the clauses that say what it asks for (the asking itself is a request of its own)."""
    found: set[int] = set()
    for root in _protest_roots(head):
        for t in root.subtree:
            if t.i in found:
                continue
            asks = (
                demands
                and t.dep_ in ("advcl", "xcomp", "acl")
                and t.i > head.i
                and t.lemma_.lower() in DEMAND_LEMMAS
            )
            if asks or _states_reason(t):
                found.update(x.i for x in t.subtree)
    return found


def _states_reason(t: Token) -> bool:
    """A phrase that says what a protest is against or over, or what it honours."""
    if t.dep_ != "prep":
        return False
    if t.lower_ in GRIEVANCE_PREPS:
        return True
    return t.lower_ in ("in", "to") and any(
        g.dep_ == "pobj" and g.lemma_.lower() in COMMEMORATION_NOUNS for g in t.children
    )


# what makes a count of deaths a running total: a stretch since a year or since a war
# began ("since 2004", "since the rebellion began"), or a rate ("each month")
RATES = ("each month", "every month", "a month", "each year", "every year", "a year")
LONG_STRETCHES = frozenset(
    {"war", "conflict", "rebellion", "uprising", "revolution", "insurgency", "crisis", "fighting"}
)
DEATH_WORDS = frozenset({"kill", "die", "death", "dead", "claim", "lose", "killing"})


def _running_total(head: Token) -> bool:
    """A death or killing told as a total over a long stretch, with a count: "2,800 people
    have died since the rebellion began", "72 people have been killed each month"."""
    if head.lemma_.lower() not in DEATH_WORDS:
        return False
    sentence = head.sent
    if not any(t.like_num for t in sentence):
        return False
    words = f" {' '.join(t.lower_ for t in sentence)} "
    if any(f" {rate} " in words for rate in RATES):
        return True
    for t in sentence:
        if t.lower_ != "since":
            continue
        after = t.doc[t.i + 1 : min(t.i + 9, sentence.end)]  # the stretch: a year, "the war"
        if any(
            (x.like_num and len(x.text) == 4 and x.text[:2] in ("19", "20"))
            or x.lemma_.lower() in LONG_STRETCHES
            for x in after
        ):
            return True
    return False


def _furniture(span: Span) -> bool:
    """Navigation or a list of headlines left in the text: two or more "|" separators."""
    return span.text.count("|") >= 2


QUESTION_WORDS = frozenset({"whether", "if", "why", "how", "what", "when", "who", "where", "which"})


def _asks_a_question(head: Token) -> bool:
    """ "asked whether ...", "asked why ...": the complement is a question."""
    for child in head.children:
        if child.dep_ in ("ccomp", "xcomp", "advcl") and any(
            t.lower_ in QUESTION_WORDS for t in list(child.subtree)[:3]
        ):
            return True
    return False


def _in_question(head: Token, span: Span) -> bool:
    """Inside what someone asked ("asked whether the fighting was over"): not reported."""
    for t in span:
        if t.lemma_.lower() == "ask" and _asks_a_question(t):
            for child in t.children:
                if child.dep_ in ("ccomp", "xcomp", "advcl") and within(head, child):
                    return True
    return False

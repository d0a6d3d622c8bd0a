"""How a statement about an event is held: its modality (happened, planned, demanded,
threatened, denied, hypothetical) and its attribution (who says so).

Modality is read from the trigger and the chain of words that govern it, nearest first:
auxiliaries ("will" → planned, "would/could/might/may" → hypothetical), conditional
markers ("if", "unless"), hedges ("unlikely", "likely", "possibly"), negation, and the
verbs that embed it ("asked ... to" → demanded, "threatened to" → threatened, "denied" →
denied, "due to", "scheduled", "plans to" → planned). A hedge anywhere in the chain wins
("It is unlikely that the FSA will agree" is hypothetical, not planned). A date after the
publication date makes an otherwise plain statement planned.

Attribution: "according to X" anywhere in the sentence, else the subject of a reporting
verb (said, told, reported, revealed, claimed ...) that governs the trigger. A pronoun
subject ("he said") takes the last named speaker of the document. None means the outlet
itself says it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from truceline.extract.events.arguments import phrase_text
from truceline.extract.events.senses import put_off
from truceline.lexicons.events import REPORTING_VERBS, wordset
from truceline.models import DateValue, Modality

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "'d", "should"})
# "Sudan must return the helicopter": what a speaker says someone must do is demanded.
OBLIGATION_AUX = frozenset({"must"})
# Past forms of "will" in reported speech ("they said they would boycott") state an
# intention, not a hypothesis, when no condition is attached.
REPORTED_FUTURE_AUX = frozenset({"would", "'d"})
HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether"})
_CONDITION_MARKS = HYPOTHETICAL_MARKS - {"whether"}  # a condition, not a question
HEDGES = wordset(
    "unlikely likely possible possibly probably perhaps maybe potentially potential "
    "impossible hypothetical conceivably allegedly"
)
NEGATIONS = frozenset({"not", "n't", "never", "no"})
DEMAND_VERBS = wordset(
    "ask request demand want urge encourage call insist press push seek appeal require plead beg"
)
THREAT_VERBS = frozenset({"threaten", "warn", "vow", "swear"})
# What did not come about: "failed to release the children", "unable to reach agreement",
# "prevented the deployment", "foiled a plot to bomb".
FAILURE_WORDS = wordset("fail unable prevent thwart foil avert")
_FAILED_DEPS = frozenset({"xcomp", "ccomp", "dobj", "prep", "pobj"})
DENY_VERBS = frozenset({"deny", "refuse", "reject", "decline", "dismiss", "refusal", "denial"})
PLAN_WORDS = wordset(
    "plan schedule due expect set intend prepare aim propose about going scheduled "
    "planned slate agree pledge promise commit stipulate envisage foresee"
)
# Modifiers of an event noun that put it in the future ("the upcoming talks").
FUTURE_MODIFIERS = wordset(
    "upcoming planned imminent impending expected future next proposed forthcoming "
    "scheduled prospective coming"
)
SPEAKER_PRONOUNS = frozenset({"he", "she"})
# How far up the tree a governing word may be: a trigger three clauses below a hedge is
# still under it ("unlikely that X would agree to begin releasing"); five levels covered
# every embedded trigger in the seeds' sentences.
MAX_CLIMB = 5
CLIMB_DEPS = wordset(
    "xcomp ccomp advcl conj pobj prep dobj acomp attr relcl acl csubj nsubj nsubjpass "
    "pcomp oprd amod compound nmod"
)

# An event noun that is the subject of a verb of consequence does not take that verb's
# modality: "the attack could heighten tensions" hedges the tensions, "the attack is aimed
# at the state's stability" tells its aim; "talks could take place", "talks are planned"
# and "if the blast was a suicide bombing" still hedge or plan the event.
CONSEQUENCE_VERBS = wordset(
    "heighten raise spark cause trigger prompt lead fuel increase worsen hurt damage "
    "undermine complicate affect deepen escalate inflame aggravate harm derail jeopardize "
    "jeopardise endanger weaken strengthen boost aim highlight show reflect mark expose "
    "change reshape shape influence"
)
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
# Nouns of what is told about an event ("could not provide details of the talks",
# "footage of the attack may emerge"): the modality above them is the telling's.
TELLING_NOUNS = wordset(
    "detail report news word information account footage video photo image picture "
    "description record transcript list story coverage evidence analysis question "
    "speculation rumour rumor"
)

# A request or a threat is what it says: the act asked for or threatened. A refusal or a
# denial is an act that happened ("rejected the demand"): what it denies is the event it
# governs, which the extractor marks denied ("denied carrying out airstrikes").
_CLASS_MODALITY: dict[str, Modality] = {
    "request": "demanded",
    "threat": "threatened",
}


def modality_of(
    head: Token, trigger_cls: str, *, date: DateValue | None, anchor: DateValue | None
) -> Modality:
    """The modality of the event whose trigger is headed by `head`."""
    hedged, nearest, future = _read_chain(head)
    if hedged:
        return "hypothetical"
    if head.pos_ in ("NOUN", "PROPN") and trigger_cls not in _CLASS_MODALITY and put_off(head):
        # "the meetings were postponed": still to come (one called off is no event at all;
        # "ahead of the visit" was tried and left: the visit is as often the day's news,
        # judged samples B and C)
        return "planned"
    if trigger_cls in _CLASS_MODALITY:
        return _CLASS_MODALITY[trigger_cls]
    if nearest is not None:
        return nearest
    if future:
        return "planned"
    if date is not None and anchor is not None and _after(date, anchor):
        return "planned"
    return "happened"


def conditioned(head: Token) -> bool:
    """Is the act told under a condition on its own clause ("if the groups fail to
    separate, the army will resume operations", "unless UK forces leave, they will kill",
    "otherwise we will protest")? Said of one's own future hostile act, that is a threat."""
    verb = head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head  # a noun trigger's clause: "will resume operations"
    for c in verb.children:
        if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS for m in c.children
        ):
            return True
        if c.dep_ == "advmod" and c.lower_ in ("otherwise", "else"):
            return True
    return False


def _read_chain(head: Token) -> tuple[bool, Modality | None, bool]:
    """(hedged anywhere, nearest embedding modality, future marked) along the chain of
    governors of `head`."""
    hedged = conditional = reported = False
    nearest: Modality | None = None
    future = False
    would = 0  # hedges that are only a "would"
    t = prev = head
    came_by = ""  # the dependency by which the chain reached `t`
    for level in range(MAX_CLIMB + 1):
        # a verb coordinated with its own subject or its own auxiliary has its own
        # auxiliaries ("X would not apply and Y had pledged", "would have objected and did
        # not realize"); one sharing both shares them ("will attack and kill")
        inherit = not (came_by == "conj" and (_has_subject(prev) or _has_aux(prev)))
        for c in t.children:
            if level > 0 and c.i == prev.i:
                continue
            low, lemma = c.lower_, c.lemma_.lower()
            if c.dep_ in ("aux", "auxpass") and low in HYPOTHETICAL_AUX and inherit:
                hedged = True
                would += low in REPORTED_FUTURE_AUX
                # "would have arrested him": what did not happen, never an intention
                conditional |= any(a.dep_ == "aux" and a.lemma_ == "have" for a in t.children)
            elif c.dep_ == "aux" and low in OBLIGATION_AUX and inherit and nearest is None:
                nearest = "demanded"
            elif c.dep_ == "aux" and (low in FUTURE_AUX or low == "going") and inherit:
                future = True
            elif (
                c.dep_ == "mark"
                and low in HYPOTHETICAL_MARKS
                or c.dep_ in ("advmod", "acomp", "amod")
                and lemma in HEDGES
            ):
                hedged = conditional = True
            elif c.dep_ == "amod" and lemma in FUTURE_MODIFIERS:
                future = True
            elif nearest is None and _negates(c, level, came_by):
                nearest = "denied"
        if t.dep_ == "acl" and t.head.lower_ == "order" and t.head.head.lower_ == "in":
            future = True  # "in order to launch more attacks": a purpose, not a deed
        if level > 0 and nearest is None and t.pos_ in ("VERB", "AUX", "ADJ"):
            nearest = _governor_modality(t, came_by)
            if nearest == "planned":
                nearest, future = None, True
        if level > 0 and t.lemma_.lower() in HEDGES:
            hedged = conditional = True
        if t.lemma_.lower() in REPORTING_VERBS and level > 0:
            reported = True
            break  # what a speaker hedges is theirs; the report itself is not hedged
        if t.dep_ not in CLIMB_DEPS or t.head.i == t.i or not _carries(t):
            break
        prev, came_by, t = t, t.dep_, t.head
    if hedged and reported and not conditional and would:
        return False, nearest, True  # "said they would boycott": a stated intention
    return hedged, nearest, future


def _carries(t: Token) -> bool:
    """Does the modality of `t`'s governor reach what `t` heads? Not from a verb of
    consequence a definite event noun is the subject of (`CONSEQUENCE_VERBS`), nor
    through a noun of what is told about it (`TELLING_NOUNS`)."""
    if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and definite(t):
        return t.head.lemma_.lower() not in CONSEQUENCE_VERBS
    up = t.head
    if t.dep_ == "pobj" and up.dep_ == "prep" and up.head.pos_ in ("NOUN", "PROPN"):
        return up.head.lemma_.lower() not in TELLING_NOUNS
    return True


def definite(noun: Token) -> bool:
    """Does the noun name one known thing ("the attack", "Wednesday's attack"), not any
    such ("further rocket attacks could cause the conflict to spiral": if they come)?"""
    return any(
        (c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS) or c.dep_ == "poss"
        for c in noun.children
    )


def _has_aux(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _negates(c: Token, level: int, came_by: str) -> bool:
    """A negation of the trigger itself ("did not attack", "no fighting"), or of the verb
    whose complement it is ("did not agree to release")."""
    negation = (c.dep_ == "neg" and c.lower_ in NEGATIONS) or (c.dep_ == "det" and c.lower_ == "no")
    return negation and (level == 0 or (level == 1 and came_by in ("xcomp", "ccomp", "advcl")))


def _governor_modality(t: Token, came_by: str) -> Modality | None:
    lemma = t.lemma_.lower()
    if lemma in DEMAND_VERBS and _asks(t):
        return "demanded"
    if lemma in FAILURE_WORDS:
        # what failed to come about ("failed to release", "prevented the deployment"), not
        # what failed ("a bombing failed to kill her") nor a clause beside the failure
        return "denied" if came_by in _FAILED_DEPS else None
    if lemma in THREAT_VERBS:
        return "threatened"
    if lemma in DENY_VERBS:
        return "denied"
    if lemma in PLAN_WORDS:
        return "planned"
    return None


def _asks(verb: Token) -> bool:
    """Is a verb of asking used to ask? Not "called the massacre an act of terror" (a
    call that names: only "call for", "call on ... to" ask) nor "pleaded not guilty to
    extorting" (the charge a plea answers)."""
    lemma = verb.lemma_.lower()
    if lemma == "call":
        return any(
            (c.dep_ == "prep" and c.lower_ in ("for", "on", "upon")) or c.dep_ == "xcomp"
            for c in verb.children
        )
    if lemma == "plead":
        return not any(c.lower_ in ("guilty", "innocent") for c in verb.children)
    return True


def _after(date: DateValue, anchor: DateValue) -> bool:
    """Whether `date` starts after the day `anchor` ends."""
    if not date.resolved or not anchor.resolved:
        return False
    start, anchor_start = _first_day(date.value), _first_day(anchor.value)
    if start is None or anchor_start is None:
        return False
    return start > anchor_start


def _first_day(value: str) -> dt.date | None:
    """The first day an ISO 8601 / TIMEX3 value covers ("2017", "2017-08", "2017-W25")."""
    try:
        if len(value) >= 10:
            return dt.date.fromisoformat(value[:10])
        if "-W" in value:
            year, week = value.split("-W")
            return dt.date.fromisocalendar(int(year), int(week[:2]), 1)
        if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
            return dt.date(int(value[:4]), int(value[5:]), 1)
        if len(value) >= 4 and value[:4].isdigit():
            return dt.date(int(value[:4]), 1, 1)
    except ValueError:
        return None
    return None


# ------------------------------------------------------------------ attribution


def according_to(sentence: Span) -> str | None:
    """ "according to (the) X" → "X"."""
    for t in sentence:
        if t.lower_ == "according":
            for c in t.children:
                if c.lower_ == "to":
                    obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if obj is not None:
                        return phrase_text(obj)
            nxt = t.nbor(1) if t.i + 1 < sentence.end else None
            if nxt is not None and nxt.lower_ == "to":
                obj = next((g for g in nxt.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return phrase_text(obj)
    return None


def reporter_of(head: Token, sentence: Span) -> Token | None:
    """The subject of the reporting verb that governs the trigger, or that the sentence's
    main clause hangs on ("..., witnesses said")."""
    t = head
    for _ in range(MAX_CLIMB + 2):
        if t.head.i == t.i:
            break
        came_from, t = t, t.head
        if t.lemma_.lower() in REPORTING_VERBS and t.pos_ in ("VERB", "AUX"):
            if came_from.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return None  # the event is part of who speaks, not of what is said
            return _subject(t)
    root = sentence.root
    for c in root.children:
        if (
            c.dep_ in ("parataxis", "ccomp", "advcl")
            and c.lemma_.lower() in REPORTING_VERBS
            and c.i > head.i
        ):
            return _subject(c)
    return None


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    return None


def attribution_of(
    head: Token, sentence: Span, last_speaker: str | None
) -> tuple[str | None, bool]:
    """(who says so, whether that is a named speaker a later "he said" may refer to)."""
    acc = according_to(sentence)
    if acc:
        return acc, False
    subj = reporter_of(head, sentence)
    if subj is None:
        return None, False
    if subj.pos_ == "PRON":
        if subj.lower_ in SPEAKER_PRONOUNS:
            return last_speaker, False
        return None, False
    name = phrase_text(subj)
    return (name or None), subj.pos_ == "PROPN"

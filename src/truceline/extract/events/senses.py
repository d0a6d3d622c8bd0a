"""What a trigger word does not report in its sentence: a threat no one makes, fighting
that says who people are, an event called off, an attack someone condemns, what people
often do, a verb that shows something, a news conference, a kind of force ("riot
police").

Each check reads the trigger's head token in the parse (`triggers._accepts` asks them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from truceline.extract.events.counts import number_value
from truceline.lexicons.events import wordset

if TYPE_CHECKING:
    from spacy.tokens import Token


# Nouns a trigger word can name a kind of ("riot police", "protest gear"): a force or its
# kit, not an event.
_UNIT_NOUNS = wordset(
    "police policeman policemen officer officers squad unit units gear shield shields van "
    "vans troops force forces control helmet helmets"
)
# What a verb takes when it shows or states something rather than standing alone.
_OBJECT_DEPS = frozenset({"dobj", "obj", "ccomp"})
# Verbs that undo what they govern: a cancelled rally or banned march did not happen (a
# postponed one is still planned).
# Verbs that put an event off: it is still to come.
_PUT_OFF_VERBS = wordset("postpone delay defer reschedule")
_UNDOING_VERBS = frozenset({"cancel", "scrap", "ban", "prohibit", "abort", "shelve", "forbid"})
# Verbs whose object is a threat someone makes ("issued a threat", "repeated his threat").
_ISSUING_VERBS = frozenset(
    {"issue", "make", "send", "repeat", "renew", "deliver", "voice", "post", "utter", "level"}
)
# Verbs of a statement about an act: the statement is the sentence's event ("condemned
# the attack", "blamed the killings on a sleeper cell"), the act only referred to.
_DECRYING_VERBS = frozenset({"condemn", "denounce", "deplore", "decry", "blame", "mourn"})
# Words that make an act a habit rather than an event ("teachers are often targeted",
# "tourists are frequently kidnapped", "frequent raids"); not "repeatedly": "repeatedly
# raped her" tells one event.
_HABIT_ADVERBS = frozenset(
    {"often", "frequently", "routinely", "regularly", "usually", "habitually", "typically"}
)
_HABIT_ADJECTIVES = frozenset({"frequent", "routine", "habitual"})
# What makes a conference or a briefing one side speaking to reporters ("a news
# conference", "the press briefing") rather than parties meeting.
_PRESS_WORDS = frozenset({"news", "press", "media"})
_PRESS_PEOPLE = frozenset({"reporter", "journalist", "press", "media", "newsman", "correspondent"})


def takes_object(head: Token) -> bool:
    """Does the verb take an object or a clause ("demonstrated the rebels' reach",
    "demonstrated how it works") rather than stand alone ("demonstrated outside")?"""
    return any(c.dep_ in _OBJECT_DEPS for c in head.children)


def nobodys_threat(head: Token) -> bool:
    """A threat (the noun) that no one makes: no possessor ("Israel's threat"), no
    "from"/"by" ("a threat from the militants") and no one issuing it ("the rebels issued
    a threat"): a danger ("the threat of flooding", "security threats"). A warning is
    left alone: "will kill one of them as a first warning" is one."""
    if head.pos_ != "NOUN" or head.lemma_.lower() != "threat":
        return False
    if any(c.dep_ == "poss" for c in head.children):
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("from", "by") for c in head.children):
        return False
    if any(
        c.dep_ == "acl" and any(g.dep_ in ("agent", "prep") and g.lower_ == "by" for g in c.subtree)
        for c in head.children
    ):
        return False  # "threats launched against the race by terrorist organisations"
    gov = head.head
    issued = head.dep_ in ("dobj", "obj") and gov.lemma_.lower() in _ISSUING_VERBS
    return not issued


def fighting_as_aim(head: Token) -> bool:
    """The verb "fight" saying who people are or what they are for, not that they
    fought: a participle after a noun ("insurgents fighting the government"), an
    infinitive ("a coalition formed to fight al-Qaida"), or fighting for something
    ("fighting for control of the oil")."""
    if head.lemma_.lower() != "fight" or head.pos_ != "VERB":
        return False
    if head.dep_ == "acl" or any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
        return True
    return any(
        c.dep_ == "prep" and c.lower_ == "for" and not _a_stretch_of_time(c) for c in head.children
    )


_TIME_UNITS = frozenset({"hour", "minute", "day", "week", "month", "year", "night", "while"})


def _a_stretch_of_time(prep: Token) -> bool:
    """ "for three hours", "for days": how long, not what for."""
    return any(
        o.dep_ == "pobj" and (o.lemma_.lower() in _TIME_UNITS or o.ent_type_ in ("DATE", "TIME"))
        for o in prep.children
    )


def _object_verb(head: Token) -> tuple[Token, str, bool] | None:
    """The verb an event is the object of, active or passive ("cancelled the march", "the
    rally was banned"), its lemma, and whether "off" goes with it ("called off")."""
    if head.dep_ not in ("dobj", "nsubjpass"):
        return None
    gov = head.head
    off = any(c.dep_ == "prt" and c.lower_ == "off" for c in gov.children)
    return gov, gov.lemma_.lower(), off


def called_off(head: Token) -> bool:
    """Is the event the object of a verb that undoes it ("cancelled the march", "the rally
    was banned", "called off the strike")?"""
    found = _object_verb(head)
    if found is None:
        return False
    gov, lemma, off = found
    if lemma in _UNDOING_VERBS or gov.lower_ in ("cancelled", "canceled", "banned"):
        return True
    return lemma == "call" and off


def put_off(head: Token) -> bool:
    """Is the event the object of a verb that puts it off ("the meetings were postponed",
    "put off his visit")? Still to come (`modality`), unlike one called off."""
    found = _object_verb(head)
    return found is not None and (found[1] in _PUT_OFF_VERBS or found[1:] == ("put", True))


def decried(head: Token) -> bool:
    """Is the event (a noun) what a statement condemns or blames ("condemned Wednesday's
    attack", "blamed the killings on a cell", "the bombing was condemned by")? The
    sentence reports the statement; the act is told where it is reported."""
    if head.pos_ != "NOUN" or head.dep_ not in ("dobj", "nsubjpass"):
        return False
    return head.head.lemma_.lower() in _DECRYING_VERBS


def habitual(head: Token) -> bool:
    """Is the act told as a habit ("are often targeted by militants", "frequent raids")?
    A generic statement about what happens, not a report of one event."""
    return any(
        (c.dep_ == "advmod" and c.lower_ in _HABIT_ADVERBS)
        or (c.dep_ == "amod" and c.lower_ in _HABIT_ADJECTIVES)
        for c in head.children
    )


# The words that make a stretch of time the span of a tally ("in the past ten days", "over
# the last year", "in recent months").
_SPAN_UNITS = frozenset({"day", "week", "month", "year", "decade"})
_SPAN_WORDS = frozenset({"past", "last", "recent", "previous", "preceding"})
_SPAN_PREPOSITIONS = frozenset({"in", "over", "during", "within", "throughout"})


def tally(head: Token) -> bool:
    """Is the act counted over a stretch of time that runs to the report ("have killed 32
    Palestinians in the past ten days", "13 civilians abducted over the past two years")?
    A sum of many events, not one of them: each is reported where it happened. Not a
    dated act ("met the negotiators in recent days"), nor one going on "since Monday"."""
    if not _counted(head):
        return False  # "met negotiators in Cairo in recent days": one meeting, dated
    for c in head.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ in _SPAN_PREPOSITIONS and any(
            o.dep_ == "pobj" and _a_long_span(o) for o in c.children
        ):
            return True
    return False


def _a_long_span(noun: Token) -> bool:
    """ "the past ten days", "the last year", "recent months": a span up to now, a week or
    longer ("the past two days" of raids is one operation)."""
    unit = noun.lemma_.lower()
    if unit not in _SPAN_UNITS or not any(m.lower_ in _SPAN_WORDS for m in noun.children):
        return False
    if unit != "day":
        return True
    days = [number_value([m]) for m in noun.children if m.dep_ == "nummod"]
    return any(d is not None and d >= 7 for d in days)


def _counted(head: Token) -> bool:
    """Does a number count who or what the act befell ("killed 32 Palestinians", "13
    civilians abducted", "more than 800 people have been killed")?"""
    people = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass", "nsubj")]
    if head.dep_ == "acl":
        people.append(head.head)  # "13 civilians abducted by militants"
    return any(c.dep_ == "nummod" or c.like_num for p in people for c in (p, *p.children))


_NOBODY = frozenset({"nobody", "none", "nothing", "noone"})
# The roles that make an act done by nobody, or to no one.
_NONE_ROLES = frozenset({"nsubj", "nsubjpass", "dobj"})


def nobody(phrase: Token) -> bool:
    """Is the phrase nobody ("no group", "no one", "nobody", "none of them")?"""
    if phrase.lower_ in _NOBODY:
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in phrase.children)


def done_by_nobody(head: Token) -> bool:
    """Is the act done by nobody or to no one ("no one was arrested", "no group claimed
    it", "killed none of them")? It did not happen."""
    return any(c.dep_ in _NONE_ROLES and nobody(c) for c in head.children)


_CONSENT_VERBS = frozenset(
    {"accept", "agree", "sign", "approve", "endorse", "recognise", "recognize"}
)
_WILLING_AUX = frozenset({"will", "would", "wo", "shall", "do", "does", "can", "ca"})


def refused(head: Token) -> bool:
    """Is a consent said not to be given as a stand ("will not accept any exceptions",
    "would not sign", "does not accept the border", "can't be accepted")? PLOVER's
    REJECT, not an agreement denied; "did not sign" and "has not signed" tell what has
    not happened, "could not agree" an inability."""
    if head.lemma_.lower() not in _CONSENT_VERBS:
        return False
    children = list(head.children)
    return any(c.dep_ == "neg" for c in children) and any(
        c.dep_ == "aux" and c.lower_ in _WILLING_AUX for c in children
    )


def press_event(head: Token) -> bool:
    """Is the noun a news conference or a press briefing that one side gives ("told a news
    conference", "said at a press conference in Milan"), or the verb a meeting with the
    press ("met with reporters at his home")? It is where a statement is made, not a
    meeting between parties; one held with another party is ("at a news conference with
    Israeli Prime Minister Ehud Olmert")."""
    if head.pos_ == "VERB" and head.lemma_.lower() == "meet":
        # "met with reporters at his home": he spoke to the press
        return any(
            c.dep_ in ("prep", "dobj")
            and any(o.lemma_.lower() in _PRESS_PEOPLE for o in (c, *c.children))
            for c in head.children
        )
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    if not any(c.dep_ in ("compound", "amod") and c.lower_ in _PRESS_WORDS for c in head.children):
        return False
    return not any(c.dep_ == "prep" and c.lower_ in ("with", "alongside") for c in head.children)


def names_a_unit(head: Token) -> bool:
    """Does the trigger word, as a modifier, name a kind of force or kit ("riot police",
    "protest gear")?"""
    return head.head.lemma_.lower() in _UNIT_NOUNS

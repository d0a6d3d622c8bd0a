"""An event's arguments from the dependency parse: who acted (actor1), on whom (actor2),
where (place) and when (date).

Actors are read from the grammatical roles around the trigger (subject, "by" agent,
object, "with"/"against" complement, the possessor or modifier of an event noun, the
subject of a light verb such as "launched an attack") and mapped through the actor
mentions of the understand stage. Where the text names a group the actor table does not
know ("Jordan", "the rebels"), an unlisted actor (id "") is made from the noun phrase.
Places and dates are the mentions of the sentence nearest the trigger in the tree; a
coarse place (region, country) counts as farther than a precise one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from truceline.lexicons.events import wordset
from truceline.models import Actor, DateValue, Mention, Place
from truceline.understand.actors.states import country_in

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
# Clauses that share the subject of the verb they hang on ("attacked and killed",
# "agreed to hold", "began entering").
SUBJECT_SHARING_DEPS = frozenset({"xcomp", "conj", "advcl"})
# Verbs whose object, not subject, is who does the complement ("asked the FSA to hand over").
OBJECT_CONTROL = wordset(
    "ask urge want order force call press tell allow permit compel persuade invite "
    "request require encourage instruct direct pressure push"
)
# Verbs that carry an event noun: "launched an attack", "held talks", "carried out strikes".
LIGHT_VERBS = wordset(
    "launch carry conduct stage hold mount make begin start continue resume wage "
    "undertake perform execute commit initiate lead reach sign announce declare issue "
    "give impose announce organize organise open"
)
PATIENT_PREPS = frozenset({"on", "against", "at", "upon", "with", "into", "targeting"})
PLACE_PREPS = frozenset(
    {"in", "at", "near", "on", "into", "from", "across", "outside", "inside", "around", "of"}
)
# Nouns that name a group that can act, for unlisted actors ("the rebels", "police").
GROUP_NOUNS = wordset(
    "army forces force troops soldiers soldier police government regime rebels rebel "
    "militants militant insurgents insurgent fighters fighter militia militias gunmen "
    "gunman protesters protester demonstrators demonstrator activists students workers "
    "residents authorities officials ministry parliament court council committee "
    "opposition coalition delegation negotiators leaders leader president minister state "
    "navy guerrillas guerrilla jihadists terrorists terrorist bombers bomber villagers "
    "farmers refugees settlers organization organisation group groups party union "
    "alliance movement administration diplomats doctors agency commission mob vigilantes "
    "herdsmen bandits assailants attackers inspectors officers intelligence civilians"
)
ENTITY_LABELS = frozenset({"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"})
# Coarser places count as farther away when choosing the place of an event: a region one
# step, an admin1 area two, a country three (tuned by hand on the seeds' sentences, where
# "in al-Zara village ... northern Homs countryside" must give the village).
PRECISION_PENALTY = {"point": 0, "district": 0, "town": 0, "region": 1, "admin1": 2, "country": 3}
UNRESOLVED_PENALTY = 4
# A place inside the agent's phrase ("FSA groups in the northern Homs countryside
# attacked ... al-Zara village") says where the agent is from, not where the event was:
# it counts five arcs farther (seed 000: the village seven arcs away, not the region
# three arcs away inside the subject, must win).
AGENT_PLACE_PENALTY = 5
# An area named right after a place ("Osorno (Los Lagos)") says where that place lies:
# it counts as three arcs farther than the place (ACLED dev notes, odd half).
QUALIFIER_PENALTY = 3


@dataclass(frozen=True, slots=True)
class Located:
    """A mention of the sentence with the token that heads it in the parse."""

    mention: Mention
    root: Token
    after: str  # the text just after the mention ("-based", ": "), for datelines and modifiers


# Characters of text after a mention kept in `Located.after`: enough for "-controlled".
AFTER_CHARS = 16


def locate(sdoc: Doc, mentions: Iterable[Mention]) -> list[Located]:
    found: list[Located] = []
    for m in mentions:
        span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span):
            tail = "".join(t.text_with_ws for t in sdoc[span.end : span.end + 4])
            after = (span[-1].whitespace_ + tail)[:AFTER_CHARS]
            found.append(Located(m, span.root, after))
    return found


def depth(token: Token) -> int:
    d = 0
    while token.head.i != token.i:
        token = token.head
        d += 1
    return d


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency arcs between two tokens of one sentence."""
    up: dict[int, int] = {}
    t, d = a, 0
    while True:
        up[t.i] = d
        if t.head.i == t.i:
            break
        t, d = t.head, d + 1
    t, d = b, 0
    while t.i not in up:
        if t.head.i == t.i:
            return d + depth(a) + 1  # different sentences: far apart
        t, d = t.head, d + 1
    return d + up[t.i]


def is_descendant(token: Token, ancestor: Token) -> bool:
    t = token
    while t.head.i != t.i:
        t = t.head
        if t.i == ancestor.i:
            return True
    return False


def within(token: Token, top: Token) -> bool:
    return token.i == top.i or is_descendant(token, top)


# ------------------------------------------------------------------ grammatical roles


def _child(token: Token, deps: frozenset[str]) -> Token | None:
    for c in token.children:
        if c.dep_ in deps:
            return c
    return None


def _prep_object(token: Token, preps: Iterable[str]) -> Token | None:
    wanted = set(preps)
    for c in token.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in wanted:
            obj = _child(c, frozenset({"pobj"}))
            if obj is not None:
                return obj
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod")
    )


def _verb_subject(verb: Token) -> Token | None:
    """The subject of a verb, climbing to the verb it shares a subject with."""
    t = verb
    for _ in range(4):
        subj = _child(t, SUBJECT_DEPS)
        if subj is not None:
            return subj
        if t.dep_ == "acl" and not _is_passive(t):
            return t.head  # "regime airstrikes hit two towns": the noun modified acts
        if t.dep_ not in SUBJECT_SHARING_DEPS or t.head.i == t.i:
            return None
        controller = t.head
        if t.dep_ == "xcomp" and controller.lemma_ in OBJECT_CONTROL:
            obj = _child(controller, OBJECT_DEPS)
            if obj is not None:
                return obj
        t = controller
    return None


def verb_roles(verb: Token) -> tuple[Token | None, Token | None]:
    """(agent, patient) tokens of a verbal trigger."""
    if _is_passive(verb):
        agent_prep = _child(verb, frozenset({"agent"}))
        agent = _child(agent_prep, frozenset({"pobj"})) if agent_prep is not None else None
        patient = _child(verb, PASSIVE_SUBJECT_DEPS)
        if patient is None and verb.dep_ in ("acl", "amod"):
            patient = verb.head
        return agent, patient
    agent = _verb_subject(verb)
    patient = _child(verb, OBJECT_DEPS) or _prep_object(verb, PATIENT_PREPS)
    if patient is None and verb.lemma_ in OBJECT_CONTROL:
        clause = _child(verb, frozenset({"ccomp", "xcomp"}))
        if clause is not None:
            patient = _child(clause, SUBJECT_DEPS)  # "wanted the FSA to allow ..."
    return agent, patient


PARTICIPATION_VERBS = wordset("take participate join attend engage involve")
AGREEMENT_NOUNS = wordset(
    "agreement deal ceasefire truce accord talk talks meeting negotiation negotiations"
)


def _modifier_agent(noun: Token) -> Token | None:
    """ "regime airstrikes", "Israel's attack", "the Russian warning"."""
    for c in noun.children:
        if c.i > noun.i:
            continue
        if c.dep_ == "poss" and c.pos_ != "PRON":
            return c
        if c.dep_ in ("compound", "nmod") and (
            c.pos_ == "PROPN" or c.lower_ in GROUP_NOUNS or c.ent_type_ in ENTITY_LABELS
        ):
            return c
        if c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE", "ORG"):
            return c
    return None


def between(noun: Token) -> tuple[Token | None, Token | None]:
    """ "an agreement between rebels and Damascus" → (rebels, Damascus)."""
    first = _prep_object(noun, ("between",))
    if first is None:
        return None, None
    second = _child(first, frozenset({"conj"}))
    return first, second


def noun_roles(noun: Token, of_agent: bool) -> tuple[Token | None, Token | None]:
    """(agent, patient) tokens of an event noun ("regime airstrikes", "the withdrawal of
    400 militants", "Israel launched an attack on Gaza")."""
    agent = _modifier_agent(noun)
    patient: Token | None = None
    by = _prep_object(noun, ("by",))
    if by is not None:
        agent = by
    of = _prep_object(noun, ("of",))
    if of is not None:
        if of_agent and agent is None:
            agent = of
        elif not of_agent:
            patient = of
    if agent is None:
        first, second = between(noun)
        if first is not None:
            agent, patient = first, second
    if patient is None:
        patient = _prep_object(noun, ("on", "against", "with", "targeting"))
    head = noun.head
    if noun.dep_ in OBJECT_DEPS and head.lemma_ in LIGHT_VERBS and agent is None:
        agent = _verb_subject(head)
        patient = patient or _prep_object(head, PATIENT_PREPS)
    elif noun.dep_ in SUBJECT_DEPS and head.pos_ in ("VERB", "AUX"):
        patient = patient or _child(head, OBJECT_DEPS) or _prep_object(head, PATIENT_PREPS)
    elif (
        noun.dep_ == "pobj"
        and head.lower_ in ("in", "into")
        and agent is None
        and head.head.lemma_ in PARTICIPATION_VERBS
    ):
        agent = _verb_subject(head.head)  # "took part in talks", "were involved in attacks"
    return agent, patient


# ------------------------------------------------------------------ tokens → actors


_NP_CUT = frozenset({"relcl", "acl", "appos", "advcl", "cc", "conj", "prep", "parataxis"})
_LEADING_DETS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


def _np_tokens(token: Token) -> list[Token]:
    """The words of a noun phrase, without relative clauses, appositions, coordinated
    phrases and prepositional phrases other than a following "of" ("Ministry of Defense")."""
    keep = [token]
    for c in token.children:
        if c.dep_ in _NP_CUT and not (c.dep_ == "prep" and c.lower_ == "of" and c.i > token.i):
            continue
        keep.extend(_np_tokens(c) if c.dep_ != "prep" else [c, *_np_pobj(c)])
    return sorted(keep, key=lambda t: t.i)


def np_words(token: Token) -> list[str]:
    """The words of the noun phrase a token heads (see `_np_tokens`)."""
    return [t.text for t in _np_tokens(token)]


def _np_pobj(prep: Token) -> list[Token]:
    out: list[Token] = []
    for c in prep.children:
        if c.dep_ == "pobj":
            out.extend(_np_tokens(c))
    return out


def phrase_text(token: Token) -> str:
    """The text of the noun phrase a token heads, without a leading determiner."""
    words = _np_tokens(token)
    lo, hi = words[0].i, words[-1].i
    doc = token.doc
    for t in doc[token.i + 1 : hi + 1]:
        if t.text in (",", "(", ";"):
            hi = t.i - 1  # an apposition the parse did not mark: "Ayoup, a member of ..."
            break
    while lo < token.i and doc[lo].lower_ in _LEADING_DETS:
        lo += 1
    # words written together with a hyphen ("al-Sawah") stay together
    while (
        lo > 0
        and doc[lo - 1].whitespace_ == ""
        and (doc[lo - 1].is_alpha or doc[lo - 1].text == "-")
    ):
        lo -= 1
    while (
        hi + 1 < len(doc)
        and doc[hi].whitespace_ == ""
        and (doc[hi + 1].is_alpha or doc[hi + 1].text == "-")
    ):
        hi += 1
    text = doc[lo : hi + 1].text
    for dash in ("—", "–"):
        text = text.split(dash)[0]
    return text.strip(" ,;:-\"'“”’()")


def _coordinated(token: Token) -> list[Token]:
    """ "Jordan and Britain" → [Jordan, Britain] (the first stays first)."""
    out = [token]
    for c in token.children:
        if c.dep_ == "conj":
            out.extend(_coordinated(c))
    return out


QUANTITY_HEADS = wordset(
    "tens hundreds thousands dozens millions group groups members member number majority "
    "some many most part delegation team contingent batch unit units"
)
# Roles in which a place name stands for its government ("Beirut rejected the appeal",
# "talks with Lebanon"); "in Lebanon" or "fired at Jericho" are places.
METONYMIC_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "conj", "appos"})
# Only a country, or a capital or other town named as a subject ("Beirut rejected"),
# stands for a government; a region or a district is always a place.
METONYMIC_PRECISION = frozenset({"country", "admin1", "town"})
METONYMIC_PREPS = frozenset({"by", "with", "against", "between"})


def actor_of(
    token: Token | None,
    actors: Sequence[Located],
    *,
    places: Sequence[Located] = (),
    taken: frozenset[int] = frozenset(),
) -> Actor | None:
    """The actor a role token stands for: an actor mention inside its noun phrase (the
    one nearest its head; relative clauses and other prepositional phrases are not the
    phrase); else a place named as a party ("Finland will give", "talks with Lebanon");
    else an unlisted actor built from a group-like noun phrase ("the rebels", "Palestinian
    prisoners")."""
    if token is None:
        return None
    token = _past_quantity(token)
    phrase = {t.i for c in _coordinated(token) for t in _np_tokens(c)}
    best: tuple[int, int, Located] | None = None
    for loc in actors:
        if loc.root.i in phrase or loc.mention.start <= token.idx < loc.mention.end:
            # a name ("Al Shabaab militants") before a common noun of the table
            common = int(loc.mention.text.islower())
            d = tree_distance(loc.root, token)
            if best is None or (common, d) < best[:2]:
                best = (common, d, loc)
    if best is not None:
        return _mention_actor(best[2].mention)
    if _metonymic(token):
        for loc in places:
            if (
                loc.root.i == token.i or loc.mention.start <= token.idx < loc.mention.end
            ) and isinstance(loc.mention.value, Place):
                place = loc.mention.value
                if dateline(loc):
                    continue  # "ISTANBUL, Nov 14 (WDT) HTS rejected": where the outlet filed
                if place.precision == "country" or (
                    place.precision in METONYMIC_PRECISION
                    and token.dep_ == "nsubj"
                    and country_in([place.name]) is not None
                ):
                    # a state named by its name, or its government by its capital ("Ankara
                    # said"); any other town is a place, not an actor
                    return Actor(name=place.name, id="", kind="state")
    if token.i in taken:
        return None  # a place or a date is not an actor
    return _unlisted(token)


def _past_quantity(token: Token) -> Token:
    """ "thousands of Iraqi Kurds" → Kurds; "a group of Yoruba leaders" → leaders."""
    for _ in range(3):
        if token.lower_ not in QUANTITY_HEADS and not token.like_num:
            return token
        inner = _prep_object(token, ("of",))
        if inner is None:
            return token
        token = inner
    return token


def _metonymic(token: Token) -> bool:
    if token.dep_ in METONYMIC_DEPS:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in METONYMIC_PREPS


def _mention_actor(m: Mention) -> Actor:
    if isinstance(m.value, Actor):
        return m.value
    return Actor(name=m.text, id="", kind="person" if m.kind == "person" else "")


NOT_ACTOR_ENTS = frozenset(
    {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL", "GPE", "LOC", "FAC"}
)
NAMED_ENTS = frozenset({"NORP", "ORG", "PERSON", "GPE"})


def _unlisted(token: Token) -> Actor | None:
    if (
        token.pos_ == "PRON"
        or token.like_num
        or token.ent_type_ in NOT_ACTOR_ENTS
        and token.lower_ not in GROUP_NOUNS
    ):
        return None
    lemma = token.lemma_.lower()
    words = _np_tokens(token)
    is_group = token.lower_ in GROUP_NOUNS or lemma in GROUP_NOUNS
    is_named = token.pos_ == "PROPN" or token.ent_type_ in ENTITY_LABELS
    # "Palestinian prisoners", "Israeli army bulldozers": people or things of a named side
    names_one = token.tag_ in ("NNS", "NNPS") and any(
        w.ent_type_ in NAMED_ENTS or w.pos_ == "PROPN" for w in words
    )
    if not (is_group or is_named or names_one):
        return None
    name = phrase_text(token)
    if not name or len(name) > 80:
        return None
    return Actor(name=name, id="", kind="")


# ------------------------------------------------------------------ places and dates


def _place_key(
    loc: Located, heads: Sequence[Token], agent: Token | None, qualifiers: set[int]
) -> tuple[int, int]:
    place = loc.mention.value
    penalty = UNRESOLVED_PENALTY
    if isinstance(place, Place):
        penalty = PRECISION_PENALTY.get(place.precision, UNRESOLVED_PENALTY)
    if agent is not None and within(loc.root, agent):
        penalty += AGENT_PLACE_PENALTY
    if loc.mention.start in qualifiers:
        penalty += QUALIFIER_PENALTY
    distance = min(tree_distance(h, loc.root) for h in heads)
    return (distance + penalty, min(abs(loc.root.i - h.i) for h in heads))


def dateline(loc: Located) -> bool:
    """ "AMMAN: ..." / "SANA'A, Feb. 5 (Saba)": where the outlet filed, not where it happened."""
    first = loc.root.sent.start
    if loc.root.i - first > 2:
        return False
    return loc.mention.text.isupper() or loc.after.startswith((":", " -", " —", " –"))


# "Britain-based monitor", "US-led coalition", "Russian-backed deal": a place written as a
# modifier of who acts is not where the event happened.
_MODIFIER_SUFFIX = re.compile(
    r"^\s*-\s*(based|backed|led|held|supported|funded|sponsored|brokered|born|made|linked|allied|affiliated|owned|run|controlled)\b"
)


def modifier_place(loc: Located) -> bool:
    return bool(_MODIFIER_SUFFIX.match(loc.after))


# The gap between a place and the area named after it ("Osorno (Los Lagos)", "Maraba,
# Para").
_QUALIFYING_GAP = re.compile(r"\s*(?:,|\(|,\s*\()\s*")


def _qualifiers(places: Sequence[Located]) -> set[int]:
    """Starts of the place mentions named right after another place as its area."""
    ordered = sorted(places, key=lambda p: p.mention.start)
    text = ordered[0].root.doc.text if ordered else ""
    return {
        b.mention.start
        for a, b in zip(ordered, ordered[1:], strict=False)
        if _QUALIFYING_GAP.fullmatch(text[a.mention.end : b.mention.start])
    }


# The words between a place and a date that date what happened there ("on Khan Shaykhun
# on 9 November", "in Aleppo, on Monday").
_PLACE_DATE_GAP = re.compile(r"\s*,?\s*(?:on|in|at|during)?\s*")


def dated_elsewhere(place: Located, dates: Sequence[Located], date: DateValue | None) -> bool:
    """Whether the place comes with a date of its own that is not the event's: in "12 were
    killed in the shelling of a market on 3 November, and four in an airstrike on Khan
    Shaykhun on 9 November" Khan Shaykhun is the place of the second attack, not the
    first's."""
    if date is None:
        return False
    text = place.root.doc.text
    for d in dates:
        gap = text[place.mention.end : d.mention.start]
        own = d.mention.value
        if (
            d.mention.start >= place.mention.end
            and _PLACE_DATE_GAP.fullmatch(gap)
            and isinstance(own, DateValue)
            and own.value != date.value
        ):
            return True
    return False


def nearest_place(
    heads: Sequence[Token], places: Sequence[Located], agent: Token | None = None
) -> Place | None:
    """The place mention nearest the trigger words in the tree, precise places preferred,
    places that describe the agent ("groups in X") set back. A name the gazetteer could
    not place gives way to a placed one of the sentence; where that one is named as its
    area ("Mandoli (Bandiagara, Mopti)") the event is in the area around it, precision
    "region"."""
    usable = [
        p
        for p in places
        if isinstance(p.mention.value, Place) and not dateline(p) and not modifier_place(p)
    ]
    if not usable:
        return None
    qualifiers = _qualifiers(usable)

    def key(p: Located) -> tuple[int, int]:
        return _place_key(p, heads, agent, qualifiers)

    best = min(usable, key=key)
    value = best.mention.value
    assert isinstance(value, Place)
    placed = [p for p in usable if isinstance(p.mention.value, Place) and p.mention.value.resolved]
    if value.resolved or not placed:
        return value
    nearest = min(placed, key=key)
    found = nearest.mention.value
    assert isinstance(found, Place)
    if nearest.mention.start in qualifiers and found.precision in ("town", "district", "point"):
        return replace(found, precision="region")
    return found


def _behind_clause(token: Token, head: Token) -> bool:
    """Whether `token` sits in a relative or adjectival clause that does not hold `head`
    ("the highway that had been blocked since 2011")."""
    t = token
    while t.head.i != t.i:
        if t.dep_ in ("relcl", "acl") and t.head.i != head.i and not within(head, t):
            return True
        t = t.head
    return False


def nearest_date(head: Token, dates: Sequence[Located]) -> DateValue | None:
    usable = [
        d
        for d in dates
        if isinstance(d.mention.value, DateValue) and not _behind_clause(d.root, head)
    ]
    if not usable:
        return None
    best = min(usable, key=lambda d: (tree_distance(head, d.root), abs(d.root.i - head.i)))
    value = best.mention.value
    return value if isinstance(value, DateValue) else None


def side_of(
    actor: Actor | None,
    token: Token | None,
    state_words: frozenset[str],
    nonstate_words: frozenset[str],
) -> str:
    """ "state" or "nonstate" for the ACLED territory rules; "" when unknown."""
    kind = actor.kind if actor else ""
    if kind in ("state", "external_state", "government", "ministry", "state_forces", "police"):
        return "state"
    if kind in ("rebel_group", "jihadist_group", "pro_government_militia", "opposition_body"):
        return "nonstate"
    if token is not None:
        toks = _np_tokens(token)
        words = {t.lower_ for t in toks} | {t.lemma_.lower() for t in toks}
        heads = {token.lower_, token.lemma_.lower()}
    elif actor is not None:
        words = set(actor.name.lower().replace("-", " ").split())
        heads = set()
    else:
        return ""
    for group in (heads, words):
        if group & nonstate_words:
            return "nonstate"
        if group & state_words:
            return "state"
    return ""

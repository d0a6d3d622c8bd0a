"""The ACLED sub-event of an event: the lexicon's ordered rules (`data/event_lexicon.yaml`,
`acled_rules`) over the words of the event's clause, its sentence, or the sentences that
follow it, with the trigger's own label when no rule holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from truceline.extract.events.triggers import Candidate
from truceline.lexicons.events import AcledRule, Lexicon, SentenceCues
from truceline.models import Actor, Place
from truceline.understand.actors.states import countries_in

GENERIC_ACLED = frozenset({"ATTACK", "ARMED_CLASH", "OTHER", "DIPLO"})
# Actors whose talks are diplomacy by what they are: other states, international bodies,
# their monitors.
FOREIGN_KINDS = frozenset({"external_state", "intergovernmental", "monitor"})


@dataclass(frozen=True, slots=True)
class RuleInput:
    classes: set[str]
    local: SentenceCues  # the event's own clause
    sentence: SentenceCues
    # the event's sentence (its own words, a protest's reason blanked) and the next ones
    # of its paragraph, each apart
    context: tuple[SentenceCues, ...]
    side: str
    target: set[str]  # words of the event's objects
    agent: set[str]  # words of the agent's phrase


# An agent named only as "both groups", "the two sides": the word "group" gives it the
# non-state side, but says nothing of arms ("two groups of a village clashed with sticks").
GENERIC_AGENT = frozenset(
    {"both", "two", "the", "rival", "group", "groups", "side", "sides", "each", "other"}
)


def rule_holds(rule: AcledRule, etype: str, got: RuleInput) -> bool:
    classes, side, target = got.classes, got.side, got.target
    cues = got.sentence if rule.sentence else got.local
    if rule.agent and not (got.agent & rule.agent):
        return False
    if rule.types and etype not in rule.types:
        return False
    if rule.classes and not (classes & rule.classes):
        return False
    if rule.actor == "unarmed" and side and not (got.agent and got.agent <= GENERIC_AGENT):
        return False  # an army or an armed group takes part: not a fight between civilians
    if rule.actor and rule.actor not in ("unarmed", side):
        return False
    if rule.target and not (target & rule.target):
        return False
    if rule.target_none and target & rule.target_none:
        return False
    if rule.context:
        return holds_in_context(rule, got.context)
    if any(not cues.any(group) for group in rule.groups):
        return False
    return not (rule.none and cues.any(rule.none))


# Words of a killing or a blast in an event's own sentence (`holds_in_context`).
_LETHAL = tuple(
    tuple(phrase.split())
    for phrase in (
        "kill",
        "dead",
        "die",
        "death",
        "shoot",
        "shot",
        "bomber",
        "bomb",
        "blast",
        "explosion",
        "explode",
        "blow himself up",
        "blow herself up",
        "blow themselves up",
    )
)


def holds_in_context(rule: AcledRule, window: tuple[SentenceCues, ...]) -> bool:
    """A context rule: its first group (the setting: "protest") anywhere in the window,
    the others together in one of its sentences ("Police intervened and dispersed them"),
    none of its `none` cues anywhere. A setting told only after a killing or a blast is
    another event's ("a suicide bomber blew himself up ... The blast ripped through a
    square as riot police gathered ahead of a protest by lawyers")."""
    first, rest = rule.groups[0], rule.groups[1:]
    if not window:
        return False
    if not window[0].any(first) and (
        window[0].any(_LETHAL) or not any(c.any(first) for c in window[1:])
    ):
        return False
    if rest and not any(all(c.any(g) for g in rest) for c in window):
        return False
    return not (rule.none and any(c.any(rule.none) for c in window))


def acled_label(
    lex: Lexicon, cand: Candidate, got: RuleInput
) -> tuple[str | None, str | None, int]:
    for i, rule in enumerate(lex.rules):
        if rule_holds(rule, cand.etype, got):
            return rule.acled, rule.mode, i
    defaults = [c.trigger.acled for c in cand.all() if c.trigger.acled]
    specific = [a for a in defaults if a not in GENERIC_ACLED]
    chosen = specific[0] if specific else (defaults[0] if defaults else None)
    if chosen is None and cand.etype == "ASSAULT":
        chosen = "ATTACK"  # force with no weapon or target named: an attack
    return chosen, None, -1


def without_words(cues: SentenceCues, first: int, tokens: set[int]) -> SentenceCues:
    """The cues with the words of `tokens` (document token indices) blanked; `first` is
    the document index of the cues' first word."""
    if not tokens:
        return cues
    blank = ("", "")
    return SentenceCues([blank if first + i in tokens else k for i, k in enumerate(cues.keys)])


# The modes of an attribution of responsibility: a claim of one's own act, a blame (or a
# denial) of who did another's. CASE-2021 files them as ATTRIB (`evaluation.events`).
ATTRIBUTION_MODES = frozenset({"claim", "attribution"})


def without_attribution(
    acled: str | None, mode: str | None, trigger_mode: str
) -> tuple[str | None, str | None]:
    """An attribution of responsibility for a violent act (the lexicon's ATTRIB) carries no
    ACLED sub-event, which ACLED does not code (readers of the judged samples rejected the
    label); its mode keeps what it is ("claim" for a claim of one's own act)."""
    if acled != "ATTRIB":
        return acled, mode
    return None, mode or ("claim" if trigger_mode == "claim" else "attribution")


def between_states(
    lex: Lexicon,
    cues: SentenceCues,
    actors: Sequence[object],
    places: Sequence[object],
    words: Sequence[str] = (),
) -> bool:
    """Is what a text tells a matter between states or with an international body
    (ACLED's and CASE-2021's diplomatic event)? Its words say so ("envoy", "summit",
    "sanctions", "foreign minister"), or one of its actors is another state or an
    international body, or it names two countries (by their places, names or
    adjectives: "the Turkish and Russian defence ministers")."""
    if cues.any(lex.diplomatic_cues):
        return True
    if any(isinstance(a, Actor) and a.kind in FOREIGN_KINDS for a in actors):
        return True
    named = {p.country for p in places if isinstance(p, Place) and p.country}
    return len(named | set(countries_in(words))) >= 2

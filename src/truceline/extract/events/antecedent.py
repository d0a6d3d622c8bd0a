"""An attack named again: "A suicide bomber blew himself up at the gate ... The bombing
killed at least three people." The second sentence's "the bombing" is the first
sentence's suicide bombing, and ACLED codes it so; read alone, the word says only that
there was an attack (or, for "the blast", a bomb of some kind).

A violent event with a generic sub-event whose trigger is a definite attack noun ("the
attack", "the blast", "today's bombing", "its explosion"), or a verb with one for its
subject ("the bombing killed"), takes the weapon of the last attack read in the
ANTECEDENT_SENTENCES sentences before it, where that one happened and names its weapon
(`WEAPON_SUB_EVENTS`). A clash stays a clash, an attack named with a weapon of its own
keeps it, and "the violence" or "the fighting" names all of it, not one attack.

The traces are `extractor.EventTrace` (typed `Any` here: the extractor imports this
module).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from truceline.extract.events.modality import definite
from truceline.models import Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# How many sentences back the attack named again may have been told.
ANTECEDENT_SENTENCES = 3
# Labels that name the weapon of an attack (also what a generic attack takes from the next
# sentences in `extractor.main_event`: "attacks were launched ... mostly using grenades").
WEAPON_SUB_EVENTS = frozenset(
    {"AIR_STRIKE", "ART_MISS_ATTACK", "CHEM_WEAP", "SUIC_BOMB", "GRENADE", "REM_EXPLOS"}
)
# Generic sub-events the antecedent's weapon refines: an attack of any kind; a bomb
# ("the blast", "the explosion") a suicide bomber set off.
_REFINES = {"ATTACK": WEAPON_SUB_EVENTS, "REM_EXPLOS": frozenset({"SUIC_BOMB"})}
# Nouns of an attack that a verb of harm may have for its subject ("the bombing killed
# three", "the blast wounded seven").
_ATTACK_NOUNS = frozenset(
    {"attack", "bombing", "blast", "explosion", "strike", "airstrike", "raid", "shelling"}
    | {"assault", "ambush", "shooting", "bomb"}
)


def named_again(head: Token) -> bool:
    """Is the trigger an attack named as one already known: a definite noun ("died in
    the attack"), or a verb whose subject is one ("the bombing killed three")?"""
    if head.lemma_.lower() in _ATTACK_NOUNS and definite(head):
        return True
    return head.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in _ATTACK_NOUNS and definite(c)
        for c in head.children
    )


def weapon_of_antecedent(
    found: list[tuple[Event, Any]], records: Sequence[tuple[Event, Any]], sdoc: Doc
) -> list[tuple[Event, Any]]:
    """`found` (one sentence's events with their traces), each attack named again taking
    the weapon of its antecedent among `records` (the events read before)."""
    out = []
    for event, trace in found:
        refines = _REFINES.get(event.acled_sub_event or "")
        if event.type == "ASSAULT" and refines:
            weapon = _antecedent_weapon(trace, records, refines, sdoc)
            if weapon is not None:
                event = replace(event, acled_sub_event=weapon)
        out.append((event, trace))
    return out


def _antecedent_weapon(
    trace: Any, records: Sequence[tuple[Event, Any]], refines: frozenset[str], sdoc: Doc
) -> str | None:
    span = sdoc.char_span(trace.trigger_start, trace.trigger_start + 1, alignment_mode="expand")
    if span is None or not named_again(span[0]):
        return None
    for event, earlier in reversed(records):
        if trace.sentence - earlier.sentence > ANTECEDENT_SENTENCES:
            return None
        if event.type == "ASSAULT" and event.modality == "happened" and not event.background:
            sub = event.acled_sub_event
            return sub if sub in refines else None
    return None

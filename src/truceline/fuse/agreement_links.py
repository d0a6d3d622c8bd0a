"""What happens around an agreement: its provisions merged across documents, the events
linked to it (reported in its sentences, violations in its zone while in force, aid,
releases, monitors and road openings that implement it), the later deals that follow it,
and its timeline.

Provision status, from the sources and then the events:
- "violated" when any source reports it broken or refused, or an attack (ASSAULT) happens
  in the zone while the agreement is in force (for the ceasefire provision);
- otherwise the latest report that is not a plain statement of terms ("implemented",
  "lapsed", "disputed");
- "implemented" when an implementing event of its category happens in the zone (or is
  reported with the agreement) after the agreement was signed;
- otherwise "agreed".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from truceline.extract.agreements.sameness import bounds
from truceline.fuse.agreement_values import kinds_compatible, places_near, value_days
from truceline.models import (
    Actor,
    Agreement,
    AgreementMention,
    AgreementRelation,
    Contradiction,
    DateValue,
    Event,
    Place,
    Provision,
    Source,
)

CATEGORY_ORDER = (
    "ceasefire",
    "humanitarian_access",
    "detainees",
    "movement_roads",
    "monitoring",
    "excluded_groups",
    "weapons",
    "territorial_handover",
    "evacuation",
    "reconciliation",
    "services_return",
)
CEASEFIRE_KINDS = frozenset({"ceasefire", "truce", "de-escalation"})
# (PLOVER type, mode or "") → the provision an event of that kind implements.
IMPLEMENTS = {
    ("AID", ""): "humanitarian_access",
    ("RETREAT", "release"): "detainees",
    ("RETREAT", "access"): "movement_roads",
    ("RETREAT", "disarm"): "weapons",
    ("MOBILIZE", "police"): "monitoring",
}
MONITOR_MODES = frozenset({"troops", "police"})
# The only events an agreement claims without a report in its own sentences: attacks that
# break it and events that implement it (`_reason`), that happened, within its life and
# zone. `fuse.blocks` reads this to know which event days can meet an agreement.
LINKED_UNREPORTED = frozenset({"ASSAULT", "REJECT", "MOBILIZE", *(t for t, _ in IMPLEMENTS)})
# An implementing or violating event may come this many days after the agreement's last
# known date and still be under it when no end is known (examples: the last event, 6
# January 2020, is 37 days after the extension); set so that a deal with no end date does
# not claim events of the following year.
OPEN_END_DAYS = 120
# An event reported in a sentence about the agreement is about it only from this many days
# before it was signed (the talks: seeds, three months of Astana talks before August 2017);
# "besieged between 2012 and 2014" in such a sentence is background.
TALKS_DAYS = 120


# ------------------------------------------------------------------ provisions


def _day(p: DateValue | None) -> str:
    return p.value if p is not None and p.resolved else ""


def _status(items: list[tuple[Provision, str]]) -> str:
    statuses = [p.status for p, _ in items]
    if "violated" in statuses:
        return "violated"
    reported = sorted(
        ((day, p.status) for p, day in items if p.status != "agreed"), key=lambda x: x[0]
    )
    return reported[-1][1] if reported else "agreed"


def _deadline(
    items: list[tuple[Provision, str]],
) -> tuple[DateValue | None, list[tuple[str, list[Source]]]]:
    groups: dict[str, list[Source]] = defaultdict(list)
    values: dict[str, DateValue] = {}
    for p, _ in items:
        if p.deadline is not None and p.deadline.resolved:
            key = next((k for k in values if _compatible(values[k], p.deadline)), p.deadline.value)
            if len(p.deadline.value) > len(values.get(key, p.deadline).value) or key not in values:
                values[key] = p.deadline
            groups[key].extend(p.sources)
    if not groups:
        return None, []
    order = sorted(
        groups, key=lambda k: (-len({s.document for s in groups[k]}), -len(groups[k]), k)
    )
    return values[order[0]], [(values[k].value, groups[k]) for k in order]


def _compatible(a: DateValue, b: DateValue) -> bool:
    short = min(len(a.value), len(b.value))
    return a.value[:short] == b.value[:short]


def _text(items: list[tuple[Provision, str]]) -> str:
    """The provision as first stated: a term ("agreed") before a report of what happened."""
    preference = {"agreed": 0, "implemented": 1}
    first = min(
        items,
        key=lambda x: (
            preference.get(x[0].status, 2),
            x[1] or "~",
            min((s.start for s in x[0].sources), default=0),
        ),
    )
    return first[0].text


def merge_provisions(
    mentions: Sequence[AgreementMention], kind: str, published: dict[str, DateValue | None]
) -> list[Provision]:
    by_category: dict[str, list[tuple[Provision, str]]] = defaultdict(list)
    for m in mentions:
        for p in m.provisions:
            by_category[p.category].append((p, _day(published.get(m.document))))
    out = []
    for category in sorted(
        by_category, key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c)
    ):
        items = by_category[category]
        deadline, _ = _deadline(items)
        sources = sorted(
            {s for p, _ in items for s in p.sources}, key=lambda s: (s.document, s.start)
        )
        out.append(Provision(category, _text(items), deadline, _status(items), sources))
    if kind in CEASEFIRE_KINDS and "ceasefire" not in by_category:
        kinds = [
            c.source
            for m in mentions
            for c in m.claims
            if c.field == "kind" and c.value in CEASEFIRE_KINDS
        ]
        out.insert(
            0,
            Provision(
                "ceasefire",
                "ceasefire (implied by the agreement's kind)",
                None,
                "agreed",
                sorted(set(kinds), key=lambda s: (s.document, s.start))[:3],
            ),
        )
    return out


def deadline_contradictions(mentions: Sequence[AgreementMention]) -> list[Contradiction]:
    by_category: dict[str, list[tuple[Provision, str]]] = defaultdict(list)
    for m in mentions:
        for p in m.provisions:
            by_category[p.category].append((p, ""))
    found = []
    for category, items in sorted(by_category.items()):
        _, groups = _deadline(items)
        if len(groups) > 1:
            found.append(
                Contradiction(
                    f"provisions.{category}.deadline",
                    tuple(
                        (v, tuple(sorted(set(s), key=lambda x: (x.document, x.start))))
                        for v, s in groups
                    ),
                )
            )
    return found


# ------------------------------------------------------------------ events


def _shift(value: str, days: int) -> str:
    from datetime import date, timedelta

    try:
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    except ValueError:
        return value


def life(a: Agreement, *, bounded: bool = True) -> tuple[str, str]:
    """(first day, last day) the agreement is in force, as ISO strings ("" unknown). With no
    end known, it lasts OPEN_END_DAYS past the last day of its last known date ("August
    2017": from 31 August), so that what it can claim depends on its own dates only, never
    on the newest page of the store (`fuse.blocks` relies on this). `bounded=False`: a last
    known date coarser than a day leaves the end unknown ("")."""
    start = a.effective or a.signed
    first = start.value if start is not None and start.resolved else ""
    if a.ends is not None and a.ends.resolved:
        return first, a.ends.value
    known = [d for d in (*a.extended, a.effective, a.signed) if d is not None and d.resolved]
    if not known:
        return first, ""
    latest = max(known, key=lambda d: d.value)
    if len(latest.value) == 10:
        return first, _shift(latest.value, OPEN_END_DAYS)
    if not bounded:
        return first, ""
    days = bounds(latest)
    end = days[1].toordinal() if days else (value_days(latest.value) or (0, 0))[1]
    if not end:
        return first, ""
    return first, date.fromordinal(end + OPEN_END_DAYS).isoformat()


def _during(e: Event, first: str, last: str) -> bool:
    if e.date is None or not e.date.resolved or not first:
        return False
    day = e.date.value
    return first <= day + "~" and (not last or day[: len(last)] <= last)


def _within(e: Event, first: str, last: str) -> bool:
    """Every day the event's date can be lies between `first` and `last` (ISO strings, a
    month or a year at their precision): "in August 2017" is not within a truce that
    began on 3 August."""
    if e.date is None or not e.date.resolved or not first or not last:
        return False
    days = value_days(e.date.value)
    if days is None:
        return False
    lo, hi = date.fromordinal(days[0]).isoformat(), date.fromordinal(days[1]).isoformat()
    return first <= lo and hi[: len(last)] <= last


def _in_zone(e: Event, zones: Sequence[Place]) -> bool:
    return e.place is not None and e.place.resolved and any(places_near(e.place, z) for z in zones)


class Effect(NamedTuple):
    """What a linked event does to a provision ("" category: linked, nothing more)."""

    category: str
    status: str  # implemented | violated | ""


LINKED = Effect("", "")


def _implements(e: Event, a: Agreement, excluded: set[str]) -> Effect | None:
    mode = e.mode or ""
    actor = e.actor1.id if e.actor1 is not None else ""
    if e.type == "REJECT" and actor in excluded:
        return Effect("excluded_groups", "violated")  # a refusal by a group left out
    if e.type == "RETREAT" and mode == "withdraw" and actor in excluded:
        return Effect("excluded_groups", "implemented")
    if e.type == "MOBILIZE" and (mode in MONITOR_MODES or e.acled_sub_event == "HQ_ESTABLISHED"):
        guarantors = {g.id for g in a.guarantors}
        return Effect("monitoring", "implemented") if _under(e, guarantors) else None
    category = IMPLEMENTS.get((e.type, mode)) or IMPLEMENTS.get((e.type, ""))
    return Effect(category, "implemented") if category else None


def _under(e: Event, guarantors: set[str]) -> bool:
    """The event's actor is a guarantor or one of its forces (military police → Russia)."""
    if e.actor1 is None or not e.actor1.id:
        return False
    from truceline.understand.actors import ActorTable

    table = ActorTable.default()
    chain = {e.actor1.id, *(x.id for x in table.ancestors(e.actor1))}
    return bool(chain & guarantors)


def _provision(a: Agreement, category: str) -> Provision | None:
    return next((p for p in a.provisions if p.category == category), None)


def _apply(a: Agreement, e: Event, effect: Effect) -> None:
    p = _provision(a, effect.category)
    if p is None:
        return
    if effect.status == "violated":
        p.status = "violated"
    elif p.status in ("agreed", "disputed"):
        p.status = "implemented"
    p.sources.extend(s for s in e.sources if s not in p.sources)


def link_events(
    agreements: Sequence[Agreement],
    members: dict[str, list[AgreementMention]],
    events: Sequence[Event],
) -> list[Event]:
    """Events with `agreement` set; each agreement's `events` and provision statuses updated.
    An event is linked to the first agreement (earliest first) that claims it."""
    contexts = {a.id: _Context.of(a, members[a.id]) for a in agreements}
    reach = _Reach([contexts[a.id] for a in agreements])
    out: list[Event] = []
    for e in events:
        chosen: Agreement | None = None
        may = reach.of(e)
        for n, a in enumerate(agreements):
            if n not in may:
                continue  # `_reason` would say None: neither reported with it nor in its life
            effect = _reason(e, a, contexts[a.id])
            if effect is None:
                continue
            if effect.category:
                _apply(a, e, effect)
            if e.id not in a.events:
                a.events.append(e.id)
            chosen = a
            break
        out.append(replace(e, agreement=chosen.id) if chosen is not None else e)
    return out


_Spans = dict[str, tuple[tuple[int, int], ...]]  # (start, end) ranges of sentences, by document


@dataclass(frozen=True, slots=True)
class _Context:
    spans: _Spans  # (start, end) of the sentences about it, by document
    ids: frozenset[str]  # event mention ids reported with it
    zones: tuple[Place, ...]  # every zone reading
    excluded: frozenset[str]  # actor ids left out of it
    terms: _Spans  # sentences that state its terms (no attack there), by document
    first: str
    last: str

    @classmethod
    def of(cls, a: Agreement, mentions: Sequence[AgreementMention]) -> _Context:
        spans = {
            (c.source.document, c.source.start, c.source.end) for m in mentions for c in m.claims
        }
        spans |= {
            (s.document, s.start, s.end) for m in mentions for p in m.provisions for s in p.sources
        }
        zones = tuple(  # without repeats: `_in_zone` asks whether any is near
            dict.fromkeys(
                c.value
                for m in mentions
                for c in m.claims
                if c.field == "zone" and isinstance(c.value, Place)
            )
        )
        excluded = {
            c.value.id
            for m in mentions
            for c in m.claims
            if c.field == "excluded" and isinstance(c.value, Actor) and c.value.id
        }
        terms = {
            (s.document, s.start, s.end)
            for m in mentions
            for p in m.provisions
            if p.status == "agreed"
            for s in p.sources
        }
        first, last = life(a)
        return cls(
            _by_document(spans),
            frozenset(e for m in mentions for e in m.events),
            zones,
            frozenset(excluded),
            _by_document(terms),
            first,
            last,
        )


class _Reach:
    """Which agreements (by position) an event may be linked to: those whose sentences
    are in one of its documents or that reported its mention (`_reason`'s "reported"),
    and those in force in its year (`_during`, which "inside" needs). Any other answers
    None in `_reason`, so `link_events` asks only these, in the same order."""

    def __init__(self, contexts: Sequence[_Context]) -> None:
        self.by_document: dict[str, set[int]] = defaultdict(set)
        self.by_event: dict[str, set[int]] = defaultdict(set)
        self.by_year: dict[str, set[int]] = defaultdict(set)
        self.always: set[int] = set()
        for n, ctx in enumerate(contexts):
            for doc in (*ctx.spans, *ctx.terms):
                self.by_document[doc].add(n)
            for event_id in ctx.ids:
                self.by_event[event_id].add(n)
            first, last = ctx.first[:4], ctx.last[:4]
            if not ctx.first:
                continue  # `_during` is False without a first day
            if not first.isdigit() or not last.isdigit() or len(ctx.last) < 4:
                self.always.add(n)
                continue
            for year in range(int(first), int(last) + 1):
                self.by_year[f"{year:04d}"].add(n)

    def of(self, e: Event) -> set[int]:
        may = set(self.always) | self.by_event.get(e.id, set())
        for s in e.sources:
            may |= self.by_document.get(s.document, set())
        if e.date is not None and e.date.resolved:
            year = e.date.value[:4]
            if year.isdigit():
                may |= self.by_year.get(year, set())
            else:
                may |= {n for found in self.by_year.values() for n in found}
        return may


def _reason(e: Event, a: Agreement, ctx: _Context) -> Effect | None:
    """None: not linked; LINKED: reported with it; else the provision it implements or,
    for an attack in the zone while in force, breaks (the ceasefire)."""
    reported = e.id in ctx.ids or _in_spans(e, ctx.spans)
    dated = e.date is not None and e.date.resolved
    if reported and dated and not _during(e, _shift(ctx.first, -TALKS_DAYS), ctx.last):
        reported = False  # "besieged between 2012 and 2014" in a sentence about the deal
    if e.modality != "happened":
        return LINKED if reported else None
    inside = _within(e, ctx.first, ctx.last) and _in_zone(e, ctx.zones)  # the cheap test first
    in_force = _during(e, _day(a.effective) or ctx.first, ctx.last)
    if e.type == "ASSAULT" and inside and in_force and not _in_spans(e, ctx.terms):
        return Effect("ceasefire", "violated")
    effect = _implements(e, a, set(ctx.excluded))
    after_signing = _during(e, _day(a.signed) or ctx.first, ctx.last)
    if effect is not None and (inside or (reported and after_signing)):
        return effect
    return LINKED if reported else None


def _by_document(spans: set[tuple[str, int, int]]) -> _Spans:
    out: dict[str, list[tuple[int, int]]] = {}
    for doc, start, end in sorted(spans):
        out.setdefault(doc, []).append((start, end))
    return {doc: tuple(ranges) for doc, ranges in out.items()}


def _in_spans(e: Event, spans: _Spans) -> bool:
    return any(a0 <= s.start < b0 for s in e.sources for a0, b0 in spans.get(s.document, ()))


# ------------------------------------------------------------------ relations and timeline


def _documents(a: Agreement) -> set[str]:
    return {s.document for s in a.sources}


def _start(a: Agreement) -> str:
    return _day(a.signed or a.effective)


def related_agreements(agreements: Sequence[Agreement]) -> list[AgreementRelation]:
    """A later deal follows an earlier one when it starts while the earlier one is in force
    and they share a zone or one document reports both (the nearest earlier deal wins)."""
    out = []
    for later in agreements:
        start = _start(later)
        earlier = [
            a for a in agreements if a is not later and start and _start(a) and _start(a) < start
        ]
        for a in sorted(earlier, key=_start, reverse=True):
            _, last = life(a, bounded=False)
            near = a.zone is not None and later.zone is not None and places_near(a.zone, later.zone)
            shared = _documents(a) & _documents(later)
            fits = kinds_compatible({a.kind}, {later.kind}) or bool(shared)
            if fits and (near or shared) and (not last or start <= last):
                sources = tuple(s for s in later.sources if s.document in shared)[:3]
                out.append(AgreementRelation(later.id, a.id, "follows", sources))
                break
    return out


def set_relations(agreements: Sequence[Agreement], relations: Sequence[AgreementRelation]) -> None:
    """Store each record's relations on it."""
    for a in agreements:
        a.related = [r for r in relations if r.agreement == a.id]


def timeline(a: Agreement) -> list[tuple[DateValue, str]]:
    """The agreement's key dates in order: agreed, in force, extended, ended (or announced
    end, when the end lies after everything the sources say)."""
    out: list[tuple[DateValue, str]] = []
    if a.signed is not None:
        out.append((a.signed, "agreed"))
    if a.effective is not None:
        out.append((a.effective, "in force"))
    out += [(d, "extended") for d in a.extended]
    if a.ends is not None:
        out.append(
            (
                a.ends,
                "collapsed"
                if a.status == "collapsed"
                else "ended"
                if a.status == "ended"
                else "end announced",
            )
        )
    return sorted(out, key=lambda x: x[0].sort_key())

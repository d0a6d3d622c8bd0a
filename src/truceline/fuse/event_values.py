"""Values of one event across its reports: the toll each document gives and the one most
give, the casualties by kind, the kind of violence most name, and every disagreement
(date, fatalities, wounded, place, actors) kept as a `Contradiction`.

Used by `fuse.events` when it merges a cluster of mentions into one event.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date

from truceline.models import Casualty, Contradiction, DateValue, Event, Source

# ACLED sub-events that say only that violence happened ("killed", "died"): they fit any
# other, and lose to a named one in the vote.
GENERIC_SUB_EVENTS = frozenset({"ATTACK", "OTHER"})


def day_of(d: DateValue | None) -> date | None:
    if d is None or not d.resolved or d.precision != "day" or len(d.value) != 10:
        return None
    try:
        return date.fromisoformat(d.value)
    except ValueError:
        return None


def document_of(e: Event) -> str:
    return e.sources[0].document if e.sources else e.id


def precision_rank(d: DateValue | None) -> int:
    return len(d.value) if d and d.resolved else 0


def _vote(values: list[tuple[str, int | str]]) -> int | str | None:
    """The value most documents give; on a tie the lowest (ACLED's conservative choice)."""
    if not values:
        return None
    counts = Counter(v for _, v in set(values))
    best = max(counts.values())
    return min(v for v, n in counts.items() if n == best)  # type: ignore[type-var]


def wounded(e: Event) -> int | None:
    """The wounded of this event as one mention counts them."""
    hurt = [
        c.count for c in e.casualties if c.kind == "wounded" and c.scope == "event" and not c.part
    ]
    return sum(hurt) if hurt else None


def _tolls(
    cluster: Sequence[Event], count: Callable[[Event], int | None]
) -> dict[str, tuple[int, list[Source]]]:
    """Per document, its toll (the largest its mentions give: a later sentence restates the
    total, "The victim died" repeats part of it) with the sources that give it."""
    out: dict[str, tuple[int, list[Source]]] = {}
    for e in cluster:
        value = count(e)
        if value is None:
            continue
        doc = document_of(e)
        if doc not in out or value > out[doc][0]:
            out[doc] = (value, list(e.sources))
        elif value == out[doc][0]:
            out[doc][1].extend(e.sources)
    return out


def _toll_contradiction(
    name: str, tolls: dict[str, tuple[int, list[Source]]]
) -> Contradiction | None:
    by_value: dict[int, set[Source]] = defaultdict(set)
    for value, srcs in tolls.values():
        by_value[value].update(srcs)
    if len(by_value) < 2:
        return None
    return Contradiction(
        name,
        tuple(
            (str(v), tuple(sorted(s, key=lambda x: (x.document, x.start))))
            for v, s in sorted(by_value.items())
        ),
    )


def contradictions(cluster: Sequence[Event]) -> list[Contradiction]:
    found = []
    getters = (
        ("date", lambda e: e.date.value if day_of(e.date) else None),
        (
            "place",
            lambda e: (
                e.place.name
                if e.place
                and e.place.precision in ("point", "town", "district")
                and e.place.basis != "document"  # a guess from the document's focus
                else None
            ),
        ),
        ("actor1", lambda e: e.actor1.name if e.actor1 and e.actor1.id else None),
        ("actor2", lambda e: e.actor2.name if e.actor2 and e.actor2.id else None),
    )
    for name, getter in getters:
        by_value: dict[str, set[Source]] = defaultdict(set)
        for e in cluster:
            value = getter(e)
            if value is not None:
                by_value[value].update(e.sources)
        docs = {v: {s.document for s in srcs} for v, srcs in by_value.items()}
        # one document saying two things is not two sources disagreeing
        if len(by_value) > 1 and len(set().union(*docs.values())) > 1:
            values = tuple(
                (v, tuple(sorted(s, key=lambda x: (x.document, x.start))))
                for v, s in sorted(by_value.items())
            )
            found.append(Contradiction(name, values))
    for name, count in (("fatalities", lambda e: e.fatalities), ("wounded", wounded)):
        c = _toll_contradiction(name, _tolls(cluster, count))
        if c is not None:
            found.append(c)
    order = {"date": 0, "fatalities": 1, "wounded": 2, "place": 3, "actor1": 4, "actor2": 5}
    return sorted(found, key=lambda c: order.get(c.field, 9))


def voted_toll(cluster: Sequence[Event]) -> int | None:
    dead = _vote([(doc, v) for doc, (v, _) in _tolls(cluster, lambda e: e.fatalities).items()])
    return dead if isinstance(dead, int) else None


def merged_casualties(cluster: Sequence[Event]) -> list[Casualty]:
    """Each kind of count (killed civilians, wounded, ...) once: the value most documents
    give, each document's largest."""
    per_doc: dict[tuple[str, str, str, bool], dict[str, int]] = defaultdict(dict)
    for e in cluster:
        for c in e.casualties:
            key = (c.kind, c.who, c.scope, c.part)
            doc = document_of(e)
            per_doc[key][doc] = max(per_doc[key].get(doc, 0), c.count)
    out = []
    for (kind, who, scope, part), docs in sorted(per_doc.items()):
        count = _vote(list(docs.items()))
        if isinstance(count, int):
            out.append(Casualty(kind, count, who, scope, part))  # type: ignore[arg-type]
    return out


def voted_sub_event(cluster: Sequence[Event], base: Event) -> str | None:
    """The kind of violence most documents name; a specific one over a generic one; on a
    tie, the kind of the deadliest mention."""
    named = [(document_of(e), e.acled_sub_event) for e in cluster if e.acled_sub_event]
    specific = [(d, s) for d, s in named if s not in GENERIC_SUB_EVENTS]
    votes = Counter(s for _, s in set(specific or named))
    if not votes:
        return base.acled_sub_event
    best = max(votes.values())
    tied_best = sorted(s for s, n in votes.items() if n == best)
    if len(tied_best) > 1:
        # on a tie the kind of the mention that counts the dead ("beheaded" over the
        # abduction before it), then the base's
        deadliest = max(cluster, key=lambda e: e.fatalities or 0)
        if deadliest.fatalities and deadliest.acled_sub_event in tied_best:
            return deadliest.acled_sub_event
    preferred = base.acled_sub_event
    return preferred if preferred in tied_best else tied_best[0]


def merged_counts(cluster: Sequence[Event]) -> dict[str, int]:
    """Each count once, as the casualties: the value most documents give, each document's
    largest ("civilians_killed" agrees with the fatalities chosen)."""
    per_doc: dict[str, dict[str, int]] = defaultdict(dict)
    for e in cluster:
        doc = document_of(e)
        for key, value in e.counts.items():
            per_doc[key][doc] = max(per_doc[key].get(doc, 0), value)
    out: dict[str, int] = {}
    for key, docs in sorted(per_doc.items()):
        voted = _vote(list(docs.items()))
        if isinstance(voted, int):
            out[key] = voted
    return out

"""Cross-document event coreference: event mentions that report the same event become one
event with all its sources, and where those sources disagree the disagreement is kept.

Two mentions are one event when their types agree, their dates are compatible
(precision-aware: "August 2017" holds 3 August 2017), their places lie within a distance
that depends on the places' precision, and their actors do not clash. Where the date,
place or actors still differ — and the rest is close enough to say it is one event
(same day ± `DATE_SLACK_DAYS`, same town) — the merge records a contradiction.

Blocking keeps the work near-linear: a mention is compared only with clusters of the
same type, in its own and neighbouring date buckets and 1°-grid cells.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from truceline.models import Contradiction, DateValue, Event, Place, Source

# Two day-precise reports one day apart are the same event when type, town and actors
# agree ("on Sunday" vs "on Monday" from outlets in different time zones or with
# different cut-offs). Calibrated on the example corpus: every cross-outlet pair there
# is 0 or 1 day apart; two distinct same-type events in one town are ≥ 3 days apart.
DATE_SLACK_DAYS = 1

# How far apart two readings of one event's place may be, by the coarser precision of
# the two (km). Outlets name neighbouring villages for the same strike: 10 km keeps the
# example corpus's Khan Shaykhun / Kafr Zita airstrike (9 km) one event with a place
# contradiction, and keeps Kafr Nabl and Maarat al-Numan (11 km) apart.
PLACE_TOLERANCE_KM = {
    "point": 5.0,
    "district": 8.0,
    "town": 10.0,
    "region": 60.0,
    "road": 60.0,
    "admin1": 120.0,
    "country": 600.0,
}
GRID_DEGREES = 1.0  # blocking cell; neighbouring cells are searched too


def km(a: Place, b: Place) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def places_compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or not a.resolved or not b.resolved:
        return True
    if a.name == b.name:
        return True
    tolerance = max(
        PLACE_TOLERANCE_KM.get(a.precision, 10.0), PLACE_TOLERANCE_KM.get(b.precision, 10.0)
    )
    return km(a, b) <= tolerance


def dates_compatible(a: DateValue | None, b: DateValue | None) -> bool:
    """Equal where both are known; a coarser date holds any date inside it."""
    if a is None or b is None or not a.resolved or not b.resolved:
        return True
    short = min(len(a.value), len(b.value))
    return a.value[:short] == b.value[:short]


def _day(d: DateValue | None) -> date | None:
    if d is None or not d.resolved or d.precision != "day" or len(d.value) != 10:
        return None
    try:
        return date.fromisoformat(d.value)
    except ValueError:
        return None


def dates_close(a: DateValue | None, b: DateValue | None) -> bool:
    da, db = _day(a), _day(b)
    return da is not None and db is not None and abs((da - db).days) <= DATE_SLACK_DAYS


def actors_clash(a: Event, b: Event) -> bool:
    for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)):
        if x is not None and y is not None and x.id and y.id and x.id != y.id:
            return True
    return False


_FINE_PLACES = ("point", "district", "town")


def _same_place(a: Event, b: Event) -> bool:
    """The same named place, or two points (towns, or a town and the countryside around
    it) within the town tolerance of each other."""
    pa, pb = a.place, b.place
    if pa is None or pb is None or not pa.resolved or not pb.resolved:
        return False
    if pa.name == pb.name:
        return True
    if pa.precision not in _FINE_PLACES and pb.precision not in _FINE_PLACES:
        return False
    return km(pa, pb) <= PLACE_TOLERANCE_KM["town"]


def _vague_place(e: Event) -> bool:
    return e.place is None or not e.place.resolved or e.place.precision not in _FINE_PLACES


def _evidence(a: Event, b: Event) -> bool:
    """Something besides type, day and area that ties two reports together."""
    same_actor = bool(a.actor1 and b.actor1 and a.actor1.id and a.actor1.id == b.actor1.id)
    same_toll = a.fatalities is not None and a.fatalities == b.fatalities
    return same_actor or same_toll


def same_event(a: Event, b: Event) -> bool:
    if a.type != b.type or a.modality != b.modality:
        return False
    if a.acled_sub_event and b.acled_sub_event and a.acled_sub_event != b.acled_sub_event:
        return False
    if not (a.date and b.date and a.date.resolved and b.date.resolved):
        return False  # undated mentions are never merged on type alone
    both_days = _day(a.date) is not None and _day(b.date) is not None
    same_place = _same_place(a, b)
    same_name = bool(a.place and b.place and a.place.name == b.place.name)
    # A region, a road or no place on one side: only the same day inside the area, with a
    # shared actor or toll, makes it the same event.
    if not same_place and not (
        both_days and places_compatible(a.place, b.place) and _evidence(a, b)
    ):
        return False
    if not both_days and not same_name:
        return False  # without a day on both sides only the same place ties reports together
    if dates_compatible(a.date, b.date):
        return not actors_clash(a, b) or (both_days and same_place)
    # One day apart: one event only where place and actors agree; the merge records it.
    return dates_close(a.date, b.date) and same_place and not actors_clash(a, b)


def _cells(place: Place | None) -> list[tuple[int, int] | None]:
    if place is None or not place.resolved:
        return [None]
    assert place.lat is not None and place.lon is not None
    x, y = int(math.floor(place.lat / GRID_DEGREES)), int(math.floor(place.lon / GRID_DEGREES))
    return [(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]


def _home_cell(place: Place | None) -> tuple[int, int] | None:
    return _cells(place)[4] if place is not None and place.resolved else None


def _lookup_keys(event: Event) -> Iterator[tuple[object, ...]]:
    """Index keys under which a cluster that could take `event` is filed."""
    assert event.date is not None
    place = event.place.name if event.place else ""
    day = _day(event.date)
    yield ("name", event.type, event.date.value[:7], place)
    if day is None:
        return
    for offset in range(-DATE_SLACK_DAYS, DATE_SLACK_DAYS + 1):
        when = (day + timedelta(days=offset)).isoformat()
        for cell in _cells(event.place):
            yield ("day", event.type, when, cell)


def _filing_keys(event: Event) -> Iterator[tuple[object, ...]]:
    """Index keys under which the cluster holding `event` is filed."""
    assert event.date is not None
    yield ("name", event.type, event.date.value[:7], event.place.name if event.place else "")
    if _day(event.date) is not None:
        yield ("day", event.type, event.date.value, _home_cell(event.place))


@dataclass(slots=True)
class _Cluster:
    members: list[Event] = field(default_factory=list)

    def accepts(self, event: Event) -> bool:
        """Same event as the cluster's most precise member, and no further than twice the
        date slack from any day-precise member (reports scatter ± slack around the true
        day; a chain of one-day steps must not drift further)."""
        if not same_event(event, self.members[0]):
            return False
        day = _day(event.date)
        if day is None:
            return True
        days = [d for d in (_day(m.date) for m in self.members) if d]
        return all(abs((day - d).days) <= 2 * DATE_SLACK_DAYS for d in days)


def _order(e: Event) -> tuple[str, int, int, str, str]:
    value = e.date.value if e.date else ""
    fine_place = 0 if not _vague_place(e) else 1
    return (value[:7], -len(value), fine_place, value, e.id)


def cluster_mentions(mentions: Sequence[Event]) -> list[list[Event]]:
    """Greedy, order-independent clustering (mentions are sorted first) under blocking:
    a mention meets only clusters filed under its own type, day ± slack and nearby grid
    cells, or its type, month and place name — so the work grows with the corpus, not
    with its square."""
    index: dict[tuple[object, ...], list[_Cluster]] = defaultdict(list)
    clusters: list[_Cluster] = []
    undated: dict[tuple[str, ...], list[_Cluster]] = defaultdict(list)
    # Precise mentions first within a month, so each cluster's first member is its anchor.
    for event in sorted(mentions, key=_order):
        if not (event.date and event.date.resolved):
            _add_undated(event, undated, clusters)
            continue
        home = next(
            (c for key in _lookup_keys(event) for c in index.get(key, ()) if c.accepts(event)), None
        )
        if home is None:
            home = _Cluster()
            clusters.append(home)
        home.members.append(event)
        for key in _filing_keys(event):
            if home not in index[key]:
                index[key].append(home)
    return [c.members for c in clusters]


def _partial_dates_compatible(a: DateValue | None, b: DateValue | None) -> bool:
    """Unresolved dates ("XXXX-03", "XXXX-XX-XX") agree where both know a character."""
    if a is None or b is None:
        return True
    return all(x == y or "X" in (x, y) for x, y in zip(a.value, b.value, strict=False))


def _add_undated(
    event: Event, groups: dict[tuple[str, ...], list[_Cluster]], clusters: list[_Cluster]
) -> None:
    """A mention with no resolved date is only merged inside its own document: an article
    that tells one withdrawal three times ("on Monday", "the withdrawal", "400 militants
    left") is one event, while two undated reports from two outlets cannot be tied."""
    document = event.sources[0].document if event.sources else event.id
    key = (document, event.type, event.acled_sub_event or "", event.modality)
    for cluster in groups[key]:
        if all(
            _partial_dates_compatible(event.date, m.date)
            and places_compatible(event.place, m.place)
            and not actors_clash(event, m)
            for m in cluster.members
        ):
            cluster.members.append(event)
            return
    cluster = _Cluster([event])
    groups[key].append(cluster)
    clusters.append(cluster)


def _precision_rank(d: DateValue | None) -> int:
    return len(d.value) if d and d.resolved else 0


def _vote(values: list[tuple[str, int | str]]) -> int | str | None:
    """The value most documents give; on a tie the lowest (ACLED's conservative choice)."""
    if not values:
        return None
    counts = Counter(v for _, v in set(values))
    best = max(counts.values())
    return min(v for v, n in counts.items() if n == best)  # type: ignore[type-var]


def contradictions(cluster: Sequence[Event]) -> list[Contradiction]:
    found = []
    getters = (
        ("date", lambda e: e.date.value if _day(e.date) else None),
        ("fatalities", lambda e: None if e.fatalities is None else str(e.fatalities)),
        (
            "place",
            lambda e: (
                e.place.name
                if e.place and e.place.precision in ("point", "town", "district")
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
    return found


def merge(cluster: Sequence[Event]) -> Event:
    """One event from its mentions: the most precise date and place, all sources, the
    count most documents give, and every disagreement kept as a contradiction."""
    base = max(
        cluster,
        key=lambda e: (
            _precision_rank(e.date),
            bool(e.place and e.place.resolved),
            e.place.precision in ("point", "district", "town") if e.place else False,
            -len(e.sources),
            e.id,
        ),
    )
    ids = sorted(e.id for e in cluster)
    sources = sorted({s for e in cluster for s in e.sources}, key=lambda s: (s.document, s.start))
    dead = _vote(
        [
            (e.sources[0].document if e.sources else e.id, e.fatalities)
            for e in cluster
            if e.fatalities is not None
        ]
    )
    counts: dict[str, int] = {}
    for e in sorted(cluster, key=lambda e: e.id):
        for key, value in e.counts.items():
            counts.setdefault(key, value)
    return Event(
        id=hashlib.sha1("|".join(ids).encode()).hexdigest()[:16] if len(cluster) > 1 else base.id,
        type=base.type,
        mode=base.mode,
        acled_sub_event=base.acled_sub_event
        or next((e.acled_sub_event for e in cluster if e.acled_sub_event), None),
        date=base.date,
        place=base.place,
        actor1=base.actor1 or next((e.actor1 for e in cluster if e.actor1), None),
        actor2=base.actor2 or next((e.actor2 for e in cluster if e.actor2), None),
        fatalities=dead if isinstance(dead, int) else None,
        modality=base.modality,
        attribution=base.attribution,
        sources=sources,
        contradictions=contradictions(cluster),
        counts=counts,
        agreement=base.agreement or next((e.agreement for e in cluster if e.agreement), None),
    )


def fuse_events(mentions: Sequence[Event]) -> list[Event]:
    fused = [merge(c) for c in cluster_mentions(mentions)]
    return sorted(fused, key=lambda e: (e.date.sort_key() if e.date else "~", e.id))

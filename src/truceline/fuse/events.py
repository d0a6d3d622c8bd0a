"""Event coreference, across outlets and within one article: event mentions that report
the same event become one event with all its sources, and where those sources disagree the
disagreement is kept.

Two mentions are one event when they are `compatible` and `tied`, two pairwise tests a
blocking scheme (date window, place or country) can use as they are:
- compatible: the same type and modality, a kind of violence of one family (an artillery
  report and an air-strike report of one strike; "killed" fits any), dates compatible
  (precision-aware: "August 2017" holds 3 August 2017) or a day apart, places within a
  distance that depends on their precision, actors that do not clash (or clash on the same
  day in the same town: a contradiction), and never two days of one article ("On 8 May
  Turkish forces shelled the town ... on 9 May clashes broke out" are two events);
- tied: the same place, or the same day inside a wider area with a shared actor or toll;
  a report with no place needs a toll of at least `STRONG_TOLL` and the same actor, or no
  actor and an article about the other report's country.
Clusters whose members a later report tied together are joined, so the result does not
hang on the order of the reports. An undated sentence that goes on telling the dated event
of its article read just before it ("The victim died.", "One militant was killed in the
strike") is that event; other undated mentions are merged only within their document.
Where the date, place, actors or tolls still differ the merge records a contradiction
(`event_values`).

Blocking keeps the work near-linear: a mention is compared only with clusters of the
same type, in its own and neighbouring date buckets and 1°-grid cells (any cell of the day
for a report with no place).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

from truceline.fuse.event_values import (
    GENERIC_SUB_EVENTS,
    contradictions,
    day_of,
    document_of,
    merged_casualties,
    merged_counts,
    precision_rank,
    voted_sub_event,
    voted_toll,
)
from truceline.models import DateValue, Event, Place
from truceline.understand.places.ranking import distance_km

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
Countries = Mapping[str, frozenset[str]]  # document id → the countries its places are in


def km(a: Place, b: Place) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return distance_km(a.lat, a.lon, b.lat, b.lon)


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


def dates_close(a: DateValue | None, b: DateValue | None) -> bool:
    da, db = day_of(a), day_of(b)
    return da is not None and db is not None and abs((da - db).days) <= DATE_SLACK_DAYS


def actors_clash(a: Event, b: Event) -> bool:
    """Two listed actors in one role, or sides swapped: the one report's attacker is the
    other's target ("Boko Haram killed soldiers" and "the army shelled Boko Haram")."""
    for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)):
        if x is not None and y is not None and x.id and y.id and x.id != y.id:
            return True
    return _swapped(a, b) or _swapped(b, a)


def _swapped(a: Event, b: Event) -> bool:
    return (
        a.actor1 is not None
        and b.actor1 is not None
        and b.actor2 is not None
        and a.actor1.name != b.actor1.name
        and a.actor1.name == b.actor2.name
    )


# ACLED sub-events that outlets use for one another's reports of the same strike (an
# artillery attack reported as an air strike, examples/: the Kafr Nabl market): one event
# type of ACLED ("Explosions/Remote violence"). ATTACK and OTHER say only that violence
# happened ("killed", "died") and fit any of them.
SUB_EVENT_FAMILIES = (
    frozenset({"AIR_STRIKE", "ART_MISS_ATTACK", "GRENADE", "REM_EXPLOS", "SUIC_BOMB", "CHEM_WEAP"}),
    frozenset({"PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST"}),
)


def sub_events_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b or a == b or a in GENERIC_SUB_EVENTS or b in GENERIC_SUB_EVENTS:
        return True
    return any(a in family and b in family for family in SUB_EVENT_FAMILIES)


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


def compatible(a: Event, b: Event) -> bool:
    """Whether two mentions can be one event at all: the same type, modality and kind of
    violence, dates and places that fit, actors that do not clash (or clash on the same
    day in the same town: a contradiction), and not two days of one document (an article
    that dates two shellings 8 and 9 May tells two events). Pairwise and symmetric, so a
    blocking scheme (date window, place) can use it as it is."""
    if a.type != b.type or a.modality != b.modality:
        return False
    if not sub_events_compatible(a.acled_sub_event, b.acled_sub_event):
        return False
    if not places_compatible(a.place, b.place):
        return False
    da, db = day_of(a.date), day_of(b.date)
    if document_of(a) == document_of(b) and da is not None and db is not None and da != db:
        return False
    if not dates_compatible(a.date, b.date) and not dates_close(a.date, b.date):
        return False
    if actors_clash(a, b):
        # a contradiction over who did it only in one town: two reports of one day in one
        # province with other actors are two incidents (OSCE notes of fire each way)
        fine = not _vague_place(a) and not _vague_place(b)
        return da is not None and da == db and fine and _same_place(a, b)
    return True


def tied(a: Event, b: Event, countries: Countries | None = None) -> bool:
    """Whether something says two compatible dated mentions are one event: the same place
    (a town, or points within a town's reach), or the same day inside a wider area with a
    shared actor or toll. Without a day on both sides only the same place name ties them;
    one day apart, only the same place. A mention with no place needs more (see
    `_strong_evidence`); `countries`: the countries each document's places are in."""
    if not (a.date and b.date and a.date.resolved and b.date.resolved):
        return False  # undated mentions are never merged on type alone
    both_days = day_of(a.date) is not None and day_of(b.date) is not None
    same_place = _same_place(a, b)
    if not both_days:
        return bool(a.place and b.place and a.place.name == b.place.name)
    if not dates_compatible(a.date, b.date):
        # one day apart: the merge records the date contradiction; a province or a
        # country is no "same place" for that without an actor or a toll in common
        # (ACLED dev notes: a landmine and a grenade attack a day apart in Rakhine)
        coarse = _vague_place(a) and _vague_place(b)
        return same_place and (not coarse or _evidence(a, b))
    if _placeless(a) or _placeless(b):
        return _strong_evidence(a, b, countries or {})
    return same_place or _evidence(a, b)


def _placeless(e: Event) -> bool:
    return e.place is None or not e.place.resolved


# A toll this large is rare enough on one day to tie a report with no place to one with a
# place, when the actors agree too (examples/: "government artillery hit the market ...,
# killing at least 12" with the place unread); one or two dead are too common: ACLED's
# dev notes hold many "1 killed" events of one day and type with no place in common.
STRONG_TOLL = 3


def _strong_evidence(a: Event, b: Event, countries: Countries) -> bool:
    """The same toll (at least STRONG_TOLL), and the same actor or, with no actor on one
    side, an article about the country the other report is in: what ties a report with no
    place to another of the same day and type."""
    if a.fatalities is None or a.fatalities != b.fatalities or a.fatalities < STRONG_TOLL:
        return False
    if a.actor1 and b.actor1 and a.actor1.id and b.actor1.id:
        return a.actor1.id == b.actor1.id
    placeless, placed = (a, b) if _placeless(a) else (b, a)
    if placed.place is None or not placed.place.resolved:
        return False
    return placed.place.country in countries.get(document_of(placeless), frozenset())


def same_event(a: Event, b: Event, countries: Countries | None = None) -> bool:
    return compatible(a, b) and tied(a, b, countries)


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
    day = day_of(event.date)
    yield ("name", event.type, event.date.value[:7], place)
    if day is None:
        return
    for offset in range(-DATE_SLACK_DAYS, DATE_SLACK_DAYS + 1):
        when = (day + timedelta(days=offset)).isoformat()
        if event.place is None or not event.place.resolved:
            yield ("any", event.type, when)  # no place: any cluster of the day may be it
            continue
        for cell in _cells(event.place):
            yield ("day", event.type, when, cell)


def _filing_keys(event: Event) -> Iterator[tuple[object, ...]]:
    """Index keys under which the cluster holding `event` is filed."""
    assert event.date is not None
    yield ("name", event.type, event.date.value[:7], event.place.name if event.place else "")
    if day_of(event.date) is not None:
        yield ("day", event.type, event.date.value, _home_cell(event.place))
        yield ("any", event.type, event.date.value)


@dataclass(slots=True)
class _Cluster:
    members: list[Event] = field(default_factory=list)

    def accepts(self, event: Event, countries: Countries) -> bool:
        """Compatible with every member, tied to one of them (the most precise first), and
        no further than twice the date slack from any day-precise member (reports scatter
        ± slack around the true day; a chain of one-day steps must not drift further)."""
        if not all(compatible(event, m) for m in self.members):
            return False
        if not any(tied(event, m, countries) for m in self.members):
            return False
        day = day_of(event.date)
        if day is None:
            return True
        days = [d for d in (day_of(m.date) for m in self.members) if d]
        return all(abs((day - d).days) <= 2 * DATE_SLACK_DAYS for d in days)

    def joins(self, other: _Cluster, countries: Countries) -> bool:
        days = [d for d in (day_of(m.date) for m in (*self.members, *other.members)) if d]
        if days and (max(days) - min(days)).days > 2 * DATE_SLACK_DAYS:
            return False  # the cheap test first: each of the three must hold
        if not all(compatible(a, b) for a in self.members for b in other.members):
            return False
        return any(tied(a, b, countries) for a in self.members for b in other.members)


def _order(e: Event) -> tuple[str, int, int, str, str]:
    value = e.date.value if e.date else ""
    fine_place = 0 if not _vague_place(e) else 1
    return (value[:7], -len(value), fine_place, value, e.id)


def cluster_mentions(
    mentions: Sequence[Event], countries: Countries | None = None
) -> list[list[Event]]:
    """Greedy, order-independent clustering (mentions are sorted first) under blocking:
    a mention meets only clusters filed under its own type, day ± slack and nearby grid
    cells (any cell when it has no place), or its type, month and place name — so the work
    grows with the corpus, not with its square. Undated mentions come last: one that goes
    on telling a dated event of its article ("The victim died.") joins it, the others are
    merged only within their document (`_add_undated`)."""
    views = [_identity_view(e) for e in mentions]
    original = {id(v): e for v, e in zip(views, mentions, strict=True)}
    return [[original[id(v)] for v in members] for members in _cluster(views, countries)]


def _identity_view(event: Event) -> Event:
    """The event as identity sees it: a place taken from the document's focus (basis
    "document") is a guess, not something its report says, and neither ties nor parts
    mentions."""
    if event.place is not None and event.place.basis == "document":
        return replace(event, place=None)
    return event


def _cluster(mentions: Sequence[Event], countries: Countries | None) -> list[list[Event]]:
    index: dict[tuple[object, ...], list[_Cluster]] = defaultdict(list)
    clusters: list[_Cluster] = []
    undated: dict[tuple[str, ...], list[_Cluster]] = defaultdict(list)
    by_document: dict[str, list[tuple[Event, _Cluster]]] = defaultdict(list)
    ordered = sorted(mentions, key=_order)
    # Precise mentions first within a month, so each cluster's first member is its anchor.
    for event in ordered:
        if not (event.date and event.date.resolved):
            continue
        home = _first_accepting(event, index, countries or {})
        if home is None:
            home = _Cluster()
            clusters.append(home)
        home.members.append(event)
        for key in _filing_keys(event):
            if home not in index[key]:
                index[key].append(home)
    clusters = _join_clusters(clusters, index, countries or {})
    for cluster in clusters:
        for event in cluster.members:
            by_document[document_of(event)].append((event, cluster))
    for event in ordered:
        if event.date and event.date.resolved:
            continue
        told = _told_before(event, by_document.get(document_of(event), []))
        if told is not None:
            told.members.append(event)
        else:
            _add_undated(event, undated, clusters)
    return [c.members for c in clusters]


def _first_accepting(
    event: Event, index: dict[tuple[object, ...], list[_Cluster]], countries: Countries
) -> _Cluster | None:
    """The first cluster, in the order of `event`'s lookup keys and of filing, that takes
    it; a cluster filed under several of the keys is asked once (its answer is the same)."""
    asked: set[int] = set()
    for key in _lookup_keys(event):
        for c in index.get(key, ()):
            if id(c) in asked:
                continue
            asked.add(id(c))
            if c.accepts(event, countries):
                return c
    return None


def _join_clusters(
    clusters: list[_Cluster], index: dict[tuple[object, ...], list[_Cluster]], countries: Countries
) -> list[_Cluster]:
    """Join clusters that a later member tied together: a report read before the one that
    ties it to a cluster ("12 killed" with no town, before the report that names both the
    town and the 12) founded a cluster of its own. Two clusters join when every pair of
    members is compatible and one pair is tied, so the result does not hang on the order."""
    gone: set[int] = set()
    for cluster in clusters:
        if id(cluster) in gone:
            continue
        changed = True
        # (other, size of this cluster) pairs found not to join: a cluster filed under
        # several keys is met again and again, and neither side has changed since
        refused: set[tuple[int, int]] = set()
        while changed:
            changed = False
            for event in list(cluster.members):
                for key in _lookup_keys(event):
                    for other in list(index.get(key, ())):
                        if other is cluster or id(other) in gone:
                            continue
                        tried = (id(other), len(cluster.members))
                        if tried in refused:
                            continue
                        refused.add(tried)
                        if cluster.joins(other, countries):
                            cluster.members.extend(other.members)
                            gone.add(id(other))
                            for member in other.members:
                                for k in _filing_keys(member):
                                    if cluster not in index[k]:
                                        index[k].append(cluster)
                            changed = True
    return [c for c in clusters if id(c) not in gone]


# An undated mention goes on telling the dated event of its article read at most this many
# characters before it (the next sentence or two: ACLED notes put the toll after the
# event, "The victim died. 1 fatality."; a wire story "One militant was killed in the
# strike").
FOLLOW_CHARS = 320


def _told_before(event: Event, dated: list[tuple[Event, _Cluster]]) -> _Cluster | None:
    """The cluster of the nearest dated mention of the same article before `event`, when
    it is near, of a compatible kind and at a compatible place (none, or the same)."""
    if not event.sources:
        return None
    start = event.sources[0].start
    before = [(m, c) for m, c in dated if m.sources and m.sources[0].end <= start]
    if not before:
        return None
    for mention, cluster in sorted(before, key=lambda mc: -mc[0].sources[0].end):
        if start - mention.sources[0].end > FOLLOW_CHARS:
            return None
        if mention.type != event.type:
            continue  # "Police arrested a suspect." between the attack and its toll
        placed = event.place is not None and event.place.resolved
        if (placed and not _same_place(event, mention)) or _another(event):
            return None
        # the same incident told on: the kind of violence may be named anew ("clashes
        # broke out ... The two sides used rockets ... A man was killed")
        follow = replace(event, acled_sub_event=None)
        return cluster if all(compatible(follow, m) for m in cluster.members) else None
    return None


# Words that open a report of another incident in the same article.
ANOTHER = re.compile(
    r"\b(?:elsewhere|separately|meanwhile|in (?:an)?other|in a separate|another|a second)\b",
    re.IGNORECASE,
)


def _another(event: Event) -> bool:
    return bool(event.sources and ANOTHER.search(event.sources[0].quote))


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


def merge(cluster: Sequence[Event]) -> Event:
    """One event from its mentions: the most precise date and place, all sources, the
    count most documents give, and every disagreement kept as a contradiction."""
    base = max(
        cluster,
        key=lambda e: (
            precision_rank(e.date),
            bool(e.place and e.place.resolved and e.place.basis != "document"),
            bool(e.place and e.place.resolved),
            e.place.precision in ("point", "district", "town") if e.place else False,
            -len(e.sources),
            e.id,
        ),
    )
    ids = sorted(e.id for e in cluster)
    sources = sorted({s for e in cluster for s in e.sources}, key=lambda s: (s.document, s.start))
    counts = merged_counts(cluster)
    return Event(
        id=hashlib.sha1("|".join(ids).encode()).hexdigest()[:16] if len(cluster) > 1 else base.id,
        type=base.type,
        mode=base.mode,
        acled_sub_event=voted_sub_event(cluster, base),
        date=base.date,
        place=base.place,
        actor1=base.actor1 or next((e.actor1 for e in cluster if e.actor1), None),
        actor2=base.actor2 or next((e.actor2 for e in cluster if e.actor2), None),
        fatalities=voted_toll(cluster),
        modality=base.modality,
        attribution=base.attribution,
        sources=sources,
        contradictions=contradictions(cluster),
        counts=counts,
        agreement=base.agreement or next((e.agreement for e in cluster if e.agreement), None),
        casualties=merged_casualties(cluster),
        background=all(e.background for e in cluster),
    )


def fuse_events(mentions: Sequence[Event], countries: Countries | None = None) -> list[Event]:
    """One event per cluster of mentions; `countries`: the countries each document's
    places are in (what places a report whose own sentence names none)."""
    fused = [merge(c) for c in cluster_mentions(mentions, countries)]
    return sorted(fused, key=lambda e: (e.date.sort_key() if e.date else "~", e.id))

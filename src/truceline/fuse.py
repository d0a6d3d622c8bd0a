"""Fuse: cross-document work over everything stored.

Owns: finding duplicate documents, merging event mentions that report the same event
into one event with several sources, and recording where those sources disagree.
Fusion is derived data: it is recomputed from the stored per-document results and
swapped in atomically by the store.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .models import Agreement, Contradiction, DateValue, Document, Event, Place, Source

if TYPE_CHECKING:
    from .store import Store


@dataclass(slots=True)
class FusionResult:
    events: list[Event]
    agreements: list[Agreement] = field(default_factory=list)
    duplicates: dict[str, str | None] = field(default_factory=dict)


def _body_key(body: str) -> str:
    words = re.findall(r"\w+", body.lower())
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


def find_duplicates(documents: Sequence[Document]) -> dict[str, str | None]:
    """Map each document id to the id of the earlier document it repeats (or None)."""
    first: dict[str, str] = {}
    result: dict[str, str | None] = {}
    for doc in sorted(documents, key=lambda d: d.id):
        key = _body_key(doc.body)
        result[doc.id] = first.get(key)
        first.setdefault(key, doc.id)
    return result


def _km(a: Place, b: Place) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


# How far apart two place readings may be and still be one event, by the coarser
# precision of the two: a town is a few km across; a region tens of km.
PLACE_TOLERANCE_KM = {"point": 3.0, "district": 5.0, "town": 10.0, "region": 60.0, "admin1": 120.0}


def places_compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or not a.resolved or not b.resolved:
        return True
    if a.name == b.name:
        return True
    tolerance = max(PLACE_TOLERANCE_KM.get(a.precision, 10.0), PLACE_TOLERANCE_KM.get(b.precision, 10.0))
    return _km(a, b) <= tolerance


def dates_compatible(a: DateValue | None, b: DateValue | None) -> bool:
    """Equal where both are known; a coarser date is compatible with any date inside it."""
    if a is None or b is None or not a.resolved or not b.resolved:
        return True
    short = min(len(a.value), len(b.value))
    return a.value[:short] == b.value[:short]


def actors_compatible(a: Event, b: Event) -> bool:
    for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)):
        if x is not None and y is not None and x.id and y.id and x.id != y.id:
            return False
    return True


def same_event(a: Event, b: Event) -> bool:
    if a.type != b.type or a.acled_sub_event != b.acled_sub_event or a.modality != b.modality:
        return False
    if not (a.date and b.date and a.date.resolved and b.date.resolved):
        return False  # undated mentions are never merged on type alone
    return dates_compatible(a.date, b.date) and places_compatible(a.place, b.place) and actors_compatible(a, b)


def _precision_rank(d: DateValue | None) -> int:
    return len(d.value) if d and d.resolved else 0


def merge(cluster: list[Event]) -> Event:
    """One event from several mentions: the most precise date and place win, all sources kept,
    and disagreements on counts are recorded rather than resolved."""
    base = max(cluster, key=lambda e: (_precision_rank(e.date), e.place is not None and e.place.resolved, -len(e.id)))
    ids = sorted(e.id for e in cluster)
    sources = sorted({s for e in cluster for s in e.sources}, key=lambda s: (s.document, s.start))
    merged = Event(
        id=hashlib.sha1("|".join(ids).encode()).hexdigest()[:16] if len(cluster) > 1 else base.id,
        type=base.type, mode=base.mode, acled_sub_event=base.acled_sub_event, date=base.date,
        place=base.place, actor1=base.actor1 or next((e.actor1 for e in cluster if e.actor1), None),
        actor2=base.actor2 or next((e.actor2 for e in cluster if e.actor2), None),
        fatalities=base.fatalities, modality=base.modality, attribution=base.attribution,
        sources=sources, counts=dict(base.counts), agreement=base.agreement,
    )
    merged.contradictions = contradictions(cluster)
    return merged


def contradictions(cluster: list[Event]) -> list[Contradiction]:
    found = []
    for name, getter in (
        ("fatalities", lambda e: None if e.fatalities is None else str(e.fatalities)),
        ("date", lambda e: e.date.value if e.date and e.date.resolved and e.date.precision == "day" else None),
        ("place", lambda e: e.place.name if e.place and e.place.precision in ("point", "town", "district") else None),
    ):
        by_value: dict[str, list[Source]] = defaultdict(list)
        for e in cluster:
            value = getter(e)
            if value is not None:
                by_value[value].extend(e.sources)
        if len(by_value) > 1:
            found.append(Contradiction(name, tuple((v, tuple(s)) for v, s in sorted(by_value.items()))))
    return found


def fuse_events(mentions: Sequence[Event], duplicates: dict[str, str | None]) -> list[Event]:
    """Greedy clustering, blocked by (type, month) so the work stays near-linear."""
    blocks: dict[tuple[str, str], list[list[Event]]] = defaultdict(list)
    undated: list[Event] = []
    for event in sorted(mentions, key=lambda e: e.id):
        doc = event.sources[0].document if event.sources else ""
        if duplicates.get(doc):
            continue  # a copy of another document adds no report of its own
        if not (event.date and event.date.resolved):
            undated.append(event)
            continue
        key = (event.type, event.date.value[:7])
        for cluster in blocks[key]:
            if all(same_event(event, other) for other in cluster):
                cluster.append(event)
                break
        else:
            blocks[key].append([event])
    fused = [merge(c) for clusters in blocks.values() for c in clusters] + undated
    return sorted(fused, key=lambda e: (e.date.sort_key() if e.date else "~", e.id))


def fuse(documents: Sequence[Document], mentions: Sequence[Event]) -> FusionResult:
    duplicates = find_duplicates(documents)
    return FusionResult(events=fuse_events(mentions, duplicates), duplicates=duplicates)


def fuse_store(store: Store) -> FusionResult:
    result = fuse(store.documents(), store.event_mentions())
    store.replace_fused(result.events, result.agreements, result.duplicates)
    return result

"""Blocks of days for incremental and parallel fusion: which stored documents a new page
can change, and which documents never meet.

Every step of fusion compares two documents' items only within a stretch of days:
- near-duplicates: two copies are published within `DUPLICATE_DAYS`;
- event coreference: two event mentions are one event only when their dates are
  compatible (one holds the other: "August 2017" holds 3 August) or `DATE_SLACK_DAYS`
  apart, and a cluster spans at most twice that; a mention with no date is merged only
  within its own document;
- agreements: a mention joins a record only when their dates fit (`periods_fit`: within
  `FIT_DAYS` of the record's), and an event of another document is claimed by a record
  only when it is an attack or an implementing event that happened with all its days
  within the record's life (`agreement_links._within`, `LINKED_UNREPORTED`), a life that
  lies within CORPUS_YEAR_DAYS + OPEN_END_DAYS (and a month) of its mentions' dates
  (`agreement_links.life` reads the record's own dates, never the newest page).
So a document's `span` — its stretches of days, each in the lane where it can meet
another document's: its publication day, its event mentions' dates by type and place,
its agreement mentions' dates widened by AGREEMENT_PAD_DAYS, and the days of its attacks
and implementing events as points (a `POINT` lane) that join the agreement stretch
holding them whole but never each other — bounds everything fusion can tie it to.
Documents whose spans do not meet, directly or through a chain of others, never meet:
fusing each chain (a `block`) alone
gives what fusing all of them gives, block by block, and blocks can be fused in
parallel. Across blocks only the agreements' "follows" relations are drawn, over all the
records (`fuse.fusion.relate`). A document with no publication day is compared with
documents of any date (`duplicates.same_report`): its span is None and it joins every
block.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping

from truceline.fuse.agreement_links import LINKED_UNREPORTED, OPEN_END_DAYS
from truceline.fuse.agreement_values import CORPUS_YEAR_DAYS, value_days
from truceline.fuse.agreements import FIT_DAYS
from truceline.fuse.duplicates import DUPLICATE_DAYS
from truceline.fuse.events import DATE_SLACK_DAYS

# Wider than any reach of the blocked steps (DUPLICATE_DAYS = 2 apart; event dates
# DATE_SLACK_DAYS = 1 apart, clusters 2 days wide), so overlap is never too strict.
SPAN_PAD_DAYS = max(DUPLICATE_DAYS, 2 * DATE_SLACK_DAYS) + 1
# An agreement mention's dates widened by this meet those of every mention its record can
# hold (two widened stretches meet when FIT_DAYS apart) and every event day of the
# record's life (CORPUS_YEAR_DAYS + OPEN_END_DAYS + a month past its dates).
AGREEMENT_PAD_DAYS = max(FIT_DAYS.days, CORPUS_YEAR_DAYS + OPEN_END_DAYS + 31) + 30
AGREEMENT_LANE = "agreement"
POINT = "@"  # a lane of points: each joins the stretches of its lane it meets, no other point

Span = tuple[tuple[str, int, int], ...] | None  # (lane, first, last day ordinal); None: any day


Lane = str  # what a stretch can meet: "published", "type:ASSAULT", "place:ASSAULT:Idlib"
MentionDate = tuple[str, str | None, str | None, str | None, str | None, str | None]
# (type, date value, date precision, place name, place basis, modality) of one event mention


def _lanes(mention: MentionDate) -> list[Lane]:
    """Where a mention's days can meet another document's (`events.tied`, which joining
    a cluster needs): a day-precise one any mention of its type a day from it, by place
    or by toll and actor; one with a month or a year only the mentions of its type at
    the same place name (a place taken from the document's focus names none)."""
    kind, value, precision, name, basis = mention[:5]
    placed = name is not None and basis != "document"
    lanes = [f"place:{kind}:{name}"] if placed else []
    if precision == "day" and value is not None and len(value) == 10:
        lanes.append(f"type:{kind}")
    return lanes


def span(
    published: str | None,
    mentions: Iterable[MentionDate],
    agreements: Iterable[Iterable[str]] = (),
) -> Span:
    """A document's span: the days of its publication, of its event mentions' dates, in
    the lanes where they can meet another document's (`_lanes`), and of its agreement
    mentions (`agreements`: each mention's date values) widened by AGREEMENT_PAD_DAYS,
    each widened by SPAN_PAD_DAYS, overlapping ones joined; None (any day) without a
    publication day. A year-less date ("XXXX-09-07"), which fusion treats as no date,
    adds nothing, as does a month or a year with no place to the event lanes. So "in
    1999" in a report of 2029 ties it to the reports of 1999 at the same place, not to all
    the years between."""
    if not published or len(published) != 10:
        return None  # `same_report` compares it with pages of any date
    days = value_days(published)
    if days is None:
        return None
    found: list[tuple[Lane, int, int]] = [("published", *days)]
    points: set[tuple[Lane, int, int]] = set()
    for mention in mentions:
        value = mention[1]
        if not value or not value[:4].isdigit():
            continue
        one = value_days(value)
        if one is None:
            return None  # a date whose days cannot be told: any day, to be safe
        if mention[0] in LINKED_UNREPORTED and mention[5] == "happened":
            points.add((POINT + AGREEMENT_LANE, *one))  # can be claimed by a deal in force
        found.extend((lane, *one) for lane in _lanes(mention))
    for values in agreements:
        known = [days]
        for value in values:
            if value and value[:4].isdigit():
                one = value_days(value)
                if one is None:
                    return None
                known.append(one)
        first = min(k[0] for k in known) - AGREEMENT_PAD_DAYS
        found.append((AGREEMENT_LANE, first, max(k[1] for k in known) + AGREEMENT_PAD_DAYS))
    joined: list[tuple[Lane, int, int]] = []
    for lane, first, last in sorted(found):
        first, last = first - SPAN_PAD_DAYS, last + SPAN_PAD_DAYS
        if joined and joined[-1][0] == lane and first <= joined[-1][2]:
            joined[-1] = (lane, joined[-1][1], max(joined[-1][2], last))
        else:
            joined.append((lane, first, last))
    return (*joined, *sorted(points))  # points neither widened nor joined: each is a day


def block_of(spans: Mapping[str, Span], new: Iterable[str]) -> set[str] | None:
    """The documents in the blocks that hold a `new` one (the new ones included), or None
    when that is every document (a span of any day among them)."""
    new = set(new)
    if any(spans.get(doc) is None for doc in (*spans, *new)):
        return None
    root = _joined(spans)
    roots = {root(doc) for doc in new}
    return {doc for doc in spans if root(doc) in roots}


def partition(spans: Mapping[str, Span]) -> list[list[str]]:
    """Every block, each as its documents in order, in the order of their first
    document; one block of all when a span covers any day."""
    if any(s is None for s in spans.values()):
        return [sorted(spans)] if spans else []
    root = _joined(spans)
    found: dict[str, list[str]] = {}
    for doc in sorted(spans):
        found.setdefault(root(doc), []).append(doc)
    return list(found.values())


def _joined(spans: Mapping[str, Span]) -> Callable[[str], str]:
    """Union-find over the documents: joined by overlapping stretches of one lane,
    directly or through others, and by a point of a POINT lane (an event's days) held
    whole by the lane's joined stretches (an agreement claims an event only when all its
    days are within the deal's life: `agreement_links._within`); returns the finder of
    each document's root."""
    parent: dict[str, str] = {doc: doc for doc in spans}

    def root(doc: str) -> str:
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    stretches = sorted(
        (lane, first, last, doc)
        for doc, s in spans.items()
        for lane, first, last in s or ()
        if not lane.startswith(POINT)
    )
    runs: dict[Lane, list[tuple[int, int, str]]] = {}  # each lane's joined stretches
    lane_now, reach, holder = None, 0, ""
    for lane, first, last, doc in stretches:
        if lane != lane_now or first > reach:
            lane_now, reach, holder = lane, last, doc
            runs.setdefault(lane, []).append((first, last, doc))
            continue
        parent[root(doc)] = root(holder)
        reach = max(reach, last)
        run = runs[lane][-1]
        runs[lane][-1] = (run[0], reach, run[2])
    starts = {lane: [r[0] for r in found] for lane, found in runs.items()}
    for doc, s in spans.items():
        for lane, first, last in s or ():
            if not lane.startswith(POINT) or lane[1:] not in runs:
                continue
            found, begins = runs[lane[1:]], starts[lane[1:]]
            n = bisect_right(begins, first) - 1
            if n >= 0 and found[n][0] <= first and last <= found[n][1]:
                parent[root(doc)] = root(found[n][2])  # the stretch of days holding it
    return root

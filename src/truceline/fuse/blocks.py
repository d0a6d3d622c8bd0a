"""Blocks of days for incremental and parallel fusion: which stored documents a new page
can change, and which documents never meet.

Every step of fusion compares two documents' items only within a stretch of days:
- near-duplicates: two copies are published within `DUPLICATE_DAYS`;
- event coreference: two event mentions are one event only when their dates are
  compatible (one holds the other: "August 2017" holds 3 August) or `DATE_SLACK_DAYS`
  apart, and a cluster spans at most twice that; a mention with no date is merged only
  within its own document;
- agreements: a mention joins a record only when their dates fit (`periods_fit`: within
  `FIT_DAYS` of the record's), and an event is linked to a record only when it is reported
  in the record's own sentences or happens in the record's life, which lies within
  CORPUS_YEAR_DAYS + OPEN_END_DAYS (and a month) of its mentions' dates
  (`agreement_links.life` reads the record's own dates, never the newest page).
So a document's `span` — its stretches of days, each in the lane where it can meet
another document's: its publication day, its event mentions' dates by type and place,
its agreement mentions' dates widened by AGREEMENT_PAD_DAYS, and its event dates as
points (`POINT` lanes) that join the agreement stretches they fall in but never each
other — bounds everything fusion can tie it to. Documents whose spans do not meet,
directly or through a chain of others, never meet: fusing each chain (a `block`) alone
gives what fusing all of them gives, block by block, and blocks can be fused in
parallel. Across blocks only the agreements' "follows" relations are drawn, over all the
records (`fuse.fusion.relate`). A document with no publication day is compared with
documents of any date (`duplicates.same_report`): its span is None and it joins every
block.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

from truceline.fuse.agreement_links import OPEN_END_DAYS
from truceline.fuse.agreement_values import CORPUS_YEAR_DAYS
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


def value_days(value: str | None) -> tuple[int, int] | None:
    """The first and last day a stored date value can be ("2017-08-03", "2017-08",
    "2017", "2017-W32" (its year), "201" (the decade)); None when it has no year."""
    if not value:
        return None
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            day = date.fromisoformat(value[:10]).toordinal()
            return day, day
        if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
            year, month = int(value[:4]), int(value[5:7])
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            return first.toordinal(), last.toordinal()
        if value[:4].isdigit():
            year = int(value[:4])
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        if len(value) == 3 and value.isdigit():
            decade = int(value) * 10
            return date(decade, 1, 1).toordinal(), date(decade + 9, 12, 31).toordinal()
    except ValueError:
        return None
    return None


Lane = str  # what a stretch can meet: "published", "type:ASSAULT", "place:ASSAULT:Idlib"
MentionDate = tuple[str, str | None, str | None, str | None, str | None]
# (type, date value, date precision, place name, place basis) of one event mention


def _lanes(mention: MentionDate) -> list[Lane]:
    """Where a mention's days can meet another document's (`events.tied`, which joining
    a cluster needs): a day-precise one any mention of its type a day from it, by place
    or by toll and actor; one with a month or a year only the mentions of its type at
    the same place name (a place taken from the document's focus names none)."""
    kind, value, precision, name, basis = mention
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
    for mention in mentions:
        value = mention[1]
        if not value or not value[:4].isdigit():
            continue
        lanes = _lanes(mention)
        one = value_days(value)
        if one is None:
            return None  # a date whose days cannot be told: any day, to be safe
        found.append((POINT + AGREEMENT_LANE, *one))
        found.extend((lane, *one) for lane in lanes)
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
    return tuple(joined)


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
    directly or through others, and by a point of a POINT lane falling in the lane's
    stretches; returns the finder of each document's root."""
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
            n = max(bisect_right(begins, first) - 1, 0)
            while n < len(found) and found[n][0] <= last:
                if found[n][1] >= first:
                    parent[root(doc)] = root(found[n][2])
                n += 1
    return root

"""Blocks of days for incremental fusion: which stored documents a new page can change.

The first steps of fusion (near-duplicates, event coreference) compare two documents'
items only within a few days of each other: two copies are published within
`DUPLICATE_DAYS`; two event mentions are one event only when their dates are compatible
(one holds the other: "August 2017" holds 3 August) or `DATE_SLACK_DAYS` apart, and a
cluster spans at most twice that; a mention with no date is merged only within its own
document. So a document's `span` — the days of its publication and of its event
mentions' dates, each widened by `SPAN_PAD_DAYS` — bounds everything these steps can tie
it to, and documents whose spans do not overlap, directly or through a chain of others,
never meet:
fusing each chain of overlapping spans (a `block`) alone gives what fusing all of them
gives, block by block. A document with no publication day is compared with documents of
any date (`duplicates.same_report`): its span is None and it joins every block.

The later steps (agreements, their links to events, one event per agreement day,
corroboration) are not blocked: an agreement mention without a date of its own fits a
record of any year, and a record with no end lasts until the newest page
(`agreement_links.life`). `run.fusion` runs them over the whole store each time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from truceline.fuse.duplicates import DUPLICATE_DAYS
from truceline.fuse.events import DATE_SLACK_DAYS

# Wider than any reach of the blocked steps (DUPLICATE_DAYS = 2 apart; event dates
# DATE_SLACK_DAYS = 1 apart, clusters 2 days wide), so overlap is never too strict.
SPAN_PAD_DAYS = max(DUPLICATE_DAYS, 2 * DATE_SLACK_DAYS) + 1

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


def span(published: str | None, mentions: Iterable[MentionDate]) -> Span:
    """A document's span: the days of its publication and of its event mentions' dates,
    in the lanes where they can meet another document's (`_lanes`), each widened by
    SPAN_PAD_DAYS, overlapping ones joined; None (any day) without a publication day. A
    year-less date ("XXXX-09-07"), which fusion treats as no date, adds nothing, as does
    a month or a year with no place. So "in 1999" in a report of 2029 ties it to the
    reports of 1999 at the same place, not to all the years between."""
    if not published or len(published) != 10:
        return None  # `same_report` compares it with pages of any date
    days = value_days(published)
    if days is None:
        return None
    found: list[tuple[Lane, int, int]] = [("published", *days)]
    for mention in mentions:
        value = mention[1]
        if not value or value.startswith("X"):
            continue
        lanes = _lanes(mention)
        one = value_days(value) if lanes else None
        if lanes and one is None:
            return None  # a date whose days cannot be told: any day, to be safe
        found.extend((lane, *one) for lane in lanes if one is not None)
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
    when that is every document (a span of any day among them). A block: documents
    joined by overlapping stretches of one lane, directly or through others."""
    new = set(new)
    if any(spans.get(doc) is None for doc in (*spans, *new)):
        return None
    parent: dict[str, str] = {doc: doc for doc in spans}

    def root(doc: str) -> str:
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    stretches = sorted(
        (lane, first, last, doc) for doc, s in spans.items() for lane, first, last in s or ()
    )
    lane_now, reach, holder = None, 0, ""
    for lane, first, last, doc in stretches:
        if lane != lane_now or first > reach:
            lane_now, reach, holder = lane, last, doc
            continue
        parent[root(doc)] = root(holder)
        reach = max(reach, last)
    roots = {root(doc) for doc in new}
    return {doc for doc in spans if root(doc) in roots}

"""Blocks of days for incremental fusion: which stored documents a new page can change.

The first steps of fusion (near-duplicates, event coreference) compare two documents'
items only within a few days of each other: two copies are published within
`DUPLICATE_DAYS`; two event mentions are one event only when their dates are compatible
(one holds the other: "August 2017" holds 3 August) or `DATE_SLACK_DAYS` apart, and a
cluster spans at most twice that; a mention with no date is merged only within its own
document. So a document's `span` — the days from its publication and its event mentions'
dates, each widened by `SPAN_PAD_DAYS` — bounds everything these steps can tie it to, and
documents whose spans do not overlap, directly or through a chain of others, never meet:
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

Span = tuple[int, int] | None  # (first, last) day ordinal; None: any day


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


def span(published: str | None, mention_dates: Iterable[str | None]) -> Span:
    """A document's span: its publication day and its event mentions' dates, widened by
    SPAN_PAD_DAYS; None (any day) without a publication day. A year-less date ("XXXX-09-07"),
    which fusion treats as no date, adds nothing."""
    if not published or len(published) != 10:
        return None  # `same_report` compares it with pages of any date
    days = value_days(published)
    if days is None:
        return None
    first, last = days
    for value in mention_dates:
        if value and not value.startswith("X"):
            found = value_days(value)
            if found is None:
                return None  # a date whose days cannot be told: any day, to be safe
            first, last = min(first, found[0]), max(last, found[1])
    return first - SPAN_PAD_DAYS, last + SPAN_PAD_DAYS


def block_of(spans: Mapping[str, Span], new: Iterable[str]) -> set[str] | None:
    """The documents in the blocks that hold a `new` one (the new ones included), or None
    when that is every document (a span of any day among them)."""
    new = set(new)
    if any(spans.get(doc) is None for doc in spans) or any(doc not in spans for doc in new):
        return None
    ordered = sorted(spans, key=lambda doc: spans[doc])  # type: ignore[arg-type, return-value]
    found: set[str] = set()
    block: list[str] = []
    reach = None
    for doc in ordered:
        first, last = spans[doc]  # type: ignore[misc]
        if reach is not None and first > reach:
            if new.intersection(block):
                found.update(block)
            block, reach = [], None
        block.append(doc)
        reach = last if reach is None else max(reach, last)
    if new.intersection(block):
        found.update(block)
    return found

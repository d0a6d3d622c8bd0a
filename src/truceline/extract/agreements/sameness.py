"""When two dates of an agreement can be one deal's: the same value at their common
precision, or days a report's slip apart. Used within a document (extract) and across
documents (fuse), so that both draw the line in the same place."""

from __future__ import annotations

from datetime import date, timedelta

from truceline.models import DateValue

# Two signing (or start) dates this many days apart can still be one deal: outlets slip by
# a day or two (seeds: signed 2 vs agreed upon 3 August 2017; examples: in force 16 vs 18
# October 2019). Two local deals in one zone are weeks apart (seeds: August vs 4 October 2017).
SAME_DEAL_DAYS = 7


def iso_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def dates_close(a: DateValue, b: DateValue, days: int = SAME_DEAL_DAYS) -> bool:
    """Equal at their common precision, or two days at most `days` apart."""
    if not (a.resolved and b.resolved):
        return False
    short = min(len(a.value), len(b.value))
    if a.value[:short] == b.value[:short]:
        return True
    da, db = iso_day(a.value), iso_day(b.value)
    return da is not None and db is not None and abs((da - db).days) <= days


def bounds(d: DateValue) -> tuple[date, date] | None:
    """The first and last day a resolved date can be."""
    if not d.resolved:
        return None
    value = d.end or d.value
    first, last = iso_day(d.value[:10]), None
    if len(d.value) == 10:
        last = iso_day(value[:10]) if len(value) >= 10 else first
    elif len(d.value) == 7 and d.value[4] == "-" and d.value[5:].isdigit():
        year, month = int(d.value[:4]), int(d.value[5:])
        first = date(year, month, 1)
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    elif len(d.value) == 4 and d.value.isdigit():
        first, last = date(int(d.value), 1, 1), date(int(d.value), 12, 31)
    if first is None or last is None:
        return None
    return first, last


# A deal named with a date of its own ("the Stockholm Agreement of December 2018") is
# another deal than the one a document is about when that date is further than this from
# every date known of the latter (a start follows a signing within weeks: MAX_START_DAYS in
# fuse.agreement_values is the same reasoning), or, when nothing is known of the latter,
# this long before the document was written: "the Sochi memorandum of September 2018" in a
# report of March 2020.
OWN_DATE_DAYS = 60
HISTORY_DAYS = 365


def near_any(value: DateValue, others: list[DateValue], days: int = OWN_DATE_DAYS) -> bool:
    """Whether a date lies within `days` of one of `others` (ranges by their bounds)."""
    mine = bounds(value)
    if mine is None:
        return True
    gap = timedelta(days=days)
    for other in others:
        b = bounds(other)
        if b is not None and mine[0] - gap <= b[1] and b[0] <= mine[1] + gap:
            return True
    return False


def long_before(value: DateValue, anchor: DateValue | None) -> bool:
    """Whether a date lies more than HISTORY_DAYS before the document's day."""
    mine, day = bounds(value), bounds(anchor) if anchor is not None else None
    return mine is not None and day is not None and mine[1] < day[0] - timedelta(days=HISTORY_DAYS)

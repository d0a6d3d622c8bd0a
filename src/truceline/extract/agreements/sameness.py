"""When two dates of an agreement can be one deal's: the same value at their common
precision, or days a report's slip apart. Used within a document (extract) and across
documents (fuse), so that both draw the line in the same place."""

from __future__ import annotations

from datetime import date

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

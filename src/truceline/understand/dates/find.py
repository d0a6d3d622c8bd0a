"""Finding date expressions in a text and normalising them (`find_dates`, `normalise`,
`read_spans`, `parse_iso`): the conventions are the package's (see `understand.dates`)."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from truceline.models import DateBasis, DateValue, Mention
from truceline.understand.dates.patterns import (
    PATTERN_TRIGGERS,
    PATTERNS,
    TRIGGER,
    WINDOW_AFTER,
    WINDOW_BEFORE,
)
from truceline.understand.dates.relative import HANDLERS
from truceline.understand.dates.resolve import Context, Period, period_of

__all__ = ["Mode", "find_dates", "normalise", "parse_iso", "read_spans"]

Mode = Literal["news", "narrative"]


def _context(anchor: DateValue | None, anchor_basis: str, mode: Mode) -> Context:
    estimated = anchor_basis == "estimated" or (anchor is not None and anchor.basis == "estimated")
    basis: DateBasis = (
        "estimated" if estimated else ("corpus" if anchor_basis == "corpus" else "anchored")
    )
    period = period_of(anchor.value) if anchor is not None and anchor.resolved else None
    if period is None:
        return Context(None, None, estimated, basis, narrative=mode == "narrative")
    last = period_of(anchor.end) if anchor is not None and anchor.end else None
    hi = last.end if last is not None else period.end
    # A narrative starts from its anchor and then moves with the dates it mentions.
    ref = period if mode == "narrative" else None
    return Context(period.start, hi, estimated, basis, narrative=mode == "narrative", ref=ref)


def _segments(text: str) -> list[tuple[int, int, set[str]]]:
    """Stretches of text around trigger words, merged where they touch, with the kinds of
    trigger each holds."""
    segments: list[tuple[int, int, set[str]]] = []
    for m in TRIGGER.finditer(text):
        start, end = max(0, m.start() - WINDOW_BEFORE), min(len(text), m.end() + WINDOW_AFTER)
        kind = m.lastgroup or ""
        if segments and start <= segments[-1][1]:
            lo, hi, kinds = segments[-1]
            kinds.add(kind)
            segments[-1] = (lo, max(end, hi), kinds)
        else:
            segments.append((start, end, {kind}))
    return segments


def _candidates(text: str) -> list[tuple[int, int, int, str, re.Match[str]]]:
    """Every match of every pattern, ordered by start, longest first, then pattern rank."""
    found = []
    segments = _segments(text)
    for rank, (name, pattern) in enumerate(PATTERNS):
        needs = PATTERN_TRIGGERS[name]
        for lo, hi, kinds in segments:
            if needs.isdisjoint(kinds):
                continue
            for m in pattern.finditer(text, lo, hi):
                if m.end() > m.start():
                    found.append((m.start(), m.start() - m.end(), rank, name, m))
    found.sort(key=lambda c: c[:3])
    return [(start, start - minus, rank, name, m) for start, minus, rank, name, m in found]


# A narrative's reference time follows a date more than this many years away from it only
# when the next year written in the text agrees with that date; otherwise the date is an
# aside ("the largest cavalry battle since 1813", "documents found in 2004", a time stamp
# in the page header), not the story moving on. Calibrated on the WikiWars dev half.
NARRATIVE_JUMP_YEARS = 10
_ANY_YEAR = re.compile(r"(?<![\d.,])\b(?:1[0-9]{3}|20[0-9]{2})\b(?![\d,])")


def _next_year(text: str, position: int) -> int | None:
    m = _ANY_YEAR.search(text, position)
    return int(m.group(0)) if m else None


def _move_reference(ctx: Context, period: Period | None, text: str, position: int) -> None:
    """Let a newly read date become the reference for what follows."""
    if period is None or period.precision == "decade":
        return
    if period.precision == "quarter" and (ctx.hi is None or period.start <= ctx.hi):
        # Only a quarter already begun has results a report compares with a year earlier
        # ("losses through the third quarter of 1990" is a forecast aside). Not "already
        # over": a fiscal fourth quarter ended in September reads as the calendar's.
        ctx.quarter_ref = period
    if ctx.narrative:
        if ctx.used_anchor or ctx.looked_back:
            # "today" is the writer's day, "the previous year" a look back: not story time
            return
        if ctx.lo is not None and period.start <= ctx.lo <= period.end:
            return  # the creation time stamped on the page, not a date of the story
        far = (
            ctx.ref is not None
            and abs(period.start.year - ctx.ref.start.year) > NARRATIVE_JUMP_YEARS
        )
        if ctx.ref_from_text and far:
            following = _next_year(text, position)
            if following is None or abs(following - period.start.year) > NARRATIVE_JUMP_YEARS:
                return
        ctx.ref_from_text = True
    ctx.ref, ctx.ref_end = period, position


def find_dates(
    text: str, anchor: DateValue | None, *, anchor_basis: str = "anchored", mode: Mode = "news"
) -> list[Mention]:
    """All date expressions in `text` as Mention(kind="date", value=DateValue), in order.

    Relative and partial expressions resolve against `anchor` (the publication date);
    with no anchor a partial date keeps its unknown parts ("XXXX-09-07", "unresolved")."""
    ctx = _context(anchor, anchor_basis, mode)
    return _scan(text, ctx, [], {})


def read_spans(
    text: str,
    spans: list[tuple[int, int]],
    anchor: DateValue | None,
    *,
    anchor_basis: str = "anchored",
    mode: Mode = "news",
) -> list[DateValue | None]:
    """The value of the date expression at each (start, end) of `text`, read in its place:
    with the tense of its sentence and the dates mentioned before it (for spans that some
    other reader marked as dates, e.g. gold annotations). None where no date is found."""
    ctx = _context(anchor, anchor_basis, mode)
    values: dict[tuple[int, int], DateValue | None] = {}
    mentions = _scan(text, ctx, sorted(set(spans)), values)
    return [_from_longer(span, mentions, values.get(span)) for span in spans]


def _from_longer(
    span: tuple[int, int], mentions: list[Mention], own: DateValue | None
) -> DateValue | None:
    """The value of a span that begins or ends a longer expression we read whole: "6" and
    "7 January 1916" in "6-7 January 1916" are the range's start and end; "a year" of
    "a year earlier" has the whole's value where it has none of its own."""
    for mention in mentions:
        value = mention.value
        inside = mention.start <= span[0] < span[1] <= mention.end
        if not isinstance(value, DateValue) or not inside or (mention.start, mention.end) == span:
            continue
        if value.end is None:
            return own or (value if span[0] == mention.start else None)
        if span[0] == mention.start:
            return DateValue(value.value, precision=value.precision, basis=value.basis)
        if span[1] == mention.end:
            return DateValue(value.end, precision=value.precision, basis=value.basis)
    return own


def _read_span(text: str, span: tuple[int, int], ctx: Context) -> DateValue | None:
    """The longest date expression inside text[span], valued in the current context."""
    found = []
    for rank, (name, pattern) in enumerate(PATTERNS):
        for m in pattern.finditer(text, span[0], span[1]):
            if m.end() > m.start():
                found.append((-(m.end() - m.start()), m.start(), rank, name, m))
    for *_key, name, m in sorted(found, key=lambda c: c[:3]):
        result = HANDLERS[name](m, text, ctx)
        if result is not None:
            return result[0]
    if span != (0, len(text)):
        # Read alone, without its neighbours: "1918" of "1917-1918" marked on its own.
        return _read_span(text[span[0] : span[1]], (0, span[1] - span[0]), ctx)
    return None


def _scan(
    text: str,
    ctx: Context,
    spans: list[tuple[int, int]],
    values: dict[tuple[int, int], DateValue | None],
) -> list[Mention]:
    """Read the text's date expressions in order; value each of `spans` (sorted) on the way,
    in the context of everything read before it."""
    mentions: list[Mention] = []
    taken_until = 0
    pending = iter(spans)
    span = next(pending, None)
    for start, end, _rank, name, m in [*_candidates(text), (len(text) + 1, 0, 0, "", None)]:
        while span is not None and span[0] <= start:
            values[span] = _read_span(text, span, ctx)
            span = next(pending, None)
        if m is None or start < taken_until:
            # the end, or inside a longer expression already read ("2016" of "May 16, 2016")
            continue
        ctx.used_anchor = ctx.looked_back = False
        result = HANDLERS[name](m, text, ctx)
        if result is None:
            continue  # not a date here; a shorter reading at the same place may still be
        value, period = result
        _move_reference(ctx, period, text, end)
        mentions.append(
            Mention(kind="date", text=text[start:end], start=start, end=end, value=value)
        )
        taken_until = end
    return mentions


def normalise(
    expression: str,
    anchor: DateValue | None,
    *,
    anchor_basis: str = "anchored",
    mode: Mode = "news",
) -> DateValue | None:
    """The value of one date expression (the longest date found in it), or None."""
    mentions = find_dates(expression, anchor, anchor_basis=anchor_basis, mode=mode)
    if not mentions:
        # Said alone, "May" or "March" lack the cue word that marks them as months in running text.
        mentions = find_dates("in " + expression, anchor, anchor_basis=anchor_basis, mode=mode)
    longest = max(mentions, key=lambda m: m.end - m.start, default=None)
    return longest.value if longest is not None and isinstance(longest.value, DateValue) else None


_ISO = re.compile(
    r"\s*(?P<y>\d{4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d)(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?"
    r"(?:Z|[+-]\d\d:?\d\d)?)?)?)?\s*"
)


def parse_iso(value: str) -> DateValue | None:
    """'2017-08-03', '2017-08', '2017', '2017-08-03T10:00:00+03:00' as DateValue(basis='text');
    the date is taken as written (no time-zone shift). None for anything else."""
    m = _ISO.fullmatch(value)
    if m is None:
        return None
    year = int(m["y"])
    try:
        if m["d"]:
            day = date(year, int(m["m"]), int(m["d"]))
            return DateValue(day.isoformat(), precision="day", basis="text")
        if m["m"]:
            month = date(year, int(m["m"]), 1)
            return DateValue(month.strftime("%Y-%m"), precision="month", basis="text")
    except ValueError:
        return None
    return DateValue(f"{year:04d}", precision="year", basis="text")

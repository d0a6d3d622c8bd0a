"""Estimating when an undated document was written, from its own dated statements.

A report is written on or after every full date it tells as past, so the latest such
date is a lower bound of its writing day. Not every full date is good ground:
- a date on a line of its own, or in a scrap of a line ("JUNE 2021" from a page widget),
  is page furniture, not a statement;
- a date told as future ("will end on 15 February 2018"), or as the end of a stated
  period ("from 14 May 2017 to 4 May 2018"), says nothing about when the text was written;
- a date given as a historical example ("For example, on May 16, 2016 ... during the
  previous ceasefire") belongs to a background that the report has long moved on from:
  using it would place the report's own year-less dates years too early.
A year alone ("since 2011") is too coarse to anchor a month-and-day date on, but a later
year told as past than every full date ("Sept. 11, 2001" and "the 2006 truce") says those
dates are history: no estimate. When no good ground is left the answer is None: an honest
"unknown" beats a wrong day.

The estimate is the latest good date, kind "approximate", basis "estimated", at that
date's precision (day or month). `find_dates` reads an estimated anchor as a lower bound
(see `dates_resolve`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from truceline.models import DateValue
from truceline.understand.dates.find import find_dates
from truceline.understand.dates.resolve import Period, period_of, tense_at

# A line with fewer words than this besides its dates is furniture (a date line, a widget,
# a caption stub), not a statement. Set by reading of page dumps (the seeds' widgets have
# 1-3 words); not tuned on a dev set, which has no undated documents.
MIN_PROSE_WORDS = 6
# Framing that makes a date background rather than news.
_BACKGROUND = re.compile(
    r"\b(?:for example|for instance|e\.g\.|such as|previous|former|formerly|in the past|back in"
    r"|history|historic|historical|years ago|at the time|anniversary|recalled?|reminiscent)\b",
    re.IGNORECASE,
)
# The date closes a stated period: "... to the last extension on 4 May, 2018".
_PERIOD_END = re.compile(r"\b(?:to|until|till|through)\b[^,.;:!?]{0,32}$", re.IGNORECASE)
# "© 2016", "Copyright (c) 2016": the year a page was last served, not one its text tells
_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)[^.\n]{0,8}$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]{2,}")
_CLAUSE_END = re.compile(r"[.!?](?:\s|$)")


def _line(text: str, start: int, end: int) -> str:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return text[lo : hi if hi >= 0 else len(text)]


def _sentence(text: str, start: int, end: int) -> str:
    lo = text.rfind("\n", 0, start) + 1
    for m in _CLAUSE_END.finditer(text, lo, start):
        lo = m.end()
    stop = _CLAUSE_END.search(text, end)
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    return text[lo : min(hi, stop.end()) if stop else hi]


def _is_ground(text: str, start: int, end: int) -> bool:
    """Whether the full date at text[start:end] is told as past news in running prose."""
    line = _line(text, start, end)
    if len(_WORD.findall(line)) - len(_WORD.findall(text[start:end])) < MIN_PROSE_WORDS:
        return False
    if _PERIOD_END.search(text, max(0, start - 48), start):
        return False
    if tense_at(text, start, end) == "future":
        return False
    return not _BACKGROUND.search(_sentence(text, start, end))


def estimate_publication(text: str) -> DateValue | None:
    """Estimate when a document without a publication date was written, from its own dated
    statements (basis "estimated"); None when the text gives no safe ground."""
    best: Period | None = None
    mentions = find_dates(text, None)
    for mention in mentions:
        value = mention.value
        if not isinstance(value, DateValue) or value.basis != "text" or value.kind == "unresolved":
            continue
        if value.precision not in ("day", "month") or not _is_ground(
            text, mention.start, mention.end
        ):
            continue
        period = period_of(value.end or value.value)
        if period is not None and (best is None or period.start > best.start):
            best = period
    if best is None:
        return None
    # a later year told as past ("the 2006 truce" in a report that dates only "September
    # 11, 2001") says the latest full date is history, not the week of writing: unknown
    floor = history_floor(
        text, ((m.start, m.end, m.value) for m in mentions if isinstance(m.value, DateValue))
    )
    if floor is not None and int(floor.value[:4]) > best.start.year:
        return None
    text_value = best.start.isoformat() if best.precision == "day" else best.start.strftime("%Y-%m")
    return DateValue(text_value, precision=best.precision, kind="approximate", basis="estimated")


# A statement about what happened this long before its report is background: history the
# report recalls ("besieged between 2012 and 2014" in a report of 2017, "clashes broke out
# in July 2011"), not the news it reports. A year: the seeds and examples report events of
# the last days and weeks, and recall what happened years before; a deal's talks go back
# months (agreement_links.TALKS_DAYS, 120 days) and stay news.
BACKGROUND_DAYS = 365


def history_floor(text: str, dates: Iterable[tuple[int, int, DateValue]]) -> DateValue | None:
    """For a document with no day of its own: the first day of the latest year it tells as
    past in running prose ("In 2011, ...", "the protests of 2012"), as a lower bound of when
    it was written. Too coarse for a year-less date ("on 4 May") to take its year from, but
    enough to tell that what it dates years before is history (`is_background`): a text
    that tells of 2016 was not written in 2011. `dates` are the document's date mentions
    (start, end, value); those told as future, as the end of a period or as an example do
    not count (`_is_ground`). None when no year is left."""
    best: int | None = None
    for start, end, value in dates:
        if value.basis != "text" or value.kind == "unresolved" or not value.resolved:
            continue
        period = period_of(value.end or value.value)
        if period is None or (best is not None and period.start.year <= best):
            continue
        if not _COPYRIGHT.search(text, max(0, start - 16), start) and _is_ground(text, start, end):
            best = period.start.year
    if best is None:
        return None
    return DateValue(f"{best:04d}", precision="year", kind="approximate", basis="estimated")


def is_background(value: DateValue | None, anchor: DateValue | None) -> bool:
    """Whether a date ends more than BACKGROUND_DAYS before the document's day (its
    publication date, or the lower bound estimated from its text). Unknown either way:
    not background."""
    if value is None or anchor is None or not value.resolved or not anchor.resolved:
        return False
    told = period_of(value.end or value.value)
    day = period_of(anchor.value)
    if told is None or day is None:
        return False
    return (day.start - told.end).days > BACKGROUND_DAYS

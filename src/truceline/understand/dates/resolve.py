"""Calendar arithmetic for `dates`: periods, the context relative dates are resolved in,
and the choice of year for an expression that names none ("September 7", "last May").

An anchor is read as an interval of possible document dates [lo, hi]:
- a publication date with day precision: that day;
- one with month or year precision: the whole month or year, and an expression is
  resolved only where both ends give the same answer (never a guessed day);
- an estimated anchor (from `estimate_publication`) is a lower bound: the document was
  written on or after it. With a day-precision estimate a year-less date is placed in the
  year that starts `ESTIMATE_LOOKBACK` before the bound; with a coarser one it stays
  unresolved; deictic expressions ("yesterday", "last week") always stay unresolved,
  since the writing day itself is unknown. A bare weekday ("on Thursday") is the one
  exception: a day-precision estimate places it as a publication date would
  (`dates_relative.weekday`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from truceline.models import DateBasis, Precision
from truceline.understand.dates.patterns import SEASON_START

# "before"/"after" are strict: "last May" is a May wholly before the day, "next May" after.
Tense = Literal["past", "future", "unknown", "before", "after"]

# Past tense still allows a date a few days after the anchor: a page's date line often
# lags the events it reports by a day or two (time zones, next-morning print editions).
# Set by that reasoning; the TimeBank/AQUAINT dev half hardly depends on it.
PAST_LOOKAHEAD = timedelta(days=3)
# A candidate on the side the clause's tense points away from counts this many times its
# distance: a clause's tense is a strong hint, not a rule ("declared a dividend payable
# Dec. 15" points ahead from a past verb). On the TimeBank/AQUAINT dev half (value
# accuracy given gold spans, in context) 3 to 6 score within one item of each other and
# a hard rule (no other side) 0.6 points lower; 5 keeps closest to the tense.
AGAINST_TENSE = 5.0
# With an estimated anchor (a lower bound L) a year-less date is put in [L - 90 d, L + 275 d):
# reports restate the background date they are anchored on and then tell what followed.
# Set by reasoning, not tuned: no dev set has undated documents.
ESTIMATE_LOOKBACK = timedelta(days=90)
# In a narrative (a history article), a year-less date falls in
# [ref - 90 d, ref + 275 d) of the last date mentioned: narratives mostly move forward,
# after a summary that runs ahead of the detail.
# Calibrated on the WikiWars dev half (value accuracy given gold spans).
NARRATIVE_LOOKBACK = timedelta(days=90)


@dataclass(frozen=True, slots=True)
class Period:
    """A resolved stretch of calendar: its first and last day and how it was named."""

    precision: Precision
    start: date
    end: date


@dataclass(slots=True)
class Context:
    """What relative expressions are resolved against, for one `find_dates` call."""

    lo: date | None  # earliest possible document date
    hi: date | None  # latest possible document date
    estimated: bool  # lo is a lower bound estimated from the text
    basis: DateBasis  # basis of a value resolved against the anchor
    narrative: bool = False
    ref: Period | None = None  # last resolved date mentioned so far (narratives, anaphora)
    ref_end: int = 0  # where in the text `ref` was mentioned
    used_anchor: bool = False  # the value being read was counted from the document day
    looked_back: bool = False  # ... or back from the reference ("the previous year")
    ref_from_text: bool = False  # False while `ref` is still the anchor itself
    quarter_ref: Period | None = None  # last quarter mentioned: what "a year earlier" compares

    @property
    def exact_day(self) -> date | None:
        """The document day when it is known exactly."""
        if self.lo is not None and self.lo == self.hi and not self.estimated:
            return self.lo
        return None


def month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def month_period(year: int, month: int) -> Period:
    return Period("month", date(year, month, 1), month_end(year, month))


def year_period(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31))


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period("quarter", date(year, first, 1), month_end(year, first + 2))


def season_period(year: int, code: str) -> Period:
    """Winter YYYY runs from December of the year before to February of YYYY."""
    first = SEASON_START[code]
    if code == "WI":
        return Period("season", date(year - 1, 12, 1), month_end(year, 2))
    return Period("season", date(year, first, 1), month_end(year, first + 2))


def week_period(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return Period("week", monday, monday + timedelta(days=6))


def decade_period(first_year: int) -> Period:
    return Period("decade", date(first_year, 1, 1), date(first_year + 9, 12, 31))


def day_period(day: date) -> Period:
    return Period("day", day, day)


def value_of(period: Period) -> str:
    """ISO 8601 cut to the precision; TIMEX3 forms for week, season, quarter, decade."""
    s = period.start
    match period.precision:
        case "day":
            return s.isoformat()
        case "week":
            iso = s.isocalendar()
            return f"{iso.year:04d}-W{iso.week:02d}"
        case "month":
            return f"{s.year:04d}-{s.month:02d}"
        case "season":
            code = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}[s.month]
            return f"{s.year + (1 if code == 'WI' else 0):04d}-{code}"
        case "quarter":
            return f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}"
        case "year":
            return f"{s.year:04d}"
        case _:
            return f"{s.year // 10:03d}"


def shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _gap(period: Period, day: date) -> int:
    """Days between a period and a day; 0 when the day falls inside it."""
    if day < period.start:
        return (period.start - day).days
    if day > period.end:
        return (day - period.end).days
    return 0


def _candidates(make: Callable[[int], Period | None], around: int) -> list[Period]:
    found = []
    for year in (around - 1, around, around + 1):
        try:
            period = make(year)
        except ValueError:  # 29 February in a common year
            period = None
        if period is not None:
            found.append(period)
    return found


def _directional(make: Callable[[int], Period | None], day: date, tense: Tense) -> Period | None:
    periods = _candidates(make, day.year)
    if not periods:
        return None
    if tense in ("past", "future"):
        return min(periods, key=lambda p: (_tensed_gap(p, day, tense), p.start > day))
    if tense == "before":
        strictly = [p for p in periods if p.end < day]
        return strictly[-1] if strictly else None
    if tense == "after":
        strictly = [p for p in periods if p.start > day]
        return strictly[0] if strictly else None
    return min(periods, key=lambda p: (_gap(p, day), p.start > day))


def _tensed_gap(period: Period, day: date, tense: Tense) -> float:
    """Distance of a candidate from the day, dearer on the side the tense points away from."""
    against = period.start > day + PAST_LOOKAHEAD if tense == "past" else period.end < day
    return _gap(period, day) * (AGAINST_TENSE if against else 1)


def _in_window(make: Callable[[int], Period | None], start: date) -> Period | None:
    stop = start + timedelta(days=365)
    for period in _candidates(make, start.year):
        if start <= period.start < stop:
            return period
    return None


def pick_year(make: Callable[[int], Period | None], ctx: Context, tense: Tense) -> Period | None:
    """The occurrence of a year-less expression that the context points to, or None."""
    if ctx.narrative and ctx.ref is not None:
        if tense in ("before", "after"):  # "the previous April", "the following spring"
            return _directional(make, ctx.ref.start if tense == "before" else ctx.ref.end, tense)
        return _in_window(make, ctx.ref.start - NARRATIVE_LOOKBACK)
    if ctx.lo is None or ctx.hi is None:
        return None
    if ctx.estimated:
        # Only a day told as past news is a bound close enough to place a year-less date;
        # a month or a year is as often background ("only in May 2014").
        return _in_window(make, ctx.lo - ESTIMATE_LOOKBACK) if ctx.lo == ctx.hi else None
    first, last = _directional(make, ctx.lo, tense), _directional(make, ctx.hi, tense)
    return first if first == last else None


def deictic(ctx: Context, make: Callable[[date], Period | None]) -> Period | None:
    """Resolve an expression counted from the document day ("last week", "this year"):
    only where every possible document day gives the same answer."""
    if ctx.estimated or ctx.lo is None or ctx.hi is None:
        return None
    ctx.used_anchor = True
    first = make(ctx.lo)
    return first if first == make(ctx.hi) else None


def pick_weekday(weekday: int, day: date, mod: str, tense: Tense) -> date:
    """The `weekday` that an expression like "last Friday" / "on Friday" means on `day`."""
    back = (day.weekday() - weekday) % 7  # days back to the latest such weekday (0 = today)
    ahead = (weekday - day.weekday()) % 7
    if mod in ("last", "this past"):
        return day - timedelta(days=back or 7)
    if mod in ("next", "this coming", "coming"):
        return day + timedelta(days=ahead or 7)
    if mod == "this":
        return day - timedelta(days=day.weekday()) + timedelta(days=weekday)
    if tense == "future":
        return day + timedelta(days=ahead)
    return day - timedelta(days=back)


# Words whose tense tells which way a year-less date points. The nearest one to the date,
# inside its sentence, decides. Reported speech ("would") points nowhere in particular and
# is no marker; plans, even told in the past ("planned to", "was scheduled"), point ahead.
_FUTURE = (
    r"will|'ll|shall|won't|would (?:\w+ )?be|going to|is due|are due|due to"
    r"|(?:is|are) (?:set|slated|supposed|to)|set to|planned|planning|plans to|plan to"
    r"|scheduled|expected|expects|expecting"
    r"|intends? to|intended"
    r"|upcoming|starting|tomorrow|to be held|to take place|must|should|from now|as soon as"
)
_PAST = (
    r"was|were|had|did|said|told|announced|reported|claimed|stated|added|agreed|signed|killed|held"
    r"|met|began|took|captured|warned|revealed|confirmed|denied|declared|rejected|fell|rose|closed"
    r"|died|came|went|gave|made|ago|last|earlier|since|yesterday|previously|already|recently|hit|won"
    r"|lost|struck|left|broke|sent|spoke|wrote|saw|found|paid|sold|bought|led|fought|ran|brought"
    r"|thought|became|built|caught|chose|drew|drove|felt|fled|flew|got|grew|heard|kept|knew|laid|meant"
    r"|shot|shut|sought|spent|stood|stole|swore|taught|threw|understood|woke|wore|withdrew|overran"
    r"|sank|seized|slew|sprang|swept|tore|underwent|began|forbade|froze|hid|rose|shook|stuck"
    r"|(?!un)[a-z]{2,}[^e\W]ed"  # un-...-ed words are adjectives ("unspecified")
)
_NOT_PAST = {"armed", "united", "based", "related", "limited", "backed", "allied", "detailed",
             "advanced", "alleged", "so-called", "called", "needed", "interested", "concerned",
             "proposed", "planned", "scheduled", "expected", "supposed", "unidentified",
             "unnamed", "unprecedented", "hundred", "indeed"}  # fmt: skip
_MARKER = re.compile(rf"\b(?:(?P<f>{_FUTURE})|(?P<p>{_PAST}))\b", re.IGNORECASE)
# A participle after "be" is a passive, whose tense is that of its auxiliary ("will be
# named", "would still be held", "is to be paid"), not a past-tense verb.
_PASSIVE_BEFORE = re.compile(r"\b(?:be|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# A date right after one of these words is a bound or a term ("extended to Nov. 20",
# "payable Dec. 15", "by Jan. 14", "until September 10"): it mostly lies ahead of the
# report whatever the tense of its clause, and is read as future.
_BOUND_BEFORE = re.compile(
    r"\b(?:by|until|till|through|to|effective|payable|before|starting|due|ending|expires?"
    r"|as soon as|expiring|record)\s+(?:the\s+)?"
    r"(?:[Ee]nd\s+of\s+|[Mm]id-?\s*|[Ee]arly\s+|[Ll]ate\s+)?$"
)
# "until Tuesday", "until 9 a.m. Tuesday"
_UNTIL_BEFORE = re.compile(
    r"\b(?:until|till|as soon as|as early as)\s+(?:[^.,;]|\b[ap]\.m\.){0,14}$"
)
# A sentence ends at a stop before a capital, unless the stop closes a title or an initial
# ("Roe vs. Wade", "Mr. Smith", "the U.S. Army", "9 a.m. EDT"), and at a line break,
# unless the next line goes on in lower case (wire copy wrapped at a fixed width).
_ABBREVIATION = (
    r"(?<!\bvs)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\b[A-Z])(?<![ap]\.m)"
)
_SENTENCE_END = re.compile(rf"{_ABBREVIATION}[.!?][\"”’)]?\s+(?=[A-Z\"“‘(])|\n(?![^\S\n]*[a-z])")
# A quotation mark between a date and a marker word puts them in different clauses.
_QUOTE = re.compile(r"[\"“”]|``|''")
# How far around a date its tense is looked for: about one clause either side.
TENSE_WINDOW = 160


def sentence_start(text: str, position: int, reach: int = TENSE_WINDOW) -> int:
    """Where the sentence holding `position` begins, looking back at most `reach` characters."""
    lo = max(0, position - reach)
    for m in _SENTENCE_END.finditer(text, lo, position):
        lo = m.end()
    return lo


def tense_at(text: str, start: int, end: int, *, bounds: bool = True) -> Tense:
    """The tense of the clause around text[start:end], from its nearest marker word;
    a bound word before the date ("by", "until") makes it future; with `bounds` False only
    "until" and "as soon as" do (weekdays: "by Friday" is as often the Friday just gone)."""
    bound = _BOUND_BEFORE if bounds else _UNTIL_BEFORE
    bounded = bound.search(text, max(0, start - 24), start) is not None
    lo, hi = sentence_start(text, start), min(len(text), end + TENSE_WINDOW)
    stop = _SENTENCE_END.search(text, end, hi)
    hi = stop.start() if stop else hi
    best: tuple[int, Tense] | None = None
    for m in _MARKER.finditer(text, lo, hi):
        if m.start() < end and m.end() > start:
            continue  # inside the date expression itself ("last Friday")
        if m.group("p") and (
            m.group(0).lower() in _NOT_PAST
            or _PASSIVE_BEFORE.search(text, max(0, m.start() - 24), m.start())
        ):
            continue
        between = text[m.end() : start] if m.end() <= start else text[end : m.start()]
        if _QUOTE.search(between):
            continue  # a quotation and its reporting verb ("will leave Thursday," he said)
        distance = start - m.end() if m.end() <= start else m.start() - end
        if best is None or distance < best[0]:
            best = (distance, "future" if m.group("f") else "past")
    if bounded:
        return "future"
    return best[1] if best else "unknown"


_VALUE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d)|Q(?P<q>[1-4])|(?P<s>SP|SU|FA|WI)))?"
    r"|(?P<dec>\d{3})"
)


def period_of(value: str) -> Period | None:
    """The period a DateValue's value names ("2017-08" is August 2017), or None."""
    m = _VALUE.fullmatch(value)
    if m is None:
        return None
    try:
        if m["dec"]:
            return decade_period(int(m["dec"]) * 10)
        year = int(m["y"])
        if m["d"]:
            return day_period(date(year, int(m["m"]), int(m["d"])))
        if m["m"]:
            return month_period(year, int(m["m"]))
        if m["w"]:
            return week_period(date.fromisocalendar(year, int(m["w"]), 1))
        if m["q"]:
            return quarter_period(year, int(m["q"]))
        if m["s"]:
            return season_period(year, m["s"])
        return year_period(year)
    except ValueError:
        return None

"""Handlers for expressions counted from the document day or from a date just mentioned:
"yesterday", "last Friday", "next week", "two days ago", "the next day", "in recent days",
holidays. Companion of `dates_values` (which holds the named dates and the helpers)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from truceline.models import DateValue
from truceline.understand.dates.patterns import NUMBER_WORDS, WEEKDAYS
from truceline.understand.dates.resolve import (
    Context,
    Period,
    Tense,
    day_period,
    decade_period,
    deictic,
    month_period,
    pick_weekday,
    pick_year,
    shift_months,
    tense_at,
    value_of,
    week_period,
    year_period,
)
from truceline.understand.dates.values import (
    ABSOLUTE,
    Handler,
    Reading,
    _compared_quarter,
    _recent_ref,
    _tense,
    _year_before_quarter,
    part_approx,
    reading,
    unresolved,
)

_DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
                 "the day before yesterday": -2, "the day after tomorrow": 2}  # fmt: skip
_PART_OF_TODAY = re.compile(r"(?i:(?:later |earlier )?this\s+(?:morning|afternoon|evening))")


def deictic_day(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    words = " ".join(m["w"].lower().split())
    step = 0 if _PART_OF_TODAY.fullmatch(words) else _DEICTIC_DAYS[words]
    start = deictic(ctx, lambda d: day_period(d + timedelta(days=step)))
    return reading(start, ctx) if start else unresolved("XXXX-XX-XX", "day")


def weekday(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    number = WEEKDAYS[m["wd"].lower()]
    mod = " ".join(m["mod"].lower().split()) if m["mod"] else ""
    if ctx.narrative and ctx.ref is not None and ctx.ref.precision == "day":
        return reading(day_period(pick_weekday(number, ctx.ref.start, mod, "future")), ctx)
    if mod in ("the previous", "the following"):  # counted from the day just mentioned
        if ctx.ref is None or ctx.ref.precision != "day":
            return None
        step_mod = "last" if mod == "the previous" else "next"
        return reading(day_period(pick_weekday(number, ctx.ref.start, step_mod, "unknown")), ctx)
    # A weekday in news is last week's unless a verb points ahead: "until Tuesday" and
    # "before Friday's vote" name this week's days as often as the coming week's.
    tense = tense_at(text, m.start(), m.end(), bounds=False) if not mod else "unknown"
    if ctx.estimated:
        return _weekday_by_estimate(number, mod, tense, ctx)
    start = deictic(ctx, lambda d: day_period(pick_weekday(number, d, mod, tense)))
    return reading(start, ctx) if start else unresolved("XXXX-XX-XX", "day")


def _weekday_by_estimate(number: int, mod: str, tense: Tense, ctx: Context) -> Reading:
    """A bare weekday ("on Thursday") in an undated report, placed by its estimated anchor
    as by a publication date: the estimate is the report's latest dated statement, most
    often its own date line run into the text ("Wednesday 30 November 2016 ... on Tuesday
    morning"). Only a day-precision estimate is close enough; "last Thursday" and "next
    Thursday" count from the writing day itself and stay unresolved."""
    day = ctx.lo if ctx.lo is not None and ctx.lo == ctx.hi else None
    if day is None or mod not in ("", "early", "late"):
        return unresolved("XXXX-XX-XX", "day")
    return reading(day_period(pick_weekday(number, day, mod, tense)), ctx)


_ORDER: dict[str, int] = {
    "day": 0,
    "week": 1,
    "month": 2,
    "season": 3,
    "quarter": 4,
    "year": 5,
    "decade": 6,
}
_STEPS = {"last": -1, "the previous": -1, "this": 0, "the current": 0, "the": 0, "the full": 0,
          "the same": 0, "that same": 0, "that": 0, "next": 1, "the coming": 1,
          "the following": 1, "the next": 1}  # fmt: skip
_ANAPHORIC = {"the previous", "the following", "the next", "the same", "that same", "that"}
_UNKNOWN = {"day": "XXXX-XX-XX", "weekend": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX",
            "year": "XXXX", "decade": "XXX"}  # fmt: skip


def shifted(unit: str, day: date, step: int) -> Period:
    """The `unit` that lies `step` units from the one holding `day`."""
    if unit == "day":
        return day_period(day + timedelta(days=step))
    if unit in ("week", "weekend"):
        return week_period(day + timedelta(days=7 * step))
    if unit == "month":
        return month_period(*shift_months(day, step))
    if unit == "year":
        return year_period(day.year + step)
    return decade_period(day.year - day.year % 10 + 10 * step)


def _weekend(day: date, step: int, tense: Tense) -> Period:
    """The Saturday of the weekend meant on `day`: the last one before it (step -1), the
    next one after it (1), or this one by the tense (0): the nearest one when unknown."""
    back = day - timedelta(days=(day.weekday() - 5) % 7)  # latest Saturday on or before
    ahead = back + timedelta(days=7)
    if step < 0:
        return day_period(back if back + timedelta(days=1) < day else back - timedelta(days=7))
    if step > 0 or tense == "future":
        return day_period(back if day.weekday() == 5 and step == 0 else ahead)
    if tense == "past":
        return day_period(back)
    return day_period(back if (day - back) <= (ahead - day) else ahead)


def unit(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    mod = " ".join(m["mod"].lower().split())
    name = m["u"].lower()
    if mod == "the" and name == "decade":
        return None
    step = _STEPS[mod]
    if mod in _ANAPHORIC or (mod == "the" and ctx.narrative):
        ref = ctx.ref
        if ref is None or _ORDER[ref.precision] > _ORDER.get(name, 1):
            return None
        ctx.looked_back = step < 0
        period: Period | None = shifted(name, ref.end if step > 0 else ref.start, step)
    elif name == "weekend":
        tense = tense_at(text, m.start(), m.end())
        period = deictic(ctx, lambda d: _weekend(d, step, tense))
    else:
        period = deictic(ctx, lambda d: shifted(name, d, step))
    if period is None:
        return unresolved(_UNKNOWN[name], "day" if name == "weekend" else name)  # type: ignore[arg-type]
    if name == "weekend":
        sunday = day_period(period.start + timedelta(days=1))
        return reading(period, ctx, end=sunday)
    return reading(period, ctx, approx=part_approx(m))


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


_EVENT_AFTER = re.compile(r"\s+(?:the|a|an|his|her|its|their|[A-Z]\w+)\b")


def offset(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    ref = _recent_ref(ctx, m.start())
    compared = _compared_quarter(ctx, m.start())
    if m["adj"]:  # "year-earlier results": a year before the period being reported
        if compared is not None:
            return _year_before_quarter(compared, ctx, text, m.start())
        period = deictic(ctx, lambda d: year_period(d.year - 1))
        return (reading(period, ctx)[0], None) if period else None
    count = _count(m["n"])
    if count is None:
        return None  # "several days ago": no value worth giving
    name = m["u"].lower().rstrip("s")
    direction = m["dir"].lower()
    step = count if direction in ("later", "after", "from now", "hence") else -count
    approx = bool(m["hedge"]) or name == "decade"
    precision = "year" if name == "decade" else name
    if name == "decade":
        name, step = "year", step * 10
    if name == "year" and step == -1 and compared is not None and direction in ("ago", "earlier"):
        return _year_before_quarter(compared, ctx, text, m.start())
    if direction in ("before", "after") and _EVENT_AFTER.match(text, m.end()):
        # "ten days before the murder": counted from an event, not from a date we know
        return unresolved(_UNKNOWN[precision], precision)  # type: ignore[arg-type]
    if direction in ("earlier", "later", "before", "after") and ref is not None:
        if _ORDER[ref.precision] > _ORDER[name]:
            return unresolved(_UNKNOWN[precision], precision)  # type: ignore[arg-type]
        ctx.looked_back = step < 0
        value, period = reading(
            shifted(name, ref.end if step > 0 else ref.start, step), ctx, approx=approx
        )
        return value, period if ctx.narrative else None
    if direction in ("later", "after"):
        return unresolved(_UNKNOWN[precision], precision)  # type: ignore[arg-type]
    period = deictic(ctx, lambda d: shifted(name, d, step))
    if period is None:
        return unresolved(_UNKNOWN[precision], precision)  # type: ignore[arg-type]
    return reading(period, ctx, approx=approx)


_ANAPHOR_STEPS = {"the next day": 1, "the following day": 1, "the day after": 1,
                  "the very next day": 1,
                  "the day following": 1, "the previous day": -1, "the day before": -1,
                  "the preceding day": -1, "the next morning": 1, "the next evening": 1,
                  "the next night": 1, "the following morning": 1, "the following evening": 1,
                  "the following night": 1}  # fmt: skip


def anaphor(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    """ "the next day", "that day": counted from the last day mentioned."""
    if ctx.ref is None or ctx.ref.precision != "day":
        return None
    step = _ANAPHOR_STEPS.get(" ".join(m["a"].lower().split()), 0)
    base = ctx.ref.end if step > 0 else ctx.ref.start
    return reading(day_period(base + timedelta(days=step)), ctx)


# How far back "in recent days/weeks/months/years" reaches. Set by reading of news usage,
# not tuned (the dev sets code these as PAST_REF, which a DateValue does not express).
_RECENT = {"days": (timedelta(days=7), "day"), "weeks": (timedelta(days=42), "week"),
           "months": (timedelta(days=183), "month"),
           "years": (timedelta(days=5 * 365), "year")}  # fmt: skip


def recent(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    """ "in recent days": an approximate stretch ending on the document day."""
    day = ctx.exact_day
    span, name = _RECENT[m["u"].lower()]
    if day is None:
        return unresolved(_UNKNOWN[name], name)  # type: ignore[arg-type]
    first, last = shifted(name, day - span, 0), shifted(name, day, 0)
    value = DateValue(value_of(first), value_of(last), first.precision, "approximate", ctx.basis)
    return value, None


def year_end(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    """ "by year-end": the end of the document's year, approximate."""
    period = deictic(ctx, lambda d: year_period(d.year))
    return reading(period, ctx, approx=True) if period else unresolved("XXXX", "year")


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def _holiday_day(name: str, year: int) -> date:
    if name.startswith("christmas"):
        return date(year, 12, 24 if name.endswith("eve") else 25)
    if name.startswith("new year"):
        return date(year, 12, 31) if name.endswith("eve") else date(year, 1, 1)
    if name.startswith("thanksgiving"):
        return _thanksgiving(year)
    return _easter(year)


def holiday(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    name = " ".join(m["h"].lower().split())
    if m["y"]:
        return reading(day_period(_holiday_day(name, int(m["y"]))), ctx, own=True)
    mod = " ".join(m["mod"].lower().split()) if m["mod"] else None
    start = pick_year(lambda y: day_period(_holiday_day(name, y)), ctx, _tense(m, text, mod))
    return reading(start, ctx) if start else unresolved("XXXX-XX-XX", "day")


HANDLERS: dict[str, Handler] = {
    **ABSOLUTE, "deictic": deictic_day, "weekday": weekday, "unit": unit, "offset": offset,
    "anaphor": anaphor, "recent": recent, "year_end": year_end, "holiday": holiday,
}  # fmt: skip

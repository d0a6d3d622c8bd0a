"""From a matched date expression to its value: one handler per pattern family of
`dates_patterns`. A handler returns the `DateValue` and the resolved period (which becomes
the reference for anaphora such as "the next day"), or None when the match is not a date
after all ("May" the name, "1,998 people", "the fall of Aleppo")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from truceline.models import DateKind, DateValue, Precision
from truceline.understand.dates.patterns import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    NOT_YEAR_AFTER,
    NOT_YEAR_BEFORE,
    ORDINALS,
    SEASONS,
    SPELLED,
)
from truceline.understand.dates.resolve import (
    Context,
    Period,
    Tense,
    day_period,
    decade_period,
    deictic,
    month_period,
    pick_year,
    quarter_period,
    season_period,
    sentence_start,
    shift_months,
    tense_at,
    value_of,
    week_period,
    year_period,
)

Reading = tuple[DateValue, Period | None]
Handler = Callable[[re.Match[str], str, Context], Reading | None]

_PAST_MODS = {"last", "this past", "past", "the previous", "previous"}
_NEXT_MODS = {
    "next",
    "this coming",
    "coming",
    "the following",
    "following",
    "the coming",
    "the next",
}
# A bare "May" or "March" is a month only after one of these ("in May", "since March").
_MONTH_CUE = re.compile(
    r"(?i:\b(?:in|since|until|till|by|of|from|to|during|before|after|through|between|and|or|early|late"
    r"|mid|last|next|this|the|end|beginning|start|middle)\s*$|[,(–-]\s*$)"
)


def month_number(word: str) -> int:
    key = word.lower().rstrip(".")
    return MONTHS.get(key) or MONTH_ABBREVIATIONS[key]


def day_number(word: str) -> int:
    return int(word.rstrip("stndrh"))


def full_year(text: str, near: int = 2000) -> int:
    """A year from four digits, or from two the way a writer in `near` would mean them."""
    if len(text) == 4:
        return int(text)
    two = int(text)
    century = near - near % 100
    return century + two if century + two <= near + 20 else century - 100 + two


def reading(
    period: Period,
    ctx: Context,
    *,
    end: Period | None = None,
    approx: bool = False,
    own: bool = False,
) -> Reading:
    """A resolved value; `own` when the expression names its full date by itself."""
    kind: DateKind = "range" if end is not None else ("approximate" if approx else "exact")
    value = DateValue(
        value=value_of(period),
        end=value_of(end) if end is not None else None,
        precision=period.precision,
        kind=kind,
        basis="text" if own else ctx.basis,
    )
    return value, end or period


def unresolved(value: str, precision: Precision, end: str | None = None) -> Reading:
    """Kept with its unknown parts as TIMEX3 writes them ("XXXX-09-07"); nothing filled in."""
    return DateValue(
        value=value, end=end, precision=precision, kind="unresolved", basis="text"
    ), None


def _tense(m: re.Match[str], text: str, mod: str | None = None) -> Tense:
    if mod in _PAST_MODS:
        return "before"
    if mod in _NEXT_MODS:
        return "after"
    return tense_at(text, m.start(), m.end())


def _named_year(m: re.Match[str], ctx: Context) -> tuple[int | None, bool] | None:
    """The year an expression names: (year, own) from digits, from "last/this/next year"
    (counted from the document day) or "of that year" (the last year mentioned).
    None when it names none; (None, False) when it names one we cannot resolve."""
    groups = m.groupdict()
    if groups.get("y"):
        return int(groups["y"]), True
    if groups.get("sy"):
        return spelled_number(groups["sy"]), True
    rel, that = groups.get("rel"), groups.get("that")
    if rel:
        step = {"this": 0, "last": -1, "next": 1}[rel.split()[0].lower()]
        period = deictic(ctx, lambda d: year_period(d.year + step))
        return (period.start.year if period else None), False
    if that:
        if ctx.ref is None:
            return None, False
        step = {"following": 1, "previous": -1}.get(that.split()[-2].lower(), 0)
        return ctx.ref.start.year + step, False
    return None


def _day_or_none(year: int, month: int, day: int) -> Period | None:
    try:
        return day_period(date(year, month, day))
    except ValueError:
        return None


def _days(
    m: re.Match[str],
    text: str,
    ctx: Context,
    month: int,
    day: int,
    month2: int | None,
    day2: int | None,
) -> Reading | None:
    """A day of a month, maybe a range of days, with or without a year."""
    named = _named_year(m, ctx)
    if named is not None:
        if named[0] is None:
            return unresolved(f"XXXX-{month:02d}-{day:02d}", "day")
        start = _day_or_none(named[0], month, day)
        own = named[1]
    else:
        start = pick_year(lambda y: _day_or_none(y, month, day), ctx, _tense(m, text))
        own = False
    if start is None:
        if named is None and _valid_month_day(month, day):
            unknown_end = f"XXXX-{month2 or month:02d}-{day2:02d}" if day2 else None
            return unresolved(f"XXXX-{month:02d}-{day:02d}", "day", unknown_end)
        return None
    if m.groupdict().get("wk"):  # "the week of March 6"
        return reading(week_period(start.start), ctx, own=own)
    if day2 is None:
        return reading(start, ctx, own=own)
    m2 = month2 or month
    year2 = start.start.year + (1 if m2 < month else 0)
    end = _day_or_none(year2, m2, day2)
    if end is None or end.start <= start.start:
        return reading(start, ctx, own=own)
    return reading(start, ctx, end=end, own=own)


def _valid_month_day(month: int, day: int) -> bool:
    return _day_or_none(2000, month, day) is not None  # 2000 is a leap year


def month_day(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    month = month_number(m["m"])
    day = day_number(m["d"])
    month2 = month_number(m["m2"]) if m["m2"] else None
    day2 = day_number(m["d2"]) if m["d2"] else None
    return _days(m, text, ctx, month, day, month2, day2)


def day_month(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    month = month_number(m["m"])
    if m["m1"]:  # "23 January to 5 February"
        return _days(
            m, text, ctx, month_number(m["m1"]), day_number(m["d"]), month, day_number(m["d3"])
        )
    day2 = day_number(m["d2"]) if m["d2"] else None
    return _days(m, text, ctx, month, day_number(m["d"]), None, day2)


def iso(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    start = _day_or_none(int(m["y"]), int(m["m"]), int(m["d"]))
    return reading(start, ctx, own=True) if start else None


def numeric(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    """03/08/2017 is read only when day and month cannot be swapped (13/08, 08/13, 03/03)."""
    a, b, y = (m["a"], m["b"], m["y"]) if m["a"] else (m["a2"], m["b2"], m["y2"])
    first, second = int(a), int(b)
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first or first == second:
        day, month = second, first
    else:
        return None
    start = _day_or_none(full_year(y, ctx.lo.year if ctx.lo else 2000), month, day)
    return reading(start, ctx, own=True) if start else None


def part_approx(m: re.Match[str]) -> bool:
    groups = m.groupdict()
    return bool(groups.get("part") or groups.get("hedge"))


def month_year(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    year = int(m["y"]) if m["y"] else spelled_number(m["sy"])
    start = month_period(year, month_number(m["m"]))
    if m["m2"]:
        month2 = month_number(m["m2"])
        if month2 > start.start.month:
            return reading(start, ctx, end=month_period(year, month2), own=True)
    return reading(start, ctx, approx=part_approx(m), own=True)


def month(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    number = month_number(m["m"])
    if not (m["part"] or m["mod"] or m["rel"] or m["that"] or m["m2"]) and not _bare_month_ok(
        m, text
    ):
        return None
    mod = m["mod"].lower() if m["mod"] else None
    named = _named_year(m, ctx)
    shared = None if named or mod else _SHARED_YEAR.match(text, m.end())
    if shared:  # "in August and September 1914": the year belongs to both months
        return reading(month_period(int(shared["y"]), number), ctx, approx=part_approx(m), own=True)
    if named is not None:
        if named[0] is None:
            return unresolved(f"XXXX-{number:02d}", "month")
        start: Period | None = month_period(named[0], number)
    elif mod == "this":  # "this May": the May of the document's year
        start = deictic(ctx, lambda d: month_period(d.year, number))
    else:
        start = pick_year(lambda y: month_period(y, number), ctx, _tense(m, text, mod))
    if start is None:
        return unresolved(f"XXXX-{number:02d}", "month")
    if m["m2"]:
        month2 = month_number(m["m2"])
        year2 = start.start.year + (1 if month2 < number else 0)
        return reading(start, ctx, end=month_period(year2, month2))
    return reading(start, ctx, approx=part_approx(m))


_SHARED_YEAR = re.compile(
    r"\s+(?:and|or|to|through|-|–|—)\s+(?:(?:early|mid|late)[- ])?"
    rf"(?:{'|'.join(m.capitalize() for m in MONTHS)})"
    r",?\s+(?:of\s+)?(?P<y>1[0-9]{3}|20[0-9]{2})\b"
)


def _bare_month_ok(m: re.Match[str], text: str) -> bool:
    """ "May" and "March" alone are words as often as months: they need a cue before them.
    A month name right after a capitalised word is a name ("Theresa May", "June Carter")."""
    before = text[max(0, m.start() - 20) : m.start()]
    word = m["m"].lower()
    if re.search(r"[A-Z][a-z]+\s+$", before) and not _MONTH_CUE.search(before):
        return False
    if word in ("may", "march"):
        return bool(_MONTH_CUE.search(before))
    return True


def _bare_year_ok(m: re.Match[str], text: str) -> bool:
    """A lone four-digit number is a year unless its neighbours make it a count or a code."""
    before = text[max(0, m.start() - 24) : m.start()]
    after = text[m.end() : m.end() + 16]
    return not (NOT_YEAR_BEFORE.search(before) or NOT_YEAR_AFTER.search(after))


def year(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    first = int(m["y"])
    if not (m["part"] or m["fiscal"] or m["y2"]) and not _bare_year_ok(m, text):
        return None
    start = year_period(first)
    if m["y2"]:
        raw = m["y2"]
        if len(raw) == 2 and int(raw) <= 12 and m.group(0)[4] == "-":  # ISO "2017-08"
            return reading(month_period(first, int(raw)), ctx, own=True)
        second = int(raw) if len(raw) == 4 else first - first % 100 + int(raw)
        if second > first:
            return reading(start, ctx, end=year_period(second), own=True)
        return None
    return reading(start, ctx, approx=part_approx(m), own=True)


def year_between(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    first, second = int(m["y"]), int(m["y2"])
    if second <= first:
        return None
    return reading(year_period(first), ctx, end=year_period(second), own=True)


_DECADE_WORDS = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                 "eighties", "nineties")  # fmt: skip


def decade(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    if m["word"]:  # "the nineties": of the 1900s, the century the words are used for
        first = 1920 + 10 * _DECADE_WORDS.index(m["word"].lower())
        return reading(decade_period(first), ctx, approx=bool(m["part2"]))
    if m["dec"]:
        return reading(decade_period(int(m["dec"]) * 10), ctx, approx=part_approx(m), own=True)
    # "the '90s": the latest such decade that has begun by the document day.
    now = ctx.lo.year if ctx.lo else 2000
    first = now - now % 100 + int(m["short"]) * 10
    first = first if first <= now else first - 100
    return reading(decade_period(first), ctx, approx=part_approx(m))


def season(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    word = m["s"].lower()
    code = SEASONS[word]
    mod = m["mod"].lower() if m["mod"] else None
    after = text[m.end() : m.end() + 5]
    if m["y0"]:  # "the 1982 summer offensives"
        return reading(season_period(int(m["y0"]), code), ctx, approx=part_approx(m), own=True)
    if not (m["y"] or m["sy"]) and (
        after.startswith(" of ") or (word == "fall" and mod in (None, "the"))
    ):
        return None  # "the fall of Aleppo", "prices fall", "the summer of discontent"
    if m["s"][0].isupper() and re.search(
        r"[A-Z][a-z]+\s+$", text[max(0, m.start() - 12) : m.start()]
    ):
        return None  # "Arab Spring"
    named = _named_year(m, ctx)
    if named is not None:
        if named[0] is None:
            return unresolved(f"XXXX-{code}", "season")
        return reading(season_period(named[0], code), ctx, approx=part_approx(m), own=named[1])
    if mod == "this":
        start = deictic(
            ctx,
            lambda d: season_period(d.year + (1 if code == "WI" and d.month == 12 else 0), code),
        )
    else:
        start = pick_year(lambda y: season_period(y, code), ctx, _tense(m, text, mod))
    if start is None:
        return unresolved(f"XXXX-{code}", "season")
    return reading(start, ctx, approx=part_approx(m))


def _last_completed_quarter(day: date) -> Period:
    year, month = shift_months(day, -3)
    return quarter_period(year, (month - 1) // 3 + 1)


_YEAR_BEFORE_WORDS = ("year-earlier", "year-ago", "comparable", "prior-year", "year-before", "same")


def quarter(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    if m["q"] or m["qq"]:
        number = ORDINALS[m["q"].lower()] if m["q"] else int(m["qq"][1])
        # A quarter is named after it has begun or just ended as often as before it starts
        # ("expects to report for the third quarter"): the nearest one, whatever the tense.
        named = m["y"] or m["y3"] or m["y2"] or m["y4"]
        if named:
            return reading(quarter_period(int(named), number), ctx, own=True)
        if m["pre"]:  # "the year-ago third quarter", "last year's third quarter"
            step = 0 if m["pre"].lower().startswith("this") else -1
            period = deictic(ctx, lambda d: quarter_period(d.year + step, number))
            return reading(period, ctx) if period else unresolved(f"XXXX-Q{number}", "quarter")
        # A fiscal quarter is named once it has been reported on, i.e. after it ended.
        tense: Tense = "before" if (m["fis"] or m["fis2"]) else "unknown"
        start = pick_year(lambda y: quarter_period(y, number), ctx, tense)
        return reading(start, ctx) if start else unresolved(f"XXXX-Q{number}", "quarter")
    if m["yq"]:  # "the 1988 quarter": the quarter under discussion, in that year
        base = _compared_quarter(ctx, m.start()) or deictic(ctx, _last_completed_quarter)
        if base is None:
            return None
        if _about_longer_stretch(text, m.start()):  # "the nine months ... the 1988 period"
            return reading(year_period(int(m["yq"])), ctx)
        return reading(
            quarter_period(int(m["yq"]), (base.start.month - 1) // 3 + 1), ctx, own=False
        )
    word = (m["rq"] or "").lower()
    if m["ago"] or m["ago2"] or word in _YEAR_BEFORE_WORDS:
        base = _compared_quarter(ctx, m.start()) or deictic(ctx, _last_completed_quarter)
        return _year_before_quarter(base, ctx, text, m.start()) if base is not None else None
    if m.group(0).lower().endswith("period") and word not in ("latest", "most recent"):
        return None  # "the latest period" is too vague unless it compares quarters (above)
    if word in ("current", "this"):
        start = deictic(ctx, lambda d: quarter_period(d.year, (d.month - 1) // 3 + 1))
    elif word == "that":  # "results for that quarter"
        start = _compared_quarter(ctx, m.start())
    elif not word and ctx.ref is not None and ctx.ref.precision == "quarter":
        start = ctx.ref  # "the quarter" just after "the third quarter"
    else:  # latest, last, previous, recent, the quarter: the last one reported on
        start = deictic(ctx, _last_completed_quarter)
    return reading(start, ctx) if start else None


# How close (in characters) a quarter must have been mentioned for "a year earlier" to mean
# the same quarter a year before ("third-quarter profit rose 19% from a year ago"), and a
# date for "two years later" to count from it rather than from the document day.
# Calibrated on the TimeBank/AQUAINT dev half (value accuracy given gold spans).
RECENT_REFERENCE = 300


def _recent_ref(ctx: Context, position: int) -> Period | None:
    if ctx.ref is not None and (ctx.narrative or position - ctx.ref_end <= RECENT_REFERENCE):
        return ctx.ref
    return None


def _compared_quarter(ctx: Context, position: int) -> Period | None:
    """The quarter a "year-earlier" comparison is about: one mentioned just before, or in a
    report that deals in quarters, the last quarter it named."""
    ref = _recent_ref(ctx, position)
    if ref is not None and ref.precision == "quarter" and (ctx.hi is None or ref.start <= ctx.hi):
        return ref  # a quarter not yet begun is a forecast, not results to compare
    return ctx.quarter_ref


# Reporting stretches longer than a quarter. "For the nine months, net rose ... from $9
# million a year earlier" compares the year-earlier nine months, which TIMEX3 writes at
# the granularity of the year ("1988"), not as the quarter under discussion.
_LONGER_STRETCH = re.compile(
    r"\b(?:nine|six|12|twelve)[- ]months?\b|\b(?:first|second) half\b"
    r"|\b(?:the|fiscal|full|calendar) year\b(?![-'’])|\byear[- ]to[- ]date\b",
    re.IGNORECASE,
)


def _about_longer_stretch(text: str, position: int) -> bool:
    """Whether the sentence up to `position` reports on a stretch longer than a quarter."""
    return _LONGER_STRETCH.search(text, sentence_start(text, position), position) is not None


def _year_before_quarter(ref: Period, ctx: Context, text: str, position: int) -> Reading:
    """The period "a year earlier" than the quarter under discussion: that quarter a year
    before, or the year before when the sentence reports on a longer stretch."""
    year = ref.start.year - 1
    if _about_longer_stretch(text, position):
        value, _ = reading(year_period(year), ctx)
        return value, None
    quarter = quarter_period(year, (ref.start.month - 1) // 3 + 1)
    value, _ = reading(quarter, ctx)
    return value, None  # a comparison, not a new reference ("year-earlier" twice is not two years)


def spelled_number(words: str) -> int:
    """The year a `dates_patterns._SPELLED_YEAR` match names ("nineteen ninety-four")."""
    parts = [w for w in re.split(r"[-\s]+", words.lower()) if w != "and"]
    if parts[:2] == ["two", "thousand"]:
        return 2000 + sum(SPELLED[w] for w in parts[2:])
    return (19 if parts[0] == "nineteen" else 18) * 100 + sum(SPELLED[w] for w in parts[1:])


def spelled_year(m: re.Match[str], text: str, ctx: Context) -> Reading | None:
    """ "nineteen ninety-six", "the year two thousand"."""
    century = m["c"].lower()
    rest = (SPELLED[m["t"].lower()] if m["t"] else 0) + (SPELLED[m["u"].lower()] if m["u"] else 0)
    rest += SPELLED[m["teen"].lower()] if m["teen"] else 0
    if century == "two thousand":
        if not rest and not m.group(0).lower().startswith("the year"):
            return None  # "two thousand people"
        number = 2000 + rest
    elif not rest:
        return None  # "nineteen" alone is a count
    else:
        number = (19 if century == "nineteen" else 18) * 100 + rest
    if NOT_YEAR_AFTER.search(text[m.end() : m.end() + 16]):
        return None
    return reading(year_period(number), ctx, own=True)


ABSOLUTE: dict[str, Handler] = {
    "iso": iso, "numeric": numeric, "month_day": month_day, "day_month": day_month,
    "month_year": month_year, "month": month, "year": year, "year_between": year_between,
    "decade": decade, "season": season, "quarter": quarter, "spelled_year": spelled_year,
}  # fmt: skip

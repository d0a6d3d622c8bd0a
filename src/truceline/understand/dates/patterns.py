"""The date grammar: vocabulary and the compiled regular expressions of `dates`.

Each entry of `PATTERNS` is one family of English date expressions with named groups;
`dates_values` turns a match into a value. Patterns are matched independently and the
longest match at a place wins, so a family never has to know about the others.

Month and weekday names are matched in Title or UPPER case only: lower-case "may",
"march" and "sun" are words, not dates. Keywords ("last", "early") take any case.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
# Season codes as TIMEX3 writes them, and the month each season starts in.
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}  # fmt: skip
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
# Vague counts ("several days ago"): the expression is kept, its value is approximate.
VAGUE_COUNTS = ("a few", "a couple of", "several", "few", "some", "many")


def _cased(words: list[str]) -> str:
    """Title and UPPER case forms of each word, longest first so that "Sept" beats "Sep"."""
    forms = {form for w in words for form in (w.capitalize(), w.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


_MONTH_FULL = rf"(?:{_cased(list(MONTHS))})"
# An abbreviation needs its dot or a following number to be read as a month ("Jan" is a name).
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:{_cased(list(MONTH_ABBREVIATIONS))})\.?)"
_WEEKDAY = rf"(?:{_cased(list(WEEKDAYS))})"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
# Years 1000-2099: far enough back for the histories in WikiWars, and no further forward
# than a news corpus needs; "2254" (a UN resolution) is therefore never a year.
_YEAR = r"(?:1[0-9][0-9][0-9]|20[0-9][0-9])"
# No digit, decimal point or currency sign may touch a year: "1.2017", "$2000", "2017.5".
_YEAR_FENCE_L = r"(?<![\d.,$£€#/:])(?<!\d-)"
_YEAR_FENCE_R = r"(?![\d/]|[.,:]\d|-\d)"
_NUM = rf"(?:\d{{1,3}}|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})"
_VAGUE = "|".join(VAGUE_COUNTS)
_TENS = ("ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
SPELLED: dict[str, int] = {
    **{w: 10 * (i + 1) for i, w in enumerate(_TENS)},
    **{w: i + 1 for i, w in enumerate(_UNITS)},
    **{w: i + 11 for i, w in enumerate(_TEENS)},
    "nineteen hundred": 1900, "eighteen hundred": 1800, "two thousand": 2000,
}  # fmt: skip
# A year spelled out as broadcast transcripts have it ("nineteen ninety-four"), after a
# month or a season; read by `dates_values.spelled_number`.
_SPELLED_YEAR = (
    rf"(?i:(?:nineteen|eighteen)(?:-| )(?:(?:{'|'.join(_TENS)})(?:(?:-| )(?:{'|'.join(_UNITS)}))?"
    rf"|{'|'.join(_TEENS)})|two thousand(?: and)?(?: (?:{'|'.join(_UNITS)}))?)"
)
_HEDGE = r"(?:almost|nearly|about|around|some|roughly|approximately|more than|over|less than|just)"
_PART = (
    r"(?:early|mid|late|the end of|the beginning of|the start of|the middle of|the turn of"
    r"|end of|beginning of|start of|middle of)"
)
_DASH = r"\s*(?:-|–|—)\s*"
_TO = r"\s*(?:-|–|—|to|through|until|till|and)\s*"
# After "January 23", "and 24" is the second day of a range only when no month follows it
# ("Dec 27 and 27 December" names one day twice).
_TO_DAY = (
    r"\s*(?:-|–|—|to|through|until|till"
    rf"|and(?=\s+(?:{_MONTH_ANY}\s+)?{_DAY}\b(?!\s+(?:of\s+)?{_MONTH_ANY})))\s*"
)
# "in May and July" names two months; a month range needs a dash, "to" or "through".
_TO_MONTH = r"\s*(?:-|–|—|to|through|until|till)\s*"
# "in 2012 and 2014" names two years; only "between 2012 and 2014" is a range (below).
_YEAR_TO = r"(?:\s*(?:-|–|—)\s*|\s+(?:to|through|until|till)\s+)"
_SEP = r",?\s+(?:of\s+)?"
_WEEKDAY_LEAD = rf"(?P<wk>(?i:the week of)\s+)?(?:(?P<wd>{_WEEKDAY}),?\s+)?"
# The year of a day: "2016", "last year", "of that year".
_DAY_YEAR = (
    rf"(?:,?\s*(?:(?P<y>{_YEAR})\b{_YEAR_FENCE_R}|(?P<rel>(?i:this|last|next) year)\b"
    r"|(?P<that>of (?i:that|the same) year)))?"
)
_THAT_YEAR = r"(?P<that>of (?i:that|the same|the following|the previous) year)\b"
_MODS = r"(?i:this past|this coming|last|next|this|the previous|the following|coming|past)"


def _c(pattern: str) -> re.Pattern[str]:
    """Compile with every literal space standing for any run of white space: page dumps and
    wire copy break lines inside expressions ("the\nfollowing year"). A space that must stay
    one character (in a look-behind) is written \\x20."""
    return re.compile(pattern.replace(" ", r"\s+"))


# (name, pattern), the group names read by the handler of the same name
# (`dates_values`, `dates_relative`).
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2017-08-03, 2017-08-03T10:00:00+03:00
    ("iso", _c(
        rf"{_YEAR_FENCE_L}\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
        r"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\d-])"
    )),
    # 03/08/2017, 3/8/17 and 3.8.2017: read only when day and month cannot be swapped.
    ("numeric", _c(
        r"(?<![\d./-])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"
        r"|(?<![\d./-])(?P<a2>\d{1,2})\.(?P<b2>\d{1,2})\.(?P<y2>\d{4})(?![\d.])"
    )),
    # (Tuesday,) December 27(th)(, 2016) and ranges: January 23-24, 2017; May 5 to June 2
    ("month_day", _c(
        rf"{_WEEKDAY_LEAD}(?:the\s+)?(?P<m>{_MONTH_ANY})\s+(?P<d>{_DAY})\b"
        rf"(?:{_TO_DAY}(?:(?P<m2>{_MONTH_ANY})\s+)?(?P<d2>{_DAY})\b)?{_DAY_YEAR}"
        r"(?!\s*(?:%|percent|per\s?cent|[:.]\d|\d|(?i:a\.?m\.?|p\.?m\.?)\b))"
    )),
    # (Tuesday,) (the) 27(th) (of) December(, 2016) and ranges: 23-24 January 2016
    ("day_month", _c(
        rf"{_WEEKDAY_LEAD}(?:(?i:the)\s+)?(?<![\d,.])(?P<d>{_DAY})\b"
        rf"(?:(?:{_TO}(?P<d2>{_DAY})\b)|(?:\s+(?P<m1>{_MONTH_ANY}){_TO}(?P<d3>{_DAY})\b))?"
        rf"\s+(?:of\s+)?(?P<m>{_MONTH_ANY})(?![a-z]){_DAY_YEAR}"
    )),
    # (early|mid-|the end of) August(,| of) 2017 and January to March 2016
    ("month_year", _c(
        rf"(?:(?P<part>(?i:{_PART}))(?:\s+|-))?(?P<m>{_MONTH_ANY})"
        rf"(?:{_TO_MONTH}(?P<m2>{_MONTH_ANY}))?{_SEP}"
        rf"(?:(?P<y>{_YEAR})\b{_YEAR_FENCE_R}|(?P<sy>{_SPELLED_YEAR})\b)"
    )),
    # (mid-) August, last/next/this (past) August, August last year, August of that year
    ("month", _c(
        rf"(?:(?P<part>(?i:{_PART}))(?:\s+|-)|(?P<mod>{_MODS})\s+)?"
        rf"(?P<m>{_MONTH_FULL})(?:{_TO_MONTH}(?P<m2>{_MONTH_FULL}))?(?![\w-])"
        rf"(?:\s+(?P<rel>(?i:this|last|next) year)\b|\s+{_THAT_YEAR})?"
    )),
    # 2017, early 2016, mid-1996, the end of 2016, fiscal 1989, 2012-2014, 2012-14
    ("year", _c(
        rf"(?:(?P<part>(?i:{_PART}))(?:\s+in)?(?:\s+|-)|(?P<fiscal>(?i:fiscal(?: year)?))\s+)?"
        rf"{_YEAR_FENCE_L}\b(?P<y>{_YEAR})"
        rf"(?:{_YEAR_TO}(?P<y2>{_YEAR}|\d\d)\b)?{_YEAR_FENCE_R}"
    )),
    # between 2012 and 2014
    ("year_between", _c(
        rf"(?<=[Bb]etween\x20)(?P<y>{_YEAR}) and (?P<y2>{_YEAR})\b{_YEAR_FENCE_R}"
    )),
    # the 1990s, the early 1980s, the '90s
    ("decade", _c(
        r"(?:(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))(?:\s+|-))?"
        r"(?:(?P<dec>1[0-9]\d|20\d)0|['’](?P<short>\d)0)'?s\b"
        r"|(?i:the)\s+(?:(?P<part2>(?i:early|mid|late))(?:\s+|-))?(?P<word>(?i:twenties|thirties"
        r"|forties|fifties|sixties|seventies|eighties|nineties))\b"
    )),
    # (early) (last|this|next) summer (of) (2016), the spring of 1794, the 1982 summer
    ("season", _c(
        r"(?:(?P<part>(?i:early|mid|late|the end of|the beginning of|the middle of))(?:\s+|-))?"
        r"(?:(?P<mod>(?i:this past|this coming|last|next|this|that|the previous|the following"
        r"|the|coming|past))\s+)?"
        rf"(?:(?P<y0>{_YEAR}) )?(?P<s>(?i:spring|summer|autumn|winter)"
        r"|(?<=\w\x20)fall|(?<=\w\x20)Fall|(?<=\w-)fall)(?![\w-])"
        rf"(?:{_SEP}(?P<y>{_YEAR})\b{_YEAR_FENCE_R}|{_SEP}(?P<sy>{_SPELLED_YEAR})\b"
        rf"|\s+{_THAT_YEAR})?"
    )),
    # the third quarter (of 1989), third-quarter, Q3 2016, the latest quarter,
    # the year-ago quarter, the 1988 quarter, the quarter a year ago
    ("quarter", _c(
        r"(?:(?i:the)\s+)?(?:(?P<pre>(?i:year-ago|year-earlier|prior-year|this year's"
        rf"|last year's)|(?P<y4>{_YEAR}))\s+)?"
        r"(?:(?P<fis>(?i:fiscal))(?:\s+|-))?(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))"
        r"(?:\s+|-)(?:(?P<fis2>(?i:fiscal))\s+)?(?i:quarter)\b"
        rf"(?:\s+of(?:\s+(?i:fiscal))?\s+(?P<y>{_YEAR})\b|\s+(?P<y3>{_YEAR})\b)?"
        rf"|\b(?P<qq>Q[1-4])\s*(?P<y2>{_YEAR})\b"
        # the quarter a year ago, the same period last year, last year's quarter
        r"|(?P<ago>(?:(?i:the) )?(?:(?i:same|corresponding|comparable) )?(?i:quarter|period)"
        r" (?i:a year (?:ago|earlier)|(?:of )?last year))\b"
        r"|(?P<ago2>(?i:last year's) (?:(?i:same|corresponding|comparable) )?(?i:quarter|period))\b"
        r"|(?:(?i:the|this)\s+)?(?P<rq>(?i:latest|last|current|previous|past|recent"
        r"|most recent|that|year-earlier|year-ago|this|same|comparable|prior-year|year-before))"
        r"\s+(?i:quarter|period)\b"
        r"|(?i:the)\s+(?P<bare>(?i:quarter))\b"
        rf"|(?i:the)\s+(?P<yq>{_YEAR})\s+(?i:quarter|period)\b"
    )),
    # Christmas, New Year's Day, Thanksgiving, Easter (the feasts news dates things by)
    ("holiday", _c(
        r"(?:(?P<mod>(?i:last|next|this|this past|this coming))\s+)?"
        r"(?P<h>Christmas(?: Day| Eve)?|New Year's(?: Day| Eve)|Thanksgiving(?: Day)?"
        r"|Easter(?: Sunday| Day)?)"
        rf"(?![\w-])(?:,?\s+(?P<y>{_YEAR})\b{_YEAR_FENCE_R})?"
    )),
    # nineteen ninety-six, the year two thousand (broadcast transcripts spell years out)
    ("spelled_year", _c(
        r"(?:(?i:the year) )?(?P<c>(?i:nineteen|eighteen|two thousand))"
        rf"(?:(?:-| )(?P<t>(?i:{'|'.join(_TENS)}))(?:(?:-| )(?P<u>(?i:{'|'.join(_UNITS)})))?"
        rf"|(?:-| )(?P<teen>(?i:{'|'.join(_TEENS)})))?\b"
    )),
    # today, yesterday, tomorrow, tonight, the day before yesterday
    ("deictic", _c(
        r"(?P<w>(?i:the day before yesterday|the day after tomorrow|today|tonight|yesterday"
        r"|tomorrow|(?:later |earlier )?this (?:morning|afternoon|evening)))\b"
    )),
    # (last|next|this (past)|early) Friday
    ("weekday", _c(
        r"(?:(?P<mod>(?i:this past|this coming|last|next|this|coming|early|late|earlier"
        rf"|later|the previous|the following))\s+)?(?P<wd>{_WEEKDAY})(?![\w-])"
    )),
    # last/this/next week|month|year|weekend|decade, earlier this month, late last year
    ("unit", _c(
        r"(?:(?P<part>(?i:early|mid|late|earlier|later|the end of|the beginning of|the start of"
        r"|the middle of|end of))(?:\s+|-))?"
        r"(?P<mod>(?i:last|this|next|the coming|the previous|the following|the next|the same"
        r"|that same|that|the current|the full|the))\s+"
        r"(?:(?i:fiscal) )?(?P<u>(?i:weekend|week|month|year|decade))\b(?!-|\s+(?:old|long)\b)"
    )),
    # year-end, year's end
    ("year_end", _c(r"(?P<w>(?i:year-end|year end|year's end|yearend))\b")),
    # two days ago, a year earlier, three weeks later, (nearly) four years ago
    ("offset", _c(
        rf"(?:(?P<hedge>(?i:{_HEDGE}))\s+)?(?P<n>(?i:{_VAGUE}|{_NUM}))\s+"
        r"(?P<u>(?i:days?|weeks?|months?|years?|decades?))"
        r"\s+(?P<dir>(?i:ago|earlier|later|before|after|from now|hence))\b"
        r"|(?P<adj>(?i:year-earlier|year-ago))\b"
    )),
    # the next day, the following day, the day before, that day, the same day
    ("anaphor", _c(
        r"(?P<a>(?i:the next day|the following day|the day after|the previous day|the day before"
        r"|the preceding day|that same day|the same day|that day|earlier that day"
        r"|later that day|the very next day|the day following|the next (?:morning|evening|night)"
        r"|the following (?:morning|evening|night)))\b"
    )),
    # in recent days/weeks/months/years
    ("recent", _c(r"(?i:in\s+)?(?i:recent)\s+(?P<u>(?i:days|weeks|months|years))\b")),
]  # fmt: skip

# Words just before a number that make it something other than a year.
NOT_YEAR_BEFORE = re.compile(
    r"\b(?i:resolution|resolutions|no\.|number|route|flight|room|page|pages|p\.|pp\.|article"
    r"|code|model|item|highway|road|unit|brigade|division|regiment|battalion|squadron|platoon"
    r"|group|decree|law|act|order|case|file|box|suite|apartment|street|st\.|version|rank|score"
    r"|at|about|some|over|nearly|almost|approximately|around|up\s+to|more\s+than|fewer\s+than"
    r"|less\s+than)\s*$"
)
# Words just after a number that make it a count or a measure.
NOT_YEAR_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?i:km|kilomet|metre|meter|mile|kg|ton|tonne|%|percent|per\s?cent|people"
    r"|person|troop|soldier|civilian|fighter|militant|rebel|men|women|child|famil|prisoner"
    r"|detainee|refugee|resident|dollar|euro|pound|barrel|share|hour|minute|second|case|unit"
    r"|point|vote|seat|member|gun|tank|vehicle|rocket|missile|shell|bomb|house|home|building"
    r"|village|job|worker|employee|student|death|dead|killed|injur|wound|hectare|acre|feet|foot"
    r"|yard|page|word|ft|lb|m\b|mm\b|cm\b|hp\b)"
)

# Where a date expression can be: every pattern above contains one of these words or a
# digit. Patterns run only in windows around them, which keeps `find_dates` fast on prose
# that mentions few dates. The windows reach as far as an expression can extend from its
# trigger word ("the beginning of" ... "December"; "December 27" ... "to January 3, 2017").
TRIGGER = re.compile(
    rf"(?P<digit>\d)|\b(?:(?P<month>{_MONTH_ANY})|(?P<weekday>{_WEEKDAY})"
    r"|(?i:(?P<unit>weeks?|weekend|months?|years?|yearend|decades?|days?)|(?P<quarter>quarter"
    r"|period)|(?P<season>spring|summer|autumn|fall|winter)|(?P<deictic>today|tonight|yesterday"
    r"|tomorrow|morning|afternoon|evening|night)|(?P<recent>recent)"
    r"|(?P<holiday>christmas|easter|thanksgiving|new year's)"
    r"|(?P<spelled>nineteen|eighteen|thousand|\w+ties)))\b"
)
# The trigger kinds each pattern needs one of in its window.
PATTERN_TRIGGERS: dict[str, frozenset[str]] = {
    name: frozenset(kinds.split())
    for name, kinds in {
        "iso": "digit", "numeric": "digit", "month_day": "month", "day_month": "month",
        "month_year": "month", "month": "month", "year": "digit", "year_between": "digit",
        "decade": "digit spelled", "season": "season", "quarter": "quarter digit",
        "holiday": "holiday",
        "spelled_year": "spelled", "deictic": "deictic", "weekday": "weekday", "unit": "unit",
        "year_end": "unit", "offset": "unit", "anaphor": "unit deictic", "recent": "recent",
    }.items()
}  # fmt: skip
WINDOW_BEFORE = 48  # "approximately more than" / "the beginning of" + "December"
WINDOW_AFTER = 64  # "December 27" + " to January 3, 2017" or "of the following year"

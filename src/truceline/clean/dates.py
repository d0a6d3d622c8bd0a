"""Publication dates written in page text: date lines, bylines with dates, datelines.

Only what a page states is returned: a month and day without a year give no date (the
clean stage never invents a year; the understand stage may estimate one later), and a
numeric date is read only when its day/month order is unambiguous or ISO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truceline.models import DateValue

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b",  # 3 August 2017
        rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b",  # August 3, 2017
        r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b",  # 2017-08-03
        r"\b(?P<a>[0-3]?\d)[./](?P<b>[01]?\d)[./](?P<year>(?:19|20)\d\d)\b",  # 13/06/2014
        rf"\b{_MONTH},?\s+{_YEAR}\b",  # June 2021 (month precision)
    )
)
_YEAR_ANYWHERE = re.compile(r"(?:19|20)\d\d")
# Words that may stand around a date on a line that is "just a date".
_DATE_LINE_FILLER = re.compile(
    r"^(?:published|posted|updated|last|modified|created|date|on|at|am|pm|a\.m|p\.m|gmt|utc|est|edt"
    r"|cet|cest|bst|pst|pdt|et|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|by|and|\d{1,2}:\d\d(?:am|pm)?|\d{1,2}(?:am|pm))$",
    re.I,
)
# A dateline opens a lead paragraph: "MOSCOW, Dec 27 (Prensa Latina) –" or
# "AMMAN, Jordan, August 3, 2017 (Reuters) -". The place is 1–4 words.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w'’.-]*(?:[ ,]+[A-Z][\w'’.-]*){0,3}),\s+"
    rf"(?i:{_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?\s*(?:\((?P<outlet>[^()]{{2,40}})\))?"
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    year: int | None
    month: int
    day: int | None
    start: int
    end: int

    def value(self) -> DateValue | None:
        """The DateValue, or None where the year is missing (never guessed)."""
        if self.year is None:
            return None
        if self.day is None:
            return DateValue(f"{self.year:04d}-{self.month:02d}", precision="month", basis="text")
        return DateValue(
            f"{self.year:04d}-{self.month:02d}-{self.day:02d}", precision="day", basis="text"
        )


def _month_number(name: str) -> int:
    return _MONTHS[name.lower()[:3]]


def _from_match(match: re.Match[str]) -> FoundDate | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if groups.get("mon"):
        month = _month_number(groups["mon"])
    elif groups.get("mnum"):
        month = int(groups["mnum"])
    else:  # d/m/y or m/d/y: only when one reading is impossible
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            groups["day"], month = str(a), b
        elif b > 12 >= a:
            groups["day"], month = str(b), a
        else:
            return None
    day = int(groups["day"]) if groups.get("day") else None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return FoundDate(year, month, day, match.start(), match.end())


def find_date(text: str) -> FoundDate | None:
    """The first full or month-year date in `text` (earliest position wins)."""
    best: FoundDate | None = None
    if not _YEAR_ANYWHERE.search(text):  # every pattern needs a year: a cheap first test
        return None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            found = _from_match(match)
            if found and (best is None or found.start < best.start):
                best = found
            if found:
                break
    return best


def date_line(text: str) -> FoundDate | None:
    """The date if `text` is a line that holds little besides a date ("3 August 2017",
    "Updated Nov 13, 2019, 10:28am EST", "Published on Monday 4 May 2018")."""
    found = find_date(text)
    if found is None:
        return None
    rest = (text[: found.start] + " " + text[found.end :]).replace(",", " ").replace("|", " ")
    leftover = [w for w in rest.split() if not _DATE_LINE_FILLER.match(w.strip(".:-–—·•"))]
    return found if not [w for w in leftover if w.strip(".:-–—·•")] else None


def byline_date(text: str) -> FoundDate | None:
    """The date on a short byline ("By Jane Roe Updated Nov 13, 2019, 10:28am EST",
    "13/06/2014 Tony Carter"): any full date on a line that is short (≤ 20 words)."""
    # 20 words: the longest byline+date lines on the ScrapingHub dev dumps run ~15 words.
    if len(text.split()) > 20:
        return None
    found = find_date(text)
    return found if found and found.day is not None else None


def dateline(paragraph: str) -> tuple[DateValue | None, str | None] | None:
    """Read a wire-style dateline at the start of a lead paragraph. Returns (date or None
    when the year is missing, outlet credit or None), or None when there is no dateline."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    day = int(groups["day"])
    if not 1 <= day <= 31:
        return None
    found = FoundDate(year, _month_number(groups["mon"]), day, match.start(), match.end())
    outlet = groups.get("outlet")
    return found.value(), outlet.strip() if outlet else None

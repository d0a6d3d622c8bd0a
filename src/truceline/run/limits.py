"""What one input may bring into the store: the years its dates may name, and how long
its article text may be.

Dates: the stages and fusion do calendar arithmetic (the days around an event, the end
of a deal), and Python's dates stop at the years 1 and 9999. A JSON Lines row dated
9999-12-31 was stored, then overflowed in fusion, and so stopped every later run. A date
outside MIN_YEAR..MAX_YEAR is refused with its input (E108): the window is far wider
than any news date and far enough from Python's ends for every shift the code makes
(days to a few years).

Article text: spaCy's memory grows with the text it parses at once, and the mentions of
a page with its text. Measured with one process on a report made of repeated news
paragraphs: 100,000 characters peak at 700 MB (614 event mentions), 300,000 at 1.1 GB
(1,574), 900,000 at 3.1 GB (7,459). The default of `max_article_chars`, 200,000
characters (about 30,000 words), is above the longest gold text of the dev sets (a
119,602-character CleanEval page; the longest ScrapingHub news body has 20,087) and
keeps one input under about 1 GB. It bounds the text of all the articles of one input
together (a page cut into many articles is still one page); an input over it is refused
with E104, naming the setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

from truceline.models import DateValue
from truceline.settings import get_setting

MIN_YEAR = 1000
MAX_YEAR = 8999
# The year a stored value starts with: "2017-08-03", "2017-W32", "2017-SU"; three digits
# are a decade ("201": the 2010s). "XXXX-09-07" (year unknown) has none.
_YEAR = re.compile(r"^(\d{3,4})(?!\d)")


def year_of(value: str) -> int | None:
    match = _YEAR.match(value)
    if match is None:
        return None
    digits = match.group(1)
    return int(digits) * 10 if len(digits) == 3 else int(digits)


def _dates(obj: Any) -> Iterator[DateValue]:
    """Every DateValue inside `obj` (dataclasses, lists, tuples and dicts of them)."""
    if isinstance(obj, DateValue):
        yield obj
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            value = getattr(obj, f.name)
            if not isinstance(value, str | bytes | int | float | bool | None):
                yield from _dates(value)
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _dates(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from _dates(item)


def date_out_of_range(obj: Any) -> str | None:
    """The first date inside `obj` whose year lies outside MIN_YEAR..MAX_YEAR, as text;
    None when all are inside."""
    for date in _dates(obj):
        for value in (date.value, date.end):
            year = year_of(value) if value else None
            if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
                return value
    return None


def out_of_range_detail(value: str) -> str:
    return f"{value} (dates must lie in the years {MIN_YEAR} to {MAX_YEAR})"


def max_article_chars() -> int:
    return int(get_setting("max_article_chars"))

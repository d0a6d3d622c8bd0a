"""Date recognition and normalisation: every date expression of a text as a `Mention`
whose value is a `DateValue`, resolved against the document's publication date.

Conventions of the values (``DateValue.value``, and ``end`` for a range):

- ISO 8601 cut to the precision: "2017-08-03" (day), "2017-08" (month), "2017" (year);
  TIMEX3 forms where ISO has none: "2017-W31" (ISO week), "2017-SU" (season; winter
  "2018-WI" runs from December 2017 to February 2018), "2017-Q3" (quarter), "201"
  (decade: the 2010s).
- A day is never guessed: "August 2017" is a month; "mid-February" is the month,
  kind "approximate"; "January 23-24" is a range of days (value and end).
- kind: "exact"; "approximate" for early/mid/late/the end of, hedged counts ("nearly
  four years ago") and "in recent days" (a stretch ending on the anchor, with end);
  "range" for spans ("between 2012 and 2014"); "unresolved" when a part stays unknown,
  written with X as TIMEX3 does ("XXXX-09-07").
- basis: "text" when the expression names its full date itself (and for unresolved
  values: nothing was filled in), else the `anchor_basis` ("anchored" / "estimated").

Year-less expressions follow the tense of their clause (`resolve.tense_at`): past
tense puts "September 7" on or before the anchor (a few days' grace), future tense
("will", "is due to", "starting") and bounds ("until", "by") after it, no marker the
nearest; a candidate against the tense is taken only when five times nearer ("declared a
dividend payable Dec. 15"). A weekday is the last one on or before the anchor unless a
verb points ahead (in an undated report, likewise from a day-precision estimate). An
estimated anchor is a lower bound (see `resolve`). "The next day", "that year",
"a year earlier" count from the last date mentioned; "a year earlier" in a quarterly
report is the quarter under discussion a year before (the year, over "the nine months").
`mode="narrative"` (history articles such as WikiWars) resolves them from the last date
mentioned instead of the publication date, the way HeidelTime's narrative document type
does; its anchor is the narrative's starting reference time.

Not dates: times ("10:00"), resolution and unit numbers ("resolution 2254", "350
kilometers"), prices ("$1"), counts ("2,000"), "Parenting 101"; numeric dates that could
be read two ways ("3/8/2017"). Relative expressions that a DateValue cannot hold
("now", "recently", "the future": TIMEX3 PRESENT_REF / PAST_REF / FUTURE_REF) are not
reported.

Modules, lowest first: `patterns` (the regular expressions), `resolve` (calendar
arithmetic, tense, the choice of year), `values` / `relative` (a handler per pattern
family), `find` (the scan over a text), `estimate` (`estimate_publication`, and
`is_background`: a date told long before the document's day, history rather than news;
`history_floor`: the latest year an undated text tells, the day it judges that by).
Speed: patterns run only in windows around trigger words, about 5,000 sentences a second
on one core.
"""

from truceline.understand.dates.estimate import estimate_publication, history_floor, is_background
from truceline.understand.dates.find import Mode, find_dates, normalise, parse_iso, read_spans

__all__ = [
    "Mode",
    "estimate_publication",
    "history_floor",
    "is_background",
    "find_dates",
    "normalise",
    "parse_iso",
    "read_spans",
]

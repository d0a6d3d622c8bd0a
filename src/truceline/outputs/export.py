"""Exports: JSON Lines (the contract), ACLED-style CSV and GeoJSON, all derived from
the contract records. Output is deterministic: the same store gives the same bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from truceline.models import Agreement, Document, Event
from truceline.outputs.records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    agreement_record,
    document_record,
    event_record,
    meta_record,
    place_record,
)

FORMATS = ("jsonl", "csv", "geojson")

# PLOVER type / ACLED sub-event → ACLED (event_type, sub_event_type, disorder_type).
ACLED_SUB_EVENTS: dict[str, tuple[str, str, str]] = {
    "AIR_STRIKE": ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
    "ART_MISS_ATTACK": (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Political violence",
    ),
    "REM_EXPLOS": (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "Political violence",
    ),
    "SUIC_BOMB": ("Explosions/Remote violence", "Suicide bomb", "Political violence"),
    "GRENADE": ("Explosions/Remote violence", "Grenade", "Political violence"),
    "CHEM_WEAP": ("Explosions/Remote violence", "Chemical weapon", "Political violence"),
    "ARMED_CLASH": ("Battles", "Armed clash", "Political violence"),
    "GOV_REGAINS_TERIT": ("Battles", "Government regains territory", "Political violence"),
    "NON_STATE_ACTOR_OVERTAKES_TER": (
        "Battles",
        "Non-state actor overtakes territory",
        "Political violence",
    ),
    "ATTACK": ("Violence against civilians", "Attack", "Political violence"),
    "ABDUCT_DISSAP": (
        "Violence against civilians",
        "Abduction/forced disappearance",
        "Political violence",
    ),
    "SEX_VIOL": ("Violence against civilians", "Sexual violence", "Political violence"),
    "AGREEMENT": ("Strategic developments", "Agreement", "Strategic developments"),
    "ARREST": ("Strategic developments", "Arrests", "Strategic developments"),
    "CHANGE_TO_GROUP_ACT": (
        "Strategic developments",
        "Change to group/activity",
        "Strategic developments",
    ),
    "DISR_WEAP": ("Strategic developments", "Disrupted weapons use", "Strategic developments"),
    "HQ_ESTABLISHED": (
        "Strategic developments",
        "Headquarters or base established",
        "Strategic developments",
    ),
    "LOOT_PROP_DESTRUCT": (
        "Strategic developments",
        "Looting/property destruction",
        "Strategic developments",
    ),
    "PROPERTY_DISTRUCT": (
        "Strategic developments",
        "Looting/property destruction",
        "Strategic developments",
    ),
    "NON_VIOL_TERRIT_TRANSFER": (
        "Strategic developments",
        "Non-violent transfer of territory",
        "Strategic developments",
    ),
    "OTHER": ("Strategic developments", "Other", "Strategic developments"),
    "PEACE_PROTEST": ("Protests", "Peaceful protest", "Demonstrations"),
    "PROTEST_WITH_INTER": ("Protests", "Protest with intervention", "Demonstrations"),
    "FORCE_AGAINST_PROTEST": ("Protests", "Excessive force against protesters", "Demonstrations"),
    "VIOL_DEMONSTR": ("Riots", "Violent demonstration", "Demonstrations"),
    "MOB_VIOL": ("Riots", "Mob violence", "Demonstrations"),
}
# Without an ACLED sub-event, a PLOVER type still has a natural ACLED home.
PLOVER_TO_ACLED = {
    "ASSAULT": ("Battles", "Armed clash", "Political violence"),
    "AGREE": ("Strategic developments", "Agreement", "Strategic developments"),
    "PROTEST": ("Protests", "Peaceful protest", "Demonstrations"),
}
DEFAULT_ACLED = ("Strategic developments", "Other", "Strategic developments")

ACLED_TIME_PRECISION = {
    "day": 1,
    "week": 2,
    "month": 3,
    "season": 3,
    "quarter": 3,
    "year": 3,
    "decade": 3,
}
ACLED_GEO_PRECISION = {
    "point": 1,
    "district": 1,
    "town": 1,
    "region": 2,
    "road": 2,
    "admin1": 3,
    "country": 3,
}

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    # truceline's own columns, after ACLED's
    "plover_type",
    "plover_mode",
    "modality",
    "attribution",
    "date_kind",
    "n_sources",
    "contradictions",
]


def jsonl_lines(
    documents: Iterable[Document], events: Iterable[Event], agreements: Iterable[Agreement]
) -> Iterator[str]:
    yield json.dumps(meta_record(), ensure_ascii=False)
    for doc in documents:
        yield json.dumps(document_record(doc), ensure_ascii=False, sort_keys=True)
    for event in events:
        yield json.dumps(event_record(event), ensure_ascii=False, sort_keys=True)
    for agreement in agreements:
        yield json.dumps(agreement_record(agreement), ensure_ascii=False, sort_keys=True)


def _acled_date(event: Event) -> tuple[str, str, int | str]:
    d = event.date
    if d is None or not d.resolved:
        return "", "", ""
    value = d.value
    full = (
        value
        if len(value) == 10
        else (value + "-01-01")[:10]
        if len(value) in (4, 7)
        else value[:10]
    )
    return full, value[:4], ACLED_TIME_PRECISION.get(d.precision, 3)


def acled_types(event: Event) -> tuple[str, str, str]:
    """ACLED's (event_type, sub_event_type, disorder_type) names for an event."""
    return (
        ACLED_SUB_EVENTS.get(event.acled_sub_event or "")
        or PLOVER_TO_ACLED.get(event.type)
        or DEFAULT_ACLED
    )


def acled_row(event: Event, outlets: dict[str, str]) -> dict[str, Any]:
    event_type, sub_type, disorder = acled_types(event)
    date, year, time_precision = _acled_date(event)
    place = event.place
    a1, a2 = event.actor1, event.actor2
    inter1 = a1.acled_type if a1 and a1.acled_type else ""
    inter2 = a2.acled_type if a2 and a2.acled_type else ""
    sources = sorted(
        {s.outlet or outlets.get(s.document, "") or s.document[:12] for s in event.sources}
    )
    return {
        "event_id_cnty": event.id,
        "event_date": date,
        "year": year,
        "time_precision": time_precision,
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": a1.name if a1 else "",
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": a2.name if a2 else "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": f"{inter1}{inter2}" if inter1 else "",
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": "",
        "region": "",
        "country": place.country if place else "",
        "admin1": place.admin1 if place and place.admin1 else "",
        "admin2": "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": place.lat if place and place.lat is not None else "",
        "longitude": place.lon if place and place.lon is not None else "",
        "geo_precision": ACLED_GEO_PRECISION.get(place.precision, 3)
        if place and place.resolved
        else "",
        "source": "; ".join(sources),
        "source_scale": "",
        "notes": event.sources[0].quote if event.sources else "",
        "fatalities": event.fatalities if event.fatalities is not None else 0,
        "tags": "",
        "timestamp": "",
        "plover_type": event.type,
        "plover_mode": event.mode,
        "modality": event.modality,
        "attribution": event.attribution or "",
        "date_kind": event.date.kind if event.date else "",
        "n_sources": len(event.sources),
        "contradictions": "; ".join(c.field for c in event.contradictions),
    }


# What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection): a
# cell such as an outlet named "=HYPERLINK(...)" from a page's metadata would run there.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: a text value that starts like a
    formula gets a leading apostrophe. Numbers (a negative longitude) pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def acled_csv(events: Sequence[Event], documents: Sequence[Document]) -> str:
    outlets = {d.id: d.outlet or "" for d in documents}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow({k: csv_cell(v) for k, v in acled_row(event, outlets).items()})
    return buffer.getvalue()


def geojson(events: Sequence[Event], agreements: Sequence[Agreement]) -> dict[str, Any]:
    features = []
    for event in events:
        place = event.place
        if place is None or not place.resolved:
            continue
        props = event_record(event)
        features.append(
            {
                "type": "Feature",
                "id": event.id,
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": props,
            }
        )
    for agreement in agreements:
        zone = agreement.zone
        if zone is None or not zone.resolved:
            continue
        features.append(
            {
                "type": "Feature",
                "id": agreement.id,
                "geometry": {"type": "Point", "coordinates": [zone.lon, zone.lat]},
                "properties": agreement_record(agreement),
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "truceline": {"format": FORMAT_NAME, "version": FORMAT_VERSION},
    }


def export_text(
    fmt: str,
    documents: Sequence[Document],
    events: Sequence[Event],
    agreements: Sequence[Agreement],
) -> str:
    if fmt == "jsonl":
        return "\n".join(jsonl_lines(documents, events, agreements)) + "\n"
    if fmt == "csv":
        return acled_csv(events, documents)
    if fmt == "geojson":
        return (
            json.dumps(geojson(events, agreements), ensure_ascii=False, indent=1, sort_keys=True)
            + "\n"
        )
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "export_text", "acled_csv", "geojson", "jsonl_lines", "place_record"]

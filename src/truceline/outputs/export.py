"""Exports: JSON Lines (the contract), ACLED-style CSV and GeoJSON, all derived from
the contract records. Output is deterministic: the same store gives the same bytes.

The CSV follows ACLED's conventions (`outputs.acled`) and names event types as ACLED
does (`outputs.vocabulary`); the GeoJSON is built by `outputs.geojson`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from truceline.models import Agreement, Document, Event
from truceline.outputs.acled import (
    GEO_PRECISION,
    DateFallbacks,
    ascii_name,
    country,
    event_date,
    interaction,
    source_scale,
)
from truceline.outputs.acled import outlet_name as _outlet_name
from truceline.outputs.geojson import geojson
from truceline.outputs.records import (
    agreement_record,
    document_record,
    event_record,
    meta_record,
    place_record,
)
from truceline.outputs.vocabulary import (
    POLITICAL_VIOLENCE,
    acled_types,
    sub_event_label,
    type_label,
)

FORMATS = ("jsonl", "csv", "geojson")

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
    "plover_type_label",
    "sub_event_label",
    "plover_mode",
    "modality",
    "attribution",
    "date_kind",
    "date_basis",
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


def acled_row(
    event: Event, documents: dict[str, Document], fallbacks: DateFallbacks
) -> dict[str, Any]:
    event_type, sub_type, disorder = acled_types(event)
    when = event_date(event, fallbacks)
    place = event.place
    where = country(place.country if place else None)
    a1, a2 = event.actor1, event.actor2
    if a1 is None:  # ACLED's actor1 is never empty; actor order carries no direction
        a1, a2 = a2, None
    inter1 = a1.acled_type if a1 and a1.acled_type else None
    inter2 = a2.acled_type if a2 and a2.acled_type else None
    sources = sorted({_outlet_name(documents.get(s.document), s) for s in event.sources})
    return {
        "event_id_cnty": event.id,
        "event_date": when.day,
        "year": when.year,
        "time_precision": when.time_precision,
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": a1.name if a1 else "",
        "assoc_actor_1": "",
        "inter1": inter1 or "",
        "actor2": a2.name if a2 else "",
        "assoc_actor_2": "",
        "inter2": inter2 or ("0" if inter1 else ""),
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting"
        if inter2 == 7 and POLITICAL_VIOLENCE in disorder
        else "",
        "iso": where.iso,
        "region": where.region,
        "country": where.name,
        "admin1": ascii_name(place.admin1) if place else "",
        "admin2": "",
        "admin3": "",
        "location": ascii_name(place.name) if place else "",
        "latitude": place.lat if place and place.lat is not None else "",
        "longitude": place.lon if place and place.lon is not None else "",
        "geo_precision": GEO_PRECISION.get(place.precision, 3) if place and place.resolved else "",
        "source": "; ".join(sources),
        "source_scale": source_scale(sources, place.country if place else None),
        "notes": event.sources[0].quote if event.sources else "",
        "fatalities": event.fatalities if event.fatalities is not None else 0,
        "tags": "",
        "timestamp": "",
        "plover_type": event.type,
        "plover_type_label": type_label(event.type),
        "sub_event_label": sub_event_label(event.acled_sub_event),
        "plover_mode": event.mode,
        "modality": event.modality,
        "attribution": event.attribution or "",
        "date_kind": event.date.kind if event.date else "",
        "date_basis": when.basis
        if when.basis != "event"
        else (event.date.basis if event.date else ""),
        "n_sources": len({s.document for s in event.sources}),  # reports, not quotes
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
    by_id = {d.id: d for d in documents}
    fallbacks = DateFallbacks.of(documents, events)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow({k: csv_cell(v) for k, v in acled_row(event, by_id, fallbacks).items()})
    return buffer.getvalue()


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

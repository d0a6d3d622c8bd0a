"""Exports: JSON Lines (the contract), ACLED-style CSV and GeoJSON, all derived from
the contract records. Output is deterministic: the same store gives the same bytes.

Each is written row by row as `Rows` give them (`write_export`): from a store a chunk at
a time (`store.stream`), so an export's memory does not grow with the store; or from
lists in memory (`export_text`).

The CSV follows ACLED's conventions (`outputs.acled`) and names event types as ACLED
does (`outputs.vocabulary`); the GeoJSON is built by `outputs.geojson`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from truceline.models import Agreement, Document, Event
from truceline.outputs.acled import (
    GEO_PRECISION,
    DateFallbacks,
    ascii_name,
    country,
    event_date,
    interaction,
    own_date,
    source_scale,
)
from truceline.outputs.acled import outlet_name as _outlet_name
from truceline.outputs.geojson import geojson, write_geojson
from truceline.outputs.records import (
    agreement_record,
    document_record,
    event_record,
    meta_record,
    place_record,
)
from truceline.outputs.rows import ListRows, Rows, TextSink
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


def write_jsonl(rows: Rows, out: TextSink) -> None:
    for line in jsonl_lines(rows.documents(), rows.events(), rows.agreements()):
        out.write(line + "\n")


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


# Events a CSV chunk: its date fallbacks are looked up for the chunk at once.
CSV_CHUNK = 500


def _chunk_lookups(
    rows: Rows, events: Sequence[Event]
) -> tuple[dict[str, Document], DateFallbacks]:
    """The documents of a chunk of events and their date fallbacks: the same as over the
    whole store for these events, since a fallback only reads the pages of an event's
    own documents and the dates of the other events those documents report."""
    cited = {s.document for e in events for s in e.sources}
    documents = rows.page_documents(cited)
    undated = {s.document for e in events if own_date(e) is None for s in e.sources}
    dates = rows.event_dates_citing(undated) if undated else []
    return {d.id: d for d in documents}, DateFallbacks.of_dates(documents, dates)


def _batches(items: Iterable[Event], size: int) -> Iterator[list[Event]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def write_acled_csv(rows: Rows, out: TextSink) -> None:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for chunk in _batches(rows.events(), CSV_CHUNK):
        by_id, fallbacks = _chunk_lookups(rows, chunk)
        for event in chunk:
            row = acled_row(event, by_id, fallbacks)
            writer.writerow({k: csv_cell(v) for k, v in row.items()})


def acled_csv(events: Sequence[Event], documents: Sequence[Document]) -> str:
    buffer = io.StringIO()
    write_acled_csv(ListRows(documents, events, []), buffer)
    return buffer.getvalue()


def write_export(fmt: str, rows: Rows, out: TextSink) -> None:
    """Write the export `fmt` of `rows` to `out` as it is produced."""
    if fmt == "jsonl":
        write_jsonl(rows, out)
    elif fmt == "csv":
        write_acled_csv(rows, out)
    elif fmt == "geojson":
        write_geojson(rows, out)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def export_text(
    fmt: str,
    documents: Sequence[Document],
    events: Sequence[Event],
    agreements: Sequence[Agreement],
) -> str:
    """The export `fmt` of documents, events and agreements in memory, as one string."""
    buffer = io.StringIO()
    write_export(fmt, ListRows(documents, events, agreements), buffer)
    return buffer.getvalue()


__all__ = [
    "FORMATS",
    "export_text",
    "write_export",
    "acled_csv",
    "geojson",
    "jsonl_lines",
    "place_record",
]

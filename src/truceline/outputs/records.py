"""The public export contract (docs/export-format.md): documents, events and agreements
as plain dicts. JSON Lines, CSV, GeoJSON, the API and the report all render these.

FORMAT_VERSION changes with any change to these shapes, and the change is documented.
"""

from __future__ import annotations

from typing import Any

from truceline.models import (
    Actor,
    Agreement,
    Casualty,
    Contradiction,
    DateValue,
    Document,
    Event,
    Place,
    Provision,
    Source,
)

FORMAT_NAME = "truceline-export"
FORMAT_VERSION = "1.7"


def meta_record() -> dict[str, Any]:
    return {"record": "meta", "format": FORMAT_NAME, "version": FORMAT_VERSION}


def place_record(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "country": place.country,
        "admin1": place.admin1,
        "geonames_id": place.geonames_id,
        "precision": place.precision,
        "basis": place.basis,
    }


def actor_record(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"name": actor.name, "id": actor.id, "acled_type": actor.acled_type}


def date_record(date: DateValue | None) -> dict[str, Any] | None:
    if date is None:
        return None
    return {
        "value": date.value,
        "end": date.end,
        "precision": date.precision,
        "kind": date.kind,
        "basis": date.basis,
    }


def source_record(source: Source) -> dict[str, Any]:
    return {
        "document": source.document,
        "outlet": source.outlet,
        "quote": source.quote,
        "start": source.start,
        "end": source.end,
        "extractor": source.extractor,
    }


def contradiction_record(c: Contradiction) -> dict[str, Any]:
    return {
        "field": c.field,
        "values": [
            {"value": v, "sources": [source_record(s) for s in srcs]} for v, srcs in c.values
        ],
    }


def document_record(doc: Document) -> dict[str, Any]:
    pub = doc.published
    return {
        "record": "document",
        "id": doc.id,
        "source": doc.source,
        "url": doc.url,
        "outlet": doc.outlet,
        "title": doc.title,
        "author": doc.author,
        "published": pub.value if pub else None,
        "published_precision": pub.precision if pub else None,
        "published_basis": doc.published_basis,
        "body": doc.body,
        "comments": doc.comments,
        "duplicate_of": doc.duplicate_of,
        "relevance": doc.relevance,
        "relevance_model": doc.relevance_model,
        "genre": doc.genre,
    }


def event_record(event: Event) -> dict[str, Any]:
    d = event.date
    return {
        "record": "event",
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "acled_sub_event": event.acled_sub_event,
        "date": d.value if d else None,
        "date_end": d.end if d else None,
        "date_precision": d.precision if d else None,
        "date_kind": d.kind if d else None,
        "date_basis": d.basis if d else None,
        "place": place_record(event.place),
        "actor1": actor_record(event.actor1),
        "actor2": actor_record(event.actor2),
        "fatalities": event.fatalities,
        "casualties": [casualty_record(c) for c in event.casualties],
        "counts": event.counts,
        "modality": event.modality,
        "attribution": event.attribution,
        "agreement": event.agreement,
        "sources": [source_record(s) for s in event.sources],
        "corroboration": dict(event.corroboration),
        "contradictions": [contradiction_record(c) for c in event.contradictions],
        "background": event.background,
    }


def casualty_record(c: Casualty) -> dict[str, Any]:
    return {"kind": c.kind, "count": c.count, "who": c.who, "scope": c.scope, "part": c.part}


def provision_record(p: Provision) -> dict[str, Any]:
    return {
        "category": p.category,
        "text": p.text,
        "deadline": date_record(p.deadline),
        "status": p.status,
        "sources": [source_record(s) for s in p.sources],
    }


def agreement_record(a: Agreement) -> dict[str, Any]:
    return {
        "record": "agreement",
        "id": a.id,
        "name": a.name,
        "kind": a.kind,
        "zone": place_record(a.zone),
        "parties": [actor_record(x) for x in a.parties],
        "guarantors": [actor_record(x) for x in a.guarantors],
        "signed": date_record(a.signed),
        "signed_place": place_record(a.signed_place),
        "effective": date_record(a.effective),
        "extended": [date_record(x) for x in a.extended],
        "ends": date_record(a.ends),
        "status": a.status,
        "provisions": [provision_record(p) for p in a.provisions],
        "events": list(a.events),
        "contradictions": [contradiction_record(c) for c in a.contradictions],
        "sources": [source_record(s) for s in a.sources],
        "excluded": [actor_record(x) for x in a.excluded],
        "related": [
            {
                "agreement": r.agreement,
                "target": r.target,
                "relation": r.relation,
                "sources": [source_record(s) for s in r.sources],
            }
            for r in a.related
        ],
    }

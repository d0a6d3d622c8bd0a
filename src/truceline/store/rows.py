"""Rows of the store's tables ⇄ the records they hold: a document's row and back, an
event's row of the fused table, and the JSON every record is kept as. Shared by the
writer and the read-only queries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from truceline.models import Document, Event
from truceline.store.serialize import document_from, to_json


def dumps(obj: Any) -> str:
    return json.dumps(to_json(obj), ensure_ascii=False, sort_keys=True)


def document_row(doc: Document, seq: int) -> tuple[Any, ...]:
    pub = doc.published
    return (
        doc.id,
        doc.raw_sha256,
        seq,
        doc.source,
        doc.url,
        doc.outlet,
        doc.title,
        doc.author,
        pub.value if pub else None,
        pub.end if pub else None,
        pub.precision if pub else None,
        pub.kind if pub else None,
        doc.published_basis,
        doc.body,
        doc.comments,
        doc.duplicate_of,
        doc.relevance,
        doc.relevance_model,
        doc.genre,
    )


def document_from_row(row: Sequence[Any]) -> Document:
    (
        doc_id,
        raw,
        source,
        url,
        outlet,
        title,
        author,
        pub,
        pub_end,
        prec,
        kind,
        basis,
        body,
        comments,
        dup,
        relevance,
        relevance_model,
        genre,
    ) = row
    published = None
    if pub:
        published = {
            "value": pub,
            "end": pub_end,
            "precision": prec,
            "kind": kind,
            "basis": "text" if basis in ("metadata", "text") else "estimated",
        }
    return document_from(
        {
            "id": doc_id,
            "raw_sha256": raw,
            "source": source,
            "url": url,
            "outlet": outlet,
            "title": title,
            "author": author,
            "published": published,
            "published_basis": basis,
            "body": body,
            "comments": comments,
            "duplicate_of": dup,
            "relevance": relevance,
            "relevance_model": relevance_model,
            "genre": genre,
        }
    )


def event_row(event: Event) -> tuple[Any, ...]:
    d, p = event.date, event.place
    return (
        event.id,
        event.type,
        event.mode,
        event.acled_sub_event,
        d.value if d else None,
        d.end if d else None,
        d.precision if d else None,
        d.kind if d else None,
        p.name if p else None,
        p.lat if p else None,
        p.lon if p else None,
        event.actor1.name if event.actor1 else None,
        event.actor2.name if event.actor2 else None,
        event.fatalities,
        event.modality,
        event.attribution,
        event.agreement,
        len({s.document for s in event.sources}),  # reports (articles), never quotes
        len(event.contradictions),
        dumps(event),
    )

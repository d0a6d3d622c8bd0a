"""What incremental fusion reads (`run.fusion`): the documents' spans of days, the
documents and event mentions of some blocks, the events of the other blocks as the last
fusion left them before agreements were linked (`fusion_base`, migration 10), and every
document without its text. `Store.replace_fused` writes them, with the fused tables.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator

from truceline.models import Document, Event
from truceline.store.reader import DOCUMENT_COLUMNS
from truceline.store.serialize import event_from
from truceline.store.writer import Store, document_from_row

IN_CHUNK = 500  # ids an IN (...) query asks at a time


def _chunks(ids: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), IN_CHUNK):
        yield ordered[start : start + IN_CHUNK]


def blocks_current(store: Store, fingerprint: str) -> bool:
    """Whether the kept spans and base events belong to the fused tables as they are,
    fused under `fingerprint`: then a run may fuse only the blocks its new pages reach."""
    row = store.conn.execute(
        "SELECT fused_generation, fused_with, base_generation FROM fusion_state WHERE id=1"
    ).fetchone()
    return row[2] is not None and row[2] == row[0] and row[1] == fingerprint


def spans(store: Store) -> dict[str, tuple[int, int] | None]:
    rows = store.conn.execute("SELECT document_id, first, last FROM fusion_spans")
    return {doc: (first, last) if first is not None else None for doc, first, last in rows}


def unspanned(store: Store) -> list[str]:
    """Documents stored since the spans were kept."""
    rows = store.conn.execute(
        "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM fusion_spans)"
    )
    return [r[0] for r in rows]


def dates(store: Store, ids: Collection[str] | None) -> dict[str, tuple[str | None, list[str]]]:
    """Each document's publication date and its event mentions' dates (all: None)."""
    out: dict[str, tuple[str | None, list[str]]] = {}
    if ids is None:
        rows = store.conn.execute("SELECT id, published FROM documents")
        out = {doc: (published, []) for doc, published in rows}
        mentions = store.conn.execute("SELECT document_id, date FROM event_mentions")
        for doc, value in mentions:
            if doc in out and value:
                out[doc][1].append(value)
        return out
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for doc, published in store.conn.execute(
            f"SELECT id, published FROM documents WHERE id IN ({marks})", chunk
        ):
            out[doc] = (published, [])
        for doc, value in store.conn.execute(
            f"SELECT document_id, date FROM event_mentions WHERE document_id IN ({marks})", chunk
        ):
            if doc in out and value:
                out[doc][1].append(value)
    return out


def documents(store: Store, ids: Collection[str]) -> list[Document]:
    out = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.id IN ({marks})", chunk
        )
        out.extend(document_from_row(r) for r in rows)
    return out


def documents_without_text(store: Store) -> list[Document]:
    """Every document with an empty body: what the unblocked steps read of them."""
    columns = DOCUMENT_COLUMNS.replace("d.body", "''")
    rows = store.conn.execute(f"SELECT {columns} FROM documents d")
    return [document_from_row(r) for r in rows]


def event_mentions(store: Store, ids: Collection[str]) -> list[Event]:
    out = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            f"SELECT data FROM event_mentions WHERE document_id IN ({marks})", chunk
        )
        out.extend(event_from(json.loads(r[0])) for r in rows)
    return out


def base_events(store: Store, leaving_out: Collection[str]) -> list[Event]:
    """The kept events before agreements, but those filed under `leaving_out` documents."""
    out = []
    for doc, data in store.conn.execute("SELECT document_id, data FROM fusion_base"):
        if doc not in leaving_out:
            out.append(event_from(json.loads(data)))
    return out

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


def spans(store: Store) -> dict[str, tuple[tuple[str, int, int], ...] | None]:
    found: dict[str, list[tuple[str, int, int]] | None] = {}
    rows = store.conn.execute("SELECT document_id, lane, first, last FROM fusion_spans")
    for doc, lane, first, last in rows:
        if lane is None:
            found[doc] = None
        elif (stretches := found.setdefault(doc, [])) is not None:
            stretches.append((lane, first, last))
    return {doc: tuple(s) if s is not None else None for doc, s in found.items()}


def unspanned(store: Store) -> list[str]:
    """Documents stored since the spans were kept."""
    rows = store.conn.execute(
        "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM fusion_spans)"
    )
    return [r[0] for r in rows]


_MENTION_DATES = (
    "SELECT document_id, type, date, json_extract(data, '$.date.precision'),"
    " json_extract(data, '$.place.name'), json_extract(data, '$.place.basis')"
    " FROM event_mentions"
)
# (type, date value, date precision, place name, place basis): `fuse.blocks.MentionDate`
MentionDate = tuple[str, str | None, str | None, str | None, str | None]
Dates = dict[str, tuple[str | None, list[MentionDate]]]


def dates(store: Store, ids: Collection[str] | None) -> Dates:
    """Each document's publication date and what `fuse.blocks.span` reads of its event
    mentions (type, date value and precision, place name and basis); all: None."""
    out: Dates = {}
    if ids is None:
        rows = store.conn.execute("SELECT id, published FROM documents")
        out = {doc: (published, []) for doc, published in rows}
        for doc, *mention in store.conn.execute(_MENTION_DATES):
            if doc in out:
                out[doc][1].append(tuple(mention))  # type: ignore[arg-type]
        return out
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for doc, published in store.conn.execute(
            f"SELECT id, published FROM documents WHERE id IN ({marks})", chunk
        ):
            out[doc] = (published, [])
        query = f"{_MENTION_DATES} WHERE document_id IN ({marks})"
        for doc, *mention in store.conn.execute(query, chunk):
            if doc in out:
                out[doc][1].append(tuple(mention))  # type: ignore[arg-type]
    return out


def documents(store: Store, ids: Collection[str]) -> list[Document]:
    out: list[Document] = []
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
    out: list[Event] = []
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

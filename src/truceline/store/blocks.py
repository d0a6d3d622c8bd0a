"""What fusion by blocks reads (`run.fusion`): the documents' spans of days, what
`fuse.blocks.span` reads of each document, and the documents, event mentions and
agreement mentions of some documents. `Store.replace_fused` writes the spans, with the
fused tables.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from typing import Any

from truceline.models import Agreement, AgreementMention, Document, Event
from truceline.store.reader import DOCUMENT_COLUMNS
from truceline.store.rows import document_from_row
from truceline.store.serialize import (
    agreement_from,
    agreement_mention_from,
    event_from,
    source_from,
)
from truceline.store.writer import Store

IN_CHUNK = 500  # ids an IN (...) query asks at a time


def _chunks(ids: Collection[str]) -> Iterator[list[str]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), IN_CHUNK):
        yield ordered[start : start + IN_CHUNK]


def blocks_current(store: Store, fingerprint: str) -> bool:
    """Whether the kept spans belong to the fused tables as they are, fused under
    `fingerprint`: then a run may fuse only the blocks its new pages reach."""
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
    " json_extract(data, '$.place.name'), json_extract(data, '$.place.basis'),"
    " json_extract(data, '$.modality') FROM event_mentions"
)
# every agreement mention, with each date value (and end) its claims give
_AGREEMENT_DATES = (
    "SELECT m.document_id, m.id, json_extract(c.value, '$.value.value'),"
    " json_extract(c.value, '$.value.end') FROM agreement_mentions m"
    " LEFT JOIN json_each(m.data, '$.claims') c"
    " ON json_type(c.value, '$.value.kind') IS NOT NULL"
)
# (type, date value, date precision, place name, place basis, modality):
# `fuse.blocks.MentionDate`
MentionDate = tuple[str, str | None, str | None, str | None, str | None, str | None]
# per document: publication date, event mentions' dates, each agreement mention's dates
Found = tuple[str | None, list[MentionDate], list[list[str]]]
Dates = dict[str, Found]


def dates(store: Store, ids: Collection[str] | None) -> Dates:
    """What `fuse.blocks.span` reads of each document (all: None): its publication
    date, its event mentions' type, date value and precision, place name and basis, and
    its agreement mentions' date values."""
    out: Dates = {}
    if ids is None:
        _read_dates(store, out, "", [])
    for chunk in _chunks(ids or ()):
        _read_dates(store, out, f" IN ({','.join('?' * len(chunk))})", chunk)
    return out


def _read_dates(store: Store, out: Dates, among: str, args: list[str]) -> None:
    """`dates` of the documents whose id is `among` ("" for all)."""
    where = f" WHERE id{among}" if among else ""
    for doc, published in store.conn.execute(f"SELECT id, published FROM documents{where}", args):
        out[doc] = (published, [], [])
    where = f" WHERE document_id{among}" if among else ""
    for doc, *mention in store.conn.execute(_MENTION_DATES + where, args):
        if doc in out:
            out[doc][1].append(tuple(mention))  # type: ignore[arg-type]
    where = f" WHERE m.document_id{among}" if among else ""
    mention_now = None
    for doc, mention_id, value, end in store.conn.execute(_AGREEMENT_DATES + where, args):
        if doc not in out:
            continue
        if mention_id != mention_now:
            out[doc][2].append([])
            mention_now = mention_id
        out[doc][2][-1].extend(v for v in (value, end) if v)


def documents(store: Store, ids: Collection[str]) -> list[Document]:
    """The documents `ids`, in the store's order (`Store.documents`)."""
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows.extend(
            store.conn.execute(
                f"SELECT d.raw_sha256, d.seq, {DOCUMENT_COLUMNS} FROM documents d"
                f" WHERE d.id IN ({marks})",
                chunk,
            )
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    return [document_from_row(r[2:]) for r in rows]


def event_mentions(store: Store, ids: Collection[str]) -> list[Event]:
    """The event mentions of the documents `ids`, in the store's order."""
    return [event_from(d) for d in _mention_data(store, "event_mentions", ids)]


def agreement_mentions(store: Store, ids: Collection[str]) -> list[AgreementMention]:
    """The agreement mentions of the documents `ids`, in the store's order."""
    return [agreement_mention_from(d) for d in _mention_data(store, "agreement_mentions", ids)]


def _mention_data(store: Store, table: str, ids: Collection[str]) -> Iterator[Any]:
    """The JSON of `table`'s rows of the documents `ids`, by document and id (the order
    of `Store.event_mentions` and `Store.agreement_mentions`: chunks of sorted ids)."""
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            f"SELECT data FROM {table} WHERE document_id IN ({marks}) ORDER BY document_id, id",
            chunk,
        )
        yield from (json.loads(r[0]) for r in rows)


# What `fuse.relate` reads of a stored record: its key dates, zone and kind, its relations
# (to tell which changed), and, of its sources, the first three of each document (a
# relation quotes the first three sources of the documents two records share).
_OUTLINE = (
    "SELECT id, json_object('id', id, 'name', '', 'kind', json_extract(data, '$.kind'),"
    " 'signed', json_extract(data, '$.signed'), 'effective', json_extract(data, '$.effective'),"
    " 'extended', json_extract(data, '$.extended'), 'ends', json_extract(data, '$.ends'),"
    " 'zone', json_extract(data, '$.zone'), 'related', json_extract(data, '$.related'))"
    " FROM agreements"
)
_OUTLINE_SOURCES = (
    "SELECT id, value FROM (SELECT a.id, j.key, j.value, ROW_NUMBER() OVER"
    " (PARTITION BY a.id, json_extract(j.value, '$.document') ORDER BY j.key) AS n"
    " FROM agreements a, json_each(a.data, '$.sources') j) WHERE n <= 3 ORDER BY id, key"
)


def agreement_outlines(store: Store, block: Collection[str]) -> tuple[list[Agreement], set[str]]:
    """The stored agreements outside `block`'s documents, as outlines (`_OUTLINE`: what
    relating records reads, not their provisions, contradictions or events), and the ids
    of the stored records inside it (a record's documents are all in one block)."""
    block = set(block)
    outlines: dict[str, Agreement] = {}
    for agreement_id, data in store.conn.execute(_OUTLINE):
        outline = json.loads(data)
        outline["extended"], outline["related"] = (
            outline["extended"] or [],
            outline["related"] or [],
        )
        outlines[agreement_id] = agreement_from(outline)
    inside: set[str] = set()
    for agreement_id, data in store.conn.execute(_OUTLINE_SOURCES):
        source = source_from(json.loads(data))
        if source.document in block:
            inside.add(agreement_id)
        outlines[agreement_id].sources.append(source)
    return [a for a in outlines.values() if a.id not in inside], inside


def agreements_by_id(store: Store, ids: Collection[str]) -> list[Agreement]:
    out: list[Agreement] = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(f"SELECT data FROM agreements WHERE id IN ({marks})", chunk)
        out.extend(agreement_from(json.loads(r[0])) for r in rows)
    return out

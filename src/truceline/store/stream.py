"""The whole store in order, a chunk at a time: what the exports and the report read.

Documents, events and agreements come in the order of `Store.documents()`, `events()`
and `agreements()` (documents by page and place on it, events by date with the undated
last, agreements by the day they took effect), read `*_CHUNK` rows a query by keyset
pagination: each query starts after the last key of the one before, on an index, so no
query sorts or skips what came before and memory holds one chunk, never the store. All
of it runs inside one read transaction (`snapshot`): an export is one state of the
store even while a run fuses and swaps the fused tables.

Besides the rows, the figures an output needs before or beside them, as aggregate
queries (counts, coverage by outlet, the ids of events without coordinates), and the
look-ups the CSV's date fallbacks need for one chunk of events: the pages their sources
come from, and the other events those documents report.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import Any

from truceline.models import Agreement, DateValue, Document, Event
from truceline.store.reader import DOCUMENT_COLUMNS
from truceline.store.rows import document_from_row
from truceline.store.serialize import agreement_from, event_from
from truceline.store.writer import Store

# Rows a query. Documents carry their bodies (a news page's is about 6 KB); an agreement
# carries every report of the deal (one that 4,000 sources report, in the benchmark's desk
# stores, is 3 MB of JSON and 6 MB in memory), so agreements come two at a time. The
# sizes hardly matter beyond that: on the 10,000-page desk store a JSON Lines export took
# the same CPU time (4.4-4.7 s) and peak memory (150-156 MB) with chunks of 50 to 2,000
# events (20 to 800 documents).
DOCUMENT_CHUNK = 200
EVENT_CHUNK = 500
AGREEMENT_CHUNK = 2

_UNKNOWN_OUTLET = "'unknown outlet'"  # what the report calls a document without an outlet
# `DOCUMENT_COLUMNS` with the body left out, in the order `document_from_row` reads them.
_HEAD_COLUMNS = (
    "d.id, d.raw_sha256, d.source, d.url, d.outlet, d.title, d.author, d.published,"
    " d.published_end, d.published_precision, d.published_kind, d.published_basis, '',"
    " d.comments, d.duplicate_of, d.relevance, d.relevance_model, d.genre"
)


def _pages(
    conn: sqlite3.Connection, first: str, after: str, key: slice, size: int
) -> Iterator[tuple[Any, ...]]:
    """The rows of `first` (a query ordered by a unique key), `size` at a time: `after`
    is the same query starting after the key `key` cuts from the last row read."""
    rows = conn.execute(first + " LIMIT ?", (size,)).fetchall()
    while rows:
        yield from rows
        if len(rows) < size:
            return
        rows = conn.execute(after + " LIMIT ?", (*rows[-1][key], size)).fetchall()


class StoreRows:
    """Ordered, chunked reads of one store (see the module docstring); made by `snapshot`."""

    def __init__(self, conn: sqlite3.Connection, *, chunk: int | None = None) -> None:
        self.conn = conn
        self.chunk = chunk  # one size for every table: a test's small chunks cross pages

    def _size(self, default: int) -> int:
        return self.chunk or default

    # --- rows -------------------------------------------------------------------------

    def documents(self) -> Iterator[Document]:
        select = f"SELECT d.raw_sha256, d.seq, d.id, {DOCUMENT_COLUMNS} FROM documents d"
        order = " ORDER BY d.raw_sha256, d.seq, d.id"
        after = " WHERE (d.raw_sha256, d.seq, d.id) > (?, ?, ?)"
        size = self._size(DOCUMENT_CHUNK)
        for row in _pages(self.conn, select + order, select + after + order, slice(0, 3), size):
            yield document_from_row(row[3:])

    def _events(self, columns: str, where: str = "") -> Iterator[tuple[Any, ...]]:
        """Rows of `columns` (after the date and id) of the events, dated ones by date and
        id, then undated ones by id: `Store.events()`'s order, each half on an index."""
        size = self._size(EVENT_CHUNK)
        dated = f"SELECT date, id, {columns} FROM events WHERE date IS NOT NULL{where}"
        order = " ORDER BY date, id"
        after = " AND (date, id) > (?, ?)"
        yield from _pages(self.conn, dated + order, dated + after + order, slice(0, 2), size)
        undated = f"SELECT date, id, {columns} FROM events WHERE date IS NULL{where}"
        order, after = " ORDER BY id", " AND id > ?"
        yield from _pages(self.conn, undated + order, undated + after + order, slice(1, 2), size)

    def events(self, *, contradicted: bool = False) -> Iterator[Event]:
        """The fused events; `contradicted`: only those whose sources disagree."""
        where = " AND n_contradictions > 0" if contradicted else ""
        for row in self._events("data", where):
            yield event_from(json.loads(row[2]))

    def agreements(self) -> Iterator[Agreement]:
        # `Store.agreements()`: by effective date, those without one (NULL) first
        size = self._size(AGREEMENT_CHUNK)
        undated = "SELECT effective, id, data FROM agreements WHERE effective IS NULL"
        order, after = " ORDER BY id", " AND id > ?"
        rows = _pages(self.conn, undated + order, undated + after + order, slice(1, 2), size)
        for row in rows:
            yield agreement_from(json.loads(row[2]))
        dated = "SELECT effective, id, data FROM agreements WHERE effective IS NOT NULL"
        order, after = " ORDER BY effective, id", " AND (effective, id) > (?, ?)"
        for row in _pages(self.conn, dated + order, dated + after + order, slice(0, 2), size):
            yield agreement_from(json.loads(row[2]))

    # --- whole-store figures ------------------------------------------------------------

    def _count(self, sql: str) -> int:
        return int(self.conn.execute(sql).fetchone()[0])

    def document_count(self) -> int:
        return self._count("SELECT COUNT(*) FROM documents")

    def event_count(self, *, contradicted: bool = False) -> int:
        where = " WHERE n_contradictions > 0" if contradicted else ""
        return self._count("SELECT COUNT(*) FROM events" + where)

    def agreement_count(self) -> int:
        return self._count("SELECT COUNT(*) FROM agreements")

    def unplaced_event_ids(self) -> Iterator[str]:
        """Ids of the events without coordinates, in the events' order."""
        for row in self._events("1", " AND (lat IS NULL OR lon IS NULL)"):
            yield str(row[1])

    def outlet_coverage(self) -> list[tuple[str, int, int]]:
        """(outlet, articles, event reports) for each outlet of the documents that are not
        copies: most articles first, then in the order the documents first name it.
        Articles count documents that are not duplicates; event reports count the events'
        sources by their document's outlet. No outlet is "unknown outlet"."""
        outlet = f"COALESCE(NULLIF(d.outlet, ''), {_UNKNOWN_OUTLET})"
        rows = self.conn.execute(
            f"WITH docs AS (SELECT {outlet} AS outlet,"
            " ROW_NUMBER() OVER (ORDER BY d.raw_sha256, d.seq, d.id) AS position"
            " FROM documents d WHERE d.duplicate_of IS NULL OR d.duplicate_of = ''),"
            " articles AS (SELECT outlet, COUNT(*) AS n, MIN(position) AS first FROM docs"
            " GROUP BY outlet),"
            f" reports AS (SELECT {outlet} AS outlet, COUNT(*) AS n FROM event_sources s"
            " LEFT JOIN documents d ON d.id = s.document_id GROUP BY 1)"
            " SELECT a.outlet, a.n, COALESCE(r.n, 0) FROM articles a"
            " LEFT JOIN reports r ON r.outlet = a.outlet ORDER BY a.n DESC, a.first"
        )
        return [(str(o), int(n), int(r)) for o, n, r in rows]

    # --- look-ups for one chunk ---------------------------------------------------------

    def page_documents(self, document_ids: Collection[str]) -> list[Document]:
        """The documents of the pages that hold these documents (all articles of each
        page), in the documents' order, without their bodies (empty): the CSV reads
        their outlets, addresses and publication dates."""
        rows = self.conn.execute(
            f"SELECT {_HEAD_COLUMNS} FROM documents d WHERE d.raw_sha256 IN"
            " (SELECT raw_sha256 FROM documents WHERE id IN (SELECT value FROM json_each(?)))"
            " ORDER BY d.raw_sha256, d.seq, d.id",
            (_json_list(document_ids),),
        )
        return [document_from_row(r) for r in rows]

    def event_dates_citing(self, document_ids: Collection[str]) -> list[tuple[str, DateValue]]:
        """(document, date) for each resolved date of the events with a source in one of
        these documents, once per document and date value (the first event of that date
        in the events' order gives the rest of the date), in the events' order: all the
        CSV's fallback reads (the latest such date of each document). The dates come
        from the events' columns, so their `basis` is DateValue's default: reading it
        from the events' JSON took two to three times as long, for a field the CSV does
        not use (a fallback's basis is where it came from)."""
        rows = self.conn.execute(
            "SELECT s.document_id, e.date, MIN(e.id), e.date_end, e.date_precision,"
            " e.date_kind FROM event_sources s JOIN events e ON e.id = s.event_id"
            " WHERE s.document_id IN (SELECT value FROM json_each(?))"
            # `DateValue.resolved`
            "  AND e.date_kind IS NOT 'unresolved' AND substr(e.date, 1, 1) != 'X'"
            " GROUP BY s.document_id, e.date ORDER BY e.date, MIN(e.id)",
            (_json_list(document_ids),),
        )
        return [
            (str(doc), DateValue(value, end, precision, kind))
            for doc, value, _, end, precision, kind in rows
        ]


def _json_list(items: Collection[str]) -> str:
    """A JSON array for `json_each`: one parameter however many ids there are."""
    return json.dumps(sorted(items), ensure_ascii=False)


@contextmanager
def snapshot(store: Store, *, chunk: int | None = None) -> Iterator[StoreRows]:
    """The store's rows as of now, for as long as the block runs: one read transaction
    (in WAL mode a run may still write meanwhile; what it writes is not seen here)."""
    conn = store.conn
    if conn.in_transaction:  # already inside one: that is the snapshot
        yield StoreRows(conn, chunk=chunk)
        return
    conn.execute("BEGIN")
    try:
        yield StoreRows(conn, chunk=chunk)
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


__all__ = ["StoreRows", "snapshot"]

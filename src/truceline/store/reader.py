"""Read-only, filtered, paginated queries over a store, for the HTTP API and the web page.

Besides `store.py` this is the only module that holds SQL, and all of it is read-only
and parameterised: clause texts are constants of this module, every value a caller
gives travels as a `?` parameter, and a free-text search is turned into quoted FTS5
terms, never passed on as FTS syntax. Rows come back as the library's dataclasses,
rebuilt by the same code the store uses, so the API renders the export contract
(`outputs/records.py`) and nothing else.

Dates in the store are ISO 8601 strings cut to their precision ("2017", "2017-08",
"2017-08-03") or TIMEX3 forms ("2017-W32", "2017-Q3", "2017-SU", "201" for the 2010s),
which do not sort as calendar order. So the reader's connection gets two SQL functions,
`tl_first(value)` and `tl_last(value)`, giving the first and last day of the period a
value names. A date filter keeps an event whose period overlaps the asked range: an
event dated "2017-08" is kept by `since=2017-08-15`, since it may have happened after
the 15th. Unresolved dates ("XXXX-09-07") and events without a date never pass a date
filter, and lists are ordered by first day, undated last.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from truceline.models import Agreement, Document, Event
from truceline.store.rows import document_from_row
from truceline.store.serialize import agreement_from, event_from
from truceline.store.writer import Store
from truceline.understand.dates.resolve import period_of

T = TypeVar("T")

# A date filter value: a year, a month or a day, as the store writes them.
ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# FTS5 terms: runs of letters/digits (Unicode-aware); anything else (quotes, operators,
# parentheses, column filters) is dropped, so no input can be a syntax error.
_TERM = re.compile(r"\w+", re.UNICODE)
# At most this many terms of a search are used: a longer query is a paste, not a search.
MAX_TERMS = 16
# Transliteration marks GeoNames writes and nobody types ("Ma‘arrat", "Ḩamāh").
_MARKS = str.maketrans("", "", "ʿʾ‘’ʻʼ`´")

# In the order `store.document_from_row` reads them.
DOCUMENT_COLUMNS = (
    "d.id, d.raw_sha256, d.source, d.url, d.outlet, d.title, d.author, d.published,"
    " d.published_end, d.published_precision, d.published_kind, d.published_basis, d.body,"
    " d.comments, d.duplicate_of, d.relevance, d.relevance_model, d.genre"
)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a filtered list, with the count of all matches."""

    total: int
    items: list[T]


@dataclass(frozen=True, slots=True)
class EventFilter:
    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    actor: str | None = None  # part of either actor's name, or an actor id
    outlet: str | None = None  # an outlet that reported the event
    place: str | None = None  # part of the place name
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    modalities: tuple[str, ...] = ()
    agreement: str | None = None
    contradicted: bool = False  # only events whose sources disagree


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    duplicates: bool = True  # False leaves out documents marked as duplicates


@dataclass(frozen=True, slots=True)
class AgreementFilter:
    status: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentHit:
    document: Document
    snippet: str


@dataclass(frozen=True, slots=True)
class SearchResult:
    terms: list[str]
    documents: Page[DocumentHit]
    events: Page[Event]


@dataclass(slots=True)
class _Where:
    """WHERE clauses (constant SQL) with their parameters, built side by side."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with LIKE's wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_terms(query: str) -> list[str]:
    return _TERM.findall(query)[:MAX_TERMS]


def fts_match(terms: list[str]) -> str:
    """An FTS5 query holding every term as a quoted word (never FTS syntax)."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def fold(text: str) -> str:
    """Lower case without diacritics or ayn/hamza marks, for name comparisons."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_MARKS).casefold()


def _fold_sql(text: str | None) -> str | None:
    return fold(text) if text is not None else None


def first_day(value: str | None) -> str | None:
    period = period_of(value) if value else None
    return period.start.isoformat() if period else None


def last_day(value: str | None) -> str | None:
    period = period_of(value) if value else None
    return period.end.isoformat() if period else None


def _date_range(where: _Where, start: str, end: str, since: str | None, until: str | None) -> None:
    """Overlap of the period from `start` to `end` (SQL expressions) with [since, until]."""
    if since is not None:
        where.add(f"tl_last({end}) >= ?", first_day(since) or since)
    if until is not None:
        where.add(f"tl_first({start}) <= ?", last_day(until) or until)


def _event_where(f: EventFilter) -> _Where:
    where = _Where()
    _date_range(where, "e.date", "COALESCE(e.date_end, e.date)", f.since, f.until)
    if f.types:
        where.add(f"e.type IN ({','.join('?' * len(f.types))})", *(t.upper() for t in f.types))
    if f.modalities:
        where.add(
            f"e.modality IN ({','.join('?' * len(f.modalities))})",
            *(m.lower() for m in f.modalities),
        )
    if f.actor:
        pattern = like_pattern(f.actor)
        where.add(
            "(e.actor1 LIKE ? ESCAPE '\\' OR e.actor2 LIKE ? ESCAPE '\\'"
            " OR json_extract(e.data, '$.actor1.id') = ?"
            " OR json_extract(e.data, '$.actor2.id') = ?)",
            pattern,
            pattern,
            f.actor,
            f.actor,
        )
    if f.outlet:
        where.add(
            "EXISTS (SELECT 1 FROM event_sources s"
            " WHERE s.event_id = e.id AND s.outlet = ? COLLATE NOCASE)",
            f.outlet,
        )
    if f.place:  # "Hama" finds "Ḩamāh": both sides without diacritics, any case
        where.add("tl_fold(e.place_name) LIKE ? ESCAPE '\\'", like_pattern(fold(f.place)))
    if f.bbox:
        _bbox(where, f.bbox)
    if f.agreement:
        where.add("e.agreement_id = ?", f.agreement)
    if f.contradicted:
        where.add("e.n_contradictions > 0")
    return where


def _bbox(where: _Where, bbox: tuple[float, float, float, float]) -> None:
    min_lon, min_lat, max_lon, max_lat = bbox
    where.add("e.lat IS NOT NULL AND e.lon IS NOT NULL AND e.lat BETWEEN ? AND ?", min_lat, max_lat)
    if min_lon <= max_lon:
        where.add("e.lon BETWEEN ? AND ?", min_lon, max_lon)
    else:  # a box across the antimeridian
        where.add("(e.lon >= ? OR e.lon <= ?)", min_lon, max_lon)


def _document_where(f: DocumentFilter) -> _Where:
    where = _Where()
    _date_range(where, "d.published", "COALESCE(d.published_end, d.published)", f.since, f.until)
    if f.outlet:
        where.add("d.outlet = ? COLLATE NOCASE", f.outlet)
    if not f.duplicates:
        where.add("d.duplicate_of IS NULL")
    return where


def _agreement_where(f: AgreementFilter) -> _Where:
    where = _Where()
    if f.status:
        where.add("a.status = ? COLLATE NOCASE", f.status)
    if f.kind:
        where.add("a.kind = ? COLLATE NOCASE", f.kind)
    return where


class StoreReader:
    """A store opened read-only, shared by the API's worker threads behind one lock
    (one SQLite connection is not to be used by two threads at once)."""

    def __init__(self, path: str | Path) -> None:
        self.store = Store(path, readonly=True)
        self._lock = threading.Lock()
        self.store.conn.create_function("tl_first", 1, first_day, deterministic=True)
        self.store.conn.create_function("tl_last", 1, last_day, deterministic=True)
        self.store.conn.create_function("tl_fold", 1, _fold_sql, deterministic=True)

    def close(self) -> None:
        self.store.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.store.conn.execute(sql, params).fetchall()

    def _count(self, sql: str, params: Sequence[Any]) -> int:
        return int(self._rows(sql, params)[0][0])

    # --- events -----------------------------------------------------------------------

    def events(self, f: EventFilter, *, limit: int, offset: int) -> Page[Event]:
        where = _event_where(f)
        total = self._count("SELECT COUNT(*) FROM events e" + where.sql(), where.params)
        rows = self._rows(
            "SELECT e.data FROM events e"
            + where.sql()
            + " ORDER BY tl_first(e.date) IS NULL, tl_first(e.date), e.date, e.id LIMIT ? OFFSET ?",
            [*where.params, limit, offset],
        )
        return Page(total, [event_from(json.loads(r[0])) for r in rows])

    def event(self, event_id: str) -> Event | None:
        rows = self._rows("SELECT data FROM events WHERE id = ?", (event_id,))
        return event_from(json.loads(rows[0][0])) if rows else None

    # --- documents --------------------------------------------------------------------

    def documents(self, f: DocumentFilter, *, limit: int, offset: int) -> Page[Document]:
        where = _document_where(f)
        total = self._count("SELECT COUNT(*) FROM documents d" + where.sql(), where.params)
        rows = self._rows(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents d"
            + where.sql()
            + " ORDER BY tl_first(d.published) IS NULL, tl_first(d.published), d.published,"
            " d.raw_sha256, d.seq LIMIT ? OFFSET ?",
            [*where.params, limit, offset],
        )
        return Page(total, [document_from_row(r) for r in rows])

    def document(self, document_id: str) -> Document | None:
        rows = self._rows(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.id = ?", (document_id,)
        )
        return document_from_row(rows[0]) if rows else None

    # --- agreements -------------------------------------------------------------------

    def agreements(self, f: AgreementFilter, *, limit: int, offset: int) -> Page[Agreement]:
        where = _agreement_where(f)
        total = self._count("SELECT COUNT(*) FROM agreements a" + where.sql(), where.params)
        rows = self._rows(
            "SELECT a.data FROM agreements a"
            + where.sql()
            + " ORDER BY tl_first(a.effective) IS NULL, tl_first(a.effective), a.id"
            " LIMIT ? OFFSET ?",
            [*where.params, limit, offset],
        )
        return Page(total, [agreement_from(json.loads(r[0])) for r in rows])

    def agreement(self, agreement_id: str) -> Agreement | None:
        rows = self._rows("SELECT data FROM agreements WHERE id = ?", (agreement_id,))
        return agreement_from(json.loads(rows[0][0])) if rows else None

    # --- search -----------------------------------------------------------------------

    def search(self, query: str, *, limit: int) -> SearchResult:
        """Documents whose title or body hold every term (FTS5, best first), and events
        with a source quote holding every term."""
        terms = search_terms(query)
        if not terms:
            return SearchResult(terms, Page(0, []), Page(0, []))
        return SearchResult(
            terms, self._search_documents(terms, limit), self._search_quotes(terms, limit)
        )

    def _search_documents(self, terms: list[str], limit: int) -> Page[DocumentHit]:
        match = fts_match(terms)
        total = self._count(
            "SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?", (match,)
        )
        rows = self._rows(
            f"SELECT {DOCUMENT_COLUMNS}, snippet(documents_fts, 1, '', '', '…', 24)"
            " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
            " WHERE documents_fts MATCH ? ORDER BY documents_fts.rank LIMIT ?",
            (match, limit),
        )
        return Page(total, [DocumentHit(document_from_row(r[:-1]), str(r[-1])) for r in rows])

    def _search_quotes(self, terms: list[str], limit: int) -> Page[Event]:
        """Events with a source quote holding every term as a word: the same FTS5 match
        as the documents' (a term is a word, not a part of one: "b" finds no "bombs")."""
        matching = (
            "SELECT DISTINCT s.event_id FROM event_sources_fts"
            " JOIN event_sources s ON s.rowid = event_sources_fts.rowid"
            " WHERE event_sources_fts MATCH ?"
        )
        match = fts_match(terms)
        total = self._count(f"SELECT COUNT(*) FROM ({matching})", (match,))
        rows = self._rows(
            f"SELECT e.data FROM events e WHERE e.id IN ({matching})"
            " ORDER BY tl_first(e.date) IS NULL, tl_first(e.date), e.date, e.id LIMIT ?",
            (match, limit),
        )
        return Page(total, [event_from(json.loads(r[0])) for r in rows])

    # --- figures ----------------------------------------------------------------------

    def facets(self) -> dict[str, list[dict[str, Any]]]:
        """The values each event filter can take, with how many events have each."""

        def counted(sql: str) -> list[dict[str, Any]]:
            return [{"value": v, "count": n} for v, n in self._rows(sql) if v not in (None, "")]

        return {
            "types": counted("SELECT type, COUNT(*) FROM events GROUP BY type ORDER BY type"),
            "modalities": counted(
                "SELECT modality, COUNT(*) FROM events GROUP BY modality ORDER BY modality"
            ),
            "sub_events": counted(
                "SELECT acled_sub_event, COUNT(*) FROM events GROUP BY 1 ORDER BY 1"
            ),
            "outlets": counted(
                "SELECT outlet, COUNT(DISTINCT event_id) FROM event_sources"
                " GROUP BY outlet ORDER BY outlet"
            ),
            "actors": counted(
                "SELECT name, COUNT(*) FROM (SELECT actor1 AS name FROM events UNION ALL"
                " SELECT actor2 FROM events) GROUP BY name ORDER BY name"
            ),
            "places": counted(
                "SELECT place_name, COUNT(*) FROM events GROUP BY place_name ORDER BY place_name"
            ),
        }

    def agreement_facets(self) -> dict[str, list[dict[str, Any]]]:
        """The statuses and kinds of the store's agreements, with counts."""

        def counted(column: str) -> list[dict[str, Any]]:
            sql = f"SELECT {column}, COUNT(*) FROM agreements GROUP BY 1 ORDER BY 1"
            return [{"value": v, "count": n} for v, n in self._rows(sql) if v not in (None, "")]

        return {"statuses": counted("status"), "kinds": counted("kind")}

    def user_places(self) -> list[tuple[str, float, float, str | None, int]]:
        """The user's gazetteer entries (`truceline gazetteer load`): name, lat, lon,
        country, population."""
        return [
            (str(n), float(lat), float(lon), c, int(p or 0))
            for n, lat, lon, c, p in self._rows(
                "SELECT name, lat, lon, country, population FROM gazetteer"
            )
        ]

    def stats(self) -> dict[str, int]:
        with self._lock:
            return self.store.stats()

    def schema_version(self) -> int:
        return int(self._rows("SELECT MAX(version) FROM schema_migrations")[0][0] or 0)

"""Schema migrations of the SQLite store, applied in order, each in one transaction.

A migration is registered once and never edited after it has shipped; a change to
the schema is a new migration. `schema_migrations` records what was applied.

Several processes may open a new store at once (two first runs): each step takes the
write lock first and then reads the version again, so a step another process applied
meanwhile is skipped, never applied twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


MIGRATIONS: list[Migration] = []


def migration(
    version: int, name: str
) -> Callable[[Callable[[sqlite3.Connection], None]], Callable[[sqlite3.Connection], None]]:
    def register(fn: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
        MIGRATIONS.append(Migration(version, name, fn))
        return fn

    return register


@migration(1, "initial schema")
def _initial(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE raw_inputs (
            sha256 TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            url TEXT,
            date_hint TEXT,
            size INTEGER NOT NULL,
            data BLOB NOT NULL,            -- the evidentiary copy, unchanged
            first_seen TEXT NOT NULL,
            extractor TEXT NOT NULL
        );
        CREATE TABLE input_errors (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            sha256 TEXT,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            at TEXT NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX input_errors_source ON input_errors(source);
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            raw_sha256 TEXT NOT NULL REFERENCES raw_inputs(sha256),
            seq INTEGER NOT NULL,
            source TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            title TEXT,
            author TEXT,
            published TEXT,
            published_end TEXT,
            published_precision TEXT,
            published_kind TEXT,
            published_basis TEXT NOT NULL,
            body TEXT NOT NULL,
            comments INTEGER NOT NULL DEFAULT 0,
            duplicate_of TEXT
        );
        CREATE INDEX documents_raw ON documents(raw_sha256);
        CREATE TABLE mentions (
            document_id TEXT NOT NULL REFERENCES documents(id),
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            value TEXT
        );
        CREATE INDEX mentions_document ON mentions(document_id);
        -- events as read in one document, before fusion
        CREATE TABLE event_mentions (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            type TEXT NOT NULL,
            date TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX event_mentions_document ON event_mentions(document_id);
        -- fused events (derived; rebuilt by fusion)
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            mode TEXT,
            acled_sub_event TEXT,
            date TEXT,
            date_end TEXT,
            date_precision TEXT,
            date_kind TEXT,
            place_name TEXT,
            lat REAL,
            lon REAL,
            actor1 TEXT,
            actor2 TEXT,
            fatalities INTEGER,
            modality TEXT NOT NULL,
            attribution TEXT,
            agreement_id TEXT,
            n_sources INTEGER NOT NULL,
            n_contradictions INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX events_date ON events(date);
        CREATE TABLE event_sources (
            event_id TEXT NOT NULL REFERENCES events(id),
            mention_id TEXT NOT NULL,
            document_id TEXT NOT NULL,
            outlet TEXT,
            quote TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL
        );
        CREATE INDEX event_sources_event ON event_sources(event_id);
        CREATE TABLE agreements (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            effective TEXT,
            ends TEXT,
            status TEXT,
            data TEXT NOT NULL
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            seen INTEGER NOT NULL DEFAULT 0,
            processed INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            extractor TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, content='documents', content_rowid='rowid');
        CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END;
        CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        END;
        CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
            INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
            INSERT INTO documents_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
        END;
        CREATE VIEW event_rows AS
            SELECT e.id, e.date, e.date_precision, e.type, e.acled_sub_event, e.modality, e.place_name,
                   e.lat, e.lon, e.actor1, e.actor2, e.fatalities, e.attribution, e.n_sources,
                   e.n_contradictions, s.outlet, s.document_id, s.quote
            FROM events e JOIN event_sources s ON s.event_id = e.id;
        """,
    )


@migration(2, "gazetteer entries loaded by the user")
def _gazetteer(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE gazetteer (
            geonames_id INTEGER,
            name TEXT NOT NULL,
            alternate_names TEXT NOT NULL,
            lat REAL NOT NULL,
            lon REAL NOT NULL,
            country TEXT,
            admin1 TEXT,
            population INTEGER NOT NULL DEFAULT 0,
            feature TEXT,
            precision TEXT,
            source_file TEXT NOT NULL
        );
        CREATE INDEX gazetteer_id ON gazetteer(geonames_id);
        """,
    )


@migration(3, "agreement mentions")
def _agreement_mentions(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE agreement_mentions (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            kind TEXT NOT NULL,
            name TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX agreement_mentions_document ON agreement_mentions(document_id);
        """,
    )


@migration(4, "full-text search on source quotes")
def _quotes_fts(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE VIRTUAL TABLE event_sources_fts USING fts5(quote, content='event_sources', content_rowid='rowid');
        CREATE TRIGGER event_sources_ai AFTER INSERT ON event_sources BEGIN
            INSERT INTO event_sources_fts(rowid, quote) VALUES (new.rowid, new.quote);
        END;
        CREATE TRIGGER event_sources_ad AFTER DELETE ON event_sources BEGIN
            INSERT INTO event_sources_fts(event_sources_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
        END;
        INSERT INTO event_sources_fts(event_sources_fts) VALUES ('rebuild');
        """,
    )


@migration(5, "fusion marker")
def _fusion_marker(conn: sqlite3.Connection) -> None:
    # One row. `generation` is bumped by every transaction that writes per-document
    # results; `fused_generation` is the generation the fused tables were computed from
    # (NULL: never fused by `fuse_store`, or replaced by other means), written in the
    # same transaction as the fused tables, so an interrupted fusion leaves the old mark.
    # A later migration that rewrites documents or mentions must bump `generation`.
    run_script(
        conn,
        """
        CREATE TABLE fusion_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            generation INTEGER NOT NULL,
            fused_generation INTEGER,
            fused_with TEXT,
            fused_at TEXT
        );
        INSERT INTO fusion_state(id, generation) VALUES (1, 1);
        """,
    )


@migration(6, "extractor version of input errors")
def _error_extractor(conn: sqlite3.Connection) -> None:
    # The truceline version that recorded an input's failure: a run skips inputs whose bytes
    # failed before, but only under the same version (an upgrade may have fixed the cause).
    # Errors from before this migration keep NULL: tried again once by the next run.
    run_script(conn, "ALTER TABLE input_errors ADD COLUMN extractor TEXT;")


@migration(7, "relevance of documents")
def _document_relevance(conn: sqlite3.Connection) -> None:
    # A page's relevance score and the model that gave it (`truceline.relevance`); pages
    # judged irrelevant are stored and searchable but have no events. NULL: not judged.
    run_script(
        conn,
        """
        ALTER TABLE documents ADD COLUMN relevance REAL;
        ALTER TABLE documents ADD COLUMN relevance_model TEXT;
        """,
    )


@migration(8, "input errors looked up by hash")
def _error_hash_index(conn: sqlite3.Connection) -> None:
    # A run asks which of a batch's hashes failed before, and every stored input resolves
    # the open errors of its hash: without this index each asks scans every error row,
    # so a run slowed down as failures piled up (10,000 garbage rows at 1,418 rows/s,
    # 40,000 at 336 rows/s).
    run_script(conn, "CREATE INDEX input_errors_sha256 ON input_errors(sha256);")


@migration(9, "fused rows read in order and by document")
def _stream_indexes(conn: sqlite3.Connection) -> None:
    # The exports and the report read the fused tables a chunk at a time in their order
    # (`store.stream`): each chunk starts after the last (date, id) or (effective, id)
    # read, which these indexes answer without sorting the table again; the CSV's date
    # fallbacks ask for the events a chunk's documents report, by document. Without
    # them each chunk scanned every source row (a 50,000-page store: minutes).
    # (date, id) serves everything the index on date alone did.
    run_script(
        conn,
        """
        DROP INDEX events_date;
        CREATE INDEX events_date_id ON events(date, id);
        CREATE INDEX agreements_effective_id ON agreements(effective, id);
        CREATE INDEX event_sources_document ON event_sources(document_id);
        """,
    )


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run statements one by one inside the caller's transaction (executescript would
    commit first, which would make a half-applied migration possible)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement[:80]!r}")


@migration(10, "fusion blocks")
def _fusion_blocks(conn: sqlite3.Connection) -> None:
    # Incremental fusion (`run.fusion`, docs/scaling.md): the stretches of days each fused
    # document's near-duplicate and event tests can reach (`first`/`last` as day ordinals,
    # a row a stretch, in the lane where it can meet others'; one row of NULLs: any
    # day), and the events as they were before the agreements were linked
    # (`fusion_base`), filed under one of their documents, so that a run re-fuses only
    # the blocks of days its new pages reach and reads the others back. `base_generation`:
    # the fused generation those rows belong to (NULL: none; a fusion that does not write
    # them, or an old store, leaves the next run to fuse in full).
    run_script(
        conn,
        """
        CREATE TABLE fusion_spans (
            document_id TEXT NOT NULL,
            lane TEXT,
            first INTEGER,
            last INTEGER
        );
        CREATE INDEX fusion_spans_document ON fusion_spans(document_id);
        CREATE TABLE fusion_base (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX fusion_base_document ON fusion_base(document_id);
        ALTER TABLE fusion_state ADD COLUMN base_generation INTEGER;
        """,
    )


@migration(11, "every fusion step blocked")
def _every_step_blocked(conn: sqlite3.Connection) -> None:
    # Agreements are blocked too (`fuse.blocks`): a run re-fuses the blocks its new pages
    # reach from their documents and mentions, so no events are kept from before the
    # agreements were linked. Spans kept by migration 10's blocking lack the agreement
    # lanes: none is current, and the next run fuses in full.
    run_script(
        conn,
        """
        DROP TABLE fusion_base;
        DELETE FROM fusion_spans;
        UPDATE fusion_state SET base_generation = NULL;
        """,
    )


@migration(12, "genre of documents")
def _document_genre(conn: sqlite3.Connection) -> None:
    # What kind of text a page is (`truceline.relevance.genre`): NULL for a news report
    # (or not judged), "opinion" or "reference" for one stored but not parsed for events.
    run_script(conn, "ALTER TABLE documents ADD COLUMN genre TEXT;")


def current_version(conn: sqlite3.Connection) -> int:
    conn.execute("BEGIN IMMEDIATE")  # a write (the table may be new): take the lock first
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name "
            "TEXT, applied TEXT)"
        )
        row = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return int(row[0] or 0)


def latest_version() -> int:
    return max(m.version for m in MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations the store lacks; returns the versions applied."""
    applied: list[int] = []
    have = current_version(conn)
    for step in sorted(MIGRATIONS, key=lambda m: m.version):
        if step.version <= have:
            continue
        conn.execute("BEGIN IMMEDIATE")  # one transaction per migration: all of it or none
        try:
            # read under the write lock: another process may have applied it meanwhile
            have = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] or 0
            if step.version <= have:
                conn.execute("ROLLBACK")
                continue
            step.apply(conn)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, datetime('now'))",
                (step.version, step.name),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(step.version)
    return applied

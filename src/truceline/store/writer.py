"""The store: the only module that writes. SQLite, WAL, one writer, FTS5 on bodies.

Owns the schema (through `migrations`), the raw evidentiary copies, per-document
results, per-input errors and the fused tables. Every per-input result is written in
one transaction with its raw bytes, so a run killed at any point leaves either all of a
document or none of it; a document whose raw hash is stored is never processed again.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from truceline import EXTRACTOR_VERSION
from truceline.errors import StoreError, StoreUnwritable
from truceline.ingest import IngestFailure
from truceline.models import (
    Agreement,
    AgreementMention,
    Document,
    DocumentResult,
    Event,
    Mention,
    RawInput,
)
from truceline.store.fused import FusionBlocks, delete_events_of, write_blocks
from truceline.store.migrations import latest_version, migrate
from truceline.store.rows import document_from_row, document_row, dumps, event_row
from truceline.store.serialize import (
    agreement_from,
    agreement_mention_from,
    event_from,
    mention_from,
)

if TYPE_CHECKING:
    from truceline.understand.places.gazetteer import GazetteerEntry


# How long a connection waits for another one's write lock (a run that writes a batch, a
# second run, an API reader during a checkpoint) before giving up with "locked".
BUSY_TIMEOUT_S = 30.0


def readonly_uri(path: str) -> str:
    """A read-only SQLite URI for the file `path`: `as_uri` percent-encodes "#", "?" and
    "%", which a URI would otherwise read as its fragment, query or an escape (a store
    named "h#1.db" then opened, and created, a file "h")."""
    return Path(path).resolve().as_uri() + "?mode=ro"


# SQLite's primary result codes for a write the file or the disk refused, and what they
# mean to a user.
_UNWRITABLE = {
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the store is read-only (file or folder permissions, or a read-only disk)",
    "SQLITE_IOERR": "an I/O error (a file size limit, a failing or full disk)",
    "SQLITE_CANTOPEN": "the file or its folder cannot be opened for writing",
    "SQLITE_BUSY": "another program holds the store's write lock",
    "SQLITE_PERM": "permission denied",
}


def _store_error(exc: sqlite3.Error, path: str, *, writing: bool) -> StoreError:
    name = getattr(exc, "sqlite_errorname", "") or ""
    primary = next((p for p in _UNWRITABLE if name == p or name.startswith(p + "_")), None)
    if writing and primary is not None:
        return StoreUnwritable(
            f"{_UNWRITABLE[primary]} ({exc}); the write was rolled back, everything stored "
            "before is intact",
            source=path,
        )
    return StoreError(str(exc), source=path)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Store:
    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        try:
            if readonly:
                self.conn = sqlite3.connect(
                    readonly_uri(self.path),
                    uri=True,
                    isolation_level=None,
                    check_same_thread=False,
                    timeout=BUSY_TIMEOUT_S,
                )
            else:
                # a plain file name, never a URI: "h#1.db" and "a?b.db" are files of that name
                self.conn = sqlite3.connect(
                    self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_S
                )
                self._refuse_foreign()
                self._use_wal()
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            if not readonly:
                migrate(self.conn)
            self._check_version()
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path, writing=not readonly) from exc

    def _refuse_foreign(self) -> None:
        """Refuse a database that holds tables but none of truceline's: another program's
        file must not get truceline's tables (nor its journal mode changed)."""
        names = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        if names and "schema_migrations" not in names:
            self.conn.close()
            raise StoreError(
                f"not a truceline store: it holds {len(names)} tables or indexes of another "
                "program and no schema_migrations table; left unchanged",
                source=self.path,
            )

    def _use_wal(self) -> None:
        """Switch to WAL. The switch needs the file to itself and does not wait for the
        busy timeout, so two first runs on a new store could fail it ("database is
        locked", 1 in 30 trials): try again for up to the busy timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                busy = getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY")
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _check_version(self) -> None:
        row = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        ).fetchone()
        if row is None:
            raise StoreError("not a truceline store (no schema_migrations table)", source=self.path)
        version = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] or 0
        if version > latest_version():
            raise StoreError(
                f"schema version {version} is newer than this truceline "
                f"({latest_version()}); upgrade truceline",
                source=self.path,
            )
        if self.readonly and version < latest_version():
            # a reader cannot add the columns it reads: say so, not "no such column"
            raise StoreError(
                f"schema version {version} is older than this truceline's "
                f"({latest_version()}) and this command only reads the store; upgrade it "
                "once with a command that writes to it (truceline run: it migrates the "
                "store before it reads any input)",
                source=self.path,
            )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is stored or none. A write the disk or the file
        refuses (full, read-only, I/O error) rolls back and raises StoreUnwritable; what
        earlier transactions stored stays intact."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:  # SQLite may have rolled back by itself
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _store_error(exc, self.path, writing=True) from exc

    # --- incremental runs -------------------------------------------------------------

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        return self._hashes_in("SELECT sha256 FROM raw_inputs WHERE sha256 IN", hashes)

    def _hashes_in(
        self, query: str, hashes: Iterable[str], params: tuple[str, ...] = ()
    ) -> set[str]:
        """The hashes `query` ("... WHERE sha256 IN", its other `params` first) finds among
        `hashes`, 500 at a time."""
        wanted = list(hashes)
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"{query} ({marks})", (*params, *chunk))
            found.update(r[0] for r in rows)
        return found

    def start_run(self) -> int:
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO runs(started, extractor) VALUES (?, ?)", (_now(), EXTRACTOR_VERSION)
            )
        return int(cur.lastrowid or 0)

    # --- fusion marker ----------------------------------------------------------------

    def data_generation(self) -> int:
        """A counter bumped by every transaction that stores per-document results."""
        return int(
            self.conn.execute("SELECT generation FROM fusion_state WHERE id=1").fetchone()[0]
        )

    def fusion_current(self, fingerprint: str) -> bool:
        """Whether the fused tables were computed, with fusion code and settings named by
        `fingerprint`, from exactly the per-document results stored now."""
        row = self.conn.execute(
            "SELECT generation, fused_generation, fused_with FROM fusion_state WHERE id=1"
        ).fetchone()
        return row[1] is not None and row[1] == row[0] and row[2] == fingerprint

    def finish_run(
        self, run_id: int, *, seen: int, processed: int, skipped: int, failed: int
    ) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE runs SET finished=?, seen=?, processed=?, skipped=?, failed=? WHERE id=?",
                (_now(), seen, processed, skipped, failed, run_id),
            )

    # --- per-document results ---------------------------------------------------------

    def save_results(self, results: Sequence[DocumentResult]) -> None:
        """Write a batch of results, each with its raw bytes, in one transaction."""
        with self.transaction() as c:
            stored = sum(self._save_result(c, result) for result in results)
            if stored:  # the fused tables no longer cover everything stored
                c.execute("UPDATE fusion_state SET generation = generation + 1 WHERE id=1")

    def _save_result(self, c: sqlite3.Connection, result: DocumentResult) -> bool:
        raw = result.raw
        exists = c.execute("SELECT 1 FROM raw_inputs WHERE sha256=?", (raw.sha256,)).fetchone()
        if exists:
            return False
        c.execute(
            "INSERT INTO raw_inputs VALUES (?,?,?,?,?,?,?,?,?)",
            (
                raw.sha256,
                raw.source,
                raw.format,
                raw.url,
                raw.date_hint,
                len(raw.data),
                raw.data,
                _now(),
                EXTRACTOR_VERSION,
            ),
        )
        c.execute(
            "UPDATE input_errors SET resolved=1 WHERE (source=? OR sha256=?) AND resolved=0",
            (raw.source, raw.sha256),
        )
        self._save_readings(c, result)
        return True

    def replace_readings(self, results: Sequence[DocumentResult]) -> tuple[int, int]:
        """Store a second reading of inputs already stored (`run.geography`'s second look):
        each input's documents, mentions, event and agreement mentions are replaced by
        the new ones, in one transaction; its raw bytes stay as they are. An input not
        stored is left out. Returns how many inputs were replaced and how many event
        mentions their first readings held."""
        replaced = removed = 0
        with self.transaction() as c:
            for result in results:
                sha = result.raw.sha256
                if not c.execute("SELECT 1 FROM raw_inputs WHERE sha256=?", (sha,)).fetchone():
                    continue
                found = c.execute("SELECT id FROM documents WHERE raw_sha256=?", (sha,))
                ids = [row[0] for row in found]
                for table in ("mentions", "event_mentions", "agreement_mentions"):
                    for doc_id in ids:
                        cur = c.execute(f"DELETE FROM {table} WHERE document_id=?", (doc_id,))
                        removed += cur.rowcount if table == "event_mentions" else 0
                self._save_readings(c, result)
                replaced += 1
            if replaced:  # the fused tables no longer cover everything stored
                c.execute("UPDATE fusion_state SET generation = generation + 1 WHERE id=1")
        return replaced, removed

    def _save_readings(self, c: sqlite3.Connection, result: DocumentResult) -> None:
        """An input's documents and what was read in them (not its raw bytes)."""
        for seq, doc in enumerate(result.documents, start=1):
            c.execute(
                "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                document_row(doc, seq),
            )
        for doc_id, mentions in result.mentions:
            c.executemany(
                'INSERT INTO mentions(document_id, kind, text, start, "end", value) VALUES '
                "(?,?,?,?,?,?)",
                [
                    (
                        doc_id,
                        m.kind,
                        m.text,
                        m.start,
                        m.end,
                        dumps(m.value) if m.value is not None else None,
                    )
                    for m in mentions
                ],
            )
        for event in result.events:
            doc_id = event.sources[0].document if event.sources else ""
            c.execute(
                "INSERT OR REPLACE INTO event_mentions VALUES (?,?,?,?,?)",
                (
                    event.id,
                    doc_id,
                    event.type,
                    event.date.value if event.date else None,
                    dumps(event),
                ),
            )
        for mention in result.agreements:
            c.execute(
                "INSERT OR REPLACE INTO agreement_mentions VALUES (?,?,?,?,?)",
                (mention.id, mention.document, mention.kind, mention.name, dumps(mention)),
            )

    def save_failures(self, failures: Sequence[IngestFailure]) -> None:
        """Record each failure. Each failed input (a file, a JSONL row, an archive record)
        has at most one open error, its latest: a failure of a source that already has
        one updates it. Copies of the same bytes under other names keep rows of their
        own, so that every file that failed is named."""
        with self.transaction() as c:
            for failure in failures:
                row = (
                    failure.sha256,
                    failure.error.code,
                    failure.error.message,
                    _now(),
                    EXTRACTOR_VERSION,
                )
                updated = c.execute(
                    "UPDATE input_errors SET sha256=?, code=?, message=?, at=?, extractor=? "
                    "WHERE resolved=0 AND source=?",
                    (*row, failure.source),
                ).rowcount
                if not updated:
                    c.execute(
                        "INSERT INTO input_errors(sha256, code, message, at, extractor, source) "
                        "VALUES (?,?,?,?,?,?)",
                        (*row, failure.source),
                    )

    def failed_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Those of `hashes` whose input failed in an earlier run of this truceline version
        and has not been stored since (an upgrade tries them again)."""
        return self._hashes_in(
            "SELECT sha256 FROM input_errors WHERE resolved=0 AND extractor=? AND sha256 IN",
            hashes,
            (EXTRACTOR_VERSION,),
        )

    # --- reads ------------------------------------------------------------------------

    def documents(self) -> list[Document]:
        rows = self.conn.execute(
            "SELECT id, raw_sha256, source, url, outlet, title, author, published, published_end,"
            " published_precision, published_kind, published_basis, body, comments, duplicate_of,"
            " relevance, relevance_model, genre FROM documents ORDER BY raw_sha256, seq"
        )
        return [document_from_row(r) for r in rows]

    def raw_source(self, sha256: str) -> tuple[str, bytes] | None:
        row = self.conn.execute(
            "SELECT source, data FROM raw_inputs WHERE sha256=?", (sha256,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def raw_input(self, sha256: str) -> RawInput | None:
        """An input as it was stored: its bytes, source, format, URL and date hint."""
        row = self.conn.execute(
            "SELECT source, data, format, url, date_hint FROM raw_inputs WHERE sha256=?",
            (sha256,),
        ).fetchone()
        if row is None:
            return None
        source, data, fmt, url, hint = row
        return RawInput(source, bytes(data), fmt, url=url, date_hint=hint, sha256=sha256)

    def mentions(self, document_id: str) -> list[Mention]:
        rows = self.conn.execute(
            'SELECT kind, text, start, "end", value FROM mentions WHERE document_id=? ORDER '
            "BY start",
            (document_id,),
        )
        return [
            mention_from(
                {"kind": k, "text": t, "start": s, "end": e, "value": json.loads(v) if v else None}
            )
            for k, t, s, e, v in rows
        ]

    def event_mentions(self) -> list[Event]:
        rows = self.conn.execute("SELECT data FROM event_mentions ORDER BY document_id, id")
        return [event_from(json.loads(r[0])) for r in rows]

    def agreement_mentions(self) -> list[AgreementMention]:
        rows = self.conn.execute("SELECT data FROM agreement_mentions ORDER BY document_id, id")
        return [agreement_mention_from(json.loads(r[0])) for r in rows]

    def events(self) -> list[Event]:
        rows = self.conn.execute("SELECT data FROM events ORDER BY date IS NULL, date, id")
        return [event_from(json.loads(r[0])) for r in rows]

    def agreements(self) -> list[Agreement]:
        rows = self.conn.execute("SELECT data FROM agreements ORDER BY effective, id")
        return [agreement_from(json.loads(r[0])) for r in rows]

    def errors(self, *, include_resolved: bool = False) -> list[dict[str, Any]]:
        sql = "SELECT id, source, sha256, code, message, at, resolved FROM input_errors"
        if not include_resolved:
            sql += " WHERE resolved=0"
        cols = ("id", "source", "sha256", "code", "message", "at", "resolved")
        return [dict(zip(cols, r, strict=True)) for r in self.conn.execute(sql + " ORDER BY id")]

    def stats(self) -> dict[str, int]:
        def count(sql: str) -> int:
            return int(self.conn.execute(sql).fetchone()[0])

        return {
            "raw_inputs": count("SELECT COUNT(*) FROM raw_inputs"),
            "documents": count("SELECT COUNT(*) FROM documents"),
            "duplicates": count("SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL"),
            # pages stored but not parsed for events (`relevance.genre`)
            "opinion_pages": count("SELECT COUNT(*) FROM documents WHERE genre = 'opinion'"),
            "reference_pages": count("SELECT COUNT(*) FROM documents WHERE genre = 'reference'"),
            "event_mentions": count("SELECT COUNT(*) FROM event_mentions"),
            "events": count("SELECT COUNT(*) FROM events"),
            "agreement_mentions": count("SELECT COUNT(*) FROM agreement_mentions"),
            "agreements": count("SELECT COUNT(*) FROM agreements"),
            "errors": count("SELECT COUNT(*) FROM input_errors WHERE resolved=0"),
            "runs": count("SELECT COUNT(*) FROM runs"),
        }

    # --- user gazetteer -------------------------------------------------------------

    def save_gazetteer(self, entries: Iterable[GazetteerEntry], source_file: str) -> int:
        """Replace the entries loaded from `source_file` with `entries`, in one transaction."""
        count = 0
        with self.transaction() as c:
            c.execute("DELETE FROM gazetteer WHERE source_file=?", (source_file,))
            for e in entries:
                c.execute(
                    "INSERT INTO gazetteer VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        e.geonames_id,
                        e.name,
                        json.dumps(list(e.alternate_names), ensure_ascii=False),
                        e.lat,
                        e.lon,
                        e.country,
                        e.admin1,
                        e.population,
                        e.feature,
                        e.precision,
                        source_file,
                    ),
                )
                count += 1
        return count

    def gazetteer_entries(self) -> list[GazetteerEntry]:
        from truceline.understand.places.gazetteer import GazetteerEntry

        rows = self.conn.execute(
            "SELECT name, alternate_names, lat, lon, country, admin1, geonames_id, "
            "population, feature, precision"
            " FROM gazetteer ORDER BY rowid"
        )
        return [
            GazetteerEntry(n, tuple(json.loads(alt)), lat, lon, cc, a1, gid, pop, feat, prec)
            for n, alt, lat, lon, cc, a1, gid, pop, feat, prec in rows
        ]

    # --- fused tables -----------------------------------------------------------------

    def replace_fused(
        self,
        events: Sequence[Event],
        agreements: Sequence[Agreement],
        duplicates: dict[str, str | None] | None = None,
        *,
        generation: int | None = None,
        fingerprint: str | None = None,
        blocks: FusionBlocks | None = None,
    ) -> None:
        """Swap in a new fusion result atomically: readers see the old one or the new one.

        `generation` (read before the per-document results were) and `fingerprint` mark
        the result as fused from that data; without them the fused tables are marked as
        not current, so the next run fuses again. `blocks`: the spans fusion by blocks keeps
        (`run.fusion`), written in the same transaction; without it none is kept. With
        `blocks.replaced` (the documents of the blocks fused anew), only the events of those
        documents are replaced: `events` are theirs, the others' rows stay as they are;
        `agreements` replace the records of the same ids and `blocks.agreements_gone`
        (`duplicates`: those documents')."""
        with self.transaction() as c:
            c.execute(
                "UPDATE fusion_state SET fused_generation=?, fused_with=?, fused_at=?,"
                " base_generation=? WHERE id=1",
                (
                    generation,
                    fingerprint if generation is not None else None,
                    _now(),
                    generation if blocks is not None else None,
                ),
            )
            write_blocks(c, blocks)
            if blocks is not None and blocks.replaced is not None:
                delete_events_of(c, blocks.replaced)
                gone = {*blocks.agreements_gone, *(a.id for a in agreements)}
                c.executemany("DELETE FROM agreements WHERE id=?", [(i,) for i in sorted(gone)])
            else:
                c.execute("DELETE FROM event_sources")
                c.execute("DELETE FROM events")
                c.execute("DELETE FROM agreements")
            for event in events:
                c.execute(
                    "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    event_row(event),
                )
                c.executemany(
                    "INSERT INTO event_sources VALUES (?,?,?,?,?,?,?)",
                    [
                        (
                            event.id,
                            f"{s.document}:{s.start}",
                            s.document,
                            s.outlet,
                            s.quote,
                            s.start,
                            s.end,
                        )
                        for s in event.sources
                    ],
                )
            for agreement in agreements:
                c.execute(
                    "INSERT INTO agreements VALUES (?,?,?,?,?,?,?)",
                    (
                        agreement.id,
                        agreement.name,
                        agreement.kind,
                        agreement.effective.value if agreement.effective else None,
                        agreement.ends.value if agreement.ends else None,
                        agreement.status,
                        dumps(agreement),
                    ),
                )
            if duplicates is not None:
                for doc_id, original in duplicates.items():
                    c.execute("UPDATE documents SET duplicate_of=? WHERE id=?", (original, doc_id))


def user_gazetteer() -> tuple[GazetteerEntry, ...]:
    """GeoNames entries a user loaded (`truceline gazetteer load`) into the store named by
    the `gazetteer_db` setting; none when it is unset or absent."""
    from truceline.settings import get_setting

    db = str(get_setting("gazetteer_db"))
    if not db or not Path(db).exists():
        return ()
    with Store(db, readonly=True) as store:
        return tuple(store.gazetteer_entries())

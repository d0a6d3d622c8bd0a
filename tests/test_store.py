"""The store: migrations, evidentiary copies, incremental runs, atomic fusion swaps."""

from __future__ import annotations

import sqlite3

import pytest

from truceline.errors import StoreError, UnreadableInput
from truceline.ingest import IngestFailure
from truceline.models import (
    DateValue,
    Document,
    DocumentResult,
    Event,
    Mention,
    Place,
    RawInput,
    Source,
)
from truceline.store import Store
from truceline.store.migrations import latest_version


def _result(text: bytes = b"<p>hello</p>", n_docs: int = 1) -> DocumentResult:
    raw = RawInput(source="page.html", data=text, format="html")
    docs = tuple(
        Document(
            id=f"{raw.sha256}#{i}" if n_docs > 1 else raw.sha256,
            raw_sha256=raw.sha256,
            source=raw.source,
            outlet="Example Wire",
            title=f"Title {i}",
            published=DateValue("2019-05-02"),
            published_basis="metadata",
            body=f"Body {i} about Kafr Nabl.",
        )
        for i in range(1, n_docs + 1)
    )
    source = Source(document=docs[0].id, outlet="Example Wire", quote="Body 1", start=0, end=6)
    event = Event(
        id="e1",
        type="ASSAULT",
        mode="",
        acled_sub_event="AIR_STRIKE",
        date=DateValue("2019-05-01"),
        place=Place("Kafr Nabl", 35.61, 36.56, "SY"),
        actor1=None,
        actor2=None,
        fatalities=3,
        modality="happened",
        attribution=None,
        sources=[source],
    )
    mention = Mention("place", "Kafr Nabl", 18, 27, Place("Kafr Nabl", 35.61, 36.56, "SY"))
    return DocumentResult(
        raw=raw, documents=docs, events=(event,), mentions=((docs[0].id, (mention,)),)
    )


def test_store_applies_all_migrations_and_uses_wal(tmp_path):
    store = Store(tmp_path / "t.db")
    version = store.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
    assert version == latest_version()
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_keeps_raw_bytes_unchanged_with_their_hash(tmp_path):
    store = Store(tmp_path / "t.db")
    result = _result(b"\xff\xfe odd bytes <p>x</p>")
    store.save_results([result])
    source, data = store.raw_source(result.raw.sha256)
    assert data == b"\xff\xfe odd bytes <p>x</p>"
    assert source == "page.html"


def test_store_round_trips_documents_mentions_and_events(tmp_path):
    store = Store(tmp_path / "t.db")
    result = _result(n_docs=3)
    store.save_results([result])
    docs = store.documents()
    assert [d.id for d in docs] == [f"{result.raw.sha256}#{i}" for i in (1, 2, 3)]
    assert docs[0].published == DateValue("2019-05-02")
    assert store.mentions(docs[0].id)[0].value == Place("Kafr Nabl", 35.61, 36.56, "SY")
    [event] = store.event_mentions()
    assert (
        event.place.name == "Kafr Nabl"
        and event.fatalities == 3
        and event.sources[0].quote == "Body 1"
    )


def test_store_known_hashes_makes_runs_incremental(tmp_path):
    store = Store(tmp_path / "t.db")
    result = _result()
    assert store.known_hashes([result.raw.sha256]) == set()
    store.save_results([result])
    store.save_results([result])  # a second save of the same raw input is a no-op
    assert store.known_hashes([result.raw.sha256, "0" * 64]) == {result.raw.sha256}
    assert store.stats()["documents"] == 1


def test_store_records_failures_and_resolves_them_on_success(tmp_path):
    store = Store(tmp_path / "t.db")
    store.save_failures([IngestFailure("page.html", UnreadableInput("gone", source="page.html"))])
    assert [e["code"] for e in store.errors()] == ["E102"]
    store.save_results([_result()])
    assert store.errors() == []
    assert len(store.errors(include_resolved=True)) == 1


def test_store_batch_is_all_or_nothing(tmp_path):
    store = Store(tmp_path / "t.db")
    good = _result(b"<p>one</p>")
    broken = _result(b"<p>two</p>")
    object.__setattr__(broken, "documents", (None,))  # makes the second insert fail mid-batch
    with pytest.raises(AttributeError):
        store.save_results([good, broken])
    assert store.stats()["raw_inputs"] == 0


def test_store_replace_fused_swaps_events(tmp_path):
    store = Store(tmp_path / "t.db")
    result = _result()
    store.save_results([result])
    store.replace_fused(list(result.events), [])
    assert [e.id for e in store.events()] == ["e1"]
    store.replace_fused([], [])
    assert store.events() == []


def test_store_full_text_search_finds_bodies(tmp_path):
    store = Store(tmp_path / "t.db")
    store.save_results([_result()])
    rows = store.conn.execute(
        "SELECT title FROM documents_fts WHERE documents_fts MATCH 'Kafr'"
    ).fetchall()
    assert rows == [("Title 1",)]


def test_store_refuses_a_file_that_is_not_a_store(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE x(y)").connection.commit()
    with pytest.raises(StoreError):
        Store(path, readonly=True)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        Store(junk)


def test_store_refuses_a_newer_schema(tmp_path):
    store = Store(tmp_path / "t.db")
    store.conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'now')")
    store.close()
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "t.db")


def test_store_read_only_asks_for_an_upgrade_of_an_older_schema(tmp_path):
    path = tmp_path / "t.db"
    store = Store(path)
    # as a store written by the release before the genre of documents
    store.conn.execute("ALTER TABLE documents DROP COLUMN genre")
    store.conn.execute("DELETE FROM schema_migrations WHERE name = 'genre of documents'")
    store.close()
    with pytest.raises(StoreError, match="older than this truceline's"):
        Store(path, readonly=True)
    Store(path).close()  # a writer migrates it
    with Store(path, readonly=True) as reader:
        assert reader.documents() == []


def test_store_full_text_search_finds_quotes_after_fusion(tmp_path):
    store = Store(tmp_path / "t.db")
    result = _result()
    store.save_results([result])
    store.replace_fused(list(result.events), [])
    store.replace_fused(list(result.events), [])  # rebuilt: the index follows deletes too
    rows = store.conn.execute(
        "SELECT s.event_id FROM event_sources_fts f JOIN event_sources s ON s.rowid = f.rowid"
        " WHERE event_sources_fts MATCH 'Body'"
    ).fetchall()
    assert rows == [("e1",)]


def test_store_fusion_mark_follows_stored_results(tmp_path):
    store = Store(tmp_path / "t.db")
    assert not store.fusion_current("fp")  # never fused
    result = _result()
    store.save_results([result])
    generation = store.data_generation()
    store.replace_fused(list(result.events), [], generation=generation, fingerprint="fp")
    assert store.fusion_current("fp")
    assert not store.fusion_current("other code or settings")
    store.save_results([result])  # already stored: nothing written, the mark stays current
    store.save_failures([IngestFailure("bad.html", UnreadableInput("gone", source="bad.html"))])
    assert store.data_generation() == generation and store.fusion_current("fp")
    store.save_results([_result(b"<p>new page</p>")])
    assert store.data_generation() == generation + 1 and not store.fusion_current("fp")


def test_store_fused_tables_replaced_without_a_mark_are_not_current(tmp_path):
    store = Store(tmp_path / "t.db")
    result = _result()
    store.save_results([result])
    store.replace_fused([], [], generation=store.data_generation(), fingerprint="fp")
    store.replace_fused(list(result.events), [])  # e.g. a test or tool swapping events in directly
    assert not store.fusion_current("fp")


def test_store_interrupted_fusion_keeps_the_old_mark(tmp_path, monkeypatch):
    import truceline.store.writer as store_module

    store = Store(tmp_path / "t.db")
    result = _result()
    store.save_results([result])
    store.replace_fused([], [], generation=store.data_generation(), fingerprint="fp")
    store.save_results([_result(b"<p>new page</p>")])

    def broken(event):
        raise RuntimeError("killed mid-fusion")

    monkeypatch.setattr(store_module, "event_row", broken)
    with pytest.raises(RuntimeError):
        store.replace_fused(
            list(result.events), [], generation=store.data_generation(), fingerprint="fp"
        )
    assert not store.fusion_current("fp")  # the swap rolled back with its mark: the next run fuses
    assert store.events() == []


def test_store_migrated_from_before_the_mark_is_fused_once(tmp_path):
    from truceline.store.migrations import MIGRATIONS

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied TEXT)"
    )
    for step in sorted(MIGRATIONS, key=lambda m: m.version):
        if step.version < 5:
            conn.execute("BEGIN")
            step.apply(conn)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, 'then')", (step.version, step.name)
            )
            conn.execute("COMMIT")
    conn.close()
    store = Store(db)
    assert store.data_generation() >= 1
    assert not store.fusion_current("fp")

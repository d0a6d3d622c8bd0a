"""Migrations are ordered, recorded, transactional and idempotent."""

from __future__ import annotations

import sqlite3

import pytest

from truceline.store import migrations
from truceline.store.migrations import MIGRATIONS, Migration, migrate


def test_migrations_have_unique_increasing_versions():
    versions = [m.version for m in MIGRATIONS]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)


def test_migrate_is_idempotent():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    assert migrate(conn) == [m.version for m in MIGRATIONS]
    assert migrate(conn) == []


def test_a_failing_migration_leaves_nothing_half_applied(monkeypatch):
    def broken(conn):
        conn.execute("CREATE TABLE half(x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, Migration(99, "broken", broken)])
    conn = sqlite3.connect(":memory:", isolation_level=None)
    with pytest.raises(RuntimeError):
        migrate(conn)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half" not in tables and "documents" in tables
    assert (
        conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
        == MIGRATIONS[-1].version
    )

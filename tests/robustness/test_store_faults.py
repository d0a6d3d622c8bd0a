"""Faults of the store and of the outputs (issue 21): two first runs on a new store at
once, another program's SQLite file, store names that look like URIs, a disk that fills
during a run or an export, a read-only store, an output file in a missing folder.

Each ended in a traceback (or a changed foreign file, or a stray file). Now each is one
line with a code and the catalogue's exit status, the store stays intact, and the next
run works. Real SQLite, real processes, a real file size limit (RLIMIT_FSIZE) and a real
full device (/dev/full)."""

from __future__ import annotations

import multiprocessing
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from robust_support import ARTICLE, EXAMPLES, ROOT, cli_env, error_lines, no_traceback, run_cli

from truceline.errors import OutputError, StoreError
from truceline.store import Store
from truceline.store.migrations import MIGRATIONS

TRIALS = 20  # the race lost 13 of 30 trials, three openers each


def _open_new_store(path: str, barrier: Any, results: Any) -> None:
    barrier.wait()  # all three open the same new file at once
    try:
        with Store(path) as store:
            store.start_run()
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - the parent reports what went wrong
        results.put(f"{type(exc).__name__}: {exc}")


def test_first_runs_on_a_new_store_at_once_do_not_race(tmp_path):
    context = multiprocessing.get_context("fork")
    failures = []
    for trial in range(TRIALS):
        path = str(tmp_path / f"new{trial}.db")
        barrier, results = context.Barrier(3), context.Queue()
        openers = [
            context.Process(target=_open_new_store, args=(path, barrier, results)) for _ in range(3)
        ]
        for process in openers:
            process.start()
        outcomes = [results.get(timeout=120) for _ in openers]
        for process in openers:
            process.join(timeout=60)
        failures += [f"trial {trial}: {o}" for o in outcomes if o != "ok"]
        with sqlite3.connect(path) as conn:
            versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
            runs = conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        assert versions == [m.version for m in MIGRATIONS] and runs == 3, (versions, runs)
    assert failures == []


def test_run_refuses_another_programs_sqlite_file(tmp_path):
    other = tmp_path / "notes.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes(text) VALUES ('call the desk')")
    before = other.read_bytes()
    page = tmp_path / "market.txt"
    page.write_text(ARTICLE, encoding="utf-8")
    done = run_cli("run", page, "--db", other, "-q")
    assert done.returncode == StoreError.exit_code and no_traceback(done), done.stderr
    [line] = error_lines(done)
    assert line.startswith(f"error E201: {other}: store problem: not a truceline store")
    assert other.read_bytes() == before  # no tables added, journal mode unchanged
    assert sorted(p.name for p in tmp_path.iterdir()) == ["market.txt", "notes.db"]


@pytest.mark.parametrize("name", ["h#1.db", "q?1.db", "p%41 x.db"])
def test_store_names_are_file_names_never_uris(tmp_path, name):
    path = tmp_path / name
    with Store(path) as store:
        store.start_run()
    with Store(path, readonly=True) as store:  # a URI: "#", "?" and "%" must be escaped
        assert store.stats()["runs"] == 1
    assert path.exists() and all(p.name.startswith(name) for p in tmp_path.iterdir())


def test_a_run_into_a_store_named_with_a_hash_leaves_no_stray_file(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "market.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "h#1.db"
    done = run_cli("run", pages, "--db", db, "-q")
    assert done.returncode == 0 and no_traceback(done), done.stderr
    assert all(p.name == "pages" or p.name.startswith("h#1.db") for p in tmp_path.iterdir())
    stats = run_cli("stats", "--db", db, "--json")
    assert stats.returncode == 0 and '"documents": 1' in stats.stdout, stats.stderr


def _file_size_limit(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def _integrity(db: Path) -> tuple[str, int]:
    with sqlite3.connect(db) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        raw = conn.execute("SELECT COUNT(*) FROM raw_inputs").fetchone()[0]
    return check, raw


def test_a_full_disk_during_a_run_is_one_line_and_the_store_stays_intact(tmp_path):
    db = tmp_path / "store.db"
    done = subprocess.run(  # writes past 700 kB fail (EFBIG): the disk is full for SQLite
        [sys.executable, "-m", "truceline.cli", "run", EXAMPLES, "--db", db, "-q"]
        + ["--batch-size", "4"],
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_env(),
        cwd=ROOT,
        preexec_fn=lambda: _file_size_limit(700_000),
    )
    assert done.returncode == StoreError.exit_code and no_traceback(done), done.stderr[-2000:]
    [line] = error_lines(done)
    assert line.startswith(f"error E202: {db}: cannot write the store: ")
    assert "rolled back, everything stored before is intact" in line
    check, stored = _integrity(db)
    assert check == "ok" and stored < 19
    again = run_cli("run", EXAMPLES, "--db", db, "-q")  # room again: the run completes
    assert again.returncode == 0, again.stderr[-2000:]
    assert _integrity(db) == ("ok", 19) and "Fused the store" in again.stdout


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("small") / "store.db"
    page = db.parent / "market.txt"
    page.write_text(ARTICLE, encoding="utf-8")
    done = run_cli("run", page, "--db", db, "-q")
    assert done.returncode == 0, done.stderr
    return db


def test_a_full_disk_during_an_export_is_one_line(small_store):
    done = run_cli("export", "--db", small_store, "--format", "csv", "-o", "/dev/full")
    assert done.returncode == OutputError.exit_code and no_traceback(done), done.stderr
    assert error_lines(done) == [
        "error E601: /dev/full: cannot write output: No space left on device"
    ]
    with open("/dev/full", "w") as full:  # the same to standard output
        piped = subprocess.run(
            [sys.executable, "-m", "truceline.cli", "export", "--db", str(small_store)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=cli_env(),
            cwd=ROOT,
        )
    assert piped.returncode == OutputError.exit_code and no_traceback(piped), piped.stderr
    assert error_lines(piped) == [
        "error E601: standard output: cannot write output: No space left on device"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "csv", "-o"),
        ("report", "-o"),
        ("run", str(EXAMPLES / "idlibhorizon-aid-convoy-maarat.txt"), "-q", "--report"),
    ],
    ids=["export", "report", "run --report"],
)
def test_an_output_in_a_missing_folder_is_refused_before_any_work(small_store, args):
    target = small_store.parent / "missing" / "out.file"
    before = _integrity(small_store)
    done = run_cli(*args[:-1], "--db", small_store, args[-1], target)
    assert done.returncode == OutputError.exit_code and no_traceback(done), done.stderr
    assert error_lines(done) == [
        f"error E601: {target}: cannot write output: no folder {target.parent} to write into"
    ]
    assert _integrity(small_store) == before  # the run stored nothing before refusing


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A store whose file cannot be written: mode 0444, or for root (whom modes do not
    stop) the immutable attribute."""
    db = tmp_path / "store.db"
    page = tmp_path / "market.txt"
    page.write_text(ARTICLE, encoding="utf-8")
    assert run_cli("run", page, "--db", db, "-q").returncode == 0
    if os.geteuid() != 0:
        db.chmod(0o444)
        yield db
        db.chmod(0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(db)]).returncode != 0:
        pytest.skip("running as root without chattr +i: no way to make a file read-only")
    try:
        yield db
    finally:
        subprocess.run([chattr, "-i", str(db)], check=True)


def test_a_read_only_store_is_one_line_and_stays_intact(read_only):
    before = read_only.read_bytes()
    page = EXAMPLES / "idlibhorizon-aid-convoy-maarat.txt"
    done = run_cli("run", page, "--db", read_only, "-q")
    assert done.returncode == StoreError.exit_code and no_traceback(done), done.stderr[-2000:]
    [line] = error_lines(done)
    assert line.startswith(
        f"error E202: {read_only}: cannot write the store: the store is read-only"
    )
    assert read_only.read_bytes() == before
    readable = run_cli("stats", "--db", read_only, "--json")  # reading it still works
    assert readable.returncode == 0 and '"documents": 1' in readable.stdout, readable.stderr

"""Incremental runs: a re-run that stores nothing new leaves fusion alone, with the same
exports byte for byte; a run that stores a new page, or a store whose fusion is not
current, fuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from truceline.cli import main
from truceline.fuse import fusion_fingerprint
from truceline.outputs.export import FORMATS, export_text
from truceline.store import Store

# two reports of one shelling (so fusion merges sources) and a truce page
FIRST = (
    "mpa-kafr-nabl-shelling.txt",
    "idlibhorizon-kafr-nabl-market.txt",
    "syrialedger-truce-takes-effect.txt",
)
ADDED = "scrn-kafr-nabl-report.html"
SKIPPED = "Fusion skipped"
FUSED = "Fused the store"


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _exports(db: Path) -> dict[str, str]:
    with Store(db) as store:
        docs, events, agreements = store.documents(), store.events(), store.agreements()
    return {fmt: export_text(fmt, docs, events, agreements) for fmt in FORMATS}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, examples_dir) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    for name in FIRST:
        shutil.copy(examples_dir / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, corpus) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("store") / "t.db"
    return db, _invoke("run", str(corpus), "--db", str(db), "-q")


def test_first_run_fuses(first_run):
    db, output = first_run
    assert FUSED in output and SKIPPED not in output
    with Store(db) as store:
        assert store.events() and store.fusion_current(fusion_fingerprint())


def test_rerun_of_the_same_folder_skips_fusion_with_identical_exports(first_run, corpus, tmp_path):
    db, _ = first_run
    before = _exports(db)
    output = _invoke("run", str(corpus), "--db", str(db), "-q")
    assert "Nothing new" in output and SKIPPED in output and FUSED not in output
    assert _exports(db) == before
    # the same store fused again anyway gives the same bytes: the skip changes nothing
    forced = tmp_path / "forced.db"
    shutil.copy(db, forced)
    output = _invoke("run", str(corpus), "--db", str(forced), "-q", "--fuse")
    assert FUSED in output
    exported = _exports(forced)
    assert exported == before
    assert all(exported[fmt] for fmt in FORMATS)


def test_adding_one_page_fuses_again(first_run, corpus, examples_dir, tmp_path):
    db, _ = first_run
    grown_db = tmp_path / "grown.db"
    shutil.copy(db, grown_db)
    grown = tmp_path / "grown"
    shutil.copytree(corpus, grown)
    shutil.copy(examples_dir / ADDED, grown / ADDED)
    with Store(grown_db) as store:
        events_before = len(store.events())
        sources_before = store.conn.execute("SELECT COUNT(*) FROM event_sources").fetchone()[0]
    output = _invoke("run", str(grown), "--db", str(grown_db), "-q")
    assert "1 new inputs" in output and FUSED in output
    with Store(grown_db) as store:
        sources_after = store.conn.execute("SELECT COUNT(*) FROM event_sources").fetchone()[0]
        assert store.fusion_current(fusion_fingerprint())
        assert len(store.events()) >= events_before and sources_after > sources_before
    assert SKIPPED in _invoke("run", str(grown), "--db", str(grown_db), "-q")


def test_a_store_whose_fusion_is_not_current_fuses_on_a_run_with_nothing_new(
    first_run, corpus, tmp_path
):
    db, _ = first_run
    stale = tmp_path / "stale.db"
    shutil.copy(db, stale)
    with Store(stale) as store:
        expected = _exports(stale)
        # as a run killed after storing its pages and before its fusion committed leaves it
        store.replace_fused([], [])
        assert not store.fusion_current(fusion_fingerprint())
    output = _invoke("run", str(corpus), "--db", str(stale), "-q")
    assert "Nothing new" in output and FUSED in output
    assert _exports(stale) == expected


def test_a_run_killed_before_fusion_leaves_the_next_run_to_fuse(
    corpus, examples_dir, tmp_path, monkeypatch
):
    import truceline.run.fusion as fuse_module

    db = tmp_path / "killed.db"
    page = tmp_path / "one"
    page.mkdir()
    shutil.copy(corpus / FIRST[0], page / FIRST[0])

    def killed(store, **_):
        raise RuntimeError("killed before fusion committed")

    monkeypatch.setattr(fuse_module, "fuse_store", killed)
    with pytest.raises(RuntimeError, match="killed"):
        CliRunner().invoke(main, ["run", str(page), "--db", str(db), "-q"], catch_exceptions=False)
    monkeypatch.undo()
    with Store(db) as store:
        assert store.stats()["documents"] >= 1 and store.events() == []
    output = _invoke("run", str(page), "--db", str(db), "-q")
    assert "Nothing new" in output and FUSED in output
    with Store(db) as store:
        assert store.events()


def test_an_input_that_failed_is_skipped_on_the_next_run_until_retried(examples_dir, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(examples_dir / FIRST[0], folder / FIRST[0])
    (folder / "menu-only.html").write_text("<html><body><nav>Home | News</nav></body></html>")
    db = tmp_path / "t.db"
    first = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "-q"])
    assert "1 failed" in first.output
    with Store(db) as store:
        [error] = store.errors()
    assert error["source"].endswith("menu-only.html")

    again = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "-q"])
    assert again.exit_code == 0
    assert "1 inputs failed in an earlier run and were skipped" in again.output
    assert "Nothing new" in again.output and SKIPPED in again.output
    retried = CliRunner().invoke(
        main, ["run", str(folder), "--db", str(db), "-q", "--retry-failed"]
    )
    assert "1 failed" in retried.output and "earlier run" not in retried.output
    with Store(db) as store:
        [same] = store.errors()  # the same open error, updated, not a second row
    assert same["id"] == error["id"] and same["at"] >= error["at"]

    # an error recorded by another truceline version is tried again without being asked
    with Store(db) as store, store.transaction() as c:
        c.execute("UPDATE input_errors SET extractor='truceline/0.0.1'")
    upgraded = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "-q"])
    assert "1 failed" in upgraded.output and "earlier run" not in upgraded.output

    # the page fixed (new bytes): processed, and the old error marked resolved
    (folder / "menu-only.html").write_text(
        "<html><body><article><h1>Truce holds in Kafr Nabl</h1><p>"
        + "The truce in Kafr Nabl held for a third day on Sunday, residents said. " * 4
        + "</p></article></body></html>"
    )
    fixed = CliRunner().invoke(main, ["run", str(folder), "--db", str(db), "-q"])
    assert "0 failed" in fixed.output
    with Store(db) as store:
        assert store.errors() == []

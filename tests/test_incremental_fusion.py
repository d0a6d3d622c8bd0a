"""A store built page by page, fused after every run as a desk's is (incrementally: only
the blocks of days the new pages reach, `run.fusion`), gives the exports of the same
pages stored and fused in one go, byte for byte (issue 22): on examples/, on the seeds,
and on a generated store of a few hundred pages fed in 20 batches, by day and shuffled,
whose replicas interact through every fusion rule (`grown_store`)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from grown_store import grown, read_results
from truceline.cli import main
from truceline.outputs.export import FORMATS, export_text
from truceline.run import fusion
from truceline.run.fusion import fuse_store, fuse_store_if_stale
from truceline.store import Store

BATCHES = 20
COPIES = 12


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _exports(db: Path) -> dict[str, str]:
    with Store(db) as store:
        docs, events, agreements = store.documents(), store.events(), store.agreements()
    return {fmt: export_text(fmt, docs, events, agreements) for fmt in FORMATS}


def _page_by_page_and_in_one_go(folder: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The folder run in one go, and its stored results fed again one page a run."""
    whole = tmp_path / "whole.db"
    _invoke("run", str(folder), "--db", str(whole), "-q")
    daily = tmp_path / "daily.db"
    with Store(daily) as store:
        for result in read_results(whole):
            store.save_results([result])
            assert fuse_store_if_stale(store)
    return daily, whole


def _assert_same_exports(a: Path, b: Path) -> None:
    left, right = _exports(a), _exports(b)
    assert left["jsonl"].count("\n") > 3
    for fmt in FORMATS:
        assert left[fmt] == right[fmt], fmt


def test_examples_page_by_page_export_as_in_one_go(examples_dir, tmp_path):
    daily, whole = _page_by_page_and_in_one_go(examples_dir, tmp_path)
    _assert_same_exports(daily, whole)


def test_seeds_page_by_page_export_as_in_one_go(seeds_dir, tmp_path):
    daily, whole = _page_by_page_and_in_one_go(seeds_dir, tmp_path)
    _assert_same_exports(daily, whole)


@pytest.fixture(scope="module")
def example_results(tmp_path_factory, examples_dir):
    db = tmp_path_factory.mktemp("base") / "base.db"
    _invoke("run", str(examples_dir), "--db", str(db), "-q")
    return read_results(db)


@pytest.mark.parametrize("order", ["by day", "shuffled"])
def test_a_grown_store_fed_in_batches_exports_as_in_one_go(
    example_results, tmp_path, order, monkeypatch
):
    partial: list[bool] = []  # whether each incremental fusion left some blocks alone
    real = fusion._fuse

    def spy(store: Store, parts: object, replaced: set[str] | None, *args: object) -> object:
        if replaced is not None:
            stored = store.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            partial.append(len(replaced) < stored)
        return real(store, parts, replaced, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(fusion, "_fuse", spy)
    results = list(grown(example_results, COPIES))
    if order == "shuffled":  # a day's batch also brings pages of older blocks
        random.Random(22).shuffle(results)
    assert len(results) >= 150
    whole = tmp_path / "whole.db"
    with Store(whole) as store:
        store.save_results(results)
        fuse_store(store)
    daily = tmp_path / "daily.db"
    size = -(-len(results) // BATCHES)
    with Store(daily) as store:
        for start in range(0, len(results), size):
            store.save_results(results[start : start + size])
            assert fuse_store_if_stale(store)
    _assert_same_exports(daily, whole)
    batches = len(range(0, len(results), size))
    assert batches >= BATCHES - 2 and len(partial) == batches - 1  # the first fuses in full
    if order == "by day":  # a shuffled batch reaches most blocks
        assert sum(partial) >= batches // 2
    with Store(whole) as store:
        assert len(store.events()) > 100 and store.agreements()
        duplicates = [d for d in store.documents() if d.duplicate_of]
        assert duplicates  # the even replicas' near-duplicates

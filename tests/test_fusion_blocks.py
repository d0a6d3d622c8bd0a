"""Fusion by blocks (`fuse.blocks`, `run.fusion`) gives what one fusion of the whole
store gives (`fuse.fuse` over every document, mention and agreement mention, relations
drawn over all records), byte for byte in every export: on examples/ and on a generated
store whose replicas interact through every fusion rule (`grown_store`) and fall into
several blocks. The blocks fused side by side on a process pool and on Ray (2 workers)
give the same exports as in this process (issue 22)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from grown_store import grown, read_results
from truceline.cli import main
from truceline.fuse.blocks import block_of, partition, span
from truceline.models import (
    AgreementMention,
    Claim,
    DateValue,
    Document,
    DocumentResult,
    Place,
    RawInput,
    Source,
)
from truceline.outputs.export import FORMATS, export_text
from truceline.run import fusion
from truceline.run.executors import PoolExecutor
from truceline.store import Store, blocks

COPIES = 12


def _exports(db: Path) -> dict[str, str]:
    with Store(db) as store:
        docs, events, agreements = store.documents(), store.events(), store.agreements()
    return {fmt: export_text(fmt, docs, events, agreements) for fmt in FORMATS}


def _fused_whole(source: Path, target: Path) -> None:
    """`source`'s results fused in one piece, written to `target` (a copy of it)."""
    shutil.copy(source, target)
    with Store(target) as store:
        fusion.fuse_store_in_one_piece(store)


@pytest.fixture(scope="module")
def grown_db(tmp_path_factory, examples_dir) -> Path:
    folder = tmp_path_factory.mktemp("grown")
    base = folder / "base.db"
    result = CliRunner().invoke(main, ["run", str(examples_dir), "--db", str(base), "-q"])
    assert result.exit_code == 0, result.output
    db = folder / "grown.db"
    with Store(db) as store:
        store.save_results(list(grown(read_results(base), COPIES)))
    return db


def _blocks_of(db: Path) -> list[list[str]]:
    with Store(db) as store:
        found = blocks.dates(store, None)
    return partition({doc: span(*what) for doc, what in found.items()})


def test_the_grown_store_falls_into_blocks_and_fuses_as_one_piece(grown_db, tmp_path):
    parts = _blocks_of(grown_db)
    assert len(parts) >= 3 and max(map(len, parts)) < sum(map(len, parts)) / 2
    by_blocks, whole = tmp_path / "blocks.db", tmp_path / "whole.db"
    shutil.copy(grown_db, by_blocks)
    with Store(by_blocks) as store:
        fusion.fuse_store(store, full=True)
        assert len(store.events()) > 100 and store.agreements()
    _fused_whole(grown_db, whole)
    assert _exports(by_blocks) == _exports(whole)


def test_examples_fused_by_blocks_export_as_in_one_piece(examples_dir, tmp_path):
    db = tmp_path / "examples.db"
    result = CliRunner().invoke(main, ["run", str(examples_dir), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    whole = tmp_path / "whole.db"
    _fused_whole(db, whole)
    assert _exports(db) == _exports(whole)


def test_an_agreement_mention_joins_the_blocks_of_the_events_in_its_life():
    # an undated event of 2017-08-10 in one document, a deal signed 2017-08-01 in another,
    # a report of 2019 in a third: the first two are one block, the third apart
    event = [("ASSAULT", "2017-08-10", "day", "Idlib", "text", "happened")]
    spans = {
        "event": span("2017-08-12", event),
        "deal": span("2017-08-02", [], [["2017-08-01"]]),
        "later": span("2019-06-01", [("ASSAULT", "2019-06-01", "day", "Homs", "text", "happened")]),
    }
    assert block_of(spans, ["deal"]) == {"deal", "event"}
    assert block_of(spans, ["later"]) == {"later"}
    # two events on one day meet only through their lanes, never through the agreement
    # lane's points: without a deal, documents of other types and places stay apart
    apart = {
        "a": span("2017-08-12", [("ASSAULT", "2017-08-10", "month", "Idlib", "text", "happened")]),
        "b": span("2017-08-12", [("PROTEST", "2017-08-10", "month", "Homs", "text", "happened")]),
    }
    apart["b"] = tuple(s for s in apart["b"] or () if s[0] != "published")
    apart["a"] = tuple(s for s in apart["a"] or () if s[0] != "published")
    assert block_of(apart, ["a"]) == {"a"}


def _no_pipeline(config: Any) -> None:
    return None  # the pool only fuses here: no worker needs spaCy


def _fused_on(executor: Any, grown_db: Path, target: Path) -> dict[str, str]:
    shutil.copy(grown_db, target)
    with Store(target) as store:
        fusion.fuse_store(store, full=True, executor=executor)
    return _exports(target)


def test_blocks_fused_on_a_pool_and_on_ray_export_as_here(grown_db, tmp_path, monkeypatch):
    monkeypatch.setattr(fusion, "GROUP_DOCUMENTS", 10)  # many small tasks
    here = _fused_on(None, grown_db, tmp_path / "here.db")
    pool = PoolExecutor(2, loader=_no_pipeline)
    try:
        assert _fused_on(pool, grown_db, tmp_path / "pool.db") == here
    finally:
        pool.close()
    try:
        import ray  # noqa: F401
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but ray is not installed: install the pinned ray extra")
        pytest.skip("ray is not installed")
    from truceline.run.ray_executor import RayExecutor

    on_ray = RayExecutor(2)
    try:
        assert _fused_on(on_ray, grown_db, tmp_path / "ray.db") == here
    finally:
        on_ray.close()


def _deal_page(name: str, published: str, signed: str, zone: Place) -> DocumentResult:
    """A page of its own raw bytes reporting one truce signed on `signed` in `zone`."""
    raw = RawInput(f"{name}.txt", f"a truce page {name}".encode(), "text")
    document = Document(
        raw.sha256,
        raw.sha256,
        raw.source,
        "Outlet",
        None,
        DateValue(published),
        "metadata",
        f"A truce was signed in {zone.name}.",
    )

    def claim(field: str, value: object) -> Claim:
        source = Source(document.id, "Outlet", document.body, 0, len(document.body), "t")
        return Claim(field, value, source)

    mention = AgreementMention(
        f"m-{name}",
        document.id,
        "truce",
        None,
        [claim("kind", "truce"), claim("signed", DateValue(signed)), claim("zone", zone)],
    )
    return DocumentResult(raw, (document,), (), (), (mention,))


def test_relations_across_blocks_follow_a_daily_store(tmp_path):
    # three truces in one zone, decades apart (three blocks): the first is dated by its
    # month only, so it has no known end and the later two follow it (`related_agreements`)
    near_a = Place("Tafas", 32.74, 36.07, "SY", "Daraa", 1, "town")
    near_b = Place("Muzayrib", 32.71, 36.03, "SY", "Daraa", 2, "town")
    pages = [
        _deal_page("first", "2017-08-05", "2017-08", near_a),
        _deal_page("second", "2037-03-02", "2037-03-01", near_b),
        _deal_page("third", "2057-05-02", "2057-05-01", near_a),
    ]
    whole = tmp_path / "whole.db"
    with Store(whole) as store:
        store.save_results(pages)
        fusion.fuse_store(store)
        records = {a.id: a for a in store.agreements()}
        found = blocks.dates(store, None)
    assert len(partition({doc: span(*what) for doc, what in found.items()})) == 3
    first = next(a for a in records.values() if a.signed and a.signed.value == "2017-08")
    assert sorted(r.target for a in records.values() for r in a.related) == [first.id] * 2
    daily = tmp_path / "daily.db"
    with Store(daily) as store:
        for page in reversed(pages):  # the first truce comes last: both others change
            store.save_results([page])
            assert fusion.fuse_store_if_stale(store)
    assert _exports(daily) == _exports(whole)

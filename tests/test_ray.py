"""The Ray Data executor on a local two-CPU Ray gives byte-identical exports to the local
pool on examples/ (in windows of eight inputs), and its Parquet rows give back exactly
the results they were made from.

Runs in CI (Ray is pinned there, ray[data]==2.60.0 with pyarrow==26.0.1); skipped on a
machine without Ray unless CI=true, where a missing Ray is an error. About a minute."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from truceline.errors import BadRecord
from truceline.ingest import IngestFailure
from truceline.models import (
    Actor,
    DateValue,
    Document,
    DocumentResult,
    Event,
    Mention,
    Place,
    RawInput,
    Source,
)


def _need_ray() -> None:
    try:
        import pyarrow  # noqa: F401
        import ray  # noqa: F401
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "CI=true but ray[data]/pyarrow are not installed: install the pinned ray extra"
            )
        pytest.skip("ray[data] and pyarrow are not installed")


def _result() -> DocumentResult:
    raw = RawInput(
        source="feed.jsonl#3",
        data=b"Rebels shelled Saraqib.",
        format="text",
        url="https://x.example/1",
        date_hint="2019-11-03",
    )
    date = DateValue(value="2019-11-03", precision="day", kind="exact")
    doc = Document(
        id=raw.sha256,
        raw_sha256=raw.sha256,
        source=raw.source,
        outlet="X",
        title="T",
        published=date,
        published_basis="metadata",
        body="Rebels shelled Saraqib.",
    )
    place = Place(
        name="Saraqib",
        lat=35.86,
        lon=36.8,
        country="SY",
        admin1="Idlib",
        geonames_id=163345,
        precision="town",
    )
    event = Event(
        id="e1",
        type="ASSAULT",
        mode="",
        acled_sub_event="ART_MISS_ATTACK",
        date=date,
        place=place,
        actor1=Actor(name="Rebels", id="", acled_type=None),
        actor2=None,
        fatalities=None,
        modality="happened",
        attribution=None,
        sources=[Source(doc.id, "X", "Rebels shelled Saraqib.", 0, 23, "v")],
        counts={"killed": 2},
    )
    mentions = (Mention("place", "Saraqib", 15, 22, place), Mention("count", "two", 0, 3, 2))
    return DocumentResult(
        raw=raw, documents=(doc,), events=(event,), mentions=((doc.id, mentions),)
    )


def test_parquet_rows_give_back_the_results_they_were_made_from() -> None:
    _need_ray()
    import pyarrow as pa

    from truceline.run.ray_executor import _schema, result_row, row_result

    result = _result()
    failure = IngestFailure("bad.jsonl#2", BadRecord("not JSON", source="bad.jsonl#2"), "ab" * 32)
    table = pa.Table.from_pylist(
        [result_row(0, result.raw, result), result_row(1, result.raw, failure)], schema=_schema()
    )
    back = [row_result(row) for row in table.to_pylist()]
    assert back[0] == result
    assert isinstance(back[1], IngestFailure) and back[1].source == failure.source
    assert type(back[1].error) is BadRecord and back[1].error.message == failure.error.message


def test_ray_and_local_pool_give_byte_identical_exports(examples_dir: Path, tmp_path: Path) -> None:
    _need_ray()
    from truceline.outputs.export import FORMATS, export_text
    from truceline.run.driver import run
    from truceline.run.executors import PoolExecutor
    from truceline.run.ray_executor import RayExecutor
    from truceline.store import Store

    exports = {}
    for name, make, batch in (
        ("pool", lambda: PoolExecutor(2), 8),
        (
            "ray",
            lambda: RayExecutor(2, window=8),
            8,
        ),  # three windows, one on Ray while one is written
    ):
        executor = make()
        try:
            with Store(tmp_path / f"{name}.db") as store:
                report = run([examples_dir], store, executor=executor, batch_size=batch)
                exports[name] = {
                    f: export_text(f, store.documents(), store.events(), store.agreements())
                    for f in FORMATS
                }
        finally:
            executor.close()
        assert report.failed == 0 and report.processed > 10
    for fmt in exports["pool"]:
        assert exports["ray"][fmt] == exports["pool"][fmt], fmt

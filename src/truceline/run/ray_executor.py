"""The Ray Data executor: the same per-document pipeline on a Ray cluster (or a local one).

The driver streams raw inputs (as every executor does) and hands them to Ray in windows
of `window` inputs; each window is one Ray Data job::

    from_items(raw inputs) → map_batches(_RayWorker, concurrency=N) → write_parquet(spill)

`_RayWorker` is a callable class, so each Ray actor loads the pipeline once and keeps it
for the whole window; it runs the very `process_inputs` the local executors run. The
Parquet files (one row per input: the raw bytes and the result as contract JSON) are read
back by the driver and handed to the store, the single writer, in job order; then the
window's spill folder is removed. Nothing here knows what the stages do.

Locally, Ray is started on the loopback address only, without its dashboard:
``ray.init(num_cpus=N, include_dashboard=False)``. With an ``address`` the driver joins
that cluster instead (see docs/scaling.md). Pinned: ray[data]==2.60.0, pyarrow==26.0.1.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from truceline import errors
from truceline.ingest import IngestFailure
from truceline.models import DocumentResult, RawInput
from truceline.run.executors import Result, WorkerConfig, load_pipeline, process_inputs
from truceline.store.serialize import (
    agreement_mention_from,
    document_from,
    event_from,
    mention_from,
    to_json,
)

K = TypeVar("K")
T = TypeVar("T")
# Raw inputs per Ray Data job, at least: each job starts its actors (one pipeline load
# each, about 5 s, the time of 35 pages), so each actor needs a few hundred pages of a
# window to keep that under 10%: 2,048, or 512 per worker on a bigger cluster. The driver
# holds two windows of raw bytes (one on Ray, one being written).
WINDOW = 2048
WINDOW_PER_WORKER = 512
# Inputs per map_batches call inside an actor: small enough that two actors share out a
# short window evenly, large enough that Ray's per-batch overhead is negligible.
RAY_BATCH = 16
COLUMNS = ("seq", "kind", "source", "sha256", "data", "format", "url", "date_hint", "payload")


def _schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("seq", pa.int64()),
            ("kind", pa.string()),
            ("source", pa.string()),
            ("sha256", pa.string()),
            ("data", pa.binary()),
            ("format", pa.string()),
            ("url", pa.string()),
            ("date_hint", pa.string()),
            ("payload", pa.string()),
        ]
    )


# ------------------------------------------------------------------ rows ⇄ results


def result_row(seq: int, raw: RawInput, result: Result) -> dict[str, Any]:
    """One Parquet row: the raw input and its result (contract JSON) or failure."""
    row: dict[str, Any] = {
        "seq": seq,
        "source": raw.source,
        "sha256": raw.sha256,
        "data": raw.data,
        "format": raw.format,
        "url": raw.url,
        "date_hint": raw.date_hint,
    }
    if isinstance(result, IngestFailure):
        err = result.error
        failed: dict[str, Any] = {
            "source": result.source,
            "sha256": result.sha256,
            "code": err.code,
            "detail": err.detail,
            "error_source": err.source,
        }
        return {**row, "kind": "failure", "payload": json.dumps(failed, ensure_ascii=False)}
    payload: dict[str, Any] = {
        "documents": to_json(result.documents),
        "events": to_json(result.events),
        "mentions": [[doc_id, to_json(mentions)] for doc_id, mentions in result.mentions],
        "agreements": to_json(result.agreements),
    }
    return {**row, "kind": "result", "payload": json.dumps(payload, ensure_ascii=False)}


def row_result(row: dict[str, Any]) -> Result:
    """The result a `result_row` was made from."""
    raw = RawInput(
        source=row["source"],
        data=row["data"],
        format=row["format"],
        url=row["url"],
        date_hint=row["date_hint"],
        sha256=row["sha256"],
    )
    payload = json.loads(row["payload"])
    if row["kind"] == "failure":
        error = _error_class(payload["code"])(payload["detail"], source=payload["error_source"])
        return IngestFailure(payload["source"], error, payload["sha256"])
    return DocumentResult(
        raw=raw,
        documents=tuple(document_from(d) for d in payload["documents"]),
        events=tuple(event_from(e) for e in payload["events"]),
        mentions=tuple(
            (doc_id, tuple(mention_from(m) for m in ms)) for doc_id, ms in payload["mentions"]
        ),
        agreements=tuple(agreement_mention_from(a) for a in payload["agreements"]),
    )


def _error_class(code: str) -> type[errors.InputError]:
    found = [
        c
        for c in vars(errors).values()
        if isinstance(c, type) and issubclass(c, errors.InputError) and c.code == code
    ]
    return found[0] if found else errors.InputError


# ------------------------------------------------------------------ the Ray side


class _RayWorker:
    """One Ray actor: loads the pipeline once, runs `process_inputs` on each batch."""

    def __init__(self, config: WorkerConfig) -> None:
        self.pipeline = load_pipeline(config)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        items = batch.to_pylist()
        raws = [
            RawInput(
                source=item["source"],
                data=item["data"],
                format=item["format"],
                url=item["url"],
                date_hint=item["date_hint"],
                sha256=item["sha256"],
            )
            for item in items
        ]
        results = process_inputs(self.pipeline, raws)
        rows = [
            result_row(item["seq"], raw, result)
            for item, raw, result in zip(items, raws, results, strict=True)
        ]
        return pa.Table.from_pylist(rows, schema=_schema())


def start_ray(workers: int, address: str | None = None) -> bool:
    """Join `address`, or start a local Ray on loopback; False when Ray was already running."""
    import ray

    if ray.is_initialized():
        return False
    if address:
        ray.init(
            address=address,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
    else:
        ray.init(
            num_cpus=workers,
            include_dashboard=False,
            _node_ip_address="127.0.0.1",
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
    from ray.data import DataContext

    context = DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    return True


class RayExecutor:
    """Ray Data `map_batches` over windows of inputs; results come back as Parquet."""

    def __init__(
        self,
        workers: int,
        *,
        address: str | None = None,
        config: WorkerConfig | None = None,
        window: int = WINDOW,
        batch_size: int = RAY_BATCH,
        spill_dir: Path | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.config = config or WorkerConfig()
        self.window = max(1, window, WINDOW_PER_WORKER * self.workers if window == WINDOW else 0)
        self.batch_size = max(1, batch_size)
        self.spill_dir = spill_dir
        self._owns_ray = start_ray(self.workers, address)

    def map(self, batch: Sequence[RawInput]) -> list[Result]:
        return next(iter(self.map_stream([(None, batch)])))[1]

    def map_stream(
        self, jobs: Iterable[tuple[K, Sequence[RawInput]]]
    ) -> Iterator[tuple[K, list[Result]]]:
        """Each job's results in job order, one Ray Data job per window of inputs. The next
        window runs on Ray while the store writes the previous one."""
        with ThreadPoolExecutor(max_workers=1) as runner:
            pending: tuple[list[tuple[K, Sequence[RawInput]]], Future[list[Result]]] | None = None
            for window in self._windows(jobs):
                running = runner.submit(
                    self._process, [raw for _, batch in window for raw in batch]
                )
                if pending is not None:
                    yield from self._deliver(*pending)
                pending = (window, running)
            if pending is not None:
                yield from self._deliver(*pending)

    def map_calls(self, fn: Callable[..., T], jobs: Iterable[tuple[Any, ...]]) -> Iterator[T]:
        """`fn(*job)` for each job as Ray tasks, in job order, at most two per worker in
        flight (fusion's blocks: `run.fusion`). `fn` must be a module-level name."""
        import ray

        remote = ray.remote(fn)
        pending: deque[Any] = deque()
        for job in jobs:
            pending.append(remote.remote(*job))
            if len(pending) > 2 * self.workers:
                yield ray.get(pending.popleft())
        while pending:
            yield ray.get(pending.popleft())

    def _windows(
        self, jobs: Iterable[tuple[K, Sequence[RawInput]]]
    ) -> Iterator[list[tuple[K, Sequence[RawInput]]]]:
        held: list[tuple[K, Sequence[RawInput]]] = []
        size = 0
        for key, batch in jobs:
            held.append((key, batch))
            size += len(batch)
            if size >= self.window:
                yield held
                held, size = [], 0
        if held:
            yield held

    @staticmethod
    def _deliver(
        window: list[tuple[K, Sequence[RawInput]]], running: Future[list[Result]]
    ) -> Iterator[tuple[K, list[Result]]]:
        results = running.result()
        at = 0
        for key, batch in window:
            yield key, results[at : at + len(batch)]
            at += len(batch)

    def _process(self, raws: list[RawInput]) -> list[Result]:
        if not raws:
            return []
        import pyarrow.parquet as pq
        import ray.data

        items = [
            {
                "seq": n,
                "source": r.source,
                "sha256": r.sha256,
                "data": r.data,
                "format": r.format,
                "url": r.url,
                "date_hint": r.date_hint,
            }
            for n, r in enumerate(raws)
        ]
        spill = Path(tempfile.mkdtemp(prefix="truceline-ray-", dir=self.spill_dir))
        try:
            # enough blocks that every actor gets work; Ray 2.51+ spells concurrency=N this way
            blocks = min(len(items), max(self.workers * 4, len(items) // (self.batch_size * 4)))
            ds = ray.data.from_items(items, override_num_blocks=blocks).map_batches(
                _RayWorker,
                fn_constructor_kwargs={"config": self.config},
                compute=ray.data.ActorPoolStrategy(size=self.workers),
                batch_size=self.batch_size,
                batch_format="pyarrow",
            )
            ds.write_parquet(str(spill))
            table = pq.read_table(str(spill), schema=_schema())
            rows = sorted(table.to_pylist(), key=lambda r: r["seq"])
        finally:
            shutil.rmtree(spill, ignore_errors=True)
        # Ray lost or duplicated rows: never store a partial window silently
        if len(rows) != len(raws):
            raise RuntimeError(f"Ray returned {len(rows)} results for {len(raws)} inputs")
        return [row_result(row) for row in rows]

    def close(self) -> None:
        if self._owns_ray:
            import ray

            ray.shutdown()
            self._owns_ray = False

"""The run loop: stream inputs, skip what is stored, process the rest on an executor in
batches, let the store write each batch in one transaction, read again the inputs whose
places only the corpus can settle (`run.geography`), then fuse (unless the store's
fusion mark says nothing was stored since the last fusion).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from truceline.ingest import IngestFailure, IngestItem, iter_inputs
from truceline.models import DocumentResult, RawInput
from truceline.run.executors import (
    Executor,
    InProcessExecutor,
    PoolExecutor,
    WorkerConfig,
    local_pipeline,
    stream_batches,
)
from truceline.run.fusion import fuse_store, fuse_store_if_stale
from truceline.run.geography import CorpusGeography, second_look

if TYPE_CHECKING:
    from truceline.store import Store


# A run keeps this many failures to show; the rest are counted by code (all are in the
# store): 100,000 failing inputs must not hold 100,000 errors in memory, nor print them.
FIRST_FAILURES = 10


@dataclass(slots=True)
class RunReport:
    seen: int = 0
    processed: int = 0
    skipped: int = 0
    failed_before: int = 0  # of `skipped`: inputs that failed in an earlier run (not retried)
    failed: int = 0
    documents: int = 0
    events: int = 0
    failures: list[IngestFailure] = field(default_factory=list)  # the first FIRST_FAILURES
    failure_codes: dict[str, int] = field(default_factory=dict)  # error code → failures
    fused: bool = False  # False: the fused tables were already current, fusion was skipped
    # inputs read again with the corpus's geography (`run.geography`): a place name their
    # own text left to a guess among namesakes
    relooked: int = 0

    @property
    def nothing_new(self) -> bool:
        return self.processed == 0 and self.failed == 0

    def add_failures(self, failures: Iterable[IngestFailure]) -> None:
        for failure in failures:
            self.failed += 1
            code = failure.error.code
            self.failure_codes[code] = self.failure_codes.get(code, 0) + 1
            if len(self.failures) < FIRST_FAILURES:
                self.failures.append(failure)


@dataclass(slots=True)
class _Copies:
    """Inputs of this run whose bytes another input of the run carries: they are not
    processed again, but when that input fails, each copy gets the failure under its own
    name (six empty pages are six errors, each file named)."""

    waiting: dict[str, list[str]] = field(default_factory=dict)  # hash → sources of copies
    failed: dict[str, IngestFailure] = field(default_factory=dict)  # hash → failure in run

    def copy_of(self, raw: RawInput) -> IngestFailure | None:
        """The failure for `raw`, a copy, when its bytes already failed in this run under
        another name; else None (and, while they are in flight, it waits for the outcome)."""
        first = self.failed.get(raw.sha256)
        if first is not None:  # the same file given twice (--retry-failed) is one failure
            return None if first.source == raw.source else _renamed(first, raw.source)
        self.waiting.setdefault(raw.sha256, []).append(raw.source)
        return None

    def outcome(self, results: Iterable[DocumentResult | IngestFailure]) -> list[IngestFailure]:
        """Failures for the copies of the failed ones among `results`."""
        found: list[IngestFailure] = []
        for result in results:
            if isinstance(result, IngestFailure) and result.sha256:
                self.failed[result.sha256] = result
                copies = self.waiting.pop(result.sha256, [])
                found += [_renamed(result, s) for s in copies if s != result.source]
            elif isinstance(result, DocumentResult):
                self.waiting.pop(result.raw.sha256, None)
        return found


def _renamed(failure: IngestFailure, source: str) -> IngestFailure:
    error = failure.error
    return IngestFailure(source, type(error)(error.detail, source=source), failure.sha256)


def batched(items: Iterable[IngestItem], size: int) -> Iterator[list[IngestItem]]:
    batch: list[IngestItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(
    paths: Iterable[str | Path],
    store: Store,
    *,
    executor: Executor | None = None,
    batch_size: int = 16,
    retry_failed: bool = False,
    on_progress: Callable[[RunReport, str], None] | None = None,
    force_fusion: bool = False,
) -> RunReport:
    """Ingest and process `paths` into `store`, incrementally; then fuse the whole store,
    unless nothing was stored since its last completed fusion and `force_fusion` is off."""
    executor = executor or InProcessExecutor()
    report = RunReport()
    run_id = store.start_run()
    inputs: Iterable[IngestItem] = iter_inputs(paths)
    if retry_failed:
        inputs = _with_failed(inputs, store)
    seen_in_run: set[str] = set()
    copies = _Copies()
    # The executor may keep a few batches in flight (a pool) or gather many (Ray): later
    # batches are selected against the store before this one is written, and `seen_in_run`
    # keeps a page that repeats within the run from being processed twice.
    jobs = (
        (
            batch,
            _select_new(batch, store, seen_in_run, report, copies, retry_failed=retry_failed),
        )
        for batch in batched(inputs, batch_size)
    )
    geography = CorpusGeography()
    for batch, results in stream_batches(executor, jobs):
        good = [r for r in results if isinstance(r, DocumentResult)]
        for result in good:
            geography.add(result)
        bad = [r for r in results if isinstance(r, IngestFailure)]
        bad += [i for i in batch if isinstance(i, IngestFailure)]
        renamed = copies.outcome(results)
        report.skipped -= len(renamed)  # counted as skipped while their bytes were in flight
        bad += renamed
        store.save_results(good)
        if bad:
            store.save_failures(bad)
        report.processed += len(good)
        report.documents += sum(len(r.documents) for r in good)
        report.events += sum(len(r.events) for r in good)
        report.add_failures(bad)
        if on_progress:
            on_progress(report, batch[-1].source)
    report.relooked, more = second_look(
        geography, store, lambda: local_pipeline(executor), batch_size=batch_size
    )
    report.events += more
    # the executor's workers fuse blocks side by side (`run.fusion`)
    if force_fusion:
        fuse_store(store, full=True, executor=executor)
        report.fused = True
    else:
        # skipped when no transaction stored results since the last completed fusion (the
        # store's mark), e.g. a re-run over an unchanged corpus or one whose new inputs all failed
        report.fused = fuse_store_if_stale(store, executor=executor)
    store.finish_run(
        run_id,
        seen=report.seen,
        processed=report.processed,
        skipped=report.skipped,
        failed=report.failed,
    )
    return report


def _select_new(
    batch: list[IngestItem],
    store: Store,
    seen: set[str],
    report: RunReport,
    copies: _Copies,
    *,
    retry_failed: bool = False,
) -> list[RawInput]:
    """The batch's inputs to process: not stored, not already taken in this run, and (unless
    `retry_failed`) not known to fail: the same bytes fail the same way again. A copy of an
    input taken earlier in this run that failed joins the batch's failures (`batch`
    gets it), so that every copy is named."""
    raws = [i for i in batch if isinstance(i, RawInput)]
    report.seen += len(batch)
    hashes = [r.sha256 for r in raws]
    known = store.known_hashes(hashes)
    failed = set() if retry_failed else store.failed_hashes(hashes)
    todo = []
    for raw in raws:
        if raw.sha256 in seen and raw.sha256 not in known:
            failure = copies.copy_of(raw)
            if failure is not None:
                batch.append(failure)
                continue
        if raw.sha256 in known or raw.sha256 in seen or raw.sha256 in failed:
            report.skipped += 1
            report.failed_before += raw.sha256 in failed and raw.sha256 not in known
            continue
        seen.add(raw.sha256)
        todo.append(raw)
    return todo


def _with_failed(inputs: Iterable[IngestItem], store: Store) -> Iterator[IngestItem]:
    """The given inputs, then every unresolved failed source that still exists as a file."""
    yield from inputs
    sources = {e["source"].split("#", 1)[0] for e in store.errors()}
    yield from iter_inputs(sorted(s for s in sources if Path(s).exists()))


def make_executor(
    workers: int,
    *,
    engine: str = "local",
    address: str | None = None,
    depth: str = "selective",
    actors_file: Path | None = None,
    outlets_file: Path | None = None,
) -> Executor:
    """In-process for one local worker, a process pool for several, Ray Data for
    ``engine="ray"``."""
    config = WorkerConfig(actors_file, outlets_file, depth)
    if engine == "ray":
        from truceline.run.ray_executor import RayExecutor

        return RayExecutor(workers, address=address, config=config)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; expected 'local' or 'ray'")
    return (
        InProcessExecutor(config=config) if workers <= 1 else PoolExecutor(workers, config=config)
    )

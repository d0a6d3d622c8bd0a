"""Executors run the per-document pipeline over batches of RawInputs.

The stages do not know which executor runs them: every executor hands the same
`process_inputs` a batch (a pool: a share of a batch per worker), with one loaded
pipeline per worker (`load_pipeline`); spaCy parses a share's articles together.

- InProcessExecutor: the calling process (default for one worker).
- PoolExecutor: a local process pool; each worker loads the pipeline once. `map_stream`
  keeps a bounded number of batches in flight, so the workers go on with the next batch
  while the store writes the previous one.
- RayExecutor (``ray_executor``): Ray Data, for a corpus that outgrows one machine.

One bad input never stops a batch: an exception in a stage, or a worker process that
dies on an input, becomes an `IngestFailure` for that input alone.

How deep each document is analysed (`WorkerConfig.depth`, see ``understand.select``):
``selective`` (default) parses only the paragraphs that can hold an event, ``lean``
also limits named-entity recognition to them, ``full`` runs all of spaCy on every word.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from truceline.errors import InputError, ProcessingFailed
from truceline.ingest import IngestFailure
from truceline.models import DocumentResult, RawInput

if TYPE_CHECKING:
    from truceline.run.pipeline import Pipeline

Result = DocumentResult | IngestFailure
K = TypeVar("K")
T = TypeVar("T")
DEPTHS = ("selective", "lean", "full")
# Batches a pool keeps submitted beyond the one being collected: two keep both workers
# fed while the main process writes a batch (bench/throughput.py: 1 → 2 gained 6% with 2
# workers, 2 → 4 nothing); memory holds at most (1 + IN_FLIGHT) batches of raw inputs.
IN_FLIGHT = 2
# Most inputs one pool task takes: a batch is cut into one share per worker, each parsed
# by spaCy as one batch (understand.select.PIPE_BATCH articles at a time).
SHARE = 16


class Executor(Protocol):
    def map(self, batch: Sequence[RawInput]) -> list[Result]: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What a worker needs to load its pipeline; picklable, sent to every worker."""

    actors_file: Path | None = None
    outlets_file: Path | None = None
    depth: str = "selective"
    relevance: bool | None = None  # None: the `relevance` setting


def load_pipeline(config: WorkerConfig) -> Pipeline:
    """The pipeline one worker runs: loaded once, with the analysis depth asked for."""
    from truceline.run.pipeline import Pipeline
    from truceline.understand.select import SelectiveParser

    if config.depth not in DEPTHS:
        raise ValueError(f"unknown analysis depth {config.depth!r}; expected one of {DEPTHS}")
    pipeline = Pipeline.load(
        actors_file=config.actors_file,
        outlets_file=config.outlets_file,
        relevance=config.relevance,
    )
    if config.depth == "full":
        return pipeline
    nlp = SelectiveParser(pipeline.resources.nlp, lean=config.depth == "lean")
    return replace(pipeline, resources=replace(pipeline.resources, nlp=nlp))  # type: ignore[arg-type]


def process_inputs(pipeline: Pipeline, raws: Sequence[RawInput]) -> list[Result]:
    """`Pipeline.process_many` over `raws`, each stage's failure that input's own; where
    the batched spaCy parse itself fails, each input is re-run alone, so that only the one
    that fails is lost."""
    try:
        return pipeline.process_many(raws, stage_failure)
    except Exception:  # noqa: BLE001 - find the input that breaks the parse
        return [process_input(pipeline, raw) for raw in raws]


def process_input(pipeline: Pipeline, raw: RawInput) -> Result:
    """`Pipeline.process`, with any failure of a stage turned into the input's failure."""
    try:
        return pipeline.process(raw)
    except Exception as exc:  # noqa: BLE001 - one odd input must not stop the batch
        return stage_failure(raw, exc)


def stage_failure(raw: RawInput, exc: BaseException | str) -> IngestFailure:
    if isinstance(exc, InputError):  # a stage refused the input for a reason it names
        exc.source = exc.source or raw.source
        return IngestFailure(raw.source, exc, raw.sha256)
    if isinstance(exc, str):
        detail = exc
    else:
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
        detail = f"{type(exc).__name__}: {exc}{at}"
    return IngestFailure(raw.source, ProcessingFailed(detail, source=raw.source), raw.sha256)


# ------------------------------------------------------------------ in process


class InProcessExecutor:
    def __init__(
        self,
        *,
        actors_file: Path | None = None,
        outlets_file: Path | None = None,
        config: WorkerConfig | None = None,
    ) -> None:
        self.config = config or WorkerConfig(actors_file, outlets_file)
        self._pipeline: Pipeline | None = None

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = load_pipeline(self.config)
        return self._pipeline

    def map(self, batch: Sequence[RawInput]) -> list[Result]:
        return process_inputs(self.pipeline(), batch)

    def close(self) -> None:
        self._pipeline = None


# ------------------------------------------------------------------ process pool

# A worker's loaded state and the function applied to each input. Both are module-level
# names so that they pickle; tests swap them for stubs (a worker that crashes).
Loader = Callable[[Any], Any]
Worker = Callable[[Any, Sequence[RawInput]], list[Result]]
_worker_state: Any = None
_worker_fn: Worker | None = None


def _init_worker(loader: Loader, arg: Any, worker: Worker, parent: int) -> None:
    global _worker_state, _worker_fn
    die_with_parent(parent)
    _worker_state = loader(arg)
    _worker_fn = worker


_PR_SET_PDEATHSIG = 1  # prctl option, <linux/prctl.h>
# How often a worker on a system without PR_SET_PDEATHSIG checks that its parent lives.
_PARENT_POLL_S = 1.0


def die_with_parent(parent: int) -> None:
    """End this worker when `parent` (the run) dies, however it dies. A run killed with
    SIGKILL cannot shut its pool down: its workers, each holding a loaded pipeline
    (about 400 MB), and the resource tracker that waits for them lived on for good.

    On Linux the kernel sends SIGKILL when the thread that started the worker ends;
    the pool is started and restarted by the thread that runs the pool (`submit`), which
    lives as long as the run. Elsewhere a thread checks the parent once a second."""
    import signal
    import sys
    import threading
    import time

    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # it died before the line above
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _ping(pause: float = 0.0) -> int:
    import os
    import time

    time.sleep(pause)  # held a moment, so that the next ping goes to another worker
    return os.getpid()


def _run_share(raws: Sequence[RawInput]) -> list[Result]:
    assert _worker_fn is not None, "worker started without its pipeline"
    return _worker_fn(_worker_state, raws)


def worker_peak_rss_mb(pause: float = 0.0) -> tuple[int, float]:
    """(pid, peak resident memory in MB) of this process."""
    import os
    import time

    time.sleep(pause)
    return os.getpid(), peak_rss_mb()


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB: VmHWM, which, unlike ru_maxrss, does not
    carry over the parent's peak into a forked-and-exec'd worker."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def local_pipeline(executor: Executor) -> Pipeline:
    """A pipeline in this process with the executor's settings: the in-process
    executor's own, else one loaded here (for the few inputs a run reads again)."""
    if isinstance(executor, InProcessExecutor):
        return executor.pipeline()
    config = getattr(executor, "config", None)
    return load_pipeline(config if isinstance(config, WorkerConfig) else WorkerConfig())


class PoolExecutor:
    """A local process pool: `workers` processes, each with one loaded pipeline."""

    def __init__(
        self,
        workers: int,
        *,
        actors_file: Path | None = None,
        outlets_file: Path | None = None,
        config: WorkerConfig | None = None,
        in_flight: int = IN_FLIGHT,
        loader: Loader = load_pipeline,
        worker: Worker = process_inputs,
    ) -> None:
        self.workers = workers
        self.in_flight = max(1, in_flight)
        self.config = config or WorkerConfig(actors_file, outlets_file)
        self._spec = (
            loader,
            self.config,
            worker,
            os.getpid(),
        )
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # fork would copy a half-used spaCy/thread state
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=self._spec,
        )

    def _shares(self, batch: Sequence[RawInput]) -> list[Sequence[RawInput]]:
        """The batch cut into one share per worker (at most SHARE inputs each)."""
        size = max(1, min(SHARE, -(-len(batch) // self.workers)))
        return [batch[i : i + size] for i in range(0, len(batch), size)]

    def _submit(
        self, batch: Sequence[RawInput]
    ) -> tuple[ProcessPoolExecutor, list[Future[list[Result]]]]:
        try:
            return self._pool, [self._pool.submit(_run_share, s) for s in self._shares(batch)]
        except BrokenProcessPool:
            self._restart(self._pool)
            return self._pool, [self._pool.submit(_run_share, s) for s in self._shares(batch)]

    def _collect(
        self,
        pool: ProcessPoolExecutor,
        batch: Sequence[RawInput],
        futures: list[Future[list[Result]]],
    ) -> list[Result]:
        shares: list[list[Result] | None] = []
        for future in futures:
            try:
                shares.append(future.result())
            except BrokenProcessPool:
                # an input of this share, or of one beside it, killed its worker
                shares.append(None)
        if any(s is None for s in shares):
            self._restart(pool)
        results: list[Result] = []
        for share, raws in zip(shares, self._shares(batch), strict=True):
            results += share if share is not None else [self._alone(raw) for raw in raws]
        return results

    def _alone(self, raw: RawInput) -> Result:
        """Re-run one input by itself, so that a second death names the input that caused it."""
        pool = self._pool
        try:
            return pool.submit(_run_share, [raw]).result()[0]
        except BrokenProcessPool:
            self._restart(pool)
            return stage_failure(raw, "processing failed: the worker process died on this input")

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        if broken is not self._pool:
            return  # batches in flight on the same dead pool restart it once
        broken.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()
        try:
            self._pool.submit(_ping).result()
        except BrokenProcessPool as exc:  # no input to blame: the workers cannot start at all
            raise RuntimeError(
                "worker processes die on start-up (is the caller guarded by "
                "`if __name__ == '__main__'`? does the pipeline load?)"
            ) from exc

    def map(self, batch: Sequence[RawInput]) -> list[Result]:
        pool, futures = self._submit(batch)
        return self._collect(pool, batch, futures)

    def map_stream(
        self, jobs: Iterable[tuple[K, Sequence[RawInput]]]
    ) -> Iterator[tuple[K, list[Result]]]:
        """Each job's results, in job order, with up to `in_flight` further jobs already running."""
        pending: deque[
            tuple[K, Sequence[RawInput], ProcessPoolExecutor, list[Future[list[Result]]]]
        ] = deque()
        for key, batch in jobs:
            pending.append((key, batch, *self._submit(batch)))
            if len(pending) > self.in_flight:
                key0, batch0, pool0, futures0 = pending.popleft()
                yield key0, self._collect(pool0, batch0, futures0)
        while pending:
            key0, batch0, pool0, futures0 = pending.popleft()
            yield key0, self._collect(pool0, batch0, futures0)

    def map_calls(self, fn: Callable[..., T], jobs: Iterable[tuple[Any, ...]]) -> Iterator[T]:
        """`fn(*job)` for each job on the pool's workers, in job order, with a few jobs
        running ahead (fusion's blocks: `run.fusion`). `fn` must be a module-level name."""
        pending: deque[Future[T]] = deque()
        for job in jobs:
            pending.append(self._pool.submit(fn, *job))
            if len(pending) > self.workers + self.in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def warm(self) -> None:
        """Start every worker and wait until each has loaded its pipeline (for timings)."""
        seen: set[int] = set()
        for _ in range(10):
            seen |= {
                f.result() for f in [self._pool.submit(_ping, 0.2) for _ in range(self.workers)]
            }
            if len(seen) >= self.workers:
                return

    def peak_rss_mb(self) -> dict[int, float]:
        """Peak memory so far of the workers that answer a few probes, by process id."""
        probes = [self._pool.submit(worker_peak_rss_mb, 0.2) for _ in range(self.workers * 2)]
        return dict(f.result() for f in probes)

    def close(self) -> None:
        self._pool.shutdown()


# ------------------------------------------------------------------ choosing and streaming


def stream_batches(
    executor: Executor, jobs: Iterable[tuple[K, Sequence[RawInput]]]
) -> Iterator[tuple[K, list[Result]]]:
    """Results of each (key, batch) job in order. Executors that can keep several batches
    in flight (`map_stream`) do; others map one batch at a time. Empty batches pass through."""
    stream = getattr(executor, "map_stream", None)
    if stream is not None:
        yield from stream(jobs)
        return
    for key, batch in jobs:
        yield key, executor.map(batch) if batch else []

"""Executors run the per-document pipeline over batches of RawInputs.

The stages do not know which executor runs them: each executor only maps
`Pipeline.process` over a batch, with one loaded pipeline per worker.

- InProcessExecutor: the calling process (default for one worker).
- PoolExecutor: a local process pool; each worker loads the pipeline once.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Protocol

from .ingest import IngestFailure
from .models import DocumentResult, RawInput

Result = DocumentResult | IngestFailure


class Executor(Protocol):
    def map(self, batch: Sequence[RawInput]) -> list[Result]: ...

    def close(self) -> None: ...


class InProcessExecutor:
    def __init__(self, *, actors_file: Path | None = None, outlets_file: Path | None = None) -> None:
        self._files = (actors_file, outlets_file)
        self._pipeline = None

    def map(self, batch: Sequence[RawInput]) -> list[Result]:
        if self._pipeline is None:
            from .pipeline import Pipeline

            self._pipeline = Pipeline.load(actors_file=self._files[0], outlets_file=self._files[1])
        return [self._pipeline.process(raw) for raw in batch]

    def close(self) -> None:
        self._pipeline = None


_worker_pipeline = None


def _init_worker(actors_file: Path | None, outlets_file: Path | None) -> None:
    global _worker_pipeline
    from .pipeline import Pipeline

    _worker_pipeline = Pipeline.load(actors_file=actors_file, outlets_file=outlets_file)


def _process(raw: RawInput) -> Result:
    assert _worker_pipeline is not None, "worker started without its pipeline"
    return _worker_pipeline.process(raw)


class PoolExecutor:
    """A local process pool: `workers` processes, each with one loaded pipeline."""

    def __init__(self, workers: int, *, actors_file: Path | None = None, outlets_file: Path | None = None) -> None:
        context = multiprocessing.get_context("spawn")  # fork would copy a half-used spaCy/thread state
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_init_worker,
            initargs=(actors_file, outlets_file),
        )

    def map(self, batch: Sequence[RawInput]) -> list[Result]:
        return list(self._pool.map(_process, batch))

    def close(self) -> None:
        self._pool.shutdown()


def make_executor(workers: int, **files: Path | None) -> Executor:
    return InProcessExecutor(**files) if workers <= 1 else PoolExecutor(workers, **files)

"""Fusing a store block by block: read the stored per-document results of each block of
documents that can meet in fusion (`fuse.blocks`), fuse the blocks (side by side on the
run's process pool or Ray workers where it has them), draw the agreements' relations over
all the records, and let the store swap the fused tables in atomically with the mark of
the data and the fusion code they came from, so that a run that stored nothing new can
skip the work. The store stays the one writer.

Incremental: a run that stored new pages re-fuses only the blocks they reach, from those
blocks' documents and mentions; every other block's events stay in the store untouched
(their ids too), and its agreement records are read back for the relations. The result
is the full fusion's, byte for byte (`tests/test_incremental_fusion.py`), and the full
fusion's is `fuse.fuse` over the whole store's (`tests/test_fusion_blocks.py`): each
block is fused from exactly the documents it holds either way. A full fusion runs when
nothing is kept from the last one (a store fused before migration 11, another truceline
or other alignments), when a span covers any day (a page without a publication day: one
block of all), and on `run --fuse`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import Any, TypeVar

from truceline.fuse import (
    FusionResult,
    fuse,
    fuse_block,
    fusion_fingerprint,
    outlet_alignments,
    relate,
)
from truceline.fuse.blocks import Span, block_of, partition, span
from truceline.models import Agreement, Event
from truceline.run.limits import date_out_of_range
from truceline.store import Store, blocks
from truceline.store.fused import FusionBlocks
from truceline.store.serialize import to_json

T = TypeVar("T")

# Blocks are fused in groups of at least this many documents: a first load can hold
# thousands of one-page blocks, each not worth a task of its own. Fusing blocks together
# gives what fusing them apart gives (they never meet).
GROUP_DOCUMENTS = 400


def fuse_store(store: Store, *, full: bool = False, executor: Any = None) -> FusionResult:
    """Fuse the store: only the blocks new pages reach when the kept spans are current
    and `full` is off, else every block. `executor`: the run's executor, whose workers
    fuse groups of blocks side by side (`map_calls`); None: in this process. Returns
    the fused events and agreements of the blocks fused (the agreements: all)."""
    alignments = outlet_alignments()
    fingerprint = fusion_fingerprint(alignments)
    # read first: results stored meanwhile leave the mark behind
    generation = store.data_generation()
    if not full and blocks.blocks_current(store, fingerprint):
        added = _spans(blocks.dates(store, blocks.unspanned(store)))
        spans = {**blocks.spans(store), **added}
        reached = block_of(spans, added)
        if reached is not None:
            parts = partition({doc: spans[doc] for doc in reached})
            return _fuse(
                store, parts, reached, added, executor, generation, fingerprint, alignments
            )
    spans = _spans(blocks.dates(store, None))
    parts = partition(spans)
    return _fuse(store, parts, None, spans, executor, generation, fingerprint, alignments)


def fuse_store_in_one_piece(store: Store) -> FusionResult:
    """The reference blocks are checked against: `fuse.fuse` over every stored document
    and mention at once, no blocks (all in memory; for tests and benches), written as a
    full fusion is, with no spans kept and no fusion mark."""
    result = fuse(
        store.documents(),
        store.event_mentions(),
        store.agreement_mentions(),
        alignments=outlet_alignments(),
    )
    relate(result.agreements)
    store.replace_fused(result.events, result.agreements, result.duplicates)
    return result


def _spans(found: blocks.Dates) -> dict[str, Span]:
    return {doc: span(*what) for doc, what in found.items()}


def _fuse(
    store: Store,
    parts: list[list[str]],
    replaced: Collection[str] | None,
    spans: dict[str, Span],
    executor: Any,
    generation: int,
    fingerprint: str,
    alignments: dict[str, str],
) -> FusionResult:
    """Fuse the blocks `parts`, relate every record, write: the events of `replaced`
    documents (None: all) give way to the new ones."""
    events: list[Event] = []
    agreements: list[Agreement] = []
    duplicates: dict[str, str | None] = {}
    for result in map_calls(executor, fuse_block, _inputs(store, parts, alignments)):
        events.extend(result.events)
        agreements.extend(result.agreements)
        duplicates.update(result.duplicates)
    gone: set[str] = set()
    if replaced is None:
        relate(agreements)
    else:
        agreements, gone = _relate_with_others(store, agreements, replaced)
    store.replace_fused(
        events,
        agreements,
        duplicates,
        generation=generation,
        fingerprint=fingerprint,
        blocks=FusionBlocks(spans, replaced, gone),
    )
    return FusionResult(events=events, agreements=agreements, duplicates=duplicates)


def _relate_with_others(
    store: Store, fresh: list[Agreement], replaced: Collection[str]
) -> tuple[list[Agreement], set[str]]:
    """Relate the re-fused blocks' records with every other stored one, read as outlines
    (`store.blocks.agreement_outlines`). Returns the records to write — the fresh ones and
    the stored ones whose relations changed, read whole — and the stored records of the
    re-fused blocks, which are gone."""
    outlines, gone = blocks.agreement_outlines(store, replaced)
    before = {a.id: to_json(a.related) for a in outlines}
    relate([*outlines, *fresh])
    changed = {a.id: a.related for a in outlines if to_json(a.related) != before[a.id]}
    stored = blocks.agreements_by_id(store, changed)
    for agreement in stored:
        agreement.related = changed[agreement.id]
    return [*fresh, *stored], gone


def _inputs(
    store: Store, parts: Sequence[list[str]], alignments: dict[str, str]
) -> Iterator[tuple[Any, ...]]:
    """`fuse_block`'s arguments for each group of blocks, read as they are asked for."""
    group: list[str] = []
    for n, part in enumerate(parts):
        group.extend(part)
        if len(group) < GROUP_DOCUMENTS and n < len(parts) - 1:
            continue
        yield (
            _in_range(blocks.documents(store, group)),
            _in_range(blocks.event_mentions(store, group)),
            _in_range(blocks.agreement_mentions(store, group)),
            alignments,
        )
        group = []


def map_calls(executor: Any, fn: Any, jobs: Iterator[tuple[Any, ...]]) -> Iterator[Any]:
    """`fn(*job)` for each job, in order: on the executor's workers where it has them
    (`map_calls` of the pool and Ray executors), else here."""
    calls = getattr(executor, "map_calls", None)
    if calls is None:
        return (fn(*job) for job in jobs)
    return calls(fn, jobs)  # type: ignore[no-any-return]


def _in_range(items: Sequence[T]) -> list[T]:
    """`items` without those holding a date outside the supported years: a version before
    the check (run.limits) stored such dates, on which fusion overflowed in every run."""
    return [item for item in items if date_out_of_range(item) is None]


def fuse_store_if_stale(store: Store, executor: Any = None) -> bool:
    """Fuse unless the fused tables are current (nothing stored and the same fusion code
    and settings since the last completed fusion); returns whether it fused."""
    if store.fusion_current(fusion_fingerprint()):
        return False
    fuse_store(store, executor=executor)
    return True

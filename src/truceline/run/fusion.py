"""Fusing a store: read every stored per-document result, fuse it (`truceline.fuse`),
and let the store swap the fused tables in atomically with the mark of the data and the
fusion code they came from, so that a run that stored nothing new can skip the work.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from truceline.fuse import FusionResult, fuse, fusion_fingerprint, outlet_alignments
from truceline.run.limits import date_out_of_range
from truceline.store import Store

T = TypeVar("T")


def fuse_store(store: Store) -> FusionResult:
    alignments = outlet_alignments()
    # read first: results stored meanwhile leave the mark behind
    generation = store.data_generation()
    result = fuse(
        _in_range(store.documents()),
        _in_range(store.event_mentions()),
        _in_range(store.agreement_mentions()),
        alignments=alignments,
    )
    store.replace_fused(
        result.events,
        result.agreements,
        result.duplicates,
        generation=generation,
        fingerprint=fusion_fingerprint(alignments),
    )
    return result


def _in_range(items: Sequence[T]) -> list[T]:
    """`items` without those holding a date outside the supported years: a version before
    the check (run.limits) stored such dates, on which fusion overflowed in every run."""
    return [item for item in items if date_out_of_range(item) is None]


def fuse_store_if_stale(store: Store) -> bool:
    """Fuse unless the fused tables are current (nothing stored and the same fusion code
    and settings since the last completed fusion); returns whether it fused."""
    if store.fusion_current(fusion_fingerprint()):
        return False
    fuse_store(store)
    return True

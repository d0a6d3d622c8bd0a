"""Fusing a store: read every stored per-document result, fuse it (`truceline.fuse`),
and let the store swap the fused tables in atomically with the mark of the data and the
fusion code they came from, so that a run that stored nothing new can skip the work.
"""

from __future__ import annotations

from truceline.fuse import FusionResult, fuse, fusion_fingerprint, outlet_alignments
from truceline.store import Store


def fuse_store(store: Store) -> FusionResult:
    alignments = outlet_alignments()
    # read first: results stored meanwhile leave the mark behind
    generation = store.data_generation()
    result = fuse(
        store.documents(), store.event_mentions(), store.agreement_mentions(), alignments=alignments
    )
    store.replace_fused(
        result.events,
        result.agreements,
        result.duplicates,
        generation=generation,
        fingerprint=fusion_fingerprint(alignments),
    )
    return result


def fuse_store_if_stale(store: Store) -> bool:
    """Fuse unless the fused tables are current (nothing stored and the same fusion code
    and settings since the last completed fusion); returns whether it fused."""
    if store.fusion_current(fusion_fingerprint()):
        return False
    fuse_store(store)
    return True

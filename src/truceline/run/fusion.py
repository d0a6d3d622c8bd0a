"""Fusing a store: read the stored per-document results, fuse them (`truceline.fuse`),
and let the store swap the fused tables in atomically with the mark of the data and the
fusion code they came from, so that a run that stored nothing new can skip the work.

Incremental: a run that stored new pages re-fuses only the blocks of days they reach
(`fuse.blocks`: near-duplicates and event coreference never look further), reads the
other blocks' events back as the last fusion left them (`store.blocks`), and runs the
agreement steps, which are not blocked, over all of it. The result is the full fusion's,
byte for byte (`tests/test_incremental_fusion.py`): each block is fused from exactly the
documents it holds either way. A full fusion runs when nothing is kept from the last
one (a store fused before migration 10, another truceline or other alignments), when a
span covers any day (a page without a publication day), and on `run --fuse`.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import TypeVar

from truceline.fuse import FusionResult, fusion_fingerprint, outlet_alignments
from truceline.fuse.blocks import block_of, span
from truceline.fuse.fusion import fuse_agreements, fuse_mentions
from truceline.models import Event
from truceline.run.limits import date_out_of_range
from truceline.store import Store, blocks
from truceline.store.serialize import to_json
from truceline.store.writer import FusionBlocks

T = TypeVar("T")


def fuse_store(store: Store, *, full: bool = False) -> FusionResult:
    alignments = outlet_alignments()
    fingerprint = fusion_fingerprint(alignments)
    # read first: results stored meanwhile leave the mark behind
    generation = store.data_generation()
    if not full and blocks.blocks_current(store, fingerprint):
        new = blocks.unspanned(store)
        spans = blocks.spans(store)
        added = {doc: span(*found) for doc, found in blocks.dates(store, new).items()}
        block = block_of({**spans, **added}, added)
        if block is not None:
            return _fuse_blocks(store, block, added, generation, fingerprint, alignments)
    read = store.documents()
    documents = _in_range(read)
    duplicates, events = fuse_mentions(documents, _in_range(store.event_mentions()))
    found = blocks.dates(store, None)  # the spans of the documents read, not of later ones
    base = _base_rows(events)
    spans = {d.id: span(*found[d.id]) for d in read}
    kept = FusionBlocks(spans, None, base) if base is not None else None
    result = fuse_agreements(
        documents, duplicates, events, _in_range(store.agreement_mentions()), alignments
    )
    store.replace_fused(
        result.events,
        result.agreements,
        result.duplicates,
        generation=generation,
        fingerprint=fingerprint,
        blocks=kept,
    )
    return result


def _fuse_blocks(
    store: Store,
    block: set[str],
    added: dict[str, tuple[tuple[str, int, int], ...] | None],
    generation: int,
    fingerprint: str,
    alignments: dict[str, str],
) -> FusionResult:
    """Fuse the documents of `block` anew, the others' events read back (see above)."""
    documents = _in_range(blocks.documents(store, block))
    duplicates, fresh = fuse_mentions(documents, _in_range(blocks.event_mentions(store, block)))
    base = _base_rows(fresh)
    everything = _in_range(blocks.documents_without_text(store))
    stored = {d.id: d.duplicate_of for d in everything if d.id not in block}
    events = _sorted([*blocks.base_events(store, block), *fresh])
    result = fuse_agreements(
        everything,
        {**stored, **duplicates},
        events,
        _in_range(store.agreement_mentions()),
        alignments,
    )
    store.replace_fused(
        result.events,
        result.agreements,
        duplicates,
        generation=generation,
        fingerprint=fingerprint,
        blocks=FusionBlocks(added, block, base) if base is not None else None,
    )
    return result


def _base_rows(events: Sequence[Event]) -> list[tuple[str, str, str]] | None:
    """The events before agreements, as kept: filed under their first document (all of
    an event's documents are in one block); None when one has no source to file it
    under (then nothing is kept, and the next run fuses in full)."""
    rows = []
    for e in events:
        if not e.sources:
            return None
        data = json.dumps(to_json(e), ensure_ascii=False, sort_keys=True)
        rows.append((e.id, e.sources[0].document, data))
    return rows


def _sorted(events: Collection[Event]) -> list[Event]:
    """In the order `fuse_events` gives them."""
    return sorted(events, key=lambda e: (e.date.sort_key() if e.date else "~", e.id))


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

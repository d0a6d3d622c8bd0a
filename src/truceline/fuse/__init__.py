"""Fuse: cross-document work over per-document results; pure, never touches the store.

- `duplicates`: near-duplicate documents (copies are linked, their reports not counted);
- `event_values`: one event's values across its reports (tolls by document, casualties,
  contradictions);
- `events`: event coreference — one event with all its sources and contradictions;
- `agreements`: agreement mentions merged into agreement records;
- `agreement_links`: events linked to agreements (violations, implementation), relations
  between agreements, provision deadlines;
- `agreement_values`: grouping an agreement's readings by value and ranking them;
- `fusion`: the order of the steps (`fuse`, `fuse_block`) and what fusion depends on
  (`fusion_fingerprint`);
- `blocks`: which documents can meet in fusion (`span`, `block_of`, `partition`).

`run.fusion` reads the store block by block, calls `fuse_block` (in parallel on a first
load), `relate` over all the records, and hands the result to the store.
May import: the ground floor, `understand` (actor and outlet tables) and `extract` (what
makes two agreement dates one deal's); never `store`, `run` or anything above.
"""

from truceline.fuse.agreements import relate
from truceline.fuse.fusion import (
    FusionResult,
    corroboration,
    fuse,
    fuse_block,
    fusion_fingerprint,
    outlet_alignments,
)

__all__ = [
    "FusionResult",
    "corroboration",
    "fuse",
    "fuse_block",
    "fusion_fingerprint",
    "outlet_alignments",
    "relate",
]

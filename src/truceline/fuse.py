"""Fuse: cross-document work over everything stored.

Owns the order of the cross-document steps; each step lives in its own module:
1. near-duplicate documents (`dedup`): copies are linked and their reports not counted;
2. event coreference (`coref`): one event with all its sources and contradictions;
3. agreements (`agreements`): mentions merged into agreement records, events linked;
4. corroboration: independent reports, outlets and editorial alignments per event.
Fusion is derived data: it is recomputed from the stored per-document results and
swapped in atomically by the store, with a mark of the data it was computed from, so a
run that stored nothing new can leave the fused tables as they are (`fuse_store_if_stale`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import EXTRACTOR_VERSION
from .agreements import merge_agreements
from .coref import fuse_events
from .dedup import find_duplicates
from .models import Agreement, AgreementMention, Document, Event

if TYPE_CHECKING:
    from .store import Store


@dataclass(slots=True)
class FusionResult:
    events: list[Event]
    agreements: list[Agreement] = field(default_factory=list)
    duplicates: dict[str, str | None] = field(default_factory=dict)


def corroboration(
    event: Event, outlets: dict[str, str | None], alignments: dict[str, str]
) -> dict[str, int]:
    docs = {s.document for s in event.sources}
    names = {outlets.get(d) or f"unknown:{d}" for d in docs}
    return {
        "reports": len(docs),
        "outlets": len(names),
        "alignments": len({alignments[n] for n in names if n in alignments}),
    }


def fuse(
    documents: Sequence[Document],
    mentions: Sequence[Event],
    agreement_mentions: Sequence[AgreementMention] = (),
    *,
    alignments: dict[str, str] | None = None,
) -> FusionResult:
    duplicates = find_duplicates(documents)
    originals = [d for d in documents if not duplicates.get(d.id)]
    copies = {doc_id for doc_id, original in duplicates.items() if original}
    kept = [e for e in mentions if not (e.sources and e.sources[0].document in copies)]
    events = fuse_events(kept)
    kept_agreements = [m for m in agreement_mentions if m.document not in copies]
    agreements, events = merge_agreements(kept_agreements, events, originals)
    outlets = {d.id: d.outlet for d in documents}
    for event in events:
        event.corroboration = corroboration(event, outlets, alignments or {})
    return FusionResult(events=events, agreements=agreements, duplicates=duplicates)


def outlet_alignments() -> dict[str, str]:
    from .understand.outlets import OutletTable

    return {o.name: o.alignment for o in OutletTable.default().all()}


def fusion_fingerprint(alignments: dict[str, str] | None = None) -> str:
    """Names what fusion depends on besides the stored results: this truceline's version
    and the outlet alignments. A store fused under another fingerprint is fused again."""
    if alignments is None:
        alignments = outlet_alignments()
    table = json.dumps(sorted(alignments.items()), ensure_ascii=False)
    return f"{EXTRACTOR_VERSION};alignments={hashlib.sha256(table.encode()).hexdigest()[:16]}"


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

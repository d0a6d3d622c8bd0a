"""Fuse: cross-document work over everything stored.

Owns the order of the cross-document steps; each step lives in its own module:
1. near-duplicate documents (`dedup`): copies are linked and their reports not counted;
2. event coreference (`coref`): one event with all its sources and contradictions;
3. agreements (`agreements`): mentions merged into agreement records, events linked;
4. corroboration: independent reports, outlets and editorial alignments per event.
Fusion is derived data: `run.fusion` recomputes it from the stored per-document results
and the store swaps it in atomically, with a mark of the data it was computed from
(`fusion_fingerprint`), so a run that stored nothing new can leave the fused tables as they are.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from truceline import EXTRACTOR_VERSION
from truceline.fuse.agreements import merge_agreements
from truceline.fuse.duplicates import find_duplicates
from truceline.fuse.events import fuse_events, merge
from truceline.models import Agreement, AgreementMention, Document, Event

# Which blocking (`fuse.blocks`) the kept spans follow: a store fused under another is fused
# in full once. 2: agreement lanes and event points (every step blocked).
BLOCKS_VERSION = 2


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
    duplicates, events = fuse_mentions(documents, mentions)
    return fuse_agreements(documents, duplicates, events, agreement_mentions, alignments)


def fuse_block(
    documents: Sequence[Document],
    mentions: Sequence[Event],
    agreement_mentions: Sequence[AgreementMention],
    alignments: dict[str, str],
) -> FusionResult:
    """`fuse` over one block of documents (`fuse.blocks`): what fusing the whole store
    gives for them, but the agreements' relations to records of other blocks, which
    `relate` draws over all the records. A top-level function, so that a process pool or
    Ray can run blocks side by side."""
    return fuse(documents, mentions, agreement_mentions, alignments=alignments)


def fuse_mentions(
    documents: Sequence[Document], mentions: Sequence[Event]
) -> tuple[dict[str, str | None], list[Event]]:
    """Steps 1 and 2, which see only a few days around each document (`fuse.blocks`): the
    near-duplicates, and the events before any agreement is linked to them."""
    duplicates = find_duplicates(documents, event_places(mentions))
    copies = {doc_id for doc_id, original in duplicates.items() if original}
    kept = [e for e in mentions if not (e.sources and e.sources[0].document in copies)]
    return duplicates, fuse_events(kept, document_countries(mentions))


def fuse_agreements(
    documents: Sequence[Document],
    duplicates: dict[str, str | None],
    events: Sequence[Event],
    agreement_mentions: Sequence[AgreementMention] = (),
    alignments: dict[str, str] | None = None,
) -> FusionResult:
    """Steps 3 and 4 over the whole store: agreements, their events, corroboration.
    Reads of the documents only their ids, outlets, publication dates and stored
    `duplicate_of`, never their text."""
    originals = [d for d in documents if not duplicates.get(d.id)]
    copies = {doc_id for doc_id, original in duplicates.items() if original}
    kept_agreements = [m for m in agreement_mentions if m.document not in copies]
    agreements, linked = merge_agreements(kept_agreements, events, originals)
    linked = one_event_per_agreement_day(linked, agreements)
    outlets = {d.id: d.outlet for d in documents}
    for event in linked:
        event.corroboration = corroboration(event, outlets, alignments or {})
    return FusionResult(events=linked, agreements=agreements, duplicates=duplicates)


def one_event_per_agreement_day(
    events: Sequence[Event], agreements: Sequence[Agreement]
) -> list[Event]:
    """Reports of one agreement's signing (or entry into force, or extension) on one day are
    one event, whatever place each names: the venue ("signed in Ankara"), the zone
    ("across the southern Idlib countryside") or none. Event mentions cannot know their
    agreement before the agreements are merged, so this runs after; the agreements' event
    lists follow the new ids."""
    groups: dict[tuple[str, str, str], list[Event]] = defaultdict(list)
    for event in events:
        if event.type == "AGREE" and event.agreement and event.date and event.date.resolved:
            groups[(event.agreement, event.modality, event.date.value)].append(event)
    renamed: dict[str, str] = {}
    merged: dict[str, Event] = {}
    for group in groups.values():
        if len(group) > 1:
            one = merge(group)
            for event in group:
                renamed[event.id] = one.id
            merged[one.id] = one
    if not renamed:
        return list(events)
    for agreement in agreements:
        agreement.events = list(dict.fromkeys(renamed.get(e, e) for e in agreement.events))
    out: list[Event] = []
    for event in events:
        new = renamed.get(event.id)
        if new is None:
            out.append(event)
        elif new in merged:
            out.append(merged.pop(new))
    return out


def outlet_alignments() -> dict[str, str]:
    from truceline.understand.outlets import OutletTable

    return {o.name: o.alignment for o in OutletTable.default().all()}


def fusion_fingerprint(alignments: dict[str, str] | None = None) -> str:
    """Names what fusion depends on besides the stored results: this truceline's version
    and the outlet alignments. A store fused under another fingerprint is fused again."""
    if alignments is None:
        alignments = outlet_alignments()
    table = json.dumps(sorted(alignments.items()), ensure_ascii=False)
    digest = hashlib.sha256(table.encode()).hexdigest()[:16]
    return f"{EXTRACTOR_VERSION};blocks={BLOCKS_VERSION};alignments={digest}"


def event_places(mentions: Sequence[Event]) -> dict[str, frozenset[str]]:
    """The places each document's event mentions are at: GeoNames id, else the name (a
    place the gazetteer does not hold still tells "near Pyshchevyk" from "near Berezove")."""
    found: dict[str, set[str]] = {}
    for event in mentions:
        place = event.place
        if place is None or not event.sources or not place.name.strip():
            continue
        key = str(place.geonames_id) if place.geonames_id else place.name.lower()
        found.setdefault(event.sources[0].document, set()).add(key)
    return {doc: frozenset(keys) for doc, keys in found.items()}


def document_countries(mentions: Sequence[Event]) -> dict[str, frozenset[str]]:
    """The countries each document's event mentions are placed in."""
    found: dict[str, set[str]] = {}
    for event in mentions:
        place = event.place
        if place is not None and place.country and event.sources:
            found.setdefault(event.sources[0].document, set()).add(place.country)
    return {doc: frozenset(c) for doc, c in found.items()}

"""What fusion by blocks writes besides the fused rows (`Store.replace_fused`, in its
transaction): each fused document's spans of days (`fuse.blocks`), and, when only some
blocks were fused anew, the deletion of those blocks' events alone."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from typing import NamedTuple


class FusionBlocks(NamedTuple):
    """What fusion by blocks keeps: `spans` to set (document → stretches of days), the
    documents whose blocks were fused anew (None: all), and then the agreement records
    that are gone (the re-fused blocks' old ones)."""

    spans: dict[str, tuple[tuple[str, int, int], ...] | None]
    replaced: Collection[str] | None
    agreements_gone: Collection[str] = ()  # with `replaced`: stored records to delete


def write_blocks(c: sqlite3.Connection, blocks: FusionBlocks | None) -> None:
    if blocks is None or blocks.replaced is None:
        c.execute("DELETE FROM fusion_spans")
    if blocks is not None:
        c.executemany("DELETE FROM fusion_spans WHERE document_id=?", [(d,) for d in blocks.spans])
        c.executemany(
            "INSERT INTO fusion_spans VALUES (?,?,?,?)",
            [(d, *x) for d, s in blocks.spans.items() for x in (s or [(None, None, None)])],
        )


def delete_events_of(c: sqlite3.Connection, documents: Collection[str]) -> None:
    """Delete the fused events reported by `documents` (all of an event's documents are
    in one block), with their sources."""
    ordered = sorted(documents)
    c.execute("CREATE TEMP TABLE IF NOT EXISTS gone (id TEXT PRIMARY KEY)")
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ",".join("?" * len(chunk))
        c.execute(
            "INSERT OR IGNORE INTO gone SELECT event_id FROM event_sources"
            f" WHERE document_id IN ({marks})",
            chunk,
        )
    c.execute("DELETE FROM event_sources WHERE event_id IN (SELECT id FROM gone)")
    c.execute("DELETE FROM events WHERE id IN (SELECT id FROM gone)")
    c.execute("DELETE FROM gone")

"""Helpers the event tests share."""

from __future__ import annotations

from truceline.models import Event


def find_event(events: list[Event], words: str, etype: str) -> Event:
    """The first event of `etype` whose first quote holds `words`."""
    hits = [e for e in events if e.type == etype and words in e.sources[0].quote]
    assert hits, [(e.type, e.sources[0].quote[:60]) for e in events]
    return hits[0]

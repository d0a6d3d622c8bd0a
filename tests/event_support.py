"""Helpers the event tests share."""

from __future__ import annotations

from collections.abc import Sequence

from truceline.models import Analysis, DateValue, Document, Event, Mention, Sentence


def find_event(events: list[Event], words: str, etype: str) -> Event:
    """The first event of `etype` whose first quote holds `words`."""
    hits = [e for e in events if e.type == etype and words in e.sources[0].quote]
    assert hits, [(e.type, e.sources[0].quote[:60]) for e in events]
    return hits[0]


def analyse(nlp, body: str, marks: Sequence[tuple[str, str, object]], anchor: str):
    """An Analysis of `body` (published on `anchor`) with a mention at the first occurrence
    of each marked (kind, text, value), and its spaCy doc."""
    sdoc = nlp(body)
    mentions = []
    for kind, text, value in marks:
        start = body.index(text)
        mentions.append(Mention(kind, text, start, start + len(text), value))  # type: ignore[arg-type]
    day = DateValue(anchor)
    doc = Document("d", "r", "test", None, None, day, "metadata", body)
    sentences = tuple(Sentence(s.start_char, s.end_char) for s in sdoc.sents)
    return Analysis(doc, day, sentences, tuple(sorted(mentions, key=lambda m: m.start))), sdoc

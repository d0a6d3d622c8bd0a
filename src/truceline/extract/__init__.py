"""Extract: per-document events and agreement mentions from an `Analysis` and its parse.

- `events`: `extract_events` — PLOVER type and mode, ACLED sub-event, actors, place,
  date, counts, modality, attribution and the quote, per event mention;
- `agreements`: `extract_agreements` — which agreements a document talks about and what
  it claims of each (dates, zone, parties, guarantors, provisions).

Pure given the loaded resources; never reads or writes the store.
May import: the ground floor, `relevance`, `lexicons` and `understand`; never `fuse` or
anything above.
"""

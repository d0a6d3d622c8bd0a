"""Event mentions of one document (the method is described in `extractor`).

Modules, lowest first: `arguments` (actors, place, date of a trigger's clause), `counts`
(casualty and other numbers), `inherit` (venues of talks, and the place an event with
none of its own takes from its paragraph or article), `modality` (modality and
attribution), `naming` (actors named as analysts name them), `triggers` (lexicon
patterns matched on the parse), `gates` (is the sentence relevant, is force meant
literally), `refine` (the ACLED sub-event from the lexicon's rules), `extractor`
(`extract_events`).
"""

from truceline.extract.events.extractor import extract_event_records, extract_events

__all__ = ["extract_event_records", "extract_events"]

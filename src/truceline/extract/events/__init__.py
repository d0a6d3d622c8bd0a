"""Event mentions of one document (the method is described in `extractor`).

Modules, lowest first: `arguments` (the actors of a trigger's clause), `scene` (its
place and date), `counts` (casualty and other numbers), `inherit` (venues of talks, and
the place an event with none of its own takes from its paragraph or article), `modality`
(modality and attribution), `naming` (actors named as analysts name them), `senses` (what
a trigger word does not report in its sentence), `triggers` (lexicon patterns matched on
the parse), `gates` (is the sentence relevant, is force meant literally), `refine` (the
ACLED sub-event from the lexicon's rules), `history` (a story told long before the
report, carried on in the sentences after it), `extractor` (`extract_events`).
"""

from truceline.extract.events.extractor import extract_event_records, extract_events

__all__ = ["extract_event_records", "extract_events"]

"""Relevance: is a page, and is a sentence, about what truceline follows — armed conflict,
political violence, protest, ceasefires, diplomacy between parties to a conflict — or
about sport, business, the arts, science, health or a disaster?

Runs before the parse: a page judged irrelevant is stored, cleaned and searchable, marked
with its score and the model's version, but not parsed; within a relevant page, an event
read in a sentence judged irrelevant (a team that "attacks", a deal that "will meet"
analysts' forecasts) is dropped. The model is learned (`model`, trained by
scripts/train_relevance.py through `training`; docs/models/relevance.md).

May import: the ground floor only.
"""

from truceline.relevance.model import OFF_TOPIC, PAGE_THRESHOLD, RelevanceModel, load_model

__all__ = ["OFF_TOPIC", "PAGE_THRESHOLD", "RelevanceModel", "load_model"]

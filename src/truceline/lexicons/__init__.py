"""Lexicons: the domain's word lists and phrase patterns, read from ``data/*.yaml`` once
per process, and the gap-aware phrase matcher they share.

- `events`: event trigger patterns, ACLED refinement rules, sentence cues, reporting verbs
  (``data/event_lexicon.yaml``);
- `agreements`: agreement phrases, key-date cues and provision categories
  (``data/provisions.yaml``).

They sit below the stages that read them: the selective parse (`understand.select`) keeps
the sentences where a pattern can match, and the extractors (`extract`) match them.
May import: the ground floor only.
"""

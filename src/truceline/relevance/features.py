"""Features of a text for the relevance model: lower-case words and word pairs, with
numbers folded to one token, as a set (a word counts once however often it occurs).

The same function serves training (scripts/train_relevance.py) and scoring, so that a
model sees at run time exactly the features it was fitted on.
"""

from __future__ import annotations

import re

# Words: letters with inner apostrophes or hyphens ("al-Assad", "don't"); numbers apart.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d[\d,.]*")
NUMBER = "<num>"
# Sentence ends for scoring a document sentence by sentence: a stop, question or
# exclamation mark followed by a space and a capital or a quote, or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


def tokens(text: str) -> list[str]:
    out = []
    for match in _TOKEN.finditer(text.lower()):
        word = match.group().replace("’", "'")
        out.append(NUMBER if word[0].isdigit() else word)
    return out


def features(text: str) -> set[str]:
    """Words and adjacent word pairs ("car bomb", "bomb kills")."""
    words = tokens(text)
    found = set(words)
    found.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return found


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of a text's sentences, by punctuation and line breaks alone (no
    parse: relevance runs before spaCy)."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans

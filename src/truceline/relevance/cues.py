"""What no topic model should outvote: a text that reports a crowd protesting.

Workers demanding their wages, residents blocking a road over water cuts, a sit-in at a
company's gate are protests ACLED codes and analysts follow, but their words are a
business or a local page's, and the topic model (trained on encyclopaedic summaries,
where such a summary filed under business was relabelled politics, docs/models/
relevance.md) scores them under even odds: 4 of the 500 ACLED dev notes were not parsed
and more lost their protest to the sentence filter. A page or a sentence with one of the
wordings below passes the relevance gates (`run.pipeline`, `extract.events.gates`);
the model's own score is what is stored.

The wordings are a crowd's action, not the words alone: "protesters", "staged a protest",
"demonstrated against", "blocked the road". A strike is left out (a labour strike is a
business story as often as a protest, and "strike" has other senses); so is "rally" (of
markets). On the L3S-GN1 pages one off-topic page newly passes the page gate (a country
music festival's history, whose musicians are called "the protesters"); measured, not
tuned on: docs/quality.md.
"""

from __future__ import annotations

import re

from truceline.relevance.model import PAGE_THRESHOLD

_CROWD_ACTION = re.compile(
    r"\b(?:held|staged|organi[sz]ed|launched|began|started|joined|holding|staging) "
    r"(?:a |an )?(?:[\w-]+ ){0,2}(?:protests?|demonstrations?|sit-ins?|marches|march)\b"
    r"|\b(?:protesters|demonstrators)\b"
    r"|\b(?:protested|demonstrated) (?:against|outside|in front of|over|to demand|demanding|"
    r"in|at)\b"
    r"|\b(?:blocked|barricaded) (?:the |a )?(?:[\w-]+ ){0,2}(?:roads?|highways?|entrance|"
    r"streets?)\b",
    re.IGNORECASE,
)


def reports_crowd_action(text: str) -> bool:
    """Whether the text says a crowd protested (see the module's note)."""
    return _CROWD_ACTION.search(text) is not None


def page_passes(relevance: float | None, body: str) -> bool:
    """The page gate: a page goes through the parse when it was not judged, or judged in
    topic (PAGE_THRESHOLD), or it reports a crowd protesting."""
    return relevance is None or relevance >= PAGE_THRESHOLD or reports_crowd_action(body)

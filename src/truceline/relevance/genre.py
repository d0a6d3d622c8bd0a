"""What kind of text a page is: a news report, or a text whose events are not news.

Analysts code events from reports of them. Two kinds of page tell events without
reporting them, and on a general crawl they gave most of the events no reader would keep
(docs/quality.md, sample F: 112 of 200 events, 4 of them right):

- **opinion**: an editorial, a column, a comment piece, a letter. It argues about events,
  recalls them and imagines others; its sentences are commentary. Told by the page's own
  address ("/opinion/", "/commentisfree/", "/editorials/") or its declared section
  ("Opinion", "Editorial", "Op-Ed"), as its publisher files it.
- **reference**: a long text with no date of its own (a country study, an essay, an
  institution's report): at least `REFERENCE_WORDS` words, and neither its markup nor
  its text gives the day it was published. News reports are short or dated; such a
  text tells history, and its events could not be placed in time anyway.

Such a page is stored, cleaned and searchable, marked with its genre, but not parsed for
events, as a page judged off-topic is not (`run.pipeline`). Where relevance is not
judged (the `relevance` setting off), every page is parsed.

May import: the ground floor only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

OPINION = "opinion"
REFERENCE = "reference"

# A news report with no date of its own is rarely longer (the longest of the 621
# L3S-GN1 news pages without one has 2,395 words); the undated studies, essays and
# reports of a general crawl run from 3,800 to 13,000.
REFERENCE_WORDS = 2500

# Sections publishers file opinion under (as a page declares them: article:section,
# categories), compared case-blind.
_OPINION_SECTIONS = frozenset(
    {
        "opinion",
        "opinions",
        "editorial",
        "editorials",
        "comment",
        "commentary",
        "op-ed",
        "op-eds",
        "oped",
        "columns",
        "columnists",
        "letters",
        "letters to the editor",
    }
)
# The same as a folder of the page's address ("/2019/11/19/opinion/...").
_OPINION_PATH = re.compile(
    r"^[a-z]+://[^/]+(?:/[^/?#]*)*?/(?:opinions?|commentisfree|comment|editorials?"
    r"|op-?eds?|columnists?|columns|letters)(?:[/?#]|$)",
    re.IGNORECASE,
)


def opinion_page(url: str | None, sections: Iterable[str] = ()) -> bool:
    """Whether the page's address or its declared section files it as opinion."""
    if any(" ".join(s.lower().split()) in _OPINION_SECTIONS for s in sections):
        return True
    return url is not None and _OPINION_PATH.match(url) is not None


def genre_of(url: str | None, sections: Iterable[str], body: str, dated: bool) -> str | None:
    """`OPINION`, `REFERENCE`, or None for a page read as a news report. `dated`: the
    page gives the day it was published (its markup or its text), before any estimate."""
    if opinion_page(url, sections):
        return OPINION
    if not dated and len(body.split()) >= REFERENCE_WORDS:
        return REFERENCE
    return None

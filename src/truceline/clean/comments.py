"""Reader comments left inside an extracted body.

trafilatura finds comment sections by their markup (ids and classes such as
"comments"); pages built from bare tables, as many older news sites are, slip through
and the comments end up in the body. `cut_comments` reads the extracted body as text and
cuts it where a comment section begins: a comment-section header line ("Comments",
"3 comments so far", "Comments are now closed for this story", "Post a comment"), or such
a phrase inside a line once most of the article is behind. Calibrated on L3S-GN1 dev,
whose user-comment spans (x-nc-sel5) show these headers.
"""

from __future__ import annotations

import re

from truceline.clean import cues

# Phrases that open a comment section even in the middle of a line (table layouts join
# the article's last paragraph and the comment header on one line).
_INLINE = re.compile(
    r"\b\d+ comments? so far|\bcomments are (?:now )?closed\b|\breport this comment\b"
    r"|\bfeedback is now closed"
    r"|\b(?:post|add|leave|write) a comment\b|\bread comments \(\d+\)|\bcomments \(\d+\)"
    r"|\bposted by:\s",
    re.I,
)
# Weaker phrases, also used by article text ("have your say"): only late in the body.
_INLINE_WEAK = re.compile(r"\bhave your say\b|\bwhat you think\.\.\.|\byour say\b(?= [A-Z])", re.I)
# "Posted by: Sanjaya | Jan 14, 2008 3:52:07 PM", "Comment by D-Bomb": one comment each.
_SIGNATURE = re.compile(r"^(?:posted|comment(?:ed)?|submitted|written) by\b:?\s*\S", re.I)
_TRIM = " |\t"
# The body must hold this many words before a cut: a header-like line in the first
# paragraphs is a standfirst or a link bar, not the end of the article (L3S-GN1 dev: no
# comment section starts within the first 50 words of a body).
MIN_WORDS_BEFORE_CUT = 50
# An inline phrase cuts only past this share of the body's words: earlier, a phrase such
# as "your say" is more often part of the article.
INLINE_MIN_SHARE = 0.5


def cut_comments(body: str) -> tuple[str, int]:
    """(body without its comment section, number of comments cut)."""
    lines = body.split("\n")
    total = len(body.split())
    seen = 0
    for n, line in enumerate(lines):
        text = line.strip(_TRIM)
        if seen >= MIN_WORDS_BEFORE_CUT and text and cues.COMMENT_HEADER.match(text):
            return "\n".join(lines[:n]).rstrip(), _count(lines[n:])
        match = _inline(line, seen, total)
        if match:
            kept = lines[:n] + [line[: match.start()].rstrip(_TRIM + " ")]
            return "\n".join(kept).rstrip(), _count([line[match.start() :], *lines[n + 1 :]])
        seen += len(line.split())
    return body, 0


def _inline(line: str, seen: int, total: int) -> re.Match[str] | None:
    for pattern, floor in (
        (_INLINE, MIN_WORDS_BEFORE_CUT),
        (_INLINE_WEAK, INLINE_MIN_SHARE * total),
    ):
        match = pattern.search(line)
        if match and seen + len(line[: match.start()].split()) >= max(MIN_WORDS_BEFORE_CUT, floor):
            return match
    return None


def _count(section: list[str]) -> int:
    signatures = sum(1 for line in section if _SIGNATURE.match(line.strip(_TRIM)))
    if signatures:
        return signatures
    stated = re.search(
        r"\b(\d+)\s+comments?\b|\bcomments?\s*\((\d+)\)", " ".join(section[:3]), re.I
    )
    if stated:
        return int(stated.group(1) or stated.group(2))
    return sum(1 for line in section if len(line.split()) >= 8)

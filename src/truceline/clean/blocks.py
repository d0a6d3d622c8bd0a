"""Blocks of a text dump and what each looks like on its own.

A text dump (the seeds, a web-corpus text file, the visible text of an HTML page) has one
block per line. `segment` turns it into `Block`s with layout and language features;
`shape` gives each block its context-free class. The page-level decisions (which blocks
form an article, where comments start, where a second article begins) live in
`truceline.clean.text`.

Classes::

    widget    counters, prices, reading time, ads, login, cookie banners, navigation
    share     share bars, subscribe / newsletter lines
    donation  "Support <Outlet>", "Click here to support", "$1 a month ..."
    comments  a comment-section header ("Notify of", "3 Comments", "Leave a reply")
    related   a related-links header ("Related Articles", "More from ...")
    footer    an article footer ("• Published in World", "Filed under", "Tags:")
    caption   photo captions and credits
    byline    "By Jane Roe", "Staff writer"
    date      a line that is only a date
    item      a list item ("1. Title of another story")
    body      prose: long enough, ends like a sentence, has function words
    short     anything else short: a title, a subheading, a name, a menu entry
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from truceline.clean import cues
from truceline.clean.dates import FoundDate, date_line, find_date

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+", re.UNICODE)
_TERMINAL = re.compile(r"""[.!?;:…]["'”’»)\]]*$|[.!?]["'”’»]?\s*\(?[^()]{0,30}\)?$""")
_NORMALISE = re.compile(r"[\W_]+", re.UNICODE)
_TIMESTAMP = re.compile(r"\b\d{1,2}:\d\d\b|\b(?:last )?updated\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b", re.I)

# Body prose on the ScrapingHub dev dumps: 96% of gold paragraphs have ≥ 8 words, and
# sentence-final punctuation; nav/menu lines almost never end with a full stop.
BODY_MIN_WORDS = 8
# A long line without final punctuation is still prose when function words make up a
# normal share of it: English running text sits at 0.35–0.55 stop-word density, menus
# and tag lists under 0.1. 150 chars / 0.20 kept every gold paragraph of the seeds and
# rejected the long tag/menu lines of the ScrapingHub dumps.
LONG_BLOCK_CHARS = 150
MIN_STOP_DENSITY = 0.20
# A short line that ends like a sentence is prose only with some function words; the
# 0.10 floor drops "Copyright Inexhibit 2019." style lines.
SHORT_PROSE_STOP_DENSITY = 0.10
# Furniture patterns are for short lines; longer lines (only cookie banners among the
# furniture of the seeds and ScrapingHub dumps) skip them, for speed.
FURNITURE_MAX_CHARS = 300
# Other languages: prose when most cased words start lower-case. 0.55 separates the
# ScrapingHub dev dumps' non-English paragraphs (0.6–0.9) from their menus (< 0.4).
MIN_LOWER_SHARE = 0.55
# Chinese/Japanese/Korean lines (≥ 30% of chars in those scripts) have no spaces: a
# sentence ending in 。！？ of ≥ 15 chars, or any line of ≥ 40 chars, is prose.
CJK_SHARE = 0.3
CJK_MIN_CHARS = 15
CJK_LONG_CHARS = 40
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CJK_TERMINAL = "。！？」』）.!?"
# Running text has a comma or a stop every ~10–20 words; 40 leaves room for long
# sentences and rejects unpunctuated tag clouds (ScrapingHub dev dumps).
WORDS_PER_MARK = 40
# A headline glued to its excerpt is in Title Case; 0.8 kept all 18 glued teaser cards of
# the ScrapingHub dev dumps and none of the 2 gold paragraphs with a glued word
# ("SciSpacE").
# A line this long (fixed-width wrapping is at 60-80 characters), of this many words, with
# no end mark, continued on the next line by a lower-case word, is one sentence wrapped at
# a fixed width (text dumps, e-mails). Below these, lower-case next lines are headers over
# lists, menus ("Home" / "news" / "sport"). On the
# ScrapingHub dev text dumps, the first version (any line without an end mark) joined
# list items ending in ")", a menu word and a link, and cost 0.002 F1; as written here
# it joins nothing there.
WRAPPED_MIN_CHARS = 60
WRAPPED_MIN_WORDS = 6
WRAPPED_MIN_WORDS_AFTER = 3
GLUED_TITLE_CASE = 0.8
# The glued headline has 4–26 words (the glued word included), and 4+ words follow it:
# shorter is a name run into a word ("iPhone", "McPherson"), longer is no headline (the
# longest gold titles of the ScrapingHub set have 24 words).
GLUED_MIN_WORDS = 4
GLUED_MAX_WORDS = 26
_SENTENCE_MARK = re.compile(r"[.,;:!?،。，、](?=\s|$)")


@dataclass(slots=True)
class Block:
    index: int
    text: str
    gap_before: bool  # a blank line separates it from the previous block
    words: list[str] = field(default_factory=list)
    key: str = ""  # normalised text, to find the same line elsewhere on the page
    kind: str = "short"
    date: FoundDate | None = None

    @property
    def chars(self) -> int:
        return len(self.text)

    @property
    def stop_density(self) -> float:
        if not self.words:
            return 0.0
        return sum(map(cues.STOP_WORDS.__contains__, self.text.lower().split())) / len(self.words)

    @property
    def lower_share(self) -> float:
        """Share of cased words that start lower-case: ~0.8 in running text, under 0.3
        in menus and title-case lists; 1.0 for scripts without case."""
        lower = upper = 0
        for word in self.words:
            first = word[0]
            if first.islower():
                lower += 1
            elif first.isupper():
                upper += 1
        if not lower + upper:
            return 1.0 if self.words else 0.0
        return lower / (lower + upper)

    @property
    def cjk(self) -> bool:
        return len(_CJK.findall(self.text)) >= CJK_SHARE * len(self.text)

    @property
    def terminal(self) -> bool:
        return bool(_TERMINAL.search(self.text))


def normalise(text: str) -> str:
    """Lower-case letters and digits only, one space between: the same line typed with
    other dashes, quotes or spacing compares equal."""
    text = unicodedata.normalize("NFKC", text)
    return _NORMALISE.sub(" ", text.lower()).strip()


def _lines(text: str) -> Iterator[tuple[str, bool]]:
    """Non-empty lines (spaces normalised), each with whether a blank line comes before
    it; a hard-wrapped sentence ("... killing four" / "civilians, ...") is one line."""
    held, held_gap, gap = "", True, True
    for raw in text.split("\n"):
        line = " ".join(raw.replace("\u00a0", " ").replace("\u200b", "").split())
        if not line:
            gap = True
            continue
        if held and not gap and _wrapped(held, line):
            held += " " + line
            continue
        if held:
            yield held, held_gap
        held, held_gap, gap = line, gap, False
    if held:
        yield held, held_gap


def _wrapped(line: str, after: str) -> bool:
    """`after` goes on `line`'s sentence: `line` is a long run of words that stops on a
    word or a comma (a list item ends on ")" or a stop), and `after`, in the same
    paragraph, goes on in lower-case words (not a link, not a one-word menu entry)."""
    first = after.split(" ", 1)[0]
    return (
        after[0].islower()
        and (line[-1].isalnum() or line[-1] in ",-–")
        and first.rstrip(",;:").isalpha()
        and len(after.split()) >= WRAPPED_MIN_WORDS_AFTER
        and len(line) >= WRAPPED_MIN_CHARS
        and len(_WORD.findall(line)) >= WRAPPED_MIN_WORDS
    )


def segment(text: str) -> list[Block]:
    """One block per non-empty line, with its features and context-free kind."""
    blocks: list[Block] = []
    seen: dict[str, Block] = {}  # menus repeat: shape each distinct line once
    for stripped, gap in _lines(text):
        same = seen.get(stripped)
        if same is not None:
            block = Block(len(blocks), stripped, gap, same.words, same.key, same.kind, same.date)
        else:
            block = Block(len(blocks), stripped, gap, _WORD.findall(stripped), normalise(stripped))
            block.kind, block.date = shape(block)
            seen[stripped] = block
        blocks.append(block)
    return blocks


def is_prose(block: Block) -> bool:
    """Reads like running text: a sentence of several words, or a long line with a
    normal share of function words (English) or of lower-case words (other languages
    written with case); in Chinese/Japanese/Korean, a long line or a sentence."""
    if block.cjk:
        return block.chars >= CJK_LONG_CHARS or (
            block.chars >= CJK_MIN_CHARS and block.text[-1] in _CJK_TERMINAL
        )
    density, lower = block.stop_density, block.lower_share
    # Without English function words, a long line must still be punctuated like
    # sentences: a tag cloud is all lower-case words and no commas or stops.
    punctuated = len(_SENTENCE_MARK.findall(block.text)) * WORDS_PER_MARK >= len(block.words)
    if block.chars >= LONG_BLOCK_CHARS and (
        density >= MIN_STOP_DENSITY or (lower >= MIN_LOWER_SHARE and punctuated)
    ):
        return True
    return (
        len(block.words) >= BODY_MIN_WORDS
        and block.terminal
        and (density >= SHORT_PROSE_STOP_DENSITY or lower >= MIN_LOWER_SHARE)
    )


def shape(block: Block) -> tuple[str, FoundDate | None]:
    """Context-free kind of a block (numbered cascade: first match wins)."""
    text = block.text
    # 1. A line that is only a date (any position; the page decides whose date it is).
    found = date_line(text) if len(block.words) <= 12 else None
    if found is not None:
        return "date", found
    if block.chars > FURNITURE_MAX_CHARS:
        return (
            "widget" if cues.WIDGET.match(text) else "body" if is_prose(block) else "short"
        ), None
    # 2. Section headers that end an article body.
    if cues.COMMENT_HEADER.match(text):
        return "comments", None
    if cues.RELATED.match(text):
        return "related", None
    if cues.FOOTER.match(text):
        return "footer", None
    # 3. Furniture inside or around an article.
    for kind, pattern in (
        ("donation", cues.DONATION),
        ("widget", cues.WIDGET),
        ("share", cues.SHARE),
    ):
        if pattern.match(text):
            return kind, None
    if _is_caption(block):
        return "caption", None
    if cues.BYLINE.match(text) and len(block.words) <= 20 or cues.AUTHOR_ROLE.match(text):
        return "byline", None
    if cues.LIST_ITEM.match(text) and not is_prose(block):
        return "item", None
    if _glued_headline(text):
        return "teaser", None
    # 4. Prose, else a short line whose role depends on its neighbours.
    return ("body" if is_prose(block) else "short"), None


def _glued_headline(text: str) -> bool:
    """A teaser card flattened to one line: a Title Case headline run into its excerpt
    ("Cheese Shops In The Old TownWondering where to ..."). Title Case: at least
    GLUED_TITLE_CASE of the headline's words start with a capital."""
    match = cues.GLUED_HEADLINE.search(text)
    if match is None:
        return False
    words = text[: match.start() + 3].split()
    if not GLUED_MIN_WORDS <= len(words) <= GLUED_MAX_WORDS:
        return False
    if "@" in words[-1] or "#" in words[-1]:
        return False  # a handle ("@JaneRoe") is no junction
    if len(text[match.end() :].split()) < GLUED_MIN_WORDS:
        return False  # an excerpt follows the headline ("... and ParkMobile" is a name)
    cased = [w for w in words if w[0].isalpha()]
    return sum(w[0].isupper() for w in cased) >= GLUED_TITLE_CASE * len(cased)


def _is_caption(block: Block) -> bool:
    text = block.text
    lower = text.lower()
    if cues.has_caption_word(lower) and cues.CAPTION.search(text):
        return True
    if "/" in text and cues.PHOTO_CREDIT.match(text):
        return True
    # "A sign on the highway – 1 August 2017 (Enab Baladi)": a descriptive line that ends
    # in a credit in brackets instead of a full stop. 40 words: longer lines on the seeds
    # and ScrapingHub dumps that end in brackets were body sentences.
    credit = cues.CREDIT_END.search(text)
    if credit is None or len(block.words) > 40:
        return False
    return not text[: credit.start()].rstrip().endswith((".", "!", "?"))


def is_name_like(block: Block) -> bool:
    """A reader's name as a comment header shows it: 1–4 capitalised words, no digits,
    no punctuation at the end, no function words ("Esm Famil", "Gary Sellars")."""
    words = block.text.split()
    if block.kind != "short" or not 1 <= len(words) <= 4 or block.text[-1] in ".!?:;,\"'”’)":
        return False
    return all(
        w[:1].isupper()
        and w.replace("-", "").replace(".", "").replace("'", "").isalpha()
        and w.lower() not in cues.STOP_WORDS
        for w in words
    )


def is_title_like(block: Block) -> bool:
    """Could head an article: a short line that does not end like a sentence (a question
    or exclamation may), starts with a capital or a quote, and is not a list item."""
    # 30 words / 250 chars: the longest headline among the seeds and ScrapingHub gold
    # titles is 24 words.
    if block.kind not in ("short", "body") or not 2 <= len(block.words) <= 30 or block.chars > 250:
        return False
    first = block.text[0]
    if not (first.isupper() or first.isdigit() or first in "‘“'\"«¿¡"):
        return False
    # A headline has words: "20080109 15:24" or "2008-01-01 17:15" is a timestamp.
    if sum(1 for w in block.words if w.isalpha()) < 2:
        return False
    # A timestamp line ("Thursday, January 17, 2008; 8:43 AM", "Last updated ...").
    if _TIMESTAMP.search(block.text) or (block.date is None and _has_day_date(block.text)):
        return False
    # "Home | RSS | Archives", "HOME • CLASSIFIEDS • ...": a navigation bar.
    if sum(block.text.count(sep) for sep in ("|", "•", "·", "»")) >= 2:
        return False
    return not block.text.endswith((".", ",", ";", ":", "…"))


def _has_day_date(text: str) -> bool:
    found = find_date(text)
    return found is not None and found.day is not None

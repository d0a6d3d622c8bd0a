"""The headline of an HTML page.

Metadata titles (og:title, <title>) are often the site's name or "Headline | Site", and
the first <h1> is often the site's logo. The headline is chosen among the page's heading
elements by three cues: how much of it the metadata title repeats, whether it sits just
above the article body, and its tag. Calibrated on L3S-GN1 dev (621 pages, headline span
`x-nc-sel1`): see each constant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from truceline.clean.blocks import Block, is_title_like, normalise, segment

_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5")
_HEADLINE_HINT = re.compile(r"headline|title|heading|story-?head", re.I)
_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|«|:|/|·)\s+")
# How many visible-text lines above the body's first line a headline is looked for:
# on L3S-GN1 dev, 95% of headlines sit within 12 lines of the body (dates, bylines,
# share bars and captions in between).
LOOKBACK_LINES = 15
# Lines that may sit between a headline and its body without weakening the link.
_HEAD_KINDS = frozenset({"date", "byline", "caption", "share", "widget", "teaser", "repeat"})
# A line of 6+ words with a sentence's share of function words, between a headline and
# the body, is its standfirst or photo caption ("The minister arrived in the capital on
# Monday with his wife"), not a line that separates them. L3S-GN1 dev headline found:
# without 0.869; density floor 0.15 / 0.25 / 0.35 gave 0.881 / 0.883 / 0.876.
DECK_WORDS = 6
DECK_STOP_DENSITY = 0.25
# Nearness fades to nothing over this many other lines between headline and body.
NEAR_LINES = 6
# Weights of the cues (L3S-GN1 dev, headline found rate): overlap with the metadata
# title dominates; a heading element or a headline class counts as much as sitting
# right above the body.
W_OVERLAP, W_HEADING, W_NEAR = 2.0, 1.0, 1.0
# Below this score no line is a convincing headline and the metadata title is kept
# (a line right above the body with no other cue scores ≤ 1).
MIN_SCORE = 0.9
# A metadata title of fewer than 4 words is often the site's or the section's name
# ("Nation AP", "Related News", "clubcall") that a logo or a menu line repeats; its
# overlap counts for less. L3S-GN1 dev headline found: weight 1.0 / 0.5 / 0.25 / 0 gave
# 0.854 / 0.864 / 0.864 / 0.866; 0.25 keeps some credit for real short headlines.
META_HEADLINE_WORDS = 4
SHORT_META_WEIGHT = 0.25
# A short line (≤ SECTION_WORDS words: a section or site name such as "Local Sports
# Wire") loses its nearness when a longer title-like line sits between it and the body:
# that line is the headline, the short one the section heading above it. L3S-GN1 dev
# headline found: without 0.8825; 4 words 0.8907 (3 / 5 words: 0.8891 / 0.8874); the
# rule for any title-like line in between, not only longer ones, gave 0.8626 (bylines
# and credits such as "AP Golf Writer" sit under real headlines).
SECTION_WORDS = 4
# Such a section heading that a menu or breadcrumb line of the page also names is what a
# section page's metadata title names ("Premier League Tips and Odds" over "Premier
# League"): its overlap counts for less. L3S-GN1 dev headline found: without 0.9040;
# weight 0.5 (0 and 0.25: the same) 0.9056. Without the menu condition, 0.5 gave 0.8990
# (real short headlines that a "most read" list repeats) and 0.75 gave 0.9056.
SECTION_META_WEIGHT = 0.5
# An author's name without "By" right above the body ("JOHN SMITH", "Jane Doe"): 2–3
# words, all capitals or all capitalised, letters only, no function words. It is no
# headline, and it does not part the headline above it from the body. L3S-GN1 dev
# headline found: without 0.8907; all-capitals names only 0.8924; also capitalised names
# too 0.8940 at 2–4 words, 0.8957 at 2–3 (kept), 0.8907 at 2–5.
BYLINE_WORDS = (2, 3)
# A "site name" of more than this many words is a headline or a sentence that the
# metadata mislabelled ("T.J. Ford Cleared To Practice", a copyright line): it is not
# used to drop lines or title parts. L3S-GN1 dev headline found: without 0.8957; 5 words
# 0.9040 (3 and 4 words: the same); 6 / 7 / 9 words: 0.9023 / 0.9007 / 0.8990.
SITE_MAX_WORDS = 5


def _overlap(candidate: str, titles: list[str], site: str) -> float:
    """Best Dice overlap of the candidate's words with one of the metadata titles: a site
    name scores low against "Site - Section - Headline", the headline scores high. A
    title that is only a name (short once its site part is dropped) counts for less."""
    words = set(normalise(candidate).split())
    if not words:
        return 0.0
    best = 0.0
    for title in titles:
        title_words = set(normalise(title).split())
        if title_words:
            dice = 2 * len(words & title_words) / (len(words) + len(title_words))
            weight = 1.0 if _headline_like(title, site) else SHORT_META_WEIGHT
            best = max(best, dice * weight)
    return best


_DOMAIN = re.compile(r"^\S+\.(?:com|net|org|co|info|biz|tv|[a-z]{2})$", re.I)


def _headline_like(title: str, site: str) -> bool:
    """The metadata title holds a headline: some part of it, other than the site's name
    or a domain, has at least META_HEADLINE_WORDS words."""
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    return any(
        len(p.split()) >= META_HEADLINE_WORDS and normalise(p) != site and not _DOMAIN.match(p)
        for p in parts
    )


def _heading_texts(tree: lxml.html.HtmlElement) -> set[str]:
    found = set()
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        hinted = (
            _HEADLINE_HINT.search((element.get("class") or "") + " " + (element.get("id") or ""))
            if tag
            else None
        )
        if tag in _HEADING_TAGS or (
            hinted and tag not in ("body", "html", "meta", "link", "title")
        ):
            text = " ".join(element.text_content().split())
            if 0 < len(text) <= 300:
                found.add(normalise(text))
    return found


def _meta_titles(tree: lxml.html.HtmlElement) -> list[str]:
    """<title> and og:title / twitter:title contents."""
    found = [" ".join(t.text_content().split()) for t in tree.iter("title")]
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() in (
            "og:title",
            "twitter:title",
        ):
            found.append(meta.get("content") or "")
    return [t for t in found if t]


def _bare_byline(block: Block) -> bool:
    """An author's name on its own line: 2–3 letter-only words, all capitals (or each
    capitalised), no function words."""
    words = block.text.split()
    if not BYLINE_WORDS[0] <= len(words) <= BYLINE_WORDS[1] or block.stop_density:
        return False
    if not all(w.replace(".", "").replace("-", "").replace("'", "").isalpha() for w in words):
        return False
    return all(w[0].isupper() for w in words)  # all capitals, or each word capitalised


def _between(block: Block) -> bool:
    """A line between a candidate and the body that weakens their link: not a head line
    (date, byline, caption, share bar) nor a stamp of digits ("20080109 15:24")."""
    if block.kind in _HEAD_KINDS or _bare_byline(block):
        return False
    if len(block.words) >= DECK_WORDS and block.stop_density >= DECK_STOP_DENSITY:
        return False  # a standfirst or a caption under the headline, worded as a sentence
    return any(w.isalpha() for w in block.words)


def _section_heading(block: Block, lines_between: list[Block]) -> bool:
    """A short title-like line with a longer title-like line between it and the body:
    a section's name above the headline, not the headline."""
    return len(block.words) <= SECTION_WORDS and any(
        len(b.words) > SECTION_WORDS and is_title_like(b) for b in lines_between
    )


_MENU_SEPARATORS = ("|", "•", "·", "»", ">")


def _in_menu(block: Block, blocks: list[Block]) -> bool:
    """The line's words recur, in order, inside a menu or breadcrumb line of the page
    (2+ separators: "Premier League • Championship • La Liga"): a section's name."""
    needle = f" {block.key} "
    return any(
        needle in f" {b.key} " and sum(b.text.count(sep) for sep in _MENU_SEPARATORS) >= 2
        for b in blocks
        if b.index != block.index
    )


def _body_line(blocks: list[Block], body: str) -> int | None:
    """Index of the first prose block of the body (10+ words: a date or a byline line
    that trafilatura kept is not where the article starts). Table cells ("|") count as
    lines; the first few such lines are tried in turn."""
    cells = [cell for cell in re.split(r"\n|\|", body) if len(cell.split()) >= 10]
    for cell in cells[:5]:
        snippet = normalise(" ".join(cell.split()[:8]))
        found = next((b.index for b in blocks if snippet in b.key), None)
        if found is not None:
            return found
    return None


@dataclass(frozen=True, slots=True)
class _Page:
    """What scoring a candidate headline line needs to know about its page."""

    blocks: list[Block]
    at: int | None  # the line where the body's prose run starts, if found
    meta: list[str]  # metadata titles
    meta_keys: set[str]
    weak_meta: bool  # no metadata title reads like a headline
    headings: set[str]  # keys of the page's <h1>-<h3> texts
    site: str


def headline(
    tree: lxml.html.HtmlElement, lines: str, meta_title: str | None, sitename: str | None, body: str
) -> str | None:
    """The page's headline among the visible-text `lines` above the body, or the
    metadata title (without the site's name) when no line fits better."""
    blocks = segment(lines)
    site = _site_key(sitename)
    at = _body_line(blocks, body)
    if at is not None:
        while at > 0 and blocks[at - 1].kind == "body":  # back to the start of that prose run
            at -= 1
    meta = [t for t in [meta_title, *_meta_titles(tree)] if t]
    # No metadata title holds a headline ("Recent Features", "Talkback - Add your
    # opinion"): it is more likely the name of a box on the page than of the article.
    # L3S-GN1 dev headline found: without 0.9056; with both uses below 0.9073 (either
    # alone: 0.9056); also lowering MIN_SCORE to 0.6-0.8 for such pages: no change.
    weak_meta = not any(_headline_like(t, site) for t in meta)
    page = _Page(
        blocks, at, meta, {normalise(t) for t in meta}, weak_meta, _heading_texts(tree), site
    )
    best, best_score = None, MIN_SCORE
    for block in blocks:
        score = _headline_score(block, page)
        if score is not None and score > best_score:
            best, best_score = block.text, score
    return best or _split_title(meta_title, site)


def _headline_score(block: Block, page: _Page) -> float | None:
    """How well a line fits as the headline; None for a line that cannot be it."""
    at = page.at
    if not is_title_like(block) or block.key == page.site:
        return None
    if at is not None and block.index == at - 1 and _bare_byline(block):
        return None  # the author's name right above the body
    overlap = _overlap(block.text, page.meta, page.site)
    near = 0.0
    # The body's first line itself may be the headline (trafilatura keeps it in tables).
    in_head = at is not None and 0 <= at - block.index < LOOKBACK_LINES
    if page.weak_meta and at is not None and not in_head and block.key in page.meta_keys:
        return None  # a box or section heading far from the body that the title names
    if in_head:
        lines_between = [b for b in page.blocks[block.index + 1 : at] if _between(b)]
        near = max(0.0, 1 - len(lines_between) / NEAR_LINES)
        # Only lines that part it from the body: a standfirst under the headline is
        # often title-like too (shadowing by any line: 0.8874).
        if _section_heading(block, lines_between):
            near = 0.0
            if _in_menu(block, page.blocks):
                overlap *= SECTION_META_WEIGHT
    if not overlap and not near and not (page.weak_meta and in_head):
        # A heading far from the body that the metadata does not name; without a
        # headline in the metadata, a heading in the head still counts.
        return None
    return W_OVERLAP * overlap + W_NEAR * near + (W_HEADING if block.key in page.headings else 0.0)


def _site_key(sitename: str | None) -> str:
    """The site's name, normalised; empty when it is too long to be a name."""
    key = normalise(sitename or "")
    return key if len(key.split()) <= SITE_MAX_WORDS else ""


def _split_title(title: str | None, site: str) -> str | None:
    """ "Headline | Site" → "Headline": drop a part that is the site's name, or a short
    last part after a dash (≤ 4 words: site names; longer parts belong to the headline)."""
    if not title:
        return None
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    kept = [p for p in parts if normalise(p) != site]
    if len(kept) == len(parts) and len(parts) > 1 and len(parts[-1].split()) <= 4:
        kept = parts[:-1]
    return max(kept, key=lambda p: len(p.split())) if kept else title

"""The text cleaner: from a text dump's blocks to its articles.

Cascade for one page:
1. `segment` the dump into blocks with context-free kinds (`truceline.clean.blocks`);
   mark teasers (an excerpt cut short that a later block continues) and repeats.
2. Find the main zone: the run of blocks with the best balance of prose against
   furniture (maximum-sum window; prose counts its length, furniture a penalty).
3. Walk the zone article by article: an article runs from its first prose block to an
   end marker (related-links header, footer, comment section). After an end marker a new
   article starts only at a title-like line followed by enough prose.
4. Per article: title (the nearest title-like line above the first prose block, its first
   occurrence when repeated), head (byline, date line, captions), body (prose and the
   subheadings and short sentences between prose), comments (counted, never kept).
5. A page without any prose block falls back to its non-furniture lines as one body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from truceline.clean import cues
from truceline.clean.blocks import Block, is_name_like, is_prose, is_title_like, normalise, segment
from truceline.clean.dates import byline_date, dateline
from truceline.models import Article, DateValue

# Kadane weights. Prose counts its length in chars; a menu-like short line (≤ MENU_WORDS
# words) costs 30, a longer short line (a list item, a subheading) 20, furniture 40: a
# menu of 20 entries outweighs a cookie banner (~400 chars), a subheading or two never
# splits an article. Grid on the ScrapingHub dev text dumps (104 pages): short 20/30/40
# × phrase 10/20 × furniture 30/40/60/100 gave F1 0.874–0.898, best at 30/20/40.
SHORT_PENALTY = 30
PHRASE_PENALTY = 20
FURNITURE_PENALTY = 40
MENU_WORDS = 3
# Prose under a headline + byline/date counts this many chars more: a short news item
# (two paragraphs, ~430 chars) then outweighs a long contact or disclaimer paragraph at
# the page's foot. ScrapingHub dev text dumps: 0 gave F1 0.906, 170 / 300 / 500 / 1000 all
# 0.915 (a two-paragraph news item under title, byline and date wins over a contact box).
HEADLINE_BONUS = 300
# Lines between a headline and the prose under it (byline, date, caption, share bar).
HEADLINE_GAP = 5
_NEUTRAL = frozenset({"caption", "byline", "date", "teaser", "repeat"})
_FURNITURE = frozenset({"widget", "share", "donation", "comments", "related", "footer", "item"})
_ENDS = frozenset({"related", "footer"})
# Kinds that may sit between a title and its first prose block.
_HEAD = frozenset(
    {"caption", "byline", "date", "teaser", "repeat", "widget", "share", "donation", "short"}
)
# How far above the first prose block a title is looked for: the seeds put ≤ 4 lines
# (credits, donation lines, a repeated title) between them; 8 leaves room for a byline,
# a date and a caption without reaching into the navigation.
HEAD_LOOKBACK = 8
# A new article after an end marker needs this much prose (before the next teaser head):
# the seeds' shortest second article has 6 paragraphs / 900 chars; related-story teasers
# on the ScrapingHub dumps are one paragraph of < 300 chars.
NEW_ARTICLE_MIN_PROSE = 2
NEW_ARTICLE_MIN_CHARS = 300
# An article also ends at a run of this many menu-like lines (tags, share bars, a "more
# from" list): subheadings come one or two at a time. ScrapingHub dev text dumps: runs of
# 3/4/5/6/8 gave F1 0.895/0.893/0.897/0.900/0.898.
SOFT_END_RUN = 6
# Lines between a teaser's title and its byline or date ("Title / Author / Date").
ITEM_HEAD_LINES = 2
# A title+byline/date ends an article only after this much prose: earlier, it is the
# article's own head repeated (ScrapingHub dev dumps: 1 → F1 -0.015 against 3).
ITEM_AFTER_PROSE = 3
# A second "article" whose paragraphs are mostly (by length) in an earlier one repeats it.
RESTATED_SHARE = 0.8
# A later article must have a title and at least this share of the first article's prose
# (in chars): a sidebar, a sign-up box or a teaser after the article is much smaller.
# The seeds' smallest real second article has 0.29 of the first's prose; on the
# ScrapingHub dev text dumps the false splits under 0.2 were sidebars (0.10–0.19) and
# 0.2 raised F1 by ~0.003 (0.15 missed one sidebar at 0.19; 0.25 would near the seeds).
SPLIT_MIN_SHARE = 0.2
# A later article that ends in this many "title + one paragraph" items (a trailing run of
# single-paragraph prose runs) ends in a teaser list ("Guides: <title> / <excerpt> ..."):
# the list is cut off, and a draft left with too little prose is dropped as a sidebar.
# Not applied when the first article ends the same way (the page writes its articles as
# short items: recipe cards, digests). ScrapingHub dev text dumps: 3 items gave F1
# 0.9296 -> 0.9322 (2 items: same; 4-5 items: +0.002 less); seeds unchanged.
TEASER_LIST_ITEMS = 3
# Comments without a header (a reader's name, then text) are only looked for once the
# article has this many prose blocks: a name-like line in an article's first paragraphs
# is a subheading or a credit.
MIN_PROSE_BEFORE_COMMENTS = 2
# A comment thread without header: at least two names each followed by text.
MIN_THREAD_NAMES = 2
# A run of short lines between two prose blocks of an article is a list (kept) when its
# lines have at least this many words; menus and tag rows have 1–3. ScrapingHub dev text
# dumps: off / 3 / 4 / 5 / 6 gave F1 0.924 / 0.927 / 0.927 / 0.927 / 0.927.
LIST_LINE_WORDS = 4
# Link labels that close a promo box; "Read more" on its own is a label, "Read more from
# <Section>" a related-links header.
_LINK_LABELS = frozenset({"read more", "read more here", "read the full story", "see more"})
# Lines of a promo above its label: a headline and a cut-short excerpt (the ScrapingHub
# dev dumps' in-article promos have 1 or 2).
PROMO_LINES = 2
_COMMENT_COUNT = re.compile(r"^(\d+)\s+(?:comments?|responses?|replies|thoughts?)\b", re.I)


@dataclass(slots=True)
class Draft:
    """One article being assembled from the page's blocks."""

    title: Block | None = None
    head: list[Block] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    comments: int = 0


def clean_text(text: str) -> list[Article]:
    """Split a text dump into its articles (page order). Returns [] when no text is found;
    the caller turns that into NoContent."""
    blocks = segment(text)
    if not blocks:
        return []
    mark_repeats(blocks)
    mark_inline_promos(blocks)
    drafts = find_articles(blocks)
    if not drafts:
        drafts = _fallback(blocks)
    page_outlet = page_outlet_of(blocks)
    articles: list[Article] = []
    for article in (to_article(d, page_outlet) for d in drafts):
        if article.body and not any(_restates(article.body, a.body) for a in articles):
            articles.append(article)
    return articles


def _restates(body: str, earlier: str) -> bool:
    """Most of `body`'s paragraphs are already in an earlier article's body: the page
    printed the same text twice (a summary, an "also in" box), not a second article."""
    paragraphs = [normalise(p) for p in body.split("\n\n")]
    seen = normalise(earlier)
    repeated = sum(len(p) for p in paragraphs if p and p in seen)
    return repeated >= RESTATED_SHARE * sum(len(p) for p in paragraphs)


def mark_repeats(blocks: list[Block]) -> None:
    """Teasers (a cut-short excerpt that a later block continues) become 'teaser'; a block
    that repeats the one just before it becomes 'repeat'."""
    for i, block in enumerate(blocks):
        if i and block.key and block.key == blocks[i - 1].key:
            block.kind = "repeat"
            continue
        if cues.TRUNCATED.search(block.text) and len(block.key) >= 20:
            stem = block.key
            if any(b.key.startswith(stem) and b.key != stem for b in blocks[i + 1 :]):
                block.kind = "teaser"


def mark_inline_promos(blocks: list[Block]) -> None:
    """A promo for another story set inside the article ("Other Headline" / "Read more"
    / the article goes on): the link label is no related-links header, so it becomes a
    widget and the promo's lines above it teasers."""
    for i, block in enumerate(blocks):
        if block.kind != "related" or block.key not in _LINK_LABELS or not i:
            continue
        if blocks[i - 1].kind != "short":
            continue  # a label under an excerpt: a list of story cards
        ahead = blocks[i + 1 : i + 4]
        after = next((b for b in ahead if b.kind not in _NEUTRAL and b.kind != "widget"), None)
        if after is None or after.kind != "body":
            continue
        block.kind = "widget"
        for j in range(i - 1, max(-1, i - 1 - PROMO_LINES), -1):
            if blocks[j].kind != "short":
                break
            blocks[j].kind = "teaser"


def _weight(block: Block) -> int:
    if block.kind == "body":
        return block.chars
    if block.kind in _NEUTRAL:
        return 0
    if block.kind in _FURNITURE:
        return -FURNITURE_PENALTY
    return -SHORT_PENALTY if len(block.words) <= MENU_WORDS else -PHRASE_PENALTY


def main_zone(blocks: list[Block]) -> tuple[int, int] | None:
    """[start, end) of the maximum-weight window (Kadane), or None without prose."""
    best, best_span = 0, None
    total, start = 0, 0
    for i, block in enumerate(blocks):
        if total <= 0:
            total, start = 0, i
        total += _weight(block)
        if block.kind == "body" and _under_headline(blocks, i):
            total += HEADLINE_BONUS
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _under_headline(blocks: list[Block], i: int) -> bool:
    """Prose right under a headline and its byline or date line ("Title / By X / date /
    text"): how a news article starts. Teaser lists repeat title+byline+date too, but
    without prose under them."""
    if i == 0 or blocks[i - 1].kind == "body":
        return False
    dated = False
    for j in range(i - 1, max(-1, i - 1 - HEADLINE_GAP), -1):
        block = blocks[j]
        if block.kind in ("byline", "date"):
            dated = True
        elif block.kind == "short" and is_title_like(block):
            return dated
        elif block.kind not in _NEUTRAL and block.kind not in ("widget", "share"):
            return False
    return False


def find_articles(blocks: list[Block]) -> list[Draft]:
    zone = main_zone(blocks)
    if zone is None:
        return []
    start, end = zone
    drafts: list[Draft] = []
    i: int | None = _first_prose(blocks, start, end)
    floor = 0  # a title is never looked for above the previous article's end
    while i is not None:
        draft = Draft()
        draft.title, draft.head = find_head(blocks, i, max(floor, i - HEAD_LOOKBACK))
        stop, in_comments = walk_body(blocks, i, end, draft)
        if drafts and not _teaser_tail(drafts[0].blocks):
            cut = _teaser_tail(draft.blocks)
            if cut is not None:
                del draft.blocks[cut:]  # or all of it: a teaser list under a section name
        if not drafts or _holds_own(draft, drafts[0]):
            drafts.append(draft)
        else:
            draft = drafts[-1]  # a sidebar: dropped; comments after it are the last article's
        if in_comments:
            draft.comments = count_comments(blocks[stop:end])
            break
        floor = stop
        i = next_article(blocks, stop, end)
        if i is None:
            # The zone ends before a comment section of short lines: still count it.
            header = next(
                (j for j in range(stop, len(blocks)) if blocks[j].kind == "comments"), None
            )
            if header is not None:
                draft.comments = count_comments(blocks[header:])
    return drafts


def _prose_chars(draft: Draft) -> int:
    return sum(b.chars for b in draft.blocks if b.kind == "body")


def _holds_own(draft: Draft, first: Draft) -> bool:
    """A later draft is an article of its own, not a sidebar or a box after the first:
    it has a title and prose comparable in size to the first's (SPLIT_MIN_SHARE)."""
    return draft.title is not None and _prose_chars(draft) >= SPLIT_MIN_SHARE * _prose_chars(first)


def _teaser_tail(blocks: list[Block]) -> int | None:
    """Where a trailing teaser list starts in an article's blocks: the end of its last
    multi-paragraph run (0 when it has none), provided at least TEASER_LIST_ITEMS
    single-paragraph runs follow it. None without such a tail."""
    singles, i = 0, len(blocks)
    while i > 0:
        j = i
        while j > 0 and blocks[j - 1].kind != "body":
            j -= 1  # the lines between two prose runs: a teaser's title, date, label
        k = j
        while k > 0 and blocks[k - 1].kind == "body":
            k -= 1
        if k == j:  # no prose left above
            return 0 if singles >= TEASER_LIST_ITEMS else None
        if j - k > 1:
            return j if singles >= TEASER_LIST_ITEMS else None
        singles += 1
        i = k
    return 0 if singles >= TEASER_LIST_ITEMS else None


def _first_prose(blocks: list[Block], start: int, end: int) -> int | None:
    return next((j for j in range(start, end) if blocks[j].kind == "body"), None)


def find_head(blocks: list[Block], first: int, floor: int) -> tuple[Block | None, list[Block]]:
    """The title and head blocks above the first prose block at `first`."""
    head: list[Block] = []
    title: Block | None = None
    for j in range(first - 1, floor - 1, -1):
        block = blocks[j]
        if block.kind not in _HEAD:
            break
        if block.kind == "short" and is_title_like(block):
            title = block
            break
        head.append(block)
    if title is None:
        return None, head[::-1]
    # A title repeated as a teaser: keep its first occurrence (the page's own headline).
    for j in range(max(floor, title.index - HEAD_LOOKBACK), title.index):
        if blocks[j].key == title.key and blocks[j].kind in ("short", "repeat"):
            title = blocks[j]
            break
    # A date line right above the title belongs to it when it names a day and is not
    # among widget lines ("JUNE 2021" under donation amounts is a widget date).
    above = blocks[title.index - 1] if title.index > floor else None
    if above is not None and above.kind == "date" and above.date and above.date.day is not None:
        before = blocks[above.index - 1] if above.index > 0 else None
        if before is None or before.kind not in ("widget", "donation", "date"):
            head.insert(0, above)
    return title, head[::-1]


def walk_body(
    blocks: list[Block], first: int, end: int, draft: Draft, *, item_after: int = 0
) -> tuple[int, bool]:
    """Collect the article's blocks from `first` until an end marker. Returns the index
    where it stopped and whether a comment section starts there. Another item's head
    (title + byline/date) ends the article once it has `item_after` (default
    ITEM_AFTER_PROSE) prose blocks."""
    prose = 0
    for j in range(first, end):
        block = blocks[j]
        if block.kind == "comments":
            return j, True
        if block.kind in _ENDS and prose:
            return j, False
        if prose >= MIN_PROSE_BEFORE_COMMENTS and starts_comment_thread(blocks, j, end):
            return j, True
        if prose and _furniture_run(blocks, j, end) >= SOFT_END_RUN:
            return j, False
        if prose >= (item_after or ITEM_AFTER_PROSE) and _starts_item(blocks, j, end):
            return j, False
        draft.blocks.append(block)
        prose += block.kind == "body"
    return end, False


def _starts_item(blocks: list[Block], j: int, end: int) -> bool:
    """A title-like line followed by a byline or a date line: the head of another item
    (a teaser list after the article), not a subheading."""
    if not (blocks[j].kind == "short" and is_title_like(blocks[j])):
        return False
    nxt = blocks[j + 1 : min(end, j + 1 + ITEM_HEAD_LINES)]
    return any(b.kind in ("byline", "date") for b in nxt)


def _furniture_run(blocks: list[Block], j: int, end: int) -> int:
    """Length of the run of menu-like lines (furniture, or ≤ MENU_WORDS words) starting at
    j, up to the next prose; other lines neither break it nor count."""
    run = 0
    for block in blocks[j:end]:
        if block.kind == "body":
            break
        if block.kind in _FURNITURE or (block.kind == "short" and len(block.words) <= MENU_WORDS):
            run += 1
            if run >= SOFT_END_RUN:
                break
    return run


def starts_comment_thread(blocks: list[Block], j: int, end: int) -> bool:
    """Reader comments without a header: a name-like line followed by text, and either
    more names+text to the end of the zone (a thread) or one opinionated last comment."""
    if not is_name_like(blocks[j]) or j + 1 >= end or blocks[j + 1].kind not in ("body", "short"):
        return False
    if is_name_like(blocks[j + 1]):
        return False
    names: set[str] = set()
    texts = 0
    for block in blocks[j:end]:
        if block.kind in ("comments", "related", "footer"):
            break
        if is_name_like(block):
            names.add(block.key)  # distinct: one line repeated all over is furniture
        elif block.kind in ("body", "short"):
            texts += 1
            if block.kind == "short" and is_title_like(block) and not block.terminal:
                return False  # a subheading: the article goes on
    if len(names) >= MIN_THREAD_NAMES and texts >= len(names):
        return True
    rest = [b for b in blocks[j + 1 : end] if b.kind in ("body", "short")]
    return (
        len(names) == 1
        and len(rest) <= 3
        and any(cues.OPINION.search(_unquoted(b.text)) for b in rest)
    )


def _unquoted(text: str) -> str:
    return re.sub(r"[“\"][^”\"]*[”\"]", " ", text)


def count_comments(section: list[Block]) -> int:
    """Number of reader comments in a comment section: the count the page states, else
    the commenters' names, else the text blocks."""
    for block in section[:8]:
        match = _COMMENT_COUNT.match(block.text)
        if match:
            return int(match.group(1))
    names = sum(1 for b in section if is_name_like(b))
    if names:
        return names
    return sum(1 for b in section if b.kind == "body")


def next_article(blocks: list[Block], stop: int, end: int) -> int | None:
    """First prose block of a new article after the end marker at `stop`: a title-like
    line followed (past head lines) by enough prose before the next end marker."""
    for t in range(stop + 1, end):
        if blocks[t].kind in ("comments",):
            return None
        if not (blocks[t].kind == "short" and is_title_like(blocks[t])):
            continue
        first = next(
            (j for j in range(t + 1, end) if blocks[j].kind not in _HEAD - {"short"}), None
        )
        if first is None or blocks[first].kind != "body":
            continue
        trial = Draft()
        # A candidate ends at the next teaser head: a teaser list is one paragraph a title.
        walk_body(blocks, first, end, trial, item_after=1)
        prose = [b for b in trial.blocks if b.kind == "body"]
        if (
            len(prose) >= NEW_ARTICLE_MIN_PROSE
            and sum(b.chars for b in prose) >= NEW_ARTICLE_MIN_CHARS
        ):
            return first
    return None


def body_blocks(draft: Draft) -> list[Block]:
    """The article's prose, with subheadings (a short line right before prose) and short
    sentences between prose; furniture, captions, repeats of the title dropped."""
    title_key = draft.title.key if draft.title else None
    kept: list[Block] = []
    blocks = draft.blocks
    for n, block in enumerate(blocks):
        if block.key == title_key:
            continue
        if block.kind == "body":
            if not _repeats_kept(block, kept):
                kept.append(block)
        elif block.kind in ("short", "item") and _inner_short(blocks, n):
            kept.append(block)
    return kept


def _repeats_kept(block: Block, kept: list[Block]) -> bool:
    """The block says again what the article already holds: the same paragraph, or the
    whole text run together on one line (pages that also print their text in a
    summary or a metadata field)."""
    inside = sum(1 for b in kept if b.kind == "body" and len(b.key) >= 40 and b.key in block.key)
    return inside >= 2 or any(len(block.key) >= 40 and block.key in b.key for b in kept)


def _inner_short(blocks: list[Block], n: int) -> bool:
    block = blocks[n]
    direct = True
    for nxt in blocks[n + 1 :]:
        if nxt.kind == "body":
            break
        if nxt.kind in ("short", "item"):
            direct = False
        elif nxt.kind not in ("caption", "widget", "share", "repeat"):
            return False
    else:
        return False
    if direct:
        # A sentence that ends like one, or a subheading (≤ 15 words: the longest
        # subheadings on the seeds are 8 words) before more prose.
        return block.terminal or len(block.words) <= 15
    return len(block.words) >= LIST_LINE_WORDS


def page_outlet_of(blocks: list[Block]) -> str | None:
    """The outlet a page names: "Support <Outlet>", a copyright line, a caption credit
    that is not a news agency."""
    for pattern, kinds in (
        (cues.DONATION, ("donation",)),
        (cues.COPYRIGHT, ("widget", "short", "body")),
    ):
        for block in blocks:
            if block.kind in kinds and len(block.words) <= 12:
                match = pattern.match(block.text)
                name = _clean_name(match.groupdict().get("outlet")) if match else None
                if name:
                    return name
    for block in blocks:
        if block.kind == "caption":
            match = cues.CREDIT_END.search(block.text)
            name = _clean_name(match.group("credit")) if match else None
            if name and name.lower() not in cues.AGENCIES:
                return name
    return None


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip(" .,:;-–—")
    return name if name and name.lower() not in ("us", "our work", "all rights") else None


def to_article(draft: Draft, page_outlet: str | None) -> Article:
    body = body_blocks(draft)
    published, author = head_facts(draft)
    outlet = page_outlet
    if body:
        found = dateline(body[0].text)
        if found:
            published = published or found[0]
            outlet = outlet or _clean_name(found[1])
    title = draft.title.text if draft.title else None
    return Article(
        title=title,
        body="\n\n".join(b.text for b in body),
        published=published,
        published_basis="text" if published else "unknown",
        comments=draft.comments,
        author=author,
        outlet=outlet,
    )


_NAME_STOP = re.compile(
    r"\s+(?:updated|published|posted|last|on|at|\||-|–|—|\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b).*$",
    re.I,
)


def head_facts(draft: Draft) -> tuple[DateValue | None, str | None]:
    """Publication date and author from the article's head lines."""
    published: DateValue | None = None
    author: str | None = None
    for block in draft.head:
        if block.kind == "date" and block.date and published is None:
            published = block.date.value()
        elif block.kind == "byline":
            match = cues.BYLINE.match(block.text)
            if match and author is None:
                author = _NAME_STOP.sub("", match.group("name")).strip() or None
            found = byline_date(block.text)
            if found and published is None:
                published = found.value()
    if published is None:
        # A head line that reads as furniture can still carry the date: "October 14, 2019 |
        # 5:42 PM | 3 min read", "Hadi al-Omar | 25/10/2019". Only a full day counts, so a
        # month-year widget ("JUNE 2021") never does.
        for block in draft.head:
            found = byline_date(block.text) if block.kind in ("widget", "short", "share") else None
            if found is not None:
                return found.value(), author
    return published, author


def _fallback(blocks: list[Block]) -> list[Draft]:
    """No prose block on the page: keep its non-furniture lines as one body, provided
    they hold a sentence (short notes, captions-only pages give nothing)."""
    lines = [b for b in blocks if b.kind == "short"]
    if not any(b.terminal for b in lines) and not any(is_prose(b) for b in lines):
        return []
    for block in lines:
        block.kind = "body"
    return [Draft(blocks=lines)]

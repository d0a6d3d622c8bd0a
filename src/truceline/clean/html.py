"""HTML pages: trafilatura (+ htmldate) for body and metadata, our text cleaner as fallback.

Cascade:
1. trafilatura `bare_extraction` with comments extracted separately (so that they are
   counted and cut out of the tree before the body is read) and metadata (title, author,
   site name, date via htmldate). Accepted when the body has ≥ MIN_BODY_CHARS.
2. The page's visible text (one block per line) through the text cleaner, which also
   splits multi-article pages. Used when 1 came up short and 2 found more text. The
   lines trafilatura found to be reader comments are left out of it: else a page whose
   article is empty gave its comment section as the body.
3. Whatever 1 found, however short; [] when nothing (the caller raises NoContent).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import lxml.html
from lxml import etree

from truceline.clean.blocks import normalise
from truceline.clean.comments import cut_comments
from truceline.clean.text import clean_text
from truceline.clean.titles import headline
from truceline.models import Article, DateValue

# Below this many chars trafilatura's body is thought to have missed the article and the
# text cleaner is tried: every ScrapingHub dev gold body is longer (the shortest has 369).
MIN_BODY_CHARS = 250
# Step 3 keeps a short trafilatura body only when it holds a sentence's worth of words:
# a lone "Home" or "Log in" from a navigation-only page is no article.
MIN_FALLBACK_WORDS = 5
# Trafilatura settings, measured with evaluation/extraction.py on the dev sets:
#   favor_recall     ScrapingHub HTML F1 0.970, L3S-GN1 F1 0.849, comment tokens in body 1.2%
#   (default)        0.965, 0.862, 1.1%
#   favor_precision  0.976, 0.860, 0.7%   <- best on both the benchmark and the comments
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "favor_recall": False,
    "include_comments": True,  # extracted apart from the body: counted, never kept
    "include_tables": True,
    "with_metadata": True,
    "deduplicate": False,
    # Only dates the page declares (meta tags, <time>, URL), not any date in its text:
    # a text date may be a widget's or a related story's.
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "head",
    "object",
    "canvas",
)
_BLOCK_TAGS = frozenset(
    """address article aside blockquote br dd details dialog div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table
    td th tr ul option button label""".split()  # noqa: SIM905
)
_SPACE = re.compile(r"[ \t\u00a0]+")


def clean_html(html: str, url: str | None = None) -> list[Article]:
    """Articles of an HTML page (usually one)."""
    tree = _parse(html)
    if tree is None:
        return []
    lines = visible_text(tree)
    first, comments = _trafilatura(tree, lines, url)
    if first is not None and len(first.body) >= MIN_BODY_CHARS:
        return [first]
    fallback = clean_text(_without_comments(lines, comments))
    if fallback and sum(len(a.body) for a in fallback) > (len(first.body) if first else 0):
        return [_with_metadata(a, first) for a in fallback]
    return [first] if first is not None and len(first.body.split()) >= MIN_FALLBACK_WORDS else []


def _parse(html: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input that carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    html = _close_title(html)
    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None


_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.I)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.I)
# A page title longer than this is a <title> that was never closed: the parser would
# read the whole page as title text (8 of the 621 L3S-GN1 dev pages).
MAX_TITLE_CHARS = 1000


def _close_title(html: str) -> str:
    """Close a <title> left open, at the first tag after it."""
    opening = _TITLE_OPEN.search(html)
    if opening is None:
        return html
    closing = _TITLE_CLOSE.search(html, opening.end())
    if closing is not None and closing.start() - opening.end() <= MAX_TITLE_CHARS:
        return html
    cut = html.find("<", opening.end())
    if cut < 0:
        return html
    return html[:cut] + "</title>" + html[cut:]


def _without_comments(lines: str, comments: str) -> str:
    """The visible text's lines without those of trafilatura's comment section."""
    said = {" ".join(line.split()) for line in comments.split("\n")}
    said.discard("")
    if not said:
        return lines
    return "\n".join(line for line in lines.split("\n") if " ".join(line.split()) not in said)


def _trafilatura(
    tree: lxml.html.HtmlElement, lines: str, url: str | None
) -> tuple[Article | None, str]:
    """trafilatura's article (None when it found nothing) and the text of the comment
    section it found ("" when none)."""
    import trafilatura  # imported here: it takes ~1 s to load, text-only runs never need it

    # trafilatura prunes the tree it is given: hand it a copy, the fallback needs the page.
    doc = trafilatura.bare_extraction(_copy(tree), url=url, **TRAFILATURA_OPTIONS)
    if doc is None or isinstance(doc, dict):  # a dict only with as_dict=True
        return None, ""
    title = headline(tree, lines, _text_or_none(doc.title), doc.sitename, doc.text or "")
    body, cut = cut_comments(_strip_title(doc.text or "", title))
    date = _date(doc.date)
    article = Article(
        title=title,
        body=body,
        published=date,
        published_basis="metadata" if date else "unknown",
        comments=_count_comments(doc.comments or "") + cut,
        author=_text_or_none(doc.author),
        outlet=_text_or_none(doc.sitename),
        url=_text_or_none(doc.url),
        sections=tuple(c for c in (doc.categories or []) if c.strip()),
    )
    return article, doc.comments or ""


def _copy(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    import copy

    return copy.deepcopy(tree)


def _text_or_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _strip_title(text: str, title: str | None) -> str:
    """Body paragraphs joined by blank lines, without a first line that repeats the title."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if title and lines and normalise(lines[0]) == normalise(title):
        lines = lines[1:]
    return "\n\n".join(lines)


def _date(value: str | None) -> DateValue | None:
    if not value or not re.match(r"^\d{4}-\d\d-\d\d", value):
        return None
    return DateValue(value[:10], precision="day", basis="text")


def _count_comments(comments: str) -> int:
    """trafilatura gives the comment section as text, one paragraph per line: count the
    paragraphs (a comment is usually one; an over-count beats reporting none)."""
    return sum(1 for line in comments.split("\n") if len(line.split()) >= 3)


def _with_metadata(article: Article, meta: Article | None) -> Article:
    """The text cleaner's article with the metadata trafilatura read from the markup."""
    if meta is None:
        return article
    published, basis = article.published, article.published_basis
    if meta.published is not None:
        published, basis = meta.published, "metadata"
    return dataclasses.replace(
        article,
        title=article.title or meta.title,
        published=published,
        published_basis=basis,
        author=article.author or meta.author,
        outlet=meta.outlet or article.outlet,
        url=article.url or meta.url,
        sections=article.sections or meta.sections,
    )


def visible_text(tree: lxml.html.HtmlElement) -> str:
    """The page's visible text, one block per line, as a web-corpus text dump has it."""
    tree = _copy(tree)
    for element in list(tree.iter(*_DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    parts: list[str] = []
    _walk(tree, parts)
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(element: etree._Element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    is_block = tag.lower() in _BLOCK_TAGS
    if is_block:
        parts.append("\n")
    if element.text:
        parts.append(element.text.replace("\n", " "))
    for child in element:
        _walk(child, parts)
    if is_block:
        parts.append("\n")
    if element.tail:
        parts.append(element.tail.replace("\n", " "))

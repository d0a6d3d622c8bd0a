"""The clean stage: a raw page to its articles (title, body, date, outlet, comments).

Public API::

    clean(raw: RawInput) -> list[Article]   # raises EmptyInput, NoContent
    decode(data: bytes) -> str

HTML goes through trafilatura (+ htmldate) with our text cleaner as fallback
(`truceline.clean.html`); text dumps go straight to the text cleaner
(`truceline.clean.text`). A supplied date hint (a JSONL row's "date") wins over any
date found in the page. Pure: no I/O.

May import: the ground floor only.
"""

from __future__ import annotations

import dataclasses

from truceline.clean.dates import find_date
from truceline.clean.decode import decode
from truceline.clean.text import clean_text
from truceline.errors import EmptyInput, NoContent
from truceline.models import Article, DateValue, RawInput

__all__ = ["clean", "decode", "clean_text"]


def clean(raw: RawInput) -> list[Article]:
    """Split a raw page into its articles, in page order.

    Raises EmptyInput for no bytes / no text after decoding, NoContent when no article
    text is found."""
    text = decode(raw.data)
    if not text.strip():
        raise EmptyInput("no text after decoding" if raw.data else "no bytes", source=raw.source)
    if raw.format == "html":
        from truceline.clean.html import clean_html  # trafilatura loads slowly: only when needed

        articles = clean_html(text, url=raw.url)
    else:
        articles = clean_text(text)
    if not articles:
        raise NoContent(f"{raw.format} page with {len(text)} chars", source=raw.source)
    hint = _hint_date(raw.date_hint)
    if hint is not None:
        articles = [
            dataclasses.replace(a, published=hint, published_basis="metadata") for a in articles
        ]
    return articles


def _hint_date(hint: str | None) -> DateValue | None:
    """A supplied date: ISO "2017-08-03[T...]", "2017-08", "2017", or a written date."""
    if not hint or not hint.strip():
        return None
    hint = hint.strip()
    parts = hint[:10].split("-")
    if all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        precision = {1: "year", 2: "month", 3: "day"}[min(len(parts), 3)]
        value = "-".join(parts[:3])
        return DateValue(value, precision=precision, basis="text")  # type: ignore[arg-type]
    found = find_date(hint)
    return found.value() if found else None

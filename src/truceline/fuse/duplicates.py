"""Near-duplicate documents: syndicated copies, re-posts, one article in two dumps.

MinHash over word 5-shingles with an LSH index (datasketch), then an exact Jaccard
check of the candidates, so a pair is only called a duplicate on its real overlap; and
two texts are one report only when what they report agrees: published within
`DUPLICATE_DAYS` of each other, not each holding a number the other lacks (a cut copy's
numbers are among the original's; "on 5 May ... 2 projectiles" and "on 7 May ... 3
explosions" are two reports), not each naming someone or somewhere the other does not
(the same words about two quarters of one town), and, where both have events with
places, sharing a place.
Templated reports ("On 5 May, journalists protested in Lahore ..." and the same words
about Karachi on the 9th) are distinct events, not copies. Duplicates are kept and linked
(`duplicate_of` the earliest copy), never deleted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from datetime import date

from datasketch import MinHash, MinHashLSH

from truceline.models import Document

SHINGLE = 5
NUM_PERM = 64
# A syndicated copy with its own furniture, a changed headline and a paragraph cut keeps
# well above 0.6 of its 5-shingles (the example corpus's syndicated pair: 0.83); two
# different wire stories on the same event stay below 0.25 (example corpus: max 0.19).
DUPLICATE_JACCARD = 0.6
# A copy is published the same day or within a day or two (re-posts, a second dump of
# the same crawl: examples/ syndicated pair, same day); a week apart it is a new report.
DUPLICATE_DAYS = 2
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A name inside a sentence: a capitalised word after a lower-case word or a comma ("in
# Candelaria neighborhood", "of Rio de Janeiro, Rio de Janeiro"), not one opening it.
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][\w'-]+")


def shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _minhash(items: set[str]) -> MinHash:
    base = _base()
    mh = MinHash(num_perm=NUM_PERM, seed=7, permutations=base.permutations, scheme=base.scheme)
    mh.update_batch([s.encode("utf-8") for s in items])
    return mh


@functools.cache
def _base() -> MinHash:
    """A MinHash of seed 7 whose hash permutations every document's MinHash reuses: each
    new one would draw the same permutations again (most of a fusion's dedup time)."""
    return MinHash(num_perm=NUM_PERM, seed=7)


def _publish_key(doc: Document) -> tuple[str, str]:
    """Earliest published first; undated after dated; then by id for stability."""
    pub = doc.published.value if doc.published is not None and doc.published.resolved else "9999"
    return (pub, doc.id)


def _day(doc: Document) -> date | None:
    pub = doc.published
    if pub is None or not pub.resolved or len(pub.value) != 10:
        return None
    try:
        return date.fromisoformat(pub.value)
    except ValueError:
        return None


def _numbers(text: str) -> frozenset[str]:
    return frozenset(_NUMBER.findall(text))


def _names(text: str) -> frozenset[str]:
    return frozenset(_NAME.findall(text))


def same_report(a: Document, b: Document, places: Mapping[str, frozenset[str]]) -> bool:
    """Whether two overlapping texts report the same thing: not published days apart,
    no different numbers or names on both sides, not about different places."""
    da, db = _day(a), _day(b)
    if da is not None and db is not None and abs((da - db).days) > DUPLICATE_DAYS:
        return False
    na, nb = _numbers(a.body), _numbers(b.body)
    if na - nb and nb - na:
        return False
    ma, mb = _names(a.body), _names(b.body)
    if ma - mb and mb - ma:
        return False  # "... a shoot-out in Vila Kennedy" and "... in Candelaria"
    pa, pb = places.get(a.id), places.get(b.id)
    return not (pa and pb and not pa & pb)


def find_duplicates(
    documents: Sequence[Document], places: Mapping[str, frozenset[str]] | None = None
) -> dict[str, str | None]:
    """Map every document id to the id of the earlier document it copies, or None.
    `places`: the places each document's events are at (names or GeoNames ids)."""
    places = places or {}
    by_id = {d.id: d for d in documents}
    ordered = sorted(documents, key=_publish_key)
    lsh = MinHashLSH(threshold=DUPLICATE_JACCARD * 0.8, num_perm=NUM_PERM)
    sets: dict[str, set[str]] = {}
    position = {doc.id: i for i, doc in enumerate(ordered)}
    result: dict[str, str | None] = {}
    for doc in ordered:
        items = shingles(doc.body)
        result[doc.id] = None
        if not items:
            continue
        mh = _minhash(items)
        best: str | None = None
        best_score = DUPLICATE_JACCARD
        # earliest first wins ties
        for candidate in sorted(lsh.query(mh), key=position.__getitem__):
            if not same_report(doc, by_id[candidate], places):
                continue
            other = sets[candidate]
            score = len(items & other) / len(items | other)
            if score > best_score or (best is None and score >= best_score):
                best, best_score = candidate, score
        if best is not None:
            result[doc.id] = best  # only originals are indexed, so this is never a copy
        else:
            lsh.insert(doc.id, mh)
            sets[doc.id] = items
    return result

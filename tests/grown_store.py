"""A generated store that grows day by day (issue 22's test of incremental fusion): the
stored results of a small corpus replicated k = 0..n-1 times, replica k with its own
ids and raw bytes, its dates moved on by k // 3 decades (so that the store holds several
blocks of days, `fuse.blocks`, and a batch re-fuses some of them) and its day-precise
ones by k % 3 days more, and its places k × 0.02°
north-east (≈ 2.5 km: a replica's events tie with the neighbouring replicas' ones, on
the next days and in the next streets), and, on odd k, a third of its word types
letter-shifted (the even replicas stay near-duplicates of one another where they are
published within two days). So the replicas interact through every fusion rule: near
duplicates, events over the date slack and the place tolerance, agreements over their
windows.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from truceline.models import (
    AgreementMention,
    Claim,
    Contradiction,
    DateValue,
    Document,
    DocumentResult,
    Event,
    Mention,
    Place,
    Provision,
    RawInput,
    Source,
)
from truceline.store import Store

PLACE_STEP = 0.02
GROUP = 3  # replicas a day apart; each group of them a decade after the one before
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORD = re.compile(r"[^\W\d_]+")


def shift_value(value: str, k: int) -> str:
    """Replica k of a date: moved on by k // GROUP decades (every kind of date with a
    year), and a day-precise date by k % GROUP days more."""
    decades, days = divmod(k, GROUP)
    if decades and value[:4].isdigit():
        year = int(value[:4]) + 10 * decades
        rest = value[4:]
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        if rest.startswith("-02-29") and not leap:
            rest = "-02-28" + rest[6:]
        value = f"{year:04d}{rest}"
    if not days or not _DAY.match(value):
        return value
    try:
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    except ValueError:
        return value


def shift_date(d: DateValue | None, k: int) -> DateValue | None:
    if d is None:
        return None
    return replace(d, value=shift_value(d.value, k), end=shift_value(d.end, k) if d.end else None)


def shift_place(p: Place | None, k: int) -> Place | None:
    if p is None or p.lat is None or p.lon is None or k == 0:
        return p
    gid = p.geonames_id + 100_000_000 * k if p.geonames_id else None
    return replace(p, lat=p.lat + PLACE_STEP * k, lon=p.lon + PLACE_STEP * k, geonames_id=gid)


def reword(text: str, k: int) -> str:
    if k % 2 == 0:
        return text

    def one(match: re.Match[str]) -> str:
        word = match.group()
        if int(hashlib.md5(f"{k}:{word}".encode()).hexdigest()[:4], 16) % 3:
            return word
        out = []
        for c in word:
            if "a" <= c <= "z" or "A" <= c <= "Z":
                base = ord("a") if c >= "a" else ord("A")
                c = chr(base + (ord(c) - base + 1 + k % 25) % 26)
            out.append(c)
        return "".join(out)

    return _WORD.sub(one, text)


def _new_id(old: str, k: int) -> str:
    return old if k == 0 else hashlib.sha1(f"{old}|grown {k}".encode()).hexdigest()[:16]


class Replica:
    """Replica k of stored results, with every id, date, place and word mapped; a
    subclass (bench/desk.py) maps them its own way by naming other functions in `MAPS`
    (each takes the value and k) and marks its raw bytes with its own `TAG`."""

    MAPS: tuple[Callable[..., Any], ...] = (shift_date, shift_place, reword, _new_id)
    TAG = ("grown", "grown")  # (in the source name, in the raw bytes)

    def __init__(self, k: int) -> None:
        self.k = k
        self.docs: dict[str, str] = {}
        dates, places, words, ids = self.MAPS
        self.shift_date = partial(dates, k=k)
        self.shift_place = partial(places, k=k)
        self.reword = partial(words, k=k)
        self.new_id = partial(ids, k=k)

    def raw(self, raw: RawInput) -> RawInput:
        if not self.k:
            return raw
        source, mark = self.TAG
        return RawInput(
            f"{raw.source}@{source}{self.k}",
            raw.data + f"\n\n({mark} {self.k})\n".encode(),
            raw.format,
            raw.url,
        )

    # the mapping
    def source(self, s: Source) -> Source:
        return replace(
            s, document=self.docs.get(s.document, s.document), quote=self.reword(s.quote)
        )

    def value(self, v: Any) -> Any:
        if isinstance(v, DateValue):
            return self.shift_date(v)
        return self.shift_place(v) if isinstance(v, Place) else v

    def contradiction(self, c: Contradiction) -> Contradiction:
        return replace(c, values=tuple((v, tuple(map(self.source, ss))) for v, ss in c.values))

    def event(self, e: Event) -> Event:
        return replace(
            e,
            id=self.new_id(e.id),
            date=self.shift_date(e.date),
            place=self.shift_place(e.place),
            sources=[self.source(s) for s in e.sources],
            contradictions=[self.contradiction(c) for c in e.contradictions],
        )

    def provision(self, p: Provision) -> Provision:
        return replace(
            p, deadline=self.shift_date(p.deadline), sources=[self.source(s) for s in p.sources]
        )

    def agreement(self, m: AgreementMention) -> AgreementMention:
        return replace(
            m,
            id=self.new_id(m.id),
            document=self.docs.get(m.document, m.document),
            claims=[Claim(c.field, self.value(c.value), self.source(c.source)) for c in m.claims],
            provisions=[self.provision(p) for p in m.provisions],
            events=[self.new_id(e) for e in m.events],
        )

    def result(self, base: DocumentResult) -> DocumentResult:
        raw = self.raw(base.raw)
        self.docs = {d.id: raw.sha256 + d.id[len(base.raw.sha256) :] for d in base.documents}
        documents = tuple(
            replace(
                d,
                id=self.docs[d.id],
                raw_sha256=raw.sha256,
                source=raw.source,
                published=self.shift_date(d.published),
                body=self.reword(d.body),
                duplicate_of=None,
            )
            for d in base.documents
        )
        return DocumentResult(
            raw,
            documents,
            tuple(self.event(e) for e in base.events),
            tuple((self.docs[doc], ms) for doc, ms in base.mentions),
            tuple(self.agreement(m) for m in base.agreements),
        )


def read_results(db: Path) -> list[DocumentResult]:
    """The per-document results stored in `db`, one DocumentResult per raw input."""
    with Store(db, readonly=True) as store:
        events: dict[str, list[Event]] = defaultdict(list)
        for event in store.event_mentions():
            events[event.sources[0].document if event.sources else ""].append(event)
        agreements: dict[str, list[AgreementMention]] = defaultdict(list)
        for mention in store.agreement_mentions():
            agreements[mention.document].append(mention)
        pages: dict[str, list[Document]] = defaultdict(list)
        for doc in store.documents():
            pages[doc.raw_sha256].append(replace(doc, duplicate_of=None))
        results = []
        for sha, docs in sorted(pages.items()):
            found = store.raw_source(sha)
            assert found is not None
            source, data = found
            raw = RawInput(source, data, "text", docs[0].url, None, sha)
            mentions: list[tuple[str, tuple[Mention, ...]]] = [
                (d.id, tuple(store.mentions(d.id))) for d in docs
            ]
            results.append(
                DocumentResult(
                    raw,
                    tuple(docs),
                    tuple(e for d in docs for e in events.get(d.id, [])),
                    tuple(mentions),
                    tuple(a for d in docs for a in agreements.get(d.id, [])),
                )
            )
    return results


def grown(base: list[DocumentResult], copies: int) -> Iterator[DocumentResult]:
    """Replicas 0..copies-1 of `base`, day by day (replica k's pages after replica k-1's)."""
    for k in range(copies):
        replica = Replica(k)
        for result in base:
            yield replica.result(result)

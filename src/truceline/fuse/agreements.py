"""Agreements across documents: merge the agreement mentions of all documents into one
`Agreement` record per real agreement, take each key fact from its best-supported value,
and record every disagreement between sources as a `Contradiction`.

    merge_agreements(mentions, events, documents) -> (agreements, events)

Mentions merge, in this order (numbered as tried):
1. mentions that give a signing or start date and a zone or a name found the records; a
   mention joins a record when their kinds are compatible (ceasefire / truce /
   de-escalation are one family; reconciliation / settlement / evacuation another), their
   zones are near or their names equal, and their dates fit: signing dates within
   `SAME_DEAL_DAYS` (a report's slip), or, with no signing date on one side, start dates so;
2. dated mentions with neither zone nor name join the record their dates fit, or found one
   ("an agreement with the Russian side on 4 October 2017" is a new deal);
3. undated mentions ("the current de-escalation agreement") join the record in force at
   their document's date, in a compatible zone; with no such record they found one only
   when they give a zone or a name, else they are dropped.
Two deals in one zone at different times are two records; the later one is linked to the
earlier by `related_agreements` ("follows").

Event links, provision statuses and the timeline are in `agreement_links`.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from truceline.extract.agreements.phrases import KIND_RANK
from truceline.extract.agreements.sameness import SAME_DEAL_DAYS, bounds
from truceline.fuse.agreement_links import (
    AgreementRelation,
    deadline_contradictions,
    link_events,
    merge_provisions,
    related_agreements,
    set_relations,
    timeline,
)
from truceline.fuse.agreement_values import (
    MAX_START_DAYS,
    OPEN_END_DAYS,
    Period,
    contradiction,
    date_groups,
    dates_close,
    key_dates,
    kinds_compatible,
    periods_fit,
    place_groups,
    ranked,
    specific_groups,
    with_corpus_years,
    zones_near,
)
from truceline.models import (
    Actor,
    Agreement,
    AgreementMention,
    Claim,
    DateValue,
    Document,
    Event,
    Place,
)


@dataclass(slots=True)
class Summary:
    """One mention with what merging needs of it."""

    mention: AgreementMention
    published: DateValue | None
    kinds: set[str]
    zones: list[Place]
    names: set[str]
    signed: list[DateValue]
    effective: list[DateValue]
    venues: set[str]  # signing places: "the Ankara truce" does not put the zone in Ankara
    later: list[DateValue] = field(default_factory=list)  # extensions and ends
    countries: set[str] = field(default_factory=set)  # ISO codes the text names for the deal
    parties: list[Actor] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)  # specific_groups(parties), read once
    hull: Hull = field(default_factory=lambda: Hull(None, None, True))  # summarise sets it

    @property
    def dated(self) -> bool:
        return bool(self.signed or self.effective)

    @property
    def identified(self) -> bool:
        """Says which deal it is beyond its dates: a zone, a name or a group of its own."""
        return bool(self.zones or self.names or self.groups)

    @property
    def period(self) -> Period:
        published = (self.published,) if self.published and self.published.resolved else ()
        return Period(tuple(self.signed), tuple(self.effective), tuple(self.later), published)

    @property
    def anchor(self) -> str:
        dates = [d.value for d in (*self.signed, *self.effective)]
        if not dates and self.published is not None and self.published.resolved:
            dates = [self.published.value]
        return min(dates) if dates else "9999"


@dataclass(slots=True)
class Cluster:
    """A record being merged: its members, and what `compatible` and `_score` read of them
    kept as members join (without repeats: every test over them is any, all, min or max,
    so the answers are those over all the members' values, at a cost that does not grow
    with the members)."""

    members: list[Summary] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)  # specific armed groups among parties
    venues: set[str] = field(default_factory=set)
    zones: dict[Place, None] = field(default_factory=dict)
    countries: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    hull: Hull = field(default_factory=lambda: Hull(None, None, False))
    _dates: dict[str, dict[DateValue, None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        members, self.members = self.members, []
        self._dates = {role: {} for role in ("signed", "effective", "later", "published")}
        for s in members:
            self.add(s)

    def add(self, s: Summary) -> None:
        self.members.append(s)
        self.kinds |= s.kinds
        self.documents.add(s.mention.document)
        self.groups |= s.groups
        self.venues |= s.venues
        self.zones.update(dict.fromkeys(s.zones))
        self.countries |= s.countries
        self.names |= s.names
        period = s.period
        for role in ("signed", "effective", "later", "published"):
            self._dates[role].update(dict.fromkeys(getattr(period, role)))
        self.hull = self.hull.join(s.hull)

    def dates(self, role: str) -> list[DateValue]:
        return list(self._dates[role])

    @property
    def period(self) -> Period:
        roles = ("signed", "effective", "later", "published")
        return Period(*(tuple(self._dates[role]) for role in roles))

    @property
    def start(self) -> str:
        dates = [d.value for d in (*self.dates("signed"), *self.dates("effective"))]
        return min(dates) if dates else "9999"

    def end(self) -> str | None:
        ends = [
            c.value.value
            for s in self.members
            for c in s.mention.claims
            if c.field in ("ends", "extended")
            and isinstance(c.value, DateValue)
            and c.value.resolved
        ]
        return max(ends) if ends else None


# ------------------------------------------------------------------ when


class Hull(NamedTuple):
    """The first and last day of every date a mention or record gives (signing, start,
    later dates, publication), whether one of them has no such bounds (a week, a season:
    `dates_close` still compares them by their text)."""

    first: date | None
    last: date | None
    odd: bool

    def join(self, other: Hull) -> Hull:
        firsts = [d for d in (self.first, other.first) if d is not None]
        lasts = [d for d in (self.last, other.last) if d is not None]
        return Hull(
            min(firsts, default=None),
            max(lasts, default=None),
            self.odd or other.odd,
        )


def hull_of(period: Period) -> Hull:
    dates = (*period.signed, *period.effective, *period.later, *period.published)
    spans = [bounds(d) for d in dates]
    known = [b for b in spans if b]
    return Hull(
        min((b[0] for b in known), default=None),
        max((b[1] for b in known), default=None),
        len(known) < len(spans),
    )


# Every way two periods fit (`periods_fit`) puts a date of one within this of a date of the
# other, or the one's dates within this of the other's first and last: signings a week
# apart (SAME_DEAL_DAYS), a start after a signing (MAX_START_DAYS), a report while a deal
# is in force (OPEN_END_DAYS after its last date); with a margin.
FIT_DAYS = timedelta(days=SAME_DEAL_DAYS + MAX_START_DAYS + OPEN_END_DAYS + 30)


def may_fit(s: Hull, c: Hull) -> bool:
    """False only where `periods_fit` is False: the test `cluster` asks first, so that a
    mention is compared with the records of its own years and not with all of them. What
    has no bounded date or an unbounded date fits whenever."""
    if s.first is None or c.first is None or s.last is None or c.last is None:
        return True
    if s.odd or c.odd:
        return True
    return s.first - FIT_DAYS <= c.last and c.first <= s.last + FIT_DAYS


# ------------------------------------------------------------------ compatibility


def compatible(s: Summary, c: Cluster) -> bool:
    """Whether a mention can be the record's deal: kinds of one family, not another mention
    of a document that told them apart, the same country, near zones (or one name), and a
    period that fits (`periods_fit`)."""
    if not kinds_compatible(s.kinds, c.kinds):
        return False
    if s.mention.document in c.documents:
        return False  # the document's own reading keeps its deals apart
    if s.groups and c.groups and not s.groups & c.groups:
        return False  # parties_clash: each names a group of its own, none shared
    venues = s.venues | c.venues
    zones = [z for z in c.zones if z.name not in venues]
    mine = [z for z in s.zones if z.name not in venues]
    theirs = c.countries | {z.country for z in zones if z.country}
    ours = s.countries | {z.country for z in mine if z.country}
    if ours and theirs and not ours & theirs:
        return False
    same_name = bool(s.names & c.names)
    if mine and zones and not zones_near(mine, zones) and not same_name:
        return False
    return periods_fit(s.period, c.period)


def _score(s: Summary, c: Cluster) -> tuple[int, str, int]:
    """Shared name, zone and signing date first; then, for a dated document, the latest
    record started by then (the one in force); then the record most reported."""
    points = 3 * bool(s.names & c.names) + 2 * bool(s.zones and zones_near(s.zones, c.zones))
    points += 2 * any(dates_close(x, y) for x in s.signed for y in c.dates("signed"))
    points += any(dates_close(x, y, days=0) for x in s.signed for y in c.dates("signed"))
    known = s.published is not None and s.published.resolved
    return points, c.start if known else "", len(c.documents)


# ------------------------------------------------------------------ clustering


def _norm_name(name: str) -> str:
    words = name.lower().replace("“", "").replace("”", "").replace('"', "").split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def summarise(m: AgreementMention, published: DateValue | None) -> Summary:
    def dates(name: str) -> list[DateValue]:
        return [
            c.value
            for c in m.claims
            if c.field == name and isinstance(c.value, DateValue) and c.value.resolved
        ]

    kinds = {c.value for c in m.claims if c.field == "kind" and isinstance(c.value, str)}
    zones = [c.value for c in m.claims if c.field == "zone" and isinstance(c.value, Place)]
    names = {
        _norm_name(c.value) for c in m.claims if c.field == "name" and isinstance(c.value, str)
    }
    venues = {
        c.value.name for c in m.claims if c.field == "signed_place" and isinstance(c.value, Place)
    }
    countries = {c.value for c in m.claims if c.field == "country" and isinstance(c.value, str)}
    parties = [c.value for c in m.claims if c.field == "party" and isinstance(c.value, Actor)]
    summary = Summary(
        m,
        published,
        kinds,
        zones,
        names,
        dates("signed"),
        dates("effective"),
        venues,
        dates("extended") + dates("ends"),
        countries,
        parties,
        specific_groups(parties),
    )
    summary.hull = hull_of(summary.period)
    return summary


def cluster(summaries: Sequence[Summary]) -> list[Cluster]:
    clusters: list[Cluster] = []
    passes = (
        [s for s in summaries if s.dated and s.identified],
        [s for s in summaries if s.dated and not s.identified],
        [s for s in summaries if not s.dated],
    )
    for n, group in enumerate(passes, start=1):
        for s in sorted(group, key=lambda s: (s.anchor, s.mention.document, s.mention.id)):
            fits = [c for c in clusters if may_fit(s.hull, c.hull) and compatible(s, c)]
            if fits:
                max(fits, key=lambda c: _score(s, c)).add(s)
            elif n < 3 or s.zones or s.names:
                clusters.append(Cluster([s]))
    return clusters


def _actors(claims: Sequence[Claim], drop: set[str] = frozenset()) -> list[Actor]:  # type: ignore[assignment]
    docs: dict[str, set[str]] = defaultdict(set)
    first: dict[str, Actor] = {}
    for c in claims:
        if isinstance(c.value, Actor):
            key = c.value.id or c.value.name.lower()
            if key in drop:
                continue
            first.setdefault(key, c.value)
            docs[key].add(c.source.document)
    return [first[k] for k in sorted(first, key=lambda k: (-len(docs[k]), first[k].name))]


def _zone(zones: list[Claim], venues: list[Claim]) -> Place | None:
    """The zone read by most documents, in the country most readings are in, never the
    signing venue; a region beats a town named by as many documents."""
    venue = {c.value.name for c in venues if isinstance(c.value, Place)}
    groups = [g for g in place_groups(zones) if g.label not in venue]
    countries = Counter(
        g.value.country for g in groups for _ in g.docs if isinstance(g.value, Place)
    )
    main = countries.most_common(1)[0][0] if countries else None
    places = [
        (g, g.value)
        for g in groups
        if isinstance(g.value, Place) and g.value.country in (main, None)
    ]
    best = sorted(places, key=lambda x: (-len(x[0].docs), x[1].precision != "region", x[0].label))
    return best[0][1] if best else None


def _kind(mentions: Sequence[AgreementMention]) -> str:
    votes = Counter(m.kind for m in mentions if m.kind)
    if not votes:
        return "ceasefire"
    return max(votes, key=lambda k: (votes[k], KIND_RANK.get(k, 0)))


def _name(mentions: Sequence[AgreementMention], kind: str, zone: Place | None) -> str:
    docs: dict[str, set[str]] = defaultdict(set)
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        for c in m.claims:
            if c.field == "name" and isinstance(c.value, str):
                key = _norm_name(c.value)
                docs[key].add(m.document)
                surface[key][c.value.strip().removeprefix("the ").removeprefix("The ")] += 1
    if docs:
        best = max(docs, key=lambda k: (len(docs[k]), sum(surface[k].values()), k))
        return surface[best].most_common(1)[0][0]
    return f"{zone.name} {kind} agreement" if zone is not None else f"{kind} agreement"


def _status(
    values: dict[str, DateValue | None], extended: list[DateValue], said: set[object], latest: str
) -> str:
    ends = values.get("ends")
    if "collapsed" in said:
        return "collapsed"
    if (ends is not None and latest and ends.value <= latest[: len(ends.value)]) or "ended" in said:
        return "ended"
    if extended:
        return "extended"
    effective = values.get("effective")
    if (effective is not None and latest and effective.value <= latest) or "in force" in said:
        return "in force"
    return "agreed"


def _latest(mentions: Sequence[AgreementMention], published: dict[str, DateValue | None]) -> str:
    days = [published.get(m.document) for m in mentions]
    return max((d.value for d in days if d is not None and d.resolved), default="")


def _id(members: Sequence[Summary]) -> str:
    first = min(members, key=lambda s: (s.anchor, s.mention.document, s.mention.id))
    return hashlib.sha1(f"agreement|{first.mention.id}".encode()).hexdigest()[:16]


def _references(members: Sequence[Summary]) -> list[DateValue]:
    """The agreement's known dates, to give year-less dates their year."""
    refs = [d for s in members for d in (*s.signed, *s.effective)]
    return refs or [
        s.published for s in members if s.published is not None and s.published.resolved
    ]


def resolved_mentions(c: Cluster) -> list[AgreementMention]:
    return with_corpus_years([s.mention for s in c.members], _references(c.members))


def build(c: Cluster, published: dict[str, DateValue | None]) -> Agreement:
    mentions = resolved_mentions(c)

    def claims(name: str) -> list[Claim]:
        return [x for m in mentions for x in m.claims if x.field == name]

    values, contradictions = key_dates(claims, published)
    zone = _zone(claims("zone"), claims("signed_place"))
    places = ranked(place_groups(claims("signed_place")))
    if (sp := contradiction("signed_place", places)) is not None:
        contradictions.append(sp)
    guarantors = _actors(claims("guarantor"))
    excluded = _actors(claims("excluded"))
    drop = {a.id or a.name.lower() for a in (*guarantors, *excluded)}
    extended = [g.value for g in date_groups(claims("extended")) if isinstance(g.value, DateValue)]
    kind = _kind(mentions)
    signed_place = places[0].value if places and isinstance(places[0].value, Place) else None
    agreement = Agreement(
        id=_id(c.members),
        name=_name(mentions, kind, zone),
        kind=kind,
        zone=zone,
        parties=_actors(claims("party"), drop),
        guarantors=guarantors,
        signed=values["signed"],
        signed_place=signed_place,
        effective=values["effective"],
        extended=sorted(extended, key=lambda d: d.value),
        ends=values["ends"],
        status=_status(
            values, extended, {x.value for x in claims("status")}, _latest(mentions, published)
        ),
        provisions=merge_provisions(mentions, kind, published),
        contradictions=contradictions + deadline_contradictions(mentions),
        sources=sorted(
            {x.source for m in mentions for x in m.claims}
            | {s for m in mentions for p in m.provisions for s in p.sources},
            key=lambda s: (s.document, s.start),
        ),
    )
    agreement.excluded = excluded
    return agreement


def merge_agreements(
    mentions: Sequence[AgreementMention], events: Sequence[Event], documents: Sequence[Document]
) -> tuple[list[Agreement], list[Event]]:
    """One Agreement per real agreement, and the events with `agreement` set where linked."""
    docs = {d.id: d for d in documents}
    published = {d.id: d.published for d in documents}
    usable = [m for m in mentions if not (m.document in docs and docs[m.document].duplicate_of)]
    clusters = cluster([summarise(m, published.get(m.document)) for m in usable])
    agreements = [build(c, published) for c in clusters]
    members = {a.id: resolved_mentions(c) for a, c in zip(agreements, clusters, strict=True)}
    linked = link_events(agreements, members, events)
    agreements.sort(key=_order)
    relate(agreements)
    return agreements, linked


def relate(agreements: Sequence[Agreement]) -> None:
    """Set each record's "follows" relations, drawn over `agreements` in their export
    order (`_order`), so that records fused in blocks (`fuse.blocks`) and all at once are
    related alike."""
    ordered = sorted(agreements, key=_order)
    set_relations(ordered, related_agreements(ordered))


def _order(a: Agreement) -> tuple[str, str]:
    start = a.signed or a.effective
    return (start.sort_key() if start is not None else "~", a.id)


__all__ = ["merge_agreements", "relate", "AgreementRelation", "related_agreements", "timeline"]

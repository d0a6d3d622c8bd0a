"""Values of an agreement's facts across sources: when two readings are the same value
(dates within a slip, places within a zone's reach, kinds of one family), grouping claims
by value, ranking the groups by support, and the `Contradiction` that lists them all.

Also the years of dates written without one ("on 16 October" on a page with no date),
taken from the other documents about the same agreement (basis "corpus").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from truceline.extract.agreements.sameness import SAME_DEAL_DAYS, bounds, dates_close, iso_day
from truceline.models import (
    Actor,
    AgreementMention,
    Claim,
    Contradiction,
    DateValue,
    Place,
    Provision,
    Source,
)
from truceline.understand.places.ranking import distance_km

FAMILIES = ({"ceasefire", "truce", "de-escalation"}, {"reconciliation", "settlement", "evacuation"})
# How far apart two zone readings may lie and still be one deal's zone, by the coarser
# precision of the two: a region reading ("southern Idlib countryside") covers its towns
# (examples: Saraqib is 30 km from the region's point, Jisr al-Shughur 35 km); two towns of
# one front line are under 30 km apart (examples: Morek to Kafr Nabl 28 km).
ZONE_TOLERANCE_KM = {"point": 30.0, "district": 30.0, "town": 30.0, "region": 60.0, "admin1": 120.0}
COMPARED_FIELDS = ("signed", "effective", "ends")
DATE_FIELDS = frozenset({"signed", "effective", "extended", "ends"})
# A date without a year takes the year that puts it nearest the agreement's known dates,
# if that is within half a year (examples: "on October 16" on an undated page, next to
# a truce signed 2019-10-14); further away the year stays unknown.
CORPUS_YEAR_DAYS = 183


# ------------------------------------------------------------------ sameness


def value_days(value: str | None) -> tuple[int, int] | None:
    """The first and last day a stored date value can be ("2017-08-03", "2017-08",
    "2017", "2017-W32" (its year), "201" (the decade)); None when it has no year."""
    if not value:
        return None
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            day = date.fromisoformat(value[:10]).toordinal()
            return day, day
        if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
            year, month = int(value[:4]), int(value[5:7])
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            return first.toordinal(), last.toordinal()
        if value[:4].isdigit():
            year = int(value[:4])
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        if len(value) == 3 and value.isdigit():
            decade = int(value) * 10
            return date(decade, 1, 1).toordinal(), date(decade + 9, 12, 31).toordinal()
    except ValueError:
        return None
    return None


def km(a: Place, b: Place) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def places_near(a: Place, b: Place) -> bool:
    if a.name.lower() == b.name.lower():
        return True
    if not (a.resolved and b.resolved):
        return False
    tolerance = max(
        ZONE_TOLERANCE_KM.get(a.precision, 30.0), ZONE_TOLERANCE_KM.get(b.precision, 30.0)
    )
    return km(a, b) <= tolerance


def zones_near(a: Iterable[Place], b: Iterable[Place]) -> bool:
    bs = list(b)
    return any(places_near(x, y) for x in a for y in bs)


def kinds_compatible(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return True
    return any(a & fam and b & fam for fam in FAMILIES) or bool(a & b)


# A deal takes effect within this many days of its signing (seeds: 1 day, examples: 2,
# the multi-agreement corpus: 0 to 28 days, the Sochi memorandum's zone); a start further
# from a signing is another deal's.
MAX_START_DAYS = 60
# A record whose end is unknown is still the one a report means this many days after the
# last thing known of it (its last key date or report), as `agreement_links.OPEN_END_DAYS`.
OPEN_END_DAYS = 120


@dataclass(frozen=True, slots=True)
class Period:
    """What is known of when a deal was: signing and start dates, later dates (extensions,
    ends), and the days its reports were published."""

    signed: tuple[DateValue, ...] = ()
    effective: tuple[DateValue, ...] = ()
    later: tuple[DateValue, ...] = ()
    published: tuple[DateValue, ...] = ()

    def start(self) -> date | None:
        days = [b[0] for b in map(bounds, (*self.signed, *self.effective)) if b]
        return min(days) if days else None

    def last(self) -> date | None:
        everything = (*self.signed, *self.effective, *self.later, *self.published)
        days = [b[1] for b in map(bounds, everything) if b]
        return max(days) if days else None

    def moment(self) -> tuple[date, date] | None:
        """When a report with no start of its own speaks: its extension or end, else the
        day it was published."""
        for dates in (self.later, self.published):
            spans = [b for b in map(bounds, dates) if b]
            if spans:
                return min(s[0] for s in spans), max(s[1] for s in spans)
        return None


def _starts_after(signed: Sequence[DateValue], effective: Sequence[DateValue]) -> bool:
    """A start that can follow one of the signings (within MAX_START_DAYS)."""
    before, after = timedelta(days=SAME_DEAL_DAYS), timedelta(days=MAX_START_DAYS)
    for s in map(bounds, signed):
        for e in map(bounds, effective):
            if s and e and s[0] - before <= e[1] and e[0] <= s[1] + after:
                return True
    return False


def _in_life(a: Period, b: Period) -> bool:
    """`b` speaks while `a` is (or may still be) in force: from a's start to its last known
    date and OPEN_END_DAYS more."""
    start, last, moment = a.start(), a.last(), b.moment()
    if start is None or last is None or moment is None:
        return True
    slack = timedelta(days=SAME_DEAL_DAYS)
    return start - slack <= moment[1] and moment[0] <= last + timedelta(days=OPEN_END_DAYS)


def _speak_together(a: Period, b: Period) -> bool:
    """Two readings without a start speak of one deal only within OPEN_END_DAYS of each
    other: "the current truce" in a report of 2017 and in one of 2019 are not one deal
    because neither gives a date."""
    ma, mb = a.moment(), b.moment()
    la, lb = a.last(), b.last()
    if ma is None or mb is None or la is None or lb is None:
        return True
    gap = timedelta(days=OPEN_END_DAYS)
    return ma[0] - gap <= lb and mb[0] - gap <= la


def periods_fit(a: Period, b: Period) -> bool:
    """Whether two readings of when a deal was can be one deal's: signings within
    SAME_DEAL_DAYS, or (with no signing on one side) starts so; a signing on one side and
    a start on the other, the start within MAX_START_DAYS after; otherwise each speaks
    while the other is in force (the Astana memorandum's start in May 2017 is no date of a
    deal signed in Geneva in October 2020; an extension in June 2022 no date of a deal of
    2020). Pairwise and symmetric, for blocking by date window."""
    if a.signed and b.signed:
        return any(dates_close(x, y) for x in a.signed for y in b.signed)
    if a.effective and b.effective:
        return any(dates_close(x, y) for x in a.effective for y in b.effective)
    if a.signed and b.effective:
        return _starts_after(a.signed, b.effective)
    if b.signed and a.effective:
        return _starts_after(b.signed, a.effective)
    if a.start() is None and b.start() is None:
        return _speak_together(a, b)
    return _in_life(a, b) and _in_life(b, a)


# Armed groups named as a deal's party that stand for no group of their own: an umbrella
# (a body others belong to, as the actor table says) or a common noun ("Syrian rebels").
ARMED_KINDS = frozenset({"rebel_group", "jihadist_group", "pro_government_militia"})
GENERIC_PARTY_WORDS = frozenset({"rebels", "opposition", "militants", "insurgents", "groups"})


def specific_groups(parties: Iterable[Actor]) -> set[str]:
    from truceline.understand.actors import ActorTable

    table = ActorTable.default()
    umbrellas = {p.id for a in table.all() if (p := table.parent(a)) is not None}
    return {
        a.id
        for a in parties
        if a.id
        and a.kind in ARMED_KINDS
        and a.id not in umbrellas
        and a.name.lower().split()[-1] not in GENERIC_PARTY_WORDS
    }


def parties_clash(a: Iterable[Actor], b: Iterable[Actor]) -> bool:
    """Two local deals of two armed groups are two deals: each side names a group of its
    own as a party and they share none (Faylaq al-Rahman's evacuation of Arbin two days
    after Ahrar al-Sham's of Harasta, both with Russia). Umbrellas and common nouns
    ("rebels") say nothing."""
    mine, theirs = specific_groups(a), specific_groups(b)
    return bool(mine and theirs and not mine & theirs)


# ------------------------------------------------------------------ values and contradictions


@dataclass(slots=True)
class Group:
    """Claims that agree on one value, with their sources and documents."""

    value: object
    label: str
    sources: list[Source] = field(default_factory=list)
    docs: set[str] = field(default_factory=set)


def _precision(v: DateValue) -> int:
    return len(v.value)


def date_groups(claims: Sequence[Claim]) -> list[Group]:
    """Group date claims by compatible value; a coarser date ("August 2017") joins the
    best-supported finer group it fits, it never makes a value of its own beside one."""
    groups: list[Group] = []
    dated = [c for c in claims if isinstance(c.value, DateValue) and c.value.resolved]
    for c in sorted(dated, key=lambda c: -_precision(c.value)):  # type: ignore[arg-type]
        assert isinstance(c.value, DateValue)
        fits = [
            g
            for g in groups
            if isinstance(g.value, DateValue) and dates_close(c.value, g.value, days=0)
        ]
        if fits:
            g = max(fits, key=lambda g: (len(g.docs), len(g.sources)))
        else:
            g = Group(c.value, c.value.value)
            groups.append(g)
        g.sources.append(c.source)
        g.docs.add(c.source.document)
    return groups


def place_groups(claims: Sequence[Claim]) -> list[Group]:
    groups: dict[str, Group] = {}
    for c in claims:
        if isinstance(c.value, Place):
            g = groups.setdefault(c.value.name.lower(), Group(c.value, c.value.name))
            g.sources.append(c.source)
            g.docs.add(c.source.document)
    return list(groups.values())


def ranked(groups: list[Group], plausible: object = None) -> list[Group]:
    """Best-supported first: plausible, more documents, more sources, more precise."""

    def key(g: Group) -> tuple[bool, int, int, int]:
        ok = plausible(g) if callable(plausible) else True
        prec = _precision(g.value) if isinstance(g.value, DateValue) else 0
        return (bool(ok), len(g.docs), len(g.sources), prec)

    return sorted(groups, key=key, reverse=True)


def contradiction(name: str, groups: list[Group]) -> Contradiction | None:
    if len(groups) < 2:
        return None
    return Contradiction(
        name,
        tuple(
            (g.label, tuple(sorted(set(g.sources), key=lambda s: (s.document, s.start))))
            for g in groups
        ),
    )


def superseded(
    claims: list[Claim], extensions: list[Claim], published: dict[str, DateValue | None]
) -> list[Claim]:
    """An end announced before an extension that a later document reports is not a
    contradiction but a superseded end: drop it (the extension came between)."""

    def day(doc: str) -> str:
        p = published.get(doc)
        return p.value if p is not None and p.resolved else ""

    kept = []
    for c in claims:
        assert isinstance(c.value, DateValue)
        stated = day(c.source.document)
        later = [
            e
            for e in extensions
            if isinstance(e.value, DateValue)
            and stated
            and day(e.source.document) > stated
            and stated < e.value.value <= c.value.value
        ]
        if not later:
            kept.append(c)
    return kept


def key_dates(
    claims_of: Callable[[str], list[Claim]], published: dict[str, DateValue | None]
) -> tuple[dict[str, DateValue | None], list[Contradiction]]:
    """signed / effective / ends: the best-supported value of each and the contradictions.
    A start before the signing, or an end before the start, loses to a plausible value."""
    values: dict[str, DateValue | None] = {}
    found: list[Contradiction] = []
    for name in COMPARED_FIELDS:
        claims = claims_of(name)
        if name == "ends":
            claims = superseded(claims, claims_of("extended"), published)
        after = values.get("signed") if name == "effective" else values.get("effective")
        floor = after.value if after is not None else ""

        def plausible(g: Group, floor: str = floor) -> bool:
            return (
                not floor
                or not isinstance(g.value, DateValue)
                or g.value.value >= floor[: len(g.value.value)]
            )

        groups = ranked(date_groups(claims), plausible if name != "signed" else None)
        values[name] = groups[0].value if groups else None  # type: ignore[assignment]
        c = contradiction(name, groups)
        if c is not None:
            found.append(c)
    return values, found


# ------------------------------------------------------------------ years from the corpus


def _nearest_year(value: DateValue, references: Sequence[date]) -> DateValue:
    rest = value.value[4:]
    if not value.value.startswith("XXXX") or not references or len(rest) != 6:
        return value
    best: tuple[int, str] | None = None
    for year in sorted({r.year + d for r in references for d in (-1, 0, 1)}):
        day = iso_day(f"{year}{rest}")
        if day is None:
            continue
        gap = min(abs((day - r).days) for r in references)
        if best is None or gap < best[0]:
            best = (gap, f"{year}{rest}")
    if best is None or best[0] > CORPUS_YEAR_DAYS:
        return value
    return replace(
        value,
        value=best[1],
        kind="exact" if value.kind == "unresolved" else value.kind,
        basis="corpus",
    )


def with_corpus_years(
    mentions: Sequence[AgreementMention], references: Sequence[DateValue]
) -> list[AgreementMention]:
    """Copies of the mentions whose year-less dates (claims and deadlines) take the year
    of the agreement's other dates; the inputs are not changed."""
    days = [d for d in (iso_day(r.value) for r in references if r.resolved) if d is not None]
    if not days:
        return list(mentions)
    out = []
    for m in mentions:
        claims = [
            replace(c, value=_nearest_year(c.value, days))
            if c.field in DATE_FIELDS and isinstance(c.value, DateValue)
            else c
            for c in m.claims
        ]
        provisions = [_provision_year(p, days) for p in m.provisions]
        out.append(replace(m, claims=claims, provisions=provisions))
    return out


def _provision_year(p: Provision, days: Sequence[date]) -> Provision:
    if p.deadline is None:
        return replace(p, sources=list(p.sources))
    return replace(p, deadline=_nearest_year(p.deadline, days), sources=list(p.sources))

"""The dataclasses that flow between truceline's stages.

Every stage takes and returns these types; none of them knows about SQLite, the CLI or
the executor that runs it. The public export contract (docs/export-format.md) is a
JSON rendering of `Document`, `Event` and `Agreement`.

Flow::

    RawInput ─clean─► Article ─(ids, outlet)─► Document ─understand─► Analysis
             ─extract─► Event / AgreementMention ─fuse─► Event / Agreement
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["day", "week", "month", "season", "quarter", "year", "decade"]
DateKind = Literal["exact", "approximate", "range", "unresolved"]
# How a date's missing parts were filled in:
#   text       the expression itself names a full date ("3 August 2017")
#   anchored   resolved against the document's publication date
#   estimated  resolved against a publication date estimated from the text itself
#   corpus     resolved from other documents of the corpus
DateBasis = Literal["text", "anchored", "estimated", "corpus"]
PublishedBasis = Literal["metadata", "text", "estimated", "unknown"]
Modality = Literal["happened", "planned", "demanded", "threatened", "denied", "hypothetical"]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class RawInput:
    """One unit of input exactly as read: the evidentiary copy."""

    source: str  # path, path#line for JSONL rows, or URL
    data: bytes
    format: Literal["html", "text"]
    url: str | None = None
    date_hint: str | None = None  # a publication date supplied with the input (JSONL "date")
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", sha256_hex(self.data))


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalised date. `value` is ISO 8601 cut to the precision ("2017-08",
    "2017-08-03", "2017"); an unknown year is written "XXXX" as TIMEX3 does
    ("XXXX-09-07", kind "unresolved"). A day is never guessed."""

    value: str
    end: str | None = None
    precision: Precision = "day"
    kind: DateKind = "exact"
    basis: DateBasis = "text"

    @property
    def resolved(self) -> bool:
        return self.kind != "unresolved" and not self.value.startswith("X")

    def sort_key(self) -> str:
        return self.value if self.resolved else "9999" + self.value[4:]


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166 alpha-2
    admin1: str | None = None
    geonames_id: int | None = None
    # point | district | town | region | admin1 | country | unresolved
    precision: str = "town"
    # how an event got this place: None where its own sentence names it; "paragraph",
    # "document" or "agreement" where it was inherited from its context (see
    # extract.events.arguments.inherited_place)
    basis: str | None = None

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class Actor:
    name: str  # canonical name
    id: str  # stable slug from the actor table, "" for an unlisted actor
    acled_type: int | None = None  # ACLED inter code 1..8
    kind: str = ""  # state_forces, rebel_group, government, external_state, ...


MentionValue = Place | Actor | DateValue | int | None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document body with what it was recognised as."""

    kind: Literal["place", "actor", "date", "count", "person"]
    text: str
    start: int
    end: int
    value: MentionValue = None


@dataclass(frozen=True, slots=True)
class Article:
    """What the clean stage gives for one article of a page."""

    title: str | None
    body: str
    published: DateValue | None = None
    published_basis: PublishedBasis = "unknown"
    comments: int = 0
    author: str | None = None
    outlet: str | None = None
    # the page's own address and sections as its markup declares them (canonical link,
    # article:section): what tells an opinion piece (`relevance.genre`)
    url: str | None = None
    sections: tuple[str, ...] = ()


def article_of(document_id: str) -> str:
    """ "#2" of a document that is the second article of its page, "" of a page's only
    article (the id is the raw page's hash, plus "#n" on a page of several)."""
    _, sep, n = document_id.partition("#")
    return f"#{n}" if sep else ""


@dataclass(frozen=True, slots=True)
class Document:
    id: str  # raw sha256, plus "#n" for the n-th article of a multi-article page
    raw_sha256: str
    source: str
    outlet: str | None
    title: str | None
    published: DateValue | None
    published_basis: PublishedBasis
    body: str
    comments: int = 0
    url: str | None = None
    author: str | None = None
    duplicate_of: str | None = None
    # how likely the page is about conflict, protest or diplomacy (`relevance`), and the
    # model that said so; None where relevance was not judged (`relevance` setting off)
    relevance: float | None = None
    relevance_model: str | None = None
    # None for a news report; "opinion" or "reference" for a page whose events are not
    # news, stored but not parsed (`relevance.genre`); None too where not judged
    genre: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    relevance: float | None = None  # does it report a conflict/political event (0..1)
    violence: float | None = None  # how likely its topic is armed conflict or crime (0..1)


@dataclass(frozen=True, slots=True)
class Analysis:
    """The understand stage's view of one document."""

    document: Document
    anchor: DateValue | None  # publication date used for relative dates (maybe estimated)
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    violence: float | None = None  # the page's: how likely its topic is conflict or crime
    politics: float | None = None  # the page's: how likely conflict, diplomacy or politics


@dataclass(frozen=True, slots=True)
class Source:
    """Provenance of one statement: where exactly it was read."""

    document: str
    outlet: str | None
    quote: str
    start: int
    end: int
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Sources that disagree on one field; never silently resolved."""

    field: str
    values: tuple[tuple[str, tuple[Source, ...]], ...]  # (value as text, its sources)


CasualtyKind = Literal["killed", "wounded", "missing", "detained"]
# Whose count it is: civilians | children | women | fighters (non-state armed groups) |
# forces (soldiers, police) | people (not said) | "" for a count of no person noun.
# Scope: "event" (this event's toll) or "cumulative" (a running total: "more than
# 330,000 killed since 2011", which is context, never an event's fatalities).
CasualtyScope = Literal["event", "cumulative"]


@dataclass(frozen=True, slots=True)
class Casualty:
    """One count of people harmed, as a sentence states it."""

    kind: CasualtyKind
    count: int
    who: str = ""
    scope: CasualtyScope = "event"
    part: bool = False  # part of a larger count ("including four children")


@dataclass(slots=True)
class Event:
    id: str
    type: str  # PLOVER category
    mode: str
    acled_sub_event: str | None
    date: DateValue | None
    place: Place | None
    actor1: Actor | None
    actor2: Actor | None
    fatalities: int | None
    modality: Modality
    attribution: str | None
    sources: list[Source] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    agreement: str | None = None  # id of the agreement this event concerns, if any
    # independent reports / distinct outlets / distinct editorial alignments (set by fusion)
    corroboration: dict[str, int] = field(default_factory=dict)
    casualties: list[Casualty] = field(default_factory=list)
    # told as history long before the report ("besieged between 2012 and 2014"): kept, but
    # not part of the default timeline and map
    background: bool = False


@dataclass(slots=True)
class Provision:
    category: str
    text: str
    deadline: DateValue | None
    status: str  # agreed | implemented | violated | lapsed | disputed
    sources: list[Source] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AgreementRelation:
    """`agreement` follows (is a follow-up or amendment of) `target`."""

    agreement: str
    target: str
    relation: str
    sources: tuple[Source, ...] = ()


@dataclass(slots=True)
class Agreement:
    id: str
    name: str
    kind: str  # ceasefire | de-escalation | truce | reconciliation | evacuation
    zone: Place | None
    parties: list[Actor] = field(default_factory=list)
    guarantors: list[Actor] = field(default_factory=list)
    signed: DateValue | None = None
    signed_place: Place | None = None
    effective: DateValue | None = None
    extended: list[DateValue] = field(default_factory=list)
    ends: DateValue | None = None
    status: str = "unknown"
    provisions: list[Provision] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    excluded: list[Actor] = field(default_factory=list)  # groups the deal does not cover
    related: list[AgreementRelation] = field(default_factory=list)


ClaimValue = DateValue | Place | Actor | str


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement about an agreement, as one source makes it.

    field: name | kind | zone | party | guarantor | excluded | signed | signed_place |
    effective | extended | ends | status."""

    field: str
    value: ClaimValue
    source: Source


@dataclass(slots=True)
class AgreementMention:
    """What one document says about one agreement; fusion merges these across documents."""

    id: str
    document: str
    kind: str
    name: str | None
    claims: list[Claim] = field(default_factory=list)
    provisions: list[Provision] = field(default_factory=list)
    # ids of event mentions in the same document about it
    events: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything the per-document stages produce for one raw input."""

    raw: RawInput
    documents: tuple[Document, ...]
    events: tuple[Event, ...]
    mentions: tuple[tuple[str, tuple[Mention, ...]], ...] = ()  # (document id, mentions)
    agreements: tuple[AgreementMention, ...] = ()

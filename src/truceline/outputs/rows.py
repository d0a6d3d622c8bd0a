"""What the writers read: the rows of a store in order, and the few whole-store figures
an output needs before or beside them.

`Rows` is the shape; `store.stream.StoreRows` gives it from a store a chunk at a time
(what `truceline export` and `report` use, with memory that does not grow with the
store), and `ListRows` from documents, events and agreements already in memory (the
library's `export_text`, `html_report` and `markdown_report`). Both give the same
output for the same contents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from typing import Protocol

from truceline.models import Agreement, DateValue, Document, Event

UNKNOWN_OUTLET = "unknown outlet"


class TextSink(Protocol):
    """Where a writer writes: an open text file, standard output, a StringIO."""

    def write(self, text: str, /) -> object: ...


class Rows(Protocol):
    def documents(self) -> Iterator[Document]:
        """Every document, in the store's order (by page, then article)."""
        ...

    def events(self, *, contradicted: bool = False) -> Iterator[Event]:
        """The fused events by date, undated last; `contradicted`: only those whose
        sources disagree."""
        ...

    def agreements(self) -> Iterator[Agreement]: ...

    def document_count(self) -> int: ...

    def event_count(self, *, contradicted: bool = False) -> int: ...

    def agreement_count(self) -> int: ...

    def unplaced_event_ids(self) -> Iterator[str]:
        """Ids of the events without coordinates, in the events' order."""
        ...

    def outlet_coverage(self) -> list[tuple[str, int, int]]:
        """(outlet, articles, event reports): articles that are not copies of another,
        most first, ties in the order the documents first name the outlet; event
        reports count the events' sources by their document's outlet."""
        ...

    def page_documents(self, document_ids: Collection[str]) -> list[Document]:
        """All articles of the pages holding these documents, in the documents' order;
        their bodies may be left out (empty): look-ups read the rest."""
        ...

    def event_dates_citing(self, document_ids: Collection[str]) -> list[tuple[str, DateValue]]:
        """(document, date) for the dates of the events with a source in one of these
        documents, in the events' order: each source's, or only the resolved ones and
        once per document and value (the first event's), as the CSV reads the latest."""
        ...


class ListRows:
    """`Rows` over lists in memory, in the order given."""

    def __init__(
        self,
        documents: Sequence[Document],
        events: Sequence[Event],
        agreements: Sequence[Agreement],
    ) -> None:
        self._documents = documents
        self._events = events
        self._agreements = agreements
        self._raw_of: dict[str, str] = {}
        self._pages: dict[str, list[int]] | None = None
        self._citing: dict[str, list[int]] | None = None

    def documents(self) -> Iterator[Document]:
        return iter(self._documents)

    def events(self, *, contradicted: bool = False) -> Iterator[Event]:
        return (e for e in self._events if e.contradictions or not contradicted)

    def agreements(self) -> Iterator[Agreement]:
        return iter(self._agreements)

    def document_count(self) -> int:
        return len(self._documents)

    def event_count(self, *, contradicted: bool = False) -> int:
        return sum(1 for _ in self.events(contradicted=contradicted))

    def agreement_count(self) -> int:
        return len(self._agreements)

    def unplaced_event_ids(self) -> Iterator[str]:
        return (e.id for e in self._events if e.place is None or not e.place.resolved)

    def outlet_coverage(self) -> list[tuple[str, int, int]]:
        docs = Counter(d.outlet or UNKNOWN_OUTLET for d in self._documents if not d.duplicate_of)
        outlet_of = {d.id: d.outlet or UNKNOWN_OUTLET for d in self._documents}
        reports = Counter(
            outlet_of.get(s.document, UNKNOWN_OUTLET) for e in self._events for s in e.sources
        )
        return [(o, n, reports.get(o, 0)) for o, n in docs.most_common()]

    def page_documents(self, document_ids: Collection[str]) -> list[Document]:
        if self._pages is None:
            self._pages = {}
            for i, d in enumerate(self._documents):
                self._pages.setdefault(d.raw_sha256, []).append(i)
                self._raw_of[d.id] = d.raw_sha256
        raws = {self._raw_of[i] for i in document_ids if i in self._raw_of}
        found = sorted(i for raw in raws for i in self._pages[raw])
        return [self._documents[i] for i in found]

    def event_dates_citing(self, document_ids: Collection[str]) -> list[tuple[str, DateValue]]:
        if self._citing is None:
            self._citing = {}
            for i, e in enumerate(self._events):
                for s in e.sources:
                    self._citing.setdefault(s.document, []).append(i)
        found = sorted({i for doc in document_ids for i in self._citing.get(doc, [])})
        events = (self._events[i] for i in found)
        return [
            (s.document, e.date)
            for e in events
            if e.date is not None
            for s in e.sources
            if s.document in document_ids
        ]

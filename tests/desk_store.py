"""A store written by hand for the web page's tests (`build_desk_store`), shaped like the
ones analysts keep: an agreement with a long name, a dense stretch of events around it,
background history from years before, undated events, talks in far-off venues, a crowd
of events placed on one town's point, and one long article whose quote lies far down.
"""

from __future__ import annotations

from pathlib import Path

from truceline.models import (
    Actor,
    Agreement,
    DateValue,
    Document,
    DocumentResult,
    Event,
    Place,
    RawInput,
)
from truceline.models import Source as Src
from truceline.store import Store

AGREEMENT_NAME = "Northern Homs countryside de-escalation zone and its Rastan–Talbiseh pocket"
RASTAN = Place("Ar Rastan", 34.926, 36.733, "SY", "Homs Governorate")
TALBISEH = Place("Tallbisah", 34.840, 36.730, "SY", "Homs Governorate")
GENEVA = Place("Geneva", 46.202, 6.146, "CH", "Geneva")
ASTANA = Place("Astana", 51.169, 71.449, "KZ", "Astana")
ANKARA = Place("Ankara", 39.92, 32.854, "TR", "Ankara")
ZONE = Place("northern Homs countryside", 34.90, 36.75, "SY", "Homs Governorate", None, "region")
SAA = Actor("Syrian Arab Army", "saa", 1, "state_forces")
FSA = Actor("Free Syrian Army", "fsa", 2, "rebel_group")
CROWD = 17  # events on Rastan's point, as in the seeds
LONG_QUOTE = "the bakery in the eastern quarter was hit by two shells at dawn"


def _long_body() -> str:
    filler = [
        f"Paragraph {n}: residents described the checkpoints, the prices of bread and fuel, "
        "and the negotiations between the committees and the officers over many weeks."
        for n in range(1, 61)
    ]
    return "\n\n".join([*filler[:55], f"Witnesses said {LONG_QUOTE}.", *filler[55:]])


def _doc(n: int, body: str, published: str) -> tuple[RawInput, Document]:
    raw = RawInput(f"desk-{n}.txt", f"desk page {n}".encode(), "text")
    doc = Document(
        id=raw.sha256,
        raw_sha256=raw.sha256,
        source=raw.source,
        outlet="Desk Wire" if n % 2 else "Homs Monitor",
        title=f"Report {n}",
        published=DateValue(published),
        published_basis="metadata",
        body=body,
    )
    return raw, doc


def _source(doc: Document, quote: str) -> Src:
    start = doc.body.index(quote)
    return Src(doc.id, doc.outlet, quote, start, start + len(quote), "truceline/test")


def _event(
    eid: str,
    etype: str,
    sub: str | None,
    date: DateValue | None,
    place: Place | None,
    modality: str,
    source: Src,
) -> Event:
    return Event(eid, etype, "", sub, date, place, SAA, FSA, None, modality, None, [source])  # type: ignore[arg-type]


def desk_results() -> tuple[list[DocumentResult], list[Event], list[Agreement]]:
    results: list[DocumentResult] = []
    events: list[Event] = []
    long_raw, long_doc = _doc(0, _long_body(), "2017-09-02")
    results.append(DocumentResult(long_raw, (long_doc,), ()))
    events.append(
        _event(
            "ev-long",
            "ASSAULT",
            "ART_MISS_ATTACK",
            DateValue("2017-09-01"),
            RASTAN,
            "happened",
            _source(long_doc, LONG_QUOTE),
        )
    )
    for n in range(1, CROWD + 8):
        day = f"2017-{6 + n % 6:02d}-{1 + n % 27:02d}"
        quote = f"Shelling hit the town on day {n}"
        raw, doc = _doc(n, f"{quote}, a monitor said.", day)
        results.append(DocumentResult(raw, (doc,), ()))
        place = RASTAN if n <= CROWD else TALBISEH
        modality = "denied" if n in (3, 9) else "happened"
        sub = "ART_MISS_ATTACK" if n % 3 else "ARMED_CLASH"
        events.append(
            _event(
                f"ev-{n:02d}", "ASSAULT", sub, DateValue(day), place, modality, _source(doc, quote)
            )
        )
    extra = [
        ("ev-2011", DateValue("2011-03-15"), RASTAN, "ASSAULT", "ARMED_CLASH", "Protests began"),
        ("ev-2012", DateValue("2012-02", precision="month"), RASTAN, "ASSAULT", None, "The siege"),
        (
            "ev-2013",
            DateValue("2013", precision="year"),
            TALBISEH,
            "COERCE",
            None,
            "Years of siege",
        ),
        ("ev-undated-1", None, RASTAN, "AID", None, "Aid reached the town"),
        ("ev-undated-2", None, None, "REQUEST", None, "The committee asked for guarantees"),
        ("ev-geneva", DateValue("2017-07-10"), GENEVA, "CONSULT", "DIPLO", "Talks in Geneva"),
        ("ev-astana", DateValue("2017-05-04"), ASTANA, "AGREE", "AGREEMENT", "Signed in Astana"),
        # an attack placed at the capital where the deal was talked about (a wrong place)
        (
            "ev-ankara",
            DateValue("2017-06-20"),
            ANKARA,
            "ASSAULT",
            "ATTACK",
            "An attack, Ankara said",
        ),
    ]
    for n, (eid, date, place, etype, sub, quote) in enumerate(extra, start=100):
        raw, doc = _doc(n, f"{quote}, the report said.", "2017-08-01")
        results.append(DocumentResult(raw, (doc,), ()))
        events.append(_event(eid, etype, sub, date, place, "happened", _source(doc, quote)))
    agreement = Agreement(
        "ag-homs",
        AGREEMENT_NAME,
        "de-escalation",
        ZONE,
        [SAA, FSA],
        [Actor("Russia", "russia", 8, "external_state")],
        signed=DateValue("2017-05-04"),
        signed_place=ASTANA,
        effective=DateValue("2017-05-14"),
        ends=DateValue("2018-02-15"),
        status="ended",
        events=[e.id for e in events[:5]],
        sources=[events[0].sources[0]],
    )
    return results, events, [agreement]


def build_desk_store(path: Path) -> Path:
    results, events, agreements = desk_results()
    with Store(path) as store:
        store.save_results(results)
        store.replace_fused(events, agreements)
    return path

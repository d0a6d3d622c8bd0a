"""Fusion: duplicates, one event from several reports, contradictions kept."""

from __future__ import annotations

from dataclasses import replace

from truceline.fuse import fuse
from truceline.fuse.events import dates_compatible, places_compatible
from truceline.models import Actor, DateValue, Document, Event, Place, Source

KAFR_NABL = Place("Kafr Nabl", 35.614, 36.561, "SY", precision="town")
MAARAT = Place("Maarat al-Numan", 35.643, 36.675, "SY", precision="town")  # ~11 km away
SARAQIB = Place("Saraqib", 35.864, 36.807, "SY", precision="town")  # ~35 km away
SAA = Actor("Syrian Arab Army", "saa", 1)


def _doc(doc_id: str, body: str, outlet: str) -> Document:
    return Document(
        id=doc_id,
        raw_sha256=doc_id,
        source=f"{doc_id}.txt",
        outlet=outlet,
        title=None,
        published=DateValue("2019-06-02"),
        published_basis="text",
        body=body,
    )


def _event(
    eid: str, doc: str, *, date="2019-06-01", place=KAFR_NABL, dead=None, kind="ASSAULT"
) -> Event:
    return Event(
        id=eid,
        type=kind,
        mode="",
        acled_sub_event="ART_MISS_ATTACK" if kind == "ASSAULT" else None,
        date=DateValue(date, precision="day" if len(date) == 10 else "month"),
        place=place,
        actor1=SAA,
        actor2=None,
        fatalities=dead,
        modality="happened",
        attribution=None,
        sources=[Source(doc, doc.upper(), f"quote in {doc}", 0, 10)],
    )


def test_fuse_merges_two_reports_of_one_shelling_and_keeps_both_sources():
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    result = fuse(docs, [_event("e1", "a"), _event("e2", "b")])
    assert len(result.events) == 1
    assert {s.document for s in result.events[0].sources} == {"a", "b"}


def test_fuse_records_a_death_toll_contradiction_instead_of_picking_one():
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    [event] = fuse(docs, [_event("e1", "a", dead=12), _event("e2", "b", dead=7)]).events
    [c] = event.contradictions
    assert c.field == "fatalities"
    assert {v: [s.document for s in srcs] for v, srcs in c.values} == {"12": ["a"], "7": ["b"]}


def test_fuse_keeps_attacks_in_two_towns_apart_as_two_events():
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    result = fuse(docs, [_event("e1", "a", place=KAFR_NABL), _event("e2", "b", place=SARAQIB)])
    assert len(result.events) == 2
    result = fuse(docs, [_event("e1", "a", place=KAFR_NABL), _event("e2", "b", place=MAARAT)])
    assert len(result.events) == 2


def test_fuse_does_not_count_a_duplicate_page_twice():
    docs = [
        _doc("a", "The same words, here, about the shelling of the market.", "A"),
        _doc("b", "the same WORDS here about the shelling of the market", "B"),
    ]
    result = fuse(docs, [_event("e1", "a"), _event("e2", "b")])
    assert result.duplicates == {"a": None, "b": "a"}
    [event] = result.events
    assert [s.document for s in event.sources] == ["a"]


TEMPLATE = (
    "Journalists and media workers held a protest outside the press club in {town} "
    "against the arrest of an editor and demanded his release on {day} May."
)


def test_templated_reports_of_other_days_or_places_are_not_duplicates():
    from dataclasses import replace

    a = _doc("a", TEMPLATE.format(town="Lahore", day=2), "A")
    b = replace(
        _doc("b", TEMPLATE.format(town="Karachi", day=9), "B"), published=DateValue("2019-06-09")
    )
    c = _doc("c", TEMPLATE.format(town="Multan", day=2), "C")  # same day and numbers
    d = _doc("d", TEMPLATE.format(town="Lahore", day=2) + " Police watched.", "D")
    events = [_event("e1", "a", place=KAFR_NABL), _event("e3", "c", place=SARAQIB)]
    result = fuse([a, b, c, d], events)
    assert result.duplicates == {"a": None, "b": None, "c": None, "d": "a"}


def test_the_same_words_about_two_quarters_of_one_town_are_two_reports():
    words = (
        "On 3 May, residents of the northern quarter of Goma reported that gunmen fired "
        "on a police patrol in {quarter} neighbourhood late in the evening."
    )
    a = _doc("a", words.format(quarter="Majengo"), "A")
    b = _doc("b", words.format(quarter="Katindo"), "B")
    c = _doc("c", words.format(quarter="Majengo") + " A curfew followed.", "C")
    # all three placed at Goma, the town: only the names tell the first two apart
    events = [_event(e, d, place=KAFR_NABL) for e, d in (("e1", "a"), ("e2", "b"), ("e3", "c"))]
    result = fuse([a, b, c], events)
    assert result.duplicates == {"a": None, "b": None, "c": "a"}


def test_month_precision_is_compatible_with_a_day_inside_it():
    assert dates_compatible(DateValue("2017-08", precision="month"), DateValue("2017-08-03"))
    assert not dates_compatible(DateValue("2017-08-04"), DateValue("2017-08-03"))


def test_region_precision_tolerates_a_wider_distance_than_a_town():
    region = Place("southern Idlib", 35.6, 36.6, "SY", precision="region")
    assert places_compatible(region, SARAQIB)
    assert not places_compatible(KAFR_NABL, SARAQIB)


def test_fuse_merges_one_day_apart_reports_with_a_date_contradiction():
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    [event] = fuse(
        docs, [_event("e1", "a", date="2019-06-01"), _event("e2", "b", date="2019-06-02")]
    ).events
    assert [c.field for c in event.contradictions] == ["date"]


def test_reports_a_day_apart_in_one_province_need_an_actor_or_toll_in_common():
    idlib = Place("Idlib", 35.8, 36.6, "SY", "Idlib", None, "admin1")
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]

    def report(eid: str, doc: str, date: str, actor: Actor | None) -> Event:
        return replace(_event(eid, doc, date=date, place=idlib), actor1=actor)

    # no actor on one side: a province and a day apart are not one event
    apart = [report("e1", "a", "2019-06-01", SAA), report("e2", "b", "2019-06-02", None)]
    assert len(fuse(docs, apart).events) == 2
    # the same actor on both sides ties them, the date contradiction recorded
    same = [report("e1", "a", "2019-06-01", SAA), report("e2", "b", "2019-06-02", SAA)]
    [event] = fuse(docs, same).events
    assert [c.field for c in event.contradictions] == ["date"]


def test_reports_of_one_day_in_one_province_with_other_actors_are_two_incidents():
    idlib = Place("Idlib", 35.8, 36.6, "SY", "Idlib", None, "admin1")
    rebels = Actor("Hayat Tahrir al-Sham", "hts", 2)
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    one = _event("e1", "a", place=idlib)
    other = replace(_event("e2", "b", place=idlib), actor1=rebels)
    assert len(fuse(docs, [one, other]).events) == 2


def test_fuse_counts_corroboration_by_outlet_alignment():
    docs = [
        _doc("a", "one body", "A"),
        _doc("b", "another body", "B"),
        _doc("c", "third body", "C"),
    ]
    result = fuse(
        docs,
        [_event("e1", "a"), _event("e2", "b"), _event("e3", "c")],
        alignments={"A": "opposition", "B": "opposition", "C": "pro-government"},
    )
    assert result.events[0].corroboration == {"reports": 3, "outlets": 3, "alignments": 2}


def test_undated_mentions_of_one_withdrawal_in_one_article_become_one_event():
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]

    def undated(eid, doc, date=None):
        event = _event(eid, doc, kind="RETREAT")
        event.date = DateValue(date, kind="unresolved") if date else None
        event.acled_sub_event = "NON_VIOL_TERRIT_TRANSFER"
        event.sources = [
            Source(doc, doc.upper(), f"sentence {eid}", int(eid[1:]) * 20, int(eid[1:]) * 20 + 10)
        ]
        return event

    result = fuse(
        docs,
        [
            undated("e1", "a", "XXXX-XX-XX"),
            undated("e2", "a"),
            undated("e3", "a", "XXXX-03"),
            undated("e4", "b"),
        ],
    )
    assert sorted(len(e.sources) for e in result.events) == [
        1,
        3,
    ]  # the other outlet's report stays apart


def test_fusion_fingerprint_names_version_and_alignments():
    from truceline import EXTRACTOR_VERSION
    from truceline.fuse import fusion_fingerprint

    base = fusion_fingerprint({"A": "gov", "B": "opposition"})
    assert base.startswith(EXTRACTOR_VERSION)
    assert fusion_fingerprint({"B": "opposition", "A": "gov"}) == base  # order does not matter
    assert fusion_fingerprint({"A": "gov", "B": "gov"}) != base  # a changed alignment re-fuses


def test_fuse_store_if_stale_fuses_only_when_something_was_stored(tmp_path):
    from truceline.models import DocumentResult, RawInput
    from truceline.run.fusion import fuse_store_if_stale
    from truceline.store import Store

    def result(name: str, text: bytes) -> DocumentResult:
        raw = RawInput(source=f"{name}.txt", data=text, format="text")
        doc = _doc(raw.sha256, text.decode(), name.upper())
        return DocumentResult(raw=raw, documents=(doc,), events=(_event(f"e-{name}", raw.sha256),))

    store = Store(tmp_path / "t.db")
    store.save_results([result("a", b"Shelling hit Kafr Nabl on Saturday, killing three.")])
    assert fuse_store_if_stale(store)
    assert not fuse_store_if_stale(store)
    store.save_results([result("b", b"Artillery struck the market in Kafr Nabl.")])
    assert fuse_store_if_stale(store)
    [event] = store.events()
    assert len(event.sources) == 2


# ------------------------------------------------------------------ event identity


def _at(event: Event, doc: str, start: int, quote: str = "a sentence") -> Event:
    event.sources = [Source(doc, doc.upper(), quote, start, start + 60)]
    return event


def test_two_days_in_one_article_are_two_events():
    """ "On 8 May Turkish forces shelled the town ... on 9 May clashes broke out there": the
    article tells two days, so never one event with a date contradiction."""
    docs = [_doc("a", "one body", "A")]
    shelled = _at(_event("e1", "a", date="2019-06-08"), "a", 0)
    clash = _at(_event("e2", "a", date="2019-06-09"), "a", 100)
    clash.acled_sub_event = None
    assert len(fuse(docs, [shelled, clash]).events) == 2


def test_an_artillery_report_and_an_air_strike_report_of_one_attack_are_one_event():
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    air = _event("e2", "b")
    air.acled_sub_event = "AIR_STRIKE"
    [event] = fuse(docs, [_event("e1", "a"), air]).events
    assert {s.document for s in event.sources} == {"a", "b"}


def test_an_undated_sentence_after_a_dated_event_of_its_article_tells_the_same_event():
    docs = [_doc("a", "one body", "A")]
    attack = _at(_event("e1", "a"), "a", 0)
    died = _at(_event("e2", "a", dead=1), "a", 80, "The victim died.")
    died.date, died.place, died.acled_sub_event = None, None, "ATTACK"
    [event] = fuse(docs, [attack, died]).events
    assert event.fatalities == 1 and len(event.sources) == 2


def test_an_undated_sentence_about_another_incident_stays_apart():
    docs = [_doc("a", "one body", "A")]
    attack = _at(_event("e1", "a"), "a", 0)
    other = _at(_event("e2", "a", dead=2), "a", 80, "Elsewhere, gunmen killed two farmers.")
    other.date, other.place = None, None
    assert len(fuse(docs, [attack, other]).events) == 2


def test_a_report_with_no_place_joins_one_with_the_same_large_toll_in_its_country():
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    placed = _event("e1", "a", dead=12)
    placeless = _event("e2", "b", dead=12, place=None)
    placeless.actor1 = None
    town_of_b = _at(_event("e3", "b", date="2019-05-20", kind="PROTEST"), "b", 300)
    [event, _] = sorted(
        fuse(docs, [placed, placeless, town_of_b]).events, key=lambda e: -len(e.sources)
    )
    assert {s.document for s in event.sources} == {"a", "b"}


def test_a_report_with_no_place_and_a_common_toll_stays_apart():
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    placeless = _event("e2", "b", dead=1, place=None)
    placeless.actor1 = None
    assert len(fuse(docs, [_event("e1", "a", dead=1), placeless]).events) == 2
    abroad = _event("e3", "b", dead=12, place=None)
    abroad.actor1 = None
    kabul = _at(_event("e4", "b", kind="PROTEST", place=Place("Kabul", 34.5, 69.2, "AF")), "b", 300)
    result = fuse(docs, [_event("e1", "a", dead=12), abroad, kabul])
    assert len([e for e in result.events if e.type == "ASSAULT"]) == 2


def test_the_order_of_reports_does_not_decide_what_is_one_event():
    """A report with no place read first founds an event of its own; the report that names
    the town and the toll ties it to the others afterwards."""
    docs = [_doc(d, f"body {d}", d.upper()) for d in "abc"]
    region = Place("southern Idlib countryside", 35.6, 36.58, "SY", precision="region")
    town = _event("e1", "a", dead=7)
    region_report = _event("e2", "b", dead=12, place=region)
    region_report.actor1 = None
    no_place = _event("e0", "c", dead=12, place=None)
    no_place.actor1 = None
    elsewhere_in_c = _at(_event("e9", "c", date="2019-05-20", kind="PROTEST"), "c", 300)
    for order in ([town, region_report, no_place], [no_place, region_report, town]):
        events = fuse(docs, [*order, elsewhere_in_c]).events
        [event] = [e for e in events if e.type == "ASSAULT"]
        assert {s.document for s in event.sources} == {"a", "b", "c"}


def test_tolls_are_voted_by_document_and_wounded_contradictions_kept():
    from truceline.models import Casualty

    docs = [_doc(d, f"body {d}", d.upper()) for d in "abc"]
    a = _event("e1", "a", dead=7)
    a.casualties = [Casualty("killed", 7, "civilians"), Casualty("wounded", 15)]
    b = _event("e2", "b", dead=12)
    b.casualties = [Casualty("killed", 12, "civilians"), Casualty("wounded", 21)]
    c = _event("e3", "c", dead=12)
    [event] = fuse(docs, [a, b, c]).events
    assert event.fatalities == 12
    fields = {x.field: [v for v, _ in x.values] for x in event.contradictions}
    assert fields["fatalities"] == ["7", "12"] and fields["wounded"] == ["15", "21"]


def test_corroboration_counts_outlets_and_documents_never_quotes():
    """Six quotes of one article are one report from one outlet, in the event's
    corroboration and in the ACLED-style CSV's `n_sources`."""
    import csv
    import io

    from truceline.outputs.export import acled_csv

    docs = [_doc("a", "one body", "A")]
    [event] = fuse(docs, [_at(_event("e1", "a", dead=3), "a", 0)]).events
    event.sources = [Source("a", "A", f"quote {n}", 100 * n, 100 * n + 50) for n in range(6)]
    assert event.corroboration == {"reports": 1, "outlets": 1, "alignments": 0}
    [row] = csv.DictReader(io.StringIO(acled_csv([event], docs)))
    assert row["n_sources"] == "1"


def test_near_duplicate_notes_about_two_unlisted_villages_are_two_reports():
    body = "On 28 April, observers recorded 3 explosions of unknown weapons near {}."
    docs = [_doc("a", body.format("Berezove"), "A"), _doc("b", body.format("Pyshchevyk"), "B")]
    unlisted = Place("Pyshchevyk", precision="unresolved")
    events = [_event("e1", "a"), _event("e2", "b", place=unlisted)]
    assert fuse(docs, events).duplicates == {"a": None, "b": None}


def test_a_place_guessed_from_the_documents_focus_neither_ties_nor_parts_reports():
    """A summary whose sentence named no place took the article's most named place
    (basis "document"): it still joins the report of the same toll, day and actor at the
    place the other report names, and the merged event keeps the place read in the text."""
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    guessed = replace(SARAQIB, basis="document")
    result = fuse(docs, [_event("e1", "a", dead=12), _event("e2", "b", place=guessed, dead=12)])
    [event] = result.events
    assert event.place == KAFR_NABL
    assert not [c for c in event.contradictions if c.field == "place"]
    # read in the text, the same place keeps the two apart
    result = fuse(docs, [_event("e1", "a", dead=12), _event("e2", "b", place=SARAQIB, dead=12)])
    assert len(result.events) == 2


def test_two_kinds_of_one_attack_named_equally_often_take_the_deadliest_ones():
    """Two reports of one attack, one shelling that killed four, the other an air strike
    that killed no one it names: the tie goes to the kind that counts the dead, whichever
    report comes first."""
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    for first in ("a", "b"):
        shelling = _event("e1", "a", dead=4)
        air = _event("e2", "b")
        air.acled_sub_event = "AIR_STRIKE"
        events = [shelling, air] if first == "a" else [air, shelling]
        [event] = fuse(docs, events).events
        assert event.acled_sub_event == "ART_MISS_ATTACK"


def test_attacks_a_day_apart_with_the_sides_swapped_are_two_events():
    """ "The army shelled the rebels" on the 1st and "the rebels bombed the army" on the
    2nd, in one district: each side's own attack, not one event with a contradiction
    over who did it (the army is a role-built actor with no table id)."""
    docs = [_doc("a", "one body", "A"), _doc("b", "another body", "B")]
    army = Actor("Military Forces of Nigeria (2015-)", "", 1, "state_forces")
    rebels = Actor("Boko Haram", "boko-haram", 2, "jihadist_group")
    shelling = replace(_event("e1", "a", date="2019-06-01"), actor1=army, actor2=rebels)
    bombing = replace(_event("e2", "b", date="2019-06-02"), actor1=rebels, actor2=army)
    bombing.acled_sub_event = "REM_EXPLOS"
    assert len(fuse(docs, [shelling, bombing]).events) == 2

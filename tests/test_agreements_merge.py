"""The cross-document agreement stage: hand-made agreement mentions through
`merge_agreements`, then the seeds and the example corpus end to end."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from truceline.fuse.agreement_links import related_agreements, timeline
from truceline.fuse.agreements import merge_agreements
from truceline.models import (
    Actor,
    Agreement,
    AgreementMention,
    Claim,
    DateValue,
    Document,
    Event,
    Place,
    Provision,
    Source,
)

TOWN_A = Place("Tafas", 32.74, 36.07, "SY", "Daraa", 1, "town")
TOWN_B = Place("Muzayrib", 32.71, 36.03, "SY", "Daraa", 2, "town")  # 5 km from Tafas
FAR_TOWN = Place("Qamishli", 37.05, 41.22, "SY", "Hasakah", 3, "town")
REGION = Place("western Daraa countryside", 32.72, 36.1, "SY", "Daraa", None, "region")
VENUE = Place("Amman", 31.95, 35.93, "JO", None, 4, "town")
RUSSIA = Actor("Russia", "russia", 8, "external_state")
ARMY = Actor("Syrian Arab Army", "syrian-arab-army", 1, "state_forces")
REBELS = Actor("Syrian rebels", "syrian-rebels", 2, "rebel_group")
HTS = Actor("Hay'at Tahrir al-Sham", "hts", 2, "jihadist_group")


def doc(doc_id: str, published: str | None, duplicate_of: str | None = None) -> Document:
    return Document(
        doc_id,
        doc_id,
        f"{doc_id}.txt",
        "Outlet",
        None,
        DateValue(published) if published else None,
        "metadata",
        "body",
        duplicate_of=duplicate_of,
    )


def src(doc_id: str, start: int = 0) -> Source:
    return Source(
        doc_id, "Outlet", f"sentence {start} of {doc_id}", start, start + 40, "truceline/test"
    )


def mention(
    doc_id: str,
    *claims: tuple[str, object],
    provisions: list[Provision] = (),
    kind: str = "truce",
    events: list[str] = (),
) -> AgreementMention:
    made = [
        Claim(
            f,
            DateValue(v)
            if f in ("signed", "effective", "extended", "ends") and isinstance(v, str)
            else v,
            src(doc_id, 100 * n),
        )
        for n, (f, v) in enumerate(claims)
    ]
    return AgreementMention(
        f"m-{doc_id}",
        doc_id,
        kind,
        None,
        [Claim("kind", kind, src(doc_id, 999)), *made],
        list(provisions),
        list(events),
    )


def prov(
    doc_id: str,
    category: str,
    status: str = "agreed",
    deadline: str | None = None,
    start: int = 500,
) -> Provision:
    return Provision(
        category,
        f"{category} text",
        DateValue(deadline) if deadline else None,
        status,
        [src(doc_id, start)],
    )


def event(
    event_id: str,
    type_: str,
    day: str,
    place: Place | None,
    mode: str = "",
    actor: Actor | None = None,
    doc_id: str = "news",
    modality: str = "happened",
) -> Event:
    return Event(
        event_id,
        type_,
        mode,
        None,
        DateValue(day),
        place,
        actor,
        None,
        None,
        modality,
        None,
        [Source(doc_id, "Outlet", "q", 5000, 5040)],
    )


def only(agreements: list[Agreement]) -> Agreement:
    assert len(agreements) == 1, [a.name for a in agreements]
    return agreements[0]


def values(a: Agreement, field: str) -> dict[str, set[str]]:
    [c] = [c for c in a.contradictions if c.field == field]
    return {v: {s.document for s in sources} for v, sources in c.values}


def test_two_reports_of_one_deal_make_one_record():
    m1 = mention("a", ("signed", "2020-02-01"), ("zone", TOWN_A), ("guarantor", RUSSIA))
    m2 = mention(
        "b",
        ("signed", "2020-02-01"),
        ("effective", "2020-02-02"),
        ("zone", TOWN_B),
        ("party", REBELS),
    )
    a = only(merge_agreements([m1, m2], [], [doc("a", "2020-02-01"), doc("b", "2020-02-03")])[0])
    assert a.signed == DateValue("2020-02-01") and a.effective == DateValue("2020-02-02")
    assert [g.name for g in a.guarantors] == ["Russia"] and [p.name for p in a.parties] == [
        "Syrian rebels"
    ]
    assert {s.document for s in a.sources} == {"a", "b"}
    assert a.contradictions == []


def test_two_deals_in_one_zone_at_different_times_are_two_records_the_later_following():
    july = mention("a", ("signed", "2017-07-10"), ("zone", TOWN_A), ("ends", "2017-12-31"))
    october = mention("b", ("signed", "2017-10-04"), ("zone", TOWN_B))
    agreements, _ = merge_agreements(
        [july, october], [], [doc("a", "2017-07-11"), doc("b", "2017-10-05")]
    )
    first, second = agreements
    assert first.signed == DateValue("2017-07-10") and second.signed == DateValue("2017-10-04")
    [relation] = related_agreements(agreements)
    assert (relation.agreement, relation.target, relation.relation) == (
        second.id,
        first.id,
        "follows",
    )


def test_deals_far_apart_at_one_time_are_two_records_not_related():
    here = mention("a", ("signed", "2020-02-01"), ("zone", TOWN_A))
    there = mention("b", ("signed", "2020-02-20"), ("zone", FAR_TOWN))
    agreements, _ = merge_agreements(
        [here, there], [], [doc("a", "2020-02-01"), doc("b", "2020-02-20")]
    )
    assert len(agreements) == 2 and related_agreements(agreements) == []


def test_disagreeing_start_dates_are_a_contradiction_and_the_better_supported_wins():
    ms = [
        mention(d, ("signed", "2019-10-14"), ("effective", "2019-10-16"), ("zone", TOWN_A))
        for d in ("a", "b")
    ]
    ms.append(mention("c", ("signed", "2019-10-14"), ("effective", "2019-10-18"), ("zone", TOWN_A)))
    docs = [doc(d, "2019-10-20") for d in "abc"]
    a = only(merge_agreements(ms, [], docs)[0])
    assert a.effective == DateValue("2019-10-16")
    assert values(a, "effective") == {"2019-10-16": {"a", "b"}, "2019-10-18": {"c"}}
    assert a.contradictions[0].values[0][0] == "2019-10-16"  # best supported first


def test_a_start_before_the_signing_loses_a_tie():
    early = mention("a", ("signed", "2017-08"), ("effective", "2017-05-14"), ("zone", TOWN_A))
    on_time = mention("b", ("signed", "2017-08-02"), ("effective", "2017-08-03"), ("zone", TOWN_A))
    a = only(
        merge_agreements([early, on_time], [], [doc("a", "2018-02-16"), doc("b", "2017-08-03")])[0]
    )
    assert a.effective == DateValue("2017-08-03")
    assert set(values(a, "effective")) == {"2017-08-03", "2017-05-14"}


def test_a_date_without_its_year_takes_the_agreements_year():
    ms = [
        mention("a", ("signed", "2019-10-14"), ("effective", "2019-10-16"), ("zone", TOWN_A)),
        mention(
            "b",
            ("effective", DateValue("XXXX-10-16", kind="unresolved")),
            ("zone", TOWN_A),
            provisions=[
                Provision(
                    "detainees",
                    "t",
                    DateValue("XXXX-11-01", kind="unresolved"),
                    "agreed",
                    [src("b", 700)],
                )
            ],
        ),
        mention("c", ("signed", "2019-10-14"), ("effective", "2019-10-18"), ("zone", TOWN_A)),
    ]
    a = only(
        merge_agreements(ms, [], [doc("a", "2019-10-16"), doc("b", None), doc("c", "2019-10-18")])[
            0
        ]
    )
    assert values(a, "effective") == {"2019-10-16": {"a", "b"}, "2019-10-18": {"c"}}
    assert a.provisions[1].deadline == DateValue("2019-11-01", basis="corpus")
    assert ms[1].claims[1].value.value == "XXXX-10-16"  # the mention itself is not changed


def test_an_end_superseded_by_a_later_extension_is_no_contradiction():
    first = mention("a", ("signed", "2020-01-01"), ("zone", TOWN_A), ("ends", "2020-02-29"))
    later = mention(
        "b",
        ("signed", "2020-01-01"),
        ("zone", TOWN_A),
        ("extended", "2020-02-20"),
        ("ends", "2020-04-30"),
    )
    a = only(
        merge_agreements([first, later], [], [doc("a", "2020-01-02"), doc("b", "2020-02-21")])[0]
    )
    assert a.ends == DateValue("2020-04-30")
    assert [c.field for c in a.contradictions] == []
    assert a.extended == [DateValue("2020-02-20")]


def test_two_end_dates_in_one_report_stay_a_contradiction():
    m = mention(
        "a",
        ("signed", "2017-08-02"),
        ("zone", TOWN_A),
        ("ends", "2018-02-15"),
        ("extended", "2018-05-04"),
        ("ends", "2018-05"),
    )
    a = only(merge_agreements([m], [], [doc("a", "2018-02-16")])[0])
    assert set(values(a, "ends")) == {"2018-02-15", "2018-05"}


def test_an_undated_mention_joins_the_deal_in_force_at_its_date():
    july = mention("a", ("signed", "2017-07-10"), ("zone", TOWN_A))
    october = mention("b", ("signed", "2017-10-04"), ("zone", TOWN_A))
    september = mention("c", ("status", "in force"))
    agreements, _ = merge_agreements(
        [july, october, september],
        [],
        [doc("a", "2017-07-11"), doc("b", "2017-10-05"), doc("c", "2017-09-07")],
    )
    july_record = next(a for a in agreements if a.signed == DateValue("2017-07-10"))
    assert "c" in {s.document for s in july_record.sources}


def test_an_undated_mention_with_nothing_to_join_is_dropped():
    assert (
        merge_agreements([mention("a", ("status", "in force"))], [], [doc("a", "2020-01-01")])[0]
        == []
    )


def test_attack_in_the_zone_while_in_force_is_a_candidate_violation():
    m = mention(
        "a",
        ("signed", "2020-02-01"),
        ("effective", "2020-02-02"),
        ("zone", REGION),
        ("ends", "2020-03-31"),
    )
    attack = event("x", "ASSAULT", "2020-02-10", TOWN_B)
    agreements, events = merge_agreements(
        [m], [attack], [doc("a", "2020-02-01"), doc("news", "2020-02-10")]
    )
    a = only(agreements)
    ceasefire = next(p for p in a.provisions if p.category == "ceasefire")
    assert ceasefire.status == "violated" and attack.sources[0] in ceasefire.sources
    assert a.events == ["x"] and events[0].agreement == a.id
    assert attack.agreement is None  # the input is not changed


@pytest.mark.parametrize(
    "day,place", [("2020-01-20", TOWN_B), ("2020-02-10", FAR_TOWN), ("2020-05-10", TOWN_B)]
)
def test_attack_before_the_start_far_away_or_after_the_end_is_not_linked(day, place):
    m = mention(
        "a",
        ("signed", "2020-02-01"),
        ("effective", "2020-02-02"),
        ("zone", REGION),
        ("ends", "2020-03-31"),
    )
    agreements, events = merge_agreements(
        [m], [event("x", "ASSAULT", day, place)], [doc("a", "2020-02-01")]
    )
    assert events[0].agreement is None
    assert next(p for p in agreements[0].provisions if p.category == "ceasefire").status == "agreed"


def test_aid_convoy_in_the_zone_implements_the_aid_provision():
    m = mention(
        "a",
        ("signed", "2020-02-01"),
        ("zone", TOWN_A),
        provisions=[
            prov("a", "humanitarian_access", deadline="2020-02-15"),
            prov("a", "detainees", start=600),
        ],
    )
    convoy = event("aid", "AID", "2020-02-14", TOWN_A, mode="humanitarian")
    a = only(merge_agreements([m], [convoy], [doc("a", "2020-02-01")])[0])
    statuses = {p.category: p.status for p in a.provisions}
    assert statuses["humanitarian_access"] == "implemented" and statuses["detainees"] == "agreed"
    assert next(
        p for p in a.provisions if p.category == "humanitarian_access"
    ).deadline == DateValue("2020-02-15")


def test_refusal_by_an_excluded_group_violates_its_provision():
    m = mention(
        "a",
        ("signed", "2020-02-01"),
        ("zone", TOWN_A),
        ("excluded", HTS),
        provisions=[prov("a", "excluded_groups", deadline="2020-03-01")],
    )
    refusal = event("no", "REJECT", "2020-02-27", None, actor=HTS, doc_id="a")
    refusal = replace(refusal, sources=[src("a", 500)])
    a = only(merge_agreements([m], [refusal], [doc("a", "2020-02-28")])[0])
    assert next(p for p in a.provisions if p.category == "excluded_groups").status == "violated"


def test_provision_reports_merge_to_the_latest_and_violation_sticks():
    m1 = mention(
        "a",
        ("signed", "2020-02-01"),
        ("zone", TOWN_A),
        provisions=[
            prov("a", "movement_roads", deadline="2020-03-01"),
            prov("a", "ceasefire", "violated", start=600),
        ],
    )
    m2 = mention(
        "b",
        ("signed", "2020-02-01"),
        ("zone", TOWN_A),
        provisions=[
            prov("b", "movement_roads", "lapsed"),
            prov("b", "ceasefire", "implemented", start=600),
        ],
    )
    a = only(merge_agreements([m1, m2], [], [doc("a", "2020-02-02"), doc("b", "2020-03-05")])[0])
    statuses = {p.category: p.status for p in a.provisions}
    assert statuses == {"ceasefire": "violated", "movement_roads": "lapsed"}


def test_copies_of_a_document_add_no_support():
    ms = [
        mention("a", ("signed", "2020-02-01"), ("effective", "2020-02-03"), ("zone", TOWN_A)),
        mention("b", ("signed", "2020-02-01"), ("effective", "2020-02-05"), ("zone", TOWN_A)),
        mention("c", ("signed", "2020-02-01"), ("effective", "2020-02-05"), ("zone", TOWN_A)),
    ]
    docs = [
        doc("a", "2020-02-06"),
        doc("b", "2020-02-06"),
        doc("c", "2020-02-06", duplicate_of="b"),
    ]
    a = only(merge_agreements(ms, [], docs)[0])
    assert values(a, "effective") == {"2020-02-03": {"a"}, "2020-02-05": {"b"}}


def test_status_follows_the_latest_report():
    m = mention(
        "a",
        ("signed", "2020-02-01"),
        ("effective", "2020-02-02"),
        ("zone", TOWN_A),
        ("ends", "2020-03-01"),
    )
    a_early = only(merge_agreements([m], [], [doc("a", "2020-02-10")])[0])
    assert a_early.status == "in force"
    later = mention("b", ("signed", "2020-02-01"), ("zone", TOWN_A))
    a_late = only(
        merge_agreements([m, later], [], [doc("a", "2020-02-10"), doc("b", "2020-03-05")])[0]
    )
    assert a_late.status == "ended"
    assert [s for _, s in timeline(a_late)] == ["agreed", "in force", "ended"]


def test_the_signing_venue_is_never_the_zone():
    m1 = mention("a", ("signed", "2020-02-01"), ("zone", VENUE), ("signed_place", VENUE))
    m2 = mention("b", ("signed", "2020-02-01"), ("zone", TOWN_A), ("signed_place", VENUE))
    a = only(merge_agreements([m1, m2], [], [doc("a", "2020-02-01"), doc("b", "2020-02-02")])[0])
    assert a.zone == TOWN_A and a.signed_place == VENUE


def test_ceasefire_kinds_get_an_implied_ceasefire_provision():
    a = only(
        merge_agreements(
            [mention("a", ("signed", "2020-02-01"), ("zone", TOWN_A))], [], [doc("a", "2020-02-01")]
        )[0]
    )
    assert [p.category for p in a.provisions] == ["ceasefire"]
    assert a.name == "Tafas truce agreement" and a.kind == "truce"


# ------------------------------------------------------------------ end to end


def _run(paths: list[Path]) -> tuple[list[Agreement], list[Event], list[Document]]:
    """clean → understand → extract (events, agreement mentions) → fuse events → merge."""
    events_module = pytest.importorskip("truceline.extract.events.extractor")
    from truceline.clean import clean
    from truceline.extract.agreements.extractor import extract_agreements
    from truceline.fuse import fuse
    from truceline.ingest import iter_inputs
    from truceline.models import RawInput
    from truceline.run.pipeline import Pipeline
    from truceline.understand import analyse

    pipeline = Pipeline.load()
    docs, mentions, events = [], [], []
    for raw in iter_inputs(paths):
        if not isinstance(raw, RawInput):
            continue
        for d in pipeline.documents(raw, clean(raw)):
            analysis, sdoc = analyse(d, pipeline.resources)
            if d.published is None and analysis.anchor is not None:
                d = replace(d, published=analysis.anchor, published_basis="estimated")
                analysis = replace(analysis, document=d)
            found = events_module.extract_events(analysis, sdoc)
            docs.append(d)
            events += found
            mentions += extract_agreements(analysis, sdoc, found)
    agreements, linked = merge_agreements(mentions, fuse(docs, events).events, docs)
    return agreements, linked, docs


# ------------------------------------------------------------------ identity across documents


FAYLAQ = Actor("Faylaq al-Rahman", "faylaq-al-rahman", 2, "rebel_group")
AHRAR = Actor("Ahrar al-Sham", "ahrar-al-sham", 2, "rebel_group")


def _records(mentions, docs):
    agreements, _ = merge_agreements(mentions, [], docs)
    return agreements


def test_deals_of_one_time_in_two_countries_are_two_records():
    docs = [doc("a", "2020-10-24"), doc("b", "2020-10-24")]
    libya = mention("a", ("signed", "2020-10-23"), ("country", "LY"))
    other = mention("b", ("signed", "2020-10-23"), ("country", "YE"))
    assert len(_records([libya, other], docs)) == 2


def test_a_start_years_away_from_a_signing_is_another_deals():
    """The Astana memorandum's start (May 2017) is no date of a deal signed in October 2020,
    though neither report names a zone."""
    docs = [doc("a", "2020-10-24"), doc("b", "2017-05-07")]
    geneva = mention("a", ("signed", "2020-10-23"), kind="ceasefire")
    astana = mention("b", ("effective", "2017-05-05"), kind="de-escalation")
    assert len(_records([geneva, astana], docs)) == 2
    soon = mention("b", ("effective", "2020-10-25"), kind="ceasefire")
    assert len(_records([geneva, soon], docs)) == 1


def test_an_undated_report_joins_only_a_deal_in_force_when_it_was_written():
    docs = [doc("a", "2020-11-10"), doc("b", "2022-06-02")]
    karabakh = mention("a", ("signed", "2020-11-09"), kind="ceasefire")
    extension = mention("b", ("extended", "2022-06-02"), ("zone", TOWN_A), kind="truce")
    assert len(_records([karabakh, extension], docs)) == 2


def test_local_deals_of_two_armed_groups_days_apart_are_two_records():
    docs = [doc("a", "2018-03-24"), doc("b", "2018-03-24"), doc("c", "2018-03-25")]
    arbin = mention("a", ("signed", "2018-03-23"), ("party", FAYLAQ), kind="evacuation")
    harasta = mention("b", ("signed", "2018-03-21"), ("party", AHRAR), kind="evacuation")
    buses = mention("c", ("signed", "2018-03-23"), kind="evacuation")
    records = _records([arbin, harasta, buses], docs)
    assert sorted(len({s.document for s in r.sources}) for r in records) == [1, 2]
    [two] = [r for r in records if len({s.document for s in r.sources}) == 2]
    assert {s.document for s in two.sources} == {"a", "c"}  # the same day's deal
    umbrella = mention("c", ("signed", "2018-03-22"), ("party", REBELS), kind="evacuation")
    assert len(_records([arbin, umbrella], docs)) == 1  # "rebels" names no group of its own


def test_two_deals_one_document_tells_apart_stay_two():
    docs = [doc("a", "2018-03-24")]
    first = mention("a", ("signed", "2018-03-23"), kind="evacuation")
    second = replace(mention("a", ("signed", "2018-03-21"), kind="evacuation"), id="m-a2")
    assert len(_records([first, second], docs)) == 2


def test_periods_fit_by_signing_start_and_life():
    from truceline.fuse.agreement_values import Period, periods_fit

    def day(v: str) -> tuple[DateValue, ...]:
        return (DateValue(v, precision="day" if len(v) == 10 else "month"),)

    assert periods_fit(Period(signed=day("2018-12-13")), Period(signed=day("2018-12")))
    assert periods_fit(Period(signed=day("2018-09-17")), Period(effective=day("2018-10-15")))
    assert not periods_fit(Period(signed=day("2020-10-23")), Period(effective=day("2017-05-05")))
    assert not periods_fit(
        Period(signed=day("2020-11-09")), Period(later=day("2022-06-02"))
    )  # an extension 19 months on, nothing heard of the deal between
    assert periods_fit(
        Period(signed=day("2022-04-01"), published=day("2022-04-01")),
        Period(later=day("2022-06-02")),
    )


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path):
    return _run([seeds_dir])


def _day(v: DateValue | None) -> str | None:
    return v.value if v is not None else None


def test_seeds_give_one_northern_homs_deal_with_its_facts(seeds):
    agreements, _, _ = seeds
    [homs] = [
        a
        for a in agreements
        if a.zone is not None and "Homs" in a.zone.name and a.kind == "de-escalation"
    ]
    assert [g.name for g in homs.guarantors] == ["Russia"]
    assert _day(homs.effective) == "2017-08-03"
    assert homs.signed_place is not None and homs.signed_place.name == "Cairo"
    assert _day(homs.ends) == "2018-02-15"
    deadlines = {p.category: _day(p.deadline) for p in homs.provisions}
    assert {"ceasefire", "detainees", "movement_roads", "monitoring"} <= set(deadlines)
    assert deadlines["humanitarian_access"] == "2017-08-07"
    assert deadlines["excluded_groups"] == "2017-09-10"
    assert len({s.document for s in homs.sources}) >= 3  # one record from several pages


def test_seeds_list_the_start_and_end_contradictions_with_sources(seeds):
    agreements, _, _ = seeds
    homs = next(a for a in agreements if a.kind == "de-escalation")
    effective = {
        v: srcs for c in homs.contradictions if c.field == "effective" for v, srcs in c.values
    }
    ends = {v: srcs for c in homs.contradictions if c.field == "ends" for v, srcs in c.values}
    assert {"2017-08-03", "2017-05-14"} <= set(effective)
    assert {"2018-02-15", "2018-05"} <= set(ends)
    assert all(
        srcs and all(s.quote for s in srcs) for srcs in (*effective.values(), *ends.values())
    )


def test_seeds_link_the_october_deal_to_the_august_one(seeds):
    agreements, _, _ = seeds
    homs = next(a for a in agreements if a.kind == "de-escalation")
    october = [a for a in agreements if _day(a.signed) == "2017-10-04"]
    assert len(october) == 1 and october[0].id != homs.id
    assert any(
        r.agreement == october[0].id and r.target == homs.id for r in related_agreements(agreements)
    )


@pytest.fixture(scope="module")
def examples(examples_dir: Path):
    return _run([examples_dir])


def test_example_corpus_gives_the_southern_idlib_truce(examples):
    agreements, _, _ = examples
    [truce] = [a for a in agreements if a.kind == "truce"]
    assert truce.name.lower() == "southern idlib truce"
    assert (
        _day(truce.signed) == "2019-10-14"
        and truce.signed_place is not None
        and truce.signed_place.name == "Ankara"
    )
    assert {g.name for g in truce.guarantors} == {"Turkey", "Russia"}
    assert {"Syrian Arab Army", "Free Idlib Front"} <= {p.name for p in truce.parties}
    assert _day(truce.effective) == "2019-10-16"
    assert {"2019-10-16", "2019-10-18"} <= {
        v for c in truce.contradictions if c.field == "effective" for v, _ in c.values
    }
    assert {"2019-12-31", "2020-01-31"} <= {
        v for c in truce.contradictions if c.field == "ends" for v, _ in c.values
    }
    assert "2019-11-29" in [d.value for d in truce.extended]


def test_example_corpus_provisions_have_their_deadlines_and_fates(examples):
    agreements, _, _ = examples
    truce = next(a for a in agreements if a.kind == "truce")
    by_category = {p.category: p for p in truce.provisions}
    assert _day(by_category["humanitarian_access"].deadline) == "2019-10-24"
    assert _day(by_category["detainees"].deadline) == "2019-11-01"
    assert _day(by_category["excluded_groups"].deadline) == "2019-11-15"
    assert _day(by_category["movement_roads"].deadline) == "2019-12-01"
    assert by_category["ceasefire"].status == "violated"
    assert by_category["humanitarian_access"].status == "implemented"
    assert by_category["excluded_groups"].status == "violated"
    assert by_category["movement_roads"].status == "lapsed"

"""The per-document agreement stage: hand-made analyses (sentences written for these
tests, mentions placed by hand) through `extract_agreements`."""

from __future__ import annotations

import re

from truceline.extract.agreements.extractor import extract_agreements, mention_id
from truceline.models import (
    Actor,
    AgreementMention,
    Analysis,
    DateValue,
    Document,
    Event,
    Mention,
    Place,
    Sentence,
    Source,
)

SYRIAN_ARMY = Actor("Syrian Arab Army", "syrian-arab-army", 1, "state_forces")
REBELS = Actor("Syrian rebels", "syrian-rebels", 2, "rebel_group")
COUNCIL = Actor("Negotiation committee", "negotiation-committee", None, "negotiation_committee")
HTS = Actor("Hay'at Tahrir al-Sham", "hts", 2, "jihadist_group")
RUSSIA = Actor("Russia", "russia", 8, "external_state")
TURKEY = Actor("Turkey", "turkey", 8, "external_state")
USA = Actor("United States", "united-states", 8, "external_state")
RECONCILIATION_CENTER = Actor(
    "Russian Center for Reconciliation", "russian-reconciliation-center", 8, "monitor"
)

DARAA_EAST = Place("eastern Daraa countryside", 32.7, 36.4, "SY", "Daraa", None, "region")
BUSRA = Place("Busra al-Sham", 32.52, 36.48, "SY", "Daraa", 170000, "town")
TAFAS = Place("Tafas", 32.74, 36.07, "SY", "Daraa", 170001, "town")
GENEVA = Place("Geneva", 46.2, 6.14, "CH", None, 2660646, "town")


def _dates(text: str, anchor: DateValue) -> list[Mention]:
    """Date mentions for the few date forms these tests use, resolved by hand."""
    months = {
        m: i
        for i, m in enumerate(
            [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
            1,
        )
    }
    out = []
    for m in re.finditer(r"(\d{1,2}) (" + "|".join(months) + r")(?: (\d{4}))?", text):
        year = m.group(3) or anchor.value[:4]
        value = f"{year}-{months[m.group(2)]:02d}-{int(m.group(1)):02d}"
        out.append(Mention("date", m.group(), m.start(), m.end(), DateValue(value)))
    for m in re.finditer(r"\b(?:next|last) (" + "|".join(months) + r")\b", text):
        year = int(anchor.value[:4]) + (1 if m.group().startswith("next") else -1)
        out.append(
            Mention(
                "date",
                m.group(),
                m.start(),
                m.end(),
                DateValue(f"{year}-{months[m.group(1)]:02d}", precision="month"),
            )
        )
    return out


def analysed(
    nlp,
    text: str,
    *,
    places: dict[str, Place] | None = None,
    actors: dict[str, Actor] | None = None,
    published: str = "2020-03-10",
    doc_id: str = "doc-a",
) -> tuple[Analysis, object]:
    anchor = DateValue(published)
    doc = Document(
        id=doc_id,
        raw_sha256=doc_id,
        source=f"{doc_id}.txt",
        outlet="Test Wire",
        title=None,
        published=anchor,
        published_basis="metadata",
        body=text,
    )
    sdoc = nlp(text)
    mentions = _dates(text, anchor)
    for kind, table in (("place", places or {}), ("actor", actors or {})):
        for surface, value in table.items():
            for m in re.finditer(re.escape(surface), text):
                mentions.append(Mention(kind, surface, m.start(), m.end(), value))
    sentences = tuple(Sentence(s.start_char, s.end_char) for s in sdoc.sents)
    return Analysis(
        doc, anchor, sentences, tuple(sorted(mentions, key=lambda m: (m.start, m.end)))
    ), sdoc


def claims(mention: AgreementMention, field: str) -> list[object]:
    out = []
    for c in mention.claims:
        if c.field == field:
            v = c.value
            out.append(
                v.value
                if isinstance(v, DateValue)
                else v.name
                if isinstance(v, (Place, Actor))
                else v
            )
    return out


def provision(mention: AgreementMention, category: str):
    found = [p for p in mention.provisions if p.category == category]
    assert found, f"no {category} provision in {[p.category for p in mention.provisions]}"
    return found[0]


def test_signing_and_start_dates_come_from_their_verbs(nlp):
    text = "The truce was signed in Geneva on 3 March 2020 and took effect on 5 March 2020."
    [m] = extract_agreements(*analysed(nlp, text, places={"Geneva": GENEVA}), [])
    assert claims(m, "signed") == ["2020-03-03"]
    assert claims(m, "effective") == ["2020-03-05"]
    assert claims(m, "signed_place") == ["Geneva"]
    assert "Geneva" not in claims(m, "zone")
    assert m.kind == "truce"


def test_backed_modifier_gives_guarantor_and_between_gives_parties(nlp):
    text = (
        "A Turkish-backed ceasefire between the Syrian Arab Army and the rebels went into effect "
        "in the eastern Daraa countryside on 2 March."
    )
    analysis, sdoc = analysed(
        nlp,
        text,
        places={"eastern Daraa countryside": DARAA_EAST},
        actors={"Syrian Arab Army": SYRIAN_ARMY, "rebels": REBELS},
    )
    [m] = extract_agreements(analysis, sdoc, [])
    assert claims(m, "guarantor") == ["Turkey"]
    assert set(claims(m, "party")) == {"Syrian Arab Army", "Syrian rebels"}
    assert claims(m, "zone") == ["eastern Daraa countryside"]
    assert claims(m, "effective") == ["2020-03-02"]
    assert "in force" in claims(m, "status")


def test_older_ceasefires_in_the_same_document_give_nothing(nlp):
    text = (
        "A truce between the army and the rebels took effect in Busra al-Sham on 8 March. "
        "Previous ceasefires in the area collapsed on 2 January 2019."
    )
    [m] = extract_agreements(*analysed(nlp, text, places={"Busra al-Sham": BUSRA}), [])
    assert claims(m, "ends") == []
    assert claims(m, "effective") == ["2020-03-08"]


def test_an_agreement_with_its_own_later_date_is_a_second_mention(nlp):
    text = (
        "The de-escalation agreement in Busra al-Sham was signed on 2 May 2019. "
        "On 9 September 2019 the committee made an agreement with the Russian side "
        "to reopen the road."
    )
    analysis, sdoc = analysed(
        nlp,
        text,
        places={"Busra al-Sham": BUSRA},
        actors={"committee": COUNCIL, "Russian side": RUSSIA},
    )
    first, second = extract_agreements(analysis, sdoc, [])
    assert claims(first, "signed") == ["2019-05-02"]
    assert claims(second, "signed") == ["2019-09-09"]
    assert claims(second, "guarantor") == ["Russia"]
    assert provision(second, "movement_roads").status == "agreed"
    assert first.id != second.id


def test_a_differently_named_deal_is_not_the_documents_agreement(nlp):
    text = (
        "The de-escalation agreement in Busra al-Sham took effect on 4 March. "
        "The village was once part of the Russian-USA ceasefire agreement, "
        "which ended on 2 June 2016."
    )
    analysis, sdoc = analysed(nlp, text, places={"Busra al-Sham": BUSRA})
    main, older = extract_agreements(analysis, sdoc, [])
    assert claims(main, "ends") == [] and claims(main, "guarantor") == []
    assert claims(older, "ends") == ["2016-06-02"]
    assert set(claims(older, "guarantor")) == {"Russia", "United States"}


def test_a_pronoun_carries_the_deal_into_the_next_sentence(nlp):
    text = (
        "The truce in Tafas was signed on 1 February. "
        "The guarantors extended it on 20 February until 31 March."
    )
    [m] = extract_agreements(*analysed(nlp, text, places={"Tafas": TAFAS}), [])
    assert claims(m, "extended") == ["2020-02-20"]
    assert claims(m, "ends") == ["2020-03-31"]


def test_two_end_dates_in_one_document_are_both_kept(nlp):
    text = (
        "According to the guarantors, the truce in Tafas ends on 15 March. "
        "The local committee said that the truce will be active to next May."
    )
    [m] = extract_agreements(
        *analysed(nlp, text, places={"Tafas": TAFAS}, actors={"committee": COUNCIL}), []
    )
    assert sorted(claims(m, "ends")) == ["2020-03-15", "2021-05"]


def test_provisions_take_the_deadlines_of_their_own_clauses(nlp):
    text = (
        "Under the deal, aid convoys will enter the town by 10 April "
        "and the two sides will exchange detainees before 20 April."
    )
    [m] = extract_agreements(*analysed(nlp, text), [])
    assert provision(m, "humanitarian_access").deadline == DateValue("2020-04-10")
    assert provision(m, "detainees").deadline == DateValue("2020-04-20")
    assert provision(m, "detainees").status == "agreed"


def test_excluded_group_and_its_withdrawal_deadline(nlp):
    text = (
        "The agreement does not apply to Hay'at Tahrir al-Sham, "
        "whose fighters must leave a ten-kilometre strip by 1 May."
    )
    [m] = extract_agreements(*analysed(nlp, text, actors={"Hay'at Tahrir al-Sham": HTS}), [])
    assert claims(m, "excluded") == ["Hay'at Tahrir al-Sham"]
    assert "Hay'at Tahrir al-Sham" not in claims(m, "party")
    p = provision(m, "excluded_groups")
    assert p.deadline == DateValue("2020-05-01")


def test_reports_of_implementation_and_lapse(nlp):
    text = (
        "Two aid convoys entered the town under the truce. "
        "The highway, which was due to reopen by 2 March under the truce, never did."
    )
    [m] = extract_agreements(*analysed(nlp, text), [])
    assert provision(m, "humanitarian_access").status == "implemented"
    roads = provision(m, "movement_roads")
    assert roads.status == "lapsed"
    assert roads.deadline == DateValue("2020-03-02")


def test_breaking_the_agreement_marks_the_ceasefire_violated(nlp):
    text = "The truce in Tafas took effect on 1 March. Since then the rebels broke the truce twice."
    [m] = extract_agreements(
        *analysed(nlp, text, places={"Tafas": TAFAS}, actors={"rebels": REBELS}), []
    )
    assert provision(m, "ceasefire").status == "violated"


def test_a_wished_for_agreement_is_not_reported(nlp):
    text = "Russia pressed the rebels to accept a full reconciliation agreement."
    assert (
        extract_agreements(*analysed(nlp, text, actors={"Russia": RUSSIA, "rebels": REBELS}), [])
        == []
    )


def test_a_trigger_word_inside_an_actor_name_is_no_agreement(nlp):
    text = "The Russian Center for Reconciliation reported four attacks on 2 March."
    analysis, sdoc = analysed(
        nlp, text, actors={"Russian Center for Reconciliation": RECONCILIATION_CENTER}
    )
    assert extract_agreements(analysis, sdoc, []) == []


def test_name_kind_and_every_source_point_into_the_document(nlp):
    text = (
        "Turkey and Russia signed the Tafas truce on 6 March. "
        "It took effect on 8 March, the Tafas council said."
    )
    analysis, sdoc = analysed(
        nlp, text, places={"Tafas": TAFAS}, actors={"Turkey": TURKEY, "Russia": RUSSIA}
    )
    [m] = extract_agreements(analysis, sdoc, [])
    assert m.name == "Tafas truce"
    assert set(claims(m, "guarantor")) == {"Turkey", "Russia"}
    for c in m.claims:
        assert text[c.source.start : c.source.end].strip() == c.source.quote
        assert c.source.document == "doc-a" and c.source.extractor.startswith("truceline/")


def test_event_mentions_in_the_agreements_sentences_are_linked(nlp):
    text = (
        "The truce in Tafas took effect on 1 March. "
        "Shelling hit a market in Busra al-Sham on 4 March."
    )
    analysis, sdoc = analysed(nlp, text, places={"Tafas": TAFAS, "Busra al-Sham": BUSRA})
    about = Event(
        "e1",
        "AGREE",
        "ceasefire",
        "AGREEMENT",
        DateValue("2020-03-01"),
        TAFAS,
        None,
        None,
        None,
        "happened",
        None,
        [Source("doc-a", "Test Wire", "The truce", 0, 9)],
    )
    other = Event(
        "e2",
        "ASSAULT",
        "",
        None,
        DateValue("2020-03-04"),
        BUSRA,
        None,
        None,
        None,
        "happened",
        None,
        [
            Source(
                "doc-a", "Test Wire", "Shelling", text.index("Shelling"), text.index("Shelling") + 8
            )
        ],
    )
    [m] = extract_agreements(analysis, sdoc, [about, other])
    assert m.events == ["e1"]


def test_mention_ids_are_deterministic(nlp):
    text = "The truce in Tafas took effect on 1 March."
    a = extract_agreements(*analysed(nlp, text, places={"Tafas": TAFAS}), [])
    b = extract_agreements(*analysed(nlp, text, places={"Tafas": TAFAS}), [])
    assert [m.id for m in a] == [m.id for m in b] == [mention_id("doc-a", 0)]


def test_a_start_after_a_long_appositive_subject_still_binds(nlp):
    text = (
        "The report came out 9 days after the Tafas truce, signed in Geneva on 1 March 2020 "
        "and guaranteed by Turkey and Russia, came into force on 3 March 2020."
    )
    analysis, sdoc = analysed(
        nlp,
        text,
        places={"Tafas": TAFAS, "Geneva": GENEVA},
        actors={"Turkey": TURKEY, "Russia": RUSSIA},
    )
    [m] = extract_agreements(analysis, sdoc, [])
    assert claims(m, "effective") == ["2020-03-03"]
    assert claims(m, "signed") == ["2020-03-01"]
    assert set(claims(m, "guarantor")) == {"Turkey", "Russia"}


def test_monitoring_needs_a_monitoring_term_not_a_job_title(nlp):
    text = (
        "General Karimov, who heads the monitoring group, said the truce in Tafas "
        "took effect on 1 March. "
        "Russian military police will staff two monitoring posts under the truce."
    )
    [m] = extract_agreements(*analysed(nlp, text, places={"Tafas": TAFAS}), [])
    [p] = [p for p in m.provisions if p.category == "monitoring"]
    assert "monitoring posts" in p.text


# ------------------------------------------------------------------ identity in one document

IDLIB = Place("Idlib", 35.93, 36.63, "SY", "Idlib", 169389, "town")
SARAQIB = Place("Saraqib", 35.86, 36.81, "SY", "Idlib", 164816, "town")
MOSCOW = Place("Moscow", 55.75, 37.62, "RU", "Moscow", 524901, "town")
YEMEN = Place("Yemen", 15.5, 47.5, "YE", None, 69543, "country")
HARASTA = Place("Harasta", 33.56, 36.37, "SY", "Rif Dimashq", 170000, "town")
AHRAR = Actor("Ahrar al-Sham", "ahrar-al-sham", 2, "rebel_group")


def real_dates(nlp, text: str, published: str, **kwargs) -> tuple[Analysis, object]:
    """`analysed` with the date mentions of the real date finder."""
    from dataclasses import replace

    from truceline.understand.dates import find_dates

    analysis, sdoc = analysed(nlp, text, published=published, **kwargs)
    others = [m for m in analysis.mentions if m.kind != "date"]
    found = list(find_dates(text, DateValue(published)))
    return replace(analysis, mentions=tuple(sorted(others + found, key=lambda m: m.start))), sdoc


def test_a_named_deal_with_a_date_of_its_own_long_before_is_another_deal(nlp):
    text = (
        "Russia and Turkey agreed on 5 March 2020 on a ceasefire in Idlib. "
        "The Sochi memorandum of September 2018 had set up a buffer zone around Idlib."
    )
    analysis, sdoc = real_dates(
        nlp, text, "2020-03-06", places={"Idlib": IDLIB}, actors={"Russia": RUSSIA}
    )
    main, older = extract_agreements(analysis, sdoc, [])
    assert claims(main, "signed") == ["2020-03-05"] and claims(main, "name") == []
    assert older.name == "Sochi memorandum" and claims(older, "signed") == ["2018-09"]


def test_a_separate_deal_days_apart_is_another_deal(nlp):
    text = (
        "The rebel group reached an agreement with Russia on 23 March for its fighters to leave "
        "Arbin. On Thursday, the last Ahrar al-Sham fighters left Harasta under a separate "
        "evacuation deal reached with Russia on 21 March."
    )
    analysis, sdoc = analysed(
        nlp,
        text,
        published="2018-03-24",
        places={"Harasta": HARASTA},
        actors={"Russia": RUSSIA, "Ahrar al-Sham": AHRAR},
    )
    first, second = extract_agreements(analysis, sdoc, [])
    assert claims(first, "signed") == ["2018-03-23"]
    assert claims(second, "signed") == ["2018-03-21"]
    assert claims(second, "party") == ["Ahrar al-Sham"]  # who acts under a deal is its party


def test_a_deals_name_is_never_a_cut_of_a_phrase(nlp):
    """The parser makes "de" the head of "de-escalation"; no name may stop there, and words
    that are not written as a name ("harmonization work zone") are none."""
    lower = (
        "Turkey and Russia continued the harmonization work zone de-escalation in Idlib on 2 March."
    )
    titled = "Officials discussed the Harmonization Work Zone de-escalation in Idlib on 2 March."
    for text in (lower, titled):
        for m in extract_agreements(*analysed(nlp, text), []):
            assert not any(n.endswith(" de") for n in claims(m, "name")), claims(m, "name")
    assert not [c for m in extract_agreements(*analysed(nlp, lower), []) for c in claims(m, "name")]


def test_a_direction_before_a_place_is_part_of_a_deals_name(nlp):
    text = "The southwest Syria ceasefire took effect on 9 July."
    [m] = extract_agreements(*analysed(nlp, text, published="2017-07-10"), [])
    assert claims(m, "name") == ["southwest Syria ceasefire"]


def test_a_place_abroad_in_a_deals_name_is_its_venue_not_its_zone(nlp):
    text = (
        "The Moscow agreement, signed on 5 March, froze the front in Idlib. "
        "Clashes were reported near Saraqib and in Idlib on Friday."
    )
    analysis, sdoc = analysed(
        nlp, text, places={"Moscow": MOSCOW, "Idlib": IDLIB, "Saraqib": SARAQIB}
    )
    [m] = extract_agreements(analysis, sdoc, [])
    assert "Moscow" not in claims(m, "zone")


def test_signing_a_deal_in_a_city_names_where_it_was_signed(nlp):
    text = "The two sides signed a permanent ceasefire agreement in Geneva on 23 October."
    [m] = extract_agreements(*analysed(nlp, text, places={"Geneva": GENEVA}), [])
    assert claims(m, "signed_place") == ["Geneva"] and claims(m, "zone") == []


def test_the_country_a_deal_is_in_is_claimed(nlp):
    text = "A UN-brokered truce in Yemen took effect on 2 April."
    [m] = extract_agreements(*analysed(nlp, text, places={"Yemen": YEMEN}), [])
    assert claims(m, "country") == ["YE"] and claims(m, "zone") == []


def test_relative_dates_of_a_signing_count_from_the_right_day(nlp):
    """A dateline's "Saturday 24 October 2020" is when the story was filed; "on Friday" in
    it is the 23rd."""
    text = (
        "GENEVA, Saturday 24 October 2020 - Libya's warring sides signed a permanent "
        "ceasefire agreement on Friday, the UN said."
    )
    [m] = extract_agreements(*real_dates(nlp, text, "2020-10-24"), [])
    assert claims(m, "signed") == ["2020-10-23"]


def test_a_deal_reported_made_under_a_dated_statement_is_dated_by_it(nlp):
    text = (
        "The warring parties have accepted a two-month truce that begins on Saturday, "
        "the envoy said on Friday."
    )
    [m] = extract_agreements(*real_dates(nlp, text, "2022-04-01"), [])
    assert claims(m, "signed") == ["2022-04-01"]


# ------------------------------------------------------------------ provision polarity


def test_terms_the_deal_does_not_hold_are_never_agreed(nlp):
    text = (
        "The ceasefire agreement for the pocket took effect on 3 August. The deal also "
        "provides for the release of detainees. Fighters in the pocket will not be required "
        "to hand over any weaponry or evacuate to other parts of the country."
    )
    [m] = extract_agreements(*analysed(nlp, text, published="2017-08-04"), [])
    assert provision(m, "detainees").status == "agreed"
    assert provision(m, "weapons").status == "negated"
    assert provision(m, "evacuation").status == "negated"


def test_conditional_and_denied_terms(nlp):
    text = (
        "The truce in Busra al-Sham took effect on 4 March. If the rebels hand over their "
        "heavy weapons, the army will reopen the road to the town. The committee denied that "
        "the deal includes the evacuation of fighters."
    )
    [m] = extract_agreements(*analysed(nlp, text, places={"Busra al-Sham": BUSRA}), [])
    assert provision(m, "weapons").status == "conditional"
    assert provision(m, "movement_roads").status == "conditional"
    assert provision(m, "evacuation").status == "denied"

"""The outlet table and naming a page's publisher."""

from __future__ import annotations

from pathlib import Path

import pytest

from truceline.errors import DataError
from truceline.understand.outlets import ALIGNMENTS, OutletTable


@pytest.fixture(scope="module")
def outlets() -> OutletTable:
    return OutletTable.default()


def name_of(outlet) -> str | None:
    return None if outlet is None else outlet.name


def test_packaged_outlets_have_known_alignments_and_unique_domains(outlets: OutletTable) -> None:
    rows = outlets.all()
    assert len(rows) > 30
    assert all(o.alignment in ALIGNMENTS for o in rows)
    domains = [d for o in rows for d in o.domains]
    assert len(domains) == len(set(domains))
    for name in (
        "SouthFront",
        "Enab Baladi",
        "Syria Direct",
        "SANA",
        "TASS",
        "Reuters",
        "North Press Agency",
    ):
        assert outlets.lookup(name) is not None, name


def test_identify_by_url_host_and_subdomain(outlets: OutletTable) -> None:
    assert (
        name_of(outlets.identify(url="https://english.enabbaladi.net/archives/2018/02/x/"))
        == "Enab Baladi"
    )
    assert name_of(outlets.identify(url="southfront.org/russia-pressures/")) == "SouthFront"
    assert outlets.identify(url="https://example.org/a") is None


def test_identify_by_site_name(outlets: OutletTable) -> None:
    assert name_of(outlets.identify(site_name="Enab Baladi – English")) == "Enab Baladi"
    assert name_of(outlets.identify(site_name="syria direct")) == "Syria Direct"
    assert outlets.identify(site_name="My Garden Blog") is None
    assert outlets.identify(site_name="The National Interest") is None


def test_url_wins_over_text_cues(outlets: OutletTable) -> None:
    found = outlets.identify(url="https://www.reuters.com/x", text="Support SouthFront\n")
    assert name_of(found) == "Reuters"


def test_donation_appeal_names_the_publisher(outlets: OutletTable) -> None:
    text = "The convoy left at dawn.\n\nSupport SouthFront\n\nReader comments follow."
    assert name_of(outlets.identify(text=text)) == "SouthFront"


def test_repeated_interviews_name_the_publisher(outlets: OutletTable) -> None:
    text = (
        "A farmer told Syria Direct the fields were burned. A nurse told Syria Direct on "
        "Monday that the clinic had closed. Reuters reported shelling nearby."
    )
    assert name_of(outlets.identify(text=text)) == "Syria Direct"


def test_one_cited_outlet_is_not_the_publisher(outlets: OutletTable) -> None:
    assert outlets.identify(text="An analyst told Sputnik the deal would hold.") is None
    assert outlets.identify(text="The plan was confirmed, as cited by RIA Novosti.") is None


def test_agency_photo_credit_is_not_the_publisher(outlets: OutletTable) -> None:
    text = "Talks resume\n\nA checkpoint near the town (AFP)\nA second checkpoint (AFP)\n"
    assert outlets.identify(text=text) is None
    own = "Talks resume\n\nA checkpoint near the town (Enab Baladi)\nA market (Enab Baladi)\n"
    assert name_of(outlets.identify(text=own)) == "Enab Baladi"


def test_cues_split_between_outlets_give_none(outlets: OutletTable) -> None:
    text = (
        "An expert told Sputnik it was over. RT obtained the draft.\n"
        "Moscow, Dec 2 (Prensa Latina) Talks went on."
    )
    assert outlets.identify(text=text) is None


def test_user_csv_adds_an_outlet(tmp_path: Path) -> None:
    user = tmp_path / "outlets.csv"
    user.write_text(
        "name,aliases,domains,country,alignment,agency\n"
        "Homs Voice,,homsvoice.example,SY,opposition,no\n",
        encoding="utf-8",
    )
    table = OutletTable.default(user)
    assert name_of(table.identify(url="https://homsvoice.example/a")) == "Homs Voice"
    assert name_of(table.identify(url="https://sana.sy/en/?p=1")) == "SANA"


@pytest.mark.parametrize(
    ("row", "needle"),
    [
        ("Bad,,bad.example,SY,neutral,no", "row 2 (Bad): alignment"),
        ("Bad,,bad.example,Syria,opposition,no", "row 2 (Bad): country"),
        (",,bad.example,SY,opposition,no", "row 2: no name"),
        ("Bad,,not a domain,SY,opposition,no", "row 2 (Bad): bad domain"),
    ],
)
def test_malformed_user_csv_raises_data_error_naming_row(
    tmp_path: Path, row: str, needle: str
) -> None:
    user = tmp_path / "outlets.csv"
    user.write_text(f"name,aliases,domains,country,alignment,agency\n{row}\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        OutletTable.default(user)
    assert str(user) in str(caught.value) and needle in str(caught.value)


def _seed(seeds_dir: Path, number: str) -> str:
    return next(seeds_dir.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("number", "publisher"),
    [("001", "SouthFront"), ("002", "Enab Baladi"), ("003", "Syria Direct")],
)
def test_seed_publisher_is_found_from_text(
    seeds_dir: Path, outlets: OutletTable, number: str, publisher: str
) -> None:
    assert name_of(outlets.identify(text=_seed(seeds_dir, number))) == publisher


def test_seed_with_only_a_tass_photo_credit_has_no_publisher(
    seeds_dir: Path, outlets: OutletTable
) -> None:
    found = outlets.identify(text=_seed(seeds_dir, "000"))
    assert name_of(found) != "TASS"
    assert found is None


def test_seed_aggregator_page_citing_three_outlets_has_no_publisher(
    seeds_dir: Path, outlets: OutletTable
) -> None:
    assert outlets.identify(text=_seed(seeds_dir, "004")) is None

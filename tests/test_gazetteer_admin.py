"""Admin-1 areas and US counties derived from a towns table (gazetteer_admin)."""

from truceline.understand.places.admin import admin1_entries, county_entries, short_names
from truceline.understand.places.gazetteer import GazetteerEntry, entry_keys

TOWNS: list[dict[str, object]] = [
    {
        "country_code": "NG",
        "city": "Makurdi",
        "latitude": 7.7,
        "longitude": 8.5,
        "population": 300_000,
        "state": "Benue State",
    },
    {
        "country_code": "NG",
        "city": "Otukpo",
        "latitude": 7.2,
        "longitude": 8.1,
        "population": 100_000,
        "state": "Benue State",
    },
    {
        "country_code": "NG",
        "city": "Lagos",
        "latitude": 6.45,
        "longitude": 3.4,
        "population": 9_000_000,
        "state": "Lagos",
    },
    {
        "country_code": "US",
        "city": "LaFayette",
        "latitude": 34.7,
        "longitude": -85.3,
        "population": 7000,
        "state": "Georgia",
        "county": "Walker County",
    },
    {
        "country_code": "US",
        "city": "Rossville",
        "latitude": 35.0,
        "longitude": -85.3,
        "population": 4000,
        "state": "Georgia",
        "county": "Walker County",
    },
]


def _lagos_city() -> GazetteerEntry:
    return GazetteerEntry("Lagos", (), 6.45, 3.4, "NG", "Lagos", 1, 9_000_000, "city", "town")


def test_admin1_entry_sits_among_its_towns_and_answers_to_its_bare_name():
    city_keys = {("NG", "Lagos", k) for k in entry_keys(_lagos_city())}
    benue = next(e for e in admin1_entries(TOWNS, frozenset(), city_keys) if "Benue" in e.name)
    assert (benue.lat, benue.lon) == (7.45, 8.3)
    assert benue.feature == "admin1" and benue.derived and benue.population == 400_000
    assert "Benue" in benue.alternate_names


def test_area_named_after_its_city_leaves_the_bare_name_to_the_city():
    city_keys = {("NG", "Lagos", k) for k in entry_keys(_lagos_city())}
    lagos = next(e for e in admin1_entries(TOWNS, frozenset(), city_keys) if "Lagos" in e.name)
    names = {lagos.name, *lagos.alternate_names}
    assert "Lagos" not in names and "Lagos State" in names


def test_admin1_entries_skip_countries_the_curated_table_covers():
    assert admin1_entries(TOWNS, frozenset({"NG", "US"}), set()) == []


def test_generic_admin1_names_are_not_indexed_bare():
    assert short_names("Western Province") == ["Western Province"]
    assert short_names("North Side") == []
    assert short_names("Borno State") == ["Borno State", "Borno"]


def test_county_entry_is_named_in_full_in_its_state():
    (walker,) = county_entries(TOWNS)
    assert walker.name == "Walker County" and walker.admin1 == "Georgia"
    assert abs(walker.lat - 34.85) < 1e-6 and walker.alternate_names == ()

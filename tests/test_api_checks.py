"""The API checks what it is asked (issue 20): every invalid parameter answers 422 with a
message naming it; events and documents are searched the same way (whole words, FTS5);
a place filter ignores diacritics; labels and base-map places come from the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from test_api import build_sample_store
from truceline.serve.api import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = build_sample_store(tmp_path_factory.mktemp("checks") / "sample.db")
    return TestClient(create_app(db), base_url="http://localhost")


@pytest.mark.parametrize(
    "path,params,named",
    [
        ("/api/events", {"since": "2017-13-45"}, "since"),
        ("/api/events", {"since": "2017-02-30"}, "since"),
        ("/api/events", {"until": "2019-00"}, "until"),
        ("/api/events", {"since": "May 2019"}, "since"),
        ("/api/documents", {"since": "2019-02-29"}, "since"),
        ("/api/events", {"type": "NOTATYPE"}, "type"),
        ("/api/events", {"type": ["ASSAULT", "NOTATYPE"]}, "type"),
        ("/api/events", {"modality": "bogus"}, "modality"),
        ("/api/agreements", {"status": "bogus"}, "status"),
        ("/api/agreements", {"kind": "bogus"}, "kind"),
        ("/api/events", {"plcae": "Hama"}, "plcae"),
        ("/api/documents", {"outlett": "x"}, "outlett"),
        ("/api/events", {"bbox": "1,2,3"}, "bbox"),
        ("/api/events", {"contradicted": "maybe"}, "contradicted"),
        ("/api/search", {}, "q"),
        ("/api/places", {"bbox": "0,0,200,10"}, "bbox"),
    ],
)
def test_every_invalid_parameter_is_a_422_that_names_it(client, path, params, named):
    response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and named in detail, detail


def test_a_422_says_what_the_parameter_takes(client):
    detail = client.get("/api/events", params={"type": "NOTATYPE"}).json()["detail"]
    assert "'NOTATYPE'" in detail and "ASSAULT" in detail and "CONSULT" in detail
    detail = client.get("/api/events", params={"since": "2017-02-30"}).json()["detail"]
    assert "2017-02-30 is not a date in the calendar" in detail
    detail = client.get("/api/events", params={"since": "May 2019"}).json()["detail"]
    assert "YYYY-MM-DD" in detail


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2019-02-28"},
        {"since": "2020-02-29"},
        {"until": "2019-12"},
        {"type": "consult"},  # a known type the store happens not to hold
        {"modality": "HYPOTHETICAL"},
    ],
)
def test_valid_values_still_pass(client, params):
    assert client.get("/api/events", params=params).status_code == 200


def test_agreement_status_and_kind_take_the_known_values(client):
    assert client.get("/api/agreements", params={"status": "in force"}).json()["total"] == 0
    assert client.get("/api/agreements", params={"status": "Ended"}).json()["total"] == 1
    assert client.get("/api/agreements", params={"kind": "ceasefire"}).status_code == 200


@pytest.mark.parametrize("q", ["b", "Art", "shell", "Kafr Nab"])
def test_search_matches_whole_words_in_quotes_as_in_bodies(client, q):
    data = client.get("/api/search", params={"q": q, "body": "false"}).json()
    assert data["events"]["total"] == 0 and data["documents"]["total"] == 0, data


def test_search_finds_the_same_words_in_quotes_and_bodies(client):
    data = client.get("/api/search", params={"q": "artillery SHELLS", "body": "false"}).json()
    assert [e["id"] for e in data["events"]["items"]] == ["ev-shelling"]
    assert [d["title"] for d in data["documents"]["items"]] == ["Market shelled in Kafr Nabl"]


def test_place_filter_ignores_diacritics_and_transliteration_marks(tmp_path):
    from test_api import sample_results
    from truceline.models import Place
    from truceline.store import Store

    results, events, agreements = sample_results()
    events[0].place = Place("Ḩamāh", 35.13, 36.75, "SY", "Ḩamāh")
    events[1].place = Place("Ma‘arrat an Nu‘mān", 35.64, 36.67, "SY", "Idlib")
    db = tmp_path / "marks.db"
    with Store(db) as store:
        store.save_results(results)
        store.replace_fused(events, agreements)
    client = TestClient(create_app(db), base_url="http://localhost")
    found = client.get("/api/events", params={"place": "Hama"}).json()["items"]
    assert [e["place"]["name"] for e in found] == ["Ḩamāh"]  # the data keeps its spelling
    assert client.get("/api/events", params={"place": "maarrat an"}).json()["total"] == 1


def test_vocabulary_names_every_type_with_a_group_and_colour(client):
    vocab = client.get("/api/vocabulary").json()
    codes = {t["code"] for t in vocab["types"]}
    assert {"ASSAULT", "AGREE", "CONSULT", "REQUEST", "THREATEN", "AID", "PROTEST"} <= codes
    groups = {g["code"] for g in vocab["groups"]}
    assert {"violence", "agreement", "statement"} <= groups
    assert all(t["group"] in groups and t["colour"].startswith("#") for t in vocab["types"])
    colour = {t["code"]: t["colour"] for t in vocab["types"]}
    # statements are not drawn in the colour of violence
    assert len({colour["ASSAULT"], colour["CONSULT"], colour["REQUEST"], colour["THREATEN"]}) == 4
    assert vocab["sub_events"]["ART_MISS_ATTACK"]["label"] == "Shelling/artillery/missile attack"
    assert vocab["sub_events"]["DIPLO"]["label"] == "Diplomatic event"
    assert [m["code"] for m in vocab["modalities"] if m["happened"]] == ["happened"]


def test_places_are_the_gazetteers_towns_in_the_box_largest_first(client):
    items = client.get("/api/places", params={"bbox": "36.4,34.7,37.0,35.2", "limit": 50}).json()[
        "items"
    ]
    names = [p["name"] for p in items]
    assert names[0] == "Homs" and "Ar Rastan" in names and "Tallbisah" in names
    populations = [p["population"] for p in items]
    assert populations == sorted(populations, reverse=True)
    assert all(36.4 <= p["lon"] <= 37.0 and 34.7 <= p["lat"] <= 35.2 for p in items)
    big = client.get(
        "/api/places", params={"bbox": "36.4,34.7,37.0,35.2", "min_population": 50000}
    ).json()["items"]
    assert {p["name"] for p in big} <= {"Homs", "Hamah", "al-Waer", "Old City of Homs", "Ar Rastan"}


def test_places_across_the_antimeridian(client):
    items = client.get("/api/places", params={"bbox": "178,-19,-178,-16"}).json()["items"]
    assert items and all(p["lon"] >= 178 or p["lon"] <= -178 for p in items)  # Fiji


def test_the_packaged_page_is_not_served_from_a_missing_folder(tmp_path):
    db = build_sample_store(tmp_path / "s.db")
    app = create_app(db, vendor=Path(tmp_path / "nothing"))
    assert app.state.missing_assets == ["leaflet", "markercluster", "vis-timeline", "basemap"]
    assert (
        TestClient(app, base_url="http://localhost").get("/vendor/leaflet/leaflet.js").status_code
        == 404
    )

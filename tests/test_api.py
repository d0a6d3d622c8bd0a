"""The HTTP API: every endpoint, each filter, pagination, 404s, the OpenAPI document,
parameterised SQL, fixed static roots. The sample store is written by hand here and
reused by the browser tests (`build_sample_store`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi import Depends
from fastapi.testclient import TestClient

from truceline.models import (
    Actor,
    Agreement,
    Contradiction,
    DateValue,
    Document,
    DocumentResult,
    Event,
    Place,
    Provision,
    RawInput,
)
from truceline.models import Source as Src
from truceline.outputs.records import FORMAT_VERSION
from truceline.serve.api import MAX_LIMIT, create_app, require_token, router
from truceline.store import Store

# Pages written for these tests. The first body puts a character outside the BMP before
# the quotes, so a page that counts UTF-16 units instead of characters would misplace them.
BODY_WIRE = (
    "Night report 🛰 from the north. Artillery shells struck the market of Kafr Nabl on Wednesday, "
    "killing three people, local activists said. The truce monitors were not on site."
)
BODY_CEDAR = (
    "Residents of Kafr Nabl buried five victims of Wednesday's shelling of the market. "
    "A separate note: convoys are expected in Maarat al-Numan."
)
BODY_HORIZON_1 = (
    "The army denied on Thursday that it had hit Maarat al-Numan, calling the claims fabricated."
)
BODY_HORIZON_2 = (
    "Delegations from Turkey and Russia agreed in Ankara on a truce for Idlib province in April."
)
# Markup in page text must reach the browser as text: the web tests look for these.
XSS_TITLE = 'Army denies strike <img src=x onerror="window.__xss=1">'
XSS_ATTRIBUTION = "<script>window.__xss=2</script> army statement"

SAA = Actor("Syrian Arab Army", "saa", 1, "state_forces")
TURKEY = Actor("Turkey", "turkey", 8, "external_state")
RUSSIA = Actor("Russia", "russia", 8, "external_state")
UN = Actor("United Nations", "un", 8, "international")
KAFR_NABL = Place("Kafr Nabl", 35.614, 36.561, "SY", "Idlib")
MAARAT = Place("Maarat al-Numan", 35.643, 36.674, "SY", "Idlib")
ANKARA = Place("Ankara", 39.92, 32.85, "TR", "Ankara")
IDLIB = Place("Idlib", 35.93, 36.63, "SY", "Idlib", precision="admin1")


def _source(doc: Document, quote: str) -> Src:
    start = doc.body.index(quote)
    return Src(doc.id, doc.outlet, quote, start, start + len(quote), "truceline/test")


def _doc(raw: RawInput, body: str, outlet: str, title: str, published: str, n: int = 1) -> Document:
    return Document(
        id=raw.sha256 if n == 1 else f"{raw.sha256}#{n}",
        raw_sha256=raw.sha256,
        source=raw.source,
        outlet=outlet,
        title=title,
        published=DateValue(published),
        published_basis="metadata",
        body=body,
    )


def sample_results() -> tuple[list[DocumentResult], list[Event], list[Agreement]]:
    raw_wire = RawInput("wire.html", b"<p>wire page</p>", "html")
    raw_cedar = RawInput("cedar.txt", b"cedar page", "text")
    raw_horizon = RawInput("horizon.txt", b"horizon page with two articles", "text")
    wire = _doc(raw_wire, BODY_WIRE, "Example Wire", "Market shelled in Kafr Nabl", "2019-05-02")
    cedar = _doc(raw_cedar, BODY_CEDAR, "Cedar Evening", "Funerals in Kafr Nabl", "2019-05-03")
    horizon1 = _doc(raw_horizon, BODY_HORIZON_1, "Idlib Horizon", XSS_TITLE, "2019-05-10")
    horizon2 = _doc(
        raw_horizon, BODY_HORIZON_2, "Idlib Horizon", "Truce agreed in Ankara", "2019-04-20", n=2
    )
    s_wire = _source(
        wire, "Artillery shells struck the market of Kafr Nabl on Wednesday, killing three people"
    )
    s_cedar = _source(cedar, "buried five victims of Wednesday's shelling of the market")
    shelling = Event(
        "ev-shelling",
        "ASSAULT",
        "",
        "SHELLING_ARTILLERY_MISSILE_ATTACK",
        DateValue("2019-05-01"),
        KAFR_NABL,
        SAA,
        None,
        3,
        "happened",
        "local activists",
        [s_wire, s_cedar],
        [Contradiction("fatalities", (("3", (s_wire,)), ("5", (s_cedar,))))],
        agreement="ag-idlib",
    )
    truce = Event(
        "ev-truce",
        "AGREE",
        "",
        "AGREEMENT",
        DateValue("2019-04", precision="month"),
        ANKARA,
        TURKEY,
        RUSSIA,
        None,
        "happened",
        None,
        [_source(horizon2, "agreed in Ankara on a truce")],
        agreement="ag-idlib",
    )
    denial = Event(
        "ev-denial",
        "ACCUSE",
        "",
        None,
        DateValue("XXXX-05-09", kind="unresolved"),
        replace(MAARAT, basis="namesake"),  # as if another Maarat stood abroad
        SAA,
        None,
        None,
        "denied",
        XSS_ATTRIBUTION,
        [_source(horizon1, "denied on Thursday that it had hit Maarat al-Numan")],
    )
    convoy = Event(
        "ev-convoy",
        "AID",
        "",
        None,
        DateValue("2019-05-20"),
        None,
        UN,
        None,
        None,
        "planned",
        None,
        [_source(cedar, "convoys are expected")],
    )
    agreement = Agreement(
        "ag-idlib",
        "Idlib truce",
        "ceasefire",
        IDLIB,
        [TURKEY, RUSSIA],
        [RUSSIA],
        signed=DateValue("2019-04-18"),
        signed_place=ANKARA,
        effective=DateValue("2019-04-19"),
        ends=DateValue("2019-06", precision="month"),
        status="ended",
        provisions=[Provision("monitoring", "Truce monitors deployed", None, "violated", [s_wire])],
        events=["ev-shelling", "ev-truce"],
        sources=[truce.sources[0]],
    )
    results = [
        DocumentResult(raw_wire, (wire,), ()),
        DocumentResult(raw_cedar, (cedar,), ()),
        DocumentResult(raw_horizon, (horizon1, horizon2), ()),
    ]
    return results, [shelling, truce, denial, convoy], [agreement]


def build_sample_store(path: Path) -> Path:
    results, events, agreements = sample_results()
    with Store(path) as store:
        store.save_results(results)
        store.replace_fused(events, agreements)
    return path


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_store(tmp_path_factory.mktemp("api") / "sample.db")


@pytest.fixture(scope="module")
def client(sample_db: Path) -> TestClient:
    return TestClient(create_app(sample_db), base_url="http://localhost")


def _ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def _doc_id(client: TestClient, outlet: str, title: str) -> str:
    items = client.get("/api/documents", params={"outlet": outlet}).json()["items"]
    return next(d["id"] for d in items if d["title"] == title)


# --- endpoints ---------------------------------------------------------------------------


def test_api_events_lists_fused_events_in_date_order_with_total(client):
    data = client.get("/api/events").json()
    assert data["total"] == 4 and data["limit"] == 100 and data["offset"] == 0
    assert [e["id"] for e in data["items"]] == ["ev-truce", "ev-shelling", "ev-convoy", "ev-denial"]


def test_api_event_has_the_export_contract_shape(client):
    event = client.get("/api/events/ev-shelling").json()
    assert event["record"] == "event" and event["type"] == "ASSAULT" and event["fatalities"] == 3
    assert event["place"]["lat"] == 35.614 and event["actor1"]["id"] == "saa"
    assert [s["outlet"] for s in event["sources"]] == ["Example Wire", "Cedar Evening"]
    assert event["contradictions"][0]["field"] == "fatalities"


def test_api_documents_list_and_one_document_with_body(client):
    data = client.get("/api/documents").json()
    assert data["total"] == 4
    assert [d["title"] for d in data["items"]][
        0
    ] == "Truce agreed in Ankara"  # earliest published first
    doc_id = _doc_id(client, "Example Wire", "Market shelled in Kafr Nabl")
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["record"] == "document" and doc["body"] == BODY_WIRE


def test_api_document_ids_with_a_hash_sign_are_reachable_when_encoded(client):
    doc_id = _doc_id(client, "Idlib Horizon", "Truce agreed in Ankara")
    assert doc_id.endswith("#2")
    response = client.get("/api/documents/" + doc_id.replace("#", "%23"))
    assert response.status_code == 200 and response.json()["body"] == BODY_HORIZON_2


def test_api_document_list_can_leave_bodies_out(client):
    items = client.get("/api/documents", params={"body": "false"}).json()["items"]
    assert items and all("body" not in d for d in items) and all("title" in d for d in items)


def test_api_quote_spans_index_the_body_by_characters(client):
    event = client.get("/api/events/ev-shelling").json()
    source = event["sources"][0]
    body = client.get(f"/api/documents/{source['document']}").json()["body"]
    assert body[source["start"] : source["end"]] == source["quote"]


def test_api_agreements_list_and_one(client):
    assert _ids(client.get("/api/agreements")) == ["ag-idlib"]
    agreement = client.get("/api/agreements/ag-idlib").json()
    assert agreement["record"] == "agreement" and agreement["ends"]["precision"] == "month"
    assert agreement["events"] == ["ev-shelling", "ev-truce"]
    assert _ids(client.get("/api/agreements", params={"status": "ENDED"})) == ["ag-idlib"]
    assert _ids(client.get("/api/agreements", params={"kind": "evacuation"})) == []


def test_api_search_finds_bodies_and_quotes(client):
    data = client.get("/api/search", params={"q": "buried victims"}).json()
    assert data["terms"] == ["buried", "victims"]
    assert [d["title"] for d in data["documents"]["items"]] == ["Funerals in Kafr Nabl"]
    assert "buried" in data["documents"]["items"][0]["snippet"]
    assert [e["id"] for e in data["events"]["items"]] == ["ev-shelling"]
    assert data["events"]["total"] == 1


def test_api_search_without_bodies_keeps_snippets(client):
    item = client.get("/api/search", params={"q": "Ankara", "body": "false"}).json()["documents"][
        "items"
    ][0]
    assert "body" not in item and "Ankara" in item["snippet"]


def test_api_stats_and_meta(client):
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 4 and stats["events"] == 4 and stats["agreements"] == 1
    meta = client.get("/api/meta").json()
    assert meta["format"] == "truceline-export" and meta["version"] == FORMAT_VERSION
    assert meta["read_only"] is True and meta["writes"] is False and meta["max_limit"] == MAX_LIMIT


def test_api_facets_count_filter_values(client):
    facets = client.get("/api/facets").json()
    assert {"value": "ASSAULT", "count": 1, "label": "Assault (use of force)"} in facets["types"]
    assert {"value": "Idlib Horizon", "count": 2} in facets["outlets"]
    assert {"value": "Syrian Arab Army", "count": 2} in facets["actors"]


# --- filters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"since": "2019-05-01"}, ["ev-shelling", "ev-convoy"]),
        (
            {"since": "2019-04-15"},
            ["ev-truce", "ev-shelling", "ev-convoy"],
        ),  # April may reach past the 15th
        ({"until": "2019-04"}, ["ev-truce"]),
        ({"since": "2019-05", "until": "2019-05-10"}, ["ev-shelling"]),
        ({"until": "2018"}, []),
        ({"type": "assault"}, ["ev-shelling"]),
        ({"type": ["AGREE", "AID"]}, ["ev-truce", "ev-convoy"]),
        ({"actor": "arab army"}, ["ev-shelling", "ev-denial"]),
        ({"actor": "russia"}, ["ev-truce"]),
        ({"outlet": "cedar evening"}, ["ev-shelling", "ev-convoy"]),
        ({"place": "maarat"}, ["ev-denial"]),
        ({"bbox": "36.5,35.5,36.6,35.7"}, ["ev-shelling"]),
        ({"bbox": "30,30,40,40"}, ["ev-truce", "ev-shelling", "ev-denial"]),
        ({"modality": "denied"}, ["ev-denial"]),
        ({"modality": ["planned", "denied"]}, ["ev-convoy", "ev-denial"]),
        ({"agreement": "ag-idlib"}, ["ev-truce", "ev-shelling"]),
        ({"contradicted": "true"}, ["ev-shelling"]),
        ({"type": "ASSAULT", "outlet": "Idlib Horizon"}, []),
    ],
)
def test_api_event_filters(client, params, expected):
    assert _ids(client.get("/api/events", params=params)) == expected


def test_api_bbox_across_the_antimeridian_wraps(client):
    assert _ids(client.get("/api/events", params={"bbox": "170,-10,-170,10"})) == []
    assert _ids(client.get("/api/events", params={"bbox": "36.6,30,36.5,40"})) == [
        "ev-truce",
        "ev-denial",
    ]


def test_api_document_filters(client):
    assert [
        d["title"]
        for d in client.get("/api/documents", params={"until": "2019-04"}).json()["items"]
    ] == ["Truce agreed in Ankara"]
    assert client.get("/api/documents", params={"outlet": "idlib horizon"}).json()["total"] == 2
    assert client.get("/api/documents", params={"since": "2019-05-03"}).json()["total"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"since": "May 2019"},
        {"until": "2019-5-1"},
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "0,50,10,40"},
        {"bbox": "0,0,200,10"},
        {"limit": "0"},
        {"limit": str(MAX_LIMIT + 1)},
        {"offset": "-1"},
        {"contradicted": "maybe"},
    ],
)
def test_api_rejects_bad_filter_values_with_422(client, params):
    assert client.get("/api/events", params=params).status_code == 422


# --- pagination --------------------------------------------------------------------------


def test_api_pagination_walks_all_events_once(client):
    seen: list[str] = []
    for offset in range(0, 4, 3):
        data = client.get("/api/events", params={"limit": 3, "offset": offset}).json()
        assert data["total"] == 4 and data["limit"] == 3 and data["offset"] == offset
        seen += [e["id"] for e in data["items"]]
    assert seen == ["ev-truce", "ev-shelling", "ev-convoy", "ev-denial"]
    assert client.get("/api/events", params={"offset": 10}).json() == {
        "total": 4,
        "limit": 100,
        "offset": 10,
        "items": [],
    }


def test_api_pagination_total_counts_filtered_matches(client):
    data = client.get("/api/events", params={"limit": 1, "outlet": "Cedar Evening"}).json()
    assert data["total"] == 2 and len(data["items"]) == 1


# --- 404s, OpenAPI, safety ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/events/nope", "/api/documents/nope", "/api/agreements/nope", "/api/nope"]
)
def test_api_unknown_ids_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404


def test_openapi_document_lists_every_endpoint(client):
    paths = set(client.get("/api/openapi.json").json()["paths"])
    assert paths == {
        "/api/events",
        "/api/events/{event_id}",
        "/api/documents",
        "/api/documents/{document_id}",
        "/api/agreements",
        "/api/agreements/{agreement_id}",
        "/api/search",
        "/api/facets",
        "/api/stats",
        "/api/meta",
        "/api/vocabulary",
        "/api/places",
    }
    assert {r.path for r in router.routes} == paths


def test_api_has_no_write_methods(client):
    for path, operations in client.get("/api/openapi.json").json()["paths"].items():
        assert set(operations) == {"get"}, path
    assert client.post("/api/events", json={}).status_code == 405


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE events; --",
        '" OR 1=1 --',
        "x' UNION SELECT data FROM events --",
        "%",
        "_",
        "\\",
        'NEAR("a" "b")',
        "title:Kafr*",
        "AND OR NOT",
        "Kafr' OR '1'='1",
    ],
)
def test_api_filter_and_search_strings_are_parameters_not_sql(client, text):
    for params in ({"actor": text}, {"outlet": text}, {"place": text}, {"agreement": text}):
        response = client.get("/api/events", params=params)
        assert response.status_code == 200 and response.json()["total"] == 0, params
    response = client.get("/api/search", params={"q": text})
    assert response.status_code == 200
    assert client.get(f"/api/events/{text}").status_code in (404, 200)
    assert client.get("/api/stats").json()["events"] == 4  # nothing was dropped


def test_api_search_reads_words_out_of_sql_fragments(client):
    data = client.get("/api/search", params={"q": "Kafr' OR '1'='1"}).json()
    assert data["terms"] == ["Kafr", "OR", "1", "1"]
    assert data["documents"]["total"] == 0  # every term must match; "1" is in no body


def test_api_like_wildcards_are_taken_literally(client):
    assert client.get("/api/events", params={"place": "%"}).json()["total"] == 0
    assert client.get("/api/events", params={"place": "Kafr_Nabl"}).json()["total"] == 0
    assert client.get("/api/events", params={"place": "Kafr Nabl"}).json()["total"] == 1


def test_api_store_is_opened_read_only(client):
    with pytest.raises(Exception, match="readonly"):
        client.app.state.reader.store.conn.execute("DELETE FROM events")


# --- the page and its files --------------------------------------------------------------


def test_page_and_its_files_are_served_with_a_strict_content_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/static/../api.py",
        "/static/%2e%2e/api.py",
        "/static/..%2fapi.py",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/vendor/leaflet/%2e%2e/package.json",
        "/vendor/world-atlas/%2e%2e/leaflet/package.json",
        "/api.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
    ],
)
def test_no_request_path_escapes_the_fixed_roots(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "def create_app" not in response.text and "root:" not in response.text


def test_vendor_folders_are_served_from_the_built_folder_and_missing_ones_listed(
    tmp_path, sample_db
):
    vendor = tmp_path / "vendor"
    (vendor / "leaflet").mkdir(parents=True)
    (vendor / "leaflet" / "leaflet.js").write_text("window.L = {};", encoding="utf-8")
    app = create_app(sample_db, vendor=vendor)
    client = TestClient(app, base_url="http://localhost")
    assert client.get("/vendor/leaflet/leaflet.js").text == "window.L = {};"
    assert app.state.missing_assets == ["markercluster", "vis-timeline", "basemap"]
    assert client.get("/api/meta").json()["web_assets_missing"] == app.state.missing_assets


# --- the write-endpoint guard, for issue 10 ----------------------------------------------


def _app_with_a_write_route(db: Path, token: str | None) -> TestClient:
    app = create_app(db, token=token)

    @app.post("/api/_probe", dependencies=[Depends(require_token)])
    def probe() -> dict[str, bool]:
        return {"ok": True}

    return TestClient(app, base_url="http://localhost")


def test_write_routes_are_refused_without_a_server_token(sample_db):
    client = _app_with_a_write_route(sample_db, None)
    assert (
        client.post("/api/_probe", headers={"Authorization": "Bearer anything"}).status_code == 403
    )


def test_write_routes_need_the_right_bearer_token(sample_db):
    client = _app_with_a_write_route(sample_db, "s3cret")
    assert client.post("/api/_probe").status_code == 401
    assert client.post("/api/_probe", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/api/_probe", headers={"Authorization": "Bearer s3cret"}).json() == {
        "ok": True
    }
    assert client.get("/api/meta").json()["writes"] is True


def test_create_app_refuses_a_file_that_is_not_a_store(tmp_path):
    from truceline.errors import StoreError

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError):
        create_app(junk)


def test_serve_refuses_a_missing_store(tmp_path):
    from truceline.errors import StoreError
    from truceline.serve.api import serve

    with pytest.raises(StoreError, match="no store here yet"):
        serve(tmp_path / "absent.db", "127.0.0.1", 0, token=None)


# --- TIMEX3 period values ----------------------------------------------------------------


def _dated(event_id: str, value: str, precision: str, end: str | None = None) -> Event:
    return Event(
        event_id,
        "ASSAULT",
        "",
        None,
        DateValue(value, end=end, precision=precision),
        None,
        None,
        None,
        None,
        "happened",
        None,
        [],
    )


@pytest.fixture(scope="module")
def timex_client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path = tmp_path_factory.mktemp("timex") / "timex.db"
    events = [
        _dated("spring", "2019-SP", "season"),  # March to May 2019
        _dated("winter", "2019-WI", "season"),  # December 2018 to February 2019
        _dated("week", "2019-W18", "week"),  # 29 April to 5 May 2019
        _dated("q3", "2019-Q3", "quarter"),
        _dated("decade", "201", "decade"),
        _dated("range", "2019-06-20", "day", end="2019-07-02"),
    ]
    with Store(path) as store:
        store.replace_fused(events, [])
    return TestClient(create_app(path), base_url="http://localhost")


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"since": "2019-03", "until": "2019-03"}, ["decade", "spring"]),
        ({"since": "2019-05-05", "until": "2019-05-05"}, ["decade", "spring", "week"]),
        ({"until": "2018-12-15"}, ["decade", "winter"]),
        ({"since": "2019-07-01", "until": "2019-07-01"}, ["decade", "q3", "range"]),
        ({"since": "2020"}, []),
    ],
)
def test_api_date_filters_read_weeks_seasons_quarters_and_decades_as_periods(
    timex_client, params, expected
):
    assert sorted(_ids(timex_client.get("/api/events", params=params))) == expected


def test_api_orders_events_by_the_first_day_of_their_period(timex_client):
    assert _ids(timex_client.get("/api/events")) == [
        "decade",
        "winter",
        "spring",
        "week",
        "range",
        "q3",
    ]


# --- the examples corpus, through the whole pipeline -------------------------------------


@pytest.fixture(scope="module")
def examples_client(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> TestClient:
    from truceline.run.driver import run

    path = tmp_path_factory.mktemp("examples") / "examples.db"
    with Store(path) as store:
        run([examples_dir], store)
    return TestClient(create_app(path), base_url="http://localhost")


def test_api_serves_the_examples_corpus_with_every_quote_at_its_span(examples_client):
    events = examples_client.get("/api/events", params={"limit": MAX_LIMIT}).json()
    assert events["total"] == len(events["items"]) > 0
    bodies: dict[str, str] = {}
    for event in events["items"]:
        assert examples_client.get(f"/api/events/{event['id']}").json() == event
        for source in event["sources"]:
            if source["document"] not in bodies:
                doc_url = "/api/documents/" + source["document"].replace("#", "%23")
                bodies[source["document"]] = examples_client.get(doc_url).json()["body"]
            assert bodies[source["document"]][source["start"] : source["end"]] == source["quote"]


def test_api_pages_of_the_examples_corpus_add_up_to_the_whole(examples_client):
    whole = _ids(examples_client.get("/api/events", params={"limit": MAX_LIMIT}))
    paged: list[str] = []
    for offset in range(0, len(whole), 25):
        paged += _ids(examples_client.get("/api/events", params={"limit": 25, "offset": offset}))
    assert paged == whole
    dated = _ids(examples_client.get("/api/events", params={"since": "1900", "limit": MAX_LIMIT}))
    assert set(dated) <= set(whole) and len(dated) < len(whole)  # undated and unresolved drop out


# --- scripts/build_web.py ----------------------------------------------------------------

"""Exports follow the contract: JSONL records, ACLED-style CSV, valid GeoJSON, escaped report."""

from __future__ import annotations

import csv
import io
import json

import pytest

from truceline.models import Actor, Contradiction, DateValue, Document, Event, Place, Source
from truceline.outputs.export import ACLED_COLUMNS, export_text
from truceline.outputs.records import FORMAT_VERSION
from truceline.outputs.report import html_report

DOC = Document(
    id="d1",
    raw_sha256="d1",
    source="x.txt",
    outlet="Wire",
    title="<script>alert(1)</script>",
    published=DateValue("2019-06-02"),
    published_basis="text",
    body="Shelling hit Kafr Nabl.",
)
SRC = Source("d1", "Wire", 'Shelling hit <b onmouseover="x()">Kafr Nabl</b>.', 0, 23)
EVENT = Event(
    id="e1",
    type="ASSAULT",
    mode="",
    acled_sub_event="ART_MISS_ATTACK",
    date=DateValue("2019-06", precision="month"),
    place=Place("Kafr Nabl", 35.614, 36.561, "SY", "Idlib"),
    actor1=Actor("Syrian Arab Army", "saa", 1),
    actor2=Actor("civilians", "civilians", 7),
    fatalities=4,
    modality="happened",
    attribution="opposition sources",
    sources=[SRC],
    contradictions=[Contradiction("fatalities", (("4", (SRC,)), ("9", (SRC,))))],
)
UNPLACED = Event(
    id="e2",
    type="CONSULT",
    mode="",
    acled_sub_event=None,
    date=None,
    place=None,
    actor1=None,
    actor2=None,
    fatalities=None,
    modality="planned",
    attribution=None,
    sources=[SRC],
)


def test_jsonl_export_has_a_versioned_header_and_contract_fields():
    lines = [json.loads(x) for x in export_text("jsonl", [DOC], [EVENT, UNPLACED], []).splitlines()]
    assert lines[0] == {"record": "meta", "format": "truceline-export", "version": FORMAT_VERSION}
    event = lines[2]
    for key in (
        "id",
        "type",
        "mode",
        "acled_sub_event",
        "date",
        "date_end",
        "date_precision",
        "date_kind",
        "place",
        "actor1",
        "actor2",
        "fatalities",
        "modality",
        "attribution",
        "sources",
        "contradictions",
    ):
        assert key in event
    assert event["place"]["lat"] == 35.614 and event["actor1"] == {
        "name": "Syrian Arab Army",
        "id": "saa",
        "acled_type": 1,
    }
    assert event["sources"][0]["document"] == "d1"
    assert lines[1]["published"] == "2019-06-02" and lines[1]["duplicate_of"] is None


def test_acled_csv_uses_acled_columns_and_precision_codes():
    rows = list(csv.DictReader(io.StringIO(export_text("csv", [DOC], [EVENT], []))))
    assert list(rows[0].keys()) == ACLED_COLUMNS
    row = rows[0]
    assert row["event_date"] == "2019-06-01" and row["time_precision"] == "3"  # month precision → 3
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"
    assert row["interaction"] == "17" and row["civilian_targeting"] == "Civilian targeting"
    assert (
        row["geo_precision"] == "1"
        and row["fatalities"] == "4"
        and row["contradictions"] == "fatalities"
    )


def test_geojson_export_has_points_in_lon_lat_order_and_counts_unplaced_events():
    data = json.loads(export_text("geojson", [DOC], [EVENT, UNPLACED], []))
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.561, 35.614]}


def test_exports_are_deterministic():
    assert export_text("jsonl", [DOC], [EVENT], []) == export_text("jsonl", [DOC], [EVENT], [])


def test_report_escapes_page_text():
    page = html_report([DOC], [EVENT], [])
    assert "<script>alert" not in page and "<b onmouseover" not in page
    assert "&lt;b onmouseover=&quot;x()&quot;&gt;" in page
    assert "⚠ fatalities" in page


# --- ACLED's conventions (issue 20) ----------------------------------------------------------

HAMA = Place("Ḩamāh", 35.13, 36.75, "SY", "Ḩamāh")


def _event(eid: str, **changes) -> Event:
    from dataclasses import replace

    return replace(EVENT, id=eid, contradictions=[], **changes)


def _rows(events, documents=(DOC,)) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export_text("csv", list(documents), events, []))))


def test_acled_csv_names_the_country_with_its_iso_number_and_region():
    [row] = _rows([_event("e1", place=HAMA)])
    assert (row["country"], row["iso"], row["region"]) == ("Syria", "760", "Middle East")
    assert row["location"] == "Hamah" and row["admin1"] == "Hamah"  # `place=Hama` finds it
    [row] = _rows([_event("e1", place=Place("Kinshasa", -4.3, 15.3, "CD", "Kinshasa"))])
    assert (row["country"], row["iso"], row["region"]) == (
        "Democratic Republic of Congo",
        "180",
        "Middle Africa",
    )


@pytest.mark.parametrize(
    "inter1,inter2,expected",
    [
        (1, 7, ("1", "7", "17")),
        (7, 1, ("7", "1", "17")),
        (3, 1, ("3", "1", "13")),
        (6, None, ("6", "0", "60")),
    ],
)
def test_acled_interaction_is_two_digits_lower_code_first(inter1, inter2, expected):
    a2 = Actor("someone", "x", inter2) if inter2 else None
    [row] = _rows([_event("e1", actor1=Actor("a", "a", inter1), actor2=a2)])
    assert (row["inter1"], row["inter2"], row["interaction"]) == expected


def test_acled_actor1_is_never_empty_when_there_is_an_actor():
    [row] = _rows([_event("e1", actor1=None, actor2=Actor("Syrian Arab Army", "saa", 1))])
    assert (row["actor1"], row["inter1"], row["interaction"]) == ("Syrian Arab Army", "1", "10")


def test_acled_source_names_outlets_never_document_hashes():
    sha = "3cdb17fa5549a861961f7c5ea1115315da0a4ae20938e8f80937c03cbbad4a03"
    nameless = Document(
        id=sha,
        raw_sha256=sha,
        source="pages/3cdb17fa5549.txt",
        outlet=None,
        title="t",
        published=None,
        published_basis="unknown",
        body="Shelling hit Kafr Nabl.",
    )
    web = Document(
        id="w1",
        raw_sha256="w1",
        source="crawl.warc",
        outlet=None,
        title="t",
        published=None,
        published_basis="unknown",
        body="Shelling hit Kafr Nabl.",
        url="https://www.example-news.org/a/1",
    )
    events = [
        _event("e1", sources=[Source(sha, None, "Shelling hit", 0, 12)]),
        _event("e2", sources=[Source("w1", None, "Shelling hit", 0, 12)]),
        _event("e3", sources=[Source("d1", "Wire", "Shelling hit", 0, 12)]),
    ]
    rows = _rows(events, [DOC, nameless, web])
    assert [r["source"] for r in rows] == ["unknown outlet", "example-news.org", "Wire"]


def test_every_acled_row_has_a_date_and_a_time_precision():
    published = Document(
        id="p1",
        raw_sha256="page",
        source="p.txt",
        outlet="Wire",
        title="t",
        published=DateValue("2017-08-03"),
        published_basis="text",
        body="Talks. Shelling.",
    )
    sibling = Document(
        id="page#2",
        raw_sha256="page",
        source="p.txt",
        outlet="Wire",
        title="t2",
        published=None,
        published_basis="unknown",
        body="Talks. Shelling.",
    )
    undated = _event("u1", date=None, sources=[Source("p1", "Wire", "Talks", 0, 5)])
    yearless = _event(
        "u2",
        date=DateValue("XXXX-09-07", kind="unresolved"),
        sources=[Source("page#2", "Wire", "Talks", 0, 5)],
    )
    week = _event("w", date=DateValue("2017-W32", precision="week"))
    day = _event("d", date=DateValue("2017-08-03"))
    rows = {
        r["event_id_cnty"]: r for r in _rows([undated, yearless, week, day], [published, sibling])
    }
    assert all(r["event_date"] and r["time_precision"] for r in rows.values())
    assert (rows["u1"]["event_date"], rows["u1"]["time_precision"]) == ("2017-08-03", "3")
    assert rows["u1"]["date_basis"] == "publication"
    assert (rows["u2"]["event_date"], rows["u2"]["date_basis"]) == ("2017-08-03", "page")
    assert (rows["w"]["event_date"], rows["w"]["time_precision"]) == ("2017-08-10", "2")  # mid-week
    assert (rows["d"]["event_date"], rows["d"]["time_precision"], rows["d"]["year"]) == (
        "2017-08-03",
        "1",
        "2017",
    )


def test_acled_type_columns_use_acleds_names_and_truceline_adds_words():
    [row] = _rows([_event("e1", type="CONSULT", acled_sub_event="DIPLO")])
    assert (row["event_type"], row["sub_event_type"]) == ("Strategic developments", "Other")
    assert row["plover_type_label"] == "Consult (talks, meetings, visits)"
    assert row["sub_event_label"] == "Diplomatic event"


def test_the_seeds_export_keeps_acleds_conventions(tmp_path, seeds_dir):
    """On a real store: conventions, not today's exact events."""
    import re
    import subprocess
    import sys

    db = tmp_path / "seeds.db"
    cli = [sys.executable, "-m", "truceline.cli"]
    subprocess.run(
        [*cli, "run", str(seeds_dir), "--db", str(db), "-q"], check=True, capture_output=True
    )
    out = subprocess.run(
        [*cli, "export", "--db", str(db), "--format", "csv"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows
    for row in rows:
        assert (
            re.fullmatch(r"\d{4}-\d\d-\d\d", row["event_date"]) and row["time_precision"] in "123"
        )
        assert not re.search(r"\b[0-9a-f]{12,}\b", row["source"]), row["source"]
        assert row["country"] == "" or len(row["country"]) > 3
        assert (row["iso"] == "") == (row["country"] == "") and (row["region"] == "") == (
            row["country"] == ""
        )
        assert row["location"].isascii() and row["admin1"].isascii()
        if row["interaction"]:
            a, b = int(row["interaction"][0]), int(row["interaction"][1])
            assert len(row["interaction"]) == 2 and (b == 0 or a <= b)
        assert "_" not in row["sub_event_type"] and not row["event_type"].isupper()


# --- GeoJSON --------------------------------------------------------------------------------


def test_geojson_properties_are_flat_for_gis_tools():
    data = json.loads(export_text("geojson", [DOC], [EVENT, UNPLACED], []))
    for feature in data["features"]:
        assert all(not isinstance(v, (dict, list)) for v in feature["properties"].values())
    props = data["features"][0]["properties"]
    assert props["place"] == "Kafr Nabl" and props["actor1"] == "Syrian Arab Army"
    assert props["type_label"] == "Assault (use of force)" and props["outlets"] == "Wire"


def test_geojson_counts_unplaced_events_instead_of_dropping_them_silently():
    data = json.loads(export_text("geojson", [DOC], [EVENT, UNPLACED], []))
    meta = data["truceline"]
    assert meta["unplaced_events"] == 1 and meta["unplaced_event_ids"] == ["e2"]
    assert meta["events"] == 2 and meta["version"] == FORMAT_VERSION


def test_geojson_agreement_zones_are_polygons_with_a_stated_buffer():
    from truceline.models import Agreement

    zone = Place("northern Homs countryside", 34.9, 36.75, "SY", "Homs", None, "region")
    agreement = Agreement("a1", "Northern Homs truce", "ceasefire", zone)
    data = json.loads(export_text("geojson", [DOC], [], [agreement]))
    [feature] = data["features"]
    assert feature["geometry"]["type"] == "Polygon"
    ring = feature["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) > 20
    props = feature["properties"]
    assert props["buffer_km"] == 25 and "25 km" in props["geometry_basis"]
    assert all(not isinstance(v, (dict, list)) for v in props.values())


def test_geojson_zone_across_the_antimeridian_is_cut_in_two():
    from truceline.outputs.geojson import circle

    geometry = circle(-17.0, 179.95, 25)
    assert geometry["type"] == "MultiPolygon"
    for polygon in geometry["coordinates"]:
        lons = [p[0] for p in polygon[0]]
        assert max(lons) - min(lons) < 1 and all(-180 <= x <= 180 for x in lons)

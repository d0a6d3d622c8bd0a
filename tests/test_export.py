"""Exports follow the contract: JSONL records, ACLED-style CSV, valid GeoJSON, escaped report."""

from __future__ import annotations

import csv
import io
import json

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


def test_geojson_export_has_points_in_lon_lat_order_and_skips_unplaced_events():
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

"""The CLI end to end: examples/ and, where ../shared exists, the seed pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from truceline.cli import main
from truceline.outputs.export import FORMATS, export_text
from truceline.outputs.report import html_report
from truceline.outputs.report_md import markdown_report
from truceline.store import Store

EXPECTED = json.loads(
    (Path(__file__).resolve().parents[1] / "examples" / "expected.json").read_text("utf-8")
)


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory, examples_dir) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("examples") / "t.db"
    output = _invoke("run", str(examples_dir), "--db", str(db), "-q")
    return db, output


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, seeds_dir) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("seeds") / "t.db"
    output = _invoke("run", str(seeds_dir), "--db", str(db), "-q")
    return db, output


def _records(db: Path, kind: str) -> list[dict]:
    lines = [
        json.loads(x) for x in _invoke("export", "--db", str(db), "--format", "jsonl").splitlines()
    ]
    assert lines[0]["record"] == "meta"
    return [x for x in lines if x["record"] == kind]


def test_run_on_examples_stores_every_article(examples_db):
    db, output = examples_db
    expected_articles = sum(len(f["articles"]) for f in EXPECTED["files"].values())
    docs = _records(db, "document")
    assert len(docs) == expected_articles
    assert "0 failed" in output


def test_rerun_processes_nothing_new_and_says_so(examples_db, examples_dir):
    db, _ = examples_db
    output = _invoke("run", str(examples_dir), "--db", str(db), "-q")
    assert "Nothing new" in output and "skipped" in output
    stats = json.loads(_invoke("stats", "--db", str(db), "--json"))
    assert stats["runs"] >= 2


def test_example_bodies_hold_no_comments_or_furniture(examples_db):
    db, _ = examples_db
    bodies = "\n".join(d["body"] for d in _records(db, "document"))
    for name, spec in EXPECTED["files"].items():
        for article in spec["articles"]:
            for snippet in article.get("comment_snippets", []):
                assert snippet not in bodies, f"{name}: reader comment leaked: {snippet!r}"


def test_example_statements_carry_the_modality_their_words_give(examples_db):
    db, _ = examples_db
    told = [(s["quote"], e["modality"]) for e in _records(db, "event") for s in e["sources"]]
    statements = [m for m in EXPECTED["modality_statements"] if "not_made_yet" not in m]
    assert len(statements) >= 16
    for stated in statements:
        found = {m for q, m in told if stated["quote"] in q}
        assert stated["modality"] in found, (stated["file"], stated["quote"], found)


def test_example_hypotheses_give_no_event(examples_db):
    db, _ = examples_db
    quotes = [s["quote"] for e in _records(db, "event") for s in e["sources"]]
    hypotheses = next(n for n in EXPECTED["not_events"] if n["source"] == "hypotheses")
    assert len(hypotheses["quotes"]) == 5
    for h in hypotheses["quotes"]:
        assert not [q for q in quotes if h["quote"] in q], f"{h['file']}: {h['quote']!r}"


def test_timeline_prints_dated_events_of_the_examples(examples_db):
    db, _ = examples_db
    output = _invoke("timeline", "--db", str(db))
    assert "truceline timeline" in output and "2019-10" in output


def test_exports_of_the_examples_are_valid(examples_db, tmp_path):
    db, _ = examples_db
    rows = list(csv.DictReader(io.StringIO(_invoke("export", "--db", str(db), "--format", "csv"))))
    assert rows and {"event_date", "sub_event_type", "latitude", "fatalities"} <= set(rows[0])
    geo = json.loads(_invoke("export", "--db", str(db), "--format", "geojson"))
    assert geo["type"] == "FeatureCollection" and geo["features"]
    for feature in geo["features"]:
        geometry = feature["geometry"]
        points = (
            [geometry["coordinates"]]
            if geometry["type"] == "Point"
            else [p for ring in geometry["coordinates"] for p in ring]  # an agreement zone
        )
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    report = tmp_path / "r.html"
    _invoke("report", "--db", str(db), "-o", str(report))
    assert "<h2>Timeline</h2>" in report.read_text("utf-8")


def test_seeds_give_seven_documents_none_dated_2021(seeds_db):
    db, _ = seeds_db
    docs = _records(db, "document")
    assert len(docs) == 7
    assert not [d for d in docs if (d["published"] or "").startswith("2021")]


def test_seed_bodies_hold_no_reader_comments(seeds_db, seeds_dir):
    db, _ = seeds_db
    bodies = "\n".join(d["body"] for d in _records(db, "document"))
    # commenter names and comment-widget lines of the seed pages
    for snippet in (
        "Esm Famil",
        "Gary Sellars",
        "Terra Cotta Woolpuller",
        "Notify of",
        "filthy rats",
        "Parenting 101",
        "Click here to support",
        "Would love your thoughts",
    ):
        assert snippet not in bodies


def test_seed_events_have_dates_places_with_coordinates_and_quotes(seeds_db):
    db, _ = seeds_db
    events = _records(db, "event")
    assert len(events) >= 10
    placed = [e for e in events if e["place"] and e["place"]["lat"] is not None]
    dated = [e for e in events if e["date"] and not e["date"].startswith("X")]
    assert len(placed) >= 5 and len(dated) >= 5
    docs = {d["id"]: d["body"] for d in _records(db, "document")}
    for event in events:
        for source in event["sources"]:
            assert docs[source["document"]][source["start"] : source["end"]] == source["quote"]


def test_agreements_command_lists_and_details_the_example_truce(examples_db):
    db, _ = examples_db
    listing = _invoke("agreements", "--db", str(db))
    assert "Southern Idlib truce" in listing or "truce" in listing
    [agreement] = [a for a in _records(db, "agreement") if a["kind"] == "truce"]
    detail = _invoke("agreements", "--db", str(db), agreement["id"][:10])
    assert "guarantors:" in detail and "Turkey" in detail and "Russia" in detail


def test_gazetteer_load_adds_a_place_that_later_runs_resolve(tmp_path):
    dump = tmp_path / "SY.txt"
    # one invented village, in the GeoNames dump's 19 tab-separated columns
    row = [
        "9900001",
        "Zafranin",
        "Zafranin",
        "Zafraneen",
        "35.1",
        "36.9",
        "P",
        "PPL",
        "SY",
        "",
        "11",
        "",
        "",
        "",
        "900",
        "",
        "300",
        "Asia/Damascus",
        "2024-01-01",
    ]
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    db = tmp_path / "g.db"
    assert "Loaded 1 places" in _invoke("gazetteer", "load", str(dump), "--db", str(db))
    page = tmp_path / "page.txt"
    page.write_text(
        "Shelling hits Zafranin\n\nArtillery shells hit the village of Zafranin on 3 May 2019, "
        "killing two farmers, local residents said on Friday.\n",
        encoding="utf-8",
    )
    _invoke("run", str(page), "--db", str(db), "-q")
    places = [e["place"] for e in _records(db, "event") if e["place"]]
    assert any(p["lat"] == 35.1 and p["lon"] == 36.9 for p in places), places


def test_markdown_report_escapes_and_lists_the_timeline(examples_db, tmp_path):
    db, _ = examples_db
    out = tmp_path / "r.md"
    _invoke("report", "--db", str(db), "--format", "md", "-o", str(out))
    text = out.read_text("utf-8")
    assert (
        text.startswith("# truceline report") and "## Timeline" in text and "## Agreements" in text
    )


@pytest.mark.parametrize("corpus", ["examples_db", "seeds_db"])
def test_export_and_report_stream_what_the_whole_store_in_memory_gives(corpus, request, tmp_path):
    """`export` and `report` read the store a chunk at a time (`store.stream`): the same
    bytes as the in-memory functions over the whole store read at once."""
    db, _ = request.getfixturevalue(corpus)
    with Store(db, readonly=True) as store:
        whole = store.documents(), store.events(), store.agreements()
    expected = {fmt: export_text(fmt, *whole) for fmt in FORMATS}
    expected |= {"html": html_report(*whole), "md": markdown_report(*whole)}
    written = {}
    for fmt in FORMATS:
        _invoke("export", "--db", str(db), "--format", fmt, "-o", str(tmp_path / fmt))
        written[fmt] = (tmp_path / fmt).read_text("utf-8")
    for fmt in ("html", "md"):
        _invoke("report", "--db", str(db), "--format", fmt, "-o", str(tmp_path / fmt))
        written[fmt] = (tmp_path / fmt).read_text("utf-8")
    assert written == expected
    assert _invoke("export", "--db", str(db)) == expected["jsonl"]  # to standard output


def test_acled_csv_loads_with_pandas(examples_db):
    pandas = pytest.importorskip("pandas")
    db, _ = examples_db
    frame = pandas.read_csv(io.StringIO(_invoke("export", "--db", str(db), "--format", "csv")))
    assert {
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "latitude",
        "longitude",
        "fatalities",
    } <= set(frame)
    assert len(frame) > 20 and frame["latitude"].notna().sum() > 10


def test_example_titles_and_dates_match_what_the_pages_say(examples_db):
    db, _ = examples_db
    docs: dict[str, list[dict]] = {}
    for doc in _records(db, "document"):
        docs.setdefault(Path(doc["source"].split("#")[0]).name, []).append(doc)
    for name, spec in EXPECTED["files"].items():
        if name == "feed.jsonl":
            continue
        for doc, article in zip(docs[name], spec["articles"], strict=True):
            assert doc["title"] == article["title"], name
            if article["published"] is not None:
                assert doc["published"] == article["published"], name
            elif doc["published"] is not None:
                # never presented as read off the page
                assert doc["published_basis"] == "estimated", name

"""Exports and reports streamed from a store (`store.stream`, `write_export`, the report
writers) are byte for byte what the in-memory functions give for the same store read
whole (`export_text`, `html_report`, `markdown_report` over `Store.documents()`,
`events()`, `agreements()`), whatever the chunk size: rows cross chunk boundaries inside
a multi-article page, inside a day with several events, between dated and undated
events, and the CSV's date fallbacks are looked up a chunk at a time.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truceline.models import (
    Actor,
    Agreement,
    Contradiction,
    DateValue,
    Document,
    DocumentResult,
    Event,
    Place,
    RawInput,
    Source,
)
from truceline.outputs import export as export_module
from truceline.outputs.acled import DateFallbacks
from truceline.outputs.export import (
    ACLED_COLUMNS,
    FORMATS,
    acled_row,
    csv_cell,
    export_text,
    write_export,
)
from truceline.outputs.jsonstream import Counted, Later, Streamed, materialize, write_json
from truceline.outputs.report import html_report, write_html_report
from truceline.outputs.report_md import markdown_report, write_markdown_report
from truceline.store import Store
from truceline.store.stream import snapshot

HOMS = Place("Homs", 34.73, 36.71, "SY", "Homs Governorate", 169577)
RASTAN = Place("Ar Rastan", 34.926, 36.733, "SY", "Homs Governorate")
VAGUE = Place("northern countryside", None, None, "SY", None, None, "unresolved")
SAA = Actor("Syrian Arab Army", "saa", 1)
FSA = Actor("Free Syrian Army", "fsa", 2)
OUTLETS = ["Desk Wire", "Homs Monitor", None, "", "=HYPERLINK(x)"]


def _page(n: int, articles: int, published: list[DateValue | None]) -> DocumentResult:
    raw = RawInput(f"page-{n}.html", f"page {n}".encode(), "html", url=f"https://n{n}.example/a")
    docs = tuple(
        Document(
            id=raw.sha256 if i == 1 else f"{raw.sha256}#{i}",
            raw_sha256=raw.sha256,
            source=raw.source,
            outlet=OUTLETS[(n + i) % len(OUTLETS)],
            title=f"Page {n} article {i}",
            published=published[i - 1],
            published_basis="metadata" if published[i - 1] else "unknown",
            body=f"Shelling hit the town, page {n} article {i} said. " * 3,
            url=raw.url,
        )
        for i in range(1, articles + 1)
    )
    return DocumentResult(raw, docs, ())


def _source(doc: Document, n: int) -> Source:
    return Source(doc.id, doc.outlet, f"quote {n} of {doc.title}", n, n + 10, "test")


def small_store(path: Path) -> Path:
    """Pages of one to three articles, some undated; events on shared days, undated,
    unresolved, unplaced, contradicted, each citing one or two documents; agreements
    with and without an effective date or a zone; two documents marked as copies."""
    rng = random.Random(22)
    days = [DateValue(f"2017-05-{d:02d}") for d in (3, 3, 4, 9)]
    results = []
    for n in range(12):
        articles = 1 + n % 3
        published = [rng.choice([*days, None]) for _ in range(articles)]
        results.append(_page(n, articles, published))
    docs = [d for r in results for d in r.documents]
    dates = [
        DateValue("2017-05-03"),
        DateValue("2017-05-03"),
        DateValue("2017-05", precision="month"),
        DateValue("2017-W19", precision="week"),
        DateValue("2017-05-02", end="2017-05-06", kind="range"),
        DateValue("XXXX-09-07", kind="unresolved"),
        None,
        None,
    ]
    events = []
    for n in range(40):
        cited = rng.sample(docs, 1 + n % 2)
        sources = [_source(d, n) for d in cited]
        contradictions = (
            [Contradiction("fatalities", (("3", (sources[0],)), ("5", (sources[-1],))))]
            if n % 7 == 0
            else []
        )
        events.append(
            Event(
                id=f"ev-{rng.randrange(10**6):06d}-{n}",
                type=rng.choice(["ASSAULT", "CONSULT", "AID"]),
                mode="",
                acled_sub_event=rng.choice([None, "ART_MISS_ATTACK", "ARMED_CLASH"]),
                date=dates[n % len(dates)],
                place=[HOMS, RASTAN, VAGUE, None][n % 4],
                actor1=[SAA, None][n % 2],
                actor2=[FSA, SAA, None][n % 3],
                fatalities=n % 5 or None,
                modality="happened",
                attribution=None,
                sources=sources,
                contradictions=contradictions,
            )
        )
    agreements = [
        Agreement(
            f"ag-{n}",
            f"Truce {n}",
            "ceasefire",
            [HOMS, None][n % 2],
            [SAA, FSA],
            [],
            effective=[DateValue("2017-05-04"), None, DateValue("2017-05", precision="month")][
                n % 3
            ],
            events=[events[n].id],
            sources=events[n].sources,
        )
        for n in range(5)
    ]
    copies = {docs[3].id: docs[0].id, docs[5].id: docs[1].id}
    with Store(path) as store:
        store.save_results(results)
        store.replace_fused(events, agreements, copies)
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return small_store(tmp_path_factory.mktemp("stream") / "s.db")


def _whole_store_csv(store: Store) -> str:
    """The CSV as it was written before streaming: date fallbacks over the whole store."""
    documents, events = store.documents(), store.events()
    by_id = {d.id: d for d in documents}
    fallbacks = DateFallbacks.of(documents, events)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow({k: csv_cell(v) for k, v in acled_row(event, by_id, fallbacks).items()})
    return out.getvalue()


def _in_memory(store: Store) -> dict[str, str]:
    docs, events, agreements = store.documents(), store.events(), store.agreements()
    texts = {fmt: export_text(fmt, docs, events, agreements) for fmt in FORMATS}
    texts["html"] = html_report(docs, events, agreements)
    texts["md"] = markdown_report(docs, events, agreements)
    return texts


def _streamed(store: Store, chunk: int | None) -> dict[str, str]:
    texts = {}
    with snapshot(store, chunk=chunk) as rows:
        for fmt in FORMATS:
            out = io.StringIO()
            write_export(fmt, rows, out)
            texts[fmt] = out.getvalue()
        for name, write in (("html", write_html_report), ("md", write_markdown_report)):
            out = io.StringIO()
            write(rows, out)
            texts[name] = out.getvalue()
    return texts


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, None])
def test_streamed_exports_and_reports_equal_the_in_memory_ones(store_path, chunk, monkeypatch):
    monkeypatch.setattr(export_module, "CSV_CHUNK", chunk or export_module.CSV_CHUNK)
    with Store(store_path, readonly=True) as store:
        expected = _in_memory(store)
        assert _streamed(store, chunk) == expected
        assert expected["csv"] == _whole_store_csv(store)
    # the store holds what the comparison needs to mean something
    rows = list(csv.DictReader(io.StringIO(expected["csv"])))
    assert len(rows) == 40
    assert {"publication", "page", "document"} <= {r["date_basis"] for r in rows}
    assert json.loads(expected["geojson"])["truceline"]["unplaced_events"] == 20
    assert "No agreements found" not in expected["html"] and "⚠" in expected["md"]


@pytest.mark.parametrize("chunk", [1, 2, 5, None])
def test_store_rows_come_in_the_stores_order(store_path, chunk):
    with Store(store_path, readonly=True) as store, snapshot(store, chunk=chunk) as rows:
        assert list(rows.documents()) == store.documents()
        assert [e.id for e in rows.events()] == [e.id for e in store.events()]
        assert [e.id for e in rows.events(contradicted=True)] == [
            e.id for e in store.events() if e.contradictions
        ]
        assert [a.id for a in rows.agreements()] == [a.id for a in store.agreements()]
        assert rows.document_count() == len(store.documents())
        pages = [d.raw_sha256 for d in store.documents()]
        assert len(set(pages)) < len(pages)  # multi-article pages cross chunks


def test_an_empty_store_streams_the_empty_outputs(tmp_path):
    with Store(tmp_path / "empty.db") as store:
        assert _streamed(store, None) == _in_memory(store)
        assert "No agreements found." in _in_memory(store)["md"]


def test_export_reads_one_snapshot_while_a_run_replaces_the_fused_tables(store_path, tmp_path):
    """A run that fuses while an export is under way does not mix two fusions."""
    db = tmp_path / "copy.db"
    db.write_bytes(store_path.read_bytes())
    with Store(db, readonly=True) as reader, snapshot(reader, chunk=2) as rows:
        events = rows.events()
        first = next(events)
        with Store(db) as writer:
            writer.replace_fused([], [])  # a fusion that finds nothing
        assert [first.id, *(e.id for e in events)] == [e.id for e in Store(store_path).events()]
    with Store(db, readonly=True) as reader, snapshot(reader) as rows:
        assert list(rows.events()) == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _with_placeholders(value: object, draw_bool: st.DrawFn) -> object:
    if isinstance(value, list):
        items = [_with_placeholders(v, draw_bool) for v in value]
        return Streamed(iter(items)) if draw_bool(st.booleans()) else items
    if isinstance(value, dict):
        return {k: _with_placeholders(v, draw_bool) for k, v in value.items()}
    return Later(lambda: value) if draw_bool(st.booleans()) else value


@st.composite
def _placeholder_json(draw: st.DrawFn) -> tuple[object, object]:
    plain = draw(_JSON)
    return plain, _with_placeholders(plain, draw)


@given(_placeholder_json(), st.integers(min_value=1, max_value=3))
def test_streamed_json_is_what_json_dumps_writes(pair, indent):
    plain, streamed = pair
    out = io.StringIO()
    write_json(streamed, out, indent=indent)
    assert out.getvalue() == json.dumps(plain, ensure_ascii=False, indent=indent, sort_keys=True)


def test_a_count_written_before_its_array_is_refused():
    items = Counted(iter([1, 2]))
    with pytest.raises(RuntimeError):  # "a" sorts before "b": the count would come first
        write_json({"a": Later(items.total), "b": Streamed(items)}, io.StringIO())
    items = Counted(iter([1, 2]))
    assert materialize({"b": Streamed(items), "c": Later(items.total)}) == {"b": [1, 2], "c": 2}

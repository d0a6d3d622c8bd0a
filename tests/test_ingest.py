"""Ingest: kinds of input, JSONL rows, per-file errors that do not stop a batch."""

from __future__ import annotations

import json

from truceline.ingest import IngestFailure, iter_inputs
from truceline.models import RawInput, sha256_hex
from truceline.settings import override_settings


def test_ingest_walks_a_folder_in_stable_order(tmp_path):
    (tmp_path / "b.txt").write_text("Second page body.")
    (tmp_path / "a.html").write_text("<html><body><p>First</p></body></html>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.htm").write_text("<p>Third</p>")
    items = list(iter_inputs([tmp_path]))
    assert [type(i) for i in items] == [RawInput] * 3
    assert [i.format for i in items] == ["html", "text", "html"]
    assert items[0].sha256 == sha256_hex(b"<html><body><p>First</p></body></html>")


def test_ingest_reports_unknown_empty_and_missing_files_and_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "good.txt").write_text("A page.")
    items = list(iter_inputs([tmp_path, tmp_path / "missing.txt"]))
    failures = {
        i.source.rsplit("/", 1)[-1]: i.error.code for i in items if isinstance(i, IngestFailure)
    }
    assert failures == {"empty.txt": "E103", "photo.png": "E101", "missing.txt": "E102"}
    assert [i.source.rsplit("/", 1)[-1] for i in items if isinstance(i, RawInput)] == ["good.txt"]


def test_ingest_refuses_files_over_the_size_limit(tmp_path):
    (tmp_path / "big.txt").write_text("x" * 200)
    with override_settings(max_input_bytes=100):
        [item] = list(iter_inputs([tmp_path / "big.txt"]))
    assert isinstance(item, IngestFailure) and item.error.code == "E104"


def test_ingest_jsonl_rows_become_inputs_and_bad_rows_errors(tmp_path):
    rows = [
        json.dumps({"url": "https://example.org/a", "date": "2019-05-02", "text": "A wire item."}),
        "{not json",
        json.dumps({"url": "https://example.org/b"}),
        json.dumps({"html": "<p>An HTML row.</p>"}),
        "",
        json.dumps(["a", "list"]),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(rows) + "\n")
    items = list(iter_inputs([path]))
    good = [i for i in items if isinstance(i, RawInput)]
    bad = [i for i in items if isinstance(i, IngestFailure)]
    assert [(g.format, g.url, g.date_hint) for g in good] == [
        ("text", "https://example.org/a", "2019-05-02"),
        ("html", None, None),
    ]
    assert good[0].data == b"A wire item."
    assert [b.source.rsplit("#", 1)[-1] for b in bad] == ["2", "3", "6"]
    assert all(b.error.code == "E105" and str(path) in str(b.error) for b in bad)

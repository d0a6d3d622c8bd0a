"""Hostile inputs, round two (issue 21), in one batch beside good pages: JSON Lines rows
nested thousands deep, dated 9999-12-31 or holding a lone surrogate; file names that
are not UTF-8, hold rich markup ("[/red]"), ESC sequences or a newline; a FIFO and
symlinks to /dev/zero; six empty or blank files with the same bytes; a page below a path
longer than PATH_MAX; a page whose article is empty but whose comments are not; an Arabic
page in cp1256 without a charset.

Each gave a traceback, a hang, a silent loss or mojibake. Now the run finishes with the
catalogue's status for failed inputs (3), stores every good page, records each bad input
as one error with its code, and the next run works.

One module-scoped store is built by two CLI runs (the hostile batch, then examples/);
the tests read it."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from robust_support import (
    ARTICLE,
    EXAMPLES,
    error_lines,
    html_page,
    no_traceback,
    run_cli,
    run_cli_measured,
)

from truceline.errors import InputError
from truceline.store import Store

# File names that must reach the store and the terminal unharmed.
MARKUP_DIR = "x["  # with a file "red]...", the path holds "x[/red]..."
ESC_NAME = "esc\x1b[31mRED\nerror E999: forged line.txt"
NOT_UTF8 = b"caf\xe9-report.txt"  # latin-1 bytes in a file name
EMPTY_NAMES = ("empty1.txt", "empty2.txt", "empty3.html", "blank1.txt", "blank2.html", "blank3.txt")
ARABIC = (
    "هدنة في إدلب",
    "أعلنت الأطراف المتحاربة هدنة جديدة يوم الأربعاء، وقال سكان المدينة إن القصف توقف بعد "
    "أسابيع من المعارك العنيفة، وإن الأسواق فتحت أبوابها من جديد.",
)


def _variant(word: str) -> str:
    """ARTICLE with another toll: other bytes, so that it is stored as a page of its own."""
    return ARTICLE.replace("three", word)


def _deep_tree(top: Path, page: bytes) -> Path:
    """A page below a path longer than PATH_MAX (4096), built with folder descriptors
    (a path that long cannot be opened by name); returns the first folder."""
    top.mkdir()
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(18):  # 18 × 251 characters: 4,518, past PATH_MAX
            name = "d" * 250
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("page.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, page)
        os.close(out)
    finally:
        os.close(fd)
    return top


def _rows() -> bytes:
    deep = "[" * 5000 + "]" * 5000
    rows = [
        json.dumps({"text": _variant("two")}),
        '{"text": "Shelling in Saraqib", "x": ' + deep + "}",
        json.dumps({"text": _variant("five"), "date": "9999-12-31"}),
        # a lone surrogate escaped in the JSON text: half of an emoji
        json.dumps({"text": _variant("six").replace("market", "market \\ud83d")}).replace(
            "\\\\ud83d", "\\ud83d"
        ),
    ]
    return ("\n".join(rows) + "\n").encode()


def _comments_page() -> bytes:
    comments = "".join(
        f'<li class="comment"><div class="comment-author">reader{i}</div><p>I heard the shelling '
        f"of Kafr Nabl on {i % 28 + 1} May killed people near the market again.</p></li>"
        for i in range(40)
    )
    return (
        "<html><head><title>Market shelled</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Market shelled</h1></article>"
        f'<section id="comments" class="comments"><h3>40 comments</h3><ol>{comments}</ol>'
        "</section><footer>Copyright</footer></body></html>"
    ).encode()


def _batch(folder: Path) -> None:
    folder.mkdir()
    (folder / "market.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "convoy.html").write_bytes(
        html_page(
            "Aid convoy reaches Maarat al-Numan",
            "A convoy of twelve trucks carrying flour reached Maarat al-Numan on Monday 5 June "
            "2017, the United Nations said, after a local truce opened the road from the west.",
        )
    )
    (folder / "rows.jsonl").write_bytes(_rows())
    with open(os.fsencode(folder) + b"/" + NOT_UTF8, "wb") as handle:
        handle.write(_variant("seven").encode())
    os.mkfifo(folder / "pipe.txt")
    for name in ("zero.txt", "zero.jsonl", "zero.warc.gz"):
        (folder / name).symlink_to("/dev/zero")
    (folder / MARKUP_DIR).mkdir()
    marked = _variant("eight").replace("Kafr Nabl on", "Kafr Nabl [/red] on")
    (folder / MARKUP_DIR / "red]shelling.txt").write_text(marked, encoding="utf-8")
    (folder / MARKUP_DIR / "red]empty.txt").write_bytes(b"")
    (folder / ESC_NAME).write_bytes(b"")
    for name in EMPTY_NAMES:
        (folder / name).write_bytes(b"" if name.startswith("empty") else b"  \n\t\n ")
    _deep_tree(folder / "deep", _variant("nine").encode())
    (folder / "comments.html").write_bytes(_comments_page())
    title, text = ARABIC
    arabic = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    arabic += f"<p>{text}</p><p>{text}</p></article></body></html>"
    (folder / "arabic.html").write_bytes(arabic.encode("cp1256"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("hostile")
    folder, db = base / "batch", base / "store.db"
    _batch(folder)
    first = run_cli("run", folder, "--db", db)  # with the progress bar: it shows names
    listed = run_cli("errors", "--db", db)
    timeline = run_cli("timeline", "--db", db)
    with Store(db, readonly=True) as store:
        errors, docs = store.errors(), store.documents()
    after = run_cli("run", EXAMPLES, "--db", db, "-q")
    with Store(db, readonly=True) as store:
        stats = store.stats()
    yield {
        "folder": folder,
        "first": first,
        "listed": listed,
        "timeline": timeline,
        "errors": errors,
        "docs": docs,
        "after": after,
        "stats": stats,
    }
    shutil.rmtree(folder / "deep", ignore_errors=True)


def _codes(batch: dict[str, Any]) -> dict[str, list[str]]:
    """Error codes by source, relative to the batch folder."""
    found: dict[str, list[str]] = {}
    for row in batch["errors"]:
        name = row["source"].removeprefix(str(batch["folder"]) + "/")
        found.setdefault(name, []).append(row["code"])
    return found


def _stored(batch: dict[str, Any]) -> dict[str, Any]:
    return {d.source.removeprefix(str(batch["folder"]) + "/"): d for d in batch["docs"]}


def test_the_batch_finishes_with_the_input_error_status(batch):
    first = batch["first"]
    assert first.returncode == InputError.exit_code, first.stderr[-2000:]
    assert no_traceback(first), first.stderr[-2000:]


def test_the_good_pages_of_the_batch_are_stored(batch):
    stored = _stored(batch)
    for source in ("market.txt", "convoy.html", "rows.jsonl#1", f"{MARKUP_DIR}/red]shelling.txt"):
        assert source in stored, sorted(stored)


def test_deeply_nested_row_is_one_bad_record(batch):
    assert _codes(batch)["rows.jsonl#2"] == ["E105"]
    [row] = [r for r in batch["errors"] if r["source"].endswith("rows.jsonl#2")]
    assert "nested too deeply" in row["message"]


def test_row_dated_out_of_range_is_refused_and_later_runs_work(batch):
    assert _codes(batch)["rows.jsonl#3"] == ["E108"]
    assert "9999-12-31" in next(r["message"] for r in batch["errors"] if "#3" in r["source"])
    after = batch["after"]  # every later run crashed on the stored date, even over examples/
    assert after.returncode == 0 and no_traceback(after), after.stderr[-2000:]
    assert "Fused the store" in after.stdout and batch["stats"]["events"] > 0


def test_lone_surrogate_in_a_row_becomes_a_replacement_character(batch):
    row = _stored(batch)["rows.jsonl#4"]
    assert "market \ufffd" in row.body and "six people" in row.body


def test_file_name_that_is_not_utf8_is_stored_with_escapes(batch):
    doc = _stored(batch)["caf\\xe9-report.txt"]
    assert "seven people" in doc.body


def test_fifo_and_endless_devices_are_refused_without_reading(batch):
    codes = _codes(batch)
    for name in ("pipe.txt", "zero.txt", "zero.jsonl", "zero.warc.gz"):
        assert codes[name] == ["E102"], name
    messages = {r["source"].rsplit("/", 1)[1]: r["message"] for r in batch["errors"]}
    assert "not a regular file (a named pipe)" in messages["pipe.txt"]
    assert "not a regular file (a character device)" in messages["zero.jsonl"]


def test_every_empty_or_blank_copy_is_named(batch):
    codes = _codes(batch)
    for name in (*EMPTY_NAMES, f"{MARKUP_DIR}/red]empty.txt", ESC_NAME):
        assert codes[name] == ["E103"], name
    listed = batch["listed"].stdout
    for name in EMPTY_NAMES:
        assert f"/{name}: empty input" in listed


def test_names_with_markup_escapes_and_newlines_print_safely(batch):
    listed, timeline = batch["listed"], batch["timeline"]
    assert listed.returncode == 0 and no_traceback(listed), listed.stderr[-2000:]
    assert timeline.returncode == 0 and no_traceback(timeline), timeline.stderr[-2000:]
    assert f"{MARKUP_DIR}/red]empty.txt" in listed.stdout
    assert "[/red]" in timeline.stdout  # the quote of the page, shown as text
    for out in (listed.stdout, listed.stderr, batch["first"].stderr):
        assert "\x1b" not in out
    assert "esc\\x1b[31mRED\\nerror E999: forged line.txt" in listed.stdout
    # one line per error, each starting with its time: no line forged by a name
    assert all(re.match(r"\d{4}-\d\d-\d\dT", line) for line in listed.stdout.splitlines())
    assert not any("E999" in line for line in error_lines(batch["first"]))


def test_page_below_a_path_longer_than_path_max_is_reported(batch):
    deep = [r for r in batch["errors"] if r["source"].startswith(str(batch["folder"] / "deep"))]
    assert [r["code"] for r in deep] == ["E102"]
    assert "cannot list this folder" in deep[0]["message"]
    assert len(deep[0]["source"]) > 4096


def test_page_whose_article_is_empty_does_not_store_its_comments(batch):
    assert _codes(batch)["comments.html"] == ["E106"]
    assert not any("I heard the shelling" in d.body for d in batch["docs"])


def test_arabic_page_in_cp1256_without_charset_is_read_right(batch):
    doc = _stored(batch)["arabic.html"]
    assert ARABIC[1][:40] in doc.body and ARABIC[0] == doc.title


def test_each_bad_input_is_one_error(batch):
    assert all(len(codes) == 1 for codes in _codes(batch).values()), _codes(batch)


def test_fifo_named_on_the_command_line_does_not_hang_the_run(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "market.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "store.db"
    done = run_cli("run", tmp_path / "pipe.txt", tmp_path / "market.txt", "--db", db, "-q")
    assert done.returncode == InputError.exit_code and no_traceback(done), done.stderr
    assert error_lines(done) == [
        f"error E102: {tmp_path / 'pipe.txt'}: cannot read: not a regular file (a named pipe)"
    ]
    with Store(db, readonly=True) as store:
        assert [d.source for d in store.documents()] == [str(tmp_path / "market.txt")]


def _long_report(chars: int) -> str:
    towns = ("Kafr Nabl", "Maarat al-Numan", "Saraqib", "Idlib", "Houla", "Douma")
    parts, n = ["A long report\n"], 0
    while sum(map(len, parts)) < chars:
        town = towns[n % len(towns)]
        parts.append(  # every paragraph its own: the cleaner drops repeated ones
            f"Artillery shells struck the market of {town} on Wednesday, killing {n % 30 + 2} "
            f"people, local activists said in their report number {n}. Government forces and "
            f"rebels clashed near {town} for the {n + 2}th time."
        )
        n += 1
    return "\n\n".join(parts)


def test_a_900000_character_article_is_refused_within_the_memory_bar(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "long.txt").write_text(_long_report(900_000), encoding="utf-8")
    (pages / "market.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "store.db"
    done, peak_mb = run_cli_measured("run", pages, "--db", db, "-q")
    assert done.returncode == InputError.exit_code and no_traceback(done), done.stderr[-2000:]
    [line] = error_lines(done)
    assert line.startswith(f"error E104: {pages / 'long.txt'}: too large: article text of ")
    assert "limit 200000 (setting max_article_chars)" in line
    assert peak_mb < 2048  # was 3.1 GB, with 7,459 event mentions from the one page
    with Store(db, readonly=True) as store:
        assert [d.source for d in store.documents()] == [str(pages / "market.txt")]

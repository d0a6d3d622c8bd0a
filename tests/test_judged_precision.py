"""`scripts/judged_precision.py`: a store scored against a judged sample, on a page and
judgements written for this test."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from script_support import load_script
from truceline.outputs.vocabulary import modality_label, sub_event_label, type_label
from truceline.run import run
from truceline.store import Store

PAGE = (
    "Kassala, 4 May 2020 - Rebels shelled the market of Kassala on Monday, killing three "
    "traders, the governor said.\n\n"
    "In 1998, militants bombed the old barracks outside the town. In retaliation, soldiers "
    "attacked their camp near the border.\n"
)
HEADER = "n\tevent\tpage\tstart\tend\ttype\tsub_event\tmodality\treal\tpolitical\ttype_ok\tok\tnote"


def _script():
    return load_script("judged_precision")


def test_judged_rows_are_matched_scored_and_shown_as_the_timeline_shows_them(
    tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "kassala.txt").write_text(PAGE, encoding="utf-8")
    with Store(tmp_path / "t.db") as store:
        run([folder], store)
        events = store.events()

    def told(words: str):
        return next((e, src) for e in events for src in e.sources if words in src.quote)

    shelling = told("shelled")
    raid = told("soldiers attacked")  # told on from a 1998 story: background
    assert raid[0].background and not shelling[0].background

    def row(n: int, found, ok: str, *, typed=None, start=None) -> str:
        event, src = found
        t = typed or (
            type_label(event.type),
            sub_event_label(event.acled_sub_event) if event.acled_sub_event else "",
            modality_label(event.modality),
        )
        s = src.start if start is None else start
        return (
            f"{n}\t{event.id}\tkassala.txt\t{s}\t{src.end}\t{t[0]}\t{t[1]}\t{t[2]}"
            f"\tyes\tyes\t{ok}\t{ok}\t"
        )

    sample = tmp_path / "sample.tsv"
    sample.write_text(
        "\n".join(
            [
                HEADER,
                row(1, shelling, "yes"),  # made, right
                row(2, raid, "yes"),  # made, right, background: not shown
                row(3, shelling, "yes", typed=("Protest", "", "happened")),  # retyped
                row(4, shelling, "yes", start=9999),  # not made by this store
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    retyped = tmp_path / "retyped.tsv"
    db = str(tmp_path / "t.db")
    assert _script().main(["--db", db, str(sample), "--rows", "--retyped-out", str(retyped)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    figures = json.loads(lines[-1])["sample.tsv"]
    assert figures == {
        "rows": 3,
        "right": 2,
        "retyped": 1,
        "rejudged": 0,
        "shown": 2,
        "shown_right": 1,
    }
    # the retyped row is listed with what it was judged and what it is now
    [listed] = [line for line in lines if line.lstrip().startswith("row ")]
    assert listed.lstrip().startswith("row 3: judged Protest") and "-> now Assault" in listed
    # ... and written out, with its quote and its new typing, to be judged again
    [written] = list(csv.DictReader(retyped.open(encoding="utf-8"), delimiter="\t"))
    assert written["sample"] == "sample" and written["n"] == "3"
    assert written["type"] == "Assault (use of force)" and "shelled" in written["quote"]

    # judged again in its new typing, the row counts as judged: here wrong
    again = tmp_path / "again.tsv"
    typed = "\t".join((written["type"], written["sub_event"], written["modality"]))
    again.write_text(
        "sample\tn\ttype\tsub_event\tmodality\treal\tpolitical\ttype_ok\tok\tnote\n"
        f"sample\t3\t{typed}\tno\tyes\tn/a\tno\tbackground\n",
        encoding="utf-8",
    )
    assert _script().main(["--db", db, str(sample), "--rejudged", str(again)]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["sample.tsv"]
    assert (figures["rows"], figures["right"], figures["retyped"], figures["rejudged"]) == (
        3,
        2,
        0,
        1,
    )
    # a judgement of another typing does not cover it
    again.write_text(
        again.read_text("utf-8").replace(written["modality"], "planned"), encoding="utf-8"
    )
    assert _script().main(["--db", db, str(sample), "--rejudged", str(again)]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["sample.tsv"]
    assert (figures["retyped"], figures["rejudged"]) == (1, 0)

    # a row that says which article of its page it came from matches that article only:
    # the page has one ("" in the column), not a second ("#2")
    with_article = tmp_path / "articles.tsv"
    header = HEADER.replace("\tpage\t", "\tpage\tarticle\t")
    with_article.write_text(
        "\n".join(
            [
                header,
                row(1, shelling, "yes").replace("kassala.txt\t", "kassala.txt\t\t"),
                row(2, shelling, "yes").replace("kassala.txt\t", "kassala.txt\t#2\t"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    assert _script().main(["--db", str(tmp_path / "t.db"), str(with_article)]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["articles.tsv"]
    assert figures["rows"] == 1 and figures["right"] == 1


def test_the_drawn_sample_says_which_article_of_a_page_each_row_is(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "kassala.txt").write_text(PAGE, encoding="utf-8")
    with Store(tmp_path / "t.db") as store:
        run([folder], store)
    module = load_script("precision_sample")
    out = tmp_path / "sample.tsv"
    assert module.main(["--db", str(tmp_path / "t.db"), "--out", str(out)]) == 0
    header, *rows = [line.split("\t") for line in out.read_text("utf-8").splitlines()]
    assert header[:6] == ["n", "event", "page", "article", "start", "end"]
    assert rows and all(r[2] == "kassala.txt" and r[3] == "" for r in rows)

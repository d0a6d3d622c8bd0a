"""`scripts/report_reader_study.py` (a study, docs/quality.md): it reads ECB+'s XML and its
list of chosen sentences, fits, and scores judged rows of a store; here on texts and a
page written for this test."""

from __future__ import annotations

import json
from pathlib import Path

from script_support import load_script
from truceline.run import run
from truceline.store import Store

NEWS = "Rebels attacked the army post in {town} on Tuesday, killing four soldiers , police said ."
BACKGROUND = "The war began years ago and many people have left the region since then ."


def _script():
    return load_script("report_reader_study")


def _ecb_text(path: Path, sentences: list[str]) -> None:
    tokens, n = [], 0
    for i, sentence in enumerate(sentences):
        for word in sentence.split():
            n += 1
            tokens.append(f'<token t_id="{n}" sentence="{i}" number="0">{word}</token>')
    path.write_text(f'<Document doc_name="{path.name}">{"".join(tokens)}</Document>', "utf-8")


def test_the_study_fits_on_ecb_texts_and_scores_judged_rows(tmp_path: Path, capsys) -> None:
    ecb = tmp_path / "ECB+"
    chosen = ["Topic,File,Sentence Number"]
    towns = ["Kassala", "Gedaref", "Dilling", "Kadugli", "Nyala", "Zalingei"]
    for topic in range(1, 6):
        (ecb / str(topic)).mkdir(parents=True)
        for doc in range(1, 4):
            town = towns[(topic + doc) % len(towns)]
            _ecb_text(
                ecb / str(topic) / f"{topic}_{doc}ecbplus.xml",
                [NEWS.format(town=town), BACKGROUND, BACKGROUND],
            )
            chosen.append(f"{topic},{doc}ecbplus,0")
    sentences = tmp_path / "chosen.csv"
    sentences.write_text("\n".join(chosen) + "\n", encoding="utf-8")

    pages = tmp_path / "pages"
    pages.mkdir()
    page = (
        "Kassala, 4 May 2020 - Rebels attacked the army post in Kassala on Monday, killing"
        " three soldiers, the governor said.\n\nThe war began years ago and many people"
        " have left the region since then.\n"
    )
    (pages / "kassala.txt").write_text(page, encoding="utf-8")
    with Store(tmp_path / "t.db") as store:
        run([pages], store)
    judged = tmp_path / "sample.tsv"
    judged.write_text(
        "n\tevent\tpage\tstart\tend\ttype\tsub_event\tmodality\treal\tpolitical\ttype_ok\tok\tnote\n"
        "1\tx\tkassala.txt\t21\t60\tAssault (use of force)\tAttack\thappened"
        "\tyes\tyes\tyes\tyes\t\n"
        f"2\tx\tkassala.txt\t{page.index('The war')}\t{len(page)}\tAssault (use of force)"
        "\tArmed clash\thappened\tno\tyes\tn/a\tno\tbackground\n",
        encoding="utf-8",
    )
    args = ["--ecb", str(ecb), "--chosen", str(sentences)]
    assert _script().main([*args, "--judged", str(tmp_path / "t.db"), str(judged)]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["ecb_sentences"] == 45 and len(figures["ecb_fold_auc"]) == 5
    # the chosen sentence is told apart on topics the fit did not see, and the judged
    # report of the day ranks above the background sentence
    assert min(figures["ecb_fold_auc"]) > 0.9
    assert figures["judged_rows"] == 2 and figures["judged_auc"] == 1.0

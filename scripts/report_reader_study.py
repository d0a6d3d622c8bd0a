"""Would a sentence reader learned from ECB+ tell a new event's report from background?

A study, not a part of the product (docs/quality.md, "2026-12-06, fifth session"). ECB+
(Cybulska and Vossen 2014; its annotation is CC BY 3.0) marks, in each of its 982 news
texts, the sentences its annotators chose as telling the text's seminal event. This script
learns "chosen or not" from words that carry no topic (function words, part-of-speech
tags and their pairs, entity labels, time words, quotes, the sentence's place in its
text), with a logistic regression, and then scores the sentences of the judged crawl
samples (docs/quality/*.tsv): is the reader's "right" more common among the sentences it
ranks high? Nothing here is trained on the judged rows; they are only scored.

    python scripts/report_reader_study.py \
        --ecb /path/to/cltl/ECB-parser/ECB+ \
        --chosen /path/to/cltl/ecbPlus/ECB+_LREC2014/ECBplus_coreference_sentences.csv \
        --judged l3s.db docs/quality/l3s-precision-sample-*.tsv \
        --judged h.db docs/quality/crawl-precision-sample-h.tsv

(ECB+ from the search tool's `fetch` of github:cltl/ECB-parser and github:cltl/ecbPlus;
not in this repository.) Prints the area under the ROC curve on ECB+ by topic folds and on
each judged sample, and the share of right rows among the top-ranked tenth, fifth, ...;
the last line is one JSON object of every figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from truceline.models import article_of
from truceline.relevance.features import sentences
from truceline.store import Store
from truceline.understand.nlp import load_nlp

# Words with little topic of their own: what a sentence does, not what it is about.
_CLOSED = frozenset({"DET", "ADP", "AUX", "PRON", "CCONJ", "SCONJ", "PART", "ADV"})
_TIME = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight"
    r"|last|earlier|ago|since|previously|former|once|recently|now|currently|still|already)\b",
    re.IGNORECASE,
)
_SAY = frozenset({"say", "tell", "announce", "report", "add", "state"})
MIN_COUNT = 5  # a feature seen fewer times in ECB+ is left out
L2 = 3.0
FOLDS = 5


def _bucket(value: float, edges: Iterable[float]) -> str:
    edges = list(edges)
    return next((f"<{e}" for e in edges if value < e), f">={edges[-1]}")


def features(doc, index: int, count: int) -> set[str]:  # doc: a spaCy Doc of one sentence
    out = {
        "at" + _bucket(index, (1, 2, 3, 5, 8, 12, 20)),
        "share" + _bucket(index / max(count, 1), (0.1, 0.2, 0.35, 0.5, 0.75)),
    }
    tokens = [t for t in doc if not t.is_space]
    out.add("len" + _bucket(len(tokens), (6, 10, 16, 25, 35, 50)))
    tags = [t.tag_ for t in tokens]
    for t in tokens:
        if t.pos_ in _CLOSED or t.tag_ in ("MD", "WDT", "WP", "WRB", "EX"):
            out.add("w=" + t.lower_)
        out.add("t=" + t.tag_)
        if t.dep_ == "ROOT":
            out.add("root=" + t.tag_)
            out.add("root_says" if t.lemma_.lower() in _SAY else "root_acts")
            out.update(f"root_{c.dep_}={c.lower_}" for c in t.children if c.dep_ in ("aux", "neg"))
    out.update(f"tt={a}_{b}" for a, b in zip(tags, tags[1:], strict=False))
    out.update("ent=" + e.label_ for e in doc.ents)
    out.update("time=" + m.group(1).lower() for m in _TIME.finditer(doc.text))
    text = doc.text
    for name, pattern in (
        ("quote", r"[\"“”]"),
        ("question", r"\?"),
        ("year", r"\b(?:19|20)\d\d\b"),
        ("digit", r"\d"),
        ("first_second_person", r"\b(?:I|we|you|my|our|your)\b"),
    ):
        if re.search(pattern, text):
            out.add(name)
    return out


def read_ecb(folder: Path, chosen_csv: Path) -> list[tuple[int, int, int, str, bool]]:
    """(topic, index, sentences in the text, text, chosen) of each sentence of the ECB+
    texts that have chosen sentences."""
    chosen: dict[tuple[str, str], set[int]] = defaultdict(set)
    with open(chosen_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            chosen[(row["Topic"], row["File"])].add(int(row["Sentence Number"]))
    rows = []
    for path in sorted(folder.glob("*/*.xml")):
        topic, name = path.stem.split("_", 1)
        picked = chosen.get((topic, name))
        if not picked:
            continue
        words: dict[int, list[str]] = defaultdict(list)
        for token in ET.parse(path).getroot().iter("token"):
            words[int(token.get("sentence", "0"))].append(token.text or "")
        for index, tokens in sorted(words.items()):
            text = re.sub(r" ([,.;:!?])", r"\1", " ".join(tokens))
            rows.append((int(topic), index, len(words), text, index in picked))
    return rows


def read_judged(db: Path, samples: list[Path]) -> list[tuple[str, int, int, str, bool]]:
    """(sample, index, sentences in the article, sentence, judged right) of each judged
    row whose page and start the store holds."""
    with Store(db, readonly=True) as store:
        documents = store.documents()
    by_page = {(Path(d.source).name, article_of(d.id)): d for d in documents}
    rows = []
    for sample in samples:
        with open(sample, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                document = by_page.get((row["page"], row.get("article") or ""))
                if document is None or row.get("in_build") == "before":
                    continue
                spans = sentences(document.body)
                start = int(row["start"])
                index = next((i for i, (a, b) in enumerate(spans) if a <= start < b), None)
                if index is None:
                    continue
                a, b = spans[index]
                rows.append(
                    (sample.stem, index, len(spans), document.body[a:b], row["ok"] == "yes")
                )
    return rows


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """L2-regularised logistic regression by Newton steps (the bias, last column, free)."""
    w = np.zeros(x.shape[1])
    penalty = L2 * np.eye(len(w))
    penalty[-1, -1] = 0.0
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x.T * (p * (1 - p))) @ x + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w


def auc(scores: np.ndarray, y: np.ndarray) -> float:
    """Area under the ROC curve: the chance a right row outranks a wrong one."""
    ranks = np.empty(len(scores))
    ranks[np.argsort(scores)] = np.arange(len(scores))
    pos = y.astype(bool)
    n_pos, n_neg = pos.sum(), (~pos).sum()
    if not n_pos or not n_neg:
        return float("nan")
    return float((ranks[pos].sum() - n_pos * (n_pos - 1) / 2) / (n_pos * n_neg))


def matrix(rows: list[set[str]], vocabulary: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(rows), len(vocabulary) + 1))
    for i, feats in enumerate(rows):
        x[i, [vocabulary[f] for f in feats if f in vocabulary]] = 1.0
    x[:, -1] = 1.0
    return x


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecb", type=Path, required=True, help="ECB+ folder of topic folders")
    parser.add_argument(
        "--chosen", type=Path, required=True, help="ECBplus_coreference_sentences.csv"
    )
    parser.add_argument(
        "--judged",
        nargs="+",
        action="append",
        default=[],
        metavar=("DB", "TSV"),
        help="a store and the judged samples drawn from it (repeatable)",
    )
    args = parser.parse_args(argv)
    nlp = load_nlp()
    ecb = read_ecb(args.ecb, args.chosen)
    ecb_feats = [
        features(doc, i, n)
        for doc, (_, i, n, _, _) in zip(nlp.pipe(r[3] for r in ecb), ecb, strict=True)
    ]
    counts = Counter(f for feats in ecb_feats for f in feats)
    vocabulary = {
        f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))
    }
    x, y = matrix(ecb_feats, vocabulary), np.array([r[4] for r in ecb], dtype=float)
    topics = np.array([r[0] for r in ecb])
    folds = []
    for k in range(FOLDS):
        test = topics % FOLDS == k
        folds.append(round(auc(x[test] @ fit(x[~test], y[~test]), y[test]), 3))
    print(f"ECB+: {len(ecb)} sentences, {int(y.sum())} chosen; AUC by topic fold {folds}")
    w = fit(x, y)
    figures: dict[str, object] = {"ecb_sentences": len(ecb), "ecb_fold_auc": folds}
    judged = [
        row for db, *tsvs in args.judged for row in read_judged(Path(db), [Path(t) for t in tsvs])
    ]
    if not judged:
        print(json.dumps(figures))
        return 0
    docs = nlp.pipe(r[3] for r in judged)
    scores = (
        matrix([features(d, r[1], r[2]) for d, r in zip(docs, judged, strict=True)], vocabulary) @ w
    )
    right = np.array([r[4] for r in judged], dtype=float)
    names = np.array([r[0] for r in judged])
    per_sample = {}
    for name in sorted(set(names)):
        mask = names == name
        per_sample[name] = round(auc(scores[mask], right[mask]), 3)
        print(
            f"{name}: {int(mask.sum())} rows, {int(right[mask].sum())} right,"
            f" AUC {per_sample[name]}"
        )
    order = np.argsort(-scores)
    top = {}
    for share in (0.1, 0.2, 0.3, 0.5, 0.75, 1.0):
        kept = order[: max(1, int(share * len(order)))]
        top[str(share)] = round(float(right[kept].mean()), 3)
    print(
        f"all judged: {len(judged)} rows, AUC {auc(scores, right):.3f};"
        f" right among the top share {top}"
    )
    figures.update(
        judged_rows=len(judged),
        judged_auc=round(auc(scores, right), 3),
        per_sample=per_sample,
        top=top,
    )
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

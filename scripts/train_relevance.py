"""Train the relevance model (src/truceline/data/relevance.npz) from Wikipedia's Current
events portal, and report its figures on days it was not fitted on.

    python scripts/train_relevance.py \
        --portal /work/.mirror/ianrastall+current-events-context/repo \
        --exclude ../shared/datasets/events

--portal is a folder of day files (YYYY/MM/YYYY-MM-DD.yaml, the portal scraped by
github.com/ianrastall/current-events-context) or a git directory holding them. Examples
dated on or after --holdout-from are kept out of a first fit and scored with it (the
figures of docs/models/relevance.md); the shipped model is then fitted on every day.
--exclude names files or folders whose sentences must never be trained on (the
measuring sets): any example found in them is dropped and counted. The word vectors are
the packaged ones (scripts/build_word_vectors.py). The data is not part of the
repository and is read only here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from truceline.relevance.model import OFF_TOPIC, save_model
from truceline.relevance.training import (
    CLASSES,
    Design,
    Example,
    data_hash,
    deduplicated,
    design,
    fit,
    matrix,
    measuring_texts,
    read_portal,
)
from truceline.relevance.vectors import WordVectors, read_vectors

DATA = Path(__file__).resolve().parents[1] / "src" / "truceline" / "data"


def fitted(
    examples: list[Example], args: argparse.Namespace, vectors: WordVectors | None
) -> tuple[Design, np.ndarray, np.ndarray]:
    texts = [e.text for e in examples]
    labels = [CLASSES.index(e.topic) for e in examples]
    d = design(texts, labels, args.min_count, vectors, args.vector_scale)
    weights, bias = fit(d.rows, d.labels, len(CLASSES), l2=args.l2, iterations=args.iterations)
    return d, weights, bias


def held_out_figures(
    train: list[Example], test: list[Example], args: argparse.Namespace, vectors: WordVectors | None
) -> dict[str, Any]:
    """Topic accuracy, and precision / recall of "in topic" (not `OFF_TOPIC`) at even
    odds, of a model fitted on `train` alone, on `test`."""
    d, weights, bias = fitted(train, args, vectors)
    index = {f: i for i, f in enumerate(d.vocabulary)}
    rows = matrix([e.text for e in test], index, vectors, args.vector_scale)
    logits = rows @ weights + bias
    logits -= logits.max(axis=1, keepdims=True)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    gold = np.array([CLASSES.index(e.topic) for e in test])
    in_topic = np.array([c not in OFF_TOPIC for c in CLASSES])
    said = probs[:, in_topic].sum(axis=1) >= 0.5
    truth = in_topic[gold]
    tp = int((said & truth).sum())
    precision = tp / max(int(said.sum()), 1)
    recall = tp / max(int(truth.sum()), 1)
    tn = int((~said & ~truth).sum())
    return {
        "n_train": len(train),
        "n_test": len(test),
        "topic_accuracy": round(float((probs.argmax(axis=1) == gold).mean()), 4),
        "topic_recall_by_class": {
            c: round(float((probs.argmax(axis=1)[gold == i] == i).mean()), 4)
            for i, c in enumerate(CLASSES)
            if (gold == i).any()
        },
        "in_topic_precision": round(precision, 4),
        "in_topic_recall": round(recall, 4),
        "off_topic_recall": round(tn / max(int((~truth).sum()), 1), 4),
    }


def source_commit(portal: Path) -> str | None:
    if not (portal / "HEAD").is_file():
        return None
    done = subprocess.run(
        ["git", "--git-dir", str(portal), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portal", type=Path, required=True)
    parser.add_argument("--exclude", type=Path, action="append", default=[])
    parser.add_argument("--holdout-from", default="2017-01-01")
    parser.add_argument("--out", type=Path, default=DATA / "relevance.npz")
    parser.add_argument("--vectors", type=Path, default=DATA / "word_vectors.npz")
    # L2 penalty: held-out topic accuracy was flat between 1e-5 and 1e-4; L-BFGS had
    # converged by 300 iterations on the full data.
    parser.add_argument("--l2", type=float, default=3e-5)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--min-count", type=int, default=2)
    # The mean word vector's weight against the word features (both of unit length): 2 and
    # 3 scored alike, 1 passed fewer protest notes, 0 (no vectors) fewer still.
    parser.add_argument("--vector-scale", type=float, default=2.0)
    args = parser.parse_args(argv)
    started = time.time()
    examples, excluded = deduplicated(read_portal(args.portal), measuring_texts(args.exclude))
    if not examples:
        print(f"{args.portal}: no examples found", file=sys.stderr)
        return 2
    vectors = None
    if args.vector_scale:
        vectors = read_vectors(args.vectors.read_bytes(), str(args.vectors))
    train = [e for e in examples if e.day < args.holdout_from]
    test = [e for e in examples if e.day >= args.holdout_from]
    figures = held_out_figures(train, test, args, vectors) if train and test else {}
    d, weights, bias = fitted(examples, args, vectors)
    meta = {
        "name": "relevance-1",
        "trained": date.today().isoformat(),
        "source": "Wikipedia, Portal:Current events (CC BY-SA 4.0), "
        "via github.com/ianrastall/current-events-context",
        "source_commit": source_commit(args.portal),
        "examples": len(examples),
        "examples_by_topic": {c: sum(e.topic == c for e in examples) for c in CLASSES},
        "excluded_as_measuring_data": excluded,
        "data_hash": data_hash(examples),
        "features": len(d.vocabulary),
        "l2": args.l2,
        "vector_scale": args.vector_scale,
        "vectors": vectors.version if vectors is not None else None,
        "held_out": {"from": args.holdout_from, **figures},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    save_model(args.out, list(CLASSES), d.vocabulary, weights, bias, meta)
    meta["seconds"] = round(time.time() - started, 1)
    meta["size_bytes"] = args.out.stat().st_size
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Training the relevance model from Wikipedia's Current events portal (CC BY-SA 4.0):
one-sentence summaries of the day's news filed under a heading ("Armed conflicts and
attacks", "Sports", "Business and economy", ...). Each heading becomes a topic; the
summaries and the article titles listed under it are the examples.

`read_portal` accepts the day files as a folder tree (``YYYY/MM/YYYY-MM-DD.yaml``) or as a
git directory holding them (what `fetch` brings: no work tree); `fit` is a multinomial
logistic regression with an L2 penalty, minimised by L-BFGS (scipy), deterministic.
Nothing here runs in the product; scripts/train_relevance.py drives it.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from truceline.relevance.features import features
from truceline.relevance.vectors import WordVectors

CLASSES = (
    "conflict",
    "diplomacy",
    "politics",
    "crime",
    "disaster",
    "business",
    "sports",
    "arts",
    "science",
    "health",
)
# Portal headings (and their spelling variants) by topic, read as lower-case prefixes.
HEADINGS = (
    ("armed conflict", "conflict"),
    ("armed attack", "conflict"),
    ("attacks and", "conflict"),
    ("international relations", "diplomacy"),
    ("politics", "politics"),
    ("law and crime", "crime"),
    ("disaster", "disaster"),
    ("business", "business"),
    ("sport", "sports"),
    ("association football", "sports"),
    ("arts", "arts"),
    ("art and culture", "arts"),
    ("television", "arts"),
    ("movies", "arts"),
    ("science", "science"),
    ("health", "health"),
    ("environment", "health"),
)
# Sections named after one war or uprising ("Syrian civil war", "2011 Egyptian protests")
# hold the same kind of news as "Armed conflicts and attacks".
WAR_SECTION = re.compile(
    r"\b(?:war|conflict|insurgency|uprising|unrest|protests|revolution|occupation|"
    r"intervention|violence)\b",
    re.IGNORECASE,
)
NOT_WAR = re.compile(r"\b(?:financial|recession|flood|hurricane|olympic|cup)\b", re.IGNORECASE)
# A summary ends with its sources in brackets: "(Reuters), (BBC via Yahoo! News)".
TRAILING_SOURCES = re.compile(r"(?:\s*,?\s*\([^()]{1,80}\))+\s*$")
MIN_SENTENCE = 40  # characters: shorter lines under a heading are article titles
# A protest, strike or riot is an event we follow whatever the heading it is filed under
# (nurses protesting under "Health", a strike under "Business"): such summaries are
# relabelled "politics", so that the model learns protest as in topic. Sport is left
# alone ("protests the referee's decision").
PROTEST = re.compile(
    r"\b(?:protest(?:s|ed|ers?|ing)?|demonstrat(?:ion|ions|ors?|ed|e)|riot(?:s|ed|ers?|ing)?|"
    r"(?:went|go|goes|going) on strike|strikers|hunger strike|sit-ins?|picket(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)
RELABELLED = frozenset({"business", "health", "arts", "science", "disaster"})


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    topic: str
    day: str  # ISO date of the portal page
    title: bool  # an article title listed under the heading, not a summary sentence


def topic_of(heading: str) -> str | None:
    name = heading.strip().lower()
    for prefix, topic in HEADINGS:
        if name.startswith(prefix):
            return topic
    if WAR_SECTION.search(heading) and not NOT_WAR.search(heading):
        return "conflict"
    return None


def _git_files(git_dir: Path) -> Iterator[tuple[str, bytes]]:
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--name-only", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    names = sorted(n for n in listing if n.endswith(".yaml") and n[:2] in ("19", "20"))
    with subprocess.Popen(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for name in names:
            proc.stdin.write(f"HEAD:{name}\n".encode())
            proc.stdin.flush()
            size = int(proc.stdout.readline().split()[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)
            yield name, data
        proc.stdin.close()


def _tree_files(folder: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(folder.rglob("*.yaml")):
        yield str(path.relative_to(folder)), path.read_bytes()


def read_portal(source: Path) -> Iterator[Example]:
    """Examples of every day file, in file-name order."""
    is_git = (source / "HEAD").is_file() and (source / "objects").is_dir()
    for name, data in _git_files(source) if is_git else _tree_files(source):
        try:
            day = yaml.safe_load(data)
        except yaml.YAMLError:
            continue  # a few day files of the scrape are not valid YAML
        if not isinstance(day, dict) or not isinstance(day.get("Intelligence_Payload"), dict):
            continue
        date = str(day.get("Date") or Path(name).stem)
        for heading, lines in day["Intelligence_Payload"].items():
            topic = topic_of(str(heading))
            if topic is None or not isinstance(lines, list):
                continue
            for line in lines:
                if not isinstance(line, str):
                    continue
                text = TRAILING_SOURCES.sub("", " ".join(line.split()))
                if len(text) < 8:
                    continue
                if topic in RELABELLED and PROTEST.search(text):
                    yield Example(text, "politics", date, len(text) < MIN_SENTENCE)
                else:
                    yield Example(text, topic, date, len(text) < MIN_SENTENCE)


def normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def measuring_texts(paths: Iterable[Path]) -> set[str]:
    """Normalised sentences of the measuring sets, to keep any copy out of training."""
    found: set[str] = set()
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                text = file.read_text(encoding="utf-8", errors="replace")
                found.update(
                    k for s in re.split(r"(?<=[.!?])\s+", text) if len(k := normalised(s)) > 30
                )
    return found


def deduplicated(examples: Iterable[Example], exclude: set[str]) -> tuple[list[Example], int]:
    """Examples without repeats (the portal lists some stories on two days) and without
    those that occur in the measuring sets; returns them and how many were excluded."""
    seen: set[str] = set()
    kept, excluded = [], 0
    for ex in examples:
        key = normalised(ex.text)
        if key in exclude:
            excluded += 1
        elif key not in seen:
            seen.add(key)
            kept.append(ex)
    return kept, excluded


@dataclass(slots=True)
class Design:
    vocabulary: list[str]
    rows: Any  # scipy.sparse.csr_matrix, L2-normalised binary features
    labels: np.ndarray


def design(
    texts: list[str],
    labels: list[int],
    min_count: int = 2,
    vectors: WordVectors | None = None,
    scale: float = 0.0,
) -> Design:
    """The training matrix: word features seen at least `min_count` times, then (with
    `vectors`) the texts' mean word vectors times `scale`."""
    feats = [features(t) for t in texts]
    counts = Counter(f for fs in feats for f in fs)
    vocabulary = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocabulary)}
    return Design(vocabulary, matrix(texts, index, vectors, scale), np.array(labels))


def matrix(
    texts: list[str], index: dict[str, int], vectors: WordVectors | None = None, scale: float = 0.0
) -> Any:
    """Rows as `RelevanceModel.probabilities` reads a text: L2-normalised binary word
    features, then the scaled mean word vector."""
    from scipy import sparse

    words = _word_rows([features(t) for t in texts], index)
    if vectors is None or not scale:
        return words
    dense = np.array([vectors.mean(t) for t in texts]) * scale
    return sparse.hstack([words, sparse.csr_matrix(dense)]).tocsr()


def _word_rows(feats: list[set[str]], index: dict[str, int]) -> Any:
    from scipy import sparse

    indptr, cols = [0], []
    for fs in feats:
        cols.extend(sorted(index[f] for f in fs if f in index))
        indptr.append(len(cols))
    data = np.ones(len(cols), dtype=np.float64)
    rows = sparse.csr_matrix((data, cols, indptr), shape=(len(feats), len(index)))
    norms = np.sqrt(np.maximum(np.diff(rows.indptr), 1))
    return sparse.diags(1.0 / norms) @ rows


def fit(
    rows: Any, labels: np.ndarray, n_classes: int, *, l2: float, iterations: int
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features × classes) and bias minimising the class-balanced mean
    log-loss plus l2/2 · |W|²."""
    from scipy.optimize import minimize

    n, d = rows.shape
    onehot = np.zeros((n, n_classes))
    onehot[np.arange(n), labels] = 1.0
    per_class = np.bincount(labels, minlength=n_classes).astype(float)
    sample = (n / (n_classes * np.maximum(per_class, 1)))[labels] / n

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: d * n_classes].reshape(d, n_classes)
        b = theta[d * n_classes :]
        logits = rows @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        value = -(sample * (onehot * logp).sum(axis=1)).sum() + l2 / 2 * (w * w).sum()
        diff = (np.exp(logp) - onehot) * sample[:, None]
        grad_w = rows.T @ diff + l2 * w
        return float(value), np.concatenate([np.asarray(grad_w).ravel(), diff.sum(axis=0)])

    start = np.zeros(d * n_classes + n_classes)
    result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": iterations})
    theta = result.x
    return theta[: d * n_classes].reshape(d, n_classes), theta[d * n_classes :]


def data_hash(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for ex in examples:
        h.update(f"{ex.topic}\t{ex.text}\n".encode())
    return h.hexdigest()[:16]

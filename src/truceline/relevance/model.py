"""The relevance model: a multinomial logistic regression over word and word-pair features
(`features`) and the text's mean word vector (`vectors`), trained by
scripts/train_relevance.py on public, licence-cleared sentences (docs/models/relevance.md)
and shipped as ``data/relevance.npz``.

It gives each text a probability per topic (conflict, diplomacy, politics, crime,
disaster, business, sports, arts, science, health). Relevance is the probability that the
text is NOT about the topics where conflict words are used in another sense or not at
all (`OFF_TOPIC`: sport, business, the arts, science and technology): a strike, a
hospital workers' protest or a disaster stays in, and is judged by the extractors.
Scoring is a sum of weight rows: no spaCy, about a millisecond for a page, deterministic.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from truceline.errors import DataError
from truceline.relevance.features import features, sentences
from truceline.relevance.vectors import DIMENSIONS, WordVectors, load_vectors

# Topics whose pages hold no event truceline follows, where "attack", "strike", "shot"
# and "deal" have other senses. Health and disasters are not among them: protests of
# health workers and attacks on clinics are events (ACLED codes them).
OFF_TOPIC = frozenset({"sports", "business", "arts", "science"})
# The topics in which force is used in its literal sense.
VIOLENT = frozenset({"conflict", "crime"})
# The topics in which a demand, an accusation, a meeting or a deal is one between parties
# to politics or to a conflict (in a crime or disaster story it is police asking for
# witnesses, a lawyer accusing, a family offered counselling).
POLITICAL = frozenset({"conflict", "diplomacy", "politics"})
# A page whose relevance is under this is stored but not parsed: the model's own even
# odds, not tuned on any measuring set (L3S-GN1, the ACLED notes, the seeds and examples/
# were only measured with it: docs/quality.md).
PAGE_THRESHOLD = 0.5
WEIGHT_FORMAT = "int8, a scale per class (from float16)"  # `quantised`


@dataclass(frozen=True, slots=True)
class RelevanceModel:
    classes: tuple[str, ...]
    index: dict[str, int]  # feature → row of `weights`
    weights: np.ndarray  # (features + vector dimensions, classes), float32
    bias: np.ndarray  # (classes,)
    version: str  # name and a hash of the model file: stored with every score
    meta: dict[str, Any]
    vectors: WordVectors | None = None  # None: a model of word features alone
    vector_scale: float = 0.0

    @property
    def off_topic_columns(self) -> np.ndarray:
        return np.array([c in OFF_TOPIC for c in self.classes])

    def probabilities(self, text: str) -> np.ndarray:
        """Probability per class of one text (a sentence, a title or a passage)."""
        rows = [self.index[f] for f in features(text) if f in self.index]
        logits = self.bias.copy()
        if rows:
            logits += self.weights[rows].sum(axis=0) / np.sqrt(len(rows))
        if self.vectors is not None:
            dense = self.weights[len(self.index) :]
            logits += self.vector_scale * (self.vectors.mean(text) @ dense)
        logits -= logits.max()
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum())

    def relevance(self, text: str) -> float:
        """1 − the probability that the text is about an `OFF_TOPIC` topic."""
        return self.relevance_of(self.probabilities(text))

    def relevance_of(self, probs: np.ndarray) -> float:
        """`relevance` from a text's `probabilities`, already scored."""
        return 1.0 - float(probs[self.off_topic_columns].sum())

    def violence(self, text: str) -> float:
        """The probability that the text is about armed conflict or crime (`VIOLENT`):
        the evidence a use of force needs ("hit turbulence", "struck down a law", a cold
        air "blast" are not attacks)."""
        return self.share(self.probabilities(text), VIOLENT)

    def politics(self, text: str) -> float:
        """The probability that the text is about armed conflict, diplomacy or politics
        (`POLITICAL`): the evidence that a meeting, a demand or a deal it tells of is one
        between political actors."""
        return self.share(self.probabilities(text), POLITICAL)

    def share(self, probs: np.ndarray, topics: frozenset[str]) -> float:
        """The probability, of `probs` (`probabilities`), that a text is about one of
        `topics`."""
        return float(sum(probs[i] for i, c in enumerate(self.classes) if c in topics))

    def sentence_scores(self, text: str) -> list[tuple[int, int, float]]:
        """(start, end, relevance) of each sentence of `text`."""
        return [(s, e, self.relevance(text[s:e])) for s, e in sentences(text)]

    def document_relevance(self, title: str | None, body: str) -> float:
        """Relevance of a page: its title and body read as one text (a page is about what
        most of its words are about; sentence by sentence, a conflict report's background
        and quotes dilute it)."""
        return self.relevance(f"{title}\n{body}" if title else body)


def save_model(
    path: Path,
    classes: list[str],
    vocabulary: list[str],
    weights: np.ndarray,
    bias: np.ndarray,
    meta: dict[str, Any],
) -> None:
    """Write a model file: weights as int8 with a scale per class (`quantised`; rows: the
    vocabulary's features, then the word-vector dimensions when `meta` names a vector
    scale), vocabulary and metadata as UTF-8."""
    levels, scale = quantised(weights)
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        weights=levels,
        scale=scale,
        bias=bias.astype(np.float32),
        vocabulary=np.frombuffer("\n".join(vocabulary).encode("utf-8"), dtype=np.uint8),
        meta=np.frombuffer(
            json.dumps({**meta, "weights": WEIGHT_FORMAT, "classes": classes}).encode(),
            dtype=np.uint8,
        ),
    )
    path.write_bytes(buffer.getvalue())


def quantised(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights as int8 levels and a float32 scale per class (column): each column in 255
    steps of its largest absolute weight, after rounding to float16 (the precision the
    first model file had, so that a retrained model gives its bytes). The file is a third
    of float16's; a weight moves by half a step at most (0.02 in relevance-1)."""
    rounded = weights.astype(np.float16).astype(np.float32)
    scale = np.abs(rounded).max(axis=0) / 127
    scale[scale == 0] = 1.0
    return np.round(rounded / scale).astype(np.int8), scale.astype(np.float32)


def read_model(
    data: bytes, source: str = "relevance.npz", vectors: WordVectors | None = None
) -> RelevanceModel:
    """A model from its file's bytes; `vectors` are the word vectors it was trained with
    (needed when its metadata names a vector scale)."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            meta = json.loads(npz["meta"].tobytes().decode("utf-8"))
            vocabulary = npz["vocabulary"].tobytes().decode("utf-8").split("\n")
            weights = npz["weights"].astype(np.float32)
            if "scale" in npz.files:  # int8 levels (`quantised`); float16 before
                weights *= npz["scale"].astype(np.float32)
            bias = npz["bias"].astype(np.float32)
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise DataError(f"not a relevance model: {exc}", source=source) from None
    scale = float(meta.get("vector_scale", 0.0))
    dense = DIMENSIONS if scale else 0
    if weights.shape != (len(vocabulary) + dense, len(meta["classes"])):
        raise DataError("relevance model: weights do not fit the vocabulary", source=source)
    if scale and (vectors is None or vectors.version != meta.get("vectors")):
        raise DataError("relevance model: trained with other word vectors", source=source)
    digest = hashlib.sha256(data).hexdigest()[:12]
    return RelevanceModel(
        classes=tuple(meta["classes"]),
        index={f: i for i, f in enumerate(vocabulary)},
        weights=weights,
        bias=bias,
        version=f"{meta.get('name', 'relevance')}:{digest}",
        meta=meta,
        vectors=vectors if scale else None,
        vector_scale=scale,
    )


@lru_cache(maxsize=1)
def load_model() -> RelevanceModel:
    """The packaged model, read once per process."""
    path = resources.files("truceline").joinpath("data/relevance.npz")
    return read_model(path.read_bytes(), str(path), load_vectors())

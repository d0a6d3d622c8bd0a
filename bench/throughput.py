"""Throughput benchmark: the whole pipeline on a generated news corpus, locally and on Ray.

Prints, in one run (on a corpus generated into a temp folder by bench/corpus.py):
- documents/s per core end to end (one worker, warm), and the same texts through a bare
  `nlp.pipe` of the full spaCy pipeline as the model ships (time ratio pipeline / bare
  spaCy), and as truceline loads it (its faster, equivalent attribute ruler);
- 1 vs 2 workers on the same sample (speed-up);
- peak memory of each worker, and of the driver;
- the full corpus with 2 workers, then a second, incremental run over the unchanged
  corpus (its time as a share of the first; it skips fusion), and the same re-run with
  fusion forced;
- the Ray Data path against the local pool on the full corpus;
- the ingest's peak memory streaming the corpus and a corpus ten times larger.

    python bench/throughput.py                 # 2,000 pages of ~800 words
    python bench/throughput.py --docs 200      # a quick run
    python bench/throughput.py --no-ray --depth full
"""

from __future__ import annotations

import argparse
import inspect
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_jsonl  # noqa: E402

from truceline.run import driver as run_driver  # noqa: E402
from truceline.run.executors import PoolExecutor, WorkerConfig, peak_rss_mb  # noqa: E402
from truceline.store import Store  # noqa: E402

STREAMING_RUN = "stream_batches" in inspect.getsource(run_driver.run)
FUSION_SKIP = "force_fusion" in inspect.signature(run_driver.run).parameters


def timed_run(
    corpus: Path,
    db: Path,
    make: Callable[[], Any],
    *,
    warm: bool,
    batch_size: int = 16,
    force_fusion: bool = False,
) -> dict[str, Any]:
    """Run the product's `run_driver.run` over `corpus` into `db`; time it (after start-up
    when `warm`), with the workers' peak memory where the executor can say."""
    start = time.perf_counter()
    executor = make()
    if warm and hasattr(executor, "warm"):
        executor.warm()
    ready = time.perf_counter()
    with Store(db) as store:
        extra = {"force_fusion": True} if force_fusion and FUSION_SKIP else {}
        report = run_driver.run([corpus], store, executor=executor, batch_size=batch_size, **extra)
    done = time.perf_counter()
    peaks = executor.peak_rss_mb() if hasattr(executor, "peak_rss_mb") else {}
    executor.close()
    return {
        "seconds": done - ready,
        "startup": ready - start,
        "total": done - start,
        "processed": report.processed,
        "skipped": report.skipped,
        "failed": report.failed,
        "events": report.events,
        "peaks": peaks,
        "fused": getattr(report, "fused", None),  # None: a run loop without the fusion mark
    }


def bare_spacy(corpus: Path, *, cleaned: bool = False, stock: bool = True) -> float:
    """Seconds for the corpus texts (or, `cleaned`, their article bodies as the clean stage
    gives them) through the full spaCy pipeline with `nlp.pipe`: the model as its package
    ships it (`stock`), or as truceline loads it (same annotations, faster attribute ruler)."""
    from truceline.clean import clean
    from truceline.ingest import iter_inputs
    from truceline.models import RawInput
    from truceline.understand.nlp import load_nlp, load_stock_nlp

    texts = [json.loads(line)["text"] for line in corpus.read_text("utf-8").splitlines()]
    if cleaned:
        raws = [r for r in iter_inputs([corpus]) if isinstance(r, RawInput)]
        texts = [a.body for r in raws for a in clean(r)]
    nlp = load_stock_nlp() if stock else load_nlp()
    nlp(texts[0])
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def ingest_peak_mb(corpus: Path) -> tuple[int, float]:
    """(inputs read, peak RSS MB) of a fresh process that streams `corpus` through the ingest."""
    code = (
        "import sys; from truceline.ingest import iter_inputs; from truceline.run.executors "
        "import peak_rss_mb; "
        "n=sum(1 for _ in iter_inputs([sys.argv[1]])); print(n, peak_rss_mb())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(corpus)], capture_output=True, text=True, check=True
    )
    n, mb = out.stdout.split()
    return int(n), float(mb)


def head(corpus: Path, out: Path, rows: int) -> Path:
    with corpus.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n >= rows:
                break
            dst.write(line)
    return out


def repeat(corpus: Path, out: Path, times: int) -> Path:
    text = corpus.read_text("utf-8")
    with out.open("w", encoding="utf-8") as dst:
        for _ in range(times):
            dst.write(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=2000, help="pages in the full corpus")
    parser.add_argument(
        "--sample", type=int, default=300, help="pages for the 1-vs-2-worker and bare-spaCy runs"
    )
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--conflict-share", type=float, default=0.5)
    parser.add_argument("--depth", default="selective", choices=["selective", "lean", "full"])
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray Data run")
    args = parser.parse_args()
    config = WorkerConfig(depth=args.depth)
    sample_n = min(args.sample, args.docs)

    def say(text: str) -> None:
        print(text, flush=True)

    with tempfile.TemporaryDirectory(prefix="truceline-bench-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus.jsonl"
        words = write_jsonl(corpus, args.docs, words=args.words, conflict_share=args.conflict_share)
        sample = head(corpus, tmp / "sample.jsonl", sample_n)
        say(
            f"corpus: {args.docs} pages, {words / args.docs:.0f} words each on average "
            f"(conflict share {args.conflict_share}); sample {sample_n}; depth {args.depth}; "
            f"run loop streams batches: {STREAMING_RUN}"
        )

        first = timed_run(
            corpus, tmp / "full.db", lambda: PoolExecutor(2, config=config), warm=False
        )
        driver = peak_rss_mb()
        second = timed_run(
            corpus, tmp / "full.db", lambda: PoolExecutor(2, config=config), warm=False
        )
        say(
            f"full corpus, 2 workers: {first['total']:.1f} s with worker start-up "
            f"({first['processed'] / first['total']:.2f} docs/s); driver peak {driver:.0f} MB"
        )
        say(
            f"incremental re-run (unchanged corpus): {second['total']:.2f} s = "
            f"{100 * second['total'] / first['total']:.2f}% of the first; skipped "
            f"{second['skipped']}, "
            f"processed {second['processed']}, failed {second['failed']}, fused {second['fused']}"
        )
        if FUSION_SKIP:
            forced = timed_run(
                corpus,
                tmp / "full.db",
                lambda: PoolExecutor(2, config=config),
                warm=False,
                force_fusion=True,
            )
            say(
                f"the same re-run with fusion forced (--fuse): {forced['total']:.2f} s = "
                f"{100 * forced['total'] / first['total']:.2f}% of the first"
            )

        one = timed_run(sample, tmp / "one.db", lambda: PoolExecutor(1, config=config), warm=True)
        two = timed_run(sample, tmp / "two.db", lambda: PoolExecutor(2, config=config), warm=True)
        bare = bare_spacy(sample)
        bare_ours = bare_spacy(sample, stock=False)
        bare_bodies = bare_spacy(sample, cleaned=True)
        per_core = one["processed"] / one["seconds"]
        say(
            f"1 worker : {per_core:6.2f} docs/s per core end to end ({one['seconds']:.1f} s, "
            f"{one['processed']} docs, {one['events']} event mentions, {one['failed']} failed)"
        )
        say(
            "bare spaCy nlp.pipe (full pipeline as the model ships, same texts, 1 core): "
            f"{sample_n / bare:6.2f} docs/s; "
            f"ratio pipeline/bare = {one['seconds'] / bare:.2f}"
        )
        say(
            "bare spaCy nlp.pipe as truceline loads it (table attribute ruler): "
            f"{sample_n / bare_ours:6.2f} docs/s; "
            f"ratio pipeline/bare = {one['seconds'] / bare_ours:.2f}"
        )
        say(
            "bare spaCy nlp.pipe on the cleaned article bodies only: "
            f"{sample_n / bare_bodies:6.2f} docs/s; "
            f"ratio pipeline/bare = {one['seconds'] / bare_bodies:.2f}"
        )
        say(
            f"2 workers: {two['processed'] / two['seconds']:6.2f} docs/s; speed-up over 1 worker "
            f"{one['seconds'] / two['seconds']:.2f}x"
        )
        say("peak memory per worker (MB): " + ", ".join(f"{v:.0f}" for v in two["peaks"].values()))

        if not args.no_ray:
            from truceline.run.ray_executor import WINDOW, RayExecutor

            ray_run = timed_run(
                corpus,
                tmp / "ray.db",
                lambda: RayExecutor(2, config=config),
                warm=False,
                batch_size=16 if STREAMING_RUN else WINDOW,
            )
            say(
                f"Ray Data, 2 workers: {ray_run['total']:.1f} s incl. "
                f"{ray_run['startup']:.1f} s ray.init "
                f"({ray_run['processed'] / ray_run['total']:.2f} docs/s) = "
                f"{first['total'] / ray_run['total']:.2f} of the local pool's throughput"
            )

        n1, mb1 = ingest_peak_mb(corpus)
        n10, mb10 = ingest_peak_mb(repeat(corpus, tmp / "big.jsonl", 10))
        say(f"ingest streaming: {n1} rows peak {mb1:.0f} MB; {n10} rows peak {mb10:.0f} MB")


if __name__ == "__main__":
    main()

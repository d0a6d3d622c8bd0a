"""Run: the per-document pipeline, the executors that run it, and the run loop.

- `limits`: what one input may bring into the store (the years of its dates, the length
  of its article text);
- `pipeline`: `Pipeline`, clean → understand → extract for one input (pure given its
  loaded resources), and for several at once with one spaCy pass;
- `executors`: in-process and local process-pool executors, one pipeline per worker;
- `ray_executor`: the same on Ray Data, for corpora that outgrow one machine;
- `fusion`: fusing a store (read, `truceline.fuse`, swap in);
- `driver`: `run`, the loop that streams inputs, skips what is stored, hands batches to
  an executor, has the store write each batch, then fuses.

Lower modules never import higher ones: limits ← pipeline ← executors ← ray_executor ←
driver; limits ← fusion ← driver.
May import: every stage below it (ingest … store); never `outputs`, `serve` or `cli`.
Importing this package loads no spaCy; workers load it with their pipeline.
"""

from truceline.run.driver import RunReport, make_executor, run

__all__ = ["RunReport", "make_executor", "run"]

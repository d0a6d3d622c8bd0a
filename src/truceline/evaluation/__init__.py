"""Evaluation: each stage measured on public gold sets laid out like ../shared/datasets.

- `extraction` (clean), `geo` (places), `time` (dates), `events` (event typing, places,
  dates, counts): each a `run_*_eval(data, limit=)` returning a flat dict of figures;
- `gates`: running one by name and checking its figures against `floors.json`.

May import: every stage it measures and `run` below it; never `serve` or `cli`.
"""

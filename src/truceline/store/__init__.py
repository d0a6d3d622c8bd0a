"""Store: the one writer. SQLite (WAL, FTS5), its migrations, and the read-only queries.

- `writer`: `Store`, the only code that writes: raw evidentiary copies, per-document
  results, per-input errors, the fused tables, a user's gazetteer rows;
- `reader`: `StoreReader`, filtered and paginated read-only queries for the API and page;
- `stream`: `snapshot`/`StoreRows`, the whole store in order a chunk at a time (keyset
  pagination in one read transaction), for the exports and the report;
- `blocks`: what fusion by blocks reads (spans of days, what `fuse.blocks.span` reads of
  each document, the documents and mentions of some documents, the other blocks'
  agreement records);
- `fused`: what fusion by blocks writes besides the fused rows (spans; the deletion of
  the re-fused blocks' events), in `Store.replace_fused`'s transaction;
- `migrations`: the schema, one registered, transactional step per version;
- `rows`: table rows ⇄ records (a document's row and back, a fused event's row, the JSON
  every record is kept as), for the writer and the queries;
- `serialize`: dataclasses ⇄ JSON, shared by the store and the Ray executor.

No SQL lives outside this package. May import: the ground floor, `ingest` (its failure
type) and `understand` (the gazetteer entry type); never `run`, `outputs`, `serve`, `cli`.
"""

from truceline.store.reader import StoreReader
from truceline.store.writer import Store

__all__ = ["Store", "StoreReader"]

"""Ingest: paths → a lazy stream of `RawInput`s, or `IngestFailure`s naming what went wrong.

Owns walking folders, telling input kinds apart by their names and bytes, reading bytes
unchanged (regular files only, never more than the size cap: `paths`), and splitting
JSON Lines corpora (`files`) and WARC/WET archives (`archives`) into records. Modules,
lower first: items, paths, archives, files. Nothing here parses a page or writes
anything; a bad file or record is a value in the stream, never an exception, so one
input cannot stop a batch.

May import: the ground floor (`models`, `errors`, `settings`) only.
"""

from truceline.ingest.files import binary_kind, iter_inputs, iter_paths, read_jsonl, read_page
from truceline.ingest.items import IngestFailure, IngestItem
from truceline.ingest.paths import open_input, source_name

__all__ = [
    "IngestFailure",
    "IngestItem",
    "binary_kind",
    "iter_inputs",
    "iter_paths",
    "open_input",
    "read_jsonl",
    "read_page",
    "source_name",
]

"""The store in Datasette: the metadata file that sets up its full-text search, facets
and labels (`truceline datasette` writes it and starts Datasette with it).

Datasette finds an FTS table by itself only when the table was created with
`content="documents"` in double quotes; the store's FTS5 tables name their content
table in single quotes, so without this file `?_search=Rastan` was ignored and every
document came back. Here each searchable table names its FTS table (`fts_table`, keyed
by `rowid`), and the columns an analyst filters by are facets.
"""

from __future__ import annotations

from typing import Any

from truceline.outputs.records import FORMAT_NAME, FORMAT_VERSION

# Table -> its Datasette settings (Datasette 0.65 metadata).
TABLES: dict[str, dict[str, Any]] = {
    "documents": {
        "description": "Articles: clean body, title, outlet and publication date; "
        "search is full-text over title and body (whole words).",
        "fts_table": "documents_fts",
        "fts_pk": "rowid",
        "facets": ["outlet", "published_basis", "published_precision"],
        "label_column": "title",
        "sort_desc": "published",
    },
    "events": {
        "description": "Fused events: PLOVER type, ACLED sub-event, date, place, actors, "
        "modality (happened / planned / demanded / threatened / denied / hypothetical).",
        "facets": ["type", "acled_sub_event", "modality", "date_precision", "place_name"],
        "sort": "date",
    },
    "event_sources": {
        "description": "Each event's sources: document, outlet and the quote; search is "
        "full-text over the quotes.",
        "fts_table": "event_sources_fts",
        "fts_pk": "rowid",
        "facets": ["outlet"],
    },
    "event_rows": {
        "description": "Events with one row per source (a view).",
        "facets": ["type", "modality", "outlet", "place_name"],
    },
    "agreements": {
        "description": "Ceasefires and de-escalation agreements.",
        "facets": ["kind", "status"],
        "label_column": "name",
    },
    "input_errors": {"facets": ["code", "resolved"]},
    "raw_inputs": {
        "description": "The raw bytes of every input, unchanged (the evidentiary copy).",
        "hidden": True,
    },
}


def datasette_metadata(database: str) -> dict[str, Any]:
    """Metadata for Datasette over the store whose file name (without .db) is
    `database`."""
    return {
        "title": "truceline store",
        "description": "Documents, fused events and agreements extracted by truceline "
        f"({FORMAT_NAME} {FORMAT_VERSION}); read docs/export-format.md for the fields.",
        "databases": {database: {"tables": TABLES}},
    }

"""Outputs: what a store's contents become for people and other tools.

- `vocabulary`: the words and colours every output uses for event types and modalities;
- `records`: the public export contract (documents, events, agreements as plain dicts);
- `rows`: what the writers read (`Rows`: a store's rows in order and its whole-store
  figures) and `ListRows`, the same over lists in memory;
- `jsonstream`: JSON written as it is produced, the bytes `json.dumps` gives;
- `acled`, `geojson`: ACLED's conventions for the CSV; the GeoJSON features;
- `export`: JSON Lines, ACLED-style CSV and GeoJSON, derived from the records;
- `report` / `report_md`: the self-contained HTML report and its Markdown twin;
- `timeline` / `agreements_view`: the terminal views.

Renderers take dataclasses; the exports and reports write them as `Rows` give them
(`store.stream.StoreRows` reads a store a chunk at a time, so their memory does not grow
with it), and return text for lists in memory. The caller opens the store.
Lower modules first: vocabulary, records, rows, jsonstream, acled, geojson, export, then
the views.
May import: the ground floor (the models they render) and `understand` for reference
tables (date periods, the outlet table).
"""

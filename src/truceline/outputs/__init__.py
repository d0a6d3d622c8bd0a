"""Outputs: what a store's contents become for people and other tools.

- `vocabulary`: the words and colours every output uses for event types and modalities;
- `records`: the public export contract (documents, events, agreements as plain dicts);
- `acled`, `geojson`: ACLED's conventions for the CSV; the GeoJSON features;
- `export`: JSON Lines, ACLED-style CSV and GeoJSON, derived from the records;
- `report` / `report_md`: the self-contained HTML report and its Markdown twin;
- `timeline` / `agreements_view`: the terminal views.

Renderers take dataclasses and return text; the caller reads the store.
Lower modules first: vocabulary, records, acled, geojson, export, then the views.
May import: the ground floor (the models they render) and `understand` for reference
tables (date periods, the outlet table).
"""

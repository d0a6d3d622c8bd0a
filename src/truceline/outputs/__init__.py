"""Outputs: what a store's contents become for people and other tools.

- `records`: the public export contract (documents, events, agreements as plain dicts);
- `export`: JSON Lines, ACLED-style CSV and GeoJSON, derived from the records;
- `report` / `report_md`: the self-contained HTML report and its Markdown twin;
- `timeline` / `agreements_view`: the terminal views.

Renderers take dataclasses and return text; the caller reads the store.
May import: the ground floor only (the models they render).
"""

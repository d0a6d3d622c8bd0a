"""Serve: the HTTP API (`api`) and the web page it serves (`web/`: map, timeline,
agreement cards), a thin read-only layer over `store.reader` rendering the export
contract of `outputs.records` in the words of `outputs.vocabulary`.

Modules, lowest first: `assets` (the page's built files), `params` (checking query
parameters), `towns` (the gazetteer's towns for the base map), `api`.
May import: the ground floor, `understand.places` (the gazetteer's towns), `store` (its
reader) and `outputs`; nothing here writes.
"""

"""Serve: the HTTP API (`api`) and the web page it serves (`web/`: map, timeline,
agreement cards), a thin read-only layer over `store.reader` rendering the export
contract of `outputs.records`.

May import: the ground floor, `store` (its reader) and `outputs`; nothing here writes.
"""

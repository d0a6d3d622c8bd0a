"""One list of settings, read by the library, the CLI and the docs.

A setting's value comes from, in order: an explicit override (`override_settings`),
the environment variable ``TRUCELINE_<NAME>``, then the default here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "truceline.db", "SQLite store file"),
    Setting(
        "max_input_bytes",
        20_000_000,
        "inputs (files, rows, archive records) larger than this are refused",
    ),
    Setting(
        "max_article_chars",
        200_000,
        "inputs whose article text (all their articles) is longer than this many characters "
        "are refused (E104)",
    ),
    Setting("workers", 1, "worker processes for per-document stages"),
    Setting("batch_size", 16, "documents per batch handed to a worker and committed together"),
    Setting("actors_file", "", "a YAML or CSV actor table extending the packaged one"),
    Setting("outlets_file", "", "a CSV outlet table extending the packaged one"),
    Setting(
        "gazetteer_db",
        "",
        "store whose user-loaded GeoNames entries extend the gazetteer (set by `run`)",
    ),
    Setting(
        "relevance",
        "on",
        "judge pages and sentences relevant before parsing them (on), or parse all (off)",
    ),
    Setting("host", "127.0.0.1", "address the HTTP server binds to"),
    Setting("port", 8765, "port of the HTTP server"),
    Setting(
        "allowed_hosts",
        "localhost,127.0.0.1,::1",
        "host names the HTTP server answers to (its Host header), comma-separated; * for any",
    ),
)
_BY_NAME = {s.name: s for s in SETTINGS}
_overrides: dict[str, object] = {}


def get_setting(name: str) -> Any:
    """The setting's value, of the type of its default (int or str)."""
    setting = _BY_NAME[name]
    if name in _overrides:
        return _overrides[name]
    env = os.environ.get(f"TRUCELINE_{name.upper()}")
    if env is not None:
        return int(env) if isinstance(setting.default, int) else env
    return setting.default


@contextmanager
def override_settings(**values: object) -> Iterator[None]:
    unknown = set(values) - set(_BY_NAME)
    if unknown:
        raise KeyError(f"unknown settings: {sorted(unknown)}")
    saved = dict(_overrides)
    _overrides.update(values)
    try:
        yield
    finally:
        _overrides.clear()
        _overrides.update(saved)

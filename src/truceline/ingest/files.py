"""Ingest: turn paths into a lazy stream of `RawInput`s (or per-input errors).

Owns: walking directories, telling input kinds apart, reading bytes unchanged,
splitting JSONL corpora and WARC/WET archives into records. Nothing here parses a
page; nothing here writes. Errors for one file or one record are yielded as values,
never raised, so that one bad input does not stop a batch.

Only regular files are read (`paths.open_input`), and no read takes more than the
`max_input_bytes` cap into memory, whatever the size a file claims: a JSONL row over
the cap is read through in chunks and refused, never held whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from truceline.errors import (
    BadRecord,
    EmptyInput,
    InputError,
    InputTooLarge,
    UnreadableInput,
    UnsupportedInput,
)
from truceline.ingest.items import IngestFailure, IngestItem
from truceline.ingest.paths import open_input, source_name
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
    """Files under `paths` in a stable order (sorted per directory), lazily; a path or a
    folder that cannot be looked at is a failure naming it (a folder below a path longer
    than PATH_MAX, one without permission), never silently left out."""
    for given in paths:
        path = Path(given)
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            yield IngestFailure(
                source_name(path), UnreadableInput(reason, source=source_name(path))
            )
            continue
        if is_dir:
            yield from _walk(path)
        else:
            yield path


def _walk(top: Path) -> Iterator[Path | IngestFailure]:
    unlisted: list[OSError] = []  # os.walk reports a folder it cannot list here, and goes on
    for root, dirs, files in os.walk(top, onerror=unlisted.append):
        yield from _unlisted(unlisted)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name
    yield from _unlisted(unlisted)


def _unlisted(errors: list[OSError]) -> Iterator[IngestFailure]:
    while errors:
        exc = errors.pop(0)
        source = source_name(exc.filename or "?")
        reason = f"cannot list this folder ({exc.strerror or exc}): the files in it are not read"
        yield IngestFailure(source, UnreadableInput(reason, source=source))


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
            source = source_name(item)
            yield IngestFailure(source, UnsupportedInput(suffix or "no suffix", source=source))


def _read_limited(path: Path) -> bytes:
    """The file's bytes; at most `max_input_bytes` + 1 of them are ever read, so a file
    that grows (or says it is smaller than it is) cannot fill the memory."""
    limit = int(get_setting("max_input_bytes"))
    source = source_name(path)
    with open_input(path) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise InputTooLarge(
                    f"{size} bytes, limit {limit} (setting max_input_bytes)", source=source
                )
            data = handle.read(limit + 1)
        except OSError as exc:
            raise UnreadableInput(exc.strerror or str(exc), source=source) from exc
    if len(data) > limit:
        raise InputTooLarge(
            f"more than {limit} bytes read (it grew), limit {limit} (setting max_input_bytes)",
            source=source,
        )
    return data


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
    source = source_name(path)
    try:
        data = _read_limited(path)
    except InputError as exc:
        return IngestFailure(source, exc)
    if not data.strip():
        return IngestFailure(
            source, EmptyInput("file has no content", source=source), sha256_hex(data)
        )
    kind = binary_kind(data)
    if kind is not None:
        detail = f"{kind} in a {path.suffix or 'suffix-less'} file"
        return IngestFailure(source, UnsupportedInput(detail, source=source), sha256_hex(data))
    return RawInput(source=source, data=data, format="html" if fmt == "html" else "text")


def read_jsonl(path: Path) -> Iterator[IngestItem]:
    """One RawInput per row: {"text" | "html": ..., "url"?: ..., "date"?: ...}. Read lazily;
    no row longer than `max_input_bytes` is held in memory."""
    name = source_name(path)
    try:
        handle = open_input(path)
    except InputError as exc:
        yield IngestFailure(name, exc)
        return
    limit = int(get_setting("max_input_bytes"))
    with handle:
        try:
            for number, line, size, digest in _lines(handle, limit):
                source = f"{name}#{number}"
                if line is None:
                    too_large = InputTooLarge(f"row of {size} bytes", source=source)
                    yield IngestFailure(source, too_large, digest)
                elif line.strip():
                    yield _jsonl_row(line, source)
        except OSError as exc:
            yield IngestFailure(name, UnreadableInput(exc.strerror or str(exc), source=name))


# Bytes read at a time while skipping the rest of a row that is over the limit.
_SKIP_CHUNK = 1 << 20


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int, str]]:
    """(row number, line, its size in bytes, its SHA-256) for each line; `line` is None
    for a line over `limit` bytes, which is read through in chunks, never whole."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) <= limit:
            yield number, line, len(line), sha256_hex(line)
            continue
        digest, size = hashlib.sha256(line), len(line)
        while not line.endswith(b"\n") and (line := handle.readline(_SKIP_CHUNK)):
            digest.update(line)
            size += len(line)
        yield number, None, size, digest.hexdigest()


# A lone UTF-16 surrogate: JSON may escape half of an emoji ("\ud83d"); Python reads it
# into a str that has no UTF-8 form, so it could be neither stored nor cleaned.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_text(text: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", text)


def _jsonl_row(line: bytes, source: str) -> IngestItem:
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return IngestFailure(
            source, BadRecord(f"not JSON ({exc})", source=source), sha256_hex(line)
        )
    except RecursionError:  # nested deeper than the interpreter's recursion limit
        return IngestFailure(
            source, BadRecord("JSON nested too deeply to read", source=source), sha256_hex(line)
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
    url = _valid_text(row["url"]) if isinstance(row.get("url"), str) else None
    date = _valid_text(row["date"]) if isinstance(row.get("date"), str) else None
    # The page inside a row is kept as its UTF-8 bytes; the row's url and date travel beside it.
    kind: Literal["html", "text"] = "html" if fmt == "html" else "text"
    data = _valid_text(body).encode("utf-8")
    return RawInput(source=source, data=data, format=kind, url=url, date_hint=date)

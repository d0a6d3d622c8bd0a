"""WARC and WET archives: stream their HTML responses and text conversions as RawInputs.

Owns only the archive format (via fastwarc); records are read one at a time, so memory
does not grow with the archive. A corrupt or truncated archive yields an IngestFailure
for the rest of the file and keeps every record read before it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from truceline.errors import BadRecord, InputError, InputTooLarge
from truceline.ingest.items import IngestFailure, IngestItem
from truceline.ingest.paths import open_input, source_name
from truceline.models import RawInput, sha256_hex
from truceline.settings import get_setting

_HTML_TYPES = ("text/html", "application/xhtml")


def read_archive(path: Path) -> Iterator[IngestItem]:
    limit = int(get_setting("max_input_bytes"))
    name = source_name(path)
    try:
        handle = open_input(path)
    except InputError as exc:
        yield IngestFailure(name, exc)
        return
    count = 0
    with handle:
        try:
            records = ArchiveIterator(
                handle,
                record_types=WarcRecordType.response
                | WarcRecordType.conversion
                | WarcRecordType.resource,
                parse_http=True,
            )
            last_pos = 0
            for record in records:
                count += 1
                last_pos = record.stream_pos
                item = _record_input(path, count, record, limit)
                if item is not None:
                    yield item
            if path.name.lower().endswith(".gz"):
                _check_gzip_tail(handle, last_pos)
        except Exception as exc:  # noqa: BLE001 - any decoder failure ends this file, not the batch
            source = f"{name}#record{count + 1}"
            yield IngestFailure(
                source, BadRecord(f"archive unreadable from here on ({exc})", source=source)
            )


_TAIL_CHUNK = 1 << 16


def _check_gzip_tail(handle: BinaryIO, offset: int) -> None:
    """Raise when the gzip members from `offset` (the last record read) to the end are
    cut short or corrupt: fastwarc then stops without an error, silently dropping the
    records after it. Output is discarded chunk by chunk, so memory stays bounded."""
    handle.seek(offset)
    unpack = zlib.decompressobj(31)  # wbits 31: gzip framing
    pending = False  # bytes fed to a member that has not ended yet
    while chunk := handle.read(_TAIL_CHUNK):
        data = chunk
        while data:
            pending = True
            unpack.decompress(data, _TAIL_CHUNK)
            data = unpack.unconsumed_tail
            if unpack.eof:  # one member ended; the next one starts in unused_data
                data = unpack.unused_data + data
                unpack = zlib.decompressobj(31)
                pending = False
    if pending:
        raise ValueError("gzip data cut short after the last complete record")


def _record_input(path: Path, number: int, record: Any, limit: int) -> IngestItem | None:
    headers = record.headers
    url = headers.get("WARC-Target-URI") or None
    source = f"{source_name(path)}#record{number}"
    if record.content_length > limit:
        return IngestFailure(
            source, InputTooLarge(f"record of {record.content_length} bytes", source=source)
        )
    data: bytes = record.reader.read()
    if record.record_type == WarcRecordType.conversion:
        fmt = "text"
    else:
        ctype = (record.http_content_type or headers.get("Content-Type") or "").lower()
        if not any(kind in ctype for kind in _HTML_TYPES):
            return None  # images, scripts and the like are not pages
        fmt = "html"
    if not data.strip():
        return IngestFailure(
            source, BadRecord("record has no payload", source=source), sha256_hex(data)
        )
    # The source names the file and record (as JSONL rows do) so that its errors say where
    # it is, a later success resolves them, and --retry-failed can find the file again.
    return RawInput(source=source, data=data, format=fmt, url=url)  # type: ignore[arg-type]

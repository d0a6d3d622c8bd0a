"""WARC and WET archives: stream their HTML responses and text conversions as RawInputs.

Owns only the archive format (via fastwarc); records are read one at a time, so memory
does not grow with the archive. A corrupt or truncated archive yields an IngestFailure
for the rest of the file and keeps every record read before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

from .errors import BadRecord, InputTooLarge, UnreadableInput
from .ingest import IngestFailure, IngestItem
from .models import RawInput, sha256_hex
from .settings import get_setting

_HTML_TYPES = ("text/html", "application/xhtml")


def read_archive(path: Path) -> Iterator[IngestItem]:
    limit = int(get_setting("max_input_bytes"))
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield IngestFailure(str(path), UnreadableInput(exc.strerror or str(exc), source=str(path)))
        return
    count = 0
    with handle:
        try:
            records = ArchiveIterator(
                handle,
                record_types=WarcRecordType.response | WarcRecordType.conversion | WarcRecordType.resource,
                parse_http=True,
            )
            for record in records:
                count += 1
                item = _record_input(path, count, record, limit)
                if item is not None:
                    yield item
        except Exception as exc:  # noqa: BLE001 - any decoder failure ends this file, not the batch
            source = f"{path}#record{count + 1}"
            yield IngestFailure(source, BadRecord(f"archive unreadable from here on ({exc})", source=source))


def _record_input(path: Path, number: int, record: object, limit: int) -> IngestItem | None:
    headers = record.headers  # type: ignore[attr-defined]
    url = headers.get("WARC-Target-URI") or None
    source = f"{path}#record{number}"
    if record.content_length > limit:  # type: ignore[attr-defined]
        return IngestFailure(source, InputTooLarge(f"record of {record.content_length} bytes", source=source))  # type: ignore[attr-defined]
    data: bytes = record.reader.read()  # type: ignore[attr-defined]
    if record.record_type == WarcRecordType.conversion:  # type: ignore[attr-defined]
        fmt = "text"
    else:
        ctype = (record.http_content_type or headers.get("Content-Type") or "").lower()  # type: ignore[attr-defined]
        if not any(kind in ctype for kind in _HTML_TYPES):
            return None  # images, scripts and the like are not pages
        fmt = "html"
    if not data.strip():
        return IngestFailure(source, BadRecord("record has no payload", source=source), sha256_hex(data))
    return RawInput(source=url or source, data=data, format=fmt, url=url)  # type: ignore[arg-type]

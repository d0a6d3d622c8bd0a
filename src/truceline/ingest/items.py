"""What the ingest stage yields: a raw input, or a failure naming the input and why."""

from __future__ import annotations

from dataclasses import dataclass

from truceline.errors import InputError
from truceline.models import RawInput


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """A file or record that could not be read, with its raw bytes' hash when known."""

    source: str
    error: InputError
    sha256: str | None = None


IngestItem = RawInput | IngestFailure

"""Paths as inputs: which files may be opened, and how a path is named in the store.

Only regular files are read (`open_input`): a named pipe would hold the run forever and
a device such as /dev/zero never ends, so both are refused, as is anything that stops
being a regular file between the look and the open. A source is a file name as text
that SQLite can store and a terminal can show (`source_name`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from truceline.errors import UnreadableInput


def source_name(path: str | Path) -> str:
    """`path` as text that SQLite can store and a terminal can show. A file name that is
    not UTF-8 reaches Python with lone surrogates standing for its odd bytes; those bytes
    are written as \\xNN escapes instead (the name stays readable and unique)."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return f"not a regular file ({kind})"


def open_input(path: Path) -> BinaryIO:
    """`path` opened for reading when it is a regular file; raises UnreadableInput.

    The kind is looked at before the open (a device is never opened) and again on the
    open file (it may have been swapped meanwhile); O_NONBLOCK keeps the open of a pipe
    from waiting for a writer."""
    source = source_name(path)
    try:
        problem = _not_regular(os.stat(path).st_mode)
        if problem:
            raise UnreadableInput(problem, source=source)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise UnreadableInput(exc.strerror or str(exc), source=source) from exc
    try:
        problem = _not_regular(os.fstat(fd).st_mode)
        if problem:
            raise UnreadableInput(problem, source=source)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise

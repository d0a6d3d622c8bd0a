"""JSON written as it is produced, byte for byte what `json.dumps(value,
ensure_ascii=False, indent=..., sort_keys=True)` gives for the same value held whole.

A value may hold two placeholders: `Streamed(items)`, an array whose items are written
as the iterable gives them, and `Later(function)`, a value computed when its turn comes
(keys are written in sorted order, so a count can follow the array it counts). Every
other value is written with `json.dumps`, re-indented to its depth: JSON strings hold
no raw newline, so each newline of a dump is one of its line breaks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from truceline.outputs.rows import TextSink

T = TypeVar("T")


class Streamed:
    """A JSON array written item by item."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


class Later:
    """A value computed when it is written."""

    def __init__(self, compute: Callable[[], Any]) -> None:
        self.compute = compute


class Counted(Generic[T]):
    """An iterable that counts what it gave; `total()` once it is used up."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items = items
        self._n = 0
        self._done = False

    def __iter__(self) -> Iterator[T]:
        for item in self._items:
            self._n += 1
            yield item
        self._done = True

    def total(self) -> int:
        if not self._done:  # a key order that puts a count before its array
            raise RuntimeError("counted before all of it was written")
        return self._n


def _holds_placeholder(value: Any) -> bool:
    if isinstance(value, Streamed | Later):
        return True
    if isinstance(value, dict):
        return any(_holds_placeholder(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_holds_placeholder(v) for v in value)
    return False


def write_json(value: Any, out: TextSink, *, indent: int = 1, level: int = 0) -> None:
    """Write `value` at nesting depth `level` (see the module docstring)."""
    pad = " " * indent
    if isinstance(value, Later):
        value = value.compute()
    if isinstance(value, Streamed):
        out.write("[")
        empty = True
        for item in value.items:
            out.write(("\n" if empty else ",\n") + pad * (level + 1))
            write_json(item, out, indent=indent, level=level + 1)
            empty = False
        out.write("]" if empty else "\n" + pad * level + "]")
    elif isinstance(value, dict) and value and _holds_placeholder(value):
        for n, key in enumerate(sorted(value)):
            out.write(("{\n" if n == 0 else ",\n") + pad * (level + 1))
            out.write(json.dumps(key, ensure_ascii=False) + ": ")
            write_json(value[key], out, indent=indent, level=level + 1)
        out.write("\n" + pad * level + "}")
    elif isinstance(value, list | tuple) and value and _holds_placeholder(value):
        write_json(Streamed(value), out, indent=indent, level=level)
    else:
        text = json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=True)
        out.write(text.replace("\n", "\n" + pad * level) if level else text)


def materialize(value: Any) -> Any:
    """`value` with its placeholders replaced by what they give, in the order
    `write_json` would write them."""
    if isinstance(value, Later):
        return materialize(value.compute())
    if isinstance(value, Streamed):
        return [materialize(item) for item in value.items]
    if isinstance(value, dict):
        done = {key: materialize(value[key]) for key in sorted(value)}
        return {key: done[key] for key in value}  # the caller's key order, as it was
    if isinstance(value, list | tuple) and _holds_placeholder(value):
        return [materialize(item) for item in value]
    return value

"""The actor table's files: the packaged data/actors.yaml and a user's YAML or CSV file,
read, checked and merged into `ActorEntry`s (a malformed file is a `DataError` naming
the file and the entry)."""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from truceline.errors import DataError
from truceline.understand.actors.tokens import spelling_key, tokenize

_LIST_FIELDS = ("aliases", "labels", "people", "country_names")
_SCALAR_FIELDS = ("name", "kind", "acled_type", "country", "parent", "instance_of")
_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")


def expand_alias(alias: str) -> list[str]:
    """All spellings an alias stands for: "{a|b}" alternatives, "(s)" optional plurals."""
    parts = re.split(r"(\{[^}]*\}|\(s\))", alias)
    choices = [
        p[1:-1].split("|") if p.startswith("{") else ["", "s"] if p == "(s)" else [p] for p in parts
    ]
    return [" ".join("".join(c).split()) for c in itertools.product(*choices)]


@dataclass(slots=True)
class ActorEntry:
    """One actor of the table, as read and merged."""

    id: str
    name: str
    kind: str = ""
    acled_type: int | None = None
    country: str | None = None
    parent: str | None = None
    instance_of: str | None = None
    aliases: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    country_names: list[str] = field(default_factory=list)

    def spellings(self) -> Iterator[tuple[str, str]]:
        """(role, spelling) for every name of this actor; a later role wins a tie."""
        for role, names in (
            ("alias", [self.name, *self.aliases]),
            ("label", self.labels),
            ("person", self.people),
            ("country", self.country_names),
        ):
            for name in names:
                for spelling in expand_alias(name):
                    yield role, spelling


def packaged_entries() -> list[ActorEntry]:
    path = resources.files("truceline").joinpath("data/actors.yaml")
    entries: dict[str, ActorEntry] = {}
    merge_entries(entries, _parse_yaml(path.read_text(encoding="utf-8"), str(path)), str(path))
    return list(entries.values())


def read_entries(path: Path) -> list[Any]:
    """Raw entries of a user's YAML or CSV actor file (CSV lists are '|'-separated)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read: {exc}", source=str(path)) from None
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return _parse_yaml(text, str(path))
    if suffix != ".csv":
        raise DataError(f"an actor file is .yaml, .yml or .csv, not {suffix!r}", source=str(path))
    rows = []
    for row in csv.DictReader(text.splitlines()):
        entry: dict[str, Any] = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        for key in set(_LIST_FIELDS) & set(entry):
            entry[key] = [p.strip() for p in entry[key].split("|") if p.strip()]
        rows.append({k: v for k, v in entry.items() if v not in ("", [])})
    return rows


def _parse_yaml(text: str, source: str) -> list[Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", source=source) from None
    if isinstance(data, dict):
        data = data.get("actors")
    if not isinstance(data, list):
        raise DataError(
            "expected a list of actors, or a mapping with an 'actors' list", source=source
        )
    return data


def merge_entries(
    entries: dict[str, ActorEntry], raw: list[Any], source: str, *, takes_over: bool = False
) -> None:
    """Add raw entries: a new id adds an actor, a known id overrides the fields given and
    adds its aliases. With `takes_over` (a user's file) a spelling that names another
    actor moves to this one; otherwise it is an error. DataError names file and entry."""
    try:
        for number, item in enumerate(raw, start=1):
            _merge_one(entries, item, f"entry {number}", takes_over)
        _check_table(entries)
    except DataError as exc:
        raise DataError(exc.detail, source=source) from None


def _merge_one(entries: dict[str, ActorEntry], item: Any, where: str, takes_over: bool) -> None:
    if not isinstance(item, dict):
        raise DataError(f"{where}: expected a mapping of fields")
    actor_id = item.get("id")
    if not isinstance(actor_id, str) or not _ID_RE.fullmatch(actor_id):
        raise DataError(f"{where}: id {actor_id!r} is not a slug (a-z, 0-9, '-')")
    where = f"{where} ({actor_id})"
    unknown = set(item) - {"id", *_SCALAR_FIELDS, *_LIST_FIELDS}
    if unknown:
        raise DataError(f"{where}: unknown field(s) {sorted(unknown)}")
    values = {k: _checked(k, v, where) for k, v in item.items() if k != "id"}
    entry = entries.get(actor_id)
    if entry is None:
        if not values.get("name"):
            raise DataError(f"{where}: a new actor needs a name")
        entries[actor_id] = entry = ActorEntry(id=actor_id, name=values["name"])
    for key, value in values.items():
        if key in _LIST_FIELDS:
            getattr(entry, key).extend(v for v in value if v not in getattr(entry, key))
        else:
            setattr(entry, key, value)
    if takes_over:
        claimed = [values.get("name") or "", *(v for k in _LIST_FIELDS for v in values.get(k, []))]
        keys = {spelling_key(s) for name in claimed if name for s in expand_alias(name)}
        for other in (e for e in entries.values() if e.id != actor_id):
            for key in _LIST_FIELDS:
                kept: list[str] = []
                for name in getattr(other, key):
                    left = [s for s in expand_alias(name) if spelling_key(s) not in keys]
                    kept += [name] if len(left) == len(expand_alias(name)) else left
                setattr(other, key, kept)


def _checked(key: str, value: Any, where: str) -> Any:
    if key in _LIST_FIELDS:
        if not isinstance(value, list) or not all(
            isinstance(v, str) and tokenize(v) for v in value
        ):
            raise DataError(f"{where}: {key} must be a list of names with letters or digits")
        return [v.strip() for v in value]
    if value is None or value == "null":
        if key == "name":
            raise DataError(f"{where}: name must not be empty")
        return None
    if key == "acled_type":
        if isinstance(value, bool) or str(value).strip() not in {str(n) for n in range(1, 9)}:
            raise DataError(f"{where}: acled_type {value!r} is not an ACLED inter code 1-8")
        return int(value)
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where}: {key} must be a non-empty string")
    if key == "country" and not re.fullmatch(r"[A-Z]{2}", value):
        raise DataError(f"{where}: country {value!r} is not an ISO 3166 alpha-2 code")
    return value.strip()


def _check_table(entries: dict[str, ActorEntry]) -> None:
    """Links point into the table, parents do not loop, no spelling names two actors."""
    owner: dict[tuple[tuple[str, ...], tuple[bool, ...]], str] = {}
    for entry in entries.values():
        for key in ("parent", "instance_of"):
            target = getattr(entry, key)
            if target is not None and target not in entries:
                raise DataError(f"actor {entry.id}: {key} {target!r} is not in the table")
        seen, current = {entry.id}, entry.parent
        while current is not None:
            if current in seen:
                raise DataError(f"actor {entry.id}: parent chain loops through {current!r}")
            seen.add(current)
            current = entries[current].parent
        for _, spelling in entry.spellings():
            other = owner.setdefault(spelling_key(spelling), entry.id)
            if other != entry.id:
                raise DataError(f"actor {entry.id}: {spelling!r} already names actor {other!r}")

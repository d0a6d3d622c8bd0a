"""Dataclasses to plain JSON-able dicts and back.

The store keeps nested parts (places, actors, sources) as JSON, and the exports render
the public contract from the same dicts, so both go through here.
"""

from __future__ import annotations

import copy
from dataclasses import fields, is_dataclass
from typing import Any

from truceline.models import (
    Actor,
    Agreement,
    AgreementMention,
    AgreementRelation,
    Casualty,
    Claim,
    Contradiction,
    DateValue,
    Document,
    Event,
    Mention,
    Place,
    Provision,
    Source,
)

JSON = dict[str, Any]


def to_json(obj: Any) -> Any:
    """Any of the models (or lists/tuples of them) as JSON-able data."""
    if obj is None or isinstance(obj, str | int | float | bool):
        return obj
    if isinstance(obj, list | tuple):
        return [to_json(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    return _plain(obj)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(obj: Any) -> Any:
    """`dataclasses.asdict` for our models, without its per-value deep copy and field
    look-ups (half its time on the benchmark's results, which the store writes as JSON):
    the same dicts, tuples and lists. Values of other types are copied as asdict does."""
    if obj is None or isinstance(obj, str | int | float | bool):
        return obj
    kind = type(obj)
    names = _FIELDS.get(kind)
    if names is None and is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELDS[kind] = tuple(f.name for f in fields(obj))
    if names is not None:
        return {name: _plain(getattr(obj, name)) for name in names}
    if kind is list or kind is tuple:
        return kind(_plain(v) for v in obj)
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in obj.items()}
    return copy.deepcopy(obj)


def date_from(data: JSON | None) -> DateValue | None:
    return DateValue(**data) if data else None


def place_from(data: JSON | None) -> Place | None:
    return Place(**data) if data else None


def actor_from(data: JSON | None) -> Actor | None:
    return Actor(**data) if data else None


def source_from(data: JSON) -> Source:
    return Source(**data)


def contradiction_from(data: JSON) -> Contradiction:
    values = tuple(
        (str(value), tuple(source_from(s) for s in sources)) for value, sources in data["values"]
    )
    return Contradiction(field=data["field"], values=values)


def event_from(data: JSON) -> Event:
    return Event(
        id=data["id"],
        type=data["type"],
        mode=data.get("mode", ""),
        acled_sub_event=data.get("acled_sub_event"),
        date=date_from(data.get("date")),
        place=place_from(data.get("place")),
        actor1=actor_from(data.get("actor1")),
        actor2=actor_from(data.get("actor2")),
        fatalities=data.get("fatalities"),
        modality=data.get("modality", "happened"),
        attribution=data.get("attribution"),
        sources=[source_from(s) for s in data.get("sources", [])],
        contradictions=[contradiction_from(c) for c in data.get("contradictions", [])],
        counts=dict(data.get("counts", {})),
        agreement=data.get("agreement"),
        corroboration=dict(data.get("corroboration", {})),
        casualties=[Casualty(**c) for c in data.get("casualties", [])],
        background=bool(data.get("background", False)),
    )


def provision_from(data: JSON) -> Provision:
    return Provision(
        category=data["category"],
        text=data["text"],
        deadline=date_from(data.get("deadline")),
        status=data.get("status", "agreed"),
        sources=[source_from(s) for s in data.get("sources", [])],
    )


def agreement_from(data: JSON) -> Agreement:
    return Agreement(
        id=data["id"],
        name=data["name"],
        kind=data["kind"],
        zone=place_from(data.get("zone")),
        parties=[Actor(**a) for a in data.get("parties", [])],
        guarantors=[Actor(**a) for a in data.get("guarantors", [])],
        signed=date_from(data.get("signed")),
        signed_place=place_from(data.get("signed_place")),
        effective=date_from(data.get("effective")),
        extended=[DateValue(**d) for d in data.get("extended", [])],
        ends=date_from(data.get("ends")),
        status=data.get("status", "unknown"),
        provisions=[provision_from(p) for p in data.get("provisions", [])],
        events=list(data.get("events", [])),
        contradictions=[contradiction_from(c) for c in data.get("contradictions", [])],
        sources=[source_from(s) for s in data.get("sources", [])],
        excluded=[Actor(**a) for a in data.get("excluded", [])],
        related=[
            AgreementRelation(
                r["agreement"],
                r["target"],
                r["relation"],
                tuple(source_from(x) for x in r["sources"]),
            )
            for r in data.get("related", [])
        ],
    )


def mention_from(data: JSON) -> Mention:
    kind = data["kind"]
    value = data.get("value")
    if isinstance(value, dict):
        builder = {"place": Place, "actor": Actor, "person": Actor, "date": DateValue}.get(kind)
        value = builder(**value) if builder else None
    return Mention(kind=kind, text=data["text"], start=data["start"], end=data["end"], value=value)


def document_from(data: JSON) -> Document:
    fields = dict(data)
    fields["published"] = date_from(fields.get("published"))
    return Document(**fields)


_CLAIM_VALUE = {
    "zone": Place,
    "signed_place": Place,
    "party": Actor,
    "guarantor": Actor,
    "excluded": Actor,
    "signed": DateValue,
    "effective": DateValue,
    "extended": DateValue,
    "ends": DateValue,
}


def claim_from(data: JSON) -> Claim:
    value = data["value"]
    builder = _CLAIM_VALUE.get(data["field"])
    if builder is not None and isinstance(value, dict):
        value = builder(**value)
    return Claim(field=data["field"], value=value, source=source_from(data["source"]))


def agreement_mention_from(data: JSON) -> AgreementMention:
    return AgreementMention(
        id=data["id"],
        document=data["document"],
        kind=data["kind"],
        name=data.get("name"),
        claims=[claim_from(c) for c in data.get("claims", [])],
        provisions=[provision_from(p) for p in data.get("provisions", [])],
        events=list(data.get("events", [])),
    )

"""Query parameters checked where they enter: every invalid value answers 422 with a
message that names the parameter, says what was wrong and what it takes.

- dates (`since`, `until`) must be calendar dates: "2017-02-30" and "2017-13-45" are
  refused, not read as empty ranges;
- a value from a closed list (`type`, `modality`, agreement `status` and `kind`) must be
  one of the list: the vocabulary's, or one the store holds, so that a typo does not
  silently return nothing;
- a parameter the endpoint does not take (`?plcae=Hama`) is refused rather than
  ignored, for the same reason.

FastAPI's own checks (a pattern, a number out of range, a boolean that is not one)
raise `RequestValidationError`; `validation_error` renders those in the same shape:
`{"detail": "since: ...", "errors": [...]}`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from truceline.outputs.vocabulary import CATEGORY, MODALITIES

AGREEMENT_STATUSES = ("agreed", "in force", "extended", "ended", "collapsed", "unknown")
AGREEMENT_KINDS = ("ceasefire", "truce", "de-escalation", "reconciliation", "evacuation")


def calendar_date(value: str | None) -> str | None:
    """A `YYYY`, `YYYY-MM` or `YYYY-MM-DD` that names a real year, month or day
    (AfterValidator of the date parameters: the pattern has checked the form)."""
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"{value} is not a date in the calendar") from None
    return value


def choose(name: str, given: Iterable[str], allowed: Iterable[str], *, fold: str = "") -> None:
    """422 unless every given value is one of `allowed` (compared after `fold`:
    "upper" or "lower", as the filter itself compares)."""

    def norm(v: str) -> str:
        return v.upper() if fold == "upper" else v.lower() if fold == "lower" else v

    known = {norm(a) for a in allowed}
    wrong = [v for v in given if norm(v) not in known]
    if wrong:
        listed = ", ".join(sorted(known))
        raise HTTPException(
            422, f"{name}: {', '.join(repr(w) for w in wrong)} is not one of: {listed}"
        )


def event_types(in_store: Iterable[str]) -> set[str]:
    return set(CATEGORY) | set(in_store)


def modalities(in_store: Iterable[str]) -> set[str]:
    return set(MODALITIES) | set(in_store)


def statuses(in_store: Iterable[str]) -> set[str]:
    return set(AGREEMENT_STATUSES) | set(in_store)


def kinds(in_store: Iterable[str]) -> set[str]:
    return set(AGREEMENT_KINDS) | set(in_store)


def known_parameters(request: Request) -> None:
    """Router dependency: 422 for a query parameter the endpoint does not take."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    taken = {p.alias for p in _query_params(dependant)}
    unknown = sorted(set(request.query_params) - taken)
    if unknown:
        raise HTTPException(
            422,
            f"unknown parameter {', '.join(unknown)}; this endpoint takes: "
            + (", ".join(sorted(taken)) or "no parameters"),
        )


def _query_params(dependant: Any) -> list[Any]:
    found = list(dependant.query_params)
    for sub in dependant.dependencies:
        found += _query_params(sub)
    return found


# What a parameter takes, said instead of the pattern it failed.
FORMS = {
    "since": "a date YYYY, YYYY-MM or YYYY-MM-DD",
    "until": "a date YYYY, YYYY-MM or YYYY-MM-DD",
    "bbox": "min_lon,min_lat,max_lon,max_lat in degrees",
}


def _message(error: dict[str, Any]) -> str:
    where = [str(x) for x in error.get("loc", ()) if x not in ("query", "path", "body")]
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    if error.get("type") == "string_pattern_mismatch" and where and where[-1] in FORMS:
        message = f"expected {FORMS[where[-1]]}"
    value = error.get("input")
    shown = f" (got {value!r})" if value is not None and not isinstance(value, dict) else ""
    return f"{'.'.join(where) or 'request'}: {message}{shown}"


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """RequestValidationError as one readable line per wrong parameter."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = "; ".join(_message(e) for e in errors) or "invalid request"
    safe = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in errors]
    return JSONResponse({"detail": detail, "errors": safe}, status_code=422)

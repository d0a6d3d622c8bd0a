"""The HTTP API and the web page: a thin layer over `store.reader`, rendering the export
contract of `outputs/records.py`.

`create_app(db)` builds the FastAPI application; `serve(db, host, port, token=...)` runs
it with uvicorn, bound to 127.0.0.1 unless told otherwise. The application answers only
requests whose Host header names it (the `allowed_hosts` setting: localhost names by
default): a web page the analyst visits cannot point a name of its own at 127.0.0.1
(DNS rebinding) and read the store through the analyst's browser. Every endpoint is read-only
and answers JSON; the OpenAPI document is at /api/openapi.json (no Swagger page: it
would load its scripts from a CDN). Write endpoints (analyst annotations) are to be
added on a router whose routes depend on `require_token`: without a token the server
refuses every write.

Files are served only from fixed roots through StaticFiles: the package's own `web/`
folder at /static and, at /vendor/NAME, each folder that scripts/build_web.py built into
`web/vendor/` (`serve.assets`). No part of a request is ever joined to a path by this
module. Parameters are checked where they enter (`serve.params`): a wrong one answers
422 naming it.
"""

from __future__ import annotations

import secrets
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator

from truceline import EXTRACTOR_VERSION, __version__
from truceline.errors import StoreError
from truceline.outputs.records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    agreement_record,
    document_record,
    event_record,
)
from truceline.outputs.vocabulary import modality_label, sub_event_label, type_label, vocabulary
from truceline.serve import params
from truceline.serve.assets import (
    SETUP_HINT,
    VENDOR_DIR,
    WEB_DIR,
    missing_assets,
    vendor_dirs,
    vendor_versions,
)
from truceline.serve.towns import Towns
from truceline.settings import get_setting
from truceline.store.reader import (
    ISO_PREFIX,
    AgreementFilter,
    DocumentFilter,
    EventFilter,
    Page,
    StoreReader,
)

# The largest page a list endpoint returns; the web page pages through more.
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
# SQLite takes an OFFSET as a signed 64-bit integer; a larger one was a 500 and a traceback.
MAX_OFFSET = 2**63 - 1
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
WILDCARD_BINDS = {"", "0.0.0.0", "::"}
# The page loads nothing from elsewhere; inline styles are allowed because Leaflet and
# vis-timeline position their elements with style attributes.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
_BBOX_PATTERN = r"^\s*-?\d+(\.\d+)?\s*(,\s*-?\d+(\.\d+)?\s*){3}$"

DateParam = Annotated[
    str | None,
    Query(pattern=ISO_PREFIX.pattern, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    AfterValidator(params.calendar_date),
]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size (at most {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
WithBody = Annotated[bool, Query(description="include each document's body")]


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Dependency of every write endpoint: `Authorization: Bearer TOKEN`, compared in
    constant time; refused outright when the server was started without a token."""
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, "this server is read-only: start it with a token to allow writes")
    given = authorization[7:] if authorization and authorization.startswith("Bearer ") else ""
    if not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if text is None:
        return None
    min_lon, min_lat, max_lon, max_lat = (float(x) for x in text.split(","))
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise HTTPException(
            422, "bbox is min_lon,min_lat,max_lon,max_lat in degrees, min_lat <= max_lat"
        )
    return min_lon, min_lat, max_lon, max_lat


def _page(
    page: Page[Any], render: Callable[[Any], dict[str, Any]], limit: int, offset: int
) -> dict[str, Any]:
    return {
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "items": [render(x) for x in page.items],
    }


def _document(doc: Any, with_body: bool) -> dict[str, Any]:
    record = document_record(doc)
    if not with_body:
        del record["body"]
    return record


def _found(item: Any, what: str, item_id: str) -> Any:
    if item is None:
        raise HTTPException(404, f"no {what} with id {item_id!r}")
    return item


def _reader(request: Request) -> StoreReader:
    reader: StoreReader = request.app.state.reader
    return reader


Reader = Annotated[StoreReader, Depends(_reader)]


# The read-only endpoints. Write endpoints (issue 10) go on a router of their own whose
# routes depend on `require_token`.
router = APIRouter(prefix="/api", dependencies=[Depends(params.known_parameters)])


@router.get("/events", tags=["events"], summary="Fused events, filtered and paginated")
def list_events(
    reader: Reader,
    since: DateParam = None,
    until: DateParam = None,
    type: Annotated[list[str], Query(description="PLOVER type (repeatable)")] = [],  # noqa: A002,B006
    actor: Annotated[
        str | None, Query(max_length=200, description="part of an actor's name, or its id")
    ] = None,
    outlet: Annotated[
        str | None, Query(max_length=200, description="an outlet that reported it")
    ] = None,
    place: Annotated[
        str | None, Query(max_length=200, description="part of the place name")
    ] = None,
    bbox: Annotated[
        str | None, Query(pattern=_BBOX_PATTERN, description="min_lon,min_lat,max_lon,max_lat")
    ] = None,
    modality: Annotated[list[str], Query(description="happened, planned, ... (repeatable)")] = [],  # noqa: B006
    agreement: Annotated[
        str | None, Query(max_length=200, description="id of the agreement")
    ] = None,
    contradicted: Annotated[bool, Query(description="only events whose sources disagree")] = False,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    _check_event_choices(reader, type, modality)
    f = EventFilter(
        since,
        until,
        tuple(type),
        actor or None,
        outlet or None,
        place or None,
        parse_bbox(bbox),
        tuple(modality),
        agreement or None,
        contradicted,
    )
    return _page(reader.events(f, limit=limit, offset=offset), event_record, limit, offset)


@router.get("/events/{event_id}", tags=["events"], summary="One fused event with its sources")
def get_event(reader: Reader, event_id: str) -> dict[str, Any]:
    return event_record(_found(reader.event(event_id), "event", event_id))


@router.get("/documents", tags=["documents"], summary="Documents, filtered and paginated")
def list_documents(
    reader: Reader,
    since: DateParam = None,
    until: DateParam = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    duplicates: Annotated[bool, Query(description="include documents marked as duplicates")] = True,
    body: WithBody = True,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    f = DocumentFilter(since, until, outlet or None, duplicates)
    page = reader.documents(f, limit=limit, offset=offset)
    return _page(page, lambda d: _document(d, body), limit, offset)


@router.get("/documents/{document_id}", tags=["documents"], summary="One document with its body")
def get_document(reader: Reader, document_id: str) -> dict[str, Any]:
    return document_record(_found(reader.document(document_id), "document", document_id))


@router.get("/agreements", tags=["agreements"], summary="Agreements, paginated")
def list_agreements(
    reader: Reader,
    status: Annotated[str | None, Query(max_length=50)] = None,
    kind: Annotated[str | None, Query(max_length=50)] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    if status or kind:
        found = reader.agreement_facets()
        values = {k: [x["value"] for x in v] for k, v in found.items()}
        params.choose(
            "status", [status] if status else [], params.statuses(values["statuses"]), fold="lower"
        )
        params.choose("kind", [kind] if kind else [], params.kinds(values["kinds"]), fold="lower")
    page = reader.agreements(
        AgreementFilter(status or None, kind or None), limit=limit, offset=offset
    )
    return _page(page, agreement_record, limit, offset)


@router.get("/agreements/{agreement_id}", tags=["agreements"], summary="One agreement")
def get_agreement(reader: Reader, agreement_id: str) -> dict[str, Any]:
    return agreement_record(_found(reader.agreement(agreement_id), "agreement", agreement_id))


@router.get(
    "/search", tags=["search"], summary="Full-text search over document bodies and event quotes"
)
def search(
    reader: Reader,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    body: WithBody = True,
    limit: Limit = 20,
) -> dict[str, Any]:
    found = reader.search(q, limit=limit)
    docs = [{**_document(h.document, body), "snippet": h.snippet} for h in found.documents.items]
    return {
        "query": q,
        "terms": found.terms,
        "documents": {"total": found.documents.total, "items": docs},
        "events": {
            "total": found.events.total,
            "items": [event_record(e) for e in found.events.items],
        },
    }


@router.get("/facets", tags=["meta"], summary="Values the event filters can take, with counts")
def facets(reader: Reader) -> dict[str, Any]:
    """Each value with its count and, for types and modalities, its label in words."""
    found: dict[str, Any] = reader.facets()
    for item in found["types"]:
        item["label"] = type_label(item["value"])
    for item in found["modalities"]:
        item["label"] = modality_label(item["value"])
    found["sub_events"] = [
        {**x, "label": sub_event_label(x["value"])} for x in found.get("sub_events", [])
    ]
    return found


@router.get(
    "/vocabulary", tags=["meta"], summary="Words and colours for event types and modalities"
)
def get_vocabulary() -> dict[str, Any]:
    return vocabulary()


@router.get("/places", tags=["meta"], summary="Towns and villages of the gazetteer in a box")
def places(
    request: Request,
    bbox: Annotated[
        str, Query(pattern=_BBOX_PATTERN, description="min_lon,min_lat,max_lon,max_lat")
    ],
    min_population: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=2000)] = 300,
) -> dict[str, Any]:
    """Largest first: the page labels them by size and zoom."""
    box = parse_bbox(bbox)
    assert box is not None
    towns: Towns = request.app.state.towns
    found = towns.within(box, min_population=min_population, limit=limit)
    return {
        "items": [
            {
                "name": t.name,
                "lat": t.lat,
                "lon": t.lon,
                "country": t.country,
                "population": t.population,
            }
            for t in found
        ]
    }


def _check_event_choices(reader: StoreReader, types: list[str], modalities: list[str]) -> None:
    """422 for a type or modality that is neither in the vocabulary nor in the store."""
    if not types and not modalities:
        return
    in_store = reader.facets()
    params.choose(
        "type", types, params.event_types(x["value"] for x in in_store["types"]), fold="upper"
    )
    params.choose(
        "modality",
        modalities,
        params.modalities(x["value"] for x in in_store["modalities"]),
        fold="lower",
    )


@router.get("/stats", tags=["meta"], summary="Counts of what the store holds")
def stats(reader: Reader) -> dict[str, int]:
    return reader.stats()


@router.get("/meta", tags=["meta"], summary="Export format version, software and schema versions")
def meta(request: Request, reader: Reader) -> dict[str, Any]:
    return {
        "record": "meta",
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "truceline": __version__,
        "extractor": EXTRACTOR_VERSION,
        "schema": reader.schema_version(),
        "read_only": True,
        "writes": bool(request.app.state.token),
        "max_limit": MAX_LIMIT,
        "web_assets_missing": request.app.state.missing_assets,
        "web_assets": vendor_versions(request.app.state.vendor),
    }


def _mount_web(app: FastAPI, vendor: Path) -> list[str]:
    """The page, its own files and the vendor folders; returns the folders missing."""
    index = WEB_DIR / "index.html"

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(index, media_type="text/html")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    for name, folder in vendor_dirs(vendor).items():
        if folder is not None:
            app.mount(f"/vendor/{name}", StaticFiles(directory=folder), name=f"vendor-{name}")
    return missing_assets(vendor)


def host_names(names: Iterable[str]) -> frozenset[str]:
    """Host names as the Host check compares them: lower case, no brackets or final dot."""
    return frozenset(n.strip().strip("[]").rstrip(".").lower() for n in names if n.strip())


def setting_hosts() -> frozenset[str]:
    return host_names(str(get_setting("allowed_hosts")).split(","))


def host_of(header: str) -> str:
    """The name in a Host header, without its port: "localhost:8765" → "localhost",
    "[::1]:8765" → "::1"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    name = header.rsplit(":", 1)[0] if header.count(":") == 1 else header
    return name.rstrip(".")


def _host_check(
    allowed: frozenset[str],
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    async def check(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if "*" in allowed or host_of(request.headers.get("host", "")) in allowed:
            return await call_next(request)
        return JSONResponse(
            {
                "detail": "this server answers only to the host names "
                f"{', '.join(sorted(allowed))}; `truceline serve --allow-host NAME` adds one"
            },
            status_code=400,
        )

    return check


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def create_app(
    db: str | Path,
    *,
    token: str | None = None,
    vendor: Path | None = None,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """The application over the store at `db`, opened read-only (raises StoreError when
    it is not a truceline store). `vendor` is the folder of built front-end files
    (default: the package's web/vendor). It answers to the Host names `allowed_hosts`
    (default: the `allowed_hosts` setting; "*" for any)."""
    reader = StoreReader(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        reader.close()

    app = FastAPI(
        title="truceline",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        description="Read-only access to a truceline store: documents, fused events and agreements "
        f"in the export format {FORMAT_NAME} {FORMAT_VERSION} (docs/export-format.md).",
    )
    app.state.reader = reader
    app.state.token = token or None
    app.state.towns = Towns(reader.user_places())
    app.state.vendor = vendor if vendor is not None else VENDOR_DIR
    app.include_router(router)
    app.add_exception_handler(RequestValidationError, params.validation_error)
    app.state.missing_assets = _mount_web(app, app.state.vendor)
    allowed = setting_hosts() if allowed_hosts is None else host_names(allowed_hosts)
    app.middleware("http")(_host_check(allowed))
    app.middleware("http")(_security_headers)  # added last: it wraps the Host check's answer
    return app


def serve(
    db: Path, host: str, port: int, *, token: str | None, allow_hosts: Iterable[str] = ()
) -> None:
    """Run the API and the page with uvicorn until interrupted. It answers to the names of
    the `allowed_hosts` setting, `allow_hosts` and the address it binds to (unless that
    is a wildcard such as 0.0.0.0)."""
    import uvicorn

    if not Path(db).exists():
        raise StoreError("no store here yet; run `truceline run PATH` first", source=str(db))
    bound = [] if host in WILDCARD_BINDS else [host]
    allowed = setting_hosts() | host_names([*allow_hosts, *bound])
    app = create_app(db, token=token, allowed_hosts=allowed)
    # the gazetteer's towns take a second or two to load: not on the page's first request
    threading.Thread(target=app.state.towns.all, daemon=True).start()
    if host not in LOOPBACK:
        print(
            f"warning: serving on {host}: anyone who can reach this address can read the store",
            file=sys.stderr,
        )
    if app.state.missing_assets:
        print(
            f"warning: the web page's files are missing ({', '.join(app.state.missing_assets)}):"
            f" {SETUP_HINT}; the API works without them",
            file=sys.stderr,
        )
    uvicorn.run(app, host=host, port=port, log_level="info")

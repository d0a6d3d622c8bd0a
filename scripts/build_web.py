"""Copy the web page's front-end files from node_modules into the package, for a wheel.

    npm ci --no-audit --no-fund --ignore-scripts
    python scripts/build_web.py            # -> src/truceline/serve/web/vendor/NAME/...

A checkout serves these files straight from node_modules (`truceline.serve.api`); an installed
wheel has no node_modules, so its build copies the few files the page loads, with each
package's licence, into `web/vendor/`, which the package data already includes. Only
the files listed here are copied: the packages hold source maps and other builds that
would grow the wheel tenfold.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from truceline.serve.api import VENDOR, WEB_DIR

ROOT = Path(__file__).resolve().parents[1]
# Per URL name (truceline.serve.api.VENDOR): the files of that folder the page loads.
ASSETS: dict[str, tuple[str, ...]] = {
    "leaflet": ("leaflet.js", "leaflet.css", "images"),
    "vis-timeline": ("vis-timeline-graph2d.min.js",),
    "vis-timeline-styles": ("vis-timeline-graph2d.min.css",),
    "topojson-client": ("topojson-client.min.js",),
    "world-atlas": ("countries-50m.json",),
}


def package_root(node_modules: Path, name: str) -> Path:
    """The npm package a vendor folder belongs to (where its LICENSE lies)."""
    sub = VENDOR[name]
    package = sub.split("/")[0]
    return node_modules / package


def build(node_modules: Path, dest: Path) -> list[Path]:
    """Copy ASSETS and each package's licence under dest/NAME/; returns what was written."""
    written: list[Path] = []
    if dest.exists():
        shutil.rmtree(dest)
    for name, files in ASSETS.items():
        source = node_modules / VENDOR[name]
        target = dest / name
        target.mkdir(parents=True)
        for file in files:
            if (source / file).is_dir():
                shutil.copytree(source / file, target / file)
            else:
                shutil.copyfile(source / file, target / file)
            written.append(target / file)
        for licence in sorted(package_root(node_modules, name).glob("LICENSE*")):
            shutil.copyfile(licence, target / licence.name)
            written.append(target / licence.name)
    return written


def main(argv: list[str]) -> int:
    node_modules = Path(argv[0]) if argv else ROOT / "node_modules"
    if not node_modules.is_dir():
        print(f"{node_modules} not found: run `npm ci` first", file=sys.stderr)
        return 1
    written = build(node_modules, WEB_DIR / "vendor")
    print(f"copied {len(written)} files into {WEB_DIR / 'vendor'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

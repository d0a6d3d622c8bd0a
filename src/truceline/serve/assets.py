"""The web page's files: the package's own `web/` folder and the front-end packages and
base map that `scripts/build_web.py` builds into `web/vendor/` (from node_modules, at
set-up and when a wheel is built; never committed).

Each vendor folder is served at /vendor/NAME; a missing one is reported by the API
(`web_assets_missing` in /api/meta), by `truceline serve` on start, and on the page
itself, in a notice that stays until the packages are there.
"""

from __future__ import annotations

import json
from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent / "web"
VENDOR_DIR = WEB_DIR / "vendor"
# URL names under /vendor/: what the page loads (scripts/build_web.py writes them).
VENDOR_NAMES = ("leaflet", "markercluster", "vis-timeline", "basemap")
SETUP_HINT = (
    "run `make install` in the truceline checkout (npm ci, then python scripts/build_web.py)"
)


def vendor_dirs(vendor: Path = VENDOR_DIR) -> dict[str, Path | None]:
    """Each vendor folder, or None where it was not built."""
    return {name: (vendor / name if (vendor / name).is_dir() else None) for name in VENDOR_NAMES}


def missing_assets(vendor: Path = VENDOR_DIR) -> list[str]:
    return [name for name, folder in vendor_dirs(vendor).items() if folder is None]


def vendor_versions(vendor: Path = VENDOR_DIR) -> dict[str, str]:
    """The npm packages (and versions) the vendor folders were built from."""
    try:
        manifest = json.loads((vendor / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    packages = manifest.get("packages", {})
    return {str(k): str(v) for k, v in packages.items()} if isinstance(packages, dict) else {}

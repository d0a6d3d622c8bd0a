"""The page works where a new user gets it (issue 20): in a fresh clone, after the
README's first command (`make demo`), `truceline serve` shows the full page; and a wheel
built there (`pip wheel .`) and installed into an empty virtual environment, away from
the checkout, serves the full page too. Both are checked in headless Chromium.

Slow (a fresh clone installs the whole pinned environment: a few minutes from the pip
and npm caches), so marked `slow`; CI runs it. Needs git, make, npm, python3.11 and what
the browser tests need.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from web_support import (
    body_data,
    chromium,
    free_port,
    open_page,
    require_browser,
    wait,
    wait_basemap,
)

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
INSTALL_S = 1500


def _env() -> dict[str, str]:
    """This process's environment without its virtual environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    bin_dir = str(Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != bin_dir)
    return env


def _run(command: list[str], cwd: Path, timeout: int = INSTALL_S) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, (
        f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    return done.stdout


def _python311() -> str:
    found = shutil.which("python3.11", path=_env()["PATH"])
    if found is None:
        pytest.skip("python3.11 is not on PATH")
    return found


@contextmanager
def _serve(truceline: Path, db: Path, cwd: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(truceline), "serve", "--db", str(db), "--port", str(port)],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "/api/meta", timeout=5) as response:  # noqa: S310
                meta = json.loads(response.read())
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("truceline serve did not start: " + proc.stderr.read().decode()[-2000:])
            time.sleep(0.5)
    try:
        assert meta["web_assets_missing"] == [], meta
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _assert_full_page(url: str) -> None:
    with chromium() as driver:
        open_page(driver, url + "/", cards=False)
        wait_basemap(driver)
        loaded = driver.execute_script(
            "return [Boolean(window.L), Boolean(window.L && L.markerClusterGroup),"
            " Boolean(window.vis)]"
        )
        assert loaded == [True, True, True]
        assert driver.find_element("id", "setup-notice").get_attribute("hidden") is not None
        wait(driver, lambda d: d.find_elements("css selector", "path.tl-marker, .tl-cluster"))
        wait(driver, lambda d: d.find_elements("css selector", "#timeline .vis-item"))
        wait(driver, lambda d: int(body_data(d, "towns") or 0) > 0)
        assert driver.find_elements("css selector", "#legend [data-type]")
        assert driver.find_elements("css selector", "#event-table tbody tr")
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_browser(page_files=False)
    for tool in ("git", "make", "npm"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    _python311()
    where = tmp_path_factory.mktemp("fresh") / "truceline"
    _run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(where)], ROOT)
    assert not (where / "node_modules").exists()
    assert not (where / "src/truceline/serve/web/vendor").exists()  # never committed
    _run(["make", "demo"], where)
    return where


def test_after_make_demo_truceline_serve_shows_the_full_page(clone: Path):
    assert (clone / "src/truceline/serve/web/vendor/manifest.json").is_file()
    with _serve(clone / ".venv/bin/truceline", clone / "examples.db", clone) as url:
        _assert_full_page(url)


def test_a_wheel_installed_in_an_empty_venv_serves_the_full_page(clone: Path, tmp_path: Path):
    dist = tmp_path / "dist"
    _run(
        [str(clone / ".venv/bin/python"), "-m", "pip", "wheel", "--no-deps", "-w", str(dist), "."],
        clone,
    )
    [wheel] = dist.glob("truceline-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for part in (
        "truceline/serve/web/vendor/leaflet/leaflet.js",
        "truceline/serve/web/vendor/markercluster/leaflet.markercluster.js",
        "truceline/serve/web/vendor/vis-timeline/vis-timeline-graph2d.min.js",
        "truceline/serve/web/vendor/basemap/countries.json",
        "truceline/serve/web/vendor/basemap/admin1/SY.json",
        "truceline/serve/web/app.js",
    ):
        assert part in names, part
    assert not any("node_modules" in n or n.endswith(".map") for n in names)
    venv = tmp_path / "venv"
    _run([_python311(), "-m", "venv", str(venv)], tmp_path)
    pip = [str(venv / "bin/python"), "-m", "pip", "install", "--quiet"]
    _run([*pip, "--upgrade", "pip==25.3"], tmp_path)  # as the Makefile does
    _run([*pip, "--require-hashes", "-r", str(clone / "requirements/lock.txt")], tmp_path)
    _run([*pip, "--no-deps", str(wheel)], tmp_path)
    away = tmp_path / "elsewhere"  # no checkout, no node_modules anywhere near
    away.mkdir()
    shutil.copyfile(clone / "examples.db", away / "examples.db")
    with _serve(venv / "bin/truceline", away / "examples.db", away) as url:
        _assert_full_page(url)

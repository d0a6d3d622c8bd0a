"""The page on the seeds store (../shared/seeds through the whole product), in headless
Chromium: the views an analyst opens first, each checked and photographed. With
TRUCELINE_UPDATE_SCREENSHOTS=1 the pictures are copied into docs/ (the README shows
them): the overview, northern Homs zoomed in with its towns named, an event with its
quote in view, an agreement card.

Asserts conventions rather than today's exact events, which change as extraction
improves. Needs what tests/test_web.py needs, plus ../shared/seeds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from truceline.serve.api import create_app
from web_support import (
    body_data,
    chromium,
    open_page,
    require_browser,
    screenshot,
    serving,
    wait,
    wait_basemap,
)

ROOT = Path(__file__).resolve().parents[1]
SHOTS = (
    "screenshot-overview.png",
    "screenshot-northern-homs.png",
    "screenshot-event.png",
    "screenshot-agreement.png",
)
HOMS = (34.73, 36.71)
RASTAN = (34.926, 36.733)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_browser()
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, browser) -> Iterator[str]:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    subprocess.run(
        [sys.executable, "-m", "truceline.cli", "run", str(seeds_dir), "--db", str(db), "-q"],
        check=True,
        capture_output=True,
    )
    with serving(create_app(db)) as url:
        yield url


def _api(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return json.loads(response.read())


def _settle(driver) -> None:
    driver.execute_script("return new Promise(r => setTimeout(r, 800))")


def test_overview_frames_the_ground_events_around_homs(browser, seeds):
    open_page(browser, seeds + "/")
    wait_basemap(browser)
    assert body_data(browser, "framed") == "ground"
    inside = browser.execute_script(
        "const b = TL.map.map.getBounds(); return [b.contains(arguments[0]), "
        "b.contains([46.202, 6.146]), b.contains([51.169, 71.449])];",
        list(HOMS),
    )
    assert inside == [True, False, False]  # Homs in view; Geneva and Astana talks not
    assert browser.find_element("id", "setup-notice").get_attribute("hidden") is not None
    wait(browser, lambda d: int(body_data(d, "towns") or 0) > 0)
    _settle(browser)
    screenshot(browser, SHOTS[0])


def test_northern_homs_zoomed_in_names_its_towns(browser, seeds):
    open_page(browser, seeds + "/")
    wait_basemap(browser)
    browser.execute_script("TL.map.map.setView([34.90, 36.72], 10, {animate: false});")
    names_js = "return [...document.querySelectorAll('.map-label.town')].map(n => n.textContent)"
    wanted = {"Ar Rastan", "Tallbisah", "Kafr Laha"}
    names = wait(
        browser,
        lambda d: (lambda found: found if wanted <= set(found) else None)(
            d.execute_script(names_js)
        ),
    )
    assert len(names) > 10
    _settle(browser)
    screenshot(browser, SHOTS[1])


def test_an_event_opens_with_its_quote_in_view(browser, seeds):
    events = _api(seeds + "/api/events?limit=1000")["items"]
    # the source whose quote lies furthest into its article (the hardest to show), in
    # an event of violence where there is one
    violent = [e for e in events if e["type"] == "ASSAULT"] or events
    deepest = max(violent, key=lambda e: max(s["start"] for s in e["sources"]))
    open_page(browser, seeds + "/?event=" + deepest["id"])
    wait(browser, lambda d: d.find_elements("css selector", "#panel mark.quote"))
    mark = browser.find_elements("css selector", "#panel mark.quote")[0]
    browser.execute_script(
        "arguments[0].closest('.source').scrollIntoView({block: 'center'})", mark
    )
    inside = browser.execute_script(
        "const m = arguments[0].getBoundingClientRect();"
        "const b = arguments[0].closest('.doc-body').getBoundingClientRect();"
        "return m.top >= b.top && m.bottom <= b.bottom;",
        mark,
    )
    assert inside
    _settle(browser)
    screenshot(browser, SHOTS[2])


def test_an_agreement_card_shows_its_dates_and_provisions(browser, seeds):
    open_page(browser, seeds + "/")
    card = browser.find_element("css selector", "#agreement-cards article")
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", card)
    assert "In force" in card.text or "Signed" in card.text
    _settle(browser)
    screenshot(browser, SHOTS[3])


def test_the_readme_shows_the_screenshots_and_they_are_small_pngs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in SHOTS:
        path = ROOT / "docs" / name
        assert f"(docs/{name})" in readme, name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size < 400_000

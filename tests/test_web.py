"""The web page in headless Chromium: it loads a store, shows markers, highlights each
source's quote inside its article, keeps filters in the URL and restores them on reload,
renders page text as text, and loads nothing from outside the server.

Needs Debian's chromium + chromium-driver and `npm ci`; skips with a message where they
are missing, and fails instead when CI=true. Writes test-artifacts/web.png; with
TRUCELINE_UPDATE_SCREENSHOT=1 it also refreshes docs/screenshot.png.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from truceline.serve.api import create_app, find_node_modules, vendor_dirs

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOT = ROOT / "docs" / "screenshot.png"
SCREENSHOT_MAX_BYTES = 200_000
# Chromium flags: headless in a container, and no background traffic (without these it
# tries to reach update and sync services and logs failures).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,860",
    "--force-device-scale-factor=1",
)
WAIT_S = 20


def _missing() -> list[str]:
    missing = [
        f"{p} (apt-get install chromium chromium-driver)"
        for p in (CHROMIUM, CHROMEDRIVER)
        if not p.exists()
    ]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    absent = [name for name, folder in vendor_dirs(find_node_modules()).items() if folder is None]
    if absent:
        missing.append(f"front-end packages {', '.join(absent)} (npm ci)")
    return missing


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    missing = _missing()
    if missing:
        message = "browser tests need " + "; ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but " + message)
        pytest.skip(message)
    import uvicorn

    from test_api import build_sample_store

    db = build_sample_store(tmp_path_factory.mktemp("web") / "sample.db")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="truceline-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _open(driver, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    _wait_ready(driver)
    WebDriverWait(driver, WAIT_S).until(
        lambda d: d.find_elements("css selector", "#agreement-cards article")
    )


def _wait_ready(driver) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT_S).until(
        lambda d: (
            d.execute_script("return document.readyState") == "complete"
            and d.find_element("tag name", "body").get_attribute("data-state") == "ready"
        )
    )


def _markers(driver) -> list[str]:
    return [
        m.get_attribute("data-event-id")
        for m in driver.find_elements("css selector", "path.tl-marker")
    ]


def _rows(driver) -> list[str]:
    return [
        r.get_attribute("data-event-id")
        for r in driver.find_elements("css selector", "#event-table tbody tr")
    ]


def _query(driver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).query)


def test_page_loads_the_store_and_shows_markers_timeline_and_cards(browser, server):
    _open(browser, server + "/")
    assert sorted(_markers(browser)) == [
        "ev-denial",
        "ev-shelling",
        "ev-truce",
    ]  # the convoy has no place
    assert sorted(_rows(browser)) == ["ev-convoy", "ev-denial", "ev-shelling", "ev-truce"]
    assert "4 events" in browser.find_element("id", "stats").text
    timeline_text = browser.find_element("id", "timeline").text
    assert "Idlib truce" in timeline_text and "ASSAULT" in timeline_text
    card = browser.find_element("css selector", "#agreement-cards article")
    assert (
        "Idlib truce" in card.text and "Turkey, Russia" in card.text and "monitoring" in card.text
    )
    # no error shown
    assert browser.find_element("id", "notice").get_attribute("hidden") is not None


def test_page_loads_nothing_from_outside_the_server(browser, server):
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, server + "/")
    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.find_element("tag name", "body").get_attribute("data-borders") == "ready"
    )
    urls = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert any("/vendor/world-atlas/" in u for u in urls) and any(
        "/vendor/leaflet/" in u for u in urls
    )
    assert all(u.startswith(server + "/") for u in urls), urls
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_clicking_a_marker_shows_each_quote_highlighted_in_its_article(browser, server):
    from selenium.webdriver.support.ui import WebDriverWait

    from test_api import BODY_CEDAR, BODY_WIRE

    _open(browser, server + "/")
    browser.find_element("css selector", 'path.tl-marker[data-event-id="ev-shelling"]').click()
    marks = WebDriverWait(browser, WAIT_S).until(
        lambda d: (
            d.find_elements("css selector", "#panel mark.quote")
            if len(d.find_elements("css selector", "#panel mark.quote")) == 2
            else None
        )
    )
    assert [m.text for m in marks] == [
        "Artillery shells struck the market of Kafr Nabl on Wednesday, killing three people",
        "buried five victims of Wednesday's shelling of the market",
    ]
    bodies = [
        b.get_attribute("textContent")
        for b in browser.find_elements("css selector", "#panel .doc-body")
    ]
    assert bodies == [BODY_WIRE, BODY_CEDAR]  # the whole article, the quote marked inside it
    flagged = browser.find_element("css selector", "#panel .contradictions").text
    assert "Sources disagree" in flagged and "fatalities" in flagged and "Cedar Evening" in flagged
    assert _query(browser)["event"] == ["ev-shelling"]
    _screenshot(browser)


def test_a_filter_changes_the_url_and_reloading_restores_it(browser, server):
    from selenium.webdriver.support.ui import Select, WebDriverWait

    _open(browser, server + "/")
    Select(browser.find_element("css selector", "#filters select[name=type]")).select_by_value(
        "ASSAULT"
    )
    WebDriverWait(browser, WAIT_S).until(lambda d: _query(d).get("type") == ["ASSAULT"])
    _wait_ready(browser)
    WebDriverWait(browser, WAIT_S).until(lambda d: _rows(d) == ["ev-shelling"])
    assert _markers(browser) == ["ev-shelling"]
    browser.refresh()
    _wait_ready(browser)
    WebDriverWait(browser, WAIT_S).until(lambda d: _rows(d) == ["ev-shelling"])
    assert (
        Select(
            browser.find_element("css selector", "#filters select[name=type]")
        ).first_selected_option.get_attribute("value")
        == "ASSAULT"
    )
    assert _markers(browser) == ["ev-shelling"]


def test_a_shared_url_restores_filters_and_the_selected_event(browser, server):
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, server + "/?modality=denied&place=Maarat&event=ev-denial")
    assert _rows(browser) == ["ev-denial"]
    assert (
        browser.find_element("css selector", "#filters input[name=place]").get_attribute("value")
        == "Maarat"
    )
    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.find_elements("css selector", "#panel mark.quote")
    )
    assert "denied on Thursday" in browser.find_element("css selector", "#panel mark.quote").text


def test_page_text_from_the_store_is_rendered_as_text(browser, server):
    from selenium.webdriver.support.ui import WebDriverWait

    from test_api import XSS_ATTRIBUTION, XSS_TITLE

    _open(browser, server + "/?event=ev-denial")
    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.find_elements("css selector", "#panel .doc-meta")
    )
    panel = browser.find_element("id", "panel")
    assert XSS_TITLE in panel.text and XSS_ATTRIBUTION in panel.text
    assert panel.find_elements("css selector", "img, script") == []
    assert browser.execute_script("return window.__xss === undefined")


def test_search_lists_quoting_events_and_articles_and_opens_an_event(browser, server):
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, server + "/")
    box = browser.find_element("id", "q")
    box.send_keys("convoys expected")
    box.submit()
    link = WebDriverWait(browser, WAIT_S).until(
        lambda d: d.find_elements("css selector", '#search-results a[data-event-id="ev-convoy"]')
    )[0]
    results = browser.find_element("id", "search-results").text
    assert "Funerals in Kafr Nabl" in results and "Articles (1)" in results
    assert _query(browser)["q"] == ["convoys expected"]
    link.click()
    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.find_elements("css selector", "#panel mark.quote")
    )
    assert browser.find_element("css selector", "#panel mark.quote").text == "convoys are expected"


def _screenshot(driver) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT_S).until(
        lambda d: d.find_element("tag name", "body").get_attribute("data-borders") == "ready"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "web.png"
    driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("TRUCELINE_UPDATE_SCREENSHOT") == "1":
        assert shot.stat().st_size < SCREENSHOT_MAX_BYTES, "screenshot too large for docs/"
        shutil.copyfile(shot, SCREENSHOT)


def test_docs_screenshot_is_a_small_png():
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert SCREENSHOT.stat().st_size < SCREENSHOT_MAX_BYTES

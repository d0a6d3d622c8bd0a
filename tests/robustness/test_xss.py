"""Untrusted text: pages carrying <script> tags, event-handler attributes and javascript:
links go through the pipeline; the HTML report and the web page (headless Chromium) must
not run any of it. Every payload would set window.__pwned or change document.title.

The browser part skips where chromium, chromedriver, selenium or the built page files are
missing, and fails instead when CI=true (as tests/test_web.py does)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from robust_support import ARTICLE, run_cli

from truceline.store import Store

PAYLOADS = (
    "<script>window.__pwned=1;document.title='pwned'</script>",
    "<img src=x onerror=\"window.__pwned=2;document.title='pwned'\">",
    '<a href="javascript:window.__pwned=3">click</a>',
    '<svg onload="window.__pwned=4"></svg>',
)
HOSTILE_HTML = (
    "<html><head><title>Truce talks <script>window.__pwned=5</script>in Rastan</title>"
    "<script>window.__pwned=6;document.title='pwned'</script></head>"
    '<body onload="window.__pwned=7"><article><h1>Truce talks in Rastan</h1>'
    '<p onclick="window.__pwned=8">Negotiators met in Rastan on Tuesday 4 July 2017 and agreed a '
    'ceasefire, officials said. <a href="javascript:window.__pwned=9">More</a> '
    "&lt;script&gt;window.__pwned=10&lt;/script&gt; Shelling of Talbiseh killed two people "
    "on Monday.</p>"
    "<script>window.__pwned=11</script></article></body></html>"
)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("xss")
    pages = base / "pages"
    pages.mkdir()
    title, body = ARTICLE.split("\n\n", 1)
    # in a text dump, markup is just characters: it must stay text all the way through
    (pages / "dump.txt").write_text(
        f"{title} {PAYLOADS[0]}\n\n{body.strip()} " + " ".join(PAYLOADS) + "\n", encoding="utf-8"
    )
    (pages / "page.html").write_text(HOSTILE_HTML, encoding="utf-8")
    db = base / "store.db"
    done = run_cli("run", pages, "--db", db, "-q")
    assert done.returncode == 0, done.stderr
    return db


def test_payload_text_reaches_the_store_as_text(hostile_store):
    with Store(hostile_store, readonly=True) as store:
        bodies = " ".join(d.body + " " + (d.title or "") for d in store.documents())
        assert store.events()
    assert "window.__pwned" in bodies  # kept as characters, to be shown escaped


def test_report_escapes_every_payload(hostile_store, tmp_path):
    out = tmp_path / "report.html"
    done = run_cli("report", "--db", hostile_store, "-o", out)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "window.__pwned" in html  # the text is there ...
    for live in (
        "<script>window.__pwned",
        'onerror="window.__pwned',
        "<svg onload",
        'href="javascript:',
    ):
        assert live not in html  # ... but never as live markup


def _chrome_missing() -> list[str]:
    from truceline.serve.assets import missing_assets

    missing = [
        str(p) for p in (Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")) if not p.exists()
    ]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    missing += missing_assets()
    return missing


@pytest.fixture(scope="module")
def browser():
    missing = _chrome_missing()
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but browser tests need " + ", ".join(missing))
        pytest.skip("browser tests need " + ", ".join(missing))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="truceline-xss-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _assert_clean(driver, title: str) -> None:
    assert driver.execute_script("return window.__pwned === undefined")
    assert driver.title == title and "pwned" not in driver.title


def test_report_runs_nothing_in_the_browser(hostile_store, tmp_path, browser):
    out = tmp_path / "report.html"
    assert run_cli("report", "--db", hostile_store, "-o", out).returncode == 0
    browser.get(out.as_uri())
    title = browser.title
    for link in browser.find_elements("css selector", "a"):
        assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    _assert_clean(browser, title)


def test_web_page_runs_nothing_from_page_text(hostile_store, browser):
    import importlib.util

    from selenium.webdriver.support.ui import WebDriverWait

    spec = importlib.util.spec_from_file_location(
        "api_load", Path(__file__).parents[2] / "bench" / "api_load.py"
    )
    api_load = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(api_load)  # type: ignore[union-attr]
    with Store(hostile_store, readonly=True) as store:
        event_ids = [e.id for e in store.events()]
    with api_load.serve_in_thread(hostile_store) as url:
        browser.get(url + "/")
        WebDriverWait(browser, 20).until(
            lambda d: d.find_element("tag name", "body").get_attribute("data-state") == "ready"
        )
        title = browser.title
        for query in [f"?event={i}" for i in event_ids[:6]] + ["?q=pwned", "?q=Rastan"]:
            browser.get(url + "/" + query)
            WebDriverWait(browser, 20).until(
                lambda d: d.find_element("tag name", "body").get_attribute("data-state") == "ready"
            )
            for link in browser.find_elements("css selector", "a"):
                assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
            assert (
                browser.find_elements(
                    "css selector", "#panel script, #panel img[onerror], #panel svg[onload]"
                )
                == []
            )
            _assert_clean(browser, title)

"""What the browser tests share: headless Debian Chromium through selenium, a uvicorn
server on a free loopback port, and waits for the page to be ready.

Needs Debian's chromium + chromium-driver, selenium and the page's built files
(`make install`); a test skips with a message where they are missing, and fails instead
when CI=true.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from truceline.serve.assets import missing_assets

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"
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
WAIT_S = 30


def require_browser(*, page_files: bool = True) -> None:
    missing = [
        f"{p} (apt-get install chromium chromium-driver)"
        for p in (CHROMIUM, CHROMEDRIVER)
        if not p.exists()
    ]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    absent = missing_assets() if page_files else []
    if absent:
        missing.append(f"the page's files {', '.join(absent)} (make install)")
    if missing:
        message = "browser tests need " + "; ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but " + message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@contextmanager
def chromium() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="truceline-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait(driver: Any, condition: Any, timeout: float = WAIT_S) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def body_data(driver: Any, name: str) -> str | None:
    value = driver.find_element("tag name", "body").get_attribute(f"data-{name}")
    return str(value) if value is not None else None


def wait_ready(driver: Any) -> None:
    wait(
        driver,
        lambda d: (
            d.execute_script("return document.readyState") == "complete"
            and body_data(d, "state") == "ready"
        ),
    )


def open_page(driver: Any, url: str, *, cards: bool = True) -> None:
    driver.get(url)
    wait_ready(driver)
    if cards:
        wait(driver, lambda d: d.find_elements("css selector", "#agreement-cards article"))


def wait_basemap(driver: Any) -> None:
    wait(driver, lambda d: body_data(d, "borders") == "ready")


def screenshot(driver: Any, name: str, *, max_bytes: int = 400_000) -> Path:
    """Save a PNG under test-artifacts/; with TRUCELINE_UPDATE_SCREENSHOTS=1 also into
    docs/ (the README shows them)."""
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / name
    driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("TRUCELINE_UPDATE_SCREENSHOTS") == "1":
        assert shot.stat().st_size < max_bytes, f"{name} too large for docs/"
        shutil.copyfile(shot, ROOT / "docs" / name)
    return shot

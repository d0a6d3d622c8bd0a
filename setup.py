"""Builds the web page's files into the package when a wheel is made.

Everything else about the package is in pyproject.toml. The page's front-end packages
and base map are not committed: `scripts/install-web.sh` installs them with npm (pinned
by package-lock.json) and `scripts/build_web.py` copies and converts what the page loads
into src/truceline/serve/web/vendor/, which the package data includes. So `pip wheel .`
in a checkout makes a wheel whose `truceline serve` shows the full page.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
INSTALL_WEB = ROOT / "scripts" / "install-web.sh"
BUILT = ROOT / "src" / "truceline" / "serve" / "web" / "vendor" / "manifest.json"


class BuildPyWithWeb(build_py):
    def run(self) -> None:
        if INSTALL_WEB.exists():  # a checkout; an sdist carries the built files
            env = {**os.environ, "PYTHON": sys.executable}
            subprocess.run(["bash", str(INSTALL_WEB)], check=True, env=env)
        if not BUILT.exists() and not getattr(self, "editable_mode", False):
            raise SystemExit(
                "the web page's files are not built (npm is needed once: "
                "scripts/install-web.sh); a wheel without them would serve no page"
            )
        super().run()


setup(cmdclass={"build_py": BuildPyWithWeb})

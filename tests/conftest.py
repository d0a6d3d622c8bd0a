"""Shared fixtures. `shared_dir` is ../shared (seeds, datasets): tests that need it skip
with a message where it is absent, and fail instead when CI=true."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TRUCELINE_SHARED", ROOT.parent / "shared"))
EXAMPLES = ROOT / "examples"


def _require_shared(sub: str) -> Path:
    path = SHARED / sub
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                f"CI=true but {path} is missing: CI must run with ../shared beside the clone"
            )
        pytest.skip(
            f"{path} not found: shared seeds/datasets are only beside the developers' clone"
        )
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _require_shared("seeds")


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    return _require_shared("datasets")


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def nlp():
    from truceline.understand.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_events(seeds_dir: Path) -> dict[str, list]:
    """The events the pipeline reads from each seed page, by the page's number ("003")."""
    from truceline.models import DocumentResult, RawInput
    from truceline.run.pipeline import Pipeline

    pipeline = Pipeline.load()
    out: dict[str, list] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        result = pipeline.process(RawInput(source=str(path), data=path.read_bytes(), format="text"))
        assert isinstance(result, DocumentResult), result
        out[path.name[:3]] = list(result.events)
    return out

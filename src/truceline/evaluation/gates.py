"""Running an evaluation by name and checking its figures against the floors pinned in
`floors.json` (a "min" floor or a "max" ceiling per figure); `truceline eval` and the
quality-gate test both go through here."""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Any

from truceline.errors import EvalDataError

FLOORS_FILE = Path(__file__).parent / "floors.json"
# name -> (module, function)
EVALUATIONS = {
    "extraction": ("truceline.evaluation.extraction", "run_extraction_eval"),
    "geo": ("truceline.evaluation.geo", "run_geo_eval"),
    "time": ("truceline.evaluation.time", "run_time_eval"),
    "events": ("truceline.evaluation.events", "run_events_eval"),
    "acled": ("truceline.evaluation.acled", "run_acled_eval"),
    "relevance": ("truceline.evaluation.relevance", "run_relevance_eval"),
}


def default_data_dir() -> Path:
    env = os.environ.get("TRUCELINE_DATASETS")
    if env:
        return Path(env)
    here = Path.cwd()
    for base in (here, *here.parents):
        candidate = base.parent / "shared" / "datasets"
        if candidate.is_dir():
            return candidate
    return here.parent / "shared" / "datasets"


def load_floors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def below_floors(name: str, figures: dict[str, Any]) -> list[str]:
    """Figures under their floor ("min") or over their ceiling ("max"), as messages."""
    problems = []
    for key, bound in load_floors().get(name, {}).items():
        if key.startswith("_"):
            continue
        value = figures.get(key)
        if value is None:
            problems.append(f"{key}: missing from the figures")
        elif "min" in bound and value < bound["min"]:
            problems.append(f"{key}: {value} is below the floor {bound['min']}")
        elif "max" in bound and value > bound["max"]:
            problems.append(f"{key}: {value} is above the ceiling {bound['max']}")
    return problems


def run_evaluation(name: str, data: Path, limit: int | None) -> dict[str, Any]:
    module_name, function = EVALUATIONS[name]
    if not data.is_dir():
        raise EvalDataError(f"{data} is not a folder laid out like shared/datasets")
    module = importlib.import_module(module_name)
    figures: dict[str, Any] = getattr(module, function)(data, limit=limit)
    return figures

"""`truceline eval ...`: quality measurements on gold sets laid out like ../shared/datasets.

Each subcommand prints its figures and ends with one JSON line; `--check` compares
them with the floors pinned in truceline/evaluation/floors.json and exits 1 below one.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from .errors import EvalDataError

FLOORS_FILE = Path(__file__).parent / "evaluation" / "floors.json"
# name -> (module, function)
EVALUATIONS = {
    "extraction": ("truceline.evaluation.extraction", "run_extraction_eval"),
    "geo": ("truceline.evaluation.geo", "run_geo_eval"),
    "time": ("truceline.evaluation.time", "run_time_eval"),
    "events": ("truceline.evaluation.events", "run_events_eval"),
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


def _make_command(name: str) -> click.Command:
    @click.command(name=name, help=f"Measure the {name} stage on the development gold sets.")
    @click.option(
        "--data",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder laid out like shared/datasets (default: ../shared/datasets).",
    )
    @click.option(
        "--limit", type=click.IntRange(1), default=None, help="Use at most this many items per set."
    )
    @click.option("--check", is_flag=True, help="Exit 1 when a figure is below its pinned floor.")
    def command(data: Path | None, limit: int | None, check: bool) -> None:
        figures = run_evaluation(name, data or default_data_dir(), limit)
        for key, value in figures.items():
            click.echo(f"{key:>40}: {value}", err=True)
        click.echo(json.dumps(figures, sort_keys=True))
        if check:
            problems = below_floors(name, figures)
            for problem in problems:
                click.echo(f"floor: {problem}", err=True)
            if problems:
                sys.exit(1)

    return command


@click.group(name="eval")
def eval_group() -> None:
    """Quality on gold sets: extraction, geo, time, events."""


for _name in EVALUATIONS:
    eval_group.add_command(_make_command(_name))

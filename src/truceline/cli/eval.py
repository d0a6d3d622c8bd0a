"""`truceline eval ...`: quality measurements on gold sets laid out like ../shared/datasets.

Each subcommand prints its figures and ends with one JSON line; `--check` compares them
with the floors pinned in truceline/evaluation/floors.json (`evaluation.gates`) and exits
1 below one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from truceline.evaluation.gates import (
    EVALUATIONS,
    below_floors,
    default_data_dir,
    run_evaluation,
)


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
    """Quality on gold sets: extraction, geo, time, events, acled."""


for _name in EVALUATIONS:
    eval_group.add_command(_make_command(_name))

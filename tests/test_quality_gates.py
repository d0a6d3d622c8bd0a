"""Quality gates: each stage's dev-set figures against the floors pinned in
src/truceline/evaluation/floors.json (the same check as `truceline eval NAME --check`)."""

from __future__ import annotations

import pytest

from truceline.evaluation.gates import EVALUATIONS, below_floors, load_floors, run_evaluation


def test_every_floor_names_a_known_evaluation():
    assert set(load_floors()) <= set(EVALUATIONS)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(load_floors()))
def test_dev_set_figures_hold_their_floors(name, datasets_dir):
    figures = run_evaluation(name, datasets_dir, None)
    assert below_floors(name, figures) == []


def test_below_floors_reports_a_drop():
    floors = load_floors()
    name = next(iter(floors))
    key, bound = next((k, v) for k, v in floors[name].items() if not k.startswith("_"))
    value = bound["min"] - 0.1 if "min" in bound else bound["max"] + 0.1
    assert below_floors(name, {key: value})

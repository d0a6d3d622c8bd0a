"""Docs cannot drift from the CLI: every command is in the README and has help text."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from truceline.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize("name,command", _commands(main))
def test_every_command_is_in_the_readme_and_has_help(name, command):
    first = name.split(" ")[0]
    assert f"truceline {first}" in README, f"`truceline {first}` is not documented in README.md"
    assert (command.help or "").strip(), f"`truceline {name}` has no help text"


def test_readme_quick_start_has_exactly_two_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    commands = [
        line for line in block.splitlines() if line.strip() and not line.strip().startswith("#")
    ]
    assert len(commands) == 2


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    last = [
        line
        for line in ci.splitlines()
        if line.strip() and not line.startswith(("#", "set ", "cd "))
    ][-1]
    assert last.strip() in README

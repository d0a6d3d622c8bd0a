"""The `truceline` command: parses options, calls the library, renders. No logic of its own.

- `commands`: the group `main` and the run, timeline, export, report, stats, errors,
  serve, gazetteer and agreements commands;
- `eval`: the `truceline eval` subcommands over `evaluation`.

May import: every package (it is the top floor); nothing imports it.
"""

from truceline.cli.commands import main

__all__ = ["main"]

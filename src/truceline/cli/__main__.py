"""`python -m truceline.cli`: the `truceline` command."""

from truceline.cli.commands import main

main()

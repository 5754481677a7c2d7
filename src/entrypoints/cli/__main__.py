"""`python -m entrypoints.cli`: the same as the `strata` command."""

from entrypoints.cli.main import main

main()

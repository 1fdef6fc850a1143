"""`python -m searchkit` runs the command-line interface."""

from searchkit.cli import main

main()

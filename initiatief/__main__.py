"""`python -m initiatief` runs the command line."""

from initiatief.cli import main

main()

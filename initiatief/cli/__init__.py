"""The command line: the only code that imports typer. `main` runs it."""

from initiatief.cli.app import app, main

__all__ = ["app", "main"]

"""`schema`: the JSON Schema of an input file, for editors that check and complete YAML (docs/schema.md)."""

from pathlib import Path
from typing import Annotated

import typer

from initiatief.choices import SchemaKind
from initiatief.cli import terminal
from initiatief.cli.options import ForceOpt, not_standard_output
from initiatief.cli.terminal import note

_KINDS = ", ".join(k.value for k in SchemaKind)


def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(metavar="KIND", help=f"Which file's schema: {_KINDS} (default round).", show_default=False),
    ] = SchemaKind.ROUND,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the schema to this file instead of stdout.",
                     show_default=False,
                     callback=not_standard_output("a file", "leave out --output to print the schema")),
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Print the JSON Schema of round.yaml (or of a submission, score or decisions file) for your editor."""
    from initiatief.output.schema import schema_text
    from initiatief.writing import check_target, write_atomic

    text = schema_text(kind)
    if output is None:
        terminal.write(text)
        return
    check_target(output, (), force)
    write_atomic(output, text.encode("utf-8"), force=force)
    note(f"wrote {output} (JSON Schema of {'round.yaml' if kind is SchemaKind.ROUND else kind.value})")

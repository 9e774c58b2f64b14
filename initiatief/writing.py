"""Writing output files: atomically, never over an existing file unless forced, never over an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from initiatief.errors import OutputError


def check_target(path: Path, inputs: Iterable[Path], force: bool) -> None:
    """Raise OutputError if writing `path` would overwrite an input or an existing file without force."""
    target = path.resolve()
    for source in inputs:
        resolved = source.resolve()
        if target == resolved or (source.is_dir() and target.parent == resolved):
            raise OutputError(f"{path} is one of the round's input files; choose another output file")
    if target.is_dir():
        raise OutputError(f"{path} is a folder; give a file name")
    if target.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it")
    if not target.parent.is_dir():
        raise OutputError(f"the folder {path.parent} does not exist")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename, so no half file is ever left."""
    directory = path.resolve().parent
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def round_inputs(folder: Path) -> list[Path]:
    """Return the files and folders the loader reads in a round folder: outputs may not go there."""
    paths = [folder / "round.yaml", folder / "submissions.yaml", folder / "decisions.yaml"]
    for sub in ("submissions", "scores"):
        directory = folder / sub
        if directory.is_dir():
            paths.append(directory)
    return paths

"""The layout of a round folder: its file names, the order files are read in, progress reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from initiatief.errors import Problems

ROUND_FILE = "round.yaml"
SUBMISSIONS_DIR = "submissions"
SUBMISSIONS_FILE = "submissions.yaml"
SCORES_DIR = "scores"
DECISIONS_FILE = "decisions.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
SCORES_BROKEN = "*scores"
"""In the ids of what failed to load: a score file failed (its problems are reported already)."""
ALL_BROKEN = "*"
"""In the ids of submissions that failed to load: the whole submissions file failed."""

Progress = Callable[[str, int, int], None]
"""Called as progress(step, done, total) while a round loads; the CLI shows it as a bar."""


def data_files(folder: Path, shown: str, suffixes: tuple[str, ...], problems: Problems) -> list[Path]:
    """Return the data files in `folder` in a fixed order; other files are a problem."""
    paths = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.name.lower().startswith("readme"):
            continue
        if path.is_file() and path.suffix.lower() in suffixes:
            paths.append(path)
        else:
            hint = "export the sheet as CSV" if path.suffix.lower() in (".xlsx", ".xls", ".ods") else None
            problems.add(f"{shown}/{path.name}", None, "is not a data file here",
                         "files ending in " + " or ".join(suffixes), hint)
    return paths

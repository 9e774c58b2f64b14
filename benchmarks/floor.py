"""The floor for reading a round: parse its files and do nothing else.

    python benchmarks/floor.py ROUND [--keep]

Reads the files initiatief reads (round.yaml, submissions/*.yaml, submissions.yaml,
scores/*.yaml, *.csv and *.xlsx, decisions.yaml), decodes them as UTF-8 and parses each
YAML file with libyaml (``yaml.CSafeLoader``), each CSV file with the csv module and each
workbook with openpyxl in read-only mode (every row of its first sheet, as values), then
drops the result. With ``--keep`` every parsed file stays in memory until the end: the least
memory any program holding the whole round as Python objects needs.

`benchmarks/run.py` times this beside every command that loads a round, so a command's
time reads as "so many times the bare parse of the same bytes". It imports nothing of
initiatief, typer or rich (openpyxl only for a round with workbooks).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    print("floor.py: PyYAML has no libyaml (CSafeLoader); the floor would be the pure-Python parser", file=sys.stderr)
    raise SystemExit(3) from None

YAML_SUFFIXES = (".yaml", ".yml")


def round_files(folder: Path) -> list[Path]:
    """The files of a round folder that initiatief reads, in its order."""
    files = [folder / "round.yaml"]
    for sub in ("submissions", "scores"):
        if (folder / sub).is_dir():
            files += sorted(
                path
                for path in (folder / sub).iterdir()
                if path.suffix in YAML_SUFFIXES or (sub == "scores" and path.suffix in (".csv", ".xlsx"))
            )
    files += [folder / name for name in ("submissions.yaml", "decisions.yaml") if (folder / name).is_file()]
    return files


def parse(path: Path) -> Any:
    """Parse one file the cheapest way that still yields its values."""
    if path.suffix == ".xlsx":
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return list(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
    text = path.read_bytes().decode("utf-8-sig")
    if path.suffix == ".csv":
        return list(csv.reader(io.StringIO(text)))
    return yaml.load(text, Loader=Loader)


def main(argv: list[str]) -> int:
    """Parse every file of the round given in `argv`; keep them all with --keep."""
    keep = "--keep" in argv
    folders = [arg for arg in argv if arg != "--keep"]
    if len(folders) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    kept: list[Any] = []
    for path in round_files(Path(folders[0])):
        value = parse(path)
        if keep:
            kept.append(value)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

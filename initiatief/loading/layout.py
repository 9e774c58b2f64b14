"""The layout of a round folder: its file names, the order files are read in, progress reports."""

from __future__ import annotations

import os
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


CASE_BLIND = "on Windows and macOS file names do not tell case apart"
"""Why ids that differ only in case are refused: each names a file (a letter, a score sheet)."""

_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))})


def unusable_file_name(name: str) -> str | None:
    """Return why an id cannot name a file everywhere, or None: a Windows device name, with any extension
    (`nul`, `Con.2024`: writing nul.md there writes to no file, and the letter is lost), or a trailing '.',
    which Windows drops (`x.` would be the file of `x`)."""
    if name.split(".", 1)[0].casefold() in _DEVICES:
        return f"'{name.split('.', 1)[0]}' is a device name on Windows, not a file name"
    if name.endswith("."):
        return "Windows drops a '.' at the end of a file name"
    return None


def locate(root: Path, name: str, shown: str, problems: Problems, *, folder: bool = False) -> Path | None:
    """Return the path of one of the round's known files (or folders) if it is there to be read.

    None if it is absent (the caller decides whether that is a problem), or after recording
    a problem if something is there that must not be read: a folder, a pipe or a device
    where a file belongs (or the reverse), a link to nothing, or a link that leads outside
    the round folder. Anything at a known name is either read or reported, never skipped.
    """
    path = root / name
    display = f"{shown}/{name}"
    if not path.is_symlink() and not path.exists():
        return None
    refused = _refusal(root, path, folder)
    if refused is not None:
        problems.add(display, None, refused[0], refused[1])
        return None
    return path


def _refusal(root: Path, path: Path, folder: bool) -> tuple[str, str] | None:
    """Return (problem, expected) if the entry at `path` must not be read, else None."""
    inside = "a file inside the round folder" if not folder else "a folder inside the round folder"
    if path.is_symlink() and not path.exists():
        return "is a link to something that does not exist", inside
    try:
        leaves = not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return "is a link that cannot be followed", inside
    if leaves:
        return "is a link that leads outside the round folder (it is not read)", inside
    if folder and not path.is_dir():
        return "is not a folder", f"a folder named {path.name}/"
    if not folder and not path.is_file():
        return "is not a regular file (a folder, a pipe or a device)", "a YAML file"
    return None


def data_files(folder: Path, shown: str, suffixes: tuple[str, ...], problems: Problems) -> list[Path] | None:
    """Return the data files in `folder` in a fixed order (anything else there is a problem), or None if
    the folder cannot be listed (recorded as a problem)."""
    try:
        # The folder's entries know whether each is a link or a file (no stat per file, but for links).
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        problems.add(shown, None, f"cannot list the folder: {exc.strerror}", "a folder the tool may read")
        return None
    paths = []
    linked: list[Path] = []
    root = folder.parent
    for entry in entries:
        # `~$jury-a.xlsx` is the lock file Excel keeps while someone has jury-a.xlsx open. A README is notes, but
        # readme-lab.yaml is a submission with a valid id (import writes it for a plan titled "Readme lab"): read.
        hidden = entry.name.startswith((".", "~$"))
        if hidden and Path(entry.name).suffix.lower() in suffixes and entry.name not in (".yaml", ".yml"):
            # A data file all the same: skipping it would drop a plan or an assessor's scores without a word.
            lock = entry.name.startswith("~$")
            problems.add(f"{shown}/{entry.name}", None,
                         f"is Excel's lock file of {entry.name[2:]}, which is open in Excel" if lock else
                         "is a hidden file (its name starts with '.'), which initiatief does not read",
                         "no hidden or lock files among the data files",
                         f"save and close {entry.name[2:]} in Excel, which removes its lock file; if Excel is "
                         "closed, delete the lock file" if lock else
                         f"rename it to {entry.name.lstrip('.')} to have it read, or move it out of the folder")
            continue
        if hidden or (entry.name.lower().startswith("readme") and Path(entry.name).suffix.lower() not in suffixes):
            continue
        path = folder / entry.name
        link = entry.is_symlink()
        refused = _refusal(root, path, folder=False) if link else None
        if refused is not None:
            problems.add(f"{shown}/{path.name}", None, refused[0], refused[1])
            continue
        if (path.is_file() if link else entry.is_file(follow_symlinks=False)) and path.suffix.lower() in suffixes:
            if link:
                linked.append(path)
            paths.append(path)
        elif path.suffix.lower() in suffixes:  # moestuin.yaml as a folder, a pipe or a socket: named right, no file
            problems.add(f"{shown}/{path.name}", None, "is not a regular file (a folder, a pipe or a device)",
                         "a data file")
        else:
            hint = None
            if path.suffix.lower() in (".xlsx", ".xls", ".ods"):  # scores/ reads .xlsx; submissions/ only YAML
                hint = ("save it as .xlsx or as 'CSV UTF-8'" if ".xlsx" in suffixes else
                        "a form export goes in with 'initiatief import ROUND EXPORT' (docs/intake.md), kept "
                        "outside submissions/")
            problems.add(f"{shown}/{path.name}", None, "is not a data file here",
                         "files ending in " + " or ".join(suffixes), hint)
    return _once(paths, linked, shown, problems)


def _once(paths: list[Path], linked: list[Path], shown: str, problems: Problems) -> list[Path]:
    """Return `paths` without a link to a file that another of them is (or leads to), each such link a problem: read
    twice, one score file would be two assessors, one application two plans."""
    if not linked:
        return paths
    first: dict[Path, Path] = {}
    for path in paths:
        if path not in linked:
            first.setdefault(path.resolve(), path)
    twice: set[Path] = set()
    for path in linked:
        target = path.resolve()
        seen = first.setdefault(target, path)
        if seen is not path:
            problems.add(f"{shown}/{path.name}", None, f"is a link to the same file as {seen.name}",
                         "each data file once (a link to another file here would read it twice)")
            twice.add(path)
    return [path for path in paths if path not in twice]

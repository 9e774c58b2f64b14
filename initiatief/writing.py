"""Writing output files: atomically, never over an existing file unless forced, never over an input."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from initiatief.api import load_round
from initiatief.errors import InputError, OutputError, Problem, Problems
from initiatief.loading.layout import ROUND_FILE, SCORES_DIR, SUBMISSIONS_DIR
from initiatief.loading.yamlfile import YMap, parse_yaml
from initiatief.models import Round
from initiatief.reports.next_year import NextYear, next_definition
from initiatief.texts.templates import next_round_readme


def missing_folder(folder: Path) -> OutputError:
    """The error for a folder to write into that is not there: a file by that name is no folder that does not exist."""
    if folder.exists() or folder.is_symlink():
        return OutputError(f"{folder} is not a folder; give a path inside a folder")
    return OutputError(f"the folder {folder} does not exist")


def check_target(path: Path, inputs: Iterable[Path], force: bool) -> None:
    """Raise OutputError if `path` may not be written: an input of the round, a folder, something that is not
    a regular file (a device, a pipe, /dev/stdout), or an existing file without force.

    Checked before the round is evaluated, so the user hears at once; `write_atomic` checks
    again at the moment it writes, since a file may appear in between.
    """
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        raise OutputError(f"{path} is a link that cannot be followed; give a file name") from None
    # The inputs of the round written for, and of any round folder the target lies in (`schema -o round.yaml`, an
    # export of one round into another's folder): no output ever replaces a file a round is read from.
    for source in [*inputs, *_enclosing_round_inputs(target)]:
        resolved = source.resolve()
        if target == resolved or (source.is_dir() and target.parent == resolved):
            raise OutputError(f"{path} is one of the round's input files; choose another output file")
    if target.is_dir():
        raise OutputError(f"{path} is a folder; give a file name")
    if target.exists() and not target.is_file():
        raise OutputError(f"{path} is not a regular file (a device, a pipe or a terminal); give a file name")
    if target.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it")
    if not target.parent.is_dir():
        if path.is_symlink():  # a link to nothing: its own folder (often .) exists, the one it leads into not
            raise OutputError(f"{path} is a link into the folder {target.parent}, which does not exist; "
                              "give a file name")
        raise missing_folder(path.parent)


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` whole or not at all: into a temporary file beside it, then into place.

    Without `force` the file is put in place with a hard link, which fails if anything appeared
    at `path` meanwhile, so an existing file is never replaced, not even one created while a
    large round was evaluated, and of two writers to one new name only one succeeds. With
    `force` a rename replaces a regular file atomically. A disk that is full, a folder that is
    read-only, a name that is too long: each is an OutputError with the system's reason.
    """
    temporary: Path | None = None
    try:
        directory = path.resolve().parent
        if path.exists() and not path.resolve().is_file():
            raise OutputError(f"{path} is not a regular file (a device, a pipe or a terminal); give a file name")
        # A short temporary name: the target's own name may already be as long as a name can be.
        fd, name = tempfile.mkstemp(prefix=".initiatief-", suffix=".tmp", dir=directory)
        temporary = Path(name)
        with os.fdopen(fd, "wb") as handle:
            try:
                # mkstemp makes the file private (0600); an export is for others to read, as any new file.
                os.fchmod(fd, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
            except PermissionError:
                pass  # a file system without modes (FAT): the file gets what the mount gives every file
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(temporary, path)
        else:
            _link_into_place(temporary, path)
    except FileExistsError:
        raise OutputError(f"{path} already exists; use --force to overwrite it") from None
    except RuntimeError:  # a loop of links
        raise OutputError(f"{path} is a link that cannot be followed; give a file name") from None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def write_files(
    files: Iterable[tuple[Path, bytes]], *, force: bool = False, mode: int | None = None,
    created: Path | None = None, written: Callable[[Path], None] | None = None,
) -> None:
    """Write a set of files (letters, sheets) each with `write_atomic`, and all of them or none that were new.

    If one cannot be written (a full disk, a file that appeared meanwhile), the files this call
    created are taken away again, and so is the folder `created` (made for them) if it is empty
    then, before the OutputError goes on: never half the letters. A file replaced with `force`
    stays replaced. `mode` is given to each file as it is written; `written` hears of each.
    """
    new: list[Path] = []
    try:
        for path, content in files:
            try:
                existed = path.exists() or path.is_symlink()
            except OSError as exc:  # a name longer than the file system takes (a sheet for a 300-character id)
                raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
            write_atomic(path, content, force=force)
            if not existed:
                new.append(path)
            if mode is not None:
                os.chmod(path, mode)
            if written is not None:
                written(path)
    except BaseException:
        for path in new:
            with contextlib.suppress(OSError):
                path.unlink()
        if created is not None:
            with contextlib.suppress(OSError):
                created.rmdir()  # only if empty: nothing of anyone else's goes
        raise


def _link_into_place(temporary: Path, path: Path) -> None:
    """Put the temporary file at `path` only if nothing is there (atomically, where links work)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links (some network and FAT drives): create exclusively instead,
        # and take the file away again if it could not be written whole.
        with open(path, "xb") as handle:
            try:
                handle.write(temporary.read_bytes())
                handle.flush()
                os.fsync(handle.fileno())
            except BaseException:
                path.unlink(missing_ok=True)
                raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _enclosing_round_inputs(target: Path) -> list[Path]:
    """Return the inputs of the round folders that hold `target` directly or in one of their input folders."""
    found: list[Path] = []
    for folder in (target.parent, target.parent.parent):
        if (folder / "round.yaml").is_file():
            found.extend(round_inputs(folder))
    return found


def round_inputs(folder: Path) -> list[Path]:
    """Return the files and folders the loader reads in a round folder: outputs may not go there."""
    paths = [folder / "round.yaml", folder / "submissions.yaml", folder / "decisions.yaml"]
    for sub in ("submissions", "scores", "votes"):
        directory = folder / sub
        if directory.is_dir():
            paths.append(directory)
    return paths


def create_next_round(source: Path, target: Path, round_: Round, seed: str | None = None) -> NextYear:
    """Create the folder `target` holding next year's round.yaml and empty submissions/ and scores/.

    Built as `create_round` builds a folder: aside, loaded, then renamed into place.
    """
    advice = "choose a new folder for next year's round"
    _check_new_folder(target, advice)
    text = (source / ROUND_FILE).read_text(encoding="utf-8-sig")
    problems = Problems()
    parsed = parse_yaml(text, str(source / ROUND_FILE), problems)
    if not isinstance(parsed, YMap):
        raise InputError(problems.all())
    if seed is not None and (not seed.strip() or not seed.isprintable()):
        raise OutputError(f"the seed {seed!r} cannot be used; give a seed of letters, digits and punctuation")
    if round_.year >= 2200:  # the last year round.yaml takes: else the problem names a round.yaml never written
        raise InputError([Problem(str(source / ROUND_FILE), parsed.line_of("year"),
                                  f"round 'year' is {round_.year}, so the next round's would be {round_.year + 1}",
                                  "a year before 2200 to move on from")])
    upcoming = next_definition(round_, text, parsed, seed)
    readme = next_round_readme(round_.language, round_.name.replace(str(round_.year), str(upcoming.year)),
                               source.name, round_.year)

    def says_what_we_report(written: Round) -> None:
        # Never a folder whose seed or year is not what we say.
        if (written.allocation.seed, written.year) != (upcoming.seed, upcoming.year):
            raise OutputError(
                f"could not move the lottery seed or the year on in {source / ROUND_FILE} (is it written with an "
                "anchor, a tag or over several lines?); write them on one line each, as 'year: 2024' and "
                "'seed: ...', or create the folder by hand"
            )

    create_round(target, {ROUND_FILE: upcoming.text, "README.md": readme}, (SUBMISSIONS_DIR, SCORES_DIR),
                 advice=advice, check=says_what_we_report)
    return upcoming


def _check_new_folder(target: Path, advice: str) -> None:
    if target.exists() or target.is_symlink():
        raise OutputError(f"{target} already exists; {advice}")
    if not target.parent.is_dir():
        raise missing_folder(target.parent)


def _claim_and_rename(building: Path, target: Path, advice: str) -> None:
    """Put the folder built aside at `target`, never over anything that appeared there meanwhile.

    A rename replaces an empty folder, so the name is claimed first with mkdir (which fails if
    anything is there) and the built folder renamed onto that claim.
    """
    try:
        os.mkdir(target)
    except FileExistsError:
        raise OutputError(f"{target} already exists; {advice}") from None
    try:
        os.rename(building, target)
    except OSError:
        with contextlib.suppress(OSError):
            target.rmdir()
        raise


def create_round(
    target: Path, files: Mapping[str, str], folders: Iterable[str] = (), *,
    advice: str = "choose a new folder for the round", check: Callable[[Round], None] | None = None,
    private: Iterable[str] = (),
) -> Round:
    """Create the folder `target` holding `files` (path in the folder → text) and the empty `folders`.

    The files named in `private` (voters' ballots) are readable by their owner only (0600).

    Built under a temporary name beside the target, loaded (so it never appears broken) and
    given to `check`, then renamed into place; an existing path is refused, and on any failure
    nothing is left behind.
    """
    _check_new_folder(target, advice)
    hidden = set(private)
    try:
        building = Path(tempfile.mkdtemp(prefix=".initiatief-new-", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"cannot create {target}: {exc.strerror or exc}") from None
    try:
        building.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the round folder is not
        for name, text in files.items():
            path = building / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if name in hidden:  # private from the first byte: created 0600, not made so afterwards
                with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w",
                               encoding="utf-8", newline="") as handle:
                    handle.write(text)
            else:
                path.write_text(text, encoding="utf-8")
        for folder in folders:
            (building / folder).mkdir(parents=True, exist_ok=True)
            if not any((building / folder).iterdir()):
                (building / folder / ".gitkeep").write_text("", encoding="utf-8")  # git keeps no empty folder
        try:
            written = load_round(building)
        except InputError as exc:
            raise InputError([replace(p, file=p.file.replace(str(building), str(target), 1))
                              for p in exc.problems]) from None
        if check is not None:
            check(written)
        _claim_and_rename(building, target, advice)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise OutputError(f"cannot create {target}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return written


@dataclass(frozen=True)
class SubmissionFiles:
    """What writing the imported submissions into submissions/ does, file by file (by submission id)."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    """Files that exist and hold something else: replaced only with --force."""
    unchanged: tuple[str, ...]
    kept: tuple[str, ...]
    """Submission files in the folder that the export does not hold: left as they are."""


def plan_submissions(folder: Path, texts: Mapping[str, str]) -> SubmissionFiles:
    """Return what writing `texts` (submission id → file text) into the round's submissions/ would do."""
    directory = folder / SUBMISSIONS_DIR
    existing: dict[str, Path] = {}
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            if path.suffix.lower() in (".yaml", ".yml") and not path.name.startswith("."):
                existing.setdefault(path.stem, path)
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    for sub_id, text in texts.items():
        found = existing.get(sub_id)
        if found is None:
            added.append(sub_id)
            continue
        try:
            same = found.read_bytes() == text.encode("utf-8")
        except OSError as exc:
            raise OutputError(f"cannot read {found}: {exc.strerror or exc}") from None
        (unchanged if same else changed).append(sub_id)
    kept = tuple(sub_id for sub_id in existing if sub_id not in texts)
    return SubmissionFiles(tuple(added), tuple(changed), tuple(unchanged), kept)


def write_submissions(folder: Path, texts: Mapping[str, str], plan: SubmissionFiles, force: bool) -> None:
    """Write the added (and, with `force`, the changed) submission files, each atomically.

    Without `force`, a changed file stops everything before anything is written.
    """
    if plan.changed and not force:
        shown = ", ".join(f"{sub_id}.yaml" for sub_id in plan.changed[:10])
        more = f" and {len(plan.changed) - 10} more" if len(plan.changed) > 10 else ""
        raise OutputError(f"{files_differ(len(plan.changed))} from the export ({shown}{more}); "
                          "nothing was written; use --force to replace them")
    directory = folder / SUBMISSIONS_DIR
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise OutputError(f"{directory} is not a folder")
    try:
        directory.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {directory}: {exc.strerror or exc}") from None
    existing = {p.stem: p for p in directory.iterdir() if p.suffix.lower() in (".yaml", ".yml")}
    mode = 0o666 & ~_umask()
    replaced = set(plan.changed) if force else set()
    temporary = directory / f".initiatief-import-{os.getpid()}.tmp"
    try:
        for number, sub_id in enumerate((*plan.added, *sorted(replaced))):
            target = existing.get(sub_id) or directory / f"{sub_id}.yaml"
            # A name of its own each time: re-creating a name just unlinked is slow on some file systems.
            temporary = directory / f".initiatief-import-{os.getpid()}-{number}.tmp"
            # Each file whole or not at all, as write_atomic does, but cheaply enough for ten thousand:
            # one temporary name, no sync per file (one for all of them at the end).
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(texts[sub_id].encode("utf-8"))
            if sub_id in replaced:
                os.replace(temporary, target)
            else:
                _link_into_place(temporary, target)
                temporary.unlink()
        os.sync()
    except FileExistsError:
        raise OutputError(f"a file appeared in {directory} while importing; nothing more was written; "
                          "run the import again") from None
    except OSError as exc:
        raise OutputError(f"cannot write into {directory}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)


def files_differ(count: int) -> str:
    """Return what `import` (and its --dry-run) says of the submission files an export would change: '1 submission
    file differs', '2 submission files differ'."""
    return "1 submission file differs" if count == 1 else f"{count} submission files differ"


"""The bad-input corpus: every case in tests/bad_inputs must give exactly the error the user should see.

Each folder under tests/bad_inputs is a copy of examples/minimal with one thing broken
(`multiple-errors` breaks several files at once) and an `expected.txt` holding the exact
text `initiatief validate <case>` must print to stderr, run from inside tests/bad_inputs.
Every case must exit 1, without a traceback, without printing to stdout and without writing
a file. `score --format json` loads the round the same way and must report the same.

A case whose expected text describes what the tool *should* say, but does not yet, is listed
in KNOWN_BUGS with the reason and runs as a strict xfail: fixing the tool makes it pass, and
then the entry must be removed.

The accepted variants (a UTF-8 byte-order mark, Windows or old-Mac line endings) are built
at runtime from examples/minimal, as are the far-too-large files.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import MINIMAL, TESTS, invoke
from typer.testing import Result

from initiatief.loading import yamlfile

BAD_INPUTS = TESTS / "bad_inputs"
CASES = sorted(p.name for p in BAD_INPUTS.iterdir() if p.is_dir())
KNOWN_BUGS: dict[str, str] = {}


def _params() -> list[object]:
    params: list[object] = []
    for case in CASES:
        reason = KNOWN_BUGS.get(case)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(case, id=case, marks=marks))
    return params


def _assert_no_traceback(result: Result) -> None:
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"the tool crashed: {exc!r}"
    assert "Traceback" not in result.output


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` with its content, to prove that nothing was written."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _entries() -> list[str]:
    """Return the names in tests/bad_inputs (the working directory of the corpus tests)."""
    return sorted(p.name for p in BAD_INPUTS.iterdir())


def _expected(case: str) -> str:
    return (BAD_INPUTS / case / "expected.txt").read_text(encoding="utf-8")


@pytest.fixture
def in_bad_inputs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run from tests/bad_inputs, so that the CLI shows each case's folder as its name."""
    monkeypatch.chdir(BAD_INPUTS)
    yield BAD_INPUTS


# --- the corpus ----------------------------------------------------------------------


def test_corpus_is_complete() -> None:
    assert len(CASES) >= 40
    for case in CASES:
        assert (BAD_INPUTS / case / "expected.txt").is_file(), f"{case} has no expected.txt"
        assert _expected(case).startswith("error: "), f"{case}/expected.txt does not start with 'error: '"
    stale = sorted(set(KNOWN_BUGS) - set(CASES))
    assert not stale, f"KNOWN_BUGS names cases that do not exist: {stale}"


@pytest.mark.parametrize("case", _params())
def test_validate_reports_the_expected_error(case: str, in_bad_inputs: Path) -> None:
    before = _snapshot(in_bad_inputs / case)
    entries = _entries()
    result = invoke("validate", case)
    _assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    assert result.stderr == _expected(case)
    assert result.stdout == ""
    assert _snapshot(in_bad_inputs / case) == before, "validate changed the round folder"
    assert _entries() == entries, "validate wrote a file in the working directory"


@pytest.mark.parametrize("case", _params())
def test_score_reports_the_same_error(case: str, in_bad_inputs: Path) -> None:
    before = _snapshot(in_bad_inputs / case)
    entries = _entries()
    result = invoke("score", case, "--format", "json")
    _assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    assert result.stderr == _expected(case)
    assert result.stdout == ""
    assert _snapshot(in_bad_inputs / case) == before, "score changed the round folder"
    assert _entries() == entries, "score wrote a file in the working directory"


# --- files far too large (made at runtime, never committed) ----------------------------


def _copy_minimal(tmp_path: Path, name: str = "round") -> Path:
    folder = tmp_path / name
    shutil.copytree(MINIMAL, folder)
    return folder


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy_minimal(tmp_path)
    big = folder / "submissions" / "groot.yaml"
    with big.open("wb") as f:  # sparse: no disk space used, and the tool must not read it
        f.truncate(yamlfile.MAX_FILE_BYTES + 1)
    monkeypatch.chdir(tmp_path)
    before = _snapshot(folder)
    result = invoke("validate", "round")
    _assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: 1 problem found:\n"
        f"  round/submissions/groot.yaml: the file is {yamlfile.MAX_FILE_BYTES + 1:,} bytes; "
        f"expected at most {yamlfile.MAX_FILE_BYTES:,} bytes for a round file\n"
    )
    assert _snapshot(folder) == before




@pytest.mark.parametrize(
    "where",
    [
        "round.yaml",
        "submissions/moestuin.yaml",
        "scores/jury.yaml",
        "scores/jury.csv",
    ],
)
def test_a_valid_but_too_large_file_is_refused(where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy_minimal(tmp_path)
    if where.endswith(".csv"):
        (folder / "scores" / "jury.yaml").unlink()
        (folder / where).write_text("submission,impact,draagvlak\nmoestuin,5,4\nspeeltuin,4,5\nbuurtfeest,2,3\n")
    path = folder / where
    filler = "# " + "x" * 77 + "\n"
    path.write_bytes(path.read_bytes() + (filler * 60).encode())
    limit = 4096
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", limit)
    for other in folder.rglob("*"):
        assert other == path or other.is_dir() or other.stat().st_size <= limit
    size = path.stat().st_size
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "round")
    _assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: 1 problem found:\n"
        f"  round/{where}: the file is {size:,} bytes; expected at most {limit:,} bytes for a round file\n"
    )


# --- accepted variants ---------------------------------------------------------------


def _add_bom(folder: Path) -> None:
    for path in folder.rglob("*.yaml"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _crlf(folder: Path) -> None:
    for path in folder.rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def _bom_and_crlf(folder: Path) -> None:
    _crlf(folder)
    _add_bom(folder)


def _cr_only(folder: Path) -> None:
    for path in folder.rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))


def _excel_csv(folder: Path) -> None:
    """Scores as Excel saves 'CSV UTF-8' in a Dutch locale: BOM, CRLF, ';' and decimal commas."""
    (folder / "scores" / "jury.yaml").unlink()
    (folder / "scores" / "jury.csv").write_bytes(
        b"\xef\xbb\xbfsubmission;impact;draagvlak\r\nmoestuin;5;4\r\nspeeltuin;4,0;5\r\nbuurtfeest;2;3\r\n"
    )


VARIANTS = {"bom": _add_bom, "crlf": _crlf, "bom-and-crlf": _bom_and_crlf, "cr-only": _cr_only,
            "excel-csv": _excel_csv}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_accepted_variant_scores_like_the_original(
    variant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = _copy_minimal(tmp_path, "original")
    folder = _copy_minimal(tmp_path, variant)
    VARIANTS[variant](folder)
    monkeypatch.chdir(tmp_path)

    checked = invoke("validate", variant)
    _assert_no_traceback(checked)
    assert checked.exit_code == 0, checked.stderr
    assert checked.stderr == ""
    assert checked.stdout == f"{variant}: ok: 4 submissions, 4 at stage 'plan', 1 assessor\n"

    scored = invoke("score", variant, "--format", "json")
    _assert_no_traceback(scored)
    assert scored.exit_code == 0, scored.stderr
    assert scored.stdout == invoke("score", "original", "--format", "json").stdout
    assert original.is_dir()


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom-and-crlf"])
@pytest.mark.parametrize("case", ["amount-negative", "duplicate-key-requested", "multiple-errors", "csv-short-row"])
def test_line_numbers_survive_bom_and_crlf(
    case: str, variant: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / case
    shutil.copytree(BAD_INPUTS / case, folder)
    (folder / "expected.txt").unlink()
    for path in (p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv")):
        data = path.read_bytes()
        if "crlf" in variant:
            data = data.replace(b"\n", b"\r\n")
        if "bom" in variant:
            data = b"\xef\xbb\xbf" + data
        path.write_bytes(data)
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", case)
    _assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr == _expected(case)


def test_expected_files_use_unix_line_endings() -> None:
    for case in CASES:
        data = (BAD_INPUTS / case / "expected.txt").read_bytes()
        assert b"\r" not in data and data.endswith(b"\n"), case


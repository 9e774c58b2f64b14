"""Output files: never replace what they must not, and every failure of the machine is a clean message.

No-clobber is atomic (a hard link into place), targets that are not regular files are refused
even with --force, and a full disk, a read-only folder or a name at the length limit never
leave a traceback or a half file behind. A failed write keeps the old file whole; a new file
gets the mode any new file gets, and a replaced one keeps its own.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from helpers import EXAMPLES, MINIMAL, invoke

from initiatief import load_round
from initiatief.errors import OutputError
from initiatief.writing import check_target, create_next_round, write_atomic


def test_a_file_that_appears_after_the_check_is_not_destroyed(tmp_path: Path) -> None:
    target = tmp_path / "awards.csv"
    check_target(target, [], force=False)  # nothing there yet
    target.write_bytes(b"someone else's file")  # ... while a large round is evaluated
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(target, b"our awards")
    assert target.read_bytes() == b"someone else's file"
    assert [p.name for p in tmp_path.iterdir()] == ["awards.csv"]


def test_of_two_writers_to_one_new_name_only_the_first_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "awards.csv"
    write_atomic(target, b"first")
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(target, b"second")
    assert target.read_bytes() == b"first"


def test_force_replaces_a_regular_file(tmp_path: Path) -> None:
    target = tmp_path / "awards.csv"
    target.write_bytes(b"old")
    write_atomic(target, b"new", force=True)
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout"])
def test_a_target_that_is_not_a_regular_file_is_refused_even_with_force(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} does not exist here")
    before = os.stat("/dev/null")
    result = invoke("export", MINIMAL, "-o", device, "--format", "csv", "--force")
    assert result.exit_code == 1, result.output
    assert "is not a regular file" in result.stderr
    assert "Traceback" not in result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and os.stat("/dev/null").st_ino == before.st_ino


def test_a_name_as_long_as_names_may_be_is_written(tmp_path: Path) -> None:
    target = tmp_path / ("a" * 250 + ".csv")
    result = invoke("export", MINIMAL, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.is_file()


def test_a_full_disk_is_a_message_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = invoke("export", MINIMAL, "-o", tmp_path / "awards.csv")
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot write {tmp_path / 'awards.csv'}: No space left on device\n"
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_folder_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = invoke("export", MINIMAL, "-o", tmp_path / "awards.csv")
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot write {tmp_path / 'awards.csv'}: Read-only file system\n"


def test_new_into_a_dangling_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "next"
    target.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError, match="already exists"):
        create_next_round(MINIMAL, target, load_round(MINIMAL))
    assert target.is_symlink() and not target.exists()


def test_new_under_a_read_only_parent_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> str:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    result = invoke("new", tmp_path / "next", "--from", MINIMAL)
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot create {tmp_path / 'next'}: Permission denied\n"


def test_a_failed_write_leaves_no_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "awards.csv"

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b"half" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "awards.csv"
    target.write_bytes(b"old award list")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="I/O error"):
        write_atomic(target, b"new award list", force=True)
    assert target.read_bytes() == b"old award list"
    assert [p.name for p in tmp_path.iterdir()] == ["awards.csv"]


def test_exports_are_readable_like_any_new_file_and_keep_the_old_mode(tmp_path: Path) -> None:
    target = tmp_path / "awards.csv"
    old = os.umask(0o022)
    try:
        assert invoke("export", MINIMAL, "-o", target).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.chmod(0o640)
        assert invoke("export", MINIMAL, "-o", target, "--force").exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(old)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_standard_output_is_a_message_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "initiatief", "score", str(MINIMAL), "--format", "json"],
                              stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr == "error: cannot write to standard output: No space left on device\n"


def test_a_closed_standard_output_is_a_message_not_a_traceback() -> None:
    done = subprocess.run([sys.executable, "-m", "initiatief", "score", str(MINIMAL)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False,
                          preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr == "error: standard output is closed; nothing was written\n"


@pytest.mark.parametrize("args", [("score",), ("score", "--format", "json"), ("validate",), ("explain", "tuin-noord")])
def test_a_standard_output_that_cannot_hold_the_text_is_a_message_not_a_traceback(args: tuple[str, ...]) -> None:
    # An ASCII stdout cannot hold '€' or the table's lines: a clear error, exit 1, and nothing half-written.
    command, *rest = args
    done = subprocess.run([sys.executable, "-m", "initiatief", command, str(EXAMPLES / "cofinancing"), *rest],
                          capture_output=True, check=False, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    if command == "validate":  # its one line is plain ASCII: written as usual
        assert (done.returncode, done.stderr) == (0, b""), done.stderr
        return
    assert done.returncode == 1, done.stderr
    assert done.stdout == b""
    assert done.stderr.startswith(b"error: standard output uses the encoding ascii, which has no "), done.stderr
    assert done.stderr.endswith(b"; set PYTHONIOENCODING=utf-8 or use a UTF-8 terminal\n")


@pytest.mark.parametrize(("args", "name"), [
    (("--register",), "register.json"), (("--format", "csv"), "results.json"), (("--format", "json"), "results.md"),
])
def test_a_suffix_that_contradicts_the_format_is_refused(tmp_path: Path, args: tuple[str, ...], name: str) -> None:
    result = invoke("export", MINIMAL, "-o", tmp_path / name, *args)
    assert result.exit_code == 2, result.output
    assert f"'{name}' names a" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [
    ("export", MINIMAL, "--format", "csv"), ("export", MINIMAL, "--register"), ("schema", "round"),
    ("sheets", MINIMAL, "--assessor", "jury"), ("letters", EXAMPLES / "cofinancing"),
    ("import-pb", MINIMAL / "round.yaml"),
])
def test_a_dash_as_output_is_refused_not_written_as_a_file_named_dash(
    args: tuple[object, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # To most tools `-o -` is standard output; a file or folder named '-' in the working folder would surprise.
    monkeypatch.chdir(tmp_path)
    result = invoke(*args, "-o", "-")
    assert result.exit_code == 2, result.output
    assert "'-' would be a" in result.stderr and "not standard output" in " ".join(result.stderr.split())
    assert list(tmp_path.iterdir()) == []


def _failing_on(call: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the `call`-th file written fail as a full disk would."""
    from initiatief import writing

    real = writing.write_atomic
    calls = []

    def write(path: Path, data: bytes, *, force: bool = False) -> None:
        calls.append(path)
        if len(calls) == call:
            raise OutputError(f"cannot write {path}: No space left on device")
        real(path, data, force=force)

    monkeypatch.setattr(writing, "write_atomic", write)


@pytest.mark.parametrize("existing", [False, True])
def test_letters_that_cannot_all_be_written_leave_none_of_them(
    existing: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "letters"
    if existing:
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    _failing_on(3, monkeypatch)
    result = invoke("letters", EXAMPLES / "committee-decisions", "-o", out)
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.stderr
    if existing:
        assert [p.name for p in out.iterdir()] == ["notes.txt"]
    else:
        assert not out.exists()


def test_sheets_that_cannot_all_be_written_leave_none_of_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _failing_on(2, monkeypatch)
    result = invoke("sheets", MINIMAL, "-o", tmp_path / "out", "--assessor", "jury-a", "--assessor", "jury-b")
    assert result.exit_code == 1, result.output
    assert "wrote" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_loop_of_links_as_the_target_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    result = invoke("export", MINIMAL, "-o", tmp_path / "loop", "--format", "csv")
    assert result.exit_code == 1
    assert "is a link that cannot be followed" in result.stderr


def test_a_dangling_link_as_the_target_names_the_folder_it_leads_into(tmp_path: Path) -> None:
    # It said "the folder . does not exist" of the link's own folder, which does exist.
    (tmp_path / "out.csv").symlink_to(tmp_path / "nowhere" / "x.csv")
    result = invoke("export", MINIMAL, "-o", tmp_path / "out.csv", "--force")
    assert result.exit_code == 1
    assert f"out.csv is a link into the folder {tmp_path}/nowhere, which does not exist" in result.stderr
    assert (tmp_path / "out.csv").is_symlink() and not (tmp_path / "nowhere").exists()


def test_without_hard_links_a_file_is_created_exclusively_and_never_left_half(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_atomic(tmp_path / "awards.csv", b"whole")
    assert (tmp_path / "awards.csv").read_bytes() == b"whole"
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(tmp_path / "awards.csv", b"again")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="No space left"):
        write_atomic(tmp_path / "other.csv", b"half")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["awards.csv"]


@pytest.mark.parametrize("target", ["round.yaml", "decisions.yaml", "submissions/nieuw.yaml", "scores/jury.yaml"])
def test_no_output_replaces_an_input_of_a_round_folder_it_is_written_into(tmp_path: Path, target: str) -> None:
    # `schema` knows no round, and `export` of one round may aim at another's folder: a round folder the target
    # lies in is recognised by its round.yaml, --force or not.
    import shutil

    other = tmp_path / "andere-ronde"
    shutil.copytree(MINIMAL, other)
    (other / "decisions.yaml").write_text("[]\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in other.rglob("*") if p.is_file()}
    for args in (["schema", "round"], ["export", EXAMPLES / "cofinancing", "--format", "json"]):
        result = invoke(*args, "-o", other / target, "--force")
        assert result.exit_code == 1 and "is one of the round's input files" in result.output, result.output
    assert {p: p.read_bytes() for p in other.rglob("*") if p.is_file()} == before

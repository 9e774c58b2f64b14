"""What is at a known name in a round folder is read or reported, never skipped; links never leave the folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import EXAMPLES, invoke

from initiatief import InputError, load_round

DECISIONS = EXAMPLES / "committee-decisions"


def copy(tmp_path: Path, source: Path = DECISIONS) -> Path:
    folder = tmp_path / "round"
    shutil.copytree(source, folder)
    return folder


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_round(folder)
    return [str(p) for p in caught.value.problems]


def test_decisions_yaml_that_is_a_folder_is_a_problem_not_skipped(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    (folder / "decisions.yaml").unlink()
    (folder / "decisions.yaml").mkdir()
    assert problems_of(folder) == [
        f"{folder}/decisions.yaml: is not a regular file (a folder, a pipe or a device); expected a YAML file"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_decisions_yaml_that_is_a_pipe_is_a_problem_and_never_blocks(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    (folder / "decisions.yaml").unlink()
    os.mkfifo(folder / "decisions.yaml")
    assert problems_of(folder) == [
        f"{folder}/decisions.yaml: is not a regular file (a folder, a pipe or a device); expected a YAML file"
    ]


@pytest.mark.parametrize("where", ["submissions/extra.yaml", "scores/jury-c.csv"])
def test_an_entry_named_like_a_data_file_that_is_no_file_is_called_so(where: str, tmp_path: Path) -> None:
    # Not "is not a data file here; expected files ending in .yaml": it does end in .yaml.
    folder = copy(tmp_path)
    (folder / where).mkdir()
    assert problems_of(folder) == [
        f"{folder}/{where}: is not a regular file (a folder, a pipe or a device); expected a data file"
    ]


def test_a_dangling_link_at_a_known_name_is_a_problem(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    (folder / "decisions.yaml").unlink()
    (folder / "decisions.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert problems_of(folder) == [
        f"{folder}/decisions.yaml: is a link to something that does not exist; expected a file inside the round folder"
    ]


def test_a_submissions_yaml_that_is_a_folder_is_a_problem(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    (folder / "submissions.yaml").mkdir()
    assert f"{folder}/submissions.yaml: is not a regular file" in "\n".join(problems_of(folder))


def test_a_link_that_leaves_the_round_is_refused_and_its_content_never_shown(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("wachtwoord: hunter2 is geen inzending\n", encoding="utf-8")
    (folder / "submissions" / "lek.yaml").symlink_to(secret)
    found = problems_of(folder)
    assert found == [
        f"{folder}/submissions/lek.yaml: is a link that leads outside the round folder (it is not read); "
        "expected a file inside the round folder"
    ]
    result = invoke("validate", folder, "--format", "json")
    assert result.exit_code == 1
    assert "hunter2" not in result.stdout + result.stderr


def test_a_link_inside_the_round_is_followed(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    (folder / "kopie").mkdir()
    (folder / "submissions" / "moestuin.yaml").rename(folder / "kopie" / "moestuin.yaml")
    (folder / "submissions" / "moestuin.yaml").symlink_to(folder / "kopie" / "moestuin.yaml")
    assert load_round(folder).submissions


@pytest.mark.parametrize(("sub", "name", "link"), [("scores", "jury.yaml", "jury-c.yaml"),
                                                   ("submissions", "moestuin.yaml", "a-moestuin.yaml"),
                                                   ("submissions", "moestuin.yaml", "z-moestuin.yaml")])
def test_a_link_to_another_data_file_of_its_folder_is_a_problem_not_read_twice(
    tmp_path: Path, sub: str, name: str, link: str,
) -> None:
    # Read twice, one score file would be two assessors (and move a plan over the pass mark), one application two.
    folder = copy(tmp_path, EXAMPLES / "minimal")
    (folder / sub / link).symlink_to(name)
    assert problems_of(folder) == [f"{folder}/{sub}/{link}: is a link to the same file as {name}; expected each data "
                                   "file once (a link to another file here would read it twice)"]


def test_scores_that_is_a_file_is_a_problem(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    shutil.rmtree(folder / "scores")
    (folder / "scores").write_text("jury: 5\n", encoding="utf-8")
    assert problems_of(folder) == [f"{folder}/scores: is not a folder; expected a folder named scores/"]


def test_an_unreadable_scores_folder_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy(tmp_path)
    real_iterdir = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self.name == "scores":
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    real_scandir = os.scandir

    def scandir(path: Path):  # type: ignore[no-untyped-def]
        if Path(path).name == "scores":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    monkeypatch.setattr(os, "scandir", scandir)  # how loading/layout.py lists a folder
    assert problems_of(folder) == [
        f"{folder}/scores: cannot list the folder: Permission denied; expected a folder the tool may read"
    ]


def test_a_data_file_whose_name_starts_with_readme_is_read_and_notes_are_not(tmp_path: Path) -> None:
    # `import` names a plan titled "Readme lab" readme-lab.yaml: skipped as notes, it left the round unseen.
    folder = copy(tmp_path, EXAMPLES / "minimal")
    shutil.copy(folder / "submissions" / "festival.yaml", folder / "submissions" / "readme-lab.yaml")  # ineligible
    (folder / "submissions" / "README.md").write_text("notes, not a plan\n", encoding="utf-8")
    (folder / "scores" / "README.txt").write_text("notes\n", encoding="utf-8")
    assert "readme-lab" in {s.id for s in load_round(folder).submissions}


def test_a_form_export_in_submissions_is_told_the_way_in_by_import(tmp_path: Path) -> None:
    folder = copy(tmp_path)
    (folder / "submissions" / "aanvragen.xlsx").write_bytes(b"PK")
    (folder / "scores" / "jury.ods").write_bytes(b"PK")
    found = problems_of(folder)
    assert f"{folder}/submissions/aanvragen.xlsx: is not a data file here; expected files ending in .yaml or .yml " \
           "(a form export goes in with 'initiatief import ROUND EXPORT' (docs/intake.md), kept outside " \
           "submissions/)" in found
    assert any(p.startswith(f"{folder}/scores/jury.ods: is not a data file here") and "save it as .xlsx" in p
               for p in found)


def test_a_hidden_data_file_or_an_excel_lock_file_is_a_problem_and_other_dot_files_are_ignored(tmp_path: Path) -> None:
    # Skipped, .tuin.yaml dropped a plan and ~$jury.xlsx hid that the workbook was open, both without a word.
    folder = copy(tmp_path, EXAMPLES / "minimal")
    shutil.copy(folder / "submissions" / "moestuin.yaml", folder / "submissions" / ".tuin.yaml")
    (folder / "scores" / "~$jury-b.xlsx").write_bytes(b"\x0bjury-b lock")
    (folder / "submissions" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / "scores" / ".gitkeep").write_text("", encoding="utf-8")
    found = problems_of(folder)
    assert len(found) == 2, found
    assert any("submissions/.tuin.yaml: is a hidden file" in p and "rename it to tuin.yaml" in p for p in found)
    assert any("scores/~$jury-b.xlsx: is Excel's lock file of jury-b.xlsx, which is open in Excel" in p
               for p in found)

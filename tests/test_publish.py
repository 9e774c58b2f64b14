"""The publishing commands: report, export --register and .html, compare, and the yearly script."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from initiatief.cli.app import app

ROOT = Path(__file__).parent.parent
CHALLENGE = ROOT / "rounds" / "2017-sociale-ondernemers-challenge"
runner = CliRunner(env={"COLUMNS": "120"})


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json"])
def test_report_reproduces_the_seed_paragraph_in_every_format(fmt: str) -> None:
    result = runner.invoke(app, ["report", str(CHALLENGE), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    text = result.stdout if fmt != "json" else json.loads(result.stdout)["paragraph"]
    flat = " ".join(text.split())
    assert "leverde meer dan 100 ideeën op" in flat
    assert "Dit leidde tot 48 plannen." in flat
    assert "31 initiatieven hebben op basis van criteria een financiële bijdrage ontvangen." in flat
    for winner in ("Waterrijk Pioniers met 'Waste no wasteland'", "Stichting Goed Bezig met 'Fietsvriend Fred'",
                   "Werkpodium Kraack met 'De bedrijfskantine op bakfietswielen'"):
        assert winner in flat.replace("&#x27;", "'"), winner


def test_export_html_by_suffix_writes_the_report(tmp_path: Path) -> None:
    target = tmp_path / "verslag.html"
    result = runner.invoke(app, ["export", str(CHALLENGE), "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page


def test_export_register_opens_as_columns(tmp_path: Path) -> None:
    target = tmp_path / "register.csv"
    result = runner.invoke(app, ["export", str(CHALLENGE), "--register", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    data = target.read_bytes()
    assert data.startswith("\ufeffDOSSIERNUMMER;AANVRAGER;".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    awards = [r for r in rows if not r["DOSSIERNUMMER"].endswith("-prijs")]
    assert len(awards) == 31
    assert {r["SUBSIDIEJAAR"] for r in rows} == {"2017"}
    assert rows[0]["BELEIDSTERREIN"] == "Actief burgerschap en bewonersinitiatieven"
    assert all("," in r["BEDRAG_VERLEEND"] and "." not in r["BEDRAG_VERLEEND"] for r in rows)


def test_register_refuses_options_it_ignores(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(CHALLENGE), "--register", "--include-personal",
                                 "-o", str(tmp_path / "r.csv")])
    assert result.exit_code == 2
    assert not (tmp_path / "r.csv").exists()


def test_compare_two_years() -> None:
    result = runner.invoke(app, ["compare", str(ROOT / "rounds" / "2017-innovatie-atelier"),
                                 str(ROOT / "rounds" / "2018-innovatie-atelier"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [r["year"] for r in data["rounds"]] == [2017, 2018]
    awarded = next(line for line in data["lines"] if line["group"] == "funnel" and line["name"] == "awarded")
    assert (awarded["first"], awarded["second"], awarded["change"]) == (5, 0, -5)
    money = next(line for line in data["lines"] if line["name"] == "awarded" and line["group"] == "money")
    assert money == {"group": "money", "name": "awarded", "first": "39000.00", "second": "0.00",
                     "change": "-39000.00"}


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_yearly_script_runs_a_whole_year(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", "examples/yearly.sh", "examples/minimal", str(tmp_path / "year")],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    year = tmp_path / "year"
    assert sorted(p.name for p in year.iterdir()) == [
        "awards.csv", "jaarverslag.md", "next-round", "outcome.json", "register.csv", "report.html"
    ]
    assert json.loads((year / "outcome.json").read_text(encoding="utf-8"))["round"]["year"] == 2025
    register = (year / "register.csv").read_text(encoding="utf-8-sig").splitlines()
    assert register[1].startswith("2025-moestuin;Stichting Groen Dichtbij;")
    assert "(Particulier)" in register[2]

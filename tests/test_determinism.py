"""Determinism: the same round gives the same bytes, whatever Python's hash seed and the order files are listed in."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLES, invoke, run_process


def score_bytes(folder: Path, fmt: str, hash_seed: str) -> bytes:
    """Return what `score --format FMT` prints, run in a new process with PYTHONHASHSEED=`hash_seed`."""
    done = run_process("score", folder, "--format", fmt, env={"PYTHONHASHSEED": hash_seed})
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_same_bytes_with_another_hash_seed(fmt: str) -> None:
    folder = EXAMPLES / "cofinancing"
    assert score_bytes(folder, fmt, "1") == score_bytes(folder, fmt, "4242")


def test_same_bytes_whatever_order_the_files_are_listed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = EXAMPLES / "lottery-tie"
    first = invoke("score", folder, "--format", "json").stdout
    original = Path.iterdir

    def reversed_listing(self: Path) -> list[Path]:
        return sorted(original(self), reverse=True)

    real_scandir = os.scandir

    class ReversedScandir:  # os.scandir, as loading/layout.py lists a folder: the entries last to first
        def __init__(self, path: Any) -> None:
            with real_scandir(path) as listing:
                self.entries = sorted(listing, key=lambda entry: entry.name, reverse=True)

        def __iter__(self) -> Any:
            return iter(self.entries)

        def __enter__(self) -> ReversedScandir:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(Path, "iterdir", reversed_listing)
    monkeypatch.setattr(os, "scandir", ReversedScandir)
    assert invoke("score", folder, "--format", "json").stdout == first

"""Never a traceback: whatever a user does to a valid round folder, the CLI either accepts it or
explains what is wrong (exit 1, 'error: N problems found:' and one line per problem).

Hypothesis mutates copies of examples/minimal (also with the scores as CSV, with the
submissions in one submissions.yaml, and examples/committee-decisions with its decisions.yaml)
the ways files really get broken: a key deleted, a value of the wrong type, a value replaced by
raw YAML (an impossible date, a tag, a huge number, markup, escapes), a file cut short, a line
duplicated, two lines swapped, random bytes inserted. Every file is mutated, round.yaml and
decisions.yaml included. `validate` and `score --format json` run in-process on the result,
and when it loads, one more command in one more format.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from helpers import EXAMPLES, MINIMAL, invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

DECISIONS = EXAMPLES / "committee-decisions"
Files = dict[str, bytes]

_SCORES_CSV = b"submission,impact,draagvlak\nmoestuin,5,4\nspeeltuin,4,5\nbuurtfeest,2,3\n"
_HEADER = re.compile(r"error: (\d+) problems? found:")


def _read(folder: Path) -> Files:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _with_csv_scores(files: Files) -> Files:
    out = {k: v for k, v in files.items() if k != "scores/jury.yaml"}
    out["scores/jury.csv"] = _SCORES_CSV
    return out


def _with_one_submissions_file(files: Files) -> Files:
    out = {k: v for k, v in files.items() if not k.startswith("submissions/")}
    items = []
    for name, data in sorted(files.items()):
        if name.startswith("submissions/"):
            item = yaml.safe_load(data)
            items.append({"id": Path(name).stem, **item})
    out["submissions.yaml"] = yaml.safe_dump(items, allow_unicode=True, sort_keys=False).encode()
    return out


_ORIGINAL = _read(MINIMAL)
BASES: dict[str, Files] = {
    "minimal": _ORIGINAL,
    "csv-scores": _with_csv_scores(_ORIGINAL),
    "one-submissions-file": _with_one_submissions_file(_ORIGINAL),
    "decisions": _read(DECISIONS),
}

# --- values of the wrong type (and right type, wrong value) ----------------------------------

# Line breaks included: a problem about such a value must still take one line.
_nasty_text = st.sampled_from([
    "a\nb", "twintig\nvierentwintig\n",
    "", " ", "~", "null", "yes", "no", "NaN", "-1", "0", "1e3", "1,5", "15.000", "€ 5000", "50%", "150%",
    "2017-02-30", "lottery", "plan", "x" * 300, "ö", "\u200b", "{", "[", "*alias", "&anchor",
    "!!python/object/apply:os.system", "'", '"', "#", "- ", ": ", "9e99999999999999999", "1e-999999999",
])
_values: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 1, 5, 6, 2024, 10**12, 10**13]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.001, 2.5, 15.000, 1e-9, 1e300]),
    _nasty_text,
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=12),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2300, 1, 1)),
    st.lists(st.sampled_from([1, "a", None]), max_size=3),
    st.dictionaries(st.sampled_from(["a", "id", "min", "any"]), st.sampled_from([1, "a", None]), max_size=2),
)

# --- mutations ---------------------------------------------------------------------------


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Return the path to every value inside a loaded YAML document."""
    found: list[tuple[Any, ...]] = []
    items: list[tuple[Any, Any]] = []
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    for key, value in items:
        path = (*prefix, key)
        found.append(path)
        found.extend(_paths(value, path))
    return found


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


def _load(data: bytes) -> Any:
    return yaml.safe_load(data.decode("utf-8"))


def _dump(doc: Any) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()


def delete_key(data: st.DataObject, content: bytes) -> bytes:
    doc = _load(content)
    paths = [p for p in _paths(doc) if isinstance(_parent(doc, p), dict)]
    if not paths:
        return content
    path = data.draw(st.sampled_from(paths), label="delete key")
    del _parent(doc, path)[path[-1]]
    return _dump(doc)


def change_type(data: st.DataObject, content: bytes) -> bytes:
    doc = _load(content)
    paths = _paths(doc)
    if not paths:
        return content
    path = data.draw(st.sampled_from(paths), label="change value at")
    _parent(doc, path)[path[-1]] = data.draw(_values, label="new value")
    return _dump(doc)


def cut_short(data: st.DataObject, content: bytes) -> bytes:
    return content[: data.draw(st.integers(0, len(content)), label="cut at byte")]


def _lines(content: bytes) -> list[bytes]:
    return content.splitlines(keepends=True)


def duplicate_line(data: st.DataObject, content: bytes) -> bytes:
    lines = _lines(content)
    if not lines:
        return content
    i = data.draw(st.integers(0, len(lines) - 1), label="duplicate line")
    line = lines[i] if lines[i].endswith(b"\n") else lines[i] + b"\n"
    return b"".join([*lines[:i], line, *lines[i:]])


def swap_lines(data: st.DataObject, content: bytes) -> bytes:
    lines = _lines(content)
    if len(lines) < 2:
        return content
    lines = [line if line.endswith(b"\n") else line + b"\n" for line in lines]
    i = data.draw(st.integers(0, len(lines) - 1), label="swap line")
    j = data.draw(st.integers(0, len(lines) - 1), label="with line")
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


_raw_values = st.sampled_from([
    b"2017-02-30", b"2017-13-01", b"!!binary aGVsbG8=", b"!!set {a}", b"!!python/object/apply:os.system [ls]",
    b"9" * 5000, b"1" * 4301, b'"\\0"', b'"a\\x1b[2Jb"', b'"\\u202e"', b"[/b]", b"'[link=https://x]y[/link]'",
    b"a:x:b", b"'<script>x</script>'", b"'# heading'", b"'a|b'", b"no", b"yes", b"'20170502'", b"'2017-W05-1'",
    b"\xef\xbc\x95\xef\xbc\x90\xef\xbc\x90", b"{}", b"[]", b"~", b"*x", b"&x 1", b"'=1+1'",
])


def raw_value(data: st.DataObject, content: bytes) -> bytes:
    """Replace the value after one 'key:' with raw YAML text (not quoted by a dumper)."""
    lines = _lines(content)
    keyed = [i for i, line in enumerate(lines) if b": " in line and not line.lstrip().startswith(b"#")]
    if not keyed:
        return content
    i = data.draw(st.sampled_from(keyed), label="raw value on line")
    key = lines[i].split(b": ", 1)[0]
    value = data.draw(_raw_values, label="raw value")
    lines[i] = key + b": " + value + b"\n"
    return b"".join(lines)


_interesting_bytes = st.sampled_from([
    b"\t", b"\x00", b"\xff", b"\xe9", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\n", b":", b"- ", b"{", b"[", b"]", b"}",
    b"'", b'"', b"&a ", b"*a", b"!!", b"%YAML 1.2\n", b"---\n", b"...\n", b"<<: ", b"#", b",", b";", b"\xc3",
])


def insert_bytes(data: st.DataObject, content: bytes) -> bytes:
    at = data.draw(st.integers(0, len(content)), label="insert at byte")
    extra = data.draw(st.one_of(st.binary(min_size=1, max_size=8), _interesting_bytes), label="inserted bytes")
    return content[:at] + extra + content[at:]


Mutation = Callable[[st.DataObject, bytes], bytes]
STRUCTURAL: list[Mutation] = [delete_key, change_type]
TEXTUAL: list[Mutation] = [raw_value, raw_value, cut_short, duplicate_line, swap_lines, insert_bytes]

# What else runs on a round that loads: every command and format that prints an outcome.
MORE: list[tuple[str, ...]] = [
    (command, "--format", fmt) for command in ("score", "winners") for fmt in ("table", "csv", "markdown")
] + [("report", "--format", fmt) for fmt in ("table", "markdown", "html", "json")] + [
    ("compare-methods", "--format", "json"), ("compare-methods", "--format", "table"),
    ("score", "--format", "csv", "--excel"),
]

# --- running the CLI -------------------------------------------------------------------------


def _check_outcome(result: Result, folder: str, command: str) -> None:
    """Allow exactly two outcomes: success, or exit 1 with a well-formed list of problems."""
    exc = result.exception
    where = f"{command} {folder}"
    assert exc is None or isinstance(exc, SystemExit), f"{where}: the tool crashed with {exc!r}"
    assert "Traceback" not in result.output, f"{where}: a traceback was printed"
    assert result.exit_code in (0, 1), f"{where}: exit code {result.exit_code}\n{result.output}"
    if result.exit_code == 0:
        assert not result.stderr.startswith("error"), f"{where}: exit 0 after an error\n{result.stderr}"
        if command == "validate":
            assert result.stdout.startswith(f"{folder}: ok: "), f"{where}: exit 0 without 'ok'\n{result.stdout}"
        return
    lines = result.stderr.removesuffix("\n").split("\n") if result.stderr else []
    assert lines, f"{where}: exit 1 without a message"
    header = _HEADER.fullmatch(lines[0])
    assert header is not None, f"{where}: stderr does not start with 'error: N problems found:'\n{result.stderr}"
    assert int(header.group(1)) == len(lines) - 1, f"{where}: problem count does not match\n{result.stderr}"
    for line in lines[1:]:
        assert line.startswith(f"  {folder}"), f"{where}: a problem that names no file of the round: {line!r}"
    assert result.stdout == "", f"{where}: printed to stdout after an error\n{result.stdout}"


@settings(max_examples=settings().max_examples * 5 // 2)  # the widest property: more examples
@given(data=st.data())
def test_mutated_rounds_never_crash(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(sorted(BASES)), label="base")
    files = dict(BASES[base])
    yaml_names = sorted(name for name in files if name.endswith(".yaml"))
    # Structural mutations first, while every file is still valid YAML; then damage the bytes.
    for mutation in data.draw(st.lists(st.sampled_from(STRUCTURAL), max_size=2), label="structural"):
        name = data.draw(st.sampled_from(yaml_names), label=f"{mutation.__name__} in")
        files[name] = mutation(data, files[name])
    for mutation in data.draw(st.lists(st.sampled_from(TEXTUAL), max_size=3), label="textual"):
        name = data.draw(st.sampled_from(sorted(files)), label=f"{mutation.__name__} in")
        files[name] = mutation(data, files[name])

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "round"
        for name, content in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)
        before = _read(folder)

        checked = invoke("validate", str(folder))
        scored = invoke("score", str(folder), "--format", "json")
        _check_outcome(checked, str(folder), "validate")
        _check_outcome(scored, str(folder), "score")

        assert scored.exit_code == checked.exit_code, "validate and score disagree about the round"
        if scored.exit_code == 1:
            assert scored.stderr == checked.stderr, "validate and score report different problems"
        else:
            document = json.loads(scored.stdout)
            command, *options = data.draw(st.sampled_from(MORE), label="then")
            more = invoke(command, str(folder), *options)
            assert more.exception is None or isinstance(more.exception, SystemExit), f"{command} {options} crashed"
            assert more.exit_code == 0, f"{command} {options} failed on a round that loads\n{more.output}"
            for result in document["results"][:3]:
                told = invoke("explain", str(folder), result["id"])
                assert told.exit_code == 0, f"explain {result['id']} failed\n{told.output}"
        assert _read(folder) == before, "the round folder was changed"


def test_the_bases_are_valid() -> None:
    """The mutations start from folders the tool accepts, so every failure is the mutation's."""
    for name, files in BASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / name
            for rel, content in files.items():
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(content)
            result = invoke("validate", str(folder))
            assert result.exit_code == 0, result.output

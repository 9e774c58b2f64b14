"""plainyaml: the fast reader of the common shape gives exactly the full way's values and lines, or steps aside."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatief.errors import Problems
from initiatief.loading import plainyaml
from initiatief.loading.plainyaml import read_plain
from initiatief.loading.yamlfile import YList, YMap, parse_composed, parse_yaml, read_bytes

ROOT = Path(__file__).resolve().parent.parent


def shape(value: Any) -> Any:
    """Everything a reader of located values can see: types, values, every line and every written text."""
    if isinstance(value, YMap):
        return ("map", value.line, dict(value.key_lines), dict(value.written),
                [(key, shape(item)) for key, item in value.items()])
    if isinstance(value, YList):
        return ("list", value.line, list(value.item_lines), [shape(item) for item in value])
    if isinstance(value, Decimal) and value.is_nan():
        return (Decimal, "NaN")
    return (type(value), value)


def composed(text: str) -> tuple[Any, list[tuple[int | None, str]]]:
    problems = Problems()
    value = parse_composed(text, "f.yaml", problems)
    return value, [(p.line, p.problem) for p in problems.items]


def assert_same_as_composed(text: str) -> bool:
    """If the fast reader reads `text`, assert the full way reads it without a problem to the same values;
    return whether it read it."""
    fast = read_plain(text)
    if fast is None:
        return False
    full, problems = composed(text)
    assert problems == [], text
    assert shape(fast) == shape(full), text
    return True


def _repository_yaml() -> list[str]:
    texts = []
    for folder in ("rounds", "examples", "tests", "docs", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.y*ml")):
            data = path.read_bytes()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                continue
            texts.append(text)
    return texts


def test_every_yaml_file_of_the_repository_reads_the_same_both_ways() -> None:
    texts = _repository_yaml()
    read = sum(assert_same_as_composed(text) for text in texts)
    assert len(texts) > 500
    assert read > len(texts) // 2  # the common shape is common: most files take the fast way


def test_the_generated_benchmark_rounds_take_the_fast_way(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "-n", "300", str(tmp_path / "r")],
                   check=True, capture_output=True)
    files = sorted((tmp_path / "r" / "submissions").iterdir())
    assert len(files) == 300
    assert all(assert_same_as_composed(path.read_text(encoding="utf-8")) for path in files)


def test_one_token_per_line_whatever_the_lines() -> None:
    for text in ["", "\n", "a: 1", "a: 1\n", "\n\n\na: 1\n\n", "  \n \na:\n  b: 2\n   \n", "x\n\n\n"]:
        assert len(plainyaml._LINE.findall(text)) == len(text.split("\n"))


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",                    # an anchor and an alias
    "a: !!str 5\n",                        # a tag
    "a: 1 # the amount\n",                 # a comment after a value
    "\"a\": 1\n",                          # a quoted key
    "a: first line\n  second line\n",      # a plain value over two lines
    "a:\n\tb: 1\n",                        # a tab
    "a: 1\na: 2\n",                        # a duplicate key
    "a: 1\r\nb: 2\r\n",                    # Windows line ends
    "a: >-\n  one\n\n  two\nb: 1\n",       # a blank line inside a block scalar
    "a: >-\n  one\n    two\n",             # a more indented line in a folded scalar
    "a: |+\n  kept\n\n",                   # keep chomping
    "a: >2\n   indented\n",                # an indentation indicator
    "a: \"say \\\"hi\\\"\"\n",             # an escape
    "a: 'it''s'\n",                        # a doubled single quote
    "a: [x, [y]]\n",                       # a nested flow list
    "a: {b: {c: 1}}\n",                    # a nested flow mapping
    "a: [x, ]\n",                          # a trailing comma
    "- a\n- b\n",                          # a list at the top
    "--- \na: 1\n",                        # a document marker
    "a: 1\n...\n",                         # a document end
    "<<: {b: 1}\n",                        # a merge key
    "a: =\n",                              # a value YAML tags as no plain value
    "a: 2017-02-30\n",                     # an impossible date: the full way words it
    "a: \"x\x07y\"\n",                     # a control character
    "a:\n  - b: 1\n",                      # a mapping inside a list
    "a: b: c\n",                           # a mapping value where none may be
    "a: b:\n",                             # the same at the end of the line
    "# only a comment\n",                  # nothing
    "   a: 1\n",                           # an indented top
    "a:\n    b: 1\n  c: 2\n",              # an indentation no open mapping has
    "a: x" + "y" * plainyaml.MAX_CHARACTERS + "\n",  # a long text
    "".join(f"{' ' * 2 * i}k{i}:\n" for i in range(plainyaml.MAX_DEPTH + 2)) + "  " * 30 + "v: 1\n",  # deep
])
def test_anything_outside_the_common_shape_goes_the_full_way(text: str) -> None:
    assert read_plain(text) is None


def test_a_duplicate_key_is_still_reported_with_both_lines() -> None:
    problems = Problems()
    parse_yaml("title: A\nstage: plan\ntitle: B\n", "f.yaml", problems)
    assert [(p.line, p.problem) for p in problems.items] == [(3, "duplicate key 'title' (first at line 1)")]


def test_the_fast_way_reads_what_the_walker_would_keep_as_written() -> None:
    text = "seed: +5\nshare: 1.50\ncode: 0x1F\ntitle: 010\nn: 12\nwhen: 1:30\n"
    assert assert_same_as_composed(text)
    value = read_plain(text)
    assert value is not None
    assert value.written == {"seed": "+5", "share": "1.50", "code": "0x1F", "title": "010", "when": "1:30"}


def test_nested_values_and_their_lines() -> None:
    text = ("# a submission\ntitle: Moestuin\napplicant:\n  name: Stichting Groen\n  kind: organisation\n\n"
            "facts:\n  doelgroepen:\n  - jeugd\n  - 'ouderen'\n  leeg:\n  vrijwilligers: 12\n"
            "summary: >-\n  Een tuin\n  voor de wijk.\ntags: [a, \"b c\"]\nwho: {name: X, kind: person}\n"
            "notes: |\n  one\n    two\nend: ~\n")
    assert assert_same_as_composed(text)
    value = read_plain(text)
    assert value is not None
    assert value["facts"]["doelgroepen"] == ["jeugd", "ouderen"]
    assert value["facts"].line_of("vrijwilligers") == 12
    assert value["summary"] == "Een tuin voor de wijk."
    assert value["notes"] == "one\n  two\n"
    assert value["facts"]["leeg"] is None and value["end"] is None


# --- generated documents: whatever the fast way reads, it reads as the full way does -------------------

_KEYS = st.sampled_from(["a", "b", "title", "facts", "x-1", "k_2", "3", "yes", "a.b", "é", "a b", "<<", "-x"])
_PLAIN = st.sampled_from([
    "", "~", "null", "yes", "No", "on", "0", "-0", "+1", "010", "0x1F", "1_000", "1:30", "1.5", ".5", "-.inf", ".NaN",
    "1e3", "12e3", "2017-05-02", "2017-02-30", "2017-05-02 10:00:00 +02:00", "=", "noord", "a b", "a#b", "a #b",
    "a: b", "a:", "a:b", "-", "- a", "-5", "?", "? a", "!x", "&a", "*a", "%x", "@x", "`x", "|", ">", "[x]", "{x}",
    "[x, y]", "{a: 1}", "{a: 1, a: 2}", "[a, , b]", "[]", "{}", "'q'", "'it''s'", "\"d\"", "\"a\\tb\"", "\"a, b\"",
    "[\"a, b\"]", "Ayşe", "e\u0301", "x\x07", "x\x85y", "x\u2028y", "€ 500", "15.000,50", "  spaced  ", "x,y",
])
_LINE_TEXT = st.one_of(
    st.tuples(_KEYS, _PLAIN).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    _KEYS.map(lambda key: f"{key}:"),
    _PLAIN.map(lambda item: f"- {item}"),
    st.sampled_from(["", " ", "# comment", "  # deeper comment", "---", "...", "-", ">-", "\t", "key:\t1",
                     "a: >-", "a: |", "a: >", "a: |-", "a: >+", "  text", "    more text", "  text ",
                     "a : 1", "a:1", "a:  ", "a: 1 # c"]),
)
_DOCUMENTS = st.lists(st.tuples(st.sampled_from([0, 0, 0, 1, 2, 2, 4]), _LINE_TEXT), min_size=1, max_size=12).map(
    lambda lines: "".join(" " * indent + text + "\n" for indent, text in lines))


@settings(max_examples=600, deadline=None)
@given(_DOCUMENTS, st.booleans())
def test_a_generated_document_reads_the_same_both_ways(text: str, without_last_line_end: bool) -> None:
    assert_same_as_composed(text[:-1] if without_last_line_end else text)


_GOOD_KEYS = st.sampled_from(["title", "stage", "cost", "facts", "a", "b-c", "d_e", "f.g", "7", "yes", "null"])
_GOOD_PLAIN = st.sampled_from([
    "~", "null", "yes", "No", "on", "0", "-0", "+1", "010", "0o17", "0x1F", "1_000", "1:30", "1.5", ".5", "1.50",
    "-.inf", ".NaN", "1e3", "12e3", "1.0e+3", "2017-05-02", "2017-05-02 10:00:00 +02:00", "2017-05-02T10:00:00Z",
    "noord", "a b", "a#b", "a:b", "-5", "€ 500", "15.000,50", "x,y", "Ayşe", "plan-00012", "Tuin [fase 2]",
    "a 'b' c", 'a "b"', "100%", "a&b", "a*b", "a!b", "a|b", "a>b", "x" * 45, "1" * 45, "2" * 25 + "." + "5" * 20,
])
_QUOTED = st.sampled_from(["'q'", "'a \\ b'", "\"d\"", "\"a 'b'\"", "''", "\"\"", "'1.50'", "\"yes\"", "'# x'"])
_FLOW_ITEMS = st.lists(st.one_of(_GOOD_PLAIN.filter(lambda t: not any(c in t for c in ",[]{}#:")), _QUOTED),
                       max_size=3)


@st.composite
def _mapping_lines(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """A block mapping, one or more entries, each a value of the common shape (and now and then not)."""
    lines: list[str] = []
    pad = " " * indent
    for key in draw(st.lists(_GOOD_KEYS, min_size=1, max_size=5)):
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", pad + "# comment", "   ", "# at the margin"])))
        kind = draw(st.sampled_from(["plain", "plain", "plain", "quoted", "block", "nested", "list", "flow",
                                     "flowmap", "empty"] if depth < 3 else ["plain", "quoted", "empty"]))
        if kind == "plain":
            lines.append(f"{pad}{key}: {draw(_GOOD_PLAIN)}{draw(st.sampled_from(['', '', '  ']))}")
        elif kind == "quoted":
            lines.append(f"{pad}{key}: {draw(_QUOTED)}")
        elif kind == "empty":
            lines.append(f"{pad}{key}:")
        elif kind == "block":
            lines.append(f"{pad}{key}: {draw(st.sampled_from(['>-', '>', '|', '|-']))}")
            inner = " " * (indent + draw(st.sampled_from([1, 2, 4])))
            for text in draw(st.lists(st.sampled_from(["Een tuin", "voor de wijk.", "a: b", "# geen commentaar",
                                                         " meer", "x  y"]), min_size=1, max_size=3)):
                lines.append(inner + text)
        elif kind == "nested":
            lines.append(f"{pad}{key}:")
            lines += draw(_mapping_lines(indent + draw(st.sampled_from([1, 2, 4])), depth + 1))
        elif kind == "list":
            lines.append(f"{pad}{key}:")
            dash = " " * (indent + draw(st.sampled_from([0, 2])))
            lines += [f"{dash}- {item}" for item in draw(st.lists(st.one_of(_GOOD_PLAIN, _QUOTED), min_size=1,
                                                                          max_size=3))]
        elif kind == "flow":
            lines.append(f"{pad}{key}: [{', '.join(draw(_FLOW_ITEMS))}]")
        else:
            items = draw(_FLOW_ITEMS)
            lines.append(f"{pad}{key}: {{{', '.join(f'k{i}: {item}' for i, item in enumerate(items))}}}")
    return lines


_SHAPED = _mapping_lines(0, 0).map(lambda lines: "\n".join(lines) + "\n")


@settings(max_examples=600, deadline=None)
@given(_SHAPED, st.booleans())
def test_a_document_of_the_common_shape_reads_the_same_both_ways(text: str, without_last_line_end: bool) -> None:
    assert_same_as_composed(text[:-1] if without_last_line_end else text)


def test_submission_like_documents_take_the_fast_way_and_read_the_same() -> None:
    """The property above says nothing if every document steps aside: these, shaped like submissions, mostly
    take the fast way (all but those with a key twice), and read the same as the full way."""
    read = sum(assert_same_as_composed(_example(seed)) for seed in range(400))
    assert read > 300


def _example(seed: int) -> str:
    rnd = random.Random(seed)
    lines = []
    for _ in range(rnd.randint(1, 6)):
        key = rnd.choice(["title", "stage", "cost", "facts", "summary"])
        value = rnd.choice(["Moestuin", "plan", "1200", "", "yes", "[a, b]", "{x: 1}", "'q'", ">-"])
        lines.append(f"{key}{rnd.randint(0, 99)}: {value}".rstrip())
        if value == ">-":
            lines.append("  folded text")
        if value == "":
            lines.append(f"  sub{rnd.randint(0, 9)}: {rnd.choice(['1', 'x', '2017-05-02'])}")
    return "\n".join(lines) + "\n"


# --- read_bytes: by file descriptor, whole whatever the reads return ----------------------------------------

def test_read_bytes_reads_a_file_whole_when_reads_return_it_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "f.yaml"
    content = "".join(f"line{i}: {i}\n" for i in range(500)).encode()
    path.write_bytes(content)
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: real_read(fd, min(n, 7)))
    problems = Problems()
    assert read_bytes(path, "f.yaml", problems) == content
    assert problems.items == []


def test_read_bytes_of_an_empty_file_and_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_bytes(b"")
    problems = Problems()
    assert read_bytes(tmp_path / "empty.yaml", "empty.yaml", problems) == b""
    assert read_bytes(tmp_path, "folder", problems) is None
    assert [p.problem.startswith("cannot read the file") for p in problems.items] == [True]

"""yamlfile: located values, duplicate keys, refused tags, numbers as Decimal, alias bombs."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatief.errors import Problem, Problems
from initiatief.loading import yamlfile, yamlvalues
from initiatief.loading.yamlfile import YList, YMap, line_of, parse_yaml, read_yaml


def parse(text: str) -> tuple[Any, list[Problem]]:
    problems = Problems()
    value = parse_yaml(text, "f.yaml", problems)
    return value, problems.items


def test_mapping_knows_its_line_and_the_line_of_each_key() -> None:
    value, problems = parse("# a comment\nname: Test\n\nyear: 2024\nnested:\n  a: 1\n  b: 2\n")
    assert problems == []
    assert isinstance(value, YMap)
    assert value.line == 2
    assert value.line_of("name") == 2
    assert value.line_of("year") == 4
    assert value.line_of("nested") == 5
    nested = value["nested"]
    assert isinstance(nested, YMap)
    assert nested.line == 6
    assert nested.line_of("b") == 7
    # An absent key reports the mapping's own line.
    assert nested.line_of("missing") == 6


def test_list_knows_the_line_of_each_item() -> None:
    value, problems = parse("pots:\n  - id: a\n    amount: 1\n\n  - {id: b, amount: 2}\n  - 3\n")
    assert problems == []
    items = value["pots"]
    assert isinstance(items, YList)
    assert items.line == 2
    assert items.item_lines == [2, 5, 6]
    assert items[1].line_of("amount") == 5
    assert line_of(items[0]) == 2
    assert line_of(3, default=9) == 9


def test_flow_sequence_items_on_one_line() -> None:
    value, _ = parse("stages: [idea, plan]\n")
    assert value["stages"] == ["idea", "plan"]
    assert value["stages"].item_lines == [1, 1]


def test_duplicate_key_is_an_error_naming_both_lines() -> None:
    value, problems = parse("a: 1\nb: 2\na: 3\n")
    assert len(problems) == 1
    assert problems[0].line == 3
    assert "duplicate key 'a'" in problems[0].problem
    assert "line 1" in problems[0].problem
    # The first value is kept; the second is not silently taken.
    assert value["a"] == 1


def test_duplicate_key_in_a_nested_flow_mapping() -> None:
    _, problems = parse("scores:\n  x: {impact: 3, impact: 4}\n")
    assert [(p.line, "duplicate key 'impact'" in p.problem) for p in problems] == [(2, True)]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !!python/object:os.system {}\n", "!!python/object:os.system"),
        ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system ''\n", "!!python/name:os.system"),
        ("a: !custom value\n", "!custom"),
        ("a: !!binary aGVsbG8=\n", "!!binary"),
        ("a: !!set {x, y}\n", "!!set"),
    ],
)
def test_tags_other_than_plain_values_are_refused(text: str, shown: str) -> None:
    value, problems = parse(text)
    assert len(problems) == 1
    assert problems[0].problem == f"the YAML tag {shown} is not allowed"
    assert problems[0].line == 1
    assert value == {"a": yamlfile.BROKEN}  # refused, and reported once: readers say nothing more about it


def test_plain_scalars_become_exact_python_values() -> None:
    value, problems = parse(
        "int: 1_000\nfloat: 0.10\nthree: 15.000\nnan: .nan\ndate: 2017-05-02\n"
        "yes: true\nnothing: ~\ntext: '12'\n"
    )
    assert problems == []
    assert value["int"] == 1000 and isinstance(value["int"], int)
    # Floats are read as Decimal, keeping every written digit (no binary float).
    assert value["float"] == Decimal("0.10") and str(value["float"]) == "0.10"
    assert str(value["three"]) == "15.000"
    assert value["nan"].is_nan()
    assert value["date"] == dt.date(2017, 5, 2)
    assert value["yes"] is True
    assert value["nothing"] is None
    assert value["text"] == "12"


def test_a_number_that_does_not_show_as_written_keeps_its_text() -> None:
    # seed: +5 is the number 5 to YAML; where a text is expected (a seed, a title) initiatief must know it was '+5'.
    # So is every number YAML reads as one that does not show as written: 0.50 is 0.5, 0x1F 31, 010 8 (octal),
    # 1:30 90; the last four are kept as their text here, but a YAML reader makes a number of them.
    value, problems = parse("a: +5\nb: 1_000\nc: 1.0e+3\nd: .inf\ne: 5\nf: 0.50\ng: '+5'\nh: [+5]\n"
                            "i: 0x1F\nj: 0b11\nk: 010\nl: '1:30'\nm: 1:30\nn: 1.5\no: 1e3\np: 0o17\nq: .5\n")
    assert problems == []
    assert value.written == {"a": "+5", "b": "1_000", "c": "1.0e+3", "d": ".inf", "f": "0.50", "i": "0x1F",
                             "j": "0b11", "k": "010", "m": "1:30", "q": ".5"}
    assert (value["a"], value["b"], value["f"], value["i"], value["o"]) == (5, 1000, Decimal("0.50"), "0x1F", "1e3")
    assert YMap().written == {} and parse("x: 1\n")[0].written == {}


def test_merge_key_copies_keys_without_overriding() -> None:
    value, problems = parse("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n")
    assert problems == []
    assert value["item"] == {"x": 1, "y": 3}


def test_alias_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfile, "MAX_VALUES", 50)
    bomb = "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c]\n"
    value, problems = parse(bomb)
    assert value is None
    assert len(problems) == 1
    assert "billion laughs" in (problems[0].hint or "")


def test_syntax_error_has_a_line() -> None:
    value, problems = parse("a: 1\nb: [1, 2\nc: 3\n")
    assert value is None
    assert len(problems) == 1
    assert problems[0].problem.startswith("YAML syntax error")
    assert problems[0].line is not None and problems[0].line >= 2


def test_tab_inside_a_block_gets_a_hint() -> None:
    _, problems = parse("a: 1\n\tb: 1\n")
    assert len(problems) == 1
    assert problems[0].line == 2
    assert problems[0].hint == "indent with spaces, not tabs"


def test_tab_indented_key_gets_a_hint() -> None:
    _, problems = parse("a:\n\tb: 1\n")
    assert len(problems) == 1
    assert problems[0].line == 2
    assert problems[0].hint == "indent with spaces, not tabs"


def test_more_than_one_document_is_refused() -> None:
    value, problems = parse("a: 1\n---\nb: 2\n")
    assert value is None
    assert [p.problem for p in problems] == ["the file holds more than one YAML document"]


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file_is_a_problem(text: str) -> None:
    value, problems = parse(text)
    assert value is None
    assert [p.problem for p in problems] == ["the file is empty"]


def test_a_list_as_key_is_refused() -> None:
    _, problems = parse("? [a, b]\n: 1\n")
    assert [p.problem for p in problems] == ["a key is a list or mapping"]


def test_read_yaml_refuses_invalid_utf8_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    problems = Problems()
    assert read_yaml(path, "x.yaml", problems) is None
    assert len(problems.items) == 1
    assert problems.items[0].line == 2
    assert "0xe9" in problems.items[0].problem


def test_read_yaml_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffnaam: café\n".encode())
    problems = Problems()
    assert read_yaml(path, "x.yaml", problems) == {"naam": "café"}
    assert not problems


def test_an_alias_bomb_is_refused_from_the_node_graph_before_anything_is_expanded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )

    def expand(*_: object) -> object:
        raise AssertionError("the walker expanded the bomb")

    monkeypatch.setattr(yamlfile._Walker, "convert", expand)
    problems = Problems()
    assert parse_yaml(bomb, "bomb.yaml", problems) is None
    assert [p.problem for p in problems.items] == ["the file expands to more than 2,000,000 values"]


# --- the walker types plain scalars itself: exactly as PyYAML's resolver, with libyaml or without -----

_TRICKY = [
    "", "~", "null", "Null", "NULL", "nul", "yes", "Yes", "YES", "no", "on", "Off", "y", "n", "true", "False",
    "0", "-0", "+1", "010", "0o17", "0x1F", "0b101", "1_000", "1:30", "190:20:30", "12e3", "1.5", ".5", "-.inf",
    ".NaN", "+.inf", "1e", "1.2.3", "2017-05-02", "2017-5-2", "2017-05-02T10:00:00Z", "2017-05-02 10:00:00 +02:00",
    "2017-02-30", "20170502", "<<", "=", "!", "&", "*", "noord", "nieuw-west", "plan-00012", "€ 500", "15.000,50",
]


@pytest.mark.parametrize("text", _TRICKY)
def test_a_plain_scalar_gets_the_tag_pyyamls_resolver_gives_it(text: str) -> None:
    expected = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    assert "tag:yaml.org,2002:" + yamlvalues.plain_kind(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789+-._:eExXoObB~<=!&*TtFfNnYyOoaslu -", max_size=12))
def test_any_plain_scalar_gets_the_tag_pyyamls_resolver_gives_it(text: str) -> None:
    expected = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    assert "tag:yaml.org,2002:" + yamlvalues.plain_kind(text) == expected


def _documents() -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    return sorted(p for d in ("examples", "tests/golden", "tests/bad_inputs") for p in (root / d).rglob("*.yaml"))


def test_libyaml_and_the_pure_python_parser_give_the_same_values_and_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pure = type("_PureLoader", (yaml.SafeLoader,), {
        name: vars(yamlfile._Loader)[name] for name in ("resolve", "descend_resolver", "ascend_resolver")
    })
    texts = [p.read_text(encoding="utf-8-sig", errors="replace") for p in _documents()]
    texts += [f"a: {t}\nb: [{t}]\n" for t in _TRICKY if t not in ("", "!", "&", "*")]
    texts += ["a: !!str 5\nb: !!int '7'\nc: ! 8\nd: !!float 1\ne: '<<'\n<<: {f: 1}\n", "a: \"x\\0y\"\nb: \"\\e\"\n"]
    assert len(texts) > 100

    def both(text: str) -> tuple[object, object]:
        results = []
        for loader in (yamlfile._Loader, pure):
            monkeypatch.setattr(yamlfile, "_Loader", loader)
            problems = Problems()
            value = yamlfile.parse_composed(text, "f.yaml", problems)
            results.append((_shape(value), [(p.line, p.problem, p.expected, p.hint) for p in problems.items]))
        return results[0], results[1]

    for text in texts:
        libyaml, python = both(text)
        assert libyaml == python, text


def _shape(value: Any) -> Any:
    """The value with its lines and types: what a reader of it can see."""
    if isinstance(value, YMap):
        return ("map", value.line, [(k, value.line_of(k), _shape(v)) for k, v in value.items()])
    if isinstance(value, YList):
        return ("seq", value.line, value.item_lines, [_shape(v) for v in value])
    return (type(value).__name__, str(value))


def test_values_keep_their_types_and_lines_in_a_scores_like_file() -> None:
    value, problems = parse("scores:\n  plan-1: {impact: 3, haalbaar: 4.5}\n  plan-2: {impact: 3, haalbaar: '4'}\n")
    assert problems == []
    scores = value["scores"]
    assert scores.line_of("plan-2") == 3
    assert scores["plan-1"]["impact"] == 3 and type(scores["plan-1"]["impact"]) is int
    assert scores["plan-1"]["haalbaar"] == Decimal("4.5")
    assert scores["plan-2"]["haalbaar"] == "4"


@pytest.mark.parametrize(("seed", "reads"), [("1.50", "1.5"), ("0x1F", "31"), ("0b11", "3"), ("010", "8"),
                                            ("1:30", "90"), ("+5", "5"), ("1.0e+3", "1000.0")])
def test_a_seed_yaml_would_read_other_than_written_is_refused_with_its_line(tmp_path: Path, seed: str,
                                                                            reads: str) -> None:
    """docs/format.md: the tickets are SHA-256 of the seed as written, so a seed a YAML reader makes another
    number of (1.50 is 1.5, 0x1F is 31) would give whoever re-checks the draw other tickets."""
    from helpers import CHALLENGE, run

    folder = tmp_path / "round"
    shutil.copytree(CHALLENGE, folder)
    text = (folder / "round.yaml").read_text(encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), start=1) if "seed:" in x)
    (folder / "round.yaml").write_text(re.sub(r"seed: [^,}\n]+", f"seed: {seed}", text, count=1), encoding="utf-8")
    code, _, err = run("validate", folder)
    assert code == 1
    assert f"round.yaml:{line}: allocation 'seed' is {seed}, which YAML reads as the number {reads}" in err
    assert f'put it in quotes to keep it as written: "{seed}"' in err

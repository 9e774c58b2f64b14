"""Text from a round is data in every output: never rich markup, emoji, terminal control, Markdown or HTML.

Hypothesis writes hostile text (markup, emoji codes, bidi overrides, zero-width characters,
HTML, Markdown, line breaks, pipes) into a round's name, a submission's title and applicant,
a pot's and a criterion's label, and runs every command and format on it: none may crash, a
terminal never receives a bidi or format character raw, Markdown and HTML never receive a
markup character unescaped.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from helpers import EXAMPLES, invoke
from hypothesis import given, settings
from hypothesis import strategies as st

PIECES = [
    "[/b]", "[bold]", "[link=https://evil.example]klik[/link]", ":x:", "a:x:b", "\u202e", "\u202d", "\u2066",
    "\u2069", "\u200b", "\u2028", "<script>alert(1)</script>", "<b>", "&amp;", "# kop", "\n# kop", "|", "`x`",
    "*x*", "_x_", "![x](http://e/x.png)", "\\", "'", '"', "=1+1", "\r", "Moestuin", " ", "é", "ß",
]
hostile = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join).filter(lambda t: t.strip())
TERMINAL = [("score",), ("winners",), ("report",), ("compare-methods",)]
MARKDOWN = [("score", "--format", "markdown"), ("winners", "--format", "markdown"), ("report", "--format", "markdown")]
_FORMAT_CHARACTERS = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def _edit(path: Path, change: dict[str, object], *where: str | int) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    target = data
    for key in where:
        target = target[key]
    target.update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@settings(max_examples=max(5, settings().max_examples // 6))  # each example runs ten commands
@given(name=hostile, title=hostile, applicant=hostile, label=hostile)
def test_hostile_text_never_reaches_an_output_raw(name: str, title: str, applicant: str, label: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "round"
        shutil.copytree(EXAMPLES / "minimal", folder)
        _edit(folder / "round.yaml", {"name": name})
        _edit(folder / "round.yaml", {"label": label}, "criteria", 0)
        _edit(folder / "round.yaml", {"label": label}, "pots", 0)
        _edit(folder / "submissions" / "moestuin.yaml", {"title": title})
        _edit(folder / "submissions" / "moestuin.yaml", {"name": applicant}, "applicant")
        checked = invoke("validate", folder)
        assert checked.exception is None or isinstance(checked.exception, SystemExit), checked.exception
        if checked.exit_code != 0:
            assert checked.exit_code == 1 and checked.stderr.startswith("error: "), checked.output
            return
        for args in [*TERMINAL, ("explain", "moestuin")]:
            shown = invoke(args[0], folder, *args[1:])
            assert shown.exit_code == 0, (args, shown.output)
            assert not _FORMAT_CHARACTERS.search(shown.stdout), f"{args}: a format character reached the terminal"
            assert "\x1b]8;" not in shown.stdout, f"{args}: a terminal link was made"
            assert "❌" not in shown.stdout, f"{args}: an emoji code was replaced"
        for args in MARKDOWN:
            document = invoke(args[0], folder, *args[1:]).stdout
            assert not re.search(r"(?<!\\)<", document), f"{args}: raw HTML in Markdown"
            headings = [line for line in document.splitlines() if line.startswith("#")]
            assert all(not re.search(r"(?<!\\)#", h.lstrip("#")) for h in headings), f"{args}: {headings}"
        page = invoke("report", folder, "--format", "html").stdout
        assert "<script" not in page and "<b>x" not in page
        assert all(unicodedata.category(c) != "Cc" or c in "\n" for c in page)


def test_the_hidden_characters_are_every_format_separator_private_and_c1_character() -> None:
    from initiatief.output.jsontext import _HIDDEN

    for code in range(0x110000):
        c = chr(code)
        category = unicodedata.category(c)
        must = category in ("Cf", "Zl", "Zp", "Co") or 0x7F <= code <= 0x9F
        if must:
            assert _HIDDEN.match(c), f"U+{code:04X} ({category}) is not escaped"
        elif _HIDDEN.match(c):
            assert category == "Cn", f"U+{code:04X} ({category}) is escaped but visible"


@pytest.mark.parametrize("args", [("score", "--format", "json"), ("explain", "moestuin", "--format", "json"),
                                  ("validate", "--format", "json"), ("report", "--format", "json")])
def test_json_writes_bidi_and_invisible_characters_as_escapes_with_the_same_value(args: tuple[str, ...],
                                                                                 tmp_path: Path) -> None:
    # On a terminal or in an editor a raw U+200F or U+2028 would change what a person reads; as \u200f it is the
    # very same string to every JSON reader. (Loading refuses the bidi controls, U+202E and its kin.)
    folder = tmp_path / "round"
    shutil.copytree(EXAMPLES / "minimal", folder)
    title = "Moestuin \u200fniuts\u200e\u200b\u2028\ue000 é"
    _edit(folder / "submissions" / "moestuin.yaml", {"title": title})
    shown = invoke(args[0], folder, *args[1:])
    assert shown.exit_code == 0, shown.output
    assert not _FORMAT_CHARACTERS.search(shown.stdout) and "\ue000" not in shown.stdout
    document = json.loads(shown.stdout)
    if args[0] in ("score", "explain"):
        titles = [r["title"] for r in document["results"]] if args[0] == "score" else [document["title"]]
        assert title in titles and "\\u200f" in shown.stdout and "é" in shown.stdout


_HIDDEN_SAMPLES = ["\x7f", "\x85", "\xad", "\u0600", "\u061c", "\u200b", "\u2028", "\u202e", "\u2066", "\ufeff",
                   "\ue000", "\U000e0001", "\U0010fffd"]
_AROUND = ["a", "€", "é", "ö", "\u2000", "\u20ac", "\u2060", "\U0001f600", "\ud800", "\udce2", "\udc80", "\udc8b",
           "\n", '"']


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_HIDDEN_SAMPLES + _AROUND) | st.characters(), max_size=30).map("".join),
       st.sampled_from(["surrogateescape", "surrogatepass", "replace", "backslashreplace"]))
def test_visible_utf8_gives_the_bytes_of_visible_whatever_the_text_and_error_handler(text: str, errors: str) -> None:
    # The fast path looks only at the bytes from DEL up; it must find every hidden character there, also beside
    # an error handler's raw bytes (a surrogate written back as the byte it stood for).
    from initiatief.output.jsontext import visible, visible_utf8

    def encode(piece: str) -> bytes:
        return piece.encode("utf-8", errors)

    try:
        expected = encode(visible(text))
    except UnicodeEncodeError:  # surrogateescape writes only U+DC80..U+DCFF as bytes: the same error either way
        with pytest.raises(UnicodeEncodeError):
            visible_utf8(text, encode)
        return
    assert visible_utf8(text, encode) == expected


def test_visible_utf8_escapes_a_hidden_character_among_euro_signs() -> None:
    from initiatief.output.jsontext import visible_utf8

    assert visible_utf8('"€ 5 \u202e €"', str.encode) == b'"\xe2\x82\xac 5 \\u202e \xe2\x82\xac"'
    assert visible_utf8('"€ 5"', str.encode) == '"€ 5"'.encode()


@pytest.mark.parametrize("end", ["\n", "\r", "\t", " "])
def test_an_id_from_a_file_name_never_ends_in_a_line_break(tmp_path: Path, end: str) -> None:
    # A pattern ending in '$' also matches before a last '\n': 'festival\n' passed as an id and named a letter file.
    folder = tmp_path / "round"
    shutil.copytree(EXAMPLES / "committee-decisions", folder)
    (folder / "submissions" / "festival.yaml").rename(folder / "submissions" / f"festival{end}.yaml")
    (score,) = list((folder / "scores").iterdir())
    score.rename(score.with_name(f"{score.stem}{end}{score.suffix}"))
    result = invoke("validate", str(folder))
    assert result.exit_code == 1
    assert "submission id 'festival" in result.stderr and "assessor id '" in result.stderr


def test_every_id_and_number_pattern_refuses_a_last_line_break() -> None:
    from initiatief.cli import sheets
    from initiatief.loading import fields, intake
    from initiatief.output import letters, pb_round

    for pattern in (fields._ID, intake._ID, pb_round._ID, sheets._ID, letters._NAME):
        assert pattern.match("plan-1") and not pattern.match("plan-1\n")
    for pattern in (intake._NUMBER, intake._PLAIN_MONEY, pb_round._NUMBER):
        assert pattern.match("12") and not pattern.match("12\n")

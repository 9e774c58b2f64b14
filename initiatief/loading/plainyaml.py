"""Read the common shape of a round file without libyaml: the same values, in a third of the time.

Nearly every submission file is a block mapping of plain, quoted and block-scalar values, one
mapping or list nested here and there (`applicant:`, `facts:`), and, from `initiatief import`,
one-line flow lists and mappings (`["iedereen"]`, `{name: …}`). `read_plain` reads exactly that
subset, line by line, into the values `yamlfile`'s walker makes of libyaml's nodes (`YMap`, `YList`,
scalars typed by `yamlvalues`, every line recorded). A 50,000-submission round spends most of its
loading time in the parser, and this reader takes about half as long as libyaml's composer and the
walker together (docs/performance.md).

It is a fast path, never a second YAML: at anything outside the subset (an anchor, a tag, a
comment after a value, a key in quotes, a plain value over two lines, a tab, a duplicate key, a
value the walker would refuse) it returns None, and `yamlfile` reads the file the full way, which
also words every problem. So a file either reads here to exactly what the full way gives, or is
read the full way; `tests/test_plainyaml.py` holds the two to the same values and lines on every
YAML file in the repository and on generated documents.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from initiatief.loading.yamlvalues import (
    CACHED_LENGTH,
    REFUSED_TAG,
    Refused,
    YList,
    YMap,
    plain_value,
    typed,
    written_otherwise,
)

MAX_CHARACTERS = 100_000
"""Longer texts go the full way: a submission file is a few hundred characters, and a long file (a
submissions.yaml, a score file) is a list of mappings, which this reader leaves to libyaml anyway."""

MAX_DEPTH = 20
"""Mappings nested deeper go the full way, which counts depth against its own limit and says so."""

_NOT_HERE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
"""Tabs, carriage returns, every character libyaml refuses or reads as a line break (NEL, U+2028, U+2029),
a byte-order mark inside the text: the full way handles them, and words the problem if it is one."""

_LINE = re.compile(r"^( *)(?:([A-Za-z0-9_][A-Za-z0-9_.-]*):(?= |$) *)?(.*?) *$", re.MULTILINE)
"""Every line, as (indent, key or '', the rest without its trailing spaces): one match per line."""

_FLOW_ENTRY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*): +(.*)")

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""Characters that give a value other than a plain scalar when they start it (YAML's indicators)."""

_BLOCK_HEADERS = frozenset((">", ">-", "|", "|-"))
"""Folded and literal block scalars, clipped or stripped; an indentation indicator or `+` goes the full way."""


class _Outside(Exception):
    """The text leaves the subset: the full way reads it."""


_OUTSIDE = _Outside()


def read_plain(text: str) -> YMap | None:
    """Return the values of a YAML text that is a block mapping of the common shape, or None for any other.

    `text` is decoded and NFC-normalised, as `yamlfile.decode_text` returns it.
    """
    if len(text) > MAX_CHARACTERS or _NOT_HERE.search(text) is not None:
        return None
    try:
        return _read(text)
    except _Outside:
        return None


def _read(text: str) -> YMap:
    """Read the lines as nested block mappings, a stack of the open ones; raise _Outside outside the subset."""
    tokens: list[tuple[str, str, str]] = _LINE.findall(text)
    lines: list[str] | None = None  # the raw lines, split only for a block scalar
    root = mapping = YMap()
    key_lines: dict[str, int] = {}
    root.key_lines = key_lines
    indent_now = 0
    open_above: list[tuple[int, YMap, dict[str, int]]] = []
    waiting: str | None = None  # a key with nothing after its colon: a nested block, or null
    index = 0
    while index < len(tokens):
        spaces, key, rest = tokens[index]
        index += 1  # from here, `index` is the line number of this token
        if not key:
            if not rest or rest[0] == "#":
                continue  # a blank line or a comment line
            if waiting is not None and rest[:2] == "- " and len(spaces) >= indent_now:
                mapping[waiting], index = _sequence(tokens, index - 1, len(spaces))
                waiting = None
                continue
            raise _OUTSIDE
        indent = len(spaces)
        if waiting is not None:
            if indent > indent_now:  # the waiting key's value is the mapping that starts here
                if len(open_above) >= MAX_DEPTH:
                    raise _OUTSIDE
                open_above.append((indent_now, mapping, key_lines))
                nested = YMap()
                nested.line = index
                key_lines = nested.key_lines = {}
                mapping[waiting] = mapping = nested
                indent_now = indent
            else:
                mapping[waiting] = None
            waiting = None
        if indent != indent_now:
            while indent < indent_now and open_above:
                indent_now, mapping, key_lines = open_above.pop()
            if indent != indent_now:  # a value over more lines, or an indentation no open mapping has
                raise _OUTSIDE
        if key in key_lines:
            raise _OUTSIDE
        key_lines[key] = index
        if not rest:
            waiting = key
            continue
        first = rest[0]
        if first not in _INDICATORS:
            value, written = _plain(rest)
            mapping[key] = value
            if written:
                mapping.keep_written(key, rest)
        elif first == ">" or first == "|":
            if lines is None:
                lines = text.split("\n")
            mapping[key], index = _block_scalar(lines, index, rest, indent)
        elif first == '"' or first == "'":
            mapping[key] = _quoted(rest, first)
        elif first == "[":
            mapping[key] = _flow_list(rest, index)
        elif first == "{":
            mapping[key] = _flow_mapping(rest, index)
        else:
            raise _OUTSIDE
    if waiting is not None:
        mapping[waiting] = None
    if not root.key_lines:
        raise _OUTSIDE  # comments only: the full way says the file is empty
    root.line = next(iter(root.key_lines.values()))
    return root


@functools.lru_cache(maxsize=8192)
def _plain_cached(text: str) -> tuple[Any, bool]:
    return _plain_uncached(text)


def _plain_uncached(text: str) -> tuple[Any, bool]:
    """Return a plain scalar's value and whether its text is kept as written (`yamlvalues.written_otherwise`)."""
    if text[0] in _INDICATORS or ": " in text or " #" in text or text[-1] == ":":
        raise _OUTSIDE  # not a plain scalar alone: a mapping, a comment, an indicator
    value = plain_value(text)
    if value.__class__ is Refused or value is REFUSED_TAG:
        raise _OUTSIDE  # the full way words the problem
    return value, written_otherwise(text, value, True)


def _plain(text: str) -> tuple[Any, bool]:
    """`_plain_uncached`, once per distinct short text (ids, amounts, districts, yes/no repeat)."""
    return _plain_cached(text) if len(text) <= CACHED_LENGTH else _plain_uncached(text)


def _quoted(text: str, quote: str) -> str:
    """Return a one-line quoted scalar's text: without an escape, a doubled quote or anything after it."""
    inner = text[1:-1]
    if len(text) < 2 or text[-1] != quote or quote in inner or (quote == '"' and "\\" in inner):
        raise _OUTSIDE
    return _text(inner)


def _text(text: str) -> str:
    value = typed("str", text)
    if value.__class__ is Refused:
        raise _OUTSIDE  # a control character: the full way says which
    assert isinstance(value, str)
    return value


def _flow_value(text: str) -> tuple[Any, bool]:
    """Return an item of a one-line flow list or mapping: quoted, or plain without a colon."""
    first = text[0]
    if first == '"' or first == "'":
        return _quoted(text, first), False
    if ":" in text:
        raise _OUTSIDE
    return _plain(text)


def _sequence(tokens: list[tuple[str, str, str]], start: int, indent: int) -> tuple[YList, int]:
    """Return the block list whose first item is token `start` (`- value` at `indent`), and the token after it.

    Each item is one scalar; an item that is a mapping or a list, or spans lines, goes the full way.
    """
    result = YList()
    result.line = start + 1
    item_lines: list[int] = []
    result.item_lines = item_lines
    index = start
    while index < len(tokens):
        spaces, key, rest = tokens[index]
        if not key and (not rest or rest[0] == "#"):
            index += 1
            continue
        here = len(spaces)
        if key or here < indent:
            break  # the list is over; what follows is the mapping's to read (or to refuse)
        if here > indent or rest == "-":
            raise _OUTSIDE
        if rest[:2] != "- ":
            break
        item = rest[2:].lstrip(" ")
        first = item[0]
        if first == '"' or first == "'":
            result.append(_quoted(item, first))
        else:
            result.append(_plain(item)[0])
        index += 1
        item_lines.append(index)
    return result, index


def _flow_entries(text: str, close: str) -> list[str]:
    """Return the entries of a one-line flow list or mapping, each without its spaces; none for `[]` or `{}`."""
    inner = text[1:-1]
    if text[-1] != close or any(c in inner for c in "[]{}#"):
        raise _OUTSIDE
    if not inner.strip(" "):
        return []
    entries = [entry.strip(" ") for entry in inner.split(",")]
    if not all(entries):
        raise _OUTSIDE  # [a, , b] or a trailing comma
    return entries


def _flow_list(text: str, line: int) -> YList:
    """Return a one-line flow list of scalars (`[a, "b c"]`)."""
    items = _flow_entries(text, "]")
    result = YList()
    result.line = line
    result.item_lines = [line] * len(items)
    for item in items:
        result.append(_flow_value(item)[0])
    return result


def _flow_mapping(text: str, line: int) -> YMap:
    """Return a one-line flow mapping of scalars (`{name: Stichting De Linde, kind: organisation}`)."""
    entries = _flow_entries(text, "}")
    result = YMap()
    result.line = line
    key_lines: dict[str, int] = {}
    result.key_lines = key_lines
    for entry in entries:
        match = _FLOW_ENTRY.fullmatch(entry)
        if match is None:
            raise _OUTSIDE
        key, written_as = match.groups()
        if key in key_lines:
            raise _OUTSIDE
        key_lines[key] = line
        value, written = _flow_value(written_as)
        result[key] = value
        if written:
            result.keep_written(key, written_as)
    return result


def _block_scalar(lines: list[str], start: int, header: str, indent: int) -> tuple[str, int]:
    """Return the text of the block scalar whose content starts on line index `start`, and the line after it.

    Folded (`>`) content lines all at one indentation, literal (`|`) ones at least at the first's; no blank
    line inside, no trailing space, nothing more indented after a blank line (all of which change the text
    in ways the full way knows), clipped only before a line end.
    """
    if header not in _BLOCK_HEADERS or start >= len(lines):
        raise _OUTSIDE
    first = lines[start]
    content = len(first) - len(first.lstrip(" "))
    if content <= indent or content == len(first):
        raise _OUTSIDE
    folded = header[0] == ">"
    parts: list[str] = []
    end = start
    while end < len(lines):
        line = lines[end]
        here = len(line) - len(line.lstrip(" "))
        if here == len(line) > content:
            raise _OUTSIDE  # spaces beyond the indentation on a blank line are text
        if here == len(line) or here < content:
            break
        if (folded and here != content) or line[-1] == " ":
            raise _OUTSIDE
        parts.append(line[content:])
        end += 1
    after = end
    while after < len(lines) and not lines[after].strip(" "):
        if len(lines[after]) > content:
            raise _OUTSIDE
        after += 1
    if after > end and after < len(lines):
        line = lines[after]
        if len(line) - len(line.lstrip(" ")) > indent:  # more of the scalar after a blank line, or a comment
            raise _OUTSIDE
    text = (" " if folded else "\n").join(parts)
    if header[-1] != "-":
        if end >= len(lines):  # the file ends without a line end: clipping keeps none
            raise _OUTSIDE
        text += "\n"
    return _text(text), end

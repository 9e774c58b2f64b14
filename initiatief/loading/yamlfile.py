"""Read a YAML file into plain values that remember their line numbers.

PyYAML's own constructors lose line numbers, silently keep the last of two
duplicate keys and, with the full loader, build arbitrary objects. Here a file
is only *composed* into nodes (the safe, C-accelerated loader when PyYAML has
it) and the nodes are turned into dicts, lists and scalars by this module,
which records lines, refuses duplicate keys and unknown tags, and caps how far
aliases may expand (the "billion laughs" file).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from initiatief.errors import Problems

try:  # libyaml's parser is several times faster where PyYAML was built with it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 50 * 1024 * 1024
"""No round file is anywhere near this; a bigger one is refused unread."""

MAX_DEPTH = 50
"""How deeply lists and mappings may nest; a round file needs five or six levels."""

MAX_VALUES = 2_000_000
"""How many values one file may hold once aliases are expanded."""

_TAG = "tag:yaml.org,2002:"
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_SCALAR_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}
_constructor = yaml.constructor.SafeConstructor()


class _Broken:
    """The value of a node that already has a problem recorded (a refused tag, an impossible date)."""

    def __repr__(self) -> str:
        return "BROKEN"


BROKEN: Any = _Broken()
"""Readers treat it as 'reported already': no second problem about the same value."""


class YMap(dict[str, Any]):
    """A YAML mapping that knows its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Return the line of `key`, or of the mapping itself if it is absent."""
        return self.key_lines.get(key, self.line)


class YList(list[Any]):
    """A YAML sequence that knows its own line and the line of each item."""

    line: int
    item_lines: list[int]


class _TooLarge(Exception):
    pass


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def line_of(value: Any, default: int | None = None) -> int | None:
    """Return the line a located value starts on, if it knows one."""
    return getattr(value, "line", default)


def decode_text(data: bytes, display: str, problems: Problems) -> str | None:
    """Decode a file's bytes as UTF-8 (a byte-order mark is allowed)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.add(
            display,
            line,
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
            "a UTF-8 text file",
            "save the file as UTF-8 (in Excel: 'CSV UTF-8')",
        )
        return None
    if "\x00" in text:
        problems.add(display, None, "the file contains NUL bytes", "a text file")
        return None
    # One text, one form: 'é' typed as e + a combining accent (NFD, as macOS may save it) matches 'é'.
    return unicodedata.normalize("NFC", text)


def read_bytes(path: Path, display: str, problems: Problems) -> bytes | None:
    """Read a file, refusing one that is far too large to be a round file."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.add(
                display,
                None,
                f"the file is {size:,} bytes",
                f"at most {MAX_FILE_BYTES:,} bytes for a round file",
            )
            return None
        return path.read_bytes()
    except OSError as exc:
        problems.add(display, None, f"cannot read the file: {exc.strerror}")
        return None


def read_yaml(path: Path, display: str, problems: Problems) -> Any:
    """Return the file's content as located values, or None after adding problems."""
    data = read_bytes(path, display, problems)
    if data is None:
        return None
    text = decode_text(data, display, problems)
    if text is None:
        return None
    return parse_yaml(text, display, problems)


def parse_yaml(text: str, display: str, problems: Problems) -> Any:
    """Parse YAML text into located values, or return None after adding problems."""
    if not text.strip():
        problems.add(display, None, "the file is empty", "YAML content")
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            line = exc.problem_mark.line + 1 if exc.problem_mark else None
            problems.add(display, line, "the file holds more than one YAML document", "one")
            return None
        _add_yaml_error(exc, text, display, problems)
        return None
    except yaml.YAMLError as exc:
        _add_yaml_error(exc, text, display, problems)
        return None
    if node is None:
        problems.add(display, None, "the file is empty", "YAML content")
        return None
    walker = _Walker(display, problems)
    try:
        if "*" in text:  # without an alias no node is shared, and the walker's own budget bounds the work
            _check_size(node)
        value = walker.convert(node)
        if value is None:  # a document of nothing: `---`, `~`, `null`
            problems.add(display, None, "the file holds nothing (an empty YAML document)",
                         "YAML content")
        return value
    except _TooDeep as deep:
        problems.add(display, deep.line, f"lists and mappings nest more than {MAX_DEPTH} levels deep",
                     "a round file of a few levels")
        return None
    except _TooLarge:
        problems.add(
            display,
            None,
            f"the file expands to more than {MAX_VALUES:,} values",
            "a round file without runaway YAML aliases",
            "is this an alias bomb ('billion laughs')?",
        )
        return None


def _add_yaml_error(exc: yaml.YAMLError, text: str, display: str, problems: Problems) -> None:
    if isinstance(exc, yaml.reader.ReaderError):
        where = text[: exc.position].count("\n") + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        problems.add(
            display, where, f"YAML syntax error: unacceptable character #x{ord(character):04x}: "
            "control characters are not allowed", "valid YAML",
        )
        return
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    hint = None
    if context and "quoted scalar" in context and context_mark is not None:
        # The end of the file is where the parser gave up; the opening quote is where the fix goes.
        mark = context_mark
        hint = "close the quote that opens on this line"
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    message = f"YAML syntax error: {problem}"
    if context:
        message += f" ({context})"
    lines = text.splitlines()
    bad_line = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
    indent = bad_line[: len(bad_line) - len(bad_line.lstrip())]
    if "\t" in problem or re.search(r"\btabs?\b", problem) or "\t" in indent:
        hint = "indent with spaces, not tabs"
    problems.add(display, line, message, "valid YAML", hint)


def _check_size(root: yaml.Node) -> None:
    """Raise _TooLarge if the node graph expands to more than MAX_VALUES values, before expanding it.

    Aliases make the composed graph a DAG that may share one node many times (the
    "billion laughs" file is a few lines); each node's expanded size is counted once,
    bottom up, so this costs time in the number of distinct nodes, not in the expansion.
    A node that contains itself (a recursive alias) is left to the depth limit.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done:
            total = 1 + sum(sizes.get(id(c), 0) for c in children)
            if total > MAX_VALUES:
                raise _TooLarge
            sizes[id(node)] = total
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
        if len(stack) > 4 * MAX_VALUES:  # only a recursive alias keeps growing the stack
            return


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _Walker:
    def __init__(self, display: str, problems: Problems) -> None:
        self.display = display
        self.problems = problems
        self.budget = MAX_VALUES

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooLarge
        if depth > MAX_DEPTH:
            raise _TooDeep(node.start_mark.line + 1)
        line = node.start_mark.line + 1
        tag = node.tag or ""
        if isinstance(node, yaml.MappingNode):
            if tag != _TAG + "map":
                return self._bad_tag(tag, line)
            return self._mapping(node, line, depth)
        if isinstance(node, yaml.SequenceNode):
            if tag != _TAG + "seq":
                return self._bad_tag(tag, line)
            seq = YList()
            seq.line = line
            seq.item_lines = []
            for item in node.value:
                seq.append(self.convert(item, depth + 1))
                seq.item_lines.append(item.start_mark.line + 1)
            return seq
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, tag, line)

    def _text(self, value: str, line: int) -> Any:
        """Return a text value in NFC, or BROKEN if a YAML escape ("\\0", "\\e") put a control character in it."""
        bad = next((c for c in value if unicodedata.category(c) == "Cc" and c not in "\t\n"), None)
        if bad is not None:
            self.problems.add(self.display, line, f"the text holds the control character U+{ord(bad):04X}",
                              "text without control characters", "remove the escape sequence (such as \\0 or \\e)")
            return BROKEN
        return unicodedata.normalize("NFC", value)

    def _bad_tag(self, tag: str, line: int) -> Any:
        shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
        self.problems.add(
            self.display,
            line,
            f"the YAML tag {shown} is not allowed",
            "plain values, lists and mappings",
        )
        return BROKEN

    def _mapping(self, node: yaml.MappingNode, line: int, depth: int) -> YMap:
        result = YMap()
        result.line = line
        result.key_lines = {}
        merged: list[YMap] = []
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _TAG + "merge":
                merged.extend(self._merge_sources(value_node, depth))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.add(
                    self.display, key_line, "a key is a list or mapping", "a plain key"
                )
                continue
            key = unicodedata.normalize("NFC", str(key_node.value))
            if key in result.key_lines:
                self.problems.add(
                    self.display,
                    key_line,
                    f"duplicate key '{key}' (first at line {result.key_lines[key]})",
                    "each key once in a mapping",
                    "remove one of the two lines",
                )
                continue
            result.key_lines[key] = key_line
            result[key] = self.convert(value_node, depth + 1)
        for source in merged:
            for key, value in source.items():
                if key not in result.key_lines:
                    result[key] = value
                    result.key_lines[key] = source.key_lines[key]
        return result

    def _merge_sources(self, node: yaml.Node, depth: int) -> list[YMap]:
        value = self.convert(node, depth + 1)
        sources = value if isinstance(value, list) else [value]
        found = [s for s in sources if isinstance(s, YMap)]
        if len(found) != len(sources):
            line = node.start_mark.line + 1
            self.problems.add(self.display, line, "'<<' merges a non-mapping", "a mapping")
        return found

    def _scalar(self, node: yaml.ScalarNode, tag: str, line: int) -> Any:
        kind = tag[len(_TAG) :] if tag.startswith(_TAG) else None
        if kind not in _SCALAR_TAGS:
            return self._bad_tag(tag, line)
        if kind == "str":
            return self._text(str(node.value), line)
        if kind == "null":
            return None
        if kind == "bool":
            return _constructor.construct_yaml_bool(node)
        if kind == "int":
            if not _PLAIN_INT.match(node.value):
                # YAML 1.1 reads 010000 as octal (4096) and 1:30 as 90: keep what was written instead.
                return str(node.value)
            try:
                return _constructor.construct_yaml_int(node)
            except ValueError:
                digits = len(node.value.lstrip("+-").replace("_", ""))
                what = f"is a number of {digits:,} digits" if digits > 100 else "is not a number"
                self.problems.add(self.display, line, f"'{node.value}' {what}", "a number")
                return BROKEN
        if kind == "float":
            return _decimal(node.value)
        try:
            value = _constructor.construct_yaml_timestamp(node)
        except ValueError as exc:
            self.problems.add(
                self.display,
                line,
                f"'{node.value}' is not a valid date ({exc})",
                "a date as YYYY-MM-DD",
                "put it in quotes if it is not meant as a date",
            )
            return BROKEN
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value


def _decimal(text: str) -> Decimal | str:
    cleaned = text.replace("_", "").lower()
    specials = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
    cleaned = specials.get(cleaned, cleaned)
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return text

"""Read a YAML file into plain values that remember their line numbers.

PyYAML's own constructors lose line numbers, silently keep the last of two
duplicate keys and, with the full loader, build arbitrary objects. Here a file
is only *composed* into nodes (the safe, C-accelerated loader when PyYAML has
it) and the nodes are turned into dicts, lists and scalars by this module,
which records lines, refuses duplicate keys and unknown tags, and caps how far
aliases may expand (the "billion laughs" file). PyYAML's resolver is left out of the
compose: the walker types each plain value by the same YAML 1.1 patterns, once per
distinct short text, and never a key (about twice as fast as `yaml.load` itself).
A file of the common shape of a submission skips all that: `plainyaml` reads it to the same
values without libyaml, and steps aside for anything else (`parse_yaml`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from initiatief.errors import Problems
from initiatief.loading.plainyaml import read_plain
from initiatief.loading.yamlvalues import (
    BROKEN,
    REFUSED_TAG,
    SCALAR_TAGS,
    TAG,
    Refused,
    YList,
    YMap,
    line_of,
    plain_kind,
    plain_value,
    typed,
    written_otherwise,
    yaml_number,
)

__all__ = ["BROKEN", "MAX_FILE_BYTES", "YList", "YMap", "decode_text", "line_of", "parse_composed", "parse_yaml",
           "read_bytes", "read_yaml", "yaml_number"]

try:  # libyaml's parser is several times faster where PyYAML was built with it.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_PLAIN: Any = object()
"""The tag of a plain (unquoted) scalar before it is typed: the walker types it, not PyYAML."""


class _Loader(_SafeLoader):
    """The safe loader, composing only: a plain scalar gets the tag _PLAIN and every other untagged node None.

    PyYAML's resolver would try its patterns on every scalar, keys included, in Python; the walker
    types a value by the same patterns (`yamlvalues.plain_kind`) once per distinct text, and never a key.
    """

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> Any:
        return _PLAIN if kind is ScalarNode and implicit[0] else None

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None  # no path resolvers

    def ascend_resolver(self) -> None:
        return None

MAX_FILE_BYTES = 50 * 1024 * 1024
"""No round file is anywhere near this; a bigger one is refused unread."""

MAX_DEPTH = 50
"""How deeply lists and mappings may nest; a round file needs five or six levels."""

MAX_VALUES = 2_000_000
"""How many values one file may hold once aliases are expanded."""

class _TooLarge(Exception):
    pass


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


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
    if "\x00" in text:  # the line of the first (a UTF-16 file: its first line)
        problems.add(display, text.count("\n", 0, text.index("\x00")) + 1,
                     "the file contains NUL bytes, the first on this line", "a text file")
        return None
    # One text, one form: 'é' typed as e + a combining accent (NFD, as macOS may save it) matches 'é'.
    return unicodedata.normalize("NFC", text)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # no newline translation on Windows


def read_bytes(path: Path, display: str, problems: Problems) -> bytes | None:
    """Read a file, refusing one that is far too large to be a round file.

    By file descriptor, without Python's buffered file object: a round of 50,000 submission files
    spends half as long opening and reading them (5 µs a file instead of 10).
    """
    try:
        fd = os.open(path, _READ_FLAGS)
        try:
            size = os.fstat(fd).st_size
            if size > MAX_FILE_BYTES:
                problems.add(
                    display,
                    None,
                    f"the file is {size:,} bytes",
                    f"at most {MAX_FILE_BYTES:,} bytes for a round file",
                )
                return None
            return _read_all(fd, size)
        finally:
            os.close(fd)
    except OSError as exc:
        problems.add(display, None, f"cannot read the file: {exc.strerror}")
        return None


def _read_all(fd: int, size: int) -> bytes:
    """Return everything up to the end of the open file `fd`, which `fstat` said holds `size` bytes: one read
    for a file that still has that size, more for one that is being written or that a read returns in parts."""
    data = os.read(fd, size + 1)
    if len(data) == size:
        return data
    parts = [data]
    while True:
        part = os.read(fd, max(size, 65536))
        if not part:
            return b"".join(parts)
        parts.append(part)


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
    """Parse YAML text into located values, or return None after adding problems.

    A text of the common shape (`plainyaml`) is read without libyaml, to the same values; any other
    the full way (`parse_composed`).
    """
    plain = read_plain(text)
    if plain is not None:
        return plain
    return parse_composed(text, display, problems)


def parse_composed(text: str, display: str, problems: Problems) -> Any:
    """Parse YAML text into located values through libyaml's composer and the walker, or return None after
    adding problems: any YAML, every problem worded."""
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
    problem = getattr(exc, "problem", None) or str(exc)
    if "escape" in problem:
        # A bad escape in a closed quote ("\ud800", "\q"): the escape's own line is where the fix goes.
        hint = ("write the character itself, or the escape of one that exists (\\u00e9 for é; \\ud800 to \\udfff "
                "are halves of a pair, not characters)" if "Unicode" in problem else
                "write a backslash as \\\\, or put the text in single quotes")
    elif context and "quoted scalar" in context and context_mark is not None:
        # The end of the file is where the parser gave up; the opening quote is where the fix goes.
        mark = context_mark
        hint = "close the quote that opens on this line"
    line = mark.line + 1 if mark is not None else None
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
    """Turns composed nodes into located values: one pass, every node counted and its depth checked."""

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
        kind = node.__class__
        if kind is ScalarNode:
            return self._scalar(node)
        tag = node.tag
        if kind is MappingNode:
            if tag is not None and tag != TAG + "map":
                return self._bad_tag(tag, node.start_mark.line + 1)
            return self._mapping(node, depth)
        assert kind is SequenceNode
        if tag is not None and tag != TAG + "seq":
            return self._bad_tag(tag, node.start_mark.line + 1)
        seq = YList()
        seq.line = node.start_mark.line + 1
        lines: list[int] = []
        seq.item_lines = lines
        deeper = depth + 1
        for item in node.value:
            line = item.start_mark.line + 1
            if item.__class__ is ScalarNode:
                self.budget -= 1
                if self.budget < 0:
                    raise _TooLarge
                if deeper > MAX_DEPTH:
                    raise _TooDeep(line)
                seq.append(self._scalar(item))
            else:
                seq.append(self.convert(item, deeper))
            lines.append(line)
        return seq

    def _bad_tag(self, tag: str, line: int) -> Any:
        shown = "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag
        self.problems.add(
            self.display,
            line,
            f"the YAML tag {shown} is not allowed",
            "plain values, lists and mappings",
        )
        return BROKEN

    def _mapping(self, node: yaml.Node, depth: int) -> YMap:
        result = YMap()
        result.line = node.start_mark.line + 1
        key_lines: dict[str, int] = {}
        result.key_lines = key_lines
        merged: list[YMap] = []
        deeper = depth + 1
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.__class__ is not ScalarNode:
                if key_node.tag == TAG + "merge":
                    merged.extend(self._merge_sources(value_node, depth))
                    continue
                self.problems.add(
                    self.display, key_line, "a key is a list or mapping", "a plain key"
                )
                continue
            key = key_node.value
            tag = key_node.tag
            if (tag is _PLAIN and key == "<<") or tag == TAG + "merge":
                merged.extend(self._merge_sources(value_node, depth))
                continue
            if not key.isascii():
                key = unicodedata.normalize("NFC", key)
            if key in key_lines:
                self.problems.add(
                    self.display,
                    key_line,
                    f"duplicate key '{key}' (first at line {key_lines[key]})",
                    "each key once in a mapping",
                    "remove one of the two lines",
                )
                continue
            key_lines[key] = key_line
            if value_node.__class__ is ScalarNode:  # most values: counted and checked here, without a call
                self.budget -= 1
                if self.budget < 0:
                    raise _TooLarge
                if deeper > MAX_DEPTH:
                    raise _TooDeep(value_node.start_mark.line + 1)
                value = result[key] = self._scalar(value_node)
                if written_otherwise(value_node.value, value, value_node.tag is _PLAIN):
                    result.keep_written(key, value_node.value)
            else:
                result[key] = self.convert(value_node, deeper)
        for source in merged:
            for key, value in source.items():
                if key not in key_lines:
                    result[key] = value
                    key_lines[key] = source.key_lines[key]
        return result

    def _merge_sources(self, node: yaml.Node, depth: int) -> list[YMap]:
        value = self.convert(node, depth + 1)
        sources = value if isinstance(value, list) else [value]
        found = [s for s in sources if isinstance(s, YMap)]
        if len(found) != len(sources):
            line = node.start_mark.line + 1
            self.problems.add(self.display, line, "'<<' merges a non-mapping", "a mapping")
        return found

    def _scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        text: str = node.value
        if tag is _PLAIN:
            # Typed the way PyYAML's resolver would, once per distinct short text.
            value = plain_value(text)
        elif tag is None:  # quoted, or a block scalar: text
            value = typed("str", text)
        elif tag.startswith(TAG) and tag[len(TAG) :] in SCALAR_TAGS:
            value = typed(tag[len(TAG) :], text)
        else:
            return self._bad_tag(tag, node.start_mark.line + 1)
        if value.__class__ is Refused:
            self.problems.add(self.display, node.start_mark.line + 1, *value)
            return BROKEN
        if value is REFUSED_TAG:
            return self._bad_tag(TAG + plain_kind(text), node.start_mark.line + 1)
        return value



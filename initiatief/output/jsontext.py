"""The JSON text every command prints for `--format json`: UTF-8 as it is, indented by two, a newline at the end.

`json.dumps(..., indent=2)` works in Python (its C encoder knows no indentation) and is slow
on a large round's outcome; `dumps_indented` writes the same bytes several times faster: each
text by the C string encoder, each number by Python's own repr, the indentation by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from math import isfinite
from typing import Any

from initiatief.amounts import JsonNumber

_encode: Callable[[str], str] = json.encoder.encode_basestring
"""The C string encoder that json.dumps uses with ensure_ascii=False (its Python twin where there is no C)."""
_int_repr = int.__repr__
_float_repr = float.__repr__
_INFINITY = float("inf")
_NAMES: dict[str, str] = {}
"""Mapping keys as JSON with the colon after them ('"id": '): a document repeats a few keys many times."""


def json_text(data: dict[str, Any]) -> str:
    """Return `data` (plain JSON values only) as the JSON text of a command's output (`visible`)."""
    return visible(dumps_indented(data) + "\n")


_HIDDEN = re.compile(
    "[\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ue000-\uf8ff\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000f0000-\U0010ffff]")
"""The characters a reader of JSON would not see, or that would reorder what they read: C1 controls and DEL,
the format characters (bidi overrides and isolates, zero-width characters, the byte-order mark, …), line and
paragraph separators, private-use characters: every one Unicode 14 has (Python 3.11), and the Egyptian
format controls of 15. A test checks this class against unicodedata."""


def visible(text: str) -> str:
    """Return a JSON text with every character of `_HIDDEN` written as its escape (`\\u202e`): the very same
    value to every JSON reader, but a person reading the output on a terminal or in an editor sees it.

    JSON text outside strings is only structure and spaces, so any such character is inside a string."""
    if _HIDDEN.search(text) is None:
        return text
    return _HIDDEN.sub(lambda m: json.encoder.encode_basestring_ascii(m.group())[1:-1], text)


_BELOW_DEL = bytes(range(0x7F))
"""The bytes of the ASCII characters before DEL: no character of `_HIDDEN` is among them, or in their UTF-8."""


def visible_utf8(text: str, encode: Callable[[str], bytes]) -> bytes:
    """Return `encode(visible(text))`, `encode` any encoder to UTF-8 (whatever its error handler): the same bytes,
    about eight times faster on a large document with some non-ASCII text (an amount in euros, a Dutch name).

    Only the characters from DEL up can be in `_HIDDEN`. Deleting every byte below DEL from the UTF-8 leaves
    exactly those characters' bytes, each sequence whole (its lead and continuation bytes are all above DEL),
    which the regular expression then reads: nothing, for most of a document. Bytes that are not UTF-8 (an
    error handler's raw bytes) decode to U+FFFD, never a `_HIDDEN` character, and cannot swallow the lead byte
    of one that follows, so every hidden character is still found; then the text is escaped as `visible` does."""
    data = encode(text)
    rest = data.translate(None, _BELOW_DEL)
    if rest and _HIDDEN.search(rest.decode("utf-8", "replace")) is not None:
        return encode(visible(text))
    return data


def dumps_indented(data: Any, default: Callable[[Any], Any] | None = None) -> str:
    """Return `json.dumps(data, ensure_ascii=False, indent=2, default=default)`, the same text, faster."""
    return _text(data, "\n", default)


ITEM_INDENT = "\n    "
"""The line break and indentation of each item of `iter_pieces`' list (a key of the document's top level)."""


def iter_pieces(data: dict[str, Any], key: str, items: Iterable[Any],
                default: Callable[[Any], Any] | None = None, end: str = "") -> Iterator[str]:
    """Yield the text of `dumps_indented({**data, key: list(items)}, default) + end` (`key` not in `data`) in
    pieces, each item's text as soon as the item comes: a caller makes the items one at a time, the list is
    never held, and the pieces can be written one after the other."""
    return iter_written(data, key, (_text(item, ITEM_INDENT, default) for item in items), default, end)


def iter_written(data: dict[str, Any], key: str, texts: Iterable[str],
                 default: Callable[[Any], Any] | None = None, end: str = "") -> Iterator[str]:
    """Yield what `iter_pieces(data, key, items, default, end)` yields, each item given as its text already:
    `written(item, ITEM_INDENT, default)`, or the same text written another way (a writer that knows the items'
    shape, output/jsonout.py)."""
    if key in data:
        raise ValueError(f"'{key}' is in the data already")
    inner = "\n  "
    members = _members(data, inner, default)
    members.append(f"{_encode(key)}: [")
    yield f"{{{inner}{(',' + inner).join(members)}"
    separator = ITEM_INDENT
    for text in texts:
        yield separator + text
        separator = "," + ITEM_INDENT
    yield f"{inner}]\n}}{end}" if separator != ITEM_INDENT else f"]\n}}{end}"


# The pieces a writer that knows its data's shape puts together (output/jsonout.py writes a result so): each gives
# the very text the general writer gives for the same value at the same place.

encode_text: Callable[[str], str] = _encode
"""Return a str (exactly a str, not a subclass) as JSON: quoted, escaped as json.dumps escapes it."""


def written(value: Any, indent: str, default: Callable[[Any], Any] | None = None) -> str:
    """Return any value as JSON, the way it is written where `indent` is the line break and indentation of the
    line it starts on (a mapping's value: the line of its key)."""
    return _text(value, indent, default)


def float_text(value: float) -> str:
    """Return a float as JSON (json.dumps' 'NaN', 'Infinity' and '-Infinity' included)."""
    return _float(value)


def member_name(key: str) -> str:
    """Return a mapping's key (exactly a str) as JSON with the colon after it: '"id": '."""
    name = _NAMES.get(key)
    if name is None:
        name = _encode(key) + ": "
        if len(_NAMES) < 4096:
            _NAMES[key] = name
    return name


def object_text(members: list[str], indent: str) -> str:
    """Return a mapping as JSON from its members' texts ('"key": value', each value written for the line
    `indent + '  '`); `indent` as for `written`."""
    if not members:
        return "{}"
    inner = indent + "  "
    return f"{{{inner}{(',' + inner).join(members)}{indent}}}"


def array_text(items: list[str], indent: str) -> str:
    """Return a list as JSON from its items' texts (each written for the line `indent + '  '`); `indent` as for
    `written`."""
    if not items:
        return "[]"
    inner = indent + "  "
    return f"[{inner}{(',' + inner).join(items)}{indent}]"


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return _float_repr(value)


def _key(key: Any) -> str:
    """Return a mapping's key as json.dumps turns it into text (the same order of checks)."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return _int_repr(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _scalar(value: Any) -> str | None:
    """Return a plain value as JSON, or None if it is a list, a mapping or something else."""
    kind = value.__class__
    if kind is str:
        return _encode(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return _int_repr(value)
    if kind is float:
        return _float(value)
    if kind is list or kind is dict or kind is tuple:
        return None
    if kind is JsonNumber and value.is_finite():
        # A number with more digits than a float holds (amounts.json_number): written exactly, as a JSON number.
        return format(value, "f")
    # Subclasses (a StrEnum, an IntEnum), in json's own order of checks.
    if isinstance(value, str):
        return _encode(value)
    if isinstance(value, int):
        return _int_repr(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _text(value: Any, indent: str, default: Callable[[Any], Any] | None) -> str:
    """Return `value` as JSON; `indent` is the line break and indentation of the line it is on."""
    kind = value.__class__
    if kind is str:
        return _encode(value)
    if kind is dict:
        return _dict(value, indent, default)
    if kind is list or kind is tuple:
        return _list(value, indent, default)
    text = _scalar(value)
    if text is not None:
        return text
    if isinstance(value, list | tuple):
        return _list(value, indent, default)
    if isinstance(value, dict):
        return _dict(value, indent, default)
    if default is None:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")
    return _text(default(value), indent, default)


def _item(value: Any, indent: str, default: Callable[[Any], Any] | None) -> str:
    """Return a list's item or a mapping's value as JSON: the plain ones without a call."""
    kind = value.__class__
    if kind is str:
        return _encode(value)
    if value is None:
        return "null"
    if kind is float:
        return _float(value)
    if kind is int:
        return _int_repr(value)
    return _text(value, indent, default)


def _list(value: list[Any] | tuple[Any, ...], indent: str, default: Callable[[Any], Any] | None) -> str:
    if not value:
        return "[]"
    inner = indent + "  "
    texts = [_item(item, inner, default) for item in value]
    return f"[{inner}{(',' + inner).join(texts)}{indent}]"


def _members(value: dict[Any, Any], inner: str, default: Callable[[Any], Any] | None) -> list[str]:
    """Return a mapping's members as JSON ('"key": value'), each value indented by `inner`."""
    members: list[str] = []
    append = members.append
    names = _NAMES
    for key, item in value.items():
        name = names.get(key) if key.__class__ is str else None
        if name is None:
            name = _encode(key) if key.__class__ is str else _encode(_key(key))
            name += ": "
            if key.__class__ is str and len(names) < 4096:
                names[key] = name
        kind = item.__class__
        if kind is str:
            append(name + _encode(item))
        elif item is None:
            append(name + "null")
        elif kind is float and isfinite(item):
            append(name + _float_repr(item))
        elif kind is int:
            append(name + _int_repr(item))
        else:
            append(name + _text(item, inner, default))
    return members


def _dict(value: dict[Any, Any], indent: str, default: Callable[[Any], Any] | None) -> str:
    if not value:
        return "{}"
    inner = indent + "  "
    return f"{{{inner}{(',' + inner).join(_members(value, inner, default))}{indent}}}"

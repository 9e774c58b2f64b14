"""The JSON text every command prints for `--format json`: UTF-8 as it is, indented by two, a newline at the end.

`json.dumps(..., indent=2)` works in Python (its C encoder knows no indentation) and is slow
on a large round's outcome; `dumps_indented` writes the same bytes several times faster: each
text by the C string encoder, each number by Python's own repr, the indentation by hand.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_encode: Callable[[str], str] = json.encoder.encode_basestring
"""The C string encoder that json.dumps uses with ensure_ascii=False (its Python twin where there is no C)."""
_int_repr = int.__repr__
_float_repr = float.__repr__
_INFINITY = float("inf")


def json_text(data: dict[str, Any]) -> str:
    """Return `data` (plain JSON values only) as the JSON text of a command's output."""
    return dumps_indented(data) + "\n"


def dumps_indented(data: Any, default: Callable[[Any], Any] | None = None) -> str:
    """Return `json.dumps(data, ensure_ascii=False, indent=2, default=default)`, the same text, faster."""
    done: list[str] = []
    parts: list[str] = []
    append = parts.append

    def flush() -> None:
        # A long list is joined as it goes: a million small strings held to the end cost more than the text.
        if len(parts) > 4096:
            done.append("".join(parts))
            parts.clear()

    _write(data, "\n", append, default, flush)
    done.append("".join(parts))
    return "".join(done)


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
    # Subclasses (a StrEnum, an IntEnum), in json's own order of checks.
    if isinstance(value, str):
        return _encode(value)
    if isinstance(value, int):
        return _int_repr(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _write(
    value: Any, indent: str, append: Callable[[str], object], default: Callable[[Any], Any] | None,
    flush: Callable[[], None],
) -> None:
    """Append `value` as JSON; `indent` is the line break and indentation of the line it is on."""
    text = _scalar(value)
    if text is not None:
        append(text)
        return
    if isinstance(value, list | tuple):
        if not value:
            append("[]")
            return
        inner = indent + "  "
        separator = "," + inner
        append("[")
        append(inner)
        first = True
        for item in value:
            if first:
                first = False
            else:
                append(separator)
            text = _encode(item) if item.__class__ is str else _scalar(item)
            if text is not None:
                append(text)
            else:
                _write(item, inner, append, default, flush)
                flush()
        append(indent)
        append("]")
        return
    if isinstance(value, dict):
        if not value:
            append("{}")
            return
        inner = indent + "  "
        separator = "," + inner
        append("{")
        append(inner)
        first = True
        for key, item in value.items():
            if first:
                first = False
            else:
                append(separator)
            append(_encode(key if key.__class__ is str else _key(key)))
            append(": ")
            text = _encode(item) if item.__class__ is str else _scalar(item)
            if text is not None:
                append(text)
            else:
                _write(item, inner, append, default, flush)
        append(indent)
        append("}")
        return
    if default is None:
        raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")
    _write(default(value), indent, append, default, flush)

"""A submission file as `initiatief import` writes it: plain YAML, the same bytes for the same application.

Keys come in a fixed order (as docs/format.md lists them), texts are double-quoted (so
no answer is ever read back as a number, a date or yes/no), amounts are plain numbers,
dates are YYYY-MM-DD. The loader reads the file back to exactly the values it was made from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

_ORDER = ("title", "applicant.name", "applicant.kind", "applicant.contact", "applicant.email", "applicant.phone",
          "applicant.address", "stage", "district", "received", "cost", "requested", "summary")


def submission_yaml(values: Mapping[str, Any], stage: str | None) -> str:
    """Return a submission file's text for an application's values by field name (`facts.x` for facts)."""
    lines: list[str] = []
    given = dict(values)
    given.pop("id", None)
    if stage is not None and "stage" not in given:
        given["stage"] = stage
    for name in _ORDER:
        if name == "applicant.name":
            lines.append("applicant:")
        if name not in given:
            continue
        if name.startswith("applicant."):
            lines.append(f"  {name[len('applicant.'):]}: {scalar(given[name])}")
        else:
            lines.append(f"{name}: {scalar(given[name])}")
    facts = [(name[len("facts."):], value) for name, value in given.items() if name.startswith("facts.")]
    if facts:
        lines.append("facts:")
        lines.extend(f"  {name}: {scalar(value)}" for name, value in facts)
    return "\n".join(lines) + "\n"


def scalar(value: Any) -> str:
    """Return one value as YAML that reads back as exactly that value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    return quoted(str(value))


def quoted(text: str) -> str:
    """Return `text` as a YAML double-quoted scalar that reads back exactly, on one line.

    `"` and `\\` are escaped, and so is every character that is not printable (a tab, a line
    break, NEL, U+2028, a byte-order mark, a no-break space) as `\\t`, `\\n` or `\\uXXXX`.
    """
    if text.isprintable():  # the common case, at C speed
        return '"' + text.translate(_ESCAPES) + '"'
    return '"' + "".join(_escape(c) for c in text) + '"'


def _escape(c: str) -> str:
    if c in _SHORT:
        return _SHORT[c]
    if c.isprintable():
        return c
    code = ord(c)
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


_SHORT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_ESCAPES = str.maketrans(_SHORT)

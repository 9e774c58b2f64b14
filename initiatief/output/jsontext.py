"""The JSON text every command prints for `--format json`: UTF-8 as it is, indented by two, a newline at the end."""

from __future__ import annotations

import json
from typing import Any


def json_text(data: dict[str, Any]) -> str:
    """Return `data` (plain JSON values only) as the JSON text of a command's output."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

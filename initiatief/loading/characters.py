"""The characters no text of a round may hold, and how a problem names one.

Control characters (Unicode category Cc; tab and line breaks are text) would be escape codes on a terminal
and garble a CSV or a letter. The explicit bidi controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069
isolates) are refused too: an override in a title reorders what is printed after it in every sentence it
stands in ("Uw plan … krijgt € 5.000" read backwards from the title on), in a letter, the report, an HTML
page or a spreadsheet, and nothing a round needs is written with one (right-to-left text such as Arabic or
Hebrew needs none: its letters carry their direction). The bidi marks U+200E and U+200F stay: they reorder
nothing after them.
"""

from __future__ import annotations

BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
"""The explicit bidi formatting characters, as a regular expression's character class range."""

_BIDI_NAMES = {
    0x202A: "left-to-right embedding", 0x202B: "right-to-left embedding", 0x202C: "pop directional formatting",
    0x202D: "left-to-right override", 0x202E: "right-to-left override", 0x2066: "left-to-right isolate",
    0x2067: "right-to-left isolate", 0x2068: "first strong isolate", 0x2069: "pop directional isolate",
}


def is_bidi_control(char: str) -> bool:
    return ord(char) in _BIDI_NAMES


def refused_character(char: str, where: str = "the text") -> tuple[str, str, str | None]:
    """Return (problem, expected, hint) for a refused character `char` found in `where` ("the cell")."""
    code = ord(char)
    if code in _BIDI_NAMES:
        return (f"{where} holds the bidi control U+{code:04X} ({_BIDI_NAMES[code]}), which can reorder the text "
                "printed after it", "text without bidi controls (U+202A–U+202E, U+2066–U+2069)",
                "remove it: right-to-left text such as Arabic or Hebrew needs none")
    return f"{where} holds the control character U+{code:04X}", "text without control characters", None

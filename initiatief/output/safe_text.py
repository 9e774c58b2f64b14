"""Text shown on a terminal can not take it over: control, bidi and other invisible format characters
are shown escaped (`\\u202e`), as error messages already are.

Loading refuses control characters and the bidi controls in a round's text (loading/characters.py),
but a terminal is also reached by text that loading accepts as data (zero-width characters, bidi
marks, line and paragraph separators) and by what a person types on the command line. On a
terminal they would hide or reorder what a person reads, so they are written as escapes there;
in data formats (CSV, HTML, Markdown) they stay the data they are. JSON writes them as its own escapes
(output/jsontext.py `visible`), which are the same data.
"""

from __future__ import annotations

import unicodedata

_KEEP = frozenset("\n\t\x1b")
"""Line breaks, tabs, and the escape rich itself writes for colours (loading refuses it in round text)."""


def for_terminal(text: str) -> str:
    """Return text with every control and format character, but line breaks, tabs and rich's own
    colour escapes, written as a visible escape."""
    if text.isprintable():
        return text
    return "".join(
        c if c in _KEEP or unicodedata.category(c) not in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn")
        else c.encode("unicode_escape").decode("ascii")
        for c in text
    )

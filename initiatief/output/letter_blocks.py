"""A letter's text (the small Markdown a template writes) as blocks, and the blocks as Markdown and HTML.

A template writes headings (`#`, `##`), paragraphs (each line of one is a line of the letter),
lists (`- `), tables (`| a | b |`, the second line `|---|`) and `**bold**`. The values a
template puts in are escaped before they reach this text (output/markdown.escape), so a
title or an address can never start a heading, a list or a table, nor hold markup: here
a backslash makes the next character plain text, and HTML escapes every character it must.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

Span = tuple[str, bool]
"""A run of text and whether it is bold."""
Line = tuple[Span, ...]


@dataclass(frozen=True)
class Block:
    """One block of a letter: a heading (level 1–3), a paragraph (its lines), a list (its items) or a table."""

    kind: str
    """'heading', 'paragraph', 'list' or 'table'."""
    lines: tuple[Line, ...]
    """heading: one line; paragraph: its lines; list: one line per item."""
    level: int = 0
    rows: tuple[tuple[Line, ...], ...] = ()
    """table: its rows of cells, the first the heading row."""
    source: tuple[str, ...] = ()
    """The block's Markdown lines, as written (escapes kept)."""


_HEADING = re.compile(r"^(#{1,3}) +(.*)\Z")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*\Z")


def parse(text: str) -> tuple[Block, ...]:
    """Return the blocks of a letter's text."""
    blocks: list[Block] = []
    chunk: list[str] = []
    for raw in [*text.splitlines(), ""]:
        line = raw.rstrip()
        if line.strip():
            if _HEADING.match(line) and not chunk:
                blocks.append(_heading(line))
                continue
            chunk.append(line)
            continue
        if chunk:
            blocks.extend(_chunk(chunk))
            chunk = []
    return tuple(blocks)


def _heading(line: str) -> Block:
    match = _HEADING.match(line)
    assert match is not None
    return Block("heading", (spans(match.group(2)),), level=len(match.group(1)), source=(line,))


def _chunk(lines: list[str]) -> list[Block]:
    """Return a run of non-empty lines as blocks: a list, a table, or a paragraph."""
    if all(line.startswith("- ") for line in lines):
        return [Block("list", tuple(spans(line[2:]) for line in lines), source=tuple(lines))]
    if all(line.startswith("|") for line in lines):
        rows = tuple(tuple(spans(cell) for cell in _cells(line)) for line in lines if not _RULE.match(line))
        return [Block("table", (), rows=rows, source=tuple(lines))]
    heading = next((i for i, line in enumerate(lines) if _HEADING.match(line)), None)
    if heading:
        return [*_chunk(lines[:heading]), _heading(lines[heading]), *(_chunk(lines[heading + 1:])
                                                                      if lines[heading + 1:] else [])]
    return [Block("paragraph", tuple(spans(line) for line in lines), source=tuple(lines))]


def _cells(line: str) -> list[str]:
    """Return a table row's cells: split at every '|' that is not escaped."""
    cells, current, i = [], "", 0
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            current += body[i:i + 2]
            i += 2
            continue
        if char == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += char
        i += 1
    if current.strip():
        cells.append(current.strip())
    return cells


def spans(text: str) -> Line:
    """Return a line's runs of text: `**` switches bold on and off, a backslash makes the next character plain."""
    runs: list[Span] = []
    current, bold, i = "", False, 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            current += text[i + 1]
            i += 2
        elif text.startswith("**", i):
            if current:
                runs.append((current, bold))
            current, bold = "", not bold
            i += 2
        else:
            current += text[i]
            i += 1
    if current:
        runs.append((current, bold))
    return tuple(runs)


def plain(line: Line) -> str:
    """Return a line's text without formatting."""
    return "".join(text for text, _ in line)


def to_markdown(blocks: tuple[Block, ...]) -> str:
    """Return the blocks as Markdown for review: a paragraph's lines end in a hard break."""
    parts = []
    for block in blocks:
        if block.kind == "paragraph":
            parts.append("  \n".join(block.source))
        else:
            parts.append("\n".join(block.source))
    return "\n\n".join(parts) + "\n"


def _html_line(line: Line) -> str:
    return "".join(f"<strong>{html.escape(text)}</strong>" if bold else html.escape(text) for text, bold in line)


def to_html_body(blocks: tuple[Block, ...]) -> str:
    """Return the blocks as HTML elements: every text escaped."""
    out = []
    for block in blocks:
        if block.kind == "heading":
            out.append(f"<h{block.level}>{_html_line(block.lines[0])}</h{block.level}>")
        elif block.kind == "paragraph":
            out.append("<p>" + "<br>\n".join(_html_line(line) for line in block.lines) + "</p>")
        elif block.kind == "list":
            out.append("<ul>\n" + "\n".join(f"<li>{_html_line(line)}</li>" for line in block.lines) + "\n</ul>")
        else:
            head, *body = block.rows or ((),)
            rows = ["<tr>" + "".join(f"<th>{_html_line(c)}</th>" for c in head) + "</tr>"]
            rows += ["<tr>" + "".join(f"<td>{_html_line(c)}</td>" for c in row) + "</tr>" for row in body]
            out.append("<table>\n" + "\n".join(rows) + "\n</table>")
    return "\n".join(out)


_CSS = """\
@page { size: A4; margin: 25mm 22mm 25mm 25mm; }
html { font-family: "Segoe UI", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #000; }
body { margin: 0 auto; max-width: 165mm; padding: 0 4mm; }
h1 { font-size: 13pt; margin: 8mm 0 3mm; }
h2 { font-size: 11pt; margin: 5mm 0 1.5mm; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
ul { margin: 0 0 2.5mm; padding-left: 6mm; }
table { border-collapse: collapse; margin: 1mm 0 3mm; break-inside: avoid; }
th, td { border: 0.3mm solid #999; padding: 0.8mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
@media print { body { max-width: none; padding: 0; } }
"""


def to_html(blocks: tuple[Block, ...], title: str, language: str) -> str:
    """Return the blocks as one HTML file with A4 print CSS."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n"
        f"{to_html_body(blocks)}\n</body>\n</html>\n"
    )

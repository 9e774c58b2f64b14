"""A letter as a Word document (.docx), from its blocks: python-docx, imported only when one is written.

python-docx needs lxml, so it is an extra: `pip install 'initiatief[docx]'`. The same letter
gives the same bytes: the document's dates are the letter's date, and the zip's entries
carry a fixed time.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from initiatief.errors import InitiatiefError
from initiatief.output.letter_blocks import Block, Line

INSTALL = "writing .docx letters needs python-docx: pip install 'initiatief[docx]'"
_FIXED = (1980, 1, 1, 0, 0, 0)


def docx_available() -> bool:
    """Return whether python-docx can be imported."""
    try:
        import docx  # noqa: F401
    except ImportError:
        return False
    return True


def to_docx(blocks: tuple[Block, ...], title: str, author: str, date: dt.date, language: str) -> bytes:
    """Return the blocks as a .docx file, byte-identical for the same letter."""
    try:
        import docx
        from docx.shared import Pt
    except ImportError:
        raise InitiatiefError(INSTALL) from None
    document: Any = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    for block in blocks:
        if block.kind == "heading":
            _runs(document.add_heading(level=block.level), block.lines[0])
        elif block.kind == "paragraph":
            paragraph = document.add_paragraph()
            for i, line in enumerate(block.lines):
                if i:
                    paragraph.add_run().add_break()
                _runs(paragraph, line)
        elif block.kind == "list":
            for line in block.lines:
                _runs(document.add_paragraph(style="List Bullet"), line)
        elif block.rows:
            columns = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=columns)
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    target = table.cell(r, c).paragraphs[0]
                    _runs(target, tuple((text, bold or r == 0) for text, bold in cell))
    moment = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    core = document.core_properties
    core.title, core.author, core.last_modified_by, core.language = title[:255], author[:255], author[:255], language
    core.created = core.modified = core.last_printed = moment
    core.revision = 1
    core.comments = core.keywords = core.subject = core.category = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _runs(paragraph: Any, line: Line) -> None:
    for text, bold in line:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True


def _fixed_zip(data: bytes) -> bytes:
    """Return the zip with every entry's time fixed, in the same order: the same letter, the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()

"""Score sheets for assessors (`initiatief sheets`): an .xlsx workbook, or the CSV score-file layout.

The workbook's sheet Scores lists the plans that need the assessor's score: id and title
locked (the sheet is protected without a password), one column per criterion headed by its
label with weight and scale and a data validation on every score cell, a conflict column
with a yes/no list, a comment column. Sheet Instructions says what to do. The reader in
loading/scoresheets.py takes the filled-in sheet back as it is.

The round's text is data: every text is written as a text cell, never as a formula (a title
'=HYPERLINK(…)' stays those characters). The same inputs give the same bytes: the
workbook's dates (docProps/core.xml, and the zip's own) are the first of January of the
round's year. openpyxl is imported only here, when a workbook is made.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from initiatief.models import Assessor, Round, Submission
from initiatief.output.csvout import neutralise
from initiatief.texts.formats import number_range, plain_number
from initiatief.texts.sheets import criterion_heading, sheet_word

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

_MESSAGE = 255
"""Excel's limit on a data validation's message; its title may hold 32 characters."""
_TITLE = 32
_CORE = "docProps/core.xml"


def sheet_file(assessor: Assessor, fmt: str) -> str:
    """Return the file name of an assessor's sheet: the name scores/ reads the assessor's id from."""
    return f"{assessor.id}.{fmt}"


def _fixed_time(round_: Round) -> dt.datetime:
    return dt.datetime(max(round_.year, 1980), 1, 1)


def _text(cell: Cell | MergedCell, value: str) -> None:
    """Put `value` into `cell` as text: never a formula, an error code or a number, whatever it starts with."""
    from openpyxl.cell.cell import Cell

    assert isinstance(cell, Cell), "a text goes into the first cell of a merged range"
    cell.value = value
    cell.data_type = "s"


def _number(value: Decimal) -> str:
    return f"{value:f}"


def score_sheet_csv(round_: Round, plans: Sequence[Submission]) -> str:
    """Return an empty score file in the CSV layout scores/ reads: ';', UTF-8 with a byte-order mark, CRLF.

    The header: submission, title (for people; not read), each criterion's id, conflict, comment.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["submission", "title", *(c.id for c in round_.criteria), "conflict", "comment"])
    for plan in plans:
        writer.writerow([plan.id, neutralise(plan.title), *("" for _ in round_.criteria), "", ""])
    return "\ufeff" + out.getvalue()


def score_sheet_xlsx(round_: Round, assessor: Assessor, plans: Sequence[Submission]) -> bytes:
    """Return the assessor's score sheet as an .xlsx workbook (bytes, the same for the same inputs)."""
    from openpyxl import Workbook

    lang = round_.language
    book = Workbook()
    scores = book.active
    assert scores is not None
    scores.title = sheet_word(lang, "scores_sheet")
    _scores_sheet(scores, round_, plans)
    _instructions(book.create_sheet(sheet_word(lang, "instructions_sheet")), round_, assessor, len(plans))
    book.active = 0
    when = _fixed_time(round_)
    properties = book.properties
    properties.creator = "initiatief"
    properties.title = f"{round_.name}: {assessor.name}"
    properties.created = when
    properties.modified = when
    buffer = io.BytesIO()
    book.save(buffer)
    return _deterministic(buffer.getvalue(), book, when)


def _deterministic(data: bytes, book: Any, when: dt.datetime) -> bytes:
    """Return the workbook with its dates fixed: openpyxl writes the time of saving, and so does the zip."""
    from openpyxl.xml.functions import tostring

    book.properties.modified = when  # save() set it to now
    core = tostring(book.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(when.year, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o644 << 16
            target.writestr(entry, core if info.filename == _CORE else source.read(info))
    return out.getvalue()


def _scores_sheet(ws: Worksheet, round_: Round, plans: Sequence[Submission]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = round_.language
    criteria = round_.criteria
    headings = [
        sheet_word(lang, "submission"), sheet_word(lang, "title"),
        *(criterion_heading(c.label, plain_number(c.weight, lang), number_range(c.low, c.high, lang))
          for c in criteria),
        sheet_word(lang, "conflict"), sheet_word(lang, "comment"),
    ]
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDDDDD")
    locked_fill = PatternFill("solid", fgColor="F2F2F2")
    for column, heading in enumerate(headings, start=1):
        cell = ws.cell(1, column)
        _text(cell, heading)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    open_cell = Protection(locked=False)
    for row, plan in enumerate(plans, start=2):
        for column, value in ((1, plan.id), (2, plan.title)):
            cell = ws.cell(row, column)
            _text(cell, value)
            cell.fill = locked_fill
        for column in range(3, len(headings) + 1):
            ws.cell(row, column).protection = open_cell
        ws.cell(row, len(headings)).alignment = Alignment(wrap_text=True, vertical="top")
    last = len(plans) + 1
    conflict_column = 3 + len(criteria)
    if plans:
        for offset, criterion in enumerate(criteria):
            letter = get_column_letter(3 + offset)
            low, high = plain_number(criterion.low, lang), plain_number(criterion.high, lang)
            rule = DataValidation(
                type="decimal", operator="between", formula1=_number(criterion.low), formula2=_number(criterion.high),
                allow_blank=True, showErrorMessage=True, showInputMessage=True, errorStyle="stop",
                promptTitle=sheet_word(lang, "score_prompt_title")[:_TITLE],
                prompt=sheet_word(lang, "score_prompt", low=low, high=high)[:_MESSAGE],
                errorTitle=sheet_word(lang, "score_error_title")[:_TITLE],
                error=sheet_word(lang, "score_error", criterion=criterion.label, low=low, high=high)[:_MESSAGE],
            )
            rule.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(rule)
        yes, no = sheet_word(lang, "yes"), sheet_word(lang, "no")
        letter = get_column_letter(conflict_column)
        choice = DataValidation(
            type="list", formula1=f'"{yes},{no}"', allow_blank=True, showErrorMessage=True, showInputMessage=True,
            errorStyle="stop",
            promptTitle=sheet_word(lang, "conflict_prompt_title")[:_TITLE],
            prompt=sheet_word(lang, "conflict_prompt", yes=yes)[:_MESSAGE],
            errorTitle=sheet_word(lang, "conflict_error_title", yes=yes, no=no)[:_TITLE],
            error=sheet_word(lang, "conflict_error", yes=yes, no=no)[:_MESSAGE],
        )
        choice.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(choice)
    widths = [
        min(max([len(headings[0]), *(len(p.id) for p in plans)]) + 2, 45),
        min(max([len(headings[1]), *(len(p.title) for p in plans)]) + 2, 60),
        *(min(max(len(h) // 2, 10) + 2, 24) for h in headings[2:conflict_column - 1]),
        len(headings[conflict_column - 1]) + 2, 50,
    ]
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "C2"
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False  # an assessor may widen a column and a row, and nothing more
    protection.formatRows = False


def _instructions(ws: Worksheet, round_: Round, assessor: Assessor, count: int) -> None:
    from openpyxl.styles import Alignment, Font

    lang = round_.language
    yes = sheet_word(lang, "yes")
    wrap = Alignment(wrap_text=True, vertical="top")
    widths = {"A": 40, "B": 18, "C": 10, "D": 10, "E": 10}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    line_width = sum(widths.values())
    row = 1

    def paragraph(text: str, *, font: Font | None = None) -> None:
        nonlocal row
        cell = ws.cell(row, 1)
        _text(cell, text)
        cell.alignment = wrap
        if font is not None:
            cell.font = font
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        lines = sum(len(part) // line_width + 1 for part in text.split("\n"))
        if lines > 1:
            ws.row_dimensions[row].height = 15 * lines
        row += 1

    def pair(label: str, value: str) -> None:
        nonlocal row
        _text(ws.cell(row, 1), label)
        ws.cell(row, 1).font = Font(bold=True)
        _text(ws.cell(row, 2), value)
        row += 1

    file = sheet_file(assessor, "xlsx")
    paragraph(sheet_word(lang, "heading", round=round_.name), font=Font(bold=True, size=14))
    row += 1
    pair(sheet_word(lang, "round"), f"{round_.name} ({round_.year})")
    pair(sheet_word(lang, "assessor"), assessor.name if assessor.name == assessor.id
         else f"{assessor.name} ({assessor.id})")
    pair(sheet_word(lang, "plans"), str(count))
    pair(sheet_word(lang, "file"), file)
    row += 1
    paragraph(sheet_word(lang, "what_to_do"), font=Font(bold=True))
    steps = [
        sheet_word(lang, "step_score", sheet=sheet_word(lang, "scores_sheet")),
        sheet_word(lang, "step_locked"),
        sheet_word(lang, "step_conflict", yes=yes, conflict=sheet_word(lang, "conflict")),
        sheet_word(lang, "step_comment", comment=sheet_word(lang, "comment")),
        sheet_word(lang, "step_return", file=file),
    ]
    for number, step in enumerate(steps, start=1):
        paragraph(f"{number}. {step}")
    row += 1
    paragraph(sheet_word(lang, "criteria"), font=Font(bold=True))
    for column, key in enumerate(("criterion", "id", "weight", "scale", "minimum"), start=1):
        cell = ws.cell(row, column)
        _text(cell, sheet_word(lang, key))
        cell.font = Font(bold=True)
    row += 1
    for criterion in round_.criteria:
        minimum = (plain_number(criterion.minimum, lang) if criterion.minimum is not None
                   else sheet_word(lang, "no_minimum"))
        values = (criterion.label, criterion.id, "×" + plain_number(criterion.weight, lang),
                  number_range(criterion.low, criterion.high, lang), minimum)
        for column, value in enumerate(values, start=1):
            _text(ws.cell(row, column), value)
            ws.cell(row, column).alignment = wrap
        row += 1
    row += 1
    paragraph(sheet_word(lang, "about_weight"))
    if any(c.minimum is not None for c in round_.criteria):
        paragraph(sheet_word(lang, "about_minimum"))


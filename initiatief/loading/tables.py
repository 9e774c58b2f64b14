"""Tabular files as officials keep them: CSV in any Excel dialect, and .xlsx workbooks.

One reader for score files (scores/) and form exports (`initiatief import`): a table of
headings and rows, every problem recorded with its file and its row (CSV: the line; xlsx:
the sheet and the cell). What a file's columns mean is for its caller; here only what
every table needs is checked: a heading on every column that holds something, no heading
twice, no control characters, no formula without a value, sizes a round's file can have.

openpyxl is imported only when a workbook is read: the command line starts without it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from initiatief.errors import Problems
from initiatief.loading.characters import BIDI_CONTROLS, refused_character
from initiatief.loading.yamlfile import read_bytes

EXCEL_1900 = dt.date(1899, 12, 30)
"""Day 0 of Excel's 1900 date system (serial 1 is 1900-01-01; its phantom 1900-02-29 is before any round)."""
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
"""A workbook whose parts unpack to more than this is refused unread (a 'zip bomb')."""

_DELIMITERS = (",", ";", "\t")
"""The delimiters Excel writes, in the order a tie is decided in (',' as before there were three)."""
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE compound file: an old .xls, or an .xlsx saved with a password (Excel encrypts it into one)."""
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
"""A cell of type error (`<c r="B2" t="e">`): Excel's #N/A, #REF!, #DIV/0!, which openpyxl gives as that text."""
_REFUSED = {".xls": "an old Excel file (.xls)", ".ods": "an OpenDocument spreadsheet (.ods)"}
_SAVE_AS = "save it as .xlsx (Excel workbook) or as 'CSV UTF-8'"
_DAMAGED = ("is not an .xlsx workbook (it may be damaged)", "an .xlsx workbook Excel can open",
            "open it in Excel and save it again as .xlsx, or as 'CSV UTF-8'")


@dataclass(frozen=True)
class TableRow:
    """One row that holds something."""

    number: int
    """The 1-based row number in the sheet (xlsx), or the line the record starts on (CSV)."""
    cells: tuple[Any, ...]
    """One per heading. CSV: str (stripped). xlsx: str (stripped) | int | float | Decimal | bool |
    datetime.datetime (or a time or timedelta) | None (an empty cell); formulas give their cached value."""


@dataclass(frozen=True)
class Table:
    """A sheet or a CSV file: headings and the rows that hold something."""

    file: str
    """The display name used in problems."""
    sheet: str | None
    """The xlsx sheet's name; None for CSV."""
    headings: tuple[str, ...]
    """Stripped, NFC-normalised; the empty columns after the last heading (as Excel writes them) dropped."""
    rows: tuple[TableRow, ...]
    """Entirely empty rows skipped; a row with a problem recorded left out."""
    delimiter: str | None
    """CSV only: the delimiter found in the header row."""
    epoch: dt.date = EXCEL_1900
    """Day 0 of the workbook's date system, from which a number in a date cell counts: 1899-12-30 (Excel's
    1900 system, so serial 1 is 1900-01-01), or 1904-01-01 for a workbook saved in the 1904 system (old Excel
    for Mac). CSV has none of its own: the 1900 system, as Excel writes serials."""

    def place(self, row: int, column: int) -> str:
        """Return where a cell is for people: xlsx "sheet Scores, cell D7"; CSV "row 17, column 'Bedrag'".

        `column` is an index into `headings` (0-based); `row` a row's `number`.
        """
        if self.sheet is not None:
            return f"sheet {self.sheet}, cell {column_letter(column + 1)}{row}"
        heading = self.headings[column] if 0 <= column < len(self.headings) else f"#{column + 1}"
        return f"row {row}, column '{heading}'"

    def at(self, row: int, column: int | None = None) -> tuple[int | None, str | None]:
        """Return (line, place) for a problem in a cell (or a whole row, column None), as Problems.add takes them.

        CSV keeps the `file:line` form (the line is the row's); xlsx names the sheet and the cell.
        """
        if self.sheet is None:
            return row, None
        if column is None:
            return None, f"sheet {self.sheet}, row {row}"
        return None, self.place(row, column)


def cell_text(value: Any) -> str | None:
    """Return a cell (or a YAML value) read as an id or a word: text as it is, a whole number as its digits
    (`12`, `12.0` from a workbook); None for anything else (a fraction, a date, yes/no, a list)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return str(value.to_integral_value())
    return None


def column_letter(number: int) -> str:
    """Return a spreadsheet's name for the `number`th column (1 → A, 27 → AA)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table(
    path: Path, display: str, problems: Problems, *, sheet: str | None = None,
    prefer_sheet: str | None = None, encoding: str = "utf-8",
) -> Table | None:
    """Return the table in a .csv or .xlsx file, or None (after recording why) if it cannot be read as one.

    Every problem found in it is recorded; a caller that needs the whole table compares
    `problems.count` before and after. `sheet` names the sheet to read (xlsx); without it,
    `prefer_sheet` if the workbook has it, else the first sheet. `encoding` is for CSV: UTF-8
    (a byte-order mark is allowed) unless it says otherwise. An empty file or sheet gives a
    table without headings and rows, and no problem: the caller says what it expected.
    """
    suffix = path.suffix.lower()
    if suffix in _REFUSED:
        problems.add(display, None, f"is {_REFUSED[suffix]}, which is not read", "a .xlsx or .csv file", _SAVE_AS)
        return None
    data = read_bytes(path, display, problems)
    if data is None:
        return None
    if suffix == ".csv":
        return _read_csv(data, display, problems, encoding)
    return _read_xlsx(data, display, problems, sheet, prefer_sheet)


# --- headings and rows, for both kinds ---------------------------------------------------


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")
"""Unicode's control characters (category Cc) but tab, line feed and carriage return, and the bidi controls
(characters.py)."""


def _control(text: str) -> str | None:
    """Return the first control character in `text` (a line break or a tab in a cell is fine)."""
    found = _CONTROL.search(text)
    return found.group(0) if found else None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Builder:
    """What both readers share: the header row checked, then each row cut to the headings."""

    def __init__(self, display: str, problems: Problems, sheet: str | None, delimiter: str | None) -> None:
        self.display = display
        self.problems = problems
        self.sheet = sheet
        self.delimiter = delimiter
        self.headings: tuple[str, ...] = ()
        self.spare = 0
        self.rows: list[TableRow] = []
        self.epoch = EXCEL_1900

    def table(self) -> Table:
        return Table(self.display, self.sheet, self.headings, tuple(self.rows), self.delimiter, self.epoch)

    def where(self, row: int, column: int | None) -> tuple[int | None, str | None]:
        return Table(self.display, self.sheet, self.headings, (), self.delimiter).at(row, column)

    def add(self, row: int, column: int | None, problem: str, expected: str | None = None,
            hint: str | None = None) -> None:
        line, place = self.where(row, column)
        self.problems.add(self.display, line, problem, expected, hint, place=place)

    def header(self, number: int, cells: list[Any]) -> bool:
        """Check the header row; return False if the table has no usable headings."""
        texts: list[str] = []
        for column, cell in enumerate(cells):
            text = "" if cell is None else unicodedata.normalize("NFC", str(cell)).strip()
            bad = _control(text)
            if bad is not None:
                self.headings = tuple(texts)
                self.add(number, column, *refused_character(bad, "the heading"))
                text = f"#{column + 1}"
            texts.append(text)
        # Excel writes empty columns after the last one it used (`…;comment;;`): those are ignored,
        # as long as their cells are empty too.
        while texts and not texts[-1]:
            texts.pop()
            self.spare += 1
        self.headings = tuple(texts)
        if not texts:
            return False
        seen: set[str] = set()
        for column, text in enumerate(texts):
            if not text:
                self.add(number, column, "a column has no heading",
                         "a heading on every column between the first and the last")
            elif text in seen:
                self.add(number, column, f"the column '{text}' appears twice", "each column once")
            seen.add(text)
        return True

    def row(self, number: int, cells: list[Any], *, exact: bool) -> None:
        """Add a row, cut to the headings; `exact` (CSV): the row must have as many cells as the header."""
        if all(_empty(c) for c in cells):
            return
        width = len(self.headings)
        extra = cells[width:]
        if any(not _empty(c) for c in extra):
            column = width + next(i for i, c in enumerate(extra) if not _empty(c))
            if self.sheet is None:
                # 4,5 in a file separated by commas is two cells, 4 and 5.
                comma = self.delimiter == "," and any(isinstance(c, str) and c.strip().isdigit() for c in extra)
                self.add(number, None, "the row has a value in a column without a heading",
                         f"{width} cells, as in the header",
                         "a decimal comma? In a file separated by commas 4,5 is two cells: write 4.5, or "
                         "separate the cells with ';'" if comma else None)
            else:
                self.add(number, column, "the cell has a value, but its column has no heading",
                         "a heading above every column that holds something")
            return
        if exact and (len(cells) < width or len(extra) > self.spare):
            self.add(number, None, f"the row has {len(cells)} cells", f"{width} cells, as in the header")
            return
        kept = list(cells[:width]) + [None] * (width - len(cells))
        for column, cell in enumerate(kept):
            if isinstance(cell, str):
                bad = _control(cell)
                if bad is not None:
                    self.add(number, column, *refused_character(bad, "the cell"))
                    return
        self.rows.append(TableRow(number, tuple(kept)))

    def text_row(self, number: int, cells: list[str], *, controls: bool) -> None:
        """Add a CSV row (every cell text, stripped), as `row(..., exact=True)` does; `controls`: whether the
        file holds a control character anywhere (if not, no cell is searched for one)."""
        if not any(cells):
            return
        if controls or len(cells) != len(self.headings):
            self.row(number, cells, exact=True)
            return
        self.rows.append(TableRow(number, tuple(cells)))


# --- CSV --------------------------------------------------------------------------------


def _decode(data: bytes, display: str, problems: Problems, encoding: str) -> str | None:
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        text = data.decode(codec)
    except LookupError:
        problems.add(display, None, f"'{encoding}' is not an encoding Python knows",
                     "an encoding such as utf-8, cp1252 or latin-1")
        return None
    except UnicodeDecodeError as exc:
        decoded = exc.object  # after a byte-order mark utf-8-sig leaves out: the offsets are into this
        line = decoded[: exc.start].count(b"\n") + 1
        problems.add(display, line, f"byte 0x{decoded[exc.start]:02x} is not valid {encoding.upper()}",
                     f"a {encoding.upper()} text file",
                     "save it in Excel as 'CSV UTF-8', or give its encoding with --encoding where the command has it")
        return None
    if "\x00" in text:  # the line of the first (a UTF-16 file: its first line)
        problems.add(display, text.count("\n", 0, text.index("\x00")) + 1,
                     "the file contains NUL bytes, the first on this line", "a text file")
        return None
    return unicodedata.normalize("NFC", text)


def _read_csv(data: bytes, display: str, problems: Problems, encoding: str) -> Table | None:
    text = _decode(data, display, problems, encoding)
    if text is None:
        return None
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    if re.fullmatch(r'"?sep=.?"?[;,\t]*', first.strip(" "), flags=re.IGNORECASE):
        # Excel's hint line (`sep=;`): read as a header it gives one column and a problem on every row after it.
        problems.add(display, 1, f"the first line is Excel's separator line '{first.strip()}'",
                     "the header row on the first line", "remove that line: the separator is found from the header")
        return None
    delimiter = max(_DELIMITERS, key=first.count)
    build = _Builder(display, problems, None, delimiter)
    # strict: a quote never closed is an error, not the rest of the file read as one cell (Excel always closes
    # it), and so is text after a closing quote (`"4"5`).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        try:
            header = next(reader)
        except StopIteration:
            return build.table()  # an empty file: the caller says what it expected
        if not build.header(1, [h.strip() for h in header]):
            problems.add(display, 1, "the header row is empty", "a header row: one heading per column")
            return None
        start = reader.line_num + 1
        controls = _CONTROL.search(text) is not None
        add = build.text_row
        for record in reader:
            add(start, [cell.strip() for cell in record], controls=controls)
            start = reader.line_num + 1
    except csv.Error as exc:
        if str(exc) == "unexpected end of data":
            problems.add(display, start, "a quote (\") opened on this line is never closed, so the rest of the file "
                         "would be one cell", "a closing quote for every opening one",
                         "a quote inside a quoted cell is written twice (\"\")")
        else:
            problems.add(display, reader.line_num, f"CSV error: {exc}", "a valid CSV file",
                         "a quote (\") only around a whole cell, and one inside a quoted cell written twice (\"\")")
        return None
    return build.table()


# --- xlsx -------------------------------------------------------------------------------


def _refused_workbook(data: bytes) -> tuple[str, str, str | None] | None:
    """Return (problem, expected, hint) for bytes that are no workbook openpyxl should open, else None."""
    if data.startswith(_OLE_MAGIC):
        return ("is password-protected, or an old Excel file (.xls) named .xlsx",
                "an .xlsx workbook without a password",
                "remove the password (File, Info, Protect workbook) or " + _SAVE_AS)
    if not data.startswith(_XLSX_MAGIC):
        return _DAMAGED
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return _DAMAGED
    if unpacked > MAX_UNPACKED_BYTES:
        return (f"unpacks to {unpacked:,} bytes", f"a workbook of at most {MAX_UNPACKED_BYTES:,} bytes unpacked",
                "is this a 'zip bomb'?")
    return None


def _has_formulas(data: bytes, tag: re.Pattern[bytes] = _FORMULA_TAG) -> bool:
    """Return whether any worksheet of the workbook holds a formula (so a formula may lack its value), or, with
    `tag` _ERROR_TYPE, an error value."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as part:
                tail = b""
                while chunk := part.read(1 << 20):
                    if tag.search(tail + chunk):
                        return True
                    tail = chunk[-64:]
    return False


def _pick(names: list[str], sheet: str | None, prefer: str | None) -> str | None:
    def find(wanted: str) -> str | None:
        return wanted if wanted in names else next((n for n in names if n.casefold() == wanted.casefold()), None)

    if sheet is not None:
        return find(sheet)
    chosen = find(prefer) if prefer is not None else None
    return chosen or names[0]


def _cell(value: Any) -> Any:
    """Return a workbook's value as a table holds it: text stripped and NFC (empty text as None), numbers exact."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).strip()
        return text or None
    if isinstance(value, float):
        # Excel keeps a number as a binary double but works with and shows at most 15 significant digits: a
        # formula's 3 × 1.3333333333333333 is 4.000000000000001 in the file and 4 on the screen. The cell is read
        # as Excel shows it at full precision, so the number that decides is the one the assessor saw (and two
        # plans at 4 tie, as on the screen); 4.5 stays 4.5.
        return Decimal(f"{value:.15g}") if value == value and value not in (float("inf"), float("-inf")) else value
    return value


def _read_xlsx(data: bytes, display: str, problems: Problems, sheet: str | None, prefer: str | None) -> Table | None:
    refused = _refused_workbook(data)
    if refused is not None:
        problems.add(display, None, *refused)
        return None
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it does not keep (extensions, styles); a reader only needs the values.
            warnings.simplefilter("ignore")
            return _read_workbook(data, display, problems, sheet, prefer)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ValueError, XML errors) on a damaged file
        detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
        problems.add(display, None, f"cannot read the workbook ({detail})", _DAMAGED[1], _DAMAGED[2])
        return None


def _read_workbook(data: bytes, display: str, problems: Problems, sheet: str | None,
                   prefer: str | None) -> Table | None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = [ws.title for ws in book.worksheets]
        if not names:
            problems.add(display, None, "the workbook has no worksheet", "a sheet with a header row")
            return None
        name = _pick(names, sheet, prefer)
        if name is None:
            problems.add(display, None, f"the workbook has no sheet '{sheet}'",
                         "one of its sheets: " + ", ".join(names))
            return None
        ws = book[name]
        state = getattr(ws, "sheet_state", "visible")
        if sheet is None and state != "visible":
            # Excel shows the first visible sheet: a hidden one read by default would be data nobody saw.
            problems.add(display, None, f"the sheet '{name}' that would be read is hidden in Excel",
                         "a workbook whose sheet to read is visible"
                         + (", or --sheet naming it" if prefer is None else ""),
                         "sheets: " + ", ".join(f"{w.title} ({w.sheet_state})" if w.sheet_state != "visible"
                                                else w.title for w in book.worksheets))
            return None
        # The size the sheet claims (<dimension ref="A1:XFD1048576"/>) is not trusted: each row is read as
        # far as its own last cell, and no row after the last is made up.
        ws.reset_dimensions()
        formulas = _formula_cells(data, name) if _has_formulas(data) else set()
        errors = _error_cells(data, name) if _has_formulas(data, _ERROR_TYPE) else set()
        build = _Builder(display, problems, name, None)
        epoch = getattr(book, "epoch", None)
        if isinstance(epoch, dt.datetime):
            build.epoch = epoch.date()
        hidden_rows, hidden_columns = _hidden(book, ws)
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            return build.table()  # an empty sheet: the caller says what it expected
        if all(_empty(c) for c in header):
            problems.add(display, None, "row 1 has no headings", "a header row in row 1: one heading per column",
                         place=f"sheet {name}")
            return None
        build.header(1, [_cell(c) for c in header])
        hidden_list = sorted(hidden_columns)
        unseen: set[int] = set()
        for number, values in enumerate(itertools.chain([header], rows) if hidden_list else rows,
                                        start=1 if hidden_list else 2):
            cells = [_cell(c) for c in values]
            for column in hidden_list:  # within the row's own cells: Excel may hide every column up to XFD
                if column > len(cells):
                    break
                if not _empty(cells[column - 1]):
                    unseen.add(column)
            if number == 1:
                continue
            if number in hidden_rows and not all(_empty(c) for c in cells):
                build.add(number, None, "the row is hidden in Excel", _ALL_SHOWN,
                          "unhide it: select the rows around it, right-click, Unhide; or delete it (a filter "
                          "hides rows too: clear it)")
                continue
            missing = [column for column, cell in enumerate(cells)
                       if cell is None and (number, column + 1) in formulas]
            if missing:
                build.add(number, missing[0] if missing[0] < len(build.headings) else None,
                          "the cell holds a formula that has no value saved with it",
                          "a value, or a formula Excel has calculated",
                          "open the file in Excel and save it (a file written by a program keeps no results)")
                continue
            failed = [column for column, cell in enumerate(cells) if (number, column + 1) in errors]
            for column in failed:
                # openpyxl gives #N/A as the text '#N/A': taken as it is, it became a title or a name.
                build.add(number, column if column < len(build.headings) else None,
                          f"the cell holds Excel's error value {cells[column]}", "a value",
                          "correct the formula or the value in Excel, or leave the cell empty")
            if failed:
                continue
            build.row(number, cells, exact=False)
        for column in sorted(unseen):
            problems.add(display, None, "the column is hidden in Excel", _ALL_SHOWN,
                         "unhide it: select the columns around it, right-click, Unhide; or delete it",
                         place=f"sheet {name}, column {column_letter(column)}")
        return build.table()
    finally:
        book.close()


_ALL_SHOWN = "every row and column that holds something visible (a hidden one is data nobody sees)"
_HIDDEN_ATTRIBUTE = re.compile(
    rb"""\s(?:hidden\s*=\s*["'](?:1|true)|(?:ht|width)\s*=\s*["'](?:0+(?:\.0*)?|\.0+))["']""")
"""A row or column hidden, or made 0 high or wide (as unseen)."""
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*>")
_COLUMN_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?col\b[^>]*>")
_NUMBER_ATTRIBUTE = {name: re.compile(rb"\s" + name + rb"""\s*=\s*["']([0-9]+)["']""")
                     for name in (b"r", b"min", b"max")}


def _hidden(book: Any, ws: Any) -> tuple[set[int], set[int]]:
    """Return the numbers of the sheet's hidden rows and columns (1-based), from the sheet's XML: openpyxl's
    read-only sheets do not tell. Rows hidden by a filter or a collapsed outline are hidden rows too."""
    path = getattr(ws, "_worksheet_path", None)
    archive = getattr(book, "_archive", None)
    if not isinstance(path, str) or archive is None:
        return set(), set()
    with archive.open(path) as part:
        data = part.read()
    if _HIDDEN_ATTRIBUTE.search(data) is None:
        return set(), set()
    rows: set[int] = set()
    columns: set[int] = set()
    last = 0
    for tag in _ROW_TAG.finditer(data):
        found = _NUMBER_ATTRIBUTE[b"r"].search(tag.group())
        last = int(found.group(1)) if found else last + 1  # a row without r= follows the one before
        if _HIDDEN_ATTRIBUTE.search(tag.group()):
            rows.add(last)
    for tag in _COLUMN_TAG.finditer(data):
        low, high = (_NUMBER_ATTRIBUTE[n].search(tag.group()) for n in (b"min", b"max"))
        if low and high and _HIDDEN_ATTRIBUTE.search(tag.group()):
            columns.update(range(int(low.group(1)), min(int(high.group(1)), 16384) + 1))
    return rows, columns


def _error_cells(data: bytes, name: str) -> set[tuple[int, int]]:
    """Return the (row, column) of every cell of the sheet whose value is an error (#N/A), also a formula's."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        ws = book[name]
        ws.reset_dimensions()
        return {(cell.row, cell.column) for row in ws.iter_rows() for cell in row
                if getattr(cell, "data_type", None) == "e" and cell.row is not None and cell.column is not None}
    finally:
        book.close()


def _formula_cells(data: bytes, name: str) -> set[tuple[int, int]]:
    """Return the (row, column) of every formula in the sheet: read again, for the formulas themselves."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        found: set[tuple[int, int]] = set()
        ws = book[name]
        ws.reset_dimensions()
        for row in ws.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f" and cell.row is not None and cell.column is not None:
                    found.add((cell.row, cell.column))
        return found
    finally:
        book.close()


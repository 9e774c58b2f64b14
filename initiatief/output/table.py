"""Terminal output with rich: the ranked table, the funnel and the pots, at any width.

Every table here is a FittedTable: when it is printed it measures its columns against
the console's width and leaves out the least important ones that do not fit. Ids,
amounts, statuses and scores are never wrapped or cut; titles, names and reasons may
wrap. So `initiatief score` at 80 columns shows fewer columns, never a broken id.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from initiatief.amounts import round_fraction
from initiatief.models import Language, Outcome
from initiatief.output.cells import Column, Kind, columns_for, lines_text
from initiatief.output.rows import pot_rows
from initiatief.texts.labels import header

_STYLES = {
    "awarded": "green", "partly-awarded": "green", "not-funded": "yellow",
    "insufficient": "red", "ineligible": "red", "earlier-stage": "dim",
}

BAR_WIDTH = 30
"""Characters in the longest terminal bar (fewer when the terminal is narrow)."""

LEAST_BAR = 8
"""The narrowest bar worth drawing; a narrower terminal leaves the bar column out."""

PIPE_WIDTH = 240
"""The widest that tables are drawn for a pipe or a file (no terminal, no COLUMNS): wide enough for every column of
a usual round; longer texts wrap in their column."""

PIPE_PROSE = 80
"""The width of prose (the report's paragraph) for a pipe or a file, and the narrowest a table is drawn there."""


class FittedTable(Table):
    """A rich Table that leaves out its least important columns when the console is too narrow for them all.

    Columns are added with add_fitted_column: each has an importance (0: always shown;
    higher numbers are left out first) and says whether it may wrap. A column that
    never wraps is measured at its widest cell (its heading may go over several lines,
    word by word, when space is short); one that wraps at `least` characters. Columns
    are then taken most important first, each one if it still fits, and shown in the
    order they were added.
    """

    def __init__(self, title: str = "", caption: str | None = None) -> None:
        super().__init__(title=title or None, title_justify="left", caption=caption, caption_justify="left")
        self._headings: list[str] = []
        self._importance: list[int] = []
        self._least: list[int | None] = []
        self._elastic: list[bool] = []
        self._widest: dict[tuple[int, int, int, int], int] = {}
        self.left_out: tuple[str, ...] = ()
        """The headings of the columns the last view left out for want of room."""

    def add_fitted_column(self, heading: str, *, right: bool = False, wraps: bool = False, importance: int = 0,
                          least: int = 20, elastic: bool = False) -> None:
        """Add a column; `least` is the narrowest a wrapping column is worth showing at.

        An `elastic` column (a bar) gives way first: it gets what the others leave, down to `least`.
        """
        self.add_column(heading, justify="right" if right else "left", no_wrap=not (wraps or elastic),
                        overflow="fold")
        self._headings.append(heading)
        self._importance.append(importance)
        self._least.append(least if wraps or elastic else None)
        self._elastic.append(elastic)

    def fitting(self, console: Console, width: int) -> list[int]:
        """Return the indexes of the columns shown in `width` characters, in their order."""
        options = console.options.update_width(max(width, 1))
        needed = [self._needed(console, options, index, compact=True) for index in range(len(self.columns))]
        shown: set[int] = set()
        used = self._edges - 1  # each column adds one separator; the first needs none
        for index in sorted(range(len(self.columns)), key=lambda i: (self._importance[i], i)):
            if self._importance[index] == 0 or used + needed[index] + 1 <= width:
                shown.add(index)
                used += needed[index] + 1
        return sorted(shown)

    @property
    def _edges(self) -> int:
        return 2 if self.box and self.show_edge else 0

    def _needed(self, console: Console, options: ConsoleOptions, index: int, compact: bool) -> int:
        """Return the width a column needs, its padding included; `compact`: its heading over several lines."""
        least = self._least[index]
        if least is not None:
            return min(max(self._widest_cell(console, options, index), cell_len(self._headings[index])), least) + 2
        return max(self._widest_cell(console, options, index), self._heading_width(index, compact)) + 2

    def _widest_cell(self, console: Console, options: ConsoleOptions, index: int) -> int:
        # Measured once per console, width and rows: fitting a table of 10,000 rows asks for each column
        # three or four times.
        key = (id(console), options.max_width, index, len(self.rows))
        widest = self._widest.get(key)
        if widest is None:
            widest = self._widest[key] = max((_cell_width(console, options, cell)
                                              for cell in self.columns[index].cells), default=0)
        return widest

    def _heading_width(self, index: int, compact: bool) -> int:
        heading = self._headings[index]
        return max((cell_len(word) for word in heading.split()), default=0) if compact else cell_len(heading)

    def view(self, console: Console, width: int) -> RenderableType:
        """Return a plain rich Table with only the columns that fit in `width`, elastic ones narrowed first; when even
        the columns always shown do not fit side by side, each row as lines of a heading and its value (`_stacked`):
        rich would cut their figures short (112 shown as 11), and a figure is never cut."""
        keep = self.fitting(console, width)
        self.left_out = tuple(self._headings[i] for i in range(len(self.columns)) if i not in keep)
        options = console.options.update_width(max(width, 1))
        extra = self._edges + len(keep) - 1
        if len(keep) > 1 and extra + sum(self._needed(console, options, i, compact=True) for i in keep) > width:
            return self._stacked([i for i in keep if not self._elastic[i]])
        compact = extra + sum(self._needed(console, options, i, compact=False) for i in keep) > width
        others = extra + sum(self._needed(console, options, i, compact) for i in keep if not self._elastic[i])
        elastic = [i for i in keep if self._elastic[i]]
        room = (width - others) // len(elastic) - 2 if elastic else 0
        columns = []
        for n, i in enumerate(keep):
            column = replace(self.columns[i], _index=n)
            if self._elastic[i]:
                column.max_width = max(room, self._least[i] or 1)
            elif compact and self._least[i] is None:
                column.header = self._wrapped_heading(console, options, i)
            columns.append(column)
        table = Table(*columns, title=self.title, title_justify=self.title_justify, caption=self.caption,
                      caption_justify=self.caption_justify, box=self.box, show_edge=self.show_edge)
        table.rows = list(self.rows)
        return table

    def _stacked(self, keep: list[int]) -> RenderableType:
        """Return the table's rows one after the other, each cell on a line of its own after its heading."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, overflow="fold")
        cells = [list(self.columns[i].cells) for i in keep]
        for row in range(len(self.rows)):
            if row:
                grid.add_row("", "")
            for n, i in enumerate(keep):
                grid.add_row(Text(self._headings[i], style="bold"), cells[n][row])
        if not self.title:
            return grid
        return Group(Text(str(self.title), style="italic"), grid)

    def _wrapped_heading(self, console: Console, options: ConsoleOptions, index: int) -> str:
        """Return a heading wider than its cells over as many lines as needed, word by word: 'Totaal\ntoegekend'."""
        heading = self._headings[index]
        width = max(self._widest_cell(console, options, index), self._heading_width(index, compact=True))
        return "\n".join(textwrap.wrap(heading, width, break_long_words=False)) if heading else heading

    def natural_width(self, console: Console) -> int:
        """Return the width that shows every column side by side, none wrapped, headings on one line."""
        options = console.options.update_width(PIPE_WIDTH)
        needed = [BAR_WIDTH + 2 if self._elastic[i]
                  else max(self._widest_cell(console, options, i), cell_len(self._headings[i])) + 2
                  for i in range(len(self.columns))]
        return self._edges + max(len(needed) - 1, 0) + sum(needed)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.view(console, options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.view(console, options.max_width))


def _cell_width(console: Console, options: ConsoleOptions, cell: RenderableType) -> int:
    """Return `Measurement.get(console, options, cell).maximum`, for a plain Text without rich's detour.

    Rich measures a Text at its longest line (`Text.__rich_measure__`), at most the width; the same here,
    skipping the renderable checks and the second measure of every cell.
    """
    if type(cell) is Text:
        width = options.max_width
        if width < 1:
            return 0
        return min(max((cell_len(line) for line in cell.plain.splitlines()), default=0), width)
    return Measurement.get(console, options, cell).maximum


class Bar:
    """A text bar drawn at the width its column gets: one run of blocks per segment, out of `whole`.

    The first segment is drawn with '█', later ones with `fill`, so the parts stay
    distinguishable without colour (NO_COLOR, printouts).
    """

    def __init__(self, segments: Sequence[tuple[Decimal | Fraction | int, str]], whole: Decimal | Fraction | int,
                 fill: str = "█", width: int = BAR_WIDTH) -> None:
        self.segments = tuple(segments)
        self.whole = whole
        self.fill = fill
        self.width = width

    def text(self, width: int) -> Text:
        """Return the bar as Text, the whole being `width` blocks."""
        bar = Text()
        if not self.whole:
            return bar
        drawn = 0
        running = Fraction(0)
        for index, (value, style) in enumerate(self.segments):
            running += Fraction(max(value, 0))
            # Round the running total, not each part, so the parts add up to the whole bar.
            end = min(int(round_fraction(running / Fraction(self.whole) * width, 0)), width)
            bar.append(("█" if index == 0 else self.fill) * max(end - drawn, 0), style=style)
            drawn = max(drawn, end)
        return bar

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text(min(self.width, options.max_width))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(LEAST_BAR, self.width), self.width)


def add_bar_column(table: FittedTable, importance: int = 9) -> None:
    """Add the column of Bars: it shrinks with the terminal and goes when less than LEAST_BAR is left."""
    table.add_fitted_column("", importance=importance, least=LEAST_BAR, elastic=True)


def rich_cell(column: Column, value: Any, language: Language, empty: str = "") -> RenderableType:
    """Return one cell for the terminal: the people's text, a status in its colour, pots one per line."""
    if isinstance(value, Bar):
        return value
    text = lines_text(column.kind, value, language, empty)
    style = _STYLES.get(str(value), "") if column.kind is Kind.STATUS else ""
    return Text(text, style=style)


def results_table(rows: Sequence[dict[str, Any]], columns: Iterable[str | Column], language: Language,
                  title: str, empty: str = "") -> Table:
    """Return a table of rows for people in the round's language, that fits the terminal it is printed on.

    `columns` are column keys of output/rows.py (their heading, kind and importance come
    from output/cells.py) or Columns.
    """
    shown = columns_for(columns, language)
    table = FittedTable(title)
    for column in shown:
        table.add_fitted_column(column.heading, right=column.numeric, wraps=column.wraps,
                                importance=column.importance, least=column.least)
    for row in rows:
        table.add_row(*(rich_cell(column, row.get(column.key), language, empty) for column in shown))
    return table


def outcome_view(outcome: Outcome, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> Group:
    """Return the whole terminal view: funnel, pots and results (as many of `columns` as fit)."""
    lang = outcome.round.language
    funnel = results_table([dict(outcome.people_funnel)],
                           [Column(key, header(lang, key), Kind.COUNT) for key, _ in outcome.people_funnel],
                           lang, outcome.round.name)
    pots = results_table(pot_rows(outcome), ("id", "amount", "used", "left"), lang, header(lang, "pot"))
    return Group(funnel, pots, results_table(rows, columns, lang, ""))


def for_a_pipe(renderables: Iterable[RenderableType], console: Console) -> list[tuple[RenderableType, int]]:
    """Return what is drawn for a pipe or a file, a Group's parts one by one, each with its width: a fitted table
    as wide as all its columns need (PIPE_PROSE to PIPE_WIDTH), anything else (a paragraph) PIPE_PROSE."""
    drawn: list[tuple[RenderableType, int]] = []
    for renderable in renderables:
        if isinstance(renderable, Group):
            drawn += for_a_pipe(renderable.renderables, console)
        elif isinstance(renderable, FittedTable):
            drawn.append((renderable, min(max(renderable.natural_width(console), PIPE_PROSE), PIPE_WIDTH)))
        else:
            drawn.append((renderable, PIPE_PROSE))
    return drawn


def left_out(renderables: Iterable[RenderableType], headings: Iterable[str]) -> list[str]:
    """Return which of `headings` the fitted tables among `renderables` (drawn already) left out."""
    wanted = set(headings)
    found: list[str] = []
    for renderable in renderables:
        inner = renderable.renderables if isinstance(renderable, Group) else [renderable]
        for table in inner:
            if isinstance(table, FittedTable):
                found += [h for h in table.left_out if h in wanted and h not in found]
    return found

"""The one shape every figure of a report takes, whichever way it is shown (dashboard, PDF,
CSV), and the suppression of small numbers that keeps residents out of the figures.

Suppression, applied by `Table.suppress()`:

1. Primary. A count of people or cases below 5 is shown as "<5", zero included ("none of
   the residents of this team" says something about each of them too). A figure computed
   from fewer than 5 people or cases (a median, an average, a share, an amount) is
   hidden likewise ("x"): a median of two throughput times is nearly the times themselves.
2. Complementary. In a column that adds up to a shown total, one suppressed cell would be
   the total minus the others; the smallest other cell is suppressed with it (or, when
   there is none, the total). It shows "x", not "<5": it may well be 5 or more.
3. Dependent. A figure derived from a suppressed cell (its share of the total, the average
   or median of its row, the difference with the previous period) is suppressed too, or it
   would give the cell away (share × total).

Rules 2 and 3 feed each other, so they run until nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.formats import number_format

from .constants import HIDDEN_TEXT, SUPPRESSED_TEXT, SUPPRESSION_THRESHOLD

Number = int | float | Decimal


class Kind(StrEnum):
    COUNT = "count"  # people or cases: protected
    TALLY = "tally"  # things that are not people (meetings held, policy signals)
    PERCENT = "percent"
    DAYS = "days"
    MONEY = "money"
    SCORE = "score"  # an average score from 1 to 5
    TEXT = "text"


# Decimal places per kind, on the page and in the CSV.
PLACES = {
    Kind.COUNT: 0,
    Kind.TALLY: 0,
    Kind.PERCENT: 0,
    Kind.DAYS: 0,
    Kind.MONEY: 0,
    Kind.SCORE: 1,
}


def _rounded(value: Number, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


@dataclass(eq=False)
class Cell:
    """One figure. `basis` is how many people or cases it rests on (None: it is not about
    people, like the number of meetings held); `depends_on` are the cells it is derived
    from. `signed` marks a difference between two periods."""

    value: Number | str | None
    kind: Kind
    basis: int | None = None
    depends_on: tuple[Cell, ...] = ()
    signed: bool = False
    suppressed: bool = False
    small: bool = False  # a count below the threshold: shown as "<5" rather than "x"

    @classmethod
    def count(cls, n: int) -> Cell:
        return cls(n, Kind.COUNT, basis=n)

    @classmethod
    def tally(cls, n: int) -> Cell:
        return cls(n, Kind.TALLY)

    @classmethod
    def text_cell(cls, text: str) -> Cell:
        return cls(text, Kind.TEXT)

    @classmethod
    def share(cls, part: Cell, whole: Cell) -> Cell:
        """`part` as a percentage of `whole`; suppressed with either."""
        value = None
        if isinstance(part.value, int | Decimal) and whole.value:
            value = Decimal(part.value) * 100 / Decimal(whole.value)
        basis = min(part.basis or 0, whole.basis or 0)
        return cls(value, Kind.PERCENT, basis=basis, depends_on=(part, whole))

    @classmethod
    def change(cls, current: Cell, previous: Cell) -> Cell:
        """The difference with the previous period; suppressed when either side is."""
        value = None
        if isinstance(current.value, int | float | Decimal) and isinstance(
            previous.value, int | float | Decimal
        ):
            value = _rounded(current.value, PLACES[current.kind]) - _rounded(
                previous.value, PLACES[current.kind]
            )
        return cls(value, current.kind, depends_on=(current, previous), signed=True)

    # -- suppression ------------------------------------------------------------------------

    @property
    def protected(self) -> bool:
        return self.basis is not None

    def apply_primary(self) -> None:
        if self.protected and self.basis < SUPPRESSION_THRESHOLD:
            self.suppressed = True
            self.small = self.kind == Kind.COUNT

    def apply_dependent(self) -> bool:
        """Suppress when a cell it is derived from is; True when that changed anything."""
        if not self.suppressed and any(cell.suppressed for cell in self.depends_on):
            self.suppressed = True
            return True
        return False

    # -- display ----------------------------------------------------------------------------

    @property
    def hidden_text(self) -> str:
        return SUPPRESSED_TEXT if self.small else HIDDEN_TEXT

    @property
    def number(self) -> Decimal | None:
        """The value as it is shown (rounded), or None when suppressed or absent."""
        if self.suppressed or self.value is None or self.kind == Kind.TEXT:
            return None
        return _rounded(self.value, PLACES[self.kind])

    @property
    def text(self) -> str:
        """Dutch display: "1.234", "12%", "€ 1.234", "3,4", "<5", "x", "—"."""
        if self.suppressed:
            return self.hidden_text
        if self.kind == Kind.TEXT:
            return str(self.value or "")
        number = self.number
        if number is None:
            return "—"
        shown = number_format(abs(number) if self.signed else number, force_grouping=True)
        if self.kind == Kind.PERCENT:
            shown = f"{shown}%" if not self.signed else f"{shown} %-punt"
        elif self.kind == Kind.MONEY:
            shown = f"€ {shown}"
        if self.signed:
            sign = "+" if number > 0 else ("−" if number < 0 else "±")
            shown = f"{sign}{shown}"
        return shown

    @property
    def csv(self) -> str:
        """For a spreadsheet: no grouping, a decimal comma, no unit (the header has it)."""
        if self.suppressed:
            return self.hidden_text
        if self.kind == Kind.TEXT:
            return str(self.value or "")
        number = self.number
        return "" if number is None else str(number).replace(".", ",")

    @property
    def is_numeric(self) -> bool:
        return self.kind != Kind.TEXT


@dataclass(eq=False)
class Column:
    label: str
    kind: Kind = Kind.COUNT
    # The column adds up to the table's total row (complementary suppression applies).
    additive: bool = False
    unit: str = ""  # shown in the CSV header, e.g. "dagen", "€", "%"

    @property
    def csv_label(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(eq=False)
class Row:
    label: str
    cells: list[Cell]


@dataclass(eq=False)
class Table:
    """A titled table with a row header, columns and an optional total row. `key` is
    stable: it names the CSV file and the anchor on the page."""

    key: str
    title: str
    row_header: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    total: Row | None = None
    note: str = ""

    def all_rows(self) -> list[Row]:
        return [*self.rows, *([self.total] if self.total else [])]

    def cells(self) -> list[Cell]:
        return [cell for row in self.all_rows() for cell in row.cells]

    def suppress(self) -> Table:
        for cell in self.cells():
            cell.apply_primary()
        changed = True
        while changed:
            changed = self._complementary()
            for cell in self.cells():
                changed = cell.apply_dependent() or changed
        return self

    def _complementary(self) -> bool:
        if self.total is None:
            return False
        changed = False
        for index, column in enumerate(self.columns):
            if not column.additive:
                continue
            total = self.total.cells[index]
            column_cells = [row.cells[index] for row in self.rows]
            hidden = [cell for cell in column_cells if cell.suppressed]
            if total.suppressed or len(hidden) != 1:
                continue
            shown = [cell for cell in column_cells if not cell.suppressed]
            if shown:
                min(shown, key=lambda cell: cell.value or 0).suppressed = True
            else:
                total.suppressed = True
            changed = True
        return changed

    def sort_rows(self, column: int) -> Table:
        """Largest first on a column; suppressed rows after the shown ones, by name, so
        their order does not rank what is hidden."""

        def key(row: Row):
            cell = row.cells[column]
            return (cell.suppressed, -(cell.number or 0), row.label)

        self.rows.sort(key=key)
        return self

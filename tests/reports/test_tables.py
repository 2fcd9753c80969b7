"""The suppression rules of reports/tables.py and the Dutch display of figures.

Every test builds a small table by hand, suppresses it and reads what a beleidsmedewerker
would read (`Cell.text`) or what the spreadsheet gets (`Cell.csv`).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from reports.tables import Cell, Column, Kind, Row, Table


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def single(cell: Cell) -> Cell:
    """Suppress one cell as the only figure of a table without a total."""
    Table("t", "T", "Rij", [Column("Waarde", cell.kind)], [Row("Rij", [cell])]).suppress()
    return cell


def additive_column(counts: dict[str, int], *, additive: bool = True, total: int | None = None):
    """A one-column table of counts per row, with a total row; suppressed. Returns the cells
    by row label and the total cell."""
    cells = {label: Cell.count(n) for label, n in counts.items()}
    total_cell = Cell.count(sum(counts.values()) if total is None else total)
    Table(
        "t",
        "T",
        "Rij",
        [Column("Aantal", additive=additive)],
        [Row(label, [cell]) for label, cell in cells.items()],
        Row("Totaal", [total_cell]),
    ).suppress()
    return cells, total_cell


# --- Primary suppression: counts of people or cases -----------------------------------------


def test_a_count_of_four_is_shown_as_less_than_five():
    assert single(Cell.count(4)).text == "<5"


def test_a_count_of_five_is_shown():
    assert single(Cell.count(5)).text == "5"


def test_a_count_of_one_is_shown_as_less_than_five():
    assert single(Cell.count(1)).text == "<5"


def test_zero_is_suppressed():
    assert single(Cell.count(0)).text == "<5"


def test_a_suppressed_count_reads_less_than_five_in_the_csv_too():
    assert single(Cell.count(3)).csv == "<5"


def test_a_tally_of_things_that_are_not_people_is_always_shown():
    """Meetings held or policy signals say nothing about a resident."""
    assert single(Cell.tally(2)).text == "2"
    assert single(Cell.tally(0)).text == "0"


def test_a_text_cell_is_never_suppressed():
    assert single(Cell.text_cell("Wmo 2015")).text == "Wmo 2015"


# --- Primary suppression: figures computed from people or cases -----------------------------


def test_median_of_four_is_hidden_and_of_five_shown():
    assert single(Cell(12, Kind.DAYS, basis=4)).text == "x"
    assert single(Cell(12, Kind.DAYS, basis=5)).text == "12"


def test_mean_amount_of_four_is_hidden_and_of_five_shown():
    assert single(Cell(Decimal("426"), Kind.MONEY, basis=4)).text == "x"
    assert single(Cell(Decimal("426"), Kind.MONEY, basis=5)).text == "€ 426"


def test_average_score_of_four_is_hidden_and_of_five_shown():
    assert single(Cell(Decimal("3.2"), Kind.SCORE, basis=4)).text == "x"
    assert single(Cell(Decimal("3.2"), Kind.SCORE, basis=5)).text == "3,2"


def test_a_hidden_figure_reads_x_not_less_than_five():
    """A median of four may be any number of days: "<5" would say something false."""
    cell = single(Cell(200, Kind.DAYS, basis=2))
    assert cell.text == "x"
    assert cell.csv == "x"


def test_share_of_a_hidden_count_is_hidden():
    part, whole = Cell.count(4), Cell.count(40)
    share = Cell.share(part, whole)
    Table(
        "t",
        "T",
        "Rij",
        [Column("Aantal"), Column("Aandeel", Kind.PERCENT)],
        [Row("a", [part, share])],
    ).suppress()
    assert part.text == "<5"
    assert share.text == "x"


def test_share_of_a_hidden_total_is_hidden():
    part, whole = Cell.count(6), Cell.count(4)
    share = Cell.share(part, whole)
    single(share)
    assert share.text == "x"


def test_share_of_shown_counts_is_shown_as_a_rounded_percentage():
    share = single(Cell.share(Cell.count(5), Cell.count(15)))
    assert share.text == "33%"


# --- Complementary suppression ---------------------------------------------------------------


def test_a_single_hidden_cell_in_an_additive_column_hides_the_smallest_other_cell():
    cells, total = additive_column({"Politie": 3, "Huisarts": 7, "School": 12, "Zelf": 9})
    assert cells["Politie"].text == "<5"
    assert cells["Huisarts"].suppressed
    assert not cells["School"].suppressed
    assert not cells["Zelf"].suppressed
    assert total.text == "31"


def test_complementary_cell_reads_x_not_less_than_five():
    cells, _total = additive_column({"Politie": 3, "Huisarts": 7, "School": 12})
    assert cells["Huisarts"].text == "x"
    assert cells["Huisarts"].csv == "x"


def test_two_hidden_cells_in_an_additive_column_need_no_complementary_cell():
    cells, total = additive_column({"Politie": 3, "Zelf": 0, "Huisarts": 7, "School": 12})
    assert [c.text for c in cells.values()] == ["<5", "<5", "7", "12"]
    assert total.text == "22"


def test_a_column_that_does_not_add_up_gets_no_complementary_cell():
    cells, _total = additive_column({"Politie": 3, "Huisarts": 7, "School": 12}, additive=False)
    assert cells["Huisarts"].text == "7"


def test_an_additive_column_without_a_shown_total_gets_no_complementary_cell():
    cells = {"Politie": Cell.count(3), "Huisarts": Cell.count(7)}
    Table(
        "t",
        "T",
        "Rij",
        [Column("Aantal", additive=True)],
        [Row(label, [cell]) for label, cell in cells.items()],
    ).suppress()
    assert cells["Huisarts"].text == "7"


def test_only_cell_hidden_and_no_other_hides_the_total():
    """The one row of the column is hidden and no other row is shown: the total would give
    it away, so the total goes."""
    cells, total = additive_column({"Politie": 3}, total=8)
    assert cells["Politie"].text == "<5"
    assert total.text == "x"


def test_share_of_a_complementary_hidden_count_is_hidden():
    """Share × total would give the complementary cell back, and with it the small one."""
    small, other, large = Cell.count(3), Cell.count(7), Cell.count(12)
    total = Cell.count(22)
    rows = [
        Row(label, [count, Cell.share(count, total)])
        for label, count in (("Politie", small), ("Huisarts", other), ("School", large))
    ]
    Table(
        "t",
        "T",
        "Bron",
        [Column("Aantal", additive=True), Column("Aandeel", Kind.PERCENT)],
        rows,
        Row("Totaal", [total, Cell.share(total, total)]),
    ).suppress()
    shares = {row.label: row.cells[1].text for row in rows}
    assert shares == {"Politie": "x", "Huisarts": "x", "School": "55%"}


def test_a_cell_hidden_with_what_it_derives_from_gets_a_complementary_cell_too():
    """Rules 2 and 3 feed each other: a money cell hidden because its row's count is hidden
    leaves one hidden cell in its own additive column, so another one goes with it."""
    counts = {"A": Cell.count(3), "B": Cell.count(8), "C": Cell.count(15)}
    amounts = {
        "A": Cell(Decimal(900), Kind.MONEY, depends_on=(counts["A"],)),
        "B": Cell(Decimal(4000), Kind.MONEY),
        "C": Cell(Decimal(2500), Kind.MONEY),
    }
    Table(
        "t",
        "T",
        "Rij",
        [Column("Aantal", additive=True), Column("Bedrag", Kind.MONEY, additive=True)],
        [Row(label, [counts[label], amounts[label]]) for label in counts],
        Row("Totaal", [Cell.count(26), Cell(Decimal(7400), Kind.MONEY)]),
    ).suppress()
    assert counts["B"].text == "x"  # complementary to A in the count column
    assert amounts["A"].text == "x"  # derived from A's count
    assert amounts["C"].text == "x"  # complementary to A's amount: the smallest other
    assert amounts["B"].text == "€ 4.000"


# --- Dependent suppression -------------------------------------------------------------------


def test_difference_with_a_hidden_previous_value_is_hidden():
    now, before = Cell.count(12), Cell.count(3)
    change = Cell.change(now, before)
    Table(
        "t",
        "T",
        "Rij",
        [Column("Nu"), Column("Vorige"), Column("Verschil")],
        [Row("a", [now, before, change])],
    ).suppress()
    assert now.text == "12"
    assert change.text == "x"


def test_difference_with_a_hidden_current_value_is_hidden():
    now, before = Cell(Decimal(300), Kind.MONEY, basis=4), Cell(Decimal(500), Kind.MONEY, basis=9)
    change = Cell.change(now, before)
    Table(
        "t",
        "T",
        "Rij",
        [Column("Nu", Kind.MONEY), Column("Vorige", Kind.MONEY), Column("Verschil", Kind.MONEY)],
        [Row("a", [now, before, change])],
    ).suppress()
    assert before.text == "€ 500"
    assert change.text == "x"


def test_median_of_a_row_whose_count_is_complementary_hidden_is_hidden():
    counts = {"Plan": Cell.count(3), "Afsluiting": Cell.count(6), "Nazorg": Cell.count(20)}
    medians = {
        label: Cell(40, Kind.DAYS, basis=count.value, depends_on=(count,))
        for label, count in counts.items()
    }
    Table(
        "t",
        "T",
        "Rij",
        [Column("Aantal", additive=True), Column("Mediaan", Kind.DAYS)],
        [Row(label, [counts[label], medians[label]]) for label in counts],
        Row("Totaal", [Cell.count(29), Cell(40, Kind.DAYS, basis=29)]),
    ).suppress()
    assert medians["Afsluiting"].text == "x"
    assert medians["Nazorg"].text == "40"


# --- Order ------------------------------------------------------------------------------------


def sorted_labels(counts: dict[str, int], *, additive: bool = False) -> list[str]:
    cells = {label: Cell.count(n) for label, n in counts.items()}
    table = Table(
        "t",
        "T",
        "Rij",
        [Column("Aantal", additive=additive)],
        [Row(label, [cell]) for label, cell in cells.items()],
        Row("Totaal", [Cell.count(sum(counts.values()))]),
    ).suppress()
    return [row.label for row in table.sort_rows(0).rows]


def test_shown_rows_sort_largest_first():
    assert sorted_labels({"Schulden": 7, "Eenzaamheid": 20, "Boetes": 12}) == [
        "Eenzaamheid",
        "Boetes",
        "Schulden",
    ]


def test_suppressed_rows_sort_last_by_name_not_by_their_value():
    order = sorted_labels({"Werkloosheid": 0, "Boetes": 7, "Verslaving": 4, "Schulden": 20})
    assert order == ["Schulden", "Boetes", "Verslaving", "Werkloosheid"]
    order = sorted_labels({"Verslaving": 0, "Boetes": 7, "Werkloosheid": 4, "Schulden": 20})
    assert order == ["Schulden", "Boetes", "Verslaving", "Werkloosheid"]


def test_a_complementary_hidden_row_sorts_with_the_suppressed_rows_by_name():
    order = sorted_labels(
        {"Armoede": 3, "Boetes": 30, "Zorgmijding": 6, "Schulden": 20}, additive=True
    )
    assert order == ["Boetes", "Schulden", "Armoede", "Zorgmijding"]


# --- Dutch display -----------------------------------------------------------------------------


def test_a_large_count_is_grouped_with_dots():
    assert single(Cell.count(1234567)).text == "1.234.567"


def test_money_is_shown_in_whole_euros_with_a_thousands_dot():
    assert single(Cell(Decimal("1234.40"), Kind.MONEY)).text == "€ 1.234"


def test_money_rounds_half_up():
    assert single(Cell(Decimal("1234.50"), Kind.MONEY)).text == "€ 1.235"


def test_percent_is_a_whole_number_with_a_percent_sign():
    assert single(Cell(Decimal("12.4"), Kind.PERCENT)).text == "12%"


def test_score_has_one_decimal_with_a_comma():
    assert single(Cell(Decimal("3.4"), Kind.SCORE)).text == "3,4"
    assert single(Cell(Decimal("3"), Kind.SCORE)).text == "3,0"


def test_days_are_whole_days():
    assert single(Cell(30.5, Kind.DAYS)).text == "31"


def test_an_absent_figure_is_a_dash():
    assert single(Cell(None, Kind.DAYS)).text == "—"


def test_an_increase_is_signed_with_a_plus():
    assert single(Cell.change(Cell.count(12), Cell.count(7))).text == "+5"


def test_a_decrease_is_signed_with_a_minus():
    assert single(Cell.change(Cell.count(7), Cell.count(12))).text == "−5"


def test_no_change_is_signed_with_plus_minus():
    assert single(Cell.change(Cell.count(7), Cell.count(7))).text == "±0"


def test_a_change_in_money_is_signed_euros():
    change = Cell.change(Cell(Decimal("1000"), Kind.MONEY), Cell(Decimal("3500.40"), Kind.MONEY))
    assert single(change).text == "−€ 2.500"


def test_a_change_in_a_share_is_in_percentage_points():
    change = Cell.change(Cell(Decimal("40"), Kind.PERCENT), Cell(Decimal("35"), Kind.PERCENT))
    assert single(change).text == "+5 %-punt"


def test_a_change_is_the_difference_of_the_rounded_figures():
    """3,46 and 3,14 show as 3,5 and 3,1: the difference shown is 0,4, not 0,3."""
    change = Cell.change(Cell(Decimal("3.46"), Kind.SCORE), Cell(Decimal("3.14"), Kind.SCORE))
    assert single(change).text == "+0,4"


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_score_has_a_decimal_comma():
    assert single(Cell(Decimal("3.4"), Kind.SCORE)).csv == "3,4"


def test_csv_count_has_no_grouping():
    assert single(Cell.count(1234567)).csv == "1234567"


def test_csv_money_is_whole_euros_without_unit_or_grouping():
    assert single(Cell(Decimal("1234.40"), Kind.MONEY)).csv == "1234"


def test_csv_percent_has_no_percent_sign():
    assert single(Cell(Decimal("12.4"), Kind.PERCENT)).csv == "12"


def test_csv_change_has_a_plain_minus_and_no_unit():
    change = Cell.change(Cell(Decimal("1000"), Kind.MONEY), Cell(Decimal("3500.40"), Kind.MONEY))
    assert single(change).csv == "-2500"


def test_csv_absent_figure_is_empty():
    assert single(Cell(None, Kind.DAYS)).csv == ""


def test_csv_hidden_figure_is_x():
    assert single(Cell(Decimal("3.4"), Kind.SCORE, basis=2)).csv == "x"


def test_csv_column_label_carries_its_unit():
    assert Column("Mediaan", Kind.DAYS, unit="dagen").csv_label == "Mediaan (dagen)"
    assert Column("Aantal").csv_label == "Aantal"

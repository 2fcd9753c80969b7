"""The figures of the management report against a constructed data set.

Each test builds casework through the services with fixed, backdated dates, works out the
expected figures by hand (in the comments and literals below, never by calling the code
under test) and compares them with what the report shows. The period is the first half of
2025; the previous period is equally long (181 days) and ends on 31 December 2024.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cases.constants import CaseOutcome, CaseSource, CaseStatus, HelpKind, ScalingLevel
from cases.models import Tariff
from cases.services import case_change_scaling
from doorbraak.constants import BarrierKind, PolicyDomain
from doorbraak.services import policy_signal_release
from reports.figures import Scope
from reports.periods import Period
from reports.tables import Kind
from stressors.constants import StressorStatus
from tests.cases.factories import TariffFactory
from tests.reports.builders import (
    LONG_AGO,
    PERIOD,
    PREVIOUS,
    action,
    assessed,
    breakthrough,
    casework,
    close,
    closed,
    closed_after,
    goal,
    held,
    intervention,
    meeting,
    opened,
    placed,
    report_for,
    report_for_scope,
    step,
    stressor,
    stressor_to,
    texts,
    tombstone,
    values,
)

END = PERIOD.end
DAY_AFTER_END = END + timedelta(days=1)


@pytest.fixture
def pro(professional_a):
    return professional_a


def test_previous_period_is_as_long_and_ends_the_day_before():
    assert PERIOD.days == 181
    assert PERIOD.previous == PREVIOUS
    assert PREVIOUS.days == 181


# --- Instroom: new reports by source -------------------------------------------------------


def test_five_reports_of_one_source_are_shown_and_four_of_another_are_not(pro, team_a):
    for day in (date(2025, 1, 6), date(2025, 2, 3), date(2025, 3, 3), date(2025, 4, 7), END):
        opened(pro, team_a, day, source=CaseSource.GP)
    for day in (PERIOD.start, date(2025, 2, 10), date(2025, 3, 10), date(2025, 5, 5)):
        opened(pro, team_a, day, source=CaseSource.POLICE)
    opened(pro, team_a, date(2024, 12, 31), source=CaseSource.GP)  # previous period
    opened(pro, team_a, DAY_AFTER_END, source=CaseSource.GP)  # after the period

    sources = report_for(team_a).table("meldingen-naar-bron")

    shown = texts(sources)
    # 5 of 9 is 55.6%; the 4 reports of the police and their share are hidden.
    assert shown["Huisarts"] == ["5", "56%", "<5"]
    assert shown["Politie"] == ["<5", "x", "<5"]
    assert shown["Inwoner zelf"] == ["<5", "x", "<5"]
    assert shown["Totaal"] == ["9", "100%", "<5"]
    assert values(sources)["Politie"][0] == 4
    assert values(sources)["Huisarts"][2] == 1


def test_removed_files_still_count_as_new_reports_through_their_tombstone(pro, team_a, team_b):
    for day in (date(2025, 1, 6), date(2025, 2, 3), date(2025, 3, 3)):
        opened(pro, team_a, day)
    tombstone(team_a, reported=date(2025, 1, 20), closed_on=date(2025, 3, 1))
    tombstone(team_a, reported=date(2025, 4, 20), closed_on=date(2025, 5, 1))
    tombstone(team_a, reported=date(2024, 9, 1), closed_on=date(2024, 10, 1))  # previous
    tombstone(team_b, reported=date(2025, 4, 20), closed_on=date(2025, 5, 1))  # other team

    report = report_for(team_a)

    assert texts(report.table("meldingen-naar-bron"))["Huisarts"] == ["5", "100%", "<5"]
    assert values(report.table("meldingen-naar-bron"))["Huisarts"][2] == 1
    assert texts(report.table("instroom-uitstroom"))["Nieuwe meldingen"] == ["5", "<5"]


# --- Instroom: closed cases by outcome and open at the end -----------------------------------


def test_closed_cases_count_by_outcome_in_the_period_of_their_closing(pro, team_a):
    for day in (date(2025, 1, 10), date(2025, 2, 10), date(2025, 3, 10), END):
        closed(pro, team_a, reported=LONG_AGO, closed_on=day, outcome=CaseOutcome.INFORMAL)
    tombstone(team_a, reported=LONG_AGO, closed_on=date(2025, 4, 1))  # informal, removed
    for day in (PERIOD.start, date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)):
        closed(pro, team_a, reported=LONG_AGO, closed_on=day, outcome=CaseOutcome.FIRST_LINE)
    closed(pro, team_a, reported=LONG_AGO, closed_on=DAY_AFTER_END)  # after the period
    for day in range(1, 7):  # six second-line closings in the previous period
        closed(
            pro,
            team_a,
            reported=LONG_AGO,
            closed_on=date(2024, 10, day),
            outcome=CaseOutcome.SECOND_LINE,
        )

    report = report_for(team_a)

    outcomes = texts(report.table("uitkomsten"))
    assert outcomes["Informele oplossing"] == ["5", "56%", "<5"]  # 5 of 9
    assert outcomes["Eerstelijnszorg"] == ["<5", "x", "<5"]
    assert outcomes["Tweedelijnszorg / maatwerkvoorziening"] == ["<5", "x", "6"]
    assert outcomes["Totaal"] == ["9", "100%", "6"]
    assert values(report.table("uitkomsten"))["Eerstelijnszorg"][0] == 4
    assert texts(report.table("instroom-uitstroom"))["Afgesloten casussen"] == ["9", "6"]


def test_case_closed_on_the_end_date_is_not_open_at_the_end_and_one_closed_a_day_later_is(
    pro, team_a
):
    closed(pro, team_a, reported=date(2024, 12, 1), closed_on=END)  # A: open at previous end
    closed(pro, team_a, reported=date(2025, 3, 1), closed_on=DAY_AFTER_END)  # B: open at end
    for day in (date(2025, 1, 15), date(2025, 2, 15), date(2025, 3, 15), date(2025, 4, 15)):
        opened(pro, team_a, day)  # C–F: open at the end
    opened(pro, team_a, DAY_AFTER_END)  # G: reported after the period
    tombstone(team_a, reported=date(2024, 5, 1), closed_on=date(2025, 8, 1))  # H: open at both
    closed(pro, team_a, reported=LONG_AGO, closed_on=PREVIOUS.end)  # I: at neither
    closed(pro, team_a, reported=date(2024, 10, 1), closed_on=PERIOD.start)  # J: previous end
    opened(pro, team_a, date(2024, 8, 1))  # K: open at both
    opened(pro, team_a, date(2024, 8, 2))  # L: open at both

    flow = report_for(team_a).table("instroom-uitstroom")

    # At 30 June 2025: B, C, D, E, F, H, K, L. At 31 December 2024: A, H, J, K, L.
    assert texts(flow)["Open aan het eind van de periode"] == ["8", "5"]


# --- Instroom: scaling up and down ----------------------------------------------------------


def scaled(pro, team, to_level: int, on: date):
    case = opened(pro, team, LONG_AGO)  # starts at the wijkteam level
    case_change_scaling(
        acting_user=pro,
        case=case,
        expected_version=None,
        to_level=to_level,
        reason="Situatie veranderd",
        changed_on=on,
    )
    return case


def test_scaling_counts_changes_up_and_down_per_level_scaled_to(pro, team_a):
    for month in range(1, 6):
        scaled(pro, team_a, ScalingLevel.SPECIALIST, date(2025, month, 3))
    for month in range(1, 5):
        scaled(pro, team_a, ScalingLevel.GENERAL, date(2025, month, 4))
    back = scaled(pro, team_a, ScalingLevel.SPECIALIST, date(2024, 10, 1))  # previous: up
    case_change_scaling(
        acting_user=pro,
        case=back,
        expected_version=None,
        to_level=ScalingLevel.WIJKTEAM,
        reason="Het gaat beter",
        changed_on=date(2025, 3, 1),
    )
    scaled(pro, team_a, ScalingLevel.SPECIALIST, date(2025, 7, 10))  # after the period

    scaling = report_for(team_a).table("op-en-afschalen")

    # Columns: up, down, up previous, down previous. Opening a case is no scaling.
    assert values(scaling) == {
        "Eigen kracht": [0, 0, 0, 0],
        "Algemene voorziening": [0, 4, 0, 0],
        "Wijkteam": [0, 1, 0, 0],
        "Specialistische zorg": [5, 0, 1, 0],
        "Totaal": [5, 5, 1, 0],
    }
    assert texts(scaling)["Specialistische zorg"] == ["5", "<5", "<5", "<5"]
    assert texts(scaling)["Algemene voorziening"] == ["<5", "<5", "<5", "<5"]
    assert texts(scaling)["Totaal"] == ["5", "5", "<5", "<5"]


# --- Trajecten: throughput ------------------------------------------------------------------


def test_report_to_closing_has_the_median_and_nearest_rank_80th_percentile(pro, team_a):
    # Closed in the period after 10, 20, 30, 40, 50, 100 and 200 days (two removed files).
    for days, closed_on in ((10, date(2025, 1, 15)), (20, date(2025, 2, 21)), (30, END)):
        closed_after(pro, team_a, days=days, closed_on=closed_on)
    for days, closed_on in ((50, date(2025, 1, 20)), (200, date(2025, 5, 20))):
        closed_after(pro, team_a, days=days, closed_on=closed_on)
    tombstone(team_a, reported=date(2025, 3, 1), closed_on=date(2025, 4, 10))  # 40 days
    tombstone(team_a, reported=date(2025, 3, 22), closed_on=date(2025, 6, 30))  # 100 days
    # Previous period: 7, 9, 11, 13 and 15 days.
    for days in (7, 9, 11, 13, 15):
        closed_after(pro, team_a, days=days, closed_on=date(2024, 10, 20))
    closed_after(pro, team_a, days=30, closed_on=DAY_AFTER_END)  # after the period

    throughput = report_for(team_a).table("doorlooptijden")

    # Seven durations: the median is the 4th (40); the nearest-rank 80th percentile is the
    # ceil(0.8 × 7) = 6th (100), where interpolation would give 90 or 140.
    assert texts(throughput)["Afsluiting"] == ["7", "40", "100", "11"]


def test_report_to_plan_uses_the_first_time_a_case_reached_plan(pro, team_a):
    def planned(reported: date, *plan_days: int):
        """Reported on `reported`, into plan `plan_days[0]` days later; every further
        number is another round: back to intake a day later, into plan again then."""
        case = opened(pro, team_a, reported)
        step(case, pro, CaseStatus.INTAKE, reported)
        for n, days in enumerate(plan_days):
            if n:
                step(case, pro, CaseStatus.INTAKE, reported + timedelta(days=plan_days[n - 1] + 1))
            step(case, pro, CaseStatus.PLAN, reported + timedelta(days=days))
        return case

    planned(date(2025, 1, 6), 5, 100)  # first plan after 5 days; again after 100
    planned(date(2025, 2, 3), 8)
    planned(date(2025, 3, 3), 12)
    planned(date(2025, 4, 1), 20)
    planned(date(2025, 5, 1), 30)
    planned(date(2024, 11, 1), 20, 92)  # first plan in the previous period: counts there
    planned(date(2025, 6, 20), 11)  # into plan on 1 July, after the period

    throughput = report_for(team_a).table("doorlooptijden")

    # Durations 5, 8, 12, 20, 30: median 12, 80th percentile the 4th of 5 (20). Counting the
    # latest plan would give 8, 12, 20, 30, 100 (median 20).
    assert texts(throughput)["Plan"] == ["5", "12", "20", "x"]
    assert values(throughput)["Plan"][3] == 20  # the previous period, from one case


def test_median_throughput_of_four_closed_cases_is_hidden(pro, team_a):
    for days in (10, 20, 30, 40):
        closed_after(pro, team_a, days=days, closed_on=date(2025, 3, 1))

    throughput = report_for(team_a).table("doorlooptijden")

    assert texts(throughput)["Afsluiting"] == ["<5", "x", "x", "x"]


def test_median_throughput_of_five_closed_cases_is_shown(pro, team_a):
    for days in (10, 20, 30, 40, 45):
        closed_after(pro, team_a, days=days, closed_on=date(2025, 3, 1))

    throughput = report_for(team_a).table("doorlooptijden")

    assert texts(throughput)["Afsluiting"] == ["5", "30", "40", "x"]


# --- Trajecten: cost per trajectory ---------------------------------------------------------


def trajectory(pro, team, closed_on: date, outcome: str, *costs):
    """A case closed on `closed_on` with interventions of (tariff, quantity)."""
    case = opened(pro, team, LONG_AGO)
    for tariff, quantity in costs:
        intervention(case, pro, tariff, quantity)
    return close(case, pro, closed_on, outcome)


def test_cost_per_trajectory_sums_quantity_times_price_per_outcome(pro, team_a):
    hour = TariffFactory(name="Schuldhulp per uur", price=Decimal("75.00"))
    part = TariffFactory(name="Dagbesteding per dagdeel", price=Decimal("45.50"))
    visit = TariffFactory(name="Huisbezoek", price=Decimal("100.00"))
    year = TariffFactory(name="Jaarabonnement OV", price=Decimal("1200.00"))
    informal = CaseOutcome.INFORMAL
    trajectory(pro, team_a, date(2025, 1, 31), informal, (hour, "2"), (visit, "1"))  # 250
    trajectory(pro, team_a, date(2025, 2, 28), informal, (part, "10"))  # 455
    trajectory(pro, team_a, date(2025, 3, 31), informal)  # 0
    trajectory(pro, team_a, date(2025, 4, 30), informal, (hour, "3"))  # 225
    trajectory(pro, team_a, END, informal, (year, "1"))  # 1200
    for month in (1, 2, 3, 4):
        trajectory(pro, team_a, date(2025, month, 15), CaseOutcome.GENERAL_PROVISION, (visit, "1"))
    for quantity in ("1", "2", "3", "4", "5"):  # previous period: 100, 200, 300, 400, 500
        trajectory(pro, team_a, date(2024, 11, 15), informal, (visit, quantity))
    tombstone(team_a, reported=LONG_AGO, closed_on=date(2025, 5, 1))  # removed: no costs
    trajectory(pro, team_a, DAY_AFTER_END, informal, (year, "1"))  # after the period

    report = report_for(team_a)
    per_outcome = texts(report.table("kosten-naar-uitkomst"))
    totals = texts(report.table("kosten-per-traject"))

    # Per outcome: mean, median, mean previous period.
    # Informal: 250, 455, 0, 225, 1200 → mean 2130 / 5 = 426, median 250.
    assert per_outcome["Informele oplossing"] == ["€ 426", "€ 250", "€ 300"]
    # General provision: four trajectories of 100: every amount hidden.
    assert per_outcome["Algemene voorziening"] == ["x", "x", "x"]
    # All nine: total 2530, mean 281.11, median of 0, 100 ×4, 225, 250, 455, 1200 = 100;
    # the removed file counts in the outcomes, not here. Previous: 100 … 500.
    assert totals["Aantal afgesloten trajecten"] == ["9", "5"]
    assert totals["Totale kosten"] == ["€ 2.530", "€ 1.500"]
    assert totals["Gemiddeld per traject"] == ["€ 281", "€ 300"]
    assert totals["Mediaan per traject"] == ["€ 100", "€ 300"]


def test_cost_per_outcome_shows_no_count_that_could_reveal_the_outcomes_table(pro, team_a):
    visit = TariffFactory(name="Huisbezoek", price=Decimal("100.00"))
    for month in (1, 2, 3, 4, 5):
        trajectory(pro, team_a, date(2025, month, 15), CaseOutcome.INFORMAL, (visit, "1"))

    table = report_for(team_a).table("kosten-naar-uitkomst")

    assert [column.kind for column in table.columns] == [Kind.MONEY] * 3
    assert table.total is None


def test_a_trajectory_without_interventions_counts_as_zero_euro(pro, team_a):
    visit = TariffFactory(name="Huisbezoek", price=Decimal("100.00"))
    for month in (1, 2, 3, 4):
        trajectory(pro, team_a, date(2025, month, 15), CaseOutcome.INFORMAL, (visit, "1"))
    trajectory(pro, team_a, date(2025, 5, 15), CaseOutcome.INFORMAL)

    costs = texts(report_for(team_a).table("kosten-per-traject"))

    # 400 over five trajectories: 80, not 100 over four.
    assert costs["Gemiddeld per traject"][0] == "€ 80"
    assert costs["Mediaan per traject"][0] == "€ 100"
    assert costs["Totale kosten"][0] == "€ 400"


def test_cost_uses_the_price_at_the_time_the_provision_was_used(pro, team_a):
    visit = TariffFactory(name="Huisbezoek", price=Decimal("100.00"))
    for month in (1, 2, 3, 4, 5):
        trajectory(pro, team_a, date(2025, month, 15), CaseOutcome.INFORMAL, (visit, "1"))
    Tariff.objects.filter(pk=visit.pk).update(price=Decimal("150.00"))  # a new tariff

    costs = texts(report_for(team_a).table("kosten-per-traject"))

    assert costs["Totale kosten"][0] == "€ 500"
    assert costs["Gemiddeld per traject"][0] == "€ 100"


# --- Trajecten: kinds of help ---------------------------------------------------------------


def test_kinds_of_help_count_the_goals_of_cases_that_ran_in_the_period(pro, team_a):
    def with_goals(case, *kinds):
        for kind in kinds:
            goal(case, pro, kind)
        return case

    own, network = HelpKind.OWN_STRENGTH, HelpKind.NETWORK
    with_goals(opened(pro, team_a, date(2024, 6, 1)), own, own, own, network, network)  # both
    with_goals(  # only this period
        opened(pro, team_a, date(2025, 2, 1)), own, own, network, network, HelpKind.VOLUNTEER
    )
    before = with_goals(opened(pro, team_a, date(2024, 6, 1)), own, own, own, own)
    close(before, pro, PREVIOUS.end)  # closed the day before the period: only previous
    on_start = with_goals(opened(pro, team_a, date(2024, 10, 1)), HelpKind.GENERAL_PROVISION)
    close(on_start, pro, PERIOD.start)  # open on the first day: both periods
    with_goals(opened(pro, team_a, DAY_AFTER_END), HelpKind.CUSTOM_PROVISION)  # neither

    help_kinds = report_for(team_a).table("soort-hulp")

    assert values(help_kinds)["Eigen kracht"][0::2] == [5, 7]
    assert values(help_kinds)["Sociaal netwerk"][0::2] == [4, 2]
    assert values(help_kinds)["Vrijwilliger"][0::2] == [1, 0]
    assert values(help_kinds)["Algemene (voorliggende) voorziening"][0::2] == [1, 1]
    assert values(help_kinds)["Maatwerkvoorziening"][0::2] == [0, 0]
    shown = texts(help_kinds)
    assert shown["Eigen kracht"] == ["5", "45%", "7"]  # 5 of 11 goals
    assert shown["Sociaal netwerk"] == ["<5", "x", "<5"]
    assert shown["Totaal"] == ["11", "100%", "10"]


# --- Stressoren -----------------------------------------------------------------------------


def test_stressors_played_new_removed_share_and_median_days_to_removal(pro, team_a):
    case = opened(pro, team_a, date(2024, 6, 1))
    debts = "Schulden"
    stressor(case, pro, debts, registered=date(2024, 10, 1), removed=date(2025, 1, 31))  # 122
    stressor(case, pro, debts, registered=date(2024, 11, 1))  # still there
    stressor(case, pro, debts, registered=date(2024, 11, 30), removed=PERIOD.start)  # 32 days
    contained = stressor(case, pro, debts, registered=date(2024, 8, 1))
    stressor_to(contained, pro, StressorStatus.STABILISED, date(2024, 9, 1))  # not removed
    stressor(case, pro, debts, registered=date(2025, 1, 10), removed=date(2025, 1, 20))  # 10
    stressor(case, pro, debts, registered=date(2025, 2, 1), removed=date(2025, 2, 21))  # 20
    stressor(case, pro, debts, registered=date(2025, 3, 1), removed=date(2025, 3, 31))  # 30
    stressor(case, pro, debts, registered=date(2025, 4, 1), removed=date(2025, 5, 11))  # 40
    stressor(case, pro, debts, registered=date(2025, 5, 1))  # new, still there
    stressor(case, pro, debts, registered=date(2024, 8, 1), removed=date(2024, 9, 1))  # before
    stressor(case, pro, debts, registered=DAY_AFTER_END)  # after the period

    table = report_for(team_a).table("stressoren")

    # Columns: played, new, removed, share removed, median days, removed previous period.
    # Played: the four from 2024 not removed before 1 January (one contained, not removed)
    # and the five signalled in the period: 9. New: those five.
    # Removed: 122, 32, 10, 20, 30, 40 days → 6 of 9 = 67%, median (30 + 32) / 2 = 31.
    assert texts(table)["Schulden"] == ["9", "5", "6", "67%", "31", "<5"]
    assert values(table)["Schulden"][5] == 1
    assert texts(table)["Alle stressoren"] == ["9", "5", "6", "67%", "31", "<5"]


def test_stressor_types_sort_most_played_first_and_hidden_types_last_by_name(pro, team_a):
    case = opened(pro, team_a, date(2024, 6, 1))
    for kind, n in (
        ("Schulden", 9),
        ("Eenzaamheid", 12),
        ("Werkloosheid", 6),
        ("Verslaving", 4),
        ("Boetes en incassokosten", 1),
    ):
        for _ in range(n):
            stressor(case, pro, kind, registered=date(2025, 2, 1))

    table = report_for(team_a).table("stressoren")

    assert [str(row.label) for row in table.rows] == [
        "Eenzaamheid",
        "Schulden",
        "Werkloosheid",
        "Boetes en incassokosten",
        "Verslaving",
    ]
    assert texts(table)["Verslaving"][:2] == ["<5", "<5"]
    assert texts(table)["Alle stressoren"][:2] == ["32", "32"]


def test_one_stressor_type_played_by_four_hides_the_least_played_other_type(pro, team_a):
    case = opened(pro, team_a, date(2024, 6, 1))
    for kind, n in (("Schulden", 9), ("Eenzaamheid", 12), ("Verslaving", 4)):
        for _ in range(n):
            stressor(case, pro, kind, registered=date(2025, 2, 1))

    table = report_for(team_a).table("stressoren")

    assert texts(table)["Verslaving"][0] == "<5"
    assert texts(table)["Schulden"][0] == "x"  # 25 − 12 − 4 would otherwise be 9
    assert texts(table)["Eenzaamheid"][0] == "12"
    assert texts(table)["Alle stressoren"][0] == "25"
    assert [str(row.label) for row in table.rows] == ["Eenzaamheid", "Schulden", "Verslaving"]


# --- Stabiliteit -----------------------------------------------------------------------------

LEG_LABELS = (
    "Houdbare persoonlijke leefomgeving",
    "Meedoen",
    "Continuïteit van ondersteuning",
    "Stabiliteit (zwakste poot)",
)


def series(pro, team, *assessments, reported: date = date(2024, 6, 1)):
    """A resident's case with assessments of (date, (leefomgeving, meedoen, continuïteit))."""
    case = opened(pro, team, reported)
    for on, legs in assessments:
        assessed(case, pro, on, legs)
    return case


FIRST, MIDDLE, LATEST = date(2024, 9, 1), date(2025, 2, 1), date(2025, 5, 1)


def five_residents_three_improved(pro, team):
    """First and latest legs (leefomgeving, meedoen, continuïteit) → weakest leg."""
    series(pro, team, (FIRST, (1, 2, 3)), (LATEST, (3, 3, 4)))  # 1 → 3 improved
    series(pro, team, (FIRST, (2, 2, 2)), (LATEST, (2, 3, 3)))  # 2 → 2 same
    series(pro, team, (FIRST, (3, 4, 4)), (LATEST, (2, 4, 4)))  # 3 → 2 worse
    series(pro, team, (FIRST, (2, 3, 3)), (MIDDLE, (1, 1, 1)), (LATEST, (4, 4, 5)))  # 2 → 4
    series(  # 3 → 4 improved; the assessment after the period does not count
        pro, team, (FIRST, (3, 3, 3)), (LATEST, (4, 5, 4)), (date(2025, 8, 1), (1, 1, 1))
    )


def test_stability_averages_the_first_and_latest_assessment_per_leg(pro, team_a):
    five_residents_three_improved(pro, team_a)
    series(pro, team_a, (FIRST, (5, 5, 5)))  # one assessment only: left out
    earlier = series(pro, team_a, (date(2024, 7, 1), (1, 1, 1)), (date(2024, 11, 1), (5, 5, 5)))
    close(earlier, pro, date(2024, 12, 1))  # did not run in the period: left out

    legs = texts(report_for(team_a).table("stabiliteit-poten"))

    # First: leefomgeving (1+2+3+2+3)/5 = 2.2, meedoen (2+2+4+3+3)/5 = 2.8,
    # continuïteit (3+2+4+3+3)/5 = 3.0, weakest (1+2+3+2+3)/5 = 2.2.
    # Latest: (3+2+2+4+4)/5 = 3.0, (3+3+4+4+5)/5 = 3.8, (4+3+4+5+4)/5 = 4.0, 3.0.
    assert [legs[label] for label in LEG_LABELS] == [
        ["5", "2,2", "3,0", "+0,8"],
        ["5", "2,8", "3,8", "+1,0"],
        ["5", "3,0", "4,0", "+1,0"],
        ["5", "2,2", "3,0", "+0,8"],
    ]


def test_stability_counts_residents_whose_weakest_leg_improved_stayed_or_worsened(pro, team_a):
    five_residents_three_improved(pro, team_a)
    earlier = series(pro, team_a, (date(2024, 7, 1), (2, 2, 2)), (date(2024, 11, 1), (3, 3, 3)))
    close(earlier, pro, date(2024, 12, 1))  # improved, in the previous period only

    progress = report_for(team_a).table("stabiliteit-zwakste-poot")

    # Columns: residents, share, residents previous period, share previous period.
    assert values(progress)["Verbeterd"][0::2] == [3, 1]
    assert values(progress)["Gelijk gebleven"][0::2] == [1, 0]
    assert values(progress)["Verslechterd"][0::2] == [1, 0]
    assert texts(progress)["Verbeterd"] == ["<5", "x", "<5", "x"]
    assert texts(progress)["Inwoners met twee of meer metingen"] == ["5", "100%", "<5", "x"]


def test_share_of_residents_whose_weakest_leg_improved_is_shown_from_five(pro, team_a):
    for first in (1, 2, 2, 3, 3):
        series(pro, team_a, (FIRST, (first, 4, 4)), (LATEST, (first + 1, 4, 4)))
    series(pro, team_a, (FIRST, (2, 2, 2)), (LATEST, (2, 4, 4)))  # weakest leg stays 2

    report = report_for(team_a)

    progress = texts(report.table("stabiliteit-zwakste-poot"))
    assert progress["Verbeterd"][:2] == ["5", "83%"]  # 5 of 6
    assert progress["Gelijk gebleven"][:2] == ["<5", "x"]
    improved = texts(report.key_figures)["Inwoners van wie de zwakste poot verbeterde"]
    assert improved == ["83%", "x", "x"]


# --- Doorbraaktafel ---------------------------------------------------------------------------


@pytest.fixture
def table_year(pro, team_a, teamleider_a):
    """Three doorbraaktafels held in the period and one in the previous period.

    Period: six breakthroughs for five cases (one case twice), five with both amounts:
    old route 50,000 + 20,000 + 12,000 + 8,000 + 10,000 = 100,000 a year; solutions
    3,000 + 5,000 + 2,000 + 1,000 + 4,000 = 15,000; saving 85,000. Two are structural.
    A sixth case is placed but not discussed (postponed when the meeting closed).
    Previous period: one breakthrough (1,000 against 500).
    """
    lead = teamleider_a
    cases = [opened(pro, team_a, LONG_AGO) for _ in range(6)]
    first, second, third = (
        meeting(team_a, date(2025, 1, 14)),
        meeting(team_a, date(2025, 2, 11)),
        meeting(team_a, date(2025, 3, 11)),
    )
    not_held = meeting(team_a, date(2025, 4, 8))
    earlier = meeting(team_a, date(2024, 11, 12))

    breakthrough(earlier, cases[1], lead, path=1000, solution=500, kind=BarrierKind.LAW)
    held(earlier, lead)
    breakthrough(
        first,
        cases[0],
        lead,
        path=50000,
        solution=3000,
        kind=BarrierKind.LAW,
        signal_domain=PolicyDomain.JUSTICE,
        signal_title="Boetes stapelen zich op bij psychiatrische problematiek",
    )
    breakthrough(first, cases[1], lead, path=20000, solution=5000)
    held(first, lead)
    breakthrough(second, cases[2], lead, path=12000, solution=2000)
    breakthrough(
        second,
        cases[3],
        lead,
        path=8000,
        solution=1000,
        signal_domain=PolicyDomain.WMO,
        signal_title="Wmo-indicatie vervalt bij verhuizing naar andere gemeente",
    )
    held(second, lead)
    breakthrough(third, cases[4], lead, path=10000, solution=4000)
    breakthrough(third, cases[0], lead, path=6000)  # no cost of the solution recorded
    placed(third, cases[5], lead)  # not reached: postponed
    held(third, lead)
    placed(not_held, cases[5], lead)
    return {"first": first, "earlier": earlier, "cases": cases}


def test_doorbraaktafel_counts_meetings_cases_discussed_and_breakthroughs(team_a, table_year):
    doorbraak = report_for(team_a).table("doorbraaktafel")

    shown = texts(doorbraak)
    assert shown["Doorbraaktafels gehouden"] == ["3", "1"]  # not about people: always shown
    assert shown["Casussen besproken"] == ["5", "<5"]
    assert shown["Doorbraken"] == ["6", "<5"]
    assert shown["waarvan structureel (weeffout)"] == ["<5", "<5"]
    assert values(doorbraak)["waarvan structureel (weeffout)"] == [2, 0]


def test_doorbraaktafel_costs_and_saving_over_five_breakthroughs_with_both_amounts(
    team_a, table_year
):
    report = report_for(team_a)

    costs = texts(report.table("doorbraak-kosten"))
    assert costs["Doorbraken met beide bedragen"] == ["5", "<5"]
    assert costs["Kosten van de oude route per jaar"] == ["€ 100.000", "x"]
    assert costs["Kosten van de oplossingen per jaar"] == ["€ 15.000", "x"]
    assert costs["Besparing per jaar"] == ["€ 85.000", "x"]
    assert texts(report.key_figures)["Besparing per jaar door doorbraken"] == [
        "€ 85.000",
        "x",
        "x",
    ]


def test_doorbraaktafel_amounts_over_four_breakthroughs_are_hidden_here_and_in_key_figures(
    pro, team_a, teamleider_a
):
    table = meeting(team_a, date(2025, 3, 11))
    for path, solution in ((50000, 3000), (20000, 5000), (12000, 2000), (8000, 1000)):
        breakthrough(
            table, opened(pro, team_a, LONG_AGO), teamleider_a, path=path, solution=solution
        )
    held(table, teamleider_a)

    report = report_for(team_a)

    costs = texts(report.table("doorbraak-kosten"))
    assert costs["Doorbraken met beide bedragen"] == ["<5", "<5"]
    assert costs["Kosten van de oude route per jaar"] == ["x", "x"]
    assert costs["Kosten van de oplossingen per jaar"] == ["x", "x"]
    assert costs["Besparing per jaar"] == ["x", "x"]
    assert texts(report.key_figures)["Besparing per jaar door doorbraken"] == ["x", "x", "x"]
    assert texts(report.key_figures)["Doorbraken aan de doorbraaktafel"] == ["<5", "<5", "x"]


def test_doorbraaktafel_barrier_kinds(team_a, table_year):
    barriers = report_for(team_a).table("barrieres")

    assert texts(barriers)["Regel of beleid"] == ["5", "83%", "<5"]  # 5 of 6
    assert texts(barriers)["Wet"] == ["<5", "x", "<5"]
    assert values(barriers)["Wet"][0::2] == [1, 1]
    assert texts(barriers)["Totaal"] == ["6", "100%", "<5"]


def test_actions_open_and_overdue_at_the_end_of_the_period(pro, team_a, teamleider_a):
    lead = teamleider_a
    table = meeting(team_a, date(2025, 1, 14))
    item = placed(table, opened(pro, team_a, LONG_AGO), lead)
    action(item, lead, pro, due=date(2025, 2, 1), done=date(2025, 1, 20))  # done
    action(item, lead, pro, due=date(2025, 5, 1), done=END)  # done on the end date
    action(item, lead, pro, due=END)  # open, due on the end date: not yet overdue
    action(item, lead, pro, due=date(2025, 12, 1))  # open
    action(item, lead, pro, due=date(2025, 6, 29), done=date(2025, 7, 5))  # open, overdue
    action(item, lead, pro, due=date(2025, 4, 1), done=date(2025, 8, 1))  # open, overdue
    action(item, lead, pro, due=date(2025, 3, 1))  # open, overdue
    action(item, lead, pro, due=date(2025, 2, 15))  # open, overdue
    action(item, lead, pro, due=date(2025, 1, 31))  # open, overdue
    held(table, lead)
    earlier = meeting(team_a, date(2024, 11, 12))
    earlier_item = placed(earlier, opened(pro, team_a, LONG_AGO), lead)
    action(earlier_item, lead, pro, due=date(2024, 12, 1), done=date(2025, 1, 10))
    held(earlier, lead)

    doorbraak = report_for(team_a).table("doorbraaktafel")

    assert texts(doorbraak)["Acties open aan het eind van de periode"] == ["7", "<5"]
    assert texts(doorbraak)["waarvan over tijd"] == ["5", "<5"]
    assert values(doorbraak)["Acties open aan het eind van de periode"][1] == 1
    assert values(doorbraak)["waarvan over tijd"][1] == 1


# --- Beleidssignalen --------------------------------------------------------------------------


def test_a_released_policy_signal_is_in_the_report_and_one_not_released_is_not(
    team_a, teamleider_a, table_year
):
    justice = table_year["cases"][0].agenda_items.get(meeting=table_year["first"])
    policy_signal_release(acting_user=teamleider_a, signal=justice.breakthrough.policy_signal)
    earlier = meeting(team_a, date(2024, 10, 8))
    housing = breakthrough(
        earlier,
        table_year["cases"][5],
        teamleider_a,
        signal_domain=PolicyDomain.HOUSING,
        signal_title="Urgentie vervalt bij opname",
    )
    held(earlier, teamleider_a)
    policy_signal_release(acting_user=teamleider_a, signal=housing.policy_signal)

    report = report_for(team_a)

    per_domain = texts(report.table("beleidssignalen-per-domein"))
    assert per_domain["Justitie"] == ["1", "0"]  # not about people: shown
    assert per_domain["Wmo 2015"] == ["0", "0"]  # structural, but not released
    assert per_domain["Wonen"] == ["0", "1"]  # released, in the previous period
    assert per_domain["Totaal"] == ["1", "1"]
    signals = texts(report.table("beleidssignalen"))
    assert signals == {
        "Boetes stapelen zich op bij psychiatrische problematiek": [
            "Justitie",
            "Herstel met terugwerkende kracht is niet mogelijk, ook niet als de fout bij de "
            "gemeente lag.",
            "Wijkteam Noord",
            "januari 2025",
        ]
    }
    section = next(s for s in report.sections if s.key == "beleidssignalen")
    assert [(g.domain, [s.title for s in g.signals]) for g in section.signal_groups] == [
        ("Justitie", ["Boetes stapelen zich op bij psychiatrische problematiek"])
    ]


# --- Scope ------------------------------------------------------------------------------------


def test_team_b_data_is_never_in_team_a_report(team_a, team_b, professional_b, teamleider_b):
    casework(team_b, professional_b, teamleider_b, cases_count=6)

    team_a_report = report_for(team_a)
    team_b_report = report_for(team_b)

    figures = [
        cell.value
        for table in team_a_report.tables()
        for cell in table.cells()
        if cell.kind != Kind.TEXT
    ]
    assert set(figures) <= {0, None}
    assert team_a_report.table("beleidssignalen").rows == []
    # Team B's own report does hold them.
    assert texts(team_b_report.table("instroom-uitstroom"))["Nieuwe meldingen"][0] == "7"
    assert texts(team_b_report.table("doorbraaktafel"))["Doorbraken"][0] == "6"
    assert len(team_b_report.table("beleidssignalen").rows) == 1


def test_report_for_two_teams_adds_up_both(pro, team_a, team_b, professional_b):
    for day in (6, 7, 8):
        opened(pro, team_a, date(2025, 1, day))
        opened(professional_b, team_b, date(2025, 1, day))

    report = report_for_scope(Scope((team_a.pk, team_b.pk), "Alle teams"))

    assert texts(report.table("instroom-uitstroom"))["Nieuwe meldingen"] == ["6", "<5"]
    assert texts(report_for(team_a).table("instroom-uitstroom"))["Nieuwe meldingen"] == [
        "<5",
        "<5",
    ]


# --- Trend and key figures --------------------------------------------------------------------


def test_monthly_trend_sums_to_the_period_total(pro, team_a):
    for day in (6, 7, 8, 9):
        opened(pro, team_a, date(2025, 1, day))
    tombstone(team_a, reported=date(2025, 1, 20), closed_on=date(2025, 2, 20))  # Jan / Feb
    for day in range(1, 7):
        closed(pro, team_a, reported=date(2025, 2, day), closed_on=date(2025, 2, 28))
    opened(pro, team_a, date(2025, 4, 1))
    for day in range(2, 8):
        opened(pro, team_a, date(2025, 6, day))
    opened(pro, team_a, END)
    opened(pro, team_a, PREVIOUS.end)  # not in the trend
    opened(pro, team_a, DAY_AFTER_END)  # not in the trend

    report = report_for(team_a)

    new = {label: row[0] for label, row in values(report.trend).items()}
    # Jan 4 + 1 removed = 5, Feb 6, Mar 0, Apr 1, May 0, Jun 7.
    assert new == {
        "jan 2025": 5,
        "feb 2025": 6,
        "mrt 2025": 0,
        "apr 2025": 1,
        "mei 2025": 0,
        "jun 2025": 7,
        "Totaal": 19,
    }
    assert [texts(report.trend)[m][0] for m in ("jan 2025", "apr 2025", "Totaal")] == [
        "5",
        "<5",
        "19",
    ]
    assert texts(report.table("instroom-uitstroom"))["Nieuwe meldingen"][0] == "19"
    closed_per_month = {label: row[1] for label, row in values(report.trend).items()}
    assert closed_per_month["feb 2025"] == 7  # six cases and the removed file
    assert closed_per_month["Totaal"] == 7


def test_trend_months_are_cut_to_the_period(pro, team_a):
    period = Period(date(2025, 1, 15), date(2025, 3, 10))
    opened(pro, team_a, date(2025, 1, 14))  # the day before: previous period
    for _ in range(5):
        opened(pro, team_a, date(2025, 1, 15))
    opened(pro, team_a, date(2025, 3, 10))
    opened(pro, team_a, date(2025, 3, 11))  # the day after

    trend = report_for(team_a, period).trend

    new = {label: row[0] for label, row in values(trend).items()}
    assert new == {"jan 2025": 5, "feb 2025": 0, "mrt 2025": 1, "Totaal": 6}


def test_monthly_trend_of_removed_stressors_and_breakthroughs_adds_up_to_their_sections(
    team_a, professional_a, teamleider_a
):
    casework(team_a, professional_a, teamleider_a, cases_count=6)

    report = report_for(team_a)

    trend = values(report.trend)
    # Six stressors removed on 1 March, six breakthroughs on 13 May, three cases and the
    # removed file closed in May and June.
    assert [trend[m][2] for m in ("feb 2025", "mrt 2025", "apr 2025")] == [0, 6, 0]
    assert [trend[m][3] for m in ("apr 2025", "mei 2025", "jun 2025")] == [0, 6, 0]
    assert [trend[m][1] for m in ("mei 2025", "jun 2025")] == [1, 3]
    assert texts(report.trend)["Totaal"] == ["7", "<5", "6", "6"]
    assert texts(report.table("stressoren"))["Alle stressoren"][2] == "6"
    assert texts(report.table("doorbraaktafel"))["Doorbraken"][0] == "6"
    assert texts(report.table("instroom-uitstroom"))["Afgesloten casussen"][0] == "<5"


# Each key figure: the table, row and (this period, previous period) columns it repeats.
KEY_FIGURE_SOURCES = {
    "Nieuwe meldingen": ("instroom-uitstroom", "Nieuwe meldingen", 0, 1),
    "Afgesloten casussen": ("instroom-uitstroom", "Afgesloten casussen", 0, 1),
    "Open casussen aan het eind van de periode": (
        "instroom-uitstroom",
        "Open aan het eind van de periode",
        0,
        1,
    ),
    "Mediane doorlooptijd melding tot afsluiting (dagen)": ("doorlooptijden", "Afsluiting", 1, 3),
    "Gemiddelde kosten per afgesloten traject": (
        "kosten-per-traject",
        "Gemiddeld per traject",
        0,
        1,
    ),
    "Weggenomen stressoren": ("stressoren", "Alle stressoren", 2, 5),
    "Inwoners van wie de zwakste poot verbeterde": ("stabiliteit-zwakste-poot", "Verbeterd", 1, 3),
    "Doorbraken aan de doorbraaktafel": ("doorbraaktafel", "Doorbraken", 0, 1),
    "Besparing per jaar door doorbraken": ("doorbraak-kosten", "Besparing per jaar", 0, 1),
}


def test_every_key_figure_repeats_its_section_figure(team_a, professional_a, teamleider_a):
    casework(team_a, professional_a, teamleider_a, cases_count=6)
    for days in (5, 6, 7, 8, 9):
        closed_after(professional_a, team_a, days=days, closed_on=date(2024, 10, 1))

    report = report_for(team_a)

    key = texts(report.key_figures)
    assert list(key) == list(KEY_FIGURE_SOURCES)
    for label, (table, row, now, before) in KEY_FIGURE_SOURCES.items():
        section = texts(report.table(table))[row]
        assert key[label][:2] == [section[now], section[before]], label
    assert key["Nieuwe meldingen"] == ["7", "5", "+2"]  # five reported in the previous period
    assert key["Doorbraken aan de doorbraaktafel"] == ["6", "<5", "x"]
    assert key["Besparing per jaar door doorbraken"] == ["€ 48.000", "x", "x"]  # 6 × 8,000


def test_key_figures_repeat_the_section_figures_with_the_difference(pro, team_a):
    for month in range(1, 7):
        for day in (5, 6):
            opened(pro, team_a, date(2025, month, day))  # 12 new reports
    for day in range(1, 8):
        opened(pro, team_a, date(2024, 9, day))  # 7 in the previous period

    report = report_for(team_a)

    flow = texts(report.table("instroom-uitstroom"))
    key = texts(report.key_figures)
    assert flow["Nieuwe meldingen"] == ["12", "7"]
    assert key["Nieuwe meldingen"] == ["12", "7", "+5"]
    # Open at the end: 19 now, 7 at the end of the previous period.
    assert flow["Open aan het eind van de periode"] == ["19", "7"]
    assert key["Open casussen aan het eind van de periode"] == ["19", "7", "+12"]
    # Nothing closed now or then: hidden in the section, hidden here, no difference.
    assert flow["Afgesloten casussen"] == ["<5", "<5"]
    assert key["Afgesloten casussen"] == ["<5", "<5", "x"]


def test_a_figure_hidden_in_its_section_is_hidden_in_the_key_figures(pro, team_a):
    for days in (10, 20, 30, 40):  # four closings: their median is hidden
        closed_after(pro, team_a, days=days, closed_on=date(2025, 3, 1))
    for days in (5, 6, 7, 8, 9):  # five closings then: shown
        closed_after(pro, team_a, days=days, closed_on=date(2024, 10, 1))

    report = report_for(team_a)

    assert texts(report.table("doorlooptijden"))["Afsluiting"][1::2] == ["x", "7"]
    median = texts(report.key_figures)["Mediane doorlooptijd melding tot afsluiting (dagen)"]
    assert median == ["x", "7", "x"]


# --- Cost of building a report ----------------------------------------------------------------

# Every figure comes from a fixed set of aggregate queries (30 at the time of writing): one
# or two per table, whatever the amount of data.
QUERY_BOUND = 30


def test_report_of_one_case_and_of_thirty_cases_take_the_same_bounded_number_of_queries(
    team_a,
    team_b,
    professional_a,
    teamleider_a,
    professional_b,
    teamleider_b,
    django_assert_max_num_queries,
):
    casework(team_a, professional_a, teamleider_a, cases_count=1)
    casework(team_b, professional_b, teamleider_b, cases_count=30)

    with django_assert_max_num_queries(QUERY_BOUND) as one_case:
        small = report_for(team_a)
    with django_assert_max_num_queries(QUERY_BOUND) as thirty_cases:
        large = report_for(team_b)

    assert len(one_case.captured_queries) == len(thirty_cases.captured_queries)
    # The data is really there (each team also has one removed file).
    assert values(small.table("instroom-uitstroom"))["Nieuwe meldingen"][0] == 2
    assert values(large.table("instroom-uitstroom"))["Nieuwe meldingen"][0] == 31
    assert values(large.table("doorbraaktafel"))["Doorbraken"][0] == 30

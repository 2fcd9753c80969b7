"""Builders for the report tests: casework with chosen (backdated) dates, made through the
services of the domain apps as professionals and teamleiders make it. Only the tombstone of
a removed file is written directly: it is what a purge leaves behind.

Every date is fixed and in the past, so the expected figures can be worked out by hand.
"""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import translation

from cases import services as cases
from cases.constants import CaseOutcome, CaseSource, CaseStatus, HelpKind, LifeDomain
from cases.models import Case, CaseTombstone
from doorbraak import services as doorbraak
from doorbraak.constants import BarrierKind
from doorbraak.models import AgendaItem, Breakthrough, Meeting
from reports.figures import Report, Scope, build_report
from reports.periods import Period
from reports.tables import Table
from stability import services as stability
from stressors import services as stressors
from stressors.constants import StressorStatus
from stressors.models import Stressor, StressorType
from tests.cases import factories

# The period every report test looks at, and the one it is compared with.
PERIOD = Period(date(2025, 1, 1), date(2025, 6, 30))
PREVIOUS = Period(date(2024, 7, 4), date(2024, 12, 31))

# Long before both periods: a case reported then is open during all of them.
LONG_AGO = date(2024, 3, 1)

_tombstone_numbers = itertools.count(1)


# --- Cases ------------------------------------------------------------------------------------


def opened(user, team, on: date, *, source: str = CaseSource.GP, **fields) -> Case:
    """A new household's case, reported on `on`."""
    return factories.case(
        acting_user=user, team=team, coordinator=user, reported_on=on, source=source, **fields
    )


def step(case: Case, user, to_status: str, on: date, outcome: str = "") -> Case:
    return cases.case_change_status(
        acting_user=user,
        case=case,
        expected_version=None,
        to_status=to_status,
        outcome=outcome,
        changed_on=on,
    )


def close(case: Case, user, on: date, outcome: str = CaseOutcome.INFORMAL) -> Case:
    return step(case, user, CaseStatus.CLOSED, on, outcome)


def closed(
    user,
    team,
    *,
    reported: date,
    closed_on: date,
    outcome: str = CaseOutcome.INFORMAL,
    source: str = CaseSource.GP,
) -> Case:
    return close(opened(user, team, reported, source=source), user, closed_on, outcome)


def closed_after(user, team, *, days: int, closed_on: date, **fields) -> Case:
    """A case closed on `closed_on`, `days` days after it was reported."""
    return closed(
        user, team, reported=closed_on - timedelta(days=days), closed_on=closed_on, **fields
    )


def tombstone(
    team,
    *,
    reported: date,
    closed_on: date | None,
    outcome: str = CaseOutcome.INFORMAL,
    source: str = CaseSource.GP,
) -> CaseTombstone:
    """What a purge leaves of a removed file."""
    return CaseTombstone.objects.create(
        reference=f"1999-{next(_tombstone_numbers):06d}",
        team=team,
        regime="wijkteam",
        source=source,
        reported_on=reported,
        closed_on=closed_on,
        outcome=outcome if closed_on else "",
        removed_on=date(2026, 1, 1),
        removal_reason="bewaartermijn",
    )


def goal(case: Case, user, help_kind: str):
    return cases.goal_add(
        acting_user=user,
        plan=case.support_plan,
        life_domain=LifeDomain.FINANCES,
        description="Vaste lasten op tijd betalen",
        help_kind=help_kind,
        who="Inwoner met budgetcoach",
    )


def intervention(case: Case, user, tariff, quantity: str):
    return cases.intervention_add(
        acting_user=user,
        case=case,
        tariff=tariff,
        start_date=case.reported_on,
        quantity=Decimal(quantity),
    )


# --- Stressors --------------------------------------------------------------------------------


def stressor(case: Case, user, kind: str, *, registered: date, removed: date | None = None):
    """A stressor of catalogue type `kind`, signalled on `registered` and, if given, removed
    on `removed`."""
    registered_stressor = stressors.stressor_register(
        acting_user=user,
        case=case,
        resident=case.primary_resident,
        stressor_type=StressorType.objects.get(name=kind),
        registered_on=registered,
    )
    if removed is None:
        return registered_stressor
    return stressors.stressor_change_status(
        acting_user=user,
        stressor=registered_stressor,
        to_status=StressorStatus.REMOVED,
        changed_on=removed,
    )


def stressor_to(stressor_: Stressor, user, status: str, on: date) -> Stressor:
    return stressors.stressor_change_status(
        acting_user=user, stressor=stressor_, to_status=status, changed_on=on
    )


# --- Stability --------------------------------------------------------------------------------


def assessed(case: Case, user, on: date, legs: tuple[int, int, int]):
    """A stability assessment whose legs come out as `legs` (leefomgeving, meedoen,
    continuïteit): each leg's rules of thumb get the leg's score."""
    living, participation, continuity = legs
    stability_assessment, _zrm = stability.assessment_record(
        acting_user=user,
        case=case,
        resident=case.primary_resident,
        assessed_on=on,
        scores={
            "housing": living,
            "finances": living,
            "day_activity": participation,
            "living_environment": participation,
            "fitting_support": continuity,
        },
    )
    return stability_assessment


# --- Doorbraaktafel ---------------------------------------------------------------------------


def meeting(team, on: date) -> Meeting:
    """A team's doorbraaktafel on `on`, as the scheduler creates it."""
    return Meeting.objects.create(
        team=team, date=on, start_time=time(13, 30), location="Wijkcentrum De Schakel"
    )


def placed(meeting_: Meeting, case: Case, teamleider) -> AgendaItem:
    return doorbraak.item_nominate(
        acting_user=teamleider,
        meeting=meeting_,
        case=case,
        stuck="Uitkering stopgezet, huurachterstand loopt op.",
        ask="Kan de uitkering met terugwerkende kracht worden hersteld?",
    )


def breakthrough(
    meeting_: Meeting,
    case: Case,
    teamleider,
    *,
    path: int | None = None,
    solution: int | None = None,
    kind: str = BarrierKind.RULE,
    signal_domain: str = "",
    signal_title: str = "",
) -> Breakthrough:
    """The table breaks through for `case`; with `signal_domain` the barrier is structural
    and becomes a policy signal."""
    return doorbraak.breakthrough_record(
        acting_user=teamleider,
        item=placed(meeting_, case, teamleider),
        barrier_kind=kind,
        barrier="Regel staat herstel met terugwerkende kracht niet toe.",
        decision="Sociale dienst herstelt de uitkering per de datum van stopzetting.",
        mandate="Hoofd sociale dienst",
        cost_current_path=None if path is None else Decimal(path),
        cost_solution=None if solution is None else Decimal(solution),
        is_structural=bool(signal_domain),
        signal_domain=signal_domain,
        signal_title=signal_title,
        signal_description=(
            "Herstel met terugwerkende kracht is niet mogelijk, ook niet als de fout bij de "
            "gemeente lag."
            if signal_domain
            else ""
        ),
    )


def held(meeting_: Meeting, teamleider) -> Meeting:
    return doorbraak.meeting_close(acting_user=teamleider, meeting=meeting_)


def action(item: AgendaItem, teamleider, owner, *, due: date, done: date | None = None):
    added = doorbraak.action_add(
        acting_user=teamleider,
        item=item,
        description="Uitkering herstellen",
        due_date=due,
        owner=owner,
    )
    if done is None:
        return added
    return doorbraak.action_complete(acting_user=teamleider, action=added, done_on=done)


# --- A bit of everything ----------------------------------------------------------------------


def casework(team, professional, teamleider, *, cases_count: int) -> list[Case]:
    """`cases_count` cases of `team` with something in every section of the report: a
    tombstone, goals, interventions, a scaling change, stressors, assessments, a held
    doorbraaktafel with breakthroughs, actions and a released policy signal."""
    tariff = factories.TariffFactory(name=f"Schuldhulp {team.pk}", price=Decimal("75.00"))
    made = []
    table = meeting(team, date(2025, 5, 13))
    for n in range(cases_count):
        case = opened(professional, team, date(2025, 1, 6) + timedelta(days=n % 20))
        goal(case, professional, HelpKind.NETWORK)
        intervention(case, professional, tariff, "2")
        cases.case_change_scaling(
            acting_user=professional,
            case=case,
            expected_version=None,
            to_level=4,
            reason="Specialistische hulp nodig",
            changed_on=date(2025, 2, 1),
        )
        stressor(case, professional, "Schulden", registered=date(2025, 2, 1))
        stressor(
            case,
            professional,
            "Eenzaamheid",
            registered=date(2025, 2, 1),
            removed=date(2025, 3, 1),
        )
        if n % 3 == 0:
            assessed(case, professional, date(2025, 2, 1), (2, 3, 3))
            assessed(case, professional, date(2025, 4, 1), (3, 3, 4))
        step(case, professional, CaseStatus.INTAKE, date(2025, 3, 1))
        step(case, professional, CaseStatus.PLAN, date(2025, 3, 15))
        found = breakthrough(
            table,
            case,
            teamleider,
            path=10000,
            solution=2000,
            signal_domain="wmo" if n == 0 else "",
            signal_title=f"Wmo-signaal {team.name}" if n == 0 else "",
        )
        action(found.item, teamleider, professional, due=date(2025, 6, 1))
        if n % 2:
            close(case, professional, date(2025, 6, 1))
        made.append(case)
    held(table, teamleider)
    if cases_count:
        signal = made[0].agenda_items.get().breakthrough.policy_signal
        doorbraak.policy_signal_release(acting_user=teamleider, signal=signal)
    tombstone(team, reported=date(2025, 1, 10), closed_on=date(2025, 5, 1))
    return made


# --- Reading a report -------------------------------------------------------------------------


def report_for_scope(scope: Scope, period: Period = PERIOD) -> Report:
    with translation.override("nl"):
        return build_report(scope=scope, period=period)


def report_for(team, period: Period = PERIOD) -> Report:
    """The report of one team, as its teamleider gets it."""
    return report_for_scope(Scope((team.pk,), team.name), period)


def texts(table: Table) -> dict[str, list[str]]:
    """What the reader sees, per row (the total row included), by row label."""
    with translation.override("nl"):
        return {str(row.label): [cell.text for cell in row.cells] for row in table.all_rows()}


def values(table: Table) -> dict[str, list]:
    """The figures behind the display, suppressed or not, per row by label."""
    return {str(row.label): [cell.value for cell in row.cells] for row in table.all_rows()}

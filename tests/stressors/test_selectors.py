"""Reads of the stressor register: what is overdue, how much weighs on each resident, what
comes first, and that every list and count stays within the cases the user may see."""

from __future__ import annotations

import pytest

from cases import services as case_services
from cases.constants import CaseOutcome, CaseStatus
from cases.models import Case
from stressors import selectors, services
from stressors.constants import StressorStatus
from stressors.models import Stressor
from tests.cases import factories

from .conftest import build_family, register, registered_days_ago, untouched_for

SIGNALLED = StressorStatus.SIGNALLED
IN_PROGRESS = StressorStatus.IN_PROGRESS
REMOVED = StressorStatus.REMOVED
STABILISED = StressorStatus.STABILISED


def _move(stressor, user, to_status):
    return services.stressor_change_status(acting_user=user, stressor=stressor, to_status=to_status)


def _close(case, user):
    case_services.case_change_status(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )
    case.refresh_from_db()


# --- Overdue --------------------------------------------------------------------------------


def test_stressor_without_change_for_more_than_4_weeks_is_overdue(family, professional_a):
    stressor = untouched_for(register(family.case, acting_user=professional_a), days=29)

    assert stressor.is_overdue
    assert list(Stressor.objects.overdue()) == [stressor]


def test_stressor_changed_within_4_weeks_is_not_overdue(family, professional_a):
    stressor = untouched_for(register(family.case, acting_user=professional_a), days=27)

    assert not stressor.is_overdue
    assert not Stressor.objects.overdue().exists()


def test_stressor_in_progress_without_change_for_4_weeks_is_overdue(family, professional_a):
    stressor = _move(register(family.case, acting_user=professional_a), professional_a, IN_PROGRESS)

    stressor = untouched_for(stressor, days=35)

    assert stressor.is_overdue
    assert Stressor.objects.overdue().filter(pk=stressor.pk).exists()


@pytest.mark.parametrize("status", [REMOVED, STABILISED])
def test_ended_stressor_is_never_overdue(family, professional_a, status):
    stressor = _move(register(family.case, acting_user=professional_a), professional_a, status)

    stressor = untouched_for(stressor, days=90)

    assert not stressor.is_overdue
    assert not Stressor.objects.overdue().exists()


def test_update_restarts_the_overdue_clock(family, professional_a):
    stressor = untouched_for(register(family.case, acting_user=professional_a), days=40)

    services.stressor_update(acting_user=professional_a, stressor=stressor, next_step="Bellen")

    assert not Stressor.objects.overdue().exists()


def test_status_change_restarts_the_overdue_clock(family, professional_a):
    stressor = untouched_for(register(family.case, acting_user=professional_a), days=40)

    _move(stressor, professional_a, IN_PROGRESS)

    assert not Stressor.objects.overdue().exists()


# --- Stressor load per resident -------------------------------------------------------------


def test_load_per_resident_sums_the_severity_of_active_stressors(family, professional_a):
    user, case = professional_a, family.case
    register(case, acting_user=user, resident=family.head, kind="Schulden", severity=3)
    register(case, acting_user=user, resident=family.head, kind="Eenzaamheid", severity=2)
    register(case, acting_user=user, resident=family.child, kind="Opvoedingsstress", severity=1)

    loads = selectors.case_stressor_loads(case)

    assert loads[family.head.pk].load == 5
    assert loads[family.child.pk].load == 1


def test_unscored_stressor_weighs_as_mild_in_the_load(family, professional_a):
    register(family.case, acting_user=professional_a, kind="Schulden", severity=2)
    register(family.case, acting_user=professional_a, kind="Eenzaamheid")

    load = selectors.case_stressor_loads(family.case)[family.head.pk]

    assert (load.active, load.load) == (2, 3)


def test_load_counts_active_and_severe_stressors(family, professional_a):
    user, case = professional_a, family.case
    register(case, acting_user=user, kind="Schulden", severity=3)
    register(case, acting_user=user, kind="Dreigende huisuitzetting", severity=3)
    register(case, acting_user=user, kind="Eenzaamheid", severity=1)

    load = selectors.case_stressor_loads(case)[family.head.pk]

    assert (load.active, load.severe) == (3, 2)


def test_removed_and_stabilised_stressors_do_not_weigh_in_the_load(family, professional_a):
    user, case = professional_a, family.case
    register(case, acting_user=user, kind="Schulden", severity=2)
    _move(register(case, acting_user=user, kind="Dakloosheid", severity=3), user, REMOVED)
    _move(register(case, acting_user=user, kind="Verslaving", severity=3), user, STABILISED)

    load = selectors.case_stressor_loads(case)[family.head.pk]

    assert (load.active, load.severe, load.load) == (1, 0, 2)


def test_load_counts_stabilised_stressors_separately(family, professional_a):
    user, case = professional_a, family.case
    _move(register(case, acting_user=user, kind="Verslaving", severity=3), user, STABILISED)
    _move(register(case, acting_user=user, kind="Schulden", severity=3), user, REMOVED)

    load = selectors.case_stressor_loads(case)[family.head.pk]

    assert load.stabilised == 1


def test_load_ignores_stressors_of_other_cases(family, make_case, professional_a):
    register(family.case, acting_user=professional_a, severity=2)
    other = make_case(residents=[family.head])
    register(other, acting_user=professional_a, kind="Eenzaamheid", severity=3)

    load = selectors.case_stressor_loads(family.case)[family.head.pk]

    assert (load.active, load.load) == (1, 2)


def test_load_is_one_query(family, professional_a, django_assert_num_queries):
    register(family.case, acting_user=professional_a, severity=2)
    register(family.case, acting_user=professional_a, resident=family.child, kind="Eenzaamheid")

    with django_assert_num_queries(1):
        selectors.case_stressor_loads(family.case)


# --- Most damaging first --------------------------------------------------------------------


def test_case_stressors_come_most_severe_first_then_longest_playing(family, professional_a):
    user, case = professional_a, family.case
    kinds = {
        "Eenzaamheid": {"severity": 1, "since": factories.days_ago(900)},
        "Schulden": {"severity": 3, "since": factories.days_ago(30)},
        "Werkloosheid": {"severity": 2, "since": factories.days_ago(400)},
        "Dreigende huisuitzetting": {"severity": 3, "since": factories.days_ago(200)},
    }
    for kind, fields in kinds.items():
        register(case, acting_user=user, kind=kind, **fields)

    order = [s.stressor_type.name for s in selectors.case_stressors(case)]

    assert order == ["Dreigende huisuitzetting", "Schulden", "Werkloosheid", "Eenzaamheid"]


def test_stressor_without_severity_comes_last(family, professional_a):
    user, case = professional_a, family.case
    register(case, acting_user=user, kind="Laaggeletterdheid", since=factories.days_ago(3000))
    register(case, acting_user=user, kind="Eenzaamheid", severity=1)
    register(case, acting_user=user, kind="Schulden", severity=3)

    order = [s.stressor_type.name for s in selectors.case_stressors(case)]

    assert order == ["Schulden", "Eenzaamheid", "Laaggeletterdheid"]


def test_stressor_of_unknown_age_comes_after_known_ones_of_equal_severity(family, professional_a):
    user, case = professional_a, family.case
    register(case, acting_user=user, kind="Schulden", severity=2)
    register(case, acting_user=user, kind="Eenzaamheid", severity=2, since=factories.days_ago(10))

    order = [s.stressor_type.name for s in selectors.case_stressors(case)]

    assert order == ["Eenzaamheid", "Schulden"]


def test_equal_stressors_come_in_order_of_signalling(family, professional_a):
    user, case = professional_a, family.case
    later = register(case, acting_user=user, kind="Schulden", severity=2)
    earlier = registered_days_ago(
        register(case, acting_user=user, kind="Verslaving", severity=2), 9
    )

    assert list(selectors.case_stressors(case)) == [earlier, later]


def test_case_stressors_hold_only_that_cases_stressors(family, make_case, professional_a):
    mine = register(family.case, acting_user=professional_a)
    register(make_case(), acting_user=professional_a)

    assert list(selectors.case_stressors(family.case)) == [mine]


# --- Visibility -----------------------------------------------------------------------------


@pytest.fixture
def other_team_case(team_b, professional_b):
    """A case of team B with a severe stressor, coordinated by `professional_b`."""
    family = build_family(acting_user=professional_b, team=team_b, surname="Jansen")
    register(family.case, acting_user=professional_b, kind="Dakloosheid", severity=3)
    return family.case


@pytest.fixture
def colleagues_case(team_a, colleague_a):
    """A case of team A, coordinated by `colleague_a`; `professional_a` has no part in it."""
    family = build_family(acting_user=colleague_a, team=team_a, surname="Bakker")
    register(family.case, acting_user=colleague_a, kind="Verslaving", severity=3)
    return family.case


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("professional_a", False),
        ("colleague_a", True),
        ("teamleider_a", True),
        ("teamleider_b", False),
        ("professional_b", False),
        ("privacy_officer", False),
        ("beleidsmedewerker", False),
        ("partner", False),
        ("beheerder", False),
    ],
)
def test_stressors_are_visible_only_to_who_may_see_the_case(request, colleagues_case, role, sees):
    user = request.getfixturevalue(role)

    visible = selectors.visible_stressors(user).filter(case=colleagues_case).exists()

    assert visible is sees


def test_open_severe_stressors_never_include_cases_the_user_may_not_see(
    family, colleagues_case, other_team_case, professional_a
):
    mine = register(family.case, acting_user=professional_a, severity=3)

    severe = selectors.open_severe_stressors(professional_a, Case.objects.all())

    assert list(severe) == [mine]


def test_open_severe_stressors_leave_out_milder_and_ended_ones(family, professional_a):
    user, case = professional_a, family.case
    severe = register(case, acting_user=user, kind="Schulden", severity=3)
    register(case, acting_user=user, kind="Eenzaamheid", severity=2)
    register(case, acting_user=user, kind="Werkloosheid")
    _move(register(case, acting_user=user, kind="Dakloosheid", severity=3), user, REMOVED)
    _move(register(case, acting_user=user, kind="Verslaving", severity=3), user, STABILISED)

    assert list(selectors.open_severe_stressors(user, Case.objects.all())) == [severe]


def test_team_severe_stressor_count_leaves_out_other_teams(
    family, other_team_case, teamleider_a, professional_a, team_a
):
    register(family.case, acting_user=professional_a, severity=3)

    assert selectors.team_open_severe_stressor_count(teamleider_a, team_a) == 1


def test_team_severe_stressor_count_is_zero_for_who_may_not_see_the_cases(
    family, colleague_a, team_a, professional_a
):
    register(family.case, acting_user=professional_a, severity=3)

    assert selectors.team_open_severe_stressor_count(colleague_a, team_a) == 0


# --- Suggestions for the doorbraaktafel -----------------------------------------------------


def test_case_with_severe_stressor_open_for_over_8_weeks_is_suggested(family, professional_a):
    registered_days_ago(register(family.case, acting_user=professional_a, severity=3), 60)

    suggested = selectors.cases_with_long_open_severe_stressors(Case.objects.all())

    assert list(suggested) == [family.case]


def test_case_with_recent_severe_stressor_is_not_suggested(family, professional_a):
    registered_days_ago(register(family.case, acting_user=professional_a, severity=3), 50)

    assert not selectors.cases_with_long_open_severe_stressors(Case.objects.all()).exists()


def test_closed_case_is_not_suggested(family, professional_a):
    registered_days_ago(register(family.case, acting_user=professional_a, severity=3), 60)
    _close(family.case, professional_a)

    assert not selectors.cases_with_long_open_severe_stressors(Case.objects.all()).exists()


def test_case_is_suggested_once_however_many_old_severe_stressors(family, professional_a):
    for kind in ("Schulden", "Dakloosheid"):
        registered_days_ago(
            register(family.case, acting_user=professional_a, kind=kind, severity=3), 70
        )

    assert selectors.cases_with_long_open_severe_stressors(Case.objects.all()).count() == 1

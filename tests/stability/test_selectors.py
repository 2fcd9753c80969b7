"""Reads for stability: the decline signal the doorbraaktafel works from, the reminder to
assess, the series behind the charts, and visibility."""

from __future__ import annotations

import pytest

from cases import services as case_services
from cases.constants import CaseOutcome, CaseStatus
from cases.models import Case
from cases.permissions import visible_cases
from stability import selectors
from tests.cases import factories
from tests.stressors.conftest import build_family, register

from .conftest import all_rules, assess


def _close(case, user):
    case_services.case_change_status(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )
    case.refresh_from_db()


def _declining():
    return list(selectors.cases_with_stability_decline(Case.objects.all()))


# --- Decline for the doorbraaktafel ---------------------------------------------------------


def test_case_whose_latest_assessment_declined_is_listed(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(4))
    assess(family.case, acting_user=professional_a, **all_rules(3))

    assert _declining() == [family.case]


def test_case_with_a_leg_at_1_in_its_first_assessment_is_listed(family, professional_a):
    assess(family.case, acting_user=professional_a, housing=1)

    assert _declining() == [family.case]


def test_earlier_decline_followed_by_recovery_is_not_listed(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=60, **all_rules(4))
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(2))
    assess(family.case, acting_user=professional_a, **all_rules(3))

    assert _declining() == []


def test_earlier_decline_followed_by_a_steady_assessment_is_not_listed(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=60, **all_rules(4))
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(3))
    assess(family.case, acting_user=professional_a, **all_rules(3))

    assert _declining() == []


def test_backdated_assessment_does_not_hide_a_later_decline(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(4))
    assess(family.case, acting_user=professional_a, **all_rules(3))

    assess(family.case, acting_user=professional_a, days_ago=60, **all_rules(5))

    assert _declining() == [family.case]


def test_case_is_listed_when_one_residents_latest_assessment_declined(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(2))
    assess(family.case, acting_user=professional_a, **all_rules(4))
    assess(family.case, acting_user=professional_a, resident=family.child, days_ago=30, housing=4)
    assess(family.case, acting_user=professional_a, resident=family.child, housing=2)

    assert _declining() == [family.case]


def test_case_with_several_declining_residents_is_listed_once(family, professional_a):
    assess(family.case, acting_user=professional_a, housing=1)
    assess(family.case, acting_user=professional_a, resident=family.child, finances=1)

    assert _declining() == [family.case]


def test_closed_case_with_a_decline_is_not_listed(family, professional_a):
    assess(family.case, acting_user=professional_a, housing=1)

    _close(family.case, professional_a)

    assert _declining() == []


def test_case_without_assessments_is_not_listed(family):
    assert _declining() == []


def test_decline_of_the_same_resident_in_another_case_does_not_list_this_case(
    family, make_case, professional_a
):
    assess(family.case, acting_user=professional_a, **all_rules(4))
    other = make_case(residents=[family.head])
    assess(other, acting_user=professional_a, housing=1)

    assert _declining() == [other]


def test_decline_list_stays_within_the_cases_it_is_given(family, professional_a, teamleider_b):
    assess(family.case, acting_user=professional_a, housing=1)

    listed = selectors.cases_with_stability_decline(visible_cases(teamleider_b))

    assert not listed.exists()


def test_case_list_is_annotated_with_the_decline(family, make_case, professional_a):
    assess(family.case, acting_user=professional_a, housing=1)
    steady = make_case()
    assess(steady, acting_user=professional_a, housing=4)

    flags = dict(
        selectors.with_stability_decline(Case.objects.all()).values_list("pk", "stability_decline")
    )

    assert flags == {family.case.pk: True, steady.pk: False}


# --- Reminder to assess ---------------------------------------------------------------------


def test_resident_the_case_is_about_is_due_when_never_assessed(family):
    due = selectors.residents_due_for_assessment(family.case)

    assert {r.pk: r.last_assessed for r in due} == {family.head.pk: None}


def test_other_member_is_due_once_a_stressor_of_theirs_is_registered(family, professional_a):
    register(family.case, acting_user=professional_a, resident=family.child)

    due = selectors.residents_due_for_assessment(family.case)

    assert {r.pk for r in due} == {family.head.pk, family.child.pk}


def test_no_reminder_in_a_case_younger_than_8_weeks(team_a, professional_a):
    young = factories.case(
        acting_user=professional_a, team=team_a, reported_on=factories.days_ago(20)
    )

    assert list(selectors.residents_due_for_assessment(young)) == []


def test_resident_last_assessed_over_8_weeks_ago_is_due(family, professional_a):
    for resident in (family.head, family.child):
        assess(family.case, acting_user=professional_a, resident=resident, days_ago=57, housing=3)

    due = selectors.residents_due_for_assessment(family.case)

    assert {r.pk: r.last_assessed for r in due} == {
        family.head.pk: factories.days_ago(57),
        family.child.pk: factories.days_ago(57),
    }


def test_resident_assessed_within_8_weeks_is_not_due(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=100, housing=3)
    assess(family.case, acting_user=professional_a, days_ago=55, housing=3)
    assess(family.case, acting_user=professional_a, resident=family.child, days_ago=70, housing=3)

    due = selectors.residents_due_for_assessment(family.case)

    assert list(due) == [family.child]


def test_zrm_alone_does_not_count_as_a_stability_assessment(family, professional_a):
    assess(family.case, acting_user=professional_a, zrm={"financien": 3})

    due = selectors.residents_due_for_assessment(family.case)

    assert family.head in due


def test_no_resident_of_a_closed_case_is_due(family, professional_a):
    _close(family.case, professional_a)

    assert list(selectors.residents_due_for_assessment(family.case)) == []


def test_assessment_in_another_case_does_not_count_for_this_case(family, make_case, professional_a):
    other = make_case(residents=[family.head])
    assess(other, acting_user=professional_a, housing=3)

    due = selectors.residents_due_for_assessment(family.case)

    assert family.head in due


# --- Series ---------------------------------------------------------------------------------


def test_assessment_series_is_per_resident_oldest_first(family, professional_a):
    recent, _ = assess(family.case, acting_user=professional_a, days_ago=1, housing=3)
    old, _ = assess(family.case, acting_user=professional_a, days_ago=20, housing=2)
    child, _ = assess(family.case, acting_user=professional_a, resident=family.child, housing=4)

    series = selectors.case_assessment_series(family.case)

    assert series == {family.head.pk: [old, recent], family.child.pk: [child]}


def test_assessment_series_is_one_query(family, professional_a, django_assert_num_queries):
    for days in (1, 20, 40):
        assess(family.case, acting_user=professional_a, days_ago=days, housing=3)

    with django_assert_num_queries(1):
        series = selectors.case_assessment_series(family.case)
        assert [a.assessor.username for a in series[family.head.pk]] == ["femke"] * 3


def test_zrm_series_holds_the_scores_per_date(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, zrm={"financien": 1})
    assess(family.case, acting_user=professional_a, zrm={"financien": 3, "huisvesting": 2})

    series = selectors.case_zrm_series(family.case)

    assert series == {
        family.head.pk: [
            (factories.days_ago(30), {"financien": 1}),
            (factories.days_ago(0), {"financien": 3, "huisvesting": 2}),
        ]
    }


def test_zrm_rows_show_each_scored_domain_with_its_change(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, zrm={"financien": 1})
    assess(family.case, acting_user=professional_a, zrm={"financien": 3, "huisvesting": 2})

    rows = selectors.zrm_domain_rows(selectors.case_zrm_series(family.case)[family.head.pk])

    assert [(r["domain"].value, r["scores"], r["latest"], r["change"]) for r in rows] == [
        ("financien", [1, 3], 3, 2),
        ("huisvesting", [None, 2], 2, None),
    ]


def test_zrm_change_skips_a_date_the_domain_was_not_scored(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=60, zrm={"justitie": 4})
    assess(family.case, acting_user=professional_a, days_ago=30, zrm={"financien": 3})
    assess(family.case, acting_user=professional_a, zrm={"justitie": 2})

    rows = selectors.zrm_domain_rows(selectors.case_zrm_series(family.case)[family.head.pk])

    assert {r["domain"].value: r["change"] for r in rows} == {"financien": None, "justitie": -2}


# --- Visibility -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("professional_a", True),
        ("teamleider_a", True),
        ("colleague_a", False),
        ("teamleider_b", False),
        ("professional_b", False),
        ("privacy_officer", False),
        ("beleidsmedewerker", False),
        ("partner", False),
        ("beheerder", False),
    ],
)
def test_assessments_are_visible_only_to_who_may_see_the_case(
    request, family, professional_a, role, sees
):
    assess(family.case, acting_user=professional_a, housing=2)
    user = request.getfixturevalue(role)

    assert selectors.visible_assessments(user).exists() is sees


def test_visible_assessments_leave_out_other_teams_cases(
    family, professional_a, team_b, professional_b
):
    assess(family.case, acting_user=professional_a, housing=2)
    theirs = build_family(acting_user=professional_b, team=team_b, surname="Jansen")
    other, _ = assess(theirs.case, acting_user=professional_b, housing=4)

    assert list(selectors.visible_assessments(professional_b)) == [other]

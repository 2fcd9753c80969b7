"""Reads for preparing the doorbraaktafel: the suggestions a teamleider gets (stability
decline, severe stressors open for over 8 weeks, open actions of earlier meetings), the
agenda each participant sees, and the open actions on the case page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cases import services as case_services
from cases.constants import CaseOutcome, CaseStatus
from doorbraak import selectors, services
from privacy.constants import LegalBasis
from tests.cases import factories
from tests.stability.conftest import all_rules, assess
from tests.stressors.conftest import build_family, register

from .conftest import in_days, meeting_on, nominate, place


def _declining(family, user):
    assess(family.case, acting_user=user, days_ago=30, **all_rules(4))
    assess(family.case, acting_user=user, **all_rules(3))


def _long_severe_stressor(family, user, *, days: int = 60, severity: int = 3):
    return register(
        family.case,
        acting_user=user,
        kind="Schulden",
        severity=severity,
        registered_on=factories.days_ago(days),
    )


def _suggested(teamleider, meeting):
    found = selectors.suggestions(teamleider, meeting)
    return {
        "declining": [c.pk for c in found.declining],
        "severe_stressors": [c.pk for c in found.severe_stressors],
        "open_actions": [a.pk for a in found.open_actions],
    }


def _action(item, teamleider, owner, **fields):
    fields.setdefault("description", "Budgetbeheer aanvragen")
    fields.setdefault("due_date", item.meeting.date + timedelta(days=14))
    return services.action_add(acting_user=teamleider, item=item, owner=owner, **fields)


@pytest.fixture
def family(team_a, professional_a):
    """An open case of team A, reported a year ago, coordinated by `professional_a`."""
    return build_family(acting_user=professional_a, team=team_a)


@pytest.fixture
def earlier_meeting(team_a):
    """Team A's doorbraaktafel of two weeks ago."""
    return meeting_on(team_a, in_days(-14))


# --- Suggestions ----------------------------------------------------------------------------


def test_case_with_a_stability_decline_is_suggested(meeting, family, professional_a, teamleider_a):
    _declining(family, professional_a)

    assert _suggested(teamleider_a, meeting)["declining"] == [family.case.pk]


def test_case_with_steady_stability_is_not_suggested(meeting, family, professional_a, teamleider_a):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(3))
    assess(family.case, acting_user=professional_a, **all_rules(3))

    assert _suggested(teamleider_a, meeting)["declining"] == []


def test_case_with_a_severe_stressor_active_over_8_weeks_is_suggested(
    meeting, family, professional_a, teamleider_a
):
    _long_severe_stressor(family, professional_a, days=60)

    assert _suggested(teamleider_a, meeting)["severe_stressors"] == [family.case.pk]


def test_severe_stressor_active_under_8_weeks_is_not_yet_suggested(
    meeting, family, professional_a, teamleider_a
):
    _long_severe_stressor(family, professional_a, days=50)

    assert _suggested(teamleider_a, meeting)["severe_stressors"] == []


def test_long_open_stressor_that_is_not_severe_is_not_suggested(
    meeting, family, professional_a, teamleider_a
):
    _long_severe_stressor(family, professional_a, days=90, severity=2)

    assert _suggested(teamleider_a, meeting)["severe_stressors"] == []


def test_case_already_on_this_meetings_agenda_is_not_suggested(
    meeting, family, professional_a, teamleider_a
):
    _declining(family, professional_a)
    _long_severe_stressor(family, professional_a)
    nominate(meeting, family.case, professional_a)

    suggested = _suggested(teamleider_a, meeting)

    assert (suggested["declining"], suggested["severe_stressors"]) == ([], [])


def test_case_on_another_meetings_agenda_is_still_suggested(
    meeting, team_a, family, professional_a, teamleider_a
):
    _declining(family, professional_a)
    nominate(meeting_on(team_a, in_days(21)), family.case, professional_a)

    assert _suggested(teamleider_a, meeting)["declining"] == [family.case.pk]


def test_closed_case_is_not_suggested(meeting, family, professional_a, teamleider_a):
    _declining(family, professional_a)
    _long_severe_stressor(family, professional_a)
    case_services.case_change_status(
        acting_user=professional_a,
        case=family.case,
        expected_version=family.case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )

    suggested = _suggested(teamleider_a, meeting)

    assert (suggested["declining"], suggested["severe_stressors"]) == ([], [])


def test_case_of_another_team_is_never_suggested(meeting, team_b, professional_b, teamleider_a):
    """Even when the teamleider is involved in it and may see it."""
    other = build_family(acting_user=professional_b, team=team_b, surname="Jansen")
    case_services.involvement_add(
        acting_user=professional_b,
        case=other.case,
        role="Teamleider buurteam",
        organisation_other="Wijkteam Noord",
        since=factories.days_ago(10),
        user=teamleider_a,
    )
    _declining(other, professional_b)
    _long_severe_stressor(other, professional_b)

    assert _suggested(teamleider_a, meeting) == {
        "declining": [],
        "severe_stressors": [],
        "open_actions": [],
    }


# --- Open actions of earlier meetings -------------------------------------------------------


def test_open_action_of_an_earlier_meeting_is_suggested_for_the_next(
    meeting, earlier_meeting, case, teamleider_a, owner
):
    action = _action(place(earlier_meeting, case, teamleider_a), teamleider_a, owner)

    assert _suggested(teamleider_a, meeting)["open_actions"] == [action.pk]


def test_done_action_is_no_longer_suggested(meeting, earlier_meeting, case, teamleider_a, owner):
    action = _action(place(earlier_meeting, case, teamleider_a), teamleider_a, owner)

    services.action_complete(acting_user=owner, action=action)

    assert _suggested(teamleider_a, meeting)["open_actions"] == []


def test_action_of_this_meeting_is_not_among_earlier_actions(meeting, case, teamleider_a, owner):
    _action(place(meeting, case, teamleider_a), teamleider_a, owner)

    assert _suggested(teamleider_a, meeting)["open_actions"] == []


def test_case_open_actions_lists_open_actions_until_done(
    earlier_meeting, case, teamleider_a, owner, corporation
):
    item = place(earlier_meeting, case, teamleider_a)
    done = _action(item, teamleider_a, owner, due_date=in_days(1))
    still_open = services.action_add(
        acting_user=teamleider_a,
        item=item,
        description="Huurachterstand bevriezen",
        due_date=in_days(3),
        owner_organisation=corporation,
    )

    services.action_complete(acting_user=owner, action=done)

    assert list(selectors.case_open_actions(case)) == [still_open]


def test_owner_sees_their_open_actions(earlier_meeting, case, teamleider_a, owner):
    action = _action(place(earlier_meeting, case, teamleider_a), teamleider_a, owner)

    assert list(selectors.user_open_actions(owner)) == [action]


# --- The agenda as each participant sees it -------------------------------------------------


def test_agenda_lists_placed_items_in_order_without_nominations_or_withdrawals(
    meeting, make_case, professional_a, teamleider_a
):
    second = place(meeting, make_case(), teamleider_a)
    first = place(meeting, make_case(), teamleider_a)
    services.item_move(acting_user=teamleider_a, item=first, up=True)
    nominate(meeting, make_case(), professional_a)
    withdrawn = place(meeting, make_case(), teamleider_a)
    services.item_withdraw(acting_user=teamleider_a, item=withdrawn)

    assert list(selectors.agenda(teamleider_a, meeting)) == [first, second]


def test_nominations_list_what_awaits_the_teamleider(meeting, case, professional_a, teamleider_a):
    nomination = nominate(meeting, case, professional_a)

    assert list(selectors.nominations(teamleider_a, meeting)) == [nomination]


def test_partners_agenda_holds_only_the_items_shared_with_them(
    meeting, make_case, teamleider_a, wijkagent
):
    shared = place(meeting, make_case(), teamleider_a)
    place(meeting, make_case(), teamleider_a)
    services.participant_invite(acting_user=teamleider_a, meeting=meeting, user=wijkagent)
    services.item_share_with_partners(
        acting_user=teamleider_a,
        item=shared,
        legal_basis=LegalBasis.VITAL_INTEREST,
    )

    assert list(selectors.agenda(wijkagent, meeting)) == [shared]

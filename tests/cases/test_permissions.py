from datetime import timedelta
from unittest import mock

import pytest
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts.services import user_sync_team_groups
from cases import permissions, services
from cases.constants import CaseOutcome, CaseStatus, HouseholdRole, JournalKind
from cases.models import CaseUserObjectPermission
from privacy.constants import AccessAction, AccessReason
from privacy.models import AccessLog

from .factories import days_ago, household, resident


def _sees(user, case) -> bool:
    """Both questions the layer answers must agree: the list and the single case."""
    in_list = permissions.visible_cases(user).filter(pk=case.pk).exists()
    assert in_list == permissions.can_view_case(user, case)
    return in_list


def _involve(case, user, acting_user, **fields):
    fields.setdefault("since", days_ago(10))
    return services.involvement_add(
        acting_user=acting_user,
        case=case,
        role="Schuldhulpverlener",
        organisation_other="Schuldhulp Noord",
        user=user,
        **fields,
    )


def _close(case, user):
    return services.case_change_status(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )


# --- Professionals --------------------------------------------------------------------------


def test_coordinator_sees_and_edits_case(case, professional_a):
    assert _sees(professional_a, case)
    assert permissions.can_edit_case(professional_a, case)


def test_involved_colleague_sees_case_while_involvement_is_active(
    case, professional_a, professional_b
):
    _involve(case, professional_b, professional_a)

    assert _sees(professional_b, case)
    assert permissions.can_edit_case(professional_b, case)


def test_involved_colleague_loses_access_when_involvement_is_ended(
    case, professional_a, professional_b
):
    involvement = _involve(case, professional_b, professional_a)

    services.involvement_update(
        acting_user=professional_a, involvement=involvement, until=days_ago(1)
    )

    assert not _sees(professional_b, case)
    assert not permissions.can_edit_case(professional_b, case)


def test_changing_the_involved_colleague_moves_the_access(
    case, professional_a, professional_b, colleague_a
):
    involvement = _involve(case, professional_b, professional_a)

    services.involvement_update(
        acting_user=professional_a, involvement=involvement, user=colleague_a
    )

    assert not _sees(professional_b, case)
    assert _sees(colleague_a, case)


def test_involvement_registered_as_already_ended_gives_no_access(
    case, professional_a, professional_b
):
    _involve(case, professional_b, professional_a, since=days_ago(30), until=days_ago(1))

    assert not _sees(professional_b, case)


def test_involvement_gives_no_access_after_its_end_date_has_passed(
    case, professional_a, professional_b
):
    """Nobody edits the involvement when its end date passes; the access must end anyway."""
    _involve(case, professional_b, professional_a, until=timezone.localdate())
    assert _sees(professional_b, case)

    two_days_later = timezone.now() + timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=two_days_later):
        assert not _sees(professional_b, case)
        assert not permissions.can_edit_case(professional_b, case)


def test_daily_expiry_takes_back_the_grants_of_ended_involvements(
    case, professional_a, professional_b, colleague_a
):
    _involve(case, professional_b, professional_a, until=timezone.localdate())
    ongoing = _involve(case, colleague_a, professional_a)

    two_days_later = timezone.now() + timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=two_days_later):
        recomputed = services.involvement_grants_expire()
        again = services.involvement_grants_expire()

    assert (recomputed, again) == (1, 0)
    assert not CaseUserObjectPermission.objects.filter(user=professional_b).exists()
    assert CaseUserObjectPermission.objects.filter(user=ongoing.user, content_object=case).exists()


def test_other_professional_of_same_team_does_not_see_case(case, colleague_a):
    assert not _sees(colleague_a, case)
    assert not permissions.can_edit_case(colleague_a, case)


def test_professional_of_other_team_does_not_see_case(case, professional_b):
    assert not _sees(professional_b, case)


def test_deactivated_professional_no_longer_sees_own_cases(case, professional_a):
    professional_a.is_active = False
    professional_a.save()

    assert not _sees(professional_a, case)


# --- Team leaders ---------------------------------------------------------------------------


def test_teamleider_sees_every_case_of_own_team(make_case, teamleider_a, colleague_a):
    coordinated_by_one = make_case()
    coordinated_by_other = make_case(acting_user=colleague_a, coordinator=colleague_a)
    unassigned = make_case(coordinator=None)

    assert set(permissions.visible_cases(teamleider_a)) == {
        coordinated_by_one,
        coordinated_by_other,
        unassigned,
    }


def test_teamleider_sees_no_case_of_other_team(case, teamleider_b):
    assert not _sees(teamleider_b, case)
    assert not permissions.visible_cases(teamleider_b).exists()


def test_teamleider_moved_to_other_team_sees_only_the_new_teams_cases(
    make_case, teamleider_a, team_b, professional_b
):
    old_team_case = make_case()
    new_team_case = make_case(acting_user=professional_b, team=team_b, coordinator=professional_b)

    teamleider_a.team = team_b
    teamleider_a.save()
    user_sync_team_groups(user=teamleider_a)

    assert set(permissions.visible_cases(teamleider_a)) == {new_team_case}
    assert not _sees(teamleider_a, old_team_case)


def test_teamleider_may_assign_coordinator(case, teamleider_a):
    assert permissions.can_assign_coordinator(teamleider_a, case)


def test_professional_may_not_assign_coordinator(case, professional_a):
    assert not permissions.can_assign_coordinator(professional_a, case)


def test_teamleider_of_other_team_may_not_assign_coordinator(case, teamleider_b):
    assert not permissions.can_assign_coordinator(teamleider_b, case)


def test_reassigning_coordinator_removes_old_coordinators_access(
    case, professional_a, colleague_a, teamleider_a
):
    case = services.case_assign_coordinator(
        acting_user=teamleider_a, case=case, expected_version=case.version, coordinator=colleague_a
    )

    assert not _sees(professional_a, case)
    assert _sees(colleague_a, case)


def test_old_coordinator_who_stays_involved_keeps_access(
    case, professional_a, colleague_a, teamleider_a
):
    _involve(case, professional_a, teamleider_a)

    case = services.case_assign_coordinator(
        acting_user=teamleider_a, case=case, expected_version=case.version, coordinator=colleague_a
    )

    assert _sees(professional_a, case)


# --- Roles without casework -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["privacy_officer", "beleidsmedewerker", "partner", "beheerder"])
def test_role_without_casework_sees_nothing_even_with_an_object_permission(role, case, request):
    user = request.getfixturevalue(role)
    assign_perm("view_case", user, case)
    assign_perm("change_case", user, case)

    assert not permissions.visible_cases(user).exists()
    assert not permissions.visible_residents(user).exists()
    assert not permissions.visible_households(user).exists()
    assert not permissions.can_view_case(user, case)
    assert not permissions.can_edit_case(user, case)
    with pytest.raises(Http404):
        permissions.access_case(user, case.pk)


# --- Journal --------------------------------------------------------------------------------


def test_private_journal_entry_is_visible_only_to_its_author(
    case, professional_a, teamleider_a, professional_b
):
    _involve(case, professional_b, professional_a)
    shared = services.journal_entry_add(
        acting_user=professional_a,
        case=case,
        kind=JournalKind.HOME_VISIT,
        occurred_at=timezone.now() - timedelta(hours=2),
        summary="Huisbezoek",
    )
    private = services.journal_entry_add(
        acting_user=professional_a,
        case=case,
        kind=JournalKind.NOTE,
        occurred_at=timezone.now() - timedelta(hours=1),
        summary="Eigen werkaantekening",
        is_private=True,
    )

    assert set(permissions.visible_journal_entries(professional_a, case)) == {shared, private}
    assert set(permissions.visible_journal_entries(teamleider_a, case)) == {shared}
    assert set(permissions.visible_journal_entries(professional_b, case)) == {shared}


# --- Residents and households ---------------------------------------------------------------


def test_resident_is_visible_to_registrar_until_in_a_case(colleague_a, professional_a, team_a):
    person = resident(acting_user=colleague_a)
    home = household(acting_user=colleague_a, members=[(person, HouseholdRole.HEAD)])
    assert permissions.visible_residents(colleague_a).filter(pk=person.pk).exists()
    assert permissions.visible_households(colleague_a).filter(pk=home.pk).exists()

    services.case_open(
        acting_user=colleague_a,
        household=home,
        primary_resident=person,
        team=team_a,
        source="zelf",
        question="Eenzaamheid",
        coordinator=professional_a,
    )

    assert not permissions.visible_residents(colleague_a).filter(pk=person.pk).exists()
    assert not permissions.visible_households(colleague_a).filter(pk=home.pk).exists()


def test_resident_not_yet_in_a_case_is_hidden_from_other_professionals(professional_a, colleague_a):
    person = resident(acting_user=professional_a)

    assert not permissions.visible_residents(colleague_a).filter(pk=person.pk).exists()


def test_every_household_member_is_visible_through_a_visible_case(
    make_case, colleague_a, professional_a, teamleider_a, professional_b
):
    parent = resident(acting_user=colleague_a)
    child = resident(acting_user=colleague_a)
    case = make_case(acting_user=colleague_a, residents=[parent, child])

    for user in (professional_a, teamleider_a):
        assert set(permissions.visible_residents(user)) == {parent, child}
        assert list(permissions.visible_households(user)) == [case.household]
    assert not permissions.visible_residents(professional_b).exists()
    assert not permissions.visible_households(professional_b).exists()


def test_access_resident_logs_the_relationship_that_gives_access(case, professional_a):
    permissions.access_resident(professional_a, case.primary_resident_id)

    entry = AccessLog.objects.get()
    assert (entry.granted, entry.reason) == (True, AccessReason.COORDINATOR)
    assert list(entry.subjects.values_list("resident_id_ref", flat=True)) == [
        case.primary_resident_id
    ]


def test_access_resident_outside_own_cases_is_logged_and_not_found(case, colleague_a):
    with pytest.raises(Http404):
        permissions.access_resident(colleague_a, case.primary_resident_id)

    entry = AccessLog.objects.get()
    assert (entry.user, entry.granted, entry.object_type) == (colleague_a, False, "resident")


# --- Fetch, authorise and log ---------------------------------------------------------------


def _household_resident_ids(case) -> set[int]:
    return set(case.household.memberships.values_list("resident_id", flat=True))


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("professional_a", AccessReason.COORDINATOR),
        ("professional_b", AccessReason.INVOLVED),
        ("teamleider_a", AccessReason.TEAM_LEAD),
    ],
)
def test_access_case_logs_the_reason_and_every_household_resident(
    who, reason, make_case, professional_a, professional_b, request
):
    case = make_case(residents=[resident(acting_user=professional_a) for _ in range(3)])
    _involve(case, professional_b, professional_a)
    user = request.getfixturevalue(who)

    found, perms = permissions.access_case(user, case.pk)

    assert found == case
    assert "view_case" in perms
    entry = AccessLog.objects.get()
    assert (entry.user, entry.granted, entry.reason, entry.action) == (
        user,
        True,
        reason,
        AccessAction.VIEW,
    )
    assert (entry.case_id_ref, entry.case_reference) == (case.pk, case.reference)
    assert set(entry.subjects.values_list("resident_id_ref", flat=True)) == (
        _household_resident_ids(case)
    )
    assert len(_household_resident_ids(case)) == 3


def test_access_case_denial_is_logged_and_looks_like_not_found(case, colleague_a):
    with pytest.raises(Http404):
        permissions.access_case(colleague_a, case.pk)

    entry = AccessLog.objects.get()
    assert (entry.user, entry.granted, entry.reason) == (colleague_a, False, AccessReason.NONE)
    assert (entry.object_type, entry.object_id_ref) == ("case", case.pk)
    assert not entry.subjects.exists()


def test_access_to_a_case_that_does_not_exist_is_logged_the_same_way(colleague_a, db):
    with pytest.raises(Http404):
        permissions.access_case(colleague_a, 999_999)

    entry = AccessLog.objects.get()
    assert (entry.granted, entry.object_id_ref) == (False, 999_999)


def test_closed_case_is_not_editable(case, professional_a, teamleider_a):
    case = _close(case, professional_a)

    assert _sees(professional_a, case)
    assert not permissions.can_edit_case(professional_a, case)
    assert not permissions.can_edit_case(teamleider_a, case)
    assert not permissions.can_assign_coordinator(teamleider_a, case)


def test_closed_case_cannot_be_opened_for_editing(case, professional_a):
    _close(case, professional_a)

    with pytest.raises(Http404):
        permissions.access_case(professional_a, case.pk, for_edit=True)
    assert AccessLog.objects.get().granted is False

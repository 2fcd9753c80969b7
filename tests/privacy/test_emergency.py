"""Noodtoegang: a professional opens a case they have no part in by stating why. Read-only,
for a limited time, logged with the reason `emergency` and put before the privacy officer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import permissions, services
from cases.constants import CaseOutcome, CaseSource, CaseStatus
from privacy.constants import AccessAction, AccessReason, ReviewKind
from privacy.emergency import (
    active_emergency_access,
    emergency_access_end,
    emergency_access_expire_due,
    emergency_access_open,
    emergency_case_lookup,
)
from privacy.models import AccessLog, EmergencyAccess, ReviewItem
from privacy.tasks import expire_emergency_access
from tests.cases import factories

REASON = "Inwoner belt in crisis, regisseur is ziek en niet bereikbaar."
BSN = "111222333"


def _open(user, case, reason=REASON) -> EmergencyAccess:
    return emergency_access_open(acting_user=user, case=case, reason=reason)


def _expire(access: EmergencyAccess) -> None:
    """Let the access's time run out, as the clock would, without the task marking it."""
    EmergencyAccess.objects.filter(pk=access.pk).update(
        started_at=timezone.now() - timedelta(hours=9),
        expires_at=timezone.now() - timedelta(minutes=1),
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _errors(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# --- Opening: who and why -------------------------------------------------------------------


def test_reason_of_19_characters_is_refused_and_nothing_is_written(case, professional_b):
    with pytest.raises(ValidationError) as refused:
        _open(professional_b, case, reason="x" * 19)

    assert _errors(refused.value) == {"reason": ["reason_too_short"]}
    assert "ten minste 20 tekens" in refused.value.message_dict["reason"][0]
    assert not EmergencyAccess.objects.exists()
    assert not ReviewItem.objects.exists()
    assert not AccessLog.objects.filter(reason=AccessReason.EMERGENCY).exists()


def test_reason_of_20_characters_opens_access(case, professional_b):
    access = _open(professional_b, case, reason="x" * 20)

    assert access.pk and access.ended_at is None


def test_reason_is_counted_without_the_spaces_around_it(case, professional_b):
    with pytest.raises(ValidationError):
        _open(professional_b, case, reason="   " + "x" * 19 + "   ")


def test_access_lasts_the_configured_hours(case, professional_b, settings):
    settings.EMERGENCY_ACCESS_HOURS = 3

    access = _open(professional_b, case)

    assert access.expires_at - access.started_at == timedelta(hours=3)


def test_user_with_regular_access_is_refused(case, professional_a, teamleider_a):
    for user in (professional_a, teamleider_a):
        with pytest.raises(ValidationError) as refused:
            _open(user, case)

        assert refused.value.messages == ["Je hebt al toegang tot deze casus."]
    assert not EmergencyAccess.objects.exists()


def test_second_access_to_the_same_case_while_the_first_runs_is_refused(case, professional_b):
    _open(professional_b, case)

    with pytest.raises(ValidationError) as refused:
        _open(professional_b, case)

    assert refused.value.error_list[0].code == "already_open"
    assert EmergencyAccess.objects.count() == 1


@pytest.mark.parametrize("role", ["beleidsmedewerker", "partner", "beheerder"])
def test_role_without_casework_cannot_open_emergency_access(case, role, request):
    user = request.getfixturevalue(role)

    with pytest.raises(ValidationError):
        _open(user, case)

    assert _client(user).get(reverse("privacy:emergency_start")).status_code == 404


# --- What it gives, and for how long --------------------------------------------------------


def test_emergency_access_makes_the_case_visible(case, professional_b):
    assert not permissions.visible_cases(professional_b).filter(pk=case.pk).exists()

    _open(professional_b, case)

    assert permissions.visible_cases(professional_b).filter(pk=case.pk).exists()
    assert permissions.case_perms(professional_b, case) == {
        "view_case",
        permissions.EMERGENCY_ONLY,
    }


def test_residents_and_household_follow_the_case(case, professional_b):
    _open(professional_b, case)

    assert permissions.visible_residents(professional_b).filter(pk=case.primary_resident_id)
    assert permissions.visible_households(professional_b).filter(pk=case.household_id)
    permissions.access_resident(professional_b, case.primary_resident_id)
    entry = AccessLog.objects.filter(object_type="resident").latest("pk")
    assert entry.reason == AccessReason.EMERGENCY


def test_emergency_access_to_one_case_does_not_open_another(case, make_case, professional_b):
    other = make_case()

    _open(professional_b, case)

    assert not permissions.visible_cases(professional_b).filter(pk=other.pk).exists()


def test_expired_access_stops_before_the_task_has_run(case, professional_b):
    access = _open(professional_b, case)

    _expire(access)

    access.refresh_from_db()
    assert access.ended_at is None  # the task has not marked it
    assert not permissions.visible_cases(professional_b).filter(pk=case.pk).exists()
    assert permissions.case_perms(professional_b, case) == set()
    assert active_emergency_access(professional_b, case) is None


def test_expired_access_gives_404_again_and_is_logged_denied(case, professional_b):
    client = _client(professional_b)
    url = reverse("cases:case_detail", args=[case.pk])
    access = _open(professional_b, case)
    assert client.get(url).status_code == 200

    _expire(access)
    response = client.get(url)

    assert response.status_code == 404
    entry = AccessLog.objects.latest("pk")
    assert (entry.user, entry.granted, entry.object_id_ref) == (professional_b, False, case.pk)


def test_ended_access_stops_at_once(case, professional_b):
    access = _open(professional_b, case)

    emergency_access_end(acting_user=professional_b, access=access)

    access.refresh_from_db()
    assert access.ended_at is not None
    assert not permissions.visible_cases(professional_b).filter(pk=case.pk).exists()


def test_expiry_task_marks_expired_access_ended_once(case, make_case, professional_b):
    expired = _open(professional_b, case)
    running = _open(professional_b, make_case())
    _expire(expired)

    assert expire_emergency_access() == 1
    assert expire_emergency_access() == 0

    expired.refresh_from_db()
    running.refresh_from_db()
    assert expired.ended_at == expired.expires_at
    assert running.ended_at is None


def test_expiry_task_leaves_access_that_was_ended_early(case, professional_b):
    access = _open(professional_b, case)
    emergency_access_end(acting_user=professional_b, access=access)
    ended_at = EmergencyAccess.objects.get().ended_at

    assert emergency_access_expire_due(now=access.expires_at + timedelta(seconds=1)) == 0
    assert EmergencyAccess.objects.get().ended_at == ended_at


# --- Logged and reviewed --------------------------------------------------------------------


def test_opening_is_logged_with_reason_emergency_for_every_resident(
    make_case, professional_a, professional_b
):
    head = factories.resident(acting_user=professional_a)
    child = factories.resident(acting_user=professional_a)
    case = make_case(residents=[head, child])

    access = _open(professional_b, case)

    entry = AccessLog.objects.get(object_type="emergency_access")
    assert (entry.user, entry.reason, entry.granted) == (
        professional_b,
        AccessReason.EMERGENCY,
        True,
    )
    assert (entry.case_id_ref, entry.object_id_ref) == (case.pk, access.pk)
    assert entry.detail == f"noodtoegang gestart: {REASON}"
    assert set(entry.subjects.values_list("resident_id_ref", flat=True)) == {head.pk, child.pk}


def test_case_page_under_emergency_access_is_logged_with_reason_emergency(case, professional_b):
    _open(professional_b, case)

    _client(professional_b).get(reverse("cases:case_detail", args=[case.pk]))

    entry = AccessLog.objects.filter(object_type="case").latest("pk")
    assert (entry.action, entry.reason) == (AccessAction.VIEW, AccessReason.EMERGENCY)


def test_emergency_access_lands_in_the_review_queue(case, professional_b):
    access = _open(professional_b, case)

    item = ReviewItem.objects.get()
    assert (item.kind, item.subject_user, item.emergency_access) == (
        ReviewKind.EMERGENCY,
        professional_b,
        access,
    )
    assert case.reference in item.summary and REASON in item.summary
    log_entry = AccessLog.objects.get(object_type="emergency_access")
    assert item.access_log_id_ref == log_entry.pk


# --- Read-only ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["case_update", "case_status", "journal_add", "involvement_add", "goal_add", "plan_update"],
)
def test_emergency_access_cannot_open_edit_pages(case, professional_b, name):
    _open(professional_b, case)

    assert _client(professional_b).get(reverse(f"cases:{name}", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("name", ["privacy:share_add", "privacy:consent_add"])
def test_emergency_access_cannot_record_shares_or_consents(case, professional_b, name):
    _open(professional_b, case)

    assert _client(professional_b).get(reverse(name, args=[case.pk])).status_code == 404


def test_emergency_access_cannot_change_the_resident_or_household(case, professional_b):
    _open(professional_b, case)
    client = _client(professional_b)
    resident = case.primary_resident

    update = client.post(
        reverse("cases:resident_update", args=[resident.pk]),
        {"first_name": "Anders", "last_name": resident.last_name},
    )
    household = client.post(
        reverse("cases:household_update", args=[case.household_id]),
        {"street": "Elders", "house_number": "1", "postcode": "1234 AB", "city": "Ergens"},
    )

    assert (update.status_code, household.status_code) == (404, 404)
    resident.refresh_from_db()
    assert resident.first_name != "Anders"


def test_case_page_under_emergency_access_shows_the_banner_and_no_edit_buttons(
    case, professional_b
):
    access = _open(professional_b, case)

    response = _client(professional_b).get(reverse("cases:case_detail", args=[case.pk]))

    text = response.content.decode()
    assert "Noodtoegang tot" in text and REASON in text
    assert reverse("privacy:emergency_end", args=[access.pk]) in text
    assert reverse("cases:journal_add", args=[case.pk]) not in text
    assert reverse("cases:case_update", args=[case.pk]) not in text
    assert reverse("privacy:share_add", args=[case.pk]) not in text


def test_regular_case_page_shows_no_emergency_banner(case, professional_a):
    response = _client(professional_a).get(reverse("cases:case_detail", args=[case.pk]))

    assert "Noodtoegang beëindigen" not in response.content.decode()


# --- Finding the case -----------------------------------------------------------------------


def test_lookup_by_case_reference(case, professional_b):
    assert emergency_case_lookup(acting_user=professional_b, reference=case.reference) == case


def test_lookup_by_bsn_takes_the_households_open_case(professional_a, make_case, professional_b):
    head = factories.resident(acting_user=professional_a, bsn=BSN)
    closed = make_case(residents=[head])
    services.case_change_status(
        acting_user=professional_a,
        case=closed,
        expected_version=closed.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )
    current = services.case_open(
        acting_user=professional_a,
        household=closed.household,
        primary_resident=head,
        team=closed.team,
        coordinator=professional_a,
        source=CaseSource.SELF,
        question="Opnieuw vastgelopen.",
        reported_on=factories.days_ago(30),  # earlier report date than the closed one
    )

    assert emergency_case_lookup(acting_user=professional_b, bsn=BSN) == current


def test_lookup_by_bsn_without_open_case_takes_the_most_recent(
    professional_a, make_case, professional_b
):
    head = factories.resident(acting_user=professional_a, bsn=BSN)
    case = make_case(residents=[head])
    services.case_change_status(
        acting_user=professional_a,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )

    assert emergency_case_lookup(acting_user=professional_b, bsn="1112 22 333") == case


def test_unknown_reference_is_refused_in_dutch_and_logged_denied(case, professional_b):
    with pytest.raises(ValidationError) as refused:
        emergency_case_lookup(acting_user=professional_b, reference="2026-999999")

    assert refused.value.message_dict == {
        "reference": ["Geen casus gevonden met dit casusnummer of BSN."]
    }
    entry = AccessLog.objects.get()
    assert (entry.user, entry.granted) == (professional_b, False)


def test_unknown_bsn_is_refused_and_logged_without_the_full_bsn(case, professional_b):
    with pytest.raises(ValidationError):
        emergency_case_lookup(acting_user=professional_b, bsn=BSN)

    entry = AccessLog.objects.get()
    assert entry.granted is False
    assert BSN not in entry.detail


# --- The pages ------------------------------------------------------------------------------


def test_start_page_warns_that_it_is_logged_and_reviewed(professional_b):
    response = _client(professional_b).get(reverse("privacy:emergency_start"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "toegangslog" in text and "privacy officer" in text
    assert 'name="reason"' in text and "<textarea" in text


def test_start_page_opens_access_and_goes_to_the_case(case, professional_b):
    response = _client(professional_b).post(
        reverse("privacy:emergency_start"), {"lookup": case.reference, "reason": REASON}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    assert active_emergency_access(professional_b, case) is not None


def test_start_page_finds_the_case_by_bsn(make_case, professional_a, professional_b):
    head = factories.resident(acting_user=professional_a, bsn=BSN)
    case = make_case(residents=[head])

    response = _client(professional_b).post(
        reverse("privacy:emergency_start"), {"lookup": "1112.22.333", "reason": REASON}
    )

    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])


def test_start_page_shows_unknown_case_as_form_error_and_logs_it(case, professional_b):
    response = _client(professional_b).post(
        reverse("privacy:emergency_start"), {"lookup": "2026-999999", "reason": REASON}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["lookup"] == [
        "Geen casus gevonden met dit casusnummer of BSN."
    ]
    assert AccessLog.objects.filter(user=professional_b, granted=False).count() == 1
    assert not EmergencyAccess.objects.exists()


def test_start_page_shows_short_reason_as_form_error(case, professional_b):
    response = _client(professional_b).post(
        reverse("privacy:emergency_start"), {"lookup": case.reference, "reason": "Even kijken"}
    )

    assert response.status_code == 200
    assert "ten minste 20 tekens" in response.context["form"].errors["reason"][0]
    assert not EmergencyAccess.objects.exists()


def test_start_page_refuses_a_user_who_already_has_access(case, professional_a):
    response = _client(professional_a).post(
        reverse("privacy:emergency_start"), {"lookup": case.reference, "reason": REASON}
    )

    assert response.status_code == 200
    assert "Je hebt al toegang tot deze casus." in response.content.decode()


@pytest.mark.parametrize("lookup", ["", "casus 12", "2026-12", "12345678", "1234567890"])
def test_start_page_refuses_what_is_neither_case_number_nor_bsn(professional_b, lookup):
    response = _client(professional_b).post(
        reverse("privacy:emergency_start"), {"lookup": lookup, "reason": REASON}
    )

    assert response.status_code == 200
    assert "lookup" in response.context["form"].errors
    assert not AccessLog.objects.exists()  # nothing was looked up


def test_bsn_that_fails_the_elfproef_is_a_form_error(professional_b):
    response = _client(professional_b).post(
        reverse("privacy:emergency_start"), {"lookup": "123456789", "reason": REASON}
    )

    assert "elfproef" in response.context["form"].errors["lookup"][0]


def test_end_button_ends_the_access(case, professional_b):
    access = _open(professional_b, case)

    response = _client(professional_b).post(reverse("privacy:emergency_end", args=[access.pk]))

    assert response.status_code == 302
    access.refresh_from_db()
    assert access.ended_at is not None


def test_end_page_only_takes_a_post(case, professional_b):
    access = _open(professional_b, case)

    response = _client(professional_b).get(reverse("privacy:emergency_end", args=[access.pk]))

    assert response.status_code == 405
    access.refresh_from_db()
    assert access.ended_at is None


def test_someone_elses_emergency_access_cannot_be_ended(case, professional_b, colleague_a):
    access = _open(professional_b, case)

    response = _client(colleague_a).post(reverse("privacy:emergency_end", args=[access.pk]))

    assert response.status_code == 404
    access.refresh_from_db()
    assert access.ended_at is None


def test_my_cases_links_to_emergency_access_and_lists_running_ones(case, professional_b):
    client = _client(professional_b)
    start = reverse("privacy:emergency_start")
    assert start in client.get(reverse("cases:my_cases")).content.decode()

    _open(professional_b, case)
    text = client.get(reverse("cases:my_cases")).content.decode()

    assert case.reference in text


# --- The privacy officer: a file only through emergency access ------------------------------


def test_privacy_officer_reads_a_file_only_with_emergency_access(case, privacy_officer):
    client = _client(privacy_officer)
    page = reverse("cases:case_detail", args=[case.pk])
    assert client.get(page).status_code == 404

    _open(privacy_officer, case)

    assert client.get(page).status_code == 200
    entry = AccessLog.objects.filter(user=privacy_officer, action=AccessAction.VIEW).latest("pk")
    assert entry.reason == AccessReason.EMERGENCY
    assert entry.case_id_ref == case.pk


def test_privacy_officer_with_emergency_access_changes_nothing(case, privacy_officer):
    _open(privacy_officer, case)
    client = _client(privacy_officer)

    edit = client.get(reverse("cases:case_update", args=[case.pk]))
    journal = client.post(
        reverse("cases:journal_add", args=[case.pk]), {"kind": "notitie", "summary": "x"}
    )

    assert edit.status_code == 404
    assert journal.status_code == 404
    assert not case.journal_entries.exists()


def test_privacy_officer_gets_no_casework_pages_from_emergency_access(case, privacy_officer):
    _open(privacy_officer, case)
    client = _client(privacy_officer)

    assert client.get(reverse("cases:my_cases")).status_code == 404
    assert client.get(reverse("cases:resident_create")).status_code == 404


def test_privacy_officer_access_ends_at_expiry(case, privacy_officer):
    access = _open(privacy_officer, case)
    _expire(access)

    response = _client(privacy_officer).get(reverse("cases:case_detail", args=[case.pk]))

    assert response.status_code == 404


def test_privacy_officers_own_emergency_access_is_judged_by_another(case, privacy_officer):
    from privacy.review import review_approve

    _open(privacy_officer, case)
    item = ReviewItem.objects.get(kind=ReviewKind.EMERGENCY)

    assert item.subject_user == privacy_officer
    with pytest.raises(ValidationError):
        review_approve(acting_user=privacy_officer, item=item)

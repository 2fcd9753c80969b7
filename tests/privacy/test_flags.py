"""Unusual access read from the access log: many files outside one's caseload in a day,
access at night, and access to the file of a resident who is also an employee."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, time, timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone

from privacy.constants import AccessAction, AccessReason, ReviewKind, ReviewStatus
from privacy.flags import unusual_access_flag
from privacy.models import AccessLog, ReviewItem
from privacy.selectors import day_start
from privacy.services import access_log_record
from privacy.tasks import flag_unusual_access
from tests.cases.factories import resident

YESTERDAY = timezone.localdate() - timedelta(days=1)


def local(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@contextmanager
def logged_at(moment: datetime):
    """Entries written inside get this creation time (the log takes the time itself)."""
    field = AccessLog._meta.get_field("created_at")
    with mock.patch.object(field, "_get_default", lambda: moment):
        yield


def record(user, moment, *, case_no=1, reason=AccessReason.TEAM_LEAD, **extra) -> AccessLog:
    extra.setdefault("action", AccessAction.VIEW)
    case = SimpleNamespace(pk=case_no, reference=f"2026-{case_no:06d}")
    with logged_at(moment):
        return access_log_record(user=user, case=case, reason=reason, **extra)


def open_files(user, count: int, *, reason=AccessReason.TEAM_LEAD, day=YESTERDAY):
    return [
        record(user, local(day, 10, i % 60), case_no=100 + i, reason=reason) for i in range(count)
    ]


def items(kind=None):
    qs = ReviewItem.objects.all()
    return list(qs.filter(kind=kind) if kind else qs)


# --- Outside the caseload -------------------------------------------------------------------


@override_settings(UNUSUAL_ACCESS_DAILY_LIMIT=3)
def test_files_up_to_the_daily_limit_outside_the_caseload_are_not_flagged(teamleider_a):
    open_files(teamleider_a, 3)

    assert unusual_access_flag() == 0
    assert items() == []


@override_settings(UNUSUAL_ACCESS_DAILY_LIMIT=3)
def test_one_file_over_the_daily_limit_outside_the_caseload_is_flagged(teamleider_a):
    entries = open_files(teamleider_a, 4)

    assert unusual_access_flag() == 1

    (item,) = items(ReviewKind.OUTSIDE_CASELOAD)
    assert item.subject_user == teamleider_a
    assert item.status == ReviewStatus.OPEN
    assert item.summary == f"4 dossiers buiten de eigen caseload op {YESTERDAY:%d-%m-%Y}"
    assert item.flag_key == f"caseload:{teamleider_a.pk}:{YESTERDAY.isoformat()}"
    assert item.access_log_id_ref == entries[0].pk


@override_settings(UNUSUAL_ACCESS_DAILY_LIMIT=3)
@pytest.mark.parametrize("reason", [AccessReason.COORDINATOR, AccessReason.INVOLVED])
def test_files_of_the_own_caseload_never_count(professional_a, reason):
    open_files(professional_a, 20, reason=reason)

    unusual_access_flag()

    assert items(ReviewKind.OUTSIDE_CASELOAD) == []


@override_settings(UNUSUAL_ACCESS_DAILY_LIMIT=3)
def test_the_same_file_opened_again_counts_once(teamleider_a):
    for _ in range(6):
        record(teamleider_a, local(YESTERDAY, 10), case_no=7)
    open_files(teamleider_a, 2)

    unusual_access_flag()

    assert items(ReviewKind.OUTSIDE_CASELOAD) == []


@override_settings(UNUSUAL_ACCESS_DAILY_LIMIT=3)
def test_emergency_access_counts_outside_the_caseload(professional_a):
    open_files(professional_a, 4, reason=AccessReason.EMERGENCY)

    unusual_access_flag()

    assert len(items(ReviewKind.OUTSIDE_CASELOAD)) == 1


@override_settings(UNUSUAL_ACCESS_DAILY_LIMIT=3)
def test_files_are_counted_per_local_day(teamleider_a):
    day_before = YESTERDAY - timedelta(days=1)
    for i in range(2):
        record(teamleider_a, local(day_before, 23, 30 + i), case_no=200 + i)
    for i in range(2):
        record(teamleider_a, local(YESTERDAY, 0, 30 + i), case_no=300 + i)

    unusual_access_flag(since=day_start(day_before))

    assert items(ReviewKind.OUTSIDE_CASELOAD) == []


@override_settings(UNUSUAL_ACCESS_DAILY_LIMIT=3)
def test_lists_searches_and_refused_attempts_do_not_count(teamleider_a):
    for i in range(5):
        record(teamleider_a, local(YESTERDAY, 10), case_no=400 + i, action=AccessAction.LIST)
        record(teamleider_a, local(YESTERDAY, 11), case_no=500 + i, granted=False)

    unusual_access_flag()

    assert items() == []


# --- At night -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hour", "minute", "flagged"),
    [(21, 59, False), (22, 0, True), (5, 59, True), (6, 0, False)],
)
def test_access_at_night_is_flagged_from_22_to_6(professional_a, hour, minute, flagged):
    record(professional_a, local(YESTERDAY, hour, minute), reason=AccessReason.COORDINATOR)

    unusual_access_flag()

    assert len(items(ReviewKind.NIGHT)) == int(flagged)


def test_night_flag_names_the_time_the_date_and_the_case(professional_a):
    entry = record(professional_a, local(YESTERDAY, 23, 14), case_no=123)

    unusual_access_flag()

    (item,) = items(ReviewKind.NIGHT)
    assert item.summary == f"Inzage om 23:14 op {YESTERDAY:%d-%m-%Y} (2026-000123)"
    assert item.flag_key == f"night:{professional_a.pk}:{YESTERDAY.isoformat()}"
    assert item.access_log_id_ref == entry.pk


def test_one_night_across_midnight_is_one_item(professional_a):
    day_before = YESTERDAY - timedelta(days=1)
    first = record(professional_a, local(day_before, 23, 0), case_no=1)
    record(professional_a, local(YESTERDAY, 1, 0), case_no=2)
    record(professional_a, local(YESTERDAY, 3, 0), case_no=3)

    unusual_access_flag(since=day_start(day_before))

    (item,) = items(ReviewKind.NIGHT)
    assert item.flag_key == f"night:{professional_a.pk}:{day_before.isoformat()}"
    assert item.access_log_id_ref == first.pk


def test_two_users_at_night_get_an_item_each(professional_a, colleague_a):
    record(professional_a, local(YESTERDAY, 23))
    record(colleague_a, local(YESTERDAY, 23))

    unusual_access_flag()

    assert {i.subject_user for i in items(ReviewKind.NIGHT)} == {professional_a, colleague_a}


@override_settings(NIGHT_ACCESS_START=0, NIGHT_ACCESS_END=5)
def test_night_hours_come_from_the_settings(professional_a):
    record(professional_a, local(YESTERDAY, 23))
    record(professional_a, local(YESTERDAY, 4, 59))

    unusual_access_flag()

    (item,) = items(ReviewKind.NIGHT)
    assert item.summary.startswith("Inzage om 04:59")


def test_the_privacy_officers_review_reads_are_not_flagged(privacy_officer):
    with logged_at(local(YESTERDAY, 23)):
        access_log_record(
            user=privacy_officer,
            action=AccessAction.VIEW,
            reason=AccessReason.PRIVACY_REVIEW,
            resident_ids=[1],
        )

    unusual_access_flag()

    assert items() == []


# --- A resident who is an employee ----------------------------------------------------------


def test_access_to_an_employees_file_is_flagged(professional_a):
    colleague = resident(acting_user=professional_a, is_employee=True)
    entry = record(
        professional_a,
        local(YESTERDAY, 10),
        reason=AccessReason.COORDINATOR,
        resident_ids=[colleague.pk],
        case_no=55,
    )

    unusual_access_flag()

    (item,) = items(ReviewKind.EMPLOYEE)
    assert item.flag_key == (f"employee:{professional_a.pk}:{colleague.pk}:{YESTERDAY.isoformat()}")
    assert item.summary == (
        f"Inzage in het dossier van een medewerker op {YESTERDAY:%d-%m-%Y} (2026-000055)"
    )
    assert colleague.full_name not in item.summary
    assert item.access_log_id_ref == entry.pk


def test_access_to_a_resident_who_is_no_employee_is_not_flagged(professional_a):
    someone = resident(acting_user=professional_a)
    record(professional_a, local(YESTERDAY, 10), resident_ids=[someone.pk])

    unusual_access_flag()

    assert items(ReviewKind.EMPLOYEE) == []


def test_employee_file_gives_one_item_per_user_resident_and_day(professional_a, teamleider_a):
    colleague = resident(acting_user=professional_a, is_employee=True)
    for hour in (9, 10, 11):
        record(professional_a, local(YESTERDAY, hour), resident_ids=[colleague.pk])
    record(teamleider_a, local(YESTERDAY, 12), resident_ids=[colleague.pk])
    record(professional_a, local(timezone.localdate(), 9), resident_ids=[colleague.pk])

    unusual_access_flag()

    keys = sorted(i.flag_key for i in items(ReviewKind.EMPLOYEE))
    assert len(keys) == 3


def test_an_employee_shown_in_a_list_is_not_flagged(professional_a):
    colleague = resident(acting_user=professional_a, is_employee=True)
    record(
        professional_a, local(YESTERDAY, 10), resident_ids=[colleague.pk], action=AccessAction.LIST
    )

    unusual_access_flag()

    assert items() == []


# --- Running it -----------------------------------------------------------------------------


@override_settings(UNUSUAL_ACCESS_DAILY_LIMIT=3)
def test_a_second_run_adds_nothing(teamleider_a, professional_a):
    colleague = resident(acting_user=professional_a, is_employee=True)
    open_files(teamleider_a, 4)
    record(professional_a, local(YESTERDAY, 23), resident_ids=[colleague.pk])
    assert unusual_access_flag() == 3

    assert unusual_access_flag() == 0
    assert ReviewItem.objects.count() == 3


def test_a_flag_already_decided_is_not_raised_again(professional_a, privacy_officer):
    record(professional_a, local(YESTERDAY, 23))
    unusual_access_flag()
    ReviewItem.objects.update(status=ReviewStatus.APPROVED)

    assert unusual_access_flag() == 0
    assert ReviewItem.objects.count() == 1


def test_a_run_looks_back_two_days_only(professional_a):
    record(professional_a, local(timezone.localdate() - timedelta(days=3), 23))

    assert unusual_access_flag() == 0


def test_the_scheduled_task_runs_the_scan(professional_a):
    record(professional_a, local(YESTERDAY, 23))

    assert flag_unusual_access.delay().get() == 1
    assert len(items(ReviewKind.NIGHT)) == 1

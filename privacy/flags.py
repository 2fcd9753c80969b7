"""Unusual access, read from the access log and put in the privacy officer's review queue.

Three signals, each raised once (a unique `flag_key` on ReviewItem):

* OUTSIDE_CASELOAD: a user opened more than settings.UNUSUAL_ACCESS_DAILY_LIMIT distinct
  cases on one local day on a ground other than their own caseload (coordinator, involved
  professional, registrar): as teamleider, through emergency access, as a partner, ...
* NIGHT: a user looked at personal data between NIGHT_ACCESS_START and NIGHT_ACCESS_END
  (local time), on whatever ground: a night-time login is as likely a borrowed or stolen
  account as a professional working late. One item per user per night; a night belongs to
  the date on which it began.
* EMPLOYEE: someone looked at the data of a resident who is also an employee. Every look,
  on whatever ground, one item per user, resident and day.

Only granted reads count (view, change, BSN reveal, print, export); lists and searches name
residents without opening their file. The privacy officer's own review reads are left out:
reviewing the log is the job, and flagging it would put the officer's work in their own
queue; their reads stay in the log like everyone's.

Where to start: every run rescans the log from midnight two days ago. The signals are counts
per local day and per night, so a run must see whole days anyway; a stored cursor would still
have to reread the current day and would need a table to keep. The unique `flag_key` makes a
rescan harmless (a signal already in the queue is skipped), and a window of two whole days
covers a scheduler that missed runs for up to a day. The cost is bounded by two days of log,
read through the index on `created_at`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from cases.models import Resident

from .constants import AccessAction, AccessReason, ReviewKind
from .models import AccessLog, AccessLogSubject, ReviewItem
from .selectors import day_start
from .services import review_item_open

# Reads of one file, as opposed to lists and searches.
FILE_ACTIONS = (
    AccessAction.VIEW,
    AccessAction.CHANGE,
    AccessAction.BSN_REVEAL,
    AccessAction.PRINT,
    AccessAction.EXPORT,
)
# Grounds that mean the file is part of the user's own caseload.
OWN_CASELOAD = (AccessReason.COORDINATOR, AccessReason.INVOLVED, AccessReason.REGISTRAR)
SCAN_DAYS = 2


@dataclass
class Flag:
    kind: ReviewKind
    user_id: int
    key: str
    summary: str
    entry_id: int


def _day(value) -> str:
    return value.strftime("%d-%m-%Y")


def _scanned(since: datetime | None):
    if since is None:
        since = day_start(timezone.localdate() - timedelta(days=SCAN_DAYS))
    return AccessLog.objects.filter(
        created_at__gte=since,
        granted=True,
        action__in=FILE_ACTIONS,
        user__isnull=False,
    ).exclude(reason=AccessReason.PRIVACY_REVIEW)


def _caseload_flags(entries) -> Iterable[Flag]:
    limit = settings.UNUSUAL_ACCESS_DAILY_LIMIT
    tz = timezone.get_current_timezone()
    rows = (
        entries.exclude(reason__in=OWN_CASELOAD)
        .filter(case_id_ref__isnull=False)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("user_id", "day")
        .annotate(cases=Count("case_id_ref", distinct=True), first=Min("pk"))
        .filter(cases__gt=limit)
        .order_by()
    )
    for row in rows:
        yield Flag(
            kind=ReviewKind.OUTSIDE_CASELOAD,
            user_id=row["user_id"],
            key=f"caseload:{row['user_id']}:{row['day'].isoformat()}",
            summary=_("%(n)s dossiers buiten de eigen caseload op %(date)s")
            % {"n": row["cases"], "date": _day(row["day"])},
            entry_id=row["first"],
        )


def _is_night(hour: int) -> bool:
    start, end = settings.NIGHT_ACCESS_START, settings.NIGHT_ACCESS_END
    if start > end:  # across midnight, e.g. 22:00-06:00
        return hour >= start or hour < end
    return start <= hour < end


def _night_hours() -> list[int]:
    return [hour for hour in range(24) if _is_night(hour)]


def _night_flags(entries) -> Iterable[Flag]:
    tz = timezone.get_current_timezone()
    start, end = settings.NIGHT_ACCESS_START, settings.NIGHT_ACCESS_END
    rows = (
        entries.annotate(hour=ExtractHour("created_at", tzinfo=tz))
        .filter(hour__in=_night_hours())
        .order_by("pk")
        .values_list("pk", "user_id", "created_at", "case_reference")
    )
    seen = set()
    for pk, user_id, created_at, reference in rows.iterator():
        moment = timezone.localtime(created_at, tz)
        night = moment.date()
        if start > end and moment.hour < end:
            night -= timedelta(days=1)  # the small hours belong to the night before
        key = f"night:{user_id}:{night.isoformat()}"
        if key in seen:
            continue
        seen.add(key)
        summary = _("Inzage om %(time)s op %(date)s") % {
            "time": moment.strftime("%H:%M"),
            "date": _day(moment),
        }
        if reference:
            summary = f"{summary} ({reference})"
        yield Flag(ReviewKind.NIGHT, user_id, key, summary, pk)


def _employee_flags(entries) -> Iterable[Flag]:
    tz = timezone.get_current_timezone()
    employees = Resident.objects.filter(is_employee=True).values("pk")
    rows = (
        AccessLogSubject.objects.filter(
            entry__in=entries.values("pk"), resident_id_ref__in=employees
        )
        .annotate(day=TruncDate("entry__created_at", tzinfo=tz))
        .values("entry__user_id", "resident_id_ref", "day")
        .annotate(first=Min("entry_id"))
        .order_by()
    )
    rows = list(rows)
    references = dict(
        AccessLog.objects.filter(pk__in=[row["first"] for row in rows]).values_list(
            "pk", "case_reference"
        )
    )
    for row in rows:
        user_id, resident_id = row["entry__user_id"], row["resident_id_ref"]
        summary = _("Inzage in het dossier van een medewerker op %(date)s") % {
            "date": _day(row["day"])
        }
        if references.get(row["first"]):
            summary = f"{summary} ({references[row['first']]})"
        yield Flag(
            kind=ReviewKind.EMPLOYEE,
            user_id=user_id,
            key=f"employee:{user_id}:{resident_id}:{row['day'].isoformat()}",
            summary=summary,
            entry_id=row["first"],
        )


def unusual_access_flag(*, since: datetime | None = None) -> int:
    """Scan the access log from `since` (default: midnight two days ago) and put every new
    signal in the review queue. Safe to run twice: returns how many items it added."""
    entries = _scanned(since)
    with override(settings.LANGUAGE_CODE):  # the queue speaks Dutch, whoever runs the scan
        flags = [*_caseload_flags(entries), *_night_flags(entries), *_employee_flags(entries)]
    if not flags:
        return 0
    known = set(
        ReviewItem.objects.filter(flag_key__in=[f.key for f in flags]).values_list(
            "flag_key", flat=True
        )
    )
    new = [f for f in flags if f.key not in known]
    users = User.objects.in_bulk({f.user_id for f in new})
    added = 0
    for flag in new:
        item = review_item_open(
            kind=flag.kind,
            subject_user=users[flag.user_id],
            summary=flag.summary,
            access_log_id=flag.entry_id,
            flag_key=flag.key,
        )
        added += item is not None
    return added

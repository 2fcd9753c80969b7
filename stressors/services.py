"""Writes for the stressor register."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.services import (
    assign,
    field_error,
    lock_for_update,
    lock_unchanged,
    require_member,
    require_open,
    save_with_history,
)

from .constants import STRESSOR_TRANSITIONS, StressorStatus
from .models import Stressor, StressorStatusChange, StressorType

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case, Resident


def _effective_moment(day: date) -> datetime:
    """When a change dated `day` counts as made, for "no change in four weeks": now for
    today, otherwise the end of that day."""
    if day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


@transaction.atomic
def stressor_register(
    *,
    acting_user: User,
    case: Case,
    resident: Resident,
    stressor_type: StressorType,
    severity: int | None = None,
    since: date | None = None,
    description: str = "",
    tackled_by: str = "",
    next_step: str = "",
    registered_on: date | None = None,
) -> Stressor:
    """Register a stressor, signalled today or on `registered_on` (a stressor noticed at a
    home visit last week is registered with that date)."""
    require_open(case)
    registered_on = registered_on or timezone.localdate()
    if registered_on > timezone.localdate():
        raise field_error({"registered_on": _("Deze datum ligt in de toekomst.")}, code="future")
    if registered_on < case.reported_on:
        raise field_error(
            {"registered_on": _("Deze datum ligt vóór de melding van de casus.")},
            code="before_report",
        )
    require_member(case, resident)
    if not stressor_type.is_active:
        raise field_error({"stressor_type": _("Deze soort stressor wordt niet meer gebruikt.")})
    stressor = Stressor(
        case=case,
        resident=resident,
        stressor_type=stressor_type,
        severity=severity,
        since=since,
        description=description,
        tackled_by=tackled_by,
        next_step=next_step,
        registered_on=registered_on,
        last_change_at=_effective_moment(registered_on),
        registered_by=acting_user,
    )
    save_with_history(stressor, acting_user)
    StressorStatusChange.objects.create(
        stressor=stressor,
        from_status="",
        to_status=stressor.status,
        changed_on=registered_on,
        changed_by=acting_user,
    )
    return stressor


STRESSOR_FIELDS = ("severity", "since", "description", "tackled_by", "next_step")


@transaction.atomic
def stressor_update(
    *, acting_user: User, stressor: Stressor, seen_history_id: int | None = None, **fields
) -> Stressor:
    stressor = lock_for_update(stressor, seen_history_id, fields, allowed=STRESSOR_FIELDS)
    require_open(stressor.case)
    assign(stressor, fields)
    stressor.last_change_at = timezone.now()
    save_with_history(stressor, acting_user)
    return stressor


@transaction.atomic
def stressor_change_status(
    *,
    acting_user: User,
    stressor: Stressor,
    to_status: str,
    changed_on: date | None = None,
    next_step: str | None = None,
    seen_history_id: int | None = None,
) -> Stressor:
    stressor = lock_unchanged(stressor, seen_history_id)
    require_open(stressor.case)
    if to_status not in STRESSOR_TRANSITIONS[stressor.status]:
        raise field_error(
            {
                "to_status": _("Een stressor met status %(from)s kan niet naar %(to)s.")
                % {
                    "from": StressorStatus(stressor.status).label,
                    "to": StressorStatus(to_status).label
                    if to_status in StressorStatus
                    else to_status,
                }
            },
            code="transition",
        )
    changed_on = changed_on or timezone.localdate()
    if changed_on > timezone.localdate():
        raise field_error({"changed_on": _("Deze datum ligt in de toekomst.")})
    if changed_on < stressor.registered_on:
        raise field_error(
            {"changed_on": _("Deze datum ligt vóór de datum waarop de stressor is gesignaleerd.")},
            code="too_early",
        )
    last_change = stressor.status_changes.order_by("-changed_on", "-pk").first()
    if last_change and changed_on < last_change.changed_on:
        raise field_error(
            {
                "changed_on": _("Deze datum ligt vóór %(date)s, de datum van de vorige stap.")
                % {"date": last_change.changed_on.strftime("%d-%m-%Y")}
            },
            code="too_early",
        )
    from_status = stressor.status
    stressor.status = to_status
    ended = to_status in (StressorStatus.REMOVED, StressorStatus.STABILISED)
    stressor.ended_on = changed_on if ended else None
    if next_step is not None:
        stressor.next_step = next_step
    stressor.last_change_at = max(stressor.last_change_at, _effective_moment(changed_on))
    save_with_history(stressor, acting_user)
    StressorStatusChange.objects.create(
        stressor=stressor,
        from_status=from_status,
        to_status=to_status,
        changed_on=changed_on,
        changed_by=acting_user,
    )
    return stressor

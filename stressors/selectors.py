"""Reads for the stressor register; every one starts from the cases the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from cases.constants import OPEN_STATUSES
from cases.permissions import visible_cases

from .constants import ACTIVE_STATUSES, Severity
from .models import Stressor

if TYPE_CHECKING:
    from accounts.models import Team, User
    from cases.models import Case


def visible_stressors(user: User) -> QuerySet[Stressor]:
    return Stressor.objects.filter(case__in=visible_cases(user))


def case_stressors(case: Case) -> QuerySet[Stressor]:
    """The case's stressors, most damaging first."""
    return (
        Stressor.objects.filter(case=case)
        .select_related("stressor_type", "resident")
        .most_damaging_first()
    )


@dataclass
class StressorLoad:
    resident_id: int
    active: int
    severe: int
    load: int  # sum of the severities of active stressors (unscored counts as 1)
    stabilised: int


def case_stressor_loads(case: Case) -> dict[int, StressorLoad]:
    """Per resident of the case: how much is weighing on them now. One query."""
    rows = (
        Stressor.objects.filter(case=case)
        .values("resident_id")
        .annotate(
            active=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
            severe=Count("pk", filter=Q(status__in=ACTIVE_STATUSES, severity=Severity.SEVERE)),
            scored=Sum("severity", filter=Q(status__in=ACTIVE_STATUSES), default=0),
            unscored=Count("pk", filter=Q(status__in=ACTIVE_STATUSES, severity__isnull=True)),
            stabilised=Count("pk", filter=Q(status="gestabiliseerd")),
        )
    )
    return {
        r["resident_id"]: StressorLoad(
            resident_id=r["resident_id"],
            active=r["active"],
            severe=r["severe"],
            load=r["scored"] + r["unscored"],
            stabilised=r["stabilised"],
        )
        for r in rows
    }


def open_severe_stressors(user: User, cases: QuerySet[Case]) -> QuerySet[Stressor]:
    """Active severe stressors in the given cases (limited to what the user may see)."""
    return (
        visible_stressors(user)
        .filter(case__in=cases, severity=Severity.SEVERE, status__in=ACTIVE_STATUSES)
        .select_related("stressor_type", "resident", "case")
        .most_damaging_first()
    )


def cases_with_long_open_severe_stressors(
    cases: QuerySet[Case], *, weeks: int = 8
) -> QuerySet[Case]:
    """Open cases with a severe stressor active for more than `weeks` weeks: a suggestion
    for the doorbraaktafel."""
    cutoff = timezone.localdate() - timedelta(weeks=weeks)
    return cases.filter(
        status__in=OPEN_STATUSES,
        stressors__severity=Severity.SEVERE,
        stressors__status__in=ACTIVE_STATUSES,
        stressors__registered_on__lt=cutoff,
    ).distinct()


def team_open_severe_stressor_count(user: User, team: Team) -> int:
    return (
        visible_stressors(user)
        .filter(case__team=team, severity=Severity.SEVERE, status__in=ACTIVE_STATUSES)
        .count()
    )

"""Reads for the doorbraaktafel; every one starts from what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from cases.constants import OPEN_STATUSES
from cases.permissions import visible_cases
from stability.models import StabilityAssessment
from stability.selectors import cases_with_stability_decline
from stressors.constants import ACTIVE_STATUSES
from stressors.models import Stressor
from stressors.selectors import cases_with_long_open_severe_stressors

from .constants import ON_AGENDA, ItemStatus, MeetingStatus
from .models import Action, AgendaItem, Meeting
from .permissions import visible_items

if TYPE_CHECKING:
    from accounts.models import Team, User
    from cases.models import Case


def agenda(user: User, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The items on the agenda that this user may see, in agenda order."""
    return (
        visible_items(user)
        .filter(meeting=meeting, status__in=ON_AGENDA)
        .select_related("case", "case__primary_resident", "nominated_by", "share", "breakthrough")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner", "owner_organisation").order_by(
                    "due_date", "pk"
                ),
                to_attr="agreed_actions",
            )
        )
        .order_by("position", "pk")
    )


def nominations(user: User, meeting: Meeting) -> QuerySet[AgendaItem]:
    return (
        visible_items(user)
        .filter(meeting=meeting, status=ItemStatus.NOMINATED)
        .select_related("case", "case__primary_resident", "nominated_by")
        .order_by("created_at")
    )


@dataclass
class Suggestions:
    """Cases the teamleider may want on the agenda, and why."""

    declining: list = field(default_factory=list)
    severe_stressors: list = field(default_factory=list)
    open_actions: list = field(default_factory=list)
    postponed: list = field(default_factory=list)


def suggestions(user: User, meeting: Meeting) -> Suggestions:
    team_cases = (
        visible_cases(user)
        .filter(team=meeting.team, status__in=OPEN_STATUSES)
        .exclude(
            pk__in=AgendaItem.objects.filter(meeting=meeting)
            .exclude(status=ItemStatus.WITHDRAWN)
            .values("case_id")
        )
        .select_related("primary_resident", "coordinator")
    )
    previous = (
        Meeting.objects.filter(team=meeting.team, date__lt=meeting.date, status=MeetingStatus.HELD)
        .order_by("-date")
        .first()
    )
    return Suggestions(
        postponed=list(
            team_cases.filter(
                agenda_items__meeting=previous, agenda_items__status=ItemStatus.POSTPONED
            )
        )
        if previous
        else [],
        declining=list(cases_with_stability_decline(team_cases)),
        severe_stressors=list(cases_with_long_open_severe_stressors(team_cases)),
        open_actions=list(
            open_actions(user, meeting.team)
            .filter(item__meeting__date__lt=meeting.date)
            .select_related(
                "case__primary_resident", "owner", "owner_organisation", "item__meeting"
            )
        ),
    )


def open_actions(user: User, team: Team) -> QuerySet[Action]:
    """Actions not done yet of the team's meetings, of cases the user may see."""
    return Action.objects.filter(
        done_on__isnull=True, item__meeting__team=team, case__in=visible_cases(user)
    ).order_by("due_date", "pk")


def case_open_actions(case: Case) -> QuerySet[Action]:
    return (
        Action.objects.filter(case=case, done_on__isnull=True)
        .select_related("owner", "owner_organisation", "item__meeting")
        .order_by("due_date", "pk")
    )


def user_open_actions(user: User) -> QuerySet[Action]:
    return (
        Action.objects.filter(owner=user, done_on__isnull=True)
        .select_related("case", "item__meeting")
        .order_by("due_date", "pk")
    )


def items_for_print(items: QuerySet[AgendaItem]) -> list[dict]:
    """Per item only what the table needs: reference, initials, the question, the active
    stressors and the latest stability legs of the resident the case is about. No BSN, no
    address. A fixed number of queries for the whole agenda."""
    items = list(
        items.prefetch_related(
            Prefetch(
                "case__stressors",
                queryset=Stressor.objects.filter(status__in=ACTIVE_STATUSES)
                .select_related("stressor_type")
                .most_damaging_first(),
                to_attr="active_stressors",
            ),
            Prefetch(
                "case__stability_assessments",
                queryset=StabilityAssessment.objects.order_by("assessed_on", "pk"),
                to_attr="assessments",
            ),
        )
    )
    printed = []
    for item in items:
        case = item.case
        primary = [a for a in case.assessments if a.resident_id == case.primary_resident_id]
        printed.append(
            {
                "item": item,
                "reference": case.reference,
                "initials": case.primary_resident.initials,
                "stressors": [
                    s for s in case.active_stressors if s.resident_id == case.primary_resident_id
                ],
                "legs": primary[-1] if primary else None,
            }
        )
    return printed


def team_meetings(team: Team) -> QuerySet[Meeting]:
    return Meeting.objects.filter(team=team).order_by("-date")

"""Who may see and do what at the doorbraaktafel. Builds on the case permission layer:
an agenda item is personal data of its case.

* The team's teamleider manages the team's meetings and sees every item.
* A professional sees the meetings where a case they may see is on the agenda, and only
  those items; they nominate cases they may see.
* A partner participant sees only the items shared with the partners of a meeting they
  were invited to.
* Everyone else: 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.permissions import does_casework, visible_cases

from .models import Action, AgendaItem, Meeting, MeetingParticipant, PolicySignal

if TYPE_CHECKING:
    from accounts.models import Team, User

LEAD_TEAM = "accounts.lead_team"
ATTEND_AS_PARTNER = "doorbraak.attend_as_partner"


def leads_team(user: User, team: Team) -> bool:
    return bool(
        user.is_authenticated
        and user.has_perm(LEAD_TEAM)
        and user.groups.filter(pk=team.leaders_group_id).exists()
    )


def managed_teams(user: User) -> QuerySet[Team]:
    """The teams whose doorbraaktafel this user leads."""
    from accounts.models import Team

    if not (does_casework(user) and user.has_perm(LEAD_TEAM)):
        return Team.objects.none()
    return Team.objects.filter(leaders_group__user=user)


def managed_signals(user: User) -> QuerySet[PolicySignal]:
    """Policy signals of the teams this user leads: to review and release."""
    return PolicySignal.objects.filter(team__in=managed_teams(user))


def managed_meetings(user: User) -> QuerySet[Meeting]:
    if not (user.is_authenticated and user.has_perm(LEAD_TEAM)):
        return Meeting.objects.none()
    return Meeting.objects.filter(team__leaders_group__user=user)


def is_partner(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(ATTEND_AS_PARTNER))


def standing_share(prefix: str = "") -> Q:
    """A share still stands unless the consent it rests on has been withdrawn: from that
    day partners no longer see the item, and partners invited later do not get it."""
    today = timezone.localdate()
    return (
        Q(**{f"{prefix}consent__isnull": True})
        | Q(**{f"{prefix}consent__withdrawn_on__isnull": True})
        | Q(**{f"{prefix}consent__withdrawn_on__gt": today})
    )


def _shared_items_for(user: User) -> QuerySet[AgendaItem]:
    invited = MeetingParticipant.objects.filter(meeting=OuterRef("meeting"), user=user)
    return (
        AgendaItem.objects.filter(share__isnull=False)
        .filter(standing_share("share__"))
        .filter(Exists(invited))
    )


def visible_items(user: User) -> QuerySet[AgendaItem]:
    """Agenda items the user may see, in any meeting."""
    condition = Q(pk__in=[])
    if does_casework(user):
        condition |= Q(case__in=visible_cases(user)) | Q(meeting__in=managed_meetings(user))
    if is_partner(user):
        condition |= Q(pk__in=_shared_items_for(user).values("pk"))
    return AgendaItem.objects.filter(condition)


def visible_meetings(user: User) -> QuerySet[Meeting]:
    """Meetings the user may open: managed ones, the ones of their own team (to nominate a
    case), and the ones with an item they may see."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    condition = Q(pk__in=managed_meetings(user).values("pk"))
    condition |= Q(Exists(visible_items(user).filter(meeting=OuterRef("pk"))))
    if is_partner(user):  # invited: the meeting shows, its items only once shared
        condition |= Q(Exists(MeetingParticipant.objects.filter(meeting=OuterRef("pk"), user=user)))
    if does_casework(user) and user.team_id:
        condition |= Q(team_id=user.team_id)
    return Meeting.objects.filter(condition)


def can_manage(user: User, meeting: Meeting) -> bool:
    return managed_meetings(user).filter(pk=meeting.pk).exists()


def visible_actions(user: User) -> QuerySet[Action]:
    """Actions the user may see and tick off (the rule action_complete applies)."""
    return Action.objects.filter(
        Q(owner=user)
        | Q(case__in=visible_cases(user))
        | Q(item__meeting__in=managed_meetings(user))
    )

"""Reads for users and teams."""

from django.db.models import QuerySet

from .models import Team, User


def team_professionals(*, team: Team) -> QuerySet[User]:
    """Active users of the team who may coordinate cases."""
    return (
        User.objects.filter(team=team, is_active=True, groups__permissions__codename="work_cases")
        .distinct()
        .order_by("first_name", "last_name")
    )


def user_leads_team(*, user: User, team: Team | None) -> bool:
    return bool(team) and user.groups.filter(pk=team.leaders_group_id).exists()


def teams_led_by(*, user: User) -> QuerySet[Team]:
    return Team.objects.filter(leaders_group__user=user)

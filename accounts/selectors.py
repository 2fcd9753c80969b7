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

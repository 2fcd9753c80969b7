"""Shared fixtures: two neighbourhood teams, a user for every role, and cases built through
the services so that every case carries the object permissions the product gives it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts.constants import Role
from accounts.services import roles_sync, team_create, user_create
from tests.cases import factories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The role groups come from the post_migrate handler. Every database test depends on
    this fixture, so if the test database were ever created without them they are synced
    once here, and no test runs against a database without its roles."""
    with django_db_blocker.unblock():
        if Group.objects.filter(name__in=Role.values).count() != len(Role):
            roles_sync()


# --- Teams and people -----------------------------------------------------------------------


@pytest.fixture
def team_a(db):
    return team_create(name="Wijkteam Noord", district="Noord")


@pytest.fixture
def team_b(db):
    return team_create(name="Wijkteam Zuid", district="Zuid")


def _user(username: str, name: str, roles: list[str], team=None, **extra):
    first_name, last_name = name.split(" ", 1)
    return user_create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        roles=roles,
        team=team,
        **extra,
    )


@pytest.fixture
def professional_a(team_a):
    return _user("femke", "Femke de Vries", [Role.PROFESSIONAL], team_a)


@pytest.fixture
def colleague_a(team_a):
    return _user("sanne", "Sanne Bakker", [Role.PROFESSIONAL], team_a)


@pytest.fixture
def professional_b(team_b):
    return _user("joris", "Joris Visser", [Role.PROFESSIONAL], team_b)


@pytest.fixture
def teamleider_a(team_a):
    return _user("marloes", "Marloes Smit", [Role.TEAMLEIDER], team_a)


@pytest.fixture
def teamleider_b(team_b):
    return _user("henk", "Henk Mulder", [Role.TEAMLEIDER], team_b)


@pytest.fixture
def privacy_officer(db):
    return _user("ilse", "Ilse Peters", [Role.PRIVACY_OFFICER])


@pytest.fixture
def beleidsmedewerker(db):
    return _user("bas", "Bas Kramer", [Role.BELEIDSMEDEWERKER])


@pytest.fixture
def partner(db):
    return _user("karin", "Karin Dekker", [Role.PARTNER])


@pytest.fixture
def beheerder(db):
    return _user("tom", "Tom Hendriks", [Role.BEHEERDER])


# --- Casework -------------------------------------------------------------------------------


@pytest.fixture
def make_case(team_a, professional_a):
    """Build a case through the services. Defaults: opened by the team A professional, who
    also coordinates it; pass `acting_user`, `team`, `coordinator`, `residents`, … to vary."""

    def make(**kwargs):
        kwargs.setdefault("acting_user", professional_a)
        kwargs.setdefault("team", team_a)
        kwargs.setdefault("coordinator", professional_a)
        return factories.case(**kwargs)

    return make


@pytest.fixture
def case(make_case):
    """An open case of team A, coordinated by `professional_a`."""
    return make_case()

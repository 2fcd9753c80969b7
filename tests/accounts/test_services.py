from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.test import override_settings

from accounts.constants import ROLE_PERMISSIONS, Role
from accounts.forms import LoginForm
from accounts.services import roles_sync, user_create, user_set_roles, user_sync_team_groups

PASSWORD = "lang-genoeg-wachtwoord-2026"


def _group_perms(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def _leader_groups(user) -> set[int]:
    return set(user.groups.filter(led_team__isnull=False).values_list("pk", flat=True))


# --- Roles ----------------------------------------------------------------------------------


def test_every_role_has_a_row_in_the_permission_table():
    assert set(ROLE_PERMISSIONS) == set(Role.values)


def test_roles_sync_gives_each_role_group_exactly_its_permissions(db):
    roles_sync()

    for role in Role:
        assert _group_perms(role) == set(ROLE_PERMISSIONS[role]), role


def test_roles_sync_takes_away_permissions_not_in_the_table(db):
    group = Group.objects.get(name=Role.PRIVACY_OFFICER)
    group.permissions.add(Permission.objects.get(codename="work_cases"))

    roles_sync()

    assert _group_perms(Role.PRIVACY_OFFICER) == {"privacy.review_privacy"}


def test_migrate_creates_the_role_groups(db):
    Group.objects.filter(name__in=Role.values).delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    for role in Role:
        assert _group_perms(role) == set(ROLE_PERMISSIONS[role]), role


# --- Team leadership ------------------------------------------------------------------------


def test_teamleider_joins_own_teams_leaders_group_only(teamleider_a, team_a, team_b):
    assert _leader_groups(teamleider_a) == {team_a.leaders_group_id}


def test_professional_joins_no_leaders_group(professional_a):
    assert _leader_groups(professional_a) == set()


def test_changing_team_moves_leaders_group_membership(teamleider_a, team_a, team_b):
    # As the user admin does it: save the user, then set the roles through the service.
    teamleider_a.team = team_b
    teamleider_a.save()

    user_set_roles(user=teamleider_a, roles=teamleider_a.roles)

    assert _leader_groups(teamleider_a) == {team_b.leaders_group_id}


def test_leaving_the_team_leaves_its_leaders_group(teamleider_a):
    teamleider_a.team = None
    teamleider_a.save()

    user_sync_team_groups(user=teamleider_a)

    assert _leader_groups(teamleider_a) == set()


def test_losing_teamleider_role_leaves_leaders_group(teamleider_a):
    user_set_roles(user=teamleider_a, roles=[Role.PROFESSIONAL])

    assert _leader_groups(teamleider_a) == set()
    assert teamleider_a.roles == [Role.PROFESSIONAL]


# --- Demo accounts at login -----------------------------------------------------------------


def _login_form(username: str) -> LoginForm:
    return LoginForm(data={"username": username, "password": PASSWORD})


def _demo_user(team_a):
    return user_create(
        username="demo-professional",
        first_name="Demo",
        last_name="Professional",
        roles=[Role.PROFESSIONAL],
        team=team_a,
        password=PASSWORD,
        is_demo=True,
    )


@override_settings(DEMO_MODE=False)
def test_demo_account_is_refused_at_login_outside_demo_mode(team_a):
    _demo_user(team_a)
    form = _login_form("demo-professional")

    assert not form.is_valid()
    assert [e.code for e in form.non_field_errors().as_data()] == ["demo_disabled"]


@override_settings(DEMO_MODE=True)
def test_demo_account_logs_in_in_demo_mode(team_a):
    user = _demo_user(team_a)
    form = _login_form("demo-professional")

    assert form.is_valid(), form.errors
    assert form.get_user() == user


@override_settings(DEMO_MODE=False)
def test_real_account_logs_in_outside_demo_mode(team_a):
    user = user_create(
        username="echte-professional",
        first_name="Echte",
        last_name="Professional",
        roles=[Role.PROFESSIONAL],
        team=team_a,
        password=PASSWORD,
    )
    form = _login_form("echte-professional")

    assert form.is_valid(), form.errors
    assert form.get_user() == user

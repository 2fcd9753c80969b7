"""Writes for users, teams and roles."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .constants import ROLE_PERMISSIONS, Role
from .models import Organisation, Team, User


def roles_sync(*, using: str = "default") -> None:
    """Make every role group hold exactly the permissions ROLE_PERMISSIONS gives it."""
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        perms = []
        for name in perm_names:
            app_label, codename = name.split(".", 1)
            perms.append(
                Permission.objects.using(using).get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(perms)


def roles_sync_after_migrate(sender, using="default", **kwargs) -> None:
    roles_sync(using=using)


@transaction.atomic
def team_create(*, name: str, district: str = "", organisation: Organisation | None = None) -> Team:
    group = Group.objects.create(name=f"team-leiding: {name}")
    team = Team(name=name, district=district, organisation=organisation, leaders_group=group)
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    roles: list[str],
    email: str = "",
    team: Team | None = None,
    organisation: Organisation | None = None,
    job_title: str = "",
    phone: str = "",
    password: str | None = None,
    is_demo: bool = False,
) -> User:
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        team=team,
        organisation=organisation,
        job_title=job_title,
        phone=phone,
        is_demo=is_demo,
        is_staff=Role.BEHEERDER in roles,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: list[str]) -> None:
    role_groups = Group.objects.filter(name__in=[r.value for r in Role])
    user.groups.remove(*role_groups)
    user.groups.add(*Group.objects.filter(name__in=roles))
    user_sync_team_groups(user=user)


def user_sync_team_groups(*, user: User) -> None:
    """A teamleider belongs to the leaders group of their own team and of no other."""
    user.groups.remove(*Group.objects.filter(led_team__isnull=False))
    # Fresh from the database: the permission cache on `user` predates the role change.
    fresh = User.objects.get(pk=user.pk)
    if fresh.team_id and fresh.has_perm("accounts.lead_team"):
        user.groups.add(fresh.team.leaders_group)

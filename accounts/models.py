from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .constants import OrganisationKind, Role


class Organisation(models.Model):
    """An organisation whose people work with residents: the municipality's own teams as
    well as partners (housing corporation, police, care providers)."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(
        _("soort"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A sociaal wijkteam working for one district. Its leaders reach every case of the
    team through `leaders_group`, which holds the object permissions on those cases."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    district = models.CharField(_("wijk"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="teams",
        null=True,
        blank=True,
    )
    leaders_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="led_team", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        permissions = [("lead_team", _("Mag een team leiden"))]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        related_name="members",
        null=True,
        blank=True,
    )
    job_title = models.CharField(_("functie"), max_length=100, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_demo = models.BooleanField(
        _("demo-account"),
        default=False,
        help_text=_("Demo-accounts kunnen alleen inloggen in de demo-omgeving."),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def roles(self) -> list[str]:
        """The user's role values, in the order of `Role` (prefetch `groups` for lists)."""
        names = {g.name for g in self.groups.all()}
        return [role.value for role in Role if role.value in names]

    @property
    def role_labels(self) -> str:
        return ", ".join(str(Role(r).label) for r in self.roles)

from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")


class MeetingStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    AGENDA_FIXED = "agenda_vastgesteld", _("Agenda vastgesteld")
    HELD = "gehouden", _("Gehouden")
    CANCELLED = "afgelast", _("Afgelast")


class ItemStatus(models.TextChoices):
    NOMINATED = "voorgedragen", _("Voorgedragen")
    PLACED = "geagendeerd", _("Geagendeerd")
    DISCUSSED = "besproken", _("Besproken")
    POSTPONED = "uitgesteld", _("Uitgesteld")
    WITHDRAWN = "teruggetrokken", _("Teruggetrokken")


ON_AGENDA = (ItemStatus.PLACED, ItemStatus.DISCUSSED, ItemStatus.POSTPONED)


class BarrierKind(models.TextChoices):
    LAW = "wet", _("Wet")
    RULE = "regel", _("Regel of beleid")
    CONTRACT = "contract", _("Contract of inkoopafspraak")
    BOUNDARY = "organisatiegrens", _("Grens tussen organisaties")
    OTHER = "anders", _("Anders")


class PolicyDomain(models.TextChoices):
    """The law or domain a structural flaw (weeffout) concerns."""

    WMO = "wmo", _("Wmo 2015")
    YOUTH = "jeugdwet", _("Jeugdwet")
    PARTICIPATION = "participatiewet", _("Participatiewet")
    DEBT = "schuldhulp", _("Schuldhulpverlening")
    HOUSING = "wonen", _("Wonen")
    HEALTH_INSURANCE = "zorgverzekering", _("Zorgverzekering")
    JUSTICE = "justitie", _("Justitie")
    OTHER = "anders", _("Anders")


class ParticipantRole(models.TextChoices):
    TEAM = "team", _("Teamlid")
    PARTNER = "partner", _("Partner van buiten het team")


# A meeting scheduler keeps this many upcoming meetings per team in existence.
UPCOMING_MEETINGS = 2

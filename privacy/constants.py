from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("Bekeken")
    LIST = "list", _("In lijst of zoekresultaat getoond")
    SEARCH = "search", _("Gezocht")
    CHANGE = "change", _("Gewijzigd")
    CREATE = "create", _("Aangemaakt")
    EXPORT = "export", _("Geëxporteerd")
    PRINT = "print", _("Afgedrukt / PDF")
    BSN_REVEAL = "bsn_reveal", _("BSN getoond")


class AccessReason(models.TextChoices):
    """Why the user had access: the relationship that granted it."""

    COORDINATOR = "coordinator", _("Casusregisseur")
    INVOLVED = "involved", _("Betrokken professional")
    TEAM_LEAD = "team_lead", _("Teamleider van het team")
    REGISTRAR = "registrar", _("Heeft de inwoner geregistreerd")
    EMERGENCY = "emergency", _("Noodtoegang")
    NONE = "none", _("Geen relatie")

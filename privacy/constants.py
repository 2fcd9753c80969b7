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
    PARTNER_SHARE = "partner_share", _("Gedeeld met partner aan de doorbraaktafel")
    EMERGENCY = "emergency", _("Noodtoegang")
    NONE = "none", _("Geen relatie")


class LegalBasis(models.TextChoices):
    """Grondslag for sharing personal data (AVG art. 6 and 9)."""

    CONSENT = "toestemming", _("Toestemming van de inwoner")
    LEGAL_TASK = "wettelijke_taak", _("Wettelijke taak")
    VITAL_INTEREST = "vitaal_belang", _("Vitaal belang")
    COVENANT = "convenant", _("Convenant")


class DataCategory(models.TextChoices):
    IDENTITY = "identiteit", _("Identiteit")
    CONTACT = "contact", _("Contactgegevens")
    FINANCES = "financien", _("Financiën")
    HEALTH = "gezondheid", _("Gezondheid")
    JUSTICE = "justitie", _("Justitie")
    FAMILY = "gezin", _("Gezin en relaties")
    HOUSING = "wonen", _("Wonen")
    WORK_INCOME = "werk_inkomen", _("Werk en inkomen")
    SUPPORT = "hulpverlening", _("Hulpvraag en hulpverlening")


class ShareChannel(models.TextChoices):
    DOORBRAAKTAFEL = "doorbraaktafel", _("Doorbraaktafel")
    MEETING = "overleg", _("Overleg")
    PHONE = "telefoon", _("Telefoon")
    EMAIL = "email", _("Beveiligde e-mail")
    LETTER = "brief", _("Brief")
    OTHER = "anders", _("Anders")

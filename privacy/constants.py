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
    PRIVACY_REVIEW = "privacy_review", _("Privacytoezicht")
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


class ReviewKind(models.TextChoices):
    """What lands in the privacy officer's review queue."""

    SHARE = "share", _("Nieuwe gegevensdeling")
    SHARE_UNFOUNDED = "share_unfounded", _("Deling zonder toestemming of wetsartikel")
    EMERGENCY = "emergency", _("Noodtoegang")
    OUTSIDE_CASELOAD = "outside_caseload", _("Veel dossiers buiten eigen caseload")
    NIGHT = "night", _("Inzage 's nachts")
    EMPLOYEE = "employee", _("Inzage in dossier van een medewerker")


# Flags raised by reading the access log, as opposed to events recorded by a service.
ACCESS_FLAG_KINDS = (ReviewKind.OUTSIDE_CASELOAD, ReviewKind.NIGHT, ReviewKind.EMPLOYEE)


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Te beoordelen")
    QUESTIONED = "questioned", _("Vraag uitgezet")
    ANSWERED = "answered", _("Vraag beantwoord")
    APPROVED = "approved", _("Akkoord")
    BREACH = "breach", _("Mogelijk datalek")


class PrivacyRequestKind(models.TextChoices):
    ACCESS = "inzage", _("Inzageverzoek (art. 15 AVG)")
    RECTIFICATION = "rectificatie", _("Rectificatie (art. 16 AVG)")
    ERASURE = "verwijdering", _("Verwijdering (art. 17 AVG)")


class RemovalReason(models.TextChoices):
    RETENTION = "bewaartermijn", _("Bewaartermijn verstreken")
    ERASURE = "verwijderverzoek", _("Verwijderverzoek van de inwoner")


# Default retention per regime, counted from the day the case is closed, with where each
# figure comes from (docs/adr/0004-retention.md). Seeded into RetentionRule, where the
# functional administrator aligns them with the municipality's own selection list.
RETENTION_DEFAULTS: dict[str, tuple[int, str]] = {
    "wijkteam": (
        5,
        "Selectielijst gemeenten en intergemeentelijke organen 2020, resultaat 3.2 "
        "(ondersteuning zonder vastgestelde voorziening): vernietigen na 5 jaar.",
    ),
    "wmo": (
        15,
        "Selectielijst gemeenten en intergemeentelijke organen 2020, resultaat 3.1.5 "
        "(ondersteuningsplan Wmo-cliënt): vernietigen na 15 jaar.",
    ),
    "jeugd": (
        20,
        "Jeugdwet art. 7.3.8: bewaren gedurende twintig jaar (wettelijke termijn).",
    ),
    "participatiewet": (
        10,
        "Selectielijst gemeenten en intergemeentelijke organen 2020, cliëntdossier "
        "Participatiewet: vernietigen 10 jaar na beëindiging.",
    ),
    "schuldhulp": (
        10,
        "Selectielijst gemeenten en intergemeentelijke organen 2020, dienstverlening "
        "schuldhulpverlening (Wgs): vernietigen na 10 jaar; laat de archivaris dit toetsen.",
    ),
}

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the product. Each is a Django group; what a role may do is the set of
    permissions in ROLE_PERMISSIONS, never a test on the group's name."""

    PROFESSIONAL = "professional", _("Wijkteamprofessional")
    TEAMLEIDER = "teamleider", _("Teamleider")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    BELEIDSMEDEWERKER = "beleidsmedewerker", _("Beleidsmedewerker")
    PARTNER = "partner", _("Partner doorbraaktafel")
    BEHEERDER = "beheerder", _("Functioneel beheerder")


# Model-level permissions per role ("app_label.codename"). Object-level access to single
# cases comes on top of these through django-guardian (see cases/permissions.py).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PROFESSIONAL: [
        "cases.work_cases",
    ],
    Role.TEAMLEIDER: [
        "cases.work_cases",
        "accounts.lead_team",
    ],
    Role.PRIVACY_OFFICER: [
        "privacy.review_privacy",
    ],
    Role.BELEIDSMEDEWERKER: [
        "reports.view_reports",
    ],
    Role.PARTNER: [
        "doorbraak.attend_as_partner",
    ],
    Role.BEHEERDER: [
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_team",
        "accounts.add_team",
        "accounts.change_team",
        "accounts.view_organisation",
        "accounts.add_organisation",
        "accounts.change_organisation",
        "cases.view_tariff",
        "cases.add_tariff",
        "cases.change_tariff",
        "stressors.view_stressortype",
        "stressors.add_stressortype",
        "stressors.change_stressortype",
        "doorbraak.view_meetingschedule",
        "doorbraak.add_meetingschedule",
        "doorbraak.change_meetingschedule",
        "privacy.view_retentionrule",
        "privacy.change_retentionrule",
    ],
}


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "gemeente", _("Gemeente")
    WELFARE = "welzijn", _("Welzijnsorganisatie")
    MENTAL_HEALTH = "ggz", _("GGZ-aanbieder")
    CARE_PROVIDER = "zorg", _("Zorgaanbieder")
    YOUTH_CARE = "jeugd", _("Jeugdhulp")
    DEBT_COUNSELLING = "schuldhulp", _("Schuldhulpverlening")
    HOUSING = "wonen", _("Woningcorporatie")
    POLICE = "politie", _("Politie")
    GP = "huisarts", _("Huisartsenpraktijk")
    EDUCATION = "onderwijs", _("Onderwijs")
    INCOME = "inkomen", _("Werk en inkomen")
    OTHER = "anders", _("Anders")

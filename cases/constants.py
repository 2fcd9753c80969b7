from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    REGISTERED = "aangemeld", _("Aangemeld")
    INTAKE = "intake", _("Intake")
    PLAN = "plan", _("Plan")
    EXECUTION = "uitvoering", _("Uitvoering")
    EVALUATION = "evaluatie", _("Evaluatie")
    CLOSED = "afgesloten", _("Afgesloten")


# The workflow: forward one step, evaluation may lead to another round of execution, and a
# case may be closed from any open status (a resident can move or stop cooperating early).
# A closed case is final; a new report opens a new case.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.REGISTERED: (CaseStatus.INTAKE, CaseStatus.CLOSED),
    CaseStatus.INTAKE: (CaseStatus.PLAN, CaseStatus.CLOSED),
    CaseStatus.PLAN: (CaseStatus.EXECUTION, CaseStatus.INTAKE, CaseStatus.CLOSED),
    CaseStatus.EXECUTION: (CaseStatus.EVALUATION, CaseStatus.CLOSED),
    CaseStatus.EVALUATION: (CaseStatus.EXECUTION, CaseStatus.CLOSED),
    CaseStatus.CLOSED: (),
}

OPEN_STATUSES = [s for s in CaseStatus if s != CaseStatus.CLOSED]


class CaseOutcome(models.TextChoices):
    INFORMAL = "informeel", _("Informele oplossing")
    GENERAL_PROVISION = "algemeen", _("Algemene voorziening")
    FIRST_LINE = "eerstelijn", _("Eerstelijnszorg")
    SECOND_LINE = "tweedelijn", _("Tweedelijnszorg / maatwerkvoorziening")
    MOVED = "verhuisd", _("Verhuisd")
    NO_COOPERATION = "geen_medewerking", _("Geen medewerking")


class CaseRegime(models.TextChoices):
    """The kind of file, which decides how long it is kept after closing (the retention rules
    per regime live in privacy.RetentionRule)."""

    WIJKTEAM = "wijkteam", _("Wijkteam (algemene ondersteuning)")
    WMO = "wmo", _("Wmo 2015")
    YOUTH = "jeugd", _("Jeugdwet")
    PARTICIPATION = "participatiewet", _("Participatiewet")
    DEBT = "schuldhulp", _("Schuldhulpverlening (Wgs)")


class CaseSource(models.TextChoices):
    SELF = "zelf", _("Inwoner zelf")
    GP = "huisarts", _("Huisarts")
    POLICE = "politie", _("Politie")
    HOUSING = "woningcorporatie", _("Woningcorporatie")
    SCHOOL = "school", _("School")
    DEBT_SIGNAL = "schuldsignaal", _("Signaal betalingsachterstand (vroegsignalering)")
    OTHER = "anders", _("Anders")


class ScalingLevel(models.IntegerChoices):
    """Op- en afschalen: from what the resident and their network do themselves up to
    specialist care. Ordered, so a change up or down can be computed."""

    OWN_STRENGTH = 1, _("Eigen kracht")
    GENERAL = 2, _("Algemene voorziening")
    WIJKTEAM = 3, _("Wijkteam")
    SPECIALIST = 4, _("Specialistische zorg")


class LifeDomain(models.TextChoices):
    """The 13 domains of the Zelfredzaamheid-Matrix (ZRM 2017)."""

    FINANCES = "financien", _("Financiën")
    WORK_EDUCATION = "werk_opleiding", _("Werk & opleiding")
    TIME_USE = "tijdsbesteding", _("Tijdsbesteding")
    HOUSING = "huisvesting", _("Huisvesting")
    DOMESTIC_RELATIONS = "huiselijke_relaties", _("Huiselijke relaties")
    MENTAL_HEALTH = "geestelijke_gezondheid", _("Geestelijke gezondheid")
    PHYSICAL_HEALTH = "lichamelijke_gezondheid", _("Lichamelijke gezondheid")
    SUBSTANCE_USE = "middelengebruik", _("Middelengebruik")
    BASIC_ADL = "basale_adl", _("Basale ADL")
    INSTRUMENTAL_ADL = "instrumentele_adl", _("Instrumentele ADL")
    SOCIAL_NETWORK = "sociaal_netwerk", _("Sociaal netwerk")
    COMMUNITY_PARTICIPATION = "maatschappelijke_participatie", _("Maatschappelijke participatie")
    JUSTICE = "justitie", _("Justitie")


class HelpKind(models.TextChoices):
    OWN_STRENGTH = "eigen_kracht", _("Eigen kracht")
    NETWORK = "netwerk", _("Sociaal netwerk")
    VOLUNTEER = "vrijwilliger", _("Vrijwilliger")
    GENERAL_PROVISION = "algemeen", _("Algemene (voorliggende) voorziening")
    CUSTOM_PROVISION = "maatwerk", _("Maatwerkvoorziening")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Nog niet gestart")
    IN_PROGRESS = "bezig", _("Bezig")
    ACHIEVED = "behaald", _("Behaald")
    NOT_ACHIEVED = "niet_behaald", _("Niet behaald")
    CANCELLED = "vervallen", _("Vervallen")


OPEN_GOAL_STATUSES = [GoalStatus.OPEN, GoalStatus.IN_PROGRESS]


class JournalKind(models.TextChoices):
    CONVERSATION = "gesprek", _("Gesprek")
    HOME_VISIT = "huisbezoek", _("Huisbezoek")
    PHONE = "telefoon", _("Telefonisch contact")
    MEETING = "overleg", _("Overleg")
    NOTE = "notitie", _("Notitie")


class HouseholdRole(models.TextChoices):
    HEAD = "hoofdbewoner", _("Hoofdbewoner")
    PARTNER = "partner", _("Partner")
    CHILD = "kind", _("Kind")
    PARENT = "ouder", _("Ouder")
    RELATIVE = "familielid", _("Ander familielid")
    HOUSEMATE = "huisgenoot", _("Huisgenoot")


class TariffUnit(models.TextChoices):
    HOUR = "uur", _("per uur")
    DAY_PART = "dagdeel", _("per dagdeel")
    WEEK = "week", _("per week")
    MONTH = "maand", _("per maand")
    TRAJECTORY = "traject", _("per traject")
    ITEM = "stuk", _("per stuk")

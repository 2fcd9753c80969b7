from django.db import models
from django.utils.translation import gettext_lazy as _


class Leg(models.TextChoices):
    """The three legs of the stability model (stabiliteitsmodel)."""

    LIVING_ENVIRONMENT = "leefomgeving", _("Houdbare persoonlijke leefomgeving")
    PARTICIPATION = "meedoen", _("Meedoen")
    CONTINUITY = "continuiteit", _("Continuïteit van ondersteuning")


class RuleOfThumb(models.TextChoices):
    """The five rules of thumb (vijf vuistregels) a stability assessment scores."""

    HOUSING = "housing", _("Goede huisvesting en een veilig thuis")
    FINANCES = "finances", _("Gezonde financiën zonder onnodig gedoe")
    DAY_ACTIVITY = "day_activity", _("Een waardevolle dagbesteding")
    FITTING_SUPPORT = "fitting_support", _("Ondersteuning die echt past")
    LIVING_ENVIRONMENT = "living_environment", _("Een prettige woonomgeving voor en met iedereen")


# The one place that says which rules of thumb carry which leg. A leg is as strong as the
# weakest rule it rests on, as the stool is as stable as its weakest leg.
LEG_RULES: dict[str, tuple[str, ...]] = {
    Leg.LIVING_ENVIRONMENT: (RuleOfThumb.HOUSING, RuleOfThumb.FINANCES),
    Leg.PARTICIPATION: (RuleOfThumb.DAY_ACTIVITY, RuleOfThumb.LIVING_ENVIRONMENT),
    Leg.CONTINUITY: (RuleOfThumb.FITTING_SUPPORT,),
}


class Score(models.IntegerChoices):
    ACUTE = 1, _("1 – acute instabiliteit")
    UNSTABLE = 2, _("2 – instabiel")
    VULNERABLE = 3, _("3 – kwetsbaar")
    FAIRLY_STABLE = 4, _("4 – redelijk stabiel")
    STABLE = 5, _("5 – stabiel")


class ZrmScore(models.IntegerChoices):
    ACUTE = 1, _("1 – acute problematiek")
    NOT_SELF_RELIANT = 2, _("2 – niet zelfredzaam")
    BARELY = 3, _("3 – beperkt zelfredzaam")
    SUFFICIENT = 4, _("4 – voldoende zelfredzaam")
    FULLY = 5, _("5 – volledig zelfredzaam")


# A resident in an open case is due for a new assessment after this many weeks.
ASSESSMENT_DUE_AFTER_WEEKS = 8

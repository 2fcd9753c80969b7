from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.constants import LifeDomain
from cases.validators import validate_not_in_future

from .constants import Leg, RuleOfThumb, Score, ZrmScore


def _score_field(label):
    return models.PositiveSmallIntegerField(label, choices=Score.choices, null=True, blank=True)


def _note_field(label):
    return models.CharField(label, max_length=300, blank=True)


class StabilityAssessment(models.Model):
    """A stabiliteitsmeting of one resident on one date: the five rules of thumb scored 1–5,
    any of them may be left open. The legs, overall stability and the decline flag are
    derived by the service (see stability/rules.py) and stored, so lists can filter on them."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("casus"),
        on_delete=models.CASCADE,
        related_name="stability_assessments",
    )
    resident = models.ForeignKey(
        "cases.Resident",
        verbose_name=_("inwoner"),
        on_delete=models.CASCADE,
        related_name="stability_assessments",
    )
    assessed_on = models.DateField(
        _("datum meting"), default=timezone.localdate, validators=[validate_not_in_future]
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeten door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    housing = _score_field(RuleOfThumb.HOUSING.label)
    housing_note = _note_field(_("toelichting huisvesting"))
    finances = _score_field(RuleOfThumb.FINANCES.label)
    finances_note = _note_field(_("toelichting financiën"))
    day_activity = _score_field(RuleOfThumb.DAY_ACTIVITY.label)
    day_activity_note = _note_field(_("toelichting dagbesteding"))
    fitting_support = _score_field(RuleOfThumb.FITTING_SUPPORT.label)
    fitting_support_note = _note_field(_("toelichting ondersteuning"))
    living_environment = _score_field(RuleOfThumb.LIVING_ENVIRONMENT.label)
    living_environment_note = _note_field(_("toelichting woonomgeving"))

    leg_living_environment = models.PositiveSmallIntegerField(
        Leg.LIVING_ENVIRONMENT.label, null=True, editable=False
    )
    leg_participation = models.PositiveSmallIntegerField(
        Leg.PARTICIPATION.label, null=True, editable=False
    )
    leg_continuity = models.PositiveSmallIntegerField(
        Leg.CONTINUITY.label, null=True, editable=False
    )
    overall = models.PositiveSmallIntegerField(_("stabiliteit"), null=True, editable=False)
    declined = models.BooleanField(_("achteruitgang"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stabiliteitsmeting")
        verbose_name_plural = _("stabiliteitsmetingen")
        ordering = ["assessed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "resident", "assessed_on"], name="one_assessment_per_day"
            ),
        ] + [
            models.CheckConstraint(
                condition=Q(**{f"{f}__isnull": True}) | Q(**{f"{f}__gte": 1, f"{f}__lte": 5}),
                name=f"stability_{f}_1_to_5",
            )
            for f in (
                "housing",
                "finances",
                "day_activity",
                "fitting_support",
                "living_environment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} {self.assessed_on:%d-%m-%Y}"

    @property
    def scores(self) -> dict[str, int | None]:
        return {rule.value: getattr(self, rule.value) for rule in RuleOfThumb}

    @property
    def legs(self) -> dict[str, int | None]:
        return {
            Leg.LIVING_ENVIRONMENT.value: self.leg_living_environment,
            Leg.PARTICIPATION.value: self.leg_participation,
            Leg.CONTINUITY.value: self.leg_continuity,
        }


LEG_FIELDS = {
    Leg.LIVING_ENVIRONMENT.value: "leg_living_environment",
    Leg.PARTICIPATION.value: "leg_participation",
    Leg.CONTINUITY.value: "leg_continuity",
}


class ZrmAssessment(models.Model):
    """Zelfredzaamheid-Matrix (ZRM 2017): a resident scored on the life domains that were
    discussed; a domain may be left unscored. Done together with a stability assessment it
    shares its date and assessor."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("casus"),
        on_delete=models.CASCADE,
        related_name="zrm_assessments",
    )
    resident = models.ForeignKey(
        "cases.Resident",
        verbose_name=_("inwoner"),
        on_delete=models.CASCADE,
        related_name="zrm_assessments",
    )
    assessed_on = models.DateField(
        _("datum"), default=timezone.localdate, validators=[validate_not_in_future]
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gescoord door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    stability_assessment = models.OneToOneField(
        StabilityAssessment,
        verbose_name=_("samen met stabiliteitsmeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="zrm",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ZRM-meting")
        verbose_name_plural = _("ZRM-metingen")
        ordering = ["assessed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "resident", "assessed_on"], name="one_zrm_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"ZRM {self.resident} {self.assessed_on:%d-%m-%Y}"


class ZrmDomainScore(models.Model):
    assessment = models.ForeignKey(
        ZrmAssessment, verbose_name=_("ZRM-meting"), on_delete=models.CASCADE, related_name="scores"
    )
    life_domain = models.CharField(_("leefdomein"), max_length=40, choices=LifeDomain.choices)
    score = models.PositiveSmallIntegerField(_("score"), choices=ZrmScore.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ZRM-score")
        verbose_name_plural = _("ZRM-scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "life_domain"], name="one_score_per_domain"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="zrm_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_life_domain_display()}: {self.score}"

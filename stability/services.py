"""Writes for stability and ZRM assessments."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.services import field_error, require_member, require_open, save_with_history

from .constants import RuleOfThumb
from .models import LEG_FIELDS, StabilityAssessment, ZrmAssessment, ZrmDomainScore
from .rules import derive_legs, is_decline, overall_stability

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case, Resident

RULE_FIELDS = tuple(rule.value for rule in RuleOfThumb)
NOTE_FIELDS = tuple(f"{rule}_note" for rule in RULE_FIELDS)


def recompute_series(*, acting_user: User, case: Case, resident: Resident) -> None:
    """Derive legs, overall stability and decline for every assessment of this resident in
    this case, in date order: a backdated assessment changes what follows it."""
    previous_legs = None
    for assessment in StabilityAssessment.objects.filter(case=case, resident=resident).order_by(
        "assessed_on", "pk"
    ):
        legs = derive_legs(assessment.scores)
        derived = {LEG_FIELDS[leg]: value for leg, value in legs.items()}
        derived["overall"] = overall_stability(legs)
        derived["declined"] = is_decline(previous_legs, legs)
        if any(getattr(assessment, f) != v for f, v in derived.items()):
            for f, v in derived.items():
                setattr(assessment, f, v)
            save_with_history(assessment, acting_user)
        previous_legs = legs


@transaction.atomic
def assessment_record(
    *,
    acting_user: User,
    case: Case,
    resident: Resident,
    assessed_on: date,
    scores: dict[str, int | None],
    notes: dict[str, str] | None = None,
    zrm_scores: dict[str, int | None] | None = None,
) -> tuple[StabilityAssessment | None, ZrmAssessment | None]:
    """Record a stability assessment, a ZRM assessment, or both on the same date by the same
    assessor. Every score may be left open, but at least one must be given."""
    require_open(case)
    require_member(case, resident)
    if assessed_on < case.reported_on:
        raise field_error(
            {"assessed_on": _("Deze datum ligt vóór de melding van de casus.")},
            code="before_report",
        )
    scores = {k: v for k, v in scores.items() if k in RULE_FIELDS}
    zrm_scores = {k: v for k, v in (zrm_scores or {}).items() if v is not None}
    if not any(v is not None for v in scores.values()) and not zrm_scores:
        raise ValidationError(
            _("Vul minstens één score in: een vuistregel of een ZRM-domein."), code="empty"
        )

    stability = None
    if any(v is not None for v in scores.values()):
        if StabilityAssessment.objects.filter(
            case=case, resident=resident, assessed_on=assessed_on
        ).exists():
            raise field_error(
                {"assessed_on": _("Voor deze inwoner is op deze datum al een meting vastgelegd.")},
                code="duplicate",
            )
        notes = {k: v for k, v in (notes or {}).items() if k in NOTE_FIELDS}
        stability = StabilityAssessment(
            case=case,
            resident=resident,
            assessed_on=assessed_on,
            assessor=acting_user,
            **scores,
            **notes,
        )
        save_with_history(stability, acting_user)
        recompute_series(acting_user=acting_user, case=case, resident=resident)
        stability.refresh_from_db()

    zrm = None
    if zrm_scores:
        if ZrmAssessment.objects.filter(
            case=case, resident=resident, assessed_on=assessed_on
        ).exists():
            raise field_error(
                {"assessed_on": _("Voor deze inwoner is op deze datum al een ZRM vastgelegd.")},
                code="duplicate_zrm",
            )
        zrm = ZrmAssessment(
            case=case,
            resident=resident,
            assessed_on=assessed_on,
            assessor=acting_user,
            stability_assessment=stability,
        )
        save_with_history(zrm, acting_user)
        for domain, score in zrm_scores.items():
            save_with_history(
                ZrmDomainScore(assessment=zrm, life_domain=domain, score=score), acting_user
            )
    return stability, zrm

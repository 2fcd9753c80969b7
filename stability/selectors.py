"""Reads for stability and ZRM; every one starts from the cases the user may see."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.constants import OPEN_STATUSES, LifeDomain
from cases.models import HouseholdMember
from cases.permissions import visible_cases
from stressors.models import Stressor

from .constants import ASSESSMENT_DUE_AFTER_WEEKS
from .models import StabilityAssessment, ZrmAssessment, ZrmDomainScore

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case, Resident


def visible_assessments(user: User) -> QuerySet[StabilityAssessment]:
    return StabilityAssessment.objects.filter(case__in=visible_cases(user))


def _latest_declined() -> Exists:
    """The case has a resident whose latest assessment in it is a decline."""
    later = StabilityAssessment.objects.filter(
        case=OuterRef("case"),
        resident=OuterRef("resident"),
        assessed_on__gt=OuterRef("assessed_on"),
    )
    return Exists(
        StabilityAssessment.objects.filter(case=OuterRef("pk"), declined=True).exclude(
            Exists(later)
        )
    )


def with_stability_decline(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate `stability_decline`: a resident's latest assessment in the case declined."""
    return cases.annotate(stability_decline=_latest_declined())


def cases_with_stability_decline(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Open cases whose latest assessment of some resident shows a decline: suggested
    candidates for the next doorbraaktafel."""
    return cases.filter(_latest_declined(), status__in=OPEN_STATUSES)


def case_assessment_series(case: Case) -> dict[int, list[StabilityAssessment]]:
    """Every stability assessment in the case, per resident, oldest first. One query."""
    series: dict[int, list[StabilityAssessment]] = defaultdict(list)
    for assessment in (
        StabilityAssessment.objects.filter(case=case)
        .select_related("assessor")
        .order_by("assessed_on", "pk")
    ):
        series[assessment.resident_id].append(assessment)
    return dict(series)


def case_zrm_series(case: Case) -> dict[int, list[tuple]]:
    """Per resident: [(date, {domain: score})], oldest first. Two queries."""
    assessments = list(ZrmAssessment.objects.filter(case=case).order_by("assessed_on", "pk"))
    by_assessment: dict[int, dict[str, int]] = defaultdict(dict)
    for score in ZrmDomainScore.objects.filter(assessment__in=assessments):
        by_assessment[score.assessment_id][score.life_domain] = score.score
    series: dict[int, list[tuple]] = defaultdict(list)
    for a in assessments:
        series[a.resident_id].append((a.assessed_on, by_assessment[a.pk]))
    return dict(series)


def zrm_domain_rows(zrm_series: list[tuple]) -> list[dict]:
    """Per life domain that was ever scored: the scores over time, the latest and the
    change since the score before it, for the trend table."""
    rows = []
    for domain in LifeDomain:
        scores = [s.get(domain.value) for _, s in zrm_series]
        scored = [s for s in scores if s is not None]
        if not scored:
            continue
        rows.append(
            {
                "domain": domain,
                "scores": scores,
                "latest": scored[-1] if scored else None,
                "change": scored[-1] - scored[-2] if len(scored) > 1 else None,
            }
        )
    return rows


def residents_due_for_assessment(case: Case) -> QuerySet[Resident]:
    """Residents of an open case with no stability assessment in it for 8 weeks: the
    resident the case is about, and others once they have a stressor or an assessment in
    it (a toddler in the household needs no stability score). A case younger than 8 weeks
    has no reminder yet: the first assessment belongs to the intake."""
    from cases.models import Resident

    cutoff = timezone.localdate() - timedelta(weeks=ASSESSMENT_DUE_AFTER_WEEKS)
    if case.is_closed or case.reported_on > cutoff:
        return Resident.objects.none()
    recent = StabilityAssessment.objects.filter(
        case=case, resident=OuterRef("pk"), assessed_on__gte=cutoff
    )
    members = HouseholdMember.objects.filter(household=case.household_id).values("resident_id")
    followed = (
        Q(pk=case.primary_resident_id)
        | Q(Exists(StabilityAssessment.objects.filter(case=case, resident=OuterRef("pk"))))
        | Q(Exists(Stressor.objects.filter(case=case, resident=OuterRef("pk"))))
    )
    return (
        Resident.objects.filter(pk__in=members)
        .filter(followed)
        .exclude(Exists(recent))
        .annotate(
            last_assessed=Max(
                "stability_assessments__assessed_on",
                filter=Q(stability_assessments__case=case),
            )
        )
        .order_by("last_name", "first_name")
    )


def latest_zrm_scores(case: Case) -> dict[tuple[int, str], int]:
    """The latest ZRM score per (resident, life domain) in the case: how a stressor's life
    domain scored. One query."""
    latest: dict[tuple[int, str], int] = {}
    for resident_id, domain, score in (
        ZrmDomainScore.objects.filter(assessment__case=case)
        .order_by("assessment__assessed_on", "pk")
        .values_list("assessment__resident_id", "life_domain", "score")
    ):
        latest[(resident_id, domain)] = score
    return latest

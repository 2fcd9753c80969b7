"""Demo stability and ZRM assessments for the demo cases (`manage.py load_demo_data`).

cases/demo.py walks every case through its workflow. When it opens a case it asks
`plan_course` how the case will go: getting better, a setback halfway that recovers, or a
decline near the end; and on which dates the residents are assessed. After each phase it
calls `assess_phase`, which records the assessments that fall in that phase.

The scores follow the stressors registered in the case (stressors/demo.py): a rule of thumb
weighed down by a severe stressor scores low and rises as the stressor is tackled and
removed; a stressor that arrives between two assessments pulls its leg down, which is what
the decline signal looks for. Writes go through stability.services only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cases.constants import CaseStatus, LifeDomain
from stressors.constants import StressorStatus
from stressors.models import Stressor

from .constants import ASSESSMENT_DUE_AFTER_WEEKS, LEG_RULES, RuleOfThumb
from .models import StabilityAssessment
from .services import assessment_record

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case, Resident

# How a case goes.
IMPROVING = "improving"  # stressors are tackled one by one; no assessment is worse than the last
SETBACK = "setback"  # a new stressor halfway pulls a leg down; the next assessment recovers
DECLINING = "declining"  # a new stressor near the end: the latest assessment is a decline

# Shares of the courses among cases that reached execution.
OPEN_COURSES = ((DECLINING, 0.22), (SETBACK, 0.2))
CLOSED_COURSES = ((DECLINING, 0.15), (SETBACK, 0.25))
# Share of open, improving cases whose last assessment is more than eight weeks old.
DUE_SHARE = 0.2
ZRM_SHARE = 0.45
MAX_ASSESSMENTS = 5
MIN_GAP_DAYS = 21

# Which rule of thumb a stressor weighs on: the rule of its leg that fits its life domain,
# else the first rule of its leg (stability/constants.py: LEG_RULES).
DOMAIN_RULES = {
    LifeDomain.FINANCES: RuleOfThumb.FINANCES,
    LifeDomain.INSTRUMENTAL_ADL: RuleOfThumb.FINANCES,
    LifeDomain.HOUSING: RuleOfThumb.HOUSING,
    LifeDomain.DOMESTIC_RELATIONS: RuleOfThumb.HOUSING,
    LifeDomain.WORK_EDUCATION: RuleOfThumb.DAY_ACTIVITY,
    LifeDomain.TIME_USE: RuleOfThumb.DAY_ACTIVITY,
    LifeDomain.JUSTICE: RuleOfThumb.DAY_ACTIVITY,
    LifeDomain.SOCIAL_NETWORK: RuleOfThumb.LIVING_ENVIRONMENT,
    LifeDomain.COMMUNITY_PARTICIPATION: RuleOfThumb.LIVING_ENVIRONMENT,
}
# Life domains every ZRM in the demo scores, besides those of the resident's stressors.
ZRM_BASE_DOMAINS = (
    LifeDomain.FINANCES,
    LifeDomain.HOUSING,
    LifeDomain.TIME_USE,
    LifeDomain.MENTAL_HEALTH,
    LifeDomain.PHYSICAL_HEALTH,
    LifeDomain.SOCIAL_NETWORK,
)


@dataclass
class Course:
    """How one demo case goes, decided when it is opened."""

    kind: str
    reaches_intake: bool
    closes_on: date | None
    early_closure: bool
    # Every resident in view is assessed on these dates, oldest first.
    assessment_dates: list[date] = field(default_factory=list)
    # A stressor arrives on this date (SETBACK, DECLINING); stressors/demo.py registers it.
    setback_on: date | None = None
    setback_registered: bool = False
    assessed_through: date | None = None  # the planned dates up to here are recorded
    zrm: bool = False  # a ZRM with the first and the last assessment

    def is_closing(self, day: date) -> bool:
        return self.closes_on is not None and day >= self.closes_on


def plan_course(
    rng: random.Random,
    *,
    events: list[tuple[str, date]],
    closed_on: date | None,
    last_day: date,
    early_closure: bool,
) -> Course:
    """The course of a case whose workflow steps are `events` [(status, date)]: first
    assessment at intake, the last one near the closing date or, in an open case, within the
    last eight weeks (except in the few cases that are due for one), evaluations in between.
    """
    statuses = [status for status, _day in events]
    intake_on = next((day for status, day in events if status == CaseStatus.INTAKE), None)
    course = Course(
        kind=IMPROVING,
        reaches_intake=intake_on is not None,
        closes_on=closed_on,
        early_closure=early_closure,
        zrm=rng.random() < ZRM_SHARE,
    )
    if intake_on is None:
        return course
    case_end = closed_on or last_day
    first = min(intake_on + timedelta(days=rng.randint(0, 7)), case_end)
    if early_closure or CaseStatus.EXECUTION not in statuses:
        course.assessment_dates = [first]
        return course

    course.kind = _pick_kind(rng, CLOSED_COURSES if closed_on else OPEN_COURSES)
    due_after = timedelta(weeks=ASSESSMENT_DUE_AFTER_WEEKS)
    gap = timedelta(days=MIN_GAP_DAYS)
    after_setback = None
    if closed_on is not None:
        last = closed_on - timedelta(days=rng.randint(0, 6))
    elif course.kind == DECLINING:
        course.setback_on = last_day - timedelta(days=rng.randint(14, 42))
        after_setback = min(course.setback_on + timedelta(days=rng.randint(3, 10)), last_day)
        last = course.setback_on - timedelta(days=7)
    else:
        last = last_day - timedelta(days=rng.randint(2, 40))
        overdue = last_day - due_after - timedelta(days=rng.randint(4, 45))
        if course.kind == IMPROVING and rng.random() < DUE_SHARE and overdue > first + gap:
            last = overdue

    evaluations = [day for status, day in events if status == CaseStatus.EVALUATION]
    dates = _spread(rng, first, last, evaluations)
    if after_setback is not None:
        if first + timedelta(days=7) <= course.setback_on:
            dates = [d for d in dates if d < course.setback_on][: MAX_ASSESSMENTS - 1]
            dates.append(after_setback)
        else:  # too short a case for a decline after its first assessment
            course.kind, course.setback_on = IMPROVING, None
    course.assessment_dates = dates
    if course.kind in (SETBACK, DECLINING) and course.setback_on is None:
        _place_setback(rng, course)
    return course


def _pick_kind(rng: random.Random, shares: tuple[tuple[str, float], ...]) -> str:
    roll = rng.random()
    for kind, share in shares:
        if roll < share:
            return kind
        roll -= share
    return IMPROVING


def _spread(rng: random.Random, first: date, last: date, evaluations: list[date]) -> list[date]:
    """Assessment dates from `first` to `last`: the evaluations, and more when the case runs
    long; at least three weeks apart, at most MAX_ASSESSMENTS."""
    span = (last - first).days
    if span < MIN_GAP_DAYS:
        return [first]
    wanted = min(MAX_ASSESSMENTS, 2 + span // 100) - 2
    margin = timedelta(days=MIN_GAP_DAYS)
    middle = [
        day + timedelta(days=rng.randint(0, 3))
        for day in evaluations
        if first + margin <= day <= last - margin
    ][:wanted]
    fill = wanted - len(middle)
    for i in range(fill):
        at = first + timedelta(days=span * (i + 1) // (fill + 1))
        middle.append(at + timedelta(days=rng.randint(-7, 7)))
    dates = [first]
    for day in sorted(middle):
        if (day - dates[-1]).days >= MIN_GAP_DAYS and (last - day).days >= MIN_GAP_DAYS:
            dates.append(day)
    dates.append(last)
    return dates


def _place_setback(rng: random.Random, course: Course) -> None:
    """Put the setback between two assessments; in a SETBACK course at least one more
    assessment follows it, so the case recovers on the chart."""
    dates = course.assessment_dates
    last_choice = len(dates) - 2 if course.kind == SETBACK else len(dates) - 1
    if last_choice < 1:
        course.kind = IMPROVING
        return
    # A declining case that closes ends on the assessment after its setback.
    k = rng.randint(1, last_choice) if course.kind == SETBACK else last_choice
    gap = (dates[k] - dates[k - 1]).days
    course.setback_on = dates[k] - timedelta(days=rng.randint(3, max(3, min(20, gap - 3))))


# --- Recording ------------------------------------------------------------------------------


def assess_phase(
    case: Case,
    worker: User,
    rng: random.Random,
    course: Course,
    *,
    start: date,
    end: date,
) -> None:
    """Record the planned assessments from `start` up to and including `end` for every
    resident in view: the resident the case is about and anyone with a stressor in it."""
    done = course.assessed_through
    dates = [d for d in course.assessment_dates if start <= d <= end and (not done or d > done)]
    if not dates:
        return
    course.assessed_through = dates[-1]
    first, last = course.assessment_dates[0], course.assessment_dates[-1]
    for day in dates:
        for resident in _residents_in_view(case, day):
            is_primary = resident.pk == case.primary_resident_id
            # The other adult is not at every home visit.
            if not is_primary and day not in (first, last) and rng.random() < 0.3:
                continue
            with_zrm = course.zrm and is_primary and day in (first, last) and _adult(resident, day)
            record_assessment(case, worker, rng, resident, day, with_zrm=with_zrm)


def _residents_in_view(case: Case, day: date) -> list[Resident]:
    from cases.models import Resident

    with_stressors = Stressor.objects.filter(case=case, registered_on__lte=day)
    ids = {case.primary_resident_id, *with_stressors.values_list("resident_id", flat=True)}
    return list(Resident.objects.filter(pk__in=ids).order_by("pk"))


def _adult(resident: Resident, day: date) -> bool:
    """The ZRM is made for adults."""
    born = resident.date_of_birth
    return born is None or (day - born).days >= 18 * 365


def record_assessment(
    case: Case,
    worker: User,
    rng: random.Random,
    resident: Resident,
    day: date,
    *,
    with_zrm: bool,
) -> StabilityAssessment:
    """One assessment on `day`, scored from the resident's stressors on that day."""
    previous = (
        StabilityAssessment.objects.filter(case=case, resident=resident, assessed_on__lt=day)
        .order_by("assessed_on", "pk")
        .last()
    )
    stressors = _stressors_on(case, resident, day)
    arrived = {
        s.pk for s, _status in stressors if previous and s.registered_on > previous.assessed_on
    }
    scores, notes = {}, {}
    for rule in RuleOfThumb:
        on_rule = [(s, status) for s, status in stressors if _rule_of(s) == rule]
        before = getattr(previous, rule.value) if previous else None
        scores[rule.value] = _rule_score(rng, rule, on_rule, before)
        if any(s.pk in arrived for s, _status in on_rule):
            # Something new weighs on this rule: its leg goes down since the last time.
            leg_before = previous.legs[_leg_of(rule)] or 5
            scores[rule.value] = max(1, min(scores[rule.value], leg_before - 1))
        if on_rule:
            notes[f"{rule.value}_note"] = _note(on_rule)
    zrm = _zrm_scores(resident, case, day, stressors) if with_zrm else None
    stability, _zrm = assessment_record(
        acting_user=worker,
        case=case,
        resident=resident,
        assessed_on=day,
        scores=scores,
        notes=notes,
        zrm_scores=zrm,
    )
    return stability


def _stressors_on(case: Case, resident: Resident, day: date) -> list[tuple[Stressor, str]]:
    """The resident's stressors in the case registered by `day`, each with its status then."""
    result = []
    for stressor in (
        Stressor.objects.filter(case=case, resident=resident, registered_on__lte=day)
        .select_related("stressor_type")
        .prefetch_related("status_changes")
        .order_by("pk")
    ):
        changes = [c for c in stressor.status_changes.all() if c.changed_on <= day]
        result.append((stressor, changes[-1].to_status if changes else StressorStatus.SIGNALLED))
    return result


def _rule_of(stressor: Stressor) -> str:
    kind = stressor.stressor_type
    rules = LEG_RULES[kind.leg]
    rule = DOMAIN_RULES.get(kind.life_domain)
    return rule if rule in rules else rules[0]


def _leg_of(rule: str) -> str:
    return next(leg for leg, rules in LEG_RULES.items() if rule in rules)


def _pressure(stressor: Stressor, status: str) -> int:
    """How hard a stressor weighs: fully when signalled, less once tackled, a little when
    stabilised, not at all when removed."""
    severity = stressor.severity or 1
    return {
        StressorStatus.SIGNALLED: severity,
        StressorStatus.IN_PROGRESS: max(1, severity - 1),
        StressorStatus.STABILISED: 1,
    }.get(status, 0)


def _rule_score(
    rng: random.Random, rule: str, on_rule: list[tuple[Stressor, str]], before: int | None
) -> int:
    pressure = sum(_pressure(s, status) for s, status in on_rule)
    if pressure:
        return max(2, 5 - pressure)
    if before is None:
        # At intake the support does not fit yet: it is what the case is about.
        return 3 if rule == RuleOfThumb.FITTING_SUPPORT else rng.choice((3, 4, 4, 4, 5))
    return min(5, max(4, before) + (rng.random() < 0.25))


STATUS_WORDS = {
    StressorStatus.SIGNALLED: "gesignaleerd",
    StressorStatus.IN_PROGRESS: "in aanpak",
    StressorStatus.REMOVED: "weggenomen",
    StressorStatus.STABILISED: "gestabiliseerd",
}


def _note(on_rule: list[tuple[Stressor, str]]) -> str:
    """The note with a score: the stressors behind it (demo data is in Dutch)."""
    parts = [f"{s.stressor_type.name} ({STATUS_WORDS[status]})" for s, status in on_rule]
    return "; ".join(parts)[:300]


def _zrm_scores(
    resident: Resident, case: Case, day: date, stressors: list[tuple[Stressor, str]]
) -> dict[str, int]:
    """ZRM per life domain: the domains of the resident's stressors and a fixed set more."""
    domains = {str(d) for d in ZRM_BASE_DOMAINS} | {
        s.stressor_type.life_domain for s, _status in stressors
    }
    scores = {}
    for domain in LifeDomain:
        if domain.value not in domains:
            continue
        pressure = sum(
            _pressure(s, status) for s, status in stressors if s.stressor_type.life_domain == domain
        )
        scores[domain.value] = {0: 4, 1: 3, 2: 3, 3: 2}.get(pressure, 1)
    return scores

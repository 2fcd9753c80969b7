"""Reads for casework. Every function starts from the permission layer's querysets, so what
a user may not see never reaches a list, a search, a count or a total."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from .constants import OPEN_GOAL_STATUSES, OPEN_STATUSES
from .models import (
    Case,
    Goal,
    Household,
    HouseholdMember,
    Intervention,
    Involvement,
    JournalEntry,
    Resident,
    ScalingChange,
    SupportPlan,
)
from .permissions import visible_cases, visible_residents
from .validators import normalize_postcode

if TYPE_CHECKING:
    from accounts.models import Team, User


def _annotate_for_list(qs: QuerySet[Case], user: User) -> QuerySet[Case]:
    """Last contact and next planned step per case, as subqueries: one query per page."""
    contacts = JournalEntry.objects.filter(case=OuterRef("pk")).filter(
        Q(is_private=False) | Q(author=user)
    )
    next_goal = Goal.objects.filter(
        plan__case=OuterRef("pk"), status__in=OPEN_GOAL_STATUSES, due_date__isnull=False
    ).order_by("due_date", "pk")
    return qs.select_related("primary_resident", "household", "coordinator", "team").annotate(
        last_contact=Subquery(contacts.order_by("-occurred_at").values("occurred_at")[:1]),
        next_step=Subquery(next_goal.values("description")[:1]),
        next_step_due=Subquery(next_goal.values("due_date")[:1]),
    )


def _search(qs: QuerySet[Case], query: str) -> QuerySet[Case]:
    query = query.strip()
    if not query:
        return qs
    digits = re.sub(r"\D", "", query)
    condition = Q(reference__icontains=query)
    if len(digits) == 9 and digits == query.replace(" ", ""):
        condition |= Q(household__memberships__resident__bsn=digits)
    postcode = normalize_postcode(query)
    if re.fullmatch(r"[1-9][0-9]{3} [A-Z]{2}", postcode):
        condition |= Q(household__postcode=postcode)
    name_match = Q()
    for word in query.split():
        name_match &= (
            Q(resident__first_name__icontains=word)
            | Q(resident__last_name__icontains=word)
            | Q(resident__name_prefix__iexact=word)
        )
    members = HouseholdMember.objects.filter(household=OuterRef("household")).filter(name_match)
    condition |= Q(Exists(members))
    return qs.filter(condition).distinct()


@dataclass
class CaseFilter:
    query: str = ""
    status: str = ""
    open_only: bool = True


def my_cases(user: User, filters: CaseFilter) -> QuerySet[Case]:
    """Mijn casussen: cases the user coordinates or is actively involved in."""
    today = timezone.localdate()
    mine = Q(coordinator=user) | Q(
        Exists(
            Involvement.objects.filter(case=OuterRef("pk"), user=user).filter(
                Q(until__isnull=True) | Q(until__gte=today)
            )
        )
    )
    return _filtered(visible_cases(user).filter(mine), user, filters)


def team_cases(user: User, team: Team, filters: CaseFilter) -> QuerySet[Case]:
    return _filtered(visible_cases(user).filter(team=team), user, filters)


def _filtered(qs: QuerySet[Case], user: User, filters: CaseFilter) -> QuerySet[Case]:
    if filters.status:
        qs = qs.filter(status=filters.status)
    elif filters.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    qs = _search(qs, filters.query)
    return _annotate_for_list(qs, user).order_by("-reported_on", "-pk")


def team_caseload(user: User, team: Team) -> list[dict]:
    """Open cases per professional of the team, for the teamleider, including coordinators
    who left the team (their cases need a new coordinator) and the unassigned cases."""
    from accounts.models import User as UserModel
    from accounts.selectors import team_professionals

    open_cases = visible_cases(user).filter(team=team, status__in=OPEN_STATUSES)
    counts = dict(
        open_cases.filter(coordinator__isnull=False)
        .values_list("coordinator")
        .annotate(n=Count("pk"))
        .values_list("coordinator", "n")
    )
    members = list(team_professionals(team=team))
    departed = UserModel.objects.filter(pk__in=set(counts) - {p.pk for p in members})
    rows = [{"professional": p, "open_cases": counts.get(p.pk, 0), "left": False} for p in members]
    rows += [
        {"professional": p, "open_cases": counts[p.pk], "left": True}
        for p in departed.order_by("first_name", "last_name")
    ]
    rows.append({"professional": None, "open_cases": open_cases.filter(coordinator=None).count()})
    return rows


def case_members(case: Case) -> QuerySet[HouseholdMember]:
    return case.household.memberships.select_related("resident").order_by("role", "pk")


def case_involvements(case: Case) -> QuerySet[Involvement]:
    return case.involvements.select_related("organisation", "user", "user__organisation")


def case_total_cost(case: Case) -> Decimal:
    total = case.interventions.aggregate(
        total=Sum(
            ExpressionWrapper(
                F("quantity") * F("unit_price"),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )
    )["total"]
    return (total or Decimal("0")).quantize(Decimal("0.01"))


def case_interventions(case: Case) -> QuerySet[Intervention]:
    return case.interventions.select_related("tariff")


def case_goals(case: Case) -> QuerySet[Goal]:
    return Goal.objects.filter(plan__case=case).order_by("life_domain", "due_date", "pk")


def case_scaling_changes(case: Case) -> QuerySet[ScalingChange]:
    return case.scaling_changes.select_related("changed_by")


def resident_cases(user: User, resident: Resident) -> QuerySet[Case]:
    return (
        visible_cases(user)
        .filter(household__memberships__resident=resident)
        .select_related("coordinator", "team")
        .distinct()
    )


def household_cases(user: User, household: Household) -> QuerySet[Case]:
    return visible_cases(user).filter(household=household).select_related("coordinator")


def residents_for_household_picker(user: User, query: str) -> QuerySet[Resident]:
    qs = visible_residents(user)
    for word in query.split():
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return qs.order_by("last_name", "first_name")


# --- History --------------------------------------------------------------------------------


@dataclass
class HistoryEvent:
    when: datetime
    user: str
    what: str
    kind: str  # "+", "~" or "-"
    changes: list[tuple[str, str, str]] = field(default_factory=list)


# The case and plan a row hangs off are implied by the page it is shown on.
# Who made a change is shown with every event, so fields naming the actor are left out too.
_HISTORY_SKIP = {
    "id",
    "version",
    "created_at",
    "created_by",
    "case",
    "plan",
    "author",
    "registered_by",
    "changed_by",
    "assessor",
    "changed_at",
    "last_change_at",
    # The assessment a ZRM row belongs to is clear from the event itself.
    "stability_assessment",
    "assessment",
}


def _history_fields(model) -> list:
    return [f for f in model._meta.fields if f.name not in _HISTORY_SKIP]


def _related_labels(loaded) -> dict[tuple[type, object], str]:
    """Labels for every foreign key value in the history rows, one query per related model."""
    wanted: dict[type, set] = {}
    for model, records in loaded:
        for f in _history_fields(model):
            if f.is_relation:
                ids = {getattr(r, f.attname) for r in records} - {None}
                wanted.setdefault(f.related_model, set()).update(ids)
    labels = {}
    for related_model, ids in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=ids):
            labels[(related_model, obj.pk)] = str(obj)
    return labels


def _display(record, f, labels) -> str:
    if record is None:
        return "—"
    value = getattr(record, f.attname, None)
    if value in (None, ""):
        return "—"
    if f.name == "bsn":
        # A BSN never shows in full outside an explicit, logged reveal, also not here.
        return f"*****{value[-4:]}"
    if f.is_relation:
        return labels.get((f.related_model, value), "#" + str(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _events_for(model, records, labels, user_names: dict[int, str]) -> list[HistoryEvent]:
    label = str(model._meta.verbose_name)
    fields = _history_fields(model)
    events: list[HistoryEvent] = []
    previous: dict[int, object] = {}
    for rec in records:
        before = previous.get(rec.id)
        changes = []
        for f in fields:
            new = _display(rec, f, labels)
            old = _display(before, f, labels)
            created_empty = before is None and new in ("—", "nee")
            if new != old and not created_empty:
                changes.append((str(f.verbose_name), old, new))
        previous[rec.id] = rec
        if not changes and not (rec.history_type == "+" and model is Case):
            continue  # nothing a reader would see, e.g. the empty plan made with the case
        events.append(
            HistoryEvent(
                when=rec.history_date,
                user=user_names.get(rec.history_user_id, "systeem"),
                what=label,
                kind=rec.history_type,
                changes=changes,
            )
        )
    return events


def case_history(user: User, case: Case) -> list[HistoryEvent]:
    """Every change to the case and what hangs off it, newest first, with who made it.
    One query per kind of record (and per kind of related record); diffs are made here."""
    from accounts.models import User as UserModel
    from stability.models import StabilityAssessment, ZrmAssessment, ZrmDomainScore
    from stressors.models import Stressor

    plan_ids = list(SupportPlan.objects.filter(case=case).values_list("pk", flat=True))
    resident_ids = list(case.household.memberships.values_list("resident_id", flat=True))
    sources = [
        (Case, Case.history.filter(id=case.pk)),
        (Involvement, Involvement.history.filter(case_id=case.pk)),
        (
            JournalEntry,
            JournalEntry.history.filter(case_id=case.pk).filter(
                Q(is_private=False) | Q(author_id=user.pk)
            ),
        ),
        (SupportPlan, SupportPlan.history.filter(case_id=case.pk)),
        (Goal, Goal.history.filter(plan_id__in=plan_ids)),
        (Intervention, Intervention.history.filter(case_id=case.pk)),
        (ScalingChange, ScalingChange.history.filter(case_id=case.pk)),
        (Household, Household.history.filter(id=case.household_id)),
        (HouseholdMember, HouseholdMember.history.filter(household_id=case.household_id)),
        (Resident, Resident.history.filter(id__in=resident_ids)),
        (Stressor, Stressor.history.filter(case_id=case.pk)),
        (StabilityAssessment, StabilityAssessment.history.filter(case_id=case.pk)),
        (ZrmAssessment, ZrmAssessment.history.filter(case_id=case.pk)),
        (
            ZrmDomainScore,
            ZrmDomainScore.history.filter(
                assessment_id__in=ZrmAssessment.objects.filter(case=case).values("pk")
            ),
        ),
    ]
    loaded = [
        (model, list(qs.order_by("id", "history_date", "history_id"))) for model, qs in sources
    ]
    labels = _related_labels(loaded)
    user_ids = {r.history_user_id for _, recs in loaded for r in recs if r.history_user_id}
    names = {
        u.pk: (u.get_full_name() or u.username) for u in UserModel.objects.filter(pk__in=user_ids)
    }
    events: list[HistoryEvent] = []
    for model, recs in loaded:
        events.extend(_events_for(model, recs, labels, names))
    events.sort(key=lambda e: e.when, reverse=True)
    return events


def last_contact_of(user: User, case: Case):
    return (
        JournalEntry.objects.filter(case=case)
        .filter(Q(is_private=False) | Q(author=user))
        .aggregate(last=Max("occurred_at"))["last"]
    )

"""Writes for casework. Each service is the only way its change happens: it validates
(`full_clean`), saves under a transaction with the acting user in the history, keeps the
case's object permissions in step, and returns the instance. Views only call these."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Model, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import (
    OPEN_STATUSES,
    STATUS_TRANSITIONS,
    CaseRegime,
    CaseStatus,
    HouseholdRole,
    ScalingLevel,
)
from .models import (
    Case,
    CaseReferenceCounter,
    CaseStatusChange,
    CaseUserObjectPermission,
    Goal,
    Household,
    HouseholdMember,
    Intervention,
    Involvement,
    JournalEntry,
    Resident,
    ScalingChange,
    SupportPlan,
    Tariff,
)
from .permissions import can_grant_access, does_casework, sync_case_grants
from .validators import normalize_postcode

if TYPE_CHECKING:
    from accounts.models import Organisation, Team, User


def save_with_history(
    instance: Model, acting_user: User, *, exclude: list[str] | None = None
) -> None:
    """Validate and save with the acting user recorded in the history row."""
    instance.full_clean(exclude=exclude)
    instance._history_user = acting_user  # read by django-simple-history
    instance.save()


def field_error(errors: dict[str, str], code: str | None = None) -> ValidationError:
    """Errors per form field that keep their code. `ValidationError({...}, code=...)` drops
    the code (Django keeps codes only per message), so put it on each message."""
    return ValidationError(
        {field: ValidationError(message, code=code) for field, message in errors.items()}
    )


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Iemand anders heeft dit gewijzigd terwijl jij dit formulier invulde. Je wijziging "
            "is niet opgeslagen; bekijk de gegevens opnieuw en probeer het nog eens."
        ),
        code="stale",
    )


def _lock_case(case: Case, expected_version: int | None) -> Case:
    """Lock the case row; refuse when the form was filled in on an older version."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise _stale()
    return locked


def lock_for_update(
    instance: Model, seen_history_id: int | None, fields: dict, *, allowed: tuple[str, ...]
) -> Model:
    """Refuse fields the calling service does not change, then lock the row as
    `lock_unchanged` does."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"cannot update {sorted(unknown)} of {type(instance).__name__}")
    return lock_unchanged(instance, seen_history_id)


def assign(instance: Model, fields: dict) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


def latest_history_id(instance: Model) -> int | None:
    """The newest history row of a record: the version a form was filled in on."""
    return instance.history.order_by("-history_id").values_list("history_id", flat=True).first()


def lock_unchanged(instance: Model, seen_history_id: int | None) -> Model:
    """Lock the row; refuse when it changed after the form was opened (its newest history
    row is no longer the one the form saw). Records other than the case itself use their
    history as version, so they need no version column."""
    locked = type(instance).objects.select_for_update().get(pk=instance.pk)
    if seen_history_id is not None and latest_history_id(locked) != seen_history_id:
        raise _stale()
    return locked


def _save_case(case: Case, acting_user: User) -> Case:
    case.version += 1
    save_with_history(case, acting_user)
    return case


def require_open(case: Case) -> None:
    """A closed case is final: nothing in it changes any more."""
    if case.is_closed:
        raise ValidationError(
            _("Deze casus is afgesloten; er kan niets meer aan worden gewijzigd."),
            code="closed",
        )


def _check_effective_date(changed_on: date, *, not_before: date, field: str) -> None:
    if changed_on > timezone.localdate():
        raise field_error({field: _("Deze datum ligt in de toekomst.")}, code="future")
    if changed_on < not_before:
        raise field_error(
            {
                field: _("Deze datum ligt vóór %(date)s, de datum van de vorige stap.")
                % {"date": not_before.strftime("%d-%m-%Y")}
            },
            code="too_early",
        )


def require_member(case: Case, resident: Resident) -> None:
    """What is recorded about a resident in a case is for a member of its household."""
    if not case.household.memberships.filter(resident=resident).exists():
        raise field_error(
            {"resident": _("Deze inwoner hoort niet bij het huishouden van deze casus.")},
            code="not_in_case",
        )


# --- Residents and households ---------------------------------------------------------------


def _check_bsn_unique(bsn: str, *, exclude_pk: int | None = None) -> None:
    if bsn and Resident.objects.filter(bsn=bsn).exclude(pk=exclude_pk).exists():
        raise field_error(
            {
                "bsn": _(
                    "Er is al een inwoner met dit BSN geregistreerd. Zoek de inwoner op, of "
                    "vraag je teamleider om je toegang te geven tot de casus."
                )
            },
            code="bsn_taken",
        )


@transaction.atomic
def resident_register(
    *,
    acting_user: User,
    first_name: str,
    last_name: str,
    name_prefix: str = "",
    date_of_birth: date | None = None,
    bsn: str = "",
    phone: str = "",
    email: str = "",
    is_employee: bool = False,
) -> Resident:
    _check_bsn_unique(bsn)
    resident = Resident(
        first_name=first_name,
        name_prefix=name_prefix,
        last_name=last_name,
        date_of_birth=date_of_birth,
        bsn=bsn,
        phone=phone,
        email=email,
        is_employee=is_employee,
        created_by=acting_user,
    )
    save_with_history(resident, acting_user)
    return resident


RESIDENT_FIELDS = (
    "first_name",
    "name_prefix",
    "last_name",
    "date_of_birth",
    "bsn",
    "phone",
    "email",
    "is_employee",
)


@transaction.atomic
def resident_update(
    *, acting_user: User, resident: Resident, seen_history_id: int | None = None, **fields
) -> Resident:
    resident = lock_for_update(resident, seen_history_id, fields, allowed=RESIDENT_FIELDS)
    if "bsn" in fields:
        _check_bsn_unique(fields["bsn"], exclude_pk=resident.pk)
    assign(resident, fields)
    save_with_history(resident, acting_user)
    return resident


@transaction.atomic
def household_register(
    *,
    acting_user: User,
    street: str,
    house_number: int,
    postcode: str,
    city: str,
    house_number_suffix: str = "",
    members: list[tuple[Resident, str]] = (),
) -> Household:
    household = Household(
        street=street,
        house_number=house_number,
        house_number_suffix=house_number_suffix,
        postcode=normalize_postcode(postcode),
        city=city,
        created_by=acting_user,
    )
    save_with_history(household, acting_user)
    for resident, role in members:
        household_add_member(
            acting_user=acting_user, household=household, resident=resident, role=role
        )
    return household


@transaction.atomic
def household_update(
    *, acting_user: User, household: Household, seen_history_id: int | None = None, **fields
) -> Household:
    household = lock_unchanged(household, seen_history_id)
    if "postcode" in fields:
        fields["postcode"] = normalize_postcode(fields["postcode"])
    assign(household, fields)
    save_with_history(household, acting_user, exclude=["created_by"])
    return household


@transaction.atomic
def household_add_member(
    *, acting_user: User, household: Household, resident: Resident, role: str
) -> HouseholdMember:
    if household.memberships.filter(resident=resident).exists():
        raise field_error(
            {"resident": _("%(name)s hoort al bij dit huishouden.") % {"name": resident}},
            code="already_member",
        )
    if (
        role == HouseholdRole.HEAD
        and household.memberships.filter(role=HouseholdRole.HEAD).exists()
    ):
        raise field_error(
            {"role": _("Dit huishouden heeft al een hoofdbewoner.")}, code="second_head"
        )
    member = HouseholdMember(household=household, resident=resident, role=role)
    save_with_history(member, acting_user)
    return member


@transaction.atomic
def household_register_member(
    *, acting_user: User, household: Household, role: str, **resident_fields
) -> HouseholdMember:
    """Register a new resident straight into a household, in one transaction."""
    resident = resident_register(acting_user=acting_user, **resident_fields)
    return household_add_member(
        acting_user=acting_user, household=household, resident=resident, role=role
    )


# --- Cases ----------------------------------------------------------------------------------


def _next_reference(year: int) -> str:
    CaseReferenceCounter.objects.get_or_create(year=year)
    counter = CaseReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{year}-{counter.last_number:06d}"


def _check_coordinator(coordinator: User | None, team: Team) -> None:
    if coordinator is None:
        return
    if coordinator.team_id != team.pk or not does_casework(coordinator):
        raise field_error(
            {
                "coordinator": _(
                    "%(name)s kan geen casusregisseur zijn: kies een professional uit team "
                    "%(team)s."
                )
                % {"name": coordinator, "team": team}
            },
            code="coordinator_team",
        )


@transaction.atomic
def case_open(
    *,
    acting_user: User,
    household: Household,
    primary_resident: Resident,
    team: Team,
    source: str,
    question: str,
    coordinator: User | None = None,
    source_detail: str = "",
    reported_on: date | None = None,
    scaling_level: int = ScalingLevel.WIJKTEAM,
    regime: str = CaseRegime.WIJKTEAM,
) -> Case:
    if not household.memberships.filter(resident=primary_resident).exists():
        raise field_error(
            {"primary_resident": _("De aangemelde inwoner hoort niet bij dit huishouden.")},
            code="not_member",
        )
    _check_coordinator(coordinator, team)
    already_open = household.cases.filter(status__in=OPEN_STATUSES).first()
    if already_open:
        raise field_error(
            {
                "primary_resident": _(
                    "Dit huishouden heeft al een open casus (%(ref)s): één huishouden, één plan. "
                    "Werk in die casus verder."
                )
                % {"ref": already_open.reference}
            },
            code="household_has_open_case",
        )
    reported_on = reported_on or timezone.localdate()
    case = Case(
        reference=_next_reference(reported_on.year),
        household=household,
        primary_resident=primary_resident,
        team=team,
        coordinator=coordinator,
        source=source,
        source_detail=source_detail,
        question=question,
        reported_on=reported_on,
        scaling_level=scaling_level,
        regime=regime,
        created_by=acting_user,
    )
    save_with_history(case, acting_user)
    CaseStatusChange.objects.create(
        case=case,
        from_status="",
        to_status=case.status,
        changed_on=reported_on,
        changed_by=acting_user,
    )
    scaling = ScalingChange(
        case=case,
        from_level=None,
        to_level=scaling_level,
        changed_on=reported_on,
        reason=_("Start casus"),
        changed_by=acting_user,
    )
    save_with_history(scaling, acting_user)
    save_with_history(SupportPlan(case=case), acting_user)
    sync_case_grants(case)
    return case


CASE_DETAIL_FIELDS = ("source", "source_detail", "question", "reported_on", "regime")


@transaction.atomic
def case_update(*, acting_user: User, case: Case, expected_version: int | None, **fields) -> Case:
    unknown = set(fields) - set(CASE_DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"case_update() got unexpected fields {sorted(unknown)}")
    case = _lock_case(case, expected_version)
    require_open(case)
    for name, value in fields.items():
        setattr(case, name, value)
    return _save_case(case, acting_user)


@transaction.atomic
def case_change_status(
    *,
    acting_user: User,
    case: Case,
    expected_version: int | None,
    to_status: str,
    outcome: str = "",
    changed_on: date | None = None,
) -> Case:
    """Move the case one step in its workflow. `changed_on` is the date the step took effect
    (default today); closing needs an outcome and closes the case on that date."""
    case = _lock_case(case, expected_version)
    if to_status not in STATUS_TRANSITIONS[case.status]:
        raise field_error(
            {
                "to_status": _("Een casus met status %(from)s kan niet naar %(to)s.")
                % {
                    "from": CaseStatus(case.status).label,
                    "to": CaseStatus(to_status).label if to_status in CaseStatus else to_status,
                }
            },
            code="transition",
        )
    changed_on = changed_on or timezone.localdate()
    previous = case.status_changes.order_by("-changed_on").values_list("changed_on", flat=True)
    _check_effective_date(
        changed_on, not_before=previous.first() or case.reported_on, field="changed_on"
    )
    if to_status == CaseStatus.CLOSED:
        if not outcome:
            raise field_error(
                {"outcome": _("Kies de uitkomst van de casus om hem af te sluiten.")},
                code="outcome_required",
            )
        from privacy.retention import retention_date_for

        case.outcome = outcome
        case.closed_on = changed_on
        case.retain_until = retention_date_for(case)
    from_status = case.status
    case.status = to_status
    _save_case(case, acting_user)
    CaseStatusChange.objects.create(
        case=case,
        from_status=from_status,
        to_status=to_status,
        changed_on=changed_on,
        changed_by=acting_user,
    )
    return case


@transaction.atomic
def case_assign_coordinator(
    *, acting_user: User, case: Case, expected_version: int | None, coordinator: User | None
) -> Case:
    case = _lock_case(case, expected_version)
    require_open(case)
    _check_coordinator(coordinator, case.team)
    case.coordinator = coordinator
    _save_case(case, acting_user)
    sync_case_grants(case)
    return case


@transaction.atomic
def case_change_scaling(
    *,
    acting_user: User,
    case: Case,
    expected_version: int | None,
    to_level: int,
    reason: str,
    changed_on: date | None = None,
) -> ScalingChange:
    case = _lock_case(case, expected_version)
    if to_level == case.scaling_level:
        raise field_error({"to_level": _("De casus staat al op dit niveau.")}, code="same_level")
    require_open(case)
    changed_on = changed_on or timezone.localdate()
    _check_effective_date(changed_on, not_before=case.reported_on, field="changed_on")
    change = ScalingChange(
        case=case,
        from_level=case.scaling_level,
        to_level=to_level,
        changed_on=changed_on,
        reason=reason,
        changed_by=acting_user,
    )
    save_with_history(change, acting_user)
    case.scaling_level = to_level
    _save_case(case, acting_user)
    return change


# --- Involvements, journal, plan and interventions ------------------------------------------


@transaction.atomic
def involvement_add(
    *,
    acting_user: User,
    case: Case,
    role: str,
    since: date,
    organisation: Organisation | None = None,
    organisation_other: str = "",
    user: User | None = None,
    person_name: str = "",
    phone: str = "",
    email: str = "",
    until: date | None = None,
    note: str = "",
) -> Involvement:
    require_open(case)
    if user is not None:
        _check_may_grant_access(acting_user, case)
    if user is not None and organisation is None and not organisation_other:
        # A colleague's own organisation is known.
        organisation = user.organisation or (user.team.organisation if user.team else None)
    involvement = Involvement(
        case=case,
        organisation=organisation,
        organisation_other=organisation_other,
        user=user,
        person_name=person_name,
        role=role,
        phone=phone,
        email=email,
        since=since,
        until=until,
        note=note,
    )
    _check_involvement(involvement)
    save_with_history(involvement, acting_user)
    sync_case_grants(case)
    return involvement


def _check_may_grant_access(acting_user: User, case: Case) -> None:
    """A colleague with an account gets access to the case through an involvement, so only
    the coordinator and the team's leaders may add one; others can add external contacts."""
    if not can_grant_access(acting_user, case):
        raise field_error(
            {
                "user": _(
                    "Alleen de casusregisseur of de teamleider kan een collega toegang tot deze "
                    "casus geven. Voeg de persoon toe zonder account, of vraag het hen."
                )
            },
            code="grant_not_allowed",
        )


def _check_involvement(involvement: Involvement) -> None:
    errors: dict[str, str] = {}
    if not involvement.organisation_id and not involvement.organisation_other.strip():
        errors["organisation"] = _("Kies een organisatie of vul de naam van een andere in.")
    if not involvement.user_id and not involvement.person_name.strip():
        errors["person_name"] = _("Vul de naam van de contactpersoon in, of kies een collega.")
    if involvement.until and involvement.until < involvement.since:
        errors["until"] = _("De einddatum ligt vóór de begindatum.")
    if errors:
        raise ValidationError(errors)


INVOLVEMENT_FIELDS = (
    "organisation",
    "organisation_other",
    "user",
    "person_name",
    "role",
    "phone",
    "email",
    "since",
    "until",
    "note",
)


@transaction.atomic
def involvement_update(
    *, acting_user: User, involvement: Involvement, seen_history_id: int | None = None, **fields
) -> Involvement:
    involvement = lock_for_update(involvement, seen_history_id, fields, allowed=INVOLVEMENT_FIELDS)
    require_open(involvement.case)
    if fields.get("user") is not None and fields["user"].pk != involvement.user_id:
        _check_may_grant_access(acting_user, involvement.case)
    assign(involvement, fields)
    _check_involvement(involvement)
    save_with_history(involvement, acting_user)
    sync_case_grants(involvement.case)
    return involvement


@transaction.atomic
def journal_entry_add(
    *,
    acting_user: User,
    case: Case,
    kind: str,
    occurred_at: datetime,
    summary: str,
    text: str = "",
    is_private: bool = False,
) -> JournalEntry:
    require_open(case)
    entry = JournalEntry(
        case=case,
        kind=kind,
        occurred_at=occurred_at,
        summary=summary,
        text=text,
        is_private=is_private,
        author=acting_user,
    )
    if occurred_at and timezone.localtime(occurred_at).date() < case.reported_on:
        raise field_error(
            {"occurred_at": _("Dit contact ligt vóór de datum van melding van de casus.")}
        )
    save_with_history(entry, acting_user)
    return entry


PLAN_FIELDS = ("summary", "agreed_on", "evaluate_on")


@transaction.atomic
def support_plan_update(
    *, acting_user: User, plan: SupportPlan, seen_history_id: int | None = None, **fields
) -> SupportPlan:
    plan = lock_for_update(plan, seen_history_id, fields, allowed=PLAN_FIELDS)
    require_open(plan.case)
    assign(plan, fields)
    save_with_history(plan, acting_user)
    return plan


GOAL_FIELDS = ("life_domain", "description", "help_kind", "who", "due_date", "status")


@transaction.atomic
def goal_add(*, acting_user: User, plan: SupportPlan, **fields) -> Goal:
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"goal_add() got unexpected fields {sorted(unknown)}")
    require_open(plan.case)
    goal = Goal(plan=plan, **fields)
    save_with_history(goal, acting_user)
    return goal


@transaction.atomic
def goal_update(
    *, acting_user: User, goal: Goal, seen_history_id: int | None = None, **fields
) -> Goal:
    goal = lock_for_update(goal, seen_history_id, fields, allowed=GOAL_FIELDS)
    require_open(goal.plan.case)
    assign(goal, fields)
    save_with_history(goal, acting_user)
    return goal


@transaction.atomic
def intervention_add(
    *,
    acting_user: User,
    case: Case,
    tariff: Tariff,
    start_date: date,
    quantity: Decimal,
    end_date: date | None = None,
    provider: str = "",
    note: str = "",
) -> Intervention:
    require_open(case)
    if not tariff.is_active:
        raise field_error({"tariff": _("Deze voorziening wordt niet meer ingezet.")})
    if end_date and end_date < start_date:
        raise field_error({"end_date": _("De einddatum ligt vóór de startdatum.")})
    intervention = Intervention(
        case=case,
        tariff=tariff,
        start_date=start_date,
        end_date=end_date,
        quantity=quantity,
        unit_price=tariff.price,
        provider=provider,
        note=note,
    )
    save_with_history(intervention, acting_user)
    return intervention


def involvement_grants_expire() -> int:
    """Take back the access of colleagues whose involvement has ended: guardian rows do not
    expire by themselves. Idempotent; run daily (see CELERY_BEAT_SCHEDULE). Returns the
    number of cases whose grants were recomputed."""
    today = timezone.localdate()
    ended = Involvement.objects.filter(user__isnull=False, until__lt=today)
    stale = Case.objects.filter(
        Exists(
            CaseUserObjectPermission.objects.filter(
                content_object=OuterRef("pk"),
                user_id__in=ended.filter(case=OuterRef(OuterRef("pk"))).values("user_id"),
            )
        )
    )
    count = 0
    for case in stale.iterator():
        with transaction.atomic():
            sync_case_grants(case)
        count += 1
    return count

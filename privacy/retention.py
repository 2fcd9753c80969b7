"""Retention of closed cases, legal hold, and the residents' erasure and rectification
requests (docs/adr/0004-retention.md).

A closed case is kept until its retention date: the closing date plus the term of its regime
(`RetentionRule`, seeded from `RETENTION_DEFAULTS`). After that the nightly task removes it with
everything that hangs off it, the household and the residents that are in no other case, and
every history row of what was removed; an anonymous `CaseTombstone` stays for the figures. A
legal hold (bewaarplicht) blocks removal. An erasure request uses the same machinery for one
resident; a rectification corrects a resident's data through the casework service.
"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.deletion import Collector, ProtectedError
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import registered_models

from cases.constants import CaseRegime, CaseStatus, HouseholdRole
from cases.models import Case, CaseTombstone, Household, HouseholdMember, Resident

from .constants import (
    RETENTION_DEFAULTS,
    AccessAction,
    AccessReason,
    PrivacyRequestKind,
    RemovalReason,
)
from .models import DataShare, PrivacyRequest, RetentionRule
from .permissions import is_privacy_officer
from .services import access_log_record

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

logger = logging.getLogger(__name__)

# What the access log says about the officer's work (stored text, like the search terms).
LOG_ERASURE = "verwijderverzoek uitgevoerd"
LOG_RECTIFICATION = "rectificatieverzoek uitgevoerd"
LOG_HOLD_SET = "bewaarplicht ingesteld"
LOG_HOLD_LIFTED = "bewaarplicht opgeheven"

RECTIFIABLE_FIELDS = (
    "first_name",
    "name_prefix",
    "last_name",
    "date_of_birth",
    "bsn",
    "phone",
    "email",
)

# Whom a case is reported for when the reported resident leaves it through an erasure: the
# head of the household first, then the closest relation.
_PRIMARY_ORDER = [
    HouseholdRole.HEAD,
    HouseholdRole.PARTNER,
    HouseholdRole.PARENT,
    HouseholdRole.RELATIVE,
    HouseholdRole.HOUSEMATE,
    HouseholdRole.CHILD,
]

_CHUNK = 500  # ids per IN (...): well under every database's limit on parameters


# --- Retention terms ------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleInForce:
    regime: str
    years: int
    source: str
    is_default: bool  # no rule row: the documented default applies

    @property
    def regime_label(self) -> str:
        return str(CaseRegime(self.regime).label) if self.regime in CaseRegime else self.regime


def retention_rules_in_force() -> dict[str, RuleInForce]:
    """The term per regime: the rule row where there is one, else the documented default
    (a regime without either is never removed)."""
    rules = {
        regime: RuleInForce(regime, years, source, True)
        for regime, (years, source) in RETENTION_DEFAULTS.items()
    }
    for regime, years, source in RetentionRule.objects.values_list("regime", "years", "source"):
        rules[regime] = RuleInForce(regime, years, source, False)
    return rules


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a year without it, so a
    term is never shorter than its number of years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return date(day.year + years, 3, 1)


def retention_date_for(case: Case, *, rules: dict[str, RuleInForce] | None = None) -> date:
    """The last day a closed case is kept: its closing date plus the term of its regime."""
    if case.closed_on is None:
        raise ValueError(f"case {case.pk} has no closing date")
    rule = (rules or retention_rules_in_force()).get(case.regime)
    if rule is None:
        raise ValueError(f"no retention rule for regime {case.regime!r}")
    return add_years(case.closed_on, rule.years)


def _closed_before_expires(today: date, years: int) -> date:
    """The first closing date whose retention date is not before `today`: a case closed
    earlier than this has expired."""
    day = date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=3)
    while add_years(day, years) < today:
        day += timedelta(days=1)
    return day


def _expired_cases(today: date, rules: dict[str, RuleInForce]) -> QuerySet[Case]:
    """Closed cases whose retention date lies before `today`, on legal hold or not. Cases
    closed before retention dates were stored get theirs computed from the rule in force."""
    due = Q(retain_until__lt=today)
    for rule in rules.values():
        due |= Q(
            retain_until__isnull=True,
            regime=rule.regime,
            closed_on__lt=_closed_before_expires(today, rule.years),
        )
    return Case.objects.filter(status=CaseStatus.CLOSED).filter(due)


def cases_due_for_removal(today: date | None = None) -> QuerySet[Case]:
    """Closed cases past their retention date and not on legal hold."""
    today = today or timezone.localdate()
    return _expired_cases(today, retention_rules_in_force()).filter(legal_hold_reason="")


# --- Who goes with a case -------------------------------------------------------------------


@functools.cache
def _resident_case_links() -> list[tuple[type[models.Model], str, str]]:
    """(model, resident field, case field) of every record that ties a resident to a case
    (stressors, assessments, shares, ...), found from the models so new ones count too."""
    links = []
    for model in apps.get_models():
        if getattr(model, "instance_type", None) is not None:  # a history model
            continue
        to_resident = [
            f for f in model._meta.fields if f.many_to_one and f.related_model is Resident
        ]
        to_case = [f for f in model._meta.fields if f.many_to_one and f.related_model is Case]
        for rf in to_resident:
            for cf in to_case:
                links.append((model, rf.name, cf.name))
    return links


def _in_other_case(resident_ref, case_ref) -> Q:
    """True for a resident who is in a case other than `case_ref`: a member of its
    household, the resident it was reported for, or with records of their own in it."""
    others = Case.objects.exclude(pk=case_ref)
    condition = Q(Exists(others.filter(household__memberships__resident=resident_ref))) | Q(
        Exists(others.filter(primary_resident=resident_ref))
    )
    for model, resident_field, case_field in _resident_case_links():
        condition |= Q(
            Exists(
                model._base_manager.filter(
                    **{resident_field: resident_ref, f"{case_field}__isnull": False}
                ).exclude(**{case_field: case_ref})
            )
        )
    return condition


def _residents_of_case(case_field) -> Q:
    """For a Resident queryset: residents in the case, as members of its household, as the
    resident it was reported for, or with records of their own in it. `case_field(name,
    depth)` gives the case's field as seen from `depth` subqueries below that queryset."""
    condition = Q(
        Exists(
            HouseholdMember.objects.filter(
                resident=OuterRef("pk"), household_id=case_field("household_id", 1)
            )
        )
    ) | Q(pk=case_field("primary_resident_id", 0))
    for model, resident_field, case_field_name in _resident_case_links():
        condition |= Q(
            Exists(
                model._base_manager.filter(
                    **{resident_field: OuterRef("pk"), case_field_name: case_field("pk", 1)}
                )
            )
        )
    return condition


def _residents_leaving_with(case: Case) -> QuerySet[Resident]:
    """The residents of the case who are in no other case: they go with it."""
    return Resident.objects.filter(
        _residents_of_case(lambda name, depth: getattr(case, name))
    ).exclude(_in_other_case(OuterRef("pk"), case.pk))


def _outer(name: str, depth: int):
    ref = OuterRef(name)
    for _level in range(depth):
        ref = OuterRef(ref)
    return ref


def _with_removal_counts(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate whether the household goes with each case and how many residents do."""
    leaving = (
        Resident.objects.filter(_residents_of_case(_outer))
        .exclude(_in_other_case(OuterRef("pk"), OuterRef(OuterRef("pk"))))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return cases.annotate(
        household_goes=~Exists(
            Case.objects.filter(household=OuterRef("household")).exclude(pk=OuterRef("pk"))
        ),
        residents_going=Coalesce(Subquery(leaving), 0),
    )


# --- The dry run and the nightly run --------------------------------------------------------


@dataclass(frozen=True)
class RetentionCandidate:
    """A case whose retention period is over: what the dry run lists. People are counts only."""

    case_id: int
    reference: str
    team: str
    regime: str
    regime_label: str
    closed_on: date
    retain_until: date
    households: int
    residents: int
    legal_hold_reason: str = ""

    @property
    def on_hold(self) -> bool:
        return bool(self.legal_hold_reason)


def _candidate(case: Case, rules: dict[str, RuleInForce]) -> RetentionCandidate:
    return RetentionCandidate(
        case_id=case.pk,
        reference=case.reference,
        team=case.team.name,
        regime=case.regime,
        regime_label=case.get_regime_display(),
        closed_on=case.closed_on,
        retain_until=case.retain_until or retention_date_for(case, rules=rules),
        households=1 if case.household_goes else 0,
        residents=case.residents_going,
        legal_hold_reason=case.legal_hold_reason,
    )


def retention_candidates(*, today: date | None = None) -> QuerySet[Case]:
    """Expired cases (on legal hold too), annotated for `candidates_from`, oldest first."""
    today = today or timezone.localdate()
    return (
        _with_removal_counts(_expired_cases(today, retention_rules_in_force()))
        .select_related("team")
        .order_by("closed_on", "reference")
    )


def candidates_from(cases: Iterable[Case]) -> list[RetentionCandidate]:
    """The candidates for (a page of) `retention_candidates()`."""
    rules = retention_rules_in_force()
    return [_candidate(case, rules) for case in cases]


def retention_apply(*, dry_run: bool, today: date | None = None) -> list[RetentionCandidate]:
    """The dry run returns every expired case, those on legal hold marked as such; the real
    run removes each expired case not on hold, one transaction per case so that one failure
    does not keep the others, and returns those removed. Safe to run twice."""
    candidates = candidates_from(retention_candidates(today=today))
    if dry_run:
        return candidates
    removed = []
    for candidate in candidates:
        if candidate.on_hold:
            continue
        try:
            case_purge(
                case=Case(pk=candidate.case_id, reference=candidate.reference),
                reason=RemovalReason.RETENTION,
            )
        except Case.DoesNotExist:  # removed meanwhile
            continue
        except ValidationError as error:  # placed on hold (or reopened) meanwhile
            logger.warning("Retention: case %s kept: %s", candidate.reference, error.messages)
            continue
        except Exception:
            logger.exception("Retention: case %s could not be removed", candidate.reference)
            continue
        removed.append(candidate)
    return removed


# --- Removing a case and its history --------------------------------------------------------


def _chunks(ids: Iterable) -> Iterator[list]:
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _delete(*querysets_or_lists) -> dict[type[models.Model], set]:
    """Delete the objects with everything that cascades from them (Django's Collector,
    which also clears SET_NULL links); returns the ids removed per model."""
    collector = Collector(using=DEFAULT_DB_ALIAS)
    for objs in querysets_or_lists:
        objs = list(objs)
        if objs:
            collector.collect(objs)
    removed: dict[type[models.Model], set] = defaultdict(set)
    for model, instances in collector.data.items():
        removed[model._meta.concrete_model].update(obj.pk for obj in instances)
    for qs in collector.fast_deletes:
        removed[qs.model._meta.concrete_model].update(qs.values_list("pk", flat=True))
    collector.delete()
    return removed


def _merge(into: dict, more: dict) -> None:
    for model, ids in more.items():
        into.setdefault(model, set()).update(ids)


def _history_models() -> list[tuple[type[models.Model], type[models.Model]]]:
    """(history model, tracked model) for every model django-simple-history tracks."""
    pairs = []
    for tracked in registered_models.values():
        attribute = getattr(tracked._meta, "simple_history_manager_attribute", None)
        if attribute is None:
            continue
        pairs.append((getattr(tracked, attribute).model, tracked._meta.concrete_model))
    return pairs


def _history_links(history_model) -> list[models.ForeignKey]:
    """The foreign keys of a history row that point at tracked data (not its user)."""
    return [
        field
        for field in history_model._meta.fields
        if field.many_to_one
        and field.name != "history_user"
        and getattr(field.related_model, "instance_type", None) is None
    ]


def _purge_history(removed: dict[type[models.Model], set]) -> None:
    """Remove every history row of what was removed, and every history row that still points
    at it: the rows of records deleted earlier (a journal entry deleted last year still has
    history rows with the case's id) go, and so, in the next round, do the rows that point
    at those. History rows of records that stay (a policy signal whose breakthrough went, a
    case whose reported resident was erased) keep their rows but lose the link, as the
    record itself did. Repeats until nothing more is found."""
    pairs = _history_models()
    done: dict[type[models.Model], set] = defaultdict(set)
    pending = {model: set(ids) for model, ids in removed.items() if ids}
    while pending:
        for history, tracked in pairs:
            ids = pending.get(tracked)
            if ids:
                key = f"{tracked._meta.pk.attname}__in"
                for chunk in _chunks(ids):
                    history._base_manager.filter(**{key: chunk}).delete()
        for model, ids in pending.items():
            done[model] |= ids
        found: dict[type[models.Model], set] = defaultdict(set)
        for history, tracked in pairs:
            pk_name = tracked._meta.pk.attname
            for field in _history_links(history):
                ids = pending.get(field.related_model._meta.concrete_model)
                if not ids:
                    continue
                for chunk in _chunks(ids):
                    rows = history._base_manager.filter(**{f"{field.attname}__in": chunk})
                    gone = set(
                        rows.filter(~Exists(tracked._base_manager.filter(pk=OuterRef(pk_name))))
                        .values_list(pk_name, flat=True)
                        .distinct()
                    )
                    if gone:
                        for part in _chunks(gone):
                            history._base_manager.filter(**{f"{pk_name}__in": part}).delete()
                        found[tracked] |= gone - done[tracked]
                    rows.update(**{field.attname: None})
        pending = {model: ids for model, ids in found.items() if ids}


def _purge_generic_object_permissions(removed: dict[type[models.Model], set]) -> None:
    """django-guardian's generic tables (cases use direct tables that cascade; this catches
    a grant on any other removed object)."""
    from guardian.models import GroupObjectPermission, UserObjectPermission

    for model, ids in removed.items():
        if not ids:
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
        for chunk in _chunks(str(pk) for pk in ids):
            for table in (UserObjectPermission, GroupObjectPermission):
                table.objects.filter(content_type=content_type, object_pk__in=chunk).delete()


def _remove(*objects) -> None:
    """Delete, then clear the history and object permissions of everything deleted."""
    removed = _delete(*objects)
    _purge_history(removed)
    _purge_generic_object_permissions(removed)


def _refuse_protected(error: ProtectedError) -> ValidationError:
    kinds = sorted({str(obj._meta.verbose_name) for obj in error.protected_objects})
    return ValidationError(
        _(
            "Dit kan niet worden verwijderd: andere vastleggingen steunen erop (%(kinds)s). "
            "Neem contact op met de functioneel beheerder."
        )
        % {"kinds": ", ".join(kinds)},
        code="protected",
    )


def case_purge(*, case: Case, reason: RemovalReason | str, acting_user: User | None = None):
    """Remove a closed case that is not on legal hold, in one transaction: the case and
    everything that hangs off it, its household and residents when they are in no other
    case, and all history rows of what goes. Keeps an anonymous tombstone, returned. The
    access log is not touched (it has its own retention and names records by plain ids).
    `acting_user` is who asked for it (none for the nightly run); the purge itself records
    nothing about people, the caller records the request."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.on_legal_hold:
            raise ValidationError(
                _("Deze casus staat onder bewaarplicht: %(reason)s")
                % {"reason": case.legal_hold_reason},
                code="legal_hold",
            )
        if not case.is_closed:
            raise ValidationError(
                _("Casus %(ref)s is nog niet afgesloten; een open casus wordt niet verwijderd.")
                % {"ref": case.reference},
                code="open",
            )
        residents = list(_residents_leaving_with(case))
        households = list(
            Household.objects.filter(pk=case.household_id).exclude(
                Exists(Case.objects.filter(household=OuterRef("pk")).exclude(pk=case.pk))
            )
        )
        tombstone = CaseTombstone(
            reference=case.reference,
            team_id=case.team_id,
            regime=case.regime,
            source=case.source,
            reported_on=case.reported_on,
            closed_on=case.closed_on,
            outcome=case.outcome,
            removed_on=timezone.localdate(),
            removal_reason=reason,
        )
        tombstone.full_clean()
        tombstone.save()
        try:
            removed = _delete([case])
            # Shares first: a consent cannot go while a share still names it.
            _merge(removed, _delete(DataShare.objects.filter(resident__in=residents)))
            _merge(removed, _delete(households, residents))
        except ProtectedError as error:
            raise _refuse_protected(error) from error
        _purge_history(removed)
        _purge_generic_object_permissions(removed)
    return tombstone


# --- Legal hold -----------------------------------------------------------------------------


def _require_privacy_officer(user: User) -> None:
    if not is_privacy_officer(user):
        raise ValidationError(
            _("Alleen de privacy officer kan dit doen."), code="not_privacy_officer"
        )


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def legal_hold_set(
    *, acting_user: User, case: Case, reason: str, request: HttpRequest | None = None
) -> Case:
    """Place a case under legal hold (bewaarplicht): it is not removed while the hold lasts,
    whatever its retention date. Setting it again replaces the reason."""
    _require_privacy_officer(acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise _field_error(
            "reason",
            _("Vul de reden van de bewaarplicht in, bijvoorbeeld een lopende procedure."),
            "required",
        )
    max_length = Case._meta.get_field("legal_hold_reason").max_length
    if len(reason) > max_length:
        raise _field_error(
            "reason",
            _("De reden is te lang: gebruik hoogstens %(n)s tekens.") % {"n": max_length},
            "max_length",
        )
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        case.legal_hold_reason = reason
        _save_case_hold(case, acting_user, request, _("Bewaarplicht ingesteld"), LOG_HOLD_SET)
    return case


def legal_hold_lift(*, acting_user: User, case: Case, request: HttpRequest | None = None) -> Case:
    """End a legal hold: from the next night the case's retention date counts again."""
    _require_privacy_officer(acting_user)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not case.on_legal_hold:
            raise ValidationError(
                _("Casus %(ref)s staat niet onder bewaarplicht.") % {"ref": case.reference},
                code="not_on_hold",
            )
        case.legal_hold_reason = ""
        _save_case_hold(case, acting_user, request, _("Bewaarplicht opgeheven"), LOG_HOLD_LIFTED)
    return case


def _save_case_hold(
    case: Case, acting_user: User, request: HttpRequest | None, change_reason: str, detail: str
) -> None:
    """The hold is no field of any casework form, so the case's version (which guards those
    forms against stale saves) stays; the history says who set or lifted it, the access log
    that the privacy officer did."""
    case.full_clean()
    case._history_user = acting_user  # read by django-simple-history
    case._change_reason = change_reason
    case.save()
    access_log_record(
        user=acting_user,
        request=request,
        action=AccessAction.CHANGE,
        reason=AccessReason.PRIVACY_REVIEW,
        case=case,
        object_type="case",
        object_id=case.pk,
        detail=detail,
    )


# --- A resident's requests ------------------------------------------------------------------


def _check_request(received_on: date | None, grounds: str) -> str:
    errors = {}
    grounds = (grounds or "").strip()
    if not grounds:
        errors["grounds"] = ValidationError(
            _("Vul de grondslag en toelichting in: waarom het verzoek zo wordt uitgevoerd."),
            code="required",
        )
    if received_on is None:
        errors["received_on"] = ValidationError(
            _("Vul de datum in waarop het verzoek binnenkwam."), code="required"
        )
    elif received_on > timezone.localdate():
        errors["received_on"] = ValidationError(_("Deze datum ligt in de toekomst."), code="future")
    if errors:
        raise ValidationError(errors)
    return grounds


@dataclass
class ErasureStep:
    """What an erasure does to one case the resident is in."""

    case: Case
    whole_case: bool  # the resident is the household's only member: the case goes
    new_primary: Resident | None = None  # who the case is reported for afterwards
    blocked: str = ""  # why the request cannot be carried out for this case

    @property
    def repoints_primary(self) -> bool:
        return self.new_primary is not None


def _cases_of(resident: Resident) -> QuerySet[Case]:
    condition = Q(household__memberships__resident=resident) | Q(primary_resident=resident)
    for model, resident_field, case_field in _resident_case_links():
        ids = model._base_manager.filter(
            **{resident_field: resident, f"{case_field}__isnull": False}
        ).values(case_field)
        condition |= Q(pk__in=ids)
    return Case.objects.filter(pk__in=Case.objects.filter(condition).values("pk"))


def erasure_plan(resident: Resident) -> list[ErasureStep]:
    """Per case the resident is in: whether the whole case goes (they are its household's
    only member) or only their own data, who the case is reported for afterwards, and why
    it cannot be done (a legal hold; an open case that would go as a whole)."""
    others = (
        HouseholdMember.objects.filter(household=OuterRef("household"))
        .exclude(resident=resident)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    cases = list(
        _cases_of(resident)
        .select_related("team")
        .annotate(other_members=Coalesce(Subquery(others), 0))
        .order_by("reference")
    )
    steps = []
    for case in cases:
        step = ErasureStep(case=case, whole_case=case.other_members == 0)
        if case.on_legal_hold:
            step.blocked = _(
                "Casus %(ref)s staat onder bewaarplicht (%(reason)s). Zolang die geldt, kan "
                "het verzoek niet worden uitgevoerd; hef de bewaarplicht eerst op als die niet "
                "meer nodig is."
            ) % {"ref": case.reference, "reason": case.legal_hold_reason}
        elif step.whole_case and not case.is_closed:
            step.blocked = _(
                "Casus %(ref)s is nog open. Vraag de casusregisseur de casus eerst af te "
                "sluiten; daarna kan het verzoek worden uitgevoerd."
            ) % {"ref": case.reference}
        if not step.whole_case and case.primary_resident_id == resident.pk:
            step.new_primary = _next_primary(case, resident)
        steps.append(step)
    return steps


def _next_primary(case: Case, leaving: Resident) -> Resident | None:
    members = list(case.household.memberships.exclude(resident=leaving).select_related("resident"))
    order = {role: index for index, role in enumerate(_PRIMARY_ORDER)}
    members.sort(key=lambda m: (order.get(m.role, len(order)), m.resident_id))
    return members[0].resident if members else None


def resident_erase(
    *,
    acting_user: User,
    resident: Resident,
    received_on: date | None,
    grounds: str,
    request: HttpRequest | None = None,
) -> PrivacyRequest:
    """Carry out a resident's erasure request (AVG art. 17). Per case: when the resident is
    the household's only member the whole case goes as after its retention period (it must
    be closed); otherwise only the resident's own data goes (membership, stressors,
    assessments, consents, shares, the resident) and a case reported for them is reported
    for the next member of the household. A legal hold on any of their cases refuses the
    whole request; nothing changes then. Recorded as a PrivacyRequest with its grounds and
    in the access log."""
    _require_privacy_officer(acting_user)
    grounds = _check_request(received_on, grounds)
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=resident.pk)
        resident_id = resident.pk
        steps = erasure_plan(resident)
        blocked = [ValidationError(s.blocked, code="blocked") for s in steps if s.blocked]
        if blocked:
            raise ValidationError(blocked)
        whole = [s.case.reference for s in steps if s.whole_case]
        partial = [s for s in steps if not s.whole_case]
        for step in steps:
            if step.whole_case:
                case_purge(case=step.case, reason=RemovalReason.ERASURE, acting_user=acting_user)
        for step in partial:
            if step.repoints_primary:
                case = Case.objects.select_for_update().get(pk=step.case.pk)
                case.primary_resident = step.new_primary
                case.version += 1
                case.full_clean()
                case._history_user = acting_user
                case._change_reason = _("Verwijderverzoek: aangemelde inwoner gewijzigd")
                case.save()
        if Resident.objects.filter(pk=resident_id).exists():
            # Households that would be left without anyone and without a case go as well:
            # an address is this resident's data too.
            empty = (
                Household.objects.filter(memberships__resident_id=resident_id)
                .exclude(
                    Exists(
                        HouseholdMember.objects.filter(household=OuterRef("pk")).exclude(
                            resident_id=resident_id
                        )
                    )
                )
                .exclude(Exists(Case.objects.filter(household=OuterRef("pk"))))
            )
            try:
                removed = _delete(DataShare.objects.filter(resident_id=resident_id))
                _merge(removed, _delete(list(empty), [resident]))
            except ProtectedError as error:
                raise _refuse_protected(error) from error
            _purge_history(removed)
            _purge_generic_object_permissions(removed)
        outcome = _erasure_outcome(whole, partial)
        privacy_request = PrivacyRequest(
            kind=PrivacyRequestKind.ERASURE,
            resident_id_ref=resident_id,
            received_on=received_on,
            grounds=grounds,
            handled_by=acting_user,
            completed_at=timezone.now(),
            outcome=outcome,
        )
        privacy_request.full_clean()
        privacy_request.save()
        access_log_record(
            user=acting_user,
            request=request,
            action=AccessAction.CHANGE,
            reason=AccessReason.PRIVACY_REVIEW,
            resident_ids=[resident_id],
            object_type="resident",
            object_id=resident_id,
            detail=LOG_ERASURE,
        )
    return privacy_request


def _erasure_outcome(whole: list[str], partial: list[ErasureStep]) -> str:
    lines = []
    if whole:
        lines.append(
            _("Hele casus verwijderd (inwoner was het enige lid van het huishouden): %(refs)s.")
            % {"refs": ", ".join(whole)}
        )
    if partial:
        lines.append(
            _("Alleen de gegevens van deze inwoner verwijderd uit: %(refs)s.")
            % {"refs": ", ".join(s.case.reference for s in partial)}
        )
    repointed = [s.case.reference for s in partial if s.repoints_primary]
    if repointed:
        lines.append(
            _("Aangemelde inwoner gewijzigd naar een ander lid van het huishouden in: %(refs)s.")
            % {"refs": ", ".join(repointed)}
        )
    if not lines:
        lines.append(_("De inwoner stond in geen casus; de inwonergegevens zijn verwijderd."))
    return "\n".join(lines)


def resident_rectify(
    *,
    acting_user: User,
    resident: Resident,
    received_on: date | None,
    grounds: str,
    request: HttpRequest | None = None,
    **fields,
) -> PrivacyRequest:
    """Correct a resident's data on their request (AVG art. 16), with the same rules as any
    change (valid and unique BSN, no birth date in the future). The history keeps the old
    values as the record of the correction. Records a PrivacyRequest naming the fields that
    changed (not their values) and an access-log entry."""
    from cases.services import latest_history_id, resident_update

    _require_privacy_officer(acting_user)
    unknown = set(fields) - set(RECTIFIABLE_FIELDS)
    if unknown:
        raise TypeError(f"resident_rectify() got unexpected fields {sorted(unknown)}")
    grounds = _check_request(received_on, grounds)
    with transaction.atomic():
        current = Resident.objects.select_for_update().get(pk=resident.pk)
        changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
        if not changed:
            raise ValidationError(
                _("Er is niets gewijzigd: pas minstens één gegeven aan dat onjuist was."),
                code="unchanged",
            )
        resident = resident_update(acting_user=acting_user, resident=current, **changed)
        resident.history.filter(history_id=latest_history_id(resident)).update(
            history_change_reason=_("Rectificatie (AVG art. 16)")
        )
        names = [name for name in RECTIFIABLE_FIELDS if name in changed]
        labels = ", ".join(str(Resident._meta.get_field(name).verbose_name) for name in names)
        privacy_request = PrivacyRequest(
            kind=PrivacyRequestKind.RECTIFICATION,
            resident_id_ref=resident.pk,
            received_on=received_on,
            grounds=grounds,
            handled_by=acting_user,
            completed_at=timezone.now(),
            outcome=_("Gecorrigeerd: %(fields)s.") % {"fields": labels},
        )
        privacy_request.full_clean()
        privacy_request.save()
        access_log_record(
            user=acting_user,
            request=request,
            action=AccessAction.CHANGE,
            reason=AccessReason.PRIVACY_REVIEW,
            resident_ids=[resident.pk],
            object_type="resident",
            object_id=resident.pk,
            detail=f"{LOG_RECTIFICATION}: {', '.join(names)}",
        )
    return privacy_request

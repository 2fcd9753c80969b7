"""The one permission layer for casework. Every view, queryset, template flag, export and
PDF asks this module who may see or change a case and the residents and households in it.

Rules (see docs/adr/0001-permission-model.md):
* Only roles with `cases.work_cases` (professional, teamleider) do casework at all.
* On top of that a user sees a case only with the `view_case` object permission, which
  django-guardian holds per case: for the coordinator and for involved colleagues (user
  permissions), and for the leaders of the case's team (group permission on the team's
  leaders group). `sync_case_grants` keeps those rows in step with the case.
* A professional with no part in a case may open it with emergency access (noodtoegang,
  privacy.emergency): while that access has not ended or expired, the case is visible to
  them, read-only ("view_case" only, marked `EMERGENCY_ONLY`), and every access is logged
  with the reason `emergency`. Expired access stops at once, before any task marks it.
  The privacy officer, who does no casework, reaches a file only this way.
* Residents and households are visible through a visible case, or to the professional who
  registered them while they are not yet in any case.
* What a user may not see does not exist for them: lookups raise Http404, and the denied
  attempt is logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Permission
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from privacy.constants import AccessAction, AccessReason
from privacy.models import EmergencyAccess
from privacy.permissions import is_privacy_officer
from privacy.services import access_log_record

from .models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Household,
    HouseholdMember,
    Involvement,
    JournalEntry,
    Resident,
)

if TYPE_CHECKING:
    from accounts.models import User

WORK_CASES = "cases.work_cases"
MEMBER_PERMS = ("view_case", "change_case")
LEADER_PERMS = ("view_case", "change_case", "assign_coordinator")
REGULAR_VIEW = "view_case"
# Not a codename but a marker in `case_perms`: the user sees the case through emergency
# access alone, which gives "view_case" and nothing more.
EMERGENCY_ONLY = "emergency_only"


def does_casework(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(WORK_CASES))


def leads_own_team(user: User) -> bool:
    """A teamleider with a team: sees the team overview with every case of that team."""
    return does_casework(user) and user.has_perm("accounts.lead_team") and user.team_id is not None


# --- Which rows a user may see --------------------------------------------------------------


def _active_involvements(user: User):
    today = timezone.localdate()
    return Involvement.objects.filter(user=user).filter(Q(until__isnull=True) | Q(until__gte=today))


def _has_object_perm(user: User, codename: str) -> Q:
    """A personal grant counts only while its reason holds: the user coordinates the case or
    has an involvement in it that has not ended. Guardian rows do not expire by themselves
    (a daily task tidies them), so an ended involvement must not wait for that."""
    by_user = CaseUserObjectPermission.objects.filter(
        content_object=OuterRef("pk"), user=user, permission__codename=codename
    )
    still_linked = Q(coordinator=user) | Q(
        Exists(_active_involvements(user).filter(case=OuterRef("pk")))
    )
    by_group = CaseGroupObjectPermission.objects.filter(
        content_object=OuterRef("pk"), group__user=user, permission__codename=codename
    )
    return (Q(Exists(by_user)) & still_linked) | Q(Exists(by_group))


def active_emergency_accesses(user: User) -> QuerySet[EmergencyAccess]:
    """Emergency access that counts now: not ended, not expired. The expiry is checked
    here, so access stops at its time even before the periodic task marks it ended."""
    return EmergencyAccess.objects.filter(
        user=user, ended_at__isnull=True, expires_at__gt=timezone.now()
    )


def _regular_cases(user: User) -> QuerySet[Case]:
    """Cases the user sees through a relationship (coordinator, involved, team lead)."""
    return Case.objects.filter(_has_object_perm(user, "view_case"))


def may_break_glass(user: User) -> bool:
    """Emergency access is for those who do casework, and for the privacy officer, who
    otherwise never opens a file: for them it is the only way in, logged and reviewed."""
    return does_casework(user) or is_privacy_officer(user)


def visible_cases(user: User) -> QuerySet[Case]:
    emergency = Q(Exists(active_emergency_accesses(user).filter(case=OuterRef("pk"))))
    if does_casework(user):
        return Case.objects.filter(_has_object_perm(user, "view_case") | emergency)
    if is_privacy_officer(user):
        return Case.objects.filter(emergency)
    return Case.objects.none()


def visible_residents(user: User) -> QuerySet[Resident]:
    if not may_break_glass(user):
        return Resident.objects.none()
    in_visible_case = Q(
        Exists(
            HouseholdMember.objects.filter(
                resident=OuterRef("pk"), household__cases__in=visible_cases(user)
            )
        )
    )
    if not does_casework(user):
        return Resident.objects.filter(in_visible_case)
    in_any_case = HouseholdMember.objects.filter(
        resident=OuterRef("pk"), household__cases__isnull=False
    )
    return Resident.objects.filter(in_visible_case | (Q(created_by=user) & ~Q(Exists(in_any_case))))


def visible_households(user: User) -> QuerySet[Household]:
    if not may_break_glass(user):
        return Household.objects.none()
    visible = Q(Exists(visible_cases(user).filter(household=OuterRef("pk"))))
    if not does_casework(user):
        return Household.objects.filter(visible)
    any_case = Case.objects.filter(household=OuterRef("pk"))
    return Household.objects.filter(visible | (Q(created_by=user) & ~Q(Exists(any_case))))


def visible_journal_entries(user: User, case: Case) -> QuerySet[JournalEntry]:
    """A private work note is visible to its author alone, whoever else sees the case."""
    return case.journal_entries.filter(Q(is_private=False) | Q(author=user))


# --- What a user may do with one case -------------------------------------------------------


def _case_grounds(user: User, case: Case) -> tuple[set[str], bool]:
    """The codenames the user holds through a relationship, and whether they also hold
    active emergency access (at most three queries)."""
    via_group = CaseGroupObjectPermission.objects.filter(content_object=case, group__user=user)
    perms = set(via_group.values_list("permission__codename", flat=True))
    # Read from the database, not from the (possibly stale) object passed in.
    linked_to_case = Q(coordinator=user) | Q(
        Exists(_active_involvements(user).filter(case=OuterRef("pk")))
    )
    row = (
        Case.objects.filter(pk=case.pk)
        .annotate(
            linked=ExpressionWrapper(linked_to_case, output_field=BooleanField()),
            emergency=Exists(active_emergency_accesses(user).filter(case=OuterRef("pk"))),
        )
        .values_list("linked", "emergency")
        .first()
    )
    linked, emergency = row or (False, False)
    if linked:
        direct = CaseUserObjectPermission.objects.filter(content_object=case, user=user)
        perms |= set(direct.values_list("permission__codename", flat=True))
    return perms, bool(emergency)


def regular_case_perms(user: User, case: Case) -> set[str]:
    """The codenames the user holds through a relationship, leaving emergency access out."""
    if not does_casework(user):
        return set()
    return _case_grounds(user, case)[0]


def case_perms(user: User, case: Case) -> set[str]:
    """The codenames the user holds on this case (at most three queries). Emergency access,
    when it is the only ground, gives "view_case" and the `EMERGENCY_ONLY` marker: the
    professional reads the file and changes nothing."""
    if not may_break_glass(user):
        return set()
    perms, emergency = _case_grounds(user, case)
    if emergency and REGULAR_VIEW not in perms:
        return {REGULAR_VIEW, EMERGENCY_ONLY}
    return perms


def is_emergency_only(perms: set[str]) -> bool:
    return EMERGENCY_ONLY in perms


def can_view_case(user: User, case: Case) -> bool:
    return "view_case" in case_perms(user, case)


def can_edit_case(user: User, case: Case, perms: set[str] | None = None) -> bool:
    perms = case_perms(user, case) if perms is None else perms
    return "change_case" in perms and not case.is_closed


def can_assign_coordinator(user: User, case: Case, perms: set[str] | None = None) -> bool:
    perms = case_perms(user, case) if perms is None else perms
    return "assign_coordinator" in perms and not case.is_closed


def can_grant_access(user: User, case: Case, perms: set[str] | None = None) -> bool:
    """Giving a colleague access (an involvement with an account) is for the coordinator and
    the team's leaders, not for everyone who can see the case."""
    perms = case_perms(user, case) if perms is None else perms
    fresh_coordinator = Case.objects.filter(pk=case.pk, coordinator=user).exists()
    return "change_case" in perms and (fresh_coordinator or "assign_coordinator" in perms)


def access_reason(user: User, case: Case, perms: set[str] | None = None) -> AccessReason:
    """The relationship that gives the user access, for the access log's "why"."""
    perms = case_perms(user, case) if perms is None else perms
    if EMERGENCY_ONLY in perms:
        return AccessReason.EMERGENCY
    if case.coordinator_id == user.pk:
        return AccessReason.COORDINATOR
    if "assign_coordinator" in perms:
        return AccessReason.TEAM_LEAD
    if "view_case" in perms:
        return AccessReason.INVOLVED
    return AccessReason.NONE


# --- Keeping guardian's rows in step with the case ------------------------------------------


def sync_case_grants(case: Case) -> None:
    """Recompute who holds object permissions on the case: the coordinator, colleagues with
    an active involvement, and the leaders group of the case's team. Idempotent. Reads the
    coordinator and team from the database, not from the (possibly stale) object passed."""
    case = Case.objects.select_related("team").get(pk=case.pk)
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="cases", codename__in=LEADER_PERMS
        )
    }
    today = timezone.localdate()
    user_ids = set(
        case.involvements.filter(user__isnull=False)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .values_list("user_id", flat=True)
    )
    if case.coordinator_id:
        user_ids.add(case.coordinator_id)

    CaseUserObjectPermission.objects.filter(content_object=case).exclude(
        user_id__in=user_ids
    ).delete()
    existing = set(
        CaseUserObjectPermission.objects.filter(content_object=case).values_list(
            "user_id", "permission__codename"
        )
    )
    CaseUserObjectPermission.objects.bulk_create(
        CaseUserObjectPermission(content_object=case, user_id=uid, permission=permissions[code])
        for uid in user_ids
        for code in MEMBER_PERMS
        if (uid, code) not in existing
    )

    group_id = case.team.leaders_group_id
    CaseGroupObjectPermission.objects.filter(content_object=case).exclude(
        group_id=group_id
    ).delete()
    existing_group = set(
        CaseGroupObjectPermission.objects.filter(content_object=case).values_list(
            "permission__codename", flat=True
        )
    )
    CaseGroupObjectPermission.objects.bulk_create(
        CaseGroupObjectPermission(content_object=case, group_id=group_id, permission=permissions[c])
        for c in LEADER_PERMS
        if c not in existing_group
    )


# --- Fetch, authorise and log in one call ---------------------------------------------------


def _effective_action(request: HttpRequest | None, action: AccessAction) -> AccessAction:
    """A form posted on a page is a change, not a view."""
    if action == AccessAction.VIEW and request is not None and request.method == "POST":
        return AccessAction.CHANGE
    return action


def log_created(
    user: User,
    *,
    request: HttpRequest | None,
    resident_ids: list[int],
    object_type: str,
    object_id: int,
) -> None:
    access_log_record(
        user=user,
        request=request,
        action=AccessAction.CREATE,
        resident_ids=resident_ids,
        reason=AccessReason.REGISTRAR,
        object_type=object_type,
        object_id=object_id,
    )


def deny(user: User, request: HttpRequest | None, object_type: str, object_id) -> Http404:
    """Log a refused attempt and return the 404 to raise: what you may not see does not
    exist for you, but the privacy officer sees that you tried."""
    access_log_record(
        user=user,
        request=request,
        action=AccessAction.VIEW,
        granted=False,
        reason=AccessReason.NONE,
        object_type=object_type,
        # Only ids a bigint can hold; anything else was no id to begin with.
        object_id=object_id if isinstance(object_id, int) and 0 <= object_id < 2**63 else None,
    )
    return Http404()


def access_case(
    user: User,
    case_id: int,
    *,
    request: HttpRequest | None = None,
    action: AccessAction = AccessAction.VIEW,
    for_edit: bool = False,
) -> tuple[Case, set[str]]:
    """The case with this id if the user may see it (and edit it, with `for_edit`), logged
    with the reason; otherwise the denied attempt is logged and Http404 raised. Returns the
    case and the user's permissions on it, for template flags without more queries."""
    case = (
        visible_cases(user)
        .select_related("household", "primary_resident", "team", "coordinator")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise deny(user, request, "case", case_id)
    perms = case_perms(user, case)
    action = _effective_action(request, action)
    if for_edit and not can_edit_case(user, case, perms):
        raise deny(user, request, "case", case_id)
    if is_emergency_only(perms) and action == AccessAction.CHANGE:
        raise deny(user, request, "case", case_id)  # emergency access only reads
    resident_ids = list(case.household.memberships.values_list("resident_id", flat=True))
    access_log_record(
        user=user,
        request=request,
        action=action,
        case=case,
        resident_ids=resident_ids,
        reason=access_reason(user, case, perms),
        object_type="case",
        object_id=case.pk,
    )
    return case, perms


def access_resident(
    user: User,
    resident_id: int,
    *,
    request: HttpRequest | None = None,
    action: AccessAction = AccessAction.VIEW,
    for_edit: bool = False,
) -> Resident:
    """The resident if the user may see them, logged with the reason. Emergency access
    reads only: asked for an edit page (`for_edit`), or posting a change, it is refused."""
    resident = visible_residents(user).filter(pk=resident_id).first()
    if resident is None:
        raise deny(user, request, "resident", resident_id)
    action = _effective_action(request, action)
    reason = _resident_reason(user, resident)
    if reason == AccessReason.EMERGENCY and (for_edit or action == AccessAction.CHANGE):
        raise deny(user, request, "resident", resident_id)
    access_log_record(
        user=user,
        request=request,
        action=action,
        resident_ids=[resident.pk],
        reason=reason,
        object_type="resident",
        object_id=resident.pk,
    )
    return resident


def access_household(
    user: User,
    household_id: int,
    *,
    request: HttpRequest | None = None,
    action: AccessAction = AccessAction.VIEW,
    for_edit: bool = False,
) -> Household:
    """The household if the user may see it, logged with the reason. Emergency access
    reads only: asked for an edit page (`for_edit`), or posting a change, it is refused."""
    household = visible_households(user).filter(pk=household_id).first()
    if household is None:
        raise deny(user, request, "household", household_id)
    action = _effective_action(request, action)
    reason = _household_reason(user, household)
    if reason == AccessReason.EMERGENCY and (for_edit or action == AccessAction.CHANGE):
        raise deny(user, request, "household", household_id)
    access_log_record(
        user=user,
        request=request,
        action=action,
        resident_ids=list(household.memberships.values_list("resident_id", flat=True)),
        reason=reason,
        object_type="household",
        object_id=household.pk,
    )
    return household


def _resident_reason(user: User, resident: Resident) -> AccessReason:
    """A relationship with one of the resident's cases comes before emergency access."""
    case = _regular_cases(user).filter(household__memberships__resident=resident).first()
    if case:
        return access_reason(user, case)
    emergency = active_emergency_accesses(user).filter(
        case__household__memberships__resident=resident
    )
    return AccessReason.EMERGENCY if emergency.exists() else AccessReason.REGISTRAR


def _household_reason(user: User, household: Household) -> AccessReason:
    case = _regular_cases(user).filter(household=household).first()
    if case:
        return access_reason(user, case)
    emergency = active_emergency_accesses(user).filter(case__household=household)
    return AccessReason.EMERGENCY if emergency.exists() else AccessReason.REGISTRAR


def log_listed_residents(
    user: User, resident_ids: list[int], *, request: HttpRequest | None, detail: str = ""
) -> None:
    """Lists and searches log what they showed, once per page, not a row per resident."""
    if resident_ids:
        access_log_record(
            user=user,
            request=request,
            action=AccessAction.SEARCH if detail else AccessAction.LIST,
            resident_ids=resident_ids,
            detail=detail,
        )

"""Reads of the privacy app. For the privacy officer: finding a resident or a user, their
pages of the access log, and the counts of the overview; metadata only (who, when, what,
which case reference), never case content. Callers are the privacy officer's views, which
check the role first and log what they show (privacy.views.log). For the case page: its
shares and consents, for callers that fetched the case through the permission layer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.constants import Role
from accounts.models import User
from cases.models import Case, HouseholdMember, Resident
from cases.permissions import is_emergency_only

from .constants import DataCategory, ReviewKind, ReviewStatus
from .emergency import active_emergency_access
from .models import AccessLog, AccessLogSubject, Consent, DataShare, ReviewItem

SEARCH_LIMIT = 25
LOG_PAGE_SIZE = 50

_BSN = re.compile(r"\d{9}")
_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_BSN_SEPARATORS = str.maketrans("", "", " .-")

# Statuses still waiting for someone: the officer (open, answered) or the professional.
UNDECIDED = (ReviewStatus.OPEN, ReviewStatus.QUESTIONED, ReviewStatus.ANSWERED)


# --- Finding a resident or a user -----------------------------------------------------------


@dataclass
class SearchResult:
    items: list
    truncated: bool  # more matched than the limit: ask for a narrower term


def parse_birth_date(query: str) -> date | None:
    """A date of birth as Dutch people write it: dd-mm-jjjj."""
    match = _DATE.fullmatch(query.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_bsn(query: str) -> str | None:
    candidate = query.strip().translate(_BSN_SEPARATORS)
    return candidate if _BSN.fullmatch(candidate) else None


def resident_search(query: str, *, limit: int = SEARCH_LIMIT) -> SearchResult:
    """Residents by exact BSN (9 digits), date of birth (dd-mm-jjjj) or name (every word
    in the first name, prefix or last name, case-insensitive). At most `limit`."""
    query = query.strip()
    residents = Resident.objects.only(
        "pk", "first_name", "name_prefix", "last_name", "date_of_birth", "bsn", "is_employee"
    ).order_by("last_name", "first_name", "pk")
    if bsn := parse_bsn(query):
        residents = residents.filter(bsn=bsn)
    elif (born := parse_birth_date(query)) is not None:
        residents = residents.filter(date_of_birth=born)
    else:
        words = query.split()
        if not words:
            return SearchResult(items=[], truncated=False)
        for word in words:
            residents = residents.filter(
                Q(first_name__icontains=word)
                | Q(name_prefix__icontains=word)
                | Q(last_name__icontains=word)
            )
    found = list(residents[: limit + 1])
    return SearchResult(items=found[:limit], truncated=len(found) > limit)


def user_search(query: str, *, limit: int = SEARCH_LIMIT) -> SearchResult:
    """Users by every word in their first name, last name or username."""
    words = query.split()
    if not words:
        return SearchResult(items=[], truncated=False)
    users = (
        User.objects.select_related("organisation", "team")
        .prefetch_related("groups")
        .order_by("first_name", "last_name", "pk")
    )
    for word in words:
        users = users.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
        )
    found = list(users[: limit + 1])
    return SearchResult(items=found[:limit], truncated=len(found) > limit)


# --- Pages of the access log ----------------------------------------------------------------


@dataclass
class SubjectName:
    resident_id: int
    name: str
    exists: bool


@dataclass
class LogPage:
    entries: list[AccessLog]
    has_next: bool
    resident_ids: list[int] = field(default_factory=list)  # every resident the page names

    @property
    def next_before_id(self) -> int | None:
        return self.entries[-1].pk if self.has_next and self.entries else None


def role_labels(roles: str) -> str:
    """The roles snapshot of an entry ("professional,teamleider") as Dutch labels."""
    labels = []
    for value in filter(None, roles.split(",")):
        try:
            labels.append(str(Role(value).label))
        except ValueError:
            labels.append(value)
    return ", ".join(labels)


def object_label(object_type: str, object_id: int | None) -> str:
    """What a refused attempt asked for, in words: "casus #12", "inwoner #7"."""
    labels = {
        "case": _("casus"),
        "resident": _("inwoner"),
        "household": _("huishouden"),
        "privacy": _("privacyscherm"),
        "review_item": _("wachtrij-item"),
        "meeting": _("doorbraaktafel"),
        "agenda_item": _("agendapunt"),
    }
    label = labels.get(object_type, object_type)
    if object_id is None:
        return label
    return _("%(what)s #%(id)s") % {"what": label, "id": object_id}


def resident_names(resident_ids) -> dict[int, SubjectName]:
    """Names for these resident ids in one query; a resident who no longer exists is named
    by id only."""
    ids = sorted(set(resident_ids))
    found = {
        r.pk: r
        for r in Resident.objects.filter(pk__in=ids).only(
            "pk", "first_name", "name_prefix", "last_name"
        )
    }
    names = {}
    for rid in ids:
        resident = found.get(rid)
        if resident is None:
            names[rid] = SubjectName(rid, _("verwijderde inwoner #%(id)s") % {"id": rid}, False)
        else:
            names[rid] = SubjectName(rid, resident.full_name, True)
    return names


def _entries(queryset: QuerySet[AccessLog]) -> QuerySet[AccessLog]:
    return queryset.select_related("user").order_by("-pk")


def _page(entries: list[AccessLog], limit: int) -> LogPage:
    """Attach the named subjects to each entry: subject rows in one query, their names in
    one more, whatever the number of entries."""
    has_next = len(entries) > limit
    entries = entries[:limit]
    subjects: dict[int, list[int]] = {}
    for entry_id, rid in AccessLogSubject.objects.filter(
        entry_id__in=[e.pk for e in entries]
    ).values_list("entry_id", "resident_id_ref"):
        subjects.setdefault(entry_id, []).append(rid)
    names = resident_names(rid for rids in subjects.values() for rid in rids)
    for entry in entries:
        entry.subject_names = [names[rid] for rid in sorted(subjects.get(entry.pk, []))]
        entry.role_labels = role_labels(entry.roles)
        entry.object_label = object_label(entry.object_type, entry.object_id_ref)
    return LogPage(entries=entries, has_next=has_next, resident_ids=sorted(names))


def resident_known(resident_id: int) -> bool:
    """The resident exists, or the log still speaks of them (after removal)."""
    return (
        Resident.objects.filter(pk=resident_id).exists()
        or AccessLogSubject.objects.filter(resident_id_ref=resident_id).exists()
    )


def log_for_resident(
    resident_id: int, *, before_id: int | None = None, limit: int = LOG_PAGE_SIZE
) -> LogPage:
    """Who saw this resident's data, newest first, `limit` entries before `before_id`.

    Two keyset queries, each at most limit+1 rows, merged by id:
    * entries that name the resident as a subject (an indexed lookup on
      AccessLogSubject.resident_id_ref);
    * refused attempts on the resident, their household or one of their cases: a refusal
      names the object asked for and has no subject rows (nobody saw anything), but the
      privacy officer wants to see who tried. Cases and households are matched by their
      current ids, so refusals on a case that has since been removed no longer show here.
    Ids are in time order (the writer locks the chain head), so "before this id" is "older".
    """
    older = Q(pk__lt=before_id) if before_id else Q()
    # Both conditions on the subject row (one join), so an index on
    # (resident_id_ref, entry) answers the page by a backward range scan.
    about = Q(subjects__resident_id_ref=resident_id)
    if before_id:
        about &= Q(subjects__entry__lt=before_id)
    seen = list(_entries(AccessLog.objects.filter(about))[: limit + 1])
    memberships = HouseholdMember.objects.filter(resident_id=resident_id)
    household_ids = list(memberships.values_list("household_id", flat=True))
    case_ids = list(
        Case.objects.filter(household_id__in=household_ids).values_list("pk", flat=True)
    )
    tried = Q(object_type="resident", object_id_ref=resident_id)
    if household_ids:
        tried |= Q(object_type="household", object_id_ref__in=household_ids)
    if case_ids:
        tried |= Q(object_type="case", object_id_ref__in=case_ids)
    refused = list(_entries(AccessLog.objects.filter(older, tried, granted=False))[: limit + 1])
    merged = {e.pk: e for e in (*seen, *refused)}
    entries = [merged[pk] for pk in sorted(merged, reverse=True)][: limit + 1]
    return _page(entries, limit)


def day_start(day: date) -> datetime:
    """The first moment of a local day, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


def log_for_user(
    user_id: int,
    *,
    before_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = LOG_PAGE_SIZE,
) -> LogPage:
    """What this user did, newest first, optionally from `since` up to and including
    `until` (local days), `limit` entries before `before_id`."""
    entries = AccessLog.objects.filter(user_id=user_id)
    if before_id:
        entries = entries.filter(pk__lt=before_id)
    if since:
        entries = entries.filter(created_at__gte=day_start(since))
    if until and until < date.max:
        entries = entries.filter(created_at__lt=day_start(until + timedelta(days=1)))
    return _page(list(_entries(entries)[: limit + 1]), limit)


# --- The overview ---------------------------------------------------------------------------


@dataclass
class KindCount:
    kind: str
    label: str
    open: int = 0
    questioned: int = 0
    answered: int = 0

    @property
    def total(self) -> int:
        return self.open + self.questioned + self.answered


def review_counts() -> list[KindCount]:
    """Undecided review items per kind and status, in one query."""
    counts = {kind.value: KindCount(kind.value, str(kind.label)) for kind in ReviewKind}
    rows = (
        ReviewItem.objects.filter(status__in=UNDECIDED)
        .values("kind", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        if row["kind"] in counts:
            setattr(counts[row["kind"]], row["status"], row["n"])
    return list(counts.values())


def open_breaches() -> QuerySet[ReviewItem]:
    """Items marked as a possible data breach and not yet closed, the most urgent first."""
    return (
        ReviewItem.objects.filter(status=ReviewStatus.BREACH)
        .select_related("subject_user")
        .order_by("breach_noticed_at", "pk")
    )


def questions_for(user) -> QuerySet[ReviewItem]:
    """Items the privacy officer asked this user about, waiting for an answer."""
    return ReviewItem.objects.filter(subject_user=user, status=ReviewStatus.QUESTIONED)


def open_questions_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return questions_for(user).count()


# --- The case page --------------------------------------------------------------------------

SHARES_ON_CASE_PAGE = 10


def case_shares(case) -> QuerySet[DataShare]:
    """The shares recorded in a case, newest first."""
    return DataShare.objects.filter(case=case).select_related(
        "resident", "recipient_organisation", "consent", "shared_by"
    )


def with_category_labels(shares) -> list[DataShare]:
    """The names of the data categories, for the table."""
    labels = dict(DataCategory.choices)
    shares = list(shares)
    for share in shares:
        share.category_labels = [str(labels.get(c, c)) for c in share.categories]
    return shares


def case_privacy_panel(user, case, perms: set[str], residents=()) -> dict:
    """What the case page shows of privacy: the latest shares, the consents of every
    resident of the household (`residents`, in the order the page lists them), and the
    user's emergency access when that is their only ground. A fixed number of queries,
    however many shares or consents there are."""
    shares = case_shares(case)
    groups: dict[int, dict] = {r.pk: {"resident": r, "consents": []} for r in residents}
    consents = (
        Consent.objects.filter(resident__memberships__household_id=case.household_id)
        .select_related("resident", "recorded_by")
        .order_by("resident__last_name", "resident__first_name", "resident_id", "-given_on")
    )
    for consent in consents:
        group = groups.setdefault(
            consent.resident_id, {"resident": consent.resident, "consents": []}
        )
        group["consents"].append(consent)
    emergency = active_emergency_access(user, case) if is_emergency_only(perms) else None
    return {
        "shares": with_category_labels(shares[:SHARES_ON_CASE_PAGE]),
        "share_count": shares.count(),
        "consent_groups": list(groups.values()),
        "emergency_access": emergency,
    }

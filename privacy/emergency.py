"""Noodtoegang (break-the-glass): a professional opens a case they have no part in, because
they must act now, by stating why. The access is read-only, lasts
`settings.EMERGENCY_ACCESS_HOURS`, is logged with the reason `emergency` and lands in the
privacy officer's review queue. The permission layer (cases.permissions) counts only access
that has not ended and has not expired, so an expired access stops at once, whether or not
the periodic task has marked it yet.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import F, IntegerField, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.constants import CaseStatus
from cases.models import Case, Resident
from cases.permissions import (
    REGULAR_VIEW,
    active_emergency_accesses,
    may_break_glass,
    regular_case_perms,
)
from cases.validators import bsn_is_valid

from .constants import AccessAction, AccessReason, ReviewKind
from .models import EmergencyAccess
from .services import access_log_record, review_item_open, save_with_history

if TYPE_CHECKING:
    from accounts.models import User

MIN_REASON_LENGTH = 20
REFERENCE_RE = re.compile(r"^[0-9]{4}-[0-9]{6}$")


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _error(field: str | None, message: str, code: str) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


# --- Selectors ------------------------------------------------------------------------------


def active_emergency_access(user: User, case: Case) -> EmergencyAccess | None:
    """The user's emergency access to this case that counts right now, if any."""
    if not getattr(user, "pk", None):
        return None
    return active_emergency_accesses(user).filter(case=case).order_by("-expires_at").first()


def emergency_case_lookup(
    *,
    acting_user: User,
    reference: str = "",
    bsn: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """The case to open with emergency access: by its number (2026-000123), or by the BSN
    of a resident in it (the household's open case, else its most recent one). A lookup
    that finds nothing is refused with a Dutch message and logged as a denied attempt."""
    reference = (reference or "").strip()
    bsn = "".join(ch for ch in (bsn or "") if ch not in " .-\t")
    if bool(reference) == bool(bsn):
        raise _error(
            None,
            _("Vul een casusnummer of een BSN in."),
            "lookup_missing",
        )
    if reference:
        if not REFERENCE_RE.match(reference):
            raise _error(
                "reference",
                _("Een casusnummer ziet er zo uit: 2026-000123."),
                "reference_format",
            )
        case = Case.objects.filter(reference=reference).first()
        asked_for = _("casusnummer %(ref)s") % {"ref": reference}
    else:
        if not bsn_is_valid(bsn):
            raise _error(
                "bsn",
                _("Dit is geen geldig BSN: het voldoet niet aan de elfproef."),
                "bsn_checksum",
            )
        case = (
            Case.objects.filter(
                household__memberships__resident__in=Resident.objects.filter(bsn=bsn)
            )
            .annotate(
                closed=SqlCase(
                    When(status=CaseStatus.CLOSED, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
            .order_by("closed", "-reported_on", "-pk")
            .first()
        )
        asked_for = _("BSN eindigend op %(last)s") % {"last": bsn[-4:]}
    if case is None:
        access_log_record(
            user=acting_user,
            request=request,
            action=AccessAction.SEARCH,
            granted=False,
            reason=AccessReason.NONE,
            object_type="case",
            detail=_("noodtoegang: geen casus gevonden bij %(what)s") % {"what": asked_for},
        )
        raise _error(
            "bsn" if bsn else "reference",
            _("Geen casus gevonden met dit casusnummer of BSN."),
            "not_found",
        )
    return case


# --- Services -------------------------------------------------------------------------------


@transaction.atomic
def emergency_access_open(
    *,
    acting_user: User,
    case: Case,
    reason: str,
    request: HttpRequest | None = None,
) -> EmergencyAccess:
    """Open read-only emergency access to a case the user has no part in. Writes the access,
    its access-log entry (reason `emergency`, every resident of the household as subject)
    and a review item for the privacy officer, in one transaction."""
    if not may_break_glass(acting_user):
        raise _error(
            None,
            _(
                "Alleen professionals die casuswerk doen en de privacy officer kunnen "
                "noodtoegang gebruiken."
            ),
            "not_caseworker",
        )
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise _error(
            "reason",
            _("Beschrijf in ten minste 20 tekens waarom je dit dossier nu moet openen."),
            "reason_too_short",
        )
    # One decision per case at a time: a second request for the same case waits here.
    case = Case.objects.select_for_update().select_related("household").get(pk=case.pk)
    if REGULAR_VIEW in regular_case_perms(acting_user, case):
        raise _error(None, _("Je hebt al toegang tot deze casus."), "already_has_access")
    current = active_emergency_access(acting_user, case)
    if current is not None:
        raise _error(
            None,
            _("Je hebt al noodtoegang tot deze casus, tot %(time)s.")
            % {"time": f"{timezone.localtime(current.expires_at):%d-%m-%Y %H:%M}"},
            "already_open",
        )
    now = timezone.now()
    access = EmergencyAccess(
        user=acting_user,
        case=case,
        reason=reason,
        started_at=now,
        expires_at=now + timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
    )
    save_with_history(access, acting_user)
    entry = access_log_record(
        user=acting_user,
        request=request,
        action=AccessAction.VIEW,
        case=case,
        resident_ids=list(case.household.memberships.values_list("resident_id", flat=True)),
        reason=AccessReason.EMERGENCY,
        object_type="emergency_access",
        object_id=access.pk,
        detail=_("noodtoegang gestart: %(reason)s") % {"reason": reason},
    )
    review_item_open(
        kind=ReviewKind.EMERGENCY,
        subject_user=acting_user,
        summary=_("Noodtoegang tot casus %(ref)s door %(name)s: %(reason)s")
        % {"ref": case.reference, "name": _name(acting_user), "reason": reason},
        emergency_access=access,
        access_log_id=entry.pk,
    )
    return access


@transaction.atomic
def emergency_access_end(*, acting_user: User, access: EmergencyAccess) -> EmergencyAccess:
    """The professional ends their emergency access before it expires. Ending one that has
    already ended or expired changes nothing."""
    access = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
    if access.user_id != acting_user.pk:
        raise _error(None, _("Dit is niet jouw noodtoegang."), "not_yours")
    if access.ended_at is None:
        now = timezone.now()
        access.ended_at = min(now, access.expires_at)
        save_with_history(access, acting_user)
    return access


def emergency_access_expire_due(*, now: datetime | None = None) -> int:
    """Mark every emergency access whose time is up as ended, at the moment it expired.
    Returns how many were marked; running it again marks nothing more. The permission
    layer already ignores expired access, so this is bookkeeping, not the lock."""
    now = now or timezone.now()
    return EmergencyAccess.objects.filter(ended_at__isnull=True, expires_at__lte=now).update(
        ended_at=F("expires_at")
    )

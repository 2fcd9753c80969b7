"""Writes of the privacy app. Other apps call these; they never write the models directly."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import AccessAction, AccessReason
from .models import AccessLog, AccessLogSubject, Consent, DataShare


def _save(instance: models.Model, acting_user) -> None:
    """Validate and save with the acting user in the history row."""
    instance.full_clean()
    instance._history_user = acting_user  # read by django-simple-history
    instance.save()


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def access_log_record(
    *,
    user,
    action: AccessAction,
    request: HttpRequest | None = None,
    resident_ids: Iterable[int] = (),
    case=None,
    reason: AccessReason | str = "",
    granted: bool = True,
    object_type: str = "",
    object_id: int | None = None,
    detail: str = "",
) -> AccessLog:
    """Write one access-log entry and its subject rows. Lists log once, with every resident
    they showed, rather than a row per resident."""
    organisation = getattr(user, "organisation", None)
    entry = AccessLog.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "anoniem",
        roles=",".join(getattr(user, "roles", [])),
        organisation=organisation.name if organisation else "",
        action=action,
        granted=granted,
        reason=reason,
        case_id_ref=getattr(case, "pk", None),
        case_reference=getattr(case, "reference", ""),
        object_type=object_type,
        object_id_ref=object_id,
        detail=detail[:300],
        ip_address=_client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
        path=(request.get_full_path() if request else "")[:300],
    )
    AccessLogSubject.objects.bulk_create(
        AccessLogSubject(entry=entry, resident_id_ref=rid) for rid in sorted(set(resident_ids))
    )
    return entry


def data_share_record(
    *,
    acting_user,
    resident,
    recipient_organisation,
    categories: list[str],
    legal_basis: str,
    purpose: str,
    channel: str,
    shared_on,
    case=None,
    consent=None,
    legal_article: str = "",
    recipient_person: str = "",
    agenda_item=None,
):
    """Record one sharing of a resident's data with another organisation."""
    share = DataShare(
        resident=resident,
        case=case,
        recipient_organisation=recipient_organisation,
        recipient_person=recipient_person,
        categories=categories,
        legal_basis=legal_basis,
        consent=consent,
        legal_article=legal_article,
        purpose=purpose,
        channel=channel,
        shared_on=shared_on,
        shared_by=acting_user,
        agenda_item=agenda_item,
    )
    _save(share, acting_user)
    return share


def consent_record(
    *,
    acting_user,
    resident,
    scope_organisations: str,
    scope_purposes: str,
    given_on,
    withdrawn_on=None,
):
    """Record a resident's consent to share their data: with whom, for what and from when;
    and, once withdrawn, until when. Dates lie not in the future and a withdrawal not before
    the consent was given. Returns the saved Consent."""
    today = timezone.localdate()
    errors = {}
    if given_on > today:
        errors["given_on"] = ValidationError(_("Deze datum ligt in de toekomst."), code="future")
    if withdrawn_on is not None:
        if withdrawn_on > today:
            errors["withdrawn_on"] = ValidationError(
                _("Deze datum ligt in de toekomst."), code="future"
            )
        elif withdrawn_on < given_on:
            errors["withdrawn_on"] = ValidationError(
                _("De toestemming kan niet zijn ingetrokken vóór de datum waarop ze is gegeven."),
                code="withdrawn_before_given",
            )
    if errors:
        raise ValidationError(errors)
    consent = Consent(
        resident=resident,
        scope_organisations=scope_organisations,
        scope_purposes=scope_purposes,
        given_on=given_on,
        withdrawn_on=withdrawn_on,
        recorded_by=acting_user,
    )
    _save(consent, acting_user)
    return consent

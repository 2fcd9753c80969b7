"""Writes of the privacy app. Other apps call these; they never write the models directly."""

import ipaddress
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .chain import CHAINED_FIELDS, chain_key, entry_content, entry_hash
from .constants import AccessAction, AccessReason, ReviewKind
from .models import AccessLog, AccessLogChain, AccessLogSubject, Consent, DataShare, ReviewItem


def _save(instance: models.Model, acting_user) -> None:
    """Validate and save with the acting user in the history row."""
    instance.full_clean()
    instance._history_user = acting_user  # read by django-simple-history
    instance.save()


def _client_ip(request: HttpRequest | None) -> str | None:
    """The address in its canonical form, so the chained hash matches what the database
    gives back (PostgreSQL normalises IPv6 addresses)."""
    if request is None:
        return None
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).compressed
    except ValueError:
        return None


def _chain_head() -> AccessLogChain:
    """The chain's head row, locked until the transaction ends: entries are chained one at
    a time, in the order of their ids."""
    head = AccessLogChain.objects.select_for_update().filter(pk=1).first()
    if head is None:  # only after a test flushed the tables
        head, _created = AccessLogChain.objects.get_or_create(pk=1)
    return head


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
    """Write one access-log entry and its subject rows, chained to the previous entry. Lists
    log once, with every resident they showed, rather than a row per resident."""
    organisation = getattr(user, "organisation", None)
    subject_ids = sorted(set(resident_ids))
    entry = AccessLog(
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
    with transaction.atomic():
        head = _chain_head()
        values = [getattr(entry, field) for field in CHAINED_FIELDS]
        entry.prev_hash = head.last_hash
        entry.entry_hash = entry_hash(
            chain_key(), head.last_hash, entry_content(values, subject_ids)
        )
        entry.save()
        AccessLogSubject.objects.bulk_create(
            AccessLogSubject(entry=entry, resident_id_ref=rid) for rid in subject_ids
        )
        AccessLogChain.objects.filter(pk=head.pk).update(last_hash=entry.entry_hash)
    return entry


def review_item_open(
    *,
    kind: ReviewKind,
    subject_user,
    summary: str,
    data_share: DataShare | None = None,
    emergency_access=None,
    access_log_id: int | None = None,
    flag_key: str | None = None,
) -> ReviewItem | None:
    """Put something in the privacy officer's review queue. With a `flag_key` the same
    signal lands only once (returns None when it was already there)."""
    item = ReviewItem(
        kind=kind,
        subject_user=subject_user,
        summary=summary[:300],
        data_share=data_share,
        emergency_access=emergency_access,
        access_log_id_ref=access_log_id,
        flag_key=flag_key,
    )
    if flag_key and ReviewItem.objects.filter(flag_key=flag_key).exists():
        return None
    try:
        with transaction.atomic():
            _save(item, subject_user)
    except IntegrityError:  # the same flag raised at the same moment elsewhere
        return None
    return item


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

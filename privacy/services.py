"""Writes of the privacy app. Other apps call these; they never write the models directly."""

import ipaddress
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .chain import CHAINED_FIELDS, chain_key, entry_content, entry_hash
from .constants import AccessAction, AccessReason, DataCategory, LegalBasis, ReviewKind
from .models import AccessLog, AccessLogChain, AccessLogSubject, Consent, DataShare, ReviewItem


def save_with_history(instance: models.Model, acting_user) -> None:
    """Validate and save with the acting user in the history row. The same as
    cases.services.save_with_history: the privacy app sits below casework (the casework
    permission layer writes the access log), so it cannot import that one."""
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
            save_with_history(item, subject_user)
    except IntegrityError:  # the same flag raised at the same moment elsewhere
        return None
    return item


def _display_name(user) -> str:
    return user.get_full_name() or user.username


def _share_is_founded(legal_basis: str, consent, legal_article: str) -> bool:
    """Whether a share names what it rests on: consent its Consent record, a legal task its
    law and article, a covenant the covenant's name, vital interest what makes it vital.
    The service refuses an unfounded consent or legal task; a share on vital interest or a
    covenant without that is kept (it may have been urgent) and flagged for review."""
    if legal_basis == LegalBasis.CONSENT:
        return consent is not None
    return bool(legal_article.strip())


def _consent_problem(consent, *, resident, shared_on) -> ValidationError | None:
    if consent is None:
        return ValidationError(
            _("Kies de toestemming van de inwoner waarop je deelt."), code="consent_missing"
        )
    if consent.resident_id != resident.pk:
        return ValidationError(
            _("Deze toestemming is niet van deze inwoner."), code="consent_other_resident"
        )
    if consent.withdrawn_on is not None and consent.withdrawn_on <= shared_on:
        return ValidationError(
            _(
                "Deze toestemming is ingetrokken op %(date)s; op deze grondslag kan niet meer "
                "worden gedeeld."
            )
            % {"date": f"{consent.withdrawn_on:%d-%m-%Y}"},
            code="consent_withdrawn",
        )
    if consent.given_on > shared_on:
        return ValidationError(
            _(
                "Deze toestemming is pas gegeven op %(date)s, na de datum van deling; op die "
                "datum was er nog geen toestemming."
            )
            % {"date": f"{consent.given_on:%d-%m-%Y}"},
            code="consent_not_yet_given",
        )
    return None


@transaction.atomic
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
) -> DataShare:
    """Record one sharing of a resident's data with another organisation, and put it in the
    privacy officer's review queue. Refused with a Dutch message per field, writing nothing:
    no or unknown data categories; consent as the basis without an active consent of this
    resident on the day of sharing (a withdrawn consent stops new sharing); a legal task
    without its law and article; a date in the future; a resident outside the case's
    household. A share on vital interest or a covenant that names nothing lands in the
    queue as unfounded."""
    from cases.models import HouseholdMember

    legal_article = (legal_article or "").strip()
    categories = list(categories or [])
    errors: dict[str, ValidationError] = {}
    if not categories:
        errors["categories"] = ValidationError(
            _("Kies welke soorten gegevens je hebt gedeeld."), code="categories_missing"
        )
    elif any(c not in DataCategory.values for c in categories) or len(set(categories)) != len(
        categories
    ):
        errors["categories"] = ValidationError(
            _("Kies de soorten gegevens uit de lijst, elke soort één keer."),
            code="categories_invalid",
        )
    if legal_basis not in LegalBasis.values:
        errors["legal_basis"] = ValidationError(
            _("Kies de grondslag waarop je deelt."), code="legal_basis_missing"
        )
    if shared_on is not None and shared_on > timezone.localdate():
        errors["shared_on"] = ValidationError(_("Deze datum ligt in de toekomst."), code="future")
    if legal_basis == LegalBasis.CONSENT:
        if consent is not None:  # its current state, not what a form loaded earlier
            consent = Consent.objects.select_for_update().filter(pk=consent.pk).first()
        if shared_on is not None and "shared_on" not in errors:
            problem = _consent_problem(consent, resident=resident, shared_on=shared_on)
            if problem is not None:
                errors["consent"] = problem
    else:
        consent = None  # another basis does not rest on a consent
    if legal_basis == LegalBasis.LEGAL_TASK and not legal_article:
        errors["legal_article"] = ValidationError(
            _(
                "Noem bij een wettelijke taak de wet en het artikel, bijvoorbeeld "
                "Wmo 2015 art. 5.2.1."
            ),
            code="article_missing",
        )
    if (
        case is not None
        and not HouseholdMember.objects.filter(
            household_id=case.household_id, resident=resident
        ).exists()
    ):
        errors["resident"] = ValidationError(
            _("Deze inwoner hoort niet bij het huishouden van deze casus."), code="not_in_case"
        )
    if errors:
        raise ValidationError(errors)

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
    save_with_history(share, acting_user)
    names = {
        "organisation": recipient_organisation,
        "basis": LegalBasis(legal_basis).label,
        "name": _display_name(acting_user),
        "ref": getattr(case, "reference", ""),
    }
    if case is not None:
        summary = _("Deling met %(organisation)s (%(basis)s) door %(name)s, casus %(ref)s") % names
    else:
        summary = _("Deling met %(organisation)s (%(basis)s) door %(name)s") % names
    review_item_open(
        kind=ReviewKind.SHARE
        if _share_is_founded(legal_basis, consent, legal_article)
        else ReviewKind.SHARE_UNFOUNDED,
        subject_user=acting_user,
        summary=summary,
        data_share=share,
    )
    return share


@transaction.atomic
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
    save_with_history(consent, acting_user)
    return consent


@transaction.atomic
def consent_withdraw(*, acting_user, consent, withdrawn_on) -> Consent:
    """Record that the resident withdrew their consent on `withdrawn_on`: not before it was
    given, not in the future, and only once. From that day on nothing can be shared on it."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        message = _("Deze toestemming is al ingetrokken op %(date)s.") % {
            "date": f"{consent.withdrawn_on:%d-%m-%Y}"
        }
        raise ValidationError({"withdrawn_on": ValidationError(message, code="already_withdrawn")})
    if withdrawn_on > timezone.localdate():
        raise ValidationError(
            {"withdrawn_on": ValidationError(_("Deze datum ligt in de toekomst."), code="future")}
        )
    if withdrawn_on < consent.given_on:
        message = _(
            "De toestemming kan niet zijn ingetrokken vóór de datum waarop ze is gegeven "
            "(%(date)s)."
        ) % {"date": f"{consent.given_on:%d-%m-%Y}"}
        raise ValidationError(
            {"withdrawn_on": ValidationError(message, code="withdrawn_before_given")}
        )
    consent.withdrawn_on = withdrawn_on
    save_with_history(consent, acting_user)
    return consent

"""The subject access request (inzageverzoek, art. 15 AVG): everything the product holds on
one resident, and the record of who viewed it, as a PDF for the resident and as JSON.

What the overview holds, and what it leaves out:
* the resident's own personal data in full, their BSN included: it is their own;
* the households they belong to; other members appear only as "ander lid van het
  huishouden" with their role, never by name, date of birth or BSN;
* every case of those households with its journal (a professional's personal work notes
  included and marked as such: the resident has a right to what is written about them), the
  plan, the provisions, who else is involved and what the doorbraaktafel asked and decided
  (not the meeting's general notes);
* the stressors, stability and ZRM assessments of this resident (not of other members);
* every sharing of their data, their consents, and every access-log entry that names them.

Free texts (journal, question, plan) are copied as written and cannot be cleared of other
people's data automatically; the privacy officer reads them before the overview is sent.

The structure uses Dutch keys, for the resident and whoever helps them read it. Every part
is read in a fixed number of queries, whatever the size of the file or of the log."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.constants import Role
from cases.constants import LifeDomain
from cases.models import (
    Case,
    HouseholdMember,
    Intervention,
    Involvement,
    JournalEntry,
    Resident,
)
from doorbraak.models import Action, AgendaItem
from stability.constants import Leg, RuleOfThumb
from stability.models import StabilityAssessment, ZrmAssessment
from stressors.models import Stressor

from .constants import AccessAction, AccessReason, DataCategory, PrivacyRequestKind
from .models import AccessLog, Consent, DataShare, PrivacyRequest
from .permissions import is_privacy_officer
from .services import access_log_record, save_with_history

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


# --- Small helpers ------------------------------------------------------------------------


def _name(user) -> str:
    """A person's name as the resident should read it; the username only as a last resort."""
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _one(obj, attribute: str):
    """A reverse one-to-one that may be missing (select_related caches the absence)."""
    try:
        return getattr(obj, attribute)
    except ObjectDoesNotExist:
        return None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _plain(value: Any) -> Any:
    """Dates and times as ISO 8601 (times in local time), amounts and labels as text: the
    overview as plain JSON data."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    return value


def _role_labeller():
    """Turns the roles kept with a log entry ("professional,teamleider") into their names,
    each distinct combination worked out once."""
    labels = {role.value: str(role.label) for role in Role}
    seen: dict[str, str] = {}

    def label(roles: str) -> str:
        if roles not in seen:
            seen[roles] = ", ".join(labels.get(r, r) for r in roles.split(",") if r)
        return seen[roles]

    return label


# --- Which records are the resident's ------------------------------------------------------


def resident_cases(resident: Resident) -> QuerySet[Case]:
    """Every case of a household the resident belongs to, the case they were reported in,
    and any case that holds a stressor or an assessment of theirs."""
    member = HouseholdMember.objects.filter(household=OuterRef("household"), resident=resident)
    own = (
        Stressor.objects.filter(case=OuterRef("pk"), resident=resident),
        StabilityAssessment.objects.filter(case=OuterRef("pk"), resident=resident),
        ZrmAssessment.objects.filter(case=OuterRef("pk"), resident=resident),
    )
    condition = Q(Exists(member)) | Q(primary_resident=resident)
    for rows in own:
        condition |= Q(Exists(rows))
    return Case.objects.filter(condition)


# --- The parts of the overview -------------------------------------------------------------


def _personal_data(resident: Resident) -> dict:
    return {
        "naam": resident.full_name,
        "voornaam": resident.first_name,
        "tussenvoegsel": resident.name_prefix,
        "achternaam": resident.last_name,
        "geboortedatum": resident.date_of_birth,
        "bsn": resident.bsn,
        "telefoon": resident.phone,
        "e_mail": resident.email,
        "medewerker_van_gemeente_of_partner": resident.is_employee,
        "geregistreerd_op": resident.created_at,
        "geregistreerd_door": _name(resident.created_by),
    }


def _households(resident: Resident) -> list[dict]:
    memberships = list(
        HouseholdMember.objects.filter(resident=resident).select_related("household").order_by("pk")
    )
    others: dict[int, list[dict]] = {m.household_id: [] for m in memberships}
    other_members = (
        HouseholdMember.objects.filter(household_id__in=others)
        .exclude(resident=resident)
        .order_by("household_id", "pk")
    )
    for member in other_members:
        # Never the other member's name, date of birth or BSN: only that they are there.
        others[member.household_id].append(
            {"omschrijving": _("ander lid van het huishouden"), "rol": member.get_role_display()}
        )
    return [
        {
            "adres": m.household.address_line,
            "straat": m.household.street,
            "huisnummer": f"{m.household.house_number}{m.household.house_number_suffix}",
            "postcode": m.household.postcode,
            "plaats": m.household.city,
            "uw_rol": m.get_role_display(),
            "andere_leden": others[m.household_id],
        }
        for m in memberships
    ]


def _cases_queryset(resident: Resident) -> QuerySet[Case]:
    actions = Action.objects.select_related("owner", "owner_organisation").order_by(
        "due_date", "pk"
    )
    agenda_items = (
        AgendaItem.objects.select_related("meeting__team", "breakthrough", "share")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("meeting__date", "pk")
    )
    return (
        resident_cases(resident)
        .select_related("team", "coordinator", "support_plan")
        .prefetch_related(
            "scaling_changes",
            "status_changes",
            Prefetch(
                "journal_entries",
                queryset=JournalEntry.objects.select_related("author").order_by(
                    "occurred_at", "pk"
                ),
            ),
            "support_plan__goals",
            Prefetch(
                "interventions",
                queryset=Intervention.objects.select_related("tariff").order_by("start_date", "pk"),
            ),
            Prefetch(
                "involvements",
                queryset=Involvement.objects.select_related("organisation", "user").order_by(
                    "since", "pk"
                ),
            ),
            Prefetch("agenda_items", queryset=agenda_items),
        )
        .order_by("reported_on", "pk")
    )


def _journal(case: Case) -> list[dict]:
    return [
        {
            "datum_en_tijd": entry.occurred_at,
            "soort_contact": entry.get_kind_display(),
            "onderwerp": entry.summary,
            "verslag": entry.text,
            "auteur": _name(entry.author),
            "persoonlijke_werkaantekening": entry.is_private,
        }
        for entry in case.journal_entries.all()
    ]


def _plan(case: Case) -> dict | None:
    plan = _one(case, "support_plan")
    if plan is None:
        return None
    return {
        "wat_wil_het_huishouden_bereiken": plan.summary,
        "besproken_op": plan.agreed_on,
        "evaluatie_gepland_op": plan.evaluate_on,
        "doelen": [
            {
                "leefdomein": goal.get_life_domain_display(),
                "doel": goal.description,
                "soort_hulp": goal.get_help_kind_display(),
                "wie_doet_het": goal.who,
                "streefdatum": goal.due_date,
                "status": goal.get_status_display(),
            }
            for goal in plan.goals.all()
        ],
    }


def _interventions(case: Case) -> list[dict]:
    return [
        {
            "voorziening": item.tariff.name,
            "uitgevoerd_door": item.provider,
            "startdatum": item.start_date,
            "einddatum": item.end_date,
            "aantal": item.quantity,
            "eenheid": item.tariff.get_unit_display(),
            "kosten": _money(item.cost),
            "toelichting": item.note,
        }
        for item in case.interventions.all()
    ]


def _involvements(case: Case) -> list[dict]:
    return [
        {
            "organisatie": inv.organisation.name if inv.organisation_id else inv.organisation_other,
            "contactpersoon": _name(inv.user) if inv.user_id else inv.person_name,
            "rol": inv.role,
            "telefoon": inv.phone,
            "e_mail": inv.email,
            "betrokken_sinds": inv.since,
            "betrokken_tot": inv.until,
            "toelichting": inv.note,
        }
        for inv in case.involvements.all()
    ]


def _agenda_items(case: Case) -> list[dict]:
    items = []
    for item in case.agenda_items.all():
        breakthrough = _one(item, "breakthrough")
        share = _one(item, "share")
        items.append(
            {
                "doorbraaktafel": item.meeting.date,
                "team": item.meeting.team.name,
                "status": item.get_status_display(),
                "wat_zit_vast": item.stuck,
                "wat_blokkeert": item.blocked_by,
                "vraag_aan_de_tafel": item.ask,
                "reden_uitstel": item.postponed_reason,
                "gedeeld_met_partners": (
                    {
                        "grondslag": share.get_legal_basis_display(),
                        "wetsartikel": share.legal_article,
                    }
                    if share
                    else None
                ),
                "besluit": (
                    {
                        "soort_barriere": breakthrough.get_barrier_kind_display(),
                        "barriere": breakthrough.barrier,
                        "besluit": breakthrough.decision,
                        "mandaat": breakthrough.mandate,
                        "kosten_huidige_route_per_jaar": _money(breakthrough.cost_current_path),
                        "kosten_oplossing_per_jaar": _money(breakthrough.cost_solution),
                    }
                    if breakthrough
                    else None
                ),
                "acties": [
                    {
                        "actie": action.description,
                        "eigenaar": action.owner_label,
                        "uiterlijk": action.due_date,
                        "gedaan_op": action.done_on,
                    }
                    for action in item.actions.all()
                ],
            }
        )
    return items


def _cases(resident: Resident) -> list[dict]:
    return [
        {
            "casusnummer": case.reference,
            "team": case.team.name,
            "casusregisseur": _name(case.coordinator),
            "status": case.get_status_display(),
            "soort_dossier": case.get_regime_display(),
            "bron_van_de_melding": case.get_source_display(),
            "toelichting_bron": case.source_detail,
            "hulpvraag": case.question,
            "datum_melding": case.reported_on,
            "datum_afsluiting": case.closed_on,
            "uitkomst": case.get_outcome_display() if case.outcome else "",
            "opschalingsniveau": case.get_scaling_level_display(),
            "bewaren_tot": case.retain_until,
            "reden_bewaarplicht": case.legal_hold_reason,
            "statusverloop": [
                {
                    "datum": change.changed_on,
                    "van": change.get_from_status_display() if change.from_status else "",
                    "naar": change.get_to_status_display(),
                }
                for change in case.status_changes.all()
            ],
            "op_en_afschalingen": [
                {
                    "datum": change.changed_on,
                    "van": change.get_from_level_display() if change.from_level else "",
                    "naar": change.get_to_level_display(),
                    "reden": change.reason,
                }
                for change in case.scaling_changes.all()
            ],
            "journaal": _journal(case),
            "ondersteuningsplan": _plan(case),
            "voorzieningen": _interventions(case),
            "betrokkenen": _involvements(case),
            "doorbraaktafel": _agenda_items(case),
        }
        for case in _cases_queryset(resident)
    ]


def _stressors(resident: Resident) -> list[dict]:
    stressors = (
        Stressor.objects.filter(resident=resident)
        .select_related("case", "stressor_type", "registered_by")
        .order_by("registered_on", "pk")
    )
    return [
        {
            "casusnummer": s.case.reference,
            "stressor": s.stressor_type.name,
            "ernst": s.get_severity_display() if s.severity else "",
            "speelt_sinds": s.since,
            "omschrijving": s.description,
            "wie_pakt_het_aan": s.tackled_by,
            "volgende_stap": s.next_step,
            "status": s.get_status_display(),
            "gesignaleerd_op": s.registered_on,
            "weggenomen_of_gestabiliseerd_op": s.ended_on,
            "geregistreerd_door": _name(s.registered_by),
        }
        for s in stressors
    ]


def _stability(resident: Resident) -> list[dict]:
    assessments = (
        StabilityAssessment.objects.filter(resident=resident)
        .select_related("case", "assessor")
        .order_by("assessed_on", "pk")
    )
    legs = (
        (Leg.LIVING_ENVIRONMENT, "leg_living_environment"),
        (Leg.PARTICIPATION, "leg_participation"),
        (Leg.CONTINUITY, "leg_continuity"),
    )
    return [
        {
            "casusnummer": a.case.reference,
            "datum": a.assessed_on,
            "gemeten_door": _name(a.assessor),
            "vuistregels": [
                {
                    "vuistregel": str(rule.label),
                    "score": getattr(a, rule.value),
                    "toelichting": getattr(a, f"{rule.value}_note"),
                }
                for rule in RuleOfThumb
            ],
            "poten": [{"poot": str(leg.label), "score": getattr(a, field)} for leg, field in legs],
            "stabiliteit": a.overall,
            "achteruitgang": a.declined,
        }
        for a in assessments
    ]


def _zrm(resident: Resident) -> list[dict]:
    domains = list(LifeDomain.values)
    assessments = (
        ZrmAssessment.objects.filter(resident=resident)
        .select_related("case", "assessor")
        .prefetch_related("scores")
        .order_by("assessed_on", "pk")
    )
    return [
        {
            "casusnummer": a.case.reference,
            "datum": a.assessed_on,
            "gescoord_door": _name(a.assessor),
            "scores": [
                {"leefdomein": score.get_life_domain_display(), "score": score.score}
                for score in sorted(a.scores.all(), key=lambda s: domains.index(s.life_domain))
            ],
        }
        for a in assessments
    ]


def _shares(resident: Resident) -> list[dict]:
    categories = {c.value: str(c.label) for c in DataCategory}
    shares = (
        DataShare.objects.filter(resident=resident)
        .select_related("case", "recipient_organisation", "consent", "shared_by")
        .order_by("shared_on", "pk")
    )
    return [
        {
            "gedeeld_op": share.shared_on,
            "ontvangende_organisatie": share.recipient_organisation.name,
            "ontvanger": share.recipient_person,
            "soorten_gegevens": [categories.get(c, c) for c in share.categories],
            "grondslag": share.get_legal_basis_display(),
            "wetsartikel": share.legal_article,
            "toestemming_van": share.consent.given_on if share.consent_id else None,
            "doel": share.purpose,
            "kanaal": share.get_channel_display(),
            "gedeeld_door": _name(share.shared_by),
            "casusnummer": share.case.reference if share.case_id else "",
        }
        for share in shares
    ]


def _consents(resident: Resident) -> list[dict]:
    consents = (
        Consent.objects.filter(resident=resident)
        .select_related("recorded_by")
        .order_by("given_on", "pk")
    )
    return [
        {
            "met_welke_organisaties": consent.scope_organisations,
            "waarvoor": consent.scope_purposes,
            "gegeven_op": consent.given_on,
            "ingetrokken_op": consent.withdrawn_on,
            "vastgelegd_door": _name(consent.recorded_by),
        }
        for consent in consents
    ]


def _access_log(resident: Resident) -> list[dict]:
    """Every entry that names the resident, oldest first, in one query: plain rows instead
    of model instances, because a file that is often opened has a long log."""
    actions = {a.value: str(a.label) for a in AccessAction}
    reasons = {r.value: str(r.label) for r in AccessReason}
    role_labels = _role_labeller()
    rows = (
        AccessLog.objects.filter(subjects__resident_id_ref=resident.pk)
        .order_by("created_at", "pk")
        .values_list(
            "created_at",
            "username",
            "user__first_name",
            "user__last_name",
            "roles",
            "organisation",
            "action",
            "reason",
            "case_reference",
        )
    )
    return [
        {
            "tijdstip": created_at,
            "wie": " ".join(p for p in (first, last) if p) or username,
            "rol": role_labels(roles),
            "organisatie": organisation,
            "handeling": actions.get(action, action),
            "grond_voor_toegang": reasons.get(reason, reason),
            "casusnummer": case_reference,
        }
        for (
            created_at,
            username,
            first,
            last,
            roles,
            organisation,
            action,
            reason,
            case_reference,
        ) in rows.iterator(chunk_size=2000)
    ]


def _collect(resident: Resident) -> dict:
    return {
        "persoonsgegevens": _personal_data(resident),
        "huishoudens": _households(resident),
        "casussen": _cases(resident),
        "stressoren": _stressors(resident),
        "stabiliteitsmetingen": _stability(resident),
        "zrm_metingen": _zrm(resident),
        "gegevensdelingen": _shares(resident),
        "toestemmingen": _consents(resident),
        "toegangslog": _access_log(resident),
    }


def subject_access_collect(resident: Resident) -> dict:
    """Everything the product holds on the resident, as plain JSON data with Dutch keys.
    Other members of their households appear only as "ander lid van het huishouden"."""
    return _plain(_collect(resident))


# --- The request and its delivery ---------------------------------------------------------


@transaction.atomic
def access_request_create(
    *,
    acting_user: User,
    resident: Resident,
    received_on: date,
    grounds: str = "",
    request: HttpRequest | None = None,
) -> PrivacyRequest:
    """Record a resident's access request, received on `received_on` (not in the future).
    The explanation is optional; without one the article is recorded as the ground."""
    if not is_privacy_officer(acting_user):
        raise ValidationError(
            _("Alleen een privacy officer kan een inzageverzoek vastleggen."),
            code="not_privacy_officer",
        )
    if received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": ValidationError(_("Deze datum ligt in de toekomst."), code="future")}
        )
    privacy_request = PrivacyRequest(
        kind=PrivacyRequestKind.ACCESS,
        resident_id_ref=resident.pk,
        received_on=received_on,
        grounds=grounds.strip() or _("Verzoek om inzage van de inwoner (art. 15 AVG)."),
        handled_by=acting_user,
    )
    save_with_history(privacy_request, acting_user)
    access_log_record(
        user=acting_user,
        request=request,
        action=AccessAction.EXPORT,
        resident_ids=[resident.pk],
        reason=AccessReason.PRIVACY_REVIEW,
        object_type="privacy_request",
        object_id=privacy_request.pk,
        detail="inzageverzoek vastgelegd",
    )
    return privacy_request


def _document(request_obj: PrivacyRequest) -> dict:
    resident = Resident.objects.select_related("created_by").get(pk=request_obj.resident_id_ref)
    return {
        "document": _("Overzicht van uw gegevens (inzageverzoek, art. 15 AVG)"),
        "gemaakt_op": timezone.now(),
        "uitleg": _(
            "Alles wat het sociaal wijkteam over u heeft vastgelegd, en wie uw gegevens heeft "
            "ingezien. Andere leden van uw huishouden staan er niet bij naam in. Vrije teksten "
            "staan er zoals ze zijn geschreven; gegevens van anderen daarin zijn vóór verzending "
            "nagelezen en waar nodig weggelaten (art. 15 lid 4 AVG). U kunt vragen gegevens te "
            "verbeteren (art. 16) of te verwijderen (art. 17), en een klacht indienen bij de "
            "Autoriteit Persoonsgegevens."
        ),
        "verzoek": {
            "nummer": request_obj.pk,
            "ontvangen_op": request_obj.received_on,
            "vastgelegd_op": request_obj.created_at,
            "behandeld_door": _name(request_obj.handled_by),
        },
        **_collect(resident),
    }


def access_request_render_json(request_obj: PrivacyRequest) -> bytes:
    """The overview as UTF-8 JSON, indented for a person to read."""
    return json.dumps(_plain(_document(request_obj)), ensure_ascii=False, indent=2).encode()


LOG_SAME_ACCESS = ("wie", "rol", "organisatie", "handeling", "grond_voor_toegang", "casusnummer")


def access_log_by_day(entries: list[dict]) -> list[dict]:
    """The log as the PDF prints it: per day, one line per access, where accesses that
    follow each other and differ only in their time share a line that lists every time.
    Nothing is left out; a long log just takes fewer lines (and a line of plain text is far
    cheaper to lay out than a table row)."""
    days: list[dict] = []
    for entry in entries:
        moment = timezone.localtime(entry["tijdstip"])
        if not days or days[-1]["day"] != moment.date():
            days.append({"day": moment.date(), "lines": []})
        lines = days[-1]["lines"]
        key = tuple(entry[field] for field in LOG_SAME_ACCESS)
        if lines and lines[-1]["key"] == key:
            lines[-1]["times"].append(f"{moment:%H:%M}")
        else:
            lines.append({"key": key, "times": [f"{moment:%H:%M}"], **entry})
    for day in days:
        for line in day["lines"]:
            line["count"] = len(line["times"])
            line["times"] = ", ".join(line["times"])
    return days


def access_request_render_pdf(request_obj: PrivacyRequest) -> bytes:
    """The overview as an A4 PDF for the resident."""
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    document = _document(request_obj)
    context = {"doc": document, "log_days": access_log_by_day(document["toegangslog"])}
    html = render_to_string("privacy/pdf/subject_access.html", context)
    base_url = str(settings.STATICFILES_DIRS[0]) + "/"
    return HTML(string=html, base_url=base_url).write_pdf()


DELIVERY_FORMATS = {
    "pdf": (AccessAction.PRINT, access_request_render_pdf),
    "json": (AccessAction.EXPORT, access_request_render_json),
}


def access_request_deliver(
    *,
    acting_user: User,
    request_obj: PrivacyRequest,
    fmt: str,
    request: HttpRequest | None = None,
) -> bytes:
    """Produce the overview (`fmt`: "pdf" or "json") for handing to the resident. The access
    log records it before the data is read, so the overview names its own delivery; the
    first delivery is kept on the request."""
    if not is_privacy_officer(acting_user):
        raise ValidationError(
            _("Alleen een privacy officer kan een inzageverzoek verstrekken."),
            code="not_privacy_officer",
        )
    if request_obj.kind != PrivacyRequestKind.ACCESS:
        raise ValidationError(_("Dit verzoek is geen inzageverzoek."), code="not_access")
    action, render = DELIVERY_FORMATS[fmt]
    access_log_record(
        user=acting_user,
        request=request,
        action=action,
        resident_ids=[request_obj.resident_id_ref],
        reason=AccessReason.PRIVACY_REVIEW,
        object_type="privacy_request",
        object_id=request_obj.pk,
        detail=f"inzageverzoek verstrekt ({fmt})",
    )
    content = render(request_obj)
    PrivacyRequest.objects.filter(pk=request_obj.pk, delivered_at__isnull=True).update(
        delivered_at=timezone.now()
    )
    return content


# --- The privacy officer's page for one resident: metadata only ----------------------------


def resident_overview(resident: Resident) -> dict:
    """What the privacy officer sees of a resident: who they are (BSN masked), the cases by
    reference with their status, team and retention, never what is in them."""
    cases = list(resident_cases(resident).select_related("team").order_by("-reported_on", "-pk"))
    return {"resident": resident, "cases": cases}


def resident_requests(resident_id: int) -> QuerySet[PrivacyRequest]:
    return (
        PrivacyRequest.objects.filter(resident_id_ref=resident_id)
        .select_related("handled_by")
        .order_by("-created_at", "-pk")
    )

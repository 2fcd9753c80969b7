"""The professional's side of privacy work: emergency access to a case they have no part in,
and recording what was shared about a resident and on which consent. Thin views: every
case page goes through the permission layer (`access_case(..., for_edit=True)` for writes,
so read-only emergency access records nothing), a form, a service and a redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.forms import add_service_errors
from cases.pages import (
    case_form_page,
    case_url,
    edit_view,
    form_page,
    require_case_reader,
    require_casework,
)
from cases.permissions import access_case, can_edit_case, deny, does_casework

from ..emergency import emergency_access_end as end_emergency_access
from ..emergency import emergency_access_open, emergency_case_lookup
from ..forms.casework import ConsentForm, ConsentWithdrawForm, EmergencyAccessForm, ShareForm
from ..models import Consent, EmergencyAccess
from ..selectors import case_shares, with_category_labels
from ..services import consent_record, data_share_record
from ..services import consent_withdraw as withdraw_consent


def share_list(request, case_pk: int):
    """Every recorded share of the case, paged."""
    require_case_reader(request)
    case, perms = access_case(request.user, case_pk, request=request)
    page = Paginator(case_shares(case), 25).get_page(request.GET.get("pagina"))
    page.object_list = with_category_labels(page.object_list)
    return render(
        request,
        "privacy/share_list.html",
        {"case": case, "page": page, "can_edit": can_edit_case(request.user, case, perms)},
    )


# --- Emergency access -----------------------------------------------------------------------


def _on_lookup_field(error: ValidationError) -> ValidationError:
    """The lookup service names the case number or the BSN; the form has one field."""
    return ValidationError({"lookup": error.messages}) if hasattr(error, "error_dict") else error


@edit_view
def emergency_access_start(request):
    require_case_reader(request)
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = emergency_case_lookup(
                acting_user=request.user, request=request, **form.cleaned_data["lookup"]
            )
        except ValidationError as error:
            add_service_errors(form, _on_lookup_field(error))
        else:
            try:
                access = emergency_access_open(
                    acting_user=request.user,
                    case=case,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                until = timezone.localtime(access.expires_at)
                messages.warning(
                    request,
                    _(
                        "Je hebt noodtoegang tot casus %(ref)s tot %(time)s. Je kunt het "
                        "dossier lezen, niet wijzigen. De privacy officer beoordeelt je reden."
                    )
                    % {"ref": case.reference, "time": f"{until:%d-%m-%Y %H:%M}"},
                )
                return redirect(case_url(case))
    return render(
        request,
        "privacy/emergency_start.html",
        {
            "form": form,
            "cancel_url": reverse("cases:my_cases"),
            "hours": settings.EMERGENCY_ACCESS_HOURS,
        },
    )


@require_POST
def emergency_access_end(request, pk: int):
    """End one's own emergency access early; someone else's does not exist for you."""
    require_case_reader(request)
    access = EmergencyAccess.objects.filter(user=request.user, pk=pk).select_related("case").first()
    if access is None:
        raise deny(request.user, request, "emergency_access", pk)
    end_emergency_access(acting_user=request.user, access=access)
    messages.success(
        request,
        _("Je noodtoegang tot casus %(ref)s is beëindigd.") % {"ref": access.case.reference},
    )
    return redirect("cases:my_cases" if does_casework(request.user) else "privacy:dashboard")


# --- Data sharing and consent ---------------------------------------------------------------


@edit_view
def share_add(request, case_pk: int):
    return case_form_page(
        request,
        case_pk,
        anchor="privacy",
        form_for=lambda case: ShareForm(request.POST or None, case=case),
        service=data_share_record,
        saved=_("De gegevensdeling is vastgelegd. De privacy officer ziet haar in de wachtrij."),
        title=_("Gegevensdeling vastleggen"),
        intro=_(
            "Leg elke keer vast wat je over een inwoner met een andere organisatie hebt "
            "gedeeld, en op welke grondslag."
        ),
        submit_label=_("Vastleggen"),
        template="privacy/share_form.html",
    )


@edit_view
def consent_add(request, case_pk: int):
    return case_form_page(
        request,
        case_pk,
        anchor="privacy",
        form_for=lambda case: ConsentForm(request.POST or None, case=case),
        service=consent_record,
        using_for=lambda case: {},
        saved=_("De toestemming is vastgelegd."),
        title=_("Toestemming vastleggen"),
        intro=_(
            "Leg vast waarvoor en met wie de inwoner toestemming gaf om gegevens te delen. "
            "Bewaar het getekende formulier of noteer in het journaal hoe de toestemming is "
            "gegeven."
        ),
        submit_label=_("Vastleggen"),
    )


@edit_view
def consent_withdraw(request, case_pk: int, consent_pk: int):
    require_casework(request)
    case, _perms = access_case(request.user, case_pk, request=request, for_edit=True)
    consent = (
        Consent.objects.filter(pk=consent_pk, resident__memberships__household_id=case.household_id)
        .select_related("resident")
        .first()
    )
    if consent is None:  # not a consent of this case's household
        raise Http404
    return form_page(
        request,
        form=ConsentWithdrawForm(request.POST or None),
        service=withdraw_consent,
        using={"consent": consent},
        saved=_("De intrekking is vastgelegd. Op deze toestemming kan niet meer worden gedeeld."),
        next_url=case_url(case),
        cancel_url=case_url(case, "privacy"),
        title=_("Toestemming van %(name)s intrekken") % {"name": consent.resident.full_name},
        intro=_(
            "Toestemming gegeven op %(date)s, met %(with)s, voor %(purpose)s. Vanaf de datum van "
            "intrekking kan niets meer op deze toestemming worden gedeeld; wat eerder is "
            "gedeeld, blijft vastgelegd."
        )
        % {
            "date": f"{consent.given_on:%d-%m-%Y}",
            "with": consent.scope_organisations,
            "purpose": consent.scope_purposes,
        },
        submit_label=_("Intrekking vastleggen"),
    )

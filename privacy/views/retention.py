"""The privacy officer's retention screens: what goes tonight, legal hold, and a resident's
rectification and erasure requests. Every page is a privacy_officer_view; the
officer sees metadata (case numbers, teams, dates, residents' names), never case content."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.forms import add_service_errors
from cases.models import Case, CaseTombstone, Resident

from ..constants import AccessAction, AccessReason
from ..forms.retention import CaseReferenceForm, ErasureForm, LegalHoldForm, RectificationForm
from ..permissions import privacy_officer_view
from ..retention import (
    candidates_from,
    erasure_plan,
    legal_hold_lift,
    legal_hold_set,
    resident_erase,
    resident_rectify,
    retention_candidates,
    retention_rules_in_force,
)
from ..services import access_log_record

CANDIDATES_PAGE_SIZE = 50
HELD_SHOWN = 50


def _log_resident_view(request, resident: Resident, detail: str) -> None:
    access_log_record(
        user=request.user,
        request=request,
        action=AccessAction.VIEW,
        resident_ids=[resident.pk],
        reason=AccessReason.PRIVACY_REVIEW,
        object_type="resident",
        object_id=resident.pk,
        detail=detail,
    )


@privacy_officer_view("GET")
def retention_overview(request):
    """What goes tonight, the cases on legal hold, the terms in force, and a way to place a
    hold on a case by its number."""
    find = CaseReferenceForm(request.GET if "reference" in request.GET else None)
    if find.is_valid():
        reference = find.cleaned_data["reference"]
        case = Case.objects.filter(reference=reference).only("pk").first()
        if case is not None:
            return redirect("privacy:legal_hold", case_pk=case.pk)
        tombstone = CaseTombstone.objects.filter(reference=reference).first()
        if tombstone is not None:
            find.add_error(
                "reference",
                _("Casus %(ref)s is op %(date)s verwijderd.")
                % {"ref": reference, "date": f"{tombstone.removed_on:%d-%m-%Y}"},
            )
        else:
            find.add_error(
                "reference", _("Er is geen casus met nummer %(ref)s.") % {"ref": reference}
            )
    page = Paginator(retention_candidates(), CANDIDATES_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    candidates = candidates_from(page.object_list)
    held = Case.objects.exclude(legal_hold_reason="").select_related("team").order_by("reference")
    context = {
        "find": find,
        "page": page,
        "candidates": candidates,
        "held": list(held[:HELD_SHOWN]),
        "held_count": held.count(),
        "rules": sorted(retention_rules_in_force().values(), key=lambda r: r.regime_label),
        "tombstone_count": CaseTombstone.objects.count(),
    }
    return render(request, "privacy/retention.html", context)


@privacy_officer_view("GET", "POST")
def legal_hold(request, case_pk: int):
    """Place a case under legal hold, or lift it. Shows the case's metadata only."""
    case = get_object_or_404(Case.objects.select_related("team"), pk=case_pk)
    back = reverse("privacy:retention")
    form = LegalHoldForm(
        request.POST if request.method == "POST" and "set" in request.POST else None,
        initial={"reason": case.legal_hold_reason},
    )
    lift_errors: list[str] = []
    if request.method == "POST":
        try:
            if "lift" in request.POST:
                legal_hold_lift(acting_user=request.user, case=case, request=request)
                messages.success(
                    request,
                    _("De bewaarplicht op casus %(ref)s is opgeheven.") % {"ref": case.reference},
                )
                return redirect(back)
            if form.is_valid():
                legal_hold_set(
                    acting_user=request.user, case=case, request=request, **form.service_kwargs()
                )
                messages.success(
                    request,
                    _("Casus %(ref)s staat onder bewaarplicht en wordt niet verwijderd.")
                    % {"ref": case.reference},
                )
                return redirect(back)
        except ValidationError as error:
            if "lift" in request.POST:
                lift_errors = error.messages
            else:
                add_service_errors(form, error)
    return render(
        request,
        "privacy/legal_hold.html",
        {"case": case, "form": form, "lift_errors": lift_errors, "cancel_url": back},
    )


def _resident_url(resident: Resident) -> str:
    return reverse("privacy:resident", args=[resident.pk])


@privacy_officer_view("GET", "POST")
def rectification(request, resident_pk: int):
    """Correct a resident's data on their request (AVG art. 16)."""
    resident = get_object_or_404(Resident, pk=resident_pk)
    form = RectificationForm(request.POST or None, resident=resident)
    if request.method == "POST" and form.is_valid():
        try:
            resident_rectify(
                acting_user=request.user,
                resident=resident,
                request=request,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("De gegevens van %(name)s zijn gecorrigeerd en het verzoek is vastgelegd.")
                % {"name": Resident.objects.get(pk=resident.pk).full_name},
            )
            return redirect(_resident_url(resident))
    _log_resident_view(request, resident, "formulier rectificatieverzoek")
    return render(
        request,
        "privacy/rectification.html",
        {"resident": resident, "form": form, "cancel_url": _resident_url(resident)},
    )


@privacy_officer_view("GET", "POST")
def erasure(request, resident_pk: int):
    """Carry out a resident's erasure request (AVG art. 17): first what would be removed,
    per case the whole case or only this resident, then an explicit confirmation."""
    resident = get_object_or_404(Resident, pk=resident_pk)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = resident_erase(
                acting_user=request.user,
                resident=resident,
                request=request,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # The name is gone now: the message names what was done, not whom.
            messages.success(
                request,
                _("Het verwijderverzoek is uitgevoerd en vastgelegd. %(outcome)s")
                % {"outcome": done.outcome},
            )
            return redirect("privacy:dashboard")
    _log_resident_view(request, resident, "formulier verwijderverzoek")
    steps = erasure_plan(resident)
    return render(
        request,
        "privacy/erasure.html",
        {
            "resident": resident,
            "form": form,
            "steps": steps,
            "blocked": any(step.blocked for step in steps),
            "cancel_url": _resident_url(resident),
        },
    )

"""The privacy officer's page for one resident (metadata only) and the subject access
request: record it, then hand the resident the overview as PDF or JSON. Every page starts
through privacy_officer_view; what does not exist is a 404."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import Resident
from cases.pages import form_page

from ..constants import AccessAction, AccessReason, PrivacyRequestKind
from ..forms.requests import AccessRequestForm
from ..models import PrivacyRequest
from ..permissions import privacy_officer_view
from ..services import access_log_record
from ..subject_access import (
    access_request_create,
    access_request_deliver,
    resident_overview,
    resident_requests,
)

REQUESTS_PAGE_SIZE = 25


def _resident(resident_pk: int) -> Resident:
    return get_object_or_404(Resident, pk=resident_pk)


def _log_view(request, resident: Resident, detail: str) -> None:
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


def _resident_url(resident_id: int, anchor: str = "") -> str:
    url = reverse("privacy:resident", args=[resident_id])
    return f"{url}#{anchor}" if anchor else url


@privacy_officer_view("GET")
def resident_privacy(request, resident_pk: int):
    resident = _resident(resident_pk)
    _log_view(request, resident, "privacyoverzicht inwoner")
    page = Paginator(resident_requests(resident.pk), REQUESTS_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    context = {
        **resident_overview(resident),
        "page": page,
        "access_kind": PrivacyRequestKind.ACCESS,
    }
    return render(request, "privacy/resident_privacy.html", context)


@privacy_officer_view("GET", "POST")
def access_request(request, resident_pk: int):
    resident = _resident(resident_pk)
    if request.method == "GET":
        _log_view(request, resident, "formulier inzageverzoek")
    return form_page(
        request,
        form=AccessRequestForm(request.POST or None),
        service=access_request_create,
        using={"resident": resident, "request": request},
        saved=_(
            "Het inzageverzoek is vastgelegd. Download het overzicht hieronder als PDF of JSON "
            "en lees de vrije teksten na voordat u het verstuurt."
        ),
        next_url=lambda created: _resident_url(resident.pk, f"verzoek-{created.pk}"),
        cancel_url=_resident_url(resident.pk),
        template="privacy/access_request.html",
        title=_("Inzageverzoek vastleggen"),
        submit_label=_("Inzageverzoek vastleggen"),
        resident=resident,
    )


def _access_request(pk: int) -> PrivacyRequest:
    request_obj = get_object_or_404(
        PrivacyRequest.objects.select_related("handled_by"),
        pk=pk,
        kind=PrivacyRequestKind.ACCESS,
    )
    if not Resident.objects.filter(pk=request_obj.resident_id_ref).exists():
        raise Http404  # erased since: nothing left to hand over
    return request_obj


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download that is never kept in a shared cache: it holds personal data."""
    reply = HttpResponse(content, content_type=content_type)
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    reply["Cache-Control"] = "no-store, private"
    return reply


@privacy_officer_view("GET")
def access_request_pdf(request, pk: int):
    request_obj = _access_request(pk)
    content = access_request_deliver(
        acting_user=request.user, request_obj=request_obj, fmt="pdf", request=request
    )
    return _attachment(content, "application/pdf", f"inzage-{request_obj.pk}.pdf")


@privacy_officer_view("GET")
def access_request_json(request, pk: int):
    request_obj = _access_request(pk)
    content = access_request_deliver(
        acting_user=request.user, request_obj=request_obj, fmt="json", request=request
    )
    return _attachment(content, "application/json; charset=utf-8", f"inzage-{request_obj.pk}.json")

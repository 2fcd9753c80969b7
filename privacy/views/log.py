"""The privacy officer's overview and the access log: who saw a resident's data, and what a
user looked at. Only privacy officers reach these pages (anyone else: a logged 404). The
pages show metadata (names, case references, times), never case content; showing residents'
names is itself a read of personal data and is logged with the ground "privacy review"."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Resident

from .. import selectors
from ..constants import AccessAction, AccessReason
from ..flags import unusual_access_flag
from ..forms.log import KeysetForm, LogSearchForm, PeriodForm, SearchKind
from ..permissions import privacy_officer_view
from ..services import access_log_record


def _log_shown(request, resident_ids, *, action=AccessAction.VIEW, **extra) -> None:
    access_log_record(
        user=request.user,
        request=request,
        action=action,
        reason=AccessReason.PRIVACY_REVIEW,
        resident_ids=resident_ids,
        **extra,
    )


def _before_id(request) -> int | None:
    """The keyset position of an "Oudere regels" link; anything but an id is no page."""
    form = KeysetForm(request.GET)
    if not form.is_valid():
        raise Http404
    return form.cleaned_data["voor"]


@privacy_officer_view("GET")
def dashboard(request):
    unusual_access_flag()  # fresh signals without waiting for the scheduler
    breaches = list(selectors.open_breaches())
    return render(
        request,
        "privacy/dashboard.html",
        {
            "counts": selectors.review_counts(),
            "breaches": breaches,
            "search_form": LogSearchForm(),
        },
    )


def _search_detail(query: str) -> str:
    """What the log keeps of a search term: a BSN masked, like everywhere else."""
    bsn = selectors.parse_bsn(query)
    shown = f"*****{bsn[-4:]}" if bsn else query
    return _("zoekterm: %(q)s") % {"q": shown}


@privacy_officer_view("GET")
def log_search(request):
    form = LogSearchForm(request.GET or None)
    residents = users = None
    if form.is_valid():
        query = form.cleaned_data["q"]
        if form.cleaned_data["soort"] == SearchKind.RESIDENT:
            residents = selectors.resident_search(query)
            if residents.items:
                _log_shown(
                    request,
                    [r.pk for r in residents.items],
                    action=AccessAction.SEARCH,
                    detail=_search_detail(query),
                )
        else:
            users = selectors.user_search(query)
    return render(
        request,
        "privacy/log_search.html",
        {"form": form, "residents": residents, "users": users},
    )


def _page_links(request, page: selectors.LogPage, **params) -> dict:
    """ "Oudere regels" continues after the last entry shown; "Nieuwste regels" starts over."""
    params = {k: v for k, v in params.items() if v}
    links = {"first_url": "", "older_url": ""}
    if request.GET.get("voor"):
        links["first_url"] = "?" + urlencode(params) if params else request.path
    if page.next_before_id:
        links["older_url"] = "?" + urlencode({**params, "voor": page.next_before_id})
    return links


@privacy_officer_view("GET")
def log_for_resident(request, resident_pk: int):
    before_id = _before_id(request)
    resident = Resident.objects.filter(pk=resident_pk).first()
    if resident is None and not selectors.resident_known(resident_pk):
        raise Http404
    page = selectors.log_for_resident(resident_pk, before_id=before_id)
    _log_shown(
        request,
        [resident_pk, *page.resident_ids],
        object_type="resident",
        object_id=resident_pk,
        detail=_("toegangslog van de inwoner"),
    )
    if resident is not None:
        title = _("Wie zag het dossier van %(name)s") % {"name": resident.full_name}
    else:
        title = _("Wie zag het dossier van verwijderde inwoner #%(id)s") % {"id": resident_pk}
    return render(
        request,
        "privacy/log_entries.html",
        {
            "title": title,
            "resident": resident,
            "resident_pk": resident_pk,
            "page": page,
            "caption": _("Toegangslog van de inwoner, nieuwste eerst"),
            **_page_links(request, page),
        },
    )


def month_range(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    next_first = (first + timedelta(days=32)).replace(day=1)
    return first, next_first - timedelta(days=1)


def period_url(user_pk: int, start: date, end: date) -> str:
    query = urlencode({"van": start.isoformat(), "tot": end.isoformat()})
    return f"{reverse('privacy:log_user', args=[user_pk])}?{query}"


@privacy_officer_view("GET")
def log_for_user(request, user_pk: int):
    before_id = _before_id(request)
    subject = get_object_or_404(
        User.objects.select_related("organisation", "team").prefetch_related("groups"),
        pk=user_pk,
    )
    period = PeriodForm(request.GET)
    page = None
    links = {}
    if period.is_valid():
        since, until = period.cleaned_data["van"], period.cleaned_data["tot"]
        page = selectors.log_for_user(subject.pk, before_id=before_id, since=since, until=until)
        _log_shown(
            request,
            page.resident_ids,
            object_type="user",
            object_id=subject.pk,
            detail=_("toegangslog van medewerker %(username)s") % {"username": subject.username},
        )
        links = _page_links(
            request,
            page,
            van=since.isoformat() if since else "",
            tot=until.isoformat() if until else "",
        )
    this_month = month_range(timezone.localdate())
    last_month = month_range(this_month[0] - timedelta(days=1))
    return render(
        request,
        "privacy/log_entries.html",
        {
            "title": _("Wat zag %(name)s") % {"name": subject.get_full_name() or subject.username},
            "subject": subject,
            "period": period,
            "page": page,
            "caption": _("Toegangslog van de medewerker, nieuwste eerst"),
            "this_month_url": period_url(subject.pk, *this_month),
            "last_month_url": period_url(subject.pk, *last_month),
            **links,
        },
    )

"""The shapes every case-file page shares, for the apps that add to the case file
(cases, stressors, stability, ...): fetch through the permission layer, validate with a
form, write through a service, then say so and go back to the case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .forms import add_service_errors
from .permissions import access_case, deny, does_casework, may_break_glass

edit_view = require_http_methods(["GET", "POST"])


def require_casework(request) -> None:
    """Case pages exist only for roles that do casework; for anyone else they are a 404,
    and the attempt is logged as denied."""
    if not does_casework(request.user):
        raise deny(request.user, request, "page", None)


def require_case_reader(request) -> None:
    """Pages that only read a case file: also open to the privacy officer, who reaches a
    file only through emergency access (the permission layer decides which file)."""
    if not may_break_glass(request.user):
        raise deny(request.user, request, "page", None)


def case_url(case, anchor: str = "") -> str:
    url = reverse("cases:case_detail", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


def form_page(request, *, form, service, saved: str, next_url, cancel_url: str, **page):
    """The one shape of every edit page: on a valid POST run the service with what the form
    gives it plus `page["using"]`; show the service's errors on the form or, when saved,
    say so and go to `next_url` (a URL, or a function of the saved object)."""
    using = page.pop("using", {})
    template = page.pop("template", "cases/form_page.html")
    after_save = page.pop("after_save", None)
    if request.method == "POST" and form.is_valid():
        try:
            result = service(acting_user=request.user, **using, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if after_save:
                after_save(result)
            messages.success(request, saved)
            return redirect(next_url(result) if callable(next_url) else next_url)
    return render(request, template, {"form": form, "cancel_url": cancel_url, **page})


def case_form_page(request, pk: int, *, form_for, service, using_for=None, anchor="", **page):
    """An edit page of the case file, only for who may edit this (open) case. The service
    gets the case, or what `using_for(case)` returns, next to what the form gives it."""
    require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    return form_page(
        request,
        form=form_for(case),
        service=service,
        using=using_for(case) if using_for else {"case": case},
        next_url=case_url(case),  # the top, where the confirmation shows
        cancel_url=case_url(case, anchor),
        **page,
    )


def case_part_page(request, pk: int, *, part_for, form_for, service, field: str, **page):
    """Edit one record that hangs off the case (an involvement, a goal): 404 unless it
    belongs to this case."""
    require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    part = part_for(case)
    if part is None:
        raise Http404
    return form_page(
        request,
        form=form_for(part),
        service=service,
        using={field: part},
        next_url=case_url(case),  # the top, where the confirmation shows
        cancel_url=case_url(case, page.pop("anchor", "")),
        **page,
    )

"""Thin views: fetch through the permission layer (which logs the access), validate with a
form, write through a service, render. No rule lives here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.selectors import team_professionals
from privacy.constants import AccessAction

from . import selectors, services
from .forms import (
    CaseDetailsForm,
    CaseOpenForm,
    CoordinatorForm,
    GoalForm,
    HouseholdForm,
    HouseholdRegisterForm,
    InterventionForm,
    InvolvementForm,
    JournalEntryForm,
    MemberAddForm,
    NewMemberForm,
    ResidentForm,
    ScalingForm,
    SearchForm,
    StatusForm,
    SupportPlanForm,
    add_service_errors,
)
from .permissions import (
    access_case,
    access_household,
    access_resident,
    can_assign_coordinator,
    can_edit_case,
    does_casework,
    log_listed_residents,
    visible_journal_entries,
    visible_residents,
)


def _require_casework(request) -> None:
    if not does_casework(request.user):
        raise Http404


def _apply(form, service, **kwargs):
    """Run a write service; on a ValidationError show it on the form and return None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _case_url(case, anchor: str = "") -> str:
    url = reverse("cases:case_detail", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, *, title: str, form, cancel_url: str, submit_label: str, **extra):
    return render(
        request,
        "cases/form_page.html",
        {
            "title": title,
            "form": form,
            "cancel_url": cancel_url,
            "submit_label": submit_label,
            **extra,
        },
    )


def _listed_resident_ids(cases) -> list[int]:
    return [c.primary_resident_id for c in cases]


# --- Lists ----------------------------------------------------------------------------------


def _case_list(request, *, queryset_for, template: str, extra: dict):
    form = SearchForm(request.GET or None)
    filters = selectors.CaseFilter()
    if form.is_valid():
        filters = selectors.CaseFilter(
            query=form.cleaned_data["q"], status=form.cleaned_data["status"]
        )
    page = Paginator(queryset_for(filters), 25).get_page(request.GET.get("pagina"))
    log_listed_residents(
        request.user,
        _listed_resident_ids(page.object_list),
        request=request,
        detail=_("zoekterm: %(q)s") % {"q": filters.query} if filters.query else "",
    )
    return render(request, template, {"form": form, "page": page, "filters": filters, **extra})


def my_cases(request):
    _require_casework(request)
    return _case_list(
        request,
        queryset_for=lambda f: selectors.my_cases(request.user, f),
        template="cases/case_list.html",
        extra={},
    )


def team_overview(request):
    user = request.user
    if not (does_casework(user) and user.has_perm("accounts.lead_team") and user.team_id):
        raise Http404
    return _case_list(
        request,
        queryset_for=lambda f: selectors.team_cases(user, user.team, f),
        template="cases/team_overview.html",
        extra={"team": user.team, "caseload": selectors.team_caseload(user, user.team)},
    )


# --- Residents ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def resident_create(request):
    _require_casework(request)
    form = ResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resident = _apply(
            form, services.resident_register, acting_user=request.user, **form.cleaned_data
        )
        if resident:
            messages.success(request, _("%(name)s is geregistreerd.") % {"name": resident})
            return redirect("cases:resident_detail", pk=resident.pk)
    return _form_page(
        request,
        title=_("Nieuwe inwoner registreren"),
        intro=_(
            "Registreer alleen wat nodig is voor de hulp. Een BSN is niet verplicht. "
            "Daarna maak je een huishouden aan en open je de casus."
        ),
        form=form,
        cancel_url=reverse("cases:my_cases"),
        submit_label=_("Inwoner registreren"),
    )


def resident_detail(request, pk: int):
    _require_casework(request)
    resident = access_resident(request.user, pk, request=request)
    return render(request, "cases/resident_detail.html", _resident_context(request, resident))


def _resident_context(request, resident, revealed_bsn: str = "") -> dict:
    return {
        "resident": resident,
        "revealed_bsn": revealed_bsn,
        "memberships": resident.memberships.select_related("household"),
        "cases": selectors.resident_cases(request.user, resident),
    }


@require_POST
def resident_reveal_bsn(request, pk: int):
    """Showing the full BSN is a deliberate act and is logged as such."""
    _require_casework(request)
    resident = access_resident(request.user, pk, request=request, action=AccessAction.BSN_REVEAL)
    if request.htmx:
        return render(request, "cases/partials/bsn.html", {"resident": resident, "revealed": True})
    context = _resident_context(request, resident, revealed_bsn=resident.bsn)
    return render(request, "cases/resident_detail.html", context)


@require_http_methods(["GET", "POST"])
def resident_update(request, pk: int):
    _require_casework(request)
    resident = access_resident(request.user, pk, request=request)
    form = ResidentForm(request.POST or None, instance=resident)
    if not request.POST:
        form.initial["bsn"] = ""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data["bsn"]:
            data.pop("bsn")  # an empty BSN field keeps the current one (it is never prefilled)
        updated = _apply(
            form, services.resident_update, acting_user=request.user, resident=resident, **data
        )
        if updated:
            messages.success(
                request, _("De gegevens van %(name)s zijn opgeslagen.") % {"name": updated}
            )
            return redirect("cases:resident_detail", pk=resident.pk)
    return _form_page(
        request,
        title=_("Gegevens van %(name)s wijzigen") % {"name": resident},
        intro=_("Het BSN wordt niet getoond. Laat het veld leeg om het huidige BSN te houden.")
        if resident.bsn
        else "",
        form=form,
        cancel_url=reverse("cases:resident_detail", args=[resident.pk]),
        submit_label=_("Opslaan"),
    )


# --- Households -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def household_create(request):
    _require_casework(request)
    residents = visible_residents(request.user).order_by("last_name", "first_name")
    initial = {}
    if request.GET.get("inwoner", "").isdigit():
        initial["first_member"] = request.GET["inwoner"]
    form = HouseholdRegisterForm(request.POST or None, initial=initial, residents=residents)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        first = (data.pop("first_member"), data.pop("first_member_role"))
        household = _apply(
            form, services.household_register, acting_user=request.user, members=[first], **data
        )
        if household:
            messages.success(request, _("Het huishouden is geregistreerd."))
            return redirect("cases:household_detail", pk=household.pk)
    return _form_page(
        request,
        title=_("Nieuw huishouden"),
        form=form,
        cancel_url=reverse("cases:my_cases"),
        submit_label=_("Huishouden registreren"),
    )


def household_detail(request, pk: int):
    _require_casework(request)
    household = access_household(request.user, pk, request=request)
    return render(
        request,
        "cases/household_detail.html",
        {
            "household": household,
            "members": household.memberships.select_related("resident").order_by("role", "pk"),
            "cases": selectors.household_cases(request.user, household),
            "can_open_case": request.user.team_id is not None,
        },
    )


@require_http_methods(["GET", "POST"])
def household_update(request, pk: int):
    _require_casework(request)
    household = access_household(request.user, pk, request=request)
    form = HouseholdForm(request.POST or None, instance=household)
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            services.household_update,
            acting_user=request.user,
            household=household,
            **form.cleaned_data,
        ):
            messages.success(request, _("Het adres is opgeslagen."))
            return redirect("cases:household_detail", pk=household.pk)
    return _form_page(
        request,
        title=_("Adres wijzigen"),
        form=form,
        cancel_url=reverse("cases:household_detail", args=[household.pk]),
        submit_label=_("Opslaan"),
    )


@require_http_methods(["GET", "POST"])
def household_add_member(request, pk: int):
    _require_casework(request)
    household = access_household(request.user, pk, request=request)
    residents = visible_residents(request.user).exclude(memberships__household=household)
    form = MemberAddForm(request.POST or None, residents=residents.order_by("last_name"))
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            services.household_add_member,
            acting_user=request.user,
            household=household,
            **form.cleaned_data,
        ):
            messages.success(request, _("Het lid is toegevoegd."))
            return redirect("cases:household_detail", pk=household.pk)
    return _form_page(
        request,
        title=_("Bestaande inwoner toevoegen aan het huishouden"),
        form=form,
        cancel_url=reverse("cases:household_detail", args=[household.pk]),
        submit_label=_("Toevoegen"),
    )


@require_http_methods(["GET", "POST"])
def household_new_member(request, pk: int):
    """Register a new resident straight into the household, in one step."""
    _require_casework(request)
    household = access_household(request.user, pk, request=request)
    form = NewMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        role = data.pop("role")
        member = _apply(
            form,
            services.household_register_member,
            acting_user=request.user,
            household=household,
            role=role,
            **data,
        )
        if member:
            messages.success(request, _("%(name)s is toegevoegd.") % {"name": member.resident})
            return redirect("cases:household_detail", pk=household.pk)
    return _form_page(
        request,
        title=_("Nieuw lid van het huishouden registreren"),
        form=form,
        cancel_url=reverse("cases:household_detail", args=[household.pk]),
        submit_label=_("Registreren en toevoegen"),
    )


# --- Cases ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def case_open(request, household_pk: int):
    _require_casework(request)
    household = access_household(request.user, household_pk, request=request)
    team = request.user.team
    if team is None:
        raise PermissionDenied(_("Je hoort bij geen team; vraag de beheerder je toe te voegen."))
    professionals = team_professionals(team=team)
    form = CaseOpenForm(
        request.POST or None,
        household=household,
        professionals=professionals,
        initial={"coordinator": request.user.pk, "reported_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        case = _apply(
            form,
            services.case_open,
            acting_user=request.user,
            household=household,
            team=team,
            **form.cleaned_data,
        )
        if case:
            messages.success(request, _("Casus %(ref)s is geopend.") % {"ref": case.reference})
            return redirect(_case_url(case))
    return _form_page(
        request,
        title=_("Casus openen voor %(address)s") % {"address": household.address_line},
        intro=_("De casus komt bij team %(team)s.") % {"team": team},
        form=form,
        cancel_url=reverse("cases:household_detail", args=[household.pk]),
        submit_label=_("Casus openen"),
    )


def case_detail(request, pk: int):
    _require_casework(request)
    case, perms = access_case(request.user, pk, request=request)
    journal = visible_journal_entries(request.user, case).select_related("author")
    involvements = list(selectors.case_involvements(case))
    context = {
        "case": case,
        "can_edit": can_edit_case(request.user, case, perms),
        "can_assign": can_assign_coordinator(request.user, case, perms),
        "members": selectors.case_members(case),
        "active_involvements": [i for i in involvements if i.is_active],
        "past_involvements": [i for i in involvements if not i.is_active],
        "journal": journal[:10],
        "journal_count": journal.count(),
        "plan": case.support_plan,
        "goals": selectors.case_goals(case),
        "interventions": selectors.case_interventions(case),
        "total_cost": selectors.case_total_cost(case),
        "scaling_changes": selectors.case_scaling_changes(case),
        "recent_history": selectors.case_history(request.user, case)[:5],
    }
    return render(request, "cases/case_detail.html", context)


def case_journal(request, pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request)
    entries = visible_journal_entries(request.user, case).select_related("author")
    page = Paginator(entries, 25).get_page(request.GET.get("pagina"))
    return render(request, "cases/case_journal.html", {"case": case, "page": page})


def case_history(request, pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request)
    page = Paginator(selectors.case_history(request.user, case), 50).get_page(
        request.GET.get("pagina")
    )
    return render(request, "cases/case_history.html", {"case": case, "page": page})


def _versioned_initial(case, **initial) -> dict:
    return {"version": case.version, **initial}


@require_http_methods(["GET", "POST"])
def case_update(request, pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    form = CaseDetailsForm(request.POST or None, instance=case, initial=_versioned_initial(case))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if _apply(
            form,
            services.case_update,
            acting_user=request.user,
            case=case,
            expected_version=version,
            **data,
        ):
            messages.success(request, _("De casus is opgeslagen."))
            return redirect(_case_url(case))
    return _form_page(
        request,
        title=_("Aanmelding van %(ref)s wijzigen") % {"ref": case.reference},
        form=form,
        cancel_url=_case_url(case),
        submit_label=_("Opslaan"),
    )


@require_http_methods(["GET", "POST"])
def case_status(request, pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    form = StatusForm(request.POST or None, case=case, initial=_versioned_initial(case))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if _apply(
            form,
            services.case_change_status,
            acting_user=request.user,
            case=case,
            expected_version=data["version"],
            to_status=data["to_status"],
            outcome=data["outcome"],
            closed_on=data["closed_on"],
        ):
            messages.success(request, _("De status is gewijzigd."))
            return redirect(_case_url(case))
    return _form_page(
        request,
        title=_("Status van %(ref)s wijzigen") % {"ref": case.reference},
        intro=_("Huidige status: %(status)s.") % {"status": case.get_status_display()},
        form=form,
        cancel_url=_case_url(case),
        submit_label=_("Status wijzigen"),
    )


@require_http_methods(["GET", "POST"])
def case_coordinator(request, pk: int):
    _require_casework(request)
    case, perms = access_case(request.user, pk, request=request)
    if not can_assign_coordinator(request.user, case, perms):
        raise Http404
    form = CoordinatorForm(
        request.POST or None,
        professionals=team_professionals(team=case.team),
        initial=_versioned_initial(case, coordinator=case.coordinator_id),
    )
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            services.case_assign_coordinator,
            acting_user=request.user,
            case=case,
            expected_version=form.cleaned_data["version"],
            coordinator=form.cleaned_data["coordinator"],
        ):
            messages.success(request, _("De casusregisseur is gewijzigd."))
            return redirect(_case_url(case))
    return _form_page(
        request,
        title=_("Casusregisseur van %(ref)s") % {"ref": case.reference},
        form=form,
        cancel_url=_case_url(case),
        submit_label=_("Opslaan"),
    )


@require_http_methods(["GET", "POST"])
def case_scaling(request, pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    form = ScalingForm(request.POST or None, initial=_versioned_initial(case))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if _apply(
            form,
            services.case_change_scaling,
            acting_user=request.user,
            case=case,
            expected_version=data.pop("version"),
            **data,
        ):
            messages.success(request, _("Het opschalingsniveau is gewijzigd."))
            return redirect(_case_url(case, "opschaling"))
    return _form_page(
        request,
        title=_("Op- of afschalen"),
        intro=_("Huidig niveau: %(level)s.") % {"level": case.get_scaling_level_display()},
        form=form,
        cancel_url=_case_url(case, "opschaling"),
        submit_label=_("Opslaan"),
    )


def _colleagues():
    return (
        User.objects.filter(is_active=True, groups__permissions__codename="work_cases")
        .distinct()
        .select_related("team")
        .order_by("first_name", "last_name")
    )


@require_http_methods(["GET", "POST"])
def involvement_add(request, pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    form = InvolvementForm(
        request.POST or None, colleagues=_colleagues(), initial={"since": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            services.involvement_add,
            acting_user=request.user,
            case=case,
            **form.cleaned_data,
        ):
            messages.success(request, _("De betrokkene is toegevoegd."))
            return redirect(_case_url(case, "betrokkenen"))
    return _form_page(
        request,
        title=_("Betrokkene toevoegen"),
        form=form,
        cancel_url=_case_url(case, "betrokkenen"),
        submit_label=_("Toevoegen"),
    )


@require_http_methods(["GET", "POST"])
def involvement_update(request, pk: int, involvement_pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    involvement = case.involvements.filter(pk=involvement_pk).first()
    if involvement is None:
        raise Http404
    form = InvolvementForm(request.POST or None, instance=involvement, colleagues=_colleagues())
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            services.involvement_update,
            acting_user=request.user,
            involvement=involvement,
            **form.cleaned_data,
        ):
            messages.success(request, _("De betrokkene is bijgewerkt."))
            return redirect(_case_url(case, "betrokkenen"))
    return _form_page(
        request,
        title=_("Betrokkene wijzigen of beëindigen"),
        intro=_("Vul 'betrokken tot' in als de betrokkenheid stopt."),
        form=form,
        cancel_url=_case_url(case, "betrokkenen"),
        submit_label=_("Opslaan"),
    )


@require_http_methods(["GET", "POST"])
def journal_add(request, pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = JournalEntryForm(request.POST or None, initial={"occurred_at": now})
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            services.journal_entry_add,
            acting_user=request.user,
            case=case,
            **form.cleaned_data,
        ):
            messages.success(request, _("Het contactmoment is vastgelegd."))
            return redirect(_case_url(case, "journaal"))
    return _form_page(
        request,
        title=_("Contactmoment vastleggen"),
        form=form,
        cancel_url=_case_url(case, "journaal"),
        submit_label=_("Vastleggen"),
    )


@require_http_methods(["GET", "POST"])
def plan_update(request, pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    form = SupportPlanForm(request.POST or None, instance=case.support_plan)
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            services.support_plan_update,
            acting_user=request.user,
            plan=case.support_plan,
            **form.cleaned_data,
        ):
            messages.success(request, _("Het ondersteuningsplan is opgeslagen."))
            return redirect(_case_url(case, "plan"))
    return _form_page(
        request,
        title=_("Ondersteuningsplan"),
        form=form,
        cancel_url=_case_url(case, "plan"),
        submit_label=_("Opslaan"),
    )


@require_http_methods(["GET", "POST"])
def goal_add(request, pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            services.goal_add,
            acting_user=request.user,
            plan=case.support_plan,
            **form.cleaned_data,
        ):
            messages.success(request, _("Het doel is toegevoegd aan het plan."))
            return redirect(_case_url(case, "plan"))
    return _form_page(
        request,
        title=_("Doel toevoegen"),
        form=form,
        cancel_url=_case_url(case, "plan"),
        submit_label=_("Toevoegen"),
    )


@require_http_methods(["GET", "POST"])
def goal_update(request, pk: int, goal_pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    goal = selectors.case_goals(case).filter(pk=goal_pk).first()
    if goal is None:
        raise Http404
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        if _apply(
            form, services.goal_update, acting_user=request.user, goal=goal, **form.cleaned_data
        ):
            messages.success(request, _("Het doel is bijgewerkt."))
            return redirect(_case_url(case, "plan"))
    return _form_page(
        request,
        title=_("Doel wijzigen"),
        form=form,
        cancel_url=_case_url(case, "plan"),
        submit_label=_("Opslaan"),
    )


@require_http_methods(["GET", "POST"])
def intervention_add(request, pk: int):
    _require_casework(request)
    case, _perms = access_case(request.user, pk, request=request, for_edit=True)
    form = InterventionForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            services.intervention_add,
            acting_user=request.user,
            case=case,
            **form.cleaned_data,
        ):
            messages.success(request, _("De voorziening is toegevoegd."))
            return redirect(_case_url(case, "kosten"))
    return _form_page(
        request,
        title=_("Voorziening inzetten"),
        intro=_(
            "De prijs per eenheid komt uit de tarievenlijst en wordt vastgelegd bij het inzetten."
        ),
        form=form,
        cancel_url=_case_url(case, "kosten"),
        submit_label=_("Toevoegen"),
    )

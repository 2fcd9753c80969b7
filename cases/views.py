"""Thin views: fetch through the permission layer (which logs the access), validate with a
form, write through a service, render. No rule lives here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.selectors import team_professionals
from doorbraak.selectors import case_open_actions
from privacy.constants import AccessAction
from privacy.selectors import case_privacy_panel
from stability.panels import stability_panels
from stability.selectors import (
    cases_with_stability_decline,
    latest_zrm_scores,
    residents_due_for_assessment,
    with_stability_decline,
)
from stressors.selectors import case_stressor_loads, case_stressors, open_severe_stressors

from . import selectors, services
from .constants import OPEN_STATUSES
from .forms import (
    CaseDetailsForm,
    CaseOpenForm,
    CoordinatorForm,
    GoalForm,
    GoalUpdateForm,
    HouseholdRegisterForm,
    HouseholdUpdateForm,
    InterventionForm,
    InvolvementForm,
    InvolvementUpdateForm,
    JournalEntryForm,
    MemberAddForm,
    NewMemberForm,
    ResidentForm,
    ResidentUpdateForm,
    ScalingForm,
    SearchForm,
    StatusForm,
    SupportPlanForm,
)
from .pages import (
    case_form_page,
    case_part_page,
    case_url,
    edit_view,
    form_page,
    require_case_reader,
    require_casework,
)
from .permissions import (
    access_case,
    access_household,
    access_resident,
    active_emergency_accesses,
    can_assign_coordinator,
    can_edit_case,
    can_grant_access,
    deny,
    leads_own_team,
    log_created,
    log_listed_residents,
    visible_households,
    visible_journal_entries,
    visible_residents,
)

# --- Lists ----------------------------------------------------------------------------------


def _case_list(request, *, cases_for, template: str, shown_resident_ids=(), **extra):
    """A searchable, paged list of cases. `shown_resident_ids`: residents that panels next to
    the list name, so the access log holds everyone the page showed."""
    form = SearchForm(request.GET or None)
    filters = selectors.CaseFilter()
    if form.is_valid():
        filters = selectors.CaseFilter(
            query=form.cleaned_data["q"], status=form.cleaned_data["status"]
        )
    page = Paginator(cases_for(filters), 25).get_page(request.GET.get("pagina"))
    log_listed_residents(
        request.user,
        [case.primary_resident_id for case in page.object_list] + list(shown_resident_ids),
        request=request,
        detail=_("zoekterm: %(q)s") % {"q": filters.query} if filters.query else "",
    )
    context = {"form": form, "page": page, "filters": filters, "today": timezone.localdate()}
    return render(request, template, {**context, **extra})


def my_cases(request):
    require_casework(request)
    mine = selectors.my_cases(request.user, selectors.CaseFilter())
    severe = list(open_severe_stressors(request.user, mine)[:10])
    return _case_list(
        request,
        cases_for=lambda filters: with_stability_decline(selectors.my_cases(request.user, filters)),
        template="cases/case_list.html",
        severe_stressors=severe,
        shown_resident_ids=[s.resident_id for s in severe],
        emergency_accesses=active_emergency_accesses(request.user)
        .select_related("case")
        .order_by("expires_at"),
    )


def team_overview(request):
    user = request.user
    if not leads_own_team(user):
        raise deny(user, request, "team_overview", None)
    declining = list(
        cases_with_stability_decline(selectors.team_cases(user, user.team, selectors.CaseFilter()))
    )
    return _case_list(
        request,
        cases_for=lambda filters: with_stability_decline(
            selectors.team_cases(user, user.team, filters)
        ),
        template="cases/team_overview.html",
        team=user.team,
        caseload=selectors.team_caseload(user, user.team),
        declining=declining,
        shown_resident_ids=[case.primary_resident_id for case in declining],
    )


# --- Residents ------------------------------------------------------------------------------


@edit_view
def resident_create(request):
    require_casework(request)
    return form_page(
        request,
        form=ResidentForm(request.POST or None),
        service=services.resident_register,
        after_save=lambda resident: log_created(
            request.user,
            request=request,
            resident_ids=[resident.pk],
            object_type="resident",
            object_id=resident.pk,
        ),
        saved=_("De inwoner is geregistreerd."),
        next_url=lambda resident: reverse("cases:resident_detail", args=[resident.pk]),
        cancel_url=reverse("cases:my_cases"),
        title=_("Nieuwe inwoner registreren"),
        intro=_(
            "Registreer alleen wat nodig is voor de hulp. Een BSN is niet verplicht. "
            "Daarna maak je een huishouden aan en open je de casus."
        ),
        submit_label=_("Inwoner registreren"),
    )


def _resident_page(request, resident, *, revealed: bool = False):
    return render(
        request,
        "cases/resident_detail.html",
        {
            "resident": resident,
            "revealed": revealed,
            "memberships": resident.memberships.filter(
                household__in=visible_households(request.user)
            ).select_related("household"),
            "cases": selectors.resident_cases(request.user, resident),
        },
    )


def resident_detail(request, pk: int):
    require_case_reader(request)
    return _resident_page(request, access_resident(request.user, pk, request=request))


@require_POST
def resident_reveal_bsn(request, pk: int):
    """Showing the full BSN is a deliberate act and is logged as such."""
    require_casework(request)
    resident = access_resident(request.user, pk, request=request, action=AccessAction.BSN_REVEAL)
    if request.htmx:
        return render(request, "cases/partials/bsn.html", {"resident": resident, "revealed": True})
    return _resident_page(request, resident, revealed=True)


@edit_view
def resident_update(request, pk: int):
    require_casework(request)
    resident = access_resident(request.user, pk, request=request, for_edit=True)
    page = reverse("cases:resident_detail", args=[resident.pk])
    return form_page(
        request,
        form=ResidentUpdateForm(request.POST or None, instance=resident),
        service=services.resident_update,
        using={"resident": resident},
        saved=_("De gegevens zijn opgeslagen."),
        next_url=page,
        cancel_url=page,
        title=_("Gegevens van %(name)s wijzigen") % {"name": resident},
        intro=_("Het BSN wordt niet getoond. Laat het veld leeg om het huidige BSN te houden.")
        if resident.bsn
        else "",
        submit_label=_("Opslaan"),
    )


# --- Households -----------------------------------------------------------------------------


@edit_view
def household_create(request):
    require_casework(request)
    residents = visible_residents(request.user).order_by("last_name", "first_name")
    first = request.GET.get("inwoner", "")
    return form_page(
        request,
        form=HouseholdRegisterForm(
            request.POST or None,
            initial={"first_member": first} if first.isdigit() else {},
            residents=residents,
        ),
        service=services.household_register,
        after_save=lambda household: log_created(
            request.user,
            request=request,
            resident_ids=list(household.memberships.values_list("resident_id", flat=True)),
            object_type="household",
            object_id=household.pk,
        ),
        saved=_("Het huishouden is geregistreerd."),
        next_url=lambda household: reverse("cases:household_detail", args=[household.pk]),
        cancel_url=reverse("cases:my_cases"),
        title=_("Nieuw huishouden"),
        submit_label=_("Huishouden registreren"),
    )


def household_detail(request, pk: int):
    require_case_reader(request)
    household = access_household(request.user, pk, request=request)
    open_case = (
        selectors.household_cases(request.user, household).filter(status__in=OPEN_STATUSES).first()
    )
    return render(
        request,
        "cases/household_detail.html",
        {
            "household": household,
            "members": household.memberships.select_related("resident").order_by("role", "pk"),
            "cases": selectors.household_cases(request.user, household),
            "can_open_case": request.user.team_id is not None and not open_case,
            "open_case": open_case,
        },
    )


def _householdform_page(request, pk: int, *, form_for, service, **page):
    require_casework(request)
    household = access_household(request.user, pk, request=request, for_edit=True)
    url = reverse("cases:household_detail", args=[household.pk])
    return form_page(
        request,
        form=form_for(household),
        service=service,
        using={"household": household},
        next_url=url,
        cancel_url=url,
        **page,
    )


@edit_view
def household_update(request, pk: int):
    return _householdform_page(
        request,
        pk,
        form_for=lambda household: HouseholdUpdateForm(request.POST or None, instance=household),
        service=services.household_update,
        saved=_("Het adres is opgeslagen."),
        title=_("Adres wijzigen"),
        submit_label=_("Opslaan"),
    )


@edit_view
def household_add_member(request, pk: int):
    def form_for(household):
        others = visible_residents(request.user).exclude(memberships__household=household)
        return MemberAddForm(request.POST or None, residents=others.order_by("last_name"))

    return _householdform_page(
        request,
        pk,
        form_for=form_for,
        service=services.household_add_member,
        saved=_("Het lid is toegevoegd."),
        title=_("Bestaande inwoner toevoegen aan het huishouden"),
        submit_label=_("Toevoegen"),
    )


@edit_view
def household_new_member(request, pk: int):
    """Register a new resident straight into the household, in one step."""
    return _householdform_page(
        request,
        pk,
        form_for=lambda household: NewMemberForm(request.POST or None),
        service=services.household_register_member,
        saved=_("Het nieuwe lid is geregistreerd en toegevoegd."),
        title=_("Nieuw lid van het huishouden registreren"),
        submit_label=_("Registreren en toevoegen"),
    )


@edit_view
def case_open(request, household_pk: int):
    require_casework(request)
    household = access_household(request.user, household_pk, request=request, for_edit=True)
    team = request.user.team
    if team is None:
        raise PermissionDenied
    return form_page(
        request,
        form=CaseOpenForm(
            request.POST or None,
            household=household,
            professionals=team_professionals(team=team),
            initial={"coordinator": request.user.pk, "reported_on": timezone.localdate()},
        ),
        service=services.case_open,
        using={"household": household, "team": team},
        saved=_("De casus is geopend."),
        next_url=case_url,
        cancel_url=reverse("cases:household_detail", args=[household.pk]),
        title=_("Casus openen voor %(address)s") % {"address": household.address_line},
        intro=_("De casus komt bij team %(team)s.") % {"team": team},
        submit_label=_("Casus openen"),
    )


# --- The case file --------------------------------------------------------------------------


def case_detail(request, pk: int):
    require_case_reader(request)
    case, perms = access_case(request.user, pk, request=request)
    journal = visible_journal_entries(request.user, case).select_related("author")
    involvements = list(selectors.case_involvements(case))
    members = list(selectors.case_members(case))
    stressors = list(case_stressors(case))
    zrm = latest_zrm_scores(case)
    for stressor in stressors:  # stressors and the ZRM meet in the life domain
        stressor.zrm_score = zrm.get((stressor.resident_id, stressor.stressor_type.life_domain))
    loads = case_stressor_loads(case)
    stability = stability_panels(case)
    doorbraak_actions = list(case_open_actions(case))
    privacy = case_privacy_panel(request.user, case, perms, [m.resident for m in members])
    context = {
        **privacy,
        # Emergency access reads only: no edit buttons, no ticking off actions either.
        "can_complete_actions": privacy["emergency_access"] is None,
        "case": case,
        "can_edit": can_edit_case(request.user, case, perms),
        "can_assign": can_assign_coordinator(request.user, case, perms),
        "members": members,
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
        "active_stressors": [s for s in stressors if s.is_active],
        "ended_stressors": [s for s in stressors if not s.is_active],
        "overdue_stressors": [s for s in stressors if s.is_overdue],
        "stressor_loads": [
            {"resident": m.resident, **vars(loads[m.resident_id])}
            for m in members
            if m.resident_id in loads and loads[m.resident_id].active
        ],
        "stability": stability,
        "declined": [p for p in stability if p.declined],
        "due_for_assessment": residents_due_for_assessment(case),
        "doorbraak_actions": doorbraak_actions,
        "overdue_actions": [a for a in doorbraak_actions if a.is_overdue],
    }
    return render(request, "cases/case_detail.html", context)


def case_journal(request, pk: int):
    require_case_reader(request)
    case, _perms = access_case(request.user, pk, request=request)
    entries = visible_journal_entries(request.user, case).select_related("author")
    page = Paginator(entries, 25).get_page(request.GET.get("pagina"))
    return render(request, "cases/case_journal.html", {"case": case, "page": page})


def case_history(request, pk: int):
    require_case_reader(request)
    case, _perms = access_case(request.user, pk, request=request)
    events = selectors.case_history(request.user, case)
    page = Paginator(events, 50).get_page(request.GET.get("pagina"))
    return render(request, "cases/case_history.html", {"case": case, "page": page})


@edit_view
def case_update(request, pk: int):
    return case_form_page(
        request,
        pk,
        form_for=lambda case: CaseDetailsForm(
            request.POST or None, instance=case, initial={"expected_version": case.version}
        ),
        service=services.case_update,
        saved=_("De aanmelding is opgeslagen."),
        title=_("Aanmelding wijzigen"),
        submit_label=_("Opslaan"),
    )


@edit_view
def case_status(request, pk: int):
    return case_form_page(
        request,
        pk,
        form_for=lambda case: StatusForm(
            request.POST or None, case=case, initial={"expected_version": case.version}
        ),
        service=services.case_change_status,
        saved=_("De status is gewijzigd."),
        title=_("Status wijzigen"),
        submit_label=_("Status wijzigen"),
    )


@edit_view
def case_coordinator(request, pk: int):
    require_casework(request)
    case, perms = access_case(request.user, pk, request=request)
    if not can_assign_coordinator(request.user, case, perms):
        raise Http404
    url = case_url(case)
    return form_page(
        request,
        form=CoordinatorForm(
            request.POST or None,
            professionals=team_professionals(team=case.team),
            initial={"expected_version": case.version, "coordinator": case.coordinator_id},
        ),
        service=services.case_assign_coordinator,
        using={"case": case},
        saved=_("De casusregisseur is gewijzigd."),
        next_url=url,
        cancel_url=url,
        title=_("Casusregisseur van %(ref)s") % {"ref": case.reference},
        submit_label=_("Opslaan"),
    )


@edit_view
def case_scaling(request, pk: int):
    return case_form_page(
        request,
        pk,
        anchor="opschaling",
        form_for=lambda case: ScalingForm(
            request.POST or None, initial={"expected_version": case.version}
        ),
        service=services.case_change_scaling,
        saved=_("Het opschalingsniveau is gewijzigd."),
        title=_("Op- of afschalen"),
        submit_label=_("Opslaan"),
    )


def _colleagues(request, case):
    """Who can be added as an involved colleague with access (anyone doing casework), or
    None when this user may not give access: then the form has no such field."""
    if not can_grant_access(request.user, case):
        return None
    return (
        User.objects.filter(is_active=True, groups__permissions__codename="work_cases")
        .distinct()
        .select_related("team")
        .order_by("first_name", "last_name")
    )


@edit_view
def involvement_add(request, pk: int):
    return case_form_page(
        request,
        pk,
        anchor="betrokkenen",
        form_for=lambda case: InvolvementForm(
            request.POST or None,
            colleagues=_colleagues(request, case),
            initial={"since": timezone.localdate()},
        ),
        service=services.involvement_add,
        saved=_("De betrokkene is toegevoegd."),
        title=_("Betrokkene toevoegen"),
        submit_label=_("Toevoegen"),
    )


@edit_view
def involvement_update(request, pk: int, involvement_pk: int):
    return case_part_page(
        request,
        pk,
        anchor="betrokkenen",
        part_for=lambda case: case.involvements.filter(pk=involvement_pk).first(),
        form_for=lambda involvement: InvolvementUpdateForm(
            request.POST or None,
            instance=involvement,
            colleagues=_colleagues(request, involvement.case),
        ),
        service=services.involvement_update,
        field="involvement",
        saved=_("De betrokkene is bijgewerkt."),
        title=_("Betrokkene wijzigen of beëindigen"),
        intro=_("Vul 'betrokken tot' in als de betrokkenheid stopt."),
        submit_label=_("Opslaan"),
    )


@edit_view
def journal_add(request, pk: int):
    now = timezone.localtime().replace(second=0, microsecond=0)
    return case_form_page(
        request,
        pk,
        anchor="journaal",
        form_for=lambda case: JournalEntryForm(request.POST or None, initial={"occurred_at": now}),
        service=services.journal_entry_add,
        saved=_("Het contactmoment is vastgelegd."),
        title=_("Contactmoment vastleggen"),
        submit_label=_("Vastleggen"),
    )


@edit_view
def plan_update(request, pk: int):
    return case_form_page(
        request,
        pk,
        anchor="plan",
        form_for=lambda case: SupportPlanForm(request.POST or None, instance=case.support_plan),
        service=services.support_plan_update,
        using_for=lambda case: {"plan": case.support_plan},
        saved=_("Het ondersteuningsplan is opgeslagen."),
        title=_("Ondersteuningsplan"),
        submit_label=_("Opslaan"),
    )


@edit_view
def goal_add(request, pk: int):
    return case_form_page(
        request,
        pk,
        anchor="plan",
        form_for=lambda case: GoalForm(request.POST or None),
        service=services.goal_add,
        using_for=lambda case: {"plan": case.support_plan},
        saved=_("Het doel is toegevoegd aan het plan."),
        title=_("Doel toevoegen"),
        submit_label=_("Toevoegen"),
    )


@edit_view
def goal_update(request, pk: int, goal_pk: int):
    return case_part_page(
        request,
        pk,
        anchor="plan",
        part_for=lambda case: selectors.case_goals(case).filter(pk=goal_pk).first(),
        form_for=lambda goal: GoalUpdateForm(request.POST or None, instance=goal),
        service=services.goal_update,
        field="goal",
        saved=_("Het doel is bijgewerkt."),
        title=_("Doel wijzigen"),
        submit_label=_("Opslaan"),
    )


@edit_view
def intervention_add(request, pk: int):
    return case_form_page(
        request,
        pk,
        anchor="kosten",
        form_for=lambda case: InterventionForm(
            request.POST or None, initial={"start_date": timezone.localdate()}
        ),
        service=services.intervention_add,
        saved=_("De voorziening is toegevoegd."),
        title=_("Voorziening inzetten"),
        intro=_(
            "De prijs per eenheid komt uit de tarievenlijst en wordt vastgelegd bij het inzetten."
        ),
        submit_label=_("Toevoegen"),
    )

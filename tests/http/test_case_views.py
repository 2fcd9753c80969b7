"""The case file through the browser: what a professional and a teamleider see and can do,
what the access log records about it, and how many queries the pages cost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cases import services
from cases.constants import (
    CaseSource,
    CaseStatus,
    GoalStatus,
    HelpKind,
    HouseholdRole,
    JournalKind,
    LifeDomain,
    ScalingLevel,
)
from cases.models import Case, Goal, Intervention, JournalEntry, Resident
from privacy.constants import AccessAction, AccessReason
from privacy.models import AccessLog
from stability.constants import RuleOfThumb
from stability.services import assessment_record
from stressors.constants import Severity
from stressors.models import StressorType
from stressors.services import stressor_register
from tests.cases import factories

from .conftest import ENDPOINTS, Ctx, assert_garbage_is_refused, errors_of, form_data

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")


def _url(name: str, *args) -> str:
    return reverse(f"cases:{name}", args=args)


def _minute(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _involve(case, user, acting_user, **fields):
    fields.setdefault("since", factories.days_ago(5))
    return services.involvement_add(
        acting_user=acting_user,
        case=case,
        user=user,
        organisation_other="Schuldhulp Noord",
        role="Schuldhulpverlener",
        **fields,
    )


# --- Access log -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "reason"),
    [
        ("coordinator", AccessReason.COORDINATOR),
        ("teamleider", AccessReason.TEAM_LEAD),
        ("involved_colleague", AccessReason.INVOLVED),
    ],
)
def test_opening_case_page_logs_who_why_and_whose_data(client, world, case_people, role, reason):
    user = case_people[role]
    client.force_login(user)
    url = _url("case_detail", world.case.pk)

    assert client.get(url).status_code == 200

    entry = AccessLog.objects.get(user=user, object_type="case")
    assert (entry.action, entry.granted, entry.reason) == (AccessAction.VIEW, True, reason)
    assert (entry.case_id_ref, entry.case_reference) == (world.case.pk, world.case.reference)
    assert entry.path == url
    subjects = set(entry.subjects.values_list("resident_id_ref", flat=True))
    assert subjects == {world.head.pk, world.child.pk}


def test_refused_case_page_is_logged_as_denied(client, world, colleague_a):
    client.force_login(colleague_a)

    assert client.get(_url("case_detail", world.case.pk)).status_code == 404

    entry = AccessLog.objects.get(user=colleague_a)
    assert (entry.granted, entry.reason) == (False, AccessReason.NONE)
    assert (entry.object_type, entry.object_id_ref) == ("case", world.case.pk)
    assert not entry.subjects.exists()


def test_case_list_logs_one_entry_with_every_listed_resident(client, make_case, professional_a):
    cases = [make_case() for _ in range(3)]
    client.force_login(professional_a)

    assert client.get(_url("my_cases")).status_code == 200

    entry = AccessLog.objects.get(user=professional_a)
    assert (entry.action, entry.granted) == (AccessAction.LIST, True)
    listed = sorted(entry.subjects.values_list("resident_id_ref", flat=True))
    assert listed == sorted(c.primary_resident_id for c in cases)


def test_search_logs_the_search_term(client, world, professional_a):
    client.force_login(professional_a)

    client.get(_url("my_cases"), {"q": "Ouali"})

    entry = AccessLog.objects.get(user=professional_a)
    assert entry.action == AccessAction.SEARCH
    assert "Ouali" in entry.detail
    assert list(entry.subjects.values_list("resident_id_ref", flat=True)) == [world.head.pk]


def test_saving_a_form_of_the_case_is_logged_as_a_change(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("plan_update", world.case.pk)
    data = form_data(client.get(url), summary="Rust in huis.")
    opened = AccessLog.objects.get(user=professional_a)

    assert client.post(url, data).status_code == 302

    entry = AccessLog.objects.exclude(pk=opened.pk).get(user=professional_a)
    assert (entry.action, entry.case_id_ref) == (AccessAction.CHANGE, world.case.pk)
    subjects = set(entry.subjects.values_list("resident_id_ref", flat=True))
    assert subjects == {world.head.pk, world.child.pk}


def _named_residents(response) -> set[int]:
    return {r.pk for r in Resident.objects.all() if r.full_name in response.text}


def _logged_residents(user) -> set[int]:
    entry = AccessLog.objects.get(user=user)
    return set(entry.subjects.values_list("resident_id_ref", flat=True))


def test_every_resident_named_on_my_cases_is_in_the_access_log(client, world, professional_a):
    """The list names the child in the panel of severe stressors, not only the reported
    resident in the table: the log must hold both."""
    stressor_register(
        acting_user=professional_a,
        case=world.case,
        resident=world.child,
        stressor_type=StressorType.objects.filter(is_active=True).first(),
        severity=Severity.SEVERE,
    )
    client.force_login(professional_a)

    response = client.get(_url("my_cases"))

    assert "Noor Ouali" in response.text
    assert _named_residents(response) <= _logged_residents(professional_a)


def test_every_resident_named_on_the_team_overview_is_in_the_access_log(
    client, world, make_case, professional_a, teamleider_a
):
    """A search shows one case in the table, while the panel of declining stability still
    names the residents of other cases: the log must hold all of them."""
    assessment_record(
        acting_user=professional_a,
        case=world.case,
        resident=world.head,
        assessed_on=timezone.localdate(),
        scores={rule.value: 1 for rule in RuleOfThumb},
    )
    other = make_case(
        residents=[
            factories.resident(acting_user=professional_a, first_name="Kees", last_name="Bos")
        ]
    )
    client.force_login(teamleider_a)

    response = client.get(_url("team_overview"), {"q": "Bos"})

    assert other.reference in response.text
    assert _named_residents(response) <= _logged_residents(teamleider_a)


# --- Opening a case -------------------------------------------------------------------------


@pytest.fixture
def new_household(professional_a):
    """A household registered by the professional, without a case yet."""
    head = factories.resident(acting_user=professional_a, first_name="Kees", last_name="Bos")
    return factories.household(acting_user=professional_a, members=[(head, HouseholdRole.HEAD)])


def test_household_page_offers_to_open_a_case(client, new_household, professional_a):
    client.force_login(professional_a)

    response = client.get(_url("household_detail", new_household.pk))

    assert _url("case_open", new_household.pk) in response.text


def test_opening_a_case_from_the_household(client, new_household, professional_a):
    client.force_login(professional_a)
    url = _url("case_open", new_household.pk)
    data = form_data(
        client.get(url),
        primary_resident=new_household.memberships.get().resident_id,
        coordinator=professional_a.pk,
        source=CaseSource.HOUSING,
        question="Huurachterstand van drie maanden.",
        reported_on=timezone.localdate().isoformat(),
    )

    response = client.post(url, data)

    case = Case.objects.get(household=new_household)
    assert response.status_code == 302
    assert response["Location"] == _url("case_detail", case.pk)
    assert (case.team, case.coordinator, case.status) == (
        professional_a.team,
        professional_a,
        CaseStatus.REGISTERED,
    )
    assert client.get(response["Location"]).status_code == 200


def test_opening_a_case_without_a_question_shows_the_error_and_creates_nothing(
    client, new_household, professional_a
):
    client.force_login(professional_a)
    url = _url("case_open", new_household.pk)
    data = form_data(client.get(url), source=CaseSource.HOUSING, question="")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.text
    assert "question" in errors_of(response)
    assert not Case.objects.filter(household=new_household).exists()


# --- Journal --------------------------------------------------------------------------------


def _journal_data(client, case, **typed):
    url = _url("journal_add", case.pk)
    typed = {
        "kind": JournalKind.PHONE,
        "occurred_at": _minute(timezone.now() - timedelta(hours=2)),
        "summary": "Gebeld over de brief van de deurwaarder",
        "text": "",
        **typed,
    }
    return url, form_data(client.get(url), **typed)


def test_journal_entry_is_added_and_shown_on_the_case_page(client, world, professional_a):
    client.force_login(professional_a)
    url, data = _journal_data(client, world.case)

    response = client.post(url, data)

    assert response.status_code == 302
    page = client.get(_url("case_detail", world.case.pk))
    assert "Gebeld over de brief van de deurwaarder" in page.text


def test_journal_entry_in_the_future_is_refused(client, world, professional_a):
    client.force_login(professional_a)
    tomorrow = timezone.now() + timedelta(days=1)
    url, data = _journal_data(client, world.case, occurred_at=_minute(tomorrow))

    response = client.post(url, data)

    assert response.status_code == 200
    assert "toekomst" in response.text
    assert "toekomst" in " ".join(errors_of(response)["occurred_at"])
    assert not JournalEntry.objects.exists()


def test_private_note_is_shown_to_its_author_only(client, world, professional_a, teamleider_a):
    client.force_login(professional_a)
    url, data = _journal_data(
        client, world.case, summary="Eigen aantekening: twijfel aan verhaal", is_private="on"
    )
    assert client.post(url, data).status_code == 302
    pages = [
        _url("case_detail", world.case.pk),
        _url("case_journal", world.case.pk),
        _url("case_history", world.case.pk),
    ]

    assert "twijfel aan verhaal" in client.get(pages[0]).text
    client.force_login(teamleider_a)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert "twijfel aan verhaal" not in response.text, page


def test_text_typed_by_a_user_is_escaped_on_the_case_page(client, world, professional_a):
    client.force_login(professional_a)
    url, data = _journal_data(client, world.case, summary="<script>alert(1)</script>")
    client.post(url, data)

    page = client.get(_url("case_detail", world.case.pk))

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


# --- Status ---------------------------------------------------------------------------------


def test_status_moves_one_step_forward(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("case_status", world.case.pk)

    response = client.post(url, form_data(client.get(url), to_status=CaseStatus.INTAKE))

    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.INTAKE


def test_closing_without_outcome_shows_the_error_and_keeps_the_status(
    client, world, professional_a
):
    client.force_login(professional_a)
    url = _url("case_status", world.case.pk)
    data = form_data(client.get(url), to_status=CaseStatus.CLOSED, outcome="", closed_on="")

    response = client.post(url, data)

    assert response.status_code == 200
    assert "uitkomst" in " ".join(errors_of(response)["outcome"])
    assert "Kies de uitkomst" in response.text
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.REGISTERED


def test_status_form_offers_only_the_next_steps(client, world, professional_a):
    client.force_login(professional_a)

    response = client.get(_url("case_status", world.case.pk))

    offered = {value for value, _label in response.context["form"].fields["to_status"].choices}
    assert offered == {CaseStatus.INTAKE, CaseStatus.CLOSED}


@pytest.mark.parametrize("skipped_to", [CaseStatus.PLAN, CaseStatus.EXECUTION, "onzin"])
def test_skipping_a_step_is_refused(client, world, professional_a, skipped_to):
    client.force_login(professional_a)
    url = _url("case_status", world.case.pk)

    response = client.post(url, form_data(client.get(url), to_status=skipped_to))

    assert response.status_code == 200
    assert "to_status" in errors_of(response)
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.REGISTERED


def test_form_opened_before_someone_else_changed_the_case_is_refused(
    client, world, professional_a, teamleider_a
):
    client.force_login(professional_a)
    url = _url("case_status", world.case.pk)
    stale = form_data(client.get(url), to_status=CaseStatus.INTAKE)
    services.case_update(
        acting_user=teamleider_a,
        case=world.case,
        expected_version=world.case.version,
        question="Aangevuld door de teamleider.",
    )

    response = client.post(url, stale)

    assert response.status_code == 200
    assert "iemand anders" in response.text.lower()
    world.case.refresh_from_db()
    assert world.case.status == CaseStatus.REGISTERED
    assert world.case.question == "Aangevuld door de teamleider."


def test_case_details_form_opened_before_a_change_is_refused_too(
    client, world, professional_a, teamleider_a
):
    client.force_login(professional_a)
    url = _url("case_update", world.case.pk)
    stale = form_data(
        client.get(url),
        source=CaseSource.GP,
        question="Mijn versie van de hulpvraag.",
        reported_on=factories.days_ago(7).isoformat(),
    )
    services.case_update(
        acting_user=teamleider_a,
        case=world.case,
        expected_version=world.case.version,
        question="Versie van de teamleider.",
    )

    response = client.post(url, stale)

    assert response.status_code == 200
    assert "iemand anders" in response.text.lower()
    world.case.refresh_from_db()
    assert world.case.question == "Versie van de teamleider."


# --- Coordinator ----------------------------------------------------------------------------


def test_teamleider_assigns_a_new_coordinator_who_then_sees_the_case(
    client, world, teamleider_a, colleague_a, professional_a
):
    client.force_login(teamleider_a)
    url = _url("case_coordinator", world.case.pk)

    response = client.post(url, form_data(client.get(url), coordinator=colleague_a.pk))

    assert response.status_code == 302
    world.case.refresh_from_db()
    assert world.case.coordinator == colleague_a
    client.force_login(colleague_a)
    assert client.get(_url("case_detail", world.case.pk)).status_code == 200
    client.force_login(professional_a)
    assert client.get(_url("case_detail", world.case.pk)).status_code == 404


def test_coordinator_from_another_team_is_refused(
    client, world, teamleider_a, professional_b, professional_a
):
    client.force_login(teamleider_a)
    url = _url("case_coordinator", world.case.pk)

    response = client.post(url, form_data(client.get(url), coordinator=professional_b.pk))

    assert response.status_code == 200
    assert "coordinator" in errors_of(response)
    world.case.refresh_from_db()
    assert world.case.coordinator == professional_a
    assert "Joris Visser" not in client.get(url).text  # not even offered


# --- Involvements ---------------------------------------------------------------------------


def test_involving_a_colleague_gives_access_and_ending_it_takes_it_away(
    client, world, professional_a, colleague_a
):
    case_page = _url("case_detail", world.case.pk)
    client.force_login(colleague_a)
    assert client.get(case_page).status_code == 404

    client.force_login(professional_a)
    add = _url("involvement_add", world.case.pk)
    response = client.post(
        add,
        form_data(
            client.get(add),
            organisation_other="Welzijn Noord",
            user=colleague_a.pk,
            role="Maatschappelijk werker",
            since=factories.days_ago(10).isoformat(),
        ),
    )
    assert response.status_code == 302
    client.force_login(colleague_a)
    assert client.get(case_page).status_code == 200

    involvement = world.case.involvements.get(user=colleague_a)
    client.force_login(professional_a)
    update = _url("involvement_update", world.case.pk, involvement.pk)
    response = client.post(
        update,
        form_data(
            client.get(update),
            organisation_other="Welzijn Noord",
            user=colleague_a.pk,
            role="Maatschappelijk werker",
            since=factories.days_ago(10).isoformat(),
            until=factories.days_ago(1).isoformat(),
        ),
    )
    assert response.status_code == 302
    client.force_login(colleague_a)
    assert client.get(case_page).status_code == 404
    assert world.case.reference not in client.get(_url("my_cases")).text


def test_involvement_ending_before_it_began_is_refused(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("involvement_update", world.case.pk, world.external_involvement.pk)
    data = form_data(
        client.get(url),
        since=factories.days_ago(5).isoformat(),
        until=factories.days_ago(6).isoformat(),
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "until" in errors_of(response)
    world.external_involvement.refresh_from_db()
    assert world.external_involvement.until is None


# --- Plan, goals and interventions ----------------------------------------------------------


def test_goal_is_added_and_updated(client, world, professional_a):
    client.force_login(professional_a)
    add = _url("goal_add", world.case.pk)
    goal = {
        "life_domain": LifeDomain.TIME_USE,
        "description": "Twee dagdelen vrijwilligerswerk",
        "help_kind": HelpKind.VOLUNTEER,
        "who": "Inwoner met buurthuis",
        "due_date": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "status": GoalStatus.OPEN,
    }

    assert client.post(add, form_data(client.get(add), **goal)).status_code == 302
    created = Goal.objects.get(description="Twee dagdelen vrijwilligerswerk")
    update = _url("goal_update", world.case.pk, created.pk)
    response = client.post(
        update, form_data(client.get(update), **{**goal, "status": GoalStatus.ACHIEVED})
    )

    assert response.status_code == 302
    created.refresh_from_db()
    assert created.status == GoalStatus.ACHIEVED
    page = client.get(_url("case_detail", world.case.pk)).text
    assert "Twee dagdelen vrijwilligerswerk" in page
    assert "Behaald" in page


def test_intervention_shows_its_cost_and_the_case_total(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("intervention_add", world.case.pk)
    data = form_data(
        client.get(url),
        tariff=world.tariff.pk,
        provider="Zorg Noord",
        start_date=timezone.localdate().isoformat(),
        quantity="10",
    )

    assert client.post(url, data).status_code == 302

    intervention = Intervention.objects.get()
    assert str(intervention.unit_price) == "68.50"
    page = client.get(_url("case_detail", world.case.pk))
    assert page.context["total_cost"] == intervention.cost
    assert "685,00" in page.text
    assert "68,50" in page.text


def test_intervention_with_zero_quantity_is_refused(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("intervention_add", world.case.pk)
    data = form_data(
        client.get(url),
        tariff=world.tariff.pk,
        start_date=timezone.localdate().isoformat(),
        quantity="0",
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "quantity" in errors_of(response)
    assert not Intervention.objects.exists()


# --- Scaling and history --------------------------------------------------------------------


def test_scaling_up_appears_in_the_timeline(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("case_scaling", world.case.pk)
    data = form_data(
        client.get(url),
        to_level=ScalingLevel.SPECIALIST,
        changed_on=timezone.localdate().isoformat(),
        reason="Crisisopname na huisuitzetting",
    )

    assert client.post(url, data).status_code == 302

    page = client.get(_url("case_detail", world.case.pk)).text
    timeline = page[page.index('id="opschaling"') :]
    assert "opgeschaald naar" in timeline
    assert "Specialistische zorg" in timeline
    assert "Crisisopname na huisuitzetting" in timeline


def test_history_page_names_who_made_each_change(client, world, teamleider_a):
    client.force_login(teamleider_a)
    url = _url("plan_update", world.case.pk)
    data = form_data(client.get(url), summary="Weer rust in huis.", agreed_on="", evaluate_on="")
    assert client.post(url, data).status_code == 302

    response = client.get(_url("case_history", world.case.pk))

    assert response.status_code == 200
    assert "Marloes Smit" in response.text  # the teamleider who changed the plan
    assert "Weer rust in huis." in response.text
    assert "Femke de Vries" in response.text  # the professional who opened the case


# --- Query counts ---------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    client.get(url)  # warm caches that fill once per process (content types, permissions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_cases(n: int, *, acting_user, team, coordinator):
    """n cases with what the lists show of them: a contact, a next step, a severe stressor
    and a stability assessment that declines."""
    for _ in range(n):
        case = factories.case(acting_user=acting_user, team=team, coordinator=coordinator)
        services.journal_entry_add(
            acting_user=acting_user,
            case=case,
            kind=JournalKind.NOTE,
            occurred_at=timezone.now() - timedelta(hours=1),
            summary="Eerste contact",
        )
        services.goal_add(
            acting_user=acting_user,
            plan=case.support_plan,
            life_domain=LifeDomain.FINANCES,
            description="Schulden in beeld",
            help_kind=HelpKind.CUSTOM_PROVISION,
            who="Schuldhulp",
            due_date=timezone.localdate() + timedelta(days=30),
        )
        stressor_register(
            acting_user=acting_user,
            case=case,
            resident=case.primary_resident,
            stressor_type=StressorType.objects.filter(is_active=True).first(),
            severity=Severity.SEVERE,
        )
        assessment_record(
            acting_user=acting_user,
            case=case,
            resident=case.primary_resident,
            assessed_on=timezone.localdate(),
            scores={rule.value: 1 for rule in RuleOfThumb},
        )


def test_my_cases_costs_the_same_queries_for_3_or_9_cases(client, professional_a, team_a):
    client.force_login(professional_a)
    url = _url("my_cases")

    _add_cases(3, acting_user=professional_a, team=team_a, coordinator=professional_a)
    few = _queries(client, url)
    _add_cases(6, acting_user=professional_a, team=team_a, coordinator=professional_a)
    many = _queries(client, url)

    assert few == many


def test_team_overview_costs_the_same_queries_for_3_or_9_cases(
    client, professional_a, colleague_a, teamleider_a, team_a
):
    client.force_login(teamleider_a)
    url = _url("team_overview")

    _add_cases(2, acting_user=professional_a, team=team_a, coordinator=professional_a)
    _add_cases(1, acting_user=colleague_a, team=team_a, coordinator=None)
    few = _queries(client, url)
    _add_cases(3, acting_user=colleague_a, team=team_a, coordinator=colleague_a)
    _add_cases(3, acting_user=professional_a, team=team_a, coordinator=None)
    many = _queries(client, url)

    assert few == many


def _grow_case(case, days: range, *, acting_user, tariff, residents):
    """One more of everything the case page lists for each day in `days`: contacts,
    involvements with and without an account, goals, interventions, scaling changes,
    stressors and stability assessments."""
    types = list(StressorType.objects.filter(is_active=True))
    for i in days:
        services.journal_entry_add(
            acting_user=acting_user,
            case=case,
            kind=JournalKind.CONVERSATION,
            occurred_at=timezone.now() - timedelta(hours=i + 1),
            summary=f"Gesprek {i}",
        )
        colleague = User.objects.create(username=f"collega{case.pk}-{i}")
        _involve(case, colleague, acting_user)
        services.involvement_add(
            acting_user=acting_user,
            case=case,
            organisation=factories.OrganisationFactory(),
            person_name=f"Contact {i}",
            role="Begeleider",
            since=factories.days_ago(3),
        )
        services.goal_add(
            acting_user=acting_user,
            plan=case.support_plan,
            life_domain=LifeDomain.HOUSING,
            description=f"Doel {i}",
            help_kind=HelpKind.NETWORK,
            who="Netwerk",
        )
        services.intervention_add(
            acting_user=acting_user,
            case=case,
            tariff=tariff,
            start_date=timezone.localdate(),
            quantity=2,
        )
        case.refresh_from_db()
        level = ScalingLevel.SPECIALIST if case.scaling_level != 4 else ScalingLevel.WIJKTEAM
        services.case_change_scaling(
            acting_user=acting_user,
            case=case,
            expected_version=case.version,
            to_level=level,
            reason=f"Stap {i}",
        )
        resident = residents[i % len(residents)]
        stressor_register(
            acting_user=acting_user,
            case=case,
            resident=resident,
            stressor_type=types[i % len(types)],
            severity=Severity.SEVERE if i % 2 else None,
        )
        assessment_record(
            acting_user=acting_user,
            case=case,
            resident=resident,
            assessed_on=factories.days_ago(i),
            scores={rule.value: 1 + i % 4 for rule in RuleOfThumb},
        )


@pytest.mark.parametrize("page", ["case_detail", "case_history", "case_journal"])
def test_case_page_costs_the_same_queries_however_full_the_case_is(
    client, world, professional_a, page
):
    client.force_login(professional_a)
    url = _url(page, world.case.pk)

    grow = {"acting_user": professional_a, "tariff": world.tariff}
    grow["residents"] = [world.head, world.child]

    _grow_case(world.case, range(0, 2), **grow)
    few = _queries(client, url)
    _grow_case(world.case, range(2, 6), **grow)
    many = _queries(client, url)

    assert few == many


# --- Bad input ------------------------------------------------------------------------------

CASE_WRITES = [e for e in ENDPOINTS if e.payload and e.ids.get("pk") == "case"]


@pytest.mark.parametrize("endpoint", CASE_WRITES, ids=lambda e: e.name)
def test_garbage_in_a_case_form_is_refused_without_error(client, world, case_people, endpoint):
    assert_garbage_is_refused(client, endpoint, Ctx(world, case_people))


def test_garbage_in_search_and_paging_is_ignored(client, world, professional_a):
    client.force_login(professional_a)

    for params in (
        {"status": "onzin"},
        {"pagina": "abc"},
        {"pagina": "9" * 30},
        {"q": "x" * 10_000},
        {"q": "\x00"},
    ):
        response = client.get(_url("my_cases"), params)
        assert response.status_code == 200, params

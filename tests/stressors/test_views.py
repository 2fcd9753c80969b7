"""The stressor pages through the test client: who may open and post them (everyone else
gets 404 and changes nothing), the Dutch form errors, and what the case page and Mijn
casussen show of the register."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.constants import CaseOutcome, CaseStatus
from stressors import services as stressor_services
from stressors.constants import StressorStatus
from stressors.models import Stressor, StressorType
from tests.cases import factories

from .conftest import (
    build_family,
    register,
    registered_days_ago,
    snapshot,
    stressor_type,
    untouched_for,
)

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

TODAY = timezone.localdate


def _case_page(client, case):
    return client.get(reverse("cases:case_detail", args=[case.pk]))


def _errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200, response.status_code
    return dict(response.context["form"].errors)


def _close(case, user):
    case_services.case_change_status(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )
    case.refresh_from_db()


@pytest.fixture
def stressor(family, professional_a):
    return register(family.case, acting_user=professional_a, kind="Schulden", severity=2)


def _register(case) -> tuple[str, dict]:
    """The register page and what a professional fills in on it."""
    return (
        reverse("stressors:register", args=[case.pk]),
        {
            "resident": case.primary_resident_id,
            "stressor_type": stressor_type("Dreigende huisuitzetting").pk,
            "severity": "3",
            "since": factories.days_ago(30).isoformat(),
            "description": "Vonnis ontvangen",
        },
    )


def _pages(case, stressor) -> dict[str, tuple[str, dict]]:
    """Every stressor page of the case with a valid POST for it."""
    return {
        "register": _register(case),
        "update": (
            reverse("stressors:update", args=[case.pk, stressor.pk]),
            {"severity": "3", "tackled_by": "Schuldhulp Noord", "next_step": "Aanvraag WSNP"},
        ),
        "status": (
            reverse("stressors:status", args=[case.pk, stressor.pk]),
            {"to_status": StressorStatus.IN_PROGRESS, "changed_on": TODAY().isoformat()},
        ),
    }


# --- Who may open and post the pages --------------------------------------------------------

REFUSED = [
    "colleague_a",  # same team, no part in the case
    "professional_b",
    "teamleider_b",
    "privacy_officer",
    "beleidsmedewerker",
    "partner",
    "beheerder",
]


@pytest.mark.parametrize("role", REFUSED)
def test_who_has_no_part_in_the_case_gets_not_found_on_every_stressor_page(
    client, request, family, stressor, role
):
    client.force_login(request.getfixturevalue(role))

    for name, (url, _data) in _pages(family.case, stressor).items():
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize("role", REFUSED)
def test_refused_stressor_post_gets_not_found_and_saves_nothing(
    client, request, family, stressor, role
):
    client.force_login(request.getfixturevalue(role))
    before = snapshot("stressors")

    for name, (url, data) in _pages(family.case, stressor).items():
        assert client.post(url, data).status_code == 404, name

    assert snapshot("stressors") == before


@pytest.mark.parametrize("role", ["professional_a", "teamleider_a"])
def test_coordinator_and_own_teamleider_may_open_every_stressor_page(
    client, request, family, stressor, role
):
    client.force_login(request.getfixturevalue(role))

    for name, (url, _data) in _pages(family.case, stressor).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("role", ["professional_a", "teamleider_a"])
def test_coordinator_and_own_teamleider_may_post_every_stressor_page(
    client, request, family, stressor, role
):
    client.force_login(request.getfixturevalue(role))
    back = reverse("cases:case_detail", args=[family.case.pk])

    for name, (url, data) in _pages(family.case, stressor).items():
        response = client.post(url, data)
        assert response.status_code == 302, name
        assert response["Location"].split("#")[0] == back, name


def test_involved_colleague_of_another_team_may_register_a_stressor(
    client, family, stressor, professional_a, professional_b
):
    case_services.involvement_add(
        acting_user=professional_a,
        case=family.case,
        user=professional_b,
        organisation_other="Schuldhulp Zuid",
        role="Schuldhulpverlener",
        since=factories.days_ago(3),
    )
    client.force_login(professional_b)
    url, data = _pages(family.case, stressor)["register"]

    assert client.post(url, data).status_code == 302
    assert Stressor.objects.filter(registered_by=professional_b).exists()


def test_anonymous_visitor_is_sent_to_the_login_page(client, family, stressor):
    for name, (url, _data) in _pages(family.case, stressor).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_stressor_of_one_case_is_not_found_under_another(
    client, family, stressor, make_case, professional_a
):
    other = make_case()
    client.force_login(professional_a)

    for name in ("update", "status"):
        url = reverse(f"stressors:{name}", args=[other.pk, stressor.pk])
        assert client.get(url).status_code == 404, name


def test_closed_case_refuses_every_stressor_change(
    client, family, stressor, professional_a, teamleider_a
):
    _close(family.case, professional_a)
    before = snapshot("stressors")

    for user in (professional_a, teamleider_a):
        client.force_login(user)
        for name, (url, data) in _pages(family.case, stressor).items():
            assert client.get(url).status_code == 404, name
            assert client.post(url, data).status_code == 404, name

    assert snapshot("stressors") == before


def test_closed_case_page_still_shows_its_stressors_without_edit_links(
    client, family, stressor, professional_a
):
    _close(family.case, professional_a)
    client.force_login(professional_a)

    response = _case_page(client, family.case)

    assert "Schulden" in response.text
    assert reverse("stressors:register", args=[family.case.pk]) not in response.text
    assert reverse("stressors:status", args=[family.case.pk, stressor.pk]) not in response.text


# --- Registering through the form -----------------------------------------------------------


def test_professional_registers_a_stressor_through_the_form(client, family, professional_a):
    client.force_login(professional_a)
    url, data = _register(family.case)

    response = client.post(url, data)

    assert response.status_code == 302
    stressor = Stressor.objects.get()
    assert (stressor.stressor_type.name, stressor.severity, stressor.resident) == (
        "Dreigende huisuitzetting",
        3,
        family.head,
    )
    assert stressor.history.get().history_user == professional_a


def test_register_form_needs_only_resident_and_type(client, family, professional_a):
    client.force_login(professional_a)
    url = reverse("stressors:register", args=[family.case.pk])

    response = client.post(
        url, {"resident": family.child.pk, "stressor_type": stressor_type("Eenzaamheid").pk}
    )

    assert response.status_code == 302
    assert Stressor.objects.get().resident == family.child


def test_register_form_offers_only_the_households_residents(client, family, professional_a):
    factories.resident(acting_user=professional_a, first_name="Buitenstaander")
    client.force_login(professional_a)

    response = client.get(reverse("stressors:register", args=[family.case.pk]))

    assert set(response.context["form"].fields["resident"].queryset) == {family.head, family.child}


def test_register_form_offers_only_stressor_types_in_use(client, family, professional_a):
    StressorType.objects.filter(name="Burenruzie").update(is_active=False)
    client.force_login(professional_a)

    response = client.get(reverse("stressors:register", args=[family.case.pk]))

    offered = {t.name for t in response.context["form"].fields["stressor_type"].queryset}
    assert "Burenruzie" not in offered
    assert {"Schulden", "Dreigende huisuitzetting"} <= offered


def test_severity_4_gets_a_dutch_form_error_and_saves_nothing(client, family, professional_a):
    client.force_login(professional_a)
    url, data = _register(family.case)
    before = snapshot("stressors")

    response = client.post(url, data | {"severity": "4"})

    assert _errors(response) == {
        "severity": ["Selecteer een geldige keuze. 4 is geen beschikbare keuze."]
    }
    assert "Er is iets niet goed ingevuld" in response.text
    assert snapshot("stressors") == before


def test_resident_not_in_the_case_gets_a_dutch_form_error_and_saves_nothing(
    client, family, make_case, professional_a
):
    outsider = make_case().primary_resident
    client.force_login(professional_a)
    url, data = _register(family.case)
    before = snapshot("stressors")

    response = client.post(url, data | {"resident": outsider.pk})

    assert _errors(response) == {
        "resident": ["Selecteer een geldige keuze. Deze keuze is niet beschikbaar."]
    }
    assert snapshot("stressors") == before


def test_since_in_the_future_gets_a_dutch_form_error_and_saves_nothing(
    client, family, professional_a
):
    client.force_login(professional_a)
    url, data = _register(family.case)
    tomorrow = TODAY() + timezone.timedelta(days=1)

    response = client.post(url, data | {"since": tomorrow.isoformat()})

    assert _errors(response) == {"since": ["Deze datum ligt in de toekomst."]}
    assert not Stressor.objects.exists()


def test_missing_stressor_type_gets_a_dutch_form_error(client, family, professional_a):
    client.force_login(professional_a)

    response = client.post(
        reverse("stressors:register", args=[family.case.pk]), {"resident": family.head.pk}
    )

    assert _errors(response) == {"stressor_type": ["Dit veld is verplicht."]}
    assert not Stressor.objects.exists()


# --- Updating and status through the forms --------------------------------------------------


def test_update_form_with_severity_4_is_refused_and_changes_nothing(
    client, family, stressor, professional_a
):
    client.force_login(professional_a)
    url, data = _pages(family.case, stressor)["update"]
    before = snapshot("stressors")

    response = client.post(url, data | {"severity": "4"})

    assert "severity" in _errors(response)
    assert snapshot("stressors") == before


def test_update_form_opened_before_someone_elses_change_is_refused(
    client, family, stressor, professional_a, teamleider_a
):
    client.force_login(professional_a)
    url, data = _pages(family.case, stressor)["update"]
    seen = client.get(url).context["form"]["seen_history_id"].value()
    stressor_services.stressor_update(
        acting_user=teamleider_a, stressor=Stressor.objects.get(pk=stressor.pk), severity=1
    )

    response = client.post(url, data | {"seen_history_id": seen})

    assert "Iemand anders heeft dit gewijzigd" in str(_errors(response))
    stressor.refresh_from_db()
    assert stressor.severity == 1


def test_status_form_offers_only_the_allowed_next_statuses(
    client, family, stressor, professional_a
):
    client.force_login(professional_a)

    response = client.get(reverse("stressors:status", args=[family.case.pk, stressor.pk]))

    choices = [value for value, _label in response.context["form"].fields["to_status"].choices]
    assert choices == [
        StressorStatus.IN_PROGRESS,
        StressorStatus.REMOVED,
        StressorStatus.STABILISED,
    ]


def test_removed_stressor_cannot_be_reopened_through_the_form(
    client, family, stressor, professional_a
):
    client.force_login(professional_a)
    url, data = _pages(family.case, stressor)["status"]
    client.post(url, data | {"to_status": StressorStatus.REMOVED})
    before = snapshot("stressors")

    response = client.post(url, data | {"to_status": StressorStatus.IN_PROGRESS})

    assert response.status_code == 404  # a removed stressor is final: no status page
    assert snapshot("stressors") == before


def test_status_dated_in_the_future_gets_a_dutch_form_error(
    client, family, stressor, professional_a
):
    client.force_login(professional_a)
    url, data = _pages(family.case, stressor)["status"]
    tomorrow = TODAY() + timezone.timedelta(days=1)

    response = client.post(url, data | {"changed_on": tomorrow.isoformat()})

    assert _errors(response) == {"changed_on": ["Deze datum ligt in de toekomst."]}
    stressor.refresh_from_db()
    assert stressor.status == StressorStatus.SIGNALLED


def test_status_dated_before_signalling_gets_a_dutch_form_error(
    client, family, stressor, professional_a
):
    registered_days_ago(stressor, 5)
    client.force_login(professional_a)
    url, data = _pages(family.case, stressor)["status"]

    response = client.post(url, data | {"changed_on": factories.days_ago(6).isoformat()})

    assert _errors(response) == {
        "changed_on": ["Deze datum ligt vóór de datum waarop de stressor is gesignaleerd."]
    }
    stressor.refresh_from_db()
    assert stressor.status == StressorStatus.SIGNALLED


# --- The case page --------------------------------------------------------------------------


def _active_rows(html: str) -> list[str]:
    """The stressor names in the active stressors table, top to bottom."""
    section = html.split('id="stressoren"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<td><strong>([^<]+)</strong>", section)


def test_case_page_lists_stressors_most_damaging_first(client, family, professional_a):
    user, case = professional_a, family.case
    register(case, acting_user=user, kind="Laaggeletterdheid")
    register(case, acting_user=user, kind="Eenzaamheid", severity=1)
    register(case, acting_user=user, kind="Schulden", severity=3, since=factories.days_ago(30))
    register(case, acting_user=user, kind="Dakloosheid", severity=3, since=factories.days_ago(90))
    register(case, acting_user=user, kind="Werkloosheid", severity=2)
    client.force_login(user)

    rows = _active_rows(_case_page(client, case).text)

    assert rows == ["Dakloosheid", "Schulden", "Werkloosheid", "Eenzaamheid", "Laaggeletterdheid"]


def test_case_page_shows_each_residents_stressor_load(client, family, professional_a):
    user, case = professional_a, family.case
    register(case, acting_user=user, kind="Schulden", severity=3)
    register(case, acting_user=user, kind="Eenzaamheid", severity=2)
    register(case, acting_user=user, kind="Opvoedingsstress", resident=family.child, severity=1)
    client.force_login(user)

    response = _case_page(client, case)

    loads = {row["resident"]: row["load"] for row in response.context["stressor_loads"]}
    assert loads == {family.head: 5, family.child: 1}
    assert re.search(r"Fatima Ouali</strong>: 2 actieve stressoren, 1 ernstig", response.text)
    assert "stressorbelasting <strong>5</strong>" in response.text


def test_case_page_signals_a_stressor_without_change_in_4_weeks(client, family, stressor):
    untouched_for(stressor, days=30)
    client.force_login(stressor.registered_by)

    response = _case_page(client, family.case)

    assert "1 stressor zonder wijziging in 4 weken" in response.text
    assert "Geen wijziging in 4 weken" in response.text


def test_case_page_does_not_signal_a_stressor_changed_recently(client, family, stressor):
    untouched_for(stressor, days=20)
    client.force_login(stressor.registered_by)

    response = _case_page(client, family.case)

    assert "zonder wijziging in 4 weken" not in response.text


def test_case_page_shows_how_long_removal_took(client, family, stressor, professional_a):
    registered_days_ago(stressor, 30)
    client.force_login(professional_a)
    url, data = _pages(family.case, stressor)["status"]
    client.post(
        url,
        data
        | {"to_status": StressorStatus.REMOVED, "changed_on": factories.days_ago(5).isoformat()},
    )

    response = _case_page(client, family.case)

    assert "weggenomen op" in response.text
    assert "na 25 dagen" in response.text


def test_case_page_queries_do_not_grow_with_the_number_of_stressors(client, family, professional_a):
    kinds = list(StressorType.objects.values_list("name", flat=True)[:12])
    client.force_login(professional_a)

    def add(names):
        for i, name in enumerate(names):
            stressor = register(
                family.case,
                acting_user=professional_a,
                kind=name,
                resident=family.head if i % 2 else family.child,
                severity=i % 3 + 1,
            )
            if i % 4 == 0:
                untouched_for(stressor, days=40)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert _case_page(client, family.case).status_code == 200
        return len(queries)

    add(kinds[:4])
    count()  # warm the per-process caches (content types, sessions)
    few = count()
    add(kinds[4:])

    assert count() == few


# --- Mijn casussen --------------------------------------------------------------------------


def _my_cases(client, user):
    client.force_login(user)
    response = client.get(reverse("cases:my_cases"))
    assert response.status_code == 200
    return response


def test_my_cases_shows_open_severe_stressors_in_my_cases(client, family, professional_a):
    register(family.case, acting_user=professional_a, kind="Dreigende huisuitzetting", severity=3)

    response = _my_cases(client, professional_a)

    assert "Open ernstige stressoren in jouw casussen" in response.text
    assert "<strong>Dreigende huisuitzetting</strong> bij Fatima Ouali" in response.text


def test_my_cases_leaves_out_mild_and_ended_stressors(client, family, professional_a):
    user, case = professional_a, family.case
    register(case, acting_user=user, kind="Eenzaamheid", severity=2)
    removed = register(case, acting_user=user, kind="Dakloosheid", severity=3)
    stressor_services.stressor_change_status(
        acting_user=user, stressor=removed, to_status=StressorStatus.REMOVED
    )

    response = _my_cases(client, user)

    assert list(response.context["severe_stressors"]) == []
    assert "Open ernstige stressoren" not in response.text


def test_my_cases_marks_a_severe_stressor_without_change_in_4_weeks(client, family, professional_a):
    untouched_for(register(family.case, acting_user=professional_a, severity=3), days=29)

    response = _my_cases(client, professional_a)

    assert "geen wijziging in 4 weken" in response.text


@pytest.mark.parametrize("owner", ["colleague_a", "professional_b"])
def test_my_cases_never_shows_stressors_of_cases_i_may_not_see(
    client, request, family, professional_a, owner
):
    """A severe stressor in a case coordinated by someone else, of my team or another."""
    user = request.getfixturevalue(owner)
    theirs = build_family(acting_user=user, team=user.team, surname="Verborgen")
    register(theirs.case, acting_user=user, kind="Huiselijk geweld", severity=3)

    response = _my_cases(client, professional_a)

    assert "Huiselijk geweld" not in response.text
    assert "Verborgen" not in response.text
    assert theirs.case.reference not in response.text


def test_my_cases_of_a_teamleider_shows_no_stressors_of_cases_they_do_not_work_on(
    client, family, professional_a, teamleider_a
):
    register(family.case, acting_user=professional_a, kind="Huiselijk geweld", severity=3)

    response = _my_cases(client, teamleider_a)

    assert "Huiselijk geweld" not in response.text


def test_my_cases_queries_do_not_grow_with_the_number_of_severe_stressors(
    client, make_case, professional_a
):
    kinds = list(StressorType.objects.values_list("name", flat=True)[:9])

    def add(names):
        for name in names:
            register(make_case(), acting_user=professional_a, kind=name, severity=3)

    def count():
        with CaptureQueriesContext(connection) as queries:
            _my_cases(client, professional_a)
        return len(queries)

    add(kinds[:3])
    count()  # warm the per-process caches (content types, sessions)
    few = count()
    add(kinds[3:])

    assert count() == few


# --- The catalogue in the admin -------------------------------------------------------------


def test_beheerder_keeps_the_catalogue_in_the_admin(client, beheerder):
    client.force_login(beheerder)

    response = client.get(reverse("admin:stressors_stressortype_changelist"))

    assert response.status_code == 200
    assert "Dreigende huisuitzetting" in response.text


def test_beheerder_change_to_a_stressor_type_is_kept_with_who_made_it(client, beheerder):
    kind = stressor_type("Burenruzie")
    client.force_login(beheerder)

    response = client.post(
        reverse("admin:stressors_stressortype_change", args=[kind.pk]),
        {
            "name": "Burenruzie",
            "leg": kind.leg,
            "life_domain": kind.life_domain,
            "description": kind.description,
        },
    )

    assert response.status_code == 302
    kind.refresh_from_db()
    assert kind.is_active is False
    newest = kind.history.order_by("-history_id").first()
    assert newest.history_user == beheerder


@pytest.mark.parametrize("role", ["professional_a", "teamleider_a", "privacy_officer"])
def test_casework_roles_cannot_change_the_catalogue(client, request, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("admin:stressors_stressortype_changelist"))

    assert response.status_code in (302, 403)

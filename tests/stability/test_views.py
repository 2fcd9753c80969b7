"""The stability pages through the test client: who may open and post them, the Dutch form
errors, and the signals on the case page, Mijn casussen and the teamleider's overview."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.constants import CaseOutcome, CaseStatus
from stability.models import StabilityAssessment, ZrmAssessment
from stressors.models import StressorType
from tests.cases import factories
from tests.stressors.conftest import build_family, register, snapshot

from .conftest import all_rules, assess

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

TODAY = timezone.localdate
DECLINE = "Achteruitgang in stabiliteit"
REMINDER = "Stabiliteitsmeting nodig"


def _case_page(client, case):
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response


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


def _record_url(case) -> str:
    return reverse("stability:record", args=[case.pk])


def _form(resident, *, on=None, **fields) -> dict:
    """What the assessment form posts: every score field present, empty unless given."""
    data = {"resident": resident.pk, "assessed_on": (on or TODAY()).isoformat()}
    for rule in ("housing", "finances", "day_activity", "fitting_support", "living_environment"):
        data[rule] = ""
        data[f"{rule}_note"] = ""
    return data | {k: str(v) for k, v in fields.items()}


def _pages(case) -> dict[str, tuple[str, dict | None]]:
    """Every stability page of the case, with a valid POST where it takes one."""
    return {
        "overview": (reverse("stability:overview", args=[case.pk]), None),
        "record": (
            _record_url(case),
            _form(case.primary_resident, housing=3, finances=2, zrm_financien=2),
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
def test_who_has_no_part_in_the_case_gets_not_found_on_every_stability_page(
    client, request, family, professional_a, role
):
    assess(family.case, acting_user=professional_a, housing=2)
    client.force_login(request.getfixturevalue(role))

    for name, (url, _data) in _pages(family.case).items():
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize("role", REFUSED)
def test_refused_stability_post_gets_not_found_and_saves_nothing(
    client, request, family, professional_a, role
):
    assess(family.case, acting_user=professional_a, days_ago=10, housing=2)
    client.force_login(request.getfixturevalue(role))
    before = snapshot("stability")

    for name, (url, data) in _pages(family.case).items():
        assert client.post(url, data or {}).status_code == 404, name

    assert snapshot("stability") == before


@pytest.mark.parametrize("role", ["professional_a", "teamleider_a"])
def test_coordinator_and_own_teamleider_may_open_every_stability_page(
    client, request, family, professional_a, role
):
    assess(family.case, acting_user=professional_a, days_ago=10, zrm={"financien": 2}, housing=2)
    client.force_login(request.getfixturevalue(role))

    for name, (url, _data) in _pages(family.case).items():
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("role", ["professional_a", "teamleider_a"])
def test_coordinator_and_own_teamleider_may_record_an_assessment(client, request, family, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    url, data = _pages(family.case)["record"]

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"].split("#")[0] == reverse("cases:case_detail", args=[family.case.pk])
    assert StabilityAssessment.objects.get().assessor == user


def test_anonymous_visitor_is_sent_to_the_login_page(client, family):
    for name, (url, _data) in _pages(family.case).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_closed_case_refuses_new_assessments(client, family, professional_a, teamleider_a):
    _close(family.case, professional_a)
    url, data = _pages(family.case)["record"]

    for user in (professional_a, teamleider_a):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404

    assert not StabilityAssessment.objects.exists()
    assert not ZrmAssessment.objects.exists()


def test_closed_case_assessments_can_still_be_read(client, family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=3, housing=2)
    _close(family.case, professional_a)
    client.force_login(professional_a)

    response = client.get(reverse("stability:overview", args=[family.case.pk]))

    assert response.status_code == 200
    assert _record_url(family.case) not in response.text


# --- Recording through the form -------------------------------------------------------------


def test_professional_records_an_assessment_through_the_form(client, family, professional_a):
    client.force_login(professional_a)

    client.post(
        _record_url(family.case),
        _form(family.head, housing=4, finances=2, day_activity=3, housing_note="Schimmel"),
    )

    stability = StabilityAssessment.objects.get()
    assert stability.legs == {"leefomgeving": 2, "meedoen": 3, "continuiteit": None}
    assert stability.housing_note == "Schimmel"
    assert not ZrmAssessment.objects.exists()


def test_score_6_gets_a_dutch_form_error_and_saves_nothing(client, family, professional_a):
    client.force_login(professional_a)
    before = snapshot("stability")

    response = client.post(_record_url(family.case), _form(family.head, housing=6))

    assert _errors(response) == {
        "housing": ["Selecteer een geldige keuze. 6 is geen beschikbare keuze."]
    }
    assert "Er is iets niet goed ingevuld" in response.text
    assert snapshot("stability") == before


def test_zrm_score_6_gets_a_dutch_form_error_and_saves_nothing(client, family, professional_a):
    client.force_login(professional_a)

    response = client.post(_record_url(family.case), _form(family.head, housing=3, zrm_justitie=6))

    assert _errors(response) == {
        "zrm_justitie": ["Selecteer een geldige keuze. 6 is geen beschikbare keuze."]
    }
    assert not StabilityAssessment.objects.exists()


def test_form_without_any_score_says_at_least_one_is_needed(client, family, professional_a):
    client.force_login(professional_a)

    response = client.post(_record_url(family.case), _form(family.head, housing_note="Gesprek"))

    assert _errors(response) == {
        "__all__": ["Vul minstens één score in: een vuistregel of een ZRM-domein."]
    }
    assert "Vul minstens één score in" in response.text
    assert not StabilityAssessment.objects.exists()


def test_form_dated_in_the_future_gets_a_dutch_error(client, family, professional_a):
    client.force_login(professional_a)

    response = client.post(
        _record_url(family.case),
        _form(family.head, on=TODAY() + timezone.timedelta(days=1), housing=3),
    )

    assert _errors(response) == {"assessed_on": ["Deze datum ligt in de toekomst."]}
    assert not StabilityAssessment.objects.exists()


def test_form_for_a_date_already_assessed_gets_a_dutch_error(client, family, professional_a):
    assess(family.case, acting_user=professional_a, housing=3)
    client.force_login(professional_a)
    before = snapshot("stability")

    response = client.post(_record_url(family.case), _form(family.head, housing=4))

    assert _errors(response) == {
        "assessed_on": ["Voor deze inwoner is op deze datum al een meting vastgelegd."]
    }
    assert snapshot("stability") == before


def test_form_for_a_resident_not_in_the_case_gets_a_dutch_error(
    client, family, make_case, professional_a
):
    outsider = make_case().primary_resident
    client.force_login(professional_a)

    response = client.post(_record_url(family.case), _form(outsider, housing=3))

    assert _errors(response) == {
        "resident": ["Selecteer een geldige keuze. Deze keuze is niet beschikbaar."]
    }
    assert not StabilityAssessment.objects.exists()


def test_form_with_only_zrm_scores_records_only_a_zrm(client, family, professional_a):
    client.force_login(professional_a)

    response = client.post(
        _record_url(family.case), _form(family.child, zrm_financien=2, zrm_huisvesting=4)
    )

    assert response.status_code == 302
    assert not StabilityAssessment.objects.exists()
    zrm = ZrmAssessment.objects.get()
    assert (zrm.resident, zrm.stability_assessment) == (family.child, None)


def test_form_with_rules_and_zrm_links_the_zrm_to_the_assessment(client, family, professional_a):
    client.force_login(professional_a)

    client.post(
        _record_url(family.case),
        _form(family.head, on=factories.days_ago(2), fitting_support=3, zrm_justitie=2),
    )

    zrm = ZrmAssessment.objects.get()
    assert zrm.stability_assessment == StabilityAssessment.objects.get()
    assert (zrm.assessed_on, zrm.assessor) == (factories.days_ago(2), professional_a)


# --- The case page --------------------------------------------------------------------------


def test_case_page_signals_a_decline_in_stability(client, family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(4))
    assess(family.case, acting_user=professional_a, **all_rules(4) | {"fitting_support": 3})
    client.force_login(professional_a)

    response = _case_page(client, family.case)

    assert DECLINE in response.text
    assert "bij Fatima Ouali is een poot gedaald of staat op 1" in response.text


def test_case_page_does_not_signal_a_steady_resident(client, family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(3))
    assess(family.case, acting_user=professional_a, **all_rules(3))
    client.force_login(professional_a)

    assert DECLINE not in _case_page(client, family.case).text


def test_case_page_no_longer_signals_a_decline_after_recovery(client, family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(1))
    assess(family.case, acting_user=professional_a, **all_rules(3))
    client.force_login(professional_a)

    assert DECLINE not in _case_page(client, family.case).text


def test_case_page_reminds_to_assess_a_resident_not_assessed_for_8_weeks(
    client, family, professional_a
):
    assess(family.case, acting_user=professional_a, days_ago=60, **all_rules(3))
    assess(family.case, acting_user=professional_a, resident=family.child, housing=3)
    client.force_login(professional_a)

    response = _case_page(client, family.case)

    reminders = re.findall(r'<li class="signals__reminder">(.*?)</li>', response.text, re.S)
    assert len(reminders) == 1
    assert REMINDER in reminders[0]
    assert "Fatima Ouali is voor het laatst gemeten op" in reminders[0]


def test_case_page_does_not_remind_when_everyone_was_assessed_recently(
    client, family, professional_a
):
    for resident in (family.head, family.child):
        assess(family.case, acting_user=professional_a, resident=resident, days_ago=5, housing=3)
    client.force_login(professional_a)

    assert REMINDER not in _case_page(client, family.case).text


def test_closed_case_page_does_not_remind_to_assess(client, family, professional_a):
    _close(family.case, professional_a)
    client.force_login(professional_a)

    assert REMINDER not in _case_page(client, family.case).text


def test_case_page_shows_the_latest_legs_as_bars_and_the_trend_as_a_chart(
    client, family, professional_a
):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(4))
    assess(family.case, acting_user=professional_a, **all_rules(2))
    client.force_login(professional_a)

    text = _case_page(client, family.case).text

    assert "<title id=" in text
    assert "Laatste meting van Fatima Ouali" in text
    assert "Verloop van de stabiliteit van Fatima Ouali" in text
    assert "Metingen als tabel" in text


def test_resident_name_with_html_is_escaped_in_the_charts(client, team_a, professional_a):
    resident = factories.resident(
        acting_user=professional_a, first_name="<script>alert(1)</script>", last_name="Test"
    )
    case = factories.case(
        acting_user=professional_a,
        team=team_a,
        coordinator=professional_a,
        residents=[resident],
        reported_on=factories.days_ago(60),
    )
    assess(case, acting_user=professional_a, days_ago=30, **all_rules(4))
    assess(case, acting_user=professional_a, **all_rules(3))
    client.force_login(professional_a)

    for url in (
        reverse("cases:case_detail", args=[case.pk]),
        reverse("stability:overview", args=[case.pk]),
    ):
        text = client.get(url).text
        assert "<script>alert(1)</script>" not in text, url
        assert "Verloop van de stabiliteit van &lt;script&gt;alert(1)&lt;/script&gt;" in text, url


def test_case_page_queries_do_not_grow_with_stressors_and_assessments(
    client, family, professional_a
):
    kinds = list(StressorType.objects.values_list("name", flat=True))
    client.force_login(professional_a)
    added = {"n": 0}

    def add(n):
        for _ in range(n):
            i = added["n"]
            resident = family.child if i % 2 else family.head
            register(family.case, acting_user=professional_a, kind=kinds[i], resident=resident)
            assess(
                family.case,
                acting_user=professional_a,
                resident=resident,
                days_ago=i * 7,
                zrm={"financien": i % 5 + 1},
                **all_rules(i % 5 + 1),
            )
            added["n"] += 1

    def count():
        with CaptureQueriesContext(connection) as queries:
            _case_page(client, family.case)
        return len(queries)

    add(4)
    count()  # warm the per-process caches (content types, sessions)
    few = count()
    add(8)

    assert count() == few


def test_stability_overview_queries_do_not_grow_with_assessments(client, family, professional_a):
    client.force_login(professional_a)
    url = reverse("stability:overview", args=[family.case.pk])

    def add(days):
        for d in days:
            for resident in (family.head, family.child):
                assess(
                    family.case,
                    acting_user=professional_a,
                    resident=resident,
                    days_ago=d,
                    zrm={"financien": d % 5 + 1, "justitie": 3},
                    **all_rules(d % 5 + 1),
                )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add([1, 8])
    count()  # warm the per-process caches (content types, sessions)
    few = count()
    add([15, 22, 29, 36])

    assert count() == few


# --- Lists: Mijn casussen and the team overview ---------------------------------------------


def test_my_cases_marks_a_case_with_a_decline(client, family, professional_a):
    assess(family.case, acting_user=professional_a, housing=1)
    client.force_login(professional_a)

    response = client.get(reverse("cases:my_cases"))

    assert '<span class="signal">Achteruitgang</span>' in response.text


def test_team_overview_lists_the_teams_declining_cases(
    client, family, professional_a, teamleider_a
):
    assess(family.case, acting_user=professional_a, housing=1)
    client.force_login(teamleider_a)

    response = client.get(reverse("cases:team_overview"))

    assert list(response.context["declining"]) == [family.case]
    assert family.case.reference in response.text


def test_team_overview_never_shows_another_teams_declining_case(
    client, team_b, professional_b, teamleider_a
):
    theirs = build_family(acting_user=professional_b, team=team_b, surname="Verborgen")
    assess(theirs.case, acting_user=professional_b, housing=1)
    client.force_login(teamleider_a)

    response = client.get(reverse("cases:team_overview"))

    assert list(response.context["declining"]) == []
    assert "Geen casussen met achteruitgang." in response.text
    assert theirs.case.reference not in response.text
    assert "Verborgen" not in response.text


def test_team_overview_leaves_out_a_recovered_case(client, family, professional_a, teamleider_a):
    assess(family.case, acting_user=professional_a, days_ago=20, housing=1)
    assess(family.case, acting_user=professional_a, housing=4)
    client.force_login(teamleider_a)

    response = client.get(reverse("cases:team_overview"))

    assert list(response.context["declining"]) == []


def test_team_overview_queries_do_not_grow_with_declining_cases(
    client, make_case, professional_a, teamleider_a
):
    client.force_login(teamleider_a)

    def add(n):
        for _ in range(n):
            assess(make_case(), acting_user=professional_a, housing=1)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cases:team_overview")).status_code == 200
        return len(queries)

    add(2)
    count()  # warm the per-process caches (content types, sessions)
    few = count()
    add(4)

    assert count() == few


def test_stressor_shows_the_latest_zrm_score_of_its_life_domain(client, family, professional_a):
    register(family.case, acting_user=professional_a, kind="Schulden")  # life domain: financiën
    assess(family.case, acting_user=professional_a, days_ago=40, zrm={"financien": 1})
    assess(family.case, acting_user=professional_a, days_ago=5, zrm={"financien": 3})
    client.force_login(professional_a)

    text = client.get(reverse("cases:case_detail", args=[family.case.pk])).text

    assert "Financiën (ZRM 3 van 5)" in text

"""The professional records shares and consents on the case page. Who may do that follows
the case (coordinator, involved colleague, the team's teamleider); everyone else gets a 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.constants import CaseOutcome, CaseRegime, CaseStatus
from cases.models import Case
from privacy.constants import DataCategory, LegalBasis, ShareChannel
from privacy.models import Consent, DataShare
from privacy.services import consent_record, consent_withdraw, data_share_record
from tests.cases import factories


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def corporation(db):
    return factories.OrganisationFactory(name="Woonstichting De Kern")


@pytest.fixture
def consent(case, professional_a):
    return consent_record(
        acting_user=professional_a,
        resident=case.primary_resident,
        scope_organisations="Woonstichting De Kern",
        scope_purposes="Huisuitzetting voorkomen",
        given_on=_days_ago(30),
    )


@pytest.fixture
def involved(case, professional_a, colleague_a):
    """A colleague of the team who works with the household through an involvement."""
    services.involvement_add(
        acting_user=professional_a,
        case=case,
        user=colleague_a,
        organisation_other="Schuldhulp Noord",
        role="Schuldhulpverlener",
        since=_days_ago(5),
    )
    return colleague_a


def _share_payload(case, corporation, **overrides) -> dict:
    return {
        "resident": case.primary_resident_id,
        "recipient_organisation": corporation.pk,
        "recipient_person": "Ria Wonen",
        "categories": [DataCategory.IDENTITY, DataCategory.HOUSING],
        "legal_basis": LegalBasis.LEGAL_TASK,
        "consent": "",
        "legal_article": "Wmo 2015 art. 5.2.1",
        "purpose": "Huisuitzetting voorkomen",
        "channel": ShareChannel.PHONE,
        "shared_on": _days_ago(1).isoformat(),
        **overrides,
    }


def _case_page(user, case) -> str:
    response = _client(user).get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- Recording consent ----------------------------------------------------------------------


def test_coordinator_records_a_consent(case, professional_a):
    response = _client(professional_a).post(
        reverse("privacy:consent_add", args=[case.pk]),
        {
            "resident": case.primary_resident_id,
            "scope_organisations": "Deelnemers aan de doorbraaktafel",
            "scope_purposes": "Een oplossing voor de schulden",
            "given_on": _days_ago(2).isoformat(),
        },
    )

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.resident, consent.given_on, consent.recorded_by) == (
        case.primary_resident,
        _days_ago(2),
        professional_a,
    )


def test_consent_in_the_future_is_a_form_error(case, professional_a):
    response = _client(professional_a).post(
        reverse("privacy:consent_add", args=[case.pk]),
        {
            "resident": case.primary_resident_id,
            "scope_organisations": "Woonstichting",
            "scope_purposes": "Huur",
            "given_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["given_on"] == ["Deze datum ligt in de toekomst."]
    assert not Consent.objects.exists()


def test_consent_form_offers_only_the_households_residents(make_case, case, professional_a):
    outsider = make_case().primary_resident

    response = _client(professional_a).post(
        reverse("privacy:consent_add", args=[case.pk]),
        {
            "resident": outsider.pk,
            "scope_organisations": "Woonstichting",
            "scope_purposes": "Huur",
            "given_on": _days_ago(1).isoformat(),
        },
    )

    assert "resident" in response.context["form"].errors
    assert not Consent.objects.exists()


# --- Withdrawing consent --------------------------------------------------------------------


def test_withdrawal_is_recorded_and_shows_on_the_case(case, professional_a, consent):
    response = _client(professional_a).post(
        reverse("privacy:consent_withdraw", args=[case.pk, consent.pk]),
        {"withdrawn_on": _days_ago(1).isoformat()},
    )

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == _days_ago(1)
    page = _case_page(professional_a, case)
    assert "Ingetrokken op" in page
    assert reverse("privacy:consent_withdraw", args=[case.pk, consent.pk]) not in page


def test_withdrawal_before_the_consent_was_given_is_a_form_error(case, professional_a, consent):
    response = _client(professional_a).post(
        reverse("privacy:consent_withdraw", args=[case.pk, consent.pk]),
        {"withdrawn_on": _days_ago(31).isoformat()},
    )

    assert response.status_code == 200
    assert (
        "vóór de datum waarop ze is gegeven" in response.context["form"].errors["withdrawn_on"][0]
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdrawn_consent_blocks_a_new_share_as_form_error(
    case, professional_a, consent, corporation
):
    consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=_days_ago(3))

    response = _client(professional_a).post(
        reverse("privacy:share_add", args=[case.pk]),
        _share_payload(
            case, corporation, legal_basis=LegalBasis.CONSENT, consent=consent.pk, legal_article=""
        ),
    )

    assert response.status_code == 200
    date = f"{_days_ago(3):%d-%m-%Y}"
    assert response.context["form"].errors["consent"] == [
        f"Deze toestemming is ingetrokken op {date}; op deze grondslag kan niet meer "
        "worden gedeeld."
    ]
    assert not DataShare.objects.exists()


def test_consent_of_another_household_is_not_found_under_this_case(make_case, case, professional_a):
    other = make_case()
    elsewhere = consent_record(
        acting_user=professional_a,
        resident=other.primary_resident,
        scope_organisations="Iedereen",
        scope_purposes="Alles",
        given_on=_days_ago(3),
    )

    response = _client(professional_a).get(
        reverse("privacy:consent_withdraw", args=[case.pk, elsewhere.pk])
    )

    assert response.status_code == 404


# --- Recording a share ----------------------------------------------------------------------


def test_coordinator_records_a_share_that_shows_on_the_case(case, professional_a, corporation):
    response = _client(professional_a).post(
        reverse("privacy:share_add", args=[case.pk]), _share_payload(case, corporation)
    )

    assert response.status_code == 302
    share = DataShare.objects.get()
    assert (share.shared_by, share.case, share.categories) == (
        professional_a,
        case,
        [DataCategory.IDENTITY, DataCategory.HOUSING],
    )
    page = _case_page(professional_a, case)
    for shown in ("Woonstichting De Kern", "Identiteit, Wonen", "Wmo 2015 art. 5.2.1"):
        assert shown in page


def test_share_form_marks_a_withdrawn_consent(case, professional_a, consent):
    consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=_days_ago(3))

    response = _client(professional_a).get(reverse("privacy:share_add", args=[case.pk]))

    assert f"(ingetrokken op {_days_ago(3):%d-%m-%Y})" in response.content.decode()


def test_share_form_groups_choices_in_fieldsets_with_a_legend(case, professional_a):
    text = _client(professional_a).get(reverse("privacy:share_add", args=[case.pk])).content

    assert text.decode().count("<legend>") == 2


def test_share_without_categories_is_a_form_error(case, professional_a, corporation):
    response = _client(professional_a).post(
        reverse("privacy:share_add", args=[case.pk]),
        _share_payload(case, corporation, categories=[]),
    )

    assert "categories" in response.context["form"].errors
    assert not DataShare.objects.exists()


def test_closed_case_takes_no_new_shares_or_consents(case, professional_a):
    services.case_change_status(
        acting_user=professional_a,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )
    client = _client(professional_a)

    assert client.get(reverse("privacy:share_add", args=[case.pk])).status_code == 404
    assert client.get(reverse("privacy:consent_add", args=[case.pk])).status_code == 404


# --- Who may ---------------------------------------------------------------------------------

ALLOWED = ["professional_a", "involved", "teamleider_a"]
REFUSED = ["professional_b", "teamleider_b", "privacy_officer", "beleidsmedewerker", "partner"]


def _urls(case, consent) -> list[str]:
    return [
        reverse("privacy:share_add", args=[case.pk]),
        reverse("privacy:consent_add", args=[case.pk]),
        reverse("privacy:consent_withdraw", args=[case.pk, consent.pk]),
        reverse("privacy:share_list", args=[case.pk]),
    ]


@pytest.mark.parametrize("role", ALLOWED)
def test_people_of_the_case_may_record_shares_and_consents(case, consent, role, request):
    client = _client(request.getfixturevalue(role))

    for url in _urls(case, consent):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", REFUSED)
def test_everyone_else_gets_404(case, consent, corporation, role, request):
    client = _client(request.getfixturevalue(role))

    for url in _urls(case, consent):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("privacy:share_add", args=[case.pk]), _share_payload(case, corporation)
    )
    assert response.status_code == 404
    assert not DataShare.objects.exists()


@pytest.mark.parametrize("role", REFUSED)
def test_everyone_else_cannot_withdraw_a_consent(case, consent, role, request):
    client = _client(request.getfixturevalue(role))

    response = client.post(
        reverse("privacy:consent_withdraw", args=[case.pk, consent.pk]),
        {"withdrawn_on": _days_ago(1).isoformat()},
    )

    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_anonymous_visitor_is_sent_to_the_login_page(case, consent):
    response = Client().get(reverse("privacy:share_add", args=[case.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- The case page --------------------------------------------------------------------------


def _fill(case, user, corporation, n: int) -> None:
    residents = [m.resident for m in case.household.memberships.select_related("resident")]
    for i in range(n):
        resident = residents[i % len(residents)]
        consent = consent_record(
            acting_user=user,
            resident=resident,
            scope_organisations=f"Organisatie {i}",
            scope_purposes="Huur",
            given_on=_days_ago(20),
            withdrawn_on=_days_ago(2) if i % 2 else None,
        )
        data_share_record(
            acting_user=user,
            resident=resident,
            case=case,
            recipient_organisation=corporation,
            categories=[DataCategory.HOUSING],
            legal_basis=LegalBasis.CONSENT,
            consent=consent,
            purpose="Huur",
            channel=ShareChannel.EMAIL,
            shared_on=_days_ago(10),
        )


def _queries(user, url: str) -> int:
    client = _client(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["cases:case_detail", "privacy:share_list"])
def test_page_costs_the_same_queries_for_2_or_6_shares_and_consents(
    make_case, professional_a, corporation, name
):
    residents = [factories.resident(acting_user=professional_a) for _ in range(2)]
    case = make_case(residents=residents)
    url = reverse(name, args=[case.pk])

    _fill(case, professional_a, corporation, 2)
    few = _queries(professional_a, url)
    _fill(case, professional_a, corporation, 4)
    many = _queries(professional_a, url)

    assert few == many


def test_case_page_shows_the_latest_shares_and_links_to_all(case, professional_a, corporation):
    _fill(case, professional_a, corporation, 12)

    page = _case_page(professional_a, case)

    assert reverse("privacy:share_list", args=[case.pk]) in page
    assert "Alle gegevensdelingen (12)" in page


def test_case_page_shows_the_kind_of_file(make_case, professional_a):
    case = make_case(regime=CaseRegime.YOUTH)

    page = _case_page(professional_a, case)

    assert "Soort dossier" in page and "Jeugdwet" in page


def test_closed_case_page_shows_until_when_it_is_kept(case, professional_a):
    services.case_change_status(
        acting_user=professional_a,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )
    Case.objects.filter(pk=case.pk).update(retain_until=timezone.localdate().replace(year=2031))

    page = _case_page(professional_a, case)

    assert "Bewaren tot" in page and "2031" in page


def test_open_case_page_shows_no_retention_date(case, professional_a):
    assert "Bewaren tot" not in _case_page(professional_a, case)


# --- A resident who is an employee ----------------------------------------------------------


def test_resident_form_asks_whether_the_resident_is_an_employee(professional_a):
    response = _client(professional_a).get(reverse("cases:resident_create"))

    text = response.content.decode()
    assert 'name="is_employee"' in text
    assert "Elke inzage in het dossier van een collega wordt aan de privacy officer" in text


def test_resident_page_shows_an_employee_as_such(professional_a):
    employee = factories.resident(acting_user=professional_a, is_employee=True)
    other = factories.resident(acting_user=professional_a)
    client = _client(professional_a)

    assert (
        "Medewerker"
        in client.get(reverse("cases:resident_detail", args=[employee.pk])).content.decode()
    )
    assert (
        "Medewerker"
        not in client.get(reverse("cases:resident_detail", args=[other.pk])).content.decode()
    )


def test_employee_flag_can_be_set_on_the_update_page(professional_a):
    person = factories.resident(acting_user=professional_a)
    client = _client(professional_a)
    url = reverse("cases:resident_update", args=[person.pk])
    form = client.get(url).context["form"]

    response = client.post(
        url,
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "is_employee": "on",
            "seen_history_id": form.initial["seen_history_id"],
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_employee

"""The subject access request (inzageverzoek, art. 15 AVG): the privacy officer records it
and hands the resident everything the product holds on them, with who viewed it, as a PDF
and as JSON. Other members of the household are never named. Recording and every delivery
leave a trace in the access log, and only the privacy officer reaches any of it.

The household: Fatima Ouali (head, with a BSN) and Karim Haddou (her partner, with his own
BSN and date of birth), one case of team A coordinated by Femke de Vries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.constants import OrganisationKind
from cases import permissions, services
from cases.constants import CaseSource, HouseholdRole, JournalKind
from cases.models import Case, Resident
from privacy.constants import (
    AccessAction,
    AccessReason,
    DataCategory,
    LegalBasis,
    PrivacyRequestKind,
    ShareChannel,
)
from privacy.models import AccessLog, PrivacyRequest
from privacy.services import access_log_record, consent_record, data_share_record
from privacy.subject_access import (
    access_log_by_day,
    access_request_create,
    subject_access_collect,
)
from stability import services as stability_services
from tests.cases import factories
from tests.cases.factories import OrganisationFactory
from tests.doorbraak.test_pdf import pdf_text
from tests.stressors.conftest import register

pytestmark = pytest.mark.django_db

BSN = "111222333"
OTHER_BSN = "123456782"
OTHER_BIRTH = date(1978, 9, 23)
JOURNAL_SUMMARY = "Huisbezoek, post samen doorgenomen"
JOURNAL_TEXT = "Brieven van de woningcorporatie gelezen; betalingsregeling besproken."
PRIVATE_SUMMARY = "Eigen aantekening: volgende keer tolk regelen"
RECIPIENT = "Woonstichting De Kern"
OTHER_STRESSOR_TEXT = "Alleen over de partner: schulden bij de bookmaker"


@dataclass
class Household:
    case: Case
    head: Resident
    other: Resident


def _other_members_details(other: Resident) -> list[str]:
    return [
        other.first_name,
        other.last_name,
        OTHER_BSN,
        OTHER_BSN[-4:],
        OTHER_BIRTH.isoformat(),
        "23 september 1978",
        "23-09-1978",
        OTHER_STRESSOR_TEXT,
    ]


def _journal(case: Case, user, summary: str, **fields):
    return services.journal_entry_add(
        acting_user=user,
        case=case,
        kind=fields.pop("kind", JournalKind.HOME_VISIT),
        occurred_at=timezone.now() - timedelta(hours=2),
        summary=summary,
        **fields,
    )


@pytest.fixture
def household(professional_a, team_a, teamleider_a) -> Household:
    head = factories.resident(
        acting_user=professional_a,
        first_name="Fatima",
        last_name="Ouali",
        bsn=BSN,
        date_of_birth=date(1984, 4, 12),
        phone="06-12345678",
    )
    other = factories.resident(
        acting_user=professional_a,
        first_name="Karim",
        last_name="Haddou",
        bsn=OTHER_BSN,
        date_of_birth=OTHER_BIRTH,
    )
    home = factories.household(
        acting_user=professional_a,
        members=[(head, HouseholdRole.HEAD), (other, HouseholdRole.PARTNER)],
    )
    case = services.case_open(
        acting_user=professional_a,
        household=home,
        primary_resident=head,
        team=team_a,
        coordinator=professional_a,
        source=CaseSource.GP,
        question="Huurachterstand en brieven die niet worden geopend.",
        reported_on=factories.days_ago(30),
    )
    _journal(case, professional_a, JOURNAL_SUMMARY, text=JOURNAL_TEXT)
    _journal(case, professional_a, PRIVATE_SUMMARY, kind=JournalKind.NOTE, is_private=True)
    register(case, acting_user=professional_a, kind="Schulden", severity=3, resident=head)
    register(
        case,
        acting_user=professional_a,
        kind="Verslaving",
        resident=other,
        description=OTHER_STRESSOR_TEXT,
    )
    stability_services.assessment_record(
        acting_user=professional_a,
        case=case,
        resident=head,
        assessed_on=factories.days_ago(3),
        scores={"housing": 2, "finances": 1, "day_activity": 3},
    )
    consent = consent_record(
        acting_user=professional_a,
        resident=head,
        scope_organisations=RECIPIENT,
        scope_purposes="Een betalingsregeling treffen",
        given_on=factories.days_ago(10),
    )
    data_share_record(
        acting_user=professional_a,
        resident=head,
        case=case,
        recipient_organisation=OrganisationFactory(name=RECIPIENT, kind=OrganisationKind.HOUSING),
        recipient_person="Ria Wonen",
        categories=[DataCategory.FINANCES, DataCategory.HOUSING],
        legal_basis=LegalBasis.CONSENT,
        consent=consent,
        purpose="Huurachterstand oplossen",
        channel=ShareChannel.PHONE,
        shared_on=factories.days_ago(9),
    )
    # Who looked: the coordinator opened the case, the teamleider the resident.
    permissions.access_case(professional_a, case.pk)
    permissions.access_resident(teamleider_a, head.pk)
    return Household(case=case, head=head, other=other)


@pytest.fixture
def officer_client(client, privacy_officer):
    client.force_login(privacy_officer)
    return client


@pytest.fixture
def access_request(household, privacy_officer) -> PrivacyRequest:
    return access_request_create(
        acting_user=privacy_officer,
        resident=household.head,
        received_on=factories.days_ago(2),
        grounds="Per brief ontvangen; identiteit gecontroleerd aan de balie.",
    )


def _newest_entry() -> AccessLog:
    return AccessLog.objects.order_by("-pk").first()


def _subjects(entry: AccessLog) -> set[int]:
    return set(entry.subjects.values_list("resident_id_ref", flat=True))


# --- What the overview holds ----------------------------------------------------------------


def test_pdf_holds_the_residents_data_their_case_shares_and_who_viewed_it(
    officer_client, household, access_request
):
    response = officer_client.get(reverse("privacy:access_request_pdf", args=[access_request.pk]))

    text = pdf_text(response.content)
    assert response.status_code == 200
    for expected in (
        "Overzicht van uw gegevens",
        "Fatima Ouali",
        BSN,
        household.case.reference,
        JOURNAL_SUMMARY,
        RECIPIENT,
        "Femke de Vries",  # the coordinator who opened the case
        "Marloes Smit",  # the teamleider who opened the resident
        "Autoriteit Persoonsgegevens",
    ):
        assert expected in text, expected


def test_pdf_never_names_the_other_member_of_the_household(
    officer_client, household, access_request
):
    response = officer_client.get(reverse("privacy:access_request_pdf", args=[access_request.pk]))

    text = pdf_text(response.content)
    assert "ander lid van het huishouden" in text.lower()
    for detail in _other_members_details(household.other):
        assert detail not in text, detail


def test_pdf_includes_private_work_notes_and_marks_them(officer_client, access_request):
    response = officer_client.get(reverse("privacy:access_request_pdf", args=[access_request.pk]))

    text = pdf_text(response.content)
    assert PRIVATE_SUMMARY in text
    assert "persoonlijke werkaantekening van de professional" in text


def test_pdf_tells_the_officer_to_read_free_texts_before_sending(officer_client, access_request):
    response = officer_client.get(reverse("privacy:access_request_pdf", args=[access_request.pk]))

    text = pdf_text(response.content)
    assert "Gegevens van anderen" in text
    assert "vóór verzending nagelezen" in text


def test_json_holds_the_residents_data_their_case_shares_and_who_viewed_it(
    officer_client, household, access_request
):
    response = officer_client.get(reverse("privacy:access_request_json", args=[access_request.pk]))

    data = json.loads(response.content)
    assert data["persoonsgegevens"]["naam"] == "Fatima Ouali"
    assert data["persoonsgegevens"]["bsn"] == BSN
    assert data["persoonsgegevens"]["geboortedatum"] == "1984-04-12"
    [case] = data["casussen"]
    assert case["casusnummer"] == household.case.reference
    assert JOURNAL_SUMMARY in [entry["onderwerp"] for entry in case["journaal"]]
    assert [s["ontvangende_organisatie"] for s in data["gegevensdelingen"]] == [RECIPIENT]
    assert {"Femke de Vries", "Marloes Smit"} <= {e["wie"] for e in data["toegangslog"]}
    assert data["verzoek"]["nummer"] == access_request.pk


def test_json_never_names_the_other_member_of_the_household(
    officer_client, household, access_request
):
    response = officer_client.get(reverse("privacy:access_request_json", args=[access_request.pk]))

    text = response.content.decode()
    for detail in _other_members_details(household.other):
        assert detail not in text, detail
    [home] = json.loads(text)["huishoudens"]
    assert home["andere_leden"] == [
        {"omschrijving": "ander lid van het huishouden", "rol": "Partner"}
    ]


def test_json_is_readable_utf8(officer_client, access_request):
    response = officer_client.get(reverse("privacy:access_request_json", args=[access_request.pk]))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Financiën".encode() in response.content  # not escaped as \u00eb
    assert b'\n  "persoonsgegevens"' in response.content  # indented


def test_overview_marks_private_work_notes(household):
    data = subject_access_collect(household.head)

    journal = {e["onderwerp"]: e for e in data["casussen"][0]["journaal"]}
    assert journal[PRIVATE_SUMMARY]["persoonlijke_werkaantekening"] is True
    assert journal[JOURNAL_SUMMARY]["persoonlijke_werkaantekening"] is False


def test_overview_holds_only_the_residents_own_stressors_and_assessments(household):
    data = subject_access_collect(household.head)

    assert [s["stressor"] for s in data["stressoren"]] == ["Schulden"]
    assert len(data["stabiliteitsmetingen"]) == 1
    assert data["stabiliteitsmetingen"][0]["stabiliteit"] == 1


def test_overview_of_the_other_member_holds_their_own_stressor(household):
    data = subject_access_collect(household.other)

    assert [s["omschrijving"] for s in data["stressoren"]] == [OTHER_STRESSOR_TEXT]
    assert data["gegevensdelingen"] == []
    assert "Fatima" not in json.dumps(data)


def test_overview_is_plain_json_data(household):
    data = subject_access_collect(household.head)

    assert json.loads(json.dumps(data)) == data


def test_access_log_in_the_overview_names_role_action_and_reason(household, teamleider_a):
    data = subject_access_collect(household.head)

    [seen] = [e for e in data["toegangslog"] if e["wie"] == "Marloes Smit"]
    assert (seen["rol"], seen["handeling"], seen["grond_voor_toegang"]) == (
        "Teamleider",
        "Bekeken",
        "Teamleider van het team",
    )


def test_access_log_in_the_overview_includes_the_officers_own_work(
    officer_client, household, access_request
):
    officer_client.get(reverse("privacy:resident", args=[household.head.pk]))

    data = subject_access_collect(household.head)

    mine = [e for e in data["toegangslog"] if e["wie"] == "Ilse Peters"]
    assert {e["handeling"] for e in mine} == {"Geëxporteerd", "Bekeken"}
    assert {e["grond_voor_toegang"] for e in mine} == {"Privacytoezicht"}


def test_pdf_log_shares_a_line_only_when_nothing_but_the_time_differs():
    start = timezone.make_aware(datetime(2026, 3, 2, 9, 0))

    def entry(minutes: int, who: str = "Femke de Vries") -> dict:
        return {
            "tijdstip": start + timedelta(minutes=minutes),
            "wie": who,
            "rol": "Wijkteamprofessional",
            "organisatie": "",
            "handeling": "Bekeken",
            "grond_voor_toegang": "Casusregisseur",
            "casusnummer": "2026-000001",
        }

    days = access_log_by_day(
        [entry(0), entry(5), entry(10, "Sanne Bakker"), entry(15), entry(24 * 60)]
    )

    assert [(d["day"], [(x["wie"], x["times"], x["count"]) for x in d["lines"]]) for d in days] == [
        (
            date(2026, 3, 2),
            [
                ("Femke de Vries", "09:00, 09:05", 2),
                ("Sanne Bakker", "09:10", 1),
                ("Femke de Vries", "09:15", 1),
            ],
        ),
        (date(2026, 3, 3), [("Femke de Vries", "09:00", 1)]),
    ]


def test_collect_query_count_does_not_grow_with_journal_or_log(
    household, professional_a, django_assert_max_num_queries
):
    head = Resident.objects.get(pk=household.head.pk)

    def grow(n: int) -> None:
        for i in range(n):
            _journal(household.case, professional_a, f"Telefoontje {i}", kind=JournalKind.PHONE)
            access_log_record(
                user=professional_a,
                action=AccessAction.VIEW,
                resident_ids=[head.pk],
                reason=AccessReason.COORDINATOR,
            )

    grow(5)
    with CaptureQueriesContext(connection) as with_n:
        small = subject_access_collect(head)
    grow(10)

    with django_assert_max_num_queries(len(with_n.captured_queries)):
        large = subject_access_collect(head)

    assert len(large["casussen"][0]["journaal"]) == len(small["casussen"][0]["journaal"]) + 10
    assert len(large["toegangslog"]) == len(small["toegangslog"]) + 10
    assert len(with_n.captured_queries) <= 25


# --- Recording the request ------------------------------------------------------------------


def test_recording_the_request_creates_it_and_logs_an_export(
    officer_client, household, privacy_officer
):
    url = reverse("privacy:access_request", args=[household.head.pk])

    response = officer_client.post(
        url, {"received_on": factories.days_ago(1).isoformat(), "grounds": ""}
    )

    created = PrivacyRequest.objects.get()
    assert (created.kind, created.resident_id_ref, created.handled_by) == (
        PrivacyRequestKind.ACCESS,
        household.head.pk,
        privacy_officer,
    )
    assert created.grounds  # the article stands in for an empty explanation
    entry = _newest_entry()
    assert (entry.user, entry.action, entry.reason, entry.detail) == (
        privacy_officer,
        AccessAction.EXPORT,
        AccessReason.PRIVACY_REVIEW,
        "inzageverzoek vastgelegd",
    )
    assert _subjects(entry) == {household.head.pk}
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("privacy:resident", args=[household.head.pk]) + f"#verzoek-{created.pk}"
    )


def test_after_recording_the_resident_page_offers_both_downloads(officer_client, household):
    url = reverse("privacy:access_request", args=[household.head.pk])

    response = officer_client.post(
        url, {"received_on": factories.days_ago(1).isoformat()}, follow=True
    )

    created = PrivacyRequest.objects.get()
    page = response.content.decode()
    assert "Het inzageverzoek is vastgelegd" in page
    assert reverse("privacy:access_request_pdf", args=[created.pk]) in page
    assert reverse("privacy:access_request_json", args=[created.pk]) in page


@pytest.mark.parametrize(
    ("received_on", "message"),
    [
        ((timezone.localdate() + timedelta(days=1)).isoformat(), "Deze datum ligt in de toekomst."),
        ("gisteren", "Voer een geldige datum in."),
        ("2026-13-45", "Voer een geldige datum in."),
        ("", "Dit veld is verplicht."),
    ],
)
def test_bad_date_is_refused_on_the_form_and_writes_nothing(
    officer_client, household, received_on, message
):
    url = reverse("privacy:access_request", args=[household.head.pk])
    log_before = AccessLog.objects.count()

    response = officer_client.post(url, {"received_on": received_on, "grounds": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [message]
    assert not PrivacyRequest.objects.exists()
    assert AccessLog.objects.count() == log_before


def test_service_refuses_a_future_date(household, privacy_officer):
    with pytest.raises(ValidationError) as refused:
        access_request_create(
            acting_user=privacy_officer,
            resident=household.head,
            received_on=timezone.localdate() + timedelta(days=1),
            grounds="",
        )

    assert refused.value.error_dict["received_on"][0].code == "future"
    assert not PrivacyRequest.objects.exists()


def test_service_refuses_anyone_but_the_privacy_officer(household, professional_a):
    log_before = AccessLog.objects.count()

    with pytest.raises(ValidationError) as refused:
        access_request_create(
            acting_user=professional_a,
            resident=household.head,
            received_on=timezone.localdate(),
            grounds="",
        )

    assert refused.value.code == "not_privacy_officer"
    assert not PrivacyRequest.objects.exists()
    assert AccessLog.objects.count() == log_before


# --- Delivering it --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "action", "content_type"),
    [
        ("privacy:access_request_pdf", AccessAction.PRINT, "application/pdf"),
        ("privacy:access_request_json", AccessAction.EXPORT, "application/json; charset=utf-8"),
    ],
)
def test_download_is_logged_and_marks_the_request_delivered(
    officer_client, household, access_request, privacy_officer, name, action, content_type
):
    fmt = name.rsplit("_", 1)[1]

    response = officer_client.get(reverse(name, args=[access_request.pk]))

    entry = _newest_entry()
    assert (entry.user, entry.action, entry.reason, entry.detail) == (
        privacy_officer,
        action,
        AccessReason.PRIVACY_REVIEW,
        f"inzageverzoek verstrekt ({fmt})",
    )
    assert _subjects(entry) == {household.head.pk}
    access_request.refresh_from_db()
    assert access_request.delivered_at is not None
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="inzage-{access_request.pk}.{fmt}"'
    )
    assert "no-store" in response["Cache-Control"]


def test_second_download_keeps_the_first_delivery_date(officer_client, access_request):
    officer_client.get(reverse("privacy:access_request_json", args=[access_request.pk]))
    access_request.refresh_from_db()
    first = access_request.delivered_at

    officer_client.get(reverse("privacy:access_request_json", args=[access_request.pk]))

    access_request.refresh_from_db()
    assert access_request.delivered_at == first


def test_download_names_its_own_delivery_in_the_log(officer_client, access_request):
    response = officer_client.get(reverse("privacy:access_request_json", args=[access_request.pk]))

    last = json.loads(response.content)["toegangslog"][-1]
    assert (last["wie"], last["handeling"]) == ("Ilse Peters", "Geëxporteerd")


def test_filename_does_not_carry_the_residents_name(officer_client, access_request):
    response = officer_client.get(reverse("privacy:access_request_pdf", args=[access_request.pk]))

    assert "Ouali" not in response["Content-Disposition"]
    assert "Fatima" not in response["Content-Disposition"]


# --- The privacy officer's page for one resident --------------------------------------------


def test_resident_page_shows_metadata_not_case_content(officer_client, household):
    response = officer_client.get(reverse("privacy:resident", args=[household.head.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Fatima Ouali" in page
    assert household.head.masked_bsn in page
    assert household.case.reference in page
    for content in (BSN, JOURNAL_SUMMARY, household.case.question, "Schulden", RECIPIENT):
        assert content not in page, content


def test_resident_page_links_to_log_and_the_requests(officer_client, household):
    response = officer_client.get(reverse("privacy:resident", args=[household.head.pk]))

    page = response.content.decode()
    for name in ("log_resident", "access_request", "rectification", "erasure"):
        assert reverse(f"privacy:{name}", args=[household.head.pk]) in page, name


def test_resident_page_lists_earlier_requests_of_this_resident_only(
    officer_client, household, access_request, privacy_officer
):
    other_request = access_request_create(
        acting_user=privacy_officer,
        resident=household.other,
        received_on=timezone.localdate(),
        grounds="Eigen verzoek van de partner",
    )

    response = officer_client.get(reverse("privacy:resident", args=[household.head.pk]))

    assert list(response.context["page"].object_list) == [access_request]
    assert f"verzoek-{other_request.pk}" not in response.content.decode()


def test_resident_page_query_count_does_not_grow_with_requests(
    officer_client, household, privacy_officer, django_assert_max_num_queries
):
    url = reverse("privacy:resident", args=[household.head.pk])

    def grow(n: int) -> None:
        for _ in range(n):
            access_request_create(
                acting_user=privacy_officer,
                resident=household.head,
                received_on=timezone.localdate(),
                grounds="",
            )

    grow(3)
    with CaptureQueriesContext(connection) as with_n:
        officer_client.get(url)
    grow(6)

    with django_assert_max_num_queries(len(with_n.captured_queries)):
        response = officer_client.get(url)

    assert len(response.context["page"].object_list) == 9


def test_viewing_the_resident_page_is_logged(officer_client, household, privacy_officer):
    officer_client.get(reverse("privacy:resident", args=[household.head.pk]))

    entry = _newest_entry()
    assert (entry.user, entry.action, entry.reason) == (
        privacy_officer,
        AccessAction.VIEW,
        AccessReason.PRIVACY_REVIEW,
    )
    assert _subjects(entry) == {household.head.pk}


# --- Who may reach it -----------------------------------------------------------------------


def _urls(household: Household, request: PrivacyRequest) -> list[str]:
    return [
        reverse("privacy:resident", args=[household.head.pk]),
        reverse("privacy:access_request", args=[household.head.pk]),
        reverse("privacy:access_request_pdf", args=[request.pk]),
        reverse("privacy:access_request_json", args=[request.pk]),
    ]


@pytest.mark.parametrize(
    "role", ["professional_a", "teamleider_a", "beleidsmedewerker", "partner", "beheerder"]
)
def test_other_roles_get_404_everywhere_and_change_nothing(
    client, request, household, access_request, role
):
    user = request.getfixturevalue(role)
    client.force_login(user)

    for url in _urls(household, access_request):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"received_on": "2026-01-01"}).status_code == 404, url
        entry = _newest_entry()
        assert (entry.user, entry.granted) == (user, False), url

    access_request.refresh_from_db()
    assert access_request.delivered_at is None
    assert PrivacyRequest.objects.count() == 1


def test_anonymous_visitor_is_sent_to_login(client, household, access_request):
    for url in _urls(household, access_request):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"] == f"/accounts/login/?next={quote(url)}"


def test_privacy_officer_reaches_every_page(officer_client, household, access_request):
    for url in _urls(household, access_request):
        assert officer_client.get(url).status_code == 200, url


def test_unknown_ids_are_404_for_the_privacy_officer(officer_client, household, privacy_officer):
    rectification = PrivacyRequest.objects.create(
        kind=PrivacyRequestKind.RECTIFICATION,
        resident_id_ref=household.head.pk,
        received_on=timezone.localdate(),
        grounds="Verkeerde geboortedatum",
        handled_by=privacy_officer,
    )
    missing = 987654
    for url in (
        reverse("privacy:resident", args=[missing]),
        reverse("privacy:access_request", args=[missing]),
        reverse("privacy:access_request_pdf", args=[missing]),
        reverse("privacy:access_request_json", args=[missing]),
        # Only an access request has an overview to hand over.
        reverse("privacy:access_request_pdf", args=[rectification.pk]),
        reverse("privacy:access_request_json", args=[rectification.pk]),
    ):
        assert officer_client.get(url).status_code == 404, url


def test_request_of_an_erased_resident_has_nothing_to_hand_over(
    officer_client, privacy_officer, professional_a
):
    gone = factories.resident(acting_user=professional_a, first_name="Weg", last_name="Gewist")
    request_obj = access_request_create(
        acting_user=privacy_officer, resident=gone, received_on=timezone.localdate(), grounds=""
    )
    Resident.objects.filter(pk=gone.pk).delete()

    response = officer_client.get(reverse("privacy:access_request_pdf", args=[request_obj.pk]))

    assert response.status_code == 404

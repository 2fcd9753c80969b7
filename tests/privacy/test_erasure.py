"""A resident's erasure (AVG art. 17) and rectification (art. 16) requests, carried out by the
privacy officer: what goes, what stays, when it is refused, what is recorded, and who may."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.constants import HouseholdRole, LifeDomain
from cases.models import Case, CaseTombstone, Household, HouseholdMember, Resident
from privacy import retention
from privacy.constants import (
    AccessAction,
    AccessReason,
    LegalBasis,
    PrivacyRequestKind,
    RemovalReason,
)
from privacy.models import AccessLog, Consent, DataShare, PrivacyRequest
from privacy.services import data_share_record
from stability.models import StabilityAssessment, ZrmAssessment
from stability.services import assessment_record
from stressors.models import Stressor
from tests.cases import factories
from tests.doorbraak.conftest import consent_of
from tests.privacy.test_retention import (
    build_full_case,
    close,
    dangling_history_links,
    history_rows_of,
    row_counts,
)

TODAY = timezone.localdate


def erase(officer, resident, **kwargs):
    kwargs.setdefault("received_on", TODAY() - timedelta(days=2))
    kwargs.setdefault("grounds", "Verzoek per brief; geen wettelijke bewaarplicht van toepassing.")
    return retention.resident_erase(acting_user=officer, resident=resident, **kwargs)


def rectify(officer, resident, **kwargs):
    kwargs.setdefault("received_on", TODAY() - timedelta(days=2))
    kwargs.setdefault("grounds", "Uittreksel BRP toont een andere schrijfwijze.")
    return retention.resident_rectify(acting_user=officer, resident=resident, **kwargs)


@pytest.fixture
def open_family(professional_a, teamleider_a, professional_b, team_a):
    """An open case of a mother (reported) and her child with every kind of record."""
    return build_full_case(
        professional=professional_a,
        teamleider=teamleider_a,
        outsider=professional_b,
        team=team_a,
        closed=False,
    )


@pytest.fixture
def alone(make_case, professional_a):
    """A closed case of a household of one."""
    person = factories.resident(acting_user=professional_a, first_name="Karel", last_name="Smit")
    return close(make_case(residents=[person]), professional_a)


# --- Erasure of the only member of a household ----------------------------------------------


def test_erasure_of_the_only_member_removes_the_case_and_its_history(alone, privacy_officer):
    person = alone.primary_resident
    ids = {
        Case: {alone.pk},
        Resident: {person.pk},
        Household: {alone.household_id},
    }

    erase(privacy_officer, person)

    assert not Case.objects.filter(pk=alone.pk).exists()
    assert not Resident.objects.filter(pk=person.pk).exists()
    assert not Household.objects.filter(pk=alone.household_id).exists()
    assert history_rows_of(ids) == []
    assert dangling_history_links() == []


def test_erasure_of_the_only_member_leaves_a_tombstone_with_the_reason(alone, privacy_officer):
    erase(privacy_officer, alone.primary_resident)

    tombstone = CaseTombstone.objects.get(reference=alone.reference)
    assert tombstone.removal_reason == RemovalReason.ERASURE


def test_erasure_of_a_sole_member_with_a_full_case_removes_all_of_it(
    professional_a, teamleider_a, professional_b, team_a, privacy_officer
):
    built = build_full_case(
        professional=professional_a,
        teamleider=teamleider_a,
        outsider=professional_b,
        team=team_a,
    )
    HouseholdMember.objects.filter(resident=built.child).delete()

    erase(privacy_officer, built.head)

    assert not Case.objects.filter(pk=built.case.pk).exists()
    assert history_rows_of(built.ids) == []
    assert dangling_history_links() == []


# --- Erasure of one member of a larger household --------------------------------------------


def test_erasure_of_one_member_keeps_the_case_and_the_other_member(open_family, privacy_officer):
    erase(privacy_officer, open_family.child)

    assert Case.objects.filter(pk=open_family.case.pk).exists()
    assert Resident.objects.filter(pk=open_family.head.pk).exists()
    assert not Resident.objects.filter(pk=open_family.child.pk).exists()
    assert list(
        HouseholdMember.objects.filter(household=open_family.case.household).values_list(
            "resident_id", flat=True
        )
    ) == [open_family.head.pk]
    assert not CaseTombstone.objects.exists()


def test_erasure_of_one_member_removes_their_own_records_and_history(open_family, privacy_officer):
    child = open_family.child
    own = {
        Resident: {child.pk},
        HouseholdMember: set(
            HouseholdMember.objects.filter(resident=child).values_list("pk", flat=True)
        ),
        Stressor: set(Stressor.objects.filter(resident=child).values_list("pk", flat=True)),
    }
    assert own[Stressor]

    erase(privacy_officer, child)

    assert not Stressor.objects.filter(pk__in=own[Stressor]).exists()
    assert history_rows_of(own) == []
    assert dangling_history_links() == []


def test_erasure_of_the_reported_member_removes_their_consents_shares_and_assessments(
    make_case, professional_a, privacy_officer
):
    head = factories.resident(acting_user=professional_a)
    child = factories.resident(acting_user=professional_a)
    case = make_case(residents=[head, child])
    consent = consent_of(head, recorded_by=professional_a)
    data_share_record(
        acting_user=professional_a,
        resident=head,
        case=case,
        recipient_organisation=factories.OrganisationFactory(),
        categories=["financien"],
        legal_basis=LegalBasis.CONSENT,
        consent=consent,
        purpose="Afspraak over de huurachterstand",
        channel="telefoon",
        shared_on=TODAY(),
    )
    assessment_record(
        acting_user=professional_a,
        case=case,
        resident=head,
        assessed_on=TODAY(),
        scores={"housing": 2},
        zrm_scores={LifeDomain.FINANCES: 2},
    )

    erase(privacy_officer, head)

    assert not Consent.objects.filter(resident_id=head.pk).exists()
    assert not DataShare.objects.filter(resident_id=head.pk).exists()
    assert not StabilityAssessment.objects.filter(resident_id=head.pk).exists()
    assert not ZrmAssessment.objects.filter(resident_id=head.pk).exists()
    assert dangling_history_links() == []


def test_erasure_is_refused_while_a_doorbraaktafel_share_rests_on_their_consent(
    open_family, privacy_officer
):
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        erase(privacy_officer, open_family.head)

    assert refused.value.error_list[0].code == "protected"
    assert "delen met partners" in refused.value.messages[0]
    assert row_counts() == before


def test_erasure_of_the_reported_member_reports_the_case_for_the_next_member(
    make_case, professional_a, privacy_officer
):
    head = factories.resident(acting_user=professional_a)
    child = factories.resident(acting_user=professional_a)
    case = make_case(residents=[head, child])

    erase(privacy_officer, head)

    case.refresh_from_db()
    assert case.primary_resident == child
    assert not case.history.filter(primary_resident_id=head.pk).exists()
    assert history_rows_of({Resident: {head.pk}}) == []


def test_erasure_is_refused_while_a_case_is_on_legal_hold(alone, privacy_officer):
    Case.objects.filter(pk=alone.pk).update(legal_hold_reason="Lopende procedure")
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        erase(privacy_officer, alone.primary_resident)

    (message,) = refused.value.messages
    assert alone.reference in message and "bewaarplicht" in message
    assert row_counts() == before


def test_erasure_of_one_member_is_refused_while_their_case_is_on_legal_hold(
    open_family, privacy_officer
):
    Case.objects.filter(pk=open_family.case.pk).update(legal_hold_reason="Klacht")
    before = row_counts()

    with pytest.raises(ValidationError):
        erase(privacy_officer, open_family.child)

    assert row_counts() == before


def test_erasure_is_refused_while_the_sole_members_case_is_open(
    make_case, professional_a, privacy_officer
):
    case = make_case()
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        erase(privacy_officer, case.primary_resident)

    (message,) = refused.value.messages
    assert case.reference in message and "nog open" in message and "af te sluiten" in message
    assert row_counts() == before


def test_erasure_is_recorded_with_its_grounds(alone, privacy_officer):
    person_id = alone.primary_resident_id

    request_record = erase(privacy_officer, alone.primary_resident, grounds="Brief van 3 maart")

    stored = PrivacyRequest.objects.get(pk=request_record.pk)
    assert (stored.kind, stored.resident_id_ref, stored.grounds) == (
        PrivacyRequestKind.ERASURE,
        person_id,
        "Brief van 3 maart",
    )
    assert stored.handled_by == privacy_officer
    assert stored.completed_at is not None
    assert alone.reference in stored.outcome


def test_erasure_is_logged_as_a_privacy_review_change(alone, privacy_officer):
    person_id = alone.primary_resident_id

    erase(privacy_officer, alone.primary_resident)

    entry = AccessLog.objects.get(user=privacy_officer, detail="verwijderverzoek uitgevoerd")
    assert (entry.action, entry.reason) == (AccessAction.CHANGE, AccessReason.PRIVACY_REVIEW)
    assert list(entry.subjects.values_list("resident_id_ref", flat=True)) == [person_id]


def test_erasure_of_a_resident_in_no_case_removes_them_and_their_empty_household(
    professional_a, privacy_officer
):
    person = factories.resident(acting_user=professional_a)
    home = factories.household(acting_user=professional_a, members=[(person, HouseholdRole.HEAD)])

    erase(privacy_officer, person)

    assert not Resident.objects.filter(pk=person.pk).exists()
    assert not Household.objects.filter(pk=home.pk).exists()


# --- Rectification --------------------------------------------------------------------------


def test_rectification_changes_the_fields(professional_a, privacy_officer):
    person = factories.resident(acting_user=professional_a, first_name="Fatma", last_name="Oali")

    rectify(privacy_officer, person, first_name="Fatima", last_name="Ouali", bsn="111222333")

    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.bsn) == ("Fatima", "Ouali", "111222333")


def test_rectification_records_grounds_and_field_names_not_values(professional_a, privacy_officer):
    person = factories.resident(acting_user=professional_a, first_name="Fatma")

    record = rectify(privacy_officer, person, first_name="Fatima", grounds="Paspoort gezien")

    stored = PrivacyRequest.objects.get(pk=record.pk)
    assert (stored.kind, stored.grounds) == (PrivacyRequestKind.RECTIFICATION, "Paspoort gezien")
    assert "voornaam" in stored.outcome
    assert "Fatma" not in stored.outcome and "Fatima" not in stored.outcome
    entry = AccessLog.objects.get(user=privacy_officer, action=AccessAction.CHANGE)
    assert entry.detail == "rectificatieverzoek uitgevoerd: first_name"
    assert "Fatima" not in entry.detail


def test_rectification_keeps_the_old_value_in_history_as_the_record_of_the_correction(
    professional_a, privacy_officer
):
    person = factories.resident(acting_user=professional_a, first_name="Fatma")

    rectify(privacy_officer, person, first_name="Fatima")

    newest, older = person.history.order_by("-history_id")[:2]
    assert (older.first_name, newest.first_name) == ("Fatma", "Fatima")
    assert newest.history_user == privacy_officer
    assert newest.history_change_reason == "Rectificatie (AVG art. 16)"


def test_rectification_that_changes_nothing_is_refused(professional_a, privacy_officer):
    person = factories.resident(acting_user=professional_a, first_name="Fatima")

    with pytest.raises(ValidationError) as refused:
        rectify(privacy_officer, person, first_name="Fatima")

    assert refused.value.error_list[0].code == "unchanged"
    assert not PrivacyRequest.objects.exists()


# --- Bad input changes nothing --------------------------------------------------------------


def _erase_request(officer, resident, **kwargs):
    return erase(officer, resident, **kwargs)


def _rectify_request(officer, resident, **kwargs):
    return rectify(officer, resident, first_name="Anders", **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"grounds": "  "},
            "grounds",
            "Vul de grondslag en toelichting in: waarom het verzoek zo wordt uitgevoerd.",
        ),
        (
            {"received_on": TODAY() + timedelta(days=1)},
            "received_on",
            "Deze datum ligt in de toekomst.",
        ),
    ],
    ids=["empty_grounds", "future_received_on"],
)
@pytest.mark.parametrize("service", [_erase_request, _rectify_request], ids=["erase", "rectify"])
def test_bad_request_input_is_refused_in_dutch_and_changes_nothing(
    alone, privacy_officer, service, kwargs, field, message
):
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        service(privacy_officer, alone.primary_resident, **kwargs)

    assert refused.value.message_dict[field] == [message]
    assert row_counts() == before


def test_rectification_with_an_invalid_bsn_is_refused_in_dutch(professional_a, privacy_officer):
    person = factories.resident(acting_user=professional_a)
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        rectify(privacy_officer, person, bsn="123456789")

    assert refused.value.message_dict["bsn"] == [
        "Dit is geen geldig BSN: het voldoet niet aan de elfproef. Controleer de cijfers."
    ]
    assert row_counts() == before


def test_rectification_to_a_bsn_of_another_resident_is_refused(professional_a, privacy_officer):
    factories.resident(acting_user=professional_a, bsn="111222333")
    person = factories.resident(acting_user=professional_a)

    with pytest.raises(ValidationError) as refused:
        rectify(privacy_officer, person, bsn="111222333")

    assert refused.value.error_dict["bsn"][0].code == "bsn_taken"


# --- Only the privacy officer ---------------------------------------------------------------

OTHER_ROLES = ["professional_a", "teamleider_a", "beleidsmedewerker", "partner", "beheerder"]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_the_privacy_officer_can_erase(alone, role, request):
    user = request.getfixturevalue(role)

    with pytest.raises(ValidationError) as refused:
        erase(user, alone.primary_resident)

    assert refused.value.error_list[0].code == "not_privacy_officer"
    assert Case.objects.filter(pk=alone.pk).exists()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_the_privacy_officer_can_rectify(alone, role, request):
    user = request.getfixturevalue(role)

    with pytest.raises(ValidationError) as refused:
        rectify(user, alone.primary_resident, first_name="Anders")

    assert refused.value.error_list[0].code == "not_privacy_officer"
    assert Resident.objects.get(pk=alone.primary_resident_id).first_name == "Karel"


@pytest.mark.parametrize("role", OTHER_ROLES)
@pytest.mark.parametrize("name", ["rectification", "erasure"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_request_pages_are_404_for_everyone_but_the_privacy_officer(
    client, alone, role, name, method, request
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    url = reverse(f"privacy:{name}", args=[alone.primary_resident_id])

    response = getattr(client, method)(
        url,
        {
            "received_on": TODAY().isoformat(),
            "grounds": "Verzoek",
            "first_name": "Anders",
            "last_name": "Smit",
            "confirm": "on",
        },
    )

    assert response.status_code == 404
    assert Case.objects.filter(pk=alone.pk).exists()
    assert Resident.objects.get(pk=alone.primary_resident_id).first_name == "Karel"
    assert AccessLog.objects.filter(user=user, granted=False).count() == 1


# --- The pages ------------------------------------------------------------------------------


def test_erasure_page_shows_what_would_go_per_case(client, open_family, alone, privacy_officer):
    client.force_login(privacy_officer)

    text = client.get(reverse("privacy:erasure", args=[open_family.child.pk])).content.decode()

    assert open_family.case.reference in text
    assert "Alleen de gegevens van deze inwoner" in text
    text = client.get(reverse("privacy:erasure", args=[alone.primary_resident_id])).content.decode()
    assert "De hele casus met het huishouden" in text


def test_erasure_page_view_is_logged(client, alone, privacy_officer):
    client.force_login(privacy_officer)

    client.get(reverse("privacy:erasure", args=[alone.primary_resident_id]))

    entry = AccessLog.objects.get(user=privacy_officer)
    assert (entry.action, entry.reason) == (AccessAction.VIEW, AccessReason.PRIVACY_REVIEW)
    assert list(entry.subjects.values_list("resident_id_ref", flat=True)) == [
        alone.primary_resident_id
    ]


def test_erasure_page_needs_the_confirmation(client, alone, privacy_officer):
    client.force_login(privacy_officer)

    response = client.post(
        reverse("privacy:erasure", args=[alone.primary_resident_id]),
        {"received_on": TODAY().isoformat(), "grounds": "Verzoek per brief"},
    )

    assert response.status_code == 200
    assert "Vink aan dat u hebt gecontroleerd wat er wordt verwijderd." in response.content.decode()
    assert Case.objects.filter(pk=alone.pk).exists()


def test_erasure_page_carries_out_the_request_and_goes_to_the_dashboard(
    client, alone, privacy_officer
):
    client.force_login(privacy_officer)

    response = client.post(
        reverse("privacy:erasure", args=[alone.primary_resident_id]),
        {"received_on": TODAY().isoformat(), "grounds": "Verzoek per brief", "confirm": "on"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:dashboard")
    assert not Case.objects.filter(pk=alone.pk).exists()


def test_erasure_page_shows_the_refusal_of_an_open_case(client, make_case, privacy_officer):
    case = make_case()
    client.force_login(privacy_officer)

    response = client.post(
        reverse("privacy:erasure", args=[case.primary_resident_id]),
        {"received_on": TODAY().isoformat(), "grounds": "Verzoek per brief", "confirm": "on"},
    )

    assert response.status_code == 200
    assert "nog open" in response.content.decode()
    assert Case.objects.filter(pk=case.pk).exists()


def test_rectification_page_corrects_the_resident(client, alone, privacy_officer):
    client.force_login(privacy_officer)
    person = alone.primary_resident

    response = client.post(
        reverse("privacy:rectification", args=[person.pk]),
        {
            "received_on": TODAY().isoformat(),
            "grounds": "Uittreksel BRP",
            "first_name": "Carel",
            "name_prefix": "",
            "last_name": "Smit",
            "date_of_birth": "",
            "bsn": "",
            "phone": "",
            "email": "",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "Carel"


def test_rectification_page_shows_an_invalid_bsn_in_dutch(client, alone, privacy_officer):
    client.force_login(privacy_officer)
    person = alone.primary_resident

    response = client.post(
        reverse("privacy:rectification", args=[person.pk]),
        {
            "received_on": TODAY().isoformat(),
            "grounds": "Uittreksel BRP",
            "first_name": "Karel",
            "last_name": "Smit",
            "bsn": "123456789",
        },
    )

    assert response.status_code == 200
    assert "elfproef" in response.content.decode()
    person.refresh_from_db()
    assert person.bsn == ""
    assert not PrivacyRequest.objects.exists()


def test_rectification_page_of_an_unknown_resident_is_404(client, privacy_officer):
    client.force_login(privacy_officer)

    assert client.get(reverse("privacy:rectification", args=[999999])).status_code == 404


def test_erasure_page_refuses_a_future_date_in_dutch_and_changes_nothing(
    client, alone, privacy_officer
):
    client.force_login(privacy_officer)

    response = client.post(
        reverse("privacy:erasure", args=[alone.primary_resident_id]),
        {
            "received_on": (TODAY() + timedelta(days=3)).isoformat(),
            "grounds": "Verzoek per brief",
            "confirm": "on",
        },
    )

    assert response.status_code == 200
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert Case.objects.filter(pk=alone.pk).exists()
    assert not PrivacyRequest.objects.exists()

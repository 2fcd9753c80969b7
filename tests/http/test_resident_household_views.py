"""Residents and households through the browser: registering them, their addresses and
members, and the BSN that is shown masked unless someone deliberately reveals it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.constants import HouseholdRole
from cases.models import Household, HouseholdMember, Resident
from privacy.constants import AccessAction, AccessReason
from privacy.models import AccessLog
from tests.cases import factories

from .conftest import (
    BSN,
    ENDPOINTS,
    MASKED_BSN,
    Ctx,
    assert_garbage_is_refused,
    errors_of,
    form_data,
)

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

OTHER_VALID_BSN = "123456782"


def _url(name: str, *args) -> str:
    return reverse(f"cases:{name}", args=args)


def _register(client, **typed):
    url = _url("resident_create")
    typed = {"first_name": "Lotte", "last_name": "Jacobs", "bsn": "", **typed}
    return client.post(url, form_data(client.get(url), **typed))


# --- Registering a resident -----------------------------------------------------------------


def test_registering_a_resident_leads_to_their_page(client, professional_a):
    client.force_login(professional_a)

    response = _register(client, bsn=OTHER_VALID_BSN)

    resident = Resident.objects.get(last_name="Jacobs")
    assert response.status_code == 302
    assert response["Location"] == _url("resident_detail", resident.pk)
    assert resident.bsn == OTHER_VALID_BSN
    assert resident.created_by == professional_a
    assert client.get(response["Location"]).status_code == 200


def test_registering_a_resident_is_logged_as_created(client, professional_a):
    client.force_login(professional_a)

    _register(client)

    resident = Resident.objects.get()
    entry = AccessLog.objects.get(user=professional_a, action=AccessAction.CREATE)
    assert (entry.object_type, entry.object_id_ref) == ("resident", resident.pk)
    assert list(entry.subjects.values_list("resident_id_ref", flat=True)) == [resident.pk]


def test_bsn_typed_with_spaces_is_stored_as_nine_digits(client, professional_a):
    client.force_login(professional_a)

    assert _register(client, bsn="123 456 782").status_code == 302

    assert Resident.objects.get(last_name="Jacobs").bsn == OTHER_VALID_BSN


@pytest.mark.parametrize(
    ("bsn", "message"),
    [
        ("123456789", "elfproef"),
        ("12345", "precies 9 cijfers"),
        ("12345678a", "precies 9 cijfers"),
    ],
)
def test_invalid_bsn_is_refused_with_a_dutch_message(client, professional_a, bsn, message):
    client.force_login(professional_a)

    response = _register(client, bsn=bsn)

    assert response.status_code == 200
    assert message in " ".join(errors_of(response)["bsn"])
    assert message in response.text
    assert not Resident.objects.exists()


def test_bsn_of_an_existing_resident_is_refused(client, professional_a, colleague_a):
    factories.resident(acting_user=colleague_a, bsn=OTHER_VALID_BSN)
    client.force_login(professional_a)

    response = _register(client, bsn=OTHER_VALID_BSN)

    assert response.status_code == 200
    assert "al een inwoner met dit BSN" in response.text
    assert Resident.objects.count() == 1


def test_registering_without_a_name_is_refused(client, professional_a):
    client.force_login(professional_a)

    response = _register(client, first_name="", last_name="")

    assert response.status_code == 200
    assert {"first_name", "last_name"} <= set(errors_of(response))
    assert "Dit veld is verplicht." in response.text
    assert not Resident.objects.exists()


# --- Households -----------------------------------------------------------------------------


@pytest.fixture
def lotte(professional_a):
    return factories.resident(acting_user=professional_a, first_name="Lotte", last_name="Jacobs")


def _household(client, resident, **typed):
    url = _url("household_create")
    typed = {
        "street": "Hinthamerstraat",
        "house_number": "80",
        "house_number_suffix": "",
        "postcode": "5211 MS",
        "city": "Den Bosch",
        "first_member": resident.pk,
        "first_member_role": HouseholdRole.HEAD,
        **typed,
    }
    return client.post(url, form_data(client.get(url), **typed))


def test_household_is_registered_with_its_first_member(client, professional_a, lotte):
    client.force_login(professional_a)

    response = _household(client, lotte)

    household = Household.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("household_detail", household.pk)
    assert list(household.memberships.values_list("resident", "role")) == [
        (lotte.pk, HouseholdRole.HEAD)
    ]


@pytest.mark.parametrize("postcode", ["1234", "0123 AB", "1234 SA", "ABCD 12"])
def test_household_with_a_wrong_postcode_is_refused(client, professional_a, lotte, postcode):
    client.force_login(professional_a)

    response = _household(client, lotte, postcode=postcode)

    assert response.status_code == 200
    assert "Vul een Nederlandse postcode in, zoals 1234 AB." in response.text
    assert "postcode" in errors_of(response)
    assert not Household.objects.exists()


@pytest.mark.parametrize("typed", ["1234ab", " 1234 ab ", "1234 AB"])
def test_postcode_is_stored_as_four_digits_space_two_capitals(client, professional_a, lotte, typed):
    client.force_login(professional_a)

    assert _household(client, lotte, postcode=typed).status_code == 302

    assert Household.objects.get().postcode == "1234 AB"


def test_address_change_normalises_the_postcode_too(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("household_update", world.household.pk)
    data = form_data(
        client.get(url), street="Kerkstraat", house_number="3", postcode="5211ab", city="Vught"
    )

    assert client.post(url, data).status_code == 302

    world.household.refresh_from_db()
    assert (world.household.street, world.household.postcode) == ("Kerkstraat", "5211 AB")


def test_new_member_is_registered_and_added_in_one_step(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("household_new_member", world.household.pk)
    data = form_data(
        client.get(url),
        first_name="Yusuf",
        last_name="Ouali",
        role=HouseholdRole.CHILD,
        bsn="",
    )

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == _url("household_detail", world.household.pk)
    member = HouseholdMember.objects.get(resident__first_name="Yusuf")
    assert (member.household, member.role) == (world.household, HouseholdRole.CHILD)
    assert "Yusuf Ouali" in client.get(_url("case_detail", world.case.pk)).text


def test_new_member_with_invalid_bsn_is_not_registered_at_all(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("household_new_member", world.household.pk)
    data = form_data(
        client.get(url),
        first_name="Yusuf",
        last_name="Ouali",
        role=HouseholdRole.CHILD,
        bsn="123456789",
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "elfproef" in response.text
    assert not Resident.objects.filter(first_name="Yusuf").exists()


def test_existing_resident_is_added_as_member(client, world, professional_a, lotte):
    client.force_login(professional_a)
    url = _url("household_add_member", world.household.pk)

    response = client.post(
        url, form_data(client.get(url), resident=lotte.pk, role=HouseholdRole.RELATIVE)
    )

    assert response.status_code == 302
    assert world.household.memberships.filter(resident=lotte).exists()


def test_member_cannot_be_added_twice(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("household_add_member", world.household.pk)

    response = client.post(
        url, form_data(client.get(url), resident=world.child.pk, role=HouseholdRole.RELATIVE)
    )

    assert response.status_code == 200
    assert "resident" in errors_of(response)
    assert world.household.memberships.filter(resident=world.child).count() == 1
    assert world.household.memberships.get(resident=world.child).role == HouseholdRole.CHILD


def test_household_cannot_get_a_second_head(client, world, professional_a, lotte):
    client.force_login(professional_a)
    url = _url("household_add_member", world.household.pk)

    response = client.post(
        url, form_data(client.get(url), resident=lotte.pk, role=HouseholdRole.HEAD)
    )

    assert response.status_code == 200
    assert "al een hoofdbewoner" in response.text
    assert not world.household.memberships.filter(resident=lotte).exists()


# --- A resident in two households ---------------------------------------------------------


@pytest.fixture
def second_home(world, professional_b, team_b):
    """The child also lives with the other parent, in a household with a case of team B
    that team A has no part in."""
    father = factories.resident(acting_user=professional_b, first_name="Ahmed", last_name="Ouali")
    return factories.case(
        acting_user=professional_b,
        team=team_b,
        coordinator=professional_b,
        residents=[father, world.child],
    ).household


def test_resident_page_does_not_show_a_household_the_user_may_not_see(
    client, world, second_home, professional_a
):
    client.force_login(professional_a)

    response = client.get(_url("resident_detail", world.child.pk))

    assert response.status_code == 200
    assert world.household.address_line in response.text
    assert second_home.address_line not in response.text
    assert _url("household_detail", second_home.pk) not in response.text


def test_other_household_of_a_resident_stays_hidden(client, world, second_home, professional_a):
    client.force_login(professional_a)

    assert client.get(_url("household_detail", second_home.pk)).status_code == 404
    case_page = client.get(_url("case_detail", world.case.pk)).text
    assert "Ahmed" not in case_page
    assert second_home.address_line not in case_page


# --- The BSN --------------------------------------------------------------------------------


def test_resident_page_shows_the_bsn_masked(client, world, professional_a):
    client.force_login(professional_a)

    response = client.get(_url("resident_detail", world.head.pk))

    assert response.status_code == 200
    assert MASKED_BSN in response.text
    assert BSN not in response.text


@pytest.mark.parametrize(
    "page",
    ["case_detail", "case_history", "case_journal", "household_detail", "resident_update"],
)
def test_full_bsn_is_on_no_other_page(client, world, professional_a, page):
    client.force_login(professional_a)
    pk = world.head.pk if page.startswith("resident") else world.case.pk
    if page.startswith("household"):
        pk = world.household.pk

    response = client.get(_url(page, pk))

    assert response.status_code == 200
    assert BSN not in response.text


def test_case_list_found_by_bsn_does_not_show_the_bsn(client, world, professional_a):
    client.force_login(professional_a)

    response = client.get(_url("my_cases"), {"q": world.case.reference})

    assert "Fatima Ouali" in response.text
    assert BSN not in response.text


def test_revealing_the_bsn_shows_it_and_logs_it(client, world, professional_a):
    client.force_login(professional_a)

    response = client.post(_url("resident_reveal_bsn", world.head.pk))

    assert response.status_code == 200
    assert BSN in response.text
    entry = AccessLog.objects.get(user=professional_a, action=AccessAction.BSN_REVEAL)
    assert (entry.granted, entry.reason) == (True, AccessReason.COORDINATOR)
    assert (entry.object_type, entry.object_id_ref) == ("resident", world.head.pk)
    assert list(entry.subjects.values_list("resident_id_ref", flat=True)) == [world.head.pk]


def test_revealing_through_htmx_returns_only_the_bsn_fragment(client, world, professional_a):
    client.force_login(professional_a)

    response = client.post(
        _url("resident_reveal_bsn", world.head.pk), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert BSN in response.text
    assert "<html" not in response.text
    assert AccessLog.objects.filter(action=AccessAction.BSN_REVEAL).count() == 1


def test_bsn_cannot_be_revealed_by_opening_a_link(client, world, professional_a):
    client.force_login(professional_a)

    response = client.get(_url("resident_reveal_bsn", world.head.pk))

    assert response.status_code == 405
    assert BSN not in response.text
    assert not AccessLog.objects.filter(action=AccessAction.BSN_REVEAL).exists()


def test_refused_reveal_shows_nothing_and_is_logged_as_denied(client, world, colleague_a):
    client.force_login(colleague_a)

    response = client.post(_url("resident_reveal_bsn", world.head.pk))

    assert response.status_code == 404
    assert BSN not in response.text
    entry = AccessLog.objects.get(user=colleague_a)
    assert (entry.granted, entry.object_type, entry.object_id_ref) == (
        False,
        "resident",
        world.head.pk,
    )


def test_saving_the_edit_form_with_an_empty_bsn_keeps_the_bsn(client, world, professional_a):
    client.force_login(professional_a)
    url = _url("resident_update", world.head.pk)
    page = client.get(url)
    assert page.context["form"]["bsn"].value() in ("", None)

    response = client.post(url, form_data(page, first_name="Fatima", last_name="Ouali-Bakr"))

    assert response.status_code == 302, errors_of(response)
    world.head.refresh_from_db()
    assert (world.head.last_name, world.head.bsn) == ("Ouali-Bakr", BSN)


# --- Bad input ------------------------------------------------------------------------------

RESIDENT_HOUSEHOLD_WRITES = [
    e for e in ENDPOINTS if e.payload and e.get and e.ids.get("pk") != "case"
]


@pytest.mark.parametrize("endpoint", RESIDENT_HOUSEHOLD_WRITES, ids=lambda e: e.name)
def test_garbage_in_a_resident_or_household_form_is_refused_without_error(
    client, world, case_people, endpoint
):
    assert_garbage_is_refused(client, endpoint, Ctx(world, case_people))

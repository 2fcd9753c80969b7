"""Every casework URL for every role, through the test client.

Allowed roles get the page (200) or, after a valid POST, a redirect (302). Everyone else
gets 404, the same answer as for a page that does not exist, and a refused POST changes
nothing in the database. Anonymous visitors are sent to the login page.

The people and the case are built once for this module inside a transaction that is rolled
back at its end; every test runs in its own savepoint on top (pytest-django's `db`), so a
test's writes never reach the next test. Tests get fresh copies of the objects.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse

from accounts.constants import Role
from accounts.models import User
from accounts.services import team_create, user_create
from cases import services
from cases.constants import (
    CaseOutcome,
    CaseStatus,
)
from tests.cases import factories

from .conftest import (
    BSN,
    CASE_FILE_PAGES,
    ENDPOINTS,
    ROLES,
    Ctx,
    Endpoint,
    World,
    build_world,
    errors_of,
    make_involved_colleague,
    snapshot_casework,
)

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

# --- The people and the case, once per module -----------------------------------------------


@dataclass
class MatrixData:
    world: World
    user_ids: dict[str, int]


def _person(username: str, name: str, role: str, team=None) -> User:
    first_name, last_name = name.split(" ", 1)
    return user_create(
        username=username, first_name=first_name, last_name=last_name, roles=[role], team=team
    )


@pytest.fixture(scope="module")
def matrix_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            team_a = team_create(name="Wijkteam Noord", district="Noord")
            team_b = team_create(name="Wijkteam Zuid", district="Zuid")
            users = {
                "coordinator": _person("femke", "Femke de Vries", Role.PROFESSIONAL, team_a),
                "same_team_professional": _person(
                    "sanne", "Sanne Bakker", Role.PROFESSIONAL, team_a
                ),
                "other_team_professional": _person(
                    "joris", "Joris Visser", Role.PROFESSIONAL, team_b
                ),
                "involved_colleague": make_involved_colleague(team_b),
                "teamleider": _person("marloes", "Marloes Smit", Role.TEAMLEIDER, team_a),
                "other_teamleider": _person("henk", "Henk Mulder", Role.TEAMLEIDER, team_b),
                "privacy_officer": _person("ilse", "Ilse Peters", Role.PRIVACY_OFFICER),
                "beleidsmedewerker": _person("bas", "Bas Kramer", Role.BELEIDSMEDEWERKER),
                "partner": _person("karin", "Karin Dekker", Role.PARTNER),
                "beheerder": _person("tom", "Tom Hendriks", Role.BEHEERDER),
            }
            world = build_world(
                team=team_a, coordinator=users["coordinator"], involved=users["involved_colleague"]
            )
            yield MatrixData(world=world, user_ids={role: u.pk for role, u in users.items()})
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(matrix_data, db) -> World:
    return copy.deepcopy(matrix_data.world)


@pytest.fixture
def people(matrix_data, db) -> dict[str, User | None]:
    users = User.objects.in_bulk(matrix_data.user_ids.values())
    return {role: users[pk] for role, pk in matrix_data.user_ids.items()} | {"anonymous": None}


@pytest.fixture
def ctx(world, people) -> Ctx:
    return Ctx(world, people)


def _methods(endpoint: Endpoint) -> list[str]:
    return [m for m, on in (("GET", endpoint.get), ("POST", endpoint.payload)) if on]


def _matrix(method: str):
    for endpoint in ENDPOINTS + CASE_FILE_PAGES:
        if method in _methods(endpoint):
            for role in ROLES:
                yield pytest.param(endpoint, role, id=f"{endpoint.name}-{role}")


def _login(client, user: User | None):
    if user is not None:
        client.force_login(user)
    return client


def _assert_sent_to_login(response, url: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"


def test_matrix_covers_every_casework_url():
    """A new URL in cases/urls.py, or a privacy URL in the case file, must get a row here
    before it can ship."""
    listed = {e.name for e in ENDPOINTS}
    cases = get_resolver().namespace_dict["cases"][1]
    privacy = get_resolver().namespace_dict["privacy"][1]
    in_case_file = {
        f"privacy:{p.name}" for p in privacy.url_patterns if str(p.pattern).startswith("casussen/")
    }

    assert {p.name for p in cases.url_patterns} == {n for n in listed if ":" not in n}
    assert in_case_file == {n for n in listed if n.startswith("privacy:")}


def test_matrix_covers_every_case_file_page_that_needs_only_the_case():
    walked = {e.name for e in CASE_FILE_PAGES}
    for namespace in ("stressors", "stability"):
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            if not pattern.pattern.converters:  # no id of its own beyond the case's
                assert f"{namespace}:{pattern.name}" in walked


@pytest.mark.parametrize(("endpoint", "role"), list(_matrix("GET")))
def test_get(client, ctx, endpoint, role):
    user = ctx.people[role]
    url = endpoint.url(ctx.world)

    response = _login(client, user).get(url)

    if user is None:
        _assert_sent_to_login(response, url)
    elif role in endpoint.allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(("endpoint", "role"), list(_matrix("POST")))
def test_post(client, ctx, endpoint, role):
    user = ctx.people[role]
    url = endpoint.url(ctx.world)

    if role in endpoint.allowed:
        response = _login(client, user).post(url, endpoint.data(ctx, user, url))

        assert response.status_code == endpoint.post_status, errors_of(response)
        if response.status_code == 302:
            assert not response["Location"].startswith("/accounts/")
        return

    # Refused before the form is read, so the payload needs no opened form.
    data = endpoint.payload(ctx, user)
    before = snapshot_casework()

    response = _login(client, user).post(url, data)

    if user is None:
        _assert_sent_to_login(response, url)
    else:
        assert response.status_code == 404
    assert snapshot_casework() == before


# --- Guessing URLs --------------------------------------------------------------------------

MISSING = 987654


def _guesses():
    """Every id in every URL replaced by one that does not exist, one at a time."""
    for endpoint in ENDPOINTS + CASE_FILE_PAGES:
        for key in endpoint.ids:
            for method in _methods(endpoint):
                yield pytest.param(endpoint, key, method, id=f"{endpoint.name}-{key}-{method}")


@pytest.mark.parametrize("role", ["coordinator", "teamleider"])
@pytest.mark.parametrize(("endpoint", "key", "method"), list(_guesses()))
def test_id_that_does_not_exist_is_not_found(client, ctx, endpoint, key, method, role):
    user = ctx.people[role]
    url = endpoint.url(ctx.world, **{key: MISSING})
    client.force_login(user)

    if method == "POST":
        response = client.post(url, endpoint.payload(ctx, user))
    else:
        response = client.get(url)

    assert response.status_code == 404


HUGE = 10**20


@pytest.mark.parametrize(
    "path",
    [
        f"/casussen/{HUGE}/",
        f"/casussen/{10**18 - 1}/",
        f"/casussen/{2**63}/",
        f"/inwoners/{HUGE}/",
        f"/huishoudens/{HUGE}/",
        f"/huishoudens/{HUGE}/casus/",
        "/casussen/{case}/plan/doelen/" + str(HUGE) + "/",
        "/casussen/{case}/betrokkenen/" + str(HUGE) + "/",
    ],
)
def test_id_too_large_for_the_database_is_not_found(client, ctx, path):
    """A guessed id beyond the database's integer range is a plain 404 too, not a 500."""
    client.force_login(ctx.people["coordinator"])

    response = client.get(path.format(case=ctx.world.case.pk))

    assert response.status_code == 404


def _without_csrf(response) -> str:
    """The page with its CSRF token (different on every page) taken out."""
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", response.text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


@pytest.mark.parametrize("name", ["case_detail", "resident_detail", "household_detail"])
def test_hidden_record_looks_exactly_like_a_missing_one(client, ctx, name):
    """The answer must not tell a colleague whether a case, resident or household exists."""
    client.force_login(ctx.people["same_team_professional"])
    existing = {"case_detail": "case", "resident_detail": "head", "household_detail": "household"}
    hidden = client.get(reverse(f"cases:{name}", args=[getattr(ctx.world, existing[name]).pk]))
    missing = client.get(reverse(f"cases:{name}", args=[MISSING]))

    assert hidden.status_code == missing.status_code == 404
    assert _without_csrf(hidden) == _without_csrf(missing)


@pytest.mark.parametrize(
    ("name", "key", "part"),
    [
        ("involvement_update", "involvement_pk", "external_involvement"),
        ("goal_update", "goal_pk", "goal"),
    ],
)
def test_part_of_one_case_is_not_found_under_another(client, ctx, name, key, part):
    """Both cases are the coordinator's own, yet the goal or involvement of one cannot be
    reached under the URL of the other."""
    coordinator = ctx.people["coordinator"]
    other = factories.case(acting_user=coordinator, team=coordinator.team, coordinator=coordinator)
    client.force_login(coordinator)
    url = reverse(f"cases:{name}", kwargs={"pk": other.pk, key: getattr(ctx.world, part).pk})

    assert client.get(url).status_code == 404


# --- Closed cases ---------------------------------------------------------------------------

CASE_WRITES = [e for e in ENDPOINTS if e.payload and e.ids.get("pk") == "case"]


@pytest.fixture
def closed(ctx) -> Ctx:
    case = ctx.world.case
    services.case_change_status(
        acting_user=ctx.people["coordinator"],
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )
    case.refresh_from_db()
    return ctx


@pytest.mark.parametrize("role", ["coordinator", "teamleider"])
def test_closed_case_can_still_be_read(client, closed, role):
    client.force_login(closed.people[role])

    response = client.get(reverse("cases:case_detail", args=[closed.world.case.pk]))

    assert response.status_code == 200
    assert reverse("cases:journal_add", args=[closed.world.case.pk]) not in response.text


@pytest.mark.parametrize("role", ["coordinator", "teamleider"])
@pytest.mark.parametrize("endpoint", CASE_WRITES, ids=lambda e: e.name)
def test_closed_case_refuses_every_change(client, closed, endpoint, role):
    user = closed.people[role]
    url = endpoint.url(closed.world)
    client.force_login(user)
    data = endpoint.payload(closed, user)
    before = snapshot_casework()

    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    assert snapshot_casework() == before


# --- Lists do not leak ----------------------------------------------------------------------


def _search_terms(world: World) -> list[str]:
    """The surname, the BSN, the case number and the postcode each find the case."""
    return ["Ouali", BSN, world.case.reference, world.household.postcode]


@pytest.mark.parametrize(
    ("role", "list_name"),
    [
        ("same_team_professional", "my_cases"),
        ("other_team_professional", "my_cases"),
        ("other_teamleider", "my_cases"),
        ("other_teamleider", "team_overview"),
    ],
)
def test_search_does_not_show_a_case_the_user_may_not_see(client, ctx, role, list_name):
    client.force_login(ctx.people[role])
    case_link = reverse("cases:case_detail", args=[ctx.world.case.pk])

    for term in _search_terms(ctx.world):
        response = client.get(reverse(f"cases:{list_name}"), {"q": term})

        assert response.status_code == 200
        assert "Fatima" not in response.text, term
        assert case_link not in response.text, term


def test_same_search_by_the_teams_own_teamleider_shows_the_case(client, ctx):
    """The control for the test above: the same searches do find the case where allowed."""
    client.force_login(ctx.people["teamleider"])

    for term in _search_terms(ctx.world):
        response = client.get(reverse("cases:team_overview"), {"q": term})

        assert "Fatima Ouali" in response.text, term


def test_household_form_offers_only_residents_the_user_may_see(client, ctx):
    client.force_login(ctx.people["same_team_professional"])

    response = client.get(reverse("cases:household_create"), {"inwoner": ctx.world.head.pk})

    assert response.status_code == 200
    assert "Ouali" not in response.text

"""Every doorbraaktafel URL for every role, through the test client.

The team's teamleider manages the team's meetings; a professional opens the meetings of
their own team (to bring a case in) and sees only the items of cases they work on; an
invited partner sees the meeting and its agenda PDF with only the items shared with the
partners; everyone else gets a 404, the same answer as for a meeting that does not exist.
Anonymous visitors are sent to the login page. A refused request changes nothing in the
doorbraak and privacy tables: the only trace it leaves is a denied entry in the access log,
which names no resident.

The people, meetings and items are built once for this module inside a transaction that is
rolled back at its end; every test runs in its own savepoint on top (pytest-django's `db`),
so a test's writes never reach the next test. Tests get fresh copies of the objects.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import get_resolver, reverse

from accounts.constants import OrganisationKind, Role
from accounts.models import User
from accounts.services import team_create, user_create
from cases.models import Case
from doorbraak import services
from doorbraak.constants import BarrierKind, PolicyDomain
from doorbraak.models import Action, AgendaItem, Meeting, PolicySignal
from privacy.constants import LegalBasis
from privacy.models import AccessLog
from tests.cases import factories
from tests.cases.factories import OrganisationFactory

from .conftest import in_days, meeting_on, nominate, place

ROLES = [
    "teamleider",
    "other_teamleider",
    "professional_on_agenda",
    "professional_of_team",
    "professional_other_team",
    "invited_partner",
    "uninvited_partner",
    "privacy_officer",
    "beleidsmedewerker",
    "beheerder",
    "anonymous",
]
TEAMLEIDER = frozenset({"teamleider"})
TABLE_USERS = frozenset(ROLES[:7])  # casework roles and partners
MEETING_VIEWERS = frozenset(
    {"teamleider", "professional_on_agenda", "professional_of_team", "invited_partner"}
)
NOMINATORS = frozenset({"teamleider", "professional_on_agenda", "professional_of_team"})
ARTICLE = "Wmo 2015 art. 5.2.1"

# --- The people and the meetings, once per module -------------------------------------------


@dataclass
class World:
    planned: Meeting  # team A's next meeting, agenda still open
    fixed: Meeting  # team A's meeting of tomorrow, agenda fixed
    shared: AgendaItem  # planned meeting: placed and shared with the partners
    unshared: AgendaItem  # planned meeting: placed, not shared
    nominated: AgendaItem  # planned meeting: brought in, not placed yet
    running: AgendaItem  # fixed meeting: on the agenda, to be discussed
    decided: AgendaItem  # fixed meeting: discussed, a structural barrier (weeffout)
    signal: PolicySignal  # the weeffout of the decided item, not released yet
    action: Action  # agreed at the fixed meeting; the invited partner carries it out
    spare_case: Case  # the professional on the agenda's, on no agenda
    own_case: Case  # the team professional's, on no agenda


@dataclass
class MatrixData:
    world: World
    user_ids: dict[str, int]


def _person(username: str, name: str, role: str, **extra) -> User:
    first_name, last_name = name.split(" ", 1)
    return user_create(
        username=username, first_name=first_name, last_name=last_name, roles=[role], **extra
    )


def _build() -> MatrixData:
    team_a = team_create(name="Wijkteam Noord", district="Noord")
    team_b = team_create(name="Wijkteam Zuid", district="Zuid")
    police = OrganisationFactory(name="Politie Oost-Brabant", kind=OrganisationKind.POLICE)
    housing = OrganisationFactory(name="Woonstichting De Kempen", kind=OrganisationKind.HOUSING)
    users = {
        "teamleider": _person("marloes", "Marloes Smit", Role.TEAMLEIDER, team=team_a),
        "other_teamleider": _person("henk", "Henk Mulder", Role.TEAMLEIDER, team=team_b),
        "professional_on_agenda": _person(
            "femke", "Femke de Vries", Role.PROFESSIONAL, team=team_a
        ),
        "professional_of_team": _person("sanne", "Sanne Bakker", Role.PROFESSIONAL, team=team_a),
        "professional_other_team": _person("joris", "Joris Visser", Role.PROFESSIONAL, team=team_b),
        "invited_partner": _person("wijkagent", "Ruud de Graaf", Role.PARTNER, organisation=police),
        "uninvited_partner": _person(
            "consulent", "Petra Willems", Role.PARTNER, organisation=housing
        ),
        "privacy_officer": _person("ilse", "Ilse Peters", Role.PRIVACY_OFFICER),
        "beleidsmedewerker": _person("bas", "Bas Kramer", Role.BELEIDSMEDEWERKER),
        "beheerder": _person("tom", "Tom Hendriks", Role.BEHEERDER),
    }
    lead = users["teamleider"]
    femke = users["professional_on_agenda"]
    sanne = users["professional_of_team"]
    partner = users["invited_partner"]

    def femkes_case():
        return factories.case(acting_user=femke, team=team_a, coordinator=femke)

    planned = meeting_on(team_a, in_days(15))
    fixed = meeting_on(team_a, in_days(1))
    for meeting in (planned, fixed):
        services.participant_invite(acting_user=lead, meeting=meeting, user=partner)

    shared = place(planned, femkes_case(), lead)
    unshared = place(planned, femkes_case(), lead)
    nominated = nominate(planned, femkes_case(), femke)
    services.item_share_with_partners(
        acting_user=lead, item=shared, legal_basis=LegalBasis.LEGAL_TASK, legal_article=ARTICLE
    )

    running = place(fixed, shared.case, lead)
    decided = place(fixed, femkes_case(), lead)
    services.agenda_fix(acting_user=lead, meeting=fixed)
    breakthrough = services.breakthrough_record(
        acting_user=lead,
        item=decided,
        barrier_kind=BarrierKind.LAW,
        barrier="Kostendelersnorm verlaagt de uitkering als een zoon weer thuis woont.",
        decision="Kostendelersnorm een jaar niet toepassen.",
        mandate="Manager Werk en Inkomen",
        is_structural=True,
        signal_domain=PolicyDomain.PARTICIPATION,
        signal_description="De kostendelersnorm houdt dakloze jongeren van hun ouders weg.",
    )
    action = services.action_add(
        acting_user=lead,
        item=running,
        description="Boetes laten bevriezen bij het CJIB",
        due_date=fixed.date + timedelta(days=14),
        owner=partner,
    )
    world = World(
        planned=planned,
        fixed=fixed,
        shared=shared,
        unshared=unshared,
        nominated=nominated,
        running=running,
        decided=decided,
        signal=breakthrough.policy_signal,
        action=action,
        spare_case=femkes_case(),
        own_case=factories.case(acting_user=sanne, team=team_a, coordinator=sanne),
    )
    return MatrixData(world=world, user_ids={role: u.pk for role, u in users.items()})


@pytest.fixture(scope="module")
def matrix_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build()
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


# --- Valid payloads per write ---------------------------------------------------------------


def _nomination(world: World, people: dict, role: str) -> dict:
    case = world.own_case if role == "professional_of_team" else world.spare_case
    return {
        "case": case.pk,
        "stuck": "Uitkering stopgezet; huurachterstand loopt op.",
        "blocked_by": "Participatiewet art. 54",
        "ask": "Kan de sociale dienst de uitkering met terugwerkende kracht herstellen?",
    }


def _breakthrough(world: World, people: dict, role: str) -> dict:
    return {
        "barrier_kind": BarrierKind.RULE,
        "barrier": "Geen vergoeding voor een jaarabonnement OV.",
        "decision": "Gemeente koopt een jaarabonnement NS.",
        "mandate": "Teamleider wijkteam",
        "cost_current_path": "50.000",
        "cost_solution": "3.000",
    }


def _action(world: World, people: dict, role: str) -> dict:
    return {
        "description": "Jaarabonnement aanvragen",
        "owner": people["professional_on_agenda"].pk,
        "owner_organisation": "",
        "due_date": (world.fixed.date + timedelta(days=14)).isoformat(),
    }


def _share(world: World, people: dict, role: str) -> dict:
    return {"legal_basis": LegalBasis.LEGAL_TASK, "consent": "", "legal_article": ARTICLE}


def _invite(world: World, people: dict, role: str) -> dict:
    return {"user": people["professional_of_team"].pk}


def _nothing(world: World, people: dict, role: str) -> dict:
    return {}


# --- The URL table --------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str
    ids: dict[str, str] = field(default_factory=dict)  # URL keyword -> attribute of World
    allowed: frozenset[str] = TEAMLEIDER
    get_status: int | None = 200  # what an allowed GET answers; None: the URL takes POSTs only
    payload: Callable[[World, dict, str], dict] | None = None  # None: not a write

    def url(self, world: World, **override) -> str:
        kwargs = {key: getattr(world, attr).pk for key, attr in self.ids.items()}
        return reverse(f"doorbraak:{self.name}", kwargs={**kwargs, **override})


PLANNED = {"pk": "planned"}
FIXED = {"pk": "fixed"}
RUNNING = {"pk": "fixed", "item_pk": "running"}

ENDPOINTS = [
    Endpoint("meeting_list", allowed=TABLE_USERS),
    Endpoint("signal_list", allowed=frozenset({"teamleider", "other_teamleider"})),
    Endpoint(
        "signal_release",
        {"pk": "signal"},
        get_status=None,
        payload=lambda w, p, r: {"releasable": "1"},
    ),
    Endpoint(
        "action_complete",
        {"pk": "action"},
        # the teamleider, the professional of the case, and the owner: the partner
        allowed=frozenset({"teamleider", "professional_on_agenda", "invited_partner"}),
        get_status=None,
        payload=_nothing,
    ),
    Endpoint("meeting_detail", PLANNED, allowed=MEETING_VIEWERS),
    Endpoint("item_nominate", PLANNED, allowed=NOMINATORS, payload=_nomination),
    Endpoint("participant_invite", PLANNED, payload=_invite),
    Endpoint("agenda_fix", PLANNED, get_status=None, payload=_nothing),
    Endpoint("agenda_pdf", PLANNED, allowed=frozenset({"teamleider", "invited_partner"})),
    Endpoint("minutes_pdf", FIXED),
    Endpoint(
        "item_place", {"pk": "planned", "item_pk": "nominated"}, get_status=None, payload=_nothing
    ),
    Endpoint(
        "item_withdraw",
        {"pk": "planned", "item_pk": "unshared"},
        get_status=None,
        payload=_nothing,
    ),
    Endpoint(
        "item_move",
        {"pk": "planned", "item_pk": "unshared"},
        get_status=None,
        payload=lambda w, p, r: {"richting": "omhoog"},
    ),
    Endpoint("item_share", {"pk": "planned", "item_pk": "unshared"}, payload=_share),
    Endpoint("meeting_run", FIXED),
    Endpoint(
        "meeting_close",
        FIXED,
        get_status=302,
        payload=lambda w, p, r: {"notes": "Goede opkomst."},
    ),
    Endpoint("item_run", RUNNING),
    Endpoint("breakthrough_record", RUNNING, get_status=302, payload=_breakthrough),
    Endpoint("action_add", RUNNING, get_status=302, payload=_action),
    Endpoint(
        "item_postpone",
        RUNNING,
        get_status=302,
        payload=lambda w, p, r: {"reason": "De woningcorporatie was er niet."},
    ),
]


# --- Helpers --------------------------------------------------------------------------------

ACCESS_LOG_MODELS = {"privacy.AccessLog", "privacy.AccessLogSubject", "privacy.AccessLogChain"}


def snapshot_doorbraak_and_privacy() -> dict[str, list[dict]]:
    """Every row of the doorbraak and privacy tables, history included, except the access
    log: a refusal is meant to write there (see `assert_only_denials_logged`)."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in ("doorbraak", "privacy")
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in ACCESS_LOG_MODELS
    }


def last_log_id() -> int:
    return AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def assert_only_denials_logged(since: int) -> None:
    """A refused request leaves denied entries only, and none names a resident."""
    entries = AccessLog.objects.filter(pk__gt=since)
    assert not entries.filter(granted=True).exists()
    assert not entries.filter(subjects__isnull=False).exists()


def success_messages(response) -> list[str]:
    return [
        str(m)
        for m in get_messages(response.wsgi_request)
        if m.level in (message_levels.SUCCESS, message_levels.INFO)
    ]


def error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == message_levels.ERROR]


def _login(client, user: User | None):
    if user is not None:
        client.force_login(user)
    return client


def _assert_sent_to_login(response, url: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(url)}"


def _matrix(method: str):
    for endpoint in ENDPOINTS:
        if method == "GET" or endpoint.payload is not None:
            for role in ROLES:
                yield pytest.param(endpoint, role, id=f"{endpoint.name}-{role}")


# --- The table covers every URL -------------------------------------------------------------


def test_matrix_covers_every_doorbraak_url():
    """A new URL in doorbraak/urls.py must get a row here before it can ship."""
    resolver = get_resolver().namespace_dict["doorbraak"][1]

    assert {p.name for p in resolver.url_patterns} == {e.name for e in ENDPOINTS}


def test_every_write_url_has_a_payload():
    """A URL that takes no GET is a write, so its row must say what to post."""
    for endpoint in ENDPOINTS:
        if endpoint.get_status is None:
            assert endpoint.payload is not None, endpoint.name


# --- The matrix -----------------------------------------------------------------------------


@pytest.mark.parametrize(("endpoint", "role"), list(_matrix("GET")))
def test_get(client, world, people, endpoint, role):
    user = people[role]
    url = endpoint.url(world)
    before = snapshot_doorbraak_and_privacy()
    logged = last_log_id()

    response = _login(client, user).get(url)

    if user is None:
        _assert_sent_to_login(response, url)
    elif endpoint.get_status is None:  # a write never answers a GET, for anyone
        assert response.status_code == 405
    elif role in endpoint.allowed:
        assert response.status_code == endpoint.get_status
        if response.status_code == 302:
            assert not response["Location"].startswith("/accounts/")
        return
    else:
        assert response.status_code == 404
    assert snapshot_doorbraak_and_privacy() == before
    assert_only_denials_logged(logged)


@pytest.mark.parametrize(("endpoint", "role"), list(_matrix("POST")))
def test_post(client, world, people, endpoint, role):
    user = people[role]
    url = endpoint.url(world)
    data = endpoint.payload(world, people, role)
    before = snapshot_doorbraak_and_privacy()
    logged = last_log_id()

    response = _login(client, user).post(url, data)

    if role in endpoint.allowed:
        assert response.status_code == 302, response.context and response.context.get("form")
        assert not response["Location"].startswith("/accounts/")
        assert not error_messages(response)
        assert snapshot_doorbraak_and_privacy() != before  # the valid payload was saved
        return
    if user is None:
        _assert_sent_to_login(response, url)
    else:
        assert response.status_code == 404
    assert snapshot_doorbraak_and_privacy() == before
    assert_only_denials_logged(logged)


# --- Guessed and hidden ids -----------------------------------------------------------------

MISSING = 987654


def _guesses():
    """Every id in every URL replaced by one that does not exist, one at a time."""
    for endpoint in ENDPOINTS:
        for key in endpoint.ids:
            yield pytest.param(endpoint, key, id=f"{endpoint.name}-{key}")


@pytest.mark.parametrize(("endpoint", "key"), list(_guesses()))
def test_id_that_does_not_exist_is_not_found(client, world, people, endpoint, key):
    client.force_login(people["teamleider"])
    url = endpoint.url(world, **{key: MISSING})

    if endpoint.get_status is not None:
        assert client.get(url).status_code == 404
    if endpoint.payload is not None:
        assert client.post(url, endpoint.payload(world, people, "teamleider")).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/doorbraaktafel/100000000000000000000/",
        f"/doorbraaktafel/{2**63}/agenda.pdf",
        "/doorbraaktafel/{planned}/punten/100000000000000000000/delen/",
        "/doorbraaktafel/acties/99999999999999999999/gedaan/",
        "/doorbraaktafel/abc/",
        "/doorbraaktafel/-1/",
    ],
)
def test_id_that_is_no_database_id_is_not_found(client, world, people, path):
    client.force_login(people["teamleider"])

    response = client.get(path.format(planned=world.planned.pk))

    assert response.status_code == 404


def test_item_of_one_meeting_is_not_found_under_another(client, world, people):
    """The running item belongs to the fixed meeting: not reachable under the planned one."""
    client.force_login(people["teamleider"])
    url = reverse("doorbraak:item_run", args=[world.planned.pk, world.running.pk])

    assert client.get(url).status_code == 404


def _without_csrf(response) -> str:
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", response.text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


@pytest.mark.parametrize(
    "role", ["other_teamleider", "professional_other_team", "uninvited_partner"]
)
def test_hidden_meeting_looks_exactly_like_a_missing_one(client, world, people, role):
    """The answer must not tell anyone outside the table whether the meeting exists."""
    client.force_login(people[role])

    hidden = client.get(reverse("doorbraak:meeting_detail", args=[world.planned.pk]))
    missing = client.get(reverse("doorbraak:meeting_detail", args=[MISSING]))

    assert hidden.status_code == missing.status_code == 404
    assert _without_csrf(hidden) == _without_csrf(missing)


def test_refused_attempt_is_logged_as_denied_for_the_privacy_officer(client, world, people):
    client.force_login(people["other_teamleider"])
    logged = last_log_id()

    client.get(reverse("doorbraak:meeting_detail", args=[world.planned.pk]))

    entry = AccessLog.objects.get(pk__gt=logged)
    assert (entry.granted, entry.username, entry.object_type, entry.object_id_ref) == (
        False,
        "henk",
        "meeting",
        world.planned.pk,
    )

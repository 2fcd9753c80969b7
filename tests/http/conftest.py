"""Fixtures and shared tables for the HTTP tests.

`world` holds a case of team A coordinated by `professional_a`: a household of two residents
(the head with a BSN), a professional of team B who is involved through an `Involvement`
with their account, an external involvement, a goal and a tariff.

`ENDPOINTS` lists every URL of cases/urls.py with the roles that may use it and a valid
payload for its write; the permission matrix walks it for every role and the bad-input
tests start from its payloads.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.constants import Role
from accounts.models import Organisation, Team, User
from accounts.services import user_create
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
from cases.models import Case, Goal, Household, Involvement, Resident, Tariff
from privacy.constants import DataCategory, LegalBasis, ShareChannel
from privacy.models import Consent
from privacy.services import consent_record
from tests.cases import factories

# A BSN that passes the elfproef; pages show it as *****2333.
BSN = "111222333"
MASKED_BSN = "*****2333"


@dataclass
class World:
    case: Case
    household: Household
    head: Resident
    child: Resident
    involvement: Involvement  # the involved colleague's, with their account
    external_involvement: Involvement  # a contact person without an account
    goal: Goal
    tariff: Tariff
    consent: Consent  # the head's consent to share with the housing corporation


def make_involved_colleague(team: Team) -> User:
    return user_create(
        username="pieter",
        first_name="Pieter",
        last_name="Jansen",
        roles=[Role.PROFESSIONAL],
        team=team,
    )


def build_world(*, team: Team, coordinator: User, involved: User) -> World:
    """Team A's case, built through the services as the product builds it."""
    tariff = factories.TariffFactory(name="Ambulante begeleiding", price=Decimal("68.50"))
    head = factories.resident(
        acting_user=coordinator, first_name="Fatima", last_name="Ouali", bsn=BSN
    )
    child = factories.resident(acting_user=coordinator, first_name="Noor", last_name="Ouali")
    case = factories.case(
        acting_user=coordinator, team=team, coordinator=coordinator, residents=[head, child]
    )
    involvement = services.involvement_add(
        acting_user=coordinator,
        case=case,
        user=involved,
        organisation_other="Schuldhulp Zuid",
        role="Schuldhulpverlener",
        since=factories.days_ago(5),
    )
    external = services.involvement_add(
        acting_user=coordinator,
        case=case,
        organisation_other="Woonstichting De Kern",
        person_name="Ria Wonen",
        role="Woonconsulent",
        since=factories.days_ago(5),
    )
    goal = services.goal_add(
        acting_user=coordinator,
        plan=case.support_plan,
        life_domain=LifeDomain.FINANCES,
        description="Huurachterstand is geregeld",
        help_kind=HelpKind.GENERAL_PROVISION,
        who="Inwoner met schuldhulp",
        status=GoalStatus.OPEN,
    )
    consent = consent_record(
        acting_user=coordinator,
        resident=head,
        scope_organisations="Woonstichting De Kern",
        scope_purposes="Huisuitzetting voorkomen",
        given_on=factories.days_ago(5),
    )
    case.refresh_from_db()
    return World(
        case=case,
        household=case.household,
        head=head,
        child=child,
        involvement=involvement,
        external_involvement=external,
        goal=goal,
        tariff=tariff,
        consent=consent,
    )


@pytest.fixture
def involved_colleague(team_b):
    """A professional of team B who works with the household of team A's case."""
    return make_involved_colleague(team_b)


@pytest.fixture
def world(team_a, professional_a, involved_colleague) -> World:
    return build_world(team=team_a, coordinator=professional_a, involved=involved_colleague)


@pytest.fixture
def case_people(
    world, professional_a, colleague_a, involved_colleague, teamleider_a
) -> dict[str, User | None]:
    """The people the write views need, for tests that build their data per test."""
    return {
        "coordinator": professional_a,
        "same_team_professional": colleague_a,
        "involved_colleague": involved_colleague,
        "teamleider": teamleider_a,
        "anonymous": None,
    }


# --- Who may do what: every casework URL with a valid payload for its write ----------------

ROLES = [
    "coordinator",
    "same_team_professional",
    "other_team_professional",
    "involved_colleague",
    "teamleider",
    "other_teamleider",
    "privacy_officer",
    "beleidsmedewerker",
    "partner",
    "beheerder",
    "anonymous",
]
CASEWORKERS = frozenset(ROLES[:6])
CASE_PEOPLE = frozenset({"coordinator", "involved_colleague", "teamleider"})
TEAMLEIDERS = frozenset({"teamleider", "other_teamleider"})
OWN_TEAMLEIDER = frozenset({"teamleider"})


@dataclass
class Ctx:
    """The case and the people around it, by role (`None` for an anonymous visitor)."""

    world: World
    people: dict[str, User | None]


# --- Valid payloads per write view ----------------------------------------------------------

_names = itertools.count(1)


def _today() -> str:
    return timezone.localdate().isoformat()


def _new_resident_for(ctx: Ctx, user: User | None) -> int:
    """A resident the user registered and who is in no case yet, so only they see them.
    A user who does no casework is refused before the payload is read."""
    if user is None or not user.has_perm("cases.work_cases"):
        return ctx.world.child.pk
    return factories.resident(acting_user=user, first_name=f"Nieuw{next(_names)}x").pk


def _case_update(ctx: Ctx, user) -> dict:
    return {
        "source": CaseSource.SCHOOL,
        "source_detail": "Intern begeleider",
        "question": "Hulp bij post en schulden.",
        "reported_on": factories.days_ago(7).isoformat(),
    }


def _case_status(ctx: Ctx, user) -> dict:
    return {"to_status": CaseStatus.INTAKE, "outcome": "", "closed_on": ""}


def _case_coordinator(ctx: Ctx, user) -> dict:
    return {"coordinator": ctx.people["same_team_professional"].pk}


def _case_scaling(ctx: Ctx, user) -> dict:
    return {"to_level": ScalingLevel.SPECIALIST, "changed_on": _today(), "reason": "Crisisopname"}


def _journal_add(ctx: Ctx, user) -> dict:
    occurred = timezone.localtime() - timedelta(hours=1)
    return {
        "kind": JournalKind.HOME_VISIT,
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
        "summary": "Huisbezoek, post doorgenomen",
        "text": "Samen de brieven van de woningcorporatie gelezen.",
    }


def _involvement(ctx: Ctx, user) -> dict:
    return {
        "organisation_other": "Bewindvoering Oost",
        "person_name": "Karel Bewind",
        "role": "Bewindvoerder",
        "since": factories.days_ago(3).isoformat(),
    }


def _plan_update(ctx: Ctx, user) -> dict:
    return {"summary": "Rust in de financiën.", "agreed_on": _today(), "evaluate_on": ""}


def _goal(ctx: Ctx, user) -> dict:
    return {
        "life_domain": LifeDomain.HOUSING,
        "description": "Huisuitzetting voorkomen",
        "help_kind": HelpKind.NETWORK,
        "who": "Zus van de inwoner",
        "due_date": "",
        "status": GoalStatus.IN_PROGRESS,
    }


def _intervention_add(ctx: Ctx, user) -> dict:
    return {"tariff": ctx.world.tariff.pk, "start_date": _today(), "quantity": "4"}


def _resident(ctx: Ctx, user) -> dict:
    return {"first_name": f"Anna{next(_names)}x", "last_name": "Pauwels", "bsn": ""}


def _household_create(ctx: Ctx, user) -> dict:
    return {
        "street": "Kerkstraat",
        "house_number": "12",
        "postcode": "5211 AB",
        "city": "Den Bosch",
        "first_member": _new_resident_for(ctx, user),
        "first_member_role": HouseholdRole.HEAD,
    }


def _household_update(ctx: Ctx, user) -> dict:
    return {"street": "Kerkstraat", "house_number": "14", "postcode": "5211 AB", "city": "Vught"}


def _household_add_member(ctx: Ctx, user) -> dict:
    return {"resident": _new_resident_for(ctx, user), "role": HouseholdRole.RELATIVE}


def _household_new_member(ctx: Ctx, user) -> dict:
    return {"first_name": "Yusuf", "last_name": "Ouali", "role": HouseholdRole.CHILD}


def _case_open(ctx: Ctx, user) -> dict:
    return {
        "primary_resident": ctx.world.head.pk,
        "coordinator": "",
        "source": CaseSource.SELF,
        "question": "Opnieuw vastgelopen met de huur.",
        "reported_on": _today(),
    }


def _share_add(ctx: Ctx, user) -> dict:
    corporation, _created = Organisation.objects.get_or_create(name="Woonstichting De Kern")
    return {
        "resident": ctx.world.head.pk,
        "recipient_organisation": corporation.pk,
        "recipient_person": "Ria Wonen, woonconsulent",
        "categories": [DataCategory.IDENTITY, DataCategory.HOUSING],
        "legal_basis": LegalBasis.LEGAL_TASK,
        "consent": "",
        "legal_article": "Wmo 2015 art. 5.2.1",
        "purpose": "Huisuitzetting voorkomen",
        "channel": ShareChannel.PHONE,
        "shared_on": _today(),
    }


def _consent_add(ctx: Ctx, user) -> dict:
    return {
        "resident": ctx.world.child.pk,
        "scope_organisations": "Deelnemers aan de doorbraaktafel",
        "scope_purposes": "Een oplossing voor de schulden",
        "given_on": _today(),
    }


def _consent_withdraw(ctx: Ctx, user) -> dict:
    return {"withdrawn_on": _today()}


# --- The URL table --------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str
    ids: dict[str, str] = field(default_factory=dict)  # URL keyword -> attribute of World
    allowed: frozenset[str] = CASE_PEOPLE
    payload: Callable[[Ctx, User | None], dict] | None = None  # None: not a write view
    get: bool = True
    post_status: int = 302  # what an allowed, valid POST answers

    def url(self, world: World, **override) -> str:
        kwargs = {key: getattr(world, attr).pk for key, attr in self.ids.items()}
        name = self.name if ":" in self.name else f"cases:{self.name}"
        return reverse(name, kwargs={**kwargs, **override})

    def data(self, ctx: Ctx, user: User | None, url: str) -> dict:
        """The payload as a browser sends it: the form opened by someone who may open it,
        its hidden fields kept (the version it was opened on), the payload typed in."""
        typed = self.payload(ctx, user)
        if not self.get:
            return typed
        opener = "teamleider" if "teamleider" in self.allowed else "coordinator"
        browser = Client()
        browser.force_login(ctx.people[opener])
        return form_data(browser.get(url), **typed)


CASE = {"pk": "case"}
RESIDENT = {"pk": "head"}
HOUSEHOLD = {"pk": "household"}

ENDPOINTS = [
    Endpoint("my_cases", allowed=CASEWORKERS),
    Endpoint("team_overview", allowed=TEAMLEIDERS),
    Endpoint("case_detail", CASE),
    Endpoint("case_update", CASE, payload=_case_update),
    Endpoint("case_status", CASE, payload=_case_status),
    Endpoint("case_coordinator", CASE, allowed=OWN_TEAMLEIDER, payload=_case_coordinator),
    Endpoint("case_scaling", CASE, payload=_case_scaling),
    Endpoint("case_journal", CASE),
    Endpoint("journal_add", CASE, payload=_journal_add),
    Endpoint("case_history", CASE),
    Endpoint("involvement_add", CASE, payload=_involvement),
    Endpoint(
        "involvement_update",
        {"pk": "case", "involvement_pk": "external_involvement"},
        payload=_involvement,
    ),
    Endpoint("plan_update", CASE, payload=_plan_update),
    Endpoint("goal_add", CASE, payload=_goal),
    Endpoint("goal_update", {"pk": "case", "goal_pk": "goal"}, payload=_goal),
    Endpoint("intervention_add", CASE, payload=_intervention_add),
    Endpoint("resident_create", allowed=CASEWORKERS, payload=_resident),
    Endpoint("resident_detail", RESIDENT),
    Endpoint("resident_update", RESIDENT, payload=_resident),
    Endpoint("resident_reveal_bsn", RESIDENT, payload=lambda c, u: {}, get=False, post_status=200),
    Endpoint("household_create", allowed=CASEWORKERS, payload=_household_create),
    Endpoint("household_detail", HOUSEHOLD),
    Endpoint("household_update", HOUSEHOLD, payload=_household_update),
    Endpoint("household_add_member", HOUSEHOLD, payload=_household_add_member),
    Endpoint("household_new_member", HOUSEHOLD, payload=_household_new_member),
    # The household already has an open case: one household, one plan. An allowed user
    # reaches the form and the service, which refuses with a Dutch message (200).
    Endpoint("case_open", {"household_pk": "household"}, payload=_case_open, post_status=200),
    # The privacy part of the case file (privacy/urls.py), under /casussen/<id>/.
    Endpoint("privacy:share_list", {"case_pk": "case"}),
    Endpoint("privacy:share_add", {"case_pk": "case"}, payload=_share_add),
    Endpoint("privacy:consent_add", {"case_pk": "case"}, payload=_consent_add),
    Endpoint(
        "privacy:consent_withdraw",
        {"case_pk": "case", "consent_pk": "consent"},
        payload=_consent_withdraw,
    ),
]

# Pages of the case file that other apps add under /casussen/<id>/ and that need nothing but
# the case; their forms belong to those apps' own tests, so they are walked with GET only.
CASE_FILE_PAGES = [
    Endpoint("stressors:register", {"case_pk": "case"}),
    Endpoint("stability:overview", {"case_pk": "case"}),
    Endpoint("stability:record", {"case_pk": "case"}),
]


# --- Helpers --------------------------------------------------------------------------------


def snapshot_casework() -> dict[str, list[dict]]:
    """Every row of every casework table, history and object permissions included, to show
    that a refused request changed nothing. The access log (privacy app) is left out: a
    refusal is meant to write there."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_app_config("cases").get_models()
    }


def form_data(response, **typed) -> dict:
    """What a browser posts back from the form on this page: every field as the page filled
    it in (the hidden version it was opened on, the current values of an edit form), with
    `typed` typed over it."""
    assert response.status_code == 200
    data = {}
    for bound in response.context["form"]:
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            continue
        shown = widget.format_value(value)
        if isinstance(shown, list):
            shown = shown[0] if shown else ""
        data[bound.html_name] = "" if shown is None else shown
    return {**data, **typed}


def errors_of(response) -> dict:
    context = response.context
    return dict(context["form"].errors) if context and "form" in context else {}


# --- Bad input ------------------------------------------------------------------------------


def refused_values(field: forms.Field) -> list[str]:
    """Values every field of this kind must refuse with a message on the form."""
    if isinstance(field, forms.BooleanField):
        return []  # any text means "on" for a checkbox
    if isinstance(field, forms.ModelChoiceField):
        return ["abc", "9" * 30]
    if isinstance(field, forms.ChoiceField):
        return ["geen-keuze"]
    if isinstance(field, forms.DateTimeField):
        return ["2026-13-45T25:61", "gisteren"]
    if isinstance(field, forms.DateField):
        return ["2026-13-45", "2026-02-30"]
    if isinstance(field, forms.DecimalField):
        return ["abc", "NaN", "1e400"]
    if isinstance(field, forms.IntegerField):
        return ["abc", "1.5"]
    values = ["met\x00nul"]
    if isinstance(field, forms.EmailField):
        values.append("geen-e-mailadres")
    if getattr(field, "max_length", None):
        values.append("x" * (field.max_length + 1))
    return values


def odd_values(field: forms.Field) -> list[str]:
    """Values a person could type that are odd but maybe valid: never a server error."""
    if isinstance(field, forms.DateTimeField):
        return ["0001-01-01T00:00", "9999-12-31T23:59"]
    if isinstance(field, forms.DateField):
        return ["0001-01-01", "9999-12-31"]
    if isinstance(field, forms.IntegerField | forms.ModelChoiceField):
        return ["9" * 30, "-1", "0"]
    if isinstance(field, forms.CharField) and not getattr(field, "max_length", None):
        return ["x" * 100_000]
    return []


def assert_garbage_is_refused(client, endpoint: Endpoint, ctx: Ctx) -> None:
    """Post the endpoint's valid payload with one field at a time replaced by garbage.
    Garbage is refused with a message on the form and changes nothing; odd values either
    save or show a message. Nothing ever answers with a server error."""
    role = "teamleider" if "teamleider" in endpoint.allowed else "coordinator"
    user = ctx.people[role]
    client.force_login(user)
    url = endpoint.url(ctx.world)
    valid = endpoint.data(ctx, user, url)
    fields = client.get(url).context["form"].fields

    before = snapshot_casework()
    for name, form_field in fields.items():
        for value in refused_values(form_field):
            response = client.post(url, {**valid, name: value})
            assert response.status_code == 200, (name, value, response.status_code)
            assert name in errors_of(response) or "__all__" in errors_of(response), (name, value)
    all_garbage = {name: (refused_values(f) or ["onzin"])[0] for name, f in fields.items()}
    response = client.post(url, all_garbage)
    assert response.status_code == 200
    assert errors_of(response)
    assert snapshot_casework() == before

    for name, form_field in fields.items():
        for value in odd_values(form_field):
            response = client.post(url, {**endpoint.data(ctx, user, url), name: value})
            assert response.status_code in (200, 302), (name, value, response.status_code)
            if response.status_code == 200:
                assert errors_of(response), (name, value)

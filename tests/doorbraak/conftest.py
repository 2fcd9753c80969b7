"""Builders for the doorbraaktafel: a team's meetings, nominations, partner participants
from other organisations and a resident's consent.

Meetings are made exactly as the scheduler makes them (team, date, time and place of the
rhythm); everything that happens to them afterwards goes through the doorbraak services,
and consent through the privacy service.
Cases come from the shared `make_case`/`case` fixtures and the stressor builders.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.constants import OrganisationKind, Role
from accounts.services import user_create
from doorbraak import services
from doorbraak.models import AgendaItem, Meeting
from privacy.services import consent_record
from tests.cases.factories import OrganisationFactory


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def meeting_on(team, day: date) -> Meeting:
    """A planned meeting of `team` on `day`, as the scheduler creates it."""
    return Meeting.objects.create(
        team=team, date=day, start_time=time(13, 30), location="Wijkcentrum De Schakel"
    )


def nominate(meeting: Meeting, case, user, **fields) -> AgendaItem:
    """`user` brings `case` to the table with a question."""
    fields.setdefault("stuck", "Huurachterstand loopt op; uitkering is stopgezet.")
    fields.setdefault(
        "ask", "Kan de sociale dienst de uitkering met terugwerkende kracht herstellen?"
    )
    return services.item_nominate(acting_user=user, meeting=meeting, case=case, **fields)


def place(meeting: Meeting, case, teamleider, **fields) -> AgendaItem:
    """The teamleider puts `case` on the agenda directly (their own nomination is placed)."""
    return nominate(meeting, case, teamleider, **fields)


def consent_of(resident, *, recorded_by, given_days_ago: int = 30, withdrawn_days_ago=None):
    """The resident's consent to discuss their situation at the doorbraaktafel."""
    today = timezone.localdate()
    return consent_record(
        acting_user=recorded_by,
        resident=resident,
        scope_organisations="Deelnemers aan de doorbraaktafel",
        scope_purposes="Een oplossing zoeken voor wat vastzit",
        given_on=today - timedelta(days=given_days_ago),
        withdrawn_on=(
            None if withdrawn_days_ago is None else today - timedelta(days=withdrawn_days_ago)
        ),
    )


def error_codes(exc: ValidationError) -> dict[str | None, set[str]]:
    """The refusal's codes per form field (None for a refusal that names no field)."""
    if hasattr(exc, "error_dict"):
        return {field: {e.code for e in errors} for field, errors in exc.error_dict.items()}
    return {None: {e.code for e in exc.error_list}}


def error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


# --- Meetings -------------------------------------------------------------------------------


@pytest.fixture
def meeting(team_a) -> Meeting:
    """Team A's next doorbraaktafel, a week from now, agenda still open."""
    return meeting_on(team_a, in_days(7))


@pytest.fixture
def meeting_b(team_b) -> Meeting:
    """Team B's next doorbraaktafel."""
    return meeting_on(team_b, in_days(7))


# --- Partners from other organisations ------------------------------------------------------


@pytest.fixture
def police(db):
    return OrganisationFactory(name="Politie Oost-Brabant", kind=OrganisationKind.POLICE)


@pytest.fixture
def corporation(db):
    return OrganisationFactory(name="Woonstichting De Kempen", kind=OrganisationKind.HOUSING)


@pytest.fixture
def wijkagent(police):
    return user_create(
        username="wijkagent",
        first_name="Ruud",
        last_name="de Graaf",
        roles=[Role.PARTNER],
        organisation=police,
    )


@pytest.fixture
def second_agent(police):
    return user_create(
        username="agent2",
        first_name="Esra",
        last_name="Yilmaz",
        roles=[Role.PARTNER],
        organisation=police,
    )


@pytest.fixture
def consulent(corporation):
    return user_create(
        username="consulent",
        first_name="Petra",
        last_name="Willems",
        roles=[Role.PARTNER],
        organisation=corporation,
    )


# --- An action owner with an email address --------------------------------------------------


@pytest.fixture
def owner(team_a):
    """A team A professional who takes on actions and receives reminders."""
    return user_create(
        username="ahmed",
        first_name="Ahmed",
        last_name="Benali",
        roles=[Role.PROFESSIONAL],
        team=team_a,
        email="ahmed.benali@wijkteam.example",
    )

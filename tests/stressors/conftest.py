"""Builders for the stressor register: a case of a two-person household, and stressors
registered through the service exactly as a professional registers them.

The catalogue is the one the data migration loads; tests pick types from it by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from cases.models import Case, Resident
from stressors import services
from stressors.models import Stressor, StressorStatusChange, StressorType
from tests.cases import factories


@dataclass
class Family:
    case: Case
    head: Resident
    child: Resident


def build_family(*, acting_user, team, coordinator=None, surname="Ouali") -> Family:
    head = factories.resident(acting_user=acting_user, first_name="Fatima", last_name=surname)
    child = factories.resident(acting_user=acting_user, first_name="Noor", last_name=surname)
    case = factories.case(
        acting_user=acting_user,
        team=team,
        coordinator=coordinator or acting_user,
        residents=[head, child],
        reported_on=factories.days_ago(365),  # room for a history of assessments
    )
    return Family(case=case, head=head, child=child)


@pytest.fixture
def family(team_a, professional_a) -> Family:
    """An open case of team A for a mother and her child, coordinated by `professional_a`."""
    return build_family(acting_user=professional_a, team=team_a)


def stressor_type(name: str) -> StressorType:
    return StressorType.objects.get(name=name)


def register(case: Case, *, acting_user, kind: str = "Schulden", resident=None, **fields):
    """Register a stressor of catalogue type `kind` for `resident` (default: the resident
    the case was reported for)."""
    return services.stressor_register(
        acting_user=acting_user,
        case=case,
        resident=resident or case.primary_resident,
        stressor_type=stressor_type(kind),
        **fields,
    )


def untouched_for(stressor: Stressor, *, days: int) -> Stressor:
    """As if nobody changed the stressor for `days` days."""
    Stressor.objects.filter(pk=stressor.pk).update(
        last_change_at=timezone.now() - timedelta(days=days)
    )
    stressor.refresh_from_db()
    return stressor


def registered_days_ago(stressor: Stressor, days: int) -> Stressor:
    """As if the stressor was signalled `days` days ago (the service always registers today):
    its registration date and the first entry of its status timeline move back together."""
    when = factories.days_ago(days)
    Stressor.objects.filter(pk=stressor.pk).update(registered_on=when)
    StressorStatusChange.objects.filter(stressor=stressor, from_status="").update(changed_on=when)
    stressor.refresh_from_db()
    return stressor


def snapshot(*app_labels: str) -> dict[str, list[dict]]:
    """Every row of every model of these apps, history included: a refused request must
    leave all of it as it was."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in app_labels
        for model in apps.get_app_config(label).get_models()
    }

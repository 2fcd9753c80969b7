"""Builders for stability and ZRM assessments, recorded through the service as a
professional records them. The household case comes from the stressor tests' builders."""

from __future__ import annotations

import pytest

from stability import services
from tests.cases import factories
from tests.stressors.conftest import Family, build_family


@pytest.fixture
def family(team_a, professional_a) -> Family:
    """An open case of team A for a mother and her child, coordinated by `professional_a`."""
    return build_family(acting_user=professional_a, team=team_a)


def assess(case, *, acting_user, resident=None, days_ago: int = 0, zrm=None, notes=None, **scores):
    """Record a stability assessment (rules of thumb as keyword arguments: housing=3, ...)
    and, with `zrm={domain: score}`, a ZRM on the same date. Returns (stability, zrm)."""
    return services.assessment_record(
        acting_user=acting_user,
        case=case,
        resident=resident or case.primary_resident,
        assessed_on=factories.days_ago(days_ago),
        scores=scores,
        notes=notes,
        zrm_scores=zrm,
    )


def all_rules(score: int) -> dict[str, int]:
    """Every rule of thumb scored the same."""
    return {
        "housing": score,
        "finances": score,
        "day_activity": score,
        "fitting_support": score,
        "living_environment": score,
    }

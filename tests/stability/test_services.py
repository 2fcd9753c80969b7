"""Recording stability and ZRM assessments: what is derived and stored, the series kept
right when an assessment is backdated, and every refusal saving nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cases import services as case_services
from cases.constants import CaseOutcome, CaseStatus, LifeDomain
from stability import services
from stability.models import StabilityAssessment, ZrmAssessment, ZrmDomainScore
from tests.cases import factories
from tests.stressors.conftest import snapshot

from .conftest import all_rules, assess


def _nothing_saved() -> bool:
    return not (
        StabilityAssessment.objects.exists()
        or ZrmAssessment.objects.exists()
        or ZrmDomainScore.objects.exists()
    )


def _refresh(*assessments):
    for a in assessments:
        a.refresh_from_db()


# --- Derived and stored ---------------------------------------------------------------------


def test_assessment_stores_its_legs_and_overall_stability(family, professional_a):
    stability, _zrm = assess(
        family.case,
        acting_user=professional_a,
        housing=4,
        finances=2,
        day_activity=3,
        living_environment=5,
        fitting_support=4,
    )

    stability.refresh_from_db()
    assert stability.legs == {"leefomgeving": 2, "meedoen": 3, "continuiteit": 4}
    assert stability.overall == 2


def test_assessment_keeps_unscored_rules_and_legs_open(family, professional_a):
    stability, _zrm = assess(family.case, acting_user=professional_a, housing=3)

    stability.refresh_from_db()
    assert stability.finances is None
    assert stability.legs == {"leefomgeving": 3, "meedoen": None, "continuiteit": None}
    assert stability.overall == 3


def test_assessment_keeps_a_note_per_rule(family, professional_a):
    stability, _zrm = assess(
        family.case,
        acting_user=professional_a,
        notes={"finances_note": "Beslag op de uitkering"},
        finances=1,
    )

    stability.refresh_from_db()
    assert stability.finances_note == "Beslag op de uitkering"


def test_assessment_is_by_the_acting_professional_on_the_given_date(family, professional_a):
    stability, _zrm = assess(family.case, acting_user=professional_a, days_ago=3, housing=3)

    assert stability.assessor == professional_a
    assert stability.assessed_on == factories.days_ago(3)
    assert stability.resident == family.head


def test_assessment_can_be_of_any_household_member(family, professional_a):
    stability, _zrm = assess(
        family.case, acting_user=professional_a, resident=family.child, day_activity=2
    )

    assert stability.resident == family.child


def test_first_assessment_without_a_leg_at_1_is_no_decline(family, professional_a):
    stability, _zrm = assess(family.case, acting_user=professional_a, **all_rules(2))

    assert stability.declined is False


def test_first_assessment_with_a_leg_at_1_is_a_decline(family, professional_a):
    stability, _zrm = assess(family.case, acting_user=professional_a, housing=1, day_activity=4)

    assert stability.declined is True


def test_leg_down_since_the_previous_assessment_is_a_decline(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(4))

    stability, _zrm = assess(
        family.case, acting_user=professional_a, **all_rules(4) | {"finances": 3}
    )

    assert stability.declined is True


def test_unchanged_legs_since_the_previous_assessment_are_no_decline(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(3))

    stability, _zrm = assess(family.case, acting_user=professional_a, **all_rules(3))

    assert stability.declined is False


def test_decline_compares_with_the_same_residents_previous_assessment(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=30, **all_rules(5))

    stability, _zrm = assess(
        family.case, acting_user=professional_a, resident=family.child, **all_rules(3)
    )

    assert stability.declined is False


# --- Backdated assessments ------------------------------------------------------------------


def test_backdated_assessment_is_compared_with_the_one_before_it(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=40, **all_rules(4))
    assess(family.case, acting_user=professional_a, days_ago=0, **all_rules(2))

    middle, _zrm = assess(family.case, acting_user=professional_a, days_ago=20, **all_rules(3))

    assert middle.declined is True


def test_backdated_assessment_changes_the_decline_of_the_one_after_it(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=40, **all_rules(2))
    latest, _zrm = assess(family.case, acting_user=professional_a, **all_rules(3))
    assert latest.declined is False

    assess(family.case, acting_user=professional_a, days_ago=20, **all_rules(5))

    latest.refresh_from_db()
    assert latest.declined is True


def test_backdated_assessment_can_lift_a_decline_after_it(family, professional_a):
    assess(family.case, acting_user=professional_a, days_ago=40, **all_rules(4))
    latest, _zrm = assess(family.case, acting_user=professional_a, **all_rules(3))
    assert latest.declined is True

    assess(family.case, acting_user=professional_a, days_ago=20, **all_rules(2))

    latest.refresh_from_db()
    assert latest.declined is False


def test_recompute_series_rederives_every_assessment_in_date_order(family, professional_a):
    first, _ = assess(family.case, acting_user=professional_a, days_ago=20, **all_rules(4))
    second, _ = assess(family.case, acting_user=professional_a, days_ago=10, **all_rules(3))
    StabilityAssessment.objects.update(leg_living_environment=None, overall=None, declined=False)

    services.recompute_series(acting_user=professional_a, case=family.case, resident=family.head)

    _refresh(first, second)
    assert (first.leg_living_environment, first.overall, first.declined) == (4, 4, False)
    assert (second.leg_living_environment, second.overall, second.declined) == (3, 3, True)


def test_recompute_series_writes_no_history_when_nothing_changes(family, professional_a):
    stability, _ = assess(family.case, acting_user=professional_a, **all_rules(3))
    rows = stability.history.count()

    services.recompute_series(acting_user=professional_a, case=family.case, resident=family.head)

    assert stability.history.count() == rows


# --- Refusals -------------------------------------------------------------------------------


def test_second_assessment_of_a_resident_on_the_same_date_is_refused(family, professional_a):
    assess(family.case, acting_user=professional_a, **all_rules(3))
    before = snapshot("stability")

    with pytest.raises(ValidationError) as refused:
        assess(family.case, acting_user=professional_a, **all_rules(4))

    assert refused.value.message_dict["assessed_on"] == [
        "Voor deze inwoner is op deze datum al een meting vastgelegd."
    ]
    assert snapshot("stability") == before


def test_assessment_of_another_resident_on_the_same_date_is_accepted(family, professional_a):
    assess(family.case, acting_user=professional_a, **all_rules(3))

    assess(family.case, acting_user=professional_a, resident=family.child, **all_rules(3))

    assert StabilityAssessment.objects.count() == 2


def test_assessment_without_any_score_is_refused(family, professional_a):
    with pytest.raises(ValidationError) as refused:
        assess(family.case, acting_user=professional_a, **dict.fromkeys(all_rules(1)))

    assert refused.value.messages == [
        "Vul minstens één score in: een vuistregel of een ZRM-domein."
    ]
    assert _nothing_saved()


def test_assessment_with_only_notes_is_refused(family, professional_a):
    with pytest.raises(ValidationError):
        assess(family.case, acting_user=professional_a, notes={"housing_note": "Niet besproken"})

    assert not StabilityAssessment.objects.exists()


@pytest.mark.parametrize("score", [0, 6])
def test_rule_score_outside_1_to_5_is_refused(family, professional_a, score):
    with pytest.raises(ValidationError) as refused:
        assess(family.case, acting_user=professional_a, housing=3, finances=score)

    assert "finances" in refused.value.message_dict
    assert not StabilityAssessment.objects.exists()


@pytest.mark.parametrize("score", [0, 6])
def test_zrm_score_outside_1_to_5_is_refused_and_saves_nothing(family, professional_a, score):
    with pytest.raises(ValidationError):
        assess(
            family.case,
            acting_user=professional_a,
            zrm={LifeDomain.FINANCES: 2, LifeDomain.HOUSING: score},
            housing=3,
        )

    assert _nothing_saved()


def test_assessment_dated_in_the_future_is_refused(family, professional_a):
    with pytest.raises(ValidationError) as refused:
        assess(family.case, acting_user=professional_a, days_ago=-1, housing=3)

    assert refused.value.message_dict["assessed_on"] == ["Deze datum ligt in de toekomst."]
    assert not StabilityAssessment.objects.exists()


def test_zrm_dated_in_the_future_is_refused(family, professional_a):
    with pytest.raises(ValidationError):
        assess(family.case, acting_user=professional_a, days_ago=-1, zrm={"financien": 3})

    assert not ZrmAssessment.objects.exists()


def test_assessment_of_a_resident_not_in_the_case_is_refused(family, professional_a):
    outsider = factories.resident(acting_user=professional_a, first_name="Kees")

    with pytest.raises(ValidationError) as refused:
        assess(family.case, acting_user=professional_a, resident=outsider, housing=3)

    assert refused.value.message_dict["resident"] == [
        "Deze inwoner hoort niet bij het huishouden van deze casus."
    ]
    assert not StabilityAssessment.objects.exists()


def test_closed_case_takes_no_new_assessments(family, professional_a):
    case_services.case_change_status(
        acting_user=professional_a,
        case=family.case,
        expected_version=family.case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )
    family.case.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        assess(family.case, acting_user=professional_a, zrm={"financien": 2}, housing=3)

    assert refused.value.messages == [
        "Deze casus is afgesloten; er kan niets meer aan worden gewijzigd."
    ]
    assert _nothing_saved()


def test_zrm_clash_on_the_same_date_refuses_the_whole_assessment(family, professional_a):
    """A ZRM already recorded that day: the stability part is not saved on its own."""
    assess(family.case, acting_user=professional_a, zrm={"financien": 2})
    before = snapshot("stability")

    with pytest.raises(ValidationError) as refused:
        assess(family.case, acting_user=professional_a, zrm={"huisvesting": 3}, housing=3)

    assert "assessed_on" in refused.value.message_dict
    assert snapshot("stability") == before


# --- ZRM ------------------------------------------------------------------------------------


def test_zrm_alone_creates_only_a_zrm(family, professional_a):
    stability, zrm = assess(
        family.case, acting_user=professional_a, zrm={"financien": 2, "huisvesting": 4}
    )

    assert stability is None
    assert not StabilityAssessment.objects.exists()
    assert dict(zrm.scores.values_list("life_domain", "score")) == {
        "financien": 2,
        "huisvesting": 4,
    }


def test_zrm_alone_has_no_stability_assessment_linked(family, professional_a):
    _stability, zrm = assess(family.case, acting_user=professional_a, zrm={"justitie": 3})

    zrm.refresh_from_db()
    assert zrm.stability_assessment is None


def test_zrm_with_stability_shares_its_date_and_assessor(family, professional_a):
    stability, zrm = assess(
        family.case, acting_user=professional_a, days_ago=2, zrm={"financien": 2}, housing=3
    )

    zrm.refresh_from_db()
    assert zrm.stability_assessment == stability
    assert (zrm.assessed_on, zrm.assessor) == (stability.assessed_on, stability.assessor)
    assert zrm.assessed_on == factories.days_ago(2)


def test_zrm_domains_left_open_are_not_stored(family, professional_a):
    _stability, zrm = assess(
        family.case,
        acting_user=professional_a,
        zrm=dict.fromkeys(LifeDomain) | {"sociaal_netwerk": 1},
    )

    assert list(zrm.scores.values_list("life_domain", flat=True)) == ["sociaal_netwerk"]


def test_zrm_can_score_all_13_life_domains(family, professional_a):
    _stability, zrm = assess(
        family.case, acting_user=professional_a, zrm=dict.fromkeys(LifeDomain.values, 3)
    )

    assert zrm.scores.count() == 13


def test_stability_without_zrm_creates_no_zrm(family, professional_a):
    _stability, zrm = assess(family.case, acting_user=professional_a, fitting_support=2)

    assert zrm is None
    assert not ZrmAssessment.objects.exists()


# --- History --------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [StabilityAssessment, ZrmAssessment, ZrmDomainScore])
def test_every_assessment_record_has_history_with_the_acting_user(family, professional_a, model):
    assess(family.case, acting_user=professional_a, zrm={"financien": 2}, housing=3)

    rows = model.history.all()

    assert rows.exists()
    assert {row.history_user for row in rows} == {professional_a}


def test_rederived_later_assessment_is_in_the_history_with_who_caused_it(
    family, professional_a, teamleider_a
):
    assess(family.case, acting_user=professional_a, days_ago=40, **all_rules(2))
    latest, _ = assess(family.case, acting_user=professional_a, **all_rules(3))

    assess(family.case, acting_user=teamleider_a, days_ago=20, **all_rules(5))

    newest = latest.history.order_by("-history_id").first()
    assert (newest.declined, newest.history_user) == (True, teamleider_a)

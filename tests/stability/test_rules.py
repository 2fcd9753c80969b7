"""The stability model itself: which legs follow from the five rules of thumb, how stable
the whole is, and what counts as a decline. Pure functions, no database."""

from stability.constants import LEG_RULES, Leg, RuleOfThumb
from stability.rules import derive_legs, is_decline, overall_stability

NOTHING_SCORED = {rule.value: None for rule in RuleOfThumb}


def _scores(**given):
    return {**NOTHING_SCORED, **given}


def _legs(leefomgeving=None, meedoen=None, continuiteit=None):
    return {"leefomgeving": leefomgeving, "meedoen": meedoen, "continuiteit": continuiteit}


# --- The mapping ----------------------------------------------------------------------------


def test_each_leg_rests_on_the_rules_of_thumb_of_the_method():
    assert LEG_RULES == {
        Leg.LIVING_ENVIRONMENT: (RuleOfThumb.HOUSING, RuleOfThumb.FINANCES),
        Leg.PARTICIPATION: (RuleOfThumb.DAY_ACTIVITY, RuleOfThumb.LIVING_ENVIRONMENT),
        Leg.CONTINUITY: (RuleOfThumb.FITTING_SUPPORT,),
    }


def test_every_rule_of_thumb_carries_exactly_one_leg():
    carried = [rule for rules in LEG_RULES.values() for rule in rules]

    assert sorted(carried) == sorted(RuleOfThumb.values)


# --- Legs -----------------------------------------------------------------------------------


def test_living_environment_leg_is_the_lowest_of_housing_and_finances():
    legs = derive_legs(_scores(housing=4, finances=2))

    assert legs["leefomgeving"] == 2


def test_participation_leg_is_the_lowest_of_day_activity_and_living_environment():
    legs = derive_legs(_scores(day_activity=3, living_environment=5))

    assert legs["meedoen"] == 3


def test_continuity_leg_is_the_fitting_support_score():
    legs = derive_legs(_scores(fitting_support=4))

    assert legs["continuiteit"] == 4


def test_leg_with_one_of_its_rules_unscored_takes_the_scored_rule():
    legs = derive_legs(_scores(housing=None, finances=3, day_activity=None, living_environment=2))

    assert legs["leefomgeving"] == 3
    assert legs["meedoen"] == 2


def test_leg_with_none_of_its_rules_scored_is_unknown():
    legs = derive_legs(_scores(housing=4))

    assert legs == _legs(leefomgeving=4)


def test_nothing_scored_leaves_every_leg_unknown():
    assert derive_legs(NOTHING_SCORED) == _legs()


def test_missing_rule_is_treated_as_unscored():
    assert derive_legs({"finances": 2}) == _legs(leefomgeving=2)


def test_legs_do_not_depend_on_rules_of_another_leg():
    low_finances = derive_legs(_scores(finances=1, day_activity=5, fitting_support=5))

    assert low_finances == _legs(leefomgeving=1, meedoen=5, continuiteit=5)


# --- Overall stability ----------------------------------------------------------------------


def test_overall_stability_is_the_weakest_leg():
    assert overall_stability(_legs(leefomgeving=4, meedoen=2, continuiteit=5)) == 2


def test_overall_stability_ignores_unknown_legs():
    assert overall_stability(_legs(leefomgeving=None, meedoen=4, continuiteit=3)) == 3


def test_overall_stability_is_unknown_when_no_leg_is_known():
    assert overall_stability(_legs()) is None


# --- Decline --------------------------------------------------------------------------------


def test_leg_down_by_one_is_a_decline():
    previous = _legs(leefomgeving=4, meedoen=3, continuiteit=3)
    current = _legs(leefomgeving=3, meedoen=3, continuiteit=3)

    assert is_decline(previous, current) is True


def test_leg_down_by_more_than_one_is_a_decline():
    assert is_decline(_legs(meedoen=5), _legs(meedoen=2)) is True


def test_unchanged_legs_are_no_decline():
    legs = _legs(leefomgeving=3, meedoen=4, continuiteit=2)

    assert is_decline(legs, dict(legs)) is False


def test_improving_legs_are_no_decline():
    assert is_decline(_legs(leefomgeving=2, meedoen=3), _legs(leefomgeving=4, meedoen=3)) is False


def test_one_leg_up_and_another_down_is_a_decline():
    previous = _legs(leefomgeving=2, continuiteit=4)
    current = _legs(leefomgeving=4, continuiteit=3)

    assert is_decline(previous, current) is True


def test_any_leg_at_one_is_a_decline_even_without_change():
    legs = _legs(leefomgeving=1, meedoen=4, continuiteit=4)

    assert is_decline(legs, dict(legs)) is True


def test_first_assessment_with_a_leg_at_one_is_a_decline():
    assert is_decline(None, _legs(leefomgeving=3, continuiteit=1)) is True


def test_first_assessment_without_a_leg_at_one_is_no_decline():
    assert is_decline(None, _legs(leefomgeving=2, meedoen=2, continuiteit=2)) is False


def test_leg_scored_now_but_not_before_is_not_compared():
    assert is_decline(_legs(leefomgeving=5), _legs(leefomgeving=5, meedoen=2)) is False


def test_leg_scored_before_but_not_now_is_not_compared():
    assert is_decline(_legs(leefomgeving=4, meedoen=5), _legs(leefomgeving=4)) is False

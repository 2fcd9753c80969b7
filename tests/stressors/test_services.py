"""The stressor register's writes: the catalogue, registering, updating and the status
workflow with its dates. Every refusal is a Dutch ValidationError that saves nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import services as case_services
from cases.constants import CaseOutcome, CaseStatus, LifeDomain
from cases.services import latest_history_id
from stability.constants import Leg
from stressors import services
from stressors.constants import STRESSOR_TRANSITIONS, StressorStatus
from stressors.models import Stressor, StressorStatusChange, StressorType
from tests.cases import factories

from .conftest import register, registered_days_ago, snapshot, stressor_type

SIGNALLED = StressorStatus.SIGNALLED
IN_PROGRESS = StressorStatus.IN_PROGRESS
REMOVED = StressorStatus.REMOVED
STABILISED = StressorStatus.STABILISED


def _messages(error: ValidationError, field: str) -> list[str]:
    return error.message_dict[field]


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def _move(stressor, user, *statuses, changed_on=None):
    for status in statuses:
        stressor = services.stressor_change_status(
            acting_user=user, stressor=stressor, to_status=status, changed_on=changed_on
        )
    return stressor


def _close(case, user):
    case_services.case_change_status(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )
    case.refresh_from_db()


# A path from a new (signalled) stressor to each status.
PATH_TO = {
    SIGNALLED: (),
    IN_PROGRESS: (IN_PROGRESS,),
    STABILISED: (STABILISED,),
    REMOVED: (REMOVED,),
}


# --- Catalogue ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_catalogue_is_loaded_with_at_least_19_stressor_types():
    assert StressorType.objects.filter(is_active=True).count() >= 19


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "leg", "life_domain"),
    [
        ("Schulden", Leg.LIVING_ENVIRONMENT, LifeDomain.FINANCES),
        ("Dreigende huisuitzetting", Leg.LIVING_ENVIRONMENT, LifeDomain.HOUSING),
        ("Laaggeletterdheid", Leg.PARTICIPATION, LifeDomain.INSTRUMENTAL_ADL),
        ("Wisseling of gat in zorg", Leg.CONTINUITY, LifeDomain.MENTAL_HEALTH),
    ],
)
def test_catalogue_type_threatens_its_leg_in_its_life_domain(name, leg, life_domain):
    kind = stressor_type(name)

    assert (kind.leg, kind.life_domain) == (leg, life_domain)


@pytest.mark.django_db
def test_every_catalogue_type_has_a_known_leg_and_life_domain():
    for kind in StressorType.objects.all():
        assert kind.leg in Leg.values, kind
        assert kind.life_domain in LifeDomain.values, kind


@pytest.mark.django_db
def test_catalogue_threatens_every_leg():
    legs = set(StressorType.objects.values_list("leg", flat=True))

    assert legs == set(Leg.values)


# --- Registering ----------------------------------------------------------------------------


def test_professional_registers_stressor_with_everything_known(family, professional_a):
    stressor = register(
        family.case,
        acting_user=professional_a,
        kind="Dreigende huisuitzetting",
        resident=family.head,
        severity=3,
        since=factories.days_ago(60),
        description="Vonnis van de kantonrechter, ontruiming over zes weken.",
        tackled_by="Schuldhulp Noord",
        next_step="Betalingsregeling voorstellen aan de corporatie",
    )

    stressor.refresh_from_db()
    assert stressor.case == family.case
    assert stressor.resident == family.head
    assert stressor.stressor_type.name == "Dreigende huisuitzetting"
    assert stressor.severity == 3
    assert stressor.since == factories.days_ago(60)
    assert stressor.tackled_by == "Schuldhulp Noord"
    assert stressor.next_step == "Betalingsregeling voorstellen aan de corporatie"


def test_stressor_needs_only_resident_and_type(family, professional_a):
    stressor = register(family.case, acting_user=professional_a, kind="Eenzaamheid")

    stressor.refresh_from_db()
    assert stressor.severity is None
    assert stressor.since is None
    assert (stressor.description, stressor.tackled_by, stressor.next_step) == ("", "", "")


def test_new_stressor_is_signalled_today_by_the_registering_professional(family, professional_a):
    stressor = register(family.case, acting_user=professional_a)

    assert stressor.status == SIGNALLED
    assert stressor.registered_on == timezone.localdate()
    assert stressor.registered_by == professional_a
    assert stressor.ended_on is None


def test_registration_is_kept_as_the_first_status_change(family, professional_a):
    stressor = register(family.case, acting_user=professional_a)

    change = stressor.status_changes.get()
    assert (change.from_status, change.to_status) == ("", SIGNALLED)
    assert change.changed_on == timezone.localdate()
    assert change.changed_by == professional_a


def test_stressor_can_be_registered_for_any_member_of_the_household(family, professional_a):
    stressor = register(family.case, acting_user=professional_a, resident=family.child)

    assert stressor.resident == family.child


def test_stressor_for_resident_not_in_the_case_is_refused(family, professional_a):
    outsider = factories.resident(acting_user=professional_a, first_name="Kees")
    before = snapshot("stressors")

    with pytest.raises(ValidationError) as refused:
        register(family.case, acting_user=professional_a, resident=outsider)

    assert _messages(refused.value, "resident") == [
        "Deze inwoner hoort niet bij het huishouden van deze casus."
    ]
    assert snapshot("stressors") == before


def test_stressor_for_resident_of_another_case_is_refused(family, make_case, professional_a):
    other = make_case()

    with pytest.raises(ValidationError):
        register(family.case, acting_user=professional_a, resident=other.primary_resident)

    assert not Stressor.objects.exists()


@pytest.mark.parametrize("severity", [0, 4])
def test_severity_outside_1_to_3_is_refused(family, professional_a, severity):
    with pytest.raises(ValidationError) as refused:
        register(family.case, acting_user=professional_a, severity=severity)

    assert "severity" in refused.value.message_dict
    assert not Stressor.objects.exists()


def test_database_refuses_severity_outside_1_to_3_even_past_the_service(family, professional_a):
    stressor = register(family.case, acting_user=professional_a, severity=2)

    with pytest.raises(IntegrityError), transaction.atomic():
        Stressor.objects.filter(pk=stressor.pk).update(severity=4)


def test_stressor_playing_since_a_future_date_is_refused(family, professional_a):
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        register(family.case, acting_user=professional_a, since=tomorrow)

    assert _messages(refused.value, "since") == ["Deze datum ligt in de toekomst."]
    assert not Stressor.objects.exists()


def test_retired_catalogue_type_cannot_be_registered(family, professional_a):
    StressorType.objects.filter(name="Burenruzie").update(is_active=False)

    with pytest.raises(ValidationError) as refused:
        register(family.case, acting_user=professional_a, kind="Burenruzie")

    assert _messages(refused.value, "stressor_type") == [
        "Deze soort stressor wordt niet meer gebruikt."
    ]
    assert not Stressor.objects.exists()


def test_registration_is_in_the_history_with_the_acting_user(family, professional_a):
    stressor = register(family.case, acting_user=professional_a)

    row = stressor.history.get()
    assert row.history_type == "+"
    assert row.history_user == professional_a


def test_closed_case_takes_no_new_stressors(family, professional_a):
    _close(family.case, professional_a)

    with pytest.raises(ValidationError) as refused:
        register(family.case, acting_user=professional_a)

    assert refused.value.messages == [
        "Deze casus is afgesloten; er kan niets meer aan worden gewijzigd."
    ]
    assert not Stressor.objects.exists()


# --- Updating -------------------------------------------------------------------------------


def test_update_changes_the_details(family, professional_a):
    stressor = register(family.case, acting_user=professional_a, severity=1)

    services.stressor_update(
        acting_user=professional_a,
        stressor=stressor,
        severity=3,
        tackled_by="Bewindvoerder",
        next_step="Budgetplan opstellen",
    )

    stressor.refresh_from_db()
    assert (stressor.severity, stressor.tackled_by, stressor.next_step) == (
        3,
        "Bewindvoerder",
        "Budgetplan opstellen",
    )


def test_update_is_in_the_history_with_the_acting_user(family, professional_a, teamleider_a):
    stressor = register(family.case, acting_user=professional_a)

    services.stressor_update(acting_user=teamleider_a, stressor=stressor, severity=2)

    newest = stressor.history.order_by("-history_id").first()
    assert newest.history_type == "~"
    assert newest.history_user == teamleider_a
    assert newest.severity == 2


def test_update_with_severity_4_is_refused_and_changes_nothing(family, professional_a):
    stressor = register(family.case, acting_user=professional_a, severity=2)
    before = snapshot("stressors")

    with pytest.raises(ValidationError):
        services.stressor_update(acting_user=professional_a, stressor=stressor, severity=4)

    assert snapshot("stressors") == before


def test_update_with_a_future_since_date_is_refused_and_changes_nothing(family, professional_a):
    stressor = register(family.case, acting_user=professional_a)
    before = snapshot("stressors")

    with pytest.raises(ValidationError):
        services.stressor_update(
            acting_user=professional_a,
            stressor=stressor,
            since=timezone.localdate() + timezone.timedelta(days=3),
        )

    assert snapshot("stressors") == before


def test_update_on_a_form_opened_before_someone_elses_change_is_refused(
    family, professional_a, teamleider_a
):
    stressor = register(family.case, acting_user=professional_a)
    seen = latest_history_id(stressor)
    services.stressor_update(acting_user=teamleider_a, stressor=stressor, severity=3)

    with pytest.raises(ValidationError) as refused:
        services.stressor_update(
            acting_user=professional_a, stressor=stressor, seen_history_id=seen, severity=1
        )

    assert _codes(refused.value) == {"stale"}
    stressor.refresh_from_db()
    assert stressor.severity == 3


def test_status_cannot_be_changed_through_an_update(family, professional_a):
    stressor = register(family.case, acting_user=professional_a)

    with pytest.raises(TypeError):
        services.stressor_update(acting_user=professional_a, stressor=stressor, status=REMOVED)

    stressor.refresh_from_db()
    assert stressor.status == SIGNALLED


# --- Status workflow ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(f, t) for f, targets in STRESSOR_TRANSITIONS.items() for t in targets],
    ids=lambda s: str(s),
)
def test_allowed_status_change_is_made(family, professional_a, from_status, to_status):
    stressor = _move(register(family.case, acting_user=professional_a), professional_a)
    stressor = _move(stressor, professional_a, *PATH_TO[from_status])

    stressor = _move(stressor, professional_a, to_status)

    stressor.refresh_from_db()
    assert stressor.status == to_status


@pytest.mark.parametrize("to_status", StressorStatus.values)
def test_removed_stressor_is_final(family, professional_a, to_status):
    stressor = _move(register(family.case, acting_user=professional_a), professional_a, REMOVED)
    before = snapshot("stressors")

    with pytest.raises(ValidationError) as refused:
        _move(stressor, professional_a, to_status)

    assert "to_status" in refused.value.message_dict
    assert snapshot("stressors") == before


def test_stressor_in_progress_cannot_go_back_to_signalled(family, professional_a):
    stressor = _move(register(family.case, acting_user=professional_a), professional_a, IN_PROGRESS)

    with pytest.raises(ValidationError):
        _move(stressor, professional_a, SIGNALLED)

    stressor.refresh_from_db()
    assert stressor.status == IN_PROGRESS


def test_refused_status_change_names_both_statuses_in_dutch(family, professional_a):
    stressor = _move(register(family.case, acting_user=professional_a), professional_a, REMOVED)

    with pytest.raises(ValidationError) as refused:
        _move(stressor, professional_a, IN_PROGRESS)

    assert _messages(refused.value, "to_status") == [
        "Een stressor met status Weggenomen kan niet naar In aanpak."
    ]


def test_unknown_status_is_refused(family, professional_a):
    stressor = register(family.case, acting_user=professional_a)

    with pytest.raises(ValidationError):
        _move(stressor, professional_a, "opgelost")

    stressor.refresh_from_db()
    assert stressor.status == SIGNALLED


def test_status_change_dated_in_the_future_is_refused(family, professional_a):
    stressor = register(family.case, acting_user=professional_a)
    before = snapshot("stressors")

    with pytest.raises(ValidationError) as refused:
        _move(
            stressor,
            professional_a,
            REMOVED,
            changed_on=timezone.localdate() + timezone.timedelta(days=1),
        )

    assert _messages(refused.value, "changed_on") == ["Deze datum ligt in de toekomst."]
    assert snapshot("stressors") == before


def test_status_change_dated_before_the_stressor_was_signalled_is_refused(family, professional_a):
    stressor = registered_days_ago(register(family.case, acting_user=professional_a), 10)
    before = snapshot("stressors")

    with pytest.raises(ValidationError) as refused:
        _move(stressor, professional_a, IN_PROGRESS, changed_on=factories.days_ago(11))

    assert _messages(refused.value, "changed_on") == [
        "Deze datum ligt vóór de datum waarop de stressor is gesignaleerd."
    ]
    assert snapshot("stressors") == before


def test_status_change_dated_before_the_previous_change_is_refused(family, professional_a):
    """The timeline must stay in order: a removal cannot predate the start of the approach."""
    stressor = registered_days_ago(register(family.case, acting_user=professional_a), 30)
    stressor = _move(stressor, professional_a, IN_PROGRESS, changed_on=factories.days_ago(5))
    before = snapshot("stressors")

    with pytest.raises(ValidationError) as refused:
        _move(stressor, professional_a, REMOVED, changed_on=factories.days_ago(20))

    assert "changed_on" in refused.value.message_dict
    assert snapshot("stressors") == before


def test_status_change_on_the_day_of_signalling_is_accepted(family, professional_a):
    stressor = registered_days_ago(register(family.case, acting_user=professional_a), 10)

    stressor = _move(stressor, professional_a, REMOVED, changed_on=factories.days_ago(10))

    assert stressor.days_to_removal == 0


def test_each_status_change_is_kept_with_its_date_and_who_made_it(
    family, professional_a, teamleider_a
):
    stressor = registered_days_ago(register(family.case, acting_user=professional_a), 40)
    stressor = services.stressor_change_status(
        acting_user=professional_a,
        stressor=stressor,
        to_status=IN_PROGRESS,
        changed_on=factories.days_ago(30),
    )
    services.stressor_change_status(
        acting_user=teamleider_a,
        stressor=stressor,
        to_status=REMOVED,
        changed_on=factories.days_ago(2),
    )

    changes = list(
        StressorStatusChange.objects.filter(stressor=stressor).values_list(
            "from_status", "to_status", "changed_on", "changed_by"
        )
    )
    assert changes[1:] == [
        (SIGNALLED, IN_PROGRESS, factories.days_ago(30), professional_a.pk),
        (IN_PROGRESS, REMOVED, factories.days_ago(2), teamleider_a.pk),
    ]


def test_status_change_without_a_date_is_dated_today(family, professional_a):
    stressor = _move(register(family.case, acting_user=professional_a), professional_a, IN_PROGRESS)

    assert stressor.status_changes.last().changed_on == timezone.localdate()


def test_status_change_is_in_the_history_with_the_acting_user(family, professional_a, teamleider_a):
    stressor = register(family.case, acting_user=professional_a)

    _move(stressor, teamleider_a, IN_PROGRESS)

    newest = stressor.history.order_by("-history_id").first()
    assert (newest.status, newest.history_user) == (IN_PROGRESS, teamleider_a)


def test_status_change_can_set_the_next_step(family, professional_a):
    stressor = register(family.case, acting_user=professional_a, next_step="Bellen")

    stressor = services.stressor_change_status(
        acting_user=professional_a,
        stressor=stressor,
        to_status=IN_PROGRESS,
        next_step="Samen naar het loket",
    )

    assert stressor.next_step == "Samen naar het loket"


def test_status_change_without_a_next_step_keeps_the_current_one(family, professional_a):
    stressor = register(family.case, acting_user=professional_a, next_step="Bellen")

    stressor = _move(stressor, professional_a, IN_PROGRESS)

    assert stressor.next_step == "Bellen"


# --- End date and time to removal -----------------------------------------------------------


def test_removal_records_the_date_it_ended(family, professional_a):
    stressor = registered_days_ago(register(family.case, acting_user=professional_a), 20)

    stressor = _move(stressor, professional_a, REMOVED, changed_on=factories.days_ago(3))

    assert stressor.ended_on == factories.days_ago(3)


def test_stabilising_records_the_date_it_ended(family, professional_a):
    stressor = registered_days_ago(register(family.case, acting_user=professional_a), 20)

    stressor = _move(stressor, professional_a, STABILISED, changed_on=factories.days_ago(4))

    assert stressor.ended_on == factories.days_ago(4)


def test_tackling_a_stabilised_stressor_again_clears_its_end_date(family, professional_a):
    stressor = _move(register(family.case, acting_user=professional_a), professional_a, STABILISED)

    stressor = _move(stressor, professional_a, IN_PROGRESS)

    assert stressor.ended_on is None


def test_time_to_removal_counts_days_from_signalling_to_removal(family, professional_a):
    stressor = registered_days_ago(register(family.case, acting_user=professional_a), 30)
    stressor = _move(stressor, professional_a, IN_PROGRESS, changed_on=factories.days_ago(25))

    stressor = _move(stressor, professional_a, REMOVED, changed_on=factories.days_ago(5))

    assert stressor.days_to_removal == 25


def test_time_to_removal_counts_a_removal_after_stabilising(family, professional_a):
    stressor = registered_days_ago(register(family.case, acting_user=professional_a), 50)
    stressor = _move(stressor, professional_a, STABILISED, changed_on=factories.days_ago(40))

    stressor = _move(stressor, professional_a, REMOVED, changed_on=factories.days_ago(10))

    assert stressor.days_to_removal == 40


@pytest.mark.parametrize("status", [SIGNALLED, IN_PROGRESS, STABILISED])
def test_time_to_removal_is_unknown_until_removed(family, professional_a, status):
    stressor = registered_days_ago(register(family.case, acting_user=professional_a), 30)

    stressor = _move(stressor, professional_a, *PATH_TO[status])

    assert stressor.days_to_removal is None


# --- Closed cases ---------------------------------------------------------------------------


def test_stressor_in_a_closed_case_can_no_longer_be_updated(family, professional_a):
    stressor = register(family.case, acting_user=professional_a, severity=2)
    _close(family.case, professional_a)
    before = snapshot("stressors")

    with pytest.raises(ValidationError):
        services.stressor_update(acting_user=professional_a, stressor=stressor, severity=3)

    assert snapshot("stressors") == before


def test_stressor_in_a_closed_case_can_no_longer_change_status(family, professional_a):
    stressor = register(family.case, acting_user=professional_a)
    _close(family.case, professional_a)
    before = snapshot("stressors")

    with pytest.raises(ValidationError):
        _move(stressor, professional_a, REMOVED)

    assert snapshot("stressors") == before

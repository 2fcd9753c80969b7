from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from accounts.models import User
from cases import services
from cases.constants import (
    CaseOutcome,
    CaseStatus,
    GoalStatus,
    HelpKind,
    HouseholdRole,
    JournalKind,
    LifeDomain,
    ScalingLevel,
)
from cases.models import (
    Case,
    CaseStatusChange,
    Goal,
    Household,
    HouseholdMember,
    Intervention,
    Involvement,
    JournalEntry,
    Resident,
    ScalingChange,
    SupportPlan,
)
from cases.selectors import case_total_cost

from .factories import OrganisationFactory, TariffFactory, days_ago, resident


def _error_codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


def _reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _walk_to(case: Case, user: User, *statuses: str) -> Case:
    for status in statuses:
        case = services.case_change_status(
            acting_user=user, case=case, expected_version=case.version, to_status=status
        )
    return case


# --- Case reference -------------------------------------------------------------------------


def test_case_reference_counts_up_per_year(make_case):
    this_year = timezone.localdate().year

    first = make_case(reported_on=date(this_year, 1, 1))
    second = make_case(reported_on=date(this_year, 1, 1))
    last_year = make_case(reported_on=date(this_year - 1, 6, 1))

    assert first.reference == f"{this_year}-000001"
    assert second.reference == f"{this_year}-000002"
    assert last_year.reference == f"{this_year - 1}-000001"


def test_opening_a_case_starts_plan_scaling_and_status_log(case, professional_a):
    assert case.status == CaseStatus.REGISTERED
    assert SupportPlan.objects.filter(case=case).exists()
    assert list(case.scaling_changes.values_list("from_level", "to_level")) == [
        (None, ScalingLevel.WIJKTEAM)
    ]
    assert list(case.status_changes.values_list("from_status", "to_status", "changed_by")) == [
        ("", CaseStatus.REGISTERED, professional_a.pk)
    ]


# --- Status workflow ------------------------------------------------------------------------


def test_status_moves_one_step_forward_and_is_logged(case, professional_a):
    case = _walk_to(case, professional_a, CaseStatus.INTAKE)

    assert _reload(case).status == CaseStatus.INTAKE
    assert case.status_changes.last().from_status == CaseStatus.REGISTERED
    assert case.status_changes.last().to_status == CaseStatus.INTAKE


def test_status_cannot_skip_steps(case, professional_a):
    with pytest.raises(ValidationError) as exc:
        services.case_change_status(
            acting_user=professional_a,
            case=case,
            expected_version=case.version,
            to_status=CaseStatus.EXECUTION,
        )

    assert set(exc.value.error_dict) == {"to_status"}
    assert _reload(case).status == CaseStatus.REGISTERED
    assert case.status_changes.count() == 1


def test_evaluation_may_lead_to_another_round_of_execution(case, professional_a):
    case = _walk_to(
        case,
        professional_a,
        CaseStatus.INTAKE,
        CaseStatus.PLAN,
        CaseStatus.EXECUTION,
        CaseStatus.EVALUATION,
        CaseStatus.EXECUTION,
    )

    assert _reload(case).status == CaseStatus.EXECUTION


def test_closing_with_outcome_records_outcome_and_date(case, professional_a):
    services.case_change_status(
        acting_user=professional_a,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )

    closed = _reload(case)
    assert closed.status == CaseStatus.CLOSED
    assert closed.outcome == CaseOutcome.INFORMAL
    assert closed.closed_on == timezone.localdate()


def test_closing_without_outcome_is_refused_and_changes_nothing(case, professional_a):
    before = _reload(case)

    with pytest.raises(ValidationError) as exc:
        services.case_change_status(
            acting_user=professional_a,
            case=case,
            expected_version=case.version,
            to_status=CaseStatus.CLOSED,
        )

    assert set(exc.value.error_dict) == {"outcome"}
    after = _reload(case)
    assert (after.status, after.outcome, after.closed_on, after.version) == (
        before.status,
        before.outcome,
        before.closed_on,
        before.version,
    )
    assert case.status_changes.count() == 1
    assert case.history.count() == 1


def test_closing_before_the_report_date_is_refused(case, professional_a):
    with pytest.raises(ValidationError) as exc:
        services.case_change_status(
            acting_user=professional_a,
            case=case,
            expected_version=case.version,
            to_status=CaseStatus.CLOSED,
            outcome=CaseOutcome.MOVED,
            changed_on=case.reported_on - timedelta(days=1),
        )

    assert set(exc.value.error_dict) == {"changed_on"}
    assert _reload(case).status == CaseStatus.REGISTERED


def test_status_step_cannot_be_dated_before_the_previous_step(case, professional_a):
    case = services.case_change_status(
        acting_user=professional_a,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.INTAKE,
        changed_on=days_ago(2),
    )

    with pytest.raises(ValidationError) as exc:
        services.case_change_status(
            acting_user=professional_a,
            case=case,
            expected_version=case.version,
            to_status=CaseStatus.PLAN,
            changed_on=days_ago(3),
        )

    assert set(exc.value.error_dict) == {"changed_on"}
    assert _reload(case).status == CaseStatus.INTAKE


def test_status_step_cannot_be_dated_in_the_future(case, professional_a):
    with pytest.raises(ValidationError) as exc:
        services.case_change_status(
            acting_user=professional_a,
            case=case,
            expected_version=case.version,
            to_status=CaseStatus.INTAKE,
            changed_on=timezone.localdate() + timedelta(days=1),
        )

    assert set(exc.value.error_dict) == {"changed_on"}
    assert _reload(case).status == CaseStatus.REGISTERED


def test_closing_on_an_earlier_date_records_that_date(case, professional_a):
    services.case_change_status(
        acting_user=professional_a,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.MOVED,
        changed_on=days_ago(1),
    )

    assert _reload(case).closed_on == days_ago(1)
    assert case.status_changes.last().changed_on == days_ago(1)


def test_closed_case_cannot_be_reopened(case, professional_a):
    case = services.case_change_status(
        acting_user=professional_a,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.MOVED,
    )

    with pytest.raises(ValidationError):
        _walk_to(case, professional_a, CaseStatus.INTAKE)
    assert _reload(case).status == CaseStatus.CLOSED


def _closed(case, user):
    return services.case_change_status(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.MOVED,
    )


CLOSED_CASE_WRITES = {
    "case_update": lambda case, user: services.case_update(
        acting_user=user, case=case, expected_version=case.version, question="Herschreven"
    ),
    "case_assign_coordinator": lambda case, user: services.case_assign_coordinator(
        acting_user=user, case=case, expected_version=case.version, coordinator=None
    ),
    "case_change_scaling": lambda case, user: services.case_change_scaling(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_level=ScalingLevel.SPECIALIST,
        reason="Crisis",
    ),
    "journal_entry_add": lambda case, user: services.journal_entry_add(
        acting_user=user,
        case=case,
        kind=JournalKind.NOTE,
        occurred_at=timezone.now() - timedelta(minutes=5),
        summary="Na afsluiting",
    ),
    "involvement_add": lambda case, user: _involvement(case, user),
    "support_plan_update": lambda case, user: services.support_plan_update(
        acting_user=user, plan=_plan(case), summary="Na afsluiting"
    ),
    "goal_add": lambda case, user: _goal(case, user),
    "intervention_add": lambda case, user: services.intervention_add(
        acting_user=user,
        case=case,
        tariff=TariffFactory(),
        start_date=days_ago(1),
        quantity=Decimal("1"),
    ),
}


@pytest.mark.parametrize("write", CLOSED_CASE_WRITES.values(), ids=CLOSED_CASE_WRITES.keys())
def test_nothing_changes_in_a_closed_case(write, case, professional_a):
    case = _closed(case, professional_a)
    history_before = case.history.count()

    with pytest.raises(ValidationError) as exc:
        write(case, professional_a)

    assert _error_codes(exc.value) == {"closed"}
    closed = _reload(case)
    assert (closed.status, closed.coordinator, closed.version) == (
        CaseStatus.CLOSED,
        professional_a,
        case.version,
    )
    assert closed.history.count() == history_before
    assert not JournalEntry.objects.exists()
    assert not Involvement.objects.exists()
    assert not Goal.objects.exists()
    assert not Intervention.objects.exists()
    assert _plan(case).summary == ""


# --- Optimistic locking ---------------------------------------------------------------------


def test_stale_version_is_refused(case, professional_a, teamleider_a):
    version_both_forms_were_filled_in_on = case.version
    services.case_update(
        acting_user=professional_a,
        case=case,
        expected_version=version_both_forms_were_filled_in_on,
        question="Eerste bewerking",
    )

    with pytest.raises(ValidationError) as exc:
        services.case_update(
            acting_user=teamleider_a,
            case=case,
            expected_version=version_both_forms_were_filled_in_on,
            question="Tweede bewerking",
        )

    assert _error_codes(exc.value) == {"stale"}
    assert _reload(case).question == "Eerste bewerking"


def _sub_records(case, user):
    """Each record that is edited on its own form, with its update service and one field."""
    involvement = _involvement(case, user)
    goal = _goal(case, user)
    return {
        "resident": (case.primary_resident, services.resident_update, "resident", "phone"),
        "household": (case.household, services.household_update, "household", "street"),
        "involvement": (involvement, services.involvement_update, "involvement", "note"),
        "support_plan": (_plan(case), services.support_plan_update, "plan", "summary"),
        "goal": (goal, services.goal_update, "goal", "who"),
    }


@pytest.mark.parametrize("record", ["resident", "household", "involvement", "support_plan", "goal"])
def test_stale_edit_of_a_case_record_is_refused(record, case, professional_a, teamleider_a):
    instance, update, argument, field = _sub_records(case, professional_a)[record]
    seen = services.latest_history_id(instance)
    update(
        acting_user=professional_a, seen_history_id=seen, **{argument: instance, field: "Eerste"}
    )

    with pytest.raises(ValidationError) as exc:
        update(
            acting_user=teamleider_a, seen_history_id=seen, **{argument: instance, field: "Tweede"}
        )

    assert _error_codes(exc.value) == {"stale"}
    instance.refresh_from_db()
    assert getattr(instance, field) == "Eerste"


def test_every_change_to_the_case_record_raises_its_version(case, professional_a):
    start = case.version

    case = services.case_update(
        acting_user=professional_a, case=case, expected_version=start, source_detail="Dr. Jansen"
    )
    case = _walk_to(case, professional_a, CaseStatus.INTAKE)
    services.case_change_scaling(
        acting_user=professional_a,
        case=case,
        expected_version=case.version,
        to_level=ScalingLevel.SPECIALIST,
        reason="GGZ-crisis",
    )

    assert _reload(case).version == start + 3


# --- Coordinator ----------------------------------------------------------------------------


def test_coordinator_from_other_team_is_refused(team_a, professional_a, professional_b):
    person = resident(acting_user=professional_a)
    home = services.household_register(
        acting_user=professional_a,
        street="Kerkstraat",
        house_number=1,
        postcode="1234 AB",
        city="Den Bosch",
        members=[(person, HouseholdRole.HEAD)],
    )

    with pytest.raises(ValidationError) as exc:
        services.case_open(
            acting_user=professional_a,
            household=home,
            primary_resident=person,
            team=team_a,
            source="huisarts",
            question="Schulden",
            coordinator=professional_b,
        )

    assert set(exc.value.error_dict) == {"coordinator"}
    assert not Case.objects.exists()


def test_coordinator_reassigned_to_other_team_is_refused(case, teamleider_a, professional_b):
    with pytest.raises(ValidationError) as exc:
        services.case_assign_coordinator(
            acting_user=teamleider_a,
            case=case,
            expected_version=case.version,
            coordinator=professional_b,
        )

    assert set(exc.value.error_dict) == {"coordinator"}
    assert _reload(case).coordinator_id == case.coordinator_id


def test_user_without_casework_role_cannot_coordinate(case, teamleider_a, privacy_officer, team_a):
    privacy_officer.team = team_a
    privacy_officer.save()

    with pytest.raises(ValidationError) as exc:
        services.case_assign_coordinator(
            acting_user=teamleider_a,
            case=case,
            expected_version=case.version,
            coordinator=privacy_officer,
        )

    assert set(exc.value.error_dict) == {"coordinator"}


# --- Residents and households ---------------------------------------------------------------


def test_bsn_must_be_unique(professional_a, colleague_a):
    resident(acting_user=professional_a, bsn="111222333")

    with pytest.raises(ValidationError) as exc:
        resident(acting_user=colleague_a, bsn="111222333")

    assert "bsn" in exc.value.error_dict
    assert Resident.objects.filter(bsn="111222333").count() == 1


def test_bsn_of_other_resident_cannot_be_given_on_update(professional_a):
    resident(acting_user=professional_a, bsn="111222333")
    other = resident(acting_user=professional_a, bsn="123456782")

    with pytest.raises(ValidationError) as exc:
        services.resident_update(acting_user=professional_a, resident=other, bsn="111222333")

    assert "bsn" in exc.value.error_dict
    other.refresh_from_db()
    assert other.bsn == "123456782"


def test_residents_without_bsn_do_not_clash(professional_a):
    resident(acting_user=professional_a)
    resident(acting_user=professional_a)

    assert Resident.objects.filter(bsn="").count() == 2


def test_invalid_bsn_is_refused(professional_a):
    with pytest.raises(ValidationError) as exc:
        resident(acting_user=professional_a, bsn="123456789")

    assert "bsn" in exc.value.error_dict
    assert not Resident.objects.exists()


def test_primary_resident_must_be_household_member(team_a, professional_a):
    member = resident(acting_user=professional_a)
    outsider = resident(acting_user=professional_a)
    home = services.household_register(
        acting_user=professional_a,
        street="Kerkstraat",
        house_number=1,
        postcode="1234 AB",
        city="Den Bosch",
        members=[(member, HouseholdRole.HEAD)],
    )

    with pytest.raises(ValidationError) as exc:
        services.case_open(
            acting_user=professional_a,
            household=home,
            primary_resident=outsider,
            team=team_a,
            source="huisarts",
            question="Schulden",
            coordinator=professional_a,
        )

    assert set(exc.value.error_dict) == {"primary_resident"}
    assert not Case.objects.exists()


def test_household_has_at_most_one_head(professional_a):
    head = resident(acting_user=professional_a)
    second = resident(acting_user=professional_a)
    home = services.household_register(
        acting_user=professional_a,
        street="Kerkstraat",
        house_number=1,
        postcode="1234 AB",
        city="Den Bosch",
        members=[(head, HouseholdRole.HEAD)],
    )

    with pytest.raises(ValidationError) as exc:
        services.household_add_member(
            acting_user=professional_a, household=home, resident=second, role=HouseholdRole.HEAD
        )

    assert set(exc.value.error_dict) == {"role"}
    assert home.memberships.count() == 1


def test_household_with_invalid_postcode_is_refused_and_not_saved(professional_a):
    with pytest.raises(ValidationError) as exc:
        services.household_register(
            acting_user=professional_a,
            street="Kerkstraat",
            house_number=1,
            postcode="1234 SS",
            city="Den Bosch",
        )

    assert "postcode" in exc.value.error_dict
    assert not Household.objects.exists()


def test_household_postcode_is_stored_normalised(professional_a):
    home = services.household_register(
        acting_user=professional_a,
        street="Kerkstraat",
        house_number=1,
        postcode="1234AB",
        city="Den Bosch",
    )

    home.refresh_from_db()
    assert home.postcode == "1234 AB"


# --- Dates ----------------------------------------------------------------------------------


def _report_date_tomorrow(case, user):
    services.case_update(
        acting_user=user,
        case=case,
        expected_version=case.version,
        reported_on=timezone.localdate() + timedelta(days=1),
    )


def _journal_tomorrow(case, user):
    services.journal_entry_add(
        acting_user=user,
        case=case,
        kind=JournalKind.PHONE,
        occurred_at=timezone.now() + timedelta(days=1),
        summary="Telefoongesprek",
    )


def _involvement_from_tomorrow(case, user):
    services.involvement_add(
        acting_user=user,
        case=case,
        role="Bewindvoerder",
        organisation_other="Bewind B.V.",
        person_name="P. de Wit",
        since=timezone.localdate() + timedelta(days=1),
    )


@pytest.mark.parametrize(
    "write",
    [_report_date_tomorrow, _journal_tomorrow, _involvement_from_tomorrow],
    ids=["case-reported_on", "journal-occurred_at", "involvement-since"],
)
def test_future_dates_refused(write, case, professional_a):
    with pytest.raises(ValidationError) as exc:
        write(case, professional_a)

    assert "future" in _error_codes(exc.value)
    assert _reload(case).reported_on <= timezone.localdate()
    assert not JournalEntry.objects.exists()
    assert not Involvement.objects.exists()


def test_case_reported_in_the_future_is_not_opened(make_case):
    with pytest.raises(ValidationError) as exc:
        make_case(reported_on=timezone.localdate() + timedelta(days=1))

    assert "future" in _error_codes(exc.value)
    assert not Case.objects.exists()
    assert make_case().reference.endswith("-000001")


def test_journal_entry_before_the_report_is_refused(case, professional_a):
    with pytest.raises(ValidationError):
        services.journal_entry_add(
            acting_user=professional_a,
            case=case,
            kind=JournalKind.HOME_VISIT,
            occurred_at=timezone.now() - timedelta(days=30),
            summary="Huisbezoek",
        )

    assert not JournalEntry.objects.exists()


def test_involvement_ending_before_it_started_is_refused(case, professional_a):
    with pytest.raises(ValidationError) as exc:
        services.involvement_add(
            acting_user=professional_a,
            case=case,
            role="Ambulant begeleider",
            organisation_other="Zorg Zuid",
            person_name="A. Yilmaz",
            since=days_ago(2),
            until=days_ago(5),
        )

    assert "until" in exc.value.error_dict


# --- Interventions and cost -----------------------------------------------------------------


def test_intervention_copies_tariff_price(case, professional_a):
    tariff = TariffFactory(price=Decimal("80.00"))
    intervention = services.intervention_add(
        acting_user=professional_a,
        case=case,
        tariff=tariff,
        start_date=days_ago(3),
        quantity=Decimal("10"),
    )

    tariff.price = Decimal("120.00")
    tariff.save()

    intervention.refresh_from_db()
    assert intervention.unit_price == Decimal("80.00")
    assert intervention.cost == Decimal("800.00")


def test_inactive_tariff_cannot_be_used(case, professional_a):
    tariff = TariffFactory(is_active=False)

    with pytest.raises(ValidationError):
        services.intervention_add(
            acting_user=professional_a,
            case=case,
            tariff=tariff,
            start_date=days_ago(3),
            quantity=Decimal("1"),
        )

    assert not Intervention.objects.exists()


def test_case_total_cost(make_case, professional_a):
    case = make_case()
    other_case = make_case()
    coaching = TariffFactory(price=Decimal("62.50"))
    train_pass = TariffFactory(price=Decimal("3000.00"))
    for target, tariff, quantity in [
        (case, coaching, Decimal("1.5")),
        (case, train_pass, Decimal("1")),
        (other_case, train_pass, Decimal("4")),
    ]:
        services.intervention_add(
            acting_user=professional_a,
            case=target,
            tariff=tariff,
            start_date=days_ago(3),
            quantity=quantity,
        )

    assert case_total_cost(case) == Decimal("3093.75")


def test_case_without_interventions_costs_nothing(case):
    assert case_total_cost(case) == Decimal("0.00")


# --- Scaling --------------------------------------------------------------------------------


def test_scaling_change_recorded_with_direction(case, professional_a):
    up = services.case_change_scaling(
        acting_user=professional_a,
        case=case,
        expected_version=case.version,
        to_level=ScalingLevel.SPECIALIST,
        reason="Psychose, opname nodig",
    )
    down = services.case_change_scaling(
        acting_user=professional_a,
        case=_reload(case),
        expected_version=_reload(case).version,
        to_level=ScalingLevel.GENERAL,
        reason="Stabiel, buurthuis",
    )

    assert [c.direction for c in case.scaling_changes.all()] == ["start", "op", "af"]
    assert (up.from_level, up.to_level) == (ScalingLevel.WIJKTEAM, ScalingLevel.SPECIALIST)
    assert (down.from_level, down.to_level) == (ScalingLevel.SPECIALIST, ScalingLevel.GENERAL)
    assert _reload(case).scaling_level == ScalingLevel.GENERAL


def test_scaling_to_the_same_level_is_refused(case, professional_a):
    with pytest.raises(ValidationError) as exc:
        services.case_change_scaling(
            acting_user=professional_a,
            case=case,
            expected_version=case.version,
            to_level=case.scaling_level,
            reason="Geen verandering",
        )

    assert set(exc.value.error_dict) == {"to_level"}
    assert case.scaling_changes.count() == 1


# --- History --------------------------------------------------------------------------------


def _plan(case):
    return SupportPlan.objects.get(case=case)


def _goal(case, user):
    return services.goal_add(
        acting_user=user,
        plan=_plan(case),
        life_domain=LifeDomain.FINANCES,
        description="Huurachterstand onder controle",
        help_kind=HelpKind.GENERAL_PROVISION,
        who="Schuldhulp",
    )


def _involvement(case, user):
    return services.involvement_add(
        acting_user=user,
        case=case,
        role="Wijkagent",
        organisation=OrganisationFactory(),
        person_name="R. Bos",
        since=days_ago(3),
    )


# Every service write, done by someone other than the professional who built the case.
SERVICE_WRITES = {
    "resident_register": lambda case, user: resident(acting_user=user),
    "resident_update": lambda case, user: services.resident_update(
        acting_user=user, resident=case.primary_resident, phone="0612345678"
    ),
    "household_register": lambda case, user: services.household_register(
        acting_user=user, street="Laan", house_number=2, postcode="5211 AB", city="Den Bosch"
    ),
    "household_update": lambda case, user: services.household_update(
        acting_user=user, household=case.household, house_number_suffix="A"
    ),
    "household_register_member": lambda case, user: services.household_register_member(
        acting_user=user,
        household=case.household,
        role=HouseholdRole.CHILD,
        first_name="Noor",
        last_name="Jansen",
    ),
    "case_open": lambda case, user: services.case_open(
        acting_user=user,
        # A household has one open case at a time; the resident moved to a new address.
        household=services.household_register(
            acting_user=user,
            street="Nieuwstraat",
            house_number=3,
            postcode="1234 AB",
            city="Demodam",
            members=[(case.primary_resident, HouseholdRole.HEAD)],
        ),
        primary_resident=case.primary_resident,
        team=case.team,
        source="zelf",
        question="Tweede melding",
    ),
    "case_update": lambda case, user: services.case_update(
        acting_user=user, case=case, expected_version=case.version, source_detail="Buurvrouw"
    ),
    "case_change_status": lambda case, user: services.case_change_status(
        acting_user=user, case=case, expected_version=case.version, to_status=CaseStatus.INTAKE
    ),
    "case_assign_coordinator": lambda case, user: services.case_assign_coordinator(
        acting_user=user, case=case, expected_version=case.version, coordinator=None
    ),
    "case_change_scaling": lambda case, user: services.case_change_scaling(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_level=ScalingLevel.SPECIALIST,
        reason="Crisis",
    ),
    "involvement_add": _involvement,
    "involvement_update": lambda case, user: services.involvement_update(
        acting_user=user, involvement=_involvement(case, user), note="Belt elke maandag"
    ),
    "journal_entry_add": lambda case, user: services.journal_entry_add(
        acting_user=user,
        case=case,
        kind=JournalKind.CONVERSATION,
        occurred_at=timezone.now() - timedelta(hours=1),
        summary="Gesprek over de post",
    ),
    "support_plan_update": lambda case, user: services.support_plan_update(
        acting_user=user, plan=_plan(case), summary="Rust in de financiën"
    ),
    "goal_add": _goal,
    "goal_update": lambda case, user: services.goal_update(
        acting_user=user, goal=_goal(case, user), status=GoalStatus.IN_PROGRESS
    ),
    "intervention_add": lambda case, user: services.intervention_add(
        acting_user=user,
        case=case,
        tariff=TariffFactory(),
        start_date=days_ago(1),
        quantity=Decimal("2"),
    ),
}


@pytest.mark.parametrize("write", SERVICE_WRITES.values(), ids=SERVICE_WRITES.keys())
def test_history_records_acting_user(write, case, teamleider_a):
    instance = write(case, teamleider_a)

    assert instance.history.first().history_user == teamleider_a


def test_history_of_case_open_records_acting_user_on_everything_it_creates(case, professional_a):
    for record in (case, _plan(case), case.scaling_changes.get()):
        assert record.history.first().history_user == professional_a, record


@pytest.mark.parametrize(
    "model",
    [
        Resident,
        Household,
        HouseholdMember,
        Case,
        Involvement,
        JournalEntry,
        SupportPlan,
        Goal,
        Intervention,
        ScalingChange,
        User,
    ],
    ids=lambda m: m.__name__,
)
def test_every_personal_data_model_has_history(model):
    get_history_model_for_model(model)


def test_status_changes_are_kept_for_throughput_times(case, professional_a):
    _walk_to(case, professional_a, CaseStatus.INTAKE, CaseStatus.PLAN)

    steps = CaseStatusChange.objects.filter(case=case).values_list("to_status", flat=True)
    assert list(steps) == [CaseStatus.REGISTERED, CaseStatus.INTAKE, CaseStatus.PLAN]


def test_goal_belongs_to_the_case_plan(case, professional_a):
    goal = _goal(case, professional_a)

    assert Goal.objects.get(pk=goal.pk).plan.case == case


# --- Error codes ----------------------------------------------------------------------------


def _skip_a_step(case, user, **_):
    services.case_change_status(
        acting_user=user, case=case, expected_version=case.version, to_status=CaseStatus.PLAN
    )


def _close_without_outcome(case, user, **_):
    services.case_change_status(
        acting_user=user, case=case, expected_version=case.version, to_status=CaseStatus.CLOSED
    )


def _coordinator_of_other_team(case, user, other_team_professional):
    services.case_assign_coordinator(
        acting_user=user,
        case=case,
        expected_version=case.version,
        coordinator=other_team_professional,
    )


def _taken_bsn(case, user, **_):
    resident(acting_user=user, bsn="111222333")
    resident(acting_user=user, bsn="111222333")


@pytest.mark.parametrize(
    ("refusal", "code"),
    [
        (_skip_a_step, "transition"),
        (_close_without_outcome, "outcome_required"),
        (_coordinator_of_other_team, "coordinator_team"),
        (_taken_bsn, "bsn_taken"),
    ],
    ids=["transition", "outcome_required", "coordinator_team", "bsn_taken"],
)
def test_refusals_carry_their_error_code(refusal, code, case, professional_a, professional_b):
    """Callers (views, a future API) tell refusals apart by code, not by Dutch text."""
    with pytest.raises(ValidationError) as exc:
        refusal(case, professional_a, other_team_professional=professional_b)

    assert _error_codes(exc.value) == {code}


def test_second_open_case_for_a_household_is_refused(make_case, professional_a):
    case = make_case()

    with pytest.raises(ValidationError) as refused:
        services.case_open(
            acting_user=professional_a,
            household=case.household,
            primary_resident=case.primary_resident,
            team=case.team,
            source="zelf",
            question="Nog een melding",
        )

    assert refused.value.error_dict["primary_resident"][0].code == "household_has_open_case"
    assert case.household.cases.count() == 1


def test_involved_colleague_cannot_give_another_colleague_access(
    make_case, professional_a, colleague_a, professional_b
):
    case = make_case(coordinator=professional_a)
    services.involvement_add(
        acting_user=professional_a,
        case=case,
        role="begeleider",
        since=timezone.localdate(),
        user=colleague_a,
        organisation_other="GGZ",
    )

    with pytest.raises(ValidationError) as refused:
        services.involvement_add(
            acting_user=colleague_a,
            case=case,
            role="buurtwerker",
            since=timezone.localdate(),
            user=professional_b,
            organisation_other="Welzijn",
        )

    assert refused.value.error_dict["user"][0].code == "grant_not_allowed"
    assert not case.involvements.filter(user=professional_b).exists()


def test_involved_colleague_can_add_an_external_contact(make_case, professional_a, colleague_a):
    case = make_case(coordinator=professional_a)
    services.involvement_add(
        acting_user=professional_a,
        case=case,
        role="begeleider",
        since=timezone.localdate(),
        user=colleague_a,
        organisation_other="GGZ",
    )

    services.involvement_add(
        acting_user=colleague_a,
        case=case,
        role="bewindvoerder",
        since=timezone.localdate(),
        person_name="M. de Wit",
        organisation_other="Bewind BV",
    )

    assert case.involvements.filter(person_name="M. de Wit").exists()

"""Retention of closed cases: the retention date per regime, the dry run, the purge with its
history rows and tombstone, legal hold, the nightly task, the commands and the pages.

Cases are built through the services with everything that can hang off a case, closed
today, and then judged on a later day (`today=`), as the nightly run would see them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.constants import (
    CaseOutcome,
    CaseRegime,
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
    CaseGroupObjectPermission,
    CaseTombstone,
    CaseUserObjectPermission,
    Household,
    HouseholdMember,
    JournalEntry,
    Resident,
)
from doorbraak import services as doorbraak_services
from doorbraak.constants import BarrierKind, PolicyDomain
from doorbraak.models import PolicySignal
from privacy import retention
from privacy.constants import (
    RETENTION_DEFAULTS,
    AccessAction,
    AccessReason,
    LegalBasis,
    RemovalReason,
    ReviewKind,
)
from privacy.models import AccessLog, EmergencyAccess, RetentionRule, ReviewItem
from privacy.services import access_log_record, data_share_record, review_item_open
from stability.services import assessment_record
from stressors.constants import StressorStatus
from stressors.models import StressorType
from stressors.services import stressor_change_status, stressor_register
from tests.cases import factories
from tests.doorbraak.conftest import consent_of, in_days, meeting_on, place

# --- Building a case with everything that can hang off it -----------------------------------


@dataclass
class Built:
    case: Case
    head: Resident
    child: Resident
    # Every record that belongs to the case, per model, by id: what the purge must remove.
    ids: dict[type[models.Model], set[int]] = field(default_factory=dict)

    def add(self, *objs) -> None:
        for obj in objs:
            self.ids.setdefault(type(obj)._meta.concrete_model, set()).add(obj.pk)


def close(case: Case, user, on: date | None = None) -> Case:
    case.refresh_from_db()
    return case_services.case_change_status(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
        changed_on=on,
    )


def build_full_case(
    *, professional, teamleider, outsider, team, regime=CaseRegime.WIJKTEAM, closed=True
) -> Built:
    """A case of a two-person household with journal entries (one deleted again, whose history
    rows remain), a plan with a goal, an intervention, an involvement, a scaling change, a
    stressor with a status change, stability and ZRM assessments, a consent and a data share,
    a doorbraaktafel item shared on consent with a structural breakthrough and an action, an
    emergency access and a review item; closed today unless `closed=False`."""
    head = factories.resident(
        acting_user=professional, first_name="Fatima", last_name="Ouali", bsn="111222333"
    )
    child = factories.resident(acting_user=professional, first_name="Noor", last_name="Ouali")
    case = factories.case(
        acting_user=professional,
        team=team,
        coordinator=professional,
        residents=[head, child],
        regime=regime,
    )
    built = Built(case=case, head=head, child=child)
    built.add(case, head, child, case.household, case.support_plan)
    built.add(*HouseholdMember.objects.filter(household=case.household))
    built.add(*case.status_changes.all(), *case.scaling_changes.all())

    moment = timezone.now() - timedelta(hours=1)
    entry = case_services.journal_entry_add(
        acting_user=professional,
        case=case,
        kind=JournalKind.HOME_VISIT,
        occurred_at=moment,
        summary="Huisbezoek",
        text="Post doorgenomen met mevrouw Ouali.",
    )
    gone = case_services.journal_entry_add(
        acting_user=professional,
        case=case,
        kind=JournalKind.NOTE,
        occurred_at=moment,
        summary="Vergissing",
        text="Hoort bij een ander dossier.",
    )
    built.add(entry, gone)
    gone.delete()  # deleted long ago: its history rows still carry the case's id

    goal = case_services.goal_add(
        acting_user=professional,
        plan=case.support_plan,
        life_domain=LifeDomain.FINANCES,
        description="Huurachterstand is geregeld",
        help_kind=HelpKind.GENERAL_PROVISION,
        who="Inwoner met schuldhulp",
        status=GoalStatus.OPEN,
    )
    intervention = case_services.intervention_add(
        acting_user=professional,
        case=case,
        tariff=factories.TariffFactory(),
        start_date=factories.days_ago(3),
        quantity=Decimal("2"),
    )
    involvement = case_services.involvement_add(
        acting_user=professional,
        case=case,
        organisation_other="Schuldhulp Zuid",
        person_name="Ria de Wit",
        role="Schuldhulpverlener",
        since=factories.days_ago(5),
    )
    case.refresh_from_db()
    scaling = case_services.case_change_scaling(
        acting_user=professional,
        case=case,
        expected_version=case.version,
        to_level=ScalingLevel.SPECIALIST,
        reason="Psychische klachten",
    )
    stressor = stressor_register(
        acting_user=professional,
        case=case,
        resident=child,
        stressor_type=StressorType.objects.get(name="Schulden"),
        description="Boetes van het OV",
    )
    stressor_change_status(
        acting_user=professional, stressor=stressor, to_status=StressorStatus.IN_PROGRESS
    )
    stability, zrm = assessment_record(
        acting_user=professional,
        case=case,
        resident=head,
        assessed_on=timezone.localdate(),
        scores={"housing": 2, "finances": 1},
        zrm_scores={LifeDomain.FINANCES: 2},
    )
    consent = consent_of(head, recorded_by=professional)
    share = data_share_record(
        acting_user=professional,
        resident=head,
        case=case,
        recipient_organisation=factories.OrganisationFactory(),
        categories=["financien"],
        legal_basis=LegalBasis.CONSENT,
        consent=consent,
        purpose="Afspraak over de huurachterstand",
        channel="telefoon",
        shared_on=timezone.localdate(),
    )
    meeting = meeting_on(team, in_days(7))
    item = place(meeting, case, teamleider)
    item_share = doorbraak_services.item_share_with_partners(
        acting_user=teamleider, item=item, legal_basis=LegalBasis.CONSENT, consent=consent
    )
    breakthrough = doorbraak_services.breakthrough_record(
        acting_user=teamleider,
        item=item,
        barrier_kind=BarrierKind.RULE,
        barrier="Geen OV-jaarkaart uit bijzondere bijstand",
        decision="Jaarkaart uit het doorbraakbudget",
        mandate="Teamleider sociaal domein",
        cost_current_path=Decimal("50000"),
        cost_solution=Decimal("3000"),
        is_structural=True,
        signal_domain=PolicyDomain.WMO,
        signal_title="Vervoer",
        signal_description="Bijzondere bijstand dekt geen OV-jaarkaart.",
    )
    action = doorbraak_services.action_add(
        acting_user=teamleider,
        item=item,
        description="Jaarkaart aanvragen",
        due_date=in_days(14),
        owner=professional,
    )
    emergency = EmergencyAccess.objects.create(
        user=outsider,
        case=case,
        reason="Inwoner belde in paniek buiten kantoortijd.",
        expires_at=timezone.now() + timedelta(hours=8),
    )
    review_item_open(
        kind=ReviewKind.EMERGENCY,
        subject_user=outsider,
        summary="Noodtoegang",
        emergency_access=emergency,
        data_share=share,
    )
    built.add(goal, intervention, involvement, scaling, stressor, stability, zrm, consent, share)
    built.add(*stressor.status_changes.all(), *zrm.scores.all())
    built.add(item, item_share, breakthrough, action, emergency)
    built.add(*item.data_shares.all())
    built.add(*CaseUserObjectPermission.objects.filter(content_object=case))
    built.add(*CaseGroupObjectPermission.objects.filter(content_object=case))
    if closed:
        built.case = close(case, professional)
    else:
        case.refresh_from_db()
    return built


def history_models():
    return retention._history_models()


def history_rows_of(ids: dict[type[models.Model], set[int]]) -> list[str]:
    """Every history row, in every history model, that is a version of one of these records or
    points at one: what must be gone after the purge."""
    found = []
    for history, tracked in history_models():
        own = ids.get(tracked)
        if own and history.objects.filter(**{f"{tracked._meta.pk.attname}__in": own}).exists():
            found.append(f"{history.__name__}: own rows")
        for fk in retention._history_links(history):
            pointed = ids.get(fk.related_model._meta.concrete_model)
            if pointed and history.objects.filter(**{f"{fk.attname}__in": pointed}).exists():
                found.append(f"{history.__name__}.{fk.name}")
    return found


def dangling_history_links() -> list[str]:
    """History rows whose link points at a record that no longer exists."""
    found = []
    for history, _tracked in history_models():
        for fk in retention._history_links(history):
            target = fk.related_model
            rows = history.objects.filter(**{f"{fk.attname}__isnull": False}).exclude(
                **{f"{fk.attname}__in": target._base_manager.values("pk")}
            )
            if rows.exists():
                found.append(f"{history.__name__}.{fk.name}")
    return found


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def after_term(case: Case, days: int = 1) -> date:
    """A day `days` after the case's last day of retention."""
    case.refresh_from_db()
    return case.retain_until + timedelta(days=days)


@pytest.fixture
def built(professional_a, teamleider_a, professional_b, team_a) -> Built:
    return build_full_case(
        professional=professional_a, teamleider=teamleider_a, outsider=professional_b, team=team_a
    )


def closed_case(make_case, user, **fields) -> Case:
    return close(make_case(**fields), user)


# --- The retention date ---------------------------------------------------------------------


@pytest.mark.parametrize("regime", list(RETENTION_DEFAULTS))
def test_closing_a_case_sets_retention_date_from_its_regime(make_case, professional_a, regime):
    case = closed_case(make_case, professional_a, regime=regime)

    years = RETENTION_DEFAULTS[regime][0]
    today = timezone.localdate()
    assert case.retain_until == retention.add_years(today, years)
    assert Case.objects.get(pk=case.pk).retain_until == case.retain_until


def test_jeugdwet_file_is_kept_twenty_years_after_closing(db):
    case = Case(regime=CaseRegime.YOUTH, closed_on=date(2026, 3, 15))

    assert retention.retention_date_for(case) == date(2046, 3, 15)


def test_case_closed_on_leap_day_is_kept_until_first_of_march(db):
    case = Case(regime=CaseRegime.WIJKTEAM, closed_on=date(2024, 2, 29))

    assert retention.retention_date_for(case) == date(2029, 3, 1)


def test_leap_day_closing_with_a_leap_year_term_keeps_the_day():
    assert retention.add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_retention_rule_of_the_municipality_overrides_the_default(db):
    RetentionRule.objects.filter(regime=CaseRegime.WMO).update(years=7)
    case = Case(regime=CaseRegime.WMO, closed_on=date(2026, 1, 10))

    assert retention.retention_date_for(case) == date(2033, 1, 10)


def test_missing_rule_row_falls_back_to_the_documented_default(db):
    RetentionRule.objects.all().delete()
    case = Case(regime=CaseRegime.DEBT, closed_on=date(2026, 1, 10))

    assert retention.retention_date_for(case) == date(2036, 1, 10)


def test_closing_records_retention_date_in_the_same_change(make_case, professional_a):
    case = closed_case(make_case, professional_a)

    latest = case.history.order_by("-history_id").first()
    assert latest.status == CaseStatus.CLOSED
    assert latest.retain_until == case.retain_until


# --- The dry run ----------------------------------------------------------------------------


def test_dry_run_lists_exactly_the_expired_cases(make_case, professional_a, privacy_officer):
    expired = closed_case(make_case, professional_a)
    young = closed_case(make_case, professional_a, regime=CaseRegime.YOUTH)
    still_open = make_case(reported_on=factories.days_ago(3000))
    today = after_term(expired)

    listed = retention.retention_apply(dry_run=True, today=today)

    assert [c.reference for c in listed] == [expired.reference]
    assert young.reference not in [c.reference for c in listed]
    assert still_open.reference not in [c.reference for c in listed]


def test_case_is_not_listed_on_its_last_day_of_retention(make_case, professional_a):
    case = closed_case(make_case, professional_a)

    assert retention.retention_apply(dry_run=True, today=after_term(case, days=0)) == []


def test_dry_run_changes_nothing(built):
    today = after_term(built.case)
    before = row_counts()

    listed = retention.retention_apply(dry_run=True, today=today)

    assert [c.reference for c in listed] == [built.case.reference]
    assert row_counts() == before


def test_dry_run_counts_household_and_residents_that_go(built):
    (candidate,) = retention.retention_apply(dry_run=True, today=after_term(built.case))

    assert (candidate.households, candidate.residents) == (1, 2)
    assert candidate.team == built.case.team.name
    assert candidate.retain_until == built.case.retain_until


def test_dry_run_computes_retention_date_of_a_case_closed_before_dates_were_stored(
    make_case, professional_a
):
    case = closed_case(make_case, professional_a)
    Case.objects.filter(pk=case.pk).update(retain_until=None)
    expected = retention.add_years(case.closed_on, 5)

    on_last_day = retention.retention_apply(dry_run=True, today=expected)
    (candidate,) = retention.retention_apply(dry_run=True, today=expected + timedelta(days=1))

    assert on_last_day == []
    assert candidate.retain_until == expected


def test_cases_due_for_removal_leaves_out_cases_on_legal_hold(make_case, professional_a):
    due = closed_case(make_case, professional_a)
    held = closed_case(make_case, professional_a)
    Case.objects.filter(pk=held.pk).update(legal_hold_reason="Lopende klacht")

    result = retention.cases_due_for_removal(today=after_term(due))

    assert list(result) == [due]


# --- The purge ------------------------------------------------------------------------------


def test_purge_removes_the_case_and_everything_hanging_off_it(built):
    removed = retention.retention_apply(dry_run=False, today=after_term(built.case))

    assert [c.reference for c in removed] == [built.case.reference]
    left = {
        model._meta.label: model._base_manager.filter(pk__in=ids).count()
        for model, ids in built.ids.items()
    }
    assert left == dict.fromkeys(left, 0)


def test_purge_removes_every_history_row_of_what_it_removed(built):
    assert history_rows_of(built.ids)  # the case's records had history to begin with
    retention.retention_apply(dry_run=False, today=after_term(built.case))

    assert history_rows_of(built.ids) == []


def test_purge_removes_history_of_a_record_deleted_before(built):
    deleted = JournalEntry.history.filter(summary="Vergissing")
    assert deleted.exists()

    retention.retention_apply(dry_run=False, today=after_term(built.case))

    assert not deleted.exists()


def test_purge_leaves_no_history_row_pointing_at_a_removed_record(built):
    retention.retention_apply(dry_run=False, today=after_term(built.case))

    assert dangling_history_links() == []


def test_purge_keeps_records_linked_by_set_null_and_clears_their_links(built):
    retention.retention_apply(dry_run=False, today=after_term(built.case))

    signal = PolicySignal.objects.get()
    reviews = ReviewItem.objects.all()
    assert signal.breakthrough_id is None
    assert reviews.filter(kind=ReviewKind.EMERGENCY).exists()
    assert set(reviews.values_list("data_share_id", "emergency_access_id")) == {(None, None)}
    assert not signal.history.filter(breakthrough_id__isnull=False).exists()


def test_purge_writes_an_anonymous_tombstone(built):
    case = built.case
    retention.retention_apply(dry_run=False, today=after_term(case))

    tombstone = CaseTombstone.objects.get()
    assert {f.name for f in CaseTombstone._meta.concrete_fields} == {
        "id",
        "reference",
        "team",
        "regime",
        "source",
        "reported_on",
        "closed_on",
        "outcome",
        "removed_on",
        "removal_reason",
    }
    assert (tombstone.reference, tombstone.team_id, tombstone.regime) == (
        case.reference,
        case.team_id,
        case.regime,
    )
    assert (tombstone.reported_on, tombstone.closed_on, tombstone.outcome) == (
        case.reported_on,
        case.closed_on,
        case.outcome,
    )
    assert tombstone.removal_reason == RemovalReason.RETENTION
    assert tombstone.removed_on == timezone.localdate()


def test_tombstone_holds_no_personal_data(built):
    retention.retention_apply(dry_run=False, today=after_term(built.case))

    values = " ".join(str(v) for v in CaseTombstone.objects.values().get().values())
    for personal in ("Fatima", "Ouali", "Noor", "111222333", "Huurachterstand"):
        assert personal not in values


def test_purge_keeps_household_and_residents_still_in_another_case(
    make_case, professional_a, team_a
):
    old = closed_case(make_case, professional_a)
    newer = case_services.case_open(
        acting_user=professional_a,
        household=old.household,
        primary_resident=old.primary_resident,
        team=team_a,
        source="huisarts",
        question="Opnieuw aangemeld.",
    )
    share = data_share_record(
        acting_user=professional_a,
        resident=old.primary_resident,
        case=old,
        recipient_organisation=factories.OrganisationFactory(),
        categories=["contact"],
        legal_basis=LegalBasis.LEGAL_TASK,
        legal_article="Wmo 2015 art. 5.2.1",
        purpose="Overdracht",
        channel="telefoon",
        shared_on=timezone.localdate(),
    )

    retention.retention_apply(dry_run=False, today=after_term(old))

    assert not Case.objects.filter(pk=old.pk).exists()
    assert Case.objects.filter(pk=newer.pk).exists()
    assert Household.objects.filter(pk=old.household_id).exists()
    assert Resident.objects.filter(pk=old.primary_resident_id).exists()
    assert not type(share).objects.filter(pk=share.pk).exists()
    assert Resident.history.filter(id=old.primary_resident_id).exists()


def test_purge_keeps_a_resident_who_is_in_another_households_case(make_case, professional_a):
    shared = factories.resident(acting_user=professional_a)
    old = closed_case(make_case, professional_a, residents=[shared])
    other = make_case(residents=[factories.resident(acting_user=professional_a)])
    case_services.household_add_member(
        acting_user=professional_a,
        household=other.household,
        resident=shared,
        role=HouseholdRole.RELATIVE,
    )

    retention.retention_apply(dry_run=False, today=after_term(old))

    assert not Household.objects.filter(pk=old.household_id).exists()
    assert Resident.objects.filter(pk=shared.pk).exists()
    assert HouseholdMember.objects.filter(household=other.household, resident=shared).exists()


def test_purge_removes_household_and_residents_in_no_other_case(built):
    retention.retention_apply(dry_run=False, today=after_term(built.case))

    assert not Household.objects.filter(pk=built.case.household_id).exists()
    assert not Resident.objects.filter(pk__in=[built.head.pk, built.child.pk]).exists()


def test_access_log_entries_survive_the_purge(built, professional_a):
    entry = access_log_record(
        user=professional_a,
        action=AccessAction.VIEW,
        reason=AccessReason.COORDINATOR,
        case=built.case,
        resident_ids=[built.head.pk, built.child.pk],
    )
    count = AccessLog.objects.count()

    retention.retention_apply(dry_run=False, today=after_term(built.case))

    assert AccessLog.objects.count() == count
    kept = AccessLog.objects.get(pk=entry.pk)
    assert (kept.case_id_ref, kept.case_reference) == (built.case.pk, built.case.reference)
    assert sorted(kept.subjects.values_list("resident_id_ref", flat=True)) == sorted(
        [built.head.pk, built.child.pk]
    )


def test_one_failing_case_does_not_keep_the_others(make_case, professional_a, monkeypatch):
    first = closed_case(make_case, professional_a)
    second = closed_case(make_case, professional_a)
    real_purge = retention.case_purge

    def failing(*, case, **kwargs):
        if case.pk == first.pk:
            raise RuntimeError("database hiccup")
        return real_purge(case=case, **kwargs)

    monkeypatch.setattr(retention, "case_purge", failing)

    removed = retention.retention_apply(dry_run=False, today=after_term(second))

    assert [c.reference for c in removed] == [second.reference]
    assert Case.objects.filter(pk=first.pk).exists()
    assert not Case.objects.filter(pk=second.pk).exists()


def test_nightly_task_is_safe_to_run_twice(make_case, professional_a, monkeypatch):
    from privacy import tasks

    case = closed_case(make_case, professional_a)
    Case.objects.filter(pk=case.pk).update(retain_until=factories.days_ago(1))

    first = tasks.apply_retention.delay().get()
    second = tasks.apply_retention.delay().get()

    assert first["cases"] == 1
    assert second["cases"] == 0
    assert CaseTombstone.objects.filter(reference=case.reference).count() == 1


# --- Legal hold and open cases --------------------------------------------------------------


def test_legal_hold_blocks_removal(make_case, professional_a, privacy_officer):
    case = closed_case(make_case, professional_a)
    retention.legal_hold_set(acting_user=privacy_officer, case=case, reason="Lopende procedure")

    removed = retention.retention_apply(dry_run=False, today=after_term(case))

    assert removed == []
    assert Case.objects.filter(pk=case.pk).exists()


def test_purge_of_a_case_on_legal_hold_is_refused_in_dutch(make_case, professional_a):
    case = closed_case(make_case, professional_a)
    Case.objects.filter(pk=case.pk).update(legal_hold_reason="Klacht bij de ombudsman")

    with pytest.raises(ValidationError) as refused:
        retention.case_purge(case=case, reason=RemovalReason.RETENTION)

    assert refused.value.messages == [
        "Deze casus staat onder bewaarplicht: Klacht bij de ombudsman"
    ]
    assert not CaseTombstone.objects.exists()


def test_legal_hold_shows_in_the_dry_run_as_held(make_case, professional_a, privacy_officer):
    case = closed_case(make_case, professional_a)
    retention.legal_hold_set(acting_user=privacy_officer, case=case, reason="Lopende procedure")

    (candidate,) = retention.retention_apply(dry_run=True, today=after_term(case))

    assert candidate.on_hold
    assert candidate.legal_hold_reason == "Lopende procedure"


def test_open_case_is_never_removed(make_case, professional_a):
    case = make_case(reported_on=factories.days_ago(4000))

    removed = retention.retention_apply(
        dry_run=False, today=timezone.localdate() + timedelta(days=365 * 30)
    )

    assert removed == []
    assert Case.objects.filter(pk=case.pk).exists()


def test_purge_of_an_open_case_is_refused(case):
    with pytest.raises(ValidationError) as refused:
        retention.case_purge(case=case, reason=RemovalReason.RETENTION)

    assert refused.value.error_list[0].code == "open"
    assert Case.objects.filter(pk=case.pk).exists()


def test_legal_hold_needs_a_reason(case, privacy_officer):
    with pytest.raises(ValidationError) as refused:
        retention.legal_hold_set(acting_user=privacy_officer, case=case, reason="   ")

    assert refused.value.message_dict["reason"] == [
        "Vul de reden van de bewaarplicht in, bijvoorbeeld een lopende procedure."
    ]
    case.refresh_from_db()
    assert not case.on_legal_hold


def test_legal_hold_history_records_who_set_and_lifted_it(case, privacy_officer):
    retention.legal_hold_set(acting_user=privacy_officer, case=case, reason="Procedure")
    retention.legal_hold_lift(acting_user=privacy_officer, case=case)

    set_row, lift_row = case.history.order_by("-history_id")[:2][::-1]
    assert (set_row.legal_hold_reason, set_row.history_user) == ("Procedure", privacy_officer)
    assert (lift_row.legal_hold_reason, lift_row.history_user) == ("", privacy_officer)


def test_legal_hold_is_logged_as_a_privacy_review_change(case, privacy_officer):
    retention.legal_hold_set(acting_user=privacy_officer, case=case, reason="Procedure")

    entry = AccessLog.objects.filter(user=privacy_officer).get()
    assert (entry.action, entry.reason, entry.case_reference) == (
        AccessAction.CHANGE,
        AccessReason.PRIVACY_REVIEW,
        case.reference,
    )


def test_lifting_a_hold_that_is_not_there_is_refused(case, privacy_officer):
    with pytest.raises(ValidationError) as refused:
        retention.legal_hold_lift(acting_user=privacy_officer, case=case)

    assert refused.value.error_list[0].code == "not_on_hold"


@pytest.mark.parametrize(
    "role", ["professional_a", "teamleider_a", "beleidsmedewerker", "partner", "beheerder"]
)
def test_only_the_privacy_officer_sets_a_legal_hold(case, role, request):
    user = request.getfixturevalue(role)

    with pytest.raises(ValidationError) as refused:
        retention.legal_hold_set(acting_user=user, case=case, reason="Procedure")

    assert refused.value.error_list[0].code == "not_privacy_officer"
    case.refresh_from_db()
    assert not case.on_legal_hold


# --- The commands ---------------------------------------------------------------------------


def _expire(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(retain_until=factories.days_ago(1))


def test_dry_run_command_prints_the_cases_and_the_total(make_case, professional_a, team_a):
    case = closed_case(make_case, professional_a)
    _expire(case)
    before = row_counts()
    out = StringIO()

    call_command("retention_dry_run", stdout=out)

    text = out.getvalue()
    assert "Casusnummer" in text and "Bewaren tot" in text and "Inwoners die meegaan" in text
    assert case.reference in text and team_a.name in text
    assert "Totaal: 1 casus(sen) gaan weg, met 1 huishouden(s) en 1 inwoner(s)" in text
    assert row_counts() == before


def test_dry_run_command_says_when_nothing_goes(db):
    out = StringIO()

    call_command("retention_dry_run", stdout=out)

    assert "Vannacht gaat er niets weg" in out.getvalue()


def test_apply_retention_command_removes_expired_cases(make_case, professional_a):
    case = closed_case(make_case, professional_a)
    _expire(case)
    out = StringIO()

    call_command("apply_retention", stdout=out)

    assert not Case.objects.filter(pk=case.pk).exists()
    assert f"Verwijderd: casus {case.reference}" in out.getvalue()


def test_apply_retention_command_with_dry_run_changes_nothing(make_case, professional_a):
    case = closed_case(make_case, professional_a)
    _expire(case)
    before = row_counts()
    out = StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    assert row_counts() == before
    assert case.reference in out.getvalue()


# --- The pages ------------------------------------------------------------------------------


def test_overview_shows_what_goes_tonight_and_the_rules(
    client, make_case, professional_a, privacy_officer
):
    case = closed_case(make_case, professional_a)
    _expire(case)
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:retention"))

    text = response.content.decode()
    assert response.status_code == 200
    assert case.reference in text
    assert "Jeugdwet art. 7.3.8" in text
    assert case.primary_resident.last_name not in text  # metadata only


def test_overview_keeps_a_constant_number_of_queries(
    client, make_case, professional_a, privacy_officer, django_assert_max_num_queries
):
    client.force_login(privacy_officer)

    def expire(n):
        for _ in range(n):
            _expire(closed_case(make_case, professional_a))

    expire(2)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("privacy:retention"))
    expire(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("privacy:retention"))


def test_overview_finds_a_case_by_reference_for_a_legal_hold(client, case, privacy_officer):
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:retention"), {"reference": case.reference})

    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:legal_hold", args=[case.pk])


def test_overview_says_when_no_case_has_that_reference(client, privacy_officer):
    client.force_login(privacy_officer)

    response = client.get(reverse("privacy:retention"), {"reference": "2020-999999"})

    assert "Er is geen casus met nummer 2020-999999." in response.content.decode()


def test_legal_hold_page_sets_a_hold(client, case, privacy_officer):
    client.force_login(privacy_officer)

    response = client.post(
        reverse("privacy:legal_hold", args=[case.pk]), {"set": "1", "reason": "Procedure"}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.legal_hold_reason == "Procedure"


def test_legal_hold_page_refuses_an_empty_reason_in_dutch(client, case, privacy_officer):
    client.force_login(privacy_officer)

    response = client.post(
        reverse("privacy:legal_hold", args=[case.pk]), {"set": "1", "reason": ""}
    )

    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    case.refresh_from_db()
    assert not case.on_legal_hold


def test_legal_hold_page_lifts_a_hold(client, case, privacy_officer):
    Case.objects.filter(pk=case.pk).update(legal_hold_reason="Procedure")
    client.force_login(privacy_officer)

    response = client.post(reverse("privacy:legal_hold", args=[case.pk]), {"lift": "1"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.on_legal_hold


def test_legal_hold_page_shows_metadata_not_content(client, case, privacy_officer):
    client.force_login(privacy_officer)

    text = client.get(reverse("privacy:legal_hold", args=[case.pk])).content.decode()

    assert case.reference in text and case.team.name in text
    assert case.question not in text
    assert case.primary_resident.last_name not in text


def test_legal_hold_page_of_an_unknown_case_is_404(client, privacy_officer):
    client.force_login(privacy_officer)

    assert client.get(reverse("privacy:legal_hold", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "role",
    ["professional_a", "teamleider_a", "beleidsmedewerker", "partner", "beheerder"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_retention_pages_are_404_for_everyone_but_the_privacy_officer(
    client, case, role, method, request
):
    user = request.getfixturevalue(role)
    client.force_login(user)

    for url in (
        reverse("privacy:retention"),
        reverse("privacy:legal_hold", args=[case.pk]),
    ):
        response = getattr(client, method)(url, {"set": "1", "reason": "Procedure"})
        assert response.status_code == 404, url
    case.refresh_from_db()
    assert not case.on_legal_hold
    assert AccessLog.objects.filter(user=user, granted=False).count() == 2

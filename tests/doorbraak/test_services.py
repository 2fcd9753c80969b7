"""The doorbraaktafel's writes: nominating and ordering the agenda, inviting participants,
sharing items with partners on a legal basis, recording breakthroughs, policy signals and
actions, and closing the meeting. Bad input is refused with a Dutch message and changes
nothing; every write leaves a history row with the person who made it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services as case_services
from cases.constants import CaseOutcome, CaseStatus
from doorbraak import services
from doorbraak.constants import (
    BarrierKind,
    ItemStatus,
    MeetingStatus,
    ParticipantRole,
    PolicyDomain,
)
from doorbraak.models import (
    Action,
    AgendaItem,
    AgendaItemShare,
    Breakthrough,
    MeetingParticipant,
    PolicySignal,
)
from privacy.constants import DataCategory, LegalBasis, ShareChannel
from privacy.models import DataShare
from tests.cases import factories
from tests.stressors.conftest import build_family, register, snapshot

from .conftest import (
    consent_of,
    error_codes,
    error_text,
    in_days,
    meeting_on,
    nominate,
    place,
)

ARTICLE = "Wmo 2015 art. 5.2.1"


def _placed(meeting) -> list[tuple[int, int]]:
    """The agenda as (case id, position), in agenda order."""
    return list(
        meeting.items.filter(status=ItemStatus.PLACED)
        .order_by("position", "pk")
        .values_list("case_id", "position")
    )


def _invite(meeting, teamleider, *users):
    for user in users:
        services.participant_invite(acting_user=teamleider, meeting=meeting, user=user)


def _share(item, teamleider, **kwargs):
    kwargs.setdefault("legal_basis", LegalBasis.LEGAL_TASK)
    kwargs.setdefault("legal_article", ARTICLE)
    return services.item_share_with_partners(acting_user=teamleider, item=item, **kwargs)


def _train_pass(item, teamleider, **overrides):
    """The brief's example: a man with schizophrenia rides trains without a ticket, collects
    fines and ends up in detention; a yearly train pass costs a fraction of that."""
    fields = {
        "barrier_kind": BarrierKind.RULE,
        "barrier": "Geen vergoeding voor een jaarabonnement OV vanuit de Wmo.",
        "decision": "Gemeente koopt een jaarabonnement NS; boetes worden bevroren.",
        "mandate": "Teamleider wijkteam, namens wethouder zorg",
        "cost_current_path": Decimal("50000"),
        "cost_solution": Decimal("3000"),
    }
    fields.update(overrides)
    return services.breakthrough_record(acting_user=teamleider, item=item, **fields)


def _structural(item, teamleider, **overrides):
    fields = {
        "is_structural": True,
        "signal_domain": PolicyDomain.WMO,
        "signal_title": "OV-abonnement past niet in de Wmo",
        "signal_description": "Vervoer naar dagbesteding telt, vervoer om mee te doen niet.",
    }
    fields.update(overrides)
    return _train_pass(item, teamleider, **fields)


def _action(item, teamleider, **overrides):
    fields = {
        "description": "Jaarabonnement aanvragen",
        "due_date": item.meeting.date + timedelta(days=14),
    }
    fields.update(overrides)
    return services.action_add(acting_user=teamleider, item=item, **fields)


def _close_case(case, user):
    case_services.case_change_status(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
    )
    case.refresh_from_db()


@pytest.fixture
def item(meeting, case, teamleider_a) -> AgendaItem:
    """`case` placed on team A's agenda by its teamleider."""
    return place(meeting, case, teamleider_a)


# --- Nominating a case ----------------------------------------------------------------------


def test_professional_nominates_a_case_they_coordinate(meeting, case, professional_a):
    item = nominate(meeting, case, professional_a, blocked_by="Sociale dienst")

    item.refresh_from_db()
    assert (item.meeting, item.case, item.nominated_by) == (meeting, case, professional_a)
    assert item.status == ItemStatus.NOMINATED
    assert item.blocked_by == "Sociale dienst"


def test_professional_cannot_nominate_a_case_they_cannot_see(meeting, case, colleague_a):
    before = snapshot("doorbraak")

    with pytest.raises(ValidationError) as exc:
        nominate(meeting, case, colleague_a)

    assert error_codes(exc.value) == {"case": {"not_visible"}}
    assert snapshot("doorbraak") == before


def test_professional_cannot_nominate_a_case_of_another_team(
    meeting, make_case, team_b, professional_a, professional_b
):
    other_case = make_case(acting_user=professional_b, team=team_b, coordinator=professional_b)
    case_services.involvement_add(
        acting_user=professional_b,
        case=other_case,
        role="Schuldhulpmaatje",
        organisation_other="Wijkteam Noord",
        since=factories.days_ago(3),
        user=professional_a,
    )

    with pytest.raises(ValidationError) as exc:
        nominate(meeting, other_case, professional_a)

    assert error_codes(exc.value) == {"case": {"other_team"}}
    assert not AgendaItem.objects.exists()


def test_closed_case_cannot_be_nominated(meeting, case, professional_a):
    _close_case(case, professional_a)

    with pytest.raises(ValidationError) as exc:
        nominate(meeting, case, professional_a)

    assert error_codes(exc.value) == {None: {"closed"}}
    assert not AgendaItem.objects.exists()


def test_second_item_for_the_same_case_in_one_meeting_is_refused_in_dutch(
    meeting, case, professional_a, teamleider_a
):
    nominate(meeting, case, professional_a)

    with pytest.raises(ValidationError) as exc:
        nominate(meeting, case, teamleider_a)

    assert error_codes(exc.value) == {"case": {"already_on_agenda"}}
    assert error_text(exc.value) == (
        f"Casus {case.reference} staat al op de agenda van deze doorbraaktafel."
    )
    assert meeting.items.count() == 1


def test_same_case_may_be_nominated_for_another_meeting(meeting, case, professional_a, team_a):
    later = meeting_on(team_a, in_days(21))
    nominate(meeting, case, professional_a)

    nominate(later, case, professional_a)

    assert AgendaItem.objects.filter(case=case).count() == 2


# --- Ordering the agenda --------------------------------------------------------------------


def test_teamleiders_own_nomination_is_placed_at_once(meeting, case, teamleider_a):
    item = nominate(meeting, case, teamleider_a)

    assert (item.status, item.position) == (ItemStatus.PLACED, 1)


def test_placing_nominations_numbers_the_agenda_from_one(
    meeting, make_case, professional_a, teamleider_a
):
    cases = [make_case() for _ in range(3)]
    items = [nominate(meeting, c, professional_a) for c in cases]

    for it in items:
        services.item_place(acting_user=teamleider_a, item=it)

    assert _placed(meeting) == [(cases[0].pk, 1), (cases[1].pk, 2), (cases[2].pk, 3)]


def test_placing_an_item_that_is_already_placed_keeps_its_place(meeting, make_case, teamleider_a):
    a, b = make_case(), make_case()
    first = place(meeting, a, teamleider_a)
    place(meeting, b, teamleider_a)

    services.item_place(acting_user=teamleider_a, item=first)

    assert _placed(meeting) == [(a.pk, 1), (b.pk, 2)]


def test_withdrawn_nomination_stays_off_the_agenda(meeting, case, professional_a, teamleider_a):
    item = nominate(meeting, case, professional_a)

    services.item_withdraw(acting_user=teamleider_a, item=item)

    item.refresh_from_db()
    assert item.status == ItemStatus.WITHDRAWN
    assert _placed(meeting) == []


def test_withdrawing_an_item_keeps_the_agenda_numbered_one_to_n(meeting, make_case, teamleider_a):
    first, middle, last = (make_case() for _ in range(3))
    place(meeting, first, teamleider_a)
    withdrawn = place(meeting, middle, teamleider_a)
    place(meeting, last, teamleider_a)

    services.item_withdraw(acting_user=teamleider_a, item=withdrawn)

    assert _placed(meeting) == [(first.pk, 1), (last.pk, 2)]


def test_placing_after_a_withdrawal_continues_at_the_end_without_a_gap(
    meeting, make_case, professional_a, teamleider_a
):
    first, second = make_case(), make_case()
    place(meeting, first, teamleider_a)
    withdrawn = place(meeting, second, teamleider_a)
    services.item_withdraw(acting_user=teamleider_a, item=withdrawn)
    newcomer = make_case()
    nominated = nominate(meeting, newcomer, professional_a)

    services.item_place(acting_user=teamleider_a, item=nominated)

    assert _placed(meeting) == [(first.pk, 1), (newcomer.pk, 2)]


def test_moving_an_item_up_swaps_it_with_the_one_above(meeting, make_case, teamleider_a):
    a, b, c = (make_case() for _ in range(3))
    place(meeting, a, teamleider_a)
    place(meeting, b, teamleider_a)
    moved = place(meeting, c, teamleider_a)

    services.item_move(acting_user=teamleider_a, item=moved, up=True)

    assert _placed(meeting) == [(a.pk, 1), (c.pk, 2), (b.pk, 3)]


def test_moving_an_item_down_swaps_it_with_the_one_below(meeting, make_case, teamleider_a):
    a, b, c = (make_case() for _ in range(3))
    moved = place(meeting, a, teamleider_a)
    place(meeting, b, teamleider_a)
    place(meeting, c, teamleider_a)

    services.item_move(acting_user=teamleider_a, item=moved, up=False)

    assert _placed(meeting) == [(b.pk, 1), (a.pk, 2), (c.pk, 3)]


def test_moving_the_first_item_up_changes_nothing(meeting, make_case, teamleider_a):
    a, b = make_case(), make_case()
    first = place(meeting, a, teamleider_a)
    place(meeting, b, teamleider_a)

    services.item_move(acting_user=teamleider_a, item=first, up=True)

    assert _placed(meeting) == [(a.pk, 1), (b.pk, 2)]


# --- Fixing the agenda ----------------------------------------------------------------------


def test_agenda_with_only_nominations_cannot_be_fixed(meeting, case, professional_a, teamleider_a):
    nominate(meeting, case, professional_a)

    with pytest.raises(ValidationError) as exc:
        services.agenda_fix(acting_user=teamleider_a, meeting=meeting)

    assert error_codes(exc.value) == {None: {"empty_agenda"}}
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_fixing_the_agenda_makes_the_teamleider_chair(meeting, item, teamleider_a):
    services.agenda_fix(acting_user=teamleider_a, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_FIXED
    assert meeting.chair == teamleider_a
    assert meeting.agenda_fixed_at is not None


def test_fixed_agenda_takes_no_more_nominations(
    meeting, item, make_case, professional_a, teamleider_a
):
    services.agenda_fix(acting_user=teamleider_a, meeting=meeting)

    with pytest.raises(ValidationError) as exc:
        nominate(meeting, make_case(), professional_a)

    assert error_codes(exc.value) == {None: {"agenda_fixed"}}
    assert meeting.items.count() == 1


# --- Participants ---------------------------------------------------------------------------


def test_team_member_is_invited_as_team(meeting, teamleider_a, colleague_a):
    participant = services.participant_invite(
        acting_user=teamleider_a, meeting=meeting, user=colleague_a
    )

    assert (participant.user, participant.role) == (colleague_a, ParticipantRole.TEAM)


def test_partner_is_invited_as_partner(meeting, teamleider_a, wijkagent):
    participant = services.participant_invite(
        acting_user=teamleider_a, meeting=meeting, user=wijkagent
    )

    assert (participant.user, participant.role) == (wijkagent, ParticipantRole.PARTNER)


def test_professional_of_another_team_cannot_be_invited(meeting, teamleider_a, professional_b):
    with pytest.raises(ValidationError) as exc:
        services.participant_invite(acting_user=teamleider_a, meeting=meeting, user=professional_b)

    assert error_codes(exc.value) == {"user": {"not_invitable"}}
    assert not MeetingParticipant.objects.exists()


def test_partner_without_an_organisation_cannot_be_invited(meeting, teamleider_a, partner):
    """Shared items would reach them with no data-sharing record: a record names the
    receiving organisation."""
    with pytest.raises(ValidationError) as exc:
        services.participant_invite(acting_user=teamleider_a, meeting=meeting, user=partner)

    assert error_codes(exc.value) == {"user": {"partner_without_organisation"}}
    assert not MeetingParticipant.objects.exists()


def test_inviting_someone_twice_is_refused(meeting, teamleider_a, wijkagent):
    _invite(meeting, teamleider_a, wijkagent)

    with pytest.raises(ValidationError) as exc:
        _invite(meeting, teamleider_a, wijkagent)

    assert error_codes(exc.value) == {"user": {"already_invited"}}
    assert meeting.participants.count() == 1


# --- Sharing with partners ------------------------------------------------------------------


def test_sharing_on_consent_without_a_consent_is_refused(item, teamleider_a, wijkagent):
    _invite(item.meeting, teamleider_a, wijkagent)

    with pytest.raises(ValidationError) as exc:
        _share(item, teamleider_a, legal_basis=LegalBasis.CONSENT, legal_article="")

    assert error_codes(exc.value) == {"consent": {"consent_missing"}}
    assert not AgendaItemShare.objects.exists()
    assert not DataShare.objects.exists()


def test_sharing_on_withdrawn_consent_is_refused(item, teamleider_a, professional_a, wijkagent):
    _invite(item.meeting, teamleider_a, wijkagent)
    withdrawn = consent_of(
        item.case.primary_resident, recorded_by=professional_a, withdrawn_days_ago=2
    )

    with pytest.raises(ValidationError) as exc:
        _share(item, teamleider_a, legal_basis=LegalBasis.CONSENT, consent=withdrawn)

    assert error_codes(exc.value) == {"consent": {"consent_inactive"}}
    assert not AgendaItemShare.objects.exists()
    assert not DataShare.objects.exists()


def test_sharing_on_consent_of_another_resident_is_refused(
    meeting, team_a, professional_a, teamleider_a, wijkagent
):
    family = build_family(acting_user=professional_a, team=team_a)
    item = place(meeting, family.case, teamleider_a)
    _invite(meeting, teamleider_a, wijkagent)
    childs_consent = consent_of(family.child, recorded_by=professional_a)

    with pytest.raises(ValidationError) as exc:
        _share(item, teamleider_a, legal_basis=LegalBasis.CONSENT, consent=childs_consent)

    assert error_codes(exc.value) == {"consent": {"consent_missing"}}
    assert not AgendaItemShare.objects.exists()
    assert not DataShare.objects.exists()


def test_sharing_on_a_legal_task_without_an_article_is_refused(item, teamleider_a, wijkagent):
    _invite(item.meeting, teamleider_a, wijkagent)

    with pytest.raises(ValidationError) as exc:
        _share(item, teamleider_a, legal_basis=LegalBasis.LEGAL_TASK, legal_article="  ")

    assert error_codes(exc.value) == {"legal_article": {"article_missing"}}
    assert not AgendaItemShare.objects.exists()
    assert not DataShare.objects.exists()


def test_sharing_writes_one_data_share_per_partner_organisation(
    item, teamleider_a, colleague_a, wijkagent, second_agent, consulent, police, corporation
):
    _invite(item.meeting, teamleider_a, colleague_a, wijkagent, second_agent, consulent)

    _share(item, teamleider_a)

    recipients = sorted(DataShare.objects.values_list("recipient_organisation_id", flat=True))
    assert recipients == sorted([police.pk, corporation.pk])


def test_data_share_on_consent_records_resident_case_basis_and_channel(
    item, teamleider_a, professional_a, wijkagent, police
):
    _invite(item.meeting, teamleider_a, wijkagent)
    consent = consent_of(item.case.primary_resident, recorded_by=professional_a)

    _share(item, teamleider_a, legal_basis=LegalBasis.CONSENT, consent=consent, legal_article="")

    record = DataShare.objects.get()
    assert (record.resident, record.case, record.agenda_item) == (
        item.case.primary_resident,
        item.case,
        item,
    )
    assert (record.recipient_organisation, record.shared_by) == (police, teamleider_a)
    assert (record.legal_basis, record.consent) == (LegalBasis.CONSENT, consent)
    assert record.channel == ShareChannel.DOORBRAAKTAFEL
    assert record.shared_on == timezone.localdate()
    assert DataCategory.IDENTITY in record.categories


def test_data_share_on_a_legal_task_records_the_article(item, teamleider_a, wijkagent):
    _invite(item.meeting, teamleider_a, wijkagent)

    _share(item, teamleider_a, legal_basis=LegalBasis.LEGAL_TASK, legal_article=ARTICLE)

    record = DataShare.objects.get()
    assert (record.legal_basis, record.legal_article, record.consent) == (
        LegalBasis.LEGAL_TASK,
        ARTICLE,
        None,
    )


def test_data_share_names_the_kinds_of_data_the_stressors_reveal(
    item, teamleider_a, professional_a, wijkagent
):
    register(item.case, acting_user=professional_a, kind="Schulden", severity=3)
    _invite(item.meeting, teamleider_a, wijkagent)

    _share(item, teamleider_a)

    assert DataCategory.FINANCES in DataShare.objects.get().categories


def test_partner_invited_after_sharing_gets_a_data_share_record(
    item, teamleider_a, wijkagent, consulent, corporation
):
    _invite(item.meeting, teamleider_a, wijkagent)
    _share(item, teamleider_a)

    _invite(item.meeting, teamleider_a, consulent)

    late = DataShare.objects.get(recipient_organisation=corporation)
    assert (late.agenda_item, late.legal_basis, late.legal_article) == (
        item,
        LegalBasis.LEGAL_TASK,
        ARTICLE,
    )


def test_colleague_of_an_organisation_that_already_received_the_item_adds_no_second_record(
    item, teamleider_a, wijkagent, second_agent, police
):
    _invite(item.meeting, teamleider_a, wijkagent)
    _share(item, teamleider_a)

    _invite(item.meeting, teamleider_a, second_agent)

    assert DataShare.objects.filter(agenda_item=item, recipient_organisation=police).count() == 1


def test_inviting_a_partner_records_nothing_for_items_not_shared(item, teamleider_a, wijkagent):
    _invite(item.meeting, teamleider_a, wijkagent)

    assert not DataShare.objects.exists()


def test_sharing_an_item_twice_is_refused(item, teamleider_a, wijkagent):
    _invite(item.meeting, teamleider_a, wijkagent)
    _share(item, teamleider_a)

    with pytest.raises(ValidationError) as exc:
        _share(AgendaItem.objects.get(pk=item.pk), teamleider_a)

    assert error_codes(exc.value) == {None: {"already_shared"}}
    assert DataShare.objects.count() == 1


# --- The meeting: breakthroughs and policy signals ------------------------------------------


def test_train_pass_breakthrough_saves_47000_a_year(item, teamleider_a):
    _train_pass(item, teamleider_a)

    breakthrough = Breakthrough.objects.get(item=item)
    assert breakthrough.cost_current_path == Decimal("50000")
    assert breakthrough.cost_solution == Decimal("3000")
    assert breakthrough.saving == Decimal("47000")


@pytest.mark.parametrize("field", ["cost_current_path", "cost_solution"])
def test_negative_cost_is_refused(item, teamleider_a, field):
    before = snapshot("doorbraak")

    with pytest.raises(ValidationError) as exc:
        _train_pass(item, teamleider_a, **{field: Decimal("-1")})

    assert error_codes(exc.value) == {field: {"negative"}}
    assert error_text(exc.value) == "Een bedrag kan niet negatief zijn."
    assert snapshot("doorbraak") == before


@pytest.mark.parametrize(
    "missing", [{"signal_domain": ""}, {"signal_description": "   "}], ids=["domain", "description"]
)
def test_structural_barrier_without_domain_or_description_is_refused(item, teamleider_a, missing):
    with pytest.raises(ValidationError) as exc:
        _structural(item, teamleider_a, **missing)

    assert error_codes(exc.value) == {"signal_description": {"signal_incomplete"}}
    assert not Breakthrough.objects.exists()
    assert not PolicySignal.objects.exists()


def test_structural_barrier_becomes_a_policy_signal_for_the_team(item, teamleider_a, team_a):
    breakthrough = _structural(item, teamleider_a)

    signal = PolicySignal.objects.get()
    assert (signal.team, signal.breakthrough, signal.domain) == (
        team_a,
        breakthrough,
        PolicyDomain.WMO,
    )
    assert signal.title == "OV-abonnement past niet in de Wmo"
    assert not signal.releasable


def test_barrier_that_is_not_structural_makes_no_policy_signal(item, teamleider_a):
    _train_pass(item, teamleider_a)

    assert not PolicySignal.objects.exists()


def test_recording_again_updates_the_breakthrough_and_its_signal(item, teamleider_a):
    _structural(item, teamleider_a)

    _structural(
        item, teamleider_a, cost_solution=Decimal("3500"), signal_domain=PolicyDomain.JUSTICE
    )

    breakthrough = Breakthrough.objects.get()
    assert breakthrough.saving == Decimal("46500")
    assert PolicySignal.objects.get().domain == PolicyDomain.JUSTICE


def test_a_released_signal_whose_text_changes_must_be_released_again(item, teamleider_a):
    _structural(item, teamleider_a)
    services.policy_signal_release(acting_user=teamleider_a, signal=PolicySignal.objects.get())

    _structural(item, teamleider_a, signal_description="Meneer Jansen kan de trein niet betalen.")

    assert PolicySignal.objects.get().releasable is False


def test_a_released_signal_recorded_again_with_the_same_text_stays_released(item, teamleider_a):
    _structural(item, teamleider_a)
    services.policy_signal_release(acting_user=teamleider_a, signal=PolicySignal.objects.get())

    _structural(item, teamleider_a, cost_solution=Decimal("3500"))

    assert PolicySignal.objects.get().releasable is True


def test_recorded_item_is_discussed(item, teamleider_a):
    _train_pass(item, teamleider_a)

    item.refresh_from_db()
    assert item.status == ItemStatus.DISCUSSED


def test_breakthrough_for_a_mere_nomination_is_refused(meeting, case, professional_a, teamleider_a):
    nomination = nominate(meeting, case, professional_a)

    with pytest.raises(ValidationError) as exc:
        _train_pass(nomination, teamleider_a)

    assert error_codes(exc.value) == {None: {"not_on_agenda"}}
    assert not Breakthrough.objects.exists()


# --- Actions --------------------------------------------------------------------------------


def test_action_due_before_the_meeting_is_refused(item, teamleider_a, owner):
    with pytest.raises(ValidationError) as exc:
        _action(item, teamleider_a, owner=owner, due_date=item.meeting.date - timedelta(days=1))

    assert error_codes(exc.value) == {"due_date": {"due_before_meeting"}}
    assert not Action.objects.exists()


def test_action_due_on_the_meeting_day_is_accepted(item, teamleider_a, owner):
    action = _action(item, teamleider_a, owner=owner, due_date=item.meeting.date)

    assert (action.case, action.owner, action.done_on) == (item.case, owner, None)


def test_action_without_an_owner_is_refused(item, teamleider_a):
    with pytest.raises(ValidationError) as exc:
        _action(item, teamleider_a)

    assert error_codes(exc.value) == {"owner": {"owner_missing"}}
    assert not Action.objects.exists()


def test_action_may_be_owned_by_an_organisation(item, teamleider_a, corporation):
    action = _action(item, teamleider_a, owner_organisation=corporation)

    assert (action.owner, action.owner_label) == (None, "Woonstichting De Kempen")


def test_owner_completes_their_action(item, teamleider_a, owner):
    action = _action(item, teamleider_a, owner=owner)

    services.action_complete(acting_user=owner, action=action)

    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_coordinator_completes_an_action_of_their_case(item, teamleider_a, owner, professional_a):
    action = _action(item, teamleider_a, owner=owner)

    services.action_complete(acting_user=professional_a, action=action)

    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_unrelated_professional_cannot_complete_an_action(item, teamleider_a, owner, colleague_a):
    action = _action(item, teamleider_a, owner=owner)

    with pytest.raises(ValidationError) as exc:
        services.action_complete(acting_user=colleague_a, action=action)

    assert error_codes(exc.value) == {None: {"not_allowed"}}
    action.refresh_from_db()
    assert action.done_on is None


# --- Closing the meeting --------------------------------------------------------------------


def test_closing_postpones_items_that_were_not_discussed(meeting, make_case, teamleider_a):
    discussed = place(meeting, make_case(), teamleider_a)
    untouched = place(meeting, make_case(), teamleider_a)
    _train_pass(discussed, teamleider_a)

    services.meeting_close(acting_user=teamleider_a, meeting=meeting)

    statuses = dict(meeting.items.values_list("pk", "status"))
    assert statuses == {discussed.pk: ItemStatus.DISCUSSED, untouched.pk: ItemStatus.POSTPONED}
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_meeting_cannot_be_closed_twice(meeting, item, teamleider_a):
    services.meeting_close(acting_user=teamleider_a, meeting=meeting, notes="Goed overleg.")

    with pytest.raises(ValidationError) as exc:
        services.meeting_close(acting_user=teamleider_a, meeting=meeting, notes="Nogmaals")

    assert error_codes(exc.value) == {None: {"already_held"}}
    meeting.refresh_from_db()
    assert meeting.notes == "Goed overleg."


# --- History with the acting user -----------------------------------------------------------


def _last_history_user(instance):
    return instance.history.latest("history_id").history_user


def test_history_records_who_fixed_the_agenda(meeting, item, teamleider_a):
    services.agenda_fix(acting_user=teamleider_a, meeting=meeting)

    assert _last_history_user(meeting) == teamleider_a


def test_history_records_who_nominated_an_item(meeting, case, professional_a):
    item = nominate(meeting, case, professional_a)

    assert _last_history_user(item) == professional_a


def test_history_records_who_recorded_a_breakthrough(item, teamleider_a):
    breakthrough = _train_pass(item, teamleider_a)

    assert _last_history_user(breakthrough) == teamleider_a


def test_history_records_who_completed_an_action(item, teamleider_a, owner):
    action = _action(item, teamleider_a, owner=owner)

    services.action_complete(acting_user=owner, action=action)

    assert _last_history_user(action) == owner


def test_history_records_who_raised_a_policy_signal(item, teamleider_a):
    _structural(item, teamleider_a)

    assert _last_history_user(PolicySignal.objects.get()) == teamleider_a


def test_history_records_who_shared_an_item(item, teamleider_a, wijkagent):
    _invite(item.meeting, teamleider_a, wijkagent)

    share = _share(item, teamleider_a)

    assert _last_history_user(share) == teamleider_a


def test_history_records_who_shared_data_with_a_partner(item, teamleider_a, wijkagent):
    _invite(item.meeting, teamleider_a, wijkagent)

    _share(item, teamleider_a)

    assert _last_history_user(DataShare.objects.get()) == teamleider_a


def test_teamleider_releases_a_policy_signal_for_reports_and_can_take_it_back(
    client, team_a, teamleider_a
):
    from accounts.models import User
    from doorbraak.models import PolicySignal

    signal = PolicySignal.objects.create(
        team=team_a,
        domain="wmo",
        title="Geen maatwerk voor vervoer",
        description="...",
        created_by=teamleider_a,
    )
    client.force_login(teamleider_a)
    url = f"/doorbraaktafel/signalen/{signal.pk}/vrijgeven/"

    client.post(url, {"releasable": "1"})
    signal.refresh_from_db()
    assert signal.releasable is True

    client.post(url, {"releasable": "0"})
    signal.refresh_from_db()
    assert signal.releasable is False
    assert signal.history.first().history_user == User.objects.get(pk=teamleider_a.pk)


def test_only_the_teams_own_teamleider_releases_a_signal(
    client, team_a, teamleider_a, teamleider_b
):
    from doorbraak.models import PolicySignal

    signal = PolicySignal.objects.create(
        team=team_a, domain="wmo", title="t", description="d", created_by=teamleider_a
    )
    client.force_login(teamleider_b)

    response = client.post(f"/doorbraaktafel/signalen/{signal.pk}/vrijgeven/", {"releasable": "1"})

    assert response.status_code == 404
    signal.refresh_from_db()
    assert signal.releasable is False

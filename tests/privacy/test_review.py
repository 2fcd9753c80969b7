"""The privacy officer's decisions on the review queue and the professional's answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.constants import Role
from accounts.services import user_create
from privacy.constants import ReviewKind, ReviewStatus
from privacy.models import ReviewItem
from privacy.review import (
    allowed_actions,
    review_answer,
    review_approve,
    review_mark_breach,
    review_question,
)
from privacy.services import review_item_open


@pytest.fixture
def item(professional_a):
    return review_item_open(
        kind=ReviewKind.NIGHT,
        subject_user=professional_a,
        summary="Inzage om 23:14 op 20-11-2026 (2026-000123)",
        flag_key="night:test",
    )


def with_status(item, status, **fields):
    ReviewItem.objects.filter(pk=item.pk).update(status=status, **fields)
    item.refresh_from_db()
    return item


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def unchanged(item) -> dict:
    return ReviewItem.objects.filter(pk=item.pk).values().get()


# --- Approve --------------------------------------------------------------------------------


def test_officer_approves_an_open_item(item, privacy_officer):
    review_approve(acting_user=privacy_officer, item=item, note="Nachtdienst crisisteam.")

    item.refresh_from_db()
    assert item.status == ReviewStatus.APPROVED
    assert item.decided_by == privacy_officer
    assert item.decided_at is not None
    assert item.decision_note == "Nachtdienst crisisteam."


def test_an_approved_item_cannot_be_approved_twice(item, privacy_officer):
    review_approve(acting_user=privacy_officer, item=item)
    before = unchanged(item)

    with pytest.raises(ValidationError) as refused:
        review_approve(acting_user=privacy_officer, item=item, note="nog eens")

    assert codes(refused.value) == {"already_decided"}
    assert "al beoordeeld" in refused.value.messages[0]
    assert unchanged(item) == before


def test_the_officer_may_approve_without_waiting_for_the_answer(item, privacy_officer):
    review_question(acting_user=privacy_officer, item=item, question="Waarom 's nachts?")

    review_approve(acting_user=privacy_officer, item=item, note="Telefonisch toegelicht.")

    item.refresh_from_db()
    assert item.status == ReviewStatus.APPROVED


@pytest.mark.parametrize(
    "role", ["professional_a", "teamleider_a", "beleidsmedewerker", "partner", "beheerder"]
)
def test_only_a_privacy_officer_decides(item, request, role):
    user = request.getfixturevalue(role)
    before = unchanged(item)

    for service, kwargs in [
        (review_approve, {}),
        (review_question, {"question": "Waarom?"}),
        (review_mark_breach, {"note": "Geen grond."}),
    ]:
        with pytest.raises(PermissionDenied):
            service(acting_user=user, item=item, **kwargs)

    assert unchanged(item) == before


def test_an_officer_does_not_decide_on_an_item_about_themselves(privacy_officer):
    own = review_item_open(
        kind=ReviewKind.NIGHT, subject_user=privacy_officer, summary="Inzage om 23:00"
    )

    with pytest.raises(ValidationError) as refused:
        review_approve(acting_user=privacy_officer, item=own)

    assert codes(refused.value) == {"own_item"}
    assert "andere privacy officer" in refused.value.messages[0]
    own.refresh_from_db()
    assert own.status == ReviewStatus.OPEN


def test_an_inactive_officer_decides_nothing(item, privacy_officer):
    privacy_officer.is_active = False
    privacy_officer.save()

    with pytest.raises(PermissionDenied):
        review_approve(acting_user=privacy_officer, item=item)


# --- Question and answer --------------------------------------------------------------------


def test_officer_asks_the_professional_a_question(item, privacy_officer, professional_a):
    review_question(acting_user=privacy_officer, item=item, question="  Waarom 's nachts?  ")

    item.refresh_from_db()
    assert item.status == ReviewStatus.QUESTIONED
    assert item.question == "Waarom 's nachts?"
    assert list(ReviewItem.objects.filter(subject_user=professional_a, status="questioned")) == [
        item
    ]


@pytest.mark.parametrize("question", ["", "   "])
def test_a_question_needs_text(item, privacy_officer, question):
    with pytest.raises(ValidationError) as refused:
        review_question(acting_user=privacy_officer, item=item, question=question)

    assert refused.value.message_dict == {
        "question": ["Schrijf de vraag op die de medewerker moet beantwoorden."]
    }
    item.refresh_from_db()
    assert item.status == ReviewStatus.OPEN


def test_no_second_question_while_one_is_open(item, privacy_officer):
    review_question(acting_user=privacy_officer, item=item, question="Eerste vraag")

    with pytest.raises(ValidationError) as refused:
        review_question(acting_user=privacy_officer, item=item, question="Tweede vraag")

    assert codes(refused.value) == {"already_questioned"}
    item.refresh_from_db()
    assert item.question == "Eerste vraag"


def test_the_professional_answers_their_question(item, privacy_officer, professional_a):
    review_question(acting_user=privacy_officer, item=item, question="Waarom 's nachts?")

    review_answer(acting_user=professional_a, item=item, answer="Crisisdienst die nacht.")

    item.refresh_from_db()
    assert item.status == ReviewStatus.ANSWERED
    assert item.answer == "Crisisdienst die nacht."
    assert item.answered_at is not None


@pytest.mark.parametrize("who", ["colleague_a", "teamleider_a", "privacy_officer"])
def test_only_the_person_asked_answers(item, privacy_officer, request, who):
    review_question(acting_user=privacy_officer, item=item, question="Waarom?")
    before = unchanged(item)

    with pytest.raises(PermissionDenied):
        review_answer(acting_user=request.getfixturevalue(who), item=item, answer="Daarom.")

    assert unchanged(item) == before


def test_no_answer_without_an_open_question(item, professional_a):
    with pytest.raises(ValidationError) as refused:
        review_answer(acting_user=professional_a, item=item, answer="Ongevraagd")

    assert codes(refused.value) == {"not_questioned"}
    item.refresh_from_db()
    assert (item.status, item.answer) == (ReviewStatus.OPEN, "")


def test_an_answer_needs_text(item, privacy_officer, professional_a):
    review_question(acting_user=privacy_officer, item=item, question="Waarom?")

    with pytest.raises(ValidationError) as refused:
        review_answer(acting_user=professional_a, item=item, answer=" ")

    assert refused.value.message_dict == {"answer": ["Schrijf je antwoord op."]}
    item.refresh_from_db()
    assert item.status == ReviewStatus.QUESTIONED


def test_a_follow_up_question_reopens_the_conversation(item, privacy_officer, professional_a):
    review_question(acting_user=privacy_officer, item=item, question="Waarom?")
    review_answer(acting_user=professional_a, item=item, answer="Crisis.")

    review_question(acting_user=privacy_officer, item=item, question="Welke crisis?")

    item.refresh_from_db()
    assert (item.status, item.question, item.answer, item.answered_at) == (
        ReviewStatus.QUESTIONED,
        "Welke crisis?",
        "",
        None,
    )
    assert "Crisis." in item.history.values_list("answer", flat=True)


# --- Possible data breach -------------------------------------------------------------------


def test_marking_a_breach_starts_the_72_hour_clock(item, privacy_officer):
    review_mark_breach(acting_user=privacy_officer, item=item, note="Geen relatie met inwoner.")

    item.refresh_from_db()
    assert item.status == ReviewStatus.BREACH
    assert item.breach_noticed_at is not None
    assert item.breach_deadline == item.breach_noticed_at + timedelta(hours=72)
    assert item.decision_note == "Geen relatie met inwoner."


def test_a_breach_needs_a_note(item, privacy_officer):
    with pytest.raises(ValidationError) as refused:
        review_mark_breach(acting_user=privacy_officer, item=item, note="")

    assert refused.value.message_dict == {"note": ["Beschrijf waarom dit een mogelijk datalek is."]}
    item.refresh_from_db()
    assert (item.status, item.breach_noticed_at) == (ReviewStatus.OPEN, None)


def test_marking_again_does_not_move_the_deadline(item, privacy_officer):
    review_mark_breach(acting_user=privacy_officer, item=item, note="Eerste markering.")
    before = unchanged(item)

    with pytest.raises(ValidationError) as refused:
        review_mark_breach(acting_user=privacy_officer, item=item, note="Nog eens.")

    assert codes(refused.value) == {"already_breach"}
    assert unchanged(item) == before


def test_an_approved_item_can_still_be_marked_as_a_breach(item, privacy_officer):
    review_approve(acting_user=privacy_officer, item=item)

    review_mark_breach(acting_user=privacy_officer, item=item, note="Nieuwe feiten.")

    item.refresh_from_db()
    assert item.status == ReviewStatus.BREACH


def test_closing_a_breach_needs_a_note_on_how_it_was_handled(item, privacy_officer):
    review_mark_breach(acting_user=privacy_officer, item=item, note="Geen relatie.")

    with pytest.raises(ValidationError) as refused:
        review_approve(acting_user=privacy_officer, item=item, note="")

    assert "note" in refused.value.message_dict
    assert "Autoriteit Persoonsgegevens" in refused.value.message_dict["note"][0]
    item.refresh_from_db()
    assert item.status == ReviewStatus.BREACH


def test_a_closed_breach_stays_in_the_register(item, privacy_officer):
    review_mark_breach(acting_user=privacy_officer, item=item, note="Geen relatie.")
    item.refresh_from_db()
    noticed = item.breach_noticed_at

    review_approve(acting_user=privacy_officer, item=item, note="Gemeld, kenmerk AP-123.")

    item.refresh_from_db()
    assert item.status == ReviewStatus.APPROVED
    assert item.breach_noticed_at == noticed


def test_no_question_about_a_breach(item, privacy_officer):
    review_mark_breach(acting_user=privacy_officer, item=item, note="Geen relatie.")

    with pytest.raises(ValidationError) as refused:
        review_question(acting_user=privacy_officer, item=item, question="Waarom?")

    assert codes(refused.value) == {"already_decided"}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ReviewStatus.OPEN, (True, True, True)),
        (ReviewStatus.QUESTIONED, (True, False, True)),
        (ReviewStatus.ANSWERED, (True, True, True)),
        (ReviewStatus.APPROVED, (False, False, True)),
        (ReviewStatus.BREACH, (True, False, False)),
    ],
)
def test_allowed_actions_follow_the_status(item, status, expected):
    actions = allowed_actions(with_status(item, status))

    assert (
        actions["can_approve"],
        actions["can_question"],
        actions["can_mark_breach"],
    ) == expected


# --- History --------------------------------------------------------------------------------


def test_every_step_is_in_the_history_with_who_did_it(item, privacy_officer, professional_a):
    review_question(acting_user=privacy_officer, item=item, question="Waarom?")
    review_answer(acting_user=professional_a, item=item, answer="Crisis.")
    review_approve(acting_user=privacy_officer, item=item, note="Akkoord.")

    steps = list(item.history.order_by("history_date", "history_id"))
    assert [(s.status, s.history_user) for s in steps[1:]] == [
        (ReviewStatus.QUESTIONED, privacy_officer),
        (ReviewStatus.ANSWERED, professional_a),
        (ReviewStatus.APPROVED, privacy_officer),
    ]


def test_a_second_officer_decides_on_the_first_officers_item(privacy_officer):
    other = user_create(
        username="olga", first_name="Olga", last_name="Test", roles=[Role.PRIVACY_OFFICER]
    )
    own = review_item_open(kind=ReviewKind.NIGHT, subject_user=privacy_officer, summary="x")

    review_approve(acting_user=other, item=own)

    own.refresh_from_db()
    assert own.decided_by == other


def test_hours_left_count_down_and_turn_negative_after_the_deadline(item):
    item.breach_noticed_at = timezone.now() - timedelta(hours=10, minutes=1)
    assert item.hours_left == 61

    item.breach_noticed_at = timezone.now() - timedelta(hours=73)
    assert item.hours_left < 0


def test_an_item_never_marked_has_no_clock(item):
    assert item.hours_left is None

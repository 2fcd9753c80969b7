"""The privacy officer's decisions on the review queue, and the professional's answer.

The life of an item:

    open ──question──▶ questioned ──answer──▶ answered ──question──▶ questioned …
      │                    │                     │
      ├──approve───────────┴─────────────────────┴──▶ approved
      └──mark as possible breach (from any status but breach) ──▶ breach ──approve──▶ approved

* Only a privacy officer decides, and never on an item about themselves.
* Marking a possible data breach starts the 72-hour clock for notifying the Autoriteit
  Persoonsgegevens (AVG art. 33) once: marking it again would move the deadline, so that is
  refused. An approved item can still be marked when new facts come to light.
* A breach is closed by approving it with a note on how it was handled (reported, or not a
  breach after all). `breach_noticed_at` stays, so every item ever marked remains in the
  register of breaches that art. 33(5) asks for; the history keeps each step.
* The professional answers only their own item, only while a question is open.

Each service locks the item's row: what is allowed depends on its current status.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import ReviewStatus
from .models import ReviewItem
from .permissions import is_privacy_officer
from .services import save_with_history

CAN_APPROVE = (
    ReviewStatus.OPEN,
    ReviewStatus.QUESTIONED,
    ReviewStatus.ANSWERED,
    ReviewStatus.BREACH,
)
CAN_QUESTION = (ReviewStatus.OPEN, ReviewStatus.ANSWERED)
CAN_MARK_BREACH = (
    ReviewStatus.OPEN,
    ReviewStatus.QUESTIONED,
    ReviewStatus.ANSWERED,
    ReviewStatus.APPROVED,
)


def allowed_actions(item: ReviewItem) -> dict[str, bool]:
    """What the officer may still do with the item, for the buttons on its page."""
    return {
        "can_approve": item.status in CAN_APPROVE,
        "can_question": item.status in CAN_QUESTION,
        "can_mark_breach": item.status in CAN_MARK_BREACH,
    }


def _locked(item: ReviewItem) -> ReviewItem:
    return ReviewItem.objects.select_for_update().get(pk=item.pk)


def _decide(acting_user, item: ReviewItem) -> ReviewItem:
    """The item, locked, if this user may decide on it."""
    if not is_privacy_officer(acting_user):
        raise PermissionDenied(_("Alleen een privacy officer beoordeelt de wachtrij."))
    locked = _locked(item)
    if locked.subject_user_id == acting_user.pk:
        raise ValidationError(
            _("Dit item gaat over jezelf; een andere privacy officer moet het beoordelen."),
            code="own_item",
        )
    return locked


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: ValidationError(message, code="required")})
    return value


def review_approve(*, acting_user, item: ReviewItem, note: str = "") -> ReviewItem:
    """Approve: the share, emergency access or flagged access was in order. Closing a
    possible breach this way needs a note on how it was handled."""
    with transaction.atomic():
        item = _decide(acting_user, item)
        if item.status not in CAN_APPROVE:
            raise ValidationError(_("Dit item is al beoordeeld."), code="already_decided")
        note = (note or "").strip()
        if item.status == ReviewStatus.BREACH:
            note = _required(
                note,
                "note",
                _(
                    "Leg vast hoe het mogelijke datalek is afgehandeld: gemeld bij de "
                    "Autoriteit Persoonsgegevens, of waarom het geen datalek is."
                ),
            )
        item.status = ReviewStatus.APPROVED
        item.decision_note = note
        item.decided_by = acting_user
        item.decided_at = timezone.now()
        save_with_history(item, acting_user)
    return item


def review_question(*, acting_user, item: ReviewItem, question: str) -> ReviewItem:
    """Ask the professional about the item; they see the question and answer it. A new
    question after an answer replaces both on the item (the history keeps them)."""
    with transaction.atomic():
        item = _decide(acting_user, item)
        if item.status == ReviewStatus.QUESTIONED:
            raise ValidationError(
                _("Er staat al een vraag open; wacht op het antwoord."), code="already_questioned"
            )
        if item.status not in CAN_QUESTION:
            raise ValidationError(
                _("Over een beoordeeld item of een mogelijk datalek stel je geen vraag meer."),
                code="already_decided",
            )
        item.question = _required(
            question, "question", _("Schrijf de vraag op die de medewerker moet beantwoorden.")
        )
        item.answer = ""
        item.answered_at = None
        item.status = ReviewStatus.QUESTIONED
        save_with_history(item, acting_user)
    return item


def review_answer(*, acting_user, item: ReviewItem, answer: str) -> ReviewItem:
    """The professional answers the officer's question about their own item."""
    with transaction.atomic():
        item = _locked(item)
        if item.subject_user_id != acting_user.pk:
            raise PermissionDenied(_("Alleen de medewerker aan wie de vraag is gesteld antwoordt."))
        if item.status != ReviewStatus.QUESTIONED:
            raise ValidationError(
                _("Op deze vraag is al geantwoord, of er staat geen vraag open."),
                code="not_questioned",
            )
        item.answer = _required(answer, "answer", _("Schrijf je antwoord op."))
        item.answered_at = timezone.now()
        item.status = ReviewStatus.ANSWERED
        save_with_history(item, acting_user)
    return item


def review_mark_breach(*, acting_user, item: ReviewItem, note: str) -> ReviewItem:
    """Mark as a possible data breach: the 72-hour notification clock starts now."""
    with transaction.atomic():
        item = _decide(acting_user, item)
        if item.status not in CAN_MARK_BREACH:
            raise ValidationError(
                _(
                    "Dit item is al als mogelijk datalek gemarkeerd; de meldtermijn loopt "
                    "vanaf de eerste markering."
                ),
                code="already_breach",
            )
        item.decision_note = _required(
            note, "note", _("Beschrijf waarom dit een mogelijk datalek is.")
        )
        item.status = ReviewStatus.BREACH
        item.breach_noticed_at = timezone.now()
        item.decided_by = acting_user
        item.decided_at = item.breach_noticed_at
        save_with_history(item, acting_user)
    return item

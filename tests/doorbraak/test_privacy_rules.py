"""Where the doorbraaktafel meets the privacy rules: a share on consent stops counting once
the consent is withdrawn, and emergency access (which only reads) brings no case to the
table and ticks off no action."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from doorbraak import permissions, services
from privacy.constants import LegalBasis
from privacy.emergency import emergency_access_open
from privacy.models import DataShare
from privacy.services import consent_withdraw

from .conftest import consent_of, error_codes, in_days, place

REASON = "Politie belt over een acute crisis; de regisseur is onbereikbaar."


@pytest.fixture
def consent(case, professional_a):
    return consent_of(case.primary_resident, recorded_by=professional_a)


@pytest.fixture
def shared_on_consent(meeting, case, teamleider_a, wijkagent, consent):
    item = place(meeting, case, teamleider_a)
    services.participant_invite(acting_user=teamleider_a, meeting=meeting, user=wijkagent)
    services.item_share_with_partners(
        acting_user=teamleider_a, item=item, legal_basis=LegalBasis.CONSENT, consent=consent
    )
    return item


def _withdraw(consent, professional_a):
    consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=timezone.localdate())


def test_partner_stops_seeing_an_item_once_its_consent_is_withdrawn(
    shared_on_consent, consent, professional_a, wijkagent
):
    assert shared_on_consent in permissions.visible_items(wijkagent)

    _withdraw(consent, professional_a)

    assert shared_on_consent not in permissions.visible_items(wijkagent)


def test_partner_invited_after_the_withdrawal_gets_no_share_record(
    shared_on_consent, consent, professional_a, teamleider_a, consulent
):
    _withdraw(consent, professional_a)

    services.participant_invite(
        acting_user=teamleider_a, meeting=shared_on_consent.meeting, user=consulent
    )

    assert not DataShare.objects.filter(recipient_organisation=consulent.organisation).exists()
    assert shared_on_consent not in permissions.visible_items(consulent)


def test_emergency_access_brings_no_case_to_the_table(meeting, case, professional_b):
    emergency_access_open(acting_user=professional_b, case=case, reason=REASON)

    with pytest.raises(ValidationError) as refused:
        services.item_nominate(
            acting_user=professional_b, meeting=meeting, case=case, stuck="x", ask="y"
        )

    assert "not_visible" in error_codes(refused.value)["case"]


def test_emergency_access_ticks_off_no_action(
    meeting, case, teamleider_a, professional_a, professional_b
):
    item = place(meeting, case, teamleider_a)
    action = services.action_add(
        acting_user=teamleider_a,
        item=item,
        description="Bijzondere bijstand aanvragen",
        due_date=in_days(7),
        owner=professional_a,
    )
    emergency_access_open(acting_user=professional_b, case=case, reason=REASON)

    with pytest.raises(ValidationError):
        services.action_complete(acting_user=professional_b, action=action)

    action.refresh_from_db()
    assert action.done_on is None

"""Gegevensdeling and toestemming: a share names what was shared, with whom and on which
basis; a consent stops new sharing once withdrawn; every share lands in the privacy
officer's review queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.constants import OrganisationKind, Role
from accounts.services import user_create
from doorbraak import services as doorbraak
from privacy.constants import DataCategory, LegalBasis, ReviewKind, ShareChannel
from privacy.models import Consent, DataShare, ReviewItem
from privacy.services import consent_record, consent_withdraw, data_share_record
from tests.cases import factories
from tests.doorbraak.conftest import in_days, meeting_on, place


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def corporation(db):
    return factories.OrganisationFactory(
        name="Woonstichting De Kern", kind=OrganisationKind.HOUSING
    )


@pytest.fixture
def consent(case, professional_a):
    return consent_record(
        acting_user=professional_a,
        resident=case.primary_resident,
        scope_organisations="Woonstichting De Kern",
        scope_purposes="Huisuitzetting voorkomen",
        given_on=_days_ago(30),
    )


def _share(user, case, organisation, **overrides) -> DataShare:
    fields = {
        "acting_user": user,
        "resident": case.primary_resident,
        "case": case,
        "recipient_organisation": organisation,
        "recipient_person": "Ria Wonen",
        "categories": [DataCategory.IDENTITY, DataCategory.HOUSING],
        "legal_basis": LegalBasis.LEGAL_TASK,
        "legal_article": "Wmo 2015 art. 5.2.1",
        "purpose": "Huisuitzetting voorkomen",
        "channel": ShareChannel.PHONE,
        "shared_on": _days_ago(1),
    }
    return data_share_record(**{**fields, **overrides})


def _refusal(user, case, organisation, **overrides) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        _share(user, case, organisation, **overrides)
    assert not DataShare.objects.exists()
    assert not ReviewItem.objects.exists()
    return refused.value


def _codes(error: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}


# --- What a share must name -----------------------------------------------------------------


def test_share_without_categories_is_refused(case, professional_a, corporation):
    error = _refusal(professional_a, case, corporation, categories=[])

    assert error.message_dict == {"categories": ["Kies welke soorten gegevens je hebt gedeeld."]}


def test_share_with_an_unknown_category_is_refused(case, professional_a, corporation):
    error = _refusal(professional_a, case, corporation, categories=["identiteit", "dossier"])

    assert _codes(error) == {"categories": {"categories_invalid"}}


def test_share_on_consent_without_a_consent_record_is_refused(case, professional_a, corporation):
    error = _refusal(
        professional_a, case, corporation, legal_basis=LegalBasis.CONSENT, legal_article=""
    )

    assert error.message_dict == {
        "consent": ["Kies de toestemming van de inwoner waarop je deelt."]
    }


def test_share_on_a_withdrawn_consent_is_refused(case, professional_a, corporation, consent):
    consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=_days_ago(3))

    error = _refusal(
        professional_a,
        case,
        corporation,
        legal_basis=LegalBasis.CONSENT,
        consent=consent,
        legal_article="",
    )

    date = f"{_days_ago(3):%d-%m-%Y}"
    assert error.message_dict == {
        "consent": [
            f"Deze toestemming is ingetrokken op {date}; op deze grondslag kan niet meer "
            "worden gedeeld."
        ]
    }


def test_share_on_the_day_of_withdrawal_is_refused(case, professional_a, corporation, consent):
    consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=_days_ago(1))

    error = _refusal(
        professional_a,
        case,
        corporation,
        legal_basis=LegalBasis.CONSENT,
        consent=consent,
        shared_on=_days_ago(1),
    )

    assert _codes(error) == {"consent": {"consent_withdrawn"}}


def test_share_recorded_for_a_day_before_withdrawal_still_rests_on_the_consent(
    case, professional_a, corporation, consent
):
    consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=_days_ago(1))

    share = _share(
        professional_a,
        case,
        corporation,
        legal_basis=LegalBasis.CONSENT,
        consent=consent,
        shared_on=_days_ago(2),
    )

    assert share.consent == consent


def test_share_before_the_consent_was_given_is_refused(case, professional_a, corporation, consent):
    error = _refusal(
        professional_a,
        case,
        corporation,
        legal_basis=LegalBasis.CONSENT,
        consent=consent,
        shared_on=_days_ago(31),
    )

    assert _codes(error) == {"consent": {"consent_not_yet_given"}}


def test_share_on_another_residents_consent_is_refused(
    make_case, case, professional_a, corporation
):
    other = make_case()
    elses = consent_record(
        acting_user=professional_a,
        resident=other.primary_resident,
        scope_organisations="Iedereen",
        scope_purposes="Alles",
        given_on=_days_ago(30),
    )

    error = _refusal(
        professional_a, case, corporation, legal_basis=LegalBasis.CONSENT, consent=elses
    )

    assert _codes(error) == {"consent": {"consent_other_resident"}}


def test_share_on_a_legal_task_without_article_is_refused(case, professional_a, corporation):
    error = _refusal(professional_a, case, corporation, legal_article="   ")

    assert error.message_dict == {
        "legal_article": [
            "Noem bij een wettelijke taak de wet en het artikel, bijvoorbeeld Wmo 2015 art. 5.2.1."
        ]
    }


def test_share_dated_in_the_future_is_refused(case, professional_a, corporation):
    error = _refusal(professional_a, case, corporation, shared_on=in_days(1))

    assert error.message_dict == {"shared_on": ["Deze datum ligt in de toekomst."]}


def test_share_about_a_resident_outside_the_case_is_refused(
    make_case, case, professional_a, corporation
):
    outsider = make_case().primary_resident

    error = _refusal(professional_a, case, corporation, resident=outsider)

    assert error.message_dict == {
        "resident": ["Deze inwoner hoort niet bij het huishouden van deze casus."]
    }


def test_share_without_purpose_is_refused(case, professional_a, corporation):
    error = _refusal(professional_a, case, corporation, purpose="")

    assert "purpose" in error.message_dict


def test_share_on_another_basis_does_not_keep_a_consent(case, professional_a, corporation, consent):
    share = _share(professional_a, case, corporation, consent=consent)

    assert share.consent is None


# --- The review queue -----------------------------------------------------------------------


def test_share_on_an_active_consent_is_queued_as_a_new_share(
    case, professional_a, corporation, consent
):
    share = _share(
        professional_a,
        case,
        corporation,
        legal_basis=LegalBasis.CONSENT,
        consent=consent,
        legal_article="",
    )

    item = ReviewItem.objects.get()
    assert (item.kind, item.data_share, item.subject_user) == (
        ReviewKind.SHARE,
        share,
        professional_a,
    )


def test_review_summary_names_organisation_basis_person_and_case(case, professional_a, corporation):
    _share(professional_a, case, corporation)

    assert ReviewItem.objects.get().summary == (
        f"Deling met Woonstichting De Kern (Wettelijke taak) door Femke de Vries, "
        f"casus {case.reference}"
    )


@pytest.mark.parametrize(
    ("basis", "article", "kind"),
    [
        (LegalBasis.LEGAL_TASK, "Jeugdwet art. 7.4.0", ReviewKind.SHARE),
        (LegalBasis.COVENANT, "Convenant Zorg en Veiligheid 2025", ReviewKind.SHARE),
        (LegalBasis.COVENANT, "", ReviewKind.SHARE_UNFOUNDED),
        (LegalBasis.VITAL_INTEREST, "", ReviewKind.SHARE_UNFOUNDED),
        (
            LegalBasis.VITAL_INTEREST,
            "AVG art. 6 lid 1 sub d: acuut suïcidegevaar",
            ReviewKind.SHARE,
        ),
    ],
)
def test_each_share_is_queued_with_the_kind_its_basis_deserves(
    case, professional_a, corporation, basis, article, kind
):
    _share(professional_a, case, corporation, legal_basis=basis, legal_article=article)

    assert list(ReviewItem.objects.values_list("kind", flat=True)) == [kind]


def test_every_share_gets_its_own_review_item(case, professional_a, corporation):
    first = _share(professional_a, case, corporation)
    second = _share(professional_a, case, corporation, purpose="Schuldhulp starten")

    assert set(ReviewItem.objects.values_list("data_share", flat=True)) == {first.pk, second.pk}


# --- Withdrawing consent --------------------------------------------------------------------


def test_consent_withdrawal_is_recorded(consent, professional_a):
    consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=_days_ago(2))

    consent.refresh_from_db()
    assert consent.withdrawn_on == _days_ago(2)
    assert consent.history.latest().history_user == professional_a


def test_consent_cannot_be_withdrawn_before_it_was_given(consent, professional_a):
    with pytest.raises(ValidationError) as refused:
        consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=_days_ago(31))

    assert _codes(refused.value) == {"withdrawn_on": {"withdrawn_before_given"}}
    assert "vóór de datum waarop ze is gegeven" in refused.value.messages[0]
    assert Consent.objects.get().withdrawn_on is None


def test_consent_cannot_be_withdrawn_in_the_future(consent, professional_a):
    with pytest.raises(ValidationError) as refused:
        consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=in_days(1))

    assert refused.value.message_dict == {"withdrawn_on": ["Deze datum ligt in de toekomst."]}
    assert Consent.objects.get().withdrawn_on is None


def test_consent_cannot_be_withdrawn_twice(consent, professional_a):
    consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=_days_ago(5))

    with pytest.raises(ValidationError) as refused:
        consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=_days_ago(1))

    assert _codes(refused.value) == {"withdrawn_on": {"already_withdrawn"}}
    assert Consent.objects.get().withdrawn_on == _days_ago(5)


def test_withdrawal_can_be_on_the_day_the_consent_was_given(consent, professional_a):
    consent_withdraw(acting_user=professional_a, consent=consent, withdrawn_on=consent.given_on)

    assert Consent.objects.get().withdrawn_on == consent.given_on


# --- Sharing at the doorbraaktafel ----------------------------------------------------------


@pytest.fixture
def wijkagent(db):
    police = factories.OrganisationFactory(name="Politie", kind=OrganisationKind.POLICE)
    return user_create(
        username="wijkagent",
        first_name="Ruud",
        last_name="de Graaf",
        roles=[Role.PARTNER],
        organisation=police,
    )


@pytest.fixture
def agenda_item(case, team_a, teamleider_a):
    meeting = meeting_on(team_a, in_days(7))
    return place(meeting, case, teamleider_a)


def test_doorbraak_share_still_writes_a_share_and_a_review_item(
    agenda_item, teamleider_a, wijkagent
):
    doorbraak.participant_invite(
        acting_user=teamleider_a, meeting=agenda_item.meeting, user=wijkagent
    )

    doorbraak.item_share_with_partners(
        acting_user=teamleider_a,
        item=agenda_item,
        legal_basis=LegalBasis.LEGAL_TASK,
        legal_article="Wmo 2015 art. 5.2.1",
    )

    share = DataShare.objects.get()
    assert (share.agenda_item, share.recipient_organisation) == (
        agenda_item,
        wijkagent.organisation,
    )
    assert share.channel == ShareChannel.DOORBRAAKTAFEL
    assert ReviewItem.objects.get().data_share == share


def test_doorbraak_share_on_consent_writes_a_share_on_that_consent(
    agenda_item, teamleider_a, professional_a, wijkagent
):
    consent = consent_record(
        acting_user=professional_a,
        resident=agenda_item.case.primary_resident,
        scope_organisations="Deelnemers aan de doorbraaktafel",
        scope_purposes="Een oplossing zoeken",
        given_on=_days_ago(10),
    )
    doorbraak.participant_invite(
        acting_user=teamleider_a, meeting=agenda_item.meeting, user=wijkagent
    )

    doorbraak.item_share_with_partners(
        acting_user=teamleider_a,
        item=agenda_item,
        legal_basis=LegalBasis.CONSENT,
        consent=consent,
    )

    share = DataShare.objects.get()
    assert (share.legal_basis, share.consent) == (LegalBasis.CONSENT, consent)
    assert ReviewItem.objects.get().kind == ReviewKind.SHARE

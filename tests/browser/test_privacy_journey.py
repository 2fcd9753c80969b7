"""Privacy in a real browser. The privacy officer finds out who saw a resident's file,
judges a data share in the review queue, produces the access request PDF and reads the
retention dry run. A professional of another team opens a file with emergency access (a
too-short reason is refused in Dutch) and the access lands in the review queue; a withdrawn
consent cannot carry a new share."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.constants import OrganisationKind
from cases import services as case_services
from cases.constants import CaseOutcome, CaseStatus
from cases.permissions import access_case
from privacy.constants import DataCategory, LegalBasis, ReviewKind, ReviewStatus, ShareChannel
from privacy.models import DataShare, ReviewItem
from privacy.services import consent_record, consent_withdraw, data_share_record
from tests.cases import factories
from tests.cases.factories import OrganisationFactory
from tests.doorbraak.test_pdf import pdf_text

RESIDENT = ("Fatima", "Ouali")


@pytest.fixture
def housing(db):
    return OrganisationFactory(name="Woonstichting Demodam", kind=OrganisationKind.HOUSING)


@pytest.fixture
def ouali_case(make_case, professional_a):
    head = factories.resident(
        acting_user=professional_a, first_name=RESIDENT[0], last_name=RESIDENT[1]
    )
    return make_case(residents=[head])


def test_privacy_officer_answers_who_saw_a_file_reviews_a_share_and_produces_the_pdf(
    page, log_in, privacy_officer, professional_a, ouali_case, housing, make_case, tmp_path
):
    access_case(professional_a, ouali_case.pk)  # Femke opened the file
    data_share_record(
        acting_user=professional_a,
        resident=ouali_case.primary_resident,
        case=ouali_case,
        recipient_organisation=housing,
        categories=[DataCategory.FINANCES, DataCategory.HOUSING],
        legal_basis=LegalBasis.LEGAL_TASK,
        legal_article="Wet gemeentelijke schuldhulpverlening art. 3",
        purpose="Huisuitzetting voorkomen",
        channel=ShareChannel.PHONE,
        shared_on=timezone.localdate(),
    )
    old = make_case(reported_on=date(2017, 3, 6))
    case_services.case_change_status(
        acting_user=professional_a,
        case=old,
        expected_version=None,
        to_status=CaseStatus.CLOSED,
        outcome=CaseOutcome.INFORMAL,
        changed_on=date(2019, 2, 14),
    )
    log_in(privacy_officer)

    # Who has seen Ms Ouali's file?
    expect(page.get_by_role("heading", name="Privacy", level=1)).to_be_visible()
    page.get_by_role("link", name="Toegangslog doorzoeken").click()
    page.get_by_label("Zoekterm").fill("Ouali")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=re.compile(r"Wie zag dit dossier.*Fatima Ouali")).click()
    log_table = page.get_by_role("table")
    expect(log_table).to_contain_text("Femke de Vries")
    expect(log_table).to_contain_text(ouali_case.reference)
    expect(page.locator("main")).not_to_contain_text(ouali_case.question)

    # The share is in the queue; the officer approves it.
    page.get_by_role("link", name="Privacy", exact=True).first.click()
    page.get_by_role("link", name="Beoordelingswachtrij").first.click()
    page.get_by_role("link", name=re.compile("Deling met Woonstichting Demodam")).click()
    expect(page.locator("main")).to_contain_text("Wet gemeentelijke schuldhulpverlening art. 3")
    page.get_by_role("button", name="Akkoord").click()
    expect(page.locator("main")).to_contain_text("Akkoord")
    share_review = ReviewItem.objects.get(kind=ReviewKind.SHARE)
    assert share_review.status == ReviewStatus.APPROVED
    assert share_review.decided_by == privacy_officer

    # The access request: recorded, then the PDF for the resident.
    page.goto(f"/privacy/inwoners/{ouali_case.primary_resident_id}/")
    page.get_by_role("link", name="Inzageverzoek").click()
    page.get_by_label("Ontvangen op").fill(timezone.localdate().strftime("%Y-%m-%d"))
    page.get_by_role("button", name="Inzageverzoek vastleggen").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^PDF")).first.click()
    pdf = tmp_path / "inzage.pdf"
    download.value.save_as(pdf)
    text = pdf_text(pdf.read_bytes())
    assert "Fatima" in text and "Ouali" in text
    assert "Femke de Vries" in text  # who viewed the file
    assert ouali_case.reference in text

    # The retention dry run names the file closed in 2019.
    page.goto("/privacy/")
    page.get_by_role("link", name="Bewaartermijnen").first.click()
    expect(page.locator("main")).to_contain_text(old.reference)
    expect(page.locator("main")).to_contain_text("Wat gaat er vannacht weg")


def test_emergency_access_needs_a_reason_and_lands_in_the_review_queue(
    page, log_in, professional_b, ouali_case
):
    log_in(professional_b)
    page.get_by_role("link", name="Noodtoegang").first.click()
    page.get_by_label("Casusnummer of BSN").fill(ouali_case.reference)
    page.get_by_label(re.compile("Waarom moet je dit dossier nu openen")).fill("Crisis")
    page.get_by_role("button", name="Noodtoegang openen").click()
    expect(page.locator("main")).to_contain_text("ten minste 20 tekens")
    assert not ReviewItem.objects.filter(kind=ReviewKind.EMERGENCY).exists()

    page.get_by_label(re.compile("Waarom moet je dit dossier nu openen")).fill(
        "Politie belt: acute crisis, de regisseur is niet bereikbaar."
    )
    page.get_by_role("button", name="Noodtoegang openen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fatima Ouali")
    expect(page.locator("main")).to_contain_text(ouali_case.reference)
    expect(page.locator("main")).to_contain_text("Noodtoegang tot")
    review = ReviewItem.objects.get(kind=ReviewKind.EMERGENCY)
    assert review.subject_user == professional_b
    assert review.emergency_access.expires_at > timezone.now() + timedelta(hours=7)


def test_a_withdrawn_consent_cannot_carry_a_new_share(
    page, log_in, professional_a, ouali_case, housing
):
    consent = consent_record(
        acting_user=professional_a,
        resident=ouali_case.primary_resident,
        scope_organisations="Woonstichting Demodam",
        scope_purposes="Woonbegeleiding",
        given_on=timezone.localdate() - timedelta(days=30),
    )
    consent_withdraw(
        acting_user=professional_a,
        consent=consent,
        withdrawn_on=timezone.localdate() - timedelta(days=1),
    )
    log_in(professional_a)
    page.goto(f"/casussen/{ouali_case.pk}/")
    expect(page.locator("main")).to_contain_text("Ingetrokken op")

    page.goto(f"/casussen/{ouali_case.pk}/delingen/nieuw/")
    page.get_by_label("Over welke inwoner").select_option(label="Fatima Ouali")
    page.get_by_label("Ontvangende organisatie").select_option(label="Woonstichting Demodam")
    page.get_by_label("Financiën").check()
    page.get_by_label("Toestemming van de inwoner", exact=True).check()
    page.get_by_label("Toestemming van de inwoner", exact=False).last.select_option(index=1)
    page.get_by_label("Doel").fill("Woonbegeleiding afstemmen")
    page.get_by_label("Kanaal").select_option(label="Telefoon")
    page.get_by_label("Gedeeld op").fill(timezone.localdate().strftime("%Y-%m-%d"))
    page.get_by_role("button", name=re.compile("vastleggen", re.IGNORECASE)).click()
    expect(page.locator("main")).to_contain_text("ingetrokken")
    assert not DataShare.objects.exists()

"""The casework journey in a real browser: what a professional of a wijkteam does on a first
report, from logging in to the first contact moment, and the access rules they meet on the
way. Every step asserts what the person sees on the page; the database is only consulted
for what the page cannot show (nothing saved after an error, the access log)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from cases.models import Case, Household, Resident
from privacy.constants import AccessAction
from privacy.models import AccessLog

VALID_BSN = "123456782"
MASKED_BSN = "*****6782"
RESIDENT_NAME = "Fatima el Amrani"


def _heading(page):
    return page.get_by_role("heading", level=1)


def test_professional_registers_a_report_and_logs_the_first_contact(
    page, log_in, professional_a, artifacts_dir
):
    # 1. Log in and land on the own case list.
    log_in(professional_a)
    expect(_heading(page)).to_have_text("Mijn casussen")

    # 2. Register the resident; a BSN that fails the elfproef is refused in Dutch.
    page.get_by_role("main").get_by_role("link", name="Nieuwe aanmelding").click()
    expect(_heading(page)).to_have_text("Nieuwe inwoner registreren")
    page.get_by_label("Voornaam").fill("Fatima")
    page.get_by_label("Tussenvoegsel").fill("el")
    page.get_by_label("Achternaam").fill("Amrani")
    page.get_by_label("BSN").fill("123456789")
    page.get_by_role("button", name="Inwoner registreren").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Er is iets niet goed ingevuld")
    expect(summary.get_by_role("link", name=re.compile("^BSN:"))).to_contain_text("elfproef")
    expect(page.get_by_label("BSN")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Voornaam")).to_have_value("Fatima")  # typed input is kept
    assert not Resident.objects.exists()

    page.get_by_label("BSN").fill(VALID_BSN)
    page.get_by_role("button", name="Inwoner registreren").click()
    expect(_heading(page)).to_have_text(RESIDENT_NAME)
    expect(page.get_by_role("status")).to_contain_text("geregistreerd")
    resident_url = page.url

    # 3. Register the household; a postcode that is not Dutch is refused in Dutch.
    page.get_by_role("link", name="Huishouden registreren").click()
    expect(_heading(page)).to_have_text("Nieuw huishouden")
    page.get_by_label("Straat").fill("Hambakenwetering")
    page.get_by_label("Huisnummer", exact=True).fill("12")
    page.get_by_label("Postcode").fill("12345")
    page.get_by_label("Plaats").fill("Den Bosch")
    page.get_by_role("button", name="Huishouden registreren").click()

    expect(page.get_by_role("alert")).to_contain_text("Vul een Nederlandse postcode in")
    assert not Household.objects.exists()

    page.get_by_label("Postcode").fill("1234ab")
    page.get_by_role("button", name="Huishouden registreren").click()
    expect(_heading(page)).to_have_text("Hambakenwetering 12, 1234 AB Den Bosch")
    expect(page.get_by_role("region", name="Leden", exact=True)).to_contain_text(RESIDENT_NAME)

    # 4. Open the case for the household.
    page.get_by_role("link", name="Casus openen").click()
    expect(_heading(page)).to_contain_text("Casus openen voor Hambakenwetering 12")
    page.get_by_label("Bron van de melding").select_option(label="Huisarts")
    page.get_by_label("Hulpvraag").fill("Huurachterstand; post wordt niet meer geopend.")
    page.get_by_role("button", name="Casus openen").click()

    expect(_heading(page)).to_contain_text(RESIDENT_NAME)
    expect(_heading(page)).to_contain_text("Aangemeld")
    expect(page.get_by_role("status")).to_contain_text("geopend")
    expect(page.get_by_text(f"Casus {Case.objects.get().reference}")).to_be_visible()
    involved = page.get_by_role("region", name="Wie werken er nog meer met dit huishouden?")
    expect(involved.locator(".person").first).to_contain_text("Femke de Vries")
    expect(involved.locator(".person").first).to_contain_text("Casusregisseur")
    case_url = page.url

    # 5. Log the first contact moment; it shows in the journal.
    page.get_by_role("link", name="Contactmoment vastleggen").first.click()
    expect(_heading(page)).to_have_text("Contactmoment vastleggen")
    page.get_by_label("Soort contact").select_option(label="Huisbezoek")
    page.get_by_label("Onderwerp").fill("Kennismaking thuis")
    page.get_by_label("Verslag").fill("Stapel ongeopende post samen doorgenomen.")
    page.get_by_role("button", name="Vastleggen").click()

    expect(_heading(page)).to_contain_text(RESIDENT_NAME)
    journal = page.get_by_role("region", name="Journaal", exact=True)
    expect(journal).to_contain_text("Kennismaking thuis")
    expect(journal).to_contain_text("Huisbezoek · Femke de Vries")

    # 6. The case page shows the BSN masked, never in full.
    household = page.get_by_role("region", name="Huishouden", exact=True)
    expect(household.get_by_role("row", name=RESIDENT_NAME)).to_contain_text(MASKED_BSN)
    assert VALID_BSN not in page.content()

    # 7. A full-page screenshot of the case page, for a person to look at.
    page.screenshot(path=artifacts_dir / "case_page.png", full_page=True)

    # 6 (continued). Revealing the full BSN is a deliberate act on the resident page,
    # swapped in place by htmx (the address stays the same) and written to the access log.
    household.get_by_role("link", name=RESIDENT_NAME).click()
    expect(_heading(page)).to_have_text(RESIDENT_NAME)
    assert page.url == resident_url
    expect(page.get_by_text(MASKED_BSN)).to_be_visible()
    assert not AccessLog.objects.filter(action=AccessAction.BSN_REVEAL).exists()

    page.get_by_role("button", name="Toon BSN").click()
    expect(page.get_by_text(VALID_BSN)).to_be_visible()
    expect(page.get_by_text("getoond en vastgelegd in het toegangslog")).to_be_visible()
    assert page.url == resident_url  # swapped in place, not a full page load
    reveal = AccessLog.objects.get(action=AccessAction.BSN_REVEAL)
    assert reveal.user == professional_a
    assert reveal.object_type == "resident"
    assert reveal.object_id_ref == Resident.objects.get().pk
    assert reveal.granted

    # Back on the case page the BSN is masked again, and so it is in the case history.
    page.goto(case_url)
    expect(page.get_by_role("region", name="Huishouden", exact=True)).to_contain_text(MASKED_BSN)
    assert VALID_BSN not in page.content()
    page.get_by_role("link", name="Alle wijzigingen bekijken").click()
    expect(_heading(page)).to_contain_text("Geschiedenis van casus")
    expect(page.get_by_role("main")).to_contain_text(f"BSN: {MASKED_BSN}")
    assert VALID_BSN not in page.content()


def test_teamleider_assigns_a_coordinator(page, log_in, teamleider_a, colleague_a, make_case):
    case = make_case(coordinator=None)
    resident_name = case.primary_resident.full_name
    log_in(teamleider_a)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Team", exact=True
    ).click()
    expect(_heading(page)).to_have_text("Casussen van Wijkteam Noord")
    page.get_by_role("link", name=case.reference).click()
    expect(_heading(page)).to_contain_text(resident_name)
    facts = page.get_by_role("region", name="Aanmelding", exact=True)
    expect(facts).to_contain_text("Nog niet toegewezen")

    facts.get_by_role("link", name="wijzigen", exact=True).click()
    expect(_heading(page)).to_have_text(f"Casusregisseur van {case.reference}")
    page.get_by_label("Casusregisseur").select_option(label="Sanne Bakker")
    page.get_by_role("button", name="Opslaan").click()

    expect(_heading(page)).to_contain_text(resident_name)
    expect(page.get_by_role("status")).to_contain_text("casusregisseur is gewijzigd")
    expect(facts).to_contain_text("Sanne Bakker")
    involved = page.get_by_role("region", name="Wie werken er nog meer met dit huishouden?")
    expect(involved.locator(".person").first).to_contain_text("Sanne Bakker")


def test_professional_of_another_team_gets_not_found_for_a_case_url(
    page, log_in, professional_b, case
):
    log_in(professional_b)

    response = page.goto(f"/casussen/{case.pk}/")

    assert response is not None and response.status == 404
    expect(_heading(page)).to_have_text("Niet gevonden")
    expect(page.get_by_role("main")).not_to_contain_text(case.primary_resident.last_name)
    expect(page.get_by_role("main")).not_to_contain_text(case.reference)
    assert AccessLog.objects.filter(
        user=professional_b, granted=False, object_type="case", object_id_ref=case.pk
    ).exists()


def test_first_tab_on_login_page_focuses_the_skip_link(page, live_server):
    page.goto("/accounts/login/")
    expect(_heading(page)).to_have_text("Inloggen")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused(timeout=2_000)  # a key press moves focus at once
    expect(skip_link).to_be_visible()  # hidden until focused, then shown

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

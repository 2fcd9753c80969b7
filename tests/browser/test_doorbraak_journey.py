"""The doorbraaktafel in a real browser: the teamleider goes from the professionals'
nominations to a fixed agenda, its PDF, the meeting itself (the train-pass breakthrough from
the brief, an action, a postponed item) and sees the open action come back on the next
agenda; a partner from the police sees only the item shared with them; a negative amount
is refused in Dutch. Every step asserts what the person sees; the database is only
consulted for what the page cannot show (nothing saved after an error)."""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from accounts.constants import OrganisationKind, Role
from accounts.services import user_create
from doorbraak import services
from doorbraak.constants import ItemStatus
from doorbraak.models import AgendaItem, Breakthrough
from privacy.constants import LegalBasis
from tests.browser.conftest import PASSWORD
from tests.cases import factories
from tests.cases.factories import OrganisationFactory
from tests.doorbraak.conftest import in_days, meeting_on, nominate, place
from tests.stability.conftest import all_rules, assess
from tests.stressors.conftest import register

TRAIN_PASS_MAN = "Kevin de Boer"  # K. de B.: rides trains without a ticket
DEBTS_MOTHER = "Ria Jansen"  # R. J.: severe debts for months, stability declining
SUGGESTED = "Noor Ouali"  # N. O.: declining, not nominated by anyone

BARRIER = "Geen vervoersvoorziening in de regels"
DECISION = "Jaarkaart NS via bijzondere bijstand"
MANDATE = "Teamleider Werk en Inkomen"
ACTION = "Aanvraag bijzondere bijstand voor de jaarkaart indienen"


@pytest.fixture
def stressor_catalogue(transactional_db) -> None:
    """The stressor catalogue comes from a data migration; a live-server test before this
    one flushed it. Put it back the way a new installation gets it."""
    migration = importlib.import_module("stressors.migrations.0002_initial_catalogue")
    migration.load_catalogue(apps, None)


@pytest.fixture
def wijkagent(db):
    """A partner participant from the police, who can log in."""
    police = OrganisationFactory(name="Politie Oost-Brabant", kind=OrganisationKind.POLICE)
    return user_create(
        username="wijkagent",
        first_name="Ruud",
        last_name="de Graaf",
        roles=[Role.PARTNER],
        organisation=police,
        password=PASSWORD,
    )


def _resident(name: str, acting_user):
    first_name, last_name = name.split(" ", 1)
    prefix, _, last = last_name.rpartition(" ")
    return factories.resident(
        acting_user=acting_user, first_name=first_name, name_prefix=prefix, last_name=last
    )


def _case_of(name: str, make_case, coordinator):
    """An open case for `name`, reported a year ago (room for a history of assessments)."""
    return make_case(
        acting_user=coordinator,
        coordinator=coordinator,
        residents=[_resident(name, coordinator)],
        reported_on=factories.days_ago(365),
    )


def _declining(case, user) -> None:
    assess(case, acting_user=user, days_ago=42, **all_rules(4))
    assess(case, acting_user=user, **{**all_rules(4), "finances": 2})


def _dutch_date(day, fmt: str) -> str:
    with translation.override("nl"):
        return date_format(day, fmt)


def _heading(page):
    return page.get_by_role("heading", level=1)


def _status(page):
    return page.get_by_role("status")


def _region(page, name: str):
    return page.get_by_role("region", name=name, exact=True)


def _title_with_status(title: str, status: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(title)}\s+{status}$")


def _pdf_text(page, link_name: str, tmp_path) -> str:
    """Fetch the PDF behind a link with the logged-in browser's session; its text, as
    poppler's pdftotext reads it (CI installs poppler-utils)."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "Reading the PDFs needs pdftotext: apt-get install poppler-utils."
    href = page.get_by_role("link", name=link_name).get_attribute("href")
    response = page.request.get(href)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    path = tmp_path / f"{link_name.split()[0].lower()}.pdf"
    path.write_bytes(response.body())
    extracted = subprocess.run(  # noqa: S603 (a fixed tool on a file the test wrote)
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    )
    return extracted.stdout


def _open_meeting(page, day) -> None:
    """From anywhere: the main menu, the list of meetings, the meeting of `day`."""
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Doorbraaktafel", exact=True
    ).click()
    expect(_heading(page)).to_have_text("Doorbraaktafel")
    page.get_by_role("link", name=_dutch_date(day, "l j F Y")).click()
    expect(_heading(page)).to_contain_text(f"Doorbraaktafel {_dutch_date(day, 'l j F Y')}")


def test_teamleider_prepares_and_chairs_the_doorbraaktafel(
    page,
    log_in,
    teamleider_a,
    professional_a,
    colleague_a,
    make_case,
    wijkagent,
    stressor_catalogue,
    artifacts_dir,
    tmp_path,
):
    # The team's next two tables, as the scheduler keeps them; two nominations, one by each
    # coordinator, and a declining case nobody nominated.
    meeting = meeting_on(teamleider_a.team, in_days(7))
    next_meeting = meeting_on(teamleider_a.team, in_days(21))
    mother = _case_of(DEBTS_MOTHER, make_case, professional_a)
    register(mother, acting_user=professional_a, severity=3, registered_on=factories.days_ago(70))
    _declining(mother, professional_a)
    nominate(meeting, mother, professional_a)
    train = _case_of(TRAIN_PASS_MAN, make_case, colleague_a)
    nominate(
        meeting,
        train,
        colleague_a,
        stuck="Reist zonder kaartje; boetes en detentie lopen op.",
        blocked_by="Participatiewet: geen vervoersvoorziening",
        ask="Kan de gemeente een jaarkaart NS betalen?",
    )
    suggested = _case_of(SUGGESTED, make_case, professional_a)
    _declining(suggested, professional_a)
    refs = {"mother": mother.reference, "train": train.reference, "new": suggested.reference}

    # 1. The teamleider opens the coming table: two nominations to judge.
    log_in(teamleider_a)
    _open_meeting(page, meeting.date)
    expect(_heading(page)).to_contain_text("Gepland")
    nominations = _region(page, "Voordrachten van professionals (2)")
    expect(nominations.locator(".agenda__title")).to_have_text(
        [f"{refs['mother']} · R. J.", f"{refs['train']} · K. de B."]
    )
    expect(_region(page, "Agenda (0)")).to_contain_text("Nog geen punten op de agenda")

    # 2. Both go on the agenda, in the order they came in; the train pass moves up.
    for ref in (refs["mother"], refs["train"]):
        page.get_by_role("button", name=f"Op de agenda ({ref})").click()
        expect(_status(page)).to_contain_text(f"Casus {ref} staat op de agenda.")
    agenda_titles = page.locator("#agenda .agenda__title")
    expect(agenda_titles).to_have_text([f"{refs['mother']} · R. J.", f"{refs['train']} · K. de B."])
    expect(page.get_by_role("button", name=f"Omhoog ({refs['mother']})")).to_be_disabled()
    page.get_by_role("button", name=f"Omhoog ({refs['train']})").click()
    expect(agenda_titles).to_have_text([f"{refs['train']} · K. de B.", f"{refs['mother']} · R. J."])
    expect(_region(page, "Voordrachten van professionals (0)")).to_contain_text(
        "Geen nieuwe voordrachten."
    )

    # 3. The declining case is suggested; the teamleider puts it on with a question.
    suggestions = _region(page, "Suggesties voor de agenda")
    expect(suggestions).to_contain_text(f"{refs['new']} · N. O.")
    expect(suggestions).not_to_contain_text(refs["mother"])  # on the agenda already
    suggestions.get_by_role("link", name=f"Op de agenda… ({refs['new']})").click()
    expect(_heading(page)).to_have_text(
        f"Casus op de agenda van {_dutch_date(meeting.date, 'j F Y')}"
    )
    expect(page.get_by_label("Casus", exact=True)).to_have_value(str(suggested.pk))
    page.get_by_label("Wat zit vast?").fill("Stabiliteit daalt sinds het verlies van haar werk.")
    page.get_by_label("Wat vraag je aan de tafel?").fill("Wie kan dagbesteding regelen?")
    page.get_by_role("button", name="Op de agenda zetten").click()
    expect(_status(page)).to_contain_text("De casus staat op de agenda.")
    expect(agenda_titles).to_have_text(
        [
            f"{refs['train']} · K. de B.",
            f"{refs['mother']} · R. J.",
            f"{refs['new']} · N. O.",
        ]
    )

    # 4. A partner from the police is invited.
    page.get_by_label("Deelnemer uitnodigen").select_option(
        label="Ruud de Graaf – Politie Oost-Brabant"
    )
    page.get_by_role("button", name="Uitnodigen", exact=True).click()
    expect(_status(page)).to_contain_text("De deelnemer is uitgenodigd.")
    expect(_region(page, "Deelnemers (1)")).to_contain_text("Ruud de Graaf – Politie Oost-Brabant")

    # 5. The mother's item is shared with the partners on a legal task with its article.
    page.get_by_role("link", name=f"Delen met partners ({refs['mother']})").click()
    expect(_heading(page)).to_have_text(f"Casus {refs['mother']} delen met de partners")
    expect(_region(page, "Wat de partners te zien krijgen")).to_contain_text("Schulden")
    expect(_region(page, "Met wie")).to_contain_text("Ruud de Graaf – Politie Oost-Brabant")
    assert DEBTS_MOTHER not in page.content()
    page.get_by_label("Grondslag").select_option(label="Wettelijke taak")
    page.get_by_label("Wetsartikel").fill("Wmo 2015 art. 2.3.5")
    page.get_by_role("button", name="Delen met de partners").click()
    expect(_status(page)).to_contain_text(f"Casus {refs['mother']} is gedeeld met de partners")
    shared = page.locator(f"#agenda li:has(h3:has-text('{refs['mother']}'))")
    expect(shared).to_contain_text("Gedeeld met partners (Wettelijke taak)")

    # 6. The agenda is fixed: no more items, the PDF can go out.
    page.get_by_role("button", name="Agenda vaststellen").click()
    expect(_status(page)).to_contain_text("De agenda is vastgesteld.")
    expect(_heading(page)).to_contain_text("Agenda vastgesteld")
    expect(page.get_by_role("button", name=re.compile("^Omhoog"))).to_have_count(0)
    page.screenshot(path=artifacts_dir / "doorbraak_meeting_page.png", full_page=True)

    # 7. The agenda PDF names the cases by reference and initials, never by full name.
    agenda_text = _pdf_text(page, "Agenda (PDF)", tmp_path)
    assert "Agenda doorbraaktafel" in agenda_text
    for ref, initials in ((refs["train"], "K. de B."), (refs["mother"], "R. J.")):
        assert f"{ref} · {initials}" in agenda_text
    assert "Schulden" in agenda_text  # the mother's severe stressor
    for name in (TRAIN_PASS_MAN, DEBTS_MOTHER, SUGGESTED, "Jansen", "Ouali"):
        assert name not in agenda_text

    # 8. Meeting mode: the first item is the train pass.
    page.get_by_role("link", name="Vergadering leiden").click()
    expect(_heading(page)).to_contain_text("Vergadering leiden")
    page.get_by_role("link", name=f"Naar het volgende punt ({refs['train']})").click()
    expect(_heading(page)).to_contain_text(f"Punt 1 van 3: casus {refs['train']} · K. de B.")
    expect(_region(page, "De vraag aan de tafel")).to_contain_text("jaarkaart NS")

    page.get_by_label("Soort barrière").select_option(label="Regel of beleid")
    page.get_by_label("Barrière", exact=True).fill(BARRIER)
    page.get_by_label("Doorbraakbesluit").fill(DECISION)
    page.get_by_label("Wie heeft het mandaat?").fill(MANDATE)
    page.get_by_label("Kosten huidige route per jaar").fill("50.000")
    page.get_by_label("Kosten oplossing").fill("3.000")
    page.get_by_label("Structureel (weeffout)").check()
    page.get_by_label("Wet of domein van het signaal").select_option(label="Participatiewet")
    page.get_by_label("Beschrijving voor beleid").fill(
        "De Participatiewet kent geen vervoersvoorziening voor wie door ziekte boetes opbouwt."
    )
    page.get_by_role("button", name="Doorbraak opslaan").click()

    expect(_status(page)).to_contain_text("De doorbraak is vastgelegd.")
    expect(_heading(page)).to_contain_text("Besproken")
    breakthrough = _region(page, "Doorbraak")
    expect(breakthrough.locator(".saving-box")).to_have_text("Besparing per jaar: € 47.000,00")
    expect(breakthrough).to_contain_text(f"Regel of beleid: {BARRIER}")
    expect(breakthrough).to_contain_text(DECISION)
    expect(breakthrough).to_contain_text(MANDATE)
    expect(breakthrough).to_contain_text("Beleidssignaal vastgelegd (Participatiewet).")

    # An action for the coordinator, due ten days after the table.
    due = meeting.date + timedelta(days=10)
    actions = _region(page, "Acties")
    expect(actions).to_contain_text("Nog geen acties afgesproken.")
    page.get_by_label("Actie", exact=True).fill(ACTION)
    page.get_by_label("Wie voert de actie uit?").select_option(label="Sanne Bakker")
    page.get_by_label("Uiterlijk klaar op").fill(due.isoformat())
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(_status(page)).to_contain_text("De actie is toegevoegd.")
    row = actions.get_by_role("row", name=re.compile(ACTION))
    expect(row).to_contain_text("Sanne Bakker")
    expect(row).to_contain_text(_dutch_date(due, "j b Y"))
    page.screenshot(path=artifacts_dir / "doorbraak_item_page.png", full_page=True)

    # 9. The mother's item is postponed; the table closes; the third item is postponed too.
    page.get_by_role("link", name=f"Volgend punt ({refs['mother']})").first.click()
    expect(_heading(page)).to_contain_text(f"Punt 2 van 3: casus {refs['mother']} · R. J.")
    page.get_by_label("Reden van uitstel").fill("De woningcorporatie was er niet.")
    page.get_by_role("button", name="Punt uitstellen").click()
    expect(_status(page)).to_contain_text("Het agendapunt is uitgesteld.")
    expect(_heading(page)).to_contain_text("Uitgesteld")

    page.get_by_role("link", name="Overzicht").first.click()
    expect(_heading(page)).to_contain_text("Vergadering leiden")
    expect(page.get_by_role("main")).to_contain_text(
        "1 punt is nog niet besproken. Bij afsluiten wordt het uitgesteld."
    )
    page.get_by_label("Algemene aantekeningen").fill("Goed overleg; politie sluit aan.")
    page.get_by_role("button", name="Vergadering afsluiten").click()
    expect(_status(page)).to_contain_text("De vergadering is afgesloten.")
    expect(_heading(page)).to_contain_text("Gehouden")
    expect(agenda_titles).to_have_text(
        [
            _title_with_status(f"{refs['train']} · K. de B.", "Besproken"),
            _title_with_status(f"{refs['mother']} · R. J.", "Uitgesteld"),
            _title_with_status(f"{refs['new']} · N. O.", "Uitgesteld"),
        ]
    )
    minutes_text = _pdf_text(page, "Notulen (PDF)", tmp_path)
    assert DECISION in minutes_text and "47.000,00" in minutes_text
    assert ACTION in minutes_text
    assert TRAIN_PASS_MAN not in minutes_text and "Jansen" not in minutes_text

    # 10. On the next table the open action is among the suggestions, with its owner.
    _open_meeting(page, next_meeting.date)
    open_actions = (
        _region(page, "Suggesties voor de agenda")
        .locator(".suggestions > div")
        .filter(has=page.get_by_role("heading", name="Open acties van eerdere tafels"))
    )
    expect(open_actions).to_contain_text(f"{refs['train']} · K. de B.: {ACTION}")
    expect(open_actions).to_contain_text(f"Sanne Bakker, uiterlijk {_dutch_date(due, 'j b')}")
    expect(
        open_actions.get_by_role("link", name=f"Op de agenda… ({refs['train']})")
    ).to_be_visible()


def test_partner_sees_only_the_item_shared_with_them(
    page, log_in, teamleider_a, professional_a, make_case, wijkagent
):
    meeting = meeting_on(teamleider_a.team, in_days(7))
    shared = _case_of(DEBTS_MOTHER, make_case, professional_a)
    private = _case_of(TRAIN_PASS_MAN, make_case, professional_a)
    shared_item = place(meeting, shared, teamleider_a)
    place(meeting, private, teamleider_a)
    services.participant_invite(acting_user=teamleider_a, meeting=meeting, user=wijkagent)
    services.item_share_with_partners(
        acting_user=teamleider_a,
        item=shared_item,
        legal_basis=LegalBasis.LEGAL_TASK,
        legal_article="Wmo 2015 art. 2.3.5",
    )
    services.agenda_fix(acting_user=teamleider_a, meeting=meeting)

    # The partner logs in and lands on the tables they were invited to.
    log_in(wijkagent)
    expect(_heading(page)).to_have_text("Doorbraaktafel")
    upcoming = _region(page, "Komende doorbraaktafels")
    row = upcoming.get_by_role("row", name=re.compile(_dutch_date(meeting.date, "l j F Y")))
    expect(row.locator("td.num")).to_have_text("1")  # shared with them

    page.get_by_role("link", name=_dutch_date(meeting.date, "l j F Y")).click()
    expect(_heading(page)).to_contain_text("Doorbraaktafel")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2)).to_have_text(
        [f"1. Casus {shared.reference} · R. J."]
    )
    expect(main).not_to_contain_text(private.reference)
    expect(main).to_contain_text("Huurachterstand loopt op")  # the question
    for name in (DEBTS_MOTHER, "Jansen", TRAIN_PASS_MAN):
        assert name not in page.content()


def test_negative_cost_is_refused_in_dutch_and_nothing_is_saved(
    page, log_in, teamleider_a, professional_a, make_case
):
    meeting = meeting_on(teamleider_a.team, in_days(7))
    case = _case_of(TRAIN_PASS_MAN, make_case, professional_a)
    item = place(meeting, case, teamleider_a)
    services.agenda_fix(acting_user=teamleider_a, meeting=meeting)

    log_in(teamleider_a)
    _open_meeting(page, meeting.date)
    page.get_by_role("link", name="Vergadering leiden").click()
    page.get_by_role("link", name=f"Bespreken ({case.reference})").click()
    expect(_heading(page)).to_contain_text(f"Punt 1 van 1: casus {case.reference}")

    page.get_by_label("Soort barrière").select_option(label="Regel of beleid")
    page.get_by_label("Barrière", exact=True).fill(BARRIER)
    page.get_by_label("Doorbraakbesluit").fill(DECISION)
    page.get_by_label("Wie heeft het mandaat?").fill(MANDATE)
    page.get_by_label("Kosten huidige route per jaar").fill("-50.000")
    page.get_by_label("Kosten oplossing").fill("3.000")
    page.get_by_role("button", name="Doorbraak opslaan").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Er is iets niet goed ingevuld")
    expect(
        summary.get_by_role(
            "link", name="Kosten huidige route per jaar (€): Een bedrag kan niet negatief zijn."
        )
    ).to_be_visible()
    cost = page.get_by_label("Kosten huidige route per jaar")
    expect(cost).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Doorbraakbesluit")).to_have_value(DECISION)  # input is kept
    expect(_heading(page)).to_contain_text("Geagendeerd")
    assert not Breakthrough.objects.exists()
    assert AgendaItem.objects.get(pk=item.pk).status == ItemStatus.PLACED

"""The agenda and the minutes of a doorbraaktafel as PDFs, downloaded through the test client
and read back as text: per item only what the table needs (case reference, initials, the
question, the stressors, the stability legs), the minutes with what was decided; never a
BSN, a resident's name or an address. A partner's agenda holds only what was shared with
them. Every download leaves a "print" entry in the access log naming the residents in it.

The meeting is built, run and printed once for this module inside a transaction that is
rolled back at its end: rendering a PDF takes a while, and every test reads the same four
downloads."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from accounts.constants import OrganisationKind, Role
from accounts.services import team_create, user_create
from cases.models import Case
from doorbraak import services
from doorbraak.constants import BarrierKind, PolicyDomain
from doorbraak.models import Meeting
from privacy.constants import AccessAction, LegalBasis
from privacy.models import AccessLog
from stability import services as stability_services
from stability.models import StabilityAssessment
from tests.cases import factories
from tests.cases.factories import OrganisationFactory
from tests.http.conftest import BSN, MASKED_BSN
from tests.stressors.conftest import register

from .conftest import in_days, meeting_on, place

SHARED_STUCK = "Boetes voor zwartrijden lopen op; detentie dreigt."
SHARED_ASK = "Kan de gemeente een jaarabonnement NS betalen in plaats van boetes?"
UNSHARED_ASK = "Mag de schuldhulp starten terwijl de bewindvoering nog loopt?"
DECISION = "Gemeente koopt een jaarabonnement NS; boetes worden bevroren."
MANDATE = "Manager Werk en Inkomen, namens de wethouder"
BARRIER = "Geen vergoeding voor een jaarabonnement OV vanuit de Wmo."
SIGNAL = "Vervoerskosten voor mensen met een psychische aandoening vallen tussen wal en schip."
ACTION = "Jaarabonnement NS aanvragen"
EARLIER_ACTION = "Bewindvoering aanvragen bij de rechtbank"

pytestmark = pytest.mark.django_db  # each test in a savepoint on top of the module's data


def pdf_text(content: bytes) -> str:
    """The text of a PDF, whitespace collapsed: poppler's pdftotext, else pypdf."""
    if shutil.which("pdftotext"):
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"],  # noqa: S607
            input=content,
            capture_output=True,
            check=True,
        )
        text = result.stdout.decode()
    else:
        pypdf = pytest.importorskip("pypdf", reason="neither pdftotext nor pypdf is installed")
        from io import BytesIO

        text = " ".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(content)).pages)
    return " ".join(text.split())


@dataclass
class Download:
    status: int
    headers: dict[str, str]
    text: str
    log: AccessLog | None  # the entry the download wrote
    resident_ids: set[int]


@dataclass
class Printed:
    meeting: Meeting
    fatimas_case: Case  # on the agenda, shared with the partners, decided
    johans_case: Case  # on the agenda, not shared, postponed when the meeting closed
    legs: StabilityAssessment
    downloads: dict[str, Download]


def _download(client: Client, url: str) -> Download:
    newest = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url)
    entries = list(AccessLog.objects.filter(pk__gt=newest, action=AccessAction.PRINT))
    log = entries[0] if len(entries) == 1 else None
    return Download(
        status=response.status_code,
        headers={key: response[key] for key in ("Content-Type", "Cache-Control")},
        text=pdf_text(response.content) if response.status_code == 200 else "",
        log=log,
        resident_ids=set(log.subjects.values_list("resident_id_ref", flat=True)) if log else set(),
    )


def _build() -> Printed:
    team = team_create(name="Wijkteam Noord", district="Noord")
    police = OrganisationFactory(name="Politie Oost-Brabant", kind=OrganisationKind.POLICE)

    def person(username, first, last, role, **extra):
        return user_create(
            username=username, first_name=first, last_name=last, roles=[role], **extra
        )

    lead = person("marloes", "Marloes", "Smit", Role.TEAMLEIDER, team=team)
    femke = person("femke", "Femke", "de Vries", Role.PROFESSIONAL, team=team)
    sanne = person("sanne", "Sanne", "Bakker", Role.PROFESSIONAL, team=team)
    agent = person("wijkagent", "Ruud", "de Graaf", Role.PARTNER, organisation=police)

    fatima = factories.resident(acting_user=femke, first_name="Fatima", last_name="Ouali", bsn=BSN)
    fatimas_case = factories.case(
        acting_user=femke,
        team=team,
        coordinator=femke,
        residents=[fatima],
        reported_on=factories.days_ago(60),
    )
    register(fatimas_case, acting_user=femke, kind="Schulden", severity=3)
    register(fatimas_case, acting_user=femke, kind="Psychische klachten", severity=2)
    legs = _assess_legs(fatimas_case, femke)
    johan = factories.resident(acting_user=sanne, first_name="Johan", last_name="Hermans")
    johans_case = factories.case(acting_user=sanne, team=team, coordinator=sanne, residents=[johan])

    # An action of two weeks ago, still open: it comes back on the chair's agenda.
    earlier = meeting_on(team, in_days(-14))
    earlier_item = place(earlier, fatimas_case, lead)
    services.action_add(
        acting_user=lead,
        item=earlier_item,
        description=EARLIER_ACTION,
        due_date=in_days(3),
        owner=femke,
    )
    services.meeting_close(acting_user=lead, meeting=earlier)

    meeting = meeting_on(team, in_days(0))
    fatimas_item = place(meeting, fatimas_case, lead, stuck=SHARED_STUCK, ask=SHARED_ASK)
    place(meeting, johans_case, lead, ask=UNSHARED_ASK)
    services.participant_invite(acting_user=lead, meeting=meeting, user=agent)
    services.item_share_with_partners(
        acting_user=lead,
        item=fatimas_item,
        legal_basis=LegalBasis.LEGAL_TASK,
        legal_article="Wmo 2015 art. 5.2.1",
    )
    services.agenda_fix(acting_user=lead, meeting=meeting)

    browser = Client()
    downloads = {}
    browser.force_login(lead)
    downloads["agenda"] = _download(browser, reverse("doorbraak:agenda_pdf", args=[meeting.pk]))
    browser.force_login(agent)
    downloads["partner_agenda"] = _download(
        browser, reverse("doorbraak:agenda_pdf", args=[meeting.pk])
    )

    services.breakthrough_record(
        acting_user=lead,
        item=fatimas_item,
        barrier_kind=BarrierKind.RULE,
        barrier=BARRIER,
        decision=DECISION,
        mandate=MANDATE,
        cost_current_path=50000,
        cost_solution=3000,
        is_structural=True,
        signal_domain=PolicyDomain.WMO,
        signal_title="Geen OV-vergoeding in de Wmo",
        signal_description=SIGNAL,
    )
    services.action_add(
        acting_user=lead,
        item=fatimas_item,
        description=ACTION,
        due_date=meeting.date + timedelta(days=14),
        owner=femke,
    )
    services.meeting_close(acting_user=lead, meeting=meeting, notes="Goede opkomst.")
    browser.force_login(lead)
    downloads["minutes"] = _download(browser, reverse("doorbraak:minutes_pdf", args=[meeting.pk]))
    meeting.refresh_from_db()
    return Printed(meeting, fatimas_case, johans_case, legs, downloads)


def _assess_legs(case, user) -> StabilityAssessment:
    """Housing 2 and finances 1 carry the living-environment leg (1); day activity 3 and
    living environment 4 carry taking part (3); fitting support 4 carries continuity (4)."""
    stability, _zrm = stability_services.assessment_record(
        acting_user=user,
        case=case,
        resident=case.primary_resident,
        assessed_on=factories.days_ago(3),
        scores={
            "housing": 2,
            "finances": 1,
            "day_activity": 3,
            "fitting_support": 4,
            "living_environment": 4,
        },
    )
    return stability


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def agenda(printed) -> Download:
    return printed.downloads["agenda"]


@pytest.fixture
def partner_agenda(printed) -> Download:
    return printed.downloads["partner_agenda"]


@pytest.fixture
def minutes(printed) -> Download:
    return printed.downloads["minutes"]


def _private_details(case: Case) -> list[str]:
    resident, home = case.primary_resident, case.household
    return [
        resident.full_name,
        resident.first_name,
        resident.last_name,
        BSN,
        MASKED_BSN,
        home.street,
        home.postcode,
        home.postcode.replace(" ", ""),
    ]


# --- Every download is a PDF that is never cached -------------------------------------------


@pytest.mark.parametrize("name", ["agenda", "partner_agenda", "minutes"])
def test_download_is_a_pdf_that_is_not_kept_in_a_cache(printed, name):
    download = printed.downloads[name]

    assert download.status == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert "no-store" in download.headers["Cache-Control"]


# --- The agenda -----------------------------------------------------------------------------


def test_agenda_names_the_team_date_and_place(printed, agenda):
    day = date_format(printed.meeting.date, "j F Y")

    assert "Agenda doorbraaktafel" in agenda.text
    assert "Wijkteam Noord" in agenda.text
    assert day in agenda.text
    assert printed.meeting.location in agenda.text


def test_agenda_shows_each_case_by_reference_and_initials(printed, agenda):
    assert f"Casus {printed.fatimas_case.reference} · F. O." in agenda.text
    assert f"Casus {printed.johans_case.reference} · J. H." in agenda.text


def test_agenda_shows_the_question_to_the_table(agenda):
    assert SHARED_STUCK in agenda.text
    assert SHARED_ASK in agenda.text
    assert UNSHARED_ASK in agenda.text


def test_agenda_shows_the_active_stressors_with_their_severity(agenda):
    assert re.search(r"Schulden\W+3 – ernstig", agenda.text)
    assert re.search(r"Psychische klachten\W+2 – matig", agenda.text)


def test_agenda_shows_the_stability_legs(printed, agenda):
    legs = printed.legs
    assert (legs.leg_living_environment, legs.leg_participation, legs.leg_continuity) == (1, 3, 4)

    assert "Houdbare leefomgeving 1" in agenda.text
    assert "Meedoen 3" in agenda.text
    assert "Continuïteit van ondersteuning 4" in agenda.text
    assert "Stabiliteit (zwakste poot) 1" in agenda.text


def test_chairs_agenda_lists_open_actions_of_earlier_meetings(agenda):
    assert "Open acties van eerdere tafels" in agenda.text
    assert EARLIER_ACTION in agenda.text


@pytest.mark.parametrize("name", ["agenda", "partner_agenda", "minutes"])
def test_pdf_never_holds_a_bsn_a_residents_name_or_address(printed, name):
    text = printed.downloads[name].text
    assert text  # the PDF was read

    for case in (printed.fatimas_case, printed.johans_case):
        for detail in _private_details(case):
            assert detail not in text, detail


# --- The partner's agenda -------------------------------------------------------------------


def test_partner_agenda_shows_the_shared_item(printed, partner_agenda):
    assert f"Casus {printed.fatimas_case.reference} · F. O." in partner_agenda.text
    assert SHARED_ASK in partner_agenda.text
    assert "Schulden" in partner_agenda.text


def test_partner_agenda_never_shows_the_unshared_item(printed, partner_agenda):
    assert printed.johans_case.reference not in partner_agenda.text
    assert UNSHARED_ASK not in partner_agenda.text
    assert "J. H." not in partner_agenda.text


def test_partner_agenda_leaves_out_the_chairs_open_actions(partner_agenda):
    assert "alleen de agendapunten die met jouw organisatie zijn gedeeld" in partner_agenda.text
    assert EARLIER_ACTION not in partner_agenda.text


# --- The minutes ----------------------------------------------------------------------------


def test_minutes_record_the_decision_and_its_mandate(printed, minutes):
    assert "Notulen doorbraaktafel" in minutes.text
    assert date_format(printed.meeting.date, "j F Y") in minutes.text
    assert BARRIER in minutes.text
    assert DECISION in minutes.text
    assert MANDATE in minutes.text


def test_minutes_record_the_costs_and_the_saving(minutes):
    assert "Kosten huidige route per jaar € 50.000,00" in minutes.text
    assert "Kosten oplossing per jaar € 3.000,00" in minutes.text
    assert "Besparing per jaar € 47.000,00" in minutes.text


def test_minutes_record_the_actions_with_owner_and_due_date(printed, minutes):
    due = date_format(printed.meeting.date + timedelta(days=14), "j b Y")

    assert f"{ACTION} Femke de Vries {due}" in minutes.text


def test_minutes_record_the_policy_signal_and_its_domain(minutes):
    assert "Beleidssignalen van deze tafel" in minutes.text
    assert "Wmo 2015: Geen OV-vergoeding in de Wmo" in minutes.text
    assert SIGNAL in minutes.text


def test_minutes_record_the_item_not_discussed_as_postponed(printed, minutes):
    assert f"Casus {printed.johans_case.reference} · J. H. – uitgesteld" in minutes.text


# --- The access log -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["agenda", "partner_agenda", "minutes"])
def test_download_writes_one_print_entry(printed, name):
    download = printed.downloads[name]

    assert download.log is not None
    assert download.log.granted
    assert download.log.object_id_ref == printed.meeting.pk


def test_chairs_agenda_print_entry_names_every_resident_on_it(printed, agenda):
    assert agenda.log.username == "marloes"
    assert agenda.resident_ids == {
        printed.fatimas_case.primary_resident_id,
        printed.johans_case.primary_resident_id,
    }


def test_partner_agenda_print_entry_names_only_the_shared_resident(printed, partner_agenda):
    assert partner_agenda.log.username == "wijkagent"
    assert partner_agenda.resident_ids == {printed.fatimas_case.primary_resident_id}


def test_minutes_print_entry_names_every_resident_in_them(printed, minutes):
    assert minutes.resident_ids == {
        printed.fatimas_case.primary_resident_id,
        printed.johans_case.primary_resident_id,
    }

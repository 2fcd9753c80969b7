"""No report format gives away a resident.

Six residents with distinctive names, a BSN, an address, a date of birth, a phone number and
an email address each get a case in which everything is written down that casework writes:
the question, journal entries, stressors with descriptions, stability notes, goals,
interventions, scaling, a doorbraaktafel with agenda texts, breakthroughs and actions, and
a policy signal that names a resident but was never released. Every such text names the
resident and carries a made-up marker word found nowhere else.

The beleidsmedewerker then reads the report in every format (the dashboard, each table's
CSV, every file in the ZIP, and the text of the PDF the background task makes) and none of
those strings may appear in any of them. As a control, the one text that is allowed (a
released policy signal) must be found in every format: the search does see text that comes
from the casework, so it would see a name that leaked into a table label as well.

The casework and the downloads are made once for the module, inside a transaction that is
rolled back at its end."""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.constants import Role
from accounts.services import team_create, user_create
from cases import services as case_services
from cases.constants import (
    CaseOutcome,
    CaseSource,
    HelpKind,
    HouseholdRole,
    JournalKind,
    LifeDomain,
    ScalingLevel,
)
from cases.validators import bsn_is_valid
from doorbraak import services as doorbraak_services
from doorbraak.constants import BarrierKind, PolicyDomain
from doorbraak.models import PolicySignal
from reports.models import ReportExport
from stability import services as stability_services
from stressors.constants import StressorStatus
from stressors.services import stressor_change_status
from tests.cases import factories
from tests.doorbraak.conftest import meeting_on, place
from tests.doorbraak.test_pdf import pdf_text
from tests.stressors.conftest import register

from .conftest import close, elfproef_bsn, logged_in, period_query

pytestmark = pytest.mark.django_db

RELEASED_TITLE = "Geen OV-vergoeding in de Wmo"
RELEASED_TEXT = (
    "Vervoerskosten voor mensen met een psychische aandoening vallen tussen wal en schip."
)


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    bsn_digits: str  # eight digits; the 11-proef adds the ninth
    born: date
    phone: str
    street: str
    house_number: int
    postcode: str
    marker: str  # a made-up word that only this person's free texts contain

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def bsn(self) -> str:
        return elfproef_bsn(self.bsn_digits)

    @property
    def email(self) -> str:
        return f"{self.first_name}.{self.last_name}@voorbeeld.nl".lower()


PEOPLE = [
    Person(
        "Wilhelmina",
        "Zwanenburg",
        "73915840",
        date(1961, 3, 17),
        "06-48271935",
        "Kwakkelhoutsteeg",
        41,
        "5211 QX",
        "Quokkabrief",
    ),
    Person(
        "Bartholomeus",
        "Vlietstra",
        "58203917",
        date(1974, 11, 2),
        "06-39182746",
        "Jufferenwalletje",
        7,
        "5212 ZK",
        "Tapirschuld",
    ),
    Person(
        "Geertruida",
        "Okkerse",
        "81736452",
        date(1988, 6, 29),
        "073-6140982",
        "Sleutelbloemhof",
        113,
        "5223 WJ",
        "Okapihuur",
    ),
    Person(
        "Fokeltje",
        "Hazewinkel",
        "47291638",
        date(1953, 1, 8),
        "06-20394857",
        "Pelikaanstraatje",
        58,
        "5231 XB",
        "Narwalboete",
    ),
    Person(
        "Reinoud",
        "Quakkelaar",
        "69350281",
        date(2001, 9, 14),
        "06-57183920",
        "Ganzenveer",
        3,
        "5242 HV",
        "Axolotlregeling",
    ),
    Person(
        "Sjoukje",
        "Draaisma",
        "39184756",
        date(1969, 12, 23),
        "06-81726354",
        "Lindeboomgaard",
        86,
        "5251 TN",
        "Pangolinbesluit",
    ),
]
CHILD_FIRST_NAME = "Tjitskelien"


def texts_of(person: Person) -> dict[str, str]:
    """Every free text written about this person, each naming them and their marker."""
    name, mark = person.full_name, person.marker
    return {
        "question": f"{name} krijgt aanmaningen en opent de post niet ({mark}-vraag).",
        "source_detail": f"Buurvrouw van {name} belde ({mark}-melder).",
        "journal_summary": f"Huisbezoek bij {name} ({mark}-bezoek)",
        "journal_text": f"{person.first_name} vertelde over de deurwaarder ({mark}-journaal).",
        "stressor": f"{name} heeft drie schulden bij de zorgverzekeraar ({mark}-stressor).",
        "stressor_step": f"Met {person.first_name} naar de schuldhulp ({mark}-stap).",
        "stability_note": f"{person.first_name} slaapt slecht door de schulden ({mark}-meting).",
        "goal": f"{person.first_name} betaalt de vaste lasten zelf ({mark}-doel).",
        "goal_who": f"{name} met haar broer ({mark}-wie)",
        "intervention_note": f"Begeleiding voor {name} ({mark}-inzet).",
        "scaling_reason": f"{name} heeft meer hulp nodig ({mark}-schaal).",
        "stuck": f"Uitkering van {name} is stopgezet ({mark}-vast).",
        "ask": f"Kan de sociale dienst {person.first_name} met terugwerkende kracht helpen? "
        f"({mark}-vraagtafel)",
        "barrier": f"De regel past niet bij {name} ({mark}-barriere).",
        "decision": f"Gemeente betaalt voor {name} de achterstand ({mark}-besluit).",
        "action": f"{person.first_name} bellen over de regeling ({mark}-actie).",
    }


def secrets_of(person: Person) -> dict[str, str]:
    """What must never be read in a report: the person's data and free texts."""
    with translation.override("nl"):
        born_in_words = date_format(person.born, "j F Y")
    secrets = {
        "first name": person.first_name,
        "last name": person.last_name,
        "full name": person.full_name,
        "BSN": person.bsn,
        "masked BSN": f"*****{person.bsn[-4:]}",
        "last four BSN digits": person.bsn[-4:],
        "street": person.street,
        "postcode": person.postcode,
        "postcode without space": person.postcode.replace(" ", ""),
        "phone": person.phone,
        "email": person.email,
        "date of birth": f"{person.born:%d-%m-%Y}",
        "date of birth in words": born_in_words,
        "date of birth (ISO)": person.born.isoformat(),
        "marker": person.marker,
    }
    secrets.update({f"{kind} text": text for kind, text in texts_of(person).items()})
    return secrets


UNRELEASED_SIGNAL_TITLE = f"Bijzondere bijstand voor {PEOPLE[0].full_name} (Wombatsignaal)"
UNRELEASED_SIGNAL_TEXT = (
    f"{PEOPLE[0].full_name} kreeg geen bijzondere bijstand voor een bril (Wombatsignaal)."
)


def all_secrets() -> dict[str, str]:
    secrets = {
        f"{person.full_name}: {what}": value
        for person in PEOPLE
        for what, value in secrets_of(person).items()
    }
    secrets["child's first name"] = CHILD_FIRST_NAME
    secrets["unreleased signal title"] = UNRELEASED_SIGNAL_TITLE
    secrets["unreleased signal text"] = UNRELEASED_SIGNAL_TEXT
    secrets["unreleased signal marker"] = "Wombatsignaal"
    secrets["meeting notes"] = "Goede opkomst (Lemurnotulen)."
    return secrets


SECRETS = all_secrets()


def leaks(text: str) -> list[str]:
    """The secrets found in `text`, ignoring case and runs of white space."""
    haystack = " ".join(text.split()).casefold()
    return [what for what, value in SECRETS.items() if value.casefold() in haystack]


# --- The casework ---------------------------------------------------------------------------


def _casework() -> None:
    team = team_create(name="Wijkteam Centrum", district="Centrum")
    worker = user_create(
        username="centrum-prof",
        first_name="Ria",
        last_name="Werker",
        roles=[Role.PROFESSIONAL],
        team=team,
    )
    lead = user_create(
        username="centrum-lead",
        first_name="Lea",
        last_name="Leider",
        roles=[Role.TEAMLEIDER],
        team=team,
    )
    tariff = factories.TariffFactory(name="Ambulante begeleiding", price=Decimal("68.50"))
    meeting = meeting_on(team, factories.days_ago(14))
    cases = []
    for number, person in enumerate(PEOPLE):
        texts = texts_of(person)
        resident = case_services.resident_register(
            acting_user=worker,
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.born,
            bsn=person.bsn,
            phone=person.phone,
            email=person.email,
        )
        members = [(resident, HouseholdRole.HEAD)]
        if number == 0:
            child = case_services.resident_register(
                acting_user=worker, first_name=CHILD_FIRST_NAME, last_name=person.last_name
            )
            members.append((child, HouseholdRole.CHILD))
        home = case_services.household_register(
            acting_user=worker,
            street=person.street,
            house_number=person.house_number,
            postcode=person.postcode,
            city="Den Bosch",
            members=members,
        )
        case = case_services.case_open(
            acting_user=worker,
            household=home,
            primary_resident=resident,
            team=team,
            coordinator=worker,
            source=CaseSource.OTHER,
            source_detail=texts["source_detail"],
            question=texts["question"],
            reported_on=factories.days_ago(60),
        )
        cases.append(case)
        case_services.journal_entry_add(
            acting_user=worker,
            case=case,
            kind=JournalKind.HOME_VISIT,
            occurred_at=timezone.make_aware(datetime.combine(factories.days_ago(50), time(10))),
            summary=texts["journal_summary"],
            text=texts["journal_text"],
        )
        stressor = register(
            case,
            acting_user=worker,
            description=texts["stressor"],
            next_step=texts["stressor_step"],
            registered_on=factories.days_ago(55),
        )
        stressor_change_status(
            acting_user=worker,
            stressor=stressor,
            to_status=StressorStatus.REMOVED,
            changed_on=factories.days_ago(20),
        )
        for days, score in ((58, 1), (12, 3)):
            stability_services.assessment_record(
                acting_user=worker,
                case=case,
                resident=resident,
                assessed_on=factories.days_ago(days),
                scores=dict.fromkeys(
                    ("housing", "finances", "day_activity", "fitting_support"), score
                ),
                notes={"finances_note": texts["stability_note"]},
            )
        case_services.goal_add(
            acting_user=worker,
            plan=case.support_plan,
            life_domain=LifeDomain.FINANCES,
            description=texts["goal"],
            help_kind=HelpKind.CUSTOM_PROVISION,
            who=texts["goal_who"],
        )
        case_services.intervention_add(
            acting_user=worker,
            case=case,
            tariff=tariff,
            start_date=factories.days_ago(45),
            quantity=Decimal(number + 5),
            provider=f"Zorg voor {person.full_name}",
            note=texts["intervention_note"],
        )
        case.refresh_from_db()
        case_services.case_change_scaling(
            acting_user=worker,
            case=case,
            expected_version=case.version,
            to_level=ScalingLevel.SPECIALIST,
            reason=texts["scaling_reason"],
            changed_on=factories.days_ago(40),
        )
        item = place(meeting, case, lead, stuck=texts["stuck"], ask=texts["ask"])
        released, unreleased = number == 1, number == 0
        doorbraak_services.breakthrough_record(
            acting_user=lead,
            item=item,
            barrier_kind=BarrierKind.RULE,
            barrier=texts["barrier"],
            decision=texts["decision"],
            mandate=f"Manager Werk en Inkomen, voor {person.full_name}",
            cost_current_path=Decimal(20000 + 1000 * number),
            cost_solution=Decimal(2500),
            is_structural=released or unreleased,
            signal_domain=PolicyDomain.WMO if released or unreleased else "",
            signal_title=RELEASED_TITLE if released else UNRELEASED_SIGNAL_TITLE,
            signal_description=RELEASED_TEXT if released else UNRELEASED_SIGNAL_TEXT,
        )
        if released:
            doorbraak_services.policy_signal_release(
                acting_user=lead, signal=PolicySignal.objects.get(title=RELEASED_TITLE)
            )
        doorbraak_services.action_add(
            acting_user=lead,
            item=item,
            description=texts["action"],
            due_date=factories.days_ago(7),
            owner=worker,
        )
    doorbraak_services.meeting_close(
        acting_user=lead, meeting=meeting, notes="Goede opkomst (Lemurnotulen)."
    )
    for case in cases[:5]:
        close(case, user=worker, outcome=CaseOutcome.GENERAL_PROVISION, on=factories.days_ago(5))


# --- The report in every format -------------------------------------------------------------


@dataclass
class Formats:
    dashboard: str = ""
    csv: dict[str, str] = field(default_factory=dict)  # per table key
    zip: dict[str, str] = field(default_factory=dict)  # per file in the archive
    pdf: str = ""
    pdf_error: str = ""  # why the PDF could not be made, if it could not

    def named(self) -> dict[str, str]:
        return {
            "dashboard": self.dashboard,
            **{f"CSV {key}": text for key, text in self.csv.items()},
            **{f"ZIP {name}": text for name, text in self.zip.items()},
            "PDF": self.pdf,
        }


def _read_everything(tmp_dir) -> Formats:
    reader = user_create(
        username="centrum-bm",
        first_name="Bo",
        last_name="Beleid",
        roles=[Role.BELEIDSMEDEWERKER],
    )
    client: Client = logged_in(reader)
    query = period_query()
    formats = Formats()

    dashboard = client.get(reverse("reports:dashboard"), query)
    assert dashboard.status_code == 200
    formats.dashboard = html.unescape(dashboard.content.decode())

    keys = dict.fromkeys(re.findall(r'href="/rapportages/csv/([a-z0-9-]+)/\?', formats.dashboard))
    for key in keys:
        response = client.get(reverse("reports:table_csv", args=[key]), query)
        assert response.status_code == 200, key
        formats.csv[key] = response.content.decode("utf-8-sig")

    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("reports:all_csv"), query).content))
    formats.zip = {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}

    # A PDF that cannot be made fails the PDF's tests only; the other formats are still read.
    try:
        with override_settings(MEDIA_ROOT=tmp_dir):
            with TestCase.captureOnCommitCallbacks(execute=True):
                client.post(reverse("reports:export_create"), {**query, "team": ""})
            export = ReportExport.objects.get(requested_by=reader)
            download = client.get(reverse("reports:export_download", args=[export.pk]))
            assert download.status_code == 200, f"{export.status}: {export.step}"
            formats.pdf = pdf_text(b"".join(download.streaming_content))
    except Exception as error:  # reported by every test that reads the PDF
        formats.pdf_error = f"{type(error).__name__}: {error}"
    return formats


@pytest.fixture(scope="module")
def formats(django_db_setup, django_db_blocker, tmp_path_factory) -> Formats:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            _casework()
            yield _read_everything(tmp_path_factory.mktemp("report-media"))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


FORMATS = ["dashboard", "csv", "zip", "pdf"]


def _texts(formats: Formats, name: str) -> dict[str, str]:
    """The texts of one format, by file (one for the dashboard and the PDF)."""
    if name == "pdf" and formats.pdf_error:
        pytest.fail(f"The PDF report could not be made: {formats.pdf_error}")
    return {k: v for k, v in formats.named().items() if k.casefold().startswith(name)}


# --- The data set is what the tests assume --------------------------------------------------


def test_every_bsn_of_the_data_set_passes_the_elfproef():
    assert all(bsn_is_valid(person.bsn) for person in PEOPLE)


def test_the_search_finds_each_kind_of_personal_data():
    person = PEOPLE[0]
    found = leaks(
        f"{person.full_name}, *****{person.bsn[-4:]}, {person.street.upper()} "
        f"{person.postcode}, geboren {person.born:%d-%m-%Y}"
    )

    assert {"full name", "masked BSN", "street", "postcode", "date of birth"} <= {
        what.split(": ", 1)[-1] for what in found
    }


def test_the_report_shows_figures_for_the_data_set(formats):
    assert "Nieuwe meldingen;6;<5" in formats.csv["instroom-uitstroom"]


def test_the_report_holds_every_table_in_every_format(formats):
    assert len(formats.csv) >= 10
    assert len(formats.zip) == len(formats.csv)


@pytest.mark.parametrize("name", FORMATS)
def test_released_policy_signal_is_found_in_every_format(formats, name):
    """The control: text typed in the casework reaches this format, and the search sees it."""
    texts = " ".join(_texts(formats, name).values())

    assert RELEASED_TITLE in texts
    assert RELEASED_TEXT in " ".join(texts.split())


# --- No personal data -----------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_no_personal_data_in_the_report(formats, name):
    found = {
        source: leaked for source, text in _texts(formats, name).items() if (leaked := leaks(text))
    }

    assert found == {}


@pytest.mark.parametrize("name", FORMATS)
def test_unreleased_policy_signal_stays_out_of_every_format(formats, name):
    for source, text in _texts(formats, name).items():
        assert "Wombatsignaal" not in text, source
        assert "Bijzondere bijstand voor" not in text, source


@pytest.mark.parametrize("name", FORMATS)
def test_no_case_reference_in_the_report(formats, name):
    references = re.compile(r"\b20\d\d-\d{6}\b")

    found = {source: references.findall(text) for source, text in _texts(formats, name).items()}

    assert {source: refs for source, refs in found.items() if refs} == {}


# --- A released text that changes afterwards ------------------------------------------------


def test_signal_rewritten_after_release_stays_out_until_released_again(
    team_a, professional_a, teamleider_a, beleidsmedewerker, make_case
):
    """The teamleider released a signal whose text was fit for policy; then the breakthrough
    was recorded again and the signal's text now names the resident. That text was never
    reviewed, so no report may show it."""
    resident = factories.resident(
        acting_user=professional_a, first_name="Hendrikje", last_name="Wolkenveldt"
    )
    case = make_case(residents=[resident], reported_on=factories.days_ago(30))
    item = place(meeting_on(team_a, factories.days_ago(7)), case, teamleider_a)

    def record(description: str) -> None:
        doorbraak_services.breakthrough_record(
            acting_user=teamleider_a,
            item=item,
            barrier_kind=BarrierKind.RULE,
            barrier="Geen vergoeding voor een jaarabonnement OV.",
            decision="Gemeente betaalt het abonnement.",
            mandate="Manager Werk en Inkomen",
            is_structural=True,
            signal_domain=PolicyDomain.WMO,
            signal_title="Geen vergoeding voor OV",
            signal_description=description,
        )

    record(RELEASED_TEXT)
    doorbraak_services.policy_signal_release(
        acting_user=teamleider_a, signal=PolicySignal.objects.get(breakthrough__item=item)
    )
    record(f"{resident.first_name} {resident.last_name} kan de trein niet betalen.")

    page = logged_in(beleidsmedewerker).get(reverse("reports:dashboard"), period_query())

    assert page.status_code == 200
    assert "Wolkenveldt" not in page.content.decode()

"""The PDF report is made by a real Celery worker, reached through the broker: Redis in CI
(CELERY_BROKER_URL), Celery's in-memory transport elsewhere (see tests/worker.py).

The data set is small and built through the casework services, so the expected figures can
be counted by hand: team A (Wijkteam Noord) had seven new reports in the period, closed two
of them and had five open at its end; team B (Wijkteam Zuid) had three. Nothing happened in
the period before. Every resident has a distinctive name, BSN, date of birth and address,
and the question of their case names them, so a leak of any of it would be found. The
browser journey (tests/browser/test_reports_journey.py) uses the same data set."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from cases import services as case_services
from cases.constants import CaseOutcome, CaseSource, CaseStatus, HouseholdRole
from cases.validators import bsn_is_valid
from reports.constants import ExportStatus
from reports.models import ReportExport
from reports.periods import Period
from reports.services import export_request
from tests.doorbraak.test_pdf import pdf_text
from tests.worker import (
    WorkerError,
    celery_worker_fixture,  # noqa: F401 (the celery_worker fixture)
    running_worker,
)

RENDER_TASK = "reports.tasks.render_report_pdf"


# --- The data set -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    first_name: str
    name_prefix: str
    last_name: str
    born: date
    street: str
    postcode: str
    city: str

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.name_prefix, self.last_name) if p)


# Team A's residents (seven) and team B's (three). Names and streets that no report text
# could contain by accident.
TEAM_A_RESIDENTS = [
    Person(
        "Wilhelmina", "", "Oosterhuis", date(1961, 3, 14), "Klaproosweide", "5211 QX", "Noordstad"
    ),
    Person(
        "Gerritjan", "van", "Zuylenburg", date(1979, 7, 2), "Zwanebloemhof", "5212 KR", "Noordstad"
    ),
    Person("Fenneke", "", "Abbringh", date(1990, 11, 23), "Lisdoddepad", "5213 PW", "Noordstad"),
    Person(
        "Youssef", "el", "Khattabi", date(1984, 1, 30), "Dotterbloemstraat", "5214 VD", "Noordstad"
    ),
    Person(
        "Marijtje", "", "Kwakernaat", date(1955, 9, 8), "Pinksterbloemerf", "5215 ZG", "Noordstad"
    ),
    Person(
        "Desiree", "", "Tjoeng-Amatsoe", date(1972, 5, 19), "Waterlelieweg", "5216 BN", "Noordstad"
    ),
    Person(
        "Harmen", "ter", "Wijngaarde", date(1968, 12, 1), "Kattenstaartgang", "5217 LT", "Noordstad"
    ),
]
TEAM_B_RESIDENTS = [
    Person(
        "Ludovica", "", "Scheepmaker", date(1988, 4, 4), "Brandnetelkade", "5221 HX", "Zuidstad"
    ),
    Person(
        "Cornelis",
        "de",
        "Huijbregtse",
        date(1950, 6, 27),
        "Paardenbloemlaan",
        "5222 RS",
        "Zuidstad",
    ),
    Person(
        "Sevda", "", "Yildirimtekin", date(1995, 2, 11), "Boterbloemsingel", "5223 MC", "Zuidstad"
    ),
]
CLOSED_IN_TEAM_A = 2


@dataclass
class DataSet:
    period: Period
    residents: list  # (Person, BSN) of every resident in the data set

    @property
    def personal_details(self) -> list[str]:
        """Everything about the residents that no report may hold."""
        details = []
        with translation.override("nl"):
            for person, bsn in self.residents:
                details += [
                    person.full_name,
                    person.first_name,
                    person.last_name,
                    bsn,
                    person.street,
                    person.postcode,
                    person.postcode.replace(" ", ""),
                    person.born.strftime("%d-%m-%Y"),
                    date_format(person.born, "j F Y"),
                ]
        return details


# Expected figures for the period (counted by hand from the data set above).
TEAM_A_NEW = 7
TEAM_A_OPEN_AT_END = 5  # seven reported, two closed: exactly the threshold, so it is shown
ALL_TEAMS_NEW = 10


def _period(today: date | None = None) -> Period:
    """Sixty-one days that ended ten days ago; the previous period is empty."""
    today = today or timezone.localdate()
    return Period(today - timedelta(days=70), today - timedelta(days=10))


def _valid_bsns():
    return (f"{n:09d}" for n in itertools.count(123_456_782) if bsn_is_valid(f"{n:09d}"))


def _open_case(person: Person, bsn: str, *, professional, reported_on: date, number: int):
    resident = case_services.resident_register(
        acting_user=professional,
        first_name=person.first_name,
        name_prefix=person.name_prefix,
        last_name=person.last_name,
        date_of_birth=person.born,
        bsn=bsn,
    )
    household = case_services.household_register(
        acting_user=professional,
        street=person.street,
        house_number=number,
        postcode=person.postcode,
        city=person.city,
        members=[(resident, HouseholdRole.HEAD)],
    )
    return case_services.case_open(
        acting_user=professional,
        household=household,
        primary_resident=resident,
        team=professional.team,
        coordinator=professional,
        source=CaseSource.GP,
        question=f"{person.full_name} ({bsn}) heeft huurachterstand aan de {person.street}.",
        reported_on=reported_on,
    )


def build_data_set(*, professional_a, professional_b) -> DataSet:
    """The cases of the module docstring, opened (and two closed) by each team's professional."""
    period = _period()
    bsns = _valid_bsns()
    residents = []
    team_a_cases = []
    for day, person in enumerate(TEAM_A_RESIDENTS, start=1):
        bsn = next(bsns)
        residents.append((person, bsn))
        team_a_cases.append(
            _open_case(
                person,
                bsn,
                professional=professional_a,
                reported_on=period.start + timedelta(days=day),
                number=10 + day,
            )
        )
    for case in team_a_cases[:CLOSED_IN_TEAM_A]:
        case_services.case_change_status(
            acting_user=professional_a,
            case=case,
            expected_version=None,
            to_status=CaseStatus.CLOSED,
            outcome=CaseOutcome.INFORMAL,
            changed_on=period.start + timedelta(days=30),
        )
    for day, person in enumerate(TEAM_B_RESIDENTS, start=11):
        bsn = next(bsns)
        residents.append((person, bsn))
        _open_case(
            person,
            bsn,
            professional=professional_b,
            reported_on=period.start + timedelta(days=day),
            number=day,
        )
    return DataSet(period=period, residents=residents)


# --- Tests ------------------------------------------------------------------------------------


@pytest.fixture
def data_set(celery_worker, professional_a, professional_b) -> DataSet:
    """Committed before the worker reads it (celery_worker brings transactional_db)."""
    return build_data_set(professional_a=professional_a, professional_b=professional_b)


def finished(worker, export: ReportExport, *, timeout: float = 60.0) -> ReportExport:
    """The export once the worker has finished it (done or failed)."""
    return worker.wait_until(
        lambda: ReportExport.objects.filter(
            pk=export.pk, status__in=[ExportStatus.DONE, ExportStatus.FAILED]
        ).first(),
        timeout=timeout,
        what=f"the worker to finish report export {export.pk}",
    )


def assert_team_a_figures(text: str, period: Period) -> None:
    """The figures of team A in the period, as the PDF shows them (text from pdftotext)."""
    with translation.override("nl"):
        assert f"Wijkteam Noord {period.label}" in text
    assert f"Nieuwe meldingen {TEAM_A_NEW} <5" in text  # this period, the previous one
    assert "Afgesloten casussen <5 <5" in text  # two closed: a small number
    assert f"Huisarts {TEAM_A_NEW} 100% <5" in text  # every report came from a GP
    assert f"Nieuwe meldingen {ALL_TEAMS_NEW}" not in text  # team B does not count


def assert_no_personal_data(text: str, data_set: DataSet) -> None:
    leaked = [detail for detail in data_set.personal_details if detail in text]
    assert not leaked, f"The report holds personal data: {leaked}"


def test_worker_makes_the_pdf_with_the_figures_and_no_personal_data(
    celery_worker, data_set, beleidsmedewerker, team_a, media_root
):
    """The worker makes the PDF that was asked for: team A's figures, none of the residents'
    details. (MEDIA_ROOT is the test's tmp_path: see tests/reports/conftest.py.)"""
    with transaction.atomic():
        export = export_request(acting_user=beleidsmedewerker, period=data_set.period, team=team_a)

    export = finished(celery_worker, export)

    assert export.status == ExportStatus.DONE, export.step
    assert export.progress == 100
    assert export.expires_at > export.finished_at
    path = media_root / export.file.name
    assert path.is_file()
    text = pdf_text(path.read_bytes())
    assert text.startswith("Rapportage sociaal wijkteam Wijkteam Noord")
    assert_team_a_figures(text, data_set.period)
    assert_no_personal_data(text, data_set)


def test_export_goes_through_the_broker_to_the_worker_thread(
    celery_worker, data_set, beleidsmedewerker, team_a
):
    """The request returns with the export still queued; the broker delivers the task on the
    fixture's queue and it runs in the worker's thread, not inline. The worker holds the
    task at its start until the test has looked, so the check cannot race it."""
    assert celery_worker.app.conf.task_always_eager is False

    with celery_worker.hold(RENDER_TASK) as held:
        with transaction.atomic():
            export = export_request(
                acting_user=beleidsmedewerker, period=data_set.period, team=team_a
            )
            assert not held.received.is_set()  # nothing is sent before the commit
        held.wait_received()
        export.refresh_from_db()
        assert export.status == ExportStatus.QUEUED  # the request did not make the PDF
        assert export.progress == 0
        held.release()

    assert held.thread is celery_worker.thread
    assert held.thread is not threading.current_thread()
    assert held.eager is False
    assert held.routing_key == celery_worker.queue
    assert finished(celery_worker, export).status == ExportStatus.DONE


def test_a_broker_that_does_not_answer_fails_quickly_and_leaves_the_app_as_it_was():
    from config.celery import app

    before = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    started = time.monotonic()

    with (
        pytest.raises(WorkerError, match="does not answer"),
        running_worker(broker_url="redis://127.0.0.1:1/0"),  # nothing listens on port 1
    ):
        pytest.fail("A worker started without a broker.")

    assert time.monotonic() - started < 15
    assert {key: app.conf[key] for key in before} == before

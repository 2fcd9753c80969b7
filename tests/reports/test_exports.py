"""The PDF report made in the background: asking for it, the task that makes it, what the
PDF says, the status page that polls it, who may download it, what happens when making it
fails, and the removal once its time is up.

Tests about the export's life replace WeasyPrint by a fake renderer (`fake_renderer`). The
tests about what the PDF says share one real PDF, built once for this module inside a
transaction that is rolled back at its end: rendering takes a second, and every such test
reads the same text."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse

from accounts.constants import Role
from accounts.services import team_create, user_create, user_sync_team_groups
from cases.constants import CaseSource
from privacy.models import AccessLog
from reports.constants import ExportStatus
from reports.models import ReportExport
from reports.services import export_request, export_run, exports_remove_expired
from reports.tasks import render_report_pdf
from tests.cases import factories
from tests.doorbraak.test_pdf import pdf_text

from .conftest import (
    FAKE_PDF,
    close,
    done_export,
    file_stem,
    finished_export,
    logged_in,
    new_cases,
    period_query,
    report_period,
    request_pdf,
)

pytestmark = pytest.mark.django_db


def _export() -> ReportExport:
    return ReportExport.objects.get()


# --- Asking for a PDF -----------------------------------------------------------------------


def test_asking_for_a_pdf_records_one_queued_export_for_the_requester(
    beleidsmedewerker, case, fake_renderer, django_capture_on_commit_callbacks
):
    response, _queued = request_pdf(
        logged_in(beleidsmedewerker), django_capture_on_commit_callbacks, execute=False
    )

    export = _export()
    period = report_period()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:export_detail", args=[export.pk])
    assert (export.requested_by, export.start, export.end, export.team) == (
        beleidsmedewerker,
        period.start,
        period.end,
        None,
    )
    assert export.status == ExportStatus.QUEUED
    assert not export.file


def test_pdf_is_made_only_after_the_request_is_committed(
    beleidsmedewerker, case, fake_renderer, django_capture_on_commit_callbacks
):
    _response, queued = request_pdf(
        logged_in(beleidsmedewerker), django_capture_on_commit_callbacks, execute=False
    )
    assert (_export().status, fake_renderer) == (ExportStatus.QUEUED, [])
    assert len(queued) == 1

    queued[0]()

    assert _export().status == ExportStatus.DONE
    assert len(fake_renderer) == 1


def test_service_refuses_an_export_for_someone_without_reports(professional_a, team_a):
    with pytest.raises(PermissionDenied):
        export_request(acting_user=professional_a, period=report_period(), team=team_a)

    assert not ReportExport.objects.exists()


def test_service_refuses_a_teamleider_an_export_of_another_team(teamleider_a, team_b):
    with pytest.raises(PermissionDenied):
        export_request(acting_user=teamleider_a, period=report_period(), team=team_b)

    assert not ReportExport.objects.exists()


def test_service_refuses_a_teamleider_an_export_of_all_teams(teamleider_a):
    with pytest.raises(ValidationError) as refused:
        export_request(acting_user=teamleider_a, period=report_period(), team=None)

    assert refused.value.messages == ["Kies een team."]
    assert not ReportExport.objects.exists()


def test_finished_pdf_is_kept_for_the_configured_number_of_days(
    beleidsmedewerker, case, fake_renderer, settings
):
    settings.REPORT_KEEP_DAYS = 3

    export = finished_export(beleidsmedewerker)

    assert export.expires_at - export.finished_at == timedelta(days=3)


# --- What the PDF says ----------------------------------------------------------------------


@dataclass
class Printed:
    team_name: str
    other_team_name: str
    status: int = 0
    content_type: str = ""
    pdf_text: str = ""
    error: str = ""  # why the PDF could not be made, if it could not

    @property
    def text(self) -> str:
        if self.error:
            pytest.fail(f"The PDF report could not be made: {self.error}")
        return self.pdf_text


def _print_report(tmp_dir) -> Printed:
    """Team Oost: seven new cases in the period (five from the GP, two from the police), one
    of them closed today, and one case in the previous period. Team West: three new cases,
    which a report of team Oost must not count. The beleidsmedewerker asks for team Oost."""
    oost = team_create(name="Wijkteam Oost", district="Oost")
    west = team_create(name="Wijkteam West", district="West")
    worker = user_create(
        username="oost-prof",
        first_name="Ank",
        last_name="Oost",
        roles=[Role.PROFESSIONAL],
        team=oost,
    )
    west_worker = user_create(
        username="west-prof",
        first_name="Wim",
        last_name="West",
        roles=[Role.PROFESSIONAL],
        team=west,
    )
    reader = user_create(
        username="oost-bm", first_name="Bea", last_name="Leid", roles=[Role.BELEIDSMEDEWERKER]
    )
    gp = new_cases(5, team=oost, user=worker, source=CaseSource.GP)
    new_cases(2, team=oost, user=worker, source=CaseSource.POLICE)
    close(gp[0], user=worker)
    new_cases(1, team=oost, user=worker, reported_on=factories.days_ago(120))
    new_cases(3, team=west, user=west_worker)

    printed = Printed(team_name=oost.name, other_team_name=west.name)
    client = logged_in(reader)
    try:
        with override_settings(MEDIA_ROOT=tmp_dir):
            with TestCase.captureOnCommitCallbacks(execute=True):
                client.post(reverse("reports:export_create"), period_query(oost))
            export = ReportExport.objects.get(requested_by=reader)
            response = client.get(reverse("reports:export_download", args=[export.pk]))
            printed.status, printed.content_type = response.status_code, response["Content-Type"]
            if response.status_code == 200:
                printed.pdf_text = pdf_text(b"".join(response.streaming_content))
            else:
                printed.error = f"download {response.status_code}; {export.status}: {export.step}"
    except Exception as error:  # reported by every test that reads the PDF
        printed.error = f"{type(error).__name__}: {error}"
    ReportExport.objects.filter(requested_by=reader).delete()  # other tests count exports
    return printed


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _print_report(tmp_path_factory.mktemp("report-media"))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_task_makes_a_pdf_the_requester_can_download(printed):
    assert printed.text
    assert (printed.status, printed.content_type) == (200, "application/pdf")


def test_pdf_names_the_team_it_covers(printed):
    assert printed.text.startswith(f"Rapportage sociaal wijkteam {printed.team_name} ")


def test_pdf_names_the_period_and_the_period_it_is_compared_with(printed):
    period = report_period()

    assert period.label in printed.text
    assert f"Vergeleken met de vorige periode: {period.previous.label}" in printed.text


def test_pdf_counts_the_new_reports_of_the_period_and_hides_the_previous_one(printed):
    table = "Casussen Deze periode Vorige periode Nieuwe meldingen 7 <5 Afgesloten casussen"

    assert table in printed.text


def test_pdf_shows_five_as_a_number_and_two_as_less_than_five(printed):
    assert "Huisarts 5 71% <5" in printed.text
    assert "Politie <5 x <5" in printed.text


def test_pdf_shows_one_closed_case_as_less_than_five(printed):
    assert "Nieuwe meldingen 7 <5 Afgesloten casussen <5 <5" in printed.text


def test_pdf_leaves_out_the_figures_of_other_teams(printed):
    assert printed.other_team_name not in printed.text
    assert "Nieuwe meldingen 10" not in printed.text


# --- The status page ------------------------------------------------------------------------


def test_status_page_shows_progress_while_the_export_waits_in_the_queue(
    beleidsmedewerker, case, fake_renderer, django_capture_on_commit_callbacks
):
    client = logged_in(beleidsmedewerker)
    request_pdf(client, django_capture_on_commit_callbacks, execute=False)

    page = client.get(reverse("reports:export_detail", args=[_export().pk])).content.decode()

    assert "In de wachtrij" in page
    assert '<progress id="export-progress" max="100" value="0">' in page
    assert 'hx-trigger="every 1s"' in page
    assert "PDF downloaden" not in page


def test_status_page_shows_progress_while_the_pdf_is_being_made(
    beleidsmedewerker, case, monkeypatch, django_capture_on_commit_callbacks
):
    client = logged_in(beleidsmedewerker)
    seen = []

    def render_and_look(template_name, context):
        export = ReportExport.objects.get()
        url = reverse("reports:export_detail", args=[export.pk])
        seen.append(client.get(url, headers={"HX-Request": "true"}).content.decode())
        return FAKE_PDF

    monkeypatch.setattr("reports.exports.render_pdf", render_and_look)

    request_pdf(client, django_capture_on_commit_callbacks)

    [while_running] = seen
    assert "Wordt gemaakt: pdf opmaken" in while_running
    assert 'value="70"' in while_running
    assert 'hx-trigger="every 1s"' in while_running
    assert "PDF downloaden" not in while_running


def test_status_poll_returns_only_the_status_fragment(
    beleidsmedewerker, case, fake_renderer, django_capture_on_commit_callbacks
):
    client = logged_in(beleidsmedewerker)
    request_pdf(client, django_capture_on_commit_callbacks, execute=False)

    response = client.get(
        reverse("reports:export_detail", args=[_export().pk]), headers={"HX-Request": "true"}
    )
    fragment = response.content.decode()

    assert response.status_code == 200
    assert fragment.startswith('<div id="export-status"')
    assert "<html" not in fragment and "<h1" not in fragment


def test_status_page_offers_the_download_when_the_pdf_is_ready(
    beleidsmedewerker, case, fake_renderer, django_capture_on_commit_callbacks
):
    client = logged_in(beleidsmedewerker)
    request_pdf(client, django_capture_on_commit_callbacks)
    export = _export()

    page = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()

    assert "Het rapport is klaar." in page
    assert f'href="{reverse("reports:export_download", args=[export.pk])}"' in page
    assert "hx-trigger" not in page  # polling stops


def test_last_poll_of_a_finished_export_tells_the_live_region_once(
    beleidsmedewerker, case, fake_renderer, django_capture_on_commit_callbacks
):
    client = logged_in(beleidsmedewerker)
    request_pdf(client, django_capture_on_commit_callbacks, execute=False)
    url = reverse("reports:export_detail", args=[_export().pk])
    page = client.get(url).content.decode()
    waiting = client.get(url, headers={"HX-Request": "true"}).content.decode()

    export_run(export_id=_export().pk)  # the task, which the request only queued
    finished = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert '<p id="export-announce" class="visually-hidden" role="status"></p>' in page
    assert "export-announce" not in waiting
    assert 'id="export-announce" hx-swap-oob="innerHTML"' in finished
    assert "Het rapport is klaar. Je kunt de PDF nu downloaden." in finished


# --- Download -------------------------------------------------------------------------------


def test_requester_downloads_the_pdf_under_its_period_name(beleidsmedewerker, case):
    export = done_export(beleidsmedewerker)

    response = logged_in(beleidsmedewerker).get(
        reverse("reports:export_download", args=[export.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{file_stem()}.pdf"'
    assert b"".join(response.streaming_content) == FAKE_PDF


@pytest.fixture
def other_beleidsmedewerker(db):
    return user_create(
        username="anouk", first_name="Anouk", last_name="Beleid", roles=[Role.BELEIDSMEDEWERKER]
    )


@pytest.mark.parametrize("name", ["export_detail", "export_download"])
@pytest.mark.parametrize("other", ["other_beleidsmedewerker", "teamleider_a"])
def test_someone_else_cannot_see_or_download_the_export(
    other, name, request, beleidsmedewerker, team_a, case
):
    export = done_export(beleidsmedewerker, team=team_a)  # ready: only the owner matters
    user = request.getfixturevalue(other)

    response = logged_in(user).get(reverse(f"reports:{name}", args=[export.pk]))

    assert response.status_code == 404
    assert AccessLog.objects.filter(user=user, granted=False).count() == 1


def test_unfinished_export_cannot_be_downloaded_yet(
    beleidsmedewerker, case, fake_renderer, django_capture_on_commit_callbacks
):
    client = logged_in(beleidsmedewerker)
    request_pdf(client, django_capture_on_commit_callbacks, execute=False)

    response = client.get(reverse("reports:export_download", args=[_export().pk]))

    assert response.status_code == 404


# --- When making it fails -------------------------------------------------------------------


@pytest.fixture
def broken_renderer(monkeypatch):
    def render(template_name, context):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr("reports.exports.render_pdf", render)


def test_failed_build_marks_the_export_failed_with_a_dutch_message(
    beleidsmedewerker, case, broken_renderer, django_capture_on_commit_callbacks
):
    request_pdf(logged_in(beleidsmedewerker), django_capture_on_commit_callbacks)

    export = _export()
    assert export.status == ExportStatus.FAILED
    assert export.step == "Er ging iets mis bij het maken."
    assert not export.file


def test_status_page_of_a_failed_export_says_so_and_offers_a_retry(
    beleidsmedewerker, case, broken_renderer, django_capture_on_commit_callbacks
):
    client = logged_in(beleidsmedewerker)
    request_pdf(client, django_capture_on_commit_callbacks)

    page = client.get(reverse("reports:export_detail", args=[_export().pk])).content.decode()

    assert "Het rapport kon niet worden gemaakt. Er ging iets mis bij het maken." in page
    assert "Terug naar de rapportage om het opnieuw te proberen" in page
    assert "PDF downloaden" not in page
    assert "hx-trigger" not in page


def test_running_the_task_twice_makes_the_pdf_once(
    beleidsmedewerker, case, fake_renderer, django_capture_on_commit_callbacks
):
    request_pdf(logged_in(beleidsmedewerker), django_capture_on_commit_callbacks)
    first = _export()

    outcome = render_report_pdf.delay(first.pk).get()

    again = _export()
    assert outcome == ExportStatus.DONE
    assert len(fake_renderer) == 1
    assert (again.file.name, again.finished_at) == (first.file.name, first.finished_at)


def test_task_for_an_export_that_is_gone_does_nothing(db, fake_renderer):
    assert render_report_pdf.delay(987654).get() == "gone"
    assert fake_renderer == []


def test_teamleider_who_no_longer_leads_the_team_gets_a_failed_export(
    teamleider_a, team_b, case, fake_renderer, django_capture_on_commit_callbacks
):
    _response, queued = request_pdf(
        logged_in(teamleider_a),
        django_capture_on_commit_callbacks,
        execute=False,
        **period_query(case.team),
    )
    # Before the task runs, the beheerder moves the teamleider to team B.
    teamleider_a.team = team_b
    teamleider_a.save()
    user_sync_team_groups(user=teamleider_a)

    for callback in queued:
        callback()

    export = _export()
    assert export.status == ExportStatus.FAILED
    assert export.step == "Je hebt geen toegang meer tot dit team."
    assert not export.file
    assert fake_renderer == []  # no figures of any team were put on paper


# --- Removal --------------------------------------------------------------------------------


def _files(media_root) -> list:
    return sorted(p for p in media_root.rglob("*") if p.is_file())


@pytest.fixture
def expired_and_fresh(beleidsmedewerker, case, media_root):
    """One export whose time ran out a minute ago, one with a day to go."""
    expired = done_export(beleidsmedewerker, keep=timedelta(minutes=-1))
    expired_file = media_root / expired.file.name
    fresh = done_export(beleidsmedewerker, keep=timedelta(days=1))
    assert len(_files(media_root)) == 2
    return expired, expired_file, fresh


def test_service_removes_expired_exports_with_their_file(expired_and_fresh):
    expired, expired_file, _fresh = expired_and_fresh

    removed = exports_remove_expired()

    assert removed == 1
    assert not ReportExport.objects.filter(pk=expired.pk).exists()
    assert not expired_file.exists()


def test_service_keeps_exports_within_their_time(expired_and_fresh, media_root):
    _expired, _expired_file, fresh = expired_and_fresh

    exports_remove_expired()

    assert list(ReportExport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert _files(media_root) == [media_root / fresh.file.name]


def test_management_command_removes_expired_exports_and_keeps_the_rest(
    expired_and_fresh, media_root
):
    _expired, expired_file, fresh = expired_and_fresh
    out = io.StringIO()

    call_command("remove_expired_reports", stdout=out)

    assert "1 rapport(en) verwijderd." in out.getvalue()
    assert list(ReportExport.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not expired_file.exists()
    assert (media_root / fresh.file.name).exists()


def test_request_that_never_finished_is_removed_after_a_day(
    beleidsmedewerker, case, fake_renderer, django_capture_on_commit_callbacks
):
    request_pdf(logged_in(beleidsmedewerker), django_capture_on_commit_callbacks, execute=False)
    export = _export()

    kept = exports_remove_expired(now=export.requested_at + timedelta(hours=23))
    removed = exports_remove_expired(now=export.requested_at + timedelta(days=1, minutes=1))

    assert (kept, removed) == (0, 1)
    assert not ReportExport.objects.exists()

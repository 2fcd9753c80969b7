"""Builders for the report tests: a reporting period, casework dated inside it, a logged-in
client, and PDF exports made through the same service and task the product uses.

The period of every report here is the 90 days up to and including today; the previous
period is the 90 days before that. Cases are reported 30 days ago unless a test says
otherwise, so they count in the period and not in the previous one.

Generated files go to a temporary MEDIA_ROOT (autouse), never to the project's media folder.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.constants import CaseOutcome, CaseSource, CaseStatus
from cases.models import Case
from cases.validators import bsn_is_valid
from reports import services as report_services
from reports.constants import ExportStatus
from reports.models import ReportExport
from reports.periods import Period
from tests.cases import factories

PERIOD_DAYS = 90

# What the fake renderer returns instead of a WeasyPrint PDF, for tests about the export's
# life rather than its contents.
FAKE_PDF = b"%PDF-1.4\n% rapportage (test)\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- The period -----------------------------------------------------------------------------


def report_period() -> Period:
    today = timezone.localdate()
    return Period(today - timedelta(days=PERIOD_DAYS - 1), today)


def period_query(team=None, period: Period | None = None) -> dict[str, str]:
    """The filter of the report as a query string (or POST) would carry it."""
    period = period or report_period()
    query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if team is not None:
        query["team"] = str(team.pk)
    return query


def file_stem(period: Period | None = None) -> str:
    period = period or report_period()
    return f"rapportage-{period.start:%Y%m%d}-{period.end:%Y%m%d}"


# --- People and casework --------------------------------------------------------------------


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def elfproef_bsn(first_eight: str) -> str:
    """A BSN that passes the 11-proef, made from eight digits and a computed check digit."""
    total = sum(int(d) * weight for d, weight in zip(first_eight, range(9, 1, -1), strict=True))
    check = total % 11
    if check > 9:
        raise ValueError(f"{first_eight} has no valid check digit; pick other digits")
    bsn = f"{first_eight}{check}"
    assert bsn_is_valid(bsn)
    return bsn


def new_cases(
    n: int,
    *,
    team,
    user,
    source: str = CaseSource.GP,
    reported_on: date | None = None,
) -> list[Case]:
    """`n` cases of `team`, opened and coordinated by `user`, reported 30 days ago."""
    reported_on = reported_on or factories.days_ago(30)
    return [
        factories.case(
            acting_user=user,
            team=team,
            coordinator=user,
            source=source,
            reported_on=reported_on,
        )
        for _ in range(n)
    ]


def close(case: Case, *, user, outcome: str = CaseOutcome.INFORMAL, on: date | None = None):
    """Close the case today (or `on`) with `outcome`."""
    case.refresh_from_db()
    return case_services.case_change_status(
        acting_user=user,
        case=case,
        expected_version=case.version,
        to_status=CaseStatus.CLOSED,
        outcome=outcome,
        changed_on=on,
    )


# --- PDF exports ----------------------------------------------------------------------------


@pytest.fixture
def fake_renderer(monkeypatch):
    """Replace WeasyPrint by a renderer that returns FAKE_PDF at once; the list it returns
    records one entry per rendering."""
    calls: list[str] = []

    def render(template_name, context):
        calls.append(template_name)
        return FAKE_PDF

    monkeypatch.setattr("reports.exports.render_pdf", render)
    return calls


def request_pdf(client: Client, capture, *, execute: bool = True, **query):
    """POST the PDF request as the dashboard's button does, with the callbacks queued on
    commit captured (and run, unless `execute` is False). Returns (response, callbacks)."""
    with capture(execute=execute) as callbacks:
        response = client.post(reverse("reports:export_create"), query or period_query())
    return response, callbacks


def queued_export(user, *, team=None) -> ReportExport:
    """An export of `user` for the report period as the service records it, its task not run
    (the test's transaction never commits, so the task queued on commit never starts)."""
    return report_services.export_request(acting_user=user, period=report_period(), team=team)


def finished_export(user, *, team=None) -> ReportExport:
    """A finished export of `user` for the report period: asked for through the service,
    made by the task's service (use the `fake_renderer` fixture unless the real PDF is
    wanted)."""
    export = queued_export(user, team=team)
    report_services.export_run(export_id=export.pk)
    export.refresh_from_db()
    return export


def done_export(user, *, team=None, keep: timedelta = timedelta(days=7)) -> ReportExport:
    """An export whose (fake) PDF is ready and kept for `keep`, as the task leaves it, but
    written directly: for tests about reading and removing exports, not about the task."""
    export = queued_export(user, team=team)
    export.file.save(export.filename, ContentFile(FAKE_PDF), save=False)
    now = timezone.now()
    ReportExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.DONE,
        progress=100,
        step="Klaar",
        file=export.file.name,
        finished_at=now,
        expires_at=now + keep,
    )
    export.refresh_from_db()
    return export

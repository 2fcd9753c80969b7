"""Writes of the reports app: asking for a PDF report, making it, and removing it when its
time is up. Each is safe to call twice."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import ExportStatus
from .figures import Scope, build_report
from .models import ReportExport
from .periods import Period
from .permissions import may_view_reports, report_teams, sees_all_teams

if TYPE_CHECKING:
    from accounts.models import Team, User

logger = logging.getLogger(__name__)


def export_request(*, acting_user: User, period: Period, team: Team | None) -> ReportExport:
    """Record the request and queue the task once the request is committed."""
    from .tasks import render_report_pdf

    if not may_view_reports(acting_user) or (
        team is not None and not report_teams(acting_user).filter(pk=team.pk).exists()
    ):
        raise PermissionDenied
    if team is None and not sees_all_teams(acting_user):
        raise ValidationError(_("Kies een team."), code="team_required")
    export = ReportExport(requested_by=acting_user, start=period.start, end=period.end, team=team)
    export.full_clean()
    export.save()
    transaction.on_commit(lambda: render_report_pdf.delay(export.pk))
    return export


def _set(export: ReportExport, **fields) -> None:
    ReportExport.objects.filter(pk=export.pk).update(**fields)
    for name, value in fields.items():
        setattr(export, name, value)


def export_scope(export: ReportExport) -> Scope | None:
    """The teams the export covers, as its requester may see them now (None: no longer)."""
    user = export.requested_by
    teams = report_teams(user)
    if export.team_id is not None:
        team = teams.filter(pk=export.team_id).first()
        return Scope((team.pk,), team.name) if team else None
    if not sees_all_teams(user):
        return None
    return Scope(tuple(teams.order_by("pk").values_list("pk", flat=True)), _("Alle teams"))


def export_run(*, export_id: int) -> ReportExport | None:
    """Make the PDF of one export. Does nothing for an export that is finished or gone, so a
    task delivered twice does the work once."""
    from .exports import pdf_bytes

    with transaction.atomic():
        export = (
            ReportExport.objects.select_for_update(of=("self",))
            .select_related("requested_by", "team")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status != ExportStatus.QUEUED:
            return export
        _set(export, status=ExportStatus.RUNNING, progress=5, step=_("Cijfers verzamelen"))
    scope = export_scope(export)
    if scope is None:
        _set(export, status=ExportStatus.FAILED, step=_("Je hebt geen toegang meer tot dit team."))
        return export
    try:
        report = build_report(
            scope=scope,
            period=Period(export.start, export.end),
            on_progress=lambda share: _set(export, progress=5 + int(share * 60)),
        )
        _set(export, progress=70, step=_("PDF opmaken"))
        content = pdf_bytes(report)
    except Exception:
        logger.exception("Report export %s failed", export.pk)
        _set(export, status=ExportStatus.FAILED, step=_("Er ging iets mis bij het maken."))
        return export
    export.file.save(export.filename, ContentFile(content), save=False)
    now = timezone.now()
    _set(
        export,
        file=export.file.name,
        status=ExportStatus.DONE,
        progress=100,
        step=_("Klaar"),
        finished_at=now,
        expires_at=now + timedelta(days=settings.REPORT_KEEP_DAYS),
    )
    return export


def exports_remove_expired(*, now=None) -> int:
    """Remove exports past their time, file and row. Requests that never finished are
    removed a day after they were made."""
    now = now or timezone.now()
    expired = ReportExport.objects.filter(expires_at__lte=now) | ReportExport.objects.filter(
        expires_at__isnull=True, requested_at__lte=now - timedelta(days=1)
    )
    removed = 0
    for export in expired:
        if export.file:
            export.file.delete(save=False)
        export.delete()
        removed += 1
    return removed

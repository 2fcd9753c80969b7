from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import FINISHED_STATUSES, ExportStatus


class ReportExport(models.Model):
    """A PDF report asked for by one user: made by a Celery task, kept for download for
    REPORT_KEEP_DAYS, then removed with its file. Holds figures only, never personal data."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.CASCADE,
        related_name="report_exports",
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"))
    # Empty: every team the requester may see figures of.
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    step = models.CharField(_("stap"), max_length=100, blank=True)
    file = models.FileField(_("bestand"), upload_to="reports/%Y/%m/", blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("beschikbaar tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport (PDF)")
        verbose_name_plural = _("rapporten (PDF)")
        ordering = ["-requested_at", "-pk"]
        permissions = [("view_reports", _("Mag managementrapportages bekijken"))]
        indexes = [models.Index(fields=["requested_by", "-requested_at"])]

    def __str__(self) -> str:
        return f"{self.start:%d-%m-%Y} – {self.end:%d-%m-%Y}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file)

    @property
    def filename(self) -> str:
        return f"rapportage-{self.start:%Y%m%d}-{self.end:%Y%m%d}.pdf"

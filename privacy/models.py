from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import AccessAction, AccessReason


class AccessLog(models.Model):
    """Toegangslog (NEN 7513): who saw whose data, when, from where and why. Subjects are
    kept as plain ids, not foreign keys, so the log outlives the records it speaks of."""

    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150)
    roles = models.CharField(_("rollen"), max_length=200, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AccessAction.choices)
    granted = models.BooleanField(_("toegestaan"), default=True)
    reason = models.CharField(
        _("grond voor toegang"), max_length=20, choices=AccessReason.choices, blank=True
    )
    case_id_ref = models.PositiveBigIntegerField(_("casus-id"), null=True, blank=True)
    case_reference = models.CharField(_("casusnummer"), max_length=11, blank=True)
    object_type = models.CharField(_("soort gegeven"), max_length=50, blank=True)
    object_id_ref = models.PositiveBigIntegerField(_("id van het gegeven"), null=True, blank=True)
    detail = models.CharField(_("toelichting"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    path = models.CharField(_("adres"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.action}"


class AccessLogSubject(models.Model):
    """One row per resident whose data an access log entry concerns, so "who has seen this
    resident's file?" is an indexed lookup."""

    entry = models.ForeignKey(AccessLog, on_delete=models.PROTECT, related_name="subjects")
    resident_id_ref = models.PositiveBigIntegerField(_("inwoner-id"), db_index=True)

    class Meta:
        verbose_name = _("betrokkene in toegangslog")
        verbose_name_plural = _("betrokkenen in toegangslog")
        constraints = [
            models.UniqueConstraint(fields=["entry", "resident_id_ref"], name="access_subject_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.resident_id_ref}"
